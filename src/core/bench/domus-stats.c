/* domus-stats.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-stats"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>

#include "domus-stats.h"

const char *
domus_stats_percentile_method (void)
{
  return _("linear interpolation between the closest ranks (Hyndman and Fan's type 7, "
           "as NumPy's percentile and Excel's PERCENTILE.INC)");
}

/* Type 7: h = (n − 1)·p/100, then interpolate between x[⌊h⌋] and x[⌊h⌋ + 1]. */
double
domus_stats_percentile (const double *sorted,
                        guint         n,
                        double        p)
{
  double h, lower;
  guint i;

  g_return_val_if_fail (p >= 0 && p <= 100, NAN);

  if (n == 0)
    return NAN;

  h = (n - 1) * p / 100.0;
  lower = floor (h);
  i = (guint) lower;
  if (i + 1 >= n)
    return sorted[n - 1];
  return sorted[i] + (h - lower) * (sorted[i + 1] - sorted[i]);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

void
domus_stats_compute (const double *values,
                     guint         n_values,
                     DomusStats   *stats)
{
  g_autofree double *sorted = g_new (double, MAX (n_values, 1));
  double mean = 0, m2 = 0;
  guint n = 0;

  g_return_if_fail (stats != NULL);

  /* Welford's running mean and squares: stable for large, close values. */
  for (guint i = 0; i < n_values; i++)
    {
      double delta;

      if (isnan (values[i]))
        continue;
      sorted[n++] = values[i];
      delta = values[i] - mean;
      mean += delta / n;
      m2 += delta * (values[i] - mean);
    }

  stats->n = n;
  if (n == 0)
    {
      stats->mean = stats->median = stats->stddev = NAN;
      stats->min = stats->max = stats->p25 = stats->p75 = stats->p95 = stats->p99 = NAN;
      return;
    }

  qsort (sorted, n, sizeof (double), compare_doubles);
  stats->mean = mean;
  stats->stddev = n > 1 ? sqrt (m2 / (n - 1)) : 0.0;
  stats->min = sorted[0];
  stats->max = sorted[n - 1];
  stats->median = domus_stats_percentile (sorted, n, 50);
  stats->p25 = domus_stats_percentile (sorted, n, 25);
  stats->p75 = domus_stats_percentile (sorted, n, 75);
  stats->p95 = domus_stats_percentile (sorted, n, 95);
  stats->p99 = domus_stats_percentile (sorted, n, 99);
}
