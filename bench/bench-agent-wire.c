/* bench-agent-wire.c: the bytes a refresh puts on the wire to domus-agent
 * when nothing but CPU times changed, at 100 domains of 2 vCPUs.
 *
 *   build/bench/bench-agent-wire [--domains 100] [--vcpus 2] [--workload JSON]
 *                                [--refreshes 20] [--speed 1] [--limit 4096]
 *
 * The real domus-agent serves domains whose vCPUs all run 5 ms in every
 * 100 (bursty, in phase): their CPU times move from one sample to the
 * next, and every sample finds them all blocked, so nothing else does. (A
 * busier scene on 32 pCPUs finds some domains running and some not, and a
 * domain whose state changed is sent whole.) A DomusRemoteHost here
 * watches it: the agent sends a sample at 1 Hz, in a frame of its own
 * beside D-Bus (domus-frames.h). Every byte of the connection is counted
 * both ways (domus_remote_host_get_traffic()), D-Bus and frames' headers
 * included: per
 * refresh, after the first few (the first sends every domain), the
 * largest must be at most --limit bytes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdlib.h>

#include "bench-agent.h"
#include "bench-common.h"
#include "remote/domus-remote-host.h"

#define WARMUP 3


int
main (int   argc,
      char *argv[])
{
  int n_domains = 100, vcpus = 2, refreshes = 20;
  double speed = 1.0, limit = 4096;
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *scene = NULL;
  g_autofree char *workload = g_strdup ("{\"kind\": \"bursty\", \"duty\": 0.05, \"period_ms\": 100}");
  g_autoptr(GArray) sent = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) received = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) total = g_array_new (FALSE, FALSE, sizeof (double));
  const GOptionEntry entries[] = {
    { "domains", 0, 0, G_OPTION_ARG_INT, &n_domains, "Domains (100)", "N" },
    { "vcpus", 0, 0, G_OPTION_ARG_INT, &vcpus, "vCPUs a domain (2)", "N" },
    { "workload", 0, 0, G_OPTION_ARG_STRING, &workload, "Every domain's workload, as in a scene", "JSON" },
    { "refreshes", 0, 0, G_OPTION_ARG_INT, &refreshes, "Refreshes to measure (20)", "N" },
    { "speed", 0, 0, G_OPTION_ARG_DOUBLE, &speed, "Clocks this many times real time (1)", "X" },
    { "limit", 0, 0, G_OPTION_ARG_DOUBLE, &limit, "Most bytes a refresh may take, both ways (4096)", "B" },
    { NULL }
  };
  BenchAgent *agent;
  guint64 last_read, last_written;
  double largest, sum = 0;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || n_domains < 1 || vcpus < 1 || vcpus > 64
      || refreshes < 1 || speed <= 0 || limit <= 0)
    {
      g_printerr ("%s\n", error ? error->message
                                : "--domains and --refreshes must be at least 1, --vcpus from 1 to 64, "
                                  "--speed and --limit above 0");
      return EXIT_FAILURE;
    }

  scene = bench_scene_json (n_domains, vcpus, (const char *[]) { workload, NULL });
  agent = bench_agent_start (scene, speed);
  bench_agent_wait_refreshes (agent, WARMUP);
  domus_remote_host_get_traffic (DOMUS_REMOTE_HOST (agent->host), &last_read, &last_written);
  for (int r = 0; r < refreshes; r++)
    {
      guint64 now_read, now_written;

      bench_agent_wait_refreshes (agent, 1);
      domus_remote_host_get_traffic (DOMUS_REMOTE_HOST (agent->host), &now_read, &now_written);
      g_array_append_val (sent, (double) { now_written - last_written });
      g_array_append_val (received, (double) { now_read - last_read });
      g_array_append_val (total, (double) { now_read - last_read + now_written - last_written });
      sum += now_read - last_read + now_written - last_written;
      last_read = now_read;
      last_written = now_written;
    }
  bench_agent_stop (agent);

  largest = bench_percentile (total, 100);
  g_print ("%d domains × %d vCPUs, CPU times alone changing, %d refreshes: %.0f bytes a refresh on the wire "
           "(mean; median %.0f, largest %.0f), of which to the agent %.0f and from it %.0f (medians); "
           "target ≤ %.0f: %s\n",
           n_domains, vcpus, refreshes, sum / refreshes, bench_percentile (total, 50), largest,
           bench_percentile (sent, 50), bench_percentile (received, 50), limit,
           largest <= limit ? "met" : "MISSED");
  return largest <= limit ? EXIT_SUCCESS : EXIT_FAILURE;
}
