/* domus-cpupool.h: one cpupool of a host, as xl cpupool-list shows it
 *
 * Xen shares a host's pCPUs out among cpupools, each with its own
 * scheduler instance: a domain runs only on the pCPUs of its pool, under
 * the pool's scheduler. A host always has Pool-0 (id 0), where Domain-0
 * runs. DomusHost keeps one DomusCpupool per pool in
 * domus_host_get_cpupools(), updated in place with every sample.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "domus-types.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_CPUPOOL (domus_cpupool_get_type ())
G_DECLARE_FINAL_TYPE (DomusCpupool, domus_cpupool, DOMUS, CPUPOOL, GObject)

guint           domus_cpupool_get_id        (DomusCpupool *self);
const char     *domus_cpupool_get_name      (DomusCpupool *self);
DomusScheduler  domus_cpupool_get_scheduler (DomusCpupool *self);
/* Bit i set: pCPU i is in the pool. */
guint64         domus_cpupool_get_cpus      (DomusCpupool *self);
/* The pCPUs in xl's syntax ("0-3,5"; "" for none), as xl cpupool-list -c. */
const char     *domus_cpupool_get_cpus_text (DomusCpupool *self);
guint           domus_cpupool_get_n_cpus    (DomusCpupool *self);
/* How many domains run in it. */
guint           domus_cpupool_get_n_domains (DomusCpupool *self);

G_END_DECLS
