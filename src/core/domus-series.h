/* domus-series.h: a fixed-size history of samples in several channels
 *
 * A ring buffer for the charts: a domain keeps its CPU%, memory and per-vCPU
 * CPU% in one series on its host's timeline. Values live in [0, max] of their
 * channel and are stored quantized to 8 or 16 bits, so an hour of history
 * for a thousand 8-vCPU domains fits in a few tens of megabytes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "domus-timeline.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_SERIES (domus_series_get_type ())
G_DECLARE_FINAL_TYPE (DomusSeries, domus_series, DOMUS, SERIES, GObject)

DomusSeries   *domus_series_new              (DomusTimeline *timeline,
                                              guint          n_channels);
DomusTimeline *domus_series_get_timeline     (DomusSeries   *self);
guint          domus_series_get_n_channels   (DomusSeries   *self);
/* @bits is 8 or 16; a channel defaults to [0, 100] in 16 bits. Clears the channel. */
void           domus_series_set_channel      (DomusSeries   *self,
                                              guint          channel,
                                              double         max,
                                              guint          bits);
/* A 16-bit channel for rates that span decades (bytes per second): values
 * in [0, @max] kept to about 0.05 % of themselves, 0 exactly. */
void           domus_series_set_channel_log  (DomusSeries   *self,
                                              guint          channel,
                                              double         max);
double         domus_series_get_channel_max  (DomusSeries   *self,
                                              guint          channel);
/* Records @values (one per channel, NAN for none) at the timeline's tick. */
void           domus_series_push             (DomusSeries   *self,
                                              const double  *values);
guint          domus_series_get_n_samples    (DomusSeries   *self);
guint64        domus_series_get_last_tick    (DomusSeries   *self);
/* @index counts from the oldest held sample; NAN where there is no data. */
double         domus_series_get_value        (DomusSeries   *self,
                                              guint          channel,
                                              guint          index);
double         domus_series_get_last         (DomusSeries   *self,
                                              guint          channel);
gboolean       domus_series_get_time         (DomusSeries   *self,
                                              guint          index,
                                              gint64        *time_us);
gsize          domus_series_get_memory_size  (DomusSeries   *self);

G_END_DECLS
