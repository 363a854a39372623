/* domus-vcpu.h: one virtual CPU of a domain, as last sampled
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "domus-types.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_VCPU (domus_vcpu_get_type ())
G_DECLARE_FINAL_TYPE (DomusVcpu, domus_vcpu, DOMUS, VCPU, GObject)

guint           domus_vcpu_get_id          (DomusVcpu *self);
DomusVcpuState  domus_vcpu_get_state       (DomusVcpu *self);
guint           domus_vcpu_get_pcpu        (DomusVcpu *self);
guint64         domus_vcpu_get_time        (DomusVcpu *self);
double          domus_vcpu_get_cpu_percent (DomusVcpu *self);
const char     *domus_vcpu_get_affinity    (DomusVcpu *self);

G_END_DECLS
