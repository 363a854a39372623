/* domus-storage-private.h: what DomusHost uses to create and update
 * volume groups and logical volumes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "domus-storage-sample.h"
#include "domus-volume-group.h"

G_BEGIN_DECLS

DomusVolumeGroup   *_domus_volume_group_new      (const char          *name);
/* Its size and free space from @vg, its LVs from those of @sample in it. */
void                _domus_volume_group_update   (DomusVolumeGroup    *self,
                                                  const DomusVgSample *vg,
                                                  const DomusStorageSample *sample);
DomusLogicalVolume *_domus_logical_volume_new    (const char          *vg,
                                                  const char          *name);
void                _domus_logical_volume_update (DomusLogicalVolume  *self,
                                                  const DomusLvSample *lv);

G_END_DECLS

G_BEGIN_DECLS

/* Brings @store (items sorted by their name, @item_name) to the @n names
 * of @names (sorted): an item whose name stays is kept and given to
 * @update with its index in @names, one whose name went is removed, one
 * for a new name is made by @create, updated, and inserted. */
typedef const char *(*DomusStorageItemName)   (gpointer item);
typedef gpointer    (*DomusStorageItemCreate) (guint    index,
                                               gpointer data);
typedef void        (*DomusStorageItemUpdate) (gpointer item,
                                               guint    index,
                                               gpointer data);

void _domus_storage_merge (GListStore             *store,
                           const char * const     *names,
                           guint                   n,
                           DomusStorageItemName    item_name,
                           DomusStorageItemCreate  create,
                           DomusStorageItemUpdate  update,
                           gpointer                data);

G_END_DECLS
