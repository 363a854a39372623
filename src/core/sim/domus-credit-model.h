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

G_END_DECLS
