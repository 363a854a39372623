/* domus-credit-model-private.h: what the parts of the scheduler model share
 *
 * DomusCreditModel is written in four files: domus-credit-model.c (the
 * event loop, the vCPU state both schedulers share and the public API),
 * domus-credit-model-credit1.c (credit.c), domus-credit-model-credit2.c
 * (credit2.c) and domus-credit-model-predict.c (predictions, on the public
 * API only). This header holds the types, Xen's constants and the
 * functions one part calls in another. How the model runs is told at the
 * top of domus-credit-model.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "domus-credit-model.h"

G_BEGIN_DECLS

#define NS_PER_US G_GUINT64_CONSTANT (1000)
#define NS_PER_MS G_GUINT64_CONSTANT (1000000)
#define NEVER     G_MAXUINT64
#define BIT(cpu)  (G_GUINT64_CONSTANT (1) << (cpu))

/* credit.c */
#define CSCHED_TICK_NS            (10 * NS_PER_MS)  /* tslice / CSCHED_TICKS_PER_TSLICE */
#define CSCHED_TSLICE_NS          (30 * NS_PER_MS)  /* CSCHED_DEFAULT_TSLICE_MS */
#define CSCHED_CREDITS_PER_TSLICE 300               /* CSCHED_CREDITS_PER_MSEC × 30 */
#define CSCHED_NS_PER_CREDIT      (100 * NS_PER_US) /* 1 ms / CSCHED_CREDITS_PER_MSEC */
#define CSCHED_RATELIMIT_NS       (1 * NS_PER_MS)   /* sched_ratelimit_us */
#define CSCHED_MIN_TIMER_NS       (100 * NS_PER_US) /* XEN_SYSCTL_SCHED_RATELIMIT_MIN */
#define CSCHED_ACCT_PHASE_NS      (5 * NS_PER_MS)
#define CSCHED_SLICE_DRIFT_NS     (700 * NS_PER_US) /* see "Phases" above */

enum
{
  CSCHED_PRI_TS_BOOST = 0,
  CSCHED_PRI_TS_UNDER = -1,
  CSCHED_PRI_TS_OVER  = -2,
  CSCHED_PRI_IDLE     = -64,
};

/* credit2.c */
#define CSCHED2_CREDIT_INIT          ((gint64) (10 * NS_PER_MS))
#define CSCHED2_MIN_TIMER            ((gint64) (500 * NS_PER_US))
#define CSCHED2_MAX_TIMER            CSCHED2_CREDIT_INIT
#define CSCHED2_CARRYOVER_MAX        CSCHED2_MIN_TIMER
#define CSCHED2_CREDIT_MAX           (CSCHED2_CREDIT_INIT + CSCHED2_CARRYOVER_MAX)
#define CSCHED2_CREDIT_MIN           (-CSCHED2_CREDIT_INIT)
#define CSCHED2_MIGRATE_RESIST       ((gint64) (500 * NS_PER_US))
#define CSCHED2_MIGRATE_COMPENSATION ((gint64) (50 * NS_PER_US))
#define CSCHED2_IDLE_CREDIT          (-((gint64) 1 << 30))
#define CSCHED2_CREDIT_RESET         0
#define CSCHED2_BDGT_REPL_PERIOD     (10 * NS_PER_MS)
#define CSCHED2_RATELIMIT_NS         ((gint64) (1 * NS_PER_MS))
#define CSCHED2_RATELIMIT_TICKLE_TOLERANCE ((gint64) (50 * NS_PER_US))

typedef struct _Domain   Domain;
typedef struct _Vcpu     Vcpu;
typedef struct _AffClass AffClass;

/* A binary min-heap of vCPUs on (key, tie). The keys are copied into the
 * entries so that sifting never touches the vCPUs themselves. */
typedef struct
{
  guint64  key;
  guint64  tie;
  Vcpu    *v;
} HeapEntry;

typedef struct
{
  HeapEntry *items;
  guint      len;
  guint      alloc;
  gboolean   track;   /* keep Vcpu.c2_heap_pos up to date, for removals */
} VcpuHeap;

#define NOT_IN_HEAP G_MAXUINT

struct _Vcpu
{
  Domain        *dom;
  guint          uid;              /* creation order, model-wide: breaks ties */
  guint64        affinity;         /* hard affinity, valid pCPUs only */
  gboolean       online;
  DomusWorkload  workload;
  guint64        period_ns;        /* BURSTY */
  guint64        work_per_period;  /* BURSTY: CPU wanted per period */
  guint64        work_left;        /* BURSTY: wanted in the period ending at
                                    * next_period, as of run_start if running */
  guint64        next_period;

  guint          pcpu;             /* where it runs, ran or queues (unit->res) */
  gboolean       running;
  gboolean       queued;
  gboolean       parked;           /* paused by the scheduler to enforce a cap */
  gboolean       vpf_migrating;    /* _VPF_migrating: being moved, not runnable */
  guint64        run_start;        /* start of the run time not yet charged */
  guint64        state_entry;      /* when it was switched in */
  guint64        time;             /* ns run, charged */
  guint64        burn_from;        /* credit not yet burnt since (start_time) */

  /* credit1: struct csched_unit */
  Vcpu          *rq_prev;
  Vcpu          *rq_next;
  Vcpu          *act_prev;
  Vcpu          *act_next;
  gboolean       active;
  gboolean       flag_migrating;   /* CSCHED_FLAG_UNIT_MIGRATING */
  gint           pri;
  gint           credit;
  guint64        burn_residual;    /* ns short of a whole credit */

  /* credit2: struct csched2_unit */
  gint64         c2_credit;        /* as of the resets up to c2_reset_seen */
  gint64         c2_reset_seen;
  guint64        c2_residual;
  gint64         c2_budget;
  guint64        c2_seq;           /* runqueue insertion order: FIFO among equals */
  AffClass      *c2_class;
  guint          c2_heap_pos;
};

struct _Domain
{
  guint     weight;
  guint     cap;
  gboolean  paused;
  guint     n_vcpus;
  Vcpu     *vcpus;
  Domain   *prev;                  /* all domains, in creation order */
  Domain   *next;

  /* credit1: struct csched_dom */
  Vcpu     *active_head;           /* newest first, as list_add() does */
  guint     n_active;
  gboolean  in_active_sdom;
  Domain   *sdom_prev;
  Domain   *sdom_next;

  /* credit2: struct csched2_dom */
  gint64    budget;
  gint64    tot_budget;
};

/* credit2's runqueue is kept as one heap per distinct hard affinity, so that
 * "the first vCPU in credit order allowed on this pCPU" (runq_candidate()) is
 * the best of a few heap tops instead of a walk down a sorted list. */
struct _AffClass
{
  guint64  mask;
  VcpuHeap heap;
};

typedef struct
{
  Vcpu     *curr;                  /* NULL: running its idle vCPU */
  guint64   slice_end;             /* next scheduling decision */
  guint64   next_event;            /* MIN (slice_end, when curr blocks) */
  guint64   busy;                  /* ns spent running vCPUs, charged */

  /* credit1 runqueue, in Xen's order (struct csched_pcpu) */
  Vcpu     *rq_head;
  Vcpu     *rq_tail;
  guint     rq_len;
  Vcpu     *rq_first_le_under;     /* first entry with pri <= UNDER */
  Vcpu     *rq_first_le_over;      /* first entry with pri <= OVER */
  gboolean  rq_hints_valid;
  gboolean  rq_needs_sort;         /* runq_sort_last != prv->runq_sort */
  gboolean  rq_unsorted;           /* an OVER entry may precede an UNDER one */
} Pcpu;

struct _DomusCreditModel
{
  GObject         parent_instance;

  DomusScheduler  scheduler;
  guint           n_pcpus;
  guint64         online;          /* mask of the pCPUs */
  GRand          *rand;
  guint64         now;

  GHashTable     *domains;         /* domid → Domain */
  Domain         *dom_head;
  Domain         *dom_tail;
  guint           next_uid;

  Pcpu            pcpus[DOMUS_CREDIT_MODEL_MAX_PCPUS];
  guint64         idlers;          /* prv->idlers / rqd->idle */
  guint64         pcpu_min;        /* cached MIN (next_event), lowest index on ties */
  guint           pcpu_min_cpu;
  gboolean        pcpu_min_dirty;

  VcpuHeap        timers;

  /* credit1: struct csched_private */
  guint64         next_tick;
  guint64         next_acct;
  Domain         *active_sdom;
  guint32         weight;
  guint32         credit;
  gint            credit_balance;
  guint           balance_bias;
  guint           last_tickle_cpu;

  /* credit2: struct csched2_runqueue_data, one for the whole host */
  GPtrArray      *classes;         /* AffClass */
  guint64         tickled;
  guint64         c2_seq;
  gint64          c2_reset_total;  /* credit handed out by all resets so far */
  guint           max_weight;
  guint           n_capped;        /* domains with a cap: replenishments due */
  guint64         next_repl;
};

/* cpumask_cycle(): the first pCPU of @mask after @n, wrapping around. */
static inline guint
mask_cycle (guint    n,
            guint64  mask)
{
  guint64 after = n >= 63 ? 0 : mask & (G_MAXUINT64 << (n + 1));

  g_assert (mask != 0);

  return (guint) __builtin_ctzll (after != 0 ? after : mask);
}

static inline gboolean
heap_before (const HeapEntry *a,
             const HeapEntry *b)
{
  return a->key < b->key || (a->key == b->key && a->tie < b->tie);
}

/* domus-credit-model-heap.c */
void     heap_push            (VcpuHeap *heap,
                               Vcpu     *v,
                               guint64   key,
                               guint64   tie);
void     heap_remove_at       (VcpuHeap *heap,
                               guint     i);
/* Restores the heap order after many keys changed at once. */
void     heap_reorder         (VcpuHeap *heap);

/* domus-credit-model.c */
void     pcpu_arm             (DomusCreditModel *self,
                               guint             cpu,
                               guint64           when);
void     vcpu_charge          (DomusCreditModel *self,
                               Vcpu             *v);
gboolean vcpu_runnable        (const DomusCreditModel *self,
                               const Vcpu             *v);
void     vcpu_start           (DomusCreditModel *self,
                               Vcpu             *v,
                               guint             cpu);
void     vcpu_stop            (DomusCreditModel *self,
                               Vcpu             *v);
void     vcpu_refresh         (DomusCreditModel *self,
                               Vcpu             *v);

/* domus-credit-model-credit1.c */
void     c1_acct              (DomusCreditModel *self);
void     c1_acct_stop         (DomusCreditModel *self,
                               Vcpu             *v);
guint    c1_cpu_pick          (DomusCreditModel *self,
                               Vcpu             *v);
void     c1_migrate_running   (DomusCreditModel *self,
                               Vcpu             *v);
void     c1_runq_remove       (DomusCreditModel *self,
                               Vcpu             *v);
void     c1_schedule          (DomusCreditModel *self,
                               guint             cpu);
void     c1_tick_all          (DomusCreditModel *self);
void     c1_wake              (DomusCreditModel *self,
                               Vcpu             *v,
                               gboolean          unparking);

/* domus-credit-model-credit2.c */
void     c2_migrate_running   (DomusCreditModel *self,
                               Vcpu             *v);
void     c2_replenish         (DomusCreditModel *self);
void     c2_runq_remove       (DomusCreditModel *self,
                               Vcpu             *v);
void     c2_schedule          (DomusCreditModel *self,
                               guint             cpu);
void     c2_set_cap           (DomusCreditModel *self,
                               Domain           *d,
                               guint             old_cap);
void     c2_update_max_weight (DomusCreditModel *self);
void     c2_wake              (DomusCreditModel *self,
                               Vcpu             *v);
void     aff_class_free       (gpointer data);

G_END_DECLS
