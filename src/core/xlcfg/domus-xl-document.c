/* domus-xl-document.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-xl-config"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "domus-error.h"
#include "domus-limits.h"
#include "domus-xl-document.h"

static void
value_free (DomusXlValue *value)
{
  g_free (value->text);
  g_clear_pointer (&value->items, g_ptr_array_unref);
  g_free (value);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DomusXlValue, value_free)

static DomusXlValue *
value_new (DomusXlValueKind  kind,
           char             *text)
{
  DomusXlValue *value = g_new0 (DomusXlValue, 1);

  value->kind = kind;
  value->text = text;
  if (kind == DOMUS_XL_VALUE_LIST)
    value->items = g_ptr_array_new_with_free_func ((GDestroyNotify) value_free);
  return value;
}

/* "+=": xl joins strings and concatenates lists. */
static void
value_append (DomusXlValue *value,
              DomusXlValue *more)
{
  if (value->kind == DOMUS_XL_VALUE_LIST)
    {
      g_ptr_array_extend_and_steal (value->items, g_steal_pointer (&more->items));
    }
  else
    {
      char *joined = g_strconcat (value->text, more->text, NULL);

      g_free (value->text);
      value->text = joined;
      if (more->kind == DOMUS_XL_VALUE_STRING)
        value->kind = DOMUS_XL_VALUE_STRING;
    }
  value_free (more);
}

static void
statement_free (DomusXlStatement *st)
{
  g_free (st->key);
  g_free (st);
}

static void
entry_free (DomusXlEntry *entry)
{
  g_free (entry->key);
  g_clear_pointer (&entry->value, value_free);
  g_free (entry);
}

void
domus_xl_document_free (DomusXlDocument *doc)
{
  g_free (doc->text);
  g_ptr_array_unref (doc->statements);
  g_hash_table_unref (doc->by_key);
  g_ptr_array_unref (doc->entries);
  g_ptr_array_unref (doc->warnings);
  g_free (doc);
}

typedef struct
{
  const char      *text;
  gsize            pos;
  guint            line;
  gsize            line_start;
  const char      *display_name;
  DomusXlDocument *doc;
  guint            depth;       /* of the lists being read */
} Parser;

gboolean
domus_xl_is_blank (char c)
{
  return c == ' ' || c == '\t' || c == '\r';
}

/* What an unquoted word may hold: not what ends a value or starts a
 * string, a list or a comment. */
static gboolean
is_word_char (char c)
{
  return (guchar) c > ' ' && c != 0x7f && strchr (",;[]#'\"", c) == NULL;
}

static gsize
word_length (const char *s)
{
  gsize n = 0;

  while (is_word_char (s[n]))
    n++;
  return n;
}

/* A word that may be a key: it ends at "=" or "+=". */
static gsize
key_length (const char *s)
{
  gsize n = 0;

  while (is_word_char (s[n]) && s[n] != '=' && s[n] != '+')
    n++;
  return n;
}

gboolean
domus_xl_is_valid_key (const char *key)
{
  if (!g_ascii_islower (key[0]))
    return FALSE;
  for (const char *s = key; *s != '\0'; s++)
    if (!g_ascii_islower (*s) && !g_ascii_isdigit (*s) && *s != '_')
      return FALSE;
  return TRUE;
}

gboolean
domus_xl_parse_number (const char *text,
                       gint64     *out)
{
  char *end = NULL;
  gint64 value;

  if (!g_ascii_isdigit (text[0]))
    return FALSE;
  errno = 0;
  value = g_ascii_strtoll (text, &end, 0);
  if (errno != 0 || *end != '\0')
    return FALSE;
  *out = value;
  return TRUE;
}

static char *
quote_bytes (const char *s,
             gsize       n)
{
  g_autofree char *valid = g_utf8_make_valid (s, n);

  return g_strdup_printf (_("“%s”"), valid);
}

static void set_parse_error (Parser      *p,
                             GError     **error,
                             guint        line,
                             const char  *format,
                             ...) G_GNUC_PRINTF (4, 5);

static void
set_parse_error (Parser      *p,
                 GError     **error,
                 guint        line,
                 const char  *format,
                 ...)
{
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE, "%s:%u: %s", p->display_name, line, reason);
}

void
domus_xl_document_add_warning (DomusXlDocument *doc,
                               guint            line,
                               const char      *format,
                               ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  g_ptr_array_add (doc->warnings, g_strdup_printf ("%u: %s", line, text));
}

/* What the parser is looking at, for messages. */
static char *
describe_next (Parser *p)
{
  const char *s = p->text + p->pos;

  if (*s == '\0')
    return g_strdup (_("the end of the file"));
  if (*s == '\n')
    return g_strdup (_("the end of the line"));
  if ((guchar) *s < ' ' || *s == 0x7f)
    return g_strdup_printf (_("the control character 0x%02x"), (guint) (guchar) *s);
  return quote_bytes (s, MAX (word_length (s), 1));
}

/* At the end of the text: its last line, not the empty one after its "\n". */
static guint
last_line (Parser *p)
{
  return p->line > 1 && p->pos == p->line_start ? p->line - 1 : p->line;
}

static void
skip_blanks (Parser *p)
{
  while (domus_xl_is_blank (p->text[p->pos]))
    p->pos++;
}

static void
skip_comment (Parser *p)
{
  if (p->text[p->pos] != '#')
    return;
  while (p->text[p->pos] != '\0' && p->text[p->pos] != '\n')
    p->pos++;
}

static void
next_line (Parser *p)
{
  p->pos++;
  p->line++;
  p->line_start = p->pos;
}

/* Blanks, comments and line breaks, as a list allows between its items. */
static void
skip_space (Parser *p)
{
  for (;;)
    {
      skip_blanks (p);
      skip_comment (p);
      if (p->text[p->pos] != '\n')
        return;
      next_line (p);
    }
}

/* In a list, "key =" at the very start of a line means the list was never
 * closed. Unquoted items such as bridge=virbr0 are indented or follow the
 * "[" on its line. */
static gboolean
starts_setting (Parser *p)
{
  const char *s = p->text + p->pos;
  gsize n = key_length (s);

  if (p->pos != p->line_start || n == 0)
    return FALSE;
  s += n;
  while (domus_xl_is_blank (*s))
    s++;
  return *s == '=' || (s[0] == '+' && s[1] == '=');
}

/* After a backslash in a string: what xl's dequoting accepts. */
static gboolean
read_escape (Parser   *p,
             GString  *out,
             GError  **error)
{
  static const char names[] = "abfnrtv\\'\"";
  static const char chars[] = "\a\b\f\n\r\t\v\\'\"";
  const char *s = p->text + p->pos + 1;
  const char *name = *s != '\0' ? strchr (names, *s) : NULL;
  guint value = 0;
  gsize n = 0;

  if (name != NULL)
    {
      g_string_append_c (out, chars[name - names]);
      p->pos += 2;
      return TRUE;
    }
  if (s[0] == 'x' && g_ascii_isxdigit (s[1]) && g_ascii_isxdigit (s[2]))
    {
      value = g_ascii_xdigit_value (s[1]) * 16 + g_ascii_xdigit_value (s[2]);
      n = 3;
    }
  else
    {
      while (n < 3 && s[n] >= '0' && s[n] <= '7')
        value = value * 8 + (guint) (s[n++] - '0');
    }
  if (n == 0 || value == 0 || value > 0xff)
    {
      g_autofree char *shown = quote_bytes (s - 1, MAX (n, 1) + 1);

      set_parse_error (p, error, p->line, _("invalid escape %s in a string"), shown);
      return FALSE;
    }
  g_string_append_c (out, (char) value);
  p->pos += 1 + n;
  return TRUE;
}

static DomusXlValue *
parse_string (Parser  *p,
              GError **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  char quote = p->text[p->pos];

  p->pos++;
  for (;;)
    {
      char c = p->text[p->pos];
      char after = c == '\\' ? p->text[p->pos + 1] : c;

      if (after == '\0' || after == '\n')
        {
          set_parse_error (p, error, p->line, _("unterminated string"));
          return NULL;
        }
      if (c == quote)
        break;
      if (c != '\\')
        {
          g_string_append_c (text, c);
          p->pos++;
        }
      else if (!read_escape (p, text, error))
        {
          return NULL;
        }
    }
  p->pos++;
  return value_new (DOMUS_XL_VALUE_STRING, g_string_free (g_steal_pointer (&text), FALSE));
}

static DomusXlValue *parse_list (Parser      *p,
                                 const char  *key,
                                 GError     **error);

static DomusXlValue *
parse_value (Parser      *p,
             const char  *key,
             GError     **error)
{
  const char *s = p->text + p->pos;
  gsize n = word_length (s);
  g_autofree char *word = NULL;
  g_autofree char *shown = NULL;
  gint64 number;

  if (*s == '\'' || *s == '"')
    return parse_string (p, error);
  if (*s == '[')
    return parse_list (p, key, error);
  if (n == 0 || *s == '=')
    {
      g_autofree char *found = describe_next (p);

      set_parse_error (p, error, p->line, _("expected a value for “%s”, found %s"), key, found);
      return NULL;
    }

  word = g_strndup (s, n);
  shown = quote_bytes (s, n);
  if (g_ascii_isdigit (*s) && !domus_xl_parse_number (word, &number))
    {
      set_parse_error (p, error, p->line, _("%s is not a number"), shown);
      return NULL;
    }
  p->pos += n;
  if (g_ascii_isdigit (*s))
    return value_new (DOMUS_XL_VALUE_NUMBER, g_steal_pointer (&word));

  domus_xl_document_add_warning (p->doc, p->line, _("unquoted value %s: xl wants it in quotes"), shown);
  return value_new (DOMUS_XL_VALUE_STRING, g_steal_pointer (&word));
}

static DomusXlValue *parse_list_items (Parser      *p,
                                       const char  *key,
                                       GError     **error);

/* Reads a list, nested at most DOMUS_MAX_NESTING deep: the parser recurses
 * once per level. */
static DomusXlValue *
parse_list (Parser      *p,
            const char  *key,
            GError     **error)
{
  DomusXlValue *list;

  if (p->depth >= DOMUS_MAX_NESTING)
    {
      g_autofree char *reason = g_strdup_printf (_("lists are nested deeper than the limit of %u levels"),
                                                 DOMUS_MAX_NESTING);

      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_TOO_LARGE, "%s:%u: %s", p->display_name, p->line,
                   reason);
      return NULL;
    }
  p->depth++;
  list = parse_list_items (p, key, error);
  p->depth--;
  return list;
}

static DomusXlValue *
parse_list_items (Parser      *p,
                  const char  *key,
                  GError     **error)
{
  g_autoptr(DomusXlValue) list = value_new (DOMUS_XL_VALUE_LIST, NULL);
  guint open_line = p->line;
  gboolean want_item = TRUE;

  p->pos++;
  for (;;)
    {
      char c;

      skip_space (p);
      c = p->text[p->pos];
      if (c == '\0' || starts_setting (p))
        {
          set_parse_error (p, error, c == '\0' ? last_line (p) : p->line,
                           _("list opened on line %u is never closed"), open_line);
          return NULL;
        }
      if (c == ']')
        {
          p->pos++;
          return g_steal_pointer (&list);
        }

      if (want_item && c != ',')
        {
          DomusXlValue *item = parse_value (p, key, error);

          if (item == NULL)
            return NULL;
          g_ptr_array_add (list->items, item);
          want_item = FALSE;
        }
      else if (!want_item && c == ',')
        {
          p->pos++;
          want_item = TRUE;
        }
      else
        {
          g_autofree char *found = describe_next (p);

          if (want_item)
            set_parse_error (p, error, p->line,
                             _("expected a value for “%s”, found %s"), key, found);
          else
            set_parse_error (p, error, p->line,
                             _("expected “,” or “]” in the list of “%s”, found %s"),
                             key, found);
          return NULL;
        }
    }
}

/* Makes @value (taken) the value of @st's key, as xl does: "=" replaces,
 * "+=" appends to what came before. */
static gboolean
assign (Parser            *p,
        DomusXlStatement  *st,
        DomusXlValue      *value,
        GError           **error)
{
  g_autoptr(DomusXlValue) owned = value;
  DomusXlEntry *entry = g_hash_table_lookup (p->doc->by_key, st->key);

  if (entry == NULL)
    {
      entry = g_new0 (DomusXlEntry, 1);
      entry->key = g_strdup (st->key);
      g_ptr_array_add (p->doc->entries, entry);
      g_hash_table_insert (p->doc->by_key, entry->key, entry);
    }
  else if (st->append)
    {
      if ((entry->value->kind == DOMUS_XL_VALUE_LIST) != (owned->kind == DOMUS_XL_VALUE_LIST))
        {
          set_parse_error (p, error, st->line,
                           _("“+=” cannot join a list and a single value for “%s”"),
                           st->key);
          return FALSE;
        }
      value_append (entry->value, g_steal_pointer (&owned));
      entry->line = st->line;
      return TRUE;
    }
  else
    {
      domus_xl_document_add_warning (p->doc, st->line,
                   _("duplicate key “%s” on lines %u and %u: xl uses the last one"),
                   st->key, entry->line, st->line);
    }

  g_clear_pointer (&entry->value, value_free);
  entry->value = g_steal_pointer (&owned);
  entry->line = st->line;
  return TRUE;
}

static gboolean
parse_setting (Parser  *p,
               GError **error)
{
  const char *text = p->text;
  gsize n = key_length (text + p->pos);
  g_autoptr(DomusXlValue) value = NULL;
  DomusXlStatement *st;
  const char *eol;
  gsize after;

  if (n == 0)
    {
      g_autofree char *found = describe_next (p);

      set_parse_error (p, error, p->line, _("expected a setting name, found %s"), found);
      return FALSE;
    }

  st = g_new0 (DomusXlStatement, 1);
  g_ptr_array_add (p->doc->statements, st);
  st->key = g_strndup (text + p->pos, n);
  st->line = p->line;
  st->line_start = p->line_start;
  st->start = p->pos;
  if (!domus_xl_is_valid_key (st->key))
    {
      g_autofree char *shown = quote_bytes (st->key, n);

      set_parse_error (p, error, p->line,
                       _("%s is not a setting name: "
                         "xl accepts lowercase letters, digits and “_”"),
                       shown);
      return FALSE;
    }

  p->pos += n;
  skip_blanks (p);
  st->op_start = p->pos;
  st->append = text[p->pos] == '+' && text[p->pos + 1] == '=';
  if (!st->append && text[p->pos] != '=')
    {
      set_parse_error (p, error, p->line, _("expected “=” after “%s”"), st->key);
      return FALSE;
    }
  p->pos += st->append ? 2 : 1;
  skip_blanks (p);

  st->value_start = p->pos;
  value = parse_value (p, st->key, error);
  if (value == NULL)
    return FALSE;
  st->value_end = p->pos;
  if (value->kind == DOMUS_XL_VALUE_STRING &&
      (text[st->value_start] == '\'' || text[st->value_start] == '"'))
    st->quote = text[st->value_start];

  st->end = st->value_end;
  skip_blanks (p);
  if (text[p->pos] == ';')
    st->end = ++p->pos;
  else if (text[p->pos] != '\0' && text[p->pos] != '\n' && text[p->pos] != '#')
    {
      g_autofree char *found = describe_next (p);

      set_parse_error (p, error, p->line,
                       _("unexpected %s after the value of “%s”"), found, st->key);
      return FALSE;
    }

  after = p->pos;
  while (domus_xl_is_blank (text[after]))
    after++;
  st->alone = text[after] == '\0' || text[after] == '\n' || text[after] == '#';
  for (gsize i = st->line_start; i < st->start; i++)
    st->alone = st->alone && domus_xl_is_blank (text[i]);
  eol = strchr (text + p->pos, '\n');
  st->line_end = eol != NULL ? (gsize) (eol - text) : p->doc->len;

  return assign (p, st, g_steal_pointer (&value), error);
}

DomusXlDocument *
domus_xl_document_parse (const char  *text,
                         gsize        len,
                         const char  *display_name,
                         GError     **error)
{
  g_autoptr(DomusXlDocument) doc = g_new0 (DomusXlDocument, 1);
  const char *nul = memchr (text, '\0', len);
  Parser p = { NULL, 0, 1, 0, display_name, doc };

  doc->text = g_strndup (text, len);
  doc->len = len;
  doc->statements = g_ptr_array_new_with_free_func ((GDestroyNotify) statement_free);
  doc->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  doc->by_key = g_hash_table_new (g_str_hash, g_str_equal);
  doc->warnings = g_ptr_array_new_with_free_func (g_free);
  p.text = doc->text;

  if (nul != NULL)
    {
      guint line = 1;

      for (const char *s = text; s < nul; s++)
        line += *s == '\n';
      set_parse_error (&p, error, line, _("a NUL byte: this is not a text file"));
      return NULL;
    }

  for (;;)
    {
      char c;

      skip_blanks (&p);
      skip_comment (&p);
      c = p.text[p.pos];
      if (c == '\0')
        return g_steal_pointer (&doc);
      if (c == '\n')
        next_line (&p);
      else if (c == ';')
        p.pos++;
      else if (!parse_setting (&p, error))
        return NULL;
    }
}
