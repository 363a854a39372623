/* domus-domain-private.h: what DomusHost uses to create and update domains
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "domus-domain.h"
#include "domus-host-sample.h"

G_BEGIN_DECLS

DomusDomain *_domus_domain_new    (const DomusDomainSample *sample,
                                   DomusTimeline           *timeline,
                                   double                   memory_scale_mib);
/* Updates in place from @sample, taken @elapsed_us after the previous one
 * (0 for the first: no rates yet), and records the history. A negative
 * @elapsed_us updates settings and states only: no time, rate or history. */
void         _domus_domain_update (DomusDomain             *self,
                                   const DomusDomainSample *sample,
                                   gint64                   elapsed_us);

G_END_DECLS
