/* domus-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>

#include "domus-error.h"

/* The names an agent's errors travel under (data/io.domus.Host1.xml):
 * across the connection a DomusError stays one, code and message. */
static const GDBusErrorEntry dbus_errors[] = {
  { DOMUS_ERROR_FAILED, "io.domus.Error.Failed" },
  { DOMUS_ERROR_INVALID_ARGUMENT, "io.domus.Error.InvalidArgument" },
  { DOMUS_ERROR_NOT_FOUND, "io.domus.Error.NotFound" },
  { DOMUS_ERROR_PARSE, "io.domus.Error.Parse" },
  { DOMUS_ERROR_NOT_SUPPORTED, "io.domus.Error.NotSupported" },
  { DOMUS_ERROR_NO_XEN, "io.domus.Error.NoXen" },
  { DOMUS_ERROR_BUSY, "io.domus.Error.Busy" },
  { DOMUS_ERROR_HYPERCALL, "io.domus.Error.Hypercall" },
  { DOMUS_ERROR_AUTH, "io.domus.Error.Auth" },
  { DOMUS_ERROR_CLOSED, "io.domus.Error.Closed" },
  { DOMUS_ERROR_TOO_LARGE, "io.domus.Error.TooLarge" },
  { DOMUS_ERROR_TIMED_OUT, "io.domus.Error.TimedOut" },
  { DOMUS_ERROR_EXISTS, "io.domus.Error.Exists" },
};

G_STATIC_ASSERT (G_N_ELEMENTS (dbus_errors) == DOMUS_ERROR_EXISTS + 1);

GQuark
domus_error_quark (void)
{
  static gsize quark = 0;

  g_dbus_error_register_error_domain ("domus-error-quark", &quark, dbus_errors, G_N_ELEMENTS (dbus_errors));
  return (GQuark) quark;
}
