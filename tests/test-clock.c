/* test-clock.c: the virtual clock fires timers in order at exact instants
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "domus-clock.h"

typedef struct
{
  DomusClock *clock;
  GArray     *fired;   /* gint64 now at each firing */
  guint       limit;
} Recorder;

static gboolean
record_cb (gpointer data)
{
  Recorder *r = data;
  gint64 now = domus_clock_get_now (r->clock);

  g_array_append_val (r->fired, now);
  return r->fired->len < r->limit ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
test_manual (void)
{
  g_autoptr(DomusClock) clock = domus_clock_new_manual ();
  Recorder r = { clock, g_array_new (FALSE, FALSE, sizeof (gint64)), 3 };

  g_assert_true (domus_clock_is_virtual (clock));
  domus_clock_add_timer (clock, 1000000, record_cb, &r, NULL);
  domus_clock_advance (clock, 999999);
  g_assert_cmpuint (r.fired->len, ==, 0);
  domus_clock_advance (clock, 10 * G_USEC_PER_SEC);
  /* Removed itself after three firings, each at its due instant. */
  g_assert_cmpuint (r.fired->len, ==, 3);
  g_assert_cmpint (g_array_index (r.fired, gint64, 0), ==, 1000000);
  g_assert_cmpint (g_array_index (r.fired, gint64, 1), ==, 2000000);
  g_assert_cmpint (g_array_index (r.fired, gint64, 2), ==, 3000000);
  g_assert_cmpint (domus_clock_get_now (clock), ==, 10999999);
  g_array_unref (r.fired);
}

static gboolean
log_a (gpointer data)
{
  g_string_append_c (data, 'a');
  return G_SOURCE_CONTINUE;
}

static gboolean
log_b (gpointer data)
{
  g_string_append_c (data, 'b');
  return G_SOURCE_CONTINUE;
}

static void
test_order_and_interval (void)
{
  g_autoptr(DomusClock) clock = domus_clock_new_manual ();
  g_autoptr(GString) log = g_string_new (NULL);
  guint a, b;

  a = domus_clock_add_timer (clock, 300, log_a, log, NULL);
  b = domus_clock_add_timer (clock, 200, log_b, log, NULL);
  domus_clock_advance (clock, 600);
  /* b@200 a@300 b@400 a@600 b@600 (a was added first, so it wins the tie) */
  g_assert_cmpstr (log->str, ==, "babab");

  g_string_truncate (log, 0);
  domus_clock_set_timer_interval (clock, a, 50);
  domus_clock_remove_timer (clock, b);
  domus_clock_advance (clock, 100);
  g_assert_cmpstr (log->str, ==, "aa");
}

static gboolean
quit_after_cb (gpointer data)
{
  Recorder *r = data;

  record_cb (r);
  return r->fired->len < r->limit;
}

static void
test_scaled (void)
{
  /* A thousand times faster than real time: 5 simulated seconds of 1 s
   * timers pass in a few real milliseconds, driven by the main loop. */
  g_autoptr(DomusClock) clock = domus_clock_new_scaled (1000.0);
  Recorder r = { clock, g_array_new (FALSE, FALSE, sizeof (gint64)), 5 };

  domus_clock_add_timer (clock, G_USEC_PER_SEC, quit_after_cb, &r, NULL);
  while (r.fired->len < 5)
    g_main_context_iteration (NULL, TRUE);

  for (guint i = 0; i < 5; i++)
    g_assert_cmpint (g_array_index (r.fired, gint64, i), ==, (i + 1) * G_USEC_PER_SEC);
  g_array_unref (r.fired);
}

/* The wall clock reads the time now, not at its last timer: real hosts time
 * lifecycle operations with it. */
static void
test_wall_reads_now (void)
{
  g_autoptr(DomusClock) clock = domus_clock_new_wall ();
  gint64 before = domus_clock_get_now (clock);
  gint64 real = g_get_monotonic_time ();

  while (g_get_monotonic_time () - real < 5000)
    ;
  g_assert_cmpint (domus_clock_get_now (clock) - before, >=, 5000);
  g_assert_false (domus_clock_is_virtual (clock));
}

/* A timer added to the wall clock after none for a while fires an
 * interval from now, not from the last timer's time: a remote host starts
 * its timer again when its agent, which sent the samples, went. */
static void
test_wall_timer_after_none (void)
{
  g_autoptr(DomusClock) clock = domus_clock_new_wall ();
  Recorder r = { clock, g_array_new (FALSE, FALSE, sizeof (gint64)), 1 };
  gint64 real = g_get_monotonic_time (), added;

  domus_clock_add_timer (clock, 1000, quit_after_cb, &r, NULL);
  while (r.fired->len < 1)
    g_main_context_iteration (NULL, TRUE);
  /* No timer for 50 ms. */
  while (g_get_monotonic_time () - real < 50000)
    ;
  g_array_set_size (r.fired, 0);
  added = g_get_monotonic_time ();
  domus_clock_add_timer (clock, 20000, quit_after_cb, &r, NULL);
  while (r.fired->len < 1)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (g_get_monotonic_time () - added, >=, 19000);
  g_array_unref (r.fired);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/clock/wall-reads-now", test_wall_reads_now);
  g_test_add_func ("/clock/manual", test_manual);
  g_test_add_func ("/clock/order-and-interval", test_order_and_interval);
  g_test_add_func ("/clock/scaled", test_scaled);
  g_test_add_func ("/clock/wall-timer-after-none", test_wall_timer_after_none);

  return g_test_run ();
}
