/* domus-logical-volume.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-storage"

#include "config.h"

#include "domus-storage-private.h"
#include "domus-update-private.h"

struct _DomusLogicalVolume
{
  GObject  parent_instance;

  char    *name;
  char    *vg_name;
  char    *path;
  guint64  size;
  char    *origin;
  double   data_percent;
  char    *used_by;
};

G_DEFINE_FINAL_TYPE (DomusLogicalVolume, domus_logical_volume, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_NAME,
  PROP_VG_NAME,
  PROP_PATH,
  PROP_SIZE,
  PROP_ORIGIN,
  PROP_DATA_PERCENT,
  PROP_NEAR_FULL,
  PROP_USED_BY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
domus_logical_volume_finalize (GObject *object)
{
  DomusLogicalVolume *self = DOMUS_LOGICAL_VOLUME (object);

  g_free (self->name);
  g_free (self->vg_name);
  g_free (self->path);
  g_free (self->origin);
  g_free (self->used_by);

  G_OBJECT_CLASS (domus_logical_volume_parent_class)->finalize (object);
}

static void
domus_logical_volume_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  DomusLogicalVolume *self = DOMUS_LOGICAL_VOLUME (object);

  switch (prop_id)
    {
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_VG_NAME: g_value_set_string (value, self->vg_name); break;
    case PROP_PATH: g_value_set_string (value, self->path); break;
    case PROP_SIZE: g_value_set_uint64 (value, self->size); break;
    case PROP_ORIGIN: g_value_set_string (value, self->origin); break;
    case PROP_DATA_PERCENT: g_value_set_double (value, self->data_percent); break;
    case PROP_NEAR_FULL: g_value_set_boolean (value, domus_logical_volume_is_near_full (self)); break;
    case PROP_USED_BY: g_value_set_string (value, self->used_by); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
domus_logical_volume_class_init (DomusLogicalVolumeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = domus_logical_volume_finalize;
  object_class->get_property = domus_logical_volume_get_property;

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_VG_NAME] = g_param_spec_string ("vg-name", NULL, NULL, NULL, flags);
  properties[PROP_PATH] = g_param_spec_string ("path", NULL, NULL, NULL, flags);
  properties[PROP_SIZE] = g_param_spec_uint64 ("size", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_ORIGIN] = g_param_spec_string ("origin", NULL, NULL, NULL, flags);
  properties[PROP_DATA_PERCENT] = g_param_spec_double ("data-percent", NULL, NULL, -1, 100, -1, flags);
  properties[PROP_NEAR_FULL] = g_param_spec_boolean ("near-full", NULL, NULL, FALSE, flags);
  properties[PROP_USED_BY] = g_param_spec_string ("used-by", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
domus_logical_volume_init (DomusLogicalVolume *self)
{
  self->data_percent = -1;
}

DomusLogicalVolume *
_domus_logical_volume_new (const char *vg,
                           const char *name)
{
  DomusLogicalVolume *self = g_object_new (DOMUS_TYPE_LOGICAL_VOLUME, NULL);

  self->vg_name = g_strdup (vg);
  self->name = g_strdup (name);
  self->path = domus_storage_lv_path (vg, name);
  return self;
}

void
_domus_logical_volume_update (DomusLogicalVolume  *self,
                              const DomusLvSample *lv)
{
  gboolean near_full;
  double percent;

  g_return_if_fail (DOMUS_IS_LOGICAL_VOLUME (self));

  g_object_freeze_notify (G_OBJECT (self));
  near_full = domus_logical_volume_is_near_full (self);
  DOMUS_UPDATE_FIELD (self, size, lv->size, properties[PROP_SIZE]);
  domus_update_string (self, &self->origin, lv->origin, properties[PROP_ORIGIN]);
  domus_update_string (self, &self->used_by, lv->used_by, properties[PROP_USED_BY]);
  percent = lv->origin != NULL && lv->data_percent >= 0 ? MIN (lv->data_percent, 100) : -1;
  DOMUS_UPDATE_FIELD (self, data_percent, percent, properties[PROP_DATA_PERCENT]);
  if (near_full != domus_logical_volume_is_near_full (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEAR_FULL]);
  g_object_thaw_notify (G_OBJECT (self));
}

const char *
domus_logical_volume_get_name (DomusLogicalVolume *self)
{
  g_return_val_if_fail (DOMUS_IS_LOGICAL_VOLUME (self), NULL);
  return self->name;
}

const char *
domus_logical_volume_get_vg_name (DomusLogicalVolume *self)
{
  g_return_val_if_fail (DOMUS_IS_LOGICAL_VOLUME (self), NULL);
  return self->vg_name;
}

const char *
domus_logical_volume_get_path (DomusLogicalVolume *self)
{
  g_return_val_if_fail (DOMUS_IS_LOGICAL_VOLUME (self), NULL);
  return self->path;
}

guint64
domus_logical_volume_get_size (DomusLogicalVolume *self)
{
  g_return_val_if_fail (DOMUS_IS_LOGICAL_VOLUME (self), 0);
  return self->size;
}

const char *
domus_logical_volume_get_origin (DomusLogicalVolume *self)
{
  g_return_val_if_fail (DOMUS_IS_LOGICAL_VOLUME (self), NULL);
  return self->origin;
}

gboolean
domus_logical_volume_is_snapshot (DomusLogicalVolume *self)
{
  g_return_val_if_fail (DOMUS_IS_LOGICAL_VOLUME (self), FALSE);
  return self->origin != NULL;
}

double
domus_logical_volume_get_data_percent (DomusLogicalVolume *self)
{
  g_return_val_if_fail (DOMUS_IS_LOGICAL_VOLUME (self), -1);
  return self->data_percent;
}

gboolean
domus_logical_volume_is_near_full (DomusLogicalVolume *self)
{
  g_return_val_if_fail (DOMUS_IS_LOGICAL_VOLUME (self), FALSE);
  return self->origin != NULL && self->data_percent >= DOMUS_SNAPSHOT_WARN_PERCENT;
}

const char *
domus_logical_volume_get_used_by (DomusLogicalVolume *self)
{
  g_return_val_if_fail (DOMUS_IS_LOGICAL_VOLUME (self), NULL);
  return self->used_by;
}
