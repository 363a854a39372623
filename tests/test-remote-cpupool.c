/* test-remote-cpupool.c: cpupools through domus-agent
 *
 * A simulated host with pools is served by a DomusAgent on one end of a
 * socket pair and read by a DomusRemoteHost on the other, as in
 * test-remote-host: the remote host shows the same pools and each
 * domain's, changes made through the agent (the fidelity test's setup)
 * are the simulated host's, and a refusal comes back in the host's words.
 * Then the wire form of pools refuses what is not one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <string.h>
#include <sys/socket.h>

#include "domus-error.h"
#include "domus-host-private.h"
#include "remote/domus-agent.h"
#include "remote/domus-remote-host.h"
#include "remote/domus-remote-pools.h"
#include "domus-test-remote.h"
#include "domus-test-utils.h"

static const char *scene_json =
  "{\"host\": {\"pcpus\": 4, \"memory_mib\": 8192},"
  " \"cpupools\": [{\"name\": \"Pool-0\", \"cpus\": \"0-1\"},"
  "               {\"name\": \"p1\", \"scheduler\": \"credit2\", \"cpus\": \"2\"}],"
  " \"domains\": [{\"name\": \"g\", \"workload\": {\"kind\": \"cpu\"}}, {\"name\": \"h\", \"pool\": \"p1\"}]}";

typedef struct
{
  DomusTestRemote r;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  domus_test_remote_setup (&f->r, scene_json);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  domus_test_remote_teardown (&f->r);
}

static void
assert_same_pools (DomusHost *sim,
                   DomusHost *remote)
{
  GListModel *a = domus_host_get_cpupools (sim);
  GListModel *b = domus_host_get_cpupools (remote);
  GListModel *domains = domus_host_get_domains (sim);

  g_assert_cmpuint (g_list_model_get_n_items (b), ==, g_list_model_get_n_items (a));
  for (guint i = 0; i < g_list_model_get_n_items (a); i++)
    {
      g_autoptr(DomusCpupool) pa = g_list_model_get_item (a, i);
      g_autoptr(DomusCpupool) pb = g_list_model_get_item (b, i);

      g_assert_cmpuint (domus_cpupool_get_id (pb), ==, domus_cpupool_get_id (pa));
      g_assert_cmpstr (domus_cpupool_get_name (pb), ==, domus_cpupool_get_name (pa));
      g_assert_cmpint (domus_cpupool_get_scheduler (pb), ==, domus_cpupool_get_scheduler (pa));
      g_assert_cmphex (domus_cpupool_get_cpus (pb), ==, domus_cpupool_get_cpus (pa));
      g_assert_cmpuint (domus_cpupool_get_n_domains (pb), ==, domus_cpupool_get_n_domains (pa));
    }
  for (guint i = 0; i < g_list_model_get_n_items (domains); i++)
    {
      g_autoptr(DomusDomain) da = g_list_model_get_item (domains, i);
      DomusDomain *db = domus_host_lookup_domain_by_id (remote, domus_domain_get_id (da));

      g_assert_nonnull (db);
      g_assert_cmpuint (domus_domain_get_cpupool_id (db), ==, domus_domain_get_cpupool_id (da));
    }
}

static gint64
remote_request (Fixture       *f,
                DomusRequest  *request,
                GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  domus_host_request_async (f->r.remote, request, NULL, domus_test_result_cb, &result);
  DOMUS_TEST_WAIT_UNTIL (result != NULL, 30);
  return domus_host_request_finish (f->r.remote, result, error);
}

static void
remote_ok (Fixture      *f,
           DomusRequest *request)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (remote_request (f, request, &error), ==, 0);
  g_assert_no_error (error);
  domus_test_remote_refresh (&f->r);
  assert_same_pools (f->r.sim, f->r.remote);
}

static void
test_pools (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (domus_host_get_cpupools (f->r.remote)), ==, 2);
  assert_same_pools (f->r.sim, f->r.remote);

  /* The fidelity test's setup, through the agent. */
  remote_ok (f, domus_request_new_for_cpupool (DOMUS_REQUEST_CPUPOOL_CPU_REMOVE, "Pool-0", 0x2));
  remote_ok (f, domus_test_pool_create_request ("p2", 0xa, DOMUS_SCHEDULER_CREDIT));
  g_assert_cmpstr (domus_cpupool_get_cpus_text (domus_host_lookup_cpupool_by_name (f->r.remote, "p2")), ==, "1,3");
  remote_ok (f, domus_test_pool_migrate_request (f->r.remote, "g", "p2"));
  g_assert_cmpuint (domus_domain_get_cpupool_id (domus_host_lookup_domain_by_name (f->r.remote, "g")), ==,
                    domus_cpupool_get_id (domus_host_lookup_cpupool_by_name (f->r.remote, "p2")));

  /* Refused in the host's words, whoever checks. */
  g_assert_cmpint (remote_request (f, domus_request_new_for_cpupool (DOMUS_REQUEST_CPUPOOL_DESTROY, "p1", 0), &error), ==, -1);
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, "(h)"));
  g_clear_error (&error);

  remote_ok (f, domus_test_pool_migrate_request (f->r.remote, "h", "Pool-0"));
  remote_ok (f, domus_request_new_for_cpupool (DOMUS_REQUEST_CPUPOOL_DESTROY, "p1", 0));
  g_assert_null (domus_host_lookup_cpupool_by_name (f->r.remote, "p1"));
  g_assert_null (domus_host_lookup_cpupool_by_name (f->r.sim, "p1"));
  /* Domains only refreshed keep their pools on the wire. */
  domus_test_remote_refresh (&f->r);
  domus_test_remote_refresh (&f->r);
  assert_same_pools (f->r.sim, f->r.remote);
}

/* What is not a pool list is refused, not taken in. */
static void
test_wire (void)
{
  static const char * const bad[] = {
    "([(1, 'p1', 0, 1), (0, 'Pool-0', 0, 2)], @a(uu) [])",   /* out of order */
    "([(0, '', 0, 1)], @a(uu) [])",                          /* no name */
    "([(0, 'Pool-0', 7, 1)], @a(uu) [])",                    /* no scheduler */
    "([(0, 'Pool-0', 0, 16)], @a(uu) [])",                   /* pCPU 4 of 4 */
    "([(0, 'Pool-0', 0, 3), (1, 'p1', 0, 2)], @a(uu) [])",   /* pCPU 1 twice */
    "([(0, 'Pool-0', 0, 3)], [(9, 0)])",                     /* no domain 9 */
    "([(0, 'Pool-0', 0, 3)], [(0, 5)])",                     /* no pool 5 */
  };
  g_autoptr(DomusHostSample) sample = domus_host_sample_new (4);
  g_autoptr(DomusHostSample) decoded = NULL;
  g_autoptr(GVariant) encoded = NULL;
  g_autoptr(GError) error = NULL;

  domus_host_sample_add_domain (sample, 1)->id = 0;
  domus_host_sample_add_domain (sample, 1)->id = 3;
  ((DomusDomainSample *) g_ptr_array_index (sample->domains, 1))->cpupool = 2;
  domus_host_sample_add_cpupool (sample, 0, "Pool-0", DOMUS_SCHEDULER_CREDIT, 0x3);
  domus_host_sample_add_cpupool (sample, 2, "p1", DOMUS_SCHEDULER_CREDIT2, 0x4);

  /* A round trip; the second time, nothing about the domains. */
  encoded = g_variant_ref_sink (domus_remote_pools_encode (NULL, sample));
  decoded = domus_host_sample_copy (sample);
  ((DomusDomainSample *) g_ptr_array_index (decoded->domains, 1))->cpupool = 0;
  g_assert_true (domus_remote_pools_decode (NULL, decoded, encoded, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (decoded->cpupools->len, ==, 2);
  g_assert_cmpstr (g_array_index (decoded->cpupools, DomusCpupoolSample, 1).name, ==, "p1");
  g_assert_cmpuint (((DomusDomainSample *) g_ptr_array_index (decoded->domains, 1))->cpupool, ==, 2);
  g_clear_pointer (&encoded, g_variant_unref);
  encoded = g_variant_ref_sink (domus_remote_pools_encode (sample, sample));
  {
    g_autoptr(GVariant) moved = g_variant_get_child_value (encoded, 1);

    g_assert_cmpuint (g_variant_n_children (moved), ==, 0);
  }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GVariant) variant = g_variant_parse (G_VARIANT_TYPE (DOMUS_REMOTE_POOLS_TYPE), bad[i],
                                                     NULL, NULL, &error);
      g_autoptr(DomusHostSample) target = domus_host_sample_copy (sample);

      g_assert_no_error (error);
      g_assert_false (domus_remote_pools_decode (NULL, target, variant, &error));
      g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE);
      g_test_message ("%s: %s", bad[i], error->message);
      g_clear_error (&error);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/remote-cpupool/pools", Fixture, NULL, fixture_setup, test_pools, fixture_teardown);
  g_test_add_func ("/remote-cpupool/wire", test_wire);

  return g_test_run ();
}
