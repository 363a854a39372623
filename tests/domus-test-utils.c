/* domus-test-utils.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "sim/domus-scene.h"
#include "sim/domus-sim-host.h"
#include "domus-test-utils.h"
#include "vnc/domus-vnc-session.h"

void
domus_test_result_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      data)
{
  GAsyncResult **kept = data;

  g_assert_null (*kept);
  *kept = g_object_ref (result);
}

void
domus_test_count_cb (guint *count)
{
  (*count)++;
}

DomusHost *
domus_test_sim_host_new (const char  *scene_json,
                         DomusClock **clock)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusScene) scene = scene_json != NULL ? domus_scene_new_from_data (scene_json, -1, &error)
                                                   : domus_scene_new_default ();

  g_assert_no_error (error);
  *clock = domus_clock_new_manual ();
  return domus_sim_host_new (scene, *clock);
}

gint64
domus_test_run_request (DomusHost     *host,
                        DomusClock    *clock,
                        DomusRequest  *request,
                        GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  domus_host_request_async (host, request, NULL, domus_test_result_cb, &result);
  DOMUS_TEST_STEP_UNTIL (clock, result != NULL, 60);
  return domus_host_request_finish (host, result, error);
}

DomusRequest *
domus_test_pool_create_request (const char     *pool,
                                guint64         cpus,
                                DomusScheduler  scheduler)
{
  DomusRequest *request = domus_request_new_for_cpupool (DOMUS_REQUEST_CPUPOOL_CREATE, pool, cpus);

  request->scheduler = scheduler;
  return request;
}

DomusRequest *
domus_test_pool_migrate_request (DomusHost  *host,
                                 const char *domain,
                                 const char *pool)
{
  DomusRequest *request = domus_request_new_for_domain (DOMUS_REQUEST_CPUPOOL_MIGRATE,
                                                        domus_host_lookup_domain_by_name (host, domain));

  request->pool = g_strdup (pool);
  return request;
}

void
domus_test_connected_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      data)
{
  DomusTestConnected *c = data;

  c->ok = domus_vnc_session_connect_finish (DOMUS_VNC_SESSION (source), result, &c->error);
  c->done = TRUE;
}

int
domus_test_domusctl (const char * const  *argv,
                     char               **out,
                     char               **err)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *report = NULL;

  g_ptr_array_add (args, (gpointer) g_getenv ("DOMUSCTL"));
  g_assert_nonnull (args->pdata[0]);
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer) argv[i]);
  g_ptr_array_add (args, NULL);

  proc = g_subprocess_newv ((const char * const *) args->pdata,
                            (out != NULL ? G_SUBPROCESS_FLAGS_STDOUT_PIPE : G_SUBPROCESS_FLAGS_STDOUT_SILENCE)
                            | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, out, &report, &error);
  g_assert_no_error (error);
  /* A crash, or a sanitizer's abort, fails the test and shows domusctl's
   * own report: it has no exit status to compare. */
  if (!g_subprocess_get_if_exited (proc))
    {
      g_auto(GStrv) lines = g_strsplit (report, "\n", -1);

      for (guint i = 0; lines[i] != NULL; i++)
        g_test_message ("domusctl: %s", lines[i]);
      g_test_fail_printf ("domusctl was killed by signal %d", g_subprocess_get_term_sig (proc));
      return -1;
    }
  if (err != NULL)
    *err = g_steal_pointer (&report);
  return g_subprocess_get_exit_status (proc);
}

gboolean
domus_test_flag_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

void
domus_test_run_for (guint ms)
{
  gboolean over = FALSE;

  g_timeout_add (ms, domus_test_flag_cb, &over);
  while (!over)
    g_main_context_iteration (NULL, TRUE);
}

char **
domus_test_agent_argv (const char *pid_file)
{
  const char *agent = g_getenv ("DOMUS_AGENT");
  char **argv = g_new0 (char *, 5);

  g_assert_nonnull (agent);
  argv[0] = g_strdup ("/bin/sh");
  argv[1] = g_strdup ("-c");
  /* What follows $0 ("sh": --framed) goes to the agent. */
  argv[2] = g_strdup_printf ("echo $$ > %s; exec %s --stdio --simulated \"$@\"", pid_file, agent);
  argv[3] = g_strdup ("sh");
  return argv;
}

void
domus_test_kill_agent (const char *pid_file)
{
  g_autofree char *pid = NULL;

  g_assert_true (g_file_get_contents (pid_file, &pid, NULL, NULL));
  g_assert_cmpint (kill ((pid_t) g_ascii_strtoll (pid, NULL, 10), SIGKILL), ==, 0);
  g_unlink (pid_file);
}

void
domus_test_end_with_test (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

void
domus_test_remove_dir (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        domus_test_remove_dir (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

char *
domus_test_write_text (const char *dir,
                       const char *name,
                       const char *text)
{
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

void
domus_test_make_sparse_file (const char *path,
                             goffset     size)
{
  int fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, size), ==, 0);
  g_assert_cmpint (close (fd), ==, 0);
}
