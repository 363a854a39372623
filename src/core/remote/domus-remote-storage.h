/* domus-remote-storage.h: a host's LVM storage on the wire (ReadStorage)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "domus-host.h"

G_BEGIN_DECLS

/* @host's storage as last read, as ReadStorage answers it: a(stt) and
 * a(sstsds), floating. */
void                domus_remote_storage_encode (DomusHost  *host,
                                                 GVariant  **volume_groups,
                                                 GVariant  **volumes);
/* The sample an agent's answer holds; DOMUS_ERROR_PARSE for one that is
 * not one (too many, empty names, a Data% out of range). */
DomusStorageSample *domus_remote_storage_decode (GVariant   *volume_groups,
                                                 GVariant   *volumes,
                                                 GError    **error);

/* @host's image files as last read, as ReadImages answers them: a(sttss),
 * floating. */
GVariant           *domus_remote_images_encode  (DomusHost  *host);
/* The sample of @folder an agent's answer holds; DOMUS_ERROR_PARSE for one
 * that is not one (too many, a path that is not absolute nor in @folder). */
DomusImageSample   *domus_remote_images_decode  (const char *folder,
                                                 GVariant   *images,
                                                 GError    **error);

G_END_DECLS
