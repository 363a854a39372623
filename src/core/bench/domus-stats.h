/* domus-stats.h: the statistics of a benchmark's repeated measurements
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint  n;        /* values that are not NAN */
  double mean;
  double median;
  double stddev;   /* sample standard deviation (n − 1); 0 for one value */
  double min;
  double max;
  double p25;      /* quartiles, for box plots */
  double p75;
  double p95;
  double p99;
} DomusStats;

/* Ignores NAN values; with none left, every field but n is NAN. The
 * caller's array is not reordered. */
void        domus_stats_compute            (const double *values,
                                            guint         n_values,
                                            DomusStats   *stats);
/* The @p-th percentile (0..100) of @n sorted values, by the method below. */
double      domus_stats_percentile         (const double *sorted,
                                            guint         n,
                                            double        p);
/* The percentile method, named for people (translated). */
const char *domus_stats_percentile_method  (void);

G_END_DECLS
