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
/* @vcpu_percent holds one value per vCPU of @sample; also records history. */
void         _domus_domain_update (DomusDomain             *self,
                                   const DomusDomainSample *sample,
                                   double                   cpu_percent,
                                   const double            *vcpu_percent);

G_END_DECLS
