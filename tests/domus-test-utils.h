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

G_END_DECLS
