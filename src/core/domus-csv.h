/* domus-csv.h: the one CSV writer of every table Domus exports
 *
 * Fields are separated by commas and rows end with a line feed. A field
 * with a comma, a double quote, a CR or a LF is quoted, its quotes doubled
 * (RFC 4180); numbers are written with a dot whatever the locale, and a
 * number that is not one (NaN, infinite) is an empty field.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _DomusCsv DomusCsv;

DomusCsv   *domus_csv_new          (void);
void        domus_csv_free         (DomusCsv   *csv);
/* A field; NULL is an empty one. */
void        domus_csv_add_field    (DomusCsv   *csv,
                                    const char *text);
void        domus_csv_add_uint     (DomusCsv   *csv,
                                    guint64     value);
/* Six decimals. */
void        domus_csv_add_double   (DomusCsv   *csv,
                                    double      value);
void        domus_csv_end_row      (DomusCsv   *csv);
/* A whole row of text fields, such as a header: NULL-terminated. */
void        domus_csv_add_row      (DomusCsv   *csv,
                                    const char *first,
                                    ...) G_GNUC_NULL_TERMINATED;
/* The rows so far. */
const char *domus_csv_get_text     (DomusCsv   *csv);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DomusCsv, domus_csv_free)

G_END_DECLS
