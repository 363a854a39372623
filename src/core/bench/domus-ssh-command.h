/* domus-ssh-command.h: one command on one host, through OpenSSH
 *
 * Runs /usr/bin/ssh in BatchMode (keys and agent only, no prompts) with
 * host keys checked (never accepted blindly), and turns ssh's failures into
 * messages a student can act on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define DOMUS_TYPE_SSH_COMMAND (domus_ssh_command_get_type ())
G_DECLARE_FINAL_TYPE (DomusSshCommand, domus_ssh_command, DOMUS, SSH_COMMAND, GObject)

/* @destination is [user@]host; @port 0 is ssh's default. */
DomusSshCommand *domus_ssh_command_new                 (const char           *destination,
                                                        guint                 port,
                                                        const char           *command);
void             domus_ssh_command_set_identity_file   (DomusSshCommand      *self,
                                                        const char           *path);
void             domus_ssh_command_set_known_hosts_file (DomusSshCommand     *self,
                                                         const char          *path);
void             domus_ssh_command_run_async           (DomusSshCommand      *self,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
/* The command's standard output. */
char            *domus_ssh_command_run_finish          (DomusSshCommand      *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
/* The first group of @regex (or its whole match) in @output, as a number. */
gboolean         domus_ssh_parse_score                 (const char           *output,
                                                        const char           *regex,
                                                        double               *score,
                                                        GError              **error);

G_END_DECLS
