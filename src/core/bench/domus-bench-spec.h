/* domus-bench-spec.h: what a benchmark runs, read from JSON
 *
 *   {"name": "create-destroy", "kind": "lifecycle",
 *    "lifecycle": {"config": "debian10.cfg", "memory_mib": [1024, 2048],
 *                  "domains": 3, "repetitions": 5}}
 *
 * A lifecycle benchmark creates @domains domains from the xl config, one
 * after the other, then takes each through the other @steps ("destroy" by
 * default), for each memory size, @repetitions times, timing every step.
 * Relative config paths are read from the spec's own folder.
 *
 *   "steps": ["create", "ready", "save", "restore", "shutdown"]
 *
 * "ready" is the time from the end of the create until the guest's console
 * prints @ready_pattern (a regular expression, "login: " by default);
 * "save" writes to a scratch file that "restore", right after, reads;
 * "migrate" sends the domain to @migrate_to, and "return", right after,
 * brings it back: the host at @migrate_to migrates it to @return_to (the
 * name it reaches this host by); the steps end with "destroy",
 * "shutdown" (until the domain is gone) or "migrate".
 *
 *   {"name": "sla", "kind": "workload",
 *    "workload": {"domains": ["a", "b"], "native": 100, "sla_percent": 80, "seconds": 30},
 *    "scenarios": [{"name": "equal"},
 *                  {"name": "a first", "settings": [{"domain": "a", "weight": 4096}]}]}
 *
 * A workload benchmark applies each scenario's settings, runs the workload
 * in the domains together, and scores each against native: with a
 * "command", it runs over SSH in every domain ("ssh": {"clone1":
 * {"destination": "root@10.0.0.11", "port": 22}}) and "score_regex" picks
 * the score from its output ("higher_is_better", true by default), each
 * run stopped after @timeout seconds; without, the score is the CPU share
 * each domain got for @seconds. "native":
 * "measure" runs the command on this host itself, @repetitions times, before
 * the scenarios, and takes the mean of its scores as native.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  DOMUS_BENCH_LIFECYCLE,
  DOMUS_BENCH_WORKLOAD,
} DomusBenchKind;

/* One QoS setting a scenario applies before its runs; -1 or NULL: keep. */
typedef struct
{
  char *domain;
  int   weight;
  int   cap;
  int   vcpus;
  char *pin;             /* xl cpulist for every vCPU */
} DomusBenchSetting;

typedef struct
{
  char      *name;
  GPtrArray *settings;   /* DomusBenchSetting* */
} DomusBenchScenario;

/* Where a domain's workload runs: ssh [-p port] destination. */
typedef struct
{
  char  *destination;    /* [user@]host */
  guint  port;           /* 0: ssh's default */
} DomusBenchSsh;

typedef struct
{
  char           *name;
  DomusBenchKind  kind;
  guint           repetitions;

  /* lifecycle */
  char           *config;        /* an xl config file, absolute */
  GArray         *memory_mib;    /* guint64; empty: the config's own */
  guint           domains;
  GStrv           steps;         /* "create" first, then in the order run */
  char           *ready_pattern;
  guint           ready_timeout; /* seconds, 300 by default */
  char           *migrate_to;
  char           *return_to;     /* this host, as the host at migrate_to names it */

  /* workload */
  GStrv           workload_domains;
  double          native;        /* the score on bare metal; NAN until measured */
  gboolean        measure_native;/* "native": "measure": run the command on this host first */
  double          sla_percent;   /* of native, e.g. 80 */
  guint           seconds;       /* of each run, when no command is given */
  /* workload over SSH: the command, run in every domain together */
  char           *command;
  guint           timeout;       /* seconds a run of it may take (DOMUS_PROCESS_TIME_LIMIT) */
  char           *score_regex;
  gboolean        higher_is_better;
  GHashTable     *ssh;           /* domain name → DomusBenchSsh* */
  char           *identity_file;
  char           *known_hosts_file;
  GPtrArray      *scenarios;     /* DomusBenchScenario*; one "as is" by default */
} DomusBenchSpec;

DomusBenchSpec *domus_bench_spec_new_from_file (const char      *path,
                                                GError         **error);
DomusBenchSpec *domus_bench_spec_new_from_data (const char      *json,
                                                const char      *base_dir,
                                                GError         **error);
void            domus_bench_spec_free          (DomusBenchSpec  *spec);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DomusBenchSpec, domus_bench_spec_free)

G_END_DECLS
