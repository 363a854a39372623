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

/* xentop's network and disk figures of a domain, after its devices: NETS,
 * NETTX(k), NETRX(k) (KiB sent and received, whole), VBDS, then the vbds'
 * out-of-requests, read and write requests, read and written sectors. */
#define DOMUS_TOP_N_IO 9
void domus_top_get_io         (DomusDomain *d,
                               guint64      values[DOMUS_TOP_N_IO]);

/* The header row. */
void domus_top_csv_add_header (DomusCsv    *csv);
/* A row per domain of @host's last sample, at its clock's time. */
void domus_top_csv_add_sample (DomusCsv    *csv,
                               DomusHost   *host);

G_END_DECLS
