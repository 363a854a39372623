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

typedef void (*BenchUiFrameFunc) (guint    frame,
                                  gpointer data);

/* Scrolls @window's domain list up and down, 40 px a frame, for @n_frames
 * frames, calling @each_frame (may be NULL) at each, and returns the frame
 * times in ms: from the start of a frame's update phase to the end of its
 * paint, as the frame clock tells them. */
GArray *bench_ui_scroll (DomusWindow      *window,
                         guint             n_frames,
                         BenchUiFrameFunc  each_frame,
                         gpointer          data);

G_END_DECLS
