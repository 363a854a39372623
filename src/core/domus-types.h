/* domus-types.h: forward declarations and the enums shared by the core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _DomusClock        DomusClock;
typedef struct _DomusCreditModel  DomusCreditModel;
typedef struct _DomusDomain       DomusDomain;
typedef struct _DomusHost         DomusHost;
typedef struct _DomusIoDevice     DomusIoDevice;
typedef struct _DomusScene        DomusScene;
typedef struct _DomusSeries       DomusSeries;
typedef struct _DomusSimHost      DomusSimHost;
typedef struct _DomusTimeline     DomusTimeline;
typedef struct _DomusVcpu         DomusVcpu;

typedef enum
{
  DOMUS_DOMAIN_TYPE_PV,
  DOMUS_DOMAIN_TYPE_PVH,
  DOMUS_DOMAIN_TYPE_HVM,
} DomusDomainType;

typedef enum
{
  DOMUS_DOMAIN_STATE_RUNNING,
  DOMUS_DOMAIN_STATE_BLOCKED,
  DOMUS_DOMAIN_STATE_PAUSED,
  DOMUS_DOMAIN_STATE_SHUTDOWN,
  DOMUS_DOMAIN_STATE_CRASHED,
  DOMUS_DOMAIN_STATE_DYING,
} DomusDomainState;

typedef enum
{
  DOMUS_VCPU_STATE_RUNNING,
  DOMUS_VCPU_STATE_RUNNABLE,
  DOMUS_VCPU_STATE_BLOCKED,
  DOMUS_VCPU_STATE_PAUSED,
  DOMUS_VCPU_STATE_OFFLINE,
} DomusVcpuState;

/* A domain's I/O device: a network interface (vif) or a virtual block
 * device (vbd), as libxenstat and xentop count them. */
typedef enum
{
  DOMUS_IO_KIND_NET,
  DOMUS_IO_KIND_DISK,
} DomusIoKind;

typedef enum
{
  DOMUS_SCHEDULER_CREDIT,
  DOMUS_SCHEDULER_CREDIT2,
} DomusScheduler;

const char *domus_domain_type_to_string  (DomusDomainType  type);
const char *domus_domain_state_to_string (DomusDomainState state);
const char *domus_domain_state_to_letter (DomusDomainState state);
const char *domus_vcpu_state_to_string   (DomusVcpuState   state);
const char *domus_scheduler_to_string    (DomusScheduler   scheduler);
const char *domus_io_kind_to_string      (DomusIoKind      kind);

G_END_DECLS
