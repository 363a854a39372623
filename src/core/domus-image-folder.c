/* domus-image-folder.c: see domus-image-folder.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-storage"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "domus-error.h"
#include "domus-image-folder.h"
#include "domus-limits.h"

#define ATTRIBUTES G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_STANDARD_TYPE "," \
                   G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_UNIX_BLOCKS

static gboolean
read_at (int     fd,
         guint8 *buffer,
         gsize   length,
         off_t   offset)
{
  gsize done = 0;

  while (done < length)
    {
      ssize_t n = pread (fd, buffer + done, length - done, offset + done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      done += n;
    }
  return TRUE;
}

DomusImageFormat
domus_image_folder_detect_file (const char *path,
                                guint64     size)
{
  guint8 head[DOMUS_IMAGE_HEAD_SIZE], iso[5], tail[DOMUS_IMAGE_TAIL_SIZE];
  gboolean has_iso, has_tail;
  ssize_t head_length;
  DomusImageFormat format;
  int fd;

  /* O_NONBLOCK: a FIFO put there in the meantime does not hang the read. */
  if ((fd = g_open (path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0)) < 0)
    return DOMUS_IMAGE_FORMAT_RAW;
  do
    head_length = pread (fd, head, sizeof head, 0);
  while (head_length < 0 && errno == EINTR);
  has_iso = size >= DOMUS_IMAGE_ISO_OFFSET + sizeof iso && read_at (fd, iso, sizeof iso, DOMUS_IMAGE_ISO_OFFSET);
  has_tail = size >= sizeof tail && read_at (fd, tail, sizeof tail, size - sizeof tail);
  format = domus_image_format_detect (head, MAX (head_length, 0), has_iso ? iso : NULL, has_tail ? tail : NULL);
  close (fd);
  return format;
}

static gboolean
list_folder (DomusImageSample  *sample,
             GFile             *folder,
             guint              depth,
             GCancellable      *cancellable,
             GError           **error)
{
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GError) local_error = NULL;

  children = g_file_enumerate_children (folder, ATTRIBUTES, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, cancellable,
                                        &local_error);
  if (children == NULL)
    {
      /* A folder below it that cannot be read is left out, not the whole. */
      if (depth > 0 && !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  for (;;)
    {
      GFileInfo *info = NULL;
      GFile *child = NULL;

      if (!g_file_enumerator_iterate (children, &info, &child, cancellable, error))
        return FALSE;
      if (info == NULL)
        return TRUE;
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        {
          if (depth + 1 < DOMUS_IMAGE_FOLDER_DEPTH && !list_folder (sample, child, depth + 1, cancellable, error))
            return FALSE;
        }
      else if (g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR)
        {
          g_autofree char *path = g_file_get_path (child);
          guint64 size = g_file_info_get_size (info);

          if (sample->images->len >= DOMUS_MAX_IMAGES)
            {
              g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_TOO_LARGE,
                           _("%s holds more than %u files: choose the folder of the disk images"),
                           sample->folder, DOMUS_MAX_IMAGES);
              return FALSE;
            }
          domus_image_sample_add (sample, path, size,
                                  g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_UNIX_BLOCKS) * 512,
                                  domus_image_folder_detect_file (path, size));
        }
    }
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (((const DomusImageFileSample *) a)->path, ((const DomusImageFileSample *) b)->path);
}

DomusImageSample *
domus_image_folder_read (const char    *folder,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(DomusImageSample) sample = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *canonical = NULL;

  if (folder == NULL || !g_path_is_absolute (folder))
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                   _("The image folder must be an absolute path, not “%s”"), folder != NULL ? folder : "");
      return NULL;
    }
  canonical = g_canonicalize_filename (folder, "/");
  sample = domus_image_sample_new (canonical);
  file = g_file_new_for_path (canonical);
  if (!list_folder (sample, file, 0, cancellable, &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND, _("There is no folder %s on this host"), canonical);
      else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY))
        g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT, _("%s is not a folder"), canonical);
      else if (local_error->domain == G_IO_ERROR && local_error->code != G_IO_ERROR_CANCELLED)
        g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED, _("Cannot read the folder %s: %s"), canonical,
                     local_error->message);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  g_array_sort (sample->images, compare_paths);
  return g_steal_pointer (&sample);
}

static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  DomusImageSample *sample = domus_image_folder_read (task_data, cancellable, &error);

  if (sample == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, sample, (GDestroyNotify) domus_image_sample_free);
}

void
domus_image_folder_read_async (const char          *folder,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, domus_image_folder_read_async);
  g_task_set_task_data (task, g_strdup (folder), g_free);
  g_task_run_in_thread (task, read_thread);
}

DomusImageSample *
domus_image_folder_read_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
