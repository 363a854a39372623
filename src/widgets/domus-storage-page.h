/* domus-storage-page.h: a host's LVM volume groups and logical volumes
 *
 * A group per VG (size, free), a row per LV: its size, the domain using
 * it, a snapshot's origin and Data% (flagged from 80 %). New Volume…
 * asks a name, a size and a VG (lvcreate); an LV's remove button asks
 * first, and the host refuses one a domain uses, naming the domain.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "domus-host.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_STORAGE_PAGE (domus_storage_page_get_type ())
G_DECLARE_FINAL_TYPE (DomusStoragePage, domus_storage_page, DOMUS, STORAGE_PAGE, GtkWidget)

void domus_storage_page_set_host (DomusStoragePage *self,
                                  DomusHost        *host);

/* Shows the host's storage as last read (domus_host_refresh_storage_async()). */
void domus_storage_page_update   (DomusStoragePage *self);

G_END_DECLS
