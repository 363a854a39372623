/* domus-host-page.h: the host's facts (xl info), per-pCPU load, and Xen's log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "domus-host.h"
#include "domus-host-recorder.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_HOST_PAGE (domus_host_page_get_type ())
G_DECLARE_FINAL_TYPE (DomusHostPage, domus_host_page, DOMUS, HOST_PAGE, GtkWidget)

void       domus_host_page_set_host       (DomusHostPage *self,
                                          DomusHost     *host);
/* The Xen Log window the page opened (action host.show-log), or NULL. */
GtkWindow *domus_host_page_get_log_window (DomusHostPage *self);
/* The recording under way (host.record, host.record-to, host.stop-recording), or NULL. */
DomusHostRecorder *domus_host_page_get_recorder (DomusHostPage *self);

G_END_DECLS
