/* domus-process-run.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-process-run"

#include "config.h"

#include <gio/gunixinputstream.h>
#include <glib-unix.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "domus-process-run.h"

#define READ_CHUNK 65536

typedef struct
{
  GPid          pid;            /* also its process group's id */
  int           wait_status;
  GInputStream *stdout_pipe;
  GInputStream *stderr_pipe;    /* NULL when merged into standard output */
  GCancellable *reads;          /* the pipes' reads: cancelled once the group is killed */
  GByteArray   *out;
  guint64       out_dropped;
  GByteArray   *err;
  guint64       err_dropped;
  guint         pending;        /* reads and the wait still under way */
  GSource      *limit;
  gboolean      timed_out;
  GCancellable *cancellable;
  gulong        cancelled_id;
  int           stdin_hold;     /* the write end of its standard input, or -1 */
} Run;

/* Once the run is over nothing may kill the group: its id may be
 * another's by then. */
static void
run_stop (Run *run)
{
  if (run->limit != NULL)
    {
      g_source_destroy (run->limit);
      g_clear_pointer (&run->limit, g_source_unref);
    }
  if (run->cancelled_id != 0)
    g_cancellable_disconnect (run->cancellable, run->cancelled_id);
  run->cancelled_id = 0;
  if (run->stdin_hold >= 0)
    close (run->stdin_hold);
  run->stdin_hold = -1;
}

static void
run_free (gpointer data)
{
  Run *run = data;

  run_stop (run);
  g_clear_object (&run->cancellable);
  g_clear_object (&run->reads);
  g_clear_object (&run->stdout_pipe);
  g_clear_object (&run->stderr_pipe);
  g_clear_pointer (&run->out, g_byte_array_unref);
  g_clear_pointer (&run->err, g_byte_array_unref);
  g_free (run);
}

void
domus_process_result_free (DomusProcessResult *result)
{
  if (result == NULL)
    return;

  g_bytes_unref (result->out);
  g_bytes_unref (result->err);
  g_free (result);
}

/* Any thread: the whole group, so that a shell's children go too. Once
 * everything has ended the limit and the cancellable are gone; until then
 * the group's id stays its own, held by the leader or by a child that
 * still holds the pipes. */
static void
kill_group (Run *run)
{
  kill (-run->pid, SIGKILL);
  g_cancellable_cancel (run->reads);
}

/* Appends @size bytes, keeping at most twice the maximum until the end. */
static void
keep_tail (GByteArray   *buffer,
           guint64      *dropped,
           const guint8 *data,
           gsize         size)
{
  g_byte_array_append (buffer, data, size);
  if (buffer->len > 2 * DOMUS_PROCESS_OUTPUT_MAX)
    {
      gsize cut = buffer->len - DOMUS_PROCESS_OUTPUT_MAX;

      g_byte_array_remove_range (buffer, 0, cut);
      *dropped += cut;
    }
}

static GBytes *
take_tail (GByteArray **buffer,
           guint64     *dropped)
{
  if ((*buffer)->len > DOMUS_PROCESS_OUTPUT_MAX)
    {
      gsize cut = (*buffer)->len - DOMUS_PROCESS_OUTPUT_MAX;

      g_byte_array_remove_range (*buffer, 0, cut);
      *dropped += cut;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (buffer));
}

static void
one_done (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  DomusProcessResult *result;

  if (--run->pending > 0)
    return;

  run_stop (run);
  if (g_task_return_error_if_cancelled (task))
    return;

  result = g_new0 (DomusProcessResult, 1);
  result->out = take_tail (&run->out, &run->out_dropped);
  result->out_dropped = run->out_dropped;
  result->err = take_tail (&run->err, &run->err_dropped);
  result->err_dropped = run->err_dropped;
  result->timed_out = run->timed_out;
  result->exited = WIFEXITED (run->wait_status);
  result->status = result->exited ? WEXITSTATUS (run->wait_status) : WTERMSIG (run->wait_status);
  g_task_return_pointer (task, result, (GDestroyNotify) domus_process_result_free);
}

static void read_next (GTask *task, GInputStream *stream);

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  GInputStream *stream = G_INPUT_STREAM (source);
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (stream, result, NULL);
  gsize size = 0;
  const guint8 *data = bytes != NULL ? g_bytes_get_data (bytes, &size) : NULL;

  /* The end, an error, or let go after a kill. */
  if (size == 0)
    {
      one_done (task);
      return;
    }
  if (stream == run->stdout_pipe)
    keep_tail (run->out, &run->out_dropped, data, size);
  else
    keep_tail (run->err, &run->err_dropped, data, size);
  read_next (task, stream);
}

static void
read_next (GTask        *task,
           GInputStream *stream)
{
  Run *run = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (stream, READ_CHUNK, G_PRIORITY_DEFAULT, run->reads, read_cb,
                                   g_object_ref (task));
}

static void
exited_cb (GPid     pid,
           int      wait_status,
           gpointer user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);

  g_spawn_close_pid (pid);
  run->wait_status = wait_status;
  /* Killed: the output is what came so far, even if something it left
   * (outside its group) still holds the pipes. */
  if (run->timed_out || (run->cancellable != NULL && g_cancellable_is_cancelled (run->cancellable)))
    g_cancellable_cancel (run->reads);
  one_done (task);
}

static gboolean
limit_cb (gpointer user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);

  run->timed_out = TRUE;
  kill_group (run);
  g_clear_pointer (&run->limit, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  kill_group (user_data);
}

static void
close_fd (int *fd)
{
  if (*fd >= 0)
    close (*fd);
  *fd = -1;
}

/* In the child, before exec: a group of its own, and killed with Domus. */
static void
child_setup (gpointer user_data)
{
  setpgid (0, 0);
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

void
domus_process_run_async (const char * const   *argv,
                         const char * const   *envp,
                         DomusProcessRunFlags  flags,
                         guint                 limit_s,
                         GCancellable         *cancellable,
                         GAsyncReadyCallback   callback,
                         gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSource) exited = NULL;
  int out_pipe[2] = { -1, -1 }, err_pipe[2] = { -1, -1 }, in_pipe[2] = { -1, -1 };
  gboolean merge_stderr = (flags & DOMUS_PROCESS_RUN_MERGE_STDERR) != 0;
  gboolean hold_stdin = (flags & DOMUS_PROCESS_RUN_HOLD_STDIN) != 0;
  gboolean spawned;
  Run *run;

  g_return_if_fail (argv != NULL && argv[0] != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, domus_process_run_async);
  g_task_set_check_cancellable (task, FALSE);
  if (g_task_return_error_if_cancelled (task))
    return;

  run = g_new0 (Run, 1);
  run->stdin_hold = -1;
  run->reads = g_cancellable_new ();
  run->out = g_byte_array_new ();
  run->err = g_byte_array_new ();
  g_task_set_task_data (task, run, run_free);

  /* Our own pipes, so that standard error can share standard output's. */
  if (!g_unix_open_pipe (out_pipe, FD_CLOEXEC, &error)
      || (!merge_stderr && !g_unix_open_pipe (err_pipe, FD_CLOEXEC, &error))
      || (hold_stdin && !g_unix_open_pipe (in_pipe, FD_CLOEXEC, &error)))
    {
      close_fd (&out_pipe[0]);
      close_fd (&out_pipe[1]);
      close_fd (&err_pipe[0]);
      close_fd (&err_pipe[1]);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  spawned = g_spawn_async_with_pipes_and_fds (NULL, argv, (const char * const *) envp,
                                              G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD
                                              | (hold_stdin ? 0 : G_SPAWN_STDIN_FROM_DEV_NULL),
                                              child_setup, NULL, in_pipe[0], out_pipe[1],
                                              merge_stderr ? out_pipe[1] : err_pipe[1],
                                              NULL, NULL, 0, &run->pid, NULL, NULL, NULL, &error);
  close_fd (&out_pipe[1]);
  close_fd (&err_pipe[1]);
  close_fd (&in_pipe[0]);
  run->stdin_hold = in_pipe[1];
  run->stdout_pipe = g_unix_input_stream_new (out_pipe[0], TRUE);
  if (!merge_stderr)
    run->stderr_pipe = g_unix_input_stream_new (err_pipe[0], TRUE);
  if (!spawned)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  run->pending = merge_stderr ? 2 : 3;
  read_next (task, run->stdout_pipe);
  if (!merge_stderr)
    read_next (task, run->stderr_pipe);
  exited = g_child_watch_source_new (run->pid);
  g_source_set_callback (exited, (GSourceFunc) (void (*) (void)) exited_cb, g_object_ref (task),
                         g_object_unref);
  g_source_attach (exited, g_task_get_context (task));

  if (limit_s > 0)
    {
      run->limit = g_timeout_source_new_seconds (limit_s);
      g_source_set_callback (run->limit, limit_cb, task, NULL);
      g_source_attach (run->limit, g_task_get_context (task));
    }
  if (cancellable != NULL)
    {
      /* Already cancelled since the check above: connect kills it at once. */
      run->cancellable = g_object_ref (cancellable);
      run->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb), run, NULL);
    }
}

char *
domus_process_text (GBytes *bytes)
{
  gsize size = 0;
  const char *data = bytes != NULL ? g_bytes_get_data (bytes, &size) : NULL;

  return g_utf8_make_valid (data != NULL ? data : "", size);
}

/* The last @max_bytes of @text on one line, for a message: blank lines
 * dropped, the others joined with "; ". */
char *
domus_process_text_tail (const char *text,
                         gsize       max_bytes)
{
  g_auto(GStrv) lines = g_strsplit_set (text, "\r\n", -1);
  g_autoptr(GString) joined = g_string_new (NULL);
  const char *start;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strstrip (lines[i]);
      if (lines[i][0] == '\0')
        continue;
      if (joined->len > 0)
        g_string_append (joined, "; ");
      g_string_append (joined, lines[i]);
    }

  if (joined->len <= max_bytes)
    return g_string_free (g_steal_pointer (&joined), FALSE);

  start = joined->str + joined->len - max_bytes;
  while (((guchar) *start & 0xC0) == 0x80)
    start++;
  return g_strconcat ("…", start, NULL);
}

DomusProcessResult *
domus_process_run_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == domus_process_run_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
