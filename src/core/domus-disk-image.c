/* domus-disk-image.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-disk-image"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "domus-disk-image.h"

typedef struct
{
  char    *path;
  guint64  size;
} Job;

static void
job_free (Job *job)
{
  g_free (job->path);
  g_free (job);
}

static void
set_io_error (GError     **error,
              int          saved_errno,
              const char  *path)
{
  if (saved_errno == EEXIST)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                 _("%s already exists: Domus never overwrites a disk image"), path);
  else
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                 /* TRANSLATORS: a file path, then the system's reason */
                 _("Cannot create the disk image %s: %s"), path, g_strerror (saved_errno));
}

static void
create_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  Job *job = data;
  g_autofree char *dir = g_path_get_dirname (job->path);
  GError *error = NULL;
  int fd;

  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      set_io_error (&error, errno, job->path);
      g_task_return_error (task, error);
      return;
    }
  fd = open (job->path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      set_io_error (&error, errno, job->path);
      g_task_return_error (task, error);
      return;
    }
  /* Sparse: the size is set, no block is written. */
  if (ftruncate (fd, (off_t) job->size) != 0 || fsync (fd) != 0)
    set_io_error (&error, errno, job->path);
  close (fd);

  if (error != NULL || g_cancellable_set_error_if_cancelled (cancellable, &error))
    {
      g_unlink (job->path);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

void
domus_disk_image_create_async (const char          *path,
                               guint64              size,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (path != NULL && g_path_is_absolute (path));
  g_return_if_fail (size > 0);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, domus_disk_image_create_async);
  g_task_set_return_on_cancel (task, FALSE);
  job = g_new0 (Job, 1);
  job->path = g_strdup (path);
  job->size = size;
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, create_thread);
}

gboolean
domus_disk_image_create_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
