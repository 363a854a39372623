/* bench-fleet.c: is the window smooth, and small, with a room of hosts?
 *
 *   xvfb-run -a -s '-screen 0 1280x800x24' build/bench/bench-fleet [--hosts 20] [--domains 50]
 *                                                                [--frames 600]
 *
 * A real sshd on 127.0.0.1 (the tests' throwaway one) serves --hosts lab
 * hosts, each an alias of an ssh_config given through $DOMUS_SSH and each
 * the real domus-agent ($DOMUS_AGENT) on a simulated scene of --domains
 * domains of 2 vCPUs, refreshed once a second on the wall clock. The
 * window shows its own simulated host of as many domains, with the others
 * on its Hosts page (DomusFleet), and scrolls its domain list every frame
 * while the room refreshes. Targets: frame time p95 < 16 ms,
 * resident size < 300 MB. Frame times come from the frame clock
 * (bench_ui_scroll()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <stdlib.h>

#include "bench-common.h"
#include "bench-ui.h"
#include "domus-test-sshd.h"
#include "sim/domus-sim-host.h"

#define P95_LIMIT_MS 16.0
#define RSS_LIMIT_MIB 300

/* An agent that serves @scene: what the addresses' ?agent= names. */
static char *
write_agent (const char *dir,
             const char *scene)
{
  g_autofree char *agent = g_canonicalize_filename (g_getenv ("DOMUS_AGENT"), NULL);
  g_autofree char *script = g_strdup_printf ("#!/bin/sh\nexec '%s' --stdio --sim '%s'\n", agent, scene);
  char *path = g_build_filename (dir, "agent", NULL);

  if (!g_file_set_contents (path, script, -1, NULL) || g_chmod (path, 0755) != 0)
    g_error ("cannot write %s", path);
  return path;
}

/* Adds @n hosts, lab-1 … lab-N, all the agent at @sshd, and waits until
 * each has read its host. */
static void
add_hosts (DomusFleet    *fleet,
           DomusTestSshd *sshd,
           const char    *dir,
           const char    *agent,
           guint          n)
{
  g_autofree char *config = domus_test_sshd_config (sshd, "lab-*");
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
  guint ready = 0;

  domus_test_use_ssh_config (dir, config);
  for (guint i = 1; i <= n; i++)
    {
      g_autofree char *address = g_strdup_printf ("ssh://lab-%u?agent=%s", i, agent);
      g_autoptr(GError) error = NULL;

      if (!domus_fleet_add (fleet, address, &error))
        g_error ("%s", error->message);
    }
  while (ready < n && g_get_monotonic_time () < deadline)
    {
      GListModel *hosts = domus_fleet_get_hosts (fleet);

      g_main_context_iteration (NULL, TRUE);
      ready = 0;
      for (guint i = 1; i < g_list_model_get_n_items (hosts); i++)
        {
          g_autoptr(DomusFleetHost) host = g_list_model_get_item (hosts, i);

          ready += domus_fleet_host_get_host (host) != NULL && domus_host_is_ready (domus_fleet_host_get_host (host));
        }
    }
  if (ready < n)
    g_error ("only %u of %u hosts were read within 120 s", ready, n);
}

int
main (int   argc,
      char *argv[])
{
  int n_hosts = 20, n_domains = 50, n_frames = 600;
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusScene) scene = NULL;
  g_autoptr(DomusClock) clock = NULL;
  g_autoptr(DomusHost) host = NULL;
  g_autoptr(DomusFleet) fleet = NULL;
  g_autofree char *dir = NULL, *scene_path = NULL, *scene_json = NULL, *agent = NULL;
  g_autoptr(GArray) frame_ms = NULL;
  DomusTestSshd *sshd;
  DomusWindow *window;
  double p95;
  long rss_kib;
  gboolean met;
  const GOptionEntry entries[] = {
    { "hosts", 0, 0, G_OPTION_ARG_INT, &n_hosts, "Hosts besides the window's own", "N" },
    { "domains", 0, 0, G_OPTION_ARG_INT, &n_domains, "Domains a host", "N" },
    { "frames", 0, 0, G_OPTION_ARG_INT, &n_frames, "Frames to measure", "N" },
    { NULL }
  };

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || n_hosts < 1 || n_domains < 1 || n_frames < 10)
    {
      g_printerr ("%s\n", error ? error->message : "bad arguments");
      return EXIT_FAILURE;
    }
  if (!g_file_test ("/usr/sbin/sshd", G_FILE_TEST_IS_EXECUTABLE) || g_getenv ("DOMUS_AGENT") == NULL)
    {
      g_print ("skipped: needs OpenSSH's server and $DOMUS_AGENT\n");
      return 77;
    }
  adw_init ();

  dir = g_dir_make_tmp ("domus-bench-fleet-XXXXXX", NULL);
  scene_path = g_build_filename (dir, "scene.json", NULL);
  scene_json = bench_scene_json (n_domains, 2, bench_ui_workloads);
  if (!g_file_set_contents (scene_path, scene_json, -1, NULL))
    g_error ("cannot write %s", scene_path);
  agent = write_agent (dir, scene_path);
  sshd = domus_test_sshd_start ();

  scene = bench_scene_new (n_domains, bench_ui_workloads);
  clock = domus_clock_new_wall ();
  host = domus_sim_host_new (scene, clock);
  fleet = domus_fleet_new (host, "this computer", NULL);
  add_hosts (fleet, sshd, dir, agent, (guint) n_hosts);

  window = bench_ui_open_window (host, "dom7");
  domus_window_set_fleet (window, fleet);
  frame_ms = bench_ui_scroll (window, (guint) n_frames, NULL, NULL);

  p95 = bench_percentile (frame_ms, 95);
  rss_kib = bench_status_kib ("VmRSS:");
  met = p95 < P95_LIMIT_MS && rss_kib < RSS_LIMIT_MIB * 1024;
  g_print ("%d hosts of %d domains through domus-agent over ssh, and this one: %u frames, frame time median "
           "%.2f ms, p95 %.2f ms (target < %.0f), max %.2f ms; resident %.1f MiB (target < %d): %s\n",
           n_hosts, n_domains, frame_ms->len, bench_percentile (frame_ms, 50), p95, P95_LIMIT_MS,
           bench_percentile (frame_ms, 100), rss_kib / 1024.0, RSS_LIMIT_MIB, met ? "met" : "missed");

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&fleet);
  domus_test_sshd_stop (sshd);
  g_unlink (agent);
  g_unlink (scene_path);
  g_rmdir (dir);
  return met ? EXIT_SUCCESS : EXIT_FAILURE;
}
