/* test-sim-cpupool.c: cpupools on the simulated host
 *
 * Each pool runs its own scheduler on its own pCPUs, as Xen's do: its
 * domains run only there. The five requests end to end on the manual
 * clock, as the real-Xen fidelity test sets up its pool p1, and the
 * refusals, as Xen refuses: a pool with domains is not destroyed nor left
 * without pCPUs, a pCPU joins a pool only when free, an unknown pool.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "domus-error.h"
#include "domus-test-utils.h"

/* Two CPU-bound domains on four pCPUs: "a" in p1 (2-3, credit2), "b" in Pool-0. */
static const char *split =
  "{\"host\": {\"pcpus\": 4, \"memory_mib\": 4096},"
  " \"cpupools\": [{\"name\": \"p1\", \"scheduler\": \"credit2\", \"cpus\": \"2-3\"}],"
  " \"domains\": [{\"name\": \"a\", \"vcpus\": 2, \"pool\": \"p1\", \"workload\": {\"kind\": \"cpu\"}},"
  "              {\"name\": \"b\", \"vcpus\": 4, \"workload\": {\"kind\": \"cpu\"}}]}";

/* The fidelity test's host: two pCPUs, one CPU-bound guest. */
static const char *pair =
  "{\"host\": {\"pcpus\": 2, \"memory_mib\": 4096},"
  " \"domains\": [{\"name\": \"g\", \"workload\": {\"kind\": \"cpu\"}}]}";

static DomusCpupool *
pool_named (DomusHost  *host,
            const char *name)
{
  return domus_host_lookup_cpupool_by_name (host, name);
}

static guint
vcpu_pcpu (DomusDomain *domain,
           guint        i)
{
  g_autoptr(DomusVcpu) vcpu = g_list_model_get_item (domus_domain_get_vcpus (domain), i);

  return domus_vcpu_get_pcpu (vcpu);
}

static const char *
vcpu_affinity (DomusDomain *domain,
               guint        i)
{
  g_autoptr(DomusVcpu) vcpu = g_list_model_get_item (domus_domain_get_vcpus (domain), i);

  return domus_vcpu_get_affinity (vcpu);
}

static void
test_scene_pools (void)
{
  g_autoptr(DomusClock) clock = NULL;
  g_autoptr(DomusHost) host = domus_test_sim_host_new (split, &clock);
  DomusDomain *a, *b;

  domus_clock_advance (clock, 3 * G_USEC_PER_SEC);
  g_assert_cmpuint (g_list_model_get_n_items (domus_host_get_cpupools (host)), ==, 2);
  g_assert_cmpstr (domus_cpupool_get_cpus_text (pool_named (host, "Pool-0")), ==, "0-1");
  g_assert_cmpuint (domus_cpupool_get_n_domains (pool_named (host, "Pool-0")), ==, 2);
  g_assert_cmpstr (domus_cpupool_get_cpus_text (pool_named (host, "p1")), ==, "2-3");
  g_assert_true (domus_cpupool_get_scheduler (pool_named (host, "p1")) == DOMUS_SCHEDULER_CREDIT2);
  g_assert_cmpuint (domus_cpupool_get_n_domains (pool_named (host, "p1")), ==, 1);

  a = domus_host_lookup_domain_by_name (host, "a");
  b = domus_host_lookup_domain_by_name (host, "b");
  g_assert_cmpuint (domus_domain_get_cpupool_id (a), ==, domus_cpupool_get_id (pool_named (host, "p1")));
  g_assert_cmpuint (domus_domain_get_cpupool_id (b), ==, 0);
  /* "a" has its pool's two pCPUs to itself; "b"'s four vCPUs share two. */
  g_assert_cmpfloat_with_epsilon (domus_domain_get_cpu_percent (a), 200.0, 2.0);
  g_assert_cmpfloat (domus_domain_get_cpu_percent (b), <=, 200.0 + 2.0);
  g_assert_cmpfloat (domus_domain_get_cpu_percent (b), >=, 190.0);
  for (guint v = 0; v < 2; v++)
    {
      g_assert_cmpuint (vcpu_pcpu (a, v), >=, 2);
      g_assert_cmpstr (vcpu_affinity (a, v), ==, "all");
    }
  for (guint v = 0; v < 4; v++)
    g_assert_cmpuint (vcpu_pcpu (b, v), <=, 1);
}

static void
run_ok (DomusHost    *host,
        DomusClock   *clock,
        DomusRequest *request)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (domus_test_run_request (host, clock, request, &error), ==, 0);
  g_assert_no_error (error);
}

static void
assert_refused (DomusHost    *host,
                DomusClock   *clock,
                DomusRequest *request,
                int           code,
                const char   *words)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (domus_test_run_request (host, clock, request, &error), ==, -1);
  g_assert_error (error, DOMUS_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, words));
}

static void
test_requests (void)
{
  g_autoptr(DomusClock) clock = NULL;
  g_autoptr(DomusHost) host = domus_test_sim_host_new (pair, &clock);
  DomusDomain *g = domus_host_lookup_domain_by_name (host, "g");
  guint64 before;

  /* As the fidelity test: pCPU 1 out of Pool-0, then a pool of it. */
  assert_refused (host, clock, domus_test_pool_create_request ("p1", 0x2, DOMUS_SCHEDULER_CREDIT2),
                  DOMUS_ERROR_BUSY, "cpupool-cpu-remove Pool-0 1");
  run_ok (host, clock, domus_request_new_for_cpupool (DOMUS_REQUEST_CPUPOOL_CPU_REMOVE, "Pool-0", 0x2));
  g_assert_cmpstr (domus_cpupool_get_cpus_text (pool_named (host, "Pool-0")), ==, "0");
  g_assert_null (domus_host_lookup_cpupool_of_cpu (host, 1));
  run_ok (host, clock, domus_test_pool_create_request ("p1", 0x2, DOMUS_SCHEDULER_CREDIT2));
  g_assert_cmpstr (domus_cpupool_get_cpus_text (pool_named (host, "p1")), ==, "1");
  g_assert_true (domus_cpupool_get_scheduler (pool_named (host, "p1")) == DOMUS_SCHEDULER_CREDIT2);
  g_assert_cmpuint (domus_cpupool_get_n_domains (pool_named (host, "p1")), ==, 0);

  /* The guest moves in: it runs on pCPU 1 only, its CPU time going on. */
  domus_clock_advance (clock, 2 * G_USEC_PER_SEC);
  before = domus_domain_get_cpu_time (g);
  run_ok (host, clock, domus_test_pool_migrate_request (host, "g", "p1"));
  domus_clock_advance (clock, 3 * G_USEC_PER_SEC);
  g_assert_cmpuint (domus_domain_get_cpupool_id (g), ==, domus_cpupool_get_id (pool_named (host, "p1")));
  g_assert_cmpuint (domus_cpupool_get_n_domains (pool_named (host, "p1")), ==, 1);
  g_assert_cmpuint (vcpu_pcpu (g, 0), ==, 1);
  g_assert_cmpuint (domus_domain_get_cpu_time (g), >, before + 2 * G_GUINT64_CONSTANT (1000000000));
  g_assert_cmpfloat_with_epsilon (domus_domain_get_cpu_percent (g), 100.0, 1.0);
  g_assert_cmpfloat_with_epsilon (domus_series_get_last (domus_host_get_series (host),
                                                         DOMUS_HOST_SERIES_PCPU0 + 1), 100.0, 1.0);

  /* What Xen refuses. */
  assert_refused (host, clock, domus_request_new_for_cpupool (DOMUS_REQUEST_CPUPOOL_DESTROY, "p1", 0),
                  DOMUS_ERROR_BUSY, "(g)");
  assert_refused (host, clock, domus_request_new_for_cpupool (DOMUS_REQUEST_CPUPOOL_CPU_REMOVE, "p1", 0x2),
                  DOMUS_ERROR_BUSY, "without pCPUs");
  assert_refused (host, clock, domus_request_new_for_cpupool (DOMUS_REQUEST_CPUPOOL_CPU_ADD, "p1", 0x1),
                  DOMUS_ERROR_BUSY, "cpupool-cpu-remove Pool-0 0");
  assert_refused (host, clock, domus_request_new_for_cpupool (DOMUS_REQUEST_CPUPOOL_CPU_ADD, "p9", 0x1),
                  DOMUS_ERROR_NOT_FOUND, "“p9”");
  assert_refused (host, clock, domus_test_pool_migrate_request (host, "g", "p9"), DOMUS_ERROR_NOT_FOUND, "“p9”");

  /* Back as it was: the guest home, p1 destroyed, pCPU 1 in Pool-0 again. */
  run_ok (host, clock, domus_test_pool_migrate_request (host, "g", "Pool-0"));
  run_ok (host, clock, domus_request_new_for_cpupool (DOMUS_REQUEST_CPUPOOL_DESTROY, "p1", 0));
  g_assert_null (pool_named (host, "p1"));
  g_assert_null (domus_host_lookup_cpupool_of_cpu (host, 1));
  run_ok (host, clock, domus_request_new_for_cpupool (DOMUS_REQUEST_CPUPOOL_CPU_ADD, "Pool-0", 0x2));
  g_assert_cmpstr (domus_cpupool_get_cpus_text (pool_named (host, "Pool-0")), ==, "0-1");
  before = domus_domain_get_cpu_time (g);
  domus_clock_advance (clock, 2 * G_USEC_PER_SEC);
  g_assert_cmpuint (domus_domain_get_cpu_time (g), >, before + G_GUINT64_CONSTANT (1900000000));
}

/* A pool's pCPUs change under its domains: they run on the new ones,
 * their affinity kept where it still names some. */
static void
test_cpus_change (void)
{
  g_autoptr(DomusClock) clock = NULL;
  g_autoptr(DomusHost) host = domus_test_sim_host_new (split, &clock);
  DomusDomain *a = domus_host_lookup_domain_by_name (host, "a");

  run_ok (host, clock, domus_request_new_for_cpupool (DOMUS_REQUEST_CPUPOOL_CPU_REMOVE, "p1", 0x4));
  domus_clock_advance (clock, 3 * G_USEC_PER_SEC);
  g_assert_cmpstr (domus_cpupool_get_cpus_text (pool_named (host, "p1")), ==, "3");
  g_assert_cmpfloat_with_epsilon (domus_domain_get_cpu_percent (a), 100.0, 1.0);
  g_assert_cmpuint (vcpu_pcpu (a, 0), ==, 3);
  g_assert_cmpuint (vcpu_pcpu (a, 1), ==, 3);
  g_assert_cmpfloat_with_epsilon (domus_series_get_last (domus_host_get_series (host),
                                                         DOMUS_HOST_SERIES_PCPU0 + 2), 0.0, 0.1);

  /* Pinning outside its pool is refused, as by Xen. */
  {
    DomusRequest *pin = domus_request_new_for_domain (DOMUS_REQUEST_PIN, a);

    pin->affinity = 0x1;
    assert_refused (host, clock, pin, DOMUS_ERROR_INVALID_ARGUMENT, "cpupool “p1”");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sim-cpupool/scene", test_scene_pools);
  g_test_add_func ("/sim-cpupool/requests", test_requests);
  g_test_add_func ("/sim-cpupool/cpus-change", test_cpus_change);

  return g_test_run ();
}
