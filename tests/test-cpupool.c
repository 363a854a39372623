/* test-cpupool.c: the host's cpupools, and what DomusHost refuses of them
 *
 * A scripted backend hands DomusHost samples with pools: the pools are
 * kept as DomusCpupool, updated in place, their domains counted, and a
 * sample without pools shows Pool-0 of every pCPU. Then the checks every
 * cpupool request passes before a backend sees it, against those pools,
 * as Xen would refuse them (the simulated host's own tests are in
 * test-sim-cpupool.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "domus-cpulist.h"
#include "domus-error.h"
#include "domus-test-host.h"
#include "domus-test-utils.h"

/* Four pCPUs; with @pools, Pool-0 (0-1, credit, Domain-0 and "a") and p1
 * (2, credit2, "b"); pCPU 3 free. */
static DomusHostSample *
make_sample (double   time_s,
             gboolean pools)
{
  DomusHostSample *sample = domus_host_sample_new (4);

  sample->time_us = (gint64) (time_s * G_USEC_PER_SEC);
  domus_test_sample_add_domain (sample, 0, "Domain-0", 1);
  domus_test_sample_add_domain (sample, 1, "a", 1);
  domus_test_sample_add_domain (sample, 2, "b", 1)->cpupool = pools ? 5 : 0;
  if (pools)
    {
      domus_host_sample_add_cpupool (sample, 0, "Pool-0", DOMUS_SCHEDULER_CREDIT, 0x3);
      domus_host_sample_add_cpupool (sample, 5, "p1", DOMUS_SCHEDULER_CREDIT2, 0x4);
    }
  return sample;
}

static DomusCpupool *
pool_at (DomusHost *host,
         guint      i)
{
  g_autoptr(DomusCpupool) pool = g_list_model_get_item (domus_host_get_cpupools (host), i);
  return pool;  /* the host's list keeps it alive */
}

static DomusTestHost *
started_host (DomusClock *clock,
              gboolean    pools)
{
  DomusTestHost *self = domus_test_host_new (clock, "4.17.0", 4, 4 * 1024 * 1024,
                                             DOMUS_SCHEDULER_CREDIT);

  domus_test_host_answer_sample (self, make_sample (0, pools));
  _domus_host_start (DOMUS_HOST (self));
  return self;
}

static void
test_model (void)
{
  g_autoptr(DomusClock) clock = domus_clock_new_manual ();
  g_autoptr(DomusTestHost) self = started_host (clock, FALSE);
  DomusHost *host = DOMUS_HOST (self);
  DomusCpupool *pool0, *p1;

  /* No pools from the backend: the one Xen always has. */
  g_assert_cmpuint (g_list_model_get_n_items (domus_host_get_cpupools (host)), ==, 1);
  pool0 = pool_at (host, 0);
  g_assert_cmpuint (domus_cpupool_get_id (pool0), ==, 0);
  g_assert_cmpstr (domus_cpupool_get_name (pool0), ==, "Pool-0");
  g_assert_cmpstr (domus_cpupool_get_cpus_text (pool0), ==, "0-3");
  g_assert_cmpuint (domus_cpupool_get_n_cpus (pool0), ==, 4);
  g_assert_cmpuint (domus_cpupool_get_n_domains (pool0), ==, 3);
  g_assert_true (domus_cpupool_get_scheduler (pool0) == DOMUS_SCHEDULER_CREDIT);

  /* p1 appears; Pool-0 is the same object, updated. */
  domus_test_host_answer_sample (self, make_sample (1, TRUE));
  domus_clock_advance (clock, G_USEC_PER_SEC);
  g_assert_cmpuint (g_list_model_get_n_items (domus_host_get_cpupools (host)), ==, 2);
  g_assert_true (pool_at (host, 0) == pool0);
  g_assert_cmpstr (domus_cpupool_get_cpus_text (pool0), ==, "0-1");
  g_assert_cmpuint (domus_cpupool_get_n_domains (pool0), ==, 2);
  p1 = pool_at (host, 1);
  g_assert_cmpstr (domus_cpupool_get_name (p1), ==, "p1");
  g_assert_cmpstr (domus_cpupool_get_cpus_text (p1), ==, "2");
  g_assert_true (domus_cpupool_get_scheduler (p1) == DOMUS_SCHEDULER_CREDIT2);
  g_assert_cmpuint (domus_cpupool_get_n_domains (p1), ==, 1);
  g_assert_cmpuint (domus_domain_get_cpupool_id (domus_host_lookup_domain_by_name (host, "b")), ==, 5);
  g_assert_true (domus_host_lookup_cpupool_by_name (host, "p1") == p1);
  g_assert_true (domus_host_lookup_cpupool_by_id (host, 5) == p1);
  g_assert_true (domus_host_lookup_cpupool_of_cpu (host, 2) == p1);
  g_assert_null (domus_host_lookup_cpupool_of_cpu (host, 3));

  /* p1 goes away. */
  domus_test_host_answer_sample (self, make_sample (2, FALSE));
  domus_clock_advance (clock, G_USEC_PER_SEC);
  g_assert_cmpuint (g_list_model_get_n_items (domus_host_get_cpupools (host)), ==, 1);
  g_assert_null (domus_host_lookup_cpupool_by_name (host, "p1"));
}

/* Sends @request to @host and returns the error it ends with. */
static GError *
refusal (DomusHost    *host,
         DomusRequest *request)
{
  g_autoptr(GAsyncResult) result = NULL;
  GError *error = NULL;

  domus_host_request_async (host, request, NULL, domus_test_result_cb, &result);
  DOMUS_TEST_WAIT_UNTIL (result != NULL, 10);
  g_assert_cmpint (domus_host_request_finish (host, result, &error), ==, -1);
  g_assert_nonnull (error);
  return error;
}

static void
test_refused (void)
{
  g_autoptr(DomusClock) clock = domus_clock_new_manual ();
  g_autoptr(DomusTestHost) self = started_host (clock, TRUE);
  DomusHost *host = DOMUS_HOST (self);
  DomusRequest *request;
  GError *error;

  /* An unknown pool. */
  error = refusal (host, domus_request_new_for_cpupool (DOMUS_REQUEST_CPUPOOL_CPU_ADD, "nope", 0x8));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "“nope”"));
  g_clear_error (&error);

  /* A pCPU of another pool: Xen wants it free first. */
  error = refusal (host, domus_request_new_for_cpupool (DOMUS_REQUEST_CPUPOOL_CPU_ADD, "p1", 0x2));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, "cpupool-cpu-remove Pool-0 1"));
  g_clear_error (&error);
  request = domus_request_new_for_cpupool (DOMUS_REQUEST_CPUPOOL_CREATE, "p2", 0x9);
  error = refusal (host, request);
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, "pCPU 0 is in cpupool “Pool-0”"));
  g_clear_error (&error);

  /* A name taken, or no name. */
  error = refusal (host, domus_request_new_for_cpupool (DOMUS_REQUEST_CPUPOOL_CREATE, "p1", 0x8));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_EXISTS);
  g_clear_error (&error);
  error = refusal (host, domus_request_new_for_cpupool (DOMUS_REQUEST_CPUPOOL_CREATE, "", 0x8));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  error = refusal (host, domus_request_new_for_cpupool (DOMUS_REQUEST_CPUPOOL_CREATE, "my pool", 0x8));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* Not empty: the domains are named. */
  error = refusal (host, domus_request_new_for_cpupool (DOMUS_REQUEST_CPUPOOL_DESTROY, "p1", 0));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, "(b)"));
  g_clear_error (&error);
  error = refusal (host, domus_request_new_for_cpupool (DOMUS_REQUEST_CPUPOOL_DESTROY, "Pool-0", 0));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);

  /* The last pCPU of a pool with domains; a pCPU not in the pool. */
  error = refusal (host, domus_request_new_for_cpupool (DOMUS_REQUEST_CPUPOOL_CPU_REMOVE, "p1", 0x4));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, "without pCPUs"));
  g_assert_nonnull (strstr (error->message, "(b)"));
  g_clear_error (&error);
  error = refusal (host, domus_request_new_for_cpupool (DOMUS_REQUEST_CPUPOOL_CPU_REMOVE, "p1", 0x8));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  error = refusal (host, domus_request_new_for_cpupool (DOMUS_REQUEST_CPUPOOL_CPU_ADD, "p1", 0x10));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* Domain-0 stays in Pool-0. */
  request = domus_request_new_for_domain (DOMUS_REQUEST_CPUPOOL_MIGRATE,
                                          domus_host_lookup_domain_by_id (host, 0));
  request->pool = g_strdup ("p1");
  error = refusal (host, request);
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);

  /* What passes goes to the backend, which here cannot do it; by number too. */
  error = refusal (host, domus_request_new_for_cpupool (DOMUS_REQUEST_CPUPOOL_CPU_ADD, "5", 0x8));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);
  error = refusal (host, domus_request_new_for_cpupool (DOMUS_REQUEST_CPUPOOL_CREATE, "p2", 0x8));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cpupool/model", test_model);
  g_test_add_func ("/cpupool/refused", test_refused);

  return g_test_run ();
}
