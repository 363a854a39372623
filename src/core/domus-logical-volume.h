/* domus-logical-volume.h: one LVM logical volume of a host, as lvs shows it
 *
 * Kept by its DomusVolumeGroup (domus_volume_group_get_volumes()) and
 * updated in place each time the host's storage is read
 * (domus_host_refresh_storage_async()). A snapshot has its origin and its
 * Data%: the share of its copy-on-write space the writes to it or to its
 * origin have used. A full snapshot is invalidated by LVM, so one at
 * DOMUS_SNAPSHOT_WARN_PERCENT or more is flagged wherever it shows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define DOMUS_SNAPSHOT_WARN_PERCENT 80.0

#define DOMUS_TYPE_LOGICAL_VOLUME (domus_logical_volume_get_type ())
G_DECLARE_FINAL_TYPE (DomusLogicalVolume, domus_logical_volume, DOMUS, LOGICAL_VOLUME, GObject)

const char *domus_logical_volume_get_name         (DomusLogicalVolume *self);
const char *domus_logical_volume_get_vg_name      (DomusLogicalVolume *self);
/* "/dev/VG/LV" */
const char *domus_logical_volume_get_path         (DomusLogicalVolume *self);
guint64     domus_logical_volume_get_size         (DomusLogicalVolume *self);
/* A snapshot's origin LV (same VG), or NULL. */
const char *domus_logical_volume_get_origin       (DomusLogicalVolume *self);
gboolean    domus_logical_volume_is_snapshot      (DomusLogicalVolume *self);
/* A snapshot's Data% (0 to 100), or -1 for an LV that is none. */
double      domus_logical_volume_get_data_percent (DomusLogicalVolume *self);
/* A snapshot whose Data% is DOMUS_SNAPSHOT_WARN_PERCENT or more. */
gboolean    domus_logical_volume_is_near_full     (DomusLogicalVolume *self);
/* The name of the domain whose disk it is, or NULL. */
const char *domus_logical_volume_get_used_by      (DomusLogicalVolume *self);

G_END_DECLS
