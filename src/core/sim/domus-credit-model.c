/* domus-credit-model.c: a model of Xen's credit and credit2 schedulers
 *
 * How the model runs
 * ==================
 *
 * Time is counted in simulated nanoseconds and the model is event driven: it
 * jumps from one event to the next and never walks through time in which
 * nothing changes. Between two events every running vCPU simply keeps its
 * pCPU, so the cost is per event, not per simulated microsecond. The events:
 *
 *  - credit1: the 10 ms tick of every busy pCPU (csched_tick()) and the 30 ms
 *    accounting (csched_acct()); credit2: the 10 ms cap budget replenishment;
 *  - a pCPU's next scheduling decision: the end of its time slice or rate
 *    limit, the instant its vCPU blocks, or a tickle (an IPI in Xen);
 *  - the wake-up of a BURSTY vCPU blocked until its next period (a binary
 *    heap of timers). A BURSTY vCPU that is queued, running or paused when
 *    a period starts needs no event: its demand is brought up to date when
 *    it is next looked at.
 *
 * Events due at the same instant run in a fixed order (accounting, ticks,
 * wake-ups by vCPU creation order, then pCPUs by index), so the same seed
 * and the same calls always give the same result, however advance() is
 * chunked. Nothing is allocated per event: arrays only grow to their
 * high-water mark.
 *
 * Credit1 follows xen/common/sched/credit.c (Xen 4.17) function by function:
 * the c1_* functions (domus-credit-model-credit1.c) name the function they
 * model. The host is one socket of single-thread cores, so
 * _csched_cpu_pick() reduces to "the first idle pCPU after this one",
 * there is no soft affinity and vcpu_migration_delay is 0. Ticks of busy
 * pCPUs land on the 10 ms grid (csched_schedule() re-arms an idle pCPU's
 * ticker that way); the master accounting timer runs half a tick out of
 * phase with them, as its phase is set at boot.
 *
 * Phases. What credit1 gives CPU-bound vCPUs of unequal weights depends on
 * where the 30 ms slices fall against the ticks and the accounting:
 * csched_acct() sees the running vCPU's credit as of its last tick, so
 * when the accounting comes early in a slice a light vCPU that has just
 * started still looks UNDER, keeps its priority at the end of the slice
 * and runs a second one; it then sinks below −300 and is clipped there,
 * while the heavy one, not yet charged for its own new slice, passes 300
 * and has its credit halved. Locked in such a phase, 768 : 256 comes out
 * at 71.4 : 28.6, in a good one at 75 : 25. On a real host the phases do
 * not stay put: every timer is re-armed from NOW() when its handler runs
 * (set_timer (..., NOW () + ...) in csched_tick(), csched_acct() and
 * schedule()), so each drifts by its own latency and the split a run
 * measures is an average over phases: Xen 4.17 under QEMU gave 768 : 256
 * 74.8 to 75.0 : 25 and 4096 : 256 92.1 to 93.0 : 7 to 8. Here the slices
 * drift by CSCHED_SLICE_DRIFT_NS against the ticks and the accounting,
 * fast enough to visit every phase within about a simulated second, and
 * the model gives that average, 73.4 : 26.6 and 93.4 : 6.6. Without the
 * drift a slice started on a tick stayed locked in the worst phase for
 * ever, and every weight ratio came out compressed towards equal shares.
 *
 * Credit2 is an approximation of credit2.c: one runqueue for all pCPUs, ns
 * credit burnt at Δt × max_weight / weight down to CSCHED2_CREDIT_MIN, a
 * reset (+10 ms, +20 ms for a vCPU at the floor, clipped to 10.5 ms) when
 * neither the chosen vCPU nor the head of the runqueue has credit left,
 * runtime until the next waiting vCPU would be ahead, 1 ms rate limit,
 * migration resistance, and caps as per-domain budgets of cap% × 10 ms
 * replenished every 10 ms.
 *
 * A BURSTY vCPU wants duty × period of CPU per period: it wakes at the start
 * of each period (at a phase drawn from the model's GRand) and blocks once
 * it has run that long. Demand not served by the end of the period is
 * dropped, so alone on a pCPU it is runnable for duty × period and then
 * blocked for the rest of the period.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-credit-model"

#include "config.h"

#include "domus-credit-model-private.h"

G_DEFINE_FINAL_TYPE (DomusCreditModel, domus_credit_model, G_TYPE_OBJECT)

/* --- vCPU state shared by both schedulers -------------------------------- */

/* BURSTY demand is brought up to date lazily: a vCPU that is queued or
 * paused when a period starts needs no event, its work_left is simply
 * stale. This is what it wants at now. */
static guint64
vcpu_live_work_left (const DomusCreditModel *self,
                     const Vcpu             *v)
{
  guint64 last_start;

  if (self->now < v->next_period)
    return v->running ? v->work_left - MIN (v->work_left, self->now - v->run_start)
                      : v->work_left;

  /* A new period started since; a running vCPU ran through its start. */
  if (!v->running)
    return v->work_per_period;
  last_start = self->now - (self->now - v->next_period) % v->period_ns;
  return v->work_per_period - MIN (v->work_per_period, self->now - last_start);
}

/* Stores what vcpu_live_work_left() computes; a running vCPU must then have
 * run_start moved to now. */
static void
vcpu_sync_work (DomusCreditModel *self,
                Vcpu             *v)
{
  if (v->workload.kind != DOMUS_WORKLOAD_BURSTY)
    return;
  v->work_left = vcpu_live_work_left (self, v);
  if (self->now >= v->next_period)
    v->next_period += ((self->now - v->next_period) / v->period_ns + 1) * v->period_ns;
}

/* Whether the guest has work for the vCPU (it is not blocked). */
static gboolean
vcpu_wants_cpu (const DomusCreditModel *self,
                const Vcpu             *v)
{
  switch (v->workload.kind)
    {
    case DOMUS_WORKLOAD_CPU:
      return TRUE;
    case DOMUS_WORKLOAD_BURSTY:
      return vcpu_live_work_left (self, v) > 0;
    case DOMUS_WORKLOAD_IDLE:
    default:
      return FALSE;
    }
}

/* unit_runnable(): what Xen checks before running a vCPU. */
gboolean
vcpu_runnable (const DomusCreditModel *self,
               const Vcpu             *v)
{
  return v->online && !v->dom->paused && !v->parked && !v->vpf_migrating &&
         vcpu_wants_cpu (self, v);
}

/* Adds the time run since run_start to the vCPU, its pCPU and its burst. */
void
vcpu_charge (DomusCreditModel *self,
             Vcpu             *v)
{
  guint64 ran = self->now - v->run_start;

  v->time += ran;
  self->pcpus[v->pcpu].busy += ran;
  vcpu_sync_work (self, v);
  v->run_start = self->now;
}

static guint64
pcpu_min (DomusCreditModel *self)
{
  guint cpu;

  if (!self->pcpu_min_dirty)
    return self->pcpu_min;

  self->pcpu_min = NEVER;
  self->pcpu_min_cpu = 0;
  for (cpu = 0; cpu < self->n_pcpus; cpu++)
    if (self->pcpus[cpu].next_event < self->pcpu_min)
      {
        self->pcpu_min = self->pcpus[cpu].next_event;
        self->pcpu_min_cpu = cpu;
      }
  self->pcpu_min_dirty = FALSE;

  return self->pcpu_min;
}

/* Recomputes when @cpu next needs the scheduler. */
static void
pcpu_update (DomusCreditModel *self,
             guint             cpu)
{
  Pcpu *pc = &self->pcpus[cpu];
  guint64 next = pc->slice_end;

  if (pc->curr != NULL && pc->curr->workload.kind == DOMUS_WORKLOAD_BURSTY)
    {
      Vcpu *v = pc->curr;

      /* It blocks when its work is done, unless a new period starts first
       * (then once it has done that period's work, if that is less than
       * the whole period). */
      if (v->run_start + v->work_left < v->next_period)
        next = MIN (next, v->run_start + v->work_left);
      else if (v->work_per_period < v->period_ns)
        next = MIN (next, v->next_period + v->work_per_period);
    }
  pc->next_event = next;

  if (self->pcpu_min_dirty)
    return;
  if (cpu == self->pcpu_min_cpu)
    {
      if (next <= self->pcpu_min)
        self->pcpu_min = next;
      else
        self->pcpu_min_dirty = TRUE;
    }
  else if (next < self->pcpu_min ||
           (next == self->pcpu_min && cpu < self->pcpu_min_cpu))
    {
      self->pcpu_min = next;
      self->pcpu_min_cpu = cpu;
    }
}

/* Sets the pCPU's scheduling timer; @when == now is a tickle. */
void
pcpu_arm (DomusCreditModel *self,
          guint             cpu,
          guint64           when)
{
  self->pcpus[cpu].slice_end = when;
  pcpu_update (self, cpu);
}

/* Context switch to @v on @cpu. */
void
vcpu_start (DomusCreditModel *self,
            Vcpu             *v,
            guint             cpu)
{
  vcpu_sync_work (self, v);
  self->pcpus[cpu].curr = v;
  v->pcpu = cpu;
  v->running = TRUE;
  v->run_start = self->now;
  v->state_entry = self->now;
  v->burn_from = self->now;
}

/* A BURSTY vCPU that has done its period's work sleeps until the next
 * period; the timer heap wakes it. */
static void
vcpu_arm_timer_if_done (DomusCreditModel *self,
                        Vcpu             *v)
{
  if (v->workload.kind == DOMUS_WORKLOAD_BURSTY && !v->running && v->work_left == 0)
    heap_push (&self->timers, v, v->next_period, v->uid);
}

/* Context switch away from the running @v. */
void
vcpu_stop (DomusCreditModel *self,
           Vcpu             *v)
{
  vcpu_charge (self, v);
  self->pcpus[v->pcpu].curr = NULL;
  v->running = FALSE;
  vcpu_arm_timer_if_done (self, v);
}

/* --- Dispatch and the event loop ----------------------------------------- */

static void
vcpu_wake (DomusCreditModel *self,
           Vcpu             *v)
{
  if (self->scheduler == DOMUS_SCHEDULER_CREDIT2)
    c2_wake (self, v);
  else
    c1_wake (self, v, FALSE);
}

static void
runq_remove (DomusCreditModel *self,
             Vcpu             *v)
{
  if (self->scheduler == DOMUS_SCHEDULER_CREDIT2)
    c2_runq_remove (self, v);
  else
    c1_runq_remove (self, v);
}

static void
pcpu_schedule (DomusCreditModel *self,
               guint             cpu)
{
  if (self->scheduler == DOMUS_SCHEDULER_CREDIT2)
    c2_schedule (self, cpu);
  else
    c1_schedule (self, cpu);
}

/* After anything that may change whether @v can run: wake it, or take it
 * off its runqueue, or make its pCPU reschedule (csched_unit_sleep()). */
void
vcpu_refresh (DomusCreditModel *self,
              Vcpu             *v)
{
  gboolean runnable = vcpu_runnable (self, v);

  if (v->running)
    {
      if (!runnable)
        pcpu_arm (self, v->pcpu, self->now);
    }
  else if (v->queued)
    {
      if (!runnable)
        runq_remove (self, v);
    }
  else if (runnable)
    {
      vcpu_wake (self, v);
    }
}

/* Credit1: a removed vCPU is no longer active (csched_unit_remove()). A
 * paused, offline or blocked one stays active, as in Xen: it goes on
 * earning its share until csched_acct() finds it above 300 credits. */
static void
vcpu_deactivate (DomusCreditModel *self,
                 Vcpu             *v)
{
  if (v->active)
    c1_acct_stop (self, v);
}

/* An entry whose vCPU was woken otherwise or got a new workload is stale;
 * stale entries are dropped when they come up. */
static gboolean
timer_is_current (const HeapEntry *e)
{
  const Vcpu *v = e->v;

  return v->workload.kind == DOMUS_WORKLOAD_BURSTY && e->key == v->next_period &&
         !v->running && v->work_left == 0;
}

static guint64
timers_next (DomusCreditModel *self)
{
  while (self->timers.len > 0 && !timer_is_current (&self->timers.items[0]))
    heap_remove_at (&self->timers, 0);

  return self->timers.len > 0 ? self->timers.items[0].key : NEVER;
}

/* A BURSTY vCPU that was done starts a new period: it wants its duty of
 * CPU again. */
static void
timers_fire (DomusCreditModel *self)
{
  Vcpu *v = self->timers.items[0].v;

  heap_remove_at (&self->timers, 0);
  vcpu_sync_work (self, v);
  vcpu_refresh (self, v);
}

static void
run_until (DomusCreditModel *self,
           guint64           end)
{
  gboolean credit2 = self->scheduler == DOMUS_SCHEDULER_CREDIT2;

  for (;;)
    {
      guint64 t_pcpu = pcpu_min (self);
      guint64 t_timer = timers_next (self);
      guint64 t_sched = !credit2 ? MIN (self->next_acct, self->next_tick)
                        : self->n_capped > 0 ? self->next_repl : NEVER;
      guint64 t = MIN (MIN (t_pcpu, t_timer), t_sched);

      if (t > end)
        break;
      self->now = t;

      if (credit2 && t == t_sched)
        {
          self->next_repl += CSCHED2_BDGT_REPL_PERIOD;
          c2_replenish (self);
        }
      else if (!credit2 && t == self->next_acct)
        {
          self->next_acct += CSCHED_TSLICE_NS;
          c1_acct (self);
        }
      else if (!credit2 && t == self->next_tick)
        {
          self->next_tick += CSCHED_TICK_NS;
          c1_tick_all (self);
        }
      else if (t == t_timer)
        {
          timers_fire (self);
        }
      else
        {
          pcpu_schedule (self, self->pcpu_min_cpu);
        }
    }

  self->now = end;
}

/* --- GObject ------------------------------------------------------------- */

static void
domain_free (gpointer data)
{
  Domain *d = data;

  g_free (d->vcpus);
  g_free (d);
}

static void
domus_credit_model_finalize (GObject *object)
{
  DomusCreditModel *self = (DomusCreditModel *)object;

  g_clear_pointer (&self->domains, g_hash_table_unref);
  g_clear_pointer (&self->classes, g_ptr_array_unref);
  g_clear_pointer (&self->timers.items, g_free);
  g_clear_pointer (&self->rand, g_rand_free);

  G_OBJECT_CLASS (domus_credit_model_parent_class)->finalize (object);
}

static void
domus_credit_model_class_init (DomusCreditModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = domus_credit_model_finalize;
}

static void
set_n_pcpus (DomusCreditModel *self,
             guint             n_pcpus)
{
  self->n_pcpus = n_pcpus;
  self->online = n_pcpus == 64 ? G_MAXUINT64 : BIT (n_pcpus) - 1;
  self->idlers = self->online;
  self->credit = CSCHED_CREDITS_PER_TSLICE * n_pcpus;
}

/* A credit1 host of one pCPU, seed 0, until domus_credit_model_new() says
 * otherwise. */
static void
domus_credit_model_init (DomusCreditModel *self)
{
  guint cpu;

  self->scheduler = DOMUS_SCHEDULER_CREDIT;
  set_n_pcpus (self, 1);
  self->rand = g_rand_new_with_seed (0);
  self->domains = g_hash_table_new_full (NULL, NULL, NULL, domain_free);
  self->classes = g_ptr_array_new_with_free_func (aff_class_free);
  for (cpu = 0; cpu < DOMUS_CREDIT_MODEL_MAX_PCPUS; cpu++)
    {
      self->pcpus[cpu].slice_end = NEVER;
      self->pcpus[cpu].next_event = NEVER;
    }
  self->pcpu_min = NEVER;
  self->next_tick = CSCHED_TICK_NS;
  self->next_acct = CSCHED_TSLICE_NS + CSCHED_ACCT_PHASE_NS;
  self->max_weight = 1;
}

/* --- Public API ---------------------------------------------------------- */

static Domain *
lookup_domain (DomusCreditModel *self,
               guint             domid)
{
  return g_hash_table_lookup (self->domains, GUINT_TO_POINTER (domid));
}

static Vcpu *
lookup_vcpu (DomusCreditModel *self,
             guint             domid,
             guint             vcpu)
{
  Domain *d = lookup_domain (self, domid);

  if (d == NULL || vcpu >= d->n_vcpus)
    return NULL;
  return &d->vcpus[vcpu];
}

DomusCreditModel *
domus_credit_model_new (DomusScheduler scheduler,
                        guint          n_pcpus,
                        guint64        seed)
{
  DomusCreditModel *self;
  guint32 seed_words[2] = { (guint32) seed, (guint32) (seed >> 32) };

  g_return_val_if_fail (scheduler == DOMUS_SCHEDULER_CREDIT ||
                        scheduler == DOMUS_SCHEDULER_CREDIT2, NULL);
  g_return_val_if_fail (n_pcpus >= 1 && n_pcpus <= DOMUS_CREDIT_MODEL_MAX_PCPUS, NULL);

  self = g_object_new (DOMUS_TYPE_CREDIT_MODEL, NULL);
  self->scheduler = scheduler;
  set_n_pcpus (self, n_pcpus);
  g_rand_set_seed_array (self->rand, seed_words, G_N_ELEMENTS (seed_words));

  return self;
}

DomusCreditModel *
domus_credit_model_new_for_pcpus (DomusScheduler scheduler,
                                  guint          n_pcpus,
                                  guint64        pcpus,
                                  guint64        seed)
{
  DomusCreditModel *self = domus_credit_model_new (scheduler, n_pcpus, seed);

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail ((pcpus & self->online) != 0, self);

  /* A cpupool's scheduler: the credit it hands out, the pCPUs it picks
   * and steals from are the pool's (credit.c's prv->ncpus, cpupool's
   * cpu_valid); the other pCPUs stay idle for it. */
  self->online &= pcpus;
  self->idlers = self->online;
  self->credit = CSCHED_CREDITS_PER_TSLICE * (guint32) __builtin_popcountll (self->online);
  return self;
}

guint64
domus_credit_model_get_pcpus (DomusCreditModel *self)
{
  g_return_val_if_fail (DOMUS_IS_CREDIT_MODEL (self), 0);

  return self->online;
}

/* sched_move_domain(): the domain leaves @self for @to with its settings,
 * states and workloads; its times stay behind (the caller adds them up).
 * Xen resets a moved domain's affinity to all; a pool whose pCPUs change
 * keeps it where it still names some. */
void
domus_credit_model_move_domain (DomusCreditModel *self,
                                DomusCreditModel *to,
                                guint             domid,
                                gboolean          keep_affinity)
{
  Domain *d;
  guint n_online = 0;

  g_return_if_fail (DOMUS_IS_CREDIT_MODEL (self));
  g_return_if_fail (DOMUS_IS_CREDIT_MODEL (to));
  g_return_if_fail ((d = lookup_domain (self, domid)) != NULL);

  domus_credit_model_add_domain (to, domid, d->n_vcpus, d->weight, d->cap);
  for (guint i = 0; i < d->n_vcpus; i++)
    {
      Vcpu *v = &d->vcpus[i];

      if (v->online)
        n_online = i + 1;
      if (keep_affinity && (v->affinity & to->online) != 0)
        domus_credit_model_set_affinity (to, domid, i, v->affinity);
      domus_credit_model_set_workload (to, domid, i, &v->workload);
    }
  domus_credit_model_set_vcpus_online (to, domid, n_online);
  domus_credit_model_set_paused (to, domid, d->paused);
  domus_credit_model_remove_domain (self, domid);
}

DomusScheduler
domus_credit_model_get_scheduler (DomusCreditModel *self)
{
  g_return_val_if_fail (DOMUS_IS_CREDIT_MODEL (self), DOMUS_SCHEDULER_CREDIT);

  return self->scheduler;
}

guint
domus_credit_model_get_n_pcpus (DomusCreditModel *self)
{
  g_return_val_if_fail (DOMUS_IS_CREDIT_MODEL (self), 0);

  return self->n_pcpus;
}

guint64
domus_credit_model_get_now (DomusCreditModel *self)
{
  g_return_val_if_fail (DOMUS_IS_CREDIT_MODEL (self), 0);

  return self->now;
}

void
domus_credit_model_advance (DomusCreditModel *self,
                            guint64           ns)
{
  g_return_if_fail (DOMUS_IS_CREDIT_MODEL (self));
  g_return_if_fail (ns <= G_MAXUINT64 - 1 - self->now);

  run_until (self, self->now + ns);
}

void
domus_credit_model_add_domain (DomusCreditModel *self,
                               guint             domid,
                               guint             n_vcpus,
                               guint             weight,
                               guint             cap)
{
  Domain *d;
  guint i;

  g_return_if_fail (DOMUS_IS_CREDIT_MODEL (self));
  g_return_if_fail (lookup_domain (self, domid) == NULL);
  g_return_if_fail (n_vcpus >= 1 && n_vcpus <= G_MAXUINT16);
  g_return_if_fail (weight >= 1 && weight <= G_MAXUINT16);
  g_return_if_fail (cap <= G_MAXUINT16);

  d = g_new0 (Domain, 1);
  d->weight = weight;
  d->cap = cap;
  d->n_vcpus = n_vcpus;
  d->vcpus = g_new0 (Vcpu, n_vcpus);

  d->prev = self->dom_tail;
  if (self->dom_tail != NULL)
    self->dom_tail->next = d;
  else
    self->dom_head = d;
  self->dom_tail = d;
  g_hash_table_insert (self->domains, GUINT_TO_POINTER (domid), d);

  for (i = 0; i < n_vcpus; i++)
    {
      Vcpu *v = &d->vcpus[i];

      v->dom = d;
      v->uid = self->next_uid++;
      v->affinity = self->online;
      v->online = TRUE;
      v->workload.kind = DOMUS_WORKLOAD_IDLE;
      v->c2_heap_pos = NOT_IN_HEAP;
      v->pri = CSCHED_PRI_TS_UNDER;
      v->c2_credit = CSCHED2_CREDIT_INIT;
      v->c2_reset_seen = self->c2_reset_total;

      /* sched_select_initial_cpu(): vCPU 0 on the pool's first pCPU, each
       * next one on the pCPU after its predecessor's. */
      v->pcpu = i == 0 ? (guint) __builtin_ctzll (v->affinity)
                       : mask_cycle (d->vcpus[i - 1].pcpu, v->affinity);

      /* csched_unit_insert() → csched_res_pick(), which flags it migrating */
      if (self->scheduler == DOMUS_SCHEDULER_CREDIT)
        {
          v->pcpu = c1_cpu_pick (self, v);
          v->flag_migrating = TRUE;
        }
    }

  if (self->scheduler == DOMUS_SCHEDULER_CREDIT2)
    {
      self->max_weight = MAX (self->max_weight, weight);
      c2_set_cap (self, d, 0);
    }
}

void
domus_credit_model_remove_domain (DomusCreditModel *self,
                                  guint             domid)
{
  Domain *d;
  guint i;

  g_return_if_fail (DOMUS_IS_CREDIT_MODEL (self));
  d = lookup_domain (self, domid);
  g_return_if_fail (d != NULL);

  /* Take every vCPU off its pCPU and runqueue first. */
  d->paused = TRUE;
  for (i = 0; i < d->n_vcpus; i++)
    vcpu_refresh (self, &d->vcpus[i]);
  run_until (self, self->now);

  for (i = 0; i < d->n_vcpus; i++)
    {
      g_assert (!d->vcpus[i].running && !d->vcpus[i].queued);
      vcpu_deactivate (self, &d->vcpus[i]);
    }

  /* Drop its timers, current or not. */
  for (i = 0; i < self->timers.len;)
    {
      if (self->timers.items[i].v->dom == d)
        self->timers.items[i] = self->timers.items[--self->timers.len];
      else
        i++;
    }
  heap_reorder (&self->timers);

  if (d->prev != NULL)
    d->prev->next = d->next;
  else
    self->dom_head = d->next;
  if (d->next != NULL)
    d->next->prev = d->prev;
  else
    self->dom_tail = d->prev;
  if (self->scheduler == DOMUS_SCHEDULER_CREDIT2 && d->cap != 0)
    self->n_capped--;
  g_hash_table_remove (self->domains, GUINT_TO_POINTER (domid));

  if (self->scheduler == DOMUS_SCHEDULER_CREDIT2)
    c2_update_max_weight (self);
}

gboolean
domus_credit_model_has_domain (DomusCreditModel *self,
                               guint             domid)
{
  g_return_val_if_fail (DOMUS_IS_CREDIT_MODEL (self), FALSE);

  return lookup_domain (self, domid) != NULL;
}

void
domus_credit_model_set_weight (DomusCreditModel *self,
                               guint             domid,
                               guint             weight)
{
  Domain *d;

  g_return_if_fail (DOMUS_IS_CREDIT_MODEL (self));
  g_return_if_fail (weight >= 1 && weight <= G_MAXUINT16);
  d = lookup_domain (self, domid);
  g_return_if_fail (d != NULL);

  /* csched_dom_cntl(): the pool weight follows at once */
  if (d->in_active_sdom)
    {
      self->weight -= d->weight * d->n_active;
      self->weight += weight * d->n_active;
    }
  d->weight = weight;

  if (self->scheduler == DOMUS_SCHEDULER_CREDIT2)
    c2_update_max_weight (self);
}

void
domus_credit_model_set_cap (DomusCreditModel *self,
                            guint             domid,
                            guint             cap)
{
  Domain *d;
  guint old_cap;

  g_return_if_fail (DOMUS_IS_CREDIT_MODEL (self));
  g_return_if_fail (cap <= G_MAXUINT16);
  d = lookup_domain (self, domid);
  g_return_if_fail (d != NULL);

  /* Credit1 applies it at the next accounting. */
  old_cap = d->cap;
  d->cap = cap;
  if (self->scheduler == DOMUS_SCHEDULER_CREDIT2)
    {
      c2_set_cap (self, d, old_cap);
      run_until (self, self->now);
    }
}

void
domus_credit_model_set_paused (DomusCreditModel *self,
                               guint             domid,
                               gboolean          paused)
{
  Domain *d;
  guint i;

  g_return_if_fail (DOMUS_IS_CREDIT_MODEL (self));
  d = lookup_domain (self, domid);
  g_return_if_fail (d != NULL);

  paused = !!paused;
  if (d->paused == paused)
    return;

  d->paused = paused;
  for (i = 0; i < d->n_vcpus; i++)
    vcpu_refresh (self, &d->vcpus[i]);
  run_until (self, self->now);
}

void
domus_credit_model_set_vcpus_online (DomusCreditModel *self,
                                     guint             domid,
                                     guint             n_online)
{
  Domain *d;
  guint i;

  g_return_if_fail (DOMUS_IS_CREDIT_MODEL (self));
  d = lookup_domain (self, domid);
  g_return_if_fail (d != NULL);

  for (i = 0; i < d->n_vcpus; i++)
    {
      Vcpu *v = &d->vcpus[i];
      gboolean online = i < n_online;

      if (v->online == online)
        continue;
      v->online = online;
      vcpu_refresh (self, v);
    }
  run_until (self, self->now);
}

void
domus_credit_model_set_affinity (DomusCreditModel *self,
                                 guint             domid,
                                 guint             vcpu,
                                 guint64           hard_affinity)
{
  Vcpu *v;

  g_return_if_fail (DOMUS_IS_CREDIT_MODEL (self));
  v = lookup_vcpu (self, domid, vcpu);
  g_return_if_fail (v != NULL);

  hard_affinity &= self->online;
  if (hard_affinity == 0 || hard_affinity == v->affinity)
    return;
  v->affinity = hard_affinity;

  if (self->scheduler == DOMUS_SCHEDULER_CREDIT2)
    {
      if (v->running)
        {
          if (!(hard_affinity & BIT (v->pcpu)))
            c2_migrate_running (self, v);
        }
      else
        {
          if (!(hard_affinity & BIT (v->pcpu)))
            v->pcpu = mask_cycle (v->pcpu, hard_affinity);
          /* into the heap of its new affinity */
          if (v->queued)
            {
              c2_runq_remove (self, v);
              c2_wake (self, v);
            }
        }
    }
  else if (!(hard_affinity & BIT (v->pcpu)))
    {
      /* vcpu_migrate(): off a pCPU it may no longer use */
      if (v->running)
        {
          c1_migrate_running (self, v);
        }
      else
        {
          gboolean was_queued = v->queued;

          if (was_queued)
            c1_runq_remove (self, v);
          v->pcpu = c1_cpu_pick (self, v);
          v->flag_migrating = TRUE;
          if (was_queued)
            c1_wake (self, v, FALSE);
        }
    }
  run_until (self, self->now);
}

void
domus_credit_model_set_workload (DomusCreditModel    *self,
                                 guint                domid,
                                 guint                vcpu,
                                 const DomusWorkload *workload)
{
  Vcpu *v;

  g_return_if_fail (DOMUS_IS_CREDIT_MODEL (self));
  g_return_if_fail (workload != NULL);
  g_return_if_fail (workload->kind == DOMUS_WORKLOAD_IDLE ||
                    workload->kind == DOMUS_WORKLOAD_CPU ||
                    workload->kind == DOMUS_WORKLOAD_BURSTY);
  g_return_if_fail (workload->kind != DOMUS_WORKLOAD_BURSTY ||
                    (workload->period_ms > 0 &&
                     workload->duty >= 0.0 && workload->duty <= 1.0));
  v = lookup_vcpu (self, domid, vcpu);
  g_return_if_fail (v != NULL);

  if (v->running)
    vcpu_charge (self, v);
  v->workload = *workload;

  if (workload->kind == DOMUS_WORKLOAD_BURSTY)
    {
      guint64 offset;

      v->period_ns = workload->period_ms * NS_PER_MS;
      v->work_per_period = (guint64) (workload->duty * (gdouble) v->period_ns + 0.5);

      /* Where in its period the vCPU is now: as if it had run alone. */
      offset = (guint64) (g_rand_double (self->rand) * (gdouble) v->period_ns);
      offset = MIN (offset, v->period_ns - 1);
      v->work_left = offset < v->work_per_period ? v->work_per_period - offset : 0;
      v->next_period = self->now + v->period_ns - offset;
      vcpu_arm_timer_if_done (self, v);
    }
  else
    {
      v->work_left = 0;
    }

  if (v->running)
    pcpu_update (self, v->pcpu);
  vcpu_refresh (self, v);
  run_until (self, self->now);
}

guint64
domus_credit_model_get_vcpu_time (DomusCreditModel *self,
                                  guint             domid,
                                  guint             vcpu)
{
  Vcpu *v;

  g_return_val_if_fail (DOMUS_IS_CREDIT_MODEL (self), 0);
  v = lookup_vcpu (self, domid, vcpu);
  g_return_val_if_fail (v != NULL, 0);

  return v->time + (v->running ? self->now - v->run_start : 0);
}

guint64
domus_credit_model_get_domain_time (DomusCreditModel *self,
                                    guint             domid)
{
  guint64 total = 0;
  Domain *d;
  guint i;

  g_return_val_if_fail (DOMUS_IS_CREDIT_MODEL (self), 0);
  d = lookup_domain (self, domid);
  g_return_val_if_fail (d != NULL, 0);

  for (i = 0; i < d->n_vcpus; i++)
    {
      Vcpu *v = &d->vcpus[i];

      total += v->time + (v->running ? self->now - v->run_start : 0);
    }

  return total;
}

guint
domus_credit_model_get_vcpu_pcpu (DomusCreditModel *self,
                                  guint             domid,
                                  guint             vcpu)
{
  Vcpu *v;

  g_return_val_if_fail (DOMUS_IS_CREDIT_MODEL (self), 0);
  v = lookup_vcpu (self, domid, vcpu);
  g_return_val_if_fail (v != NULL, 0);

  return v->pcpu;
}

/* A vCPU parked for its cap is reported RUNNABLE: it wants the CPU and is
 * waiting for credit, as a queued one waits for its turn. */
DomusVcpuState
domus_credit_model_get_vcpu_state (DomusCreditModel *self,
                                   guint             domid,
                                   guint             vcpu)
{
  Vcpu *v;

  g_return_val_if_fail (DOMUS_IS_CREDIT_MODEL (self), DOMUS_VCPU_STATE_OFFLINE);
  v = lookup_vcpu (self, domid, vcpu);
  g_return_val_if_fail (v != NULL, DOMUS_VCPU_STATE_OFFLINE);

  if (!v->online)
    return DOMUS_VCPU_STATE_OFFLINE;
  if (v->dom->paused)
    return DOMUS_VCPU_STATE_PAUSED;
  if (v->running)
    return DOMUS_VCPU_STATE_RUNNING;
  if (v->queued || (v->parked && vcpu_wants_cpu (self, v)))
    return DOMUS_VCPU_STATE_RUNNABLE;
  return DOMUS_VCPU_STATE_BLOCKED;
}

guint64
domus_credit_model_get_vcpu_affinity (DomusCreditModel *self,
                                      guint             domid,
                                      guint             vcpu)
{
  Vcpu *v;

  g_return_val_if_fail (DOMUS_IS_CREDIT_MODEL (self), 0);
  v = lookup_vcpu (self, domid, vcpu);
  g_return_val_if_fail (v != NULL, 0);

  return v->affinity;
}

guint64
domus_credit_model_get_pcpu_busy (DomusCreditModel *self,
                                  guint             pcpu)
{
  Pcpu *pc;

  g_return_val_if_fail (DOMUS_IS_CREDIT_MODEL (self), 0);
  g_return_val_if_fail (pcpu < self->n_pcpus, 0);

  pc = &self->pcpus[pcpu];

  return pc->busy + (pc->curr != NULL ? self->now - pc->curr->run_start : 0);
}
