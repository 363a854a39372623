/* domus-io-charts.h: a domain's network interfaces and disks, charted
 *
 * A preferences group with a chart per vif and vbd of a domain (its
 * throughput each way, KiB/s, as xentop -n -x reads it) and a line of its
 * other figures (packets, drops and errors; requests and out-of-requests
 * a second). It follows the domain's devices as they come and go, and
 * hides itself while the domain has none. Each chart has the export menu
 * of every DomusChart.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "domus-domain.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_IO_CHARTS (domus_io_charts_get_type ())
G_DECLARE_FINAL_TYPE (DomusIoCharts, domus_io_charts, DOMUS, IO_CHARTS, AdwPreferencesGroup)

void         domus_io_charts_set_domain   (DomusIoCharts *self,
                                           DomusDomain   *domain);
/* For tests: the chart of the @position-th device, or NULL. */
GtkWidget   *domus_io_charts_get_chart    (DomusIoCharts *self,
                                           guint          position);

G_END_DECLS
