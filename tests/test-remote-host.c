/* test-remote-host.c: a host through domus-agent, as DomusRemoteHost sees it
 *
 * A simulated host is served by a DomusAgent on one end of a socket pair,
 * as domus-agent serves it on its standard input and output, and read by a
 * DomusRemoteHost on the other end, both on one manual clock. The remote
 * host must show what the simulated host shows (facts, domains, vCPUs,
 * CPU times), carry requests out there with the same answers and errors,
 * report a save's progress and cancel it, and say so when the agent goes.
 * The real domus-agent program is started once and read. (The wire form of
 * a sample is test-remote-sample's.)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "remote/domus-agent.h"
#include "domus-clone.h"
#include "domus-remote-address.h"
#include "domus-error.h"
#include "domus-host-private.h"
#include "domus-io-device.h"
#include "domus-xen-log.h"
#include "remote/domus-remote-host.h"
#include "remote/domus-remote-sample.h"
#include "sim/domus-sim-host.h"
#include "vnc/domus-vnc-session.h"
#include "domus-test-console.h"
#include "domus-test-sshd.h"
#include "domus-test-remote.h"
#include "domus-test-utils.h"

static const char *scene_json =
  "{\"host\": {\"pcpus\": 2, \"memory_mib\": 16384},"
  " \"domains\": [{\"name\": \"web\", \"vcpus\": 2, \"memory_mib\": 4096, \"weight\": 512,"
  "                \"workload\": {\"kind\": \"cpu\"},"
  "                \"io\": {\"net\": [{\"rx_kib_s\": 900, \"tx_kib_s\": 90, \"drops_per_s\": 1}],"
  "                        \"disk\": [{\"read_kib_s\": 300, \"oo_per_s\": 0.5}, {\"write_kib_s\": 40}]}},"
  "              {\"name\": \"db\", \"memory_mib\": 2048, \"maxmem_mib\": 4096, \"cap\": 50,"
  "                \"workload\": {\"kind\": \"cpu\"}, \"io\": {\"disk\": [{\"vdev\": \"hda\"}]}},"
  "              {\"name\": \"idle\", \"memory_mib\": 512}]}";

/* With an HVM guest, whose screen is a VNC server on the agent's host. */
static const char *hvm_scene_json =
  "{\"host\": {\"pcpus\": 2, \"memory_mib\": 16384},"
  " \"domains\": [{\"name\": \"win\", \"type\": \"hvm\", \"memory_mib\": 2048}]}";

typedef struct
{
  DomusTestRemote  r;
  char            *dir;
} Fixture;

/* The fixture's agent says it is of ProtocolVersion 5: one that sends no
 * samples by itself, polled with RefreshPools. */
static const char polled[] = "polled";
/* ... or of ProtocolVersion 2, the oldest that shows screens. */
static const char ancient[] = "ancient";

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  if (data == polled)
    domus_test_remote_setup_version (&f->r, scene_json, 5);
  else if (data == ancient)
    domus_test_remote_setup_version (&f->r, scene_json, 2);
  else
    domus_test_remote_setup (&f->r, data != NULL ? data : scene_json);
  f->dir = g_dir_make_tmp ("domus-remote-XXXXXX", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  domus_test_remove_dir (f->dir);
  g_free (f->dir);
  domus_test_remote_teardown (&f->r);
}

/* The same vifs and vbds; with @times, the same counters. */
static void
assert_same_io (DomusDomain *a,
                DomusDomain *b,
                gboolean     times)
{
  GListModel *ia = domus_domain_get_io_devices (a);
  GListModel *ib = domus_domain_get_io_devices (b);

  g_assert_cmpuint (g_list_model_get_n_items (ib), ==, g_list_model_get_n_items (ia));
  for (guint i = 0; i < g_list_model_get_n_items (ia); i++)
    {
      g_autoptr(DomusIoDevice) da = g_list_model_get_item (ia, i);
      g_autoptr(DomusIoDevice) db = g_list_model_get_item (ib, i);

      g_assert_cmpint (domus_io_device_get_kind (db), ==, domus_io_device_get_kind (da));
      g_assert_cmpuint (domus_io_device_get_id (db), ==, domus_io_device_get_id (da));
      g_assert_cmpstr (domus_io_device_get_name (db), ==, domus_io_device_get_name (da));
      for (guint c = 0; times && c < DOMUS_IO_N_COUNTERS; c++)
        g_assert_cmpuint (domus_io_device_get_total (db, c), ==, domus_io_device_get_total (da, c));
    }
}

/* Every domain as the simulated host shows it; with @times, their CPU
 * times and vCPUs' states too (the simulated host's own domains take CPU
 * times only from samples a refresh interval apart, @remote from every
 * sample it is sent: only when both read at the same moment do they
 * agree). */
static void
assert_same_domains (DomusHost *sim,
                     DomusHost *remote,
                     gboolean   times)
{
  GListModel *a = domus_host_get_domains (sim);
  GListModel *b = domus_host_get_domains (remote);

  g_assert_cmpuint (g_list_model_get_n_items (b), ==, g_list_model_get_n_items (a));
  for (guint i = 0; i < g_list_model_get_n_items (a); i++)
    {
      g_autoptr(DomusDomain) da = g_list_model_get_item (a, i);
      g_autoptr(DomusDomain) db = g_list_model_get_item (b, i);
      GListModel *va = domus_domain_get_vcpus (da);
      GListModel *vb = domus_domain_get_vcpus (db);

      g_assert_cmpuint (domus_domain_get_id (db), ==, domus_domain_get_id (da));
      g_assert_cmpstr (domus_domain_get_name (db), ==, domus_domain_get_name (da));
      g_assert_cmpstr (domus_domain_get_uuid (db), ==, domus_domain_get_uuid (da));
      g_assert_cmpint (domus_domain_get_domain_type (db), ==, domus_domain_get_domain_type (da));
      g_assert_cmpint (domus_domain_get_state (db), ==, domus_domain_get_state (da));
      g_assert_cmpuint (domus_domain_get_vcpus_online (db), ==, domus_domain_get_vcpus_online (da));
      g_assert_cmpuint (domus_domain_get_vcpus_max (db), ==, domus_domain_get_vcpus_max (da));
      g_assert_cmpuint (domus_domain_get_memory_kib (db), ==, domus_domain_get_memory_kib (da));
      g_assert_cmpuint (domus_domain_get_memory_max_kib (db), ==, domus_domain_get_memory_max_kib (da));
      g_assert_cmpuint (domus_domain_get_memory_target_kib (db), ==, domus_domain_get_memory_target_kib (da));
      if (times)
        g_assert_cmpuint (domus_domain_get_cpu_time (db), ==, domus_domain_get_cpu_time (da));
      g_assert_cmpint (domus_domain_get_weight (db), ==, domus_domain_get_weight (da));
      g_assert_cmpint (domus_domain_get_cap (db), ==, domus_domain_get_cap (da));
      g_assert_cmpstr (domus_domain_get_config_path (db), ==, domus_domain_get_config_path (da));
      g_assert_cmpuint (g_list_model_get_n_items (vb), ==, g_list_model_get_n_items (va));
      for (guint v = 0; v < g_list_model_get_n_items (va); v++)
        {
          g_autoptr(DomusVcpu) ca = g_list_model_get_item (va, v);
          g_autoptr(DomusVcpu) cb = g_list_model_get_item (vb, v);

          if (times)
            {
              g_assert_cmpint (domus_vcpu_get_state (cb), ==, domus_vcpu_get_state (ca));
              g_assert_cmpuint (domus_vcpu_get_pcpu (cb), ==, domus_vcpu_get_pcpu (ca));
              g_assert_cmpuint (domus_vcpu_get_time (cb), ==, domus_vcpu_get_time (ca));
            }
          g_assert_cmpstr (domus_vcpu_get_affinity (cb), ==, domus_vcpu_get_affinity (ca));
        }
      assert_same_io (da, db, times);
    }
}

static DomusDomain *
lookup (DomusHost  *host,
        const char *name)
{
  DomusDomain *domain = domus_host_lookup_domain_by_name (host, name);

  g_assert_nonnull (domain);
  return domain;
}

static void
test_facts_and_domains (Fixture       *f,
                        gconstpointer  data)
{
  g_assert_cmpstr (domus_host_get_backend_name (f->r.remote), ==, domus_host_get_backend_name (f->r.sim));
  g_assert_true (domus_host_is_simulated (f->r.remote));
  g_assert_cmpstr (domus_host_get_xen_version (f->r.remote), ==, domus_host_get_xen_version (f->r.sim));
  g_assert_cmpstr (domus_host_get_hostname (f->r.remote), ==, domus_host_get_hostname (f->r.sim));
  g_assert_cmpuint (domus_host_get_n_pcpus (f->r.remote), ==, 2);
  g_assert_cmpuint (domus_host_get_total_memory_kib (f->r.remote), ==, domus_host_get_total_memory_kib (f->r.sim));
  g_assert_cmpint (domus_host_get_scheduler (f->r.remote), ==, domus_host_get_scheduler (f->r.sim));
  g_assert_cmpuint (g_list_model_get_n_items (domus_host_get_domains (f->r.remote)), ==, 4);
  assert_same_domains (f->r.sim, f->r.remote, TRUE);
  /* An agent of ProtocolVersion 6 sends its samples: no timer here. */
  g_assert_true (_domus_host_is_pushed (f->r.remote) == (data != polled));

  /* Time passes: the CPU times follow, sample after sample. */
  for (guint i = 0; i < 3; i++)
    {
      guint64 before = domus_domain_get_cpu_time (lookup (f->r.remote, "web"));

      domus_test_remote_refresh (&f->r);
      assert_same_domains (f->r.sim, f->r.remote, TRUE);
      g_assert_cmpuint (domus_domain_get_cpu_time (lookup (f->r.remote, "web")), >, before);
      g_assert_cmpfloat (domus_domain_get_cpu_percent (lookup (f->r.remote, "web")), >, 50.0);
    }
  /* ProtocolVersion 4 carries the I/O (5 with it the cpupools,
   * test-remote-cpupool): the same rates as on the host. */
  g_assert_cmpuint (DOMUS_AGENT_PROTOCOL_VERSION, ==, 9);
  g_assert_cmpuint (domus_domain_get_n_io_devices (lookup (f->r.remote, "web"), DOMUS_IO_KIND_DISK), ==, 2);
  g_assert_cmpfloat (domus_domain_get_net_rx_rate (lookup (f->r.remote, "web")), >, 400 * 1024);
  g_assert_cmpfloat_with_epsilon (domus_domain_get_net_rx_rate (lookup (f->r.remote, "web")),
                                  domus_domain_get_net_rx_rate (lookup (f->r.sim, "web")), 1e-6);
  g_assert_null (domus_host_get_error (f->r.remote));
}

static DomusHostInfo *
get_info (DomusHost  *host,
          GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  domus_host_get_info_async (host, NULL, domus_test_result_cb, &result);
  DOMUS_TEST_WAIT_UNTIL (result != NULL, 30);
  return domus_host_get_info_finish (host, result, error);
}

static GBytes *
read_log (DomusXenLog  *log,
          GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  domus_xen_log_read_async (log, NULL, domus_test_result_cb, &result);
  DOMUS_TEST_WAIT_UNTIL (result != NULL, 30);
  return domus_xen_log_read_finish (log, result, error);
}

/* xl info and xl dmesg through the agent (GetInfo, ReadLog) say what the
 * host says, and the log is followed: only new lines the second time. */
static void
test_info_and_log (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusHostInfo) local = get_info (f->r.sim, &error);
  g_autoptr(DomusHostInfo) remote = NULL;
  g_autofree char *local_text = NULL, *remote_text = NULL;
  g_autoptr(DomusXenLog) local_log = domus_xen_log_new (f->r.sim);
  g_autoptr(DomusXenLog) remote_log = domus_xen_log_new (f->r.remote);
  g_autoptr(GBytes) local_ring = NULL, remote_ring = NULL, news = NULL;
  g_autofree char *expected = NULL;

  g_assert_no_error (error);
  remote = get_info (f->r.remote, &error);
  g_assert_no_error (error);
  local_text = domus_host_info_to_xl_text (local);
  remote_text = domus_host_info_to_xl_text (remote);
  g_assert_cmpstr (remote_text, ==, local_text);
  g_assert_cmpuint (remote->nr_cpus, ==, 2);
  g_assert_cmpuint (remote->total_memory_kib, ==, 16384 * 1024);
  g_assert_true (remote->cap_hap);
  g_assert_cmpuint (remote->cpupools->len, ==, 1);
  g_assert_cmpstr (((DomusHostInfoCpupool *) g_ptr_array_index (remote->cpupools, 0))->scheduler, ==, "credit");
  g_assert_cmpuint (remote->dom0_memory_kib, ==,
                    domus_domain_get_memory_kib (domus_host_lookup_domain_by_id (f->r.sim, 0)));

  local_ring = read_log (local_log, &error);
  g_assert_no_error (error);
  remote_ring = read_log (remote_log, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (remote_ring, local_ring));
  g_assert_cmpuint (g_bytes_get_size (remote_ring), >, 1000);

  /* Nothing new, then only the line of the domain that went. */
  news = read_log (remote_log, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (news), ==, 0);
  g_clear_pointer (&news, g_bytes_unref);
  expected = g_strdup_printf ("(XEN) d%u: domain idle destroyed\n", domus_domain_get_id (lookup (f->r.sim, "idle")));
  domus_test_run_request (f->r.sim, f->r.clock, domus_request_new_for_domain (DOMUS_REQUEST_DESTROY, lookup (f->r.sim, "idle")),
                          &error);
  g_assert_no_error (error);
  news = read_log (remote_log, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (news, NULL), g_bytes_get_size (news), expected, strlen (expected));
}

static void
progress_cb (double   fraction,
             gpointer data)
{
  g_array_append_val ((GArray *) data, fraction);
}

/* Sends @request (taken) to the remote host and waits for the answer. */
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

/* Steps simulated time a tenth of a second, and waits for what that
 * brings: a progress report in @progress, or the answer in @result. */
static void
step (Fixture       *f,
      GArray        *progress,
      GAsyncResult **result)
{
  guint seen = progress->len;

  domus_clock_advance (f->r.clock, G_USEC_PER_SEC / 10);
  DOMUS_TEST_WAIT_UNTIL (progress->len > seen || *result != NULL, 30);
}

static void
test_requests (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) local_error = NULL;
  DomusRequest *sched = domus_request_new_for_domain (DOMUS_REQUEST_SCHEDULER, lookup (f->r.remote, "db"));
  DomusRequest *pause;
  guint idle_id = domus_domain_get_id (lookup (f->r.remote, "idle"));

  /* A change made through the agent is the simulated host's, and the
   * remote host shows it once the request is answered. */
  sched->weight = 1024;
  sched->cap = 0;
  g_assert_cmpint (remote_request (f, sched, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpint (domus_domain_get_weight (lookup (f->r.sim, "db")), ==, 1024);
  g_assert_cmpint (domus_domain_get_cap (lookup (f->r.sim, "db")), ==, 0);
  domus_test_remote_refresh (&f->r);
  g_assert_cmpint (domus_domain_get_weight (lookup (f->r.remote, "db")), ==, 1024);
  g_assert_cmpint (domus_domain_get_cap (lookup (f->r.remote, "db")), ==, 0);
  assert_same_domains (f->r.sim, f->r.remote, FALSE);

  /* A domain gone on the host, which the remote host has not seen go (no
   * refresh on its way since refresh() above): the agent's answer is the
   * one the host gives, code and words. (An agent that sends its samples
   * by itself sends the one its host reads after the destroy: the remote
   * host may have seen it go, and refuses the request with the same
   * words.) */
  domus_test_run_request (f->r.sim, f->r.clock, domus_request_new_for_domain (DOMUS_REQUEST_DESTROY, lookup (f->r.sim, "idle")),
                          &error);
  g_assert_no_error (error);
  pause = domus_request_new (DOMUS_REQUEST_PAUSE);
  pause->domid = idle_id;
  pause->domain_name = g_strdup ("idle");
  domus_test_run_request (f->r.sim, f->r.clock, domus_request_copy (pause), &local_error);
  g_assert_nonnull (local_error);
  if (data == polled)
    g_assert_nonnull (lookup (f->r.remote, "idle"));
  remote_request (f, pause, &error);
  g_assert_error (error, local_error->domain, local_error->code);
  g_assert_cmpstr (error->message, ==, local_error->message);
  domus_test_remote_refresh (&f->r);
  g_assert_null (domus_host_lookup_domain_by_name (f->r.remote, "idle"));
  assert_same_domains (f->r.sim, f->r.remote, FALSE);
}

static void
test_save_progress_and_cancel (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "web.save", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GArray) progress = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  DomusRequest *save = domus_request_new_for_domain (DOMUS_REQUEST_SAVE, lookup (f->r.remote, "web"));

  save->path = g_strdup (path);
  save->progress = progress_cb;
  save->progress_data = progress;
  domus_host_request_async (f->r.remote, save, cancellable, domus_test_result_cb, &result);
  /* Two tenths of a second: two reports of how far it is. */
  step (f, progress, &result);
  step (f, progress, &result);
  g_assert_null (result);
  g_assert_cmpuint (progress->len, ==, 2);
  g_assert_cmpfloat (g_array_index (progress, double, 1), >, 0.0);
  g_assert_cmpfloat (g_array_index (progress, double, 1), <, 1.0);

  /* Cancelled here, stopped there (at its next step, once the agent has
   * heard): the domain is as it was, no file. A save of 4 GiB takes 45
   * steps, far more than the word takes. */
  g_cancellable_cancel (cancellable);
  while (result == NULL)
    step (f, progress, &result);
  domus_host_request_finish (f->r.remote, result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_nonnull (domus_host_lookup_domain_by_name (f->r.sim, "web"));
}

/* Asserts that @error says the agent cannot do @what, in words; clears it. */
static void
assert_older_agent (GError     **error,
                    const char  *what)
{
  g_autofree char *expected = g_strdup_printf ("The agent on xenlab is of an older Domus: it cannot %s", what);

  g_assert_error (*error, DOMUS_ERROR, DOMUS_ERROR_NOT_SUPPORTED);
  g_assert_cmpstr ((*error)->message, ==, expected);
  g_clear_error (error);
}

/* An agent of ProtocolVersion 2 is asked for what came after it: each
 * refused in a sentence of its own, the domain left as it was. What it
 * knows still works. */
static void
test_older_protocol (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "web.save", NULL);
  g_autoptr(GArray) progress = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GAsyncResult) result = NULL;
  GError *error = NULL;
  DomusRequest *request;

  request = domus_request_new_for_domain (DOMUS_REQUEST_SAVE, lookup (f->r.remote, "web"));
  request->path = g_strdup (path);
  request->checkpoint = TRUE;
  remote_request (f, request, &error);
  assert_older_agent (&error, "save a checkpoint");
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  request = domus_request_new (DOMUS_REQUEST_RESTORE);
  request->path = g_strdup (path);
  request->new_name = g_strdup ("web2");
  remote_request (f, request, &error);
  assert_older_agent (&error, "restore under another name");

  remote_request (f, domus_test_pool_migrate_request (f->r.remote, "web", "Pool-0"), &error);
  assert_older_agent (&error, "change cpupools");

  g_assert_null (get_info (f->r.remote, &error));
  assert_older_agent (&error, "read the host’s facts");

  domus_host_read_log_async (f->r.remote, NULL, domus_test_result_cb, &result);
  DOMUS_TEST_WAIT_UNTIL (result != NULL, 30);
  g_assert_null (domus_host_read_log_finish (f->r.remote, result, &error));
  assert_older_agent (&error, "read Xen’s log");

  /* A plain save is of ProtocolVersion 1: done, the domain gone. */
  request = domus_request_new_for_domain (DOMUS_REQUEST_SAVE, lookup (f->r.remote, "web"));
  request->path = g_strdup (path);
  request->progress = progress_cb;
  request->progress_data = progress;
  g_clear_object (&result);
  domus_host_request_async (f->r.remote, request, NULL, domus_test_result_cb, &result);
  while (result == NULL)
    step (f, progress, &result);
  domus_host_request_finish (f->r.remote, result, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_null (domus_host_lookup_domain_by_name (f->r.sim, "web"));
}

/* Opens @domain's console on @host as the Console view does, and reads it. */
static DomusTestViewer *
open_console (DomusHost   *host,
              DomusDomain *domain)
{
  g_autoptr(GError) error = NULL;
  int fd = domus_host_open_console (host, domain, NULL, &error);

  g_assert_no_error (error);
  return domus_test_viewer_new_for_fd (fd);
}

/* A PV domain's text console through the agent: opened only while it is
 * used, a pty here that the Console view opens as any, a login session
 * through it, the agent's end closed once it is let go, and a hang-up
 * when the domain goes. */
static void
test_console (Fixture       *f,
              gconstpointer  data)
{
  DomusDomain *web = lookup (f->r.remote, "web");
  const char *there = domus_domain_get_console_path (lookup (f->r.sim, "web"));
  g_autoptr(GError) error = NULL;
  g_autofree char *where = NULL;
  g_autofree char *expected_where = NULL;
  DomusTestViewer *v;
  char name[64];
  char *text;
  int fd;

  /* Its path is the agent's host's; nothing is open before it is used. */
  g_assert_nonnull (there);
  g_assert_cmpstr (domus_domain_get_console_path (web), ==, there);
  g_assert_cmpuint (domus_agent_get_n_consoles (f->r.agent), ==, 0);

  /* A pty of this computer's, not the agent's host's, named after that. */
  fd = domus_host_open_console (f->r.remote, web, &where, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ttyname_r (fd, name, sizeof name), ==, 0);
  g_assert_true (g_str_has_prefix (name, "/dev/pts/"));
  g_assert_cmpstr (name, !=, there);
  expected_where = g_strdup_printf ("%s on %s", there, domus_host_get_hostname (f->r.remote));
  g_assert_cmpstr (where, ==, expected_where);
  v = domus_test_viewer_new_for_fd (fd);
  DOMUS_TEST_WAIT_UNTIL (domus_agent_get_n_consoles (f->r.agent) == 1, 30);
  text = domus_test_viewer_expect (v, "web login: ");
  g_assert_nonnull (strstr (text, "Debian GNU/Linux 12 web hvc0"));
  g_free (text);
  domus_test_viewer_type (v, "root\r");
  g_free (domus_test_viewer_expect (v, "root\r\nPassword: "));
  domus_test_viewer_type (v, "s3cret\r");
  text = domus_test_viewer_expect (v, "root@web:~# ");
  g_assert_null (strstr (text, "s3cret"));
  g_free (text);

  /* Let go here, closed there; opened again, the session goes on. */
  domus_test_viewer_close (v);
  DOMUS_TEST_WAIT_UNTIL (domus_agent_get_n_consoles (f->r.agent) == 0, 30);
  v = open_console (f->r.remote, web);
  DOMUS_TEST_WAIT_UNTIL (domus_agent_get_n_consoles (f->r.agent) == 1, 30);
  domus_test_viewer_type (v, "uname -a\r");
  g_free (domus_test_viewer_expect (v, "Linux web 6.1.0-28-amd64"));

  /* The domain goes there: its console here hangs up, and is closed there. */
  domus_test_run_request (f->r.sim, f->r.clock, domus_request_new_for_domain (DOMUS_REQUEST_DESTROY, lookup (f->r.sim, "web")),
                          &error);
  g_assert_no_error (error);
  domus_test_remote_refresh (&f->r);
  g_assert_null (domus_host_lookup_domain_by_name (f->r.remote, "web"));
  g_free (domus_test_viewer_expect (v, NULL));
  domus_test_viewer_close (v);
  DOMUS_TEST_WAIT_UNTIL (domus_agent_get_n_consoles (f->r.agent) == 0, 30);
}

/* Connects a VNC session to @address and waits for its first screen. */
static DomusVncSession *
screen_session (GSocketConnectable *address,
                const char         *where)
{
  g_autoptr(DomusVncSession) session = domus_vnc_session_new_for_address (address, where);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  domus_vnc_session_connect_async (session, NULL, domus_test_result_cb, &result);
  DOMUS_TEST_WAIT_UNTIL (result != NULL, 30);
  g_assert_true (domus_vnc_session_connect_finish (session, result, &error));
  g_assert_no_error (error);
  DOMUS_TEST_WAIT_UNTIL (domus_vnc_session_get_n_updates (session) > 0, 30);
  return g_steal_pointer (&session);
}

static gboolean
frame_is (DomusVncSession *session,
          GBytes          *frame)
{
  guint width, height;
  g_autoptr(GBytes) now = domus_vnc_session_dup_frame (session, &width, &height);

  return g_bytes_equal (now, frame);
}

static void
closed_cb (gboolean *closed)
{
  *closed = TRUE;
}

/* The guest's screen through the agent's connection: a socket here that
 * only this user can reach, a VNC session on it sees what one on the
 * server itself sees, types into it, connects again, and is closed when
 * the domain goes. */
static void
test_screen (Fixture       *f,
             gconstpointer  data)
{
  DomusDomain *here = lookup (f->r.remote, "win");
  g_autoptr(GSocketConnectable) address = NULL;
  g_autoptr(GSocketConnectable) direct = NULL;
  g_autoptr(DomusVncSession) session = NULL;
  g_autoptr(DomusVncSession) reference = NULL;
  g_autoptr(GBytes) frame = NULL, reference_frame = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *where = NULL;
  g_autofree char *direct_where = NULL;
  g_autofree char *dir = NULL;
  gboolean closed = FALSE;
  GStatBuf st;
  guint width, height, ref_width, ref_height;

  /* The agent's host's address for it, and a socket here in its stead. */
  g_assert_cmpstr (domus_domain_get_vnc_address (here), ==, domus_domain_get_vnc_address (lookup (f->r.sim, "win")));
  address = domus_host_dup_screen_address (f->r.remote, here, &where, &error);
  g_assert_no_error (error);
  g_assert_true (G_IS_UNIX_SOCKET_ADDRESS (address));
  g_test_message ("%s: %s", where, g_unix_socket_address_get_path (G_UNIX_SOCKET_ADDRESS (address)));
  g_assert_true (g_str_has_suffix (where, domus_host_get_hostname (f->r.sim)));
  dir = g_path_get_dirname (g_unix_socket_address_get_path (G_UNIX_SOCKET_ADDRESS (address)));
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  session = screen_session (address, where);
  direct = domus_host_dup_screen_address (f->r.sim, lookup (f->r.sim, "win"), &direct_where, &error);
  g_assert_no_error (error);
  reference = screen_session (direct, direct_where);
  g_assert_cmpstr (domus_vnc_session_get_name (session), ==, "win");
  frame = domus_vnc_session_dup_frame (session, &width, &height);
  reference_frame = domus_vnc_session_dup_frame (reference, &ref_width, &ref_height);
  g_assert_cmpuint (width, ==, ref_width);
  g_assert_cmpuint (height, ==, ref_height);
  g_assert_true (g_bytes_equal (frame, reference_frame));

  /* Keys go the other way: the login prompt shows them to both. */
  domus_vnc_session_type_text (session, "root");
  DOMUS_TEST_WAIT_UNTIL (!frame_is (reference, reference_frame), 30);
  g_clear_pointer (&reference_frame, g_bytes_unref);
  reference_frame = domus_vnc_session_dup_frame (reference, &ref_width, &ref_height);
  DOMUS_TEST_WAIT_UNTIL (frame_is (session, reference_frame), 30);

  /* Again, as a session that lost its connection would. */
  domus_vnc_session_close (session);
  g_clear_object (&session);
  session = screen_session (address, where);

  /* The domain goes there: the server closes, and the session here. */
  g_signal_connect_swapped (session, "closed", G_CALLBACK (closed_cb), &closed);
  domus_vnc_session_close (reference);
  domus_test_run_request (f->r.sim, f->r.clock, domus_request_new_for_domain (DOMUS_REQUEST_DESTROY, lookup (f->r.sim, "win")),
                          &error);
  g_assert_no_error (error);
  DOMUS_TEST_WAIT_UNTIL (closed, 30);
  domus_test_remote_refresh (&f->r);
  g_assert_null (domus_host_lookup_domain_by_name (f->r.remote, "win"));
  /* Its socket with it. */
  g_assert_false (g_file_test (g_unix_socket_address_get_path (G_UNIX_SOCKET_ADDRESS (address)), G_FILE_TEST_EXISTS));
}

static void
test_agent_gone (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "web.save", NULL);
  g_autoptr(GArray) progress = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) save_error = NULL;
  g_autoptr(GAsyncResult) late = NULL;
  g_autoptr(GError) late_error = NULL;
  DomusRequest *save = domus_request_new_for_domain (DOMUS_REQUEST_SAVE, lookup (f->r.remote, "web"));
  const GError *error;

  /* A save under way when the agent goes. */
  save->path = g_strdup (path);
  save->progress = progress_cb;
  save->progress_data = progress;
  domus_host_request_async (f->r.remote, save, NULL, domus_test_result_cb, &result);
  step (f, progress, &result);
  g_assert_null (result);

  g_dbus_connection_close_sync (domus_agent_get_connection (f->r.agent), NULL, NULL);
  g_clear_object (&f->r.agent);
  DOMUS_TEST_WAIT_UNTIL (domus_host_get_error (f->r.remote) != NULL, 30);
  error = domus_host_get_error (f->r.remote);
  g_test_message ("%s", error->message);
  g_assert_error ((GError *) error, DOMUS_ERROR, DOMUS_ERROR_CLOSED);
  g_assert_true (g_str_has_prefix (error->message, "The connection to the agent ended"));
  /* What it showed last stays. */
  g_assert_nonnull (lookup (f->r.remote, "web"));

  /* The save in flight ends with it, saying so; nothing is left waiting. */
  DOMUS_TEST_WAIT_UNTIL (result != NULL, 30);
  domus_host_request_finish (f->r.remote, result, &save_error);
  g_assert_error (save_error, DOMUS_ERROR, DOMUS_ERROR_CLOSED);
  g_test_message ("%s", save_error->message);
  g_assert_cmpstr (save_error->message, ==, "The connection to the agent ended");
  /* And a request sent after it, at once. */
  domus_host_request_async (f->r.remote, domus_request_new_for_domain (DOMUS_REQUEST_PAUSE, lookup (f->r.remote, "db")),
                            NULL, domus_test_result_cb, &late);
  DOMUS_TEST_WAIT_UNTIL (late != NULL, 30);
  domus_host_request_finish (f->r.remote, late, &late_error);
  g_assert_error (late_error, DOMUS_ERROR, DOMUS_ERROR_CLOSED);
}

static void
unexported_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr(GDBusConnection) connection = g_dbus_connection_new_finish (result, NULL);

  g_assert_nonnull (connection);
  /* Only now may it answer the client's calls: GDBus asserts that a
   * connection sends nothing before it is initialised. */
  g_dbus_connection_start_message_processing (connection);
  *(GDBusConnection **) data = g_steal_pointer (&connection);
}

/* Something at the other end that talks D-Bus but serves no io.domus.Host1
 * (another version of Domus, say): refused in words, not half connected. */
static void
test_another_version (void)
{
  g_autoptr(GSocket) server_end = NULL, window_end = NULL;
  g_autoptr(GSocketConnection) server_stream = NULL, window_stream = NULL;
  g_autoptr(GDBusConnection) server = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *guid = g_dbus_generate_guid ();
  int fds[2];

  g_assert_cmpint (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), ==, 0);
  server_end = g_socket_new_from_fd (fds[0], &error);
  g_assert_no_error (error);
  window_end = g_socket_new_from_fd (fds[1], &error);
  g_assert_no_error (error);
  server_stream = g_socket_connection_factory_create_connection (server_end);
  window_stream = g_socket_connection_factory_create_connection (window_end);
  g_dbus_connection_new (G_IO_STREAM (server_stream), guid,
                         G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_SERVER
                         | G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_ALLOW_ANONYMOUS
                         | G_DBUS_CONNECTION_FLAGS_DELAY_MESSAGE_PROCESSING,
                         NULL, NULL, unexported_cb, &server);
  domus_remote_host_new_async (G_IO_STREAM (window_stream), NULL, NULL, domus_test_result_cb, &result);
  DOMUS_TEST_WAIT_UNTIL (result != NULL, 30);
  g_assert_null (domus_remote_host_new_finish (result, &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_SUPPORTED);
  g_assert_cmpstr (error->message, ==, "The agent does not speak io.domus.Host1: it is of another version of Domus");
  DOMUS_TEST_WAIT_UNTIL (server != NULL, 30);
}

/* The real program, on a pipe: the lab's simulated host, as domus shows it. */
static void
test_spawned_agent (void)
{
  const char *agent = g_getenv ("DOMUS_AGENT");
  const char *argv[] = { agent, "--stdio", "--simulated", NULL };
  g_autoptr(DomusClock) clock = domus_clock_new_manual ();
  g_autoptr(DomusScene) scene = domus_scene_new_default ();
  g_autoptr(DomusHost) local = domus_sim_host_new (scene, clock);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusHost) remote = NULL;
  GListModel *domains;

  g_assert_nonnull (agent);
  domus_remote_host_spawn_async ((const char * const *) argv, clock, NULL, domus_test_result_cb, &result);
  DOMUS_TEST_WAIT_UNTIL (result != NULL, 30);
  remote = domus_remote_host_new_finish (result, &error);
  g_assert_no_error (error);
  DOMUS_TEST_WAIT_UNTIL (domus_host_is_ready (remote), 30);
  domains = domus_host_get_domains (remote);
  g_assert_cmpuint (g_list_model_get_n_items (domains), ==,
                    g_list_model_get_n_items (domus_host_get_domains (local)));
  for (guint i = 0; i < g_list_model_get_n_items (domains); i++)
    {
      g_autoptr(DomusDomain) a = g_list_model_get_item (domus_host_get_domains (local), i);
      g_autoptr(DomusDomain) b = g_list_model_get_item (domains, i);

      g_assert_cmpstr (domus_domain_get_name (b), ==, domus_domain_get_name (a));
    }
}

/* The agent killed under the host (as dom0 might): the host says the
 * connection ended and keeps its domains; the next refresh starts the
 * agent again and the samples go on, on one timeline. */
static void
test_reconnect (void)
{
  g_autofree char *dir = g_dir_make_tmp ("domus-reconnect-XXXXXX", NULL);
  g_autofree char *pid_file = g_build_filename (dir, "agent.pid", NULL);
  g_auto(GStrv) argv = domus_test_agent_argv (pid_file);
  g_autoptr(DomusClock) clock = domus_clock_new_manual ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusHost) host = NULL;
  guint refreshed = 0;
  guint64 tick_before;
  gint64 time_before, time_after;

  domus_remote_host_spawn_async ((const char * const *) argv, clock, NULL, domus_test_result_cb, &result);
  DOMUS_TEST_WAIT_UNTIL (result != NULL, 30);
  host = domus_remote_host_new_finish (result, &error);
  g_assert_no_error (error);
  DOMUS_TEST_WAIT_UNTIL (domus_host_is_ready (host), 30);
  g_signal_connect_swapped (host, "refreshed", G_CALLBACK (domus_test_count_cb), &refreshed);
  tick_before = domus_timeline_get_tick (domus_host_get_timeline (host));
  g_assert_true (domus_timeline_lookup (domus_host_get_timeline (host), tick_before, &time_before));

  domus_test_kill_agent (pid_file);
  DOMUS_TEST_WAIT_UNTIL (domus_host_get_error (host) != NULL, 30);
  g_assert_error ((GError *) domus_host_get_error (host), DOMUS_ERROR, DOMUS_ERROR_CLOSED);
  g_assert_cmpstr (domus_host_get_error (host)->message, ==, "The connection to the agent ended");
  g_assert_nonnull (lookup (host, "clone1"));

  /* A refresh (the host's timer, here the test) starts it again. */
  domus_host_refresh (host);
  DOMUS_TEST_WAIT_UNTIL (refreshed > 0, 30);
  g_assert_null (domus_host_get_error (host));
  g_assert_true (g_file_test (pid_file, G_FILE_TEST_EXISTS));
  /* The new agent's clock starts again at 0: its first sample is the next
   * on the host's timeline, a refresh interval after the last. */
  g_assert_cmpuint (domus_timeline_get_tick (domus_host_get_timeline (host)), ==, tick_before + 1);
  g_assert_true (domus_timeline_lookup (domus_host_get_timeline (host), tick_before + 1, &time_after));
  g_assert_cmpint (time_after - time_before, ==, (gint64) domus_host_get_refresh_interval (host) * 1000);
  g_assert_nonnull (lookup (host, "clone1"));

  g_clear_object (&host);
  domus_test_remove_dir (dir);
}

/* An agent of an older Domus, as a script in @dir: it counts its starts
 * in @dir/starts and, given --framed, stops with GOption's own error (the
 * real agent's, for an option it does not know) before it says anything. */
static char *
older_agent_new (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "older-agent", NULL);
  g_autofree char *script = g_strdup_printf ("#!/bin/sh\n"
                                             "echo start >> %s/starts\n"
                                             "for a; do\n"
                                             "  if [ \"$a\" = --framed ]; then exec %s --stdio --framed-unknown; fi\n"
                                             "done\n"
                                             "exec %s \"$@\" --simulated\n",
                                             dir, g_getenv ("DOMUS_AGENT"), g_getenv ("DOMUS_AGENT"));

  g_assert_true (g_file_set_contents (path, script, -1, NULL));
  g_assert_cmpint (g_chmod (path, 0755), ==, 0);
  return g_steal_pointer (&path);
}

static guint
older_agent_starts (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "starts", NULL);
  g_autofree char *starts = NULL;
  guint n = 0;

  g_assert_true (g_file_get_contents (path, &starts, NULL, NULL));
  for (const char *p = starts; *p != '\0'; p++)
    n += *p == '\n';
  return n;
}

/* An agent of an older Domus refuses --framed: it is started again
 * without, and the host is read as before (D-Bus alone, samples as the
 * Sample signal). */
static void
test_older_agent (void)
{
  g_autofree char *dir = g_dir_make_tmp ("domus-older-agent-XXXXXX", NULL);
  g_autofree char *agent = older_agent_new (dir);
  const char *argv[] = { agent, "--stdio", NULL };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusHost) host = NULL;
  guint refreshed = 0;

  domus_remote_host_spawn_async (argv, NULL, NULL, domus_test_result_cb, &result);
  DOMUS_TEST_WAIT_UNTIL (result != NULL, 30);
  host = domus_remote_host_new_finish (result, &error);
  g_assert_no_error (error);
  DOMUS_TEST_WAIT_UNTIL (domus_host_is_ready (host), 30);
  g_assert_cmpuint (g_list_model_get_n_items (domus_host_get_domains (host)), ==, 5);
  g_assert_cmpuint (older_agent_starts (dir), ==, 2);
  /* Its samples come by themselves, on its clock (the wall's). */
  g_signal_connect_swapped (host, "refreshed", G_CALLBACK (domus_test_count_cb), &refreshed);
  DOMUS_TEST_WAIT_UNTIL (refreshed >= 2, 30);
  g_assert_null (domus_host_get_error (host));
  g_clear_object (&host);
  domus_test_remove_dir (dir);
}

/* A stream cut in the middle of a frame: a clear message, not a hang. */
static void
test_cut_stream (void)
{
  const char *argv[] = { "/bin/sh", "-c", "printf '\\000\\020\\000\\000\\000abc'", NULL };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  domus_remote_host_spawn_async (argv, NULL, NULL, domus_test_result_cb, &result);
  DOMUS_TEST_WAIT_UNTIL (result != NULL, 30);
  g_assert_null (domus_remote_host_new_finish (result, &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "Cannot talk to the agent: The agent’s stream ended in the middle of a frame");
}

/* A program that is not an agent: a clear error, not a hang. */
static void
test_not_an_agent (void)
{
  const char *argv[] = { "/bin/sh", "-c", "echo 'domus-agent: command not found' >&2; exit 127", NULL };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  domus_remote_host_spawn_async ((const char * const *) argv, NULL, NULL, domus_test_result_cb, &result);
  DOMUS_TEST_WAIT_UNTIL (result != NULL, 30);
  g_assert_null (domus_remote_host_new_finish (result, &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED);
  /* Its own words. */
  g_assert_cmpstr (error->message, ==, "The agent stopped: domus-agent: command not found");
}

/* The ssh_config the ssh tests give ssh ($DOMUS_SSH is "ssh -F" it, set
 * before any thread starts). */
static char *ssh_config;

/* Connects to @address; the host, or NULL and @error. */
static DomusHost *
connect_over_ssh (const char  *address,
                  GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  domus_remote_host_connect_async (address, NULL, NULL, domus_test_result_cb, &result);
  DOMUS_TEST_WAIT_UNTIL (result != NULL, 60);
  return domus_remote_host_new_finish (result, error);
}

/* Through a real sshd on 127.0.0.1 to the real agent there (on a host
 * without Xen: the simulated one), by aliases of an ssh_config as a lab
 * names its hosts, and each failure a student meets: an unknown host key,
 * a host without the agent, no sshd at all. */
static void
test_over_ssh (void)
{
  DomusTestSshd *sshd = domus_test_sshd_start ();
  g_autofree char *address = g_strdup_printf ("ssh://lab?agent=%s", g_getenv ("DOMUS_AGENT"));
  g_autofree char *stranger = g_strdup_printf ("ssh://stranger?agent=%s", g_getenv ("DOMUS_AGENT"));
  g_autofree char *refused = NULL;
  g_autoptr(GString) config = g_string_new (NULL);
  g_autoptr(DomusHost) host = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusRequest) request = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  guint closed_port = domus_test_free_port ();
  const struct
  {
    const char *alias;
    guint       port;
    const char *known_hosts;
  } hosts[] = {
    { "lab", sshd->port, sshd->known_hosts },
    { "stranger", sshd->port, "/dev/null" },
    { "nosshd", closed_port, sshd->known_hosts },
  };

  for (guint i = 0; i < G_N_ELEMENTS (hosts); i++)
    g_string_append_printf (config,
                            "Host %s\n  HostName 127.0.0.1\n  Port %u\n  User %s\n  IdentityFile %s\n"
                            "  IdentitiesOnly yes\n  UserKnownHostsFile %s\n  StrictHostKeyChecking yes\n"
                            "  BatchMode yes\n  LogLevel ERROR\n",
                            hosts[i].alias, hosts[i].port, g_get_user_name (), sshd->key, hosts[i].known_hosts);
  g_assert_true (g_file_set_contents (ssh_config, config->str, -1, NULL));

  host = connect_over_ssh (address, &error);
  g_assert_no_error (error);
  DOMUS_TEST_WAIT_UNTIL (domus_host_is_ready (host), 60);
  g_assert_cmpstr (domus_host_get_notice (host), ==, "No Xen hypervisor found — showing a simulated host");
  g_assert_cmpuint (g_list_model_get_n_items (domus_host_get_domains (host)), ==, 5);
  request = domus_request_new_for_domain (DOMUS_REQUEST_SCHEDULER, lookup (host, "clone1"));
  request->weight = 2048;
  domus_host_request_async (host, g_steal_pointer (&request), NULL, domus_test_result_cb, &result);
  DOMUS_TEST_WAIT_UNTIL (result != NULL, 60);
  domus_host_request_finish (host, result, &error);
  g_assert_no_error (error);
  /* The refresh that follows a request shows it. */
  DOMUS_TEST_WAIT_UNTIL (domus_domain_get_weight (lookup (host, "clone1")) == 2048, 60);
  g_clear_object (&host);

  g_assert_null (connect_over_ssh (stranger, &error));
  g_assert_cmpstr (error->message, ==, "The host key of stranger is not known: add it with ssh-keyscan or "
                                       "connect once with ssh");
  g_clear_error (&error);

  /* An agent of an older Domus there: started again without --framed,
   * over the same control master. */
  {
    g_autofree char *dir = g_dir_make_tmp ("domus-older-agent-XXXXXX", NULL);
    g_autofree char *agent = older_agent_new (dir);
    g_autofree char *older = g_strdup_printf ("ssh://lab?agent=%s", agent);

    host = connect_over_ssh (older, &error);
    g_assert_no_error (error);
    DOMUS_TEST_WAIT_UNTIL (domus_host_is_ready (host), 60);
    g_assert_cmpuint (g_list_model_get_n_items (domus_host_get_domains (host)), ==, 5);
    g_assert_cmpuint (older_agent_starts (dir), ==, 2);
    g_clear_object (&host);
    domus_test_remove_dir (dir);
  }

  g_assert_null (connect_over_ssh ("ssh://lab?agent=/nonexistent/domus-agent", &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND);
  g_assert_true (g_str_has_prefix (error->message, "lab has no domus-agent: install Domus there"));
  g_clear_error (&error);

  g_assert_null (connect_over_ssh ("ssh://nosshd", &error));
  refused = g_strdup_printf ("Cannot reach nosshd port %u: connection refused (is sshd running there?)",
                             closed_port);
  g_assert_cmpstr (error->message, ==, refused);
  domus_test_sshd_stop (sshd);
}

static void
clone_progress_cb (const char *what,
                   double      fraction,
                   gpointer    data)
{
  GPtrArray *steps = data;

  g_ptr_array_add (steps, g_strdup (what));
}

/* Clones on @host as domusctl clone does; the configs written, or NULL. */
static GPtrArray *
clone_on (DomusHost           *host,
          const char          *source,
          const char          *config_path,
          const char * const  *names,
          GPtrArray           *steps,
          GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  DomusCloneSpec spec = { source, config_path, names, 0, FALSE };

  domus_clone_async (host, &spec, clone_progress_cb, steps, NULL, domus_test_result_cb, &result);
  DOMUS_TEST_WAIT_UNTIL (result != NULL, 60);
  return domus_clone_finish (host, result, error);
}

/* Clone over ssh, by the agent on the other side, every file named there
 * (here the same machine, through a real sshd): an image copied beside
 * it, a snapshot of the simulated host's LVM; a config that is not there,
 * a name taken, in words. */
static void
test_clone_over_ssh (void)
{
  DomusTestSshd *sshd = domus_test_sshd_start ();
  g_autofree char *address = g_strdup_printf ("ssh://lab?agent=%s", g_getenv ("DOMUS_AGENT"));
  g_autofree char *config = NULL;
  g_autofree char *dir = g_dir_make_tmp ("domus-clone-ssh-XXXXXX", NULL);
  g_autofree char *image = g_build_filename (dir, "filedom.img", NULL);
  g_autofree char *copy = g_build_filename (dir, "fclone.img", NULL);
  g_autofree char *file_text = g_strdup_printf ("name = 'filedom'\nmemory = 128\ndisk = [ 'file:%s,xvda,w' ]\n", image);
  g_autofree char *file_config = domus_test_write_text (dir, "filedom.cfg", file_text);
  g_autofree char *lvm_config = domus_test_write_text (dir, "debian10.cfg",
                                                       "name = 'debian10'\nmemory = 256\n"
                                                       "disk = [ 'phy:/dev/vol1/base,xvda,w' ]\n"
                                                       "vif = [ 'bridge=xenbr0,mac=00:16:3e:11:22:33' ]\n");
  g_autofree char *contents = NULL;
  g_autoptr(DomusHost) host = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) written = NULL;
  g_autoptr(GPtrArray) steps = g_ptr_array_new_with_free_func (g_free);
  const char *fclone[] = { "fclone", NULL };
  const char *web1[] = { "web1", NULL };
  const char *web2[] = { "web2", NULL };
  const char *taken[] = { "clone1", NULL };
  DomusLogicalVolume *lv;

  config = g_strdup_printf ("Host lab\n  HostName 127.0.0.1\n  Port %u\n  User %s\n  IdentityFile %s\n"
                            "  IdentitiesOnly yes\n  UserKnownHostsFile %s\n  StrictHostKeyChecking yes\n"
                            "  BatchMode yes\n  LogLevel ERROR\n",
                            sshd->port, g_get_user_name (), sshd->key, sshd->known_hosts);
  g_assert_true (g_file_set_contents (ssh_config, config, -1, NULL));
  g_assert_true (g_file_set_contents (image, "a disk of the lab", -1, NULL));
  host = connect_over_ssh (address, &error);
  g_assert_no_error (error);
  DOMUS_TEST_WAIT_UNTIL (domus_host_is_ready (host), 60);

  /* An image copied beside it, by the agent. */
  written = clone_on (host, "filedom", file_config, fclone, steps, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (written->len, ==, 1);
  {
    g_autofree char *expected = g_build_filename (dir, "fclone.cfg", NULL);
    g_autofree char *text = NULL;
    g_autofree char *disk = g_strdup_printf ("disk = ['file:%s,xvda,w']", copy);

    g_assert_cmpstr (g_ptr_array_index (written, 0), ==, expected);
    g_assert_true (g_file_get_contents (expected, &text, NULL, NULL));
    g_assert_true (g_str_has_prefix (text, "name = 'fclone'\n"));
    g_assert_nonnull (strstr (text, disk));
  }
  g_assert_true (g_file_get_contents (copy, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "a disk of the lab");
  /* Its steps, as the agent told them. */
  g_assert_cmpuint (steps->len, >=, 3);
  g_assert_cmpstr (g_ptr_array_index (steps, 0), ==, "Reading the storage of the host");
  g_assert_cmpstr (g_ptr_array_index (steps, steps->len - 1), ==, "Done");
  g_clear_pointer (&written, g_ptr_array_unref);

  /* A snapshot of the simulated host's vol1/base, seen here once done. */
  written = clone_on (host, "debian10", lvm_config, web1, steps, &error);
  g_assert_no_error (error);
  lv = domus_host_lookup_volume (host, "vol1/web1");
  g_assert_nonnull (lv);
  g_assert_cmpstr (domus_logical_volume_get_origin (lv), ==, "base");
  /* 20 % of its 15 GiB. */
  g_assert_cmpuint (domus_logical_volume_get_size (lv), ==, G_GUINT64_CONSTANT (3072) * 1024 * 1024);
  g_clear_pointer (&written, g_ptr_array_unref);

  /* Refusals, in the agent's words. */
  {
    g_autofree char *missing = g_build_filename (dir, "nothere.cfg", NULL);
    g_autofree char *expected = g_strdup_printf ("The xl config of “debian10” on xenlab, %s: Could not read “nothere.cfg”: "
                                                 "No such file or directory", missing);

    g_assert_null (clone_on (host, "debian10", missing, web2, steps, &error));
    g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND);
    g_assert_cmpstr (error->message, ==, expected);
    g_clear_error (&error);
  }
  g_assert_null (clone_on (host, "debian10", lvm_config, taken, steps, &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_EXISTS);
  g_assert_cmpstr (error->message, ==, "A domain “clone1” is on this host already");
  g_clear_error (&error);
  /* web1 is no domain (not created), but its config is there. */
  {
    g_autofree char *web1_cfg = g_build_filename (dir, "web1.cfg", NULL);
    g_autofree char *expected = g_strdup_printf ("%s is there already: Domus writes no clone over it", web1_cfg);

    g_assert_null (clone_on (host, "debian10", lvm_config, web1, steps, &error));
    g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_EXISTS);
    g_assert_cmpstr (error->message, ==, expected);
    g_clear_error (&error);
  }

  g_clear_object (&host);
  domus_test_remove_dir (dir);
  domus_test_sshd_stop (sshd);
}

/* Addresses: what each starts, and what is refused. */
static void
test_address (void)
{
  const char *refused[] = {
    "", "lab3", "ssh://", "ssh://-oProxyCommand=x", "ssh://-x@lab3", "http://lab3", "ssh://lab3/home",
    "ssh://lab3:0", "ssh://lab3?agent=relative", "ssh://lab3?other=1",
  };
  g_autoptr(DomusRemoteAddress) address = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) argv = NULL;
  g_autofree char *joined = NULL;
  g_autofree char *expected_argv = NULL;

  address = domus_remote_address_parse ("ssh://student@lab3:2222?agent=/opt/domus/libexec/domus-agent", &error);
  g_assert_no_error (error);
  g_assert_cmpint (address->kind, ==, DOMUS_REMOTE_SSH);
  g_assert_cmpstr (address->host, ==, "lab3");
  g_assert_cmpstr (address->destination, ==, "student@lab3");
  g_assert_cmpuint (address->port, ==, 2222);
  argv = domus_remote_address_get_argv (address);
  joined = g_strjoinv (" ", argv);
  /* $DOMUS_SSH, as main() set it, first. */
  expected_argv = g_strdup_printf ("ssh -F %s -T -p 2222 -- student@lab3 exec "
                                   "'/opt/domus/libexec/domus-agent' --stdio", ssh_config);
  g_assert_cmpstr (joined, ==, expected_argv);
  g_clear_pointer (&address, domus_remote_address_free);
  g_clear_pointer (&argv, g_strfreev);

  /* An alias of ~/.ssh/config, no user or port: ssh's own. */
  address = domus_remote_address_parse ("ssh://lab3", &error);
  g_assert_no_error (error);
  argv = domus_remote_address_get_argv (address);
  g_assert_cmpstr (argv[3], ==, "-T");
  g_assert_cmpstr (argv[4], ==, "--");
  g_assert_cmpstr (argv[5], ==, "lab3");
  g_assert_true (g_str_has_prefix (argv[6], "exec sh -c "));
  g_assert_null (argv[7]);
  g_clear_pointer (&address, domus_remote_address_free);
  g_clear_pointer (&argv, g_strfreev);

  address = domus_remote_address_parse ("local", &error);
  g_assert_no_error (error);
  g_assert_cmpint (address->kind, ==, DOMUS_REMOTE_LOCAL);
  g_clear_pointer (&address, domus_remote_address_free);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autofree char *expected = g_strdup_printf ("“%s” is not a host to connect to: give “local” or "
                                                   "“ssh://[user@]host[:port]”", refused[i]);

      g_assert_null (domus_remote_address_parse (refused[i], &error));
      g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT);
      g_assert_cmpstr (error->message, ==, expected);
      g_clear_error (&error);
    }
}

static void
count_cb (guint *count)
{
  (*count)++;
}

static void
signal_cb (GDBusConnection *connection,
           const char      *sender,
           const char      *path,
           const char      *interface,
           const char      *signal,
           GVariant        *parameters,
           gpointer         user_data)
{
  GPtrArray *received = user_data;

  g_ptr_array_add (received, g_strdup_printf ("%s %s", signal, g_variant_get_type_string (parameters)));
}

static GVariant *
call (GDBusConnection  *connection,
      const char       *method,
      GVariant         *parameters,
      GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  g_dbus_connection_call (connection, NULL, DOMUS_AGENT_OBJECT_PATH, "io.domus.Host1", method, parameters, NULL,
                          G_DBUS_CALL_FLAGS_NONE, -1, NULL, domus_test_result_cb, &result);
  DOMUS_TEST_WAIT_UNTIL (result != NULL, 30);
  return g_dbus_connection_call_finish (connection, result, error);
}

/* Watch (ProtocolVersion 6), as a client at the other end of the wire
 * sees it: samples by themselves on the host's clock, RefreshNow's sample
 * before its answer, and the polling methods refused once watched. */
static void
test_watch_wire (void)
{
  g_autoptr(DomusClock) clock = NULL;
  g_autoptr(DomusHost) sim = domus_test_sim_host_new (scene_json, &clock);
  g_autoptr(GSocket) agent_end = NULL, client_end = NULL;
  g_autoptr(GSocketConnection) agent_stream = NULL, client_stream = NULL;
  g_autoptr(GAsyncResult) served = NULL;
  g_autoptr(GDBusConnection) client = NULL;
  g_autoptr(DomusAgent) agent = NULL;
  g_autoptr(GPtrArray) received = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sample = g_strdup_printf ("Sample (" DOMUS_REMOTE_SAMPLE_TYPE "ay(a(usut)a(uu)))");
  guint subscription;
  int fds[2];

  g_assert_cmpint (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), ==, 0);
  agent_end = g_socket_new_from_fd (fds[0], &error);
  g_assert_no_error (error);
  client_end = g_socket_new_from_fd (fds[1], &error);
  g_assert_no_error (error);
  agent_stream = g_socket_connection_factory_create_connection (agent_end);
  client_stream = g_socket_connection_factory_create_connection (client_end);
  domus_agent_serve_async (sim, G_IO_STREAM (agent_stream), NULL, domus_test_result_cb, &served);
  g_dbus_connection_new (G_IO_STREAM (client_stream), NULL, G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT, NULL, NULL,
                         domus_test_connection_cb, &client);
  DOMUS_TEST_WAIT_UNTIL (served != NULL && client != NULL, 30);
  agent = domus_agent_serve_finish (served, &error);
  g_assert_no_error (error);
  subscription = g_dbus_connection_signal_subscribe (client, NULL, "io.domus.Host1", NULL, DOMUS_AGENT_OBJECT_PATH,
                                                     NULL, G_DBUS_SIGNAL_FLAGS_NONE, signal_cb, received, NULL);

  /* Not watched: RefreshNow is refused, Refresh answers. */
  g_assert_null (call (client, "RefreshNow", NULL, &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  reply = call (client, "RefreshPools", NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&reply, g_variant_unref);
  /* Nor a sample every millisecond. */
  g_assert_null (call (client, "Watch", g_variant_new ("(u)", 1), &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_cmpuint (received->len, ==, 0);

  /* Watched: a sample at once, before the answer. */
  reply = call (client, "Watch", g_variant_new ("(u)", 1000), &error);
  g_assert_no_error (error);
  g_clear_pointer (&reply, g_variant_unref);
  g_assert_cmpuint (received->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (received, 0), ==, sample);
  g_assert_cmpuint (domus_host_get_refresh_interval (sim), ==, 1000);

  /* Then one each second of the host's clock, unasked. */
  domus_clock_advance (clock, G_USEC_PER_SEC);
  DOMUS_TEST_WAIT_UNTIL (received->len == 2, 30);
  domus_clock_advance (clock, 3 * G_USEC_PER_SEC);
  DOMUS_TEST_WAIT_UNTIL (received->len == 5, 30);
  g_assert_cmpstr (g_ptr_array_index (received, 4), ==, sample);

  /* RefreshNow: its sample before its answer. */
  reply = call (client, "RefreshNow", NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&reply, g_variant_unref);
  g_assert_cmpuint (received->len, ==, 6);

  /* The polling methods would answer changes from samples the signals
   * carry: refused. */
  g_assert_null (call (client, "RefreshPools", NULL, &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (call (client, "Refresh", NULL, &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* Another interval: at once, and from then on. */
  reply = call (client, "Watch", g_variant_new ("(u)", 2000), &error);
  g_assert_no_error (error);
  g_clear_pointer (&reply, g_variant_unref);
  g_assert_cmpuint (received->len, ==, 7);
  g_assert_cmpuint (domus_host_get_refresh_interval (sim), ==, 2000);
  domus_clock_advance (clock, 4 * G_USEC_PER_SEC);
  DOMUS_TEST_WAIT_UNTIL (received->len == 9, 30);

  g_dbus_connection_signal_unsubscribe (client, subscription);
  g_dbus_connection_close_sync (client, NULL, NULL);
}

/* The remote host of an agent that sends its samples keeps no timer: the
 * samples come on the host's clock, and its interval goes to the agent. */
static void
test_watch (Fixture       *f,
            gconstpointer  data)
{
  guint refreshed = 0;
  gulong handler;

  g_assert_true (_domus_host_is_pushed (f->r.remote));
  /* As domus-agent's host does: it reads itself on its own timer. */
  _domus_host_set_driven (f->r.sim, FALSE);
  handler = g_signal_connect_swapped (f->r.remote, "refreshed", G_CALLBACK (count_cb), &refreshed);
  domus_clock_advance (f->r.clock, G_USEC_PER_SEC);
  DOMUS_TEST_WAIT_UNTIL (refreshed == 1, 30);
  domus_clock_advance (f->r.clock, G_USEC_PER_SEC);
  DOMUS_TEST_WAIT_UNTIL (refreshed == 2, 30);
  assert_same_domains (f->r.sim, f->r.remote, TRUE);
  g_assert_false (_domus_host_is_refreshing (f->r.remote));

  domus_host_set_refresh_interval (f->r.remote, 2500);
  DOMUS_TEST_WAIT_UNTIL (domus_host_get_refresh_interval (f->r.sim) == 2500, 30);
  DOMUS_TEST_WAIT_UNTIL (!_domus_host_is_refreshing (f->r.remote), 30);
  domus_clock_advance (f->r.clock, 2500 * 1000);
  DOMUS_TEST_WAIT_UNTIL (refreshed == 3, 30);
  g_assert_null (domus_host_get_error (f->r.remote));

  /* A host that could not be read says so, in the agent's words, until
   * the next sample. */
  g_assert_true (g_dbus_connection_emit_signal (domus_agent_get_connection (f->r.agent), NULL,
                                                DOMUS_AGENT_OBJECT_PATH, "io.domus.Host1", "SampleFailed",
                                                g_variant_new ("(ss)", "io.domus.Error.NotSupported",
                                                               "Xen said no"), NULL));
  DOMUS_TEST_WAIT_UNTIL (domus_host_get_error (f->r.remote) != NULL, 30);
  g_assert_error ((GError *) domus_host_get_error (f->r.remote), DOMUS_ERROR, DOMUS_ERROR_NOT_SUPPORTED);
  g_assert_cmpstr (domus_host_get_error (f->r.remote)->message, ==, "Xen said no");
  domus_clock_advance (f->r.clock, 2500 * 1000);
  DOMUS_TEST_WAIT_UNTIL (refreshed == 4, 30);
  g_assert_null (domus_host_get_error (f->r.remote));
  g_signal_handler_disconnect (f->r.remote, handler);

  /* An agent that sends nothing for ten intervals (at least a second:
   * here the simulated host's clock stands still) is taken for stuck,
   * until it sends again. */
  domus_host_set_refresh_interval (f->r.remote, 100);
  DOMUS_TEST_WAIT_UNTIL (domus_host_get_refresh_interval (f->r.sim) == 100, 30);
  DOMUS_TEST_WAIT_UNTIL (domus_host_get_error (f->r.remote) != NULL, 30);
  g_assert_error ((GError *) domus_host_get_error (f->r.remote), DOMUS_ERROR, DOMUS_ERROR_TIMED_OUT);
  g_assert_cmpstr (domus_host_get_error (f->r.remote)->message, ==, "The agent has sent no sample for 1 second");
  domus_test_remote_refresh (&f->r);
  g_assert_null (domus_host_get_error (f->r.remote));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *ssh_dir = g_dir_make_tmp ("domus-ssh-config-XXXXXX", NULL);
  g_autofree char *ssh = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  ssh_config = g_build_filename (ssh_dir, "ssh_config", NULL);
  ssh = g_strdup_printf ("ssh -F %s", ssh_config);
  g_setenv ("DOMUS_SSH", ssh, TRUE);

  g_test_add ("/remote-host/facts-and-domains", Fixture, NULL, fixture_setup, test_facts_and_domains,
              fixture_teardown);
  g_test_add ("/remote-host/info-and-log", Fixture, NULL, fixture_setup, test_info_and_log, fixture_teardown);
  g_test_add ("/remote-host/requests", Fixture, NULL, fixture_setup, test_requests, fixture_teardown);
  g_test_add ("/remote-host/older-protocol", Fixture, ancient, fixture_setup, test_older_protocol, fixture_teardown);
  g_test_add ("/remote-host/facts-and-domains-polled", Fixture, polled, fixture_setup, test_facts_and_domains,
              fixture_teardown);
  g_test_add ("/remote-host/requests-polled", Fixture, polled, fixture_setup, test_requests, fixture_teardown);
  g_test_add ("/remote-host/watch", Fixture, NULL, fixture_setup, test_watch, fixture_teardown);
  g_test_add_func ("/remote-host/watch-wire", test_watch_wire);
  g_test_add ("/remote-host/save-progress-and-cancel", Fixture, NULL, fixture_setup,
              test_save_progress_and_cancel, fixture_teardown);
  g_test_add ("/remote-host/agent-gone", Fixture, NULL, fixture_setup, test_agent_gone, fixture_teardown);
  g_test_add ("/remote-host/console", Fixture, NULL, fixture_setup, test_console, fixture_teardown);
  g_test_add ("/remote-host/screen", Fixture, hvm_scene_json, fixture_setup, test_screen, fixture_teardown);
  g_test_add_func ("/remote-host/address", test_address);
  g_test_add_func ("/remote-host/over-ssh", test_over_ssh);
  g_test_add_func ("/remote-host/clone-over-ssh", test_clone_over_ssh);
  g_test_add_func ("/remote-host/spawned-agent", test_spawned_agent);
  g_test_add_func ("/remote-host/not-an-agent", test_not_an_agent);
  g_test_add_func ("/remote-host/older-agent", test_older_agent);
  g_test_add_func ("/remote-host/cut-stream", test_cut_stream);
  g_test_add_func ("/remote-host/reconnect", test_reconnect);
  g_test_add_func ("/remote-host/another-version", test_another_version);

  status = g_test_run ();
  g_unlink (ssh_config);
  g_rmdir (ssh_dir);
  g_free (ssh_config);
  return status;
}
