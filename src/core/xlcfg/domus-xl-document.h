/* domus-xl-document.h: an xl config text, parsed as xl reads it
 *
 * What DomusXlConfig reads and edits: the text, each "key = value"
 * statement in it located by byte offsets (so that an edit rewrites only
 * its own bytes and keeps comments and layout), the value xl would use for
 * each key after every "=" and "+=", and warnings about what xl reads
 * differently from how it looks. Internal to src/core/xlcfg/.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A parsed value. Strings and numbers are both "atoms" to xl. */
typedef enum
{
  DOMUS_XL_VALUE_STRING,
  DOMUS_XL_VALUE_NUMBER,
  DOMUS_XL_VALUE_LIST,
} DomusXlValueKind;

typedef struct
{
  DomusXlValueKind  kind;
  char             *text;   /* STRING: without quotes or escapes; NUMBER: as written */
  GPtrArray        *items;  /* LIST: DomusXlValue */
} DomusXlValue;

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
} DomusXlStatement;

/* The value xl would use for a key, after every "=" and "+=". */
typedef struct
{
  char         *key;
  DomusXlValue *value;
  guint         line;            /* of the last setting that made the value */
  gboolean      noted_quoted;    /* a warning says it is a number in quotes */
} DomusXlEntry;

typedef struct
{
  char       *text;
  gsize       len;
  GPtrArray  *statements;  /* DomusXlStatement, in text order */
  GPtrArray  *entries;     /* DomusXlEntry, in order of first appearance */
  GHashTable *by_key;      /* key → DomusXlEntry (borrowed) */
  GPtrArray  *warnings;    /* "LINE: text" */
} DomusXlDocument;

/* The text parsed as xl would, or NULL and @error (DOMUS_ERROR_PARSE,
 * "NAME:LINE: reason", NAME being @display_name). */
DomusXlDocument *domus_xl_document_parse       (const char       *text,
                                                gsize             len,
                                                const char       *display_name,
                                                GError          **error);
void             domus_xl_document_free        (DomusXlDocument  *doc);
/* Adds "LINE: text" to @doc's warnings. */
void             domus_xl_document_add_warning (DomusXlDocument  *doc,
                                                guint             line,
                                                const char       *format,
                                                ...) G_GNUC_PRINTF (3, 4);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DomusXlDocument, domus_xl_document_free)

/* A space, a tab or a carriage return: what separates words on a line. */
gboolean         domus_xl_is_blank             (char              c);
/* As xl's lexer: [a-z][_0-9a-z]* */
gboolean         domus_xl_is_valid_key         (const char       *key);
/* As xl reads numbers, with strtol() in base 0: 0x… is hexadecimal and a
 * leading 0 octal. */
gboolean         domus_xl_parse_number         (const char       *text,
                                                gint64           *out);

G_END_DECLS
