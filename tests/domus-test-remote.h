/* domus-test-remote.h: a simulated host read through a DomusAgent
 *
 * A simulated host on a manual clock is served by a DomusAgent on one end of
 * a socket pair, as domus-agent serves it on its standard streams, and read
 * by a DomusRemoteHost on the other, whose own clock never moves: the remote
 * host refreshes when a test tells it to (the agent, watched, would send a
 * sample each second of the simulated host's clock: its host is set to
 * read itself only when asked).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "domus-host.h"
#include "remote/domus-agent.h"

G_BEGIN_DECLS

typedef struct
{
  DomusClock *clock;         /* the simulated host's */
  DomusClock *remote_clock;  /* never moves */
  DomusHost  *sim;
  DomusAgent *agent;
  DomusHost  *remote;
} DomusTestRemote;

/* Serves a simulated host of @scene_json (JSON) and waits until the remote
 * host reading it is ready. */
void domus_test_remote_setup    (DomusTestRemote *remote,
                                 const char      *scene_json);
/* The same, the agent saying it is of ProtocolVersion @protocol_version
 * (an older Domus's; 0 for this one's). */
void domus_test_remote_setup_version (DomusTestRemote *remote,
                                      const char      *scene_json,
                                      guint            protocol_version);
void domus_test_remote_teardown (DomusTestRemote *remote);

/* A GAsyncReadyCallback for g_dbus_connection_new(): stores the new
 * connection in the GDBusConnection * that @data points to. */
void domus_test_connection_cb   (GObject      *source,
                                 GAsyncResult *result,
                                 gpointer      data);
/* A second later, refreshes the remote host and waits for its sample, and
 * for any refresh asked for meanwhile (after a request): then none is on
 * its way that could show the remote host a change the test makes next. */
void domus_test_remote_refresh  (DomusTestRemote *remote);

G_END_DECLS
