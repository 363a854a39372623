/* domus-remote-storage.c: see domus-remote-storage.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-remote"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "domus-error.h"
#include "domus-limits.h"
#include "domus-remote-storage.h"

void
domus_remote_storage_encode (DomusHost  *host,
                             GVariant  **volume_groups,
                             GVariant  **volumes)
{
  GListModel *groups = domus_host_get_volume_groups (host);
  GVariantBuilder vgs, lvs;

  g_variant_builder_init (&vgs, G_VARIANT_TYPE ("a(stt)"));
  g_variant_builder_init (&lvs, G_VARIANT_TYPE ("a(sstsds)"));
  for (guint i = 0; i < g_list_model_get_n_items (groups); i++)
    {
      g_autoptr(DomusVolumeGroup) vg = g_list_model_get_item (groups, i);
      GListModel *list = domus_volume_group_get_volumes (vg);

      g_variant_builder_add (&vgs, "(stt)", domus_volume_group_get_name (vg), domus_volume_group_get_size (vg),
                             domus_volume_group_get_free (vg));
      for (guint j = 0; j < g_list_model_get_n_items (list); j++)
        {
          g_autoptr(DomusLogicalVolume) lv = g_list_model_get_item (list, j);
          const char *origin = domus_logical_volume_get_origin (lv);
          const char *user = domus_logical_volume_get_used_by (lv);

          g_variant_builder_add (&lvs, "(sstsds)", domus_volume_group_get_name (vg), domus_logical_volume_get_name (lv),
                                 domus_logical_volume_get_size (lv), origin != NULL ? origin : "",
                                 domus_logical_volume_get_data_percent (lv), user != NULL ? user : "");
        }
    }
  *volume_groups = g_variant_builder_end (&vgs);
  *volumes = g_variant_builder_end (&lvs);
}

static gboolean
bad (GError     **error,
     const char  *what)
{
  /* TRANSLATORS: what is wrong in the agent's answer */
  g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE, _("The agent sent storage that is not LVM’s: %s"), what);
  return FALSE;
}

DomusStorageSample *
domus_remote_storage_decode (GVariant  *volume_groups,
                             GVariant  *volumes,
                             GError   **error)
{
  g_autoptr(DomusStorageSample) sample = domus_storage_sample_new ();
  GVariantIter iter;
  const char *vg, *name, *origin, *user;
  guint64 size, free;
  double percent;

  if (!g_variant_is_of_type (volume_groups, G_VARIANT_TYPE ("a(stt)"))
      || !g_variant_is_of_type (volumes, G_VARIANT_TYPE ("a(sstsds)")))
    return bad (error, _("the lists are of another type")), NULL;
  if (g_variant_n_children (volume_groups) + g_variant_n_children (volumes) > DOMUS_MAX_VOLUMES)
    return bad (error, _("more volumes than Domus reads")), NULL;

  g_variant_iter_init (&iter, volume_groups);
  while (g_variant_iter_next (&iter, "(&stt)", &name, &size, &free))
    {
      if (name[0] == '\0' || free > size)
        return bad (error, _("a volume group without a name, or with more free than its size")), NULL;
      domus_storage_sample_add_vg (sample, name, size, free);
    }
  g_variant_iter_init (&iter, volumes);
  while (g_variant_iter_next (&iter, "(&s&st&sd&s)", &vg, &name, &size, &origin, &percent, &user))
    {
      DomusLvSample *lv;

      if (vg[0] == '\0' || name[0] == '\0' || !(percent >= -1 && percent <= 100))
        return bad (error, _("a logical volume without a name, or with a Data percentage out of range")), NULL;
      lv = domus_storage_sample_add_lv (sample, vg, name, size);
      if (origin[0] != '\0')
        {
          lv->origin = g_strdup (origin);
          lv->data_percent = percent;
        }
      if (user[0] != '\0')
        lv->used_by = g_strdup (user);
    }
  return g_steal_pointer (&sample);
}

GVariant *
domus_remote_images_encode (DomusHost *host)
{
  GListModel *images = domus_host_get_images (host);
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(sttss)"));
  for (guint i = 0; i < g_list_model_get_n_items (images); i++)
    {
      g_autoptr(DomusImageFile) image = g_list_model_get_item (images, i);
      const char *user = domus_image_file_get_used_by (image);

      g_variant_builder_add (&builder, "(sttss)", domus_image_file_get_path (image), domus_image_file_get_size (image),
                             domus_image_file_get_allocated (image),
                             domus_image_format_to_string (domus_image_file_get_format (image)),
                             user != NULL ? user : "");
    }
  return g_variant_builder_end (&builder);
}

DomusImageSample *
domus_remote_images_decode (const char  *folder,
                            GVariant    *images,
                            GError     **error)
{
  g_autoptr(DomusImageSample) sample = NULL;
  GVariantIter iter;
  const char *path, *format_name, *user;
  guint64 size, allocated;

  if (folder == NULL || !g_path_is_absolute (folder) || !g_variant_is_of_type (images, G_VARIANT_TYPE ("a(sttss)")))
    {
      /* TRANSLATORS: what is wrong in the agent's answer */
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE, _("The agent sent a list of images that is not one: %s"),
                   _("the folder or the list is of another type"));
      return NULL;
    }
  if (g_variant_n_children (images) > DOMUS_MAX_IMAGES)
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE, _("The agent sent a list of images that is not one: %s"),
                   _("more files than Domus lists"));
      return NULL;
    }
  sample = domus_image_sample_new (folder);
  g_variant_iter_init (&iter, images);
  while (g_variant_iter_next (&iter, "(&stt&s&s)", &path, &size, &allocated, &format_name, &user))
    {
      DomusImageFormat format = DOMUS_IMAGE_FORMAT_RAW;
      DomusImageFileSample *image;

      if (!g_path_is_absolute (path) || !domus_image_path_is_in (path, folder))
        {
          g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE, _("The agent sent a list of images that is not one: %s"),
                       _("a file outside the folder"));
          return NULL;
        }
      /* One this client does not know shows as raw. */
      domus_image_format_from_string (format_name, &format);
      image = domus_image_sample_add (sample, path, size, allocated, format);
      if (user[0] != '\0')
        image->used_by = g_strdup (user);
    }
  return g_steal_pointer (&sample);
}
