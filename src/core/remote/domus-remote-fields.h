/* domus-remote-fields.h: a tuple's fields, without GVariant's format strings
 *
 * g_variant_new() and g_variant_get() parse their format string at each
 * call: in GLib 2.74 some ten thousand instructions for a sample's tuple,
 * more than the rest of its encoding. What goes once a second (samples
 * and cpupools) is read with these, and built with g_variant_new_tuple().
 * The tuple's type is checked first, once, by the caller.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

static inline guint32
domus_remote_field_uint32 (GVariant *tuple,
                           gsize     i)
{
  g_autoptr(GVariant) field = g_variant_get_child_value (tuple, i);

  return g_variant_get_uint32 (field);
}

static inline gint64
domus_remote_field_int64 (GVariant *tuple,
                          gsize     i)
{
  g_autoptr(GVariant) field = g_variant_get_child_value (tuple, i);

  return g_variant_get_int64 (field);
}

static inline guint64
domus_remote_field_uint64 (GVariant *tuple,
                           gsize     i)
{
  g_autoptr(GVariant) field = g_variant_get_child_value (tuple, i);

  return g_variant_get_uint64 (field);
}

G_END_DECLS
