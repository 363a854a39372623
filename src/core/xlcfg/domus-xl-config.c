/* domus-xl-config.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-xl-config"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "domus-error.h"
#include "domus-input.h"
#include "domus-limits.h"
#include "domus-xl-config-private.h"

/* A parsed value. Strings and numbers are both "atoms" to xl. */
typedef enum
{
  VALUE_STRING,
  VALUE_NUMBER,
  VALUE_LIST,
} ValueKind;

typedef struct
{
  ValueKind  kind;
  char      *text;   /* STRING: without quotes or escapes; NUMBER: as written */
  GPtrArray *items;  /* LIST: Value */
} Value;

/* One "key = value" of the text, located by byte offsets. */
typedef struct
{
  char     *key;
  guint     line;         /* of the key */
  gsize     line_start;   /* of the key's line */
  gsize     start;        /* of the key */
  gsize     op_start;     /* of "=" or "+=" */
  gsize     value_start;
  gsize     value_end;
  gsize     end;          /* after the value, or after the ";" that ends it */
  gsize     line_end;     /* the "\n" ending its last line, or the end of the text */
  gboolean  append;       /* "+=" */
  gboolean  alone;        /* shares its lines with nothing but blanks and a comment */
  char      quote;        /* the quote of a single string, or 0 */
} Statement;

/* The value xl would use for a key, after every "=" and "+=". */
typedef struct
{
  char     *key;
  Value    *value;
  guint     line;            /* of the last setting that made the value */
  gboolean  noted_quoted;    /* a warning says it is a number in quotes */
} Entry;

typedef struct
{
  char       *text;
  gsize       len;
  GPtrArray  *statements;  /* Statement, in text order */
  GPtrArray  *entries;     /* Entry, in order of first appearance */
  GHashTable *by_key;      /* key → Entry (borrowed) */
  GPtrArray  *warnings;    /* "LINE: text" */
} Document;

/* The file as it was when last read or written, to notice changes by others. */
typedef struct
{
  gsize            size;
  struct timespec  mtime;
  char            *sha256;   /* NULL when there is no file */
} Stamp;

struct _DomusXlConfig
{
  GObject   parent_instance;

  char     *path;            /* NULL for a config made from data and never saved */
  char     *display_name;
  Document *doc;
  Stamp     stamp;
};

G_DEFINE_FINAL_TYPE (DomusXlConfig, domus_xl_config, G_TYPE_OBJECT)

static gboolean fail_before_rename_for_testing;

static void
value_free (Value *value)
{
  g_free (value->text);
  g_clear_pointer (&value->items, g_ptr_array_unref);
  g_free (value);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Value, value_free)

static Value *
value_new (ValueKind  kind,
           char      *text)
{
  Value *value = g_new0 (Value, 1);

  value->kind = kind;
  value->text = text;
  if (kind == VALUE_LIST)
    value->items = g_ptr_array_new_with_free_func ((GDestroyNotify) value_free);
  return value;
}

/* "+=": xl joins strings and concatenates lists. */
static void
value_append (Value *value,
              Value *more)
{
  if (value->kind == VALUE_LIST)
    {
      g_ptr_array_extend_and_steal (value->items, g_steal_pointer (&more->items));
    }
  else
    {
      char *joined = g_strconcat (value->text, more->text, NULL);

      g_free (value->text);
      value->text = joined;
      if (more->kind == VALUE_STRING)
        value->kind = VALUE_STRING;
    }
  value_free (more);
}

static void
statement_free (Statement *st)
{
  g_free (st->key);
  g_free (st);
}

static void
entry_free (Entry *entry)
{
  g_free (entry->key);
  g_clear_pointer (&entry->value, value_free);
  g_free (entry);
}

static void
document_free (Document *doc)
{
  g_free (doc->text);
  g_ptr_array_unref (doc->statements);
  g_hash_table_unref (doc->by_key);
  g_ptr_array_unref (doc->entries);
  g_ptr_array_unref (doc->warnings);
  g_free (doc);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Document, document_free)

static void
stamp_clear (Stamp *stamp)
{
  g_clear_pointer (&stamp->sha256, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Stamp, stamp_clear)

static gboolean
stamp_equal (const Stamp *a,
             const Stamp *b)
{
  return a->size == b->size &&
         a->mtime.tv_sec == b->mtime.tv_sec &&
         a->mtime.tv_nsec == b->mtime.tv_nsec &&
         g_strcmp0 (a->sha256, b->sha256) == 0;
}

/* Parsing */

typedef struct
{
  const char *text;
  gsize       pos;
  guint       line;
  gsize       line_start;
  const char *display_name;
  Document   *doc;
  guint       depth;       /* of the lists being read */
} Parser;

static gboolean
is_blank (char c)
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

/* As xl's lexer: [a-z][_0-9a-z]* */
static gboolean
is_valid_key (const char *key)
{
  if (!g_ascii_islower (key[0]))
    return FALSE;
  for (const char *s = key; *s != '\0'; s++)
    if (!g_ascii_islower (*s) && !g_ascii_isdigit (*s) && *s != '_')
      return FALSE;
  return TRUE;
}

/* As xl reads numbers, with strtol() in base 0: 0x… is hexadecimal and a
 * leading 0 octal. */
static gboolean
parse_number (const char *text,
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

static void add_warning (Document   *doc,
                         guint       line,
                         const char *format,
                         ...) G_GNUC_PRINTF (3, 4);

static void
add_warning (Document   *doc,
             guint       line,
             const char *format,
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
  while (is_blank (p->text[p->pos]))
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
  while (is_blank (*s))
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

static Value *
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
  return value_new (VALUE_STRING, g_string_free (g_steal_pointer (&text), FALSE));
}

static Value *parse_list (Parser      *p,
                          const char  *key,
                          GError     **error);

static Value *
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
  if (g_ascii_isdigit (*s) && !parse_number (word, &number))
    {
      set_parse_error (p, error, p->line, _("%s is not a number"), shown);
      return NULL;
    }
  p->pos += n;
  if (g_ascii_isdigit (*s))
    return value_new (VALUE_NUMBER, g_steal_pointer (&word));

  add_warning (p->doc, p->line, _("unquoted value %s: xl wants it in quotes"), shown);
  return value_new (VALUE_STRING, g_steal_pointer (&word));
}

static Value *parse_list_items (Parser      *p,
                                 const char  *key,
                                 GError     **error);

/* Reads a list, nested at most DOMUS_MAX_NESTING deep: the parser recurses
 * once per level. */
static Value *
parse_list (Parser      *p,
            const char  *key,
            GError     **error)
{
  Value *list;

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

static Value *
parse_list_items (Parser      *p,
                  const char  *key,
                  GError     **error)
{
  g_autoptr(Value) list = value_new (VALUE_LIST, NULL);
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
          Value *item = parse_value (p, key, error);

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
assign (Parser     *p,
        Statement  *st,
        Value      *value,
        GError    **error)
{
  g_autoptr(Value) owned = value;
  Entry *entry = g_hash_table_lookup (p->doc->by_key, st->key);

  if (entry == NULL)
    {
      entry = g_new0 (Entry, 1);
      entry->key = g_strdup (st->key);
      g_ptr_array_add (p->doc->entries, entry);
      g_hash_table_insert (p->doc->by_key, entry->key, entry);
    }
  else if (st->append)
    {
      if ((entry->value->kind == VALUE_LIST) != (owned->kind == VALUE_LIST))
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
      add_warning (p->doc, st->line,
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
  g_autoptr(Value) value = NULL;
  Statement *st;
  const char *eol;
  gsize after;

  if (n == 0)
    {
      g_autofree char *found = describe_next (p);

      set_parse_error (p, error, p->line, _("expected a setting name, found %s"), found);
      return FALSE;
    }

  st = g_new0 (Statement, 1);
  g_ptr_array_add (p->doc->statements, st);
  st->key = g_strndup (text + p->pos, n);
  st->line = p->line;
  st->line_start = p->line_start;
  st->start = p->pos;
  if (!is_valid_key (st->key))
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
  if (value->kind == VALUE_STRING &&
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
  while (is_blank (text[after]))
    after++;
  st->alone = text[after] == '\0' || text[after] == '\n' || text[after] == '#';
  for (gsize i = st->line_start; i < st->start; i++)
    st->alone = st->alone && is_blank (text[i]);
  eol = strchr (text + p->pos, '\n');
  st->line_end = eol != NULL ? (gsize) (eol - text) : p->doc->len;

  return assign (p, st, g_steal_pointer (&value), error);
}

static Document *
document_parse (const char  *text,
                gsize        len,
                const char  *display_name,
                GError     **error)
{
  g_autoptr(Document) doc = g_new0 (Document, 1);
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

/* Files */

/* Error codes: DOMUS_ERROR_NOT_FOUND for ENOENT, DOMUS_ERROR_FAILED otherwise. */
static gboolean set_io_error (GError     **error,
                              int          errsv,
                              const char  *format,
                              ...) G_GNUC_PRINTF (3, 4);

static gboolean
set_io_error (GError     **error,
              int          errsv,
              const char  *format,
              ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error_literal (error, DOMUS_ERROR,
                       errsv == ENOENT ? DOMUS_ERROR_NOT_FOUND : DOMUS_ERROR_FAILED,
                       message);
  return FALSE;
}

static gboolean
read_file (const char  *path,
           const char  *display_name,
           GString    **contents,
           Stamp       *stamp,
           GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;
  struct stat st;
  gsize len;

  if (!domus_input_read_file (path, DOMUS_MAX_XL_CONFIG_SIZE, &text, &len, &st, &local_error))
    {
      g_set_error (error, DOMUS_ERROR, local_error->code, _("Could not read “%s”: %s"),
                   display_name, local_error->message);
      return FALSE;
    }

  stamp->size = len;
  stamp->mtime = st.st_mtim;
  stamp->sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) text, len);
  *contents = g_string_new_len (text, len);
  return TRUE;
}

static gboolean
load (DomusXlConfig  *self,
      GError        **error)
{
  g_autoptr(GString) contents = NULL;
  g_auto(Stamp) stamp = { 0 };
  Document *doc;

  if (!read_file (self->path, self->display_name, &contents, &stamp, error))
    return FALSE;
  doc = document_parse (contents->str, contents->len, self->display_name, error);
  if (doc == NULL)
    return FALSE;

  g_clear_pointer (&self->doc, document_free);
  self->doc = doc;
  stamp_clear (&self->stamp);
  self->stamp = stamp;
  stamp.sha256 = NULL;
  return TRUE;
}

static gboolean
write_all (int         fd,
           const char *data,
           gsize       len)
{
  while (len > 0)
    {
      gssize n = write (fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return FALSE;
      data += n;
      len -= n;
    }
  return TRUE;
}

static gboolean
keep_backup (const char  *path,
             mode_t       mode,
             GError     **error)
{
  g_autofree char *backup = g_strconcat (path, ".bak", NULL);
  g_autofree char *contents = NULL;
  gsize len;

  return domus_input_read_file (path, DOMUS_MAX_XL_CONFIG_SIZE, &contents, &len, NULL, error) &&
         g_file_set_contents_full (backup, contents, len, G_FILE_SET_CONTENTS_CONSISTENT,
                                   (int) mode, error);
}

static gboolean
check_unchanged (DomusXlConfig  *self,
                 GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GString) contents = NULL;
  g_auto(Stamp) now = { 0 };

  if (!read_file (self->path, self->display_name, &contents, &now, &local_error) &&
      !g_error_matches (local_error, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (local_error != NULL || !stamp_equal (&now, &self->stamp))
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_BUSY,
                   _("“%s” changed on disk since it was read"), self->display_name);
      return FALSE;
    }
  return TRUE;
}

static gboolean
same_path (const char *a,
           const char *b)
{
  g_autofree char *canonical_a = g_canonicalize_filename (a, NULL);
  g_autofree char *canonical_b = g_canonicalize_filename (b, NULL);

  return strcmp (canonical_a, canonical_b) == 0;
}

/* Edits */

typedef struct
{
  gsize       start;
  gsize       end;
  const char *text;
} Edit;

static int
compare_edits_backwards (gconstpointer a,
                         gconstpointer b)
{
  const Edit *edit_a = a;
  const Edit *edit_b = b;

  return edit_a->start < edit_b->start ? 1 : edit_a->start > edit_b->start ? -1 : 0;
}

static void
set_text (DomusXlConfig *self,
          GString       *text)
{
  g_autoptr(GError) error = NULL;
  Document *doc = document_parse (text->str, text->len, self->display_name, &error);

  /* Edits only ever write what the parser reads back. */
  if (doc == NULL)
    g_error ("An edit broke the config: %s", error->message);

  g_clear_pointer (&self->doc, document_free);
  self->doc = doc;
}

/* Applies @edits, which do not overlap. */
static void
apply_edits (DomusXlConfig *self,
             GArray        *edits)
{
  g_autoptr(GString) text = g_string_new_len (self->doc->text, self->doc->len);

  g_array_sort (edits, compare_edits_backwards);
  for (guint i = 0; i < edits->len; i++)
    {
      const Edit *edit = &g_array_index (edits, Edit, i);

      g_string_erase (text, edit->start, edit->end - edit->start);
      g_string_insert (text, edit->start, edit->text);
    }
  set_text (self, text);
}

/* A statement alone on its lines goes with those lines and their comment;
 * one that shares a line goes with its ";" and the blanks after it. */
static Edit
removal (Document  *doc,
         Statement *st)
{
  Edit edit = { st->start, st->end, "" };

  if (st->alone)
    {
      edit.start = st->line_start;
      edit.end = st->line_end + (st->line_end < doc->len);
    }
  else
    {
      while (is_blank (doc->text[edit.end]))
        edit.end++;
    }
  return edit;
}

/* The settings that make the value of @key: its last "=" and the "+="
 * after it, or all its "+=" when it has no "=". */
static GPtrArray *
find_chain (Document   *doc,
            const char *key)
{
  GPtrArray *chain = g_ptr_array_new ();

  for (guint i = 0; i < doc->statements->len; i++)
    {
      Statement *st = g_ptr_array_index (doc->statements, i);

      if (strcmp (st->key, key) != 0)
        continue;
      if (!st->append)
        g_ptr_array_set_size (chain, 0);
      g_ptr_array_add (chain, st);
    }
  return chain;
}

static gboolean
ends_with_blank_line (const GString *text)
{
  return text->len > 0 && text->str[text->len - 1] == '\n' &&
         (text->len == 1 || text->str[text->len - 2] == '\n');
}

/* At the end, in the spacing of the last setting ("key=value" or
 * "key = value"), after a blank line unless the text ends with one or
 * with a setting. */
static void
append_setting (DomusXlConfig *self,
                const char    *key,
                const char    *value_text)
{
  Document *doc = self->doc;
  g_autoptr(GString) text = g_string_new_len (doc->text, doc->len);
  Statement *last = NULL;
  gboolean after_setting = FALSE;
  gboolean tight = FALSE;

  if (doc->statements->len > 0)
    {
      last = g_ptr_array_index (doc->statements, doc->statements->len - 1);
      after_setting = last->line_end + 1 >= doc->len;
      tight = last->op_start == last->start + strlen (last->key) &&
              last->value_start == last->op_start + (last->append ? 2 : 1);
    }

  if (text->len > 0 && text->str[text->len - 1] != '\n')
    g_string_append_c (text, '\n');
  if (text->len > 0 && !after_setting && !ends_with_blank_line (text))
    g_string_append_c (text, '\n');
  g_string_append_printf (text, "%s%s%s\n", key, tight ? "=" : " = ", value_text);
  set_text (self, text);
}

static void
set_value_text (DomusXlConfig *self,
                const char    *key,
                const char    *value_text)
{
  g_autoptr(GPtrArray) chain = find_chain (self->doc, key);
  g_autoptr(GArray) edits = g_array_new (FALSE, FALSE, sizeof (Edit));
  Statement *first;

  if (chain->len == 0)
    {
      append_setting (self, key, value_text);
      return;
    }

  first = g_ptr_array_index (chain, 0);
  g_array_append_val (edits, ((Edit) { first->value_start, first->value_end, value_text }));
  if (first->append)
    g_array_append_val (edits, ((Edit) { first->op_start, first->op_start + 2, "=" }));
  for (guint i = 1; i < chain->len; i++)
    {
      Edit edit = removal (self->doc, g_ptr_array_index (chain, i));

      g_array_append_val (edits, edit);
    }
  apply_edits (self, edits);
}

/* In @quote, with escapes xl reads back. */
static char *
format_string (const char *value,
               char        quote)
{
  GString *text = g_string_new (NULL);

  g_string_append_c (text, quote);
  for (const char *s = value; *s != '\0'; s++)
    {
      const char *escape = NULL;

      switch (*s)
        {
        case '\a': escape = "\\a"; break;
        case '\b': escape = "\\b"; break;
        case '\f': escape = "\\f"; break;
        case '\n': escape = "\\n"; break;
        case '\r': escape = "\\r"; break;
        case '\t': escape = "\\t"; break;
        case '\v': escape = "\\v"; break;
        case '\\': escape = "\\\\"; break;
        default: break;
        }
      if (escape != NULL)
        g_string_append (text, escape);
      else if (*s == quote)
        g_string_append_printf (text, "\\%c", quote);
      else
        g_string_append_c (text, *s);
    }
  g_string_append_c (text, quote);
  return g_string_free (text, FALSE);
}

/* Object */

static void
domus_xl_config_finalize (GObject *object)
{
  DomusXlConfig *self = DOMUS_XL_CONFIG (object);

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->doc, document_free);
  stamp_clear (&self->stamp);

  G_OBJECT_CLASS (domus_xl_config_parent_class)->finalize (object);
}

static void
domus_xl_config_class_init (DomusXlConfigClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = domus_xl_config_finalize;
}

static void
domus_xl_config_init (DomusXlConfig *self)
{
}

DomusXlConfig *
domus_xl_config_new_from_file (const char  *path,
                               GError     **error)
{
  g_autoptr(DomusXlConfig) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (DOMUS_TYPE_XL_CONFIG, NULL);
  self->path = g_strdup (path);
  self->display_name = g_filename_display_basename (path);
  if (!load (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

DomusXlConfig *
domus_xl_config_new_from_data (const char  *text,
                               const char  *display_name,
                               GError     **error)
{
  g_autoptr(DomusXlConfig) self = NULL;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (DOMUS_TYPE_XL_CONFIG, NULL);
  self->display_name = g_strdup (display_name);
  self->doc = document_parse (text, strlen (text), display_name, error);
  if (self->doc == NULL)
    return NULL;
  return g_steal_pointer (&self);
}

const char *
domus_xl_config_get_path (DomusXlConfig *self)
{
  g_return_val_if_fail (DOMUS_IS_XL_CONFIG (self), NULL);

  return self->path;
}

const GPtrArray *
domus_xl_config_get_warnings (DomusXlConfig *self)
{
  g_return_val_if_fail (DOMUS_IS_XL_CONFIG (self), NULL);

  return self->doc->warnings;
}

GStrv
domus_xl_config_get_keys (DomusXlConfig *self)
{
  GPtrArray *entries;
  GStrv keys;

  g_return_val_if_fail (DOMUS_IS_XL_CONFIG (self), NULL);

  entries = self->doc->entries;
  keys = g_new0 (char *, entries->len + 1);
  for (guint i = 0; i < entries->len; i++)
    keys[i] = g_strdup (((Entry *) g_ptr_array_index (entries, i))->key);
  return keys;
}

static Entry *
lookup (DomusXlConfig *self,
        const char    *key)
{
  return g_hash_table_lookup (self->doc->by_key, key);
}

gboolean
domus_xl_config_has_key (DomusXlConfig *self,
                         const char    *key)
{
  g_return_val_if_fail (DOMUS_IS_XL_CONFIG (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  return lookup (self, key) != NULL;
}

gboolean
domus_xl_config_get_string (DomusXlConfig  *self,
                            const char     *key,
                            char          **out)
{
  Entry *entry;

  g_return_val_if_fail (DOMUS_IS_XL_CONFIG (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  entry = lookup (self, key);
  if (entry == NULL || entry->value->kind == VALUE_LIST)
    return FALSE;
  *out = g_strdup (entry->value->text);
  return TRUE;
}

gboolean
domus_xl_config_get_int (DomusXlConfig *self,
                         const char    *key,
                         gint64        *out)
{
  Entry *entry;
  gint64 value;

  g_return_val_if_fail (DOMUS_IS_XL_CONFIG (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  entry = lookup (self, key);
  if (entry == NULL || entry->value->kind == VALUE_LIST ||
      !parse_number (entry->value->text, &value))
    return FALSE;
  if (entry->value->kind == VALUE_STRING && !entry->noted_quoted)
    {
      entry->noted_quoted = TRUE;
      add_warning (self->doc, entry->line, _("“%s” is a number in quotes"), key);
    }
  *out = value;
  return TRUE;
}

GStrv
domus_xl_config_get_list (DomusXlConfig *self,
                          const char    *key)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  Entry *entry;

  g_return_val_if_fail (DOMUS_IS_XL_CONFIG (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  entry = lookup (self, key);
  if (entry == NULL || entry->value->kind != VALUE_LIST)
    return NULL;

  builder = g_strv_builder_new ();
  for (guint i = 0; i < entry->value->items->len; i++)
    {
      const Value *item = g_ptr_array_index (entry->value->items, i);

      if (item->kind == VALUE_LIST)
        return NULL;
      g_strv_builder_add (builder, item->text);
    }
  return g_strv_builder_end (builder);
}

void
domus_xl_config_set_int (DomusXlConfig *self,
                         const char    *key,
                         gint64         value)
{
  g_autofree char *text = NULL;

  g_return_if_fail (DOMUS_IS_XL_CONFIG (self));
  g_return_if_fail (key != NULL && is_valid_key (key));
  g_return_if_fail (value >= 0);

  text = g_strdup_printf ("%" G_GINT64_FORMAT, value);
  set_value_text (self, key, text);
}

void
domus_xl_config_set_string (DomusXlConfig *self,
                            const char    *key,
                            const char    *value)
{
  g_autoptr(GPtrArray) chain = NULL;
  g_autofree char *text = NULL;
  char quote = '\'';

  g_return_if_fail (DOMUS_IS_XL_CONFIG (self));
  g_return_if_fail (key != NULL && is_valid_key (key));
  g_return_if_fail (value != NULL);

  /* Keep the quotes the file uses for this key. */
  chain = find_chain (self->doc, key);
  if (chain->len > 0 && ((Statement *) g_ptr_array_index (chain, 0))->quote != 0)
    quote = ((Statement *) g_ptr_array_index (chain, 0))->quote;

  text = format_string (value, quote);
  set_value_text (self, key, text);
}

void
domus_xl_config_set_list (DomusXlConfig      *self,
                          const char         *key,
                          const char * const *items)
{
  g_autoptr(GString) text = g_string_new ("[");

  g_return_if_fail (DOMUS_IS_XL_CONFIG (self));
  g_return_if_fail (key != NULL && is_valid_key (key));
  g_return_if_fail (items != NULL);

  for (guint i = 0; items[i] != NULL; i++)
    {
      g_autofree char *item = format_string (items[i], '\'');

      if (i > 0)
        g_string_append (text, ", ");
      g_string_append (text, item);
    }
  g_string_append_c (text, ']');
  set_value_text (self, key, text->str);
}

gboolean
domus_xl_config_remove_key (DomusXlConfig *self,
                            const char    *key)
{
  g_autoptr(GArray) edits = g_array_new (FALSE, FALSE, sizeof (Edit));

  g_return_val_if_fail (DOMUS_IS_XL_CONFIG (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  for (guint i = 0; i < self->doc->statements->len; i++)
    {
      Statement *st = g_ptr_array_index (self->doc->statements, i);

      if (strcmp (st->key, key) == 0)
        {
          Edit edit = removal (self->doc, st);

          g_array_append_val (edits, edit);
        }
    }
  if (edits->len == 0)
    return FALSE;
  apply_edits (self, edits);
  return TRUE;
}

char *
domus_xl_config_to_data (DomusXlConfig *self)
{
  g_return_val_if_fail (DOMUS_IS_XL_CONFIG (self), NULL);

  return g_strndup (self->doc->text, self->doc->len);
}

gboolean
domus_xl_config_save (DomusXlConfig  *self,
                      const char     *path,
                      gboolean        overwrite,
                      GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *display_name = NULL;
  g_autofree char *real = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *tmp_path = NULL;
  g_autofree char *tmp_name = NULL;
  const char *target;
  struct stat old, written;
  gboolean exists, ok;
  int fd, dir_fd, errsv;

  g_return_val_if_fail (DOMUS_IS_XL_CONFIG (self), FALSE);
  g_return_val_if_fail (path != NULL || self->path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  target = path != NULL ? path : self->path;
  display_name = g_filename_display_basename (target);
  if (!overwrite && self->path != NULL && same_path (target, self->path) &&
      !check_unchanged (self, error))
    return FALSE;

  /* Replace the file a symbolic link points to, not the link. */
  real = realpath (target, NULL);
  if (real == NULL)
    real = g_strdup (target);
  exists = stat (real, &old) == 0;

  dir = g_path_get_dirname (real);
  tmp_name = g_path_get_basename (real);
  tmp_path = g_strdup_printf ("%s/.%s.XXXXXX", dir, tmp_name);
  /* A new file gets the umask's mode; an old one's content stays private
   * until the temporary file has that file's mode. */
  fd = g_mkstemp_full (tmp_path, O_RDWR | O_CLOEXEC, exists ? 0600 : 0666);
  if (fd < 0)
    {
      errsv = errno;
      return set_io_error (error, errsv, _("Could not write “%s”: %s"),
                           display_name, g_strerror (errsv));
    }

  if (exists && (old.st_uid != geteuid () || old.st_gid != getegid ()) &&
      fchown (fd, old.st_uid, old.st_gid) != 0)
    g_debug ("Could not give %s the owner of %s: %s", tmp_path, real, g_strerror (errno));
  ok = write_all (fd, self->doc->text, self->doc->len) &&
       (!exists || fchmod (fd, old.st_mode & 07777) == 0) &&
       fsync (fd) == 0 &&
       fstat (fd, &written) == 0;
  errsv = errno;
  if (close (fd) != 0 && ok)
    {
      ok = FALSE;
      errsv = errno;
    }
  if (!ok)
    {
      g_unlink (tmp_path);
      return set_io_error (error, errsv, _("Could not write “%s”: %s"),
                           display_name, g_strerror (errsv));
    }

  if (exists && !keep_backup (real, old.st_mode & 07777, &local_error))
    {
      g_unlink (tmp_path);
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED,
                   _("Could not keep a backup of “%s”: %s"),
                   display_name, local_error->message);
      return FALSE;
    }

  if (fail_before_rename_for_testing || g_rename (tmp_path, real) != 0)
    {
      errsv = fail_before_rename_for_testing ? EIO : errno;
      g_unlink (tmp_path);
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED,
                   _("Could not replace “%s”: %s"), display_name, g_strerror (errsv));
      return FALSE;
    }

  /* The new file is in place either way: a failure here only means a
   * crash could still bring back the old one. */
  dir_fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0 || fsync (dir_fd) != 0)
    g_debug ("Could not sync %s: %s", dir, g_strerror (errno));
  if (dir_fd >= 0)
    close (dir_fd);

  if (path != NULL)
    {
      g_free (self->path);
      self->path = g_strdup (path);
      g_free (self->display_name);
      self->display_name = g_steal_pointer (&display_name);
    }
  stamp_clear (&self->stamp);
  self->stamp.size = self->doc->len;
  self->stamp.mtime = written.st_mtim;
  self->stamp.sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                                    (const guchar *) self->doc->text,
                                                    self->doc->len);
  return TRUE;
}

gboolean
domus_xl_config_reload (DomusXlConfig  *self,
                        GError        **error)
{
  g_return_val_if_fail (DOMUS_IS_XL_CONFIG (self), FALSE);
  g_return_val_if_fail (self->path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return load (self, error);
}

void
domus_xl_config_set_fail_before_rename_for_testing (gboolean fail)
{
  fail_before_rename_for_testing = fail;
}
