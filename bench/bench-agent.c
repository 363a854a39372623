/* bench-agent.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <time.h>

#include "bench-agent.h"
#include "domus-test-utils.h"
#include "remote/domus-remote-host.h"

static void
count_cb (guint *count)
{
  (*count)++;
}

BenchAgent *
bench_agent_start (const char *scene_json,
                   double      speed)
{
  const char *program = g_getenv ("DOMUS_AGENT");
  BenchAgent *agent = g_new0 (BenchAgent, 1);
  g_autofree char *scene_path = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  pid_t pid;

  if (program == NULL)
    g_error ("DOMUS_AGENT names no agent: run through meson, or set it to build/src/domus-agent");
  agent->dir = g_dir_make_tmp ("domus-bench-agent-XXXXXX", &error);
  g_assert_no_error (error);
  scene_path = g_build_filename (agent->dir, "scene.json", NULL);
  if (!g_file_set_contents (scene_path, scene_json, -1, &error))
    g_error ("%s", error->message);

  agent->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                     program, "--stdio", "--framed", "--sim", scene_path,
                                     "--sim-speed", g_ascii_dtostr (buffer, sizeof buffer, speed), NULL);
  if (agent->process == NULL)
    g_error ("%s: %s", program, error->message);
  pid = (pid_t) g_ascii_strtoll (g_subprocess_get_identifier (agent->process), NULL, 10);
  if (clock_getcpuclockid (pid, &agent->cpu_clock) != 0)
    g_error ("cannot read the CPU time of the agent (process %d)", (int) pid);

  agent->stream = g_simple_io_stream_new (g_subprocess_get_stdout_pipe (agent->process),
                                          g_subprocess_get_stdin_pipe (agent->process));
  agent->clock = domus_clock_new_scaled (speed);
  domus_remote_host_new_framed_async (agent->stream, agent->clock, NULL, domus_test_result_cb,
                                      &result);
  DOMUS_TEST_WAIT_UNTIL (result != NULL, 120);
  agent->host = domus_remote_host_new_finish (result, &error);
  if (agent->host == NULL)
    g_error ("%s", error->message);
  g_signal_connect_swapped (agent->host, "refreshed", G_CALLBACK (count_cb), &agent->refreshes);
  DOMUS_TEST_WAIT_UNTIL (domus_host_is_ready (agent->host), 120);
  return agent;
}

void
bench_agent_wait_refreshes (BenchAgent *agent,
                            guint       n)
{
  guint until = agent->refreshes + n;

  /* A refresh a second and a little slack: more is a stuck agent. */
  DOMUS_TEST_WAIT_UNTIL (agent->refreshes >= until, 30 + 2 * n);
}

double
bench_agent_cpu_ms (BenchAgent *agent)
{
  struct timespec ts;

  if (clock_gettime (agent->cpu_clock, &ts) != 0)
    g_error ("the agent is gone");
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

void
bench_agent_stop (BenchAgent *agent)
{
  g_autofree char *scene_path = g_build_filename (agent->dir, "scene.json", NULL);

  /* Measured already: no need to wait for the agent to see its
   * connection end (GDBus's worker may still hold it a while). */
  g_clear_object (&agent->host);
  g_subprocess_force_exit (agent->process);
  g_subprocess_wait (agent->process, NULL, NULL);
  g_clear_object (&agent->stream);
  g_clear_object (&agent->process);
  g_clear_object (&agent->clock);
  g_unlink (scene_path);
  g_rmdir (agent->dir);
  g_free (agent->dir);
  g_free (agent);
}
