/* domus-volume-group.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-storage"

#include "config.h"

#include "domus-storage-private.h"
#include "domus-update-private.h"

#include <string.h>

struct _DomusVolumeGroup
{
  GObject     parent_instance;

  char       *name;
  guint64     size;
  guint64     free;
  GListStore *volumes;   /* DomusLogicalVolume, sorted by name */
};

G_DEFINE_FINAL_TYPE (DomusVolumeGroup, domus_volume_group, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_NAME,
  PROP_SIZE,
  PROP_FREE,
  PROP_VOLUMES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
domus_volume_group_finalize (GObject *object)
{
  DomusVolumeGroup *self = DOMUS_VOLUME_GROUP (object);

  g_free (self->name);
  g_clear_object (&self->volumes);

  G_OBJECT_CLASS (domus_volume_group_parent_class)->finalize (object);
}

static void
domus_volume_group_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  DomusVolumeGroup *self = DOMUS_VOLUME_GROUP (object);

  switch (prop_id)
    {
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_SIZE: g_value_set_uint64 (value, self->size); break;
    case PROP_FREE: g_value_set_uint64 (value, self->free); break;
    case PROP_VOLUMES: g_value_set_object (value, self->volumes); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
domus_volume_group_class_init (DomusVolumeGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = domus_volume_group_finalize;
  object_class->get_property = domus_volume_group_get_property;

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_SIZE] = g_param_spec_uint64 ("size", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_FREE] = g_param_spec_uint64 ("free", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_VOLUMES] = g_param_spec_object ("volumes", NULL, NULL, G_TYPE_LIST_MODEL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
domus_volume_group_init (DomusVolumeGroup *self)
{
  self->volumes = g_list_store_new (DOMUS_TYPE_LOGICAL_VOLUME);
}

DomusVolumeGroup *
_domus_volume_group_new (const char *name)
{
  DomusVolumeGroup *self = g_object_new (DOMUS_TYPE_VOLUME_GROUP, NULL);

  self->name = g_strdup (name);
  return self;
}

void
_domus_storage_merge (GListStore             *store,
                      const char * const     *names,
                      guint                   n,
                      DomusStorageItemName    item_name,
                      DomusStorageItemCreate  create,
                      DomusStorageItemUpdate  update,
                      gpointer                data)
{
  guint i = 0;

  for (guint j = 0; j < n; j++)
    {
      gpointer item = NULL;
      int order = 1;

      /* Items before names[j] went. */
      while ((item = g_list_model_get_item (G_LIST_MODEL (store), i)) != NULL
             && (order = g_strcmp0 (item_name (item), names[j])) < 0)
        {
          g_list_store_remove (store, i);
          g_clear_object (&item);
        }
      if (item != NULL && order == 0)
        update (item, j, data);
      else
        {
          gpointer fresh = create (j, data);

          update (fresh, j, data);
          g_list_store_insert (store, i, fresh);
          g_object_unref (fresh);
        }
      g_clear_object (&item);
      i++;
    }
  if (i < g_list_model_get_n_items (G_LIST_MODEL (store)))
    g_list_store_splice (store, i, g_list_model_get_n_items (G_LIST_MODEL (store)) - i, NULL, 0);
}

typedef struct
{
  const DomusVgSample      *vg;
  GPtrArray                *lvs;   /* const DomusLvSample*, of this VG, by name */
} VolumesData;

static const char *
volume_name (gpointer item)
{
  return domus_logical_volume_get_name (item);
}

static gpointer
volume_create (guint    index,
               gpointer data)
{
  VolumesData *volumes = data;
  const DomusLvSample *lv = g_ptr_array_index (volumes->lvs, index);

  return _domus_logical_volume_new (lv->vg, lv->name);
}

static void
volume_update (gpointer item,
               guint    index,
               gpointer data)
{
  VolumesData *volumes = data;

  _domus_logical_volume_update (item, g_ptr_array_index (volumes->lvs, index));
}

static int
compare_lv_names (gconstpointer a,
                  gconstpointer b)
{
  const DomusLvSample *lv_a = *(const DomusLvSample **) a;
  const DomusLvSample *lv_b = *(const DomusLvSample **) b;

  return strcmp (lv_a->name, lv_b->name);
}

void
_domus_volume_group_update (DomusVolumeGroup         *self,
                            const DomusVgSample      *vg,
                            const DomusStorageSample *sample)
{
  VolumesData data = { vg, g_ptr_array_new () };
  g_autofree const char **names = NULL;

  g_return_if_fail (DOMUS_IS_VOLUME_GROUP (self));

  for (guint i = 0; i < sample->lvs->len; i++)
    {
      const DomusLvSample *lv = &g_array_index (sample->lvs, DomusLvSample, i);

      if (g_strcmp0 (lv->vg, vg->name) == 0)
        g_ptr_array_add (data.lvs, (gpointer) lv);
    }
  g_ptr_array_sort (data.lvs, compare_lv_names);
  names = g_new0 (const char *, data.lvs->len + 1);
  for (guint i = 0; i < data.lvs->len; i++)
    names[i] = ((const DomusLvSample *) g_ptr_array_index (data.lvs, i))->name;

  g_object_freeze_notify (G_OBJECT (self));
  DOMUS_UPDATE_FIELD (self, size, vg->size, properties[PROP_SIZE]);
  DOMUS_UPDATE_FIELD (self, free, vg->free, properties[PROP_FREE]);
  _domus_storage_merge (self->volumes, names, data.lvs->len, volume_name, volume_create,
                        volume_update, &data);
  g_object_thaw_notify (G_OBJECT (self));
  g_ptr_array_unref (data.lvs);
}

const char *
domus_volume_group_get_name (DomusVolumeGroup *self)
{
  g_return_val_if_fail (DOMUS_IS_VOLUME_GROUP (self), NULL);
  return self->name;
}

guint64
domus_volume_group_get_size (DomusVolumeGroup *self)
{
  g_return_val_if_fail (DOMUS_IS_VOLUME_GROUP (self), 0);
  return self->size;
}

guint64
domus_volume_group_get_free (DomusVolumeGroup *self)
{
  g_return_val_if_fail (DOMUS_IS_VOLUME_GROUP (self), 0);
  return self->free;
}

GListModel *
domus_volume_group_get_volumes (DomusVolumeGroup *self)
{
  g_return_val_if_fail (DOMUS_IS_VOLUME_GROUP (self), NULL);
  return G_LIST_MODEL (self->volumes);
}

DomusLogicalVolume *
domus_volume_group_lookup_volume (DomusVolumeGroup *self,
                                  const char       *name)
{
  g_return_val_if_fail (DOMUS_IS_VOLUME_GROUP (self), NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->volumes)); i++)
    {
      g_autoptr(DomusLogicalVolume) lv = g_list_model_get_item (G_LIST_MODEL (self->volumes), i);

      if (g_strcmp0 (domus_logical_volume_get_name (lv), name) == 0)
        return lv;   /* the store keeps it */
    }
  return NULL;
}
