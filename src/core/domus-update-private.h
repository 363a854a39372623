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

/* Sets the string *@field to a copy of @value and notifies @pspec of
 * @self, only if it changed. */
static inline void
domus_update_string (gpointer     self,
                     char       **field,
                     const char  *value,
                     GParamSpec  *pspec)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
}
