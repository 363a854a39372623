/* domus-domain-follower.h: one guest, by name, across reboots
 *
 * A reboot, a restore or a crash that xl restarts makes a new domain under
 * the same name. A view of a guest's console or screen follows the guest,
 * not the domain: DomusDomainFollower holds the domain a view shows and,
 * when that domain leaves the host's list, takes the one of the same name
 * (or none, until one of that name appears) and emits "replaced". Only the
 * host's changes emit it, never domus_domain_follower_set_target().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "domus-host.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_DOMAIN_FOLLOWER (domus_domain_follower_get_type ())
G_DECLARE_FINAL_TYPE (DomusDomainFollower, domus_domain_follower, DOMUS, DOMAIN_FOLLOWER, GObject)

DomusDomainFollower *domus_domain_follower_new        (void);
/* Follows @domain of @host (either may be NULL). Returns TRUE when that is
 * another guest than before: another name, or none. */
gboolean             domus_domain_follower_set_target (DomusDomainFollower *self,
                                                       DomusHost           *host,
                                                       DomusDomain         *domain);
DomusHost           *domus_domain_follower_get_host   (DomusDomainFollower *self);
/* The domain of the guest now, or NULL while none of its name runs. */
DomusDomain         *domus_domain_follower_get_domain (DomusDomainFollower *self);
/* The guest's name, or NULL when nothing is followed. */
const char          *domus_domain_follower_get_name   (DomusDomainFollower *self);

G_END_DECLS
