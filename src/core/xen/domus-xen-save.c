/* domus-xen-save.c
 *
 * The layout is xl's (tools/xl/xl.h, struct save_file_header): 32 bytes of
 * magic, then four 32-bit words in the saving host's byte order: 0x01020304,
 * mandatory flags, optional flags, the length of the optional data. The
 * optional data is a 32-bit length and the configuration as JSON with its
 * terminating NUL.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-xen-save"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <unistd.h>

#include "domus-error.h"
#include "domus-json-check.h"
#include "domus-limits.h"
#include "domus-partial-file.h"
#include "domus-xen-save.h"

static const char save_magic[32] = "Xen saved domain, xl format\n \0 \r";

#define SAVE_BYTEORDER      0x01020304u
#define SAVE_FLAG_JSON      (1u << 0)
#define SAVE_FLAG_STREAMV2  (1u << 1)

typedef struct
{
  char    magic[32];
  guint32 byteorder;
  guint32 mandatory_flags;
  guint32 optional_flags;
  guint32 optional_data_len;
} SaveHeader;

G_STATIC_ASSERT (sizeof (SaveHeader) == 48);

static gboolean
write_all (int            fd,
           const guint8  *data,
           gsize          len,
           GError       **error)
{
  while (len > 0)
    {
      gssize n = write (fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED,
                       _("Cannot write the save file: %s"), g_strerror (saved));
          return FALSE;
        }
      data += n;
      len -= (gsize) n;
    }
  return TRUE;
}

gboolean
domus_xen_save_write_header (int          fd,
                             const char  *config_json,
                             GError     **error)
{
  SaveHeader header = { { 0 } };
  guint32 config_len = (guint32) strlen (config_json) + 1;
  g_autoptr(GByteArray) bytes = g_byte_array_new ();

  memcpy (header.magic, save_magic, sizeof header.magic);
  header.byteorder = SAVE_BYTEORDER;
  header.mandatory_flags = SAVE_FLAG_STREAMV2 | SAVE_FLAG_JSON;
  header.optional_data_len = (guint32) sizeof config_len + config_len;

  g_byte_array_append (bytes, (const guint8 *) &header, sizeof header);
  g_byte_array_append (bytes, (const guint8 *) &config_len, sizeof config_len);
  g_byte_array_append (bytes, (const guint8 *) config_json, config_len);
  return write_all (fd, bytes->data, bytes->len, error);
}

int
domus_xen_save_create (const char  *path,
                       const char  *config_json,
                       char       **partial_path,
                       GError     **error)
{
  g_autofree char *partial = NULL;
  int fd;

  if ((fd = domus_partial_file_create (path, &partial, error)) < 0)
    return -1;
  if (!domus_xen_save_write_header (fd, config_json, error))
    {
      close (fd);
      g_unlink (partial);
      return -1;
    }
  *partial_path = g_steal_pointer (&partial);
  return fd;
}

static gboolean
read_exactly (int      fd,
              void    *buffer,
              gsize    len)
{
  guint8 *p = buffer;

  while (len > 0)
    {
      gssize n = read (fd, p, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      p += n;
      len -= (gsize) n;
    }
  return TRUE;
}

/* Opens the save file at @path and reads its header and configuration:
 * returns the descriptor, with the configuration's root object in @parser
 * and the offset of libxl's stream in @stream_at; or -1 with a DOMUS_ERROR
 * saying why the file is no xl save file. */
static int
open_save (const char   *path,
           JsonParser   *parser,
           JsonObject  **c_info,
           off_t        *stream_at,
           GError      **error)
{
  g_autofree char *basename = g_path_get_basename (path);
  g_autofree char *json = NULL;
  g_autoptr(GError) local_error = NULL;
  SaveHeader header;
  guint32 config_len = 0;
  JsonNode *root;
  JsonNode *node = NULL;
  int fd;

  if ((fd = g_open (path, O_RDONLY | O_CLOEXEC, 0)) < 0)
    {
      int saved = errno;

      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND, _("Cannot read “%s”: %s"),
                   basename, g_strerror (saved));
      return -1;
    }

  if (!read_exactly (fd, &header, sizeof header)
      || memcmp (header.magic, save_magic, sizeof header.magic) != 0)
    {
      close (fd);
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE,
                   _("“%s” is not a domain saved by xl or Domus"), basename);
      return -1;
    }
  if (header.byteorder != SAVE_BYTEORDER
      || (header.mandatory_flags & ~(SAVE_FLAG_JSON | SAVE_FLAG_STREAMV2)) != 0
      || !(header.mandatory_flags & SAVE_FLAG_JSON)
      || header.optional_data_len < sizeof config_len
      || !read_exactly (fd, &config_len, sizeof config_len)
      || config_len == 0 || config_len > DOMUS_MAX_XL_SAVE_CONFIG_SIZE
      || config_len > header.optional_data_len - sizeof config_len)
    {
      close (fd);
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE,
                   _("“%s” was saved in a form this host cannot restore (another byte order, or no configuration in it)"),
                   basename);
      return -1;
    }

  json = g_malloc0 (config_len + 1);
  if (!read_exactly (fd, json, config_len))
    {
      close (fd);
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE, _("“%s” is cut short"), basename);
      return -1;
    }
  *stream_at = (off_t) (sizeof header + header.optional_data_len);

  if (!domus_json_parse (parser, json, -1, DOMUS_MAX_XL_SAVE_CONFIG_SIZE, &local_error)
      && g_error_matches (local_error, DOMUS_ERROR, DOMUS_ERROR_TOO_LARGE))
    {
      close (fd);
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_TOO_LARGE,
                   _("The configuration inside “%s” is damaged: %s"), basename, local_error->message);
      return -1;
    }
  if (local_error == NULL
      && (root = json_parser_get_root (parser)) != NULL
      && JSON_NODE_HOLDS_OBJECT (root))
    node = json_object_get_member (json_node_get_object (root), "c_info");
  *c_info = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  if (*c_info == NULL || json_object_get_string_member_with_default (*c_info, "name", "")[0] == '\0')
    {
      close (fd);
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE,
                   _("The configuration inside “%s” is damaged: it names no domain"), basename);
      return -1;
    }
  return fd;
}

char *
domus_xen_save_read_name (const char  *path,
                          GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *c_info;
  off_t stream_at;
  char *name;
  int fd;

  if ((fd = open_save (path, parser, &c_info, &stream_at, error)) < 0)
    return NULL;
  close (fd);
  name = g_strdup (json_object_get_string_member (c_info, "name"));
  return name;
}

/* libxl's stream, from @in's offset to its end, to @out. */
static gboolean
copy_stream (int      in,
             int      out,
             GError **error)
{
  g_autofree guint8 *buffer = g_malloc (1024 * 1024);

  for (;;)
    {
      gssize n = read (in, buffer, 1024 * 1024);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED,
                       _("Cannot read the save file: %s"), g_strerror (saved));
          return FALSE;
        }
      if (n == 0)
        return TRUE;
      if (!write_all (out, buffer, (gsize) n, error))
        return FALSE;
    }
}

char *
domus_xen_save_copy_renamed (const char  *path,
                             const char  *new_name,
                             GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *json = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *partial = NULL;
  JsonObject *c_info;
  off_t stream_at;
  gboolean copied;
  int in, out;

  if ((in = open_save (path, parser, &c_info, &stream_at, error)) < 0)
    return NULL;
  /* A new name and a new identity: Xen takes two domains of one UUID, but
   * the tools that tell domains apart by it would mix them up. */
  json_object_set_string_member (c_info, "name", new_name);
  json_object_set_string_member (c_info, "uuid", uuid);
  json_generator_set_root (generator, json_parser_get_root (parser));
  json = json_generator_to_data (generator, NULL);

  if ((out = domus_xen_save_create (path, json, &partial, error)) < 0)
    {
      close (in);
      return NULL;
    }
  copied = lseek (in, stream_at, SEEK_SET) == stream_at && copy_stream (in, out, error);
  if (!copied && error != NULL && *error == NULL)
    g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE, _("“%s” is cut short"), path);
  close (in);
  if (close (out) != 0 && copied)
    {
      int saved = errno;

      copied = FALSE;
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED,
                   _("Cannot write the save file: %s"), g_strerror (saved));
    }
  if (!copied)
    {
      g_unlink (partial);
      return NULL;
    }
  return g_steal_pointer (&partial);
}
