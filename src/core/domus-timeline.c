/* domus-timeline.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-timeline"

#include "config.h"

#include "domus-timeline.h"

struct _DomusTimeline
{
  GObject  parent_instance;
  gint64  *times;
  guint    capacity;
  guint64  tick;
};

G_DEFINE_FINAL_TYPE (DomusTimeline, domus_timeline, G_TYPE_OBJECT)

static void
domus_timeline_finalize (GObject *object)
{
  DomusTimeline *self = DOMUS_TIMELINE (object);

  g_free (self->times);

  G_OBJECT_CLASS (domus_timeline_parent_class)->finalize (object);
}

static void
domus_timeline_class_init (DomusTimelineClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = domus_timeline_finalize;
}

static void
domus_timeline_init (DomusTimeline *self)
{
}

DomusTimeline *
domus_timeline_new (guint capacity)
{
  DomusTimeline *self;

  g_return_val_if_fail (capacity > 0, NULL);

  self = g_object_new (DOMUS_TYPE_TIMELINE, NULL);
  self->capacity = capacity;
  self->times = g_new0 (gint64, capacity);
  return self;
}

guint
domus_timeline_get_capacity (DomusTimeline *self)
{
  g_return_val_if_fail (DOMUS_IS_TIMELINE (self), 0);

  return self->capacity;
}

guint64
domus_timeline_push (DomusTimeline *self,
                     gint64         time_us)
{
  g_return_val_if_fail (DOMUS_IS_TIMELINE (self), 0);

  self->tick++;
  self->times[self->tick % self->capacity] = time_us;
  return self->tick;
}

guint64
domus_timeline_get_tick (DomusTimeline *self)
{
  g_return_val_if_fail (DOMUS_IS_TIMELINE (self), 0);

  return self->tick;
}

gboolean
domus_timeline_lookup (DomusTimeline *self,
                       guint64        tick,
                       gint64        *time_us)
{
  g_return_val_if_fail (DOMUS_IS_TIMELINE (self), FALSE);

  if (tick == 0 || tick > self->tick || self->tick - tick >= self->capacity)
    return FALSE;

  *time_us = self->times[tick % self->capacity];
  return TRUE;
}
