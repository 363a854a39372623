/* domus-remote-pools.h: a sample's cpupools on the wire
 *
 * What io.domus.Host1's RefreshPools (ProtocolVersion 5) returns beside
 * RefreshIo's: every pool, whole (a host has few), and the domains whose
 * pool is not the one they had in the last sample sent on the connection
 * (Pool-0 for a domain new to it).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "domus-host-sample.h"

G_BEGIN_DECLS

#define DOMUS_REMOTE_POOLS_TYPE "(a(usut)a(uu))"

/* @sample's pools, and its domains' pools as a change from @previous's
 * (NULL: from nothing); floating. */
GVariant *domus_remote_pools_encode (const DomusHostSample  *previous,
                                     const DomusHostSample  *sample);
/* Puts the pools of @variant into @sample, decoded from the same change
 * from @previous: each domain keeps its pool in @previous unless @variant
 * says otherwise. FALSE and @error (DOMUS_ERROR_PARSE, _TOO_LARGE) when
 * it is not one: pools out of order, a pCPU past @sample's, a domain or a
 * pool that is not there. */
gboolean  domus_remote_pools_decode (const DomusHostSample  *previous,
                                     DomusHostSample        *sample,
                                     GVariant               *variant,
                                     GError                **error);

G_END_DECLS
