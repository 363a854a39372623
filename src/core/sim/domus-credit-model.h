/* domus-credit-model.h: a model of Xen's credit and credit2 schedulers
 *
 * The simulated host runs every vCPU of every domain through this model on
 * its virtual clock. Credit1 follows xen/common/sched/credit.c (Xen 4.17):
 * 10 ms ticks, 30 ms slices, 300 credits per slice per pCPU shared out
 * pool-wide by weight over *active* vCPUs, BOOST/UNDER/OVER priorities,
 * caps enforced by parking, work-conserving stealing, hard affinity.
 * Credit2 is an approximation: weight-proportional credit burn with resets
 * and a per-domain cap budget every 10 ms.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "domus-types.h"

G_BEGIN_DECLS

#define DOMUS_CREDIT_MODEL_MAX_PCPUS 64

typedef enum
{
  DOMUS_WORKLOAD_IDLE,    /* never runnable */
  DOMUS_WORKLOAD_CPU,     /* always runnable */
  DOMUS_WORKLOAD_BURSTY,  /* runnable for duty × period, then blocked */
} DomusWorkloadKind;

typedef struct
{
  DomusWorkloadKind kind;
  double            duty;       /* 0..1, BURSTY only */
  guint             period_ms;  /* > 0, BURSTY only */
} DomusWorkload;

#define DOMUS_TYPE_CREDIT_MODEL (domus_credit_model_get_type ())
G_DECLARE_FINAL_TYPE (DomusCreditModel, domus_credit_model, DOMUS, CREDIT_MODEL, GObject)

DomusCreditModel *domus_credit_model_new              (DomusScheduler       scheduler,
                                                       guint                n_pcpus,
                                                       guint64              seed);
/* One cpupool's scheduler, as Xen runs one per pool: of the host's
 * @n_pcpus, it runs vCPUs only on @pcpus (bit i: pCPU i; not 0) and
 * shares out their credit only. */
DomusCreditModel *domus_credit_model_new_for_pcpus    (DomusScheduler       scheduler,
                                                       guint                n_pcpus,
                                                       guint64              pcpus,
                                                       guint64              seed);
/* The pCPUs it runs vCPUs on. */
guint64           domus_credit_model_get_pcpus        (DomusCreditModel    *self);
DomusScheduler    domus_credit_model_get_scheduler    (DomusCreditModel    *self);
guint             domus_credit_model_get_n_pcpus      (DomusCreditModel    *self);
/* Simulated nanoseconds since the model was created. */
guint64           domus_credit_model_get_now          (DomusCreditModel    *self);
/* Runs the scheduler for @ns simulated nanoseconds. */
void              domus_credit_model_advance          (DomusCreditModel    *self,
                                                       guint64              ns);

/* Domains. Every vCPU starts online, IDLE, with hard affinity to all pCPUs.
 * Weight is 1..65535, cap is 0 (none) or a percentage of one pCPU. */
void              domus_credit_model_add_domain       (DomusCreditModel    *self,
                                                       guint                domid,
                                                       guint                n_vcpus,
                                                       guint                weight,
                                                       guint                cap);
void              domus_credit_model_remove_domain    (DomusCreditModel    *self,
                                                       guint                domid);
gboolean          domus_credit_model_has_domain       (DomusCreditModel    *self,
                                                       guint                domid);
void              domus_credit_model_set_weight       (DomusCreditModel    *self,
                                                       guint                domid,
                                                       guint                weight);
void              domus_credit_model_set_cap          (DomusCreditModel    *self,
                                                       guint                domid,
                                                       guint                cap);
void              domus_credit_model_set_paused       (DomusCreditModel    *self,
                                                       guint                domid,
                                                       gboolean             paused);
/* vCPUs 0..n_online-1 are online, the rest offline (never run). */
void              domus_credit_model_set_vcpus_online (DomusCreditModel    *self,
                                                       guint                domid,
                                                       guint                n_online);
/* Bit i set: the vCPU may run on pCPU i. A mask with no valid pCPU is ignored. */
void              domus_credit_model_set_affinity     (DomusCreditModel    *self,
                                                       guint                domid,
                                                       guint                vcpu,
                                                       guint64              hard_affinity);
void              domus_credit_model_set_workload     (DomusCreditModel    *self,
                                                       guint                domid,
                                                       guint                vcpu,
                                                       const DomusWorkload *workload);

/* Moves domain @domid from @self to @to (another pool's model): its
 * settings, states and workloads, not its times; its affinity reset to
 * all of @to's pCPUs unless @keep_affinity and it names some of them. */
void              domus_credit_model_move_domain      (DomusCreditModel    *self,
                                                       DomusCreditModel    *to,
                                                       guint                domid,
                                                       gboolean             keep_affinity);

/* Observations, as Xen reports them. */
guint64           domus_credit_model_get_vcpu_time    (DomusCreditModel    *self,
                                                       guint                domid,
                                                       guint                vcpu);
guint64           domus_credit_model_get_domain_time  (DomusCreditModel    *self,
                                                       guint                domid);
/* The pCPU the vCPU runs on, or last ran on. */
guint             domus_credit_model_get_vcpu_pcpu    (DomusCreditModel    *self,
                                                       guint                domid,
                                                       guint                vcpu);
DomusVcpuState    domus_credit_model_get_vcpu_state   (DomusCreditModel    *self,
                                                       guint                domid,
                                                       guint                vcpu);
guint64           domus_credit_model_get_vcpu_affinity (DomusCreditModel   *self,
                                                        guint               domid,
                                                        guint               vcpu);
/* Nanoseconds pCPU @pcpu spent running guest vCPUs. */
guint64           domus_credit_model_get_pcpu_busy    (DomusCreditModel    *self,
                                                       guint                pcpu);

/* --- Predictions ----------------------------------------------------------
 *
 * What share of the CPU the model predicts for each domain of a host, for
 * the QoS view's "predicted" column beside the measured one.
 *
 * Demand. Each domain (or each vCPU) says how much CPU it wants; the
 * prediction gives it a workload that wants exactly that and lets the
 * scheduler decide what it gets. A vCPU is CPU-bound when it wants ≥ 95% of
 * a pCPU; below that it is bursty: every 13 ms (a period out of step with
 * the schedulers' 10 and 30 ms timers, so that no vCPU can dodge the 10 ms
 * credit tick the way a phase-locked guest can) it wakes wanting its share
 * of the period, runs until it has had it and blocks; what it has not had
 * by the end of the period is dropped. A vCPU with no demand never runs.
 *
 * Do not pass the measured use of a vCPU that is starved as its demand.
 * Under contention a vCPU gets less than it wants, and "wants 40%" then
 * makes the prediction repeat the 40% it measured, for the current settings
 * and for every what-if: raising the domain's weight would still predict
 * 40% where the real scheduler would give it more. Measured use is a
 * demand only for a vCPU that got all it asked for, that is one that was
 * never kept waiting. The host knows which ones were: a vCPU that is
 * RUNNABLE (queued for a pCPU, or parked by its domain's cap, which the
 * simulated host also reports as RUNNABLE) wants more than it gets. Pass 100 for such
 * vCPUs (100 × n_vcpus for such domains), or let
 * domus_credit_model_estimate_vcpu_demand() work it out from how long each
 * vCPU waited. For a what-if about a domain's full appetite, pass
 * 100 × n_vcpus.
 *
 * Length and cost. The scratch model runs 0.3 s to settle (credit1 starts
 * every vCPU inactive, without credit), then the @seconds that are
 * measured. The window's edges cut credit1's 30 ms slices, so a share is
 * good to about ±3 points over one second, ±1 over three and ±0.6 over
 * five: pass DOMUS_CREDIT_MODEL_PREDICT_SECONDS. The cost grows with the
 * vCPUs and, for credit2, the pCPUs. CPU time per call with that default
 * (-O2, one AMD EPYC core; /credit-model/predict/cost prints it):
 *
 *                                        credit    credit2
 *   20 domains × 2 vCPUs on 4 pCPUs      0.6 ms    3 ms     (3 s: 0.3 / 2 ms)
 *   50 domains × 2 vCPUs on 4 pCPUs      0.7 ms    3.5 ms
 *   50 domains × 4 vCPUs on 16 pCPUs     3 ms      19 ms
 *   1000 domains × 2 vCPUs on 64 pCPUs   13 ms     140 ms
 *
 * so once a second is affordable for a lab host; on a big credit2 host,
 * predict again only when an input changed. Pass the same seed every time:
 * the same inputs then give the same shares, and the column stays still.
 */
#define DOMUS_CREDIT_MODEL_PREDICT_SECONDS 5.0

typedef struct
{
  guint          domid;        /* the caller's: not used, results are in input order */
  guint          weight;       /* 1..65535 */
  guint          cap;          /* 0 = none, else % of one pCPU, ≤ 65535 */
  guint          n_vcpus;      /* online vCPUs, ≤ 65535; 0 = gets nothing */
  double         demand;       /* % of one pCPU the domain wants, clamped to
                                * 0..100 × n_vcpus and spread evenly over its
                                * vCPUs: see "Demand" above */
  gboolean       paused;       /* gets nothing; under credit2 its weight
                                * still counts (see the "Credit2" part of
                                * docs/credit-model.md) */
  const guint64 *affinity;     /* n_vcpus hard-affinity masks (bit i: may run on
                                * pCPU i; bits ≥ n_pcpus ignored; a mask with no
                                * pCPU left means all), or NULL: all pCPUs */
  const double  *vcpu_demand;  /* n_vcpus demands, % of one pCPU, clamped to
                                * 0..100, or NULL: @demand spread evenly. Better
                                * than @demand for a domain whose vCPUs differ
                                * (one busy, one idle): credit1 counts a domain's
                                * weight once per vCPU that runs. */
  guint          period_ms;    /* how often a vCPU wanting less than a pCPU
                                * runs a burst, 1..60000, or 0: the default
                                * 13 ms. Work that comes once a second, as a
                                * tool's reads do in dom0, is active in
                                * credit1's accounting only around its burst;
                                * spread over 13 ms bursts it is caught by
                                * every tick. */
} DomusSharesInput;

/* Predicts each domain's CPU share, in % of one pCPU, for the given settings
 * under @scheduler on @n_pcpus (1..DOMUS_CREDIT_MODEL_MAX_PCPUS) pCPUs: runs
 * a scratch model with workloads that reproduce each domain's demand for
 * 0.3 + @seconds simulated seconds (@seconds in 1..3600, normally
 * DOMUS_CREDIT_MODEL_PREDICT_SECONDS) and measures the last @seconds.
 * @shares receives @n_domains values in input order; paused domains and
 * domains without vCPUs get 0. @domains and @shares may be NULL when
 * @n_domains is 0. The same arguments and @seed always give the same shares
 * (the seed draws the phases of the bursty vCPUs).
 *
 * Invalid arguments (n_pcpus 0, a weight of 0, a NaN demand...) are
 * programmer errors: they log a critical and leave @shares all 0. */
void              domus_credit_model_predict_shares   (DomusScheduler          scheduler,
                                                       guint                   n_pcpus,
                                                       const DomusSharesInput *domains,
                                                       guint                   n_domains,
                                                       double                  seconds,
                                                       guint64                 seed,
                                                       double                 *shares);

/* The same for the domains of one cpupool, which run on @pcpus (bit i:
 * pCPU i; some of the first @n_pcpus) under @scheduler, as Xen runs a
 * scheduler per pool; an affinity outside @pcpus counts as all of them. */
void              domus_credit_model_predict_pool_shares (DomusScheduler          scheduler,
                                                          guint                   n_pcpus,
                                                          guint64                 pcpus,
                                                          const DomusSharesInput *domains,
                                                          guint                   n_domains,
                                                          double                  seconds,
                                                          guint64                 seed,
                                                          double                 *shares);

/* One vCPU's demand, in % of one pCPU, from what the host measured over a
 * recent interval: @used, the % of one pCPU it ran, and @waiting, the
 * fraction (0..1) of the interval it was RUNNABLE, that is wanted a pCPU
 * and did not run (queued, or parked by a cap). Xen's runstate times give
 * @waiting exactly (runnable plus, for a parked vCPU, offline time); from
 * the state alone, use the fraction of the last few refreshes (say 10) in
 * which the vCPU was RUNNABLE. Returns @used + 100 × @waiting, within
 * 0..100 (a NaN or negative argument counts as 0): the CPU the vCPU ran
 * plus the CPU it waited for. That is exact for
 * a CPU-bound vCPU however starved (it is never blocked, so it comes to
 * 100) and for one that never waits, and an upper bound otherwise (a
 * bursty vCPU that waits does its work later, not more of it), which can
 * only make the prediction lean towards contention, not hide it. */
double            domus_credit_model_estimate_vcpu_demand (double              used,
                                                           double              waiting);

G_END_DECLS
