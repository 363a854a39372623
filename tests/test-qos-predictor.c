/* test-qos-predictor.c: predicted and measured shares, without a display
 *
 * On the simulated host (a manual clock, refreshed once a simulated
 * second): before any refresh nothing is known; after a few, each domain's
 * prediction follows its weight, cap and appetite, and its measurement
 * (the mean of the last samples) agrees with it, as it must on the
 * simulator; a new weight moves the prediction at the next refresh. On an
 * oversubscribed host whose settings do not change, the prediction does
 * not move either.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <math.h>

#include "domus-qos-predictor.h"
#include "domus-test-utils.h"

/* Shares of one pCPU, in points. */
#define TOLERANCE 2.0

static const char scene_json[] =
  "{\"host\": {\"pcpus\": 1},"
  " \"domains\": ["
  "  {\"name\": \"light\", \"weight\": 256, \"workload\": {\"kind\": \"cpu\"}},"
  "  {\"name\": \"heavy\", \"weight\": 512, \"workload\": {\"kind\": \"cpu\"}},"
  "  {\"name\": \"idle\"}]}";

/* @seconds refreshes, one a simulated second. */
static void
refresh_for (DomusHost  *host,
             DomusClock *clock,
             guint       seconds)
{
  for (guint i = 0; i < seconds; i++)
    {
      domus_clock_advance (clock, G_USEC_PER_SEC);
      domus_host_refresh (host);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
}

static void
assert_share (DomusQosPredictor *predictor,
              DomusHost         *host,
              const char        *name,
              double             expected)
{
  DomusDomain *domain = domus_host_lookup_domain_by_name (host, name);
  double predicted = domus_qos_predictor_get_predicted (predictor, domain);
  double measured = domus_qos_predictor_get_measured (predictor, domain);

  g_test_message ("%s: predicted %.1f, measured %.1f, expected %.1f", name, predicted, measured, expected);
  g_assert_cmpfloat_with_epsilon (predicted, expected, TOLERANCE);
  g_assert_cmpfloat_with_epsilon (measured, expected, TOLERANCE);
}

static void
test_shares (void)
{
  g_autoptr(DomusClock) clock = NULL;
  g_autoptr(DomusHost) host = domus_test_sim_host_new (scene_json, &clock);
  g_autoptr(DomusQosPredictor) predictor = domus_qos_predictor_new (host);
  g_autoptr(GError) error = NULL;
  DomusDomain *light = domus_host_lookup_domain_by_name (host, "light");
  DomusRequest *request;
  guint updated = 0;

  g_signal_connect_swapped (predictor, "updated", G_CALLBACK (domus_test_count_cb), &updated);
  g_assert_true (domus_qos_predictor_get_host (predictor) == host);

  /* Nothing known before the first refresh. */
  g_assert_true (isnan (domus_qos_predictor_get_predicted (predictor, light)));
  g_assert_true (isnan (domus_qos_predictor_get_measured (predictor, light)));

  /* Once the waiting times have built up, the weights decide. */
  refresh_for (host, clock, 15);
  g_assert_cmpuint (updated, >=, 15);
  assert_share (predictor, host, "light", 100.0 / 3);
  assert_share (predictor, host, "heavy", 200.0 / 3);
  assert_share (predictor, host, "idle", 0.0);

  /* A cap of 20 on the heavy one: it moves at the next refresh. */
  request = domus_request_new_for_domain (DOMUS_REQUEST_SCHEDULER, domus_host_lookup_domain_by_name (host, "heavy"));
  request->weight = -1;
  request->cap = 20;
  domus_test_run_request (host, clock, request, &error);
  g_assert_no_error (error);
  refresh_for (host, clock, 1);
  g_assert_cmpfloat_with_epsilon (domus_qos_predictor_get_predicted (predictor, light), 80.0, TOLERANCE);
  /* ... and what it measures follows over the next samples. */
  refresh_for (host, clock, DOMUS_QOS_MEASURE_SAMPLES + 1);
  assert_share (predictor, host, "light", 80.0);
  assert_share (predictor, host, "heavy", 20.0);

  /* A domain that has gone is not known any more. */
  g_object_ref (light);
  domus_test_run_request (host, clock, domus_request_new_for_domain (DOMUS_REQUEST_DESTROY, light), &error);
  g_assert_no_error (error);
  refresh_for (host, clock, 1);
  g_assert_true (isnan (domus_qos_predictor_get_predicted (predictor, light)));
  g_object_unref (light);
}

/* The lab's clones pinned to two pCPUs: five CPU-bound vCPUs on two, where
 * half of each vCPU's samples find it waiting. Nothing changes, so the
 * prediction must not either: a vCPU never seen blocked is CPU-bound,
 * whatever the share of samples that caught it running. */
static const char oversubscribed_json[] =
  "{\"host\": {\"pcpus\": 4, \"seed\": 1},"
  " \"domains\": ["
  "  {\"name\": \"Domain-0\", \"vcpus\": 2,"
  "   \"workload\": {\"kind\": \"bursty\", \"busy_vcpus\": 2, \"duty\": 0.05, \"period_ms\": 200}},"
  "  {\"name\": \"debian10\", \"vcpus\": 2, \"affinity\": \"1-2\","
  "   \"workload\": {\"kind\": \"cpu\", \"busy_vcpus\": 1}},"
  "  {\"name\": \"clone1\", \"vcpus\": 2, \"affinity\": \"1-2\","
  "   \"workload\": {\"kind\": \"cpu\", \"busy_vcpus\": 2}},"
  "  {\"name\": \"clone2\", \"vcpus\": 2, \"affinity\": \"1-2\", \"weight\": 512,"
  "   \"workload\": {\"kind\": \"cpu\", \"busy_vcpus\": 2}}]}";

static void
test_steady (void)
{
  const char *names[] = { "debian10", "clone1", "clone2" };
  g_autoptr(DomusClock) clock = NULL;
  g_autoptr(DomusHost) host = domus_test_sim_host_new (oversubscribed_json, &clock);
  g_autoptr(DomusQosPredictor) predictor = domus_qos_predictor_new (host);
  double low[G_N_ELEMENTS (names)], high[G_N_ELEMENTS (names)];

  refresh_for (host, clock, 2 * DOMUS_QOS_MEASURE_SAMPLES);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      low[i] = INFINITY;
      high[i] = -INFINITY;
    }
  for (guint s = 0; s < 30; s++)
    {
      refresh_for (host, clock, 1);
      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        {
          DomusDomain *domain = domus_host_lookup_domain_by_name (host, names[i]);
          double predicted = domus_qos_predictor_get_predicted (predictor, domain);

          low[i] = MIN (low[i], predicted);
          high[i] = MAX (high[i], predicted);
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      DomusDomain *domain = domus_host_lookup_domain_by_name (host, names[i]);

      g_test_message ("%s: predicted %.1f..%.1f, measured %.1f", names[i], low[i], high[i],
                      domus_qos_predictor_get_measured (predictor, domain));
      g_assert_cmpfloat (high[i] - low[i], <=, 1.0);
      g_assert_cmpfloat_with_epsilon (high[i], domus_qos_predictor_get_measured (predictor, domain), TOLERANCE);
    }
}

/* Two pCPUs split in two pools: each predicted in its own, as Xen
 * schedules it ("b" alone on pCPU 0; "a" and "c" share pCPU 1 by weight),
 * not as three domains on two pCPUs. */
static void
test_pools (void)
{
  static const char json[] =
    "{\"host\": {\"pcpus\": 2},"
    " \"cpupools\": [{\"name\": \"p1\", \"scheduler\": \"credit2\", \"cpus\": \"1\"}],"
    " \"domains\": ["
    "  {\"name\": \"a\", \"weight\": 256, \"pool\": \"p1\", \"workload\": {\"kind\": \"cpu\"}},"
    "  {\"name\": \"c\", \"weight\": 512, \"pool\": \"p1\", \"workload\": {\"kind\": \"cpu\"}},"
    "  {\"name\": \"b\", \"weight\": 256, \"workload\": {\"kind\": \"cpu\"}}]}";
  g_autoptr(DomusClock) clock = NULL;
  g_autoptr(DomusHost) host = domus_test_sim_host_new (json, &clock);
  g_autoptr(DomusQosPredictor) predictor = domus_qos_predictor_new (host);

  refresh_for (host, clock, 2 * DOMUS_QOS_MEASURE_SAMPLES);
  assert_share (predictor, host, "a", 100.0 / 3);
  assert_share (predictor, host, "c", 200.0 / 3);
  assert_share (predictor, host, "b", 100.0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/qos-predictor/shares", test_shares);
  g_test_add_func ("/qos-predictor/steady", test_steady);
  g_test_add_func ("/qos-predictor/pools", test_pools);

  return g_test_run ();
}
