/* domus-credit-model-credit2.c: the credit2 scheduler (credit2.c), approximated
 *
 * Part of DomusCreditModel: see domus-credit-model-private.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-credit-model"

#include "config.h"

#include "domus-credit-model-private.h"

/* --- Credit2 ------------------------------------------------------------- */

void
aff_class_free (gpointer data)
{
  AffClass *aff = data;

  g_free (aff->heap.items);
  g_free (aff);
}

static AffClass *
c2_class_for (DomusCreditModel *self,
              guint64           mask)
{
  AffClass *aff;
  guint i;

  for (i = 0; i < self->classes->len; i++)
    {
      aff = g_ptr_array_index (self->classes, i);
      if (aff->mask == mask)
        return aff;
    }

  aff = g_new0 (AffClass, 1);
  aff->mask = mask;
  aff->heap.track = TRUE;
  g_ptr_array_add (self->classes, aff);

  return aff;
}

/* The vCPU with the most credit among those queued that may run on a pCPU
 * of @cpus (the head of credit2.c's sorted runqueue, hard affinity
 * permitting). */
static Vcpu *
c2_runq_best (DomusCreditModel *self,
              guint64           cpus)
{
  const HeapEntry *best = NULL;
  guint i;

  for (i = 0; i < self->classes->len; i++)
    {
      AffClass *aff = g_ptr_array_index (self->classes, i);

      if ((aff->mask & cpus) != 0 && aff->heap.len > 0 &&
          (best == NULL || heap_before (&aff->heap.items[0], best)))
        best = &aff->heap.items[0];
    }

  return best != NULL ? best->v : NULL;
}

/* Credit resets are applied lazily. Two resets of a and b clip to
 * min (min (c + a, MAX) + b, MAX) = min (c + a + b, MAX), so a vCPU only
 * needs the total handed out since it last caught up. This is its credit
 * now. */
static gint64
c2_credit_now (const DomusCreditModel *self,
               const Vcpu             *v)
{
  if (v->c2_reset_seen == self->c2_reset_total)
    return v->c2_credit;
  return MIN (v->c2_credit + (self->c2_reset_total - v->c2_reset_seen), CSCHED2_CREDIT_MAX);
}

static void
c2_catch_up (DomusCreditModel *self,
             Vcpu             *v)
{
  v->c2_credit = c2_credit_now (self, v);
  v->c2_reset_seen = self->c2_reset_total;
}

/* The runqueue is keyed by credit minus all resets so far, most first: a
 * reset leaves the order as it is ("No need to resort runqueue, as
 * everyone's order should be the same", reset_credit()). */
static void
c2_runq_insert (DomusCreditModel *self,
                Vcpu             *v)
{
  gint64 virtual_credit;

  g_assert (!v->queued && !v->running);

  c2_catch_up (self, v);
  virtual_credit = v->c2_credit - self->c2_reset_total;
  if (v->c2_class == NULL || v->c2_class->mask != v->affinity)
    v->c2_class = c2_class_for (self, v->affinity);
  v->c2_seq = self->c2_seq++;
  heap_push (&v->c2_class->heap, v, (guint64) G_MAXINT64 - (guint64) virtual_credit, v->c2_seq);
  v->queued = TRUE;
}

void
c2_runq_remove (DomusCreditModel *self,
                Vcpu             *v)
{
  g_assert (v->queued);

  heap_remove_at (&v->c2_class->heap, v->c2_heap_pos);
  v->queued = FALSE;
}

/* burn_credits() and t2c_update(): credit goes down by Δt × max_weight /
 * weight, but not below CSCHED2_CREDIT_MIN, the budget of a capped domain
 * by Δt. The floor matters with unequal weights: a light vCPU burns fast
 * (16 times its run time at 256 beside 4096), and one that runs its 1 ms
 * rate limit with little credit left pays at most down to −10 ms. */
static void
c2_burn_credits (DomusCreditModel *self,
                 Vcpu             *v)
{
  guint64 delta = self->now - v->burn_from;
  guint64 val = delta * self->max_weight + v->c2_residual;

  c2_catch_up (self, v);
  v->c2_credit = MAX (v->c2_credit - (gint64) (val / v->dom->weight), CSCHED2_CREDIT_MIN);
  v->c2_residual = val % v->dom->weight;
  if (v->dom->cap != 0)
    v->c2_budget -= (gint64) delta;
  v->burn_from = self->now;
}

/* reset_credit(): everyone gets CSCHED2_CREDIT_INIT more, twice that if
 * @snext is down at CSCHED2_CREDIT_MIN (so that it is in the black again),
 * clipped to CREDIT_INIT + CARRYOVER_MAX. The running vCPUs have what they
 * spent so far burnt first; everyone else catches up when next looked at. */
static void
c2_reset_credit (DomusCreditModel *self,
                 Vcpu             *snext)
{
  gint64 m = c2_credit_now (self, snext) <= CSCHED2_CREDIT_MIN ? 2 : 1;
  guint cpu;

  for (cpu = 0; cpu < self->n_pcpus; cpu++)
    {
      Vcpu *v = self->pcpus[cpu].curr;

      if (v == NULL)
        continue;
      c2_burn_credits (self, v);
      if (v->dom->cap != 0 && v->c2_budget <= 0)
        pcpu_arm (self, cpu, self->now);
    }

  self->c2_reset_total += m * CSCHED2_CREDIT_INIT;
}

void
c2_update_max_weight (DomusCreditModel *self)
{
  Domain *d;

  self->max_weight = 1;
  for (d = self->dom_head; d != NULL; d = d->next)
    self->max_weight = MAX (self->max_weight, d->weight);
}

/* runq_tickle(): an idle pCPU if there is one (this vCPU's own first), else
 * the busy pCPU whose vCPU has the least credit compared with @new, among
 * those that have run their rate limit (tickle_score(), is_preemptable()). */
static void
c2_tickle (DomusCreditModel *self,
           Vcpu             *new)
{
  guint64 mask = new->affinity & self->online;
  guint64 idle = self->idlers & ~self->tickled & mask;
  guint64 busy = mask & ~self->idlers & ~self->tickled;
  guint cpu = new->pcpu;
  gint64 max = 0;
  gint target = -1;

  if (idle & BIT (cpu))
    {
      target = (gint) cpu;
    }
  else if (idle != 0)
    {
      target = (gint) mask_cycle (cpu, idle);
    }
  else
    {
      while (busy != 0)
        {
          guint i = (busy & BIT (cpu)) ? cpu : (guint) __builtin_ctzll (busy);
          Vcpu *cur = self->pcpus[i].curr;
          gint64 score;

          busy &= ~BIT (i);
          if ((gint64) (self->now - cur->state_entry) <=
              CSCHED2_RATELIMIT_NS - CSCHED2_RATELIMIT_TICKLE_TOLERANCE)
            continue;
          c2_burn_credits (self, cur);
          score = c2_credit_now (self, new) - c2_credit_now (self, cur);
          if (i != new->pcpu)
            score -= CSCHED2_MIGRATE_RESIST;
          if (score > max)
            {
              max = score;
              target = (gint) i;
            }
        }
    }

  if (target < 0)
    return;
  self->tickled |= BIT (target);
  pcpu_arm (self, (guint) target, self->now);
}

void
c2_wake (DomusCreditModel *self,
         Vcpu             *v)
{
  if (v->running || v->queued)
    return;
  c2_runq_insert (self, v);
  c2_tickle (self, v);
}

/* park_unit(): out of budget, not runnable until the next replenishment. */
static void
c2_park (DomusCreditModel *self,
         Vcpu             *v)
{
  v->parked = TRUE;
  if (v->queued)
    c2_runq_remove (self, v);
}

/* unpark_parked_units() */
static void
c2_unpark_domain (DomusCreditModel *self,
                  Domain           *d)
{
  guint i;

  for (i = 0; i < d->n_vcpus; i++)
    {
      Vcpu *v = &d->vcpus[i];

      if (!v->parked)
        continue;
      v->parked = FALSE;
      if (vcpu_runnable (self, v))
        c2_wake (self, v);
    }
}

/* unit_grab_budget(): take up to the vCPU's quota from the domain. */
static gboolean
c2_grab_budget (DomusCreditModel *self,
                Vcpu             *v)
{
  Domain *d = v->dom;

  if (v->c2_budget > 0)
    return TRUE;

  /* a vCPU that overran pays it back from the domain's budget */
  d->budget += v->c2_budget;
  if (d->budget > 0)
    {
      gint64 quota = MAX (d->tot_budget / d->n_vcpus, CSCHED2_MIN_TIMER);

      v->c2_budget = MIN (quota, d->budget);
      d->budget -= v->c2_budget;
    }
  else
    {
      v->c2_budget = 0;
      c2_park (self, v);
    }

  return v->c2_budget > 0;
}

/* unit_return_budget() */
static void
c2_return_budget (DomusCreditModel *self,
                  Vcpu             *v)
{
  Domain *d = v->dom;

  d->budget += v->c2_budget;
  v->c2_budget = 0;
  if (d->budget > 0)
    c2_unpark_domain (self, d);
}

/* replenish_domain_budget(), for every capped domain on the same 10 ms grid */
void
c2_replenish (DomusCreditModel *self)
{
  Domain *d;

  for (d = self->dom_head; d != NULL; d = d->next)
    {
      if (d->cap == 0)
        continue;
      d->budget += d->tot_budget;
      if (d->budget <= 0)
        continue;
      d->budget = MIN (d->budget, d->tot_budget);
      c2_unpark_domain (self, d);
    }
}

/* runq_candidate(). Xen skips a vCPU from another pCPU that is not
 * CSCHED2_MIGRATE_RESIST ahead and looks further down the sorted queue for
 * one from this pCPU; here such a vCPU ends the search. A candidate whose
 * domain has no budget left is parked and the next one considered. */
static Vcpu *
c2_candidate (DomusCreditModel *self,
              guint             cpu,
              Vcpu             *scurr)
{
  gboolean curr_runnable = scurr != NULL && vcpu_runnable (self, scurr);
  Vcpu *snext = curr_runnable ? scurr : NULL;

  /* Return the current vCPU if it has executed for less than ratelimit. */
  if (curr_runnable && self->now - scurr->state_entry < (guint64) CSCHED2_RATELIMIT_NS)
    return scurr;

  for (;;)
    {
      Vcpu *svc = c2_runq_best (self, BIT (cpu));
      gint64 snext_credit = snext != NULL ? c2_credit_now (self, snext) : CSCHED2_IDLE_CREDIT;
      gint64 svc_credit;

      if (svc == NULL)
        return snext;
      svc_credit = c2_credit_now (self, svc);
      if (svc->pcpu != cpu && snext_credit + CSCHED2_MIGRATE_RESIST > svc_credit)
        return snext;
      if (svc_credit <= snext_credit)
        return snext;
      if (svc->dom->cap != 0 && !c2_grab_budget (self, svc))
        continue;
      c2_runq_remove (self, svc);
      return svc;
    }
}

/* csched2_runtime(): until @snext's credit would fall to that of the next
 * waiting vCPU, within the budget, the rate limit and [MIN, MAX]_TIMER. */
static guint64
c2_runtime (DomusCreditModel *self,
            Vcpu             *snext,
            gboolean          continuing)
{
  gint64 min_time = CSCHED2_MIN_TIMER;
  gint64 ratelimit_min = CSCHED2_RATELIMIT_NS;
  gint64 credit = c2_credit_now (self, snext);
  gint64 rt_credit = credit;
  gint64 runtime;
  Vcpu *swait;

  if (continuing)
    ratelimit_min = (gint64) snext->state_entry + CSCHED2_RATELIMIT_NS - (gint64) self->now;
  if (ratelimit_min > min_time)
    min_time = ratelimit_min;

  swait = c2_runq_best (self, self->online);
  if (swait != NULL && c2_credit_now (self, swait) > 0)
    rt_credit = credit - c2_credit_now (self, swait);

  /* c2t(): credit to time at this vCPU's burn rate */
  runtime = rt_credit > 0 ? rt_credit * snext->dom->weight / self->max_weight : 0;

  if (snext->dom->cap != 0)
    runtime = MIN (runtime, snext->c2_budget);

  return (guint64) CLAMP (runtime, min_time, CSCHED2_MAX_TIMER);
}

/* csched2_schedule() with csched2_context_saved() */
void
c2_schedule (DomusCreditModel *self,
             guint             cpu)
{
  Pcpu *pc = &self->pcpus[cpu];
  Vcpu *scurr = pc->curr;
  Vcpu *snext;

  self->tickled &= ~BIT (cpu);

  if (scurr != NULL)
    {
      vcpu_charge (self, scurr);
      c2_burn_credits (self, scurr);
      /* Overran the budget: get more, or be parked. */
      if (scurr->dom->cap != 0 && scurr->c2_budget <= 0)
        c2_grab_budget (self, scurr);
    }

  snext = c2_candidate (self, cpu, scurr);

  if (scurr != NULL && snext != scurr)
    vcpu_stop (self, scurr);

  if (snext == NULL)
    {
      self->idlers |= BIT (cpu);
      pcpu_arm (self, cpu, NEVER);
    }
  else
    {
      gboolean continuing = snext == scurr;
      Vcpu *top = c2_runq_best (self, self->online);
      gint64 top_credit = c2_credit_now (self, snext);

      /* A reset when everyone is out of credit: snext and the head of the
       * runqueue. */
      if (top != NULL)
        top_credit = MAX (top_credit, c2_credit_now (self, top));
      self->idlers &= ~BIT (cpu);
      if (top_credit <= CSCHED2_CREDIT_RESET)
        c2_reset_credit (self, snext);
      if (!continuing)
        {
          c2_catch_up (self, snext);
          if (snext->pcpu != cpu)
            snext->c2_credit += CSCHED2_MIGRATE_COMPENSATION;
          vcpu_start (self, snext, cpu);
        }
      pcpu_arm (self, cpu, self->now + c2_runtime (self, snext, continuing));
    }

  /* context_saved(): the old vCPU gives its budget back and, if it can
   * still run, goes back to the runqueue. */
  if (scurr != NULL && snext != scurr)
    {
      if (scurr->dom->cap != 0)
        c2_return_budget (self, scurr);
      if (vcpu_runnable (self, scurr))
        c2_wake (self, scurr);
    }
}

/* A running vCPU whose hard affinity no longer allows its pCPU moves. */
void
c2_migrate_running (DomusCreditModel *self,
                    Vcpu             *v)
{
  v->vpf_migrating = TRUE;
  c2_schedule (self, v->pcpu);
  v->vpf_migrating = FALSE;
  v->pcpu = mask_cycle (v->pcpu, v->affinity);
  if (vcpu_runnable (self, v))
    c2_wake (self, v);
}

/* Sets up the budget for the domain's cap, d->cap, that was @old_cap. */
void
c2_set_cap (DomusCreditModel *self,
            Domain           *d,
            guint             old_cap)
{
  guint i;

  /* Replenishments stay on the 10 ms grid, and stop while nothing is capped. */
  if (old_cap == 0 && d->cap != 0)
    {
      if (self->n_capped++ == 0)
        self->next_repl = self->now - self->now % CSCHED2_BDGT_REPL_PERIOD +
                          CSCHED2_BDGT_REPL_PERIOD;
    }
  else if (old_cap != 0 && d->cap == 0)
    {
      self->n_capped--;
    }

  d->tot_budget = (gint64) (CSCHED2_BDGT_REPL_PERIOD * d->cap / 100);
  d->budget = d->tot_budget;
  for (i = 0; i < d->n_vcpus; i++)
    {
      Vcpu *v = &d->vcpus[i];

      /* A running vCPU goes to the scheduler to grab its first quota. */
      v->c2_budget = 0;
      if (v->running && d->cap != 0)
        pcpu_arm (self, v->pcpu, self->now);
    }
  if (d->cap == 0)
    c2_unpark_domain (self, d);
}
