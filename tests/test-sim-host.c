/* test-sim-host.c: the simulated host on a virtual clock
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "domus-backend.h"
#include "domus-error.h"
#include "sim/domus-sim-host.h"
#include "domus-test-utils.h"

static void
test_lab_scene (void)
{
  g_autoptr(DomusScene) scene = domus_scene_new_default ();
  g_autoptr(DomusClock) clock = domus_clock_new_manual ();
  g_autoptr(DomusHost) host = domus_sim_host_new (scene, clock);
  GListModel *domains = domus_host_get_domains (host);
  DomusDomain *dom0, *debian10, *clone1, *clone2, *hvm;
  double total = 0, vcpu_sum = 0;
  DomusSeries *series;

  /* The first sample is taken at once. */
  g_assert_true (domus_host_is_ready (host));
  g_assert_true (domus_host_is_simulated (host));
  g_assert_cmpuint (g_list_model_get_n_items (domains), ==, 5);
  g_assert_cmpuint (domus_host_get_n_pcpus (host), ==, 4);
  g_assert_cmpuint (domus_host_get_total_memory_kib (host), ==, 8192 * 1024);
  /* 8 GiB less 2 + 1 + 1 + 1 + 2 GiB of domains */
  g_assert_cmpuint (domus_host_get_free_memory_kib (host), ==, 1024 * 1024);

  dom0 = domus_host_lookup_domain_by_id (host, 0);
  debian10 = domus_host_lookup_domain_by_name (host, "debian10");
  clone1 = domus_host_lookup_domain_by_name (host, "clone1");
  clone2 = domus_host_lookup_domain_by_name (host, "clone2");
  hvm = domus_host_lookup_domain_by_name (host, "debian_hvm");
  g_assert_nonnull (dom0);
  g_assert_cmpstr (domus_domain_get_name (dom0), ==, "Domain-0");
  g_assert_cmpuint (domus_domain_get_vcpus_online (dom0), ==, 2);
  g_assert_cmpuint (domus_domain_get_id (debian10), ==, 1);
  g_assert_cmpint (domus_domain_get_domain_type (hvm), ==, DOMUS_DOMAIN_TYPE_HVM);
  g_assert_null (domus_host_lookup_domain_by_name (host, "nonesuch"));
  /* A number is not a name, nor the other way round. */
  g_assert_null (domus_host_lookup_domain_by_name (host, "0"));
  g_assert_null (domus_host_lookup_domain_by_id (host, 99));
  g_assert_true (domus_host_lookup_domain_by_id (host, 1) == debian10);

  /* A minute of simulated time, sampled every second. */
  domus_clock_advance (clock, 60 * G_USEC_PER_SEC);
  series = domus_domain_get_series (clone2);
  g_assert_cmpuint (domus_series_get_n_samples (series), ==, 61);

  for (guint i = 0; i < g_list_model_get_n_items (domains); i++)
    {
      g_autoptr(DomusDomain) domain = g_list_model_get_item (domains, i);
      g_test_message ("%-10s %6.1f%%", domus_domain_get_name (domain),
                      domus_domain_get_cpu_percent (domain));
      total += domus_domain_get_cpu_percent (domain);
    }

  /* Four pCPUs, five CPU-bound vCPUs: the host is full... */
  g_assert_cmpfloat (total, <=, 400.0 + 0.5);
  g_assert_cmpfloat (total, >=, 395.0);
  /* ...and the weights decide: clone2 (512) beats clone1 (256) whose two
   * busy vCPUs beat debian10's one; the idle HVM domain takes nothing. */
  g_assert_cmpfloat (domus_domain_get_cpu_percent (clone2), >, domus_domain_get_cpu_percent (clone1) + 20);
  g_assert_cmpfloat (domus_domain_get_cpu_percent (clone1), >, domus_domain_get_cpu_percent (debian10) + 20);
  g_assert_cmpfloat (domus_domain_get_cpu_percent (hvm), <, 0.5);
  g_assert_cmpint (domus_domain_get_state (hvm), ==, DOMUS_DOMAIN_STATE_BLOCKED);

  /* The per-vCPU figures add up to the domain's. */
  for (guint v = 0; v < 2; v++)
    {
      g_autoptr(DomusVcpu) vcpu = g_list_model_get_item (domus_domain_get_vcpus (clone2), v);
      vcpu_sum += domus_vcpu_get_cpu_percent (vcpu);
    }
  g_assert_cmpfloat_with_epsilon (vcpu_sum, domus_domain_get_cpu_percent (clone2), 0.01);

  /* History holds the same figure as the property. */
  g_assert_cmpfloat_with_epsilon (domus_series_get_last (series, DOMUS_DOMAIN_SERIES_CPU),
                                  domus_domain_get_cpu_percent (clone2), 0.05);
  g_assert_cmpfloat_with_epsilon (domus_series_get_last (domus_host_get_series (host),
                                                         DOMUS_HOST_SERIES_FREE_MEMORY),
                                  1024.0, 0.2);
}

static void
test_refresh_interval (void)
{
  g_autoptr(DomusClock) clock = NULL;
  g_autoptr(DomusHost) host = domus_test_sim_host_new (NULL, &clock);
  DomusTimeline *timeline = domus_host_get_timeline (host);

  domus_clock_advance (clock, 10 * G_USEC_PER_SEC);
  g_assert_cmpuint (domus_timeline_get_tick (timeline), ==, 11);

  domus_host_set_refresh_interval (host, 250);
  domus_clock_advance (clock, 10 * G_USEC_PER_SEC);
  g_assert_cmpuint (domus_timeline_get_tick (timeline), ==, 51);
}

static void
test_deterministic (void)
{
  g_autoptr(DomusScene) scene = domus_scene_new_default ();
  double first[5];

  for (guint run = 0; run < 2; run++)
    {
      g_autoptr(DomusClock) clock = domus_clock_new_manual ();
      g_autoptr(DomusHost) host = domus_sim_host_new (scene, clock);
      GListModel *domains = domus_host_get_domains (host);

      domus_clock_advance (clock, 5 * G_USEC_PER_SEC);
      for (guint i = 0; i < 5; i++)
        {
          g_autoptr(DomusDomain) domain = g_list_model_get_item (domains, i);

          if (run == 0)
            first[i] = domus_domain_get_cpu_percent (domain);
          else
            g_assert_cmpfloat (first[i], ==, domus_domain_get_cpu_percent (domain));
        }
    }
}

static void
test_backend_open (void)
{
  DomusBackendOptions options = { .kind = DOMUS_BACKEND_AUTO };
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusHost) host = NULL;

  /* No Xen here (the test suite's real-Xen runs are in tests/xen/): the
   * automatic choice falls back to the simulator and says why. */
  host = domus_backend_open (&options, &error);
  g_assert_no_error (error);
  g_assert_true (domus_host_is_simulated (host));
  g_assert_nonnull (domus_host_get_notice (host));
  g_assert_true (strstr (domus_host_get_notice (host), "simulated host") != NULL);
  g_clear_object (&host);

  options.kind = DOMUS_BACKEND_XEN;
  g_assert_null (domus_backend_open (&options, &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_NO_XEN);
  g_clear_error (&error);

  options.kind = DOMUS_BACKEND_SIMULATED;
  options.scene_path = "/nonexistent.json";
  g_assert_null (domus_backend_open (&options, &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sim-host/lab-scene", test_lab_scene);
  g_test_add_func ("/sim-host/refresh-interval", test_refresh_interval);
  g_test_add_func ("/sim-host/deterministic", test_deterministic);
  g_test_add_func ("/sim-host/backend-open", test_backend_open);

  return g_test_run ();
}
