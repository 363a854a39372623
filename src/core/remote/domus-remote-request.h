/* domus-remote-request.h: a DomusRequest on the wire
 *
 * What io.domus.Host1's Perform takes (data/io.domus.Host1.xml): a
 * dictionary with the request's kind and the fields that kind uses.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "domus-request.h"

G_BEGIN_DECLS

/* @request as an a{sv} (its progress callback stays behind); floating. */
GVariant     *domus_remote_request_encode (const DomusRequest  *request);
/* The request @variant describes, or NULL and @error
 * (DOMUS_ERROR_INVALID_ARGUMENT). Its values are checked where it is
 * carried out, as any request's. */
DomusRequest *domus_remote_request_decode (GVariant            *variant,
                                           GError             **error);

G_END_DECLS
