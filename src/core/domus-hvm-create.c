/* domus-hvm-create.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-hvm-create"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "domus-disk-image.h"
#include "domus-hvm-create.h"
#include "xlcfg/domus-xl-config.h"

typedef struct
{
  char                   *config_path;
  char                   *config_text;
  char                   *made_image;   /* made by this call: removed if it fails */
  DomusHvmCreateProgress  progress;
  gpointer                progress_data;
} Create;

static void
create_free (gpointer data)
{
  Create *create = data;

  g_free (create->config_path);
  g_free (create->config_text);
  g_free (create->made_image);
  g_free (create);
}

/* Fails @task, removing the image this call made. */
static void
fail (GTask  *task,
      GError *error)
{
  Create *create = g_task_get_task_data (task);

  if (create->made_image != NULL)
    g_unlink (create->made_image);
  g_clear_pointer (&create->made_image, g_free);
  g_task_return_error (task, error);
}

static void
domain_progress_cb (double   fraction,
                    gpointer data)
{
  Create *create = data;

  if (create->progress != NULL)
    create->progress (DOMUS_HVM_CREATE_DOMAIN, fraction, create->progress_data);
}

static void
created_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(GTask) task = data;
  GError *error = NULL;
  gint64 domid = domus_host_request_finish (DOMUS_HOST (source), result, &error);

  if (domid < 0)
    {
      fail (task, error);
      return;
    }
  g_task_return_int (task, domid);
}

/* Writes the config (atomically, through the config writer) and creates
 * the domain. Takes @task. */
static void
write_and_create (GTask *task)
{
  g_autoptr(GTask) owned = task;
  Create *create = g_task_get_task_data (task);
  g_autofree char *folder = g_path_get_dirname (create->config_path);
  g_autofree char *basename = g_path_get_basename (create->config_path);
  g_autoptr(DomusXlConfig) config = NULL;
  GError *error = NULL;
  DomusRequest *request;

  if (g_mkdir_with_parents (folder, 0755) != 0)
    {
      int saved = errno;

      /* TRANSLATORS: a folder, then the system's reason */
      fail (task, g_error_new (G_IO_ERROR, g_io_error_from_errno (saved), _("Cannot make the folder %s: %s"),
                               folder, g_strerror (saved)));
      return;
    }
  config = domus_xl_config_new_from_data (create->config_text, basename, &error);
  if (config == NULL || !domus_xl_config_save (config, create->config_path, TRUE, &error))
    {
      fail (task, error);
      return;
    }

  if (create->progress != NULL)
    create->progress (DOMUS_HVM_CREATE_DOMAIN, 0, create->progress_data);
  request = domus_request_new (DOMUS_REQUEST_CREATE);
  request->path = g_strdup (create->config_path);
  request->progress = domain_progress_cb;
  request->progress_data = create;
  domus_host_request_async (g_task_get_source_object (task), request, g_task_get_cancellable (task),
                            created_cb, g_steal_pointer (&owned));
}

static void
image_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  GTask *task = data;
  Create *create = g_task_get_task_data (task);
  GError *error = NULL;

  if (!domus_disk_image_create_finish (result, &error))
    {
      g_clear_pointer (&create->made_image, g_free);   /* not ours to remove */
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  write_and_create (task);
}

void
domus_hvm_create_async (DomusHost              *host,
                        const char             *config_path,
                        const char             *config_text,
                        const char             *image_path,
                        guint64                 image_size,
                        DomusHvmCreateProgress  progress,
                        gpointer                progress_data,
                        GCancellable           *cancellable,
                        GAsyncReadyCallback     callback,
                        gpointer                user_data)
{
  GTask *task;
  Create *create;

  g_return_if_fail (DOMUS_IS_HOST (host));
  g_return_if_fail (config_path != NULL && config_text != NULL);

  task = g_task_new (host, cancellable, callback, user_data);
  g_task_set_source_tag (task, domus_hvm_create_async);
  create = g_new0 (Create, 1);
  create->config_path = g_strdup (config_path);
  create->config_text = g_strdup (config_text);
  create->progress = progress;
  create->progress_data = progress_data;
  g_task_set_task_data (task, create, create_free);

  if (image_path == NULL)
    {
      write_and_create (task);
      return;
    }
  if (progress != NULL)
    progress (DOMUS_HVM_CREATE_IMAGE, -1, progress_data);
  create->made_image = g_strdup (image_path);
  domus_disk_image_create_async (image_path, image_size, cancellable, image_cb, task);
}

gint64
domus_hvm_create_finish (DomusHost     *host,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, host), -1);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == domus_hvm_create_async, -1);

  return g_task_propagate_int (G_TASK (result), error);
}
