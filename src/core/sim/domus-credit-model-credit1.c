/* domus-credit-model-credit1.c: the credit scheduler (credit.c), function by function
 *
 * Part of DomusCreditModel: see domus-credit-model-private.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-credit-model"

#include "config.h"

#include "domus-credit-model-private.h"

/* --- Credit1 runqueues --------------------------------------------------- */

/* The runqueue is the doubly linked list of credit.c, with Xen's insertion
 * and sorting rules, so its order is Xen's even between an accounting pass
 * and the pCPU's next csched_runq_sort(). Two hints make inserts O(1): the
 * first entry an UNDER and an OVER vCPU must go in front of. */
static void
c1_runq_compute_hints (Pcpu *pc)
{
  Vcpu *v;

  pc->rq_first_le_under = NULL;
  pc->rq_first_le_over = NULL;
  for (v = pc->rq_head; v != NULL; v = v->rq_next)
    {
      if (pc->rq_first_le_under == NULL && v->pri <= CSCHED_PRI_TS_UNDER)
        pc->rq_first_le_under = v;
      if (v->pri <= CSCHED_PRI_TS_OVER)
        {
          pc->rq_first_le_over = v;
          break;
        }
    }
  pc->rq_hints_valid = TRUE;
}

static Vcpu *
c1_runq_next_at_most (Vcpu *v,
                      gint  pri)
{
  for (v = v->rq_next; v != NULL && v->pri > pri; v = v->rq_next)
    ;
  return v;
}

/* __runq_insert(): in front of the first entry of lower priority. */
static void
c1_runq_insert (DomusCreditModel *self,
                Vcpu             *v)
{
  Pcpu *pc = &self->pcpus[v->pcpu];
  Vcpu *before;

  g_assert (!v->queued && !v->running);

  if (!pc->rq_hints_valid)
    c1_runq_compute_hints (pc);

  if (v->pri == CSCHED_PRI_TS_BOOST)
    {
      before = pc->rq_first_le_under;
    }
  else if (v->pri == CSCHED_PRI_TS_UNDER)
    {
      before = pc->rq_first_le_over;
      if (pc->rq_first_le_under == pc->rq_first_le_over)
        pc->rq_first_le_under = v;
    }
  else
    {
      before = NULL;
      if (pc->rq_first_le_over == NULL)
        pc->rq_first_le_over = v;
      if (pc->rq_first_le_under == NULL)
        pc->rq_first_le_under = v;
    }

  v->rq_next = before;
  v->rq_prev = before != NULL ? before->rq_prev : pc->rq_tail;
  if (v->rq_prev != NULL)
    v->rq_prev->rq_next = v;
  else
    pc->rq_head = v;
  if (before != NULL)
    before->rq_prev = v;
  else
    pc->rq_tail = v;

  pc->rq_len++;
  v->queued = TRUE;
}

void
c1_runq_remove (DomusCreditModel *self,
                Vcpu             *v)
{
  Pcpu *pc = &self->pcpus[v->pcpu];

  g_assert (v->queued);

  if (pc->rq_hints_valid)
    {
      if (pc->rq_first_le_under == v)
        pc->rq_first_le_under = c1_runq_next_at_most (v, CSCHED_PRI_TS_UNDER);
      if (pc->rq_first_le_over == v)
        pc->rq_first_le_over = c1_runq_next_at_most (v, CSCHED_PRI_TS_OVER);
    }

  if (v->rq_prev != NULL)
    v->rq_prev->rq_next = v->rq_next;
  else
    pc->rq_head = v->rq_next;
  if (v->rq_next != NULL)
    v->rq_next->rq_prev = v->rq_prev;
  else
    pc->rq_tail = v->rq_prev;
  v->rq_prev = v->rq_next = NULL;

  pc->rq_len--;
  v->queued = FALSE;
}

/* Priorities of queued vCPUs change in place, as in csched_acct(); the
 * queue is out of order until the pCPU's next csched_runq_sort(). */
static void
c1_set_pri (DomusCreditModel *self,
            Vcpu             *v,
            gint              pri)
{
  Pcpu *pc = &self->pcpus[v->pcpu];

  if (v->pri == pri)
    return;
  if (v->queued)
    {
      pc->rq_hints_valid = FALSE;
      if ((v->pri >= CSCHED_PRI_TS_UNDER) != (pri >= CSCHED_PRI_TS_UNDER))
        pc->rq_unsorted = TRUE;
    }
  v->pri = pri;
}

/* csched_runq_sort(): UNDER and BOOST move ahead of OVER, order kept.
 * Inserts and removals keep a sorted queue sorted, so only a queue in
 * which a priority crossed UNDER/OVER needs the walk. */
static void
c1_runq_sort (Pcpu *pc)
{
  Vcpu *hi_head = NULL, *hi_tail = NULL;
  Vcpu *lo_head = NULL, *lo_tail = NULL;
  Vcpu *first_under = NULL;
  Vcpu *v, *next;

  pc->rq_needs_sort = FALSE;
  if (!pc->rq_unsorted)
    return;
  pc->rq_unsorted = FALSE;

  for (v = pc->rq_head; v != NULL; v = next)
    {
      gboolean hi = v->pri >= CSCHED_PRI_TS_UNDER;
      Vcpu **head = hi ? &hi_head : &lo_head;
      Vcpu **tail = hi ? &hi_tail : &lo_tail;

      next = v->rq_next;
      if (first_under == NULL && v->pri == CSCHED_PRI_TS_UNDER)
        first_under = v;
      v->rq_prev = *tail;
      v->rq_next = NULL;
      if (*tail != NULL)
        (*tail)->rq_next = v;
      else
        *head = v;
      *tail = v;
    }

  if (hi_tail != NULL)
    {
      hi_tail->rq_next = lo_head;
      if (lo_head != NULL)
        lo_head->rq_prev = hi_tail;
    }
  pc->rq_head = hi_head != NULL ? hi_head : lo_head;
  pc->rq_tail = lo_tail != NULL ? lo_tail : hi_tail;

  pc->rq_first_le_under = first_under != NULL ? first_under : lo_head;
  pc->rq_first_le_over = lo_head;
  pc->rq_hints_valid = TRUE;
}

/* --- Credit1 accounting -------------------------------------------------- */

/* burn_credits(): 1 credit per 100 µs run; the remainder carries over. */
static void
c1_burn_credits (DomusCreditModel *self,
                 Vcpu             *v)
{
  guint64 ns = self->now - v->burn_from + v->burn_residual;

  v->credit -= (gint) (ns / CSCHED_NS_PER_CREDIT);
  v->burn_residual = ns % CSCHED_NS_PER_CREDIT;
  v->burn_from = self->now;
}

/* __csched_unit_acct_start() */
static void
c1_acct_start (DomusCreditModel *self,
               Vcpu             *v)
{
  Domain *d = v->dom;

  v->active = TRUE;
  v->act_prev = NULL;
  v->act_next = d->active_head;
  if (d->active_head != NULL)
    d->active_head->act_prev = v;
  d->active_head = v;
  d->n_active++;
  /* Make weight per-unit */
  self->weight += d->weight;

  if (!d->in_active_sdom)
    {
      d->in_active_sdom = TRUE;
      d->sdom_prev = NULL;
      d->sdom_next = self->active_sdom;
      if (self->active_sdom != NULL)
        self->active_sdom->sdom_prev = d;
      self->active_sdom = d;
    }
}

static void
c1_active_sdom_unlink (DomusCreditModel *self,
                       Domain           *d)
{
  if (d->sdom_prev != NULL)
    d->sdom_prev->sdom_next = d->sdom_next;
  else
    self->active_sdom = d->sdom_next;
  if (d->sdom_next != NULL)
    d->sdom_next->sdom_prev = d->sdom_prev;
  d->sdom_prev = d->sdom_next = NULL;
}

/* __csched_unit_acct_stop_locked() */
void
c1_acct_stop (DomusCreditModel *self,
              Vcpu             *v)
{
  Domain *d = v->dom;

  if (v->act_prev != NULL)
    v->act_prev->act_next = v->act_next;
  else
    d->active_head = v->act_next;
  if (v->act_next != NULL)
    v->act_next->act_prev = v->act_prev;
  v->act_prev = v->act_next = NULL;
  v->active = FALSE;
  d->n_active--;
  self->weight -= d->weight;

  if (d->active_head == NULL)
    {
      c1_active_sdom_unlink (self, d);
      d->in_active_sdom = FALSE;
    }
}

/* --- Credit1 scheduling -------------------------------------------------- */

/* _csched_cpu_pick() on a single socket of single-thread cores: stay if this
 * pCPU has nothing else to run, else move to the next idle pCPU. */
guint
c1_cpu_pick (DomusCreditModel *self,
             Vcpu             *v)
{
  guint64 cpus = v->affinity & self->online;
  guint64 idlers = self->idlers;
  guint master = v->pcpu;
  guint cpu = (cpus & BIT (master)) ? master : mask_cycle (master, cpus);

  if (cpu == master && self->pcpus[cpu].rq_head == NULL)
    idlers |= BIT (cpu);
  cpus &= idlers;
  if (!(cpus & BIT (cpu)) && cpus != 0)
    cpu = mask_cycle (cpu, cpus);

  return cpu;
}

/* __runq_tickle(): wake the pCPU that should run the newly queued @new. */
static void
c1_tickle (DomusCreditModel *self,
           Vcpu             *new)
{
  guint cpu = new->pcpu;
  Vcpu *cur = self->pcpus[cpu].curr;
  gint cur_pri = cur != NULL ? cur->pri : CSCHED_PRI_IDLE;
  guint64 idle_mask = self->idlers & self->online;
  gboolean pinned = (new->affinity & (new->affinity - 1)) == 0;
  guint target;

  if (pinned && (idle_mask & BIT (cpu)))
    {
      target = cpu;
    }
  else if (cur_pri == CSCHED_PRI_IDLE ||
           (idle_mask == 0 && new->pri > cur_pri))
    {
      target = cpu;
    }
  else if (idle_mask != 0)
    {
      guint64 new_idlers = new->affinity & idle_mask;

      /* With hard affinity only, credit.c's "kick cur away" test is the
       * negation of this one, so it never fires and is left out. */
      if (new_idlers == 0 && new->pri > cur_pri)
        {
          target = cpu;
        }
      else if (new_idlers != 0)
        {
          self->last_tickle_cpu = mask_cycle (self->last_tickle_cpu, new_idlers);
          target = self->last_tickle_cpu;
        }
      else
        {
          return;
        }
    }
  else
    {
      return;
    }

  self->idlers &= ~BIT (target);
  pcpu_arm (self, target, self->now);
}

/* csched_unit_wake(). @unparking: csched_acct() wakes a vCPU it unparks
 * before it clears the parked flag, so that vCPU is not boosted. */
void
c1_wake (DomusCreditModel *self,
         Vcpu             *v,
         gboolean          unparking)
{
  gboolean migrating = v->flag_migrating;

  if (v->running || v->queued)
    return;

  /* Boost a waking UNDER vCPU, unless it is only migrating. */
  v->flag_migrating = FALSE;
  if (!migrating && !unparking && v->pri == CSCHED_PRI_TS_UNDER)
    v->pri = CSCHED_PRI_TS_BOOST;

  c1_runq_insert (self, v);
  c1_tickle (self, v);
}

/* csched_runq_steal() */
static Vcpu *
c1_runq_steal (DomusCreditModel *self,
               guint             peer,
               guint             cpu,
               gint              pri)
{
  Vcpu *speer;

  /* Don't steal from an idle CPU's runq: it is about to run it itself. */
  if (self->pcpus[peer].curr == NULL)
    return NULL;

  for (speer = self->pcpus[peer].rq_head; speer != NULL; speer = speer->rq_next)
    {
      /* Not of strictly higher priority than ours: nothing for us here. */
      if (speer->pri <= pri)
        break;
      if (speer->affinity & BIT (cpu))
        return speer;
    }

  return NULL;
}

/* csched_load_balance(): @snext, the head of the local runqueue, is OVER or
 * missing (idle): look for higher priority work on the other pCPUs. */
static Vcpu *
c1_load_balance (DomusCreditModel *self,
                 guint             cpu,
                 Vcpu             *snext)
{
  gint pri = snext != NULL ? snext->pri : CSCHED_PRI_IDLE;
  guint64 workers = self->online & ~self->idlers & ~BIT (cpu);

  if (workers != 0)
    {
      guint first = mask_cycle (self->balance_bias, workers);
      guint peer = first;

      do
        {
          Pcpu *pp = &self->pcpus[peer];

          /* nr_runnable counts the running vCPU too */
          if (pp->rq_len + (pp->curr != NULL ? 1 : 0) > 1)
            {
              Vcpu *speer = c1_runq_steal (self, peer, cpu, pri);

              if (speer != NULL)
                {
                  c1_runq_remove (self, speer);
                  self->balance_bias = peer;
                  return speer;
                }
            }
          peer = mask_cycle (peer, workers);
        }
      while (peer != first);
    }

  if (snext != NULL)
    c1_runq_remove (self, snext);

  return snext;
}

/* csched_schedule() */
void
c1_schedule (DomusCreditModel *self,
             guint             cpu)
{
  Pcpu *pc = &self->pcpus[cpu];
  Vcpu *scurr = pc->curr;
  Vcpu *snext;

  if (scurr != NULL)
    {
      guint64 runtime = self->now - scurr->state_entry;
      gboolean runnable;

      vcpu_charge (self, scurr);
      c1_burn_credits (self, scurr);
      runnable = vcpu_runnable (self, scurr);

      /* Rate limiting: a vCPU that has run less than the ratelimit goes on,
       * for at least CSCHED_MIN_TIMER. */
      if (runnable && runtime < CSCHED_RATELIMIT_NS)
        {
          pcpu_arm (self, cpu, self->now + (runtime < CSCHED_MIN_TIMER_NS
                                            ? CSCHED_MIN_TIMER_NS
                                            : CSCHED_RATELIMIT_NS - runtime));
          return;
        }

      vcpu_stop (self, scurr);
      if (runnable)
        c1_runq_insert (self, scurr);
    }

  snext = pc->rq_head;
  if (snext != NULL && snext->pri > CSCHED_PRI_TS_OVER)
    c1_runq_remove (self, snext);
  else
    snext = c1_load_balance (self, cpu, snext);

  if (snext == NULL)
    {
      self->idlers |= BIT (cpu);
      pcpu_arm (self, cpu, NEVER);
      return;
    }

  self->idlers &= ~BIT (cpu);
  if (snext == scurr)
    {
      /* the same vCPU again: no context switch, state_entry stays */
      pc->curr = scurr;
      scurr->running = TRUE;
    }
  else
    {
      vcpu_start (self, snext, cpu);
    }
  pcpu_arm (self, cpu, self->now + CSCHED_TSLICE_NS + CSCHED_SLICE_DRIFT_NS);
}

/* A running vCPU leaves its pCPU for the one csched_res_pick() chooses
 * (vcpu_migrate() in schedule.c); the move is not a wake-up, so no boost. */
void
c1_migrate_running (DomusCreditModel *self,
                    Vcpu             *v)
{
  v->vpf_migrating = TRUE;
  c1_schedule (self, v->pcpu);
  v->vpf_migrating = FALSE;

  v->pcpu = c1_cpu_pick (self, v);
  v->flag_migrating = TRUE;
  if (vcpu_runnable (self, v))
    c1_wake (self, v, FALSE);
}

/* csched_tick() with csched_unit_acct() for the vCPU running on @cpu. */
static void
c1_tick (DomusCreditModel *self,
         guint             cpu)
{
  Pcpu *pc = &self->pcpus[cpu];
  Vcpu *v = pc->curr;
  guint target = cpu;

  /* A vCPU found running by the tick is no longer boosted. */
  if (v->pri == CSCHED_PRI_TS_BOOST)
    v->pri = CSCHED_PRI_TS_UNDER;

  c1_burn_credits (self, v);

  /* An inactive vCPU that runs becomes active; an active one checks whether
   * an idle pCPU would serve it better. */
  if (!v->active)
    c1_acct_start (self, v);
  else
    target = c1_cpu_pick (self, v);

  if (pc->rq_needs_sort)
    c1_runq_sort (pc);

  if (target != cpu)
    c1_migrate_running (self, v);
}

/* csched_acct(): every 30 ms, share 300 credits per pCPU among the active
 * domains by weight, with the same integer arithmetic as credit.c
 * (including its 32-bit wrap-around with huge weights). One long function
 * on purpose: it follows csched_acct() step by step, so that the two can be
 * read side by side. */
void
c1_acct (DomusCreditModel *self)
{
  guint32 weight_total = self->weight;
  guint32 credit_total = self->credit;
  guint32 weight_left;
  guint32 credit_fair;
  guint32 credit_peak;
  guint32 credit_cap = 0;
  gint credit_balance = 0;
  gboolean credit_xtra = FALSE;
  Domain *sdom, *next_sdom;
  guint cpu;

  /* Converge balance towards 0 when it drops negative */
  if (self->credit_balance < 0)
    credit_total += (guint32) -self->credit_balance;

  if (weight_total == 0)
    {
      self->credit_balance = 0;
      return;
    }

  weight_left = weight_total;
  for (sdom = self->active_sdom; sdom != NULL; sdom = next_sdom)
    {
      guint32 n = sdom->n_active;
      guint32 w = sdom->weight;
      Vcpu *svc, *next_svc;

      next_sdom = sdom->sdom_next;
      weight_left -= w * n;

      /* A domain can use at most its active vCPUs' full slices, more only
       * while the pool-wide balance is negative. */
      credit_peak = n * CSCHED_CREDITS_PER_TSLICE;
      if (self->credit_balance < 0)
        credit_peak += ((guint32) -self->credit_balance * w * n +
                        (weight_total - 1)) / weight_total;

      if (sdom->cap != 0)
        {
          credit_cap = (sdom->cap * CSCHED_CREDITS_PER_TSLICE + 99) / 100;
          if (credit_cap < credit_peak)
            credit_peak = credit_cap;
          credit_cap = (credit_cap + (n - 1)) / n;
        }

      credit_fair = (credit_total * w * n + (weight_total - 1)) / weight_total;

      if (credit_fair < credit_peak)
        {
          credit_xtra = TRUE;
        }
      else
        {
          /* Give other domains a chance at unused credits */
          if (weight_left != 0)
            credit_total += ((credit_fair - credit_peak) * weight_total +
                             (weight_left - 1)) / weight_left;

          /* Keep domains with extra credits at the head of the list */
          if (credit_xtra)
            {
              c1_active_sdom_unlink (self, sdom);
              sdom->sdom_next = self->active_sdom;
              if (self->active_sdom != NULL)
                self->active_sdom->sdom_prev = sdom;
              self->active_sdom = sdom;
            }

          credit_fair = credit_peak;
        }

      /* Compute fair share per vCPU */
      credit_fair = (credit_fair + (n - 1)) / n;

      for (svc = sdom->active_head; svc != NULL; svc = next_svc)
        {
          gint credit;

          next_svc = svc->act_next;
          svc->credit += (gint) credit_fair;
          credit = svc->credit;

          if (credit < 0)
            {
              c1_set_pri (self, svc, CSCHED_PRI_TS_OVER);

              /* Park running vCPUs of capped-out domains */
              if (sdom->cap != 0 && credit < -(gint) credit_cap && !svc->parked)
                {
                  svc->parked = TRUE;
                  vcpu_refresh (self, svc);
                }

              /* Lower bound on credits */
              if (credit < -CSCHED_CREDITS_PER_TSLICE)
                svc->credit = credit = -CSCHED_CREDITS_PER_TSLICE;
            }
          else
            {
              c1_set_pri (self, svc, CSCHED_PRI_TS_UNDER);

              /* Unpark any capped domains whose credits go positive */
              if (svc->parked)
                {
                  svc->parked = FALSE;
                  if (vcpu_runnable (self, svc))
                    c1_wake (self, svc, TRUE);
                }

              /* Upper bound on credits means the vCPU stops earning */
              if (credit > CSCHED_CREDITS_PER_TSLICE)
                {
                  c1_acct_stop (self, svc);
                  credit /= 2;
                  svc->credit = credit;
                }
            }

          credit_balance += credit;
        }
    }

  self->credit_balance = credit_balance;

  /* Inform each CPU that its runq needs to be sorted */
  for (cpu = 0; cpu < self->n_pcpus; cpu++)
    self->pcpus[cpu].rq_needs_sort = TRUE;
}

void
c1_tick_all (DomusCreditModel *self)
{
  guint cpu;

  for (cpu = 0; cpu < self->n_pcpus; cpu++)
    if (self->pcpus[cpu].curr != NULL)
      c1_tick (self, cpu);
}
