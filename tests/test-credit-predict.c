/* test-credit-predict.c: the credit model's predictions
 *
 * domus_credit_model_predict_shares(), as the QoS view uses it, against what
 * Xen gives (the cases of test-credit-model and of the real-Xen fidelity
 * tests) and against the model itself run for a simulated minute.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "domus-test-credit.h"

#define PREDICT_SEED 1

static void
check_predicted (const char *what,
                 double      predicted,
                 double      expected)
{
  g_test_message ("%s: predicted %.2f%%, expected %.2f%%", what, predicted, expected);
  g_assert_cmpfloat_with_epsilon (predicted, expected, DOMUS_TEST_CREDIT_TOLERANCE);
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
  double start = domus_test_credit_cpu_seconds ();
  guint i;

  domus_credit_model_predict_shares (scheduler, n_pcpus, domains, n_domains,
                                     DOMUS_CREDIT_MODEL_PREDICT_SECONDS, PREDICT_SEED, shares);
  g_test_message ("%s, %u pCPU(s), %u domain(s): predicted in %.2f ms", domus_scheduler_to_string (scheduler),
                  n_pcpus, n_domains, 1000 * (domus_test_credit_cpu_seconds () - start));
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

/* Under credit, 256 and 512 pinned to pCPU 1 of a 2-pCPU pool beside a
 * dom0 whose two vCPUs work 20 % of a pCPU each (Domus reading the host
 * under TCG): in bursts every 13 ms dom0 is caught by every tick, its weight
 * counts in every accounting and the lighter guest goes OVER (41 : 59); in
 * a burst a second, as a tool's reads come, it counts only around it and
 * the guests keep Xen's 50 : 50 (/xen/fidelity). */
static void
test_predict_dom0_bursts (void)
{
  const guint64 pcpu1 = 1 << 1;
  const double dom0_demand[] = { 20.0, 20.0 };
  DomusSharesInput domains[] = { busy_input (0, 2, 256, 0), busy_input (1, 1, 256, 0), busy_input (2, 1, 512, 0) };
  double shares[3];

  domains[0].vcpu_demand = dom0_demand;
  domains[1].affinity = &pcpu1;
  domains[2].affinity = &pcpu1;
  predict (DOMUS_SCHEDULER_CREDIT, 2, domains, 3, shares);
  g_assert_cmpfloat (shares[1], <, 47.0);
  domains[0].period_ms = 1000;
  predict (DOMUS_SCHEDULER_CREDIT, 2, domains, 3, shares);
  check_predicted ("weight 256 pinned, dom0 in a burst a second", shares[1], 50.0);
  check_predicted ("weight 512 pinned, dom0 in a burst a second", shares[2], 50.0);
  check_predicted ("dom0 in a burst a second", shares[0], 40.0);
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
      g_test_message ("%s, seed %" G_GUINT64_FORMAT ":", domus_scheduler_to_string (scheduler), seed);
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
  g_autoptr(DomusCreditModel) host = domus_credit_model_new (scheduler, 1, DOMUS_TEST_CREDIT_SEED);
  DomusSharesInput domains[] = { busy_input (1, 1, 768, 0), busy_input (2, 1, 768, 0) };
  const guint domids[] = { 1, 2 };
  guint64 before;
  guint runnable = 0, samples = 0;
  double used, waiting, estimated, naive[2], shares[2], reality[2];

  domus_test_credit_add_busy (host, 1, 1, 256, 0);
  domus_test_credit_add_busy (host, 2, 1, 768, 0);
  domus_test_credit_advance (host, 1);
  before = domus_credit_model_get_domain_time (host, 1);
  for (samples = 0; samples < 1000; samples++)
    {
      domus_credit_model_advance (host, 10 * DOMUS_TEST_NS_PER_MS);
      runnable += domus_credit_model_get_vcpu_state (host, 1, 0) == DOMUS_VCPU_STATE_RUNNABLE;
    }
  used = 100.0 * (double) (domus_credit_model_get_domain_time (host, 1) - before) / (10.0 * DOMUS_TEST_NS_PER_S);
  waiting = (double) runnable / samples;
  estimated = domus_credit_model_estimate_vcpu_demand (used, waiting);
  g_test_message ("%s: starved domain used %.2f%%, RUNNABLE in %u of %u samples → demand %.1f%%",
                  domus_scheduler_to_string (scheduler), used, runnable, samples, estimated);
  g_assert_cmpfloat (used, <, 35.0);
  g_assert_cmpfloat (estimated, >=, 95.0);

  domains[0].demand = used;
  predict (scheduler, 1, domains, 2, naive);
  domains[0].demand = estimated;
  predict (scheduler, 1, domains, 2, shares);

  domus_credit_model_set_weight (host, 1, 768);
  domus_test_credit_measure (host, domids, 2, reality);

  g_test_message ("weight 768: measured demand predicts %.2f%%, estimated demand %.2f%%, "
                  "the host gives %.2f%%", naive[0], shares[0], reality[0]);
  g_assert_cmpfloat (naive[0], <, used + DOMUS_TEST_CREDIT_TOLERANCE);
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

  g_test_message ("scheduler %s", domus_scheduler_to_string (scheduler));
  for (i = 0; i < 10; i++)
    {
      g_test_message ("domain %u, demand %.0f%%: %.3f%% / %.3f%% (seed 7), %.3f%% (seed 8)",
                      domains[i].domid, domains[i].demand, a[i], b[i], c[i]);
      g_assert_cmpfloat (a[i], ==, b[i]);
      g_assert_cmpfloat_with_epsilon (a[i], c[i], DOMUS_TEST_CREDIT_TOLERANCE);
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
      double start = domus_test_credit_cpu_seconds ();

      domus_credit_model_predict_shares (scheduler, 4, domains, n_domains, seconds, k, shares);
      best = MIN (best, 1000 * (domus_test_credit_cpu_seconds () - start));
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
                          domus_scheduler_to_string (s), sizes[k], lengths[l], ms);
          if (g_test_perf () && sizes[k] == 20 && lengths[l] == 3.0)
            g_assert_cmpfloat (ms, <, 20.0);
        }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  domus_test_credit_add_for_both ("/credit-model/predict", "weights", test_predict_weights);
  domus_test_credit_add_for_both ("/credit-model/predict", "cap", test_predict_cap);
  domus_test_credit_add_for_both ("/credit-model/predict", "pinned", test_predict_pinned);
  domus_test_credit_add_for_both ("/credit-model/predict", "beside-hog", test_predict_beside_hog);
  domus_test_credit_add_for_both ("/credit-model/predict", "contended-bursty", test_predict_contended_bursty);
  domus_test_credit_add_for_both ("/credit-model/predict", "vcpu-demand", test_predict_vcpu_demand);
  domus_test_credit_add_for_both ("/credit-model/predict", "starved", test_predict_starved);
  domus_test_credit_add_for_both ("/credit-model/predict", "determinism", test_predict_determinism);
  domus_test_credit_add_for_both ("/credit-model/predict", "empty-and-paused", test_predict_empty_and_paused);
  domus_test_credit_add_for_both ("/credit-model/predict", "real-xen", test_predict_real_xen);
  g_test_add_func ("/credit-model/predict/credit/dom0-bursts", test_predict_dom0_bursts);
  g_test_add_func ("/credit-model/predict/estimate-demand", test_predict_estimate);
  g_test_add_func ("/credit-model/predict/invalid", test_predict_invalid);
  g_test_add_func ("/credit-model/predict/cost", test_predict_cost);

  return g_test_run ();
}
