/* domus-credit-model-predict.c: predicted shares, on a scratch model
 *
 * Part of DomusCreditModel: see domus-credit-model-private.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-credit-model"

#include "config.h"

#include <math.h>

#include "domus-credit-model-private.h"

/* --- Predictions ---------------------------------------------------------
 *
 * A scratch model with one workload per vCPU that wants the vCPU's demand.
 * The bursty period is 13 ms, prime and so out of step with the 10 ms tick,
 * the 30 ms slice and accounting and credit2's 10 ms replenishment. With a
 * period in step with the ticks (5, 10 or 20 ms) the schedule keeps
 * the same phase against the ticks for ever, and a vCPU that always runs
 * between two ticks (the bursty one, or a hog filling its gaps) is never
 * caught running, so never active: credit1 accounting never sees it. A
 * vCPU wanting 80% beside a CPU hog then got 80% instead of its fair 50%
 * (its own bursts dodged the ticks, or the hog's slivers did and left it
 * all the pool's credit), and three vCPUs wanting 40% on one pCPU got
 * anything from 20 to 40% each, depending on the seed. Real guests are
 * hardly ever phase-locked to Xen's ticks (dodging them on purpose is a
 * known attack on credit1); with 7, 13, 23, 37 or 53 ms periods both cases
 * come out at 50 / 50 and 33 each, and mixed hosts agree within a point or
 * two whatever the period. 13 ms keeps many periods in a few seconds
 * (little noise) for few events.
 */

#define PREDICT_SETTLE_NS   (300 * NS_PER_MS)  /* ten credit1 accounting periods */
#define PREDICT_PERIOD_MS   13                 /* out of step with 10 and 30 ms */
#define PREDICT_CPU_BOUND   95.0               /* % of a pCPU */
#define PREDICT_MAX_SECONDS 3600.0

/* The workload that wants @demand % of a pCPU in bursts every @period_ms
 * (0: PREDICT_PERIOD_MS). */
static void
workload_for_demand (double         demand,
                     guint          period_ms,
                     DomusWorkload *workload)
{
  workload->duty = 0.0;
  workload->period_ms = 0;
  if (demand >= PREDICT_CPU_BOUND)
    {
      workload->kind = DOMUS_WORKLOAD_CPU;
    }
  else if (demand > 0.0)
    {
      workload->kind = DOMUS_WORKLOAD_BURSTY;
      workload->duty = demand / 100.0;
      workload->period_ms = period_ms != 0 ? period_ms : PREDICT_PERIOD_MS;
    }
  else
    {
      workload->kind = DOMUS_WORKLOAD_IDLE;
    }
}

void
domus_credit_model_predict_shares (DomusScheduler          scheduler,
                                   guint                   n_pcpus,
                                   const DomusSharesInput *domains,
                                   guint                   n_domains,
                                   double                  seconds,
                                   guint64                 seed,
                                   double                 *shares)
{
  domus_credit_model_predict_pool_shares (scheduler, n_pcpus, G_MAXUINT64, domains, n_domains,
                                          seconds, seed, shares);
}

void
domus_credit_model_predict_pool_shares (DomusScheduler          scheduler,
                                        guint                   n_pcpus,
                                        guint64                 pcpus,
                                        const DomusSharesInput *domains,
                                        guint                   n_domains,
                                        double                  seconds,
                                        guint64                 seed,
                                        double                 *shares)
{
  g_autoptr(DomusCreditModel) model = NULL;
  g_autofree guint64 *before = NULL;
  guint64 window;
  guint i, v;

  g_return_if_fail (n_domains == 0 || (domains != NULL && shares != NULL));
  for (i = 0; i < n_domains; i++)
    shares[i] = 0.0;

  g_return_if_fail (scheduler == DOMUS_SCHEDULER_CREDIT ||
                    scheduler == DOMUS_SCHEDULER_CREDIT2);
  g_return_if_fail (n_pcpus >= 1 && n_pcpus <= DOMUS_CREDIT_MODEL_MAX_PCPUS);
  g_return_if_fail ((pcpus & (n_pcpus == 64 ? G_MAXUINT64 : (G_GUINT64_CONSTANT (1) << n_pcpus) - 1)) != 0);
  g_return_if_fail (seconds >= 1.0 && seconds <= PREDICT_MAX_SECONDS);
  for (i = 0; i < n_domains; i++)
    {
      const DomusSharesInput *d = &domains[i];

      g_return_if_fail (d->weight >= 1 && d->weight <= G_MAXUINT16);
      g_return_if_fail (d->cap <= G_MAXUINT16);
      g_return_if_fail (d->n_vcpus <= G_MAXUINT16);
      g_return_if_fail (!isnan (d->demand));
      g_return_if_fail (d->period_ms <= 60000);
      for (v = 0; d->vcpu_demand != NULL && v < d->n_vcpus; v++)
        g_return_if_fail (!isnan (d->vcpu_demand[v]));
    }

  if (n_domains == 0)
    return;

  model = domus_credit_model_new_for_pcpus (scheduler, n_pcpus, pcpus, seed);
  before = g_new0 (guint64, n_domains);

  /* The caller's domids may repeat or be anything: the model's are the
   * input indices. */
  for (i = 0; i < n_domains; i++)
    {
      const DomusSharesInput *d = &domains[i];
      double even = CLAMP (d->demand, 0.0, 100.0 * d->n_vcpus) / MAX (d->n_vcpus, 1);

      if (d->n_vcpus == 0)
        continue;

      /* A paused domain runs nothing, but its vCPUs are still on credit2's
       * runqueue, where its weight sets how fast the others burn credit. */
      domus_credit_model_add_domain (model, i, d->n_vcpus, d->weight, d->cap);
      if (d->paused)
        {
          domus_credit_model_set_paused (model, i, TRUE);
          continue;
        }
      for (v = 0; v < d->n_vcpus; v++)
        {
          double demand = d->vcpu_demand != NULL ? CLAMP (d->vcpu_demand[v], 0.0, 100.0) : even;
          DomusWorkload workload;

          if (d->affinity != NULL)
            domus_credit_model_set_affinity (model, i, v, d->affinity[v]);
          workload_for_demand (demand, d->period_ms, &workload);
          domus_credit_model_set_workload (model, i, v, &workload);
        }
    }

  domus_credit_model_advance (model, PREDICT_SETTLE_NS);
  for (i = 0; i < n_domains; i++)
    if (domus_credit_model_has_domain (model, i))
      before[i] = domus_credit_model_get_domain_time (model, i);

  window = (guint64) (seconds * 1e9 + 0.5);
  domus_credit_model_advance (model, window);
  for (i = 0; i < n_domains; i++)
    if (domus_credit_model_has_domain (model, i))
      shares[i] = 100.0 * (double) (domus_credit_model_get_domain_time (model, i) - before[i]) /
                  (double) window;
}

double
domus_credit_model_estimate_vcpu_demand (double used,
                                         double waiting)
{
  /* What is not known (NaN) or makes no sense (below 0) counts as none. */
  if (!(used > 0.0))
    used = 0.0;
  if (!(waiting > 0.0))
    waiting = 0.0;

  return MIN (used + 100.0 * waiting, 100.0);
}
