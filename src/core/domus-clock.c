/* domus-clock.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-clock"

#include "config.h"

#include "domus-clock.h"

typedef struct
{
  guint          id;
  gint64         due;
  gint64         interval;
  DomusClockFunc func;
  gpointer       user_data;
  GDestroyNotify notify;
} Timer;

struct _DomusClock
{
  GObject   parent_instance;

  gboolean  is_virtual;
  gboolean  is_manual;
  double    speed;        /* 0: manual */
  gint64    now;          /* virtual µs, moves in steps */
  gint64    anchor_now;   /* virtual µs at anchor_real */
  gint64    anchor_real;  /* monotonic µs */
  GList    *timers;       /* Timer*, sorted by due then id */
  guint     last_id;
  guint     wake_id;      /* main-loop source for scaled clocks */
  guint     firing_id;    /* the timer being dispatched, if any */
  gboolean  firing_removed;
};

G_DEFINE_FINAL_TYPE (DomusClock, domus_clock, G_TYPE_OBJECT)

static void domus_clock_schedule_wake (DomusClock *self);

static void
timer_free (Timer *timer)
{
  if (timer->notify != NULL)
    timer->notify (timer->user_data);
  g_free (timer);
}

static int
timer_compare (gconstpointer a,
               gconstpointer b)
{
  const Timer *ta = a;
  const Timer *tb = b;

  if (ta->due != tb->due)
    return ta->due < tb->due ? -1 : 1;
  return ta->id < tb->id ? -1 : ta->id > tb->id;
}

static void
domus_clock_dispose (GObject *object)
{
  DomusClock *self = DOMUS_CLOCK (object);

  g_clear_handle_id (&self->wake_id, g_source_remove);
  g_list_free_full (g_steal_pointer (&self->timers), (GDestroyNotify) timer_free);

  G_OBJECT_CLASS (domus_clock_parent_class)->dispose (object);
}

static void
domus_clock_class_init (DomusClockClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = domus_clock_dispose;
}

static void
domus_clock_init (DomusClock *self)
{
  self->is_virtual = TRUE;
  self->anchor_real = g_get_monotonic_time ();
}

DomusClock *
domus_clock_new_manual (void)
{
  DomusClock *self = g_object_new (DOMUS_TYPE_CLOCK, NULL);

  self->is_manual = TRUE;
  return self;
}

DomusClock *
domus_clock_new_scaled (double speed)
{
  DomusClock *self = g_object_new (DOMUS_TYPE_CLOCK, NULL);

  domus_clock_set_speed (self, speed);
  return self;
}

DomusClock *
domus_clock_new_wall (void)
{
  DomusClock *self = domus_clock_new_scaled (1.0);

  self->is_virtual = FALSE;
  return self;
}

gboolean
domus_clock_is_virtual (DomusClock *self)
{
  g_return_val_if_fail (DOMUS_IS_CLOCK (self), FALSE);

  return self->is_virtual;
}

gboolean
domus_clock_is_manual (DomusClock *self)
{
  g_return_val_if_fail (DOMUS_IS_CLOCK (self), FALSE);

  return self->is_manual;
}

double
domus_clock_get_speed (DomusClock *self)
{
  g_return_val_if_fail (DOMUS_IS_CLOCK (self), 0);

  return self->speed;
}

/* Where virtual time stands now by the real clock, for scaled clocks. */
static gint64
domus_clock_scaled_now (DomusClock *self)
{
  gint64 real = g_get_monotonic_time ();

  return self->anchor_now + (gint64) ((real - self->anchor_real) * self->speed);
}

void
domus_clock_set_speed (DomusClock *self,
                       double      speed)
{
  g_return_if_fail (DOMUS_IS_CLOCK (self));
  g_return_if_fail (speed >= 0);

  self->anchor_now = self->now;
  self->anchor_real = g_get_monotonic_time ();
  self->speed = speed;
  domus_clock_schedule_wake (self);
}

gint64
domus_clock_get_now (DomusClock *self)
{
  g_return_val_if_fail (DOMUS_IS_CLOCK (self), 0);

  /* Virtual time moves only in steps; the wall clock's is now, to the µs
   * (a lifecycle benchmark on a real host times with it). */
  if (!self->is_virtual)
    return MAX (self->now, domus_clock_scaled_now (self));
  return self->now;
}

/* Fires every timer due at or before @target in order, then sets the time to
 * @target. Timers may add or remove timers, including themselves. */
static void
domus_clock_run_until (DomusClock *self,
                       gint64      target)
{
  g_object_ref (self);

  while (self->timers != NULL)
    {
      Timer *timer = self->timers->data;
      gboolean again;

      if (timer->due > target)
        break;

      self->now = MAX (self->now, timer->due);
      self->firing_id = timer->id;
      self->firing_removed = FALSE;
      again = timer->func (timer->user_data);
      self->firing_id = 0;

      /* The list may have changed under the callback: find the timer again. */
      self->timers = g_list_remove (self->timers, timer);
      if (again && !self->firing_removed)
        {
          timer->due += timer->interval;
          self->timers = g_list_insert_sorted (self->timers, timer, timer_compare);
        }
      else
        timer_free (timer);
    }

  self->now = MAX (self->now, target);
  g_object_unref (self);
}

void
domus_clock_advance (DomusClock *self,
                     gint64      usec)
{
  g_return_if_fail (DOMUS_IS_CLOCK (self));
  g_return_if_fail (usec >= 0);

  domus_clock_run_until (self, self->now + usec);
  self->anchor_now = self->now;
  self->anchor_real = g_get_monotonic_time ();
  domus_clock_schedule_wake (self);
}

static gboolean
domus_clock_wake_cb (gpointer data)
{
  DomusClock *self = data;
  gint64 target;

  self->wake_id = 0;
  target = domus_clock_scaled_now (self);
  if (self->timers != NULL)
    target = MIN (target, ((Timer *) self->timers->data)->due);
  domus_clock_run_until (self, target);
  domus_clock_schedule_wake (self);

  return G_SOURCE_REMOVE;
}

/* A scaled clock sleeps in the main loop until its next timer is due. */
static void
domus_clock_schedule_wake (DomusClock *self)
{
  gint64 due;
  gint64 delay_us;

  g_clear_handle_id (&self->wake_id, g_source_remove);

  if (self->speed <= 0 || self->timers == NULL)
    return;

  due = ((Timer *) self->timers->data)->due;
  delay_us = (gint64) ((due - domus_clock_scaled_now (self)) / self->speed);
  self->wake_id = g_timeout_add_full (G_PRIORITY_DEFAULT,
                                      (guint) CLAMP (delay_us / 1000, 0, G_MAXINT),
                                      domus_clock_wake_cb, self, NULL);
}

guint
domus_clock_add_timer (DomusClock     *self,
                       gint64          interval_usec,
                       DomusClockFunc  func,
                       gpointer        user_data,
                       GDestroyNotify  notify)
{
  Timer *timer;

  g_return_val_if_fail (DOMUS_IS_CLOCK (self), 0);
  g_return_val_if_fail (interval_usec > 0, 0);
  g_return_val_if_fail (func != NULL, 0);

  /* The wall clock's time moves with its timers only: one that had none
   * for a while (a remote host whose agent sent the samples) would take
   * the time of its last timer for now, and fire the new one at once. */
  if (!self->is_virtual && self->timers == NULL)
    self->now = MAX (self->now, domus_clock_scaled_now (self));

  timer = g_new0 (Timer, 1);
  timer->id = ++self->last_id;
  timer->interval = interval_usec;
  timer->due = self->now + interval_usec;
  timer->func = func;
  timer->user_data = user_data;
  timer->notify = notify;
  self->timers = g_list_insert_sorted (self->timers, timer, timer_compare);
  domus_clock_schedule_wake (self);

  return timer->id;
}

static GList *
domus_clock_find_timer (DomusClock *self,
                        guint       id)
{
  for (GList *l = self->timers; l != NULL; l = l->next)
    if (((Timer *) l->data)->id == id)
      return l;
  return NULL;
}

void
domus_clock_set_timer_interval (DomusClock *self,
                                guint       id,
                                gint64      interval_usec)
{
  GList *link;
  Timer *timer;

  g_return_if_fail (DOMUS_IS_CLOCK (self));
  g_return_if_fail (interval_usec > 0);

  if (!(link = domus_clock_find_timer (self, id)))
    return;

  timer = link->data;
  self->timers = g_list_delete_link (self->timers, link);
  timer->interval = interval_usec;
  /* While it fires, the new interval applies from its due time on. */
  if (self->firing_id != id)
    timer->due = self->now + interval_usec;
  else
    timer->due = self->now;
  self->timers = g_list_insert_sorted (self->timers, timer, timer_compare);
  domus_clock_schedule_wake (self);
}

void
domus_clock_remove_timer (DomusClock *self,
                          guint       id)
{
  GList *link;

  g_return_if_fail (DOMUS_IS_CLOCK (self));

  if (id == self->firing_id)
    {
      self->firing_removed = TRUE;
      return;
    }

  if ((link = domus_clock_find_timer (self, id)))
    {
      timer_free (link->data);
      self->timers = g_list_delete_link (self->timers, link);
      domus_clock_schedule_wake (self);
    }
}
