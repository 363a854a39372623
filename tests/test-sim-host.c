/* test-sim-host.c: the simulated host on a virtual clock
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "domus-backend.h"
#include "domus-error.h"
#include "domus-host-private.h"
#include "domus-io-device.h"
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

/* Scenes give domains traffic: over whole periods of its swing, a
 * device's rates average what the scene says; a paused domain does none. */
static void
test_io (void)
{
  static const char json[] =
    "{\"domains\": ["
    " {\"name\": \"web\", \"io\": {\"period_s\": 10, \"swing\": 0.5,"
    "   \"net\": [{\"rx_kib_s\": 1000, \"tx_kib_s\": 100, \"packet_bytes\": 1024, \"drops_per_s\": 2}],"
    "   \"disk\": [{\"vdev\": \"xvdb\", \"read_kib_s\": 64, \"write_kib_s\": 32, \"request_kib\": 16,"
    "              \"oo_per_s\": 1}]}},"
    " {\"name\": \"idle\", \"state\": \"paused\", \"io\": {\"net\": [{\"rx_kib_s\": 500}]}}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusScene) scene = domus_scene_new_from_data (json, -1, &error);
  g_autoptr(DomusClock) clock = domus_clock_new_manual ();
  g_autoptr(DomusHost) host = NULL;
  g_autoptr(DomusIoDevice) vif = NULL, vbd = NULL, paused_vif = NULL;
  DomusDomain *web, *idle;
  guint64 rx0, rd0, wr_reqs0, oo0, drops0;
  double min_rate = G_MAXDOUBLE, max_rate = 0;

  g_assert_no_error (error);
  host = domus_sim_host_new (scene, clock);
  web = domus_host_lookup_domain_by_name (host, "web");
  idle = domus_host_lookup_domain_by_name (host, "idle");
  g_assert_cmpuint (g_list_model_get_n_items (domus_domain_get_io_devices (web)), ==, 2);
  vif = g_list_model_get_item (domus_domain_get_io_devices (web), 0);
  vbd = g_list_model_get_item (domus_domain_get_io_devices (web), 1);
  paused_vif = g_list_model_get_item (domus_domain_get_io_devices (idle), 0);
  g_assert_cmpstr (domus_io_device_get_name (vif), ==, "vif0");
  g_assert_cmpstr (domus_io_device_get_name (vbd), ==, "xvdb");

  domus_clock_advance (clock, 5 * G_USEC_PER_SEC);
  rx0 = domus_io_device_get_total (vif, DOMUS_IO_NET_RX_BYTES);
  drops0 = domus_io_device_get_total (vif, DOMUS_IO_NET_RX_DROPS);
  rd0 = domus_io_device_get_total (vbd, DOMUS_IO_DISK_READ_SECTORS);
  wr_reqs0 = domus_io_device_get_total (vbd, DOMUS_IO_DISK_WRITE_REQS);
  oo0 = domus_io_device_get_total (vbd, DOMUS_IO_DISK_OO_REQS);
  /* Two periods, a second at a time: the rate swings ±50 % around 1000 KiB/s. */
  for (guint i = 0; i < 20; i++)
    {
      double rate;

      domus_clock_advance (clock, G_USEC_PER_SEC);
      rate = domus_io_device_get_rate (vif, DOMUS_IO_NET_RX_BYTES) / 1024;
      min_rate = MIN (min_rate, rate);
      max_rate = MAX (max_rate, rate);
    }
  g_test_message ("vif0 RX from %.0f to %.0f KiB/s", min_rate, max_rate);
  g_assert_cmpfloat (min_rate, <, 700);
  g_assert_cmpfloat (max_rate, >, 1300);
  g_assert_cmpfloat (min_rate, >=, 450);
  g_assert_cmpfloat (max_rate, <=, 1550);
  g_assert_cmpfloat_with_epsilon ((domus_io_device_get_total (vif, DOMUS_IO_NET_RX_BYTES) - rx0) / 20.0,
                                  1000 * 1024, 1024);
  g_assert_cmpuint (domus_io_device_get_total (vif, DOMUS_IO_NET_RX_DROPS) - drops0, ==, 40);
  g_assert_cmpfloat_with_epsilon (domus_io_device_get_rate (vif, DOMUS_IO_NET_RX_PACKETS),
                                  domus_io_device_get_rate (vif, DOMUS_IO_NET_RX_BYTES) / 1024, 1.5);
  /* 64 KiB/s is 128 sectors a second; 32 KiB/s in 16 KiB requests, 2 a second. */
  g_assert_cmpfloat_with_epsilon ((domus_io_device_get_total (vbd, DOMUS_IO_DISK_READ_SECTORS) - rd0) / 20.0,
                                  128, 0.1);
  g_assert_cmpfloat_with_epsilon ((domus_io_device_get_total (vbd, DOMUS_IO_DISK_WRITE_REQS) - wr_reqs0) / 20.0,
                                  2, 0.1);
  g_assert_cmpuint (domus_io_device_get_total (vbd, DOMUS_IO_DISK_OO_REQS) - oo0, ==, 20);
  g_assert_cmpfloat_with_epsilon (domus_domain_get_net_rx_rate (web),
                                  domus_io_device_get_rate (vif, DOMUS_IO_NET_RX_BYTES), 1e-6);
  g_assert_cmpfloat_with_epsilon (domus_series_get_last (domus_io_device_get_series (vif), DOMUS_IO_DEVICE_SERIES_IN),
                                  domus_io_device_get_rate (vif, DOMUS_IO_NET_RX_BYTES) / 1024, 1);

  /* Paused all along: no traffic. */
  g_assert_cmpuint (domus_io_device_get_total (paused_vif, DOMUS_IO_NET_RX_BYTES), ==, 0);
  g_assert_cmpfloat (domus_domain_get_net_rx_rate (idle), ==, 0);
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

/* A host that makes its samples on a worker thread shows what one that
 * makes them at once does, a request to it in between included: the
 * request waits for the worker, and the model is touched by one thread at
 * a time. */
static void
test_threaded (void)
{
  g_autoptr(DomusScene) scene = domus_scene_new_default ();
  g_autoptr(DomusClock) sync_clock = domus_clock_new_manual ();
  g_autoptr(DomusClock) clock = domus_clock_new_manual ();
  g_autoptr(DomusHost) sync_host = domus_sim_host_new (scene, sync_clock);
  g_autoptr(DomusHost) host = domus_sim_host_new (scene, clock);
  DomusTimeline *sync_timeline = domus_host_get_timeline (sync_host);
  DomusTimeline *timeline = domus_host_get_timeline (host);
  GListModel *domains = domus_host_get_domains (host);
  guint n = g_list_model_get_n_items (domains);

  domus_sim_host_set_threaded (DOMUS_SIM_HOST (host), TRUE);
  for (guint step = 0; step < 6; step++)
    {
      if (step == 3)
        {
          g_autoptr(DomusDomain) domain = g_list_model_get_item (domains, n - 1);

          /* Sent while the worker makes the last second's sample. */
          domus_clock_advance (clock, G_USEC_PER_SEC);
          domus_clock_advance (sync_clock, G_USEC_PER_SEC);
          for (guint i = 0; i < 2; i++)
            {
              DomusHost *h = i == 0 ? host : sync_host;
              DomusRequest *request = domus_request_new_for_domain (DOMUS_REQUEST_SCHEDULER, domain);
              g_autoptr(GAsyncResult) result = NULL;
              g_autoptr(GError) error = NULL;

              request->weight = 1024;
              request->cap = -1;
              /* Answered without the clock moving (not
               * domus_test_run_request(), whose steps of the clock would
               * depend on how soon the worker's thread ends). */
              domus_host_request_async (h, request, NULL, domus_test_result_cb, &result);
              DOMUS_TEST_WAIT_UNTIL (result != NULL, 10);
              domus_host_request_finish (h, result, &error);
              g_assert_no_error (error);
            }
          /* The request's own refresh, on the worker: a beat of the clock
           * while it runs would be skipped, as on a slow Xen host (the
           * timer never piles refreshes up), which a host that samples at
           * once never does. */
          DOMUS_TEST_WAIT_UNTIL (!_domus_host_is_refreshing (host), 10);
        }
      domus_clock_advance (clock, G_USEC_PER_SEC);
      domus_clock_advance (sync_clock, G_USEC_PER_SEC);
      DOMUS_TEST_WAIT_UNTIL (!_domus_host_is_refreshing (host), 10);
      g_assert_cmpuint (domus_timeline_get_tick (timeline), ==, domus_timeline_get_tick (sync_timeline));
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(DomusDomain) domain = g_list_model_get_item (domains, i);
          g_autoptr(DomusDomain) sync_domain = g_list_model_get_item (domus_host_get_domains (sync_host), i);

          g_assert_cmpstr (domus_domain_get_name (domain), ==, domus_domain_get_name (sync_domain));
          g_assert_cmpuint (domus_domain_get_weight (domain), ==, domus_domain_get_weight (sync_domain));
          g_assert_cmpuint (domus_domain_get_memory_kib (domain), ==, domus_domain_get_memory_kib (sync_domain));
          g_assert_cmpfloat (domus_domain_get_cpu_percent (domain), ==, domus_domain_get_cpu_percent (sync_domain));
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
  g_test_add_func ("/sim-host/io", test_io);
  g_test_add_func ("/sim-host/deterministic", test_deterministic);
  g_test_add_func ("/sim-host/threaded", test_threaded);
  g_test_add_func ("/sim-host/backend-open", test_backend_open);

  return g_test_run ();
}
