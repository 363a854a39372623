/* test-series.c: the history ring buffer and its timeline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "domus-series.h"

static void
push (DomusTimeline *timeline,
      DomusSeries   *series,
      gint64         time_us,
      double         a,
      double         b)
{
  double row[2] = { a, b };

  domus_timeline_push (timeline, time_us);
  domus_series_push (series, row);
}

static void
count_cb (DomusSeries *series,
          guint       *count)
{
  (*count)++;
}

static void
test_basic (void)
{
  g_autoptr(DomusTimeline) timeline = domus_timeline_new (4);
  g_autoptr(DomusSeries) series = domus_series_new (timeline, 2);
  guint added = 0;
  gint64 t;

  g_signal_connect (series, "sample-added", G_CALLBACK (count_cb), &added);
  domus_series_set_channel (series, 1, 400.0, 8);
  g_assert_cmpuint (domus_series_get_n_samples (series), ==, 0);
  g_assert_true (isnan (domus_series_get_last (series, 0)));

  push (timeline, series, 1000, 12.5, 100.0);
  push (timeline, series, 2000, 50.0, 200.0);
  g_assert_cmpuint (added, ==, 2);
  g_assert_cmpuint (domus_series_get_n_samples (series), ==, 2);
  /* 16 bits over [0, 100]: better than 0.002; 8 bits over [0, 400]: 1.6 */
  g_assert_cmpfloat_with_epsilon (domus_series_get_value (series, 0, 0), 12.5, 0.002);
  g_assert_cmpfloat_with_epsilon (domus_series_get_value (series, 1, 1), 200.0, 1.6);
  g_assert_true (domus_series_get_time (series, 1, &t));
  g_assert_cmpint (t, ==, 2000);

  /* Out-of-range values are clamped, NAN is kept as a gap. */
  push (timeline, series, 3000, 250.0, NAN);
  g_assert_cmpfloat_with_epsilon (domus_series_get_last (series, 0), 100.0, 0.002);
  g_assert_true (isnan (domus_series_get_last (series, 1)));

  /* Wrapping: capacity 4 keeps the last four samples. */
  push (timeline, series, 4000, 4.0, 4.0);
  push (timeline, series, 5000, 5.0, 5.0);
  push (timeline, series, 6000, 6.0, 6.0);
  g_assert_cmpuint (domus_series_get_n_samples (series), ==, 4);
  g_assert_true (domus_series_get_time (series, 0, &t));
  g_assert_cmpint (t, ==, 3000);
  g_assert_cmpfloat_with_epsilon (domus_series_get_value (series, 0, 3), 6.0, 0.002);
  g_assert_true (isnan (domus_series_get_value (series, 0, 4)));
}

static void
test_missed_ticks (void)
{
  g_autoptr(DomusTimeline) timeline = domus_timeline_new (8);
  g_autoptr(DomusSeries) series = domus_series_new (timeline, 2);
  g_autoptr(DomusSeries) late = domus_series_new (timeline, 2);
  double row[2] = { 1, 1 };

  push (timeline, series, 1, 10, 10);
  /* Ticks 2 and 3 pass without @series; @late starts at tick 3. */
  domus_timeline_push (timeline, 2);
  domus_timeline_push (timeline, 3);
  domus_series_push (late, row);
  push (timeline, series, 4, 40, 40);

  g_assert_cmpuint (domus_series_get_n_samples (series), ==, 4);
  g_assert_cmpfloat_with_epsilon (domus_series_get_value (series, 0, 0), 10, 0.01);
  g_assert_true (isnan (domus_series_get_value (series, 0, 1)));
  g_assert_true (isnan (domus_series_get_value (series, 0, 2)));
  g_assert_cmpfloat_with_epsilon (domus_series_get_value (series, 0, 3), 40, 0.01);

  /* A series that starts late begins at its first tick. */
  g_assert_cmpuint (domus_series_get_n_samples (late), ==, 1);
  g_assert_cmpuint (domus_series_get_last_tick (late), ==, 3);
}

static void
test_memory (void)
{
  g_autoptr(DomusTimeline) timeline = domus_timeline_new (3600);
  g_autoptr(DomusSeries) series = domus_series_new (timeline, 10);
  double row[10] = { 0 };

  for (guint i = 2; i < 10; i++)
    domus_series_set_channel (series, i, 100.0, 8);
  /* Nothing is held before the first sample... */
  g_assert_cmpuint (domus_series_get_memory_size (series), <, 512);

  /* ...then 2 × 16-bit + 8 × 8-bit channels for an hour: about 42 KiB. */
  domus_timeline_push (timeline, 1);
  domus_series_push (series, row);
  g_assert_cmpuint (domus_series_get_memory_size (series), >=, 3600 * 12);
  g_assert_cmpuint (domus_series_get_memory_size (series), <, 3600 * 12 + 512);
}

static void
test_log_channel (void)
{
  g_autoptr(DomusTimeline) timeline = domus_timeline_new (8);
  g_autoptr(DomusSeries) series = domus_series_new (timeline, 2);
  static const double values[] = { 0.0, 0.5, 3.0, 1000.0, 123456.0, 7.5e8 };

  domus_series_set_channel_log (series, 0, 1024.0 * 1024.0 * 1024.0);
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      push (timeline, series, 1000 * (i + 1), values[i], NAN);
      /* Zero is exact; the rest within 0.05 % of themselves, at every scale. */
      if (values[i] == 0)
        g_assert_cmpfloat (domus_series_get_last (series, 0), ==, 0.0);
      else
        g_assert_cmpfloat_with_epsilon (domus_series_get_last (series, 0), values[i], values[i] * 5e-4);
    }
  /* Past the top, clamped; NAN still a gap. */
  push (timeline, series, 9000, 1e12, NAN);
  g_assert_cmpfloat_with_epsilon (domus_series_get_last (series, 0), 1024.0 * 1024.0 * 1024.0, 1e3);
  push (timeline, series, 10000, NAN, NAN);
  g_assert_true (isnan (domus_series_get_last (series, 0)));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/series/basic", test_basic);
  g_test_add_func ("/series/missed-ticks", test_missed_ticks);
  g_test_add_func ("/series/memory", test_memory);
  g_test_add_func ("/series/log-channel", test_log_channel);

  return g_test_run ();
}
