/* domus-host-images.c: the disk image files in a folder of the host
 *
 * Part of DomusHost: the backend lists a folder of its host (read_images)
 * into a DomusImageSample, kept here as one DomusImageFile per file,
 * updated in place, with the folder it is of. Removing one is checked
 * here against a read made just before, as removing an LV is, and the
 * folder is read again once done.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-host"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "domus-error.h"
#include "domus-host-private.h"
#include "domus-storage-private.h"

typedef struct
{
  GListStore *images;   /* DomusImageFile, sorted by path */
  char       *folder;   /* what they are of */
  GError     *error;
} ImagesState;

static void
images_state_free (gpointer data)
{
  ImagesState *state = data;

  g_clear_object (&state->images);
  g_free (state->folder);
  g_clear_error (&state->error);
  g_free (state);
}

static ImagesState *
get_state (DomusHost *self)
{
  static GQuark quark;
  ImagesState *state;

  if (quark == 0)
    quark = g_quark_from_static_string ("domus-host-images");
  state = g_object_get_qdata (G_OBJECT (self), quark);
  if (state == NULL)
    {
      state = g_new0 (ImagesState, 1);
      state->images = g_list_store_new (DOMUS_TYPE_IMAGE_FILE);
      g_object_set_qdata_full (G_OBJECT (self), quark, state, images_state_free);
    }
  return state;
}

GListModel *
domus_host_get_images (DomusHost *self)
{
  g_return_val_if_fail (DOMUS_IS_HOST (self), NULL);
  return G_LIST_MODEL (get_state (self)->images);
}

const char *
domus_host_get_image_folder (DomusHost *self)
{
  g_return_val_if_fail (DOMUS_IS_HOST (self), NULL);
  return get_state (self)->folder;
}

const GError *
domus_host_get_images_error (DomusHost *self)
{
  g_return_val_if_fail (DOMUS_IS_HOST (self), NULL);
  return get_state (self)->error;
}

DomusImageFile *
domus_host_lookup_image (DomusHost  *self,
                         const char *path)
{
  GListModel *images;
  g_autofree char *canonical = NULL;

  g_return_val_if_fail (DOMUS_IS_HOST (self), NULL);

  if (path == NULL || !g_path_is_absolute (path))
    return NULL;
  canonical = g_canonicalize_filename (path, "/");
  images = domus_host_get_images (self);
  for (guint i = 0; i < g_list_model_get_n_items (images); i++)
    {
      g_autoptr(DomusImageFile) image = g_list_model_get_item (images, i);

      if (g_str_equal (domus_image_file_get_path (image), canonical))
        return image;   /* the store keeps it */
    }
  return NULL;
}

static const char *
image_path (gpointer item)
{
  return domus_image_file_get_path (item);
}

static gpointer
image_create (guint    index,
              gpointer data)
{
  DomusImageSample *sample = data;

  return _domus_image_file_new (sample->folder, g_array_index (sample->images, DomusImageFileSample, index).path);
}

static void
image_update (gpointer item,
              guint    index,
              gpointer data)
{
  DomusImageSample *sample = data;

  _domus_image_file_update (item, &g_array_index (sample->images, DomusImageFileSample, index));
}

static int
compare_images (gconstpointer a,
                gconstpointer b)
{
  return g_strcmp0 (((const DomusImageFileSample *) a)->path, ((const DomusImageFileSample *) b)->path);
}

static void
apply_images (DomusHost *self,
              gpointer   data,
              gpointer   unused)
{
  g_autoptr(DomusImageSample) sample = data;
  ImagesState *state = get_state (self);
  g_autofree const char **paths = NULL;

  /* Their names are paths below the folder: another folder, other names. */
  if (g_strcmp0 (state->folder, sample->folder) != 0)
    g_list_store_remove_all (state->images);
  g_free (state->folder);
  state->folder = g_strdup (sample->folder);
  g_array_sort (sample->images, compare_images);
  paths = g_new0 (const char *, sample->images->len + 1);
  for (guint i = 0; i < sample->images->len; i++)
    paths[i] = g_array_index (sample->images, DomusImageFileSample, i).path;
  _domus_storage_merge (state->images, paths, sample->images->len, image_path, image_create, image_update, sample);
}

static gboolean
start_images (DomusHost *self,
              GTask     *read,
              gpointer   folder)
{
  if (DOMUS_HOST_GET_CLASS (self)->read_images == NULL)
    return FALSE;
  DOMUS_HOST_GET_CLASS (self)->read_images (self, folder, read);
  return TRUE;
}

static GError **
images_error (DomusHost *self)
{
  return &get_state (self)->error;
}

static char *
images_unsupported (DomusHost *self)
{
  return g_strdup_printf (_("%s cannot list the host’s image files"), domus_host_get_backend_name (self));
}

static const DomusHostReader images_reader = {
  start_images, apply_images, images_error, images_unsupported,
};

void
domus_host_refresh_images_async (DomusHost           *self,
                                 const char          *folder,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (DOMUS_IS_HOST (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, domus_host_refresh_images_async);
  if (folder == NULL || !g_path_is_absolute (folder))
    {
      g_task_return_new_error (task, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                               _("The image folder must be an absolute path, not “%s”"), folder != NULL ? folder : "");
      g_object_unref (task);
      return;
    }
  _domus_host_read (self, &images_reader, g_canonicalize_filename (folder, "/"), g_free, task);
}

gboolean
domus_host_refresh_images_finish (DomusHost     *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- Remove -----------------------------------------------------------------
 *
 * Read, checked, deleted by the backend, read again. */

typedef struct
{
  char   *folder;
  char   *path;
} Removal;

static void
removal_free (gpointer data)
{
  Removal *removal = data;

  g_free (removal->folder);
  g_free (removal->path);
  g_free (removal);
}

static void
removed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Removal *removal = g_task_get_task_data (user_data);

  _domus_host_read_after_change (DOMUS_HOST (object), result, &images_reader, g_strdup (removal->folder), g_free,
                                 user_data);
}

/* What rm would be refused, or should be: in words of our own. */
static gboolean
check_removal (DomusHost  *self,
               Removal    *removal,
               GError    **error)
{
  DomusImageFile *image = domus_host_lookup_image (self, removal->path);

  if (image == NULL)
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND, _("%s is none of the image files in %s on this host"),
                   removal->path, removal->folder);
      return FALSE;
    }
  if (domus_image_file_get_used_by (image) != NULL)
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_BUSY,
                   _("Image file %s is in use by domain “%s”: destroy the domain, or take the disk out of its config, first"),
                   removal->path, domus_image_file_get_used_by (image));
      return FALSE;
    }
  return TRUE;
}

static void
checked_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  DomusHost *self = DOMUS_HOST (object);
  g_autoptr(GTask) task = user_data;
  Removal *removal = g_task_get_task_data (task);
  GError *error = NULL;
  GTask *backend;

  if (!g_task_propagate_boolean (G_TASK (result), &error) || !check_removal (self, removal, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  backend = g_task_new (self, g_task_get_cancellable (task), removed_cb, g_object_ref (task));
  g_task_set_source_tag (backend, checked_cb);
  if (DOMUS_HOST_GET_CLASS (self)->remove_image != NULL)
    DOMUS_HOST_GET_CLASS (self)->remove_image (self, removal->folder, removal->path, backend);
  else
    g_task_return_new_error (backend, DOMUS_ERROR, DOMUS_ERROR_NOT_SUPPORTED,
                             _("%s cannot remove the host’s image files"), domus_host_get_backend_name (self));
  g_object_unref (backend);
}

void
domus_host_remove_image_async (DomusHost           *self,
                               const char          *folder,
                               const char          *path,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;
  GTask *read;
  Removal *removal;

  g_return_if_fail (DOMUS_IS_HOST (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, domus_host_remove_image_async);
  if (folder == NULL || !g_path_is_absolute (folder) || path == NULL || !g_path_is_absolute (path))
    {
      g_task_return_new_error (task, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                               _("An image file is named by its absolute path in an absolute folder"));
      g_object_unref (task);
      return;
    }
  removal = g_new0 (Removal, 1);
  removal->folder = g_canonicalize_filename (folder, "/");
  removal->path = g_canonicalize_filename (path, "/");
  g_task_set_task_data (task, removal, removal_free);
  read = g_task_new (self, cancellable, checked_cb, task);
  _domus_host_read (self, &images_reader, g_strdup (removal->folder), g_free, read);
}

gboolean
domus_host_remove_image_finish (DomusHost     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
