/* bench-agent-refresh.c: what a refresh at 1 Hz costs through domus-agent,
 * against the same refresh in process, at 10, 100 or 1000 domains.
 *
 *   build/bench/bench-agent-refresh [--domains 100] [--refreshes 20]
 *                                   [--speed 1] [--limit 1.5]
 *
 * The host is bench-refresh's scene (domains of 8 vCPUs, every other one
 * bursty on all of them, the rest busy on two).
 *
 * In process: the simulated host as a window on this computer has it,
 * reading on its own timer at 1 Hz (the scheduler model's second, then the
 * host update), paced like the agent's: the same clock and speed, so that
 * both pay what a refresh once a second costs (caches gone cold between
 * refreshes, the main loop waking), not what back-to-back ones do.
 *
 * Through the agent: the real domus-agent in a process of its own serving
 * the same scene, its host reading on its own timer at 1 Hz as any, and a
 * DomusRemoteHost here refreshing through it at 1 Hz (both at real speed
 * unless --speed). The cost of a refresh is the CPU time of both processes
 * over whole refreshes, after the first few (which build every domain),
 * divided by their number. It must be at most --limit times the in-process
 * one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdlib.h>

#include "bench-agent.h"
#include "bench-common.h"
#include "domus-test-utils.h"
#include "remote/domus-remote-host.h"

#define WARMUP 3

static void
count_cb (guint *n)
{
  (*n)++;
}

static double
in_process_ms (guint  n_domains,
               guint  refreshes,
               double speed)
{
  g_autoptr(DomusScene) scene = bench_scene_new (n_domains, bench_mixed_workloads);
  g_autoptr(DomusClock) clock = domus_clock_new_scaled (speed);
  g_autoptr(DomusHost) host = domus_sim_host_new (scene, clock);
  guint n = 0;
  double start;

  g_signal_connect_swapped (host, "refreshed", G_CALLBACK (count_cb), &n);
  DOMUS_TEST_WAIT_UNTIL (n >= WARMUP, 30 + 2 * WARMUP);
  start = bench_cpu_ms ();
  DOMUS_TEST_WAIT_UNTIL (n >= WARMUP + refreshes, 30 + 2 * refreshes);
  return (bench_cpu_ms () - start) / refreshes;
}

int
main (int   argc,
      char *argv[])
{
  int n_domains = 100, refreshes = 20;
  double speed = 1.0, limit = 1.5;
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *scene = NULL;
  const GOptionEntry entries[] = {
    { "domains", 0, 0, G_OPTION_ARG_INT, &n_domains, "Domains of 8 vCPUs (100)", "N" },
    { "refreshes", 0, 0, G_OPTION_ARG_INT, &refreshes, "Refreshes to measure (20)", "N" },
    { "speed", 0, 0, G_OPTION_ARG_DOUBLE, &speed, "Clocks this many times real time (1)", "X" },
    { "limit", 0, 0, G_OPTION_ARG_DOUBLE, &limit,
      "Largest cost through the agent, in times the in-process one (1.5)", "R" },
    { NULL }
  };
  BenchAgent *agent;
  double local_ms, agent_start, self_start, agent_ms, self_ms, ratio;
  guint64 read_start, written_start, read_end, written_end;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || n_domains < 1 || refreshes < 1
      || speed <= 0 || limit <= 0)
    {
      g_printerr ("%s\n", error ? error->message
                                : "--domains and --refreshes must be at least 1, --speed and --limit above 0");
      return EXIT_FAILURE;
    }

  local_ms = in_process_ms (n_domains, refreshes, speed);

  scene = bench_scene_json (n_domains, 8, bench_mixed_workloads);
  agent = bench_agent_start (scene, speed);
  bench_agent_wait_refreshes (agent, WARMUP);
  agent_start = bench_agent_cpu_ms (agent);
  self_start = bench_cpu_ms ();
  domus_remote_host_get_traffic (DOMUS_REMOTE_HOST (agent->host), &read_start, &written_start);
  bench_agent_wait_refreshes (agent, refreshes);
  agent_ms = (bench_agent_cpu_ms (agent) - agent_start) / refreshes;
  self_ms = (bench_cpu_ms () - self_start) / refreshes;
  domus_remote_host_get_traffic (DOMUS_REMOTE_HOST (agent->host), &read_end, &written_end);
  ratio = (agent_ms + self_ms) / local_ms;

  g_print ("%d domains × 8 vCPUs, %d refreshes at %g Hz: in process %.3f ms a refresh; through the agent "
           "%.3f ms (agent %.3f + window %.3f), %.1f KiB on the wire; %.2f× (target ≤ %g×): %s\n",
           n_domains, refreshes, speed, local_ms, agent_ms + self_ms, agent_ms, self_ms,
           (read_end - read_start + written_end - written_start) / 1024.0 / refreshes,
           ratio, limit, ratio <= limit ? "met" : "MISSED");
  bench_agent_stop (agent);
  return ratio <= limit ? EXIT_SUCCESS : EXIT_FAILURE;
}
