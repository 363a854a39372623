/* domus-image-file.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-storage"

#include "config.h"

#include <string.h>

#include "domus-image-file.h"
#include "domus-update-private.h"

struct _DomusImageFile
{
  GObject           parent_instance;

  char             *path;
  char             *name;
  guint64           size;
  guint64           allocated;
  DomusImageFormat  format;
  char             *used_by;
};

G_DEFINE_FINAL_TYPE (DomusImageFile, domus_image_file, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_PATH,
  PROP_NAME,
  PROP_SIZE,
  PROP_ALLOCATED,
  PROP_FORMAT,
  PROP_USED_BY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
domus_image_file_finalize (GObject *object)
{
  DomusImageFile *self = DOMUS_IMAGE_FILE (object);

  g_free (self->path);
  g_free (self->name);
  g_free (self->used_by);

  G_OBJECT_CLASS (domus_image_file_parent_class)->finalize (object);
}

static void
domus_image_file_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  DomusImageFile *self = DOMUS_IMAGE_FILE (object);

  switch (prop_id)
    {
    case PROP_PATH: g_value_set_string (value, self->path); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_SIZE: g_value_set_uint64 (value, self->size); break;
    case PROP_ALLOCATED: g_value_set_uint64 (value, self->allocated); break;
    case PROP_FORMAT: g_value_set_string (value, domus_image_format_to_string (self->format)); break;
    case PROP_USED_BY: g_value_set_string (value, self->used_by); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
domus_image_file_class_init (DomusImageFileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = domus_image_file_finalize;
  object_class->get_property = domus_image_file_get_property;

  properties[PROP_PATH] = g_param_spec_string ("path", NULL, NULL, NULL, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_SIZE] = g_param_spec_uint64 ("size", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_ALLOCATED] = g_param_spec_uint64 ("allocated", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  /* As domus_image_format_to_string() names it. */
  properties[PROP_FORMAT] = g_param_spec_string ("format", NULL, NULL, "raw", flags);
  properties[PROP_USED_BY] = g_param_spec_string ("used-by", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
domus_image_file_init (DomusImageFile *self)
{
}

DomusImageFile *
_domus_image_file_new (const char *folder,
                       const char *path)
{
  DomusImageFile *self = g_object_new (DOMUS_TYPE_IMAGE_FILE, NULL);
  gsize n = strlen (folder);

  self->path = g_strdup (path);
  if (domus_image_path_is_in (path, folder) && path[n] != '\0')
    self->name = g_strdup (path + n + (path[n] == '/'));
  else
    self->name = g_path_get_basename (path);
  return self;
}

void
_domus_image_file_update (DomusImageFile             *self,
                          const DomusImageFileSample *image)
{
  g_return_if_fail (DOMUS_IS_IMAGE_FILE (self));

  g_object_freeze_notify (G_OBJECT (self));
  DOMUS_UPDATE_FIELD (self, size, image->size, properties[PROP_SIZE]);
  DOMUS_UPDATE_FIELD (self, allocated, image->allocated, properties[PROP_ALLOCATED]);
  DOMUS_UPDATE_FIELD (self, format, image->format, properties[PROP_FORMAT]);
  domus_update_string (self, &self->used_by, image->used_by, properties[PROP_USED_BY]);
  g_object_thaw_notify (G_OBJECT (self));
}

const char *
domus_image_file_get_path (DomusImageFile *self)
{
  g_return_val_if_fail (DOMUS_IS_IMAGE_FILE (self), NULL);
  return self->path;
}

const char *
domus_image_file_get_name (DomusImageFile *self)
{
  g_return_val_if_fail (DOMUS_IS_IMAGE_FILE (self), NULL);
  return self->name;
}

guint64
domus_image_file_get_size (DomusImageFile *self)
{
  g_return_val_if_fail (DOMUS_IS_IMAGE_FILE (self), 0);
  return self->size;
}

guint64
domus_image_file_get_allocated (DomusImageFile *self)
{
  g_return_val_if_fail (DOMUS_IS_IMAGE_FILE (self), 0);
  return self->allocated;
}

DomusImageFormat
domus_image_file_get_format (DomusImageFile *self)
{
  g_return_val_if_fail (DOMUS_IS_IMAGE_FILE (self), DOMUS_IMAGE_FORMAT_RAW);
  return self->format;
}

const char *
domus_image_file_get_used_by (DomusImageFile *self)
{
  g_return_val_if_fail (DOMUS_IS_IMAGE_FILE (self), NULL);
  return self->used_by;
}
