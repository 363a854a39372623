/* domus-xl-config.c
 *
 * The config object: the file it came from (read, saved atomically with
 * a backup, changes by others noticed), the values xl would use, and edits
 * that rewrite only the bytes of the settings they change. Reading the
 * text is domus-xl-document.c's.
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
#include "domus-xl-document.h"

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
  DomusXlDocument *doc;
  Stamp     stamp;
};

G_DEFINE_FINAL_TYPE (DomusXlConfig, domus_xl_config, G_TYPE_OBJECT)

static gboolean fail_before_rename_for_testing;

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
  DomusXlDocument *doc;

  if (!read_file (self->path, self->display_name, &contents, &stamp, error))
    return FALSE;
  doc = domus_xl_document_parse (contents->str, contents->len, self->display_name, error);
  if (doc == NULL)
    return FALSE;

  g_clear_pointer (&self->doc, domus_xl_document_free);
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
  DomusXlDocument *doc = domus_xl_document_parse (text->str, text->len, self->display_name, &error);

  /* Edits only ever write what the parser reads back. */
  if (doc == NULL)
    g_error ("An edit broke the config: %s", error->message);

  g_clear_pointer (&self->doc, domus_xl_document_free);
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
removal (DomusXlDocument  *doc,
         DomusXlStatement *st)
{
  Edit edit = { st->start, st->end, "" };

  if (st->alone)
    {
      edit.start = st->line_start;
      edit.end = st->line_end + (st->line_end < doc->len);
    }
  else
    {
      while (domus_xl_is_blank (doc->text[edit.end]))
        edit.end++;
    }
  return edit;
}

/* The settings that make the value of @key: its last "=" and the "+="
 * after it, or all its "+=" when it has no "=". */
static GPtrArray *
find_chain (DomusXlDocument *doc,
            const char      *key)
{
  GPtrArray *chain = g_ptr_array_new ();

  for (guint i = 0; i < doc->statements->len; i++)
    {
      DomusXlStatement *st = g_ptr_array_index (doc->statements, i);

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
  DomusXlDocument *doc = self->doc;
  g_autoptr(GString) text = g_string_new_len (doc->text, doc->len);
  DomusXlStatement *last = NULL;
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
  DomusXlStatement *first;

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
  g_clear_pointer (&self->doc, domus_xl_document_free);
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
  self->doc = domus_xl_document_parse (text, strlen (text), display_name, error);
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
    keys[i] = g_strdup (((DomusXlEntry *) g_ptr_array_index (entries, i))->key);
  return keys;
}

static DomusXlEntry *
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
  DomusXlEntry *entry;

  g_return_val_if_fail (DOMUS_IS_XL_CONFIG (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  entry = lookup (self, key);
  if (entry == NULL || entry->value->kind == DOMUS_XL_VALUE_LIST)
    return FALSE;
  *out = g_strdup (entry->value->text);
  return TRUE;
}

gboolean
domus_xl_config_get_int (DomusXlConfig *self,
                         const char    *key,
                         gint64        *out)
{
  DomusXlEntry *entry;
  gint64 value;

  g_return_val_if_fail (DOMUS_IS_XL_CONFIG (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  entry = lookup (self, key);
  if (entry == NULL || entry->value->kind == DOMUS_XL_VALUE_LIST ||
      !domus_xl_parse_number (entry->value->text, &value))
    return FALSE;
  if (entry->value->kind == DOMUS_XL_VALUE_STRING && !entry->noted_quoted)
    {
      entry->noted_quoted = TRUE;
      domus_xl_document_add_warning (self->doc, entry->line, _("“%s” is a number in quotes"), key);
    }
  *out = value;
  return TRUE;
}

GStrv
domus_xl_config_get_list (DomusXlConfig *self,
                          const char    *key)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  DomusXlEntry *entry;

  g_return_val_if_fail (DOMUS_IS_XL_CONFIG (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  entry = lookup (self, key);
  if (entry == NULL || entry->value->kind != DOMUS_XL_VALUE_LIST)
    return NULL;

  builder = g_strv_builder_new ();
  for (guint i = 0; i < entry->value->items->len; i++)
    {
      const DomusXlValue *item = g_ptr_array_index (entry->value->items, i);

      if (item->kind == DOMUS_XL_VALUE_LIST)
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
  g_return_if_fail (key != NULL && domus_xl_is_valid_key (key));
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
  g_return_if_fail (key != NULL && domus_xl_is_valid_key (key));
  g_return_if_fail (value != NULL);

  /* Keep the quotes the file uses for this key. */
  chain = find_chain (self->doc, key);
  if (chain->len > 0 && ((DomusXlStatement *) g_ptr_array_index (chain, 0))->quote != 0)
    quote = ((DomusXlStatement *) g_ptr_array_index (chain, 0))->quote;

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
  g_return_if_fail (key != NULL && domus_xl_is_valid_key (key));
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
      DomusXlStatement *st = g_ptr_array_index (self->doc->statements, i);

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

/* Writes the text to a new file beside @real, with @old's mode and owner
 * when it replaces one: its path, or NULL and @error. */
static char *
write_temporary (DomusXlConfig      *self,
                 const char         *real,
                 const struct stat  *old,
                 struct stat        *written,
                 const char         *display_name,
                 GError            **error)
{
  g_autofree char *dir = g_path_get_dirname (real);
  g_autofree char *name = g_path_get_basename (real);
  g_autofree char *tmp_path = g_strdup_printf ("%s/.%s.XXXXXX", dir, name);
  gboolean ok;
  int fd, errsv;

  /* A new file gets the umask's mode; an old one's content stays private
   * until the temporary file has that file's mode. */
  fd = g_mkstemp_full (tmp_path, O_RDWR | O_CLOEXEC, old != NULL ? 0600 : 0666);
  if (fd < 0)
    {
      errsv = errno;
      set_io_error (error, errsv, _("Could not write “%s”: %s"), display_name, g_strerror (errsv));
      return NULL;
    }

  if (old != NULL && (old->st_uid != geteuid () || old->st_gid != getegid ()) &&
      fchown (fd, old->st_uid, old->st_gid) != 0)
    g_debug ("Could not give %s the owner of %s: %s", tmp_path, real, g_strerror (errno));
  ok = write_all (fd, self->doc->text, self->doc->len) &&
       (old == NULL || fchmod (fd, old->st_mode & 07777) == 0) &&
       fsync (fd) == 0 &&
       fstat (fd, written) == 0;
  errsv = errno;
  if (close (fd) != 0 && ok)
    {
      ok = FALSE;
      errsv = errno;
    }
  if (!ok)
    {
      g_unlink (tmp_path);
      set_io_error (error, errsv, _("Could not write “%s”: %s"), display_name, g_strerror (errsv));
      return NULL;
    }
  return g_steal_pointer (&tmp_path);
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
  const char *target;
  struct stat old, written;
  gboolean exists;
  int dir_fd, errsv;

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
  tmp_path = write_temporary (self, real, exists ? &old : NULL, &written, display_name, error);
  if (tmp_path == NULL)
    return FALSE;

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
