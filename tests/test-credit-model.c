/* test-credit-model.c: shares produced by the credit and credit2 models
 *
 * Shares are in percent of one pCPU, measured from domain time deltas over
 * 60 simulated seconds after one second to settle, and must be within two
 * percentage points of what Xen gives.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <time.h>

#include "sim/domus-credit-model.h"

#define NS_PER_MS  G_GUINT64_CONSTANT (1000000)
#define NS_PER_S   G_GUINT64_CONSTANT (1000000000)
#define SETTLE_S   1
#define MEASURE_S  60
#define TOLERANCE  2.0  /* percentage points */
#define SEED       42

static const DomusWorkload cpu_bound = { DOMUS_WORKLOAD_CPU, 0.0, 0 };

static const char *
scheduler_name (DomusScheduler scheduler)
{
  return scheduler == DOMUS_SCHEDULER_CREDIT2 ? "credit2" : "credit";
}

static void
add_busy_domain (DomusCreditModel *model,
                 guint             domid,
                 guint             n_vcpus,
                 guint             weight,
                 guint             cap)
{
  guint i;

  domus_credit_model_add_domain (model, domid, n_vcpus, weight, cap);
  for (i = 0; i < n_vcpus; i++)
    domus_credit_model_set_workload (model, domid, i, &cpu_bound);
}

static void
set_bursty (DomusCreditModel *model,
            guint             domid,
            guint             vcpu,
            double            duty,
            guint             period_ms)
{
  DomusWorkload workload = { DOMUS_WORKLOAD_BURSTY, duty, period_ms };

  domus_credit_model_set_workload (model, domid, vcpu, &workload);
}

/* Advances @seconds in one-second steps, as the simulated host samples. */
static void
advance_seconds (DomusCreditModel *model,
                 guint             seconds)
{
  guint i;

  for (i = 0; i < seconds; i++)
    domus_credit_model_advance (model, NS_PER_S);
}

/* Settles, then measures each domain's share of one pCPU, in percent. */
static void
measure_shares (DomusCreditModel *model,
                const guint      *domids,
                guint             n_domains,
                double           *shares)
{
  guint64 before[8];
  guint i;

  g_assert_cmpuint (n_domains, <=, G_N_ELEMENTS (before));

  advance_seconds (model, SETTLE_S);
  for (i = 0; i < n_domains; i++)
    before[i] = domus_credit_model_get_domain_time (model, domids[i]);
  advance_seconds (model, MEASURE_S);
  for (i = 0; i < n_domains; i++)
    shares[i] = 100.0 * (double) (domus_credit_model_get_domain_time (model, domids[i]) - before[i]) /
                (double) (MEASURE_S * NS_PER_S);
}

static void
check_share (const char *what,
             double      measured,
             double      expected)
{
  g_test_message ("%s: measured %.2f%%, expected %.2f%%", what, measured, expected);
  g_assert_cmpfloat_with_epsilon (measured, expected, TOLERANCE);
}

/* 1 / 7: one pCPU, weights 256 and 512 → one third and two thirds. */
static void
test_weights (gconstpointer data)
{
  DomusScheduler scheduler = GPOINTER_TO_INT (data);
  g_autoptr(DomusCreditModel) model = domus_credit_model_new (scheduler, 1, SEED);
  const guint domids[] = { 1, 2 };
  double shares[2];

  add_busy_domain (model, 1, 1, 256, 0);
  add_busy_domain (model, 2, 1, 512, 0);
  measure_shares (model, domids, 2, shares);

  g_test_message ("scheduler %s", scheduler_name (scheduler));
  check_share ("weight 256", shares[0], 100.0 / 3);
  check_share ("weight 512", shares[1], 200.0 / 3);
}

/* 2 / 7: as above with the heavier domain capped at 20%. */
static void
test_cap_single (gconstpointer data)
{
  DomusScheduler scheduler = GPOINTER_TO_INT (data);
  g_autoptr(DomusCreditModel) model = domus_credit_model_new (scheduler, 1, SEED);
  const guint domids[] = { 1, 2 };
  double shares[2];

  add_busy_domain (model, 1, 1, 256, 0);
  add_busy_domain (model, 2, 1, 512, 20);
  measure_shares (model, domids, 2, shares);

  g_test_message ("scheduler %s", scheduler_name (scheduler));
  check_share ("weight 256", shares[0], 80.0);
  check_share ("weight 512, cap 20", shares[1], 20.0);
}

/* 3: three single-vCPU domains on four pCPUs each get a whole pCPU,
 * whatever their weights. */
static void
test_spread (gconstpointer data)
{
  DomusScheduler scheduler = GPOINTER_TO_INT (data);
  g_autoptr(DomusCreditModel) model = domus_credit_model_new (scheduler, 4, SEED);
  const guint domids[] = { 1, 2, 3 };
  double shares[3];

  add_busy_domain (model, 1, 1, 256, 0);
  add_busy_domain (model, 2, 1, 512, 0);
  add_busy_domain (model, 3, 1, 1024, 0);
  measure_shares (model, domids, 3, shares);

  g_test_message ("scheduler %s", scheduler_name (scheduler));
  check_share ("weight 256", shares[0], 100.0);
  check_share ("weight 512", shares[1], 100.0);
  check_share ("weight 1024", shares[2], 100.0);
}

/* 4 / 7: a four-vCPU domain on four pCPUs capped at 150% gets 1.5 pCPUs. */
static void
test_cap_multi (gconstpointer data)
{
  DomusScheduler scheduler = GPOINTER_TO_INT (data);
  g_autoptr(DomusCreditModel) model = domus_credit_model_new (scheduler, 4, SEED);
  const guint domids[] = { 1 };
  double shares[1];

  add_busy_domain (model, 1, 4, 256, 150);
  measure_shares (model, domids, 1, shares);

  g_test_message ("scheduler %s", scheduler_name (scheduler));
  check_share ("4 vCPUs, cap 150", shares[0], 150.0);
}

/* 5: a domain that never runs gets nothing, however heavy. Under credit1
 * it takes nothing either: only active vCPUs count in the accounting.
 * Under credit2 its weight is the runqueue's max_weight, so the busy ones
 * burn credit 256 and 128 times as fast as they run; one ratelimited
 * millisecond takes either down to CSCHED2_CREDIT_MIN, every reset lifts
 * both to the same credit, and they alternate: 50 / 50 whatever their own
 * weights. Xen 4.17 does so: 256 / 512 beside a paused weight-65535 guest
 * on one pCPU came out at 49.3 / 50.7 under credit2 (the same pair alone:
 * about a third / two thirds), see docs/credit-model.md. */
static void
test_idle_heavy (gconstpointer data)
{
  DomusScheduler scheduler = GPOINTER_TO_INT (data);
  const guint light_weights[][2] = { { 256, 256 }, { 256, 512 } };
  gboolean credit2 = scheduler == DOMUS_SCHEDULER_CREDIT2;
  guint k;

  g_test_message ("scheduler %s", scheduler_name (scheduler));
  for (k = 0; k < G_N_ELEMENTS (light_weights); k++)
    {
      g_autoptr(DomusCreditModel) model = domus_credit_model_new (scheduler, 1, SEED);
      const guint domids[] = { 1, 2, 3 };
      double total = light_weights[k][0] + light_weights[k][1];
      double shares[3];

      domus_credit_model_add_domain (model, 1, 1, 65535, 0);
      add_busy_domain (model, 2, 1, light_weights[k][0], 0);
      add_busy_domain (model, 3, 1, light_weights[k][1], 0);
      measure_shares (model, domids, 3, shares);

      g_test_message ("busy weights %u and %u", light_weights[k][0], light_weights[k][1]);
      check_share ("idle, weight 65535", shares[0], 0.0);
      check_share ("first busy", shares[1], credit2 ? 50.0 : 100.0 * light_weights[k][0] / total);
      check_share ("second busy", shares[2], credit2 ? 50.0 : 100.0 * light_weights[k][1] / total);
    }
}

/* 6: credit1 accounts pool-wide. Two vCPUs pinned to pCPU 0 of an otherwise
 * idle four-pCPU host each earn more than the half pCPU they burn, so
 * neither goes OVER and they round-robin 50/50, whatever their weights. */
static void
test_pool_wide (void)
{
  g_autoptr(DomusCreditModel) model = domus_credit_model_new (DOMUS_SCHEDULER_CREDIT, 4, SEED);
  const guint domids[] = { 1, 2 };
  double shares[2];

  add_busy_domain (model, 1, 1, 256, 0);
  add_busy_domain (model, 2, 1, 1024, 0);
  domus_credit_model_set_affinity (model, 1, 0, 1 << 0);
  domus_credit_model_set_affinity (model, 2, 0, 1 << 0);
  measure_shares (model, domids, 2, shares);

  check_share ("weight 256 pinned to pCPU 0", shares[0], 50.0);
  check_share ("weight 1024 pinned to pCPU 0", shares[1], 50.0);
  g_assert_cmpuint (domus_credit_model_get_pcpu_busy (model, 1), ==, 0);
}

/* Credit2 has one runqueue and burns credit by weight, so the same two
 * pinned vCPUs do share by weight. */
static void
test_pinned_credit2 (void)
{
  g_autoptr(DomusCreditModel) model = domus_credit_model_new (DOMUS_SCHEDULER_CREDIT2, 4, SEED);
  const guint domids[] = { 1, 2 };
  double shares[2];

  add_busy_domain (model, 1, 1, 256, 0);
  add_busy_domain (model, 2, 1, 1024, 0);
  domus_credit_model_set_affinity (model, 1, 0, 1 << 0);
  domus_credit_model_set_affinity (model, 2, 0, 1 << 0);
  measure_shares (model, domids, 2, shares);

  check_share ("weight 256 pinned to pCPU 0", shares[0], 20.0);
  check_share ("weight 1024 pinned to pCPU 0", shares[1], 80.0);
}

/* 8: duty 0.3 over 100 ms, alone on a pCPU → 30%. */
static void
test_bursty (gconstpointer data)
{
  DomusScheduler scheduler = GPOINTER_TO_INT (data);
  g_autoptr(DomusCreditModel) model = domus_credit_model_new (scheduler, 1, SEED);
  const guint domids[] = { 1 };
  double shares[1];
  guint running = 0, blocked = 0;
  guint i;

  domus_credit_model_add_domain (model, 1, 1, 256, 0);
  set_bursty (model, 1, 0, 0.3, 100);
  measure_shares (model, domids, 1, shares);

  g_test_message ("scheduler %s", scheduler_name (scheduler));
  check_share ("bursty 0.3 × 100 ms", shares[0], 30.0);

  /* sampled every 7 ms, it is seen running about 30% of the time */
  for (i = 0; i < 1000; i++)
    {
      DomusVcpuState state;

      domus_credit_model_advance (model, 7 * NS_PER_MS);
      state = domus_credit_model_get_vcpu_state (model, 1, 0);
      running += state == DOMUS_VCPU_STATE_RUNNING;
      blocked += state == DOMUS_VCPU_STATE_BLOCKED;
    }
  g_test_message ("running %u, blocked %u of 1000 samples", running, blocked);
  g_assert_cmpuint (running + blocked, ==, 1000);
  g_assert_cmpuint (running, >, 250);
  g_assert_cmpuint (running, <, 350);
}

/* A vCPU that wakes often for little work (duty 0.1 over 20 ms) next to a
 * CPU hog on one pCPU gets all it asks for: credit1 boosts it on wake-up
 * and it preempts the hog (once the hog has run its 1 ms rate limit);
 * credit2 finds it with more credit than the hog. */
static void
test_wakeup_preempts (gconstpointer data)
{
  DomusScheduler scheduler = GPOINTER_TO_INT (data);
  g_autoptr(DomusCreditModel) model = domus_credit_model_new (scheduler, 1, SEED);
  const guint domids[] = { 1, 2 };
  double shares[2];

  add_busy_domain (model, 1, 1, 256, 0);
  domus_credit_model_add_domain (model, 2, 1, 256, 0);
  set_bursty (model, 2, 0, 0.1, 20);
  measure_shares (model, domids, 2, shares);

  g_test_message ("scheduler %s", scheduler_name (scheduler));
  check_share ("CPU hog", shares[0], 90.0);
  check_share ("bursty 0.1 × 20 ms", shares[1], 10.0);
}

/* 9: a paused domain gets nothing and is reported paused; its pCPU time
 * goes to the other domain, and they share again once it is unpaused. */
static void
test_pause (gconstpointer data)
{
  DomusScheduler scheduler = GPOINTER_TO_INT (data);
  g_autoptr(DomusCreditModel) model = domus_credit_model_new (scheduler, 1, SEED);
  const guint domids[] = { 1, 2 };
  guint64 paused_before, other_before;
  double shares[2];

  g_test_message ("scheduler %s", scheduler_name (scheduler));
  add_busy_domain (model, 1, 1, 256, 0);
  add_busy_domain (model, 2, 1, 256, 0);
  advance_seconds (model, 1);

  domus_credit_model_set_paused (model, 1, TRUE);
  g_assert_cmpint (domus_credit_model_get_vcpu_state (model, 1, 0), ==, DOMUS_VCPU_STATE_PAUSED);
  paused_before = domus_credit_model_get_domain_time (model, 1);
  other_before = domus_credit_model_get_domain_time (model, 2);
  advance_seconds (model, 10);
  g_test_message ("paused domain ran %" G_GUINT64_FORMAT " ns while paused",
                  domus_credit_model_get_domain_time (model, 1) - paused_before);
  g_assert_cmpuint (domus_credit_model_get_domain_time (model, 1), ==, paused_before);
  check_share ("other domain while the first is paused",
               100.0 * (double) (domus_credit_model_get_domain_time (model, 2) - other_before) /
               (double) (10 * NS_PER_S), 100.0);

  domus_credit_model_set_paused (model, 1, FALSE);
  measure_shares (model, domids, 2, shares);
  check_share ("unpaused domain", shares[0], 50.0);
  check_share ("other domain", shares[1], 50.0);
}

/* 9: offline vCPUs get no time and are reported offline. */
static void
test_vcpus_online (gconstpointer data)
{
  DomusScheduler scheduler = GPOINTER_TO_INT (data);
  g_autoptr(DomusCreditModel) model = domus_credit_model_new (scheduler, 4, SEED);
  const guint domids[] = { 1 };
  guint64 offline_before[4];
  double shares[1];
  guint i;

  g_test_message ("scheduler %s", scheduler_name (scheduler));
  add_busy_domain (model, 1, 4, 256, 0);
  advance_seconds (model, 1);
  domus_credit_model_set_vcpus_online (model, 1, 2);
  for (i = 0; i < 4; i++)
    offline_before[i] = domus_credit_model_get_vcpu_time (model, 1, i);

  measure_shares (model, domids, 1, shares);
  check_share ("4 vCPUs, 2 online", shares[0], 200.0);
  for (i = 2; i < 4; i++)
    {
      g_assert_cmpint (domus_credit_model_get_vcpu_state (model, 1, i), ==, DOMUS_VCPU_STATE_OFFLINE);
      g_assert_cmpuint (domus_credit_model_get_vcpu_time (model, 1, i), ==, offline_before[i]);
    }
}

/* 9: a vCPU pinned to pCPU 2 among busy neighbours only ever runs there. */
static void
test_affinity (gconstpointer data)
{
  DomusScheduler scheduler = GPOINTER_TO_INT (data);
  g_autoptr(DomusCreditModel) model = domus_credit_model_new (scheduler, 4, SEED);
  guint64 busy_before, vcpu_before, busy_delta, vcpu_delta;
  guint seen_running = 0;
  guint i;

  g_test_message ("scheduler %s", scheduler_name (scheduler));
  add_busy_domain (model, 1, 4, 256, 0);
  add_busy_domain (model, 2, 2, 256, 0);
  add_busy_domain (model, 3, 1, 256, 0);
  domus_credit_model_set_affinity (model, 3, 0, 1 << 2);
  g_assert_cmpuint (domus_credit_model_get_vcpu_affinity (model, 3, 0), ==, 1 << 2);

  busy_before = domus_credit_model_get_pcpu_busy (model, 2);
  vcpu_before = domus_credit_model_get_vcpu_time (model, 3, 0);
  for (i = 0; i < 5000; i++)
    {
      domus_credit_model_advance (model, NS_PER_MS);
      g_assert_cmpuint (domus_credit_model_get_vcpu_pcpu (model, 3, 0), ==, 2);
      seen_running += domus_credit_model_get_vcpu_state (model, 3, 0) == DOMUS_VCPU_STATE_RUNNING;
    }
  busy_delta = domus_credit_model_get_pcpu_busy (model, 2) - busy_before;
  vcpu_delta = domus_credit_model_get_vcpu_time (model, 3, 0) - vcpu_before;

  g_test_message ("pCPU 2 busy %.1f ms, pinned vCPU ran %.1f ms, seen running %u of 5000 ms",
                  busy_delta / 1e6, vcpu_delta / 1e6, seen_running);
  g_assert_cmpuint (busy_delta, ==, 5000 * NS_PER_MS);  /* pCPU 2 never idles */
  g_assert_cmpuint (vcpu_delta, >, 500 * NS_PER_MS);
  g_assert_cmpuint (seen_running, >, 0);
}

/* Removing a domain hands its time to the others at once. */
static void
test_remove_domain (gconstpointer data)
{
  DomusScheduler scheduler = GPOINTER_TO_INT (data);
  g_autoptr(DomusCreditModel) model = domus_credit_model_new (scheduler, 1, SEED);
  const guint domids[] = { 2 };
  double shares[1];

  g_test_message ("scheduler %s", scheduler_name (scheduler));
  add_busy_domain (model, 1, 2, 256, 0);
  add_busy_domain (model, 2, 1, 256, 0);
  set_bursty (model, 1, 1, 0.5, 20);
  advance_seconds (model, 1);

  domus_credit_model_remove_domain (model, 1);
  g_assert_false (domus_credit_model_has_domain (model, 1));
  g_assert_true (domus_credit_model_has_domain (model, 2));
  measure_shares (model, domids, 1, shares);
  check_share ("remaining domain", shares[0], 100.0);
}

/* A mixed host: weights, a cap, a pin, bursty vCPUs with random phases. */
static DomusCreditModel *
build_mixed_host (DomusScheduler scheduler,
                  guint64        seed)
{
  DomusCreditModel *model = domus_credit_model_new (scheduler, 4, seed);
  guint domid;

  for (domid = 1; domid <= 6; domid++)
    {
      guint v;

      domus_credit_model_add_domain (model, domid, 2, 128 * domid, domid == 3 ? 60 : 0);
      for (v = 0; v < 2; v++)
        {
          if ((domid + v) % 3 == 0)
            domus_credit_model_set_workload (model, domid, v, &cpu_bound);
          else
            set_bursty (model, domid, v, 0.1 * (domid + v), 10 * (domid + 2 * v));
        }
    }
  domus_credit_model_set_affinity (model, 5, 1, 1 << 3);

  return model;
}

static gboolean
same_times (DomusCreditModel *a,
            DomusCreditModel *b)
{
  guint domid, v, cpu;

  for (domid = 1; domid <= 6; domid++)
    for (v = 0; v < 2; v++)
      if (domus_credit_model_get_vcpu_time (a, domid, v) !=
          domus_credit_model_get_vcpu_time (b, domid, v))
        return FALSE;
  for (cpu = 0; cpu < 4; cpu++)
    if (domus_credit_model_get_pcpu_busy (a, cpu) != domus_credit_model_get_pcpu_busy (b, cpu))
      return FALSE;

  return TRUE;
}

/* 10: the same seed and calls give identical times, however the time is
 * chunked; another seed gives other bursty phases and other times. */
static void
test_determinism (gconstpointer data)
{
  DomusScheduler scheduler = GPOINTER_TO_INT (data);
  g_autoptr(DomusCreditModel) a = build_mixed_host (scheduler, 7);
  g_autoptr(DomusCreditModel) b = build_mixed_host (scheduler, 7);
  g_autoptr(DomusCreditModel) c = build_mixed_host (scheduler, 8);
  guint domid, i;

  g_test_message ("scheduler %s", scheduler_name (scheduler));
  advance_seconds (a, 5);
  for (i = 0; i < 1000; i++)
    domus_credit_model_advance (b, 5 * NS_PER_MS);
  advance_seconds (c, 5);

  for (domid = 1; domid <= 6; domid++)
    g_test_message ("domain %u: %" G_GUINT64_FORMAT " / %" G_GUINT64_FORMAT
                    " ns (same seed), %" G_GUINT64_FORMAT " ns (other seed)", domid,
                    domus_credit_model_get_domain_time (a, domid),
                    domus_credit_model_get_domain_time (b, domid),
                    domus_credit_model_get_domain_time (c, domid));

  g_assert_cmpuint (domus_credit_model_get_now (a), ==, 5 * NS_PER_S);
  g_assert_cmpuint (domus_credit_model_get_now (b), ==, 5 * NS_PER_S);
  g_assert_true (same_times (a, b));
  g_assert_false (same_times (a, c));
}

static double
cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

/* CPU cost of one simulated second; half the domains CPU-bound, half
 * bursty (duty 0.3 over 100 ms). Run with -m perf. */
static double
cost_per_simulated_second (DomusScheduler scheduler,
                           guint          n_domains,
                           guint          n_vcpus,
                           guint          n_pcpus)
{
  g_autoptr(DomusCreditModel) model = domus_credit_model_new (scheduler, n_pcpus, SEED);
  double start;
  guint domid, v;

  for (domid = 0; domid < n_domains; domid++)
    {
      domus_credit_model_add_domain (model, domid, n_vcpus, 256, 0);
      for (v = 0; v < n_vcpus; v++)
        {
          if (domid % 2 == 0)
            domus_credit_model_set_workload (model, domid, v, &cpu_bound);
          else
            set_bursty (model, domid, v, 0.3, 100);
        }
    }
  advance_seconds (model, 1);

  start = cpu_seconds ();
  advance_seconds (model, 10);

  return (cpu_seconds () - start) / 10;
}

/* The budgets are for an optimized build on an unloaded machine. */
static void
test_perf (void)
{
  const struct { guint domains, vcpus, pcpus; double budget_ms; } sizes[] = {
    { 10, 2, 4, 2.0 },
    { 1000, 8, 16, 20.0 },
  };
  DomusScheduler s;
  guint k;

  if (!g_test_perf ())
    {
      g_test_skip ("performance test: run with -m perf");
      return;
    }

  for (s = DOMUS_SCHEDULER_CREDIT; s <= DOMUS_SCHEDULER_CREDIT2; s++)
    for (k = 0; k < G_N_ELEMENTS (sizes); k++)
      {
        double ms = 1000 * cost_per_simulated_second (s, sizes[k].domains,
                                                      sizes[k].vcpus, sizes[k].pcpus);

        g_test_message ("%s, %u domains × %u vCPUs on %u pCPUs: %.3f ms CPU per simulated second",
                        scheduler_name (s), sizes[k].domains, sizes[k].vcpus, sizes[k].pcpus, ms);
        g_assert_cmpfloat (ms, <, sizes[k].budget_ms);
      }
}

/* --- Predictions ----------------------------------------------------------
 *
 * domus_credit_model_predict_shares() at the length the UI uses, against
 * the same cases as above (what Xen gives) and against the model itself run
 * for a minute ("reality" on the simulated host).
 */

#define PREDICT_SEED 1

static void
check_predicted (const char *what,
                 double      predicted,
                 double      expected)
{
  g_test_message ("%s: predicted %.2f%%, expected %.2f%%", what, predicted, expected);
  g_assert_cmpfloat_with_epsilon (predicted, expected, TOLERANCE);
}

static DomusSharesInput
busy_input (guint domid,
            guint n_vcpus,
            guint weight,
            guint cap)
{
  DomusSharesInput input = { domid, weight, cap, n_vcpus, 100.0 * n_vcpus, FALSE, NULL, NULL };

  return input;
}

static void
predict (DomusScheduler          scheduler,
         guint                   n_pcpus,
         const DomusSharesInput *domains,
         guint                   n_domains,
         double                 *shares)
{
  double start = cpu_seconds ();
  guint i;

  domus_credit_model_predict_shares (scheduler, n_pcpus, domains, n_domains,
                                     DOMUS_CREDIT_MODEL_PREDICT_SECONDS, PREDICT_SEED, shares);
  g_test_message ("%s, %u pCPU(s), %u domain(s): predicted in %.2f ms", scheduler_name (scheduler),
                  n_pcpus, n_domains, 1000 * (cpu_seconds () - start));
  for (i = 0; i < n_domains; i++)
    g_test_message ("  domain %u: weight %u, cap %u, %u vCPU(s), demand %.1f%%%s → %.2f%%",
                    domains[i].domid, domains[i].weight, domains[i].cap, domains[i].n_vcpus,
                    domains[i].demand, domains[i].paused ? ", paused" : "", shares[i]);
}

/* 1 pCPU, weights 256 and 512, both CPU-bound → 33 / 67. */
static void
test_predict_weights (gconstpointer data)
{
  DomusScheduler scheduler = GPOINTER_TO_INT (data);
  const DomusSharesInput domains[] = { busy_input (1, 1, 256, 0), busy_input (2, 1, 512, 0) };
  double shares[2];

  predict (scheduler, 1, domains, 2, shares);
  check_predicted ("weight 256", shares[0], 100.0 / 3);
  check_predicted ("weight 512", shares[1], 200.0 / 3);
}

/* The same with the heavier capped at 20% → 80 / 20. */
static void
test_predict_cap (gconstpointer data)
{
  DomusScheduler scheduler = GPOINTER_TO_INT (data);
  const DomusSharesInput domains[] = { busy_input (1, 1, 256, 0), busy_input (2, 1, 512, 20) };
  double shares[2];

  predict (scheduler, 1, domains, 2, shares);
  check_predicted ("weight 256", shares[0], 80.0);
  check_predicted ("weight 512, cap 20", shares[1], 20.0);
}

/* 256 and 1024 pinned to pCPU 0 of an idle 4-pCPU host: 50 / 50 under
 * credit (pool-wide accounting), 20 / 80 under credit2 (by weight). */
static void
test_predict_pinned (gconstpointer data)
{
  DomusScheduler scheduler = GPOINTER_TO_INT (data);
  const guint64 pcpu0 = 1 << 0;
  DomusSharesInput domains[] = { busy_input (1, 1, 256, 0), busy_input (2, 1, 1024, 0) };
  gboolean credit2 = scheduler == DOMUS_SCHEDULER_CREDIT2;
  double shares[2];

  domains[0].affinity = &pcpu0;
  domains[1].affinity = &pcpu0;
  predict (scheduler, 4, domains, 2, shares);
  check_predicted ("weight 256 pinned to pCPU 0", shares[0], credit2 ? 20.0 : 50.0);
  check_predicted ("weight 1024 pinned to pCPU 0", shares[1], credit2 ? 80.0 : 50.0);
}

/* A domain that wants 30% beside a CPU hog on one pCPU gets its 30%. */
static void
test_predict_beside_hog (gconstpointer data)
{
  DomusScheduler scheduler = GPOINTER_TO_INT (data);
  DomusSharesInput domains[] = { busy_input (1, 1, 256, 0), busy_input (2, 1, 256, 0) };
  double shares[2];

  domains[0].demand = 30.0;
  predict (scheduler, 1, domains, 2, shares);
  check_predicted ("demand 30", shares[0], 30.0);
  check_predicted ("CPU hog", shares[1], 70.0);

  /* and one that wants 80% gets its fair half, no more */
  domains[0].demand = 80.0;
  predict (scheduler, 1, domains, 2, shares);
  check_predicted ("demand 80", shares[0], 50.0);
  check_predicted ("CPU hog", shares[1], 50.0);
}

/* Three domains that want 40% each on one pCPU share it evenly, whatever
 * the seed. (With bursty periods in step with credit1's 10 ms tick, some
 * vCPUs dodged the tick and got 40% while others got 20%.) */
static void
test_predict_contended_bursty (gconstpointer data)
{
  DomusScheduler scheduler = GPOINTER_TO_INT (data);
  DomusSharesInput domains[] = {
    busy_input (1, 1, 256, 0), busy_input (2, 1, 256, 0), busy_input (3, 1, 256, 0),
  };
  guint64 seed;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (domains); i++)
    domains[i].demand = 40.0;
  for (seed = 0; seed < 5; seed++)
    {
      double shares[3];

      domus_credit_model_predict_shares (scheduler, 1, domains, 3,
                                         DOMUS_CREDIT_MODEL_PREDICT_SECONDS, seed, shares);
      g_test_message ("%s, seed %" G_GUINT64_FORMAT ":", scheduler_name (scheduler), seed);
      for (i = 0; i < G_N_ELEMENTS (domains); i++)
        check_predicted ("demand 40", shares[i], 100.0 / 3);
    }
}

/* credit1 counts a domain's weight once per vCPU that runs. On 2 pCPUs with
 * a 2-vCPU hog beside it, a 2-vCPU domain that wants 100% gets it when both
 * its vCPUs want 50%, but only a third of the host when one vCPU wants it
 * all and the other nothing; credit2 does the same, weighing vCPUs. */
static void
test_predict_vcpu_demand (gconstpointer data)
{
  DomusScheduler scheduler = GPOINTER_TO_INT (data);
  const double one_busy[] = { 100.0, 0.0 };
  DomusSharesInput domains[] = { busy_input (1, 2, 256, 0), busy_input (2, 2, 256, 0) };
  double shares[2];

  domains[0].demand = 100.0;
  predict (scheduler, 2, domains, 2, shares);
  check_predicted ("demand 100 over 2 vCPUs", shares[0], 100.0);
  check_predicted ("2-vCPU hog", shares[1], 100.0);

  domains[0].vcpu_demand = one_busy;
  predict (scheduler, 2, domains, 2, shares);
  check_predicted ("vCPU demands 100 and 0", shares[0], 200.0 / 3);
  check_predicted ("2-vCPU hog", shares[1], 400.0 / 3);
}

/* The trap the header warns about. A CPU-bound domain of weight 256 starved
 * by a weight-768 hog on one pCPU measures 25% (credit2; credit1 gives it
 * 26.6%). What if its weight were 768 too? With its measured use as demand
 * the prediction stays there;
 * with the demand estimated from how long its vCPU waited (sampled as the
 * UI would, from the vCPU's state) it is 50%, what the host then gives. */
static void
test_predict_starved (gconstpointer data)
{
  DomusScheduler scheduler = GPOINTER_TO_INT (data);
  g_autoptr(DomusCreditModel) host = domus_credit_model_new (scheduler, 1, SEED);
  DomusSharesInput domains[] = { busy_input (1, 1, 768, 0), busy_input (2, 1, 768, 0) };
  const guint domids[] = { 1, 2 };
  guint64 before;
  guint runnable = 0, samples = 0;
  double used, waiting, estimated, naive[2], shares[2], reality[2];

  add_busy_domain (host, 1, 1, 256, 0);
  add_busy_domain (host, 2, 1, 768, 0);
  advance_seconds (host, 1);
  before = domus_credit_model_get_domain_time (host, 1);
  for (samples = 0; samples < 1000; samples++)
    {
      domus_credit_model_advance (host, 10 * NS_PER_MS);
      runnable += domus_credit_model_get_vcpu_state (host, 1, 0) == DOMUS_VCPU_STATE_RUNNABLE;
    }
  used = 100.0 * (double) (domus_credit_model_get_domain_time (host, 1) - before) / (10.0 * NS_PER_S);
  waiting = (double) runnable / samples;
  estimated = domus_credit_model_estimate_vcpu_demand (used, waiting);
  g_test_message ("%s: starved domain used %.2f%%, RUNNABLE in %u of %u samples → demand %.1f%%",
                  scheduler_name (scheduler), used, runnable, samples, estimated);
  g_assert_cmpfloat (used, <, 35.0);
  g_assert_cmpfloat (estimated, >=, 95.0);

  domains[0].demand = used;
  predict (scheduler, 1, domains, 2, naive);
  domains[0].demand = estimated;
  predict (scheduler, 1, domains, 2, shares);

  domus_credit_model_set_weight (host, 1, 768);
  measure_shares (host, domids, 2, reality);

  g_test_message ("weight 768: measured demand predicts %.2f%%, estimated demand %.2f%%, "
                  "the host gives %.2f%%", naive[0], shares[0], reality[0]);
  g_assert_cmpfloat (naive[0], <, used + TOLERANCE);
  check_predicted ("starved domain at weight 768, against the host", shares[0], reality[0]);
  check_predicted ("hog, against the host", shares[1], reality[1]);
  check_predicted ("starved domain at weight 768", shares[0], 50.0);
}

/* --- Against the real hypervisor ------------------------------------------
 *
 * What the QoS page predicts for the cases of the real-Xen fidelity tests
 * (/xen/fidelity/... in tests/xen/test-xen-fidelity.c), against what Xen 4.17
 * gave there. Measured on 4 December 2026 with
 *   DOMUS_XEN_SCHED=credit|credit2 nice -n 5 tests/xen/run.sh \
 *     tests/xen/dom0-fidelity.sh +build/tests/xen/test-xen-host=/test/test-xen-host
 * on this project's 2-core machine (load average 1.5 to 5.5): Xen booted
 * under QEMU (TCG, 2 pCPUs, dom0 with 2 vCPUs), guests running one busy
 * loop per vCPU, the CPU time Domus reads for them over 12 s. "One pCPU" is
 * a cpupool of pCPU 1 holding only the guests. docs/credit-model.md has
 * the whole table. Compared, as there, is each guest's part of what the
 * guests got, which is what the scheduler decides (the hypervisor's own
 * few % under TCG are not modelled); in a busy one-pCPU pool that is also
 * the capped guest's share. The page predicts from each domain's settings
 * and the demand it estimates, 100 per busy vCPU here.
 *
 * Left out, as the fidelity test leaves them out: the credit2 cases whose
 * split hangs on timers firing on time (4096 : 256, the three guests with a
 * cap), since Xen's timers under QEMU are about a millisecond late; and the
 * 2-vCPU guests, which did not keep both vCPUs busy. The credit2 pair
 * beside a paused weight-65535 guest hangs on timers too (another boot
 * gave 55.2 : 44.8), but is here for why it is near 50 : 50 at all, and
 * not 33 : 67: the paused guest's weight, which the prediction must count. */

typedef struct
{
  guint    vcpus;
  guint    weight;
  guint    cap;
  gboolean paused;
  guint64  affinity;   /* 0: all pCPUs */
} RealGuest;

typedef struct
{
  const char     *what;
  DomusScheduler  scheduler;
  guint           n_pcpus;     /* 2: the whole host, with an idle dom0 */
  guint           n_guests;
  RealGuest       guests[3];
  double          part[3];     /* measured, % of what the guests got */
} RealCase;

static const RealCase real_cases[] = {
  { "weights 768/256 on one pCPU", DOMUS_SCHEDULER_CREDIT, 1, 2,
    { { 1, 768, 0, FALSE, 0 }, { 1, 256, 0, FALSE, 0 } }, { 75.0, 25.0 } },
  { "weights 4096/256 on one pCPU", DOMUS_SCHEDULER_CREDIT, 1, 2,
    { { 1, 4096, 0, FALSE, 0 }, { 1, 256, 0, FALSE, 0 } }, { 93.0, 7.0 } },
  { "weights 256/512/1024, cap 30 on the 1024, one pCPU", DOMUS_SCHEDULER_CREDIT, 1, 3,
    { { 1, 256, 0, FALSE, 0 }, { 1, 512, 0, FALSE, 0 }, { 1, 1024, 30, FALSE, 0 } },
    { 24.3, 47.3, 28.4 } },
  { "weights 256/512 beside a paused 65535, one pCPU", DOMUS_SCHEDULER_CREDIT, 1, 3,
    { { 1, 256, 0, FALSE, 0 }, { 1, 512, 0, FALSE, 0 }, { 1, 65535, 0, TRUE, 0 } },
    { 33.8, 66.2, 0.0 } },
  { "weights 768/256 on one pCPU", DOMUS_SCHEDULER_CREDIT2, 1, 2,
    { { 1, 768, 0, FALSE, 0 }, { 1, 256, 0, FALSE, 0 } }, { 73.7, 26.3 } },
  { "weights 256/512 beside a paused 65535, one pCPU", DOMUS_SCHEDULER_CREDIT2, 1, 3,
    { { 1, 256, 0, FALSE, 0 }, { 1, 512, 0, FALSE, 0 }, { 1, 65535, 0, TRUE, 0 } },
    { 49.5, 50.5, 0.0 } },
  { "weights 256/512 pinned to pCPU 1 of an idle 2-pCPU pool", DOMUS_SCHEDULER_CREDIT2, 2, 2,
    { { 1, 256, 0, FALSE, 1 << 1 }, { 1, 512, 0, FALSE, 1 << 1 } }, { 34.7, 65.3 } },
};

static void
test_predict_real_xen (gconstpointer data)
{
  DomusScheduler scheduler = GPOINTER_TO_INT (data);
  guint n_checked = 0;

  for (guint c = 0; c < G_N_ELEMENTS (real_cases); c++)
    {
      const RealCase *rc = &real_cases[c];
      DomusSharesInput inputs[4];
      double shares[4], total = 0.0;
      guint n = 0, first_guest;

      if (rc->scheduler != scheduler)
        continue;
      g_test_message ("%s", rc->what);

      /* dom0, idle, when the guests share the whole host with it */
      if (rc->n_pcpus == 2)
        {
          inputs[n] = busy_input (0, 2, 256, 0);
          inputs[n++].demand = 0.0;
        }
      first_guest = n;
      for (guint g = 0; g < rc->n_guests; g++)
        {
          const RealGuest *guest = &rc->guests[g];

          inputs[n] = busy_input (g + 1, guest->vcpus, guest->weight, guest->cap);
          inputs[n].paused = guest->paused;
          inputs[n].affinity = guest->affinity != 0 ? &guest->affinity : NULL;
          n++;
        }
      g_assert_cmpuint (n, <=, G_N_ELEMENTS (inputs));
      predict (scheduler, rc->n_pcpus, inputs, n, shares);

      for (guint g = 0; g < rc->n_guests; g++)
        total += shares[first_guest + g];
      for (guint g = 0; g < rc->n_guests; g++)
        {
          const RealGuest *guest = &rc->guests[g];
          double share = shares[first_guest + g];
          g_autofree char *what = g_strdup_printf ("g%u's part (weight %u, %u vCPU(s)%s%s)", g + 1,
                                                   guest->weight, guest->vcpus,
                                                   guest->cap != 0 ? ", capped" : "",
                                                   guest->paused ? ", paused" : "");

          check_predicted (what, 100.0 * share / total, rc->part[g]);
        }
      n_checked++;
    }
  g_assert_cmpuint (n_checked, >, 0);
}

/* estimate_vcpu_demand(): ran + waited, within 0..100. */
static void
test_predict_estimate (void)
{
  const struct { double used, waiting, demand; } cases[] = {
    { 40.0, 0.6, 100.0 },   /* CPU-bound, starved */
    { 20.0, 0.0, 20.0 },    /* never kept waiting */
    { 20.0, 0.1, 30.0 },    /* kept waiting a little */
    { 90.0, 0.5, 100.0 },   /* clamped */
    { 0.0, 0.0, 0.0 },
    { -1.0, 0.0, 0.0 },
    { NAN, 0.0, 0.0 },      /* unknown counts as none */
    { 30.0, NAN, 30.0 },
    { NAN, 1.0, 100.0 },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      double demand = domus_credit_model_estimate_vcpu_demand (cases[i].used, cases[i].waiting);

      g_test_message ("used %.1f%%, waiting %.2f → demand %.1f%%", cases[i].used, cases[i].waiting, demand);
      g_assert_cmpfloat (demand, ==, cases[i].demand);
    }
}

/* A mixed host: 10 domains, bursty demands, a cap, a pinned vCPU. */
static void
mixed_inputs (DomusSharesInput *domains,
              guint             n_domains)
{
  static const guint64 pins[2] = { 1 << 3, 0xf };
  guint i;

  for (i = 0; i < n_domains; i++)
    {
      domains[i] = busy_input (i + 1, 2, 128 * (i % 4 + 1), i == 2 ? 60 : 0);
      domains[i].demand = i % 3 == 0 ? 200.0 : 15.0 + 12.0 * i;
    }
  domains[4].affinity = pins;
}

/* The same arguments and seed give the very same shares; another seed
 * moves bursty vCPUs' periods about, but the shares barely. */
static void
test_predict_determinism (gconstpointer data)
{
  DomusScheduler scheduler = GPOINTER_TO_INT (data);
  DomusSharesInput domains[10];
  double a[10], b[10], c[10];
  guint i;

  mixed_inputs (domains, 10);
  domus_credit_model_predict_shares (scheduler, 4, domains, 10, 3, 7, a);
  domus_credit_model_predict_shares (scheduler, 4, domains, 10, 3, 7, b);
  domus_credit_model_predict_shares (scheduler, 4, domains, 10, 3, 8, c);

  g_test_message ("scheduler %s", scheduler_name (scheduler));
  for (i = 0; i < 10; i++)
    {
      g_test_message ("domain %u, demand %.0f%%: %.3f%% / %.3f%% (seed 7), %.3f%% (seed 8)",
                      domains[i].domid, domains[i].demand, a[i], b[i], c[i]);
      g_assert_cmpfloat (a[i], ==, b[i]);
      g_assert_cmpfloat_with_epsilon (a[i], c[i], TOLERANCE);
    }
}

/* Nothing to predict; paused domains and domains without vCPUs get 0 and
 * leave their pCPU time to the others. */
static void
test_predict_empty_and_paused (gconstpointer data)
{
  DomusScheduler scheduler = GPOINTER_TO_INT (data);
  DomusSharesInput domains[] = {
    busy_input (1, 1, 256, 0), busy_input (2, 1, 256, 0), busy_input (3, 0, 256, 0),
  };
  double shares[3] = { -1, -1, -1 };

  domus_credit_model_predict_shares (scheduler, 1, NULL, 0, 1, PREDICT_SEED, NULL);

  domains[0].paused = TRUE;
  predict (scheduler, 1, domains, 3, shares);
  check_predicted ("paused", shares[0], 0.0);
  check_predicted ("running", shares[1], 100.0);
  check_predicted ("no vCPU", shares[2], 0.0);
  g_assert_cmpfloat (shares[0], ==, 0.0);
  g_assert_cmpfloat (shares[2], ==, 0.0);

  domains[1].paused = TRUE;
  predict (scheduler, 1, domains, 3, shares);
  g_assert_cmpfloat (shares[0] + shares[1] + shares[2], ==, 0.0);
}

/* Programmer errors: a critical, and shares all 0. */
static void
test_predict_invalid (void)
{
  DomusSharesInput domains[] = { busy_input (1, 1, 256, 0), busy_input (2, 1, 0, 0) };
  double shares[2] = { 42, 42 };

  g_test_expect_message ("domus-credit-model", G_LOG_LEVEL_CRITICAL, "*n_pcpus >= 1*");
  domus_credit_model_predict_shares (DOMUS_SCHEDULER_CREDIT, 0, domains, 1, 3, PREDICT_SEED, shares);
  g_test_assert_expected_messages ();
  g_test_message ("n_pcpus 0: %.1f%% (and %.1f%%, not asked for)", shares[0], shares[1]);
  g_assert_cmpfloat (shares[0], ==, 0.0);
  g_assert_cmpfloat (shares[1], ==, 42.0);

  shares[0] = shares[1] = 42;
  g_test_expect_message ("domus-credit-model", G_LOG_LEVEL_CRITICAL, "*d->weight >= 1*");
  domus_credit_model_predict_shares (DOMUS_SCHEDULER_CREDIT2, 1, domains, 2, 3, PREDICT_SEED, shares);
  g_test_assert_expected_messages ();
  g_test_message ("weight 0: %.1f%%, %.1f%%", shares[0], shares[1]);
  g_assert_cmpfloat (shares[0] + shares[1], ==, 0.0);

  g_test_expect_message ("domus-credit-model", G_LOG_LEVEL_CRITICAL, "*seconds >= 1.0*");
  domus_credit_model_predict_shares (DOMUS_SCHEDULER_CREDIT, 1, domains, 1, 0.5, PREDICT_SEED, shares);
  g_test_assert_expected_messages ();

  domains[1].weight = 256;
  domains[1].demand = NAN;
  g_test_expect_message ("domus-credit-model", G_LOG_LEVEL_CRITICAL, "*isnan*");
  domus_credit_model_predict_shares (DOMUS_SCHEDULER_CREDIT, 1, domains, 2, 3, PREDICT_SEED, shares);
  g_test_assert_expected_messages ();

  g_test_expect_message ("domus-credit-model", G_LOG_LEVEL_CRITICAL, "*shares != NULL*");
  domus_credit_model_predict_shares (DOMUS_SCHEDULER_CREDIT, 1, domains, 1, 3, PREDICT_SEED, NULL);
  g_test_assert_expected_messages ();
}

/* CPU time of one prediction, as the UI makes it once a second: 20 (and
 * 50) domains × 2 vCPUs on 4 pCPUs, a third CPU-bound, the rest bursty.
 * The 20 ms budget is asserted with -m perf (an optimized build on an
 * unloaded machine); the times are always printed. */
static double
predict_cost_ms (DomusScheduler scheduler,
                 guint          n_domains,
                 double         seconds)
{
  g_autofree DomusSharesInput *domains = g_new0 (DomusSharesInput, n_domains);
  g_autofree double *shares = g_new0 (double, n_domains);
  double best = G_MAXDOUBLE;
  guint i, k;

  for (i = 0; i < n_domains; i++)
    {
      domains[i] = busy_input (i + 1, 2, 128 * (i % 4 + 1), i % 7 == 3 ? 50 : 0);
      domains[i].demand = i % 3 == 0 ? 200.0 : 5.0 + (double) (i * 37 % 150);
    }
  for (k = 0; k < 5; k++)
    {
      double start = cpu_seconds ();

      domus_credit_model_predict_shares (scheduler, 4, domains, n_domains, seconds, k, shares);
      best = MIN (best, 1000 * (cpu_seconds () - start));
    }

  return best;
}

static void
test_predict_cost (void)
{
  const guint sizes[] = { 20, 50 };
  const double lengths[] = { 3.0, DOMUS_CREDIT_MODEL_PREDICT_SECONDS };
  DomusScheduler s;
  guint k, l;

  for (s = DOMUS_SCHEDULER_CREDIT; s <= DOMUS_SCHEDULER_CREDIT2; s++)
    for (k = 0; k < G_N_ELEMENTS (sizes); k++)
      for (l = 0; l < G_N_ELEMENTS (lengths); l++)
        {
          double ms = predict_cost_ms (s, sizes[k], lengths[l]);

          g_test_message ("%s, %u domains × 2 vCPUs on 4 pCPUs, %.0f s: %.2f ms CPU per prediction",
                          scheduler_name (s), sizes[k], lengths[l], ms);
          if (g_test_perf () && sizes[k] == 20 && lengths[l] == 3.0)
            g_assert_cmpfloat (ms, <, 20.0);
        }
}

static void
add_predict_for_both (const char    *name,
                      GTestDataFunc  func)
{
  DomusScheduler s;

  for (s = DOMUS_SCHEDULER_CREDIT; s <= DOMUS_SCHEDULER_CREDIT2; s++)
    {
      g_autofree char *path = g_strdup_printf ("/credit-model/predict/%s/%s", scheduler_name (s), name);

      g_test_add_data_func (path, GINT_TO_POINTER (s), func);
    }
}

static void
add_for_both (const char    *name,
              GTestDataFunc  func)
{
  DomusScheduler s;

  for (s = DOMUS_SCHEDULER_CREDIT; s <= DOMUS_SCHEDULER_CREDIT2; s++)
    {
      g_autofree char *path = g_strdup_printf ("/credit-model/%s/%s", scheduler_name (s), name);

      g_test_add_data_func (path, GINT_TO_POINTER (s), func);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  add_for_both ("weights", test_weights);
  add_for_both ("cap", test_cap_single);
  add_for_both ("spread", test_spread);
  add_for_both ("cap-multi-vcpu", test_cap_multi);
  add_for_both ("idle-heavy-domain", test_idle_heavy);
  g_test_add_func ("/credit-model/credit/pool-wide-accounting", test_pool_wide);
  g_test_add_func ("/credit-model/credit2/pinned-by-weight", test_pinned_credit2);
  add_for_both ("bursty", test_bursty);
  add_for_both ("wakeup-preempts", test_wakeup_preempts);
  add_for_both ("pause", test_pause);
  add_for_both ("vcpus-online", test_vcpus_online);
  add_for_both ("affinity", test_affinity);
  add_for_both ("remove-domain", test_remove_domain);
  add_for_both ("determinism", test_determinism);
  g_test_add_func ("/credit-model/perf", test_perf);

  add_predict_for_both ("weights", test_predict_weights);
  add_predict_for_both ("cap", test_predict_cap);
  add_predict_for_both ("pinned", test_predict_pinned);
  add_predict_for_both ("beside-hog", test_predict_beside_hog);
  add_predict_for_both ("contended-bursty", test_predict_contended_bursty);
  add_predict_for_both ("vcpu-demand", test_predict_vcpu_demand);
  add_predict_for_both ("starved", test_predict_starved);
  add_predict_for_both ("determinism", test_predict_determinism);
  add_predict_for_both ("empty-and-paused", test_predict_empty_and_paused);
  add_predict_for_both ("real-xen", test_predict_real_xen);
  g_test_add_func ("/credit-model/predict/estimate-demand", test_predict_estimate);
  g_test_add_func ("/credit-model/predict/invalid", test_predict_invalid);
  g_test_add_func ("/credit-model/predict/cost", test_predict_cost);

  return g_test_run ();
}
