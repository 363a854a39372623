/* domus-remote-address.h: where an agent is, and the command that starts it
 *
 *   local                             this computer's agent, through pkexec
 *                                     (directly when already root)
 *   ssh://[user@]host[:port]          another host's, through the OpenSSH
 *                                     client: ~/.ssh/config applies (aliases,
 *                                     HostName, User, IdentityFile, ProxyJump)
 *   …?agent=/path/to/domus-agent      the agent's path there, when it is not
 *                                     where Domus installs it
 *
 * $DOMUS_AGENT names this computer's agent instead of the installed one
 * (to run Domus from its build folder); $DOMUS_SSH the ssh command, with
 * its own options (as GIT_SSH_COMMAND does for git).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  DOMUS_REMOTE_LOCAL,
  DOMUS_REMOTE_SSH,
} DomusRemoteKind;

typedef struct
{
  DomusRemoteKind  kind;
  char            *destination;  /* SSH: [user@]host */
  char            *host;         /* SSH: host; LOCAL: NULL */
  guint            port;         /* SSH: 0 for ssh's own */
  char            *agent;        /* the agent's path, or NULL for where Domus puts it */
} DomusRemoteAddress;

/* NULL and @error (DOMUS_ERROR_INVALID_ARGUMENT) when @text is not an address. */
DomusRemoteAddress *domus_remote_address_parse    (const char               *text,
                                                   GError                  **error);
DomusRemoteAddress *domus_remote_address_copy     (const DomusRemoteAddress *address);
void                domus_remote_address_free     (DomusRemoteAddress       *address);
/* The command line that starts the agent, serving on its standard input
 * and output. */
GStrv               domus_remote_address_get_argv (const DomusRemoteAddress *address);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DomusRemoteAddress, domus_remote_address_free)

G_END_DECLS
