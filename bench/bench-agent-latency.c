/* bench-agent-latency.c: from a weight slider's release to the weight
 * applied on a host reached through domus-agent over SSH.
 *
 *   build/bench/bench-agent-latency [--releases 50] [--limit 50]
 *
 * A real sshd on 127.0.0.1 with throwaway keys (tests/domus-test-sshd.c)
 * runs the real domus-agent ($DOMUS_AGENT) on the simulated lab host, and
 * a DomusRemoteHost connects to it as Domus does: ssh://lab, an alias of
 * an ssh_config given to ssh through $DOMUS_SSH. Each release is what the
 * weight slider does (a DomusLiveSetting held, moved, let go, which sends
 * the new weight at once). Timed from the release on the wall clock: until
 * the agent answers that its host has the weight (the answer comes once
 * the request is carried out there), and until the window's host shows it
 * (the refresh that follows every request). The median of the first must
 * be at most --limit milliseconds. Without an OpenSSH server it says so and
 * is skipped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdlib.h>

#include "bench-common.h"
#include "domus-live-setting.h"
#include "domus-test-sshd.h"
#include "domus-test-utils.h"
#include "remote/domus-remote-host.h"

#define WARMUP 3

static void
failed_cb (DomusLiveSetting *setting,
           const GError     *error)
{
  g_error ("the weight was refused: %s", error->message);
}

/* The host through the agent at "lab", an alias of the ssh_config. */
static DomusHost *
connect_lab (void)
{
  /* The address takes the agent's absolute path only. */
  g_autofree char *agent = g_canonicalize_filename (g_getenv ("DOMUS_AGENT"), NULL);
  g_autofree char *address = g_strdup_printf ("ssh://lab?agent=%s", agent);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  DomusHost *host;

  domus_remote_host_connect_async (address, NULL, NULL, domus_test_result_cb, &result);
  DOMUS_TEST_WAIT_UNTIL (result != NULL, 60);
  if (!(host = domus_remote_host_new_finish (result, &error)))
    g_error ("%s", error->message);
  DOMUS_TEST_WAIT_UNTIL (domus_host_is_ready (host), 60);
  return host;
}

int
main (int   argc,
      char *argv[])
{
  int releases = 50;
  double limit = 50;
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) applied = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) shown = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *config = NULL, *ssh = NULL, *keygen = NULL;
  g_autoptr(DomusHost) host = NULL;
  g_autoptr(DomusLiveSetting) weight = NULL;
  const GOptionEntry entries[] = {
    { "releases", 0, 0, G_OPTION_ARG_INT, &releases, "Slider releases to time (50)", "N" },
    { "limit", 0, 0, G_OPTION_ARG_DOUBLE, &limit, "Largest median until applied, in ms (50)", "MS" },
    { NULL }
  };
  DomusTestSshd *sshd;
  DomusDomain *domain;
  double median;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || releases < 1 || limit <= 0)
    {
      g_printerr ("%s\n", error ? error->message : "--releases must be at least 1, --limit above 0");
      return EXIT_FAILURE;
    }
  if (g_getenv ("DOMUS_AGENT") == NULL)
    {
      g_printerr ("DOMUS_AGENT names no agent: run through meson, or set it to build/src/domus-agent\n");
      return EXIT_FAILURE;
    }
  ssh = g_find_program_in_path ("ssh");
  keygen = g_find_program_in_path ("ssh-keygen");
  if (!g_file_test ("/usr/sbin/sshd", G_FILE_TEST_IS_EXECUTABLE) || ssh == NULL || keygen == NULL)
    {
      /* 77: meson's "skipped". */
      g_print ("OpenSSH (/usr/sbin/sshd, ssh, ssh-keygen) is not installed: skipped\n");
      return 77;
    }
  g_clear_pointer (&ssh, g_free);

  sshd = domus_test_sshd_start ();
  /* Set before any thread starts, as the tests do. */
  config = domus_test_sshd_config (sshd, "lab");
  domus_test_use_ssh_config (sshd->dir, config);
  host = connect_lab ();

  domain = domus_host_lookup_domain_by_name (host, "clone1");
  g_assert (domain != NULL);
  weight = domus_live_setting_new (host, domain, DOMUS_LIVE_WEIGHT, 0);
  g_signal_connect (weight, "failed", G_CALLBACK (failed_cb), NULL);

  for (int i = 0; i < WARMUP + releases; i++)
    {
      /* Never the weight it has: every release sends. */
      gint64 value = domus_domain_get_weight (domain) == 300 ? 301 : 300, start;

      domus_live_setting_hold (weight, TRUE);
      domus_live_setting_change (weight, value);
      start = g_get_monotonic_time ();
      domus_live_setting_hold (weight, FALSE);
      DOMUS_TEST_WAIT_UNTIL (!domus_live_setting_is_busy (weight), 30);
      if (i >= WARMUP)
        g_array_append_val (applied, (double) { (g_get_monotonic_time () - start) / 1e3 });
      DOMUS_TEST_WAIT_UNTIL (domus_domain_get_weight (domain) == value, 30);
      if (i >= WARMUP)
        g_array_append_val (shown, (double) { (g_get_monotonic_time () - start) / 1e3 });
    }

  median = bench_percentile (applied, 50);
  g_print ("%d weight slider releases over loopback SSH: applied on the agent's host (its answer here) "
           "median %.1f ms, p95 %.1f, max %.1f; shown in the window's host median %.1f ms, p95 %.1f; "
           "target median ≤ %g ms: %s\n",
           releases, median, bench_percentile (applied, 95), bench_percentile (applied, 100),
           bench_percentile (shown, 50), bench_percentile (shown, 95), limit,
           median <= limit ? "met" : "MISSED");

  g_clear_object (&weight);
  g_clear_object (&host);
  domus_test_sshd_stop (sshd);
  return median <= limit ? EXIT_SUCCESS : EXIT_FAILURE;
}
