/* domus-storage-sample.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-storage"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "domus-error.h"
#include "domus-storage-sample.h"

static void
vg_sample_clear (gpointer data)
{
  DomusVgSample *vg = data;

  g_free (vg->name);
}

static void
lv_sample_clear (gpointer data)
{
  DomusLvSample *lv = data;

  g_free (lv->vg);
  g_free (lv->name);
  g_free (lv->origin);
  g_free (lv->used_by);
}

DomusStorageSample *
domus_storage_sample_new (void)
{
  DomusStorageSample *sample = g_new0 (DomusStorageSample, 1);

  sample->vgs = g_array_new (FALSE, TRUE, sizeof (DomusVgSample));
  g_array_set_clear_func (sample->vgs, vg_sample_clear);
  sample->lvs = g_array_new (FALSE, TRUE, sizeof (DomusLvSample));
  g_array_set_clear_func (sample->lvs, lv_sample_clear);
  return sample;
}

void
domus_storage_sample_free (DomusStorageSample *sample)
{
  if (sample == NULL)
    return;
  g_array_unref (sample->vgs);
  g_array_unref (sample->lvs);
  g_free (sample);
}

DomusVgSample *
domus_storage_sample_add_vg (DomusStorageSample *sample,
                             const char         *name,
                             guint64             size,
                             guint64             free)
{
  DomusVgSample vg = { g_strdup (name), size, free };

  g_array_append_val (sample->vgs, vg);
  return &g_array_index (sample->vgs, DomusVgSample, sample->vgs->len - 1);
}

DomusLvSample *
domus_storage_sample_add_lv (DomusStorageSample *sample,
                             const char         *vg,
                             const char         *name,
                             guint64             size)
{
  DomusLvSample lv = { g_strdup (vg), g_strdup (name), size, NULL, -1, NULL };

  g_array_append_val (sample->lvs, lv);
  return &g_array_index (sample->lvs, DomusLvSample, sample->lvs->len - 1);
}

void
domus_storage_sample_set_user (DomusStorageSample *sample,
                               const char         *domain,
                               const char * const *disks)
{
  for (guint i = 0; disks != NULL && disks[i] != NULL; i++)
    for (guint j = 0; j < sample->lvs->len; j++)
      {
        DomusLvSample *lv = &g_array_index (sample->lvs, DomusLvSample, j);

        if (lv->used_by == NULL && domus_storage_target_is_lv (disks[i], lv->vg, lv->name))
          lv->used_by = g_strdup (domain);
      }
}

/* device-mapper's name of an LV: "-" in either name doubled, then VG-LV. */
static void
append_dm_part (GString    *name,
                const char *part)
{
  for (const char *p = part; *p != '\0'; p++)
    {
      g_string_append_c (name, *p);
      if (*p == '-')
        g_string_append_c (name, '-');
    }
}

static char *
dm_name (const char *vg,
         const char *lv)
{
  GString *name = g_string_new (NULL);

  append_dm_part (name, vg);
  g_string_append_c (name, '-');
  append_dm_part (name, lv);
  return g_string_free (name, FALSE);
}

char *
domus_storage_lv_path (const char *vg,
                       const char *lv)
{
  return g_build_filename ("/dev", vg, lv, NULL);
}

gboolean
domus_storage_target_is_lv (const char *target,
                            const char *vg,
                            const char *lv)
{
  g_autofree char *canonical = NULL;
  g_autofree char *path = NULL;
  g_autofree char *mapper = NULL;
  g_autofree char *dm = NULL;

  g_return_val_if_fail (vg != NULL && lv != NULL, FALSE);

  if (target == NULL || !g_path_is_absolute (target))
    return FALSE;
  canonical = g_canonicalize_filename (target, "/");
  path = domus_storage_lv_path (vg, lv);
  dm = dm_name (vg, lv);
  mapper = g_build_filename ("/dev/mapper", dm, NULL);
  return g_str_equal (canonical, path) || g_str_equal (canonical, mapper);
}

gboolean
domus_storage_check_name (const char  *name,
                          GError     **error)
{
  static const char * const reserved[] = { "snapshot", "pvmove", NULL };
  static const char * const reserved_parts[] = {
    "_cdata", "_cmeta", "_corig", "_mimage", "_mlog", "_pmspare", "_rimage", "_rmeta",
    "_tdata", "_tmeta", "_vorigin", "_vdata", NULL,
  };

  if (name == NULL || name[0] == '\0')
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT, _("The name is empty"));
      return FALSE;
    }
  if (strlen (name) > 127)
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                   _("“%.20s…” is longer than LVM’s 127 characters"), name);
      return FALSE;
    }
  if (name[0] == '-' || g_str_equal (name, ".") || g_str_equal (name, ".."))
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                   _("“%s” cannot name a volume: it may not start with “-” nor be “.” or “..”"), name);
      return FALSE;
    }
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("+_.-", *p) == NULL)
      {
        g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                     _("“%s” cannot name a volume: use only letters, digits and “+_.-”"), name);
        return FALSE;
      }
  for (guint i = 0; reserved[i] != NULL; i++)
    if (g_str_has_prefix (name, reserved[i]))
      {
        g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                     _("“%s” cannot name a volume: LVM keeps names starting with “%s” for itself"),
                     name, reserved[i]);
        return FALSE;
      }
  for (guint i = 0; reserved_parts[i] != NULL; i++)
    if (strstr (name, reserved_parts[i]) != NULL)
      {
        g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                     _("“%s” cannot name a volume: LVM keeps names containing “%s” for itself"),
                     name, reserved_parts[i]);
        return FALSE;
      }
  return TRUE;
}

gboolean
domus_storage_parse_size (const char  *text,
                          guint64     *bytes,
                          GError     **error)
{
  static const char units[] = "bskmgtp";
  static const guint64 factors[] = {
    1, 512, G_GUINT64_CONSTANT (1) << 10, G_GUINT64_CONSTANT (1) << 20, G_GUINT64_CONSTANT (1) << 30,
    G_GUINT64_CONSTANT (1) << 40, G_GUINT64_CONSTANT (1) << 50,
  };
  const char *unit;
  char *end = NULL;
  double value;
  guint64 factor = factors[3];

  g_return_val_if_fail (bytes != NULL, FALSE);

  if (text == NULL || !(g_ascii_isdigit (text[0]) || text[0] == '.'))
    goto bad;
  value = g_ascii_strtod (text, &end);
  if (end == text)
    goto bad;
  if (*end != '\0')
    {
      if ((unit = strchr (units, g_ascii_tolower (*end))) == NULL)
        goto bad;
      factor = factors[unit - units];
      end++;
      if (*end == 'i')
        end++;
      if (*end == 'B' && factor > 1)
        end++;
      if (*end != '\0')
        goto bad;
    }
  if (value * factor >= (double) G_MAXUINT64 / 2)
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT, _("“%s” is too large a size"), text);
      return FALSE;
    }
  *bytes = (guint64) (value * factor);
  return TRUE;

bad:
  g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
               _("“%s” is not a size: write a number and a unit, such as 500M or 15G"), text != NULL ? text : "");
  return FALSE;
}

char *
domus_storage_format_size (guint64 bytes)
{
  static const char units[] = "kmgtp";
  double value = bytes;
  guint i = 0;
  g_autofree char *text = NULL;

  if (bytes < 1024)
    return g_strdup_printf ("%" G_GUINT64_FORMAT "b", bytes);
  value /= 1024;
  while (value >= 1024 && i + 1 < strlen (units))
    {
      value /= 1024;
      i++;
    }
  text = g_strdup_printf ("%.2f%c", floor (value * 100) / 100, units[i]);
  /* lvs marks a size rounded down with "<". */
  return floor (value * 100) != value * 100 ? g_strconcat ("<", text, NULL) : g_steal_pointer (&text);
}
