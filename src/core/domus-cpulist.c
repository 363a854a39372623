/* domus-cpulist.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-cpulist"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "domus-cpulist.h"
#include "domus-error.h"

guint64
domus_cpulist_all (guint n_pcpus)
{
  g_return_val_if_fail (n_pcpus <= DOMUS_CPULIST_MAX_PCPUS, 0);

  return n_pcpus == 64 ? G_MAXUINT64 : (G_GUINT64_CONSTANT (1) << n_pcpus) - 1;
}

static gboolean
parse_cpu (const char  *text,
           guint        n_pcpus,
           guint64     *cpu,
           GError     **error)
{
  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT, cpu, NULL))
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a pCPU number"), text);
      return FALSE;
    }
  if (*cpu >= n_pcpus)
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                   _("pCPU %s does not exist: this host has pCPUs 0 to %u"), text, n_pcpus - 1);
      return FALSE;
    }
  return TRUE;
}

/* A comma-separated list of "N", "N-M" and "all", where a leading "^"
 * removes the CPUs from those named before, as xl vcpu-pin accepts. */
gboolean
domus_cpulist_parse (const char  *text,
                     guint        n_pcpus,
                     guint64     *mask,
                     GError     **error)
{
  g_auto(GStrv) parts = NULL;
  guint64 result = 0;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (n_pcpus > 0 && n_pcpus <= DOMUS_CPULIST_MAX_PCPUS, FALSE);

  parts = g_strsplit (text, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *part = g_strstrip (parts[i]);
      gboolean negate = part[0] == '^';
      g_auto(GStrv) range = NULL;
      guint64 lo, hi, bits;

      if (negate)
        part++;

      if (g_strcmp0 (part, "all") == 0)
        bits = domus_cpulist_all (n_pcpus);
      else
        {
          range = g_strsplit (part, "-", 2);
          if (range[0] == NULL || !parse_cpu (range[0], n_pcpus, &lo, error))
            {
              if (range[0] == NULL)
                g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                             _("Empty entry in the pCPU list “%s”"), text);
              return FALSE;
            }
          hi = lo;
          if (range[1] != NULL && !parse_cpu (range[1], n_pcpus, &hi, error))
            return FALSE;
          if (hi < lo)
            {
              g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                           _("The pCPU range “%s” runs backwards"), part);
              return FALSE;
            }
          bits = domus_cpulist_all ((guint) hi + 1) & ~domus_cpulist_all ((guint) lo);
        }

      result = negate ? result & ~bits : result | bits;
    }

  if (result == 0)
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                   _("The pCPU list “%s” names no pCPU"), text);
      return FALSE;
    }

  *mask = result;
  return TRUE;
}

/* The shortest xl spelling: "all", or ranges such as "0-1,3". */
char *
domus_cpulist_format (guint64 mask,
                      guint   n_pcpus)
{

  g_return_val_if_fail (n_pcpus > 0 && n_pcpus <= DOMUS_CPULIST_MAX_PCPUS, NULL);

  mask &= domus_cpulist_all (n_pcpus);
  if (mask == domus_cpulist_all (n_pcpus))
    return g_strdup ("all");
  return domus_cpulist_format_ranges (mask, n_pcpus);
}

/* Ranges only, such as "0-3,5", never "all"; "" for no pCPU. */
char *
domus_cpulist_format_ranges (guint64 mask,
                             guint   n_pcpus)
{
  GString *str;

  g_return_val_if_fail (n_pcpus > 0 && n_pcpus <= DOMUS_CPULIST_MAX_PCPUS, NULL);

  mask &= domus_cpulist_all (n_pcpus);
  str = g_string_new (NULL);
  for (guint cpu = 0; cpu < n_pcpus; cpu++)
    {
      guint end = cpu;

      if (!(mask & (G_GUINT64_CONSTANT (1) << cpu)))
        continue;
      while (end + 1 < n_pcpus && (mask & (G_GUINT64_CONSTANT (1) << (end + 1))))
        end++;
      if (str->len > 0)
        g_string_append_c (str, ',');
      if (end == cpu)
        g_string_append_printf (str, "%u", cpu);
      else
        g_string_append_printf (str, "%u-%u", cpu, end);
      cpu = end;
    }
  return g_string_free (str, FALSE);
}
