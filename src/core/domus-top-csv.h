/* domus-top-csv.h: a host's domains as rows of xentop -b's CSV
 *
 * The one formatting of `domusctl top --csv` and of a host's recording
 * (DomusHostRecorder): xentop's column names, units and order, so that a
 * sheet made from xentop's output reads Domus's, then TIME, the host's
 * clock in seconds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "domus-csv.h"
#include "domus-host.h"

G_BEGIN_DECLS

/* The header row. */
void domus_top_csv_add_header (DomusCsv  *csv);
/* A row per domain of @host's last sample, at its clock's time. */
void domus_top_csv_add_sample (DomusCsv  *csv,
                               DomusHost *host);

G_END_DECLS
