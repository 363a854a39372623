/* domus-host-name.h: the name of another host, as a migration target
 *
 * xl migrate runs `ssh HOST xl migrate-receive` through a shell, so a
 * target must be a host name or address and nothing else: an RFC 1123
 * name ("lab2.example.org"), an IPv4 address, or an IPv6 address, bare or
 * in brackets, each optionally after "user@". Anything else (spaces,
 * quotes, shell characters, a leading "-" that ssh would take as an
 * option) is refused before xl sees it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TRUE if @host is [user@]NAME-OR-ADDRESS; otherwise a
 * DOMUS_ERROR_INVALID_ARGUMENT error that shows @host and what is allowed. */
gboolean domus_host_name_check (const char  *host,
                                GError     **error);

G_END_DECLS
