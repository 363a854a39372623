/* domusctl-storage.c: vgs, lvs, lvcreate, lvremove as LVM's, and clone
 *
 * The storage is read from the host's backend (the scene on a simulated
 * host, LVM's own tools on the real one) before each; lvcreate and
 * lvremove are checked as the Storage page's are (domus-host-storage.c):
 * an LV a domain uses is not removed, and the message names the domain.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domusctl"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "domus-clone.h"
#include "domus-error.h"
#include "domusctl-private.h"

/* Waits on the main loop for an async call's result. */
static void
result_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static gboolean
read_storage (DomusHost   *host,
              const char  *command)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  domus_host_refresh_storage_async (host, NULL, result_cb, &result);
  if (!domus_host_refresh_storage_finish (host, wait_result (&result), &error))
    {
      g_printerr ("domusctl %s: %s\n", command, error->message);
      return FALSE;
    }
  return TRUE;
}

static char *
size_text (guint64  bytes,
           gboolean in_bytes)
{
  return in_bytes ? g_strdup_printf ("%" G_GUINT64_FORMAT "B", bytes) : domus_storage_format_size (bytes);
}

/* --units b, the one unit option taken: exact sizes for scripts. */
static gboolean
parse_units (int         argc,
             char      **argv,
             gboolean   *in_bytes)
{
  *in_bytes = FALSE;
  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--units") && i + 1 < argc && g_str_equal (argv[i + 1], "b"))
        {
          *in_bytes = TRUE;
          i++;
        }
      else
        {
          g_printerr (_("domusctl %s: usage: %s [--units b]\n"), argv[0], argv[0]);
          return FALSE;
        }
    }
  return TRUE;
}

int
cmd_vgs (DomusHost  *host,
         int         argc,
         char      **argv)
{
  GListModel *groups = domus_host_get_volume_groups (host);
  gboolean in_bytes;

  if (!parse_units (argc, argv, &in_bytes) || !read_storage (host, argv[0]))
    return EXIT_FAILURE;
  g_print ("  %-16s %4s %4s %14s %14s\n", C_("domusctl column", "VG"), C_("domusctl column", "#LV"),
           C_("domusctl column", "#SN"), C_("domusctl column", "VSize"), C_("domusctl column", "VFree"));
  for (guint i = 0; i < g_list_model_get_n_items (groups); i++)
    {
      g_autoptr(DomusVolumeGroup) vg = g_list_model_get_item (groups, i);
      GListModel *volumes = domus_volume_group_get_volumes (vg);
      g_autofree char *size = size_text (domus_volume_group_get_size (vg), in_bytes);
      g_autofree char *free = size_text (domus_volume_group_get_free (vg), in_bytes);
      guint snapshots = 0;

      for (guint j = 0; j < g_list_model_get_n_items (volumes); j++)
        {
          g_autoptr(DomusLogicalVolume) lv = g_list_model_get_item (volumes, j);

          snapshots += domus_logical_volume_is_snapshot (lv);
        }
      g_print ("  %-16s %4u %4u %14s %14s\n", domus_volume_group_get_name (vg), g_list_model_get_n_items (volumes),
               snapshots, size, free);
    }
  return EXIT_SUCCESS;
}

int
cmd_lvs (DomusHost  *host,
         int         argc,
         char      **argv)
{
  GListModel *groups = domus_host_get_volume_groups (host);
  g_autoptr(GString) warnings = g_string_new (NULL);
  gboolean in_bytes;

  if (!parse_units (argc, argv, &in_bytes) || !read_storage (host, argv[0]))
    return EXIT_FAILURE;
  g_print ("  %-16s %-10s %14s %-16s %6s  %s\n", C_("domusctl column", "LV"), C_("domusctl column", "VG"),
           C_("domusctl column", "LSize"), C_("domusctl column", "Origin"), C_("domusctl column", "Data%"),
           C_("domusctl column", "Used by"));
  for (guint i = 0; i < g_list_model_get_n_items (groups); i++)
    {
      g_autoptr(DomusVolumeGroup) vg = g_list_model_get_item (groups, i);
      GListModel *volumes = domus_volume_group_get_volumes (vg);

      for (guint j = 0; j < g_list_model_get_n_items (volumes); j++)
        {
          g_autoptr(DomusLogicalVolume) lv = g_list_model_get_item (volumes, j);
          g_autofree char *size = size_text (domus_logical_volume_get_size (lv), in_bytes);
          g_autofree char *percent = domus_logical_volume_is_snapshot (lv)
            ? g_strdup_printf ("%.2f", domus_logical_volume_get_data_percent (lv)) : g_strdup ("");
          const char *origin = domus_logical_volume_get_origin (lv);
          const char *user = domus_logical_volume_get_used_by (lv);

          g_print ("  %-16s %-10s %14s %-16s %6s  %s\n", domus_logical_volume_get_name (lv),
                   domus_volume_group_get_name (vg), size, origin != NULL ? origin : "", percent,
                   user != NULL ? user : "");
          if (domus_logical_volume_is_near_full (lv))
            g_string_append_printf (warnings,
                                    _("domusctl lvs: warning: snapshot %s/%s is %.2f %% full: LVM invalidates a full snapshot\n"),
                                    domus_volume_group_get_name (vg), domus_logical_volume_get_name (lv),
                                    domus_logical_volume_get_data_percent (lv));
        }
    }
  g_printerr ("%s", warnings->str);
  return EXIT_SUCCESS;
}

int
cmd_images (DomusHost  *host,
            int         argc,
            char      **argv)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const char *folder = DOMUS_IMAGE_FOLDER_DEFAULT;
  gboolean in_bytes = FALSE;
  GListModel *images;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--folder") && i + 1 < argc)
        folder = argv[++i];
      else if (g_str_equal (argv[i], "--units") && i + 1 < argc && g_str_equal (argv[i + 1], "b"))
        {
          in_bytes = TRUE;
          i++;
        }
      else
        {
          g_printerr (_("domusctl images: usage: images [--folder DIR] [--units b]\n"));
          return EXIT_FAILURE;
        }
    }
  domus_host_refresh_images_async (host, folder, NULL, result_cb, &result);
  if (!domus_host_refresh_images_finish (host, wait_result (&result), &error))
    {
      g_printerr ("domusctl images: %s\n", error->message);
      return EXIT_FAILURE;
    }
  images = domus_host_get_images (host);
  /* TRANSLATORS: %s is a folder of the host */
  g_print (_("  Folder %s\n"), domus_host_get_image_folder (host));
  g_print ("  %-32s %-6s %14s %14s  %s\n", C_("domusctl column", "Image"), C_("domusctl column", "Format"),
           C_("domusctl column", "Size"), C_("domusctl column", "Allocated"), C_("domusctl column", "Used by"));
  for (guint i = 0; i < g_list_model_get_n_items (images); i++)
    {
      g_autoptr(DomusImageFile) image = g_list_model_get_item (images, i);
      g_autofree char *size = size_text (domus_image_file_get_size (image), in_bytes);
      g_autofree char *allocated = size_text (domus_image_file_get_allocated (image), in_bytes);
      const char *user = domus_image_file_get_used_by (image);

      g_print ("  %-32s %-6s %14s %14s  %s\n", domus_image_file_get_name (image),
               domus_image_format_to_string (domus_image_file_get_format (image)), size, allocated,
               user != NULL ? user : "");
    }
  return EXIT_SUCCESS;
}

/* "VG/LV", "/dev/VG/LV" or "/dev/mapper/VG-LV" into @vg and @lv (known to
 * the host once read); "VG" alone into @vg. */
static gboolean
split_volume (DomusHost   *host,
              const char  *text,
              char       **vg,
              char       **lv)
{
  DomusLogicalVolume *volume = domus_host_lookup_volume (host, text);
  g_auto(GStrv) parts = NULL;

  if (volume != NULL)
    {
      *vg = g_strdup (domus_logical_volume_get_vg_name (volume));
      *lv = g_strdup (domus_logical_volume_get_name (volume));
      return TRUE;
    }
  if (g_str_has_prefix (text, "/dev/"))
    text += strlen ("/dev/");
  parts = g_strsplit (text, "/", 2);
  *vg = g_strdup (parts[0]);
  *lv = g_strdup (parts[1]);
  return parts[0] != NULL && parts[0][0] != '\0';
}

int
cmd_lvcreate (DomusHost  *host,
              int         argc,
              char      **argv)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *vg = NULL, *origin = NULL;
  const char *name = NULL, *size_arg = NULL, *where = NULL;
  gboolean snapshot = FALSE;
  DomusVolumeSpec spec = { 0 };

  for (int i = 1; i < argc; i++)
    {
      if ((g_str_equal (argv[i], "-L") || g_str_equal (argv[i], "--size")) && i + 1 < argc)
        size_arg = argv[++i];
      else if (g_str_has_prefix (argv[i], "-L") && argv[i][2] != '\0')
        size_arg = argv[i] + 2;
      else if ((g_str_equal (argv[i], "-n") || g_str_equal (argv[i], "--name")) && i + 1 < argc)
        name = argv[++i];
      else if (g_str_equal (argv[i], "-s") || g_str_equal (argv[i], "--snapshot"))
        snapshot = TRUE;
      else if (argv[i][0] != '-' && where == NULL)
        where = argv[i];
      else
        {
          where = NULL;
          break;
        }
    }
  if (where == NULL || name == NULL || size_arg == NULL)
    {
      g_printerr (_("domusctl lvcreate: usage: lvcreate -L SIZE -n NAME VG, or lvcreate -s -L SIZE -n NAME VG/ORIGIN\n"));
      return EXIT_FAILURE;
    }
  if (!domus_storage_parse_size (size_arg, &spec.size, &error) || !read_storage (host, argv[0]))
    {
      if (error != NULL)
        g_printerr ("domusctl lvcreate: %s\n", error->message);
      return EXIT_FAILURE;
    }
  split_volume (host, where, &vg, &origin);
  if (snapshot != (origin != NULL))
    {
      g_printerr (snapshot ? _("domusctl lvcreate: a snapshot (-s) needs its origin: VG/ORIGIN\n")
                           : _("domusctl lvcreate: give the volume group alone, or -s for a snapshot of %s\n"),
                  where);
      return EXIT_FAILURE;
    }
  spec.vg = vg;
  spec.name = name;
  spec.origin = origin;
  domus_host_create_volume_async (host, &spec, NULL, result_cb, &result);
  if (!domus_host_create_volume_finish (host, wait_result (&result), &error))
    {
      g_printerr ("domusctl lvcreate: %s\n", error->message);
      return EXIT_FAILURE;
    }
  g_print (_("  Logical volume \"%s\" created.\n"), name);
  return EXIT_SUCCESS;
}

int
cmd_lvremove (DomusHost  *host,
              int         argc,
              char      **argv)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *vg = NULL, *lv = NULL;
  const char *where = NULL;

  for (int i = 1; i < argc; i++)
    {
      /* domusctl asks no question: -y and -f change nothing. */
      if (g_str_equal (argv[i], "-y") || g_str_equal (argv[i], "--yes") || g_str_equal (argv[i], "-f"))
        continue;
      if (argv[i][0] == '-' || where != NULL)
        {
          where = NULL;
          break;
        }
      where = argv[i];
    }
  if (where == NULL)
    {
      g_printerr (_("domusctl lvremove: usage: lvremove VG/LV\n"));
      return EXIT_FAILURE;
    }
  if (!read_storage (host, argv[0]))
    return EXIT_FAILURE;
  if (!split_volume (host, where, &vg, &lv) || lv == NULL)
    {
      g_printerr (_("domusctl lvremove: “%s” names no logical volume: write VG/LV\n"), where);
      return EXIT_FAILURE;
    }
  domus_host_remove_volume_async (host, vg, lv, NULL, result_cb, &result);
  if (!domus_host_remove_volume_finish (host, wait_result (&result), &error))
    {
      g_printerr ("domusctl lvremove: %s\n", error->message);
      return EXIT_FAILURE;
    }
  g_print (_("  Logical volume \"%s\" successfully removed.\n"), lv);
  return EXIT_SUCCESS;
}

static void
clone_progress_cb (const char *what,
                   double      fraction,
                   gpointer    data)
{
  g_printerr ("clone: %3.0f %% %s\n", fraction * 100, what);
}

int
cmd_clone (DomusHost  *host,
           int         argc,
           char      **argv)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) written = NULL;
  g_auto(GStrv) names = NULL;
  const char *positional[2] = { NULL, NULL };
  guint n_positional = 0;
  guint64 count = 1;
  DomusCloneSpec spec = { 0 };

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--snapshot-size") && i + 1 < argc)
        {
          if (!domus_storage_parse_size (argv[++i], &spec.snapshot_size, &error))
            break;
        }
      else if (g_str_equal (argv[i], "--count") && i + 1 < argc)
        {
          if (!g_ascii_string_to_unsigned (argv[++i], 10, 1, 64, &count, NULL))
            {
              g_set_error (&error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                           _("--count takes a number from 1 to 64, not “%s”"), argv[i]);
              break;
            }
        }
      else if (g_str_equal (argv[i], "--config") && i + 1 < argc)
        spec.config_path = argv[++i];
      else if (g_str_equal (argv[i], "--start"))
        spec.start = TRUE;
      else if (argv[i][0] != '-' && n_positional < 2)
        positional[n_positional++] = argv[i];
      else
        {
          n_positional = 0;
          break;
        }
    }
  if (error != NULL)
    {
      g_printerr ("domusctl clone: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (n_positional != 2)
    {
      g_printerr (_("domusctl clone: usage: clone DOMAIN NEW [--snapshot-size SIZE] [--count N] [--start] [--config FILE]\n"));
      return EXIT_FAILURE;
    }
  names = domus_clone_names (positional[1], (guint) count);
  spec.source = positional[0];
  spec.names = (const char * const *) names;
  domus_clone_async (host, &spec, clone_progress_cb, NULL, NULL, result_cb, &result);
  if ((written = domus_clone_finish (host, wait_result (&result), &error)) == NULL)
    {
      g_printerr ("domusctl clone: %s\n", error->message);
      return EXIT_FAILURE;
    }
  for (guint i = 0; i < written->len; i++)
    g_print ("%s\n", (const char *) g_ptr_array_index (written, i));
  return EXIT_SUCCESS;
}
