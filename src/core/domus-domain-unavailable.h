/* domus-domain-unavailable.h: why a domain cannot be changed now
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "domus-host.h"

G_BEGIN_DECLS

/* Why @domain cannot be changed now ("“web” no longer exists", "… is
 * shutting down", "… has crashed"), or NULL when it can. */
char *domus_domain_unavailable_reason (DomusHost   *host,
                                       DomusDomain *domain);

G_END_DECLS
