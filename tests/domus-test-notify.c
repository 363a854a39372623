/* domus-test-notify.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "domus-test-notify.h"

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          GHashTable *counts)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, pspec->name));

  g_hash_table_insert (counts, (gpointer) g_intern_string (pspec->name), GUINT_TO_POINTER (n + 1));
}

static guint
count (GHashTable *counts,
       const char *property)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (counts, g_intern_string (property)));
}

static gboolean
is_fixed (const DomusTestNotifyTable *table,
          const char                 *property)
{
  return table->fixed != NULL && g_strv_contains (table->fixed, property);
}

static gboolean
has_row (const DomusTestNotifyTable *table,
         const char                 *property)
{
  for (guint i = 0; i < table->n_rows; i++)
    if (g_str_equal (table->rows[i].property, property))
      return TRUE;
  return FALSE;
}

/* Every property of the table is one of the type's, notified explicitly,
 * and every one of those is in the table. */
static void
assert_covered (const DomusTestNotifyTable *table,
                GObjectClass               *klass)
{
  GType type = table->get_type ();
  g_autofree GParamSpec **pspecs = NULL;
  guint n = 0;

  for (guint i = 0; i < table->n_rows; i++)
    {
      GParamSpec *pspec = g_object_class_find_property (klass, table->rows[i].property);

      g_assert_nonnull (pspec);
      g_assert_true (pspec->flags & G_PARAM_EXPLICIT_NOTIFY);
    }
  for (guint i = 0; table->fixed != NULL && table->fixed[i] != NULL; i++)
    {
      GParamSpec *pspec = g_object_class_find_property (klass, table->fixed[i]);

      g_assert_nonnull (pspec);
      g_assert_true (pspec->flags & G_PARAM_EXPLICIT_NOTIFY);
      g_assert_false (has_row (table, table->fixed[i]));
    }

  pspecs = g_object_class_list_properties (klass, &n);
  for (guint i = 0; i < n; i++)
    if (pspecs[i]->owner_type == type && (pspecs[i]->flags & G_PARAM_EXPLICIT_NOTIFY))
      {
        g_test_message ("%s:%s", g_type_name (type), pspecs[i]->name);
        g_assert_true (has_row (table, pspecs[i]->name) || is_fixed (table, pspecs[i]->name));
      }
}

void
domus_test_assert_notify (const DomusTestNotifyTable *table)
{
  g_autoptr(GTypeClass) klass = g_type_class_ref (table->get_type ());

  assert_covered (table, G_OBJECT_CLASS (klass));

  for (guint i = 0; i < table->n_rows; i++)
    {
      const DomusTestNotifyRow *row = &table->rows[i];
      g_autoptr(GHashTable) counts = g_hash_table_new (NULL, NULL);
      GObject *object = NULL;
      gpointer fixture = table->setup (&object);
      gulong handler;

      g_test_message ("%s:%s, row %u", g_type_name (table->get_type ()), row->property, i);
      row->set (fixture, object, row->property, 0);
      handler = g_signal_connect (object, "notify", G_CALLBACK (count_cb), counts);

      row->set (fixture, object, row->property, 1);
      g_assert_cmpuint (count (counts, row->property), ==, 1);
      row->set (fixture, object, row->property, 1);
      g_assert_cmpuint (count (counts, row->property), ==, 1);
      for (guint j = 0; table->fixed != NULL && table->fixed[j] != NULL; j++)
        g_assert_cmpuint (count (counts, table->fixed[j]), ==, 0);

      g_signal_handler_disconnect (object, handler);
      table->teardown (fixture);
    }
}

/* A valid value of @pspec other than its default, in @value. */
static void
set_other_value (GParamSpec *pspec,
                 GValue     *value)
{
  switch (G_TYPE_FUNDAMENTAL (pspec->value_type))
    {
    case G_TYPE_BOOLEAN:
      g_value_set_boolean (value, !g_value_get_boolean (value));
      break;
    case G_TYPE_INT:
      g_value_set_int (value, g_value_get_int (value) < G_PARAM_SPEC_INT (pspec)->maximum
                              ? g_value_get_int (value) + 1 : g_value_get_int (value) - 1);
      break;
    case G_TYPE_UINT:
      g_value_set_uint (value, g_value_get_uint (value) < G_PARAM_SPEC_UINT (pspec)->maximum
                               ? g_value_get_uint (value) + 1 : g_value_get_uint (value) - 1);
      break;
    case G_TYPE_INT64:
      g_value_set_int64 (value, g_value_get_int64 (value) < G_PARAM_SPEC_INT64 (pspec)->maximum
                                ? g_value_get_int64 (value) + 1 : g_value_get_int64 (value) - 1);
      break;
    case G_TYPE_DOUBLE:
      g_value_set_double (value, g_value_get_double (value) + 1 <= G_PARAM_SPEC_DOUBLE (pspec)->maximum
                                 ? g_value_get_double (value) + 1 : g_value_get_double (value) - 1);
      break;
    case G_TYPE_ENUM:
      {
        GEnumClass *enums = G_PARAM_SPEC_ENUM (pspec)->enum_class;

        g_assert_cmpuint (enums->n_values, >, 1);
        g_value_set_enum (value, enums->values[enums->values[0].value == g_value_get_enum (value)].value);
      }
      break;
    case G_TYPE_STRING:
      g_value_set_string (value, g_strcmp0 (g_value_get_string (value), "first") == 0 ? "second" : "first");
      break;
    default:
      g_error ("%s: no value of type %s to try: give the row a set function of its own",
               pspec->name, g_type_name (pspec->value_type));
    }
}

void
domus_test_notify_set_value (gpointer    fixture,
                             GObject    *object,
                             const char *property,
                             guint       n)
{
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (object), property);
  g_auto(GValue) value = G_VALUE_INIT;

  g_assert_nonnull (pspec);
  g_value_init (&value, pspec->value_type);
  g_param_value_set_default (pspec, &value);
  if (n > 0)
    set_other_value (pspec, &value);
  g_assert_false (g_param_value_validate (pspec, &value));
  g_object_set_property (object, property, &value);
}
