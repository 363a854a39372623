/* domus-partial-file.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-partial-file"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "domus-error.h"
#include "domus-partial-file.h"

#define PARTIAL_SUFFIX ".partial"

static void
set_write_error (GError     **error,
                 const char  *path,
                 int          errsv)
{
  g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED, _("Cannot write “%s”: %s"),
               path, g_strerror (errsv));
}

int
domus_partial_file_create (const char  *path,
                           char       **partial_path,
                           GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *name = NULL;
  g_autofree char *tmpl = NULL;
  int fd;

  g_return_val_if_fail (path != NULL && path[0] != '\0', -1);
  g_return_val_if_fail (partial_path != NULL, -1);

  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  name = g_strconcat (".", base, ".XXXXXX" PARTIAL_SUFFIX, NULL);
  tmpl = g_build_filename (dir, name, NULL);
  /* O_CREAT | O_EXCL with a random name: a new file, never a link's target. */
  fd = g_mkstemp_full (tmpl, O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0)
    {
      set_write_error (error, path, errno);
      return -1;
    }
  *partial_path = g_steal_pointer (&tmpl);
  return fd;
}

gboolean
domus_partial_file_write (int          fd,
                          const void  *data,
                          gsize        len,
                          const char  *path,
                          GError     **error)
{
  const guint8 *p = data;

  while (len > 0)
    {
      gssize n = write (fd, p, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          set_write_error (error, path, errno);
          return FALSE;
        }
      p += n;
      len -= (gsize) n;
    }
  return TRUE;
}

gboolean
domus_partial_file_commit (const char  *partial_path,
                           const char  *path,
                           GError     **error)
{
  g_autofree char *dir = NULL;
  int fd, dir_fd;
  int errsv = 0;

  g_return_val_if_fail (partial_path != NULL && path != NULL, FALSE);

  /* On disk before it gets its name, so that a crash never leaves a NAME
   * with a hole in it. */
  fd = g_open (partial_path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW, 0);
  if (fd < 0 || fsync (fd) != 0)
    errsv = errno;
  if (fd >= 0)
    close (fd);
  if (errsv == 0 && g_rename (partial_path, path) != 0)
    errsv = errno;
  if (errsv != 0)
    {
      g_unlink (partial_path);
      set_write_error (error, path, errsv);
      return FALSE;
    }

  /* The file is in place either way: a failure here only means a crash
   * could still take the new name away. */
  dir = g_path_get_dirname (path);
  dir_fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  if (dir_fd < 0 || fsync (dir_fd) != 0)
    g_debug ("Could not sync %s: %s", dir, g_strerror (errno));
  if (dir_fd >= 0)
    close (dir_fd);
  return TRUE;
}

gboolean
domus_partial_file_is_partial (const char *path)
{
  g_autofree char *base = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  base = g_path_get_basename (path);
  return base[0] == '.' && g_str_has_suffix (base, PARTIAL_SUFFIX)
         && strlen (base) > strlen ("." PARTIAL_SUFFIX);
}
