/* domus-process-run.h: a command run with bounded output and time
 *
 * Runs a process (ssh for a workload's command in a domain, /bin/sh on
 * this host for native) in a process group of its own and reads its
 * standard output and error to their end, keeping only the last
 * DOMUS_PROCESS_OUTPUT_MAX bytes of each: a command that prints without
 * end costs no more memory than that. After @limit_s seconds, or when
 * cancelled, the whole group is killed, the pipes are let go (a child that
 * still holds them does not keep the run waiting), and the process is
 * reaped before the callback runs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The default limit of a command's run, in seconds: an hour. */
#define DOMUS_PROCESS_TIME_LIMIT 3600

/* What is kept of each of a command's output streams: its last MiB. */
#define DOMUS_PROCESS_OUTPUT_MAX (1024 * 1024)

typedef struct
{
  GBytes   *out;          /* the end of standard output, or empty */
  guint64   out_dropped;  /* bytes before it that were not kept */
  GBytes   *err;          /* the end of standard error, or empty */
  guint64   err_dropped;
  gboolean  timed_out;    /* killed at its time limit */
  gboolean  exited;       /* it exited with @status; otherwise a signal ended it */
  int       status;       /* the exit status, or the signal */
} DomusProcessResult;

typedef enum
{
  DOMUS_PROCESS_RUN_NONE         = 0,
  /* Standard error in standard output's pipe rather than its own. */
  DOMUS_PROCESS_RUN_MERGE_STDERR = 1 << 0,
  /* Standard input a pipe that is never written and is closed when the run
   * ends (or Domus does): the process sees its end when it is let go of.
   * Otherwise standard input is /dev/null. */
  DOMUS_PROCESS_RUN_HOLD_STDIN   = 1 << 1,
} DomusProcessRunFlags;

/* Spawns @argv (searched in PATH) with @envp (NULL: this process's), its
 * standard input and error as @flags say; @limit_s 0 is no limit. */
void                domus_process_run_async   (const char * const   *argv,
                                               const char * const   *envp,
                                               DomusProcessRunFlags  flags,
                                               guint                 limit_s,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
/* NULL with @error when it could not be started or was cancelled. */
DomusProcessResult *domus_process_run_finish  (GAsyncResult         *result,
                                               GError              **error);
void                domus_process_result_free (DomusProcessResult   *result);
/* What was kept of a stream, as valid UTF-8 (a command may print anything). */
char               *domus_process_text        (GBytes               *bytes);
/* The last @max_bytes of @text on one line, for a message: blank lines
 * dropped, the others joined with "; ". */
char               *domus_process_text_tail   (const char           *text,
                                               gsize                 max_bytes);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DomusProcessResult, domus_process_result_free)

G_END_DECLS
