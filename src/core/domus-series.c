/* domus-series.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-series"

#include "config.h"

#include <math.h>
#include <string.h>

#include "domus-series.h"

typedef struct
{
  double  max;
  guint   bits;
  gboolean log;   /* codes on a log scale of 1 + value: rates over many decades */
  guint8 *data;   /* capacity × bits/8 bytes, allocated at the first push;
                   * the top code means "no data" */
} Channel;

struct _DomusSeries
{
  GObject        parent_instance;
  DomusTimeline *timeline;
  Channel       *channels;
  guint          n_channels;
  guint          capacity;
  guint          n_samples;
  guint64        last_tick;
};

enum {
  SAMPLE_ADDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DomusSeries, domus_series, G_TYPE_OBJECT)

#define NO_DATA_8  G_MAXUINT8
#define NO_DATA_16 G_MAXUINT16

/* Allocated once, at its final size: resizing thousands of small buffers
 * would leave the heap fragmented. */
static void
channel_allocate (Channel *channel,
                  guint    capacity)
{
  gsize size = (gsize) capacity * (channel->bits / 8);

  channel->data = g_malloc (size);
  memset (channel->data, 0xff, size);
}

static void
channel_store (Channel *channel,
               guint    slot,
               double   value)
{
  guint top = channel->bits == 8 ? NO_DATA_8 : NO_DATA_16;
  guint code;

  if (isnan (value))
    code = top;
  else if (channel->log)
    code = (guint) lround (CLAMP (log1p (MAX (value, 0.0)) / log1p (channel->max), 0.0, 1.0) * (top - 1));
  else
    code = (guint) lround (CLAMP (value / channel->max, 0.0, 1.0) * (top - 1));

  if (channel->bits == 8)
    channel->data[slot] = code;
  else
    ((guint16 *) channel->data)[slot] = code;
}

static double
channel_load (const Channel *channel,
              guint          slot)
{
  guint top = channel->bits == 8 ? NO_DATA_8 : NO_DATA_16;
  guint code;

  if (channel->data == NULL)
    return NAN;

  code = channel->bits == 8 ? channel->data[slot] : ((guint16 *) channel->data)[slot];
  if (code == top)
    return NAN;
  if (channel->log)
    return expm1 (code * log1p (channel->max) / (top - 1));
  return code * channel->max / (top - 1);
}

static void
domus_series_finalize (GObject *object)
{
  DomusSeries *self = DOMUS_SERIES (object);

  for (guint i = 0; i < self->n_channels; i++)
    g_free (self->channels[i].data);
  g_free (self->channels);
  g_clear_object (&self->timeline);

  G_OBJECT_CLASS (domus_series_parent_class)->finalize (object);
}

static void
domus_series_class_init (DomusSeriesClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = domus_series_finalize;

  /**
   * DomusSeries::sample-added:
   *
   * Emitted after each push, once every channel holds the new sample.
   */
  signals[SAMPLE_ADDED] =
    g_signal_new ("sample-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
domus_series_init (DomusSeries *self)
{
}

DomusSeries *
domus_series_new (DomusTimeline *timeline,
                  guint          n_channels)
{
  DomusSeries *self;

  g_return_val_if_fail (DOMUS_IS_TIMELINE (timeline), NULL);
  g_return_val_if_fail (n_channels > 0, NULL);

  self = g_object_new (DOMUS_TYPE_SERIES, NULL);
  self->timeline = g_object_ref (timeline);
  self->capacity = domus_timeline_get_capacity (timeline);
  self->n_channels = n_channels;
  self->channels = g_new0 (Channel, n_channels);
  for (guint i = 0; i < n_channels; i++)
    {
      self->channels[i].max = 100.0;
      self->channels[i].bits = 16;
    }
  return self;
}

DomusTimeline *
domus_series_get_timeline (DomusSeries *self)
{
  g_return_val_if_fail (DOMUS_IS_SERIES (self), NULL);

  return self->timeline;
}

guint
domus_series_get_n_channels (DomusSeries *self)
{
  g_return_val_if_fail (DOMUS_IS_SERIES (self), 0);

  return self->n_channels;
}

void
domus_series_set_channel (DomusSeries *self,
                          guint        channel,
                          double       max,
                          guint        bits)
{
  Channel *c;

  g_return_if_fail (DOMUS_IS_SERIES (self));
  g_return_if_fail (channel < self->n_channels);
  g_return_if_fail (max > 0);
  g_return_if_fail (bits == 8 || bits == 16);

  c = &self->channels[channel];
  c->bits = bits;
  c->max = max;
  c->log = FALSE;
  g_clear_pointer (&c->data, g_free);
  if (self->n_samples > 0)
    channel_allocate (c, self->capacity);
}

void
domus_series_set_channel_log (DomusSeries *self,
                              guint        channel,
                              double       max)
{
  g_return_if_fail (DOMUS_IS_SERIES (self));
  g_return_if_fail (channel < self->n_channels);

  domus_series_set_channel (self, channel, max, 16);
  self->channels[channel].log = TRUE;
}

double
domus_series_get_channel_max (DomusSeries *self,
                              guint        channel)
{
  g_return_val_if_fail (DOMUS_IS_SERIES (self), 0);
  g_return_val_if_fail (channel < self->n_channels, 0);

  return self->channels[channel].max;
}

void
domus_series_push (DomusSeries  *self,
                   const double *values)
{
  guint64 tick;

  g_return_if_fail (DOMUS_IS_SERIES (self));
  g_return_if_fail (values != NULL);

  tick = domus_timeline_get_tick (self->timeline);
  g_return_if_fail (tick > self->last_tick);

  for (guint i = 0; i < self->n_channels; i++)
    if (self->channels[i].data == NULL)
      channel_allocate (&self->channels[i], self->capacity);

  /* Ticks this series missed (it did not exist, or was not sampled) hold no
   * data; only the slots that are still in the window need clearing. */
  if (self->n_samples > 0)
    {
      guint64 missed = MIN (tick - self->last_tick - 1, self->capacity);

      for (guint64 t = tick - missed; t < tick; t++)
        for (guint i = 0; i < self->n_channels; i++)
          channel_store (&self->channels[i], t % self->capacity, NAN);
      self->n_samples = (guint) MIN ((guint64) self->n_samples + missed + 1, self->capacity);
    }
  else
    self->n_samples = 1;

  for (guint i = 0; i < self->n_channels; i++)
    channel_store (&self->channels[i], tick % self->capacity, values[i]);
  self->last_tick = tick;

  g_signal_emit (self, signals[SAMPLE_ADDED], 0);
}

guint
domus_series_get_n_samples (DomusSeries *self)
{
  g_return_val_if_fail (DOMUS_IS_SERIES (self), 0);

  return self->n_samples;
}

guint64
domus_series_get_last_tick (DomusSeries *self)
{
  g_return_val_if_fail (DOMUS_IS_SERIES (self), 0);

  return self->last_tick;
}

static inline guint64
index_to_tick (DomusSeries *self,
               guint        index)
{
  return self->last_tick - (self->n_samples - 1) + index;
}

double
domus_series_get_value (DomusSeries *self,
                        guint        channel,
                        guint        index)
{
  g_return_val_if_fail (DOMUS_IS_SERIES (self), NAN);
  g_return_val_if_fail (channel < self->n_channels, NAN);

  if (index >= self->n_samples)
    return NAN;

  return channel_load (&self->channels[channel], index_to_tick (self, index) % self->capacity);
}

double
domus_series_get_last (DomusSeries *self,
                       guint        channel)
{
  g_return_val_if_fail (DOMUS_IS_SERIES (self), NAN);

  if (self->n_samples == 0)
    return NAN;
  return domus_series_get_value (self, channel, self->n_samples - 1);
}

gboolean
domus_series_get_time (DomusSeries *self,
                       guint        index,
                       gint64      *time_us)
{
  g_return_val_if_fail (DOMUS_IS_SERIES (self), FALSE);

  if (index >= self->n_samples)
    return FALSE;
  return domus_timeline_lookup (self->timeline, index_to_tick (self, index), time_us);
}

gsize
domus_series_get_memory_size (DomusSeries *self)
{
  gsize size = sizeof *self + self->n_channels * sizeof (Channel);

  g_return_val_if_fail (DOMUS_IS_SERIES (self), 0);

  for (guint i = 0; i < self->n_channels; i++)
    if (self->channels[i].data != NULL)
      size += (gsize) self->capacity * (self->channels[i].bits / 8);
  return size;
}
