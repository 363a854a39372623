/* domus-test-utils.h: what several tests do the same way
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "domus-host.h"

G_BEGIN_DECLS

/* A simulated host of the scene @scene_json (the test fails if it does not
 * read), or of the lab scene if NULL, on a new manual clock, which @clock
 * gets. */
DomusHost *domus_test_sim_host_new (const char  *scene_json,
                                    DomusClock **clock);

/* A GAsyncReadyCallback that keeps a reference to @result in the
 * GAsyncResult * @data points to: wait for it to be set, then give it to
 * the call's _finish(). */
void domus_test_result_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      data);

/* Counts in the guint @count points to: connect it with
 * g_signal_connect_swapped() to count a signal's emissions. */
void domus_test_count_cb (guint *count);

/* Sends @request (taken) and steps @clock 100 ms at a time, running the
 * main context, until it is answered (at most a simulated minute). Returns
 * what domus_host_request_finish() returns. */
gint64 domus_test_run_request (DomusHost     *host,
                               DomusClock    *clock,
                               DomusRequest  *request,
                               GError       **error);

/* A request to create the cpupool @pool of the pCPUs in the mask @cpus,
 * run by @scheduler; free with domus_request_free(). */
DomusRequest *domus_test_pool_create_request (const char     *pool,
                                              guint64         cpus,
                                              DomusScheduler  scheduler);

/* A request to move the domain named @domain of @host to the cpupool @pool. */
DomusRequest *domus_test_pool_migrate_request (DomusHost  *host,
                                               const char *domain,
                                               const char *pool);

/* A command line that starts $DOMUS_AGENT serving the lab's simulated
 * host, its process id written to @pid_file first; free with g_strfreev(). */
char **domus_test_agent_argv (const char *pid_file);
/* Kills the agent whose id is in @pid_file (SIGKILL, as a dom0 might), and
 * removes the file, so that a new one is seen when it is started again. */
void domus_test_kill_agent (const char *pid_file);

/* A GSpawnChildSetupFunc: the child is sent SIGTERM when the test ends,
 * even killed or aborted by an assertion (a daemon it started). */
void domus_test_end_with_test (gpointer data);

/* Removes the folder @dir and everything in it (a test's temporary folder). */
void domus_test_remove_dir (const char *dir);
/* Writes @text to the file @name in @dir; returns its path, newly allocated. */
char *domus_test_write_text (const char *dir,
                             const char *name,
                             const char *text);

/* Makes @path a file of @size zero bytes that takes no room on disk (a
 * hole), to try a limit on the size of what Domus reads. */
void domus_test_make_sparse_file (const char *path,
                                  goffset     size);

/* What DomusVncSession's connect answered, for domus_test_connected_cb. */
typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} DomusTestConnected;

/* A GAsyncReadyCallback for domus_vnc_session_connect_async(): fills in
 * the DomusTestConnected @data points to. */
void domus_test_connected_cb (GObject      *source,
                              GAsyncResult *result,
                              gpointer      data);

/* Runs the domusctl named by $DOMUSCTL with @argv (NULL-terminated) to its
 * end and returns its exit status, with what it printed in @out and @err
 * (each may be NULL). One killed by a signal (a crash, a sanitizer's abort)
 * fails the test, showing its report, and gives -1. */
int domus_test_domusctl (const char * const  *argv,
                         char               **out,
                         char               **err);

/* A GSourceFunc that sets the gboolean @data points to and stops. */
gboolean domus_test_flag_cb (gpointer data);

/* Runs the default main context for @ms of real time: to give what must
 * not happen (a debounced send) its chance, or to pace the polling of what
 * sends no event (processes). Never to wait for what must happen: that is
 * DOMUS_TEST_WAIT_UNTIL. */
void domus_test_run_for (guint ms);

/* Runs the default main context until @cond holds; fails after @seconds.
 * @cond is judged once per turn, and the verdict is that judgement, never a
 * second reading: a condition on something that moves by itself (a guest's
 * vCPUs as xl counts them) may hold at one reading and not at the next. */
#define DOMUS_TEST_WAIT_UNTIL(cond, seconds)                                         \
  G_STMT_START {                                                                     \
    gboolean timed_out_ = FALSE;                                                     \
    gboolean held_;                                                                  \
    guint id_ = g_timeout_add_seconds ((seconds), domus_test_flag_cb, &timed_out_);  \
    while (!(held_ = (cond)) && !timed_out_)                                         \
      g_main_context_iteration (NULL, TRUE);                                         \
    if (!timed_out_)                                                                 \
      g_source_remove (id_);                                                         \
    if (!held_)                                                                      \
      {                                                                              \
        g_test_message ("timed out after %d s waiting for %s", (seconds), #cond);    \
        g_assertion_message (G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC,            \
                             "'" #cond "' should be TRUE");                          \
      }                                                                              \
  } G_STMT_END

/* Runs what is pending on the default main context, then steps @clock 100 ms
 * and again, until @cond holds; fails after @seconds of simulated time.
 * The wait for what a simulated host does: no real time passes. The verdict
 * is the last judgement of @cond, as in DOMUS_TEST_WAIT_UNTIL. */
#define DOMUS_TEST_STEP_UNTIL(clock, cond, seconds)                                  \
  G_STMT_START {                                                                     \
    guint steps_ = 0;                                                                \
    gboolean held_;                                                                  \
    for (;;)                                                                         \
      {                                                                              \
        while (g_main_context_iteration (NULL, FALSE))                               \
          ;                                                                          \
        if ((held_ = (cond)) || steps_ >= (guint) ((seconds) * 10))                  \
          break;                                                                     \
        domus_clock_advance ((clock), G_USEC_PER_SEC / 10);                          \
        steps_++;                                                                    \
      }                                                                              \
    if (!held_)                                                                      \
      {                                                                              \
        g_test_message ("%d simulated s passed waiting for %s", (int) (seconds), #cond); \
        g_assertion_message (G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC,            \
                             "'" #cond "' should be TRUE");                          \
      }                                                                              \
  } G_STMT_END

/* For a simulated host whose work also goes through real sockets or
 * threads (a VNC screen, a console's pty): steps @clock 100 ms, then lets
 * the default main context run for 10 ms of real time so that what those
 * send is taken in, and again, until @cond holds; fails after @seconds of
 * real time. Nothing here waits for an event that may not come: the clock
 * steps whether or not anything woke the loop. The verdict is the last
 * judgement of @cond, as in DOMUS_TEST_WAIT_UNTIL. */
#define DOMUS_TEST_WAIT_STEPPING(clock, cond, seconds)                               \
  G_STMT_START {                                                                     \
    gint64 deadline_ = g_get_monotonic_time () + (gint64) (seconds) * G_USEC_PER_SEC; \
    gboolean held_;                                                                  \
    while (!(held_ = (cond)) && g_get_monotonic_time () < deadline_)                 \
      {                                                                              \
        domus_clock_advance ((clock), G_USEC_PER_SEC / 10);                          \
        domus_test_run_for (10);                                                     \
      }                                                                              \
    if (!held_)                                                                      \
      {                                                                              \
        g_test_message ("timed out after %d s waiting for %s", (int) (seconds), #cond); \
        g_assertion_message (G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC,            \
                             "'" #cond "' should be TRUE");                          \
      }                                                                              \
  } G_STMT_END

G_END_DECLS
