/* domus-backend.h: choosing the host Domus talks to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "domus-host.h"

G_BEGIN_DECLS

typedef enum
{
  DOMUS_BACKEND_AUTO,       /* real Xen when this is a control domain (through the agent and
                             * polkit when not root), else simulated */
  DOMUS_BACKEND_XEN,        /* real Xen or an error saying why not */
  DOMUS_BACKEND_SIMULATED,
} DomusBackendKind;

typedef struct
{
  DomusBackendKind  kind;
  const char       *scene_path;   /* simulated: a scene file, NULL for the lab scene */
  double            sim_speed;    /* simulated: clock speed, 0 for a manual clock */
  const char       *connect;      /* an agent's address (domus-remote-address.h), or NULL */
  gboolean          in_process;   /* never through an agent: domus-agent's own */
} DomusBackendOptions;

/* For front ends, before their main loop: connecting to an agent runs the
 * thread-default main context until it is done. */
DomusHost *domus_backend_open (const DomusBackendOptions  *options,
                               GError                    **error);

/* Starts the agent at @address (domus-remote-address.h) and connects to
 * it; @clock paces the host's refreshes (NULL: the wall clock). For front
 * ends that keep running meanwhile. */
void       domus_backend_connect_async  (const char           *address,
                                         DomusClock           *clock,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
DomusHost *domus_backend_connect_finish (GAsyncResult         *result,
                                         GError              **error);

G_END_DECLS
