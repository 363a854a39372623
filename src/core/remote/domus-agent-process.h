/* domus-agent-process.h: an agent started as a program, and its last words
 *
 * Starts the command that serves an agent on its standard input and output
 * (pkexec, ssh, or the agent itself), gives the stream to talk to it, and
 * keeps the end of what it writes to standard error. When talking fails,
 * it says why in words: ssh's failure, no agent on that host, polkit's
 * refusal, or what the agent said as it stopped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "domus-remote-address.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_AGENT_PROCESS (domus_agent_process_get_type ())

G_DECLARE_FINAL_TYPE (DomusAgentProcess, domus_agent_process, DOMUS, AGENT_PROCESS, GObject)

/* Starts @argv; @address (may be NULL) is where it leads, for messages. */
DomusAgentProcess *domus_agent_process_new         (const char * const        *argv,
                                                    const DomusRemoteAddress  *address,
                                                    GError                   **error);
GIOStream         *domus_agent_process_get_stream  (DomusAgentProcess         *self);
/* The agent answers: an ssh in front of it logged in. */
void               domus_agent_process_connected   (DomusAgentProcess         *self);
/* Why talking to the agent failed with @error: once it has ended (it is
 * stopped if it has not within a few seconds) and said all it had to. */
void               domus_agent_process_explain_async  (DomusAgentProcess    *self,
                                                       const GError         *error,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
GError            *domus_agent_process_explain_finish (DomusAgentProcess    *self,
                                                       GAsyncResult         *result);
/* It ended, once explained, refusing @option as an agent of an older Domus
 * does one it does not know (GOption's error, exit status 1). */
gboolean           domus_agent_process_refused_option (DomusAgentProcess  *self,
                                                       const char         *option);
void               domus_agent_process_stop        (DomusAgentProcess         *self);

G_END_DECLS
