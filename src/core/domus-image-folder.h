/* domus-image-folder.h: the disk image files in a folder of this computer
 *
 * Lists the regular files in @folder and the folders below it (down to
 * DOMUS_IMAGE_FOLDER_DEPTH levels; symbolic links are not followed), each
 * with its apparent size, the space it takes (st_blocks, as du counts it)
 * and its format from its header (domus_image_format_detect()). What the
 * real host and domus-agent read; the simulated host lists its scene's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "domus-image-sample.h"

G_BEGIN_DECLS

/* Blocks: call it on a worker thread. DOMUS_ERROR_NOT_FOUND for a folder
 * that is not there, DOMUS_ERROR_INVALID_ARGUMENT for a relative path or
 * one that is no folder, DOMUS_ERROR_TOO_LARGE past DOMUS_MAX_IMAGES
 * files. A file that cannot be opened is listed as raw. */
DomusImageSample *domus_image_folder_read        (const char           *folder,
                                                  GCancellable         *cancellable,
                                                  GError              **error);
/* The same on a worker thread (GFileEnumerator there, never on the
 * caller's main context). */
void              domus_image_folder_read_async  (const char           *folder,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
DomusImageSample *domus_image_folder_read_finish (GAsyncResult         *result,
                                                  GError              **error);
/* The format of the file @path, read from its header: any thread. */
DomusImageFormat  domus_image_folder_detect_file (const char           *path,
                                                  guint64               size);

G_END_DECLS
