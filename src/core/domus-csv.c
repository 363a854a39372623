/* domus-csv.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-csv"

#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "domus-csv.h"

struct _DomusCsv
{
  GString  *text;
  gboolean  row_started;   /* a field is on the current row */
};

DomusCsv *
domus_csv_new (void)
{
  DomusCsv *csv = g_new0 (DomusCsv, 1);

  csv->text = g_string_new (NULL);
  return csv;
}

void
domus_csv_free (DomusCsv *csv)
{
  if (csv == NULL)
    return;

  g_string_free (csv->text, TRUE);
  g_free (csv);
}

void
domus_csv_add_field (DomusCsv   *csv,
                     const char *text)
{
  g_return_if_fail (csv != NULL);

  if (csv->row_started)
    g_string_append_c (csv->text, ',');
  csv->row_started = TRUE;
  if (text == NULL)
    return;
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (csv->text, text);
      return;
    }
  g_string_append_c (csv->text, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (csv->text, '"');
      g_string_append_c (csv->text, *p);
    }
  g_string_append_c (csv->text, '"');
}

void
domus_csv_add_uint (DomusCsv *csv,
                    guint64   value)
{
  char buf[32];

  g_snprintf (buf, sizeof buf, "%" G_GUINT64_FORMAT, value);
  domus_csv_add_field (csv, buf);
}

void
domus_csv_add_double (DomusCsv *csv,
                      double    value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  domus_csv_add_field (csv, isfinite (value) ? g_ascii_formatd (buf, sizeof buf, "%.6f", value)
                                              : NULL);
}

void
domus_csv_end_row (DomusCsv *csv)
{
  g_return_if_fail (csv != NULL);

  g_string_append_c (csv->text, '\n');
  csv->row_started = FALSE;
}

void
domus_csv_add_row (DomusCsv   *csv,
                   const char *first,
                   ...)
{
  va_list args;

  va_start (args, first);
  for (const char *field = first; field != NULL; field = va_arg (args, const char *))
    domus_csv_add_field (csv, field);
  va_end (args);
  domus_csv_end_row (csv);
}

const char *
domus_csv_get_text (DomusCsv *csv)
{
  g_return_val_if_fail (csv != NULL, NULL);

  return csv->text->str;
}
