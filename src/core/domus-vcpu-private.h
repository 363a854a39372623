/* domus-vcpu-private.h: what DomusHost uses to update a vCPU in place
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "domus-host-sample.h"
#include "domus-vcpu.h"

G_BEGIN_DECLS

DomusVcpu *_domus_vcpu_new    (guint                  id);
/* Returns the vCPU's CPU% over the @elapsed_us since its last update; a
 * negative @elapsed_us updates its state only, keeping time and rate. */
double     _domus_vcpu_update (DomusVcpu             *self,
                               const DomusVcpuSample *sample,
                               gint64                 elapsed_us);

G_END_DECLS
