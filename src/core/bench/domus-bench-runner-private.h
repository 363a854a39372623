/* domus-bench-runner-private.h: what the parts of the runner share
 *
 * DomusBenchRunner is written in two files: domus-bench-runner.c (the
 * type, the plan, its steps one after another, the results, and the
 * lifecycle steps) and domus-bench-runner-workload.c (a workload's steps:
 * native runs, a scenario's settings, runs in the domains over SSH or
 * measured by CPU time). This header holds the runner's state and the
 * functions one part calls in the other.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "domus-bench-runner.h"

G_BEGIN_DECLS

typedef enum
{
  STEP_LIFECYCLE,    /* lifecycle: one of the spec's steps for one domain */
  STEP_CLEANUP,      /* lifecycle: destroy what a failed step left, untimed */
  STEP_NATIVE,       /* workload: the command run on this host, for native */
  STEP_APPLY,        /* workload: a scenario's settings */
  STEP_RUN,          /* workload: one run */
} StepType;

typedef struct
{
  StepType            type;
  const char         *action;    /* LIFECYCLE: "create", "ready", …, from the spec */
  guint64             memory_mib;
  guint               repetition;
  guint               domain;
  char               *config;    /* CREATE: the domain's own xl config */
  char               *name;      /* the domain */
  DomusBenchScenario *scenario;  /* APPLY, RUN: borrowed from the spec */
  guint               cleanup;   /* CLEANUP: 0 this host, 1 the peer, 2 done */
} Step;

/* Where the "return" step is: waiting for the domain to be listed on the
 * peer, migrating it back, waiting for it to be listed here. */
typedef enum
{
  RETURN_WAIT_PEER,
  RETURN_MIGRATING,
  RETURN_WAIT_HOME,
} ReturnPhase;

struct _DomusBenchRunner
{
  GObject         parent_instance;

  DomusHost      *host;
  DomusHost      *peer;            /* the host at migrate_to, for "return"; or NULL */
  DomusBenchSpec *spec;
  char           *results_path;
  int             results;         /* O_APPEND, or -1 */
  GArray         *results_array;   /* DomusBenchResult, strings owned below */
  GStringChunk   *strings;
  GQueue          plan;            /* Step* still to run */
  guint           n_steps;
  char           *scratch_dir;     /* the per-domain configs */
  GTask          *task;
  gint64          step_start_us;

  /* lifecycle: consoles watched for the guest to be ready, and a wait */
  GRegex         *ready_pattern;
  GHashTable     *watches;        /* domain name → DomusConsoleWatch */
  GHashTable     *created_at;     /* domain name → gint64*, µs on the host's clock */
  guint           wait_timer;
  gpointer        wait_instance;
  gulong          wait_handler;
  GCancellable   *cancellable;
  gulong          cancelled_handler;
  ReturnPhase     return_phase;
  double          return_seconds;  /* the migration back, once the peer has answered */
  GHashTable     *left_ids;        /* domain name → its id here + 1, while migrated away */

  /* workload: the apply in progress, the run's starting CPU times */
  GQueue          pending;        /* DomusRequest* of the scenario being applied */
  char           *apply_error;
  GArray         *start_cpu_ns;   /* guint64, per workload domain */
  GArray         *ssh_scores;     /* double, per workload domain: its score, when no error */
  GPtrArray      *ssh_errors;     /* per workload domain: message, or NULL */
  guint           ssh_pending;
  gint64          command_start_us;  /* of the command, over SSH or on this host */
  guint           run_timer;
  gboolean        scenario_failed;
  GArray         *native_scores;  /* double, the ones measured on this host */
};

/* Keeps @record (its strings copied) and tells the file and the listeners. */
void _domus_bench_runner_add_result    (DomusBenchRunner *self,
                                        DomusBenchResult *record);
/* Drops the step at the head of the plan and starts the next one. */
void _domus_bench_runner_finish_step   (DomusBenchRunner *self);
/* When *@error is a cancellation: the run ends with it, and TRUE. */
gboolean _domus_bench_runner_end_if_cancelled (DomusBenchRunner  *self,
                                               GError           **error);

/* domus-bench-runner-workload.c: each ends in _domus_bench_runner_finish_step(),
 * or returns the run's error on self->task. */
void _domus_bench_runner_plan_workload (DomusBenchRunner *self);
void _domus_bench_runner_start_native  (DomusBenchRunner *self);
void _domus_bench_runner_start_apply   (DomusBenchRunner *self,
                                        Step             *step);
void _domus_bench_runner_start_run     (DomusBenchRunner *self,
                                        Step             *step);

G_END_DECLS
