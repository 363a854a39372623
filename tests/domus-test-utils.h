/* domus-test-utils.h: what several tests do the same way
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "domus-host.h"

G_BEGIN_DECLS

/* Sends @request (taken) and steps @clock 100 ms at a time, running the
 * main context, until it is answered (at most a simulated minute). Returns
 * what domus_host_request_finish() returns. */
gint64 domus_test_run_request (DomusHost     *host,
                               DomusClock    *clock,
                               DomusRequest  *request,
                               GError       **error);

/* Makes @path a file of @size zero bytes that takes no room on disk (a
 * hole), to try a limit on the size of what Domus reads. */
void domus_test_make_sparse_file (const char *path,
                                  goffset     size);

/* A GSourceFunc that sets the gboolean @data points to and stops. */
gboolean domus_test_flag_cb (gpointer data);

/* Runs the default main context until @cond holds; fails after @seconds. */
#define DOMUS_TEST_WAIT_UNTIL(cond, seconds)                                         \
  G_STMT_START {                                                                     \
    gboolean timed_out_ = FALSE;                                                     \
    guint id_ = g_timeout_add_seconds ((seconds), domus_test_flag_cb, &timed_out_);  \
    while (!(cond) && !timed_out_)                                                   \
      g_main_context_iteration (NULL, TRUE);                                         \
    if (!timed_out_)                                                                 \
      g_source_remove (id_);                                                         \
    g_assert_true (cond);                                                            \
  } G_STMT_END

G_END_DECLS
