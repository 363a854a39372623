/* domus-update-private.h: in-place updates of model objects
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

/* Sets self->field to @value and notifies @pspec, only if it changed. */
#define DOMUS_UPDATE_FIELD(self, field, value, pspec)                     \
  G_STMT_START {                                                          \
    if ((self)->field != (value))                                         \
      {                                                                   \
        (self)->field = (value);                                          \
        g_object_notify_by_pspec (G_OBJECT (self), (pspec));              \
      }                                                                   \
  } G_STMT_END
