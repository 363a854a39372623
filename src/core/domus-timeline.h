/* domus-timeline.h: the instants at which a host took its samples
 *
 * Every DomusSeries of a host shares its timeline, so an hour of history
 * stores each timestamp once, not once per domain and vCPU. Samples are
 * numbered by tick, counting from 1; the timeline keeps the times of its
 * last @capacity ticks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "domus-types.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_TIMELINE (domus_timeline_get_type ())
G_DECLARE_FINAL_TYPE (DomusTimeline, domus_timeline, DOMUS, TIMELINE, GObject)

DomusTimeline *domus_timeline_new          (guint          capacity);
guint          domus_timeline_get_capacity (DomusTimeline *self);
/* Records a new sample instant (µs, not before the previous); returns its tick. */
guint64        domus_timeline_push         (DomusTimeline *self,
                                            gint64         time_us);
guint64        domus_timeline_get_tick     (DomusTimeline *self);
/* The time of @tick, if it is still held. */
gboolean       domus_timeline_lookup       (DomusTimeline *self,
                                            guint64        tick,
                                            gint64        *time_us);

G_END_DECLS
