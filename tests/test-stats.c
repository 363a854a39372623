/* test-stats.c: benchmark statistics against values computed elsewhere
 *
 * The expected values come from Python 3's statistics module (fmean,
 * median, stdev), its quartiles (quantiles with method="inclusive", which is
 * type 7) and a six-line type-7 percentile, run on the same inputs:
 *
 *   def t7(xs, p):
 *       xs = sorted(xs); n = len(xs); h = (n - 1) * p / 100; f = math.floor(h)
 *       return xs[f] if f + 1 >= n else xs[f] + (h - f) * (xs[f + 1] - xs[f])
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "bench/domus-stats.h"

static void
assert_close (double got,
              double expected)
{
  g_assert_cmpfloat_with_epsilon (got, expected, 1e-9 * MAX (1.0, fabs (expected)));
}

static void
check (const double *values,
       guint         n_values,
       guint         n,
       double        mean,
       double        median,
       double        stddev,
       double        min,
       double        max,
       double        p25,
       double        p75,
       double        p95,
       double        p99)
{
  DomusStats stats;

  domus_stats_compute (values, n_values, &stats);
  g_test_message ("n %u mean %.12g median %.12g sd %.12g min %g max %g p25 %.12g p75 %.12g "
                  "p95 %.12g p99 %.12g",
                  stats.n, stats.mean, stats.median, stats.stddev, stats.min, stats.max,
                  stats.p25, stats.p75, stats.p95, stats.p99);
  g_assert_cmpuint (stats.n, ==, n);
  assert_close (stats.mean, mean);
  assert_close (stats.median, median);
  assert_close (stats.stddev, stddev);
  assert_close (stats.min, min);
  assert_close (stats.max, max);
  assert_close (stats.p25, p25);
  assert_close (stats.p75, p75);
  assert_close (stats.p95, p95);
  assert_close (stats.p99, p99);
}

static void
test_lab (void)
{
  /* Five create times, as the lab guides time them; unsorted on purpose. */
  double times[] = { 12.1, 11.8, 12.6, 13.9, 12.0 };
  const double copy[] = { 12.1, 11.8, 12.6, 13.9, 12.0 };

  check (times, 5, 5, 12.48, 12.1, 0.846758525200662, 11.8, 13.9, 12.0, 12.6, 13.64, 13.848);
  /* The caller's array is left as it was. */
  for (guint i = 0; i < 5; i++)
    g_assert_cmpfloat (times[i], ==, copy[i]);
}

static void
test_hundred (void)
{
  double values[100];

  for (guint i = 1; i <= 100; i++)
    values[i - 1] = (i * i) % 97;
  check (values, 100, 100, 46.7, 47.5, 30.934437023152594, 0, 96, 18.0, 73.0, 94.0, 96.0);
}

static void
test_small_and_gaps (void)
{
  double two[] = { 3.0, 5.0 };
  double one[] = { 7.5 };
  double gaps[] = { NAN, 3.0, NAN, 5.0 };
  double none[] = { NAN, NAN };
  DomusStats stats;

  check (two, 2, 2, 4.0, 4.0, 1.4142135623730951, 3.0, 5.0, 3.5, 4.5, 4.9, 4.98);
  check (one, 1, 1, 7.5, 7.5, 0.0, 7.5, 7.5, 7.5, 7.5, 7.5, 7.5);
  /* Failed runs (NAN) do not count. */
  check (gaps, 4, 2, 4.0, 4.0, 1.4142135623730951, 3.0, 5.0, 3.5, 4.5, 4.9, 4.98);

  domus_stats_compute (none, 2, &stats);
  g_assert_cmpuint (stats.n, ==, 0);
  g_assert_true (isnan (stats.mean) && isnan (stats.p99) && isnan (stats.stddev));
}

static void
test_large_values (void)
{
  /* Close values far from 0: a naive sum of squares loses them all. */
  double values[] = { 1e9 + 0.1, 1e9 + 0.2, 1e9 + 0.3, 1e9 + 0.4 };
  DomusStats stats;

  domus_stats_compute (values, 4, &stats);
  g_assert_cmpfloat_with_epsilon (stats.mean, 1000000000.25, 1e-6);
  g_assert_cmpfloat_with_epsilon (stats.stddev, 0.129099414093878, 1e-6);
  g_assert_cmpfloat_with_epsilon (stats.p95, 1000000000.385, 1e-6);
  g_assert_cmpfloat_with_epsilon (stats.p99, 1000000000.397, 1e-6);
  g_assert_nonnull (domus_stats_percentile_method ());
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/stats/lab", test_lab);
  g_test_add_func ("/stats/hundred", test_hundred);
  g_test_add_func ("/stats/small-and-gaps", test_small_and_gaps);
  g_test_add_func ("/stats/large-values", test_large_values);

  return g_test_run ();
}
