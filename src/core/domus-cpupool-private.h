/* domus-cpupool-private.h: what DomusHost uses to create and update pools
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "domus-cpupool.h"
#include "domus-host-sample.h"

G_BEGIN_DECLS

DomusCpupool *_domus_cpupool_new    (const DomusCpupoolSample *sample,
                                     guint                     n_pcpus);
/* Updates in place from @sample; @n_domains counted from the domains'. */
void          _domus_cpupool_update (DomusCpupool             *self,
                                     const DomusCpupoolSample *sample,
                                     guint                     n_domains);

G_END_DECLS
