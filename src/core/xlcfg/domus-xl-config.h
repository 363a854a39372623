/* domus-xl-config.h: read and edit xl domain configuration files
 *
 * A DomusXlConfig holds the text of an xl.cfg(5) file and the settings
 * it makes. Edits change only the text of the settings they touch: every
 * other byte (comments, blank lines, spacing, order) stays as it was, so
 * a config written back without changes is the file as read.
 *
 * Syntax, as xl's own parser (libxlutil) reads it:
 *  - KEY = VALUE, ended by a newline or ";"; KEY += VALUE appends to the
 *    value set before (strings are joined, lists concatenated);
 *  - KEY is lowercase letters, digits and "_", starting with a letter;
 *  - VALUE is a 'string' or "string" (one line, C-like backslash escapes),
 *    a number (decimal, 0x hexadecimal, 0 octal) or a list
 *    [ VALUE, VALUE, ] that may span lines, hold comments, end with a
 *    comma and nest;
 *  - "#" starts a comment to the end of the line, outside strings.
 *
 * Leniencies, each reported in the warnings rather than refused:
 *  - an unquoted word (vif = [ bridge=virbr0 ], root = /dev/xvdc), as
 *    the Xen lab guides write them, reads as a string;
 *  - a key set twice with "=": xl uses the last one, and so does this;
 *  - a number in quotes (memory = '256', as xen-tools writes it) reads
 *    as a number through domus_xl_config_get_int(), which notes it.
 * Anything else xl would refuse fails with DOMUS_ERROR_PARSE and a
 * message "FILE:LINE: reason".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define DOMUS_TYPE_XL_CONFIG (domus_xl_config_get_type ())
G_DECLARE_FINAL_TYPE (DomusXlConfig, domus_xl_config, DOMUS, XL_CONFIG, GObject)

DomusXlConfig    *domus_xl_config_new_from_file (const char          *path,
                                                 GError             **error);
/* @display_name names the text in error messages ("debian.cfg:7: …"). */
DomusXlConfig    *domus_xl_config_new_from_data (const char          *text,
                                                 const char          *display_name,
                                                 GError             **error);

/* The file this config was read from or last saved to; NULL for one made
 * from data and never saved. */
const char       *domus_xl_config_get_path      (DomusXlConfig       *self);
/* "LINE: text" for each leniency above, in the order met. */
const GPtrArray  *domus_xl_config_get_warnings  (DomusXlConfig       *self);

/* Keys in the order they first appear. */
GStrv             domus_xl_config_get_keys      (DomusXlConfig       *self);
gboolean          domus_xl_config_has_key       (DomusXlConfig       *self,
                                                 const char          *key);
/* A single value, string or number (as written); FALSE for a list or a
 * missing key. */
gboolean          domus_xl_config_get_string    (DomusXlConfig       *self,
                                                 const char          *key,
                                                 char               **out);
/* A number, or a string holding one (with a warning); FALSE otherwise. */
gboolean          domus_xl_config_get_int       (DomusXlConfig       *self,
                                                 const char          *key,
                                                 gint64              *out);
/* The items of a list of single values; NULL for anything else,
 * including a list of lists such as vnuma. */
GStrv             domus_xl_config_get_list      (DomusXlConfig       *self,
                                                 const char          *key);

/* Setters change the value that xl uses (the last "=" of @key and the
 * "+=" after it, which are folded into it) and keep the rest of its line;
 * a new key goes at the end of the file, after a blank line unless the
 * file ends with a blank line or a setting. A list replaced this way is
 * written on one line, losing comments inside it. */
void              domus_xl_config_set_int       (DomusXlConfig       *self,
                                                 const char          *key,
                                                 gint64               value);
void              domus_xl_config_set_string    (DomusXlConfig       *self,
                                                 const char          *key,
                                                 const char          *value);
/* Written as ['a', 'b']. */
void              domus_xl_config_set_list      (DomusXlConfig       *self,
                                                 const char          *key,
                                                 const char * const  *items);
/* Removes every setting of @key, with the comment on its line; FALSE
 * when there was none. */
gboolean          domus_xl_config_remove_key    (DomusXlConfig       *self,
                                                 const char          *key);

char             *domus_xl_config_to_data       (DomusXlConfig       *self);

/* Writes the text to @path, or to the file it was read from when @path is
 * NULL, and from then on belongs to that path. The write is atomic: a
 * temporary file in the same directory, synced, with the old file's mode,
 * renamed over the target; the previous file is kept as "NAME.bak".
 * Saving over the file it was read from fails with DOMUS_ERROR_BUSY if
 * that file changed on disk since (size, time or content), unless
 * @overwrite is TRUE. */
gboolean          domus_xl_config_save          (DomusXlConfig       *self,
                                                 const char          *path,
                                                 gboolean             overwrite,
                                                 GError             **error);
/* Reads the file again, dropping unsaved edits; on failure nothing changes. */
gboolean          domus_xl_config_reload        (DomusXlConfig       *self,
                                                 GError             **error);

G_END_DECLS
