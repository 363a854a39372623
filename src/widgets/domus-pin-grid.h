/* domus-pin-grid.h: which pCPUs each vCPU of a domain may run on
 *
 * A grid of check buttons, a row per vCPU and a column per pCPU, showing
 * each vCPU's hard affinity as the host reports it. Toggling one pins that
 * vCPU to the new set at once; unchecking the last pCPU of a vCPU is
 * refused with a toast. Scrolls sideways on hosts with many pCPUs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "domus-host.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_PIN_GRID (domus_pin_grid_get_type ())
G_DECLARE_FINAL_TYPE (DomusPinGrid, domus_pin_grid, DOMUS, PIN_GRID, GtkWidget)

GtkWidget      *domus_pin_grid_new        (void);
/* Shows @domain of @host (both may be NULL). */
void            domus_pin_grid_set_target (DomusPinGrid *self,
                                           DomusHost    *host,
                                           DomusDomain  *domain);
/* The check button of @vcpu on @pcpu, or NULL: for tests. */
GtkCheckButton *domus_pin_grid_get_check  (DomusPinGrid *self,
                                           guint         vcpu,
                                           guint         pcpu);

G_END_DECLS
