/* domus-types.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-types"

#include "config.h"

#include "domus-types.h"

/* The names below are Domus's machine-readable spellings (JSON, CLI);
 * widgets show translated labels of their own. */

const char *
domus_domain_type_to_string (DomusDomainType type)
{
  switch (type)
    {
    case DOMUS_DOMAIN_TYPE_PV: return "pv";
    case DOMUS_DOMAIN_TYPE_PVH: return "pvh";
    case DOMUS_DOMAIN_TYPE_HVM: return "hvm";
    default: g_return_val_if_reached ("pv");
    }
}

const char *
domus_domain_state_to_string (DomusDomainState state)
{
  switch (state)
    {
    case DOMUS_DOMAIN_STATE_RUNNING: return "running";
    case DOMUS_DOMAIN_STATE_BLOCKED: return "blocked";
    case DOMUS_DOMAIN_STATE_PAUSED: return "paused";
    case DOMUS_DOMAIN_STATE_SHUTDOWN: return "shutdown";
    case DOMUS_DOMAIN_STATE_CRASHED: return "crashed";
    case DOMUS_DOMAIN_STATE_DYING: return "dying";
    default: g_return_val_if_reached ("running");
    }
}

/* The one-letter flags of `xl list`'s State column (r b p s c d). */
const char *
domus_domain_state_to_letter (DomusDomainState state)
{
  switch (state)
    {
    case DOMUS_DOMAIN_STATE_RUNNING: return "r";
    case DOMUS_DOMAIN_STATE_BLOCKED: return "b";
    case DOMUS_DOMAIN_STATE_PAUSED: return "p";
    case DOMUS_DOMAIN_STATE_SHUTDOWN: return "s";
    case DOMUS_DOMAIN_STATE_CRASHED: return "c";
    case DOMUS_DOMAIN_STATE_DYING: return "d";
    default: g_return_val_if_reached ("-");
    }
}

const char *
domus_vcpu_state_to_string (DomusVcpuState state)
{
  switch (state)
    {
    case DOMUS_VCPU_STATE_RUNNING: return "running";
    case DOMUS_VCPU_STATE_RUNNABLE: return "runnable";
    case DOMUS_VCPU_STATE_BLOCKED: return "blocked";
    case DOMUS_VCPU_STATE_PAUSED: return "paused";
    case DOMUS_VCPU_STATE_OFFLINE: return "offline";
    default: g_return_val_if_reached ("offline");
    }
}

const char *
domus_scheduler_to_string (DomusScheduler scheduler)
{
  switch (scheduler)
    {
    case DOMUS_SCHEDULER_CREDIT: return "credit";
    case DOMUS_SCHEDULER_CREDIT2: return "credit2";
    default: g_return_val_if_reached ("credit");
    }
}

const char *
domus_io_kind_to_string (DomusIoKind kind)
{
  switch (kind)
    {
    case DOMUS_IO_KIND_NET: return "net";
    case DOMUS_IO_KIND_DISK: return "disk";
    default: g_return_val_if_reached ("net");
    }
}
