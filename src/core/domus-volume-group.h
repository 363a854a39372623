/* domus-volume-group.h: one LVM volume group of a host, as vgs shows it
 *
 * DomusHost keeps one per VG in domus_host_get_volume_groups(), sorted by
 * name and updated in place each time the storage is read; each holds its
 * logical volumes, sorted by name, in domus_volume_group_get_volumes().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "domus-logical-volume.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_VOLUME_GROUP (domus_volume_group_get_type ())
G_DECLARE_FINAL_TYPE (DomusVolumeGroup, domus_volume_group, DOMUS, VOLUME_GROUP, GObject)

const char *domus_volume_group_get_name    (DomusVolumeGroup *self);
/* Bytes. */
guint64     domus_volume_group_get_size    (DomusVolumeGroup *self);
guint64     domus_volume_group_get_free    (DomusVolumeGroup *self);
/* Its DomusLogicalVolume, sorted by name, updated in place. */
GListModel *domus_volume_group_get_volumes (DomusVolumeGroup *self);
DomusLogicalVolume *domus_volume_group_lookup_volume (DomusVolumeGroup *self,
                                                      const char       *name);

G_END_DECLS
