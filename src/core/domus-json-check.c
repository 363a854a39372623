/* domus-json-check.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-json-check"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "domus-error.h"
#include "domus-json-check.h"
#include "domus-limits.h"

/* Reads the four hex digits of a "\\u" escape at @s into @value. */
static gboolean
read_hex4 (const char *s,
           guint      *value)
{
  *value = 0;
  for (guint i = 0; i < 4; i++)
    {
      if (!g_ascii_isxdigit (s[i]))
        return FALSE;
      *value = *value * 16 + g_ascii_xdigit_value (s[i]);
    }
  return TRUE;
}

/* Moves *@i from the quote that opens a string to the quote that closes it,
 * or to the end when there is none (json-glib then says so). Escapes are
 * RFC 8259's, and a UTF-16 surrogate comes in pairs: after a lone one,
 * json-glib 1.6 reads on past the closing quote. */
static gboolean
skip_string (const char  *text,
             gsize        length,
             gsize       *i,
             guint       *line,
             GError     **error)
{
  gsize j;

  for (j = *i + 1; j < length && text[j] != '"'; j++)
    {
      const char *s = text + j;
      gsize left = length - j;   /* from the backslash */
      g_autofree char *shown = NULL;
      guint unit, low;

      if (*s == '\n')
        (*line)++;
      if (*s != '\\')
        continue;

      if (left >= 2 && s[1] != '\0' && strchr ("\"\\/bfnrt", s[1]) != NULL)
        {
          j++;
          continue;
        }
      if (left >= 6 && s[1] == 'u' && read_hex4 (s + 2, &unit))
        {
          if (unit < 0xd800 || unit > 0xdfff)
            {
              j += 5;
              continue;
            }
          if (unit <= 0xdbff && left >= 12 && s[6] == '\\' && s[7] == 'u'
              && read_hex4 (s + 8, &low) && low >= 0xdc00 && low <= 0xdfff)
            {
              j += 11;
              continue;
            }
          shown = g_strndup (s, 6);
        }
      else
        shown = g_strndup (s, left >= 2 && g_ascii_isgraph (s[1]) ? 2 : 1);

      /* TRANSLATORS: %u is a line number, %s an escape such as “\\ud800” */
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE,
                   _("line %u: invalid escape “%s” in a string"), *line, shown);
      return FALSE;
    }
  *i = j;
  return TRUE;
}

gboolean
domus_json_parse (JsonParser  *parser,
                  const char  *text,
                  gssize       length,
                  gsize        max_length,
                  GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  gsize n = length < 0 ? strlen (text) : strnlen (text, length);
  guint depth = 0, line = 1;
  gboolean started = FALSE;   /* a value began at the top level */

  g_return_val_if_fail (JSON_IS_PARSER (parser), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  /* json-glib stops at a NUL, as at the end. */
  if (n > max_length)
    {
      g_autofree char *size = g_format_size_full (max_length, G_FORMAT_SIZE_IEC_UNITS);

      /* TRANSLATORS: %s is a size such as “1.0 MiB” */
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_TOO_LARGE,
                   _("the text is over the size limit of %s"), size);
      return FALSE;
    }

  /* A UTF-8 byte order mark, which json-glib skips, begins no value. */
  for (gsize i = n >= 3 && memcmp (text, "\xef\xbb\xbf", 3) == 0 ? 3 : 0; i < n; i++)
    switch (text[i])
      {
      case '\n':
        line++;
        break;
      case '[':
      case '{':
        /* json-glib 1.6 reads a second value after an object, an array or
         * a number, and leaks the first. */
        if (depth == 0 && started)
          {
            g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE,
                         /* TRANSLATORS: %u is a line number */
                         _("line %u: a second JSON value after the first; a file holds one"), line);
            return FALSE;
          }
        started = TRUE;
        if (++depth > DOMUS_MAX_NESTING)
          {
            g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_TOO_LARGE,
                         /* TRANSLATORS: %u are a line number, then a number of levels */
                         _("line %u: lists and objects are nested deeper than the limit of %u levels"),
                         line, DOMUS_MAX_NESTING);
            return FALSE;
          }
        break;
      case ']':
      case '}':
        depth = depth > 0 ? depth - 1 : 0;
        break;
      case '"':
        started = TRUE;
        if (!skip_string (text, n, &i, &line, error))
          return FALSE;
        break;
      case '\'':
      case '/':
        g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE,
                     /* TRANSLATORS: %u is a line number, %c the character found */
                     _("line %u: unexpected “%c”: Domus reads standard JSON, without comments or single quotes"),
                     line, text[i]);
        return FALSE;
      default:
        started = started || !g_ascii_isspace (text[i]);
        break;
      }

  if (!json_parser_load_from_data (parser, text, n, &local_error))
    {
      g_set_error_literal (error, DOMUS_ERROR, DOMUS_ERROR_PARSE, local_error->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
domus_json_fail (GError     **error,
                 const char  *key,
                 const char  *format,
                 ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* TRANSLATORS: a key of a file, such as "domains[1].weight", then why it is refused */
  g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE, _("%s: %s"), key, message);
  return FALSE;
}

gboolean
domus_json_check_members (JsonObject         *object,
                          const char         *where,
                          const char * const *known,
                          GError            **error)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (known, l->data))
      {
        g_autofree char *key = where[0] ? g_strdup_printf ("%s.%s", where, (char *) l->data)
                                        : g_strdup (l->data);
        return domus_json_fail (error, key, _("unknown key"));
      }
  return TRUE;
}
