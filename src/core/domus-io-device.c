/* domus-io-device.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-io-device"

#include "config.h"

#include <math.h>

#include "domus-enums.h"
#include "domus-io-device.h"

/* The top of the history's log scale, in KiB/s: 1 TiB/s. */
#define SERIES_MAX_KIB_S (1024.0 * 1024.0 * 1024.0)

struct _DomusIoDevice
{
  GObject      parent_instance;

  DomusIoKind  kind;
  guint        id;
  char        *name;
  guint64      totals[DOMUS_IO_N_COUNTERS];
  double       rates[DOMUS_IO_N_COUNTERS];
  gboolean     has_rates;
  DomusSeries *series;
};

enum {
  PROP_0,
  PROP_KIND,
  PROP_ID,
  PROP_NAME,
  PROP_SERIES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (DomusIoDevice, domus_io_device, G_TYPE_OBJECT)

static void
domus_io_device_finalize (GObject *object)
{
  DomusIoDevice *self = DOMUS_IO_DEVICE (object);

  g_free (self->name);
  g_clear_object (&self->series);

  G_OBJECT_CLASS (domus_io_device_parent_class)->finalize (object);
}

static void
domus_io_device_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  DomusIoDevice *self = DOMUS_IO_DEVICE (object);

  switch (prop_id)
    {
    case PROP_KIND: g_value_set_enum (value, self->kind); break;
    case PROP_ID: g_value_set_uint (value, self->id); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_SERIES: g_value_set_object (value, self->series); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
domus_io_device_class_init (DomusIoDeviceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = domus_io_device_finalize;
  object_class->get_property = domus_io_device_get_property;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, DOMUS_TYPE_IO_KIND, DOMUS_IO_KIND_NET, flags);
  properties[PROP_ID] = g_param_spec_uint ("id", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_SERIES] = g_param_spec_object ("series", NULL, NULL, DOMUS_TYPE_SERIES, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
domus_io_device_init (DomusIoDevice *self)
{
}

DomusIoDevice *
_domus_io_device_new (const DomusIoSample *sample,
                      DomusTimeline       *timeline)
{
  DomusIoDevice *self = g_object_new (DOMUS_TYPE_IO_DEVICE, NULL);

  self->kind = sample->kind;
  self->id = sample->id;
  self->name = domus_io_device_name (sample->kind, sample->id);
  self->series = domus_series_new (timeline, DOMUS_IO_DEVICE_N_SERIES);
  for (guint i = 0; i < DOMUS_IO_DEVICE_N_SERIES; i++)
    domus_series_set_channel_log (self->series, i, SERIES_MAX_KIB_S);
  return self;
}

void
_domus_io_device_update (DomusIoDevice       *self,
                         const DomusIoSample *sample,
                         gint64               elapsed_us)
{
  guint n = domus_io_kind_n_counters (self->kind);
  double row[DOMUS_IO_DEVICE_N_SERIES] = { NAN, NAN };

  g_return_if_fail (DOMUS_IS_IO_DEVICE (self));
  g_return_if_fail (sample->kind == self->kind && sample->id == self->id);

  self->has_rates = elapsed_us > 0;
  for (guint i = 0; i < n; i++)
    {
      self->rates[i] = self->has_rates
                       ? domus_io_counter_delta (sample->counters[i], self->totals[i]) * 1e6 / elapsed_us
                       : 0.0;
      self->totals[i] = sample->counters[i];
    }

  if (elapsed_us < 0)
    return;
  if (self->has_rates && self->kind == DOMUS_IO_KIND_NET)
    {
      row[DOMUS_IO_DEVICE_SERIES_IN] = self->rates[DOMUS_IO_NET_RX_BYTES] / 1024.0;
      row[DOMUS_IO_DEVICE_SERIES_OUT] = self->rates[DOMUS_IO_NET_TX_BYTES] / 1024.0;
    }
  else if (self->has_rates)
    {
      row[DOMUS_IO_DEVICE_SERIES_IN] = self->rates[DOMUS_IO_DISK_READ_SECTORS] * DOMUS_IO_SECTOR_BYTES / 1024.0;
      row[DOMUS_IO_DEVICE_SERIES_OUT] = self->rates[DOMUS_IO_DISK_WRITE_SECTORS] * DOMUS_IO_SECTOR_BYTES / 1024.0;
    }
  domus_series_push (self->series, row);
}

DomusIoKind
domus_io_device_get_kind (DomusIoDevice *self)
{
  g_return_val_if_fail (DOMUS_IS_IO_DEVICE (self), DOMUS_IO_KIND_NET);
  return self->kind;
}

guint
domus_io_device_get_id (DomusIoDevice *self)
{
  g_return_val_if_fail (DOMUS_IS_IO_DEVICE (self), 0);
  return self->id;
}

const char *
domus_io_device_get_name (DomusIoDevice *self)
{
  g_return_val_if_fail (DOMUS_IS_IO_DEVICE (self), NULL);
  return self->name;
}

guint64
domus_io_device_get_total (DomusIoDevice *self,
                           guint          counter)
{
  g_return_val_if_fail (DOMUS_IS_IO_DEVICE (self), 0);
  g_return_val_if_fail (counter < DOMUS_IO_N_COUNTERS, 0);
  return self->totals[counter];
}

double
domus_io_device_get_rate (DomusIoDevice *self,
                          guint          counter)
{
  g_return_val_if_fail (DOMUS_IS_IO_DEVICE (self), 0);
  g_return_val_if_fail (counter < DOMUS_IO_N_COUNTERS, 0);
  return self->rates[counter];
}

gboolean
domus_io_device_has_rates (DomusIoDevice *self)
{
  g_return_val_if_fail (DOMUS_IS_IO_DEVICE (self), FALSE);
  return self->has_rates;
}

DomusSeries *
domus_io_device_get_series (DomusIoDevice *self)
{
  g_return_val_if_fail (DOMUS_IS_IO_DEVICE (self), NULL);
  return self->series;
}
