/* domus-fleet-host.h: one host of the fleet, and how its connection goes
 *
 * A host the window shows beside the others: this computer's (connected
 * from the start), or one reached through its agent at an address
 * ("ssh://student@lab-3", "local"). Its state says how the connection
 * goes: connecting, connected, or lost with the reason, while Domus tries
 * again (a host whose agent went is started again at its next refresh; one
 * never reached is tried again every DOMUS_FLEET_HOST_RETRY_SECONDS).
 * Nothing here waits: the window stays live whatever a host does. GLib
 * only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "domus-host.h"

G_BEGIN_DECLS

#define DOMUS_FLEET_HOST_RETRY_SECONDS 15

typedef enum
{
  DOMUS_FLEET_HOST_CONNECTING,
  DOMUS_FLEET_HOST_CONNECTED,
  DOMUS_FLEET_HOST_LOST,
} DomusFleetHostState;

#define DOMUS_TYPE_FLEET_HOST_STATE (domus_fleet_host_state_get_type ())
GType domus_fleet_host_state_get_type (void);

#define DOMUS_TYPE_FLEET_HOST (domus_fleet_host_get_type ())

G_DECLARE_FINAL_TYPE (DomusFleetHost, domus_fleet_host, DOMUS, FLEET_HOST, GObject)

/* A host already there (this computer's), named @title. */
DomusFleetHost      *domus_fleet_host_new_for_host (DomusHost      *host,
                                                    const char     *title);
/* Starts connecting to the agent at @address (already checked with
 * domus_remote_address_parse()); @clock paces its refreshes (NULL: the
 * wall clock). */
DomusFleetHost      *domus_fleet_host_new          (const char     *address,
                                                    DomusClock     *clock);
/* A host the caller connected at @address itself (already checked with
 * domus_remote_address_parse()): shown as connected, never connected
 * again by the fleet. */
DomusFleetHost      *domus_fleet_host_new_connected (DomusHost     *host,
                                                     const char    *address);
/* The name another Xen host migrates to this one by, as xl migrate takes
 * it: its ssh address's host (an ~/.ssh/config alias, a name or an
 * address); NULL for this computer's host or one not reached by ssh. */
char                *domus_fleet_host_dup_migrate_name (DomusFleetHost *self);
/* The address, or NULL for this computer's host. */
const char          *domus_fleet_host_get_address  (DomusFleetHost *self);
/* The host's name once known, else the address. */
const char          *domus_fleet_host_get_title    (DomusFleetHost *self);
DomusFleetHostState  domus_fleet_host_get_state    (DomusFleetHost *self);
/* Why it is lost, or NULL. */
const char          *domus_fleet_host_get_message  (DomusFleetHost *self);
/* NULL until first connected; then kept, lost or not. */
DomusHost           *domus_fleet_host_get_host     (DomusFleetHost *self);
/* Stops connecting and trying again: the host is being removed. */
void                 domus_fleet_host_stop         (DomusFleetHost *self);

G_END_DECLS
