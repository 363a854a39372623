/* domus-image-file.h: one disk image file in a host's image folder
 *
 * Kept by the host (domus_host_get_images()) and updated in place each time
 * the folder is read (domus_host_refresh_images_async()): its path on the
 * host, its apparent size and the space it takes (a sparse image takes
 * less), its format as its header tells it, and the domain whose disk it
 * is.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "domus-image-sample.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_IMAGE_FILE (domus_image_file_get_type ())
G_DECLARE_FINAL_TYPE (DomusImageFile, domus_image_file, DOMUS, IMAGE_FILE, GObject)

/* Absolute, on the host. */
const char       *domus_image_file_get_path      (DomusImageFile *self);
/* The path below the folder read: "domains/prueba/disk.img". */
const char       *domus_image_file_get_name      (DomusImageFile *self);
guint64           domus_image_file_get_size      (DomusImageFile *self);
guint64           domus_image_file_get_allocated (DomusImageFile *self);
DomusImageFormat  domus_image_file_get_format    (DomusImageFile *self);
/* The name of the domain whose disk it is, or NULL. */
const char       *domus_image_file_get_used_by   (DomusImageFile *self);

/* For DomusHost: a file of @folder, and its update from a read. */
DomusImageFile   *_domus_image_file_new          (const char                 *folder,
                                                  const char                 *path);
void              _domus_image_file_update       (DomusImageFile             *self,
                                                  const DomusImageFileSample *image);

G_END_DECLS
