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
 * refreshes, the main loop waking), not what back-to-back ones do. It runs
 * in a process of its own (this program again, with --in-process), which
 * notes its CPU time at each refresh and says it at the end.
 *
 * Through the agent: the real domus-agent in a process of its own serving
 * the same scene, its host reading on its own timer at 1 Hz as any, and a
 * DomusRemoteHost here refreshing through it at 1 Hz (both at real speed
 * unless --speed). The cost of a refresh is the CPU time of both processes
 * over whole refreshes, after the first few (which build every domain),
 * divided by their number. It must be at most --limit times the in-process
 * one, measured over the same seconds (the in-process host's refreshes half
 * a period after the agent's, so that neither runs while the other does):
 * what the machine does meanwhile weighs on both alike. Measured one after
 * the other, the in-process refresh alone moved by half from run to run on
 * an idle machine.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib-unix.h>
#include <locale.h>
#include <stdlib.h>
#include <unistd.h>

#include "bench-agent.h"
#include "bench-common.h"
#include "domus-test-utils.h"
#include "remote/domus-remote-host.h"

#define WARMUP 3

typedef struct
{
  gint64 time;    /* monotonic, µs: the same clock in every process */
  double cpu_ms;  /* the process's CPU time then */
} Mark;

static void
mark_cb (GArray *marks)
{
  Mark mark = { g_get_monotonic_time (), bench_cpu_ms () };

  g_array_append_val (marks, mark);
}

typedef struct
{
  const DomusScene *scene;
  double            speed;
  DomusClock       *clock;  /* made with the host: its refreshes keep the clock's phase */
  DomusHost        *host;
  GArray           *marks;
  gboolean          done;
} Child;

/* A line on standard input: the first starts the host, the next (or the
 * end of input) asks for the marks. */
static gboolean
command_cb (int           fd,
            GIOCondition  condition,
            Child        *child)
{
  char buffer[64];

  if (read (fd, buffer, sizeof buffer) > 0 && child->host == NULL)
    {
      child->clock = domus_clock_new_scaled (child->speed);
      child->host = domus_sim_host_new (child->scene, child->clock);
      g_signal_connect_swapped (child->host, "refreshed", G_CALLBACK (mark_cb), child->marks);
      return G_SOURCE_CONTINUE;
    }
  child->done = TRUE;
  return G_SOURCE_REMOVE;
}

/* The child (--in-process): the window's simulated host, from the first
 * line on standard input (its timer starts then) to the next; then the
 * time and CPU time of each refresh, a line each. */
static int
serve_in_process (guint  n_domains,
                  double speed)
{
  g_autoptr(DomusScene) scene = bench_scene_new (n_domains, bench_mixed_workloads);
  g_autoptr(GArray) marks = g_array_new (FALSE, FALSE, sizeof (Mark));
  Child child = { .scene = scene, .speed = speed, .marks = marks };

  g_unix_fd_add (STDIN_FILENO, G_IO_IN | G_IO_HUP | G_IO_ERR, (GUnixFDSourceFunc) command_cb, &child);
  while (!child.done)
    g_main_context_iteration (NULL, TRUE);
  for (guint i = 0; i < marks->len; i++)
    {
      const Mark *mark = &g_array_index (marks, Mark, i);
      char cpu[G_ASCII_DTOSTR_BUF_SIZE];

      g_print ("%" G_GINT64_FORMAT " %s\n", mark->time, g_ascii_dtostr (cpu, sizeof cpu, mark->cpu_ms));
    }
  g_clear_object (&child.host);
  g_clear_object (&child.clock);
  return EXIT_SUCCESS;
}

static GSubprocess *
in_process_start (int    n_domains,
                  double speed)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *self = g_file_read_link ("/proc/self/exe", &error);
  g_autofree char *domains = g_strdup_printf ("%d", n_domains);
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  GSubprocess *child;

  if (self == NULL)
    g_error ("%s", error->message);
  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, self,
                            "--in-process", "--domains", domains, "--speed",
                            g_ascii_dtostr (buffer, sizeof buffer, speed), NULL);
  if (child == NULL)
    g_error ("%s", error->message);
  return child;
}

/* The child's CPU time a refresh over its whole refreshes between @start
 * and @end (after its first few); ends it. */
static double
in_process_ms (GSubprocess *child,
               gint64       start,
               gint64       end,
               guint       *refreshes)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  double first_cpu = 0, last_cpu = 0;
  int first = -1, last = -1;

  if (!g_subprocess_communicate_utf8 (child, "report\n", NULL, &out, NULL, &error)
      || !g_subprocess_get_successful (child))
    g_error ("the in-process host: %s", error != NULL ? error->message : "exited with an error");
  lines = g_strsplit (out, "\n", -1);
  for (int i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      char *cpu;
      gint64 time = g_ascii_strtoll (lines[i], &cpu, 10);

      if (i < WARMUP || time < start || time > end)
        continue;
      if (first < 0)
        {
          first = i;
          first_cpu = g_ascii_strtod (cpu, NULL);
        }
      last = i;
      last_cpu = g_ascii_strtod (cpu, NULL);
    }
  if (first < 0 || last == first)
    g_error ("the in-process host did not refresh twice while the agent was measured");
  *refreshes = (guint) (last - first);
  return (last_cpu - first_cpu) / *refreshes;
}

int
main (int   argc,
      char *argv[])
{
  int n_domains = 100, refreshes = 20;
  double speed = 1.0, limit = 1.5;
  gboolean in_process = FALSE;
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *scene = NULL;
  const GOptionEntry entries[] = {
    { "domains", 0, 0, G_OPTION_ARG_INT, &n_domains, "Domains of 8 vCPUs (100)", "N" },
    { "refreshes", 0, 0, G_OPTION_ARG_INT, &refreshes, "Refreshes to measure (20)", "N" },
    { "speed", 0, 0, G_OPTION_ARG_DOUBLE, &speed, "Clocks this many times real time (1)", "X" },
    { "limit", 0, 0, G_OPTION_ARG_DOUBLE, &limit,
      "Largest cost through the agent, in times the in-process one (1.5)", "R" },
    { "in-process", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &in_process, NULL, NULL },
    { NULL }
  };
  g_autoptr(GSubprocess) child = NULL;
  BenchAgent *agent;
  double local_ms, agent_start, self_start, agent_ms, self_ms, ratio;
  guint64 read_start, written_start, read_end, written_end;
  gint64 start, end;
  guint local_refreshes;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || n_domains < 1 || refreshes < 1
      || speed <= 0 || limit <= 0)
    {
      g_printerr ("%s\n", error ? error->message
                                : "--domains and --refreshes must be at least 1, --speed and --limit above 0");
      return EXIT_FAILURE;
    }
  if (in_process)
    return serve_in_process (n_domains, speed);

  child = in_process_start (n_domains, speed);
  scene = bench_scene_json (n_domains, 8, bench_mixed_workloads);
  agent = bench_agent_start (scene, speed);
  /* The in-process host starts half a period after a refresh through the
   * agent: each side then refreshes while the other is idle. */
  bench_agent_wait_refreshes (agent, 1);
  domus_test_run_for ((guint) (500 / speed));
  if (!g_output_stream_write_all (g_subprocess_get_stdin_pipe (child), "go\n", 3, NULL, NULL, &error))
    g_error ("the in-process host: %s", error->message);
  bench_agent_wait_refreshes (agent, WARMUP + 1);
  start = g_get_monotonic_time ();
  agent_start = bench_agent_cpu_ms (agent);
  self_start = bench_cpu_ms ();
  domus_remote_host_get_traffic (DOMUS_REMOTE_HOST (agent->host), &read_start, &written_start);
  bench_agent_wait_refreshes (agent, refreshes);
  agent_ms = (bench_agent_cpu_ms (agent) - agent_start) / refreshes;
  self_ms = (bench_cpu_ms () - self_start) / refreshes;
  domus_remote_host_get_traffic (DOMUS_REMOTE_HOST (agent->host), &read_end, &written_end);
  end = g_get_monotonic_time ();
  local_ms = in_process_ms (child, start, end, &local_refreshes);
  ratio = (agent_ms + self_ms) / local_ms;

  g_print ("%d domains × 8 vCPUs, %d refreshes at %g Hz: in process %.3f ms a refresh (over %u refreshes "
           "of the same seconds); through the agent %.3f ms (agent %.3f + window %.3f), %.1f KiB on the wire; "
           "%.2f× (target ≤ %g×): %s\n",
           n_domains, refreshes, speed, local_ms, local_refreshes, agent_ms + self_ms, agent_ms, self_ms,
           (read_end - read_start + written_end - written_start) / 1024.0 / refreshes,
           ratio, limit, ratio <= limit ? "met" : "MISSED");
  bench_agent_stop (agent);
  return ratio <= limit ? EXIT_SUCCESS : EXIT_FAILURE;
}
