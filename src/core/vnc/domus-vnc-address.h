/* domus-vnc-address.h: "HOST:PORT", the one parser of VNC addresses
 *
 * A VNC address comes from the command line or from the host (xenstore,
 * which a guest may be able to write): it is not trusted. GLib only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Splits @address into a host to connect to and a port:
 * - "HOST:PORT", "[IPv6]:PORT", or "IPv6:PORT" (the last colon ends the
 *   host, as xl writes a vnclisten of "::");
 * - PORT is a TCP port, 0 to 65535; below 100, a display number as
 *   vncviewer takes it (HOST:1 is port 5901);
 * - HOST is a name or an address: letters, digits, ".", "-", "_", and ":"
 *   or "%" (a scope) for IPv6, at most 253 characters; brackets only
 *   around the whole of it;
 * - an empty or wildcard host ("", "0.0.0.0", "::": a server that listens
 *   everywhere) is reached on 127.0.0.1.
 * Anything else fails with DOMUS_ERROR_INVALID_ARGUMENT. */
gboolean domus_vnc_address_parse (const char  *address,
                                  char       **host,
                                  guint       *port,
                                  GError     **error);

/* @address, parsed as above, to connect to; @where (may be NULL) gets
 * "HOST:PORT" for messages. */
GSocketConnectable *domus_vnc_address_to_connectable (const char  *address,
                                                      char       **where,
                                                      GError     **error);

G_END_DECLS
