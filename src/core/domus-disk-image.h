/* domus-disk-image.h: a new, sparse raw disk image for a guest
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Creates @path (and the folders above it) as a sparse file of @size
 * bytes, on a worker thread: no blocks are written, the guest's writes
 * allocate them. Never overwrites: an existing file fails with
 * G_IO_ERROR_EXISTS. A cancel removes what was made. */
void     domus_disk_image_create_async  (const char           *path,
                                         guint64               size,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
gboolean domus_disk_image_create_finish (GAsyncResult         *result,
                                         GError              **error);

G_END_DECLS
