/* domus-xen-host-storage.c: the real host's LVM storage
 *
 * Part of DomusXenHost: see domus-xen-host-private.h. LVM is read and
 * changed by its own tools (domus-lvm.c says why: Debian 12 has no LVM
 * library); which domain uses each LV comes from libxl's list of each
 * domain's disks (libxl_device_disk_list(), what xl block-list reads),
 * read on a worker thread in a section of direct calls, as the refresh
 * reads libxl's getters (domus-xen-loop.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-xen-host"

#include "config.h"

#include "domus-xen-host-private.h"   /* defines LIBXL_API_VERSION first */

#include <libxl_utils.h>

#include "domus-image-folder.h"
#include "domus-lvm.h"

typedef void (*DomainDisksFunc) (const char         *domain,
                                 const char * const *targets,
                                 gpointer            data);

/* Calls @func with each domain's name and its disks' targets. On a worker
 * thread. */
static void
for_each_domain_disks (DomusXenHost    *self,
                       DomainDisksFunc  func,
                       gpointer         data)
{
  libxl_dominfo *domains;
  int n_domains = 0;

  domus_xen_loop_begin_direct_calls (self->loop);
  domains = libxl_list_domain (self->ctx, &n_domains);
  for (int i = 0; domains != NULL && i < n_domains; i++)
    {
      g_autofree char *name = libxl_domid_to_name (self->ctx, domains[i].domid);
      g_autoptr(GPtrArray) targets = g_ptr_array_new_with_free_func (g_free);
      libxl_device_disk *disks;
      int n_disks = 0;

      if (name == NULL)
        continue;
      disks = libxl_device_disk_list (self->ctx, domains[i].domid, &n_disks);
      for (int j = 0; disks != NULL && j < n_disks; j++)
        {
          if (disks[j].pdev_path != NULL)
            g_ptr_array_add (targets, g_strdup (disks[j].pdev_path));
          libxl_device_disk_dispose (&disks[j]);
        }
      free (disks);
      g_ptr_array_add (targets, NULL);
      func (name, (const char * const *) targets->pdata, data);
    }
  if (domains != NULL)
    libxl_dominfo_list_free (domains, n_domains);
  domus_xen_loop_end_direct_calls (self->loop);
}

static void
set_lv_user (const char         *domain,
             const char * const *targets,
             gpointer            sample)
{
  domus_storage_sample_set_user (sample, domain, targets);
}

/* A sample whose users are set on a worker thread: the LVs' or the
 * image files'. */
typedef struct
{
  gpointer         sample;
  DomainDisksFunc  set_user;
  GDestroyNotify   free;
} Users;

static void
users_free (gpointer data)
{
  Users *users = data;

  if (users->sample != NULL)
    users->free (users->sample);
  g_free (users);
}

static void
users_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Users *users = task_data;

  for_each_domain_disks (source_object, users->set_user, users->sample);
  g_task_return_boolean (task, TRUE);
}

static void
users_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Users *users = g_task_get_task_data (G_TASK (result));

  g_task_propagate_boolean (G_TASK (result), NULL);
  g_task_return_pointer (task, g_steal_pointer (&users->sample), users->free);
}

/* Completes @task (its reference taken) with @sample (freed with
 * @free_func) once each domain's disks have named their users in it
 * (@set_user), read on a worker thread. */
static void
set_users (DomusHost       *host,
           gpointer         sample,
           DomainDisksFunc  set_user,
           GDestroyNotify   free_func,
           GTask           *task)
{
  Users *users = g_new0 (Users, 1);
  GTask *thread = g_task_new (host, NULL, users_cb, task);

  users->sample = sample;
  users->set_user = set_user;
  users->free = free_func;
  g_task_set_task_data (thread, users, users_free);
  g_task_run_in_thread (thread, users_thread);
  g_object_unref (thread);
}

static void
lvm_read_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DomusStorageSample *sample;
  GError *error = NULL;
  DomusHost *host;

  if ((sample = domus_lvm_read_finish (result, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  host = g_task_get_source_object (task);
  set_users (host, sample, set_lv_user, (GDestroyNotify) domus_storage_sample_free, g_steal_pointer (&task));
}

void
domus_xen_host_read_storage (DomusHost *host,
                             GTask     *task)
{
  domus_lvm_read_async (g_task_get_cancellable (task), lvm_read_cb, g_object_ref (task));
}

static void
changed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!domus_lvm_change_finish (result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
domus_xen_host_create_volume (DomusHost             *host,
                              const DomusVolumeSpec *spec,
                              GTask                 *task)
{
  domus_lvm_change_async (spec, NULL, NULL, g_task_get_cancellable (task), changed_cb, g_object_ref (task));
}

void
domus_xen_host_remove_volume (DomusHost  *host,
                              const char *vg,
                              const char *name,
                              GTask      *task)
{
  domus_lvm_change_async (NULL, vg, name, g_task_get_cancellable (task), changed_cb, g_object_ref (task));
}

static void
set_image_user (const char         *domain,
                const char * const *targets,
                gpointer            sample)
{
  domus_image_sample_set_user (sample, domain, targets);
}

/* The folder listed (domus-image-folder.c, on a worker thread), then
 * whose disk each file is. */
static void
images_read_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DomusImageSample *sample;
  GError *error = NULL;
  DomusHost *host;

  if ((sample = domus_image_folder_read_finish (result, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  host = g_task_get_source_object (task);
  set_users (host, sample, set_image_user, (GDestroyNotify) domus_image_sample_free, g_steal_pointer (&task));
}

void
domus_xen_host_read_images (DomusHost  *host,
                            const char *folder,
                            GTask      *task)
{
  domus_image_folder_read_async (folder, g_task_get_cancellable (task), images_read_cb, g_object_ref (task));
}

static void
deleted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_file_delete_finish (G_FILE (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
domus_xen_host_remove_image (DomusHost  *host,
                             const char *folder,
                             const char *path,
                             GTask      *task)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  /* Checked by DomusHost against a read of the folder just before: one
   * of its regular files, no domain's disk. GIO deletes on a worker. */
  g_file_delete_async (file, G_PRIORITY_DEFAULT, g_task_get_cancellable (task), deleted_cb, g_object_ref (task));
}
