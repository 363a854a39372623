/* domus-host-storage.c: the host's LVM volume groups and logical volumes
 *
 * Part of DomusHost: the backend reads the storage into a
 * DomusStorageSample (read_storage), kept here as one DomusVolumeGroup per
 * VG holding its DomusLogicalVolumes, updated in place. Creating and
 * removing an LV are checked here against a read made just before, so
 * that every backend refuses the same things in the same words, and the
 * storage is read again once done.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-host"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "domus-error.h"
#include "domus-host-private.h"
#include "domus-storage-private.h"

static void
free_error_slot (gpointer data)
{
  GError **slot = data;

  g_clear_error (slot);
  g_free (slot);
}

static GError **
storage_error (DomusHost *self)
{
  static GQuark quark;
  GError **slot;

  if (quark == 0)
    quark = g_quark_from_static_string ("domus-host-storage-error");
  if ((slot = g_object_get_qdata (G_OBJECT (self), quark)) == NULL)
    {
      slot = g_new0 (GError *, 1);
      g_object_set_qdata_full (G_OBJECT (self), quark, slot, free_error_slot);
    }
  return slot;
}

const GError *
domus_host_get_storage_error (DomusHost *self)
{
  g_return_val_if_fail (DOMUS_IS_HOST (self), NULL);
  return *storage_error (self);
}

static const char *
group_name (gpointer item)
{
  return domus_volume_group_get_name (item);
}

static gpointer
group_create (guint    index,
              gpointer data)
{
  DomusStorageSample *sample = data;

  return _domus_volume_group_new (g_array_index (sample->vgs, DomusVgSample, index).name);
}

static void
group_update (gpointer item,
              guint    index,
              gpointer data)
{
  DomusStorageSample *sample = data;

  _domus_volume_group_update (item, &g_array_index (sample->vgs, DomusVgSample, index), sample);
}

static int
compare_vgs (gconstpointer a,
             gconstpointer b)
{
  return g_strcmp0 (((const DomusVgSample *) a)->name, ((const DomusVgSample *) b)->name);
}

static void
apply_storage (DomusHost          *self,
               DomusStorageSample *sample)
{
  g_autofree const char **names = NULL;

  g_array_sort (sample->vgs, compare_vgs);
  names = g_new0 (const char *, sample->vgs->len + 1);
  for (guint i = 0; i < sample->vgs->len; i++)
    names[i] = g_array_index (sample->vgs, DomusVgSample, i).name;
  _domus_storage_merge (G_LIST_STORE (domus_host_get_volume_groups (self)), names, sample->vgs->len,
                        group_name, group_create, group_update, sample);
}

static gboolean
start_storage (DomusHost *self,
               GTask     *read,
               gpointer   data)
{
  if (DOMUS_HOST_GET_CLASS (self)->read_storage == NULL)
    return FALSE;
  DOMUS_HOST_GET_CLASS (self)->read_storage (self, read);
  return TRUE;
}

static void
apply_storage_sample (DomusHost *self,
                      gpointer   sample,
                      gpointer   data)
{
  apply_storage (self, sample);
  domus_storage_sample_free (sample);
}

static char *
storage_unsupported (DomusHost *self)
{
  return g_strdup_printf (_("%s cannot read the host’s storage (LVM volumes)"), domus_host_get_backend_name (self));
}

static const DomusHostReader storage_reader = {
  start_storage, apply_storage_sample, storage_error, storage_unsupported,
};

/* Reads the storage, then completes @task (TRUE, or the error), whose
 * reference it takes. */
static void
read_storage (DomusHost *self,
              GTask     *task)
{
  _domus_host_read (self, &storage_reader, NULL, NULL, task);
}

void
domus_host_refresh_storage_async (DomusHost           *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (DOMUS_IS_HOST (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, domus_host_refresh_storage_async);
  read_storage (self, task);
}

gboolean
domus_host_refresh_storage_finish (DomusHost     *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

DomusVolumeGroup *
domus_host_lookup_volume_group (DomusHost  *self,
                                const char *name)
{
  GListModel *groups;

  g_return_val_if_fail (DOMUS_IS_HOST (self), NULL);

  groups = domus_host_get_volume_groups (self);
  for (guint i = 0; i < g_list_model_get_n_items (groups); i++)
    {
      g_autoptr(DomusVolumeGroup) vg = g_list_model_get_item (groups, i);

      if (g_strcmp0 (domus_volume_group_get_name (vg), name) == 0)
        return vg;   /* the store keeps it */
    }
  return NULL;
}

DomusLogicalVolume *
domus_host_lookup_volume (DomusHost  *self,
                          const char *text)
{
  GListModel *groups;

  g_return_val_if_fail (DOMUS_IS_HOST (self), NULL);

  if (text == NULL)
    return NULL;
  groups = domus_host_get_volume_groups (self);
  for (guint i = 0; i < g_list_model_get_n_items (groups); i++)
    {
      g_autoptr(DomusVolumeGroup) vg = g_list_model_get_item (groups, i);
      GListModel *volumes = domus_volume_group_get_volumes (vg);
      const char *vg_name = domus_volume_group_get_name (vg);

      for (guint j = 0; j < g_list_model_get_n_items (volumes); j++)
        {
          g_autoptr(DomusLogicalVolume) lv = g_list_model_get_item (volumes, j);
          const char *lv_name = domus_logical_volume_get_name (lv);
          g_autofree char *short_name = g_strdup_printf ("%s/%s", vg_name, lv_name);

          if (g_str_equal (text, short_name) || domus_storage_target_is_lv (text, vg_name, lv_name))
            return lv;
        }
    }
  return NULL;
}

GPtrArray *
domus_host_dup_domain_volumes (DomusHost  *self,
                               const char *name)
{
  GPtrArray *found = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *groups;

  g_return_val_if_fail (DOMUS_IS_HOST (self), found);

  groups = domus_host_get_volume_groups (self);
  for (guint i = 0; name != NULL && i < g_list_model_get_n_items (groups); i++)
    {
      g_autoptr(DomusVolumeGroup) vg = g_list_model_get_item (groups, i);
      GListModel *volumes = domus_volume_group_get_volumes (vg);

      for (guint j = 0; j < g_list_model_get_n_items (volumes); j++)
        {
          DomusLogicalVolume *lv = g_list_model_get_item (volumes, j);

          if (g_strcmp0 (domus_logical_volume_get_used_by (lv), name) == 0)
            g_ptr_array_add (found, lv);
          else
            g_object_unref (lv);
        }
    }
  return found;
}

/* --- Create and remove ---------------------------------------------------
 *
 * Each reads the storage first, checks the change against it, has the
 * backend make it, and reads the storage again before it completes. */

typedef struct
{
  gboolean  create;
  char     *vg;
  char     *name;
  guint64   size;
  char     *origin;
} Change;

static void
change_free (gpointer data)
{
  Change *change = data;

  g_free (change->vg);
  g_free (change->name);
  g_free (change->origin);
  g_free (change);
}

static char *
format_size (guint64 bytes)
{
  return g_format_size_full (bytes, G_FORMAT_SIZE_IEC_UNITS);
}

/* What lvcreate or lvremove would refuse, in words of our own. */
static gboolean
check_change (DomusHost  *self,
              Change     *change,
              GError    **error)
{
  DomusVolumeGroup *vg = domus_host_lookup_volume_group (self, change->vg);
  DomusLogicalVolume *lv;
  g_autoptr(GString) snapshots = g_string_new (NULL);

  if (vg == NULL)
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND,
                   _("No volume group “%s” on this host"), change->vg);
      return FALSE;
    }
  lv = domus_volume_group_lookup_volume (vg, change->name);

  if (change->create)
    {
      g_autofree char *free_text = format_size (domus_volume_group_get_free (vg));
      g_autofree char *size_text = format_size (change->size);

      if (!domus_storage_check_name (change->name, error))
        return FALSE;
      if (lv != NULL)
        {
          g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_EXISTS,
                       _("Volume group “%s” already has a logical volume “%s”"), change->vg, change->name);
          return FALSE;
        }
      if (change->size == 0)
        {
          g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                       _("A logical volume needs a size above 0"));
          return FALSE;
        }
      if (change->size > domus_volume_group_get_free (vg))
        {
          g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                       _("Volume group “%s” has %s free, not the %s asked for"),
                       change->vg, free_text, size_text);
          return FALSE;
        }
      if (change->origin != NULL)
        {
          DomusLogicalVolume *origin = domus_volume_group_lookup_volume (vg, change->origin);

          if (origin == NULL)
            {
              g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND,
                           _("No logical volume “%s/%s” to take a snapshot of"), change->vg, change->origin);
              return FALSE;
            }
          if (domus_logical_volume_is_snapshot (origin))
            {
              g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_SUPPORTED,
                           _("“%s/%s” is a snapshot itself: LVM takes snapshots only of ordinary volumes"),
                           change->vg, change->origin);
              return FALSE;
            }
        }
      return TRUE;
    }

  if (lv == NULL)
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND,
                   _("No logical volume “%s/%s” on this host"), change->vg, change->name);
      return FALSE;
    }
  if (domus_logical_volume_get_used_by (lv) != NULL)
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_BUSY,
                   _("Logical volume “%s/%s” is in use by domain “%s”: destroy the domain, or take the disk out of its config, first"),
                   change->vg, change->name, domus_logical_volume_get_used_by (lv));
      return FALSE;
    }
  for (guint i = 0; i < g_list_model_get_n_items (domus_volume_group_get_volumes (vg)); i++)
    {
      g_autoptr(DomusLogicalVolume) other = g_list_model_get_item (domus_volume_group_get_volumes (vg), i);

      if (g_strcmp0 (domus_logical_volume_get_origin (other), change->name) != 0)
        continue;
      if (snapshots->len > 0)
        g_string_append (snapshots, ", ");
      g_string_append (snapshots, domus_logical_volume_get_name (other));
    }
  if (snapshots->len > 0)
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_BUSY,
                   _("Logical volume “%s/%s” has snapshots (%s): remove them first"),
                   change->vg, change->name, snapshots->str);
      return FALSE;
    }
  return TRUE;
}

static void
changed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  _domus_host_read_after_change (DOMUS_HOST (object), result, &storage_reader, NULL, NULL, user_data);
}

static void
checked_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  DomusHost *self = DOMUS_HOST (object);
  g_autoptr(GTask) task = user_data;
  Change *change = g_task_get_task_data (task);
  GError *error = NULL;
  GTask *backend;

  if (!g_task_propagate_boolean (G_TASK (result), &error) || !check_change (self, change, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  backend = g_task_new (self, g_task_get_cancellable (task), changed_cb, g_object_ref (task));
  g_task_set_source_tag (backend, checked_cb);
  if (change->create && DOMUS_HOST_GET_CLASS (self)->create_volume != NULL)
    {
      DomusVolumeSpec spec = { change->vg, change->name, change->size, change->origin };

      DOMUS_HOST_GET_CLASS (self)->create_volume (self, &spec, backend);
    }
  else if (!change->create && DOMUS_HOST_GET_CLASS (self)->remove_volume != NULL)
    DOMUS_HOST_GET_CLASS (self)->remove_volume (self, change->vg, change->name, backend);
  else
    g_task_return_new_error (backend, DOMUS_ERROR, DOMUS_ERROR_NOT_SUPPORTED,
                             _("%s cannot change the host’s storage"), domus_host_get_backend_name (self));
  g_object_unref (backend);
}

static void
start_change (DomusHost    *self,
              Change       *change,
              gpointer      source_tag,
              GCancellable *cancellable,
              GAsyncReadyCallback callback,
              gpointer      user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  GTask *read;

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, change, change_free);
  read = g_task_new (self, cancellable, checked_cb, task);
  read_storage (self, read);
}

void
domus_host_create_volume_async (DomusHost             *self,
                                const DomusVolumeSpec *spec,
                                GCancellable          *cancellable,
                                GAsyncReadyCallback    callback,
                                gpointer               user_data)
{
  Change *change;

  g_return_if_fail (DOMUS_IS_HOST (self));
  g_return_if_fail (spec != NULL);

  change = g_new0 (Change, 1);
  change->create = TRUE;
  change->vg = g_strdup (spec->vg);
  change->name = g_strdup (spec->name);
  change->size = spec->size;
  change->origin = g_strdup (spec->origin);
  start_change (self, change, domus_host_create_volume_async, cancellable, callback, user_data);
}

gboolean
domus_host_create_volume_finish (DomusHost     *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return domus_host_refresh_storage_finish (self, result, error);
}

void
domus_host_remove_volume_async (DomusHost           *self,
                                const char          *vg,
                                const char          *name,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  Change *change;

  g_return_if_fail (DOMUS_IS_HOST (self));

  change = g_new0 (Change, 1);
  change->vg = g_strdup (vg);
  change->name = g_strdup (name);
  start_change (self, change, domus_host_remove_volume_async, cancellable, callback, user_data);
}

gboolean
domus_host_remove_volume_finish (DomusHost     *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  /* Each is a boolean task of this host's. */
  return domus_host_refresh_storage_finish (self, result, error);
}
