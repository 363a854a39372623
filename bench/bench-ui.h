/* bench-ui.h: the window as the window benchmarks open it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "domus-window.h"

G_BEGIN_DECLS

/* Every domain of the window benchmarks: bursty on all its vCPUs. */
extern const char * const bench_ui_workloads[];

/* Opens the window on @host at 1280×800 with the domain named @domain
 * selected (so its charts draw), and returns once it is mapped. */
DomusWindow *bench_ui_open_window (DomusHost  *host,
                                   const char *domain);

G_END_DECLS
