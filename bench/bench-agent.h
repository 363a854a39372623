/* bench-agent.h: the real domus-agent on a scene, and the host read through it
 *
 * What the agent benchmarks share. The agent is the program $DOMUS_AGENT
 * names (meson gives the build's), in a process of its own as Domus starts
 * it, serving a simulated host of a scene file on its standard streams; a
 * DomusRemoteHost here reads it through the pipes, as Domus does. Both run
 * their clocks at @speed times real time (1: the host refreshes at 1 Hz,
 * as the window's does), so the agent's own timer and the remote host's
 * refreshes keep the pace they have in use.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <time.h>

#include "domus-host.h"

G_BEGIN_DECLS

typedef struct
{
  char                *dir;
  GSubprocess         *process;
  GIOStream           *stream;
  DomusClock          *clock;
  DomusHost           *host;       /* the remote host */
  guint                refreshes;  /* its "refreshed" signals so far */
  clockid_t            cpu_clock;  /* the agent process's CPU time */
} BenchAgent;

/* Starts the agent on the scene @scene_json and waits until the host has
 * its first sample; exits saying why when it cannot. */
BenchAgent *bench_agent_start          (const char *scene_json,
                                        double      speed);
/* Runs the main context until the host has refreshed @n more times. */
void        bench_agent_wait_refreshes (BenchAgent *agent,
                                        guint       n);
/* CPU time of the agent process, all its threads, in milliseconds. */
double      bench_agent_cpu_ms         (BenchAgent *agent);
void        bench_agent_stop           (BenchAgent *agent);

G_END_DECLS
