/* domus-xl-disk.c: see domus-xl-disk.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-xl-config"

#include "config.h"

#include <string.h>

#include "domus-xl-disk.h"

/* Where the target of @spec starts and how long it is, prefix included. */
static gboolean
find_target (const char  *spec,
             const char **start,
             gsize       *length,
             char       **vdev,
             gboolean    *cdrom)
{
  const char *token = spec;
  guint position = 0;
  gboolean found = FALSE;

  *vdev = NULL;
  *cdrom = FALSE;
  while (token != NULL)
    {
      const char *comma = strchr (token, ',');
      const char *end = comma != NULL ? comma : token + strlen (token);
      const char *equals;

      while (token < end && g_ascii_isspace (*token))
        token++;
      while (end > token && g_ascii_isspace (end[-1]))
        end--;
      equals = memchr (token, '=', end - token);

      if (g_str_has_prefix (token, "target="))
        {
          /* The rest is the target, commas and all. */
          *start = token + strlen ("target=");
          *length = strlen (*start);
          while (*length > 0 && g_ascii_isspace ((*start)[*length - 1]))
            (*length)--;
          return TRUE;
        }
      if (equals != NULL)
        {
          if (g_str_has_prefix (token, "vdev="))
            {
              g_free (*vdev);
              *vdev = g_strndup (equals + 1, end - equals - 1);
            }
          else if (strncmp (token, "devtype=cdrom", end - token) == 0 && end - token == 13)
            *cdrom = TRUE;
        }
      else
        {
          if (position == 0 && end > token)
            {
              *start = token;
              *length = end - token;
              found = TRUE;
            }
          else if (position == 1 && end > token)
            {
              g_free (*vdev);
              *vdev = g_strndup (token, end - token);
              if (g_str_has_suffix (*vdev, ":cdrom"))
                {
                  (*vdev)[strlen (*vdev) - strlen (":cdrom")] = '\0';
                  *cdrom = TRUE;
                }
            }
          else if ((position == 3 && end - token == 5 && strncmp (token, "cdrom", 5) == 0)
                   || (end - token == 5 && strncmp (token, "cdrom", 5) == 0))
            *cdrom = TRUE;
          position++;
        }
      token = comma != NULL ? comma + 1 : NULL;
    }
  return found;
}

/* The old "FORMAT:" and "tap:FORMAT:" prefixes of a positional target. */
static const char *
skip_prefix (const char *target)
{
  static const char * const prefixes[] = {
    "tap:aio:", "tap:qcow2:", "tap:qcow:", "tap:vhd:", "tap:tapdisk:", "tap2:aio:",
    "phy:", "file:", "aio:", "raw:", "qcow2:", "qcow:", "vhd:", "qdisk:",
  };

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    if (g_str_has_prefix (target, prefixes[i]))
      return target + strlen (prefixes[i]);
  return target;
}

char *
domus_xl_disk_get_target (const char *spec,
                          char      **vdev_out,
                          gboolean   *cdrom_out)
{
  g_autofree char *vdev = NULL;
  g_autofree char *target = NULL;
  const char *start;
  gsize length;
  gboolean cdrom;

  g_return_val_if_fail (spec != NULL, NULL);

  if (find_target (spec, &start, &length, &vdev, &cdrom))
    {
      g_autofree char *written = g_strndup (start, length);

      target = g_strdup (skip_prefix (written));
      if (target[0] == '\0')
        g_clear_pointer (&target, g_free);
    }
  if (vdev_out != NULL)
    *vdev_out = g_steal_pointer (&vdev);
  if (cdrom_out != NULL)
    *cdrom_out = cdrom;
  return g_steal_pointer (&target);
}

char *
domus_xl_disk_with_target (const char *spec,
                           const char *target)
{
  g_autofree char *vdev = NULL;
  g_autofree char *written = NULL;
  const char *start;
  gsize length, prefix;
  gboolean cdrom;

  g_return_val_if_fail (spec != NULL && target != NULL, NULL);

  if (!find_target (spec, &start, &length, &vdev, &cdrom))
    return g_strdup_printf ("%s,%s", target, spec);
  written = g_strndup (start, length);
  prefix = skip_prefix (written) - written;
  return g_strdup_printf ("%.*s%s%s", (int) (start - spec + prefix), spec, target, start + length);
}
