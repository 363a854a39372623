/* domus-sched-editor.h: live weight and cap controls of a domain
 *
 * DomusSchedEditor is the "Scheduler" group of a domain's page: a weight
 * slider (logarithmic, 1 .. 65535) and a cap slider (0 = no cap .. 100 ×
 * vCPUs), each with a spin button, whose changes reach the host while the
 * user drags. Its labels follow the host's scheduler; what the scheduler
 * cannot do is insensitive, with the reason in a tooltip.
 *
 * Widget actions: "sched.set-weight" (i) and "sched.set-cap" (i) set a value
 * and send it at once, as the spin buttons' Enter does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "domus-host.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_SCHED_EDITOR (domus_sched_editor_get_type ())
G_DECLARE_FINAL_TYPE (DomusSchedEditor, domus_sched_editor, DOMUS, SCHED_EDITOR, AdwPreferencesGroup)

GtkWidget *domus_sched_editor_new        (void);
/* Edits @domain of @host (both may be NULL). A change still on its way to
 * the previous domain is sent there first. */
void       domus_sched_editor_set_target (DomusSchedEditor *self,
                                          DomusHost        *host,
                                          DomusDomain      *domain);

G_END_DECLS
