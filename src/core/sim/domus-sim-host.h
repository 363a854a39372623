/* domus-sim-host.h: a simulated Xen host, the default where no Xen runs
 *
 * Domains from a DomusScene run through DomusCreditModel on a virtual
 * clock, so shares follow Xen's scheduler and tests can step time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "domus-host.h"
#include "domus-scene.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_SIM_HOST (domus_sim_host_get_type ())
G_DECLARE_FINAL_TYPE (DomusSimHost, domus_sim_host, DOMUS, SIM_HOST, DomusHost)

/* Starts sampling at once; @clock is usually a manual or scaled DomusClock. */
DomusHost        *domus_sim_host_new       (const DomusScene *scene,
                                            DomusClock       *clock);
DomusCreditModel *domus_sim_host_get_model (DomusSimHost     *self);
/* Whether the host makes its samples on a worker thread, as a Xen host
 * reads libxenstat, and applies them on the main thread once made. By
 * default it does on a clock that runs at real time or slower (the app's),
 * not on a manual one (a test's domus_clock_advance() refreshes at once)
 * nor a faster one (no sampling beat skipped while a worker runs). */
void              domus_sim_host_set_threaded (DomusSimHost  *self,
                                               gboolean       threaded);

G_END_DECLS
