/* domus-input.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-input"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "domus-error.h"
#include "domus-input.h"

#define CHUNK_SIZE (64 * 1024)

struct _DomusInputLines
{
  int       fd;
  gsize     max_line;
  GString  *buffer;
  gsize     start;     /* in buffer, of the line after the one returned last */
  guint     number;
  gboolean  at_end;    /* of the file: buffer holds the rest */
};

static void
set_errno_error (GError **error,
                 int      errsv)
{
  g_set_error_literal (error, DOMUS_ERROR,
                       errsv == ENOENT ? DOMUS_ERROR_NOT_FOUND : DOMUS_ERROR_FAILED,
                       g_strerror (errsv));
}

static void
set_too_large_error (GError **error,
                     gsize    limit)
{
  g_autofree char *size = g_format_size_full (limit, G_FORMAT_SIZE_IEC_UNITS);

  /* TRANSLATORS: after “Cannot read “FILE”: ”; %s is a size such as “1.0 MiB” */
  g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_TOO_LARGE, _("it is over the size limit of %s"),
               size);
}

/* Opens @path for reading when it is a regular file. Opening does not wait
 * for a FIFO's writer; the descriptor blocks again afterwards. */
static int
open_regular (const char   *path,
              struct stat  *info,
              GError      **error)
{
  int fd = open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  int flags;

  if (fd < 0)
    {
      set_errno_error (error, errno);
      return -1;
    }
  if (fstat (fd, info) != 0 || (flags = fcntl (fd, F_GETFL)) < 0
      || fcntl (fd, F_SETFL, flags & ~O_NONBLOCK) < 0)
    {
      int errsv = errno;

      close (fd);
      set_errno_error (error, errsv);
      return -1;
    }
  if (!S_ISREG (info->st_mode))
    {
      close (fd);
      /* TRANSLATORS: after “Cannot read “FILE”: ” */
      g_set_error_literal (error, DOMUS_ERROR, DOMUS_ERROR_FAILED, _("it is not a regular file"));
      return -1;
    }
  return fd;
}

/* Appends at most @max bytes read from @fd to @buffer; returns how many (0 at
 * the end of the file), or -1 with @error set. */
static gssize
read_some (int       fd,
           GString  *buffer,
           gsize     max,
           GError  **error)
{
  gsize old_len = buffer->len;
  gssize n;

  g_string_set_size (buffer, old_len + max);
  do
    n = read (fd, buffer->str + old_len, max);
  while (n < 0 && errno == EINTR);
  g_string_set_size (buffer, old_len + MAX (n, 0));
  if (n < 0)
    set_errno_error (error, errno);
  return n;
}

gboolean
domus_input_read_file (const char   *path,
                       gsize         limit,
                       char        **contents,
                       gsize        *length,
                       struct stat  *info,
                       GError      **error)
{
  g_autoptr(GString) text = NULL;
  struct stat st;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (contents != NULL, FALSE);

  if ((fd = open_regular (path, &st, error)) < 0)
    return FALSE;
  if (st.st_size > 0 && (guint64) st.st_size > limit)
    {
      close (fd);
      set_too_large_error (error, limit);
      return FALSE;
    }

  /* The file may grow while it is read: read one byte past the limit to know. */
  text = g_string_sized_new (st.st_size + 1);
  for (;;)
    {
      gssize n = read_some (fd, text, MIN (CHUNK_SIZE, limit + 1 - text->len), error);

      if (n < 0)
        {
          close (fd);
          return FALSE;
        }
      if (text->len > limit)
        {
          close (fd);
          set_too_large_error (error, limit);
          return FALSE;
        }
      if (n == 0)
        break;
    }
  close (fd);

  if (length != NULL)
    *length = text->len;
  if (info != NULL)
    *info = st;
  *contents = g_string_free (g_steal_pointer (&text), FALSE);
  return TRUE;
}

DomusInputLines *
domus_input_lines_open (const char  *path,
                        gsize        max_line,
                        GError     **error)
{
  DomusInputLines *lines;
  struct stat st;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  if ((fd = open_regular (path, &st, error)) < 0)
    return NULL;

  lines = g_new0 (DomusInputLines, 1);
  lines->fd = fd;
  lines->max_line = max_line;
  lines->buffer = g_string_new (NULL);
  return lines;
}

char *
domus_input_lines_next (DomusInputLines  *lines,
                        GError          **error)
{
  gsize searched = 0;   /* bytes after start known to hold no "\n" */

  g_return_val_if_fail (lines != NULL, NULL);

  for (;;)
    {
      char *line = lines->buffer->str + lines->start;
      gsize available = lines->buffer->len - lines->start;
      char *newline = memchr (line + searched, '\n', available - searched);
      gsize line_length = newline != NULL ? (gsize) (newline - line) : available;

      if (line_length > lines->max_line)
        {
          g_autofree char *size = g_format_size_full (lines->max_line, G_FORMAT_SIZE_IEC_UNITS);

          g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_TOO_LARGE,
                       /* TRANSLATORS: after “Cannot read “FILE”: ”; %s is a size such as “1.0 MiB” */
                       _("line %u is over the size limit of %s"), lines->number + 1, size);
          return NULL;
        }
      if (newline != NULL || (lines->at_end && available > 0))
        {
          lines->number++;
          lines->start += line_length + (newline != NULL);
          line[line_length] = '\0';
          return line;
        }
      if (lines->at_end)
        return NULL;

      /* Keep only the line being read, then read more. */
      g_string_erase (lines->buffer, 0, lines->start);
      lines->start = 0;
      searched = available;
      switch (read_some (lines->fd, lines->buffer, CHUNK_SIZE, error))
        {
        case -1:
          return NULL;
        case 0:
          lines->at_end = TRUE;
          break;
        default:
          break;
        }
    }
}

guint
domus_input_lines_get_number (DomusInputLines *lines)
{
  g_return_val_if_fail (lines != NULL, 0);

  return lines->number;
}

void
domus_input_lines_free (DomusInputLines *lines)
{
  if (lines == NULL)
    return;

  close (lines->fd);
  g_string_free (lines->buffer, TRUE);
  g_free (lines);
}
