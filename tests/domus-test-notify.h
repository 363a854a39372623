/* domus-test-notify.h: EXPLICIT_NOTIFY properties, checked from a table
 *
 * A property marked G_PARAM_EXPLICIT_NOTIFY is notified by its object, not
 * by GObject: once when it takes a new value, never when it is given the
 * value it has. A table names every such property of one type with a way
 * to change it; domus_test_assert_notify() checks each row on a fresh
 * object, and that no property of the type is left out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Gives @property of @object, the object under test of @fixture, the first
 * (@n = 0) or the second (@n = 1) of two different values, in whatever way
 * the object lets it change: a setter, a sample from the host, a signal. */
typedef void (*DomusTestNotifySet) (gpointer    fixture,
                                    GObject    *object,
                                    const char *property,
                                    guint       n);

typedef struct
{
  const char         *property;
  DomusTestNotifySet  set;
} DomusTestNotifyRow;

typedef struct
{
  GType                     (*get_type) (void);
  /* Makes a fixture, and in @object the object under test it holds. */
  gpointer                  (*setup)    (GObject **object);
  void                      (*teardown) (gpointer  fixture);
  /* A property may have several rows, one for each way it changes. */
  const DomusTestNotifyRow   *rows;
  guint                       n_rows;
  /* The properties that never change once the object is made; NULL-terminated, or NULL. */
  const char * const         *fixed;
} DomusTestNotifyTable;

/* For each row, on a new fixture: the property set to its first value, then
 * to its second is notified once, then to its second again not at all; no
 * fixed property is notified. Every EXPLICIT_NOTIFY property that the type
 * itself installs must have a row or be fixed. */
void domus_test_assert_notify    (const DomusTestNotifyTable *table);

/* A DomusTestNotifySet for a writable property holding a boolean, a number,
 * an enum or a string: g_object_set() with the default value, or another. */
void domus_test_notify_set_value (gpointer                    fixture,
                                  GObject                    *object,
                                  const char                 *property,
                                  guint                       n);

G_END_DECLS
