/* domus-io-device.h: one network interface or virtual disk of a domain
 *
 * What xentop shows per device with -n (vif) and -x (vbd): its cumulative
 * counters as the host counts them, their rates per second over the last
 * refresh, and a history of its throughput. A device is updated in place
 * on every refresh; one that goes away leaves its domain's
 * domus_domain_get_io_devices() list.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "domus-host-sample.h"
#include "domus-series.h"

G_BEGIN_DECLS

/* Channels of domus_io_device_get_series(), in KiB/s. */
enum
{
  DOMUS_IO_DEVICE_SERIES_IN,    /* a vif: received; a vbd: read */
  DOMUS_IO_DEVICE_SERIES_OUT,   /* a vif: sent; a vbd: written */
  DOMUS_IO_DEVICE_N_SERIES
};

#define DOMUS_TYPE_IO_DEVICE (domus_io_device_get_type ())
G_DECLARE_FINAL_TYPE (DomusIoDevice, domus_io_device, DOMUS, IO_DEVICE, GObject)

DomusIoKind   domus_io_device_get_kind   (DomusIoDevice *self);
guint         domus_io_device_get_id     (DomusIoDevice *self);
/* "vif0", "xvda" (domus_io_device_name()). */
const char   *domus_io_device_get_name   (DomusIoDevice *self);
/* Counter @counter (a DomusIoNetCounter or DomusIoDiskCounter, after the
 * kind) as last read, and its change per second over the last refresh (0
 * before the second sample of the device). */
guint64       domus_io_device_get_total  (DomusIoDevice *self,
                                          guint          counter);
double        domus_io_device_get_rate   (DomusIoDevice *self,
                                          guint          counter);
/* Whether the rates are over a refresh (FALSE at the device's first). */
gboolean      domus_io_device_has_rates  (DomusIoDevice *self);
DomusSeries  *domus_io_device_get_series (DomusIoDevice *self);

/* For DomusDomain. */
DomusIoDevice *_domus_io_device_new    (const DomusIoSample *sample,
                                        DomusTimeline       *timeline);
/* Reads @sample, taken @elapsed_us after the previous one (0: no rates
 * yet), and records the throughput in the history. */
void           _domus_io_device_update (DomusIoDevice       *self,
                                        const DomusIoSample *sample,
                                        gint64               elapsed_us);

G_END_DECLS
