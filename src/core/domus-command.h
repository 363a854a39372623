/* domus-command.h: xl-style commands turned into host requests
 *
 *   sched DOMAIN [--weight W] [--cap C]     vcpu-set DOMAIN N
 *   vcpu-pin DOMAIN VCPU|all PCPUS           mem-set DOMAIN SIZE (MiB, or 512m, 2g, 65536k)
 *   pause|unpause|shutdown|reboot|destroy DOMAIN
 *   save DOMAIN FILE                         restore FILE           create FILE
 *
 * Shared by domusctl's commands and its --apply files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "domus-host.h"

G_BEGIN_DECLS

/* The usage lines above, translated, for help texts. */
const char   *domus_command_usage (void);
/* TRUE if @name is a command this parser knows. */
gboolean      domus_command_exists (const char          *name);
/* The domain @text names, as xl reads it: digits are a domain's number,
 * anything else a name. NULL and DOMUS_ERROR_NOT_FOUND when there is none. */
DomusDomain  *domus_command_find_domain (DomusHost          *host,
                                         const char         *text,
                                         GError            **error);
/* Parses @argv (the command name first) against @host's current domains.
 * Returns the request to send, or NULL with @error set; for "sched" with
 * neither --weight nor --cap, returns NULL with no error and sets
 * @query_domain: the caller prints that domain's parameters. */
DomusRequest *domus_command_parse (DomusHost           *host,
                                   const char * const  *argv,
                                   DomusDomain        **query_domain,
                                   GError             **error);

/* One command of a command file (domusctl --apply). */
typedef struct
{
  char    *where;   /* "NAME:LINE", for messages */
  guint    at;      /* seconds of simulated time; 0: at once */
  char   **argv;    /* the command, its name first */
} DomusCommandLine;

void          domus_command_line_free  (DomusCommandLine    *line);

/* Parses the text of a command file: a command a line, each optionally
 * at a simulated time ("at 30 sched clone1 --weight 512"), with blank
 * lines and "#" comments. Only the command names are checked here; the
 * arguments are domus_command_parse()'s, when the command runs. @name
 * names the file in messages ("NAME:LINE: …"). Returns the
 * DomusCommandLine*, in order, or NULL with DOMUS_ERROR_PARSE. */
GPtrArray    *domus_command_parse_file (const char          *text,
                                        const char          *name,
                                        GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DomusCommandLine, domus_command_line_free)

G_END_DECLS
