/* domus-ssh-command.h: one command on one host, through OpenSSH
 *
 * Runs the OpenSSH client in BatchMode (the user's keys and agent, never a
 * prompt) with host keys checked (never accepted blindly), and turns ssh's
 * failures into messages a student can act on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "domus-process-run.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_SSH_COMMAND (domus_ssh_command_get_type ())
G_DECLARE_FINAL_TYPE (DomusSshCommand, domus_ssh_command, DOMUS, SSH_COMMAND, GObject)

/* @destination is [user@]host; @port 0 is ssh's default. */
DomusSshCommand *domus_ssh_command_new                  (const char           *destination,
                                                         guint                 port,
                                                         const char           *command);
/* Optional: ssh -i @path (and only that key is offered). */
void             domus_ssh_command_set_identity_file    (DomusSshCommand      *self,
                                                         const char           *path);
/* Optional: the known hosts file to check the host key against. */
void             domus_ssh_command_set_known_hosts_file (DomusSshCommand      *self,
                                                         const char           *path);
/* ssh's ConnectTimeout; 0 is the default, 10 seconds. */
void             domus_ssh_command_set_timeout          (DomusSshCommand      *self,
                                                         guint                 seconds);
/* The most the whole run may take, in seconds (DOMUS_PROCESS_TIME_LIMIT by default): then
 * ssh is killed, which ends the command's connection, and the run fails
 * saying so. */
void             domus_ssh_command_set_limit            (DomusSshCommand      *self,
                                                         guint                 seconds);
/* What ssh's own failure (exit status 255) was, from what it printed
 * (@err), in words a student can act on; @port and @timeout_s 0 for ssh's
 * defaults; @batch_mode when ssh could not ask for a password. */
GError          *domus_ssh_error_new                    (const char           *destination,
                                                         guint                 port,
                                                         guint                 timeout_s,
                                                         gboolean              batch_mode,
                                                         const char           *err);
void             domus_ssh_command_run_async            (DomusSshCommand      *self,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
/* The command's standard output; it exited 0. A non-zero exit is an error
 * that quotes the end of its standard error. On cancellation the ssh
 * client has been killed and reaped before the callback runs. */
char            *domus_ssh_command_run_finish           (DomusSshCommand      *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);
/* How many bytes of the last run's output came before what
 * domus_ssh_command_run_finish() returned: only its last
 * DOMUS_PROCESS_OUTPUT_MAX bytes are kept. */
guint64          domus_ssh_command_get_output_dropped   (DomusSshCommand      *self);
/* The exit status of the command in the last finished run: 0 after a
 * success, the command's status after it failed, -1 when ssh itself failed,
 * the run was cancelled, or nothing has run yet. */
int              domus_ssh_command_get_exit_status      (DomusSshCommand      *self);
/* The first group of @regex (or its whole match) in @output, as a number
 * read in the C locale. ^ and $ match at each line. */
gboolean         domus_ssh_parse_score                  (const char           *output,
                                                         const char           *regex,
                                                         double               *score,
                                                         GError              **error);

G_END_DECLS
