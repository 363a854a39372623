/* domus-format.h: how values read in the window (translated)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "domus-types.h"

G_BEGIN_DECLS

char       *domus_format_memory_kib   (guint64          kib);
char       *domus_format_percent      (double           percent);
/* A throughput: "0 B/s", "812 B/s", "12.3 KiB/s", "1.5 MiB/s", "2.0 GiB/s". */
char       *domus_format_byte_rate    (double           bytes_per_s);
char       *domus_format_seconds      (guint64          ns);
const char *domus_format_domain_type  (DomusDomainType  type);
const char *domus_format_domain_state (DomusDomainState state);
const char *domus_format_vcpu_state   (DomusVcpuState   state);
const char *domus_format_scheduler    (DomusScheduler   scheduler);
const char *domus_format_bench_step   (const char      *step);

/* Chart scales: the smallest round step (1, 2, 2.5 or 5 × 10ⁿ) that covers
 * @range in at most @max_intervals steps, and how many decimals (at most
 * 3) the labels of its multiples need. */
double       domus_nice_step           (double      range,
                                        guint       max_intervals);
int          domus_decimals_for        (double      step);

G_END_DECLS
