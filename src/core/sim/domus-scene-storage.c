/* domus-scene-storage.c: a scene's LVM storage and its domains' disks
 *
 *   "storage": {"volume_groups": [{"name": "vol1", "size_mib": 40960,
 *               "volumes": [{"name": "base", "size_mib": 15360},
 *                           {"name": "clone1", "size_mib": 3072,
 *                            "origin": "base", "data_percent": 10}]}],
 *               "images": [{"path": "/xen/domains/web/disk.img", "size_mib": 4096,
 *                           "allocated_mib": 1200, "format": "raw"}]}
 *   "domains": [{"name": "debian10", "disk": ["phy:/dev/vol1/base,xvda,w"]}]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-scene"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "domus-json-check.h"
#include "domus-scene-private.h"
#include "domus-image-sample.h"
#include "domus-limits.h"
#include "domus-storage-sample.h"

#define MAX_DISKS 16

static void
scene_lv_clear (gpointer data)
{
  DomusSceneLv *lv = data;

  g_free (lv->name);
  g_free (lv->origin);
}

void
scene_vg_free (gpointer data)
{
  DomusSceneVg *vg = data;

  g_free (vg->name);
  g_clear_pointer (&vg->lvs, g_array_unref);
  g_free (vg);
}

static gboolean
check_name (const char  *key,
            const char  *name,
            GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (name == NULL)
    return domus_json_fail (error, key, _("must be a name"));
  if (!domus_storage_check_name (name, &local_error))
    return domus_json_fail (error, key, "%s", local_error->message);
  return TRUE;
}

static gboolean
parse_lv (JsonNode     *node,
          const char   *where,
          DomusSceneVg *vg,
          GError      **error)
{
  static const char * const known[] = { "name", "size_mib", "origin", "data_percent", NULL };
  g_autofree char *name_key = g_strdup_printf ("%s.name", where);
  g_autofree char *origin_key = g_strdup_printf ("%s.origin", where);
  DomusSceneLv lv = { NULL, 0, NULL, 0 };
  JsonObject *object;
  guint64 size = 0;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return domus_json_fail (error, where, _("must be an object"));
  object = json_node_get_object (node);
  if (!domus_json_check_members (object, where, known, error)
      || !scene_get_string (object, where, "name", &lv.name, error)
      || !check_name (name_key, lv.name, error)
      || !scene_get_uint (object, where, "size_mib", 1, G_MAXUINT32, &size, error)
      || !scene_get_string (object, where, "origin", &lv.origin, error)
      || !scene_get_number (object, where, "data_percent", FALSE, 0, 100, &lv.data_percent, error))
    goto fail;
  if (size == 0)
    {
      g_autofree char *key = g_strdup_printf ("%s.size_mib", where);
      domus_json_fail (error, key, _("every volume needs a size"));
      goto fail;
    }
  lv.size_mib = size;
  for (guint i = 0; i < vg->lvs->len; i++)
    {
      const DomusSceneLv *other = &g_array_index (vg->lvs, DomusSceneLv, i);

      if (g_str_equal (other->name, lv.name))
        {
          domus_json_fail (error, name_key, _("“%s” is already the name of another volume"), lv.name);
          goto fail;
        }
    }
  if (lv.origin != NULL)
    {
      const DomusSceneLv *origin = NULL;

      /* Listed before it, as lvcreate -s needs it first. */
      for (guint i = 0; i < vg->lvs->len && origin == NULL; i++)
        if (g_str_equal (g_array_index (vg->lvs, DomusSceneLv, i).name, lv.origin))
          origin = &g_array_index (vg->lvs, DomusSceneLv, i);
      if (origin == NULL || origin->origin != NULL)
        {
          domus_json_fail (error, origin_key,
                           _("“%s” is no ordinary volume listed before it in this volume group"), lv.origin);
          goto fail;
        }
    }
  g_array_append_val (vg->lvs, lv);
  return TRUE;

fail:
  scene_lv_clear (&lv);
  return FALSE;
}

static gboolean
parse_vg (JsonNode    *node,
          guint        index,
          DomusScene  *scene,
          GError     **error)
{
  static const char * const known[] = { "name", "size_mib", "volumes", NULL };
  g_autofree char *where = g_strdup_printf ("storage.volume_groups[%u]", index);
  g_autofree char *name_key = g_strdup_printf ("%s.name", where);
  DomusSceneVg *vg = g_new0 (DomusSceneVg, 1);
  JsonObject *object;
  JsonNode *volumes;
  guint64 used = 0;

  vg->lvs = g_array_new (FALSE, TRUE, sizeof (DomusSceneLv));
  g_array_set_clear_func (vg->lvs, scene_lv_clear);
  g_ptr_array_add (scene->volume_groups, vg);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return domus_json_fail (error, where, _("must be an object"));
  object = json_node_get_object (node);
  if (!domus_json_check_members (object, where, known, error)
      || !scene_get_string (object, where, "name", &vg->name, error)
      || !check_name (name_key, vg->name, error)
      || !scene_get_uint (object, where, "size_mib", 4, G_MAXUINT32, &vg->size_mib, error))
    return FALSE;
  for (guint i = 0; i + 1 < scene->volume_groups->len; i++)
    if (g_str_equal (((DomusSceneVg *) g_ptr_array_index (scene->volume_groups, i))->name, vg->name))
      return domus_json_fail (error, name_key, _("“%s” is already the name of another volume group"), vg->name);
  if (vg->size_mib == 0)
    {
      g_autofree char *key = g_strdup_printf ("%s.size_mib", where);
      return domus_json_fail (error, key, _("every volume group needs a size"));
    }

  volumes = json_object_get_member (object, "volumes");
  if (volumes != NULL && !JSON_NODE_HOLDS_ARRAY (volumes))
    {
      g_autofree char *key = g_strdup_printf ("%s.volumes", where);
      return domus_json_fail (error, key, _("must be a list"));
    }
  for (guint i = 0; volumes != NULL && i < json_array_get_length (json_node_get_array (volumes)); i++)
    {
      g_autofree char *lv_where = g_strdup_printf ("%s.volumes[%u]", where, i);

      if (!parse_lv (json_array_get_element (json_node_get_array (volumes), i), lv_where, vg, error))
        return FALSE;
      used += g_array_index (vg->lvs, DomusSceneLv, i).size_mib;
    }
  if (used > vg->size_mib)
    return domus_json_fail (error, where, _("its volumes need %.0f MiB but it has %.0f MiB"),
                            (double) used, (double) vg->size_mib);
  return TRUE;
}

static void
scene_image_clear (gpointer data)
{
  DomusSceneImage *image = data;

  g_free (image->path);
}

GArray *
scene_images_new (void)
{
  GArray *images = g_array_new (FALSE, TRUE, sizeof (DomusSceneImage));

  g_array_set_clear_func (images, scene_image_clear);
  return images;
}

static gboolean
parse_image (JsonNode    *node,
             guint        index,
             DomusScene  *scene,
             GError     **error)
{
  static const char * const known[] = { "path", "size_mib", "allocated_mib", "format", NULL };
  g_autofree char *where = g_strdup_printf ("storage.images[%u]", index);
  g_autofree char *path_key = g_strdup_printf ("%s.path", where);
  g_autofree char *format = NULL;
  DomusSceneImage image = { NULL, 0, 0, DOMUS_IMAGE_FORMAT_RAW };
  DomusImageFormat detected = DOMUS_IMAGE_FORMAT_RAW;
  guint64 allocated = 0;
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return domus_json_fail (error, where, _("must be an object"));
  object = json_node_get_object (node);
  if (!domus_json_check_members (object, where, known, error)
      || !scene_get_string (object, where, "path", &image.path, error))
    goto fail;
  if (image.path == NULL || !g_path_is_absolute (image.path))
    {
      domus_json_fail (error, path_key, _("must be an absolute path"));
      goto fail;
    }
  {
    char *canonical = g_canonicalize_filename (image.path, "/");

    g_free (image.path);
    image.path = canonical;
  }
  if (!scene_get_uint (object, where, "size_mib", 1, G_MAXUINT32, &image.size_mib, error)
      || !scene_get_uint (object, where, "allocated_mib", 0, G_MAXUINT32, &allocated, error)
      || !scene_get_string (object, where, "format", &format, error))
    goto fail;
  if (image.size_mib == 0)
    {
      g_autofree char *key = g_strdup_printf ("%s.size_mib", where);
      domus_json_fail (error, key, _("every image needs a size"));
      goto fail;
    }
  image.allocated_mib = json_object_has_member (object, "allocated_mib") ? allocated : image.size_mib;
  if (format != NULL && !domus_image_format_from_string (format, &detected))
    {
      g_autofree char *key = g_strdup_printf ("%s.format", where);
      domus_json_fail (error, key, _("“%s” is not a format Domus tells: raw, qcow, qcow2, qed, vhd, vhdx, vmdk, vdi or iso"),
                       format);
      goto fail;
    }
  image.format = detected;
  for (guint i = 0; i < scene->images->len; i++)
    if (g_str_equal (g_array_index (scene->images, DomusSceneImage, i).path, image.path))
      {
        domus_json_fail (error, path_key, _("“%s” is listed twice"), image.path);
        goto fail;
      }
  g_array_append_val (scene->images, image);
  return TRUE;

fail:
  scene_image_clear (&image);
  return FALSE;
}

static gboolean
parse_images (JsonNode    *images,
              DomusScene  *scene,
              GError     **error)
{
  if (images == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (images))
    return domus_json_fail (error, "storage.images", _("must be a list"));
  if (json_array_get_length (json_node_get_array (images)) > DOMUS_MAX_IMAGES)
    return domus_json_fail (error, "storage.images", _("has more than %u images"), DOMUS_MAX_IMAGES);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (images)); i++)
    if (!parse_image (json_array_get_element (json_node_get_array (images), i), i, scene, error))
      return FALSE;
  return TRUE;
}

gboolean
scene_parse_storage (JsonNode    *node,
                     DomusScene  *scene,
                     GError     **error)
{
  static const char * const known[] = { "volume_groups", "images", NULL };
  JsonNode *groups;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return domus_json_fail (error, "storage", _("must be an object"));
  if (!domus_json_check_members (json_node_get_object (node), "storage", known, error)
      || !parse_images (json_object_get_member (json_node_get_object (node), "images"), scene, error))
    return FALSE;
  groups = json_object_get_member (json_node_get_object (node), "volume_groups");
  if (groups == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (groups))
    return domus_json_fail (error, "storage.volume_groups", _("must be a list"));
  for (guint i = 0; i < json_array_get_length (json_node_get_array (groups)); i++)
    if (!parse_vg (json_array_get_element (json_node_get_array (groups), i), i, scene, error))
      return FALSE;
  return TRUE;
}

gboolean
scene_parse_disks (JsonNode          *node,
                   const char        *where,
                   DomusSceneDomain  *domain,
                   GError           **error)
{
  g_autofree char *key = g_strdup_printf ("%s.disk", where);
  g_autoptr(GPtrArray) disks = NULL;
  JsonArray *array;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return domus_json_fail (error, key, _("must be a list of xl disk specs"));
  array = json_node_get_array (node);
  if (json_array_get_length (array) > MAX_DISKS)
    return domus_json_fail (error, key, _("has more than %u disks"), MAX_DISKS);
  disks = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING
          || json_node_get_string (element)[0] == '\0')
        return domus_json_fail (error, key, _("must be a list of xl disk specs"));
      g_ptr_array_add (disks, g_strdup (json_node_get_string (element)));
    }
  g_ptr_array_add (disks, NULL);
  g_strfreev (domain->disks);
  domain->disks = (char **) g_ptr_array_free (g_steal_pointer (&disks), FALSE);
  return TRUE;
}

void
scene_add_disks (JsonBuilder            *builder,
                 const DomusSceneDomain *domain)
{
  if (domain->disks == NULL)
    return;
  json_builder_set_member_name (builder, "disk");
  json_builder_begin_array (builder);
  for (guint i = 0; domain->disks[i] != NULL; i++)
    json_builder_add_string_value (builder, domain->disks[i]);
  json_builder_end_array (builder);
}
