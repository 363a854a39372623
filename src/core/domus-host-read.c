/* domus-host-read.c: one read of the backend's into the host's state
 *
 * Part of DomusHost: the storage (read_storage), the PCI devices
 * (read_pci) and the image folder (read_images) are read the same way,
 * here once: the backend completes a task with a sample, the host takes
 * it in and keeps the failure for the pages that show it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-host"

#include "config.h"

#include "domus-error.h"
#include "domus-host-private.h"

typedef struct
{
  GTask                 *task;
  const DomusHostReader *reader;
  gpointer               data;
  GDestroyNotify         data_free;
} Reading;

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Reading *reading = user_data;
  DomusHost *self = DOMUS_HOST (object);
  GError **last_error = reading->reader->last_error (self);
  GError *error = NULL;
  gpointer sample = g_task_propagate_pointer (G_TASK (result), &error);

  g_clear_error (last_error);
  if (sample == NULL)
    {
      *last_error = g_error_copy (error);
      g_task_return_error (reading->task, error);
    }
  else
    {
      reading->reader->apply (self, sample, reading->data);
      g_task_return_boolean (reading->task, TRUE);
    }
  g_object_unref (reading->task);
  if (reading->data_free != NULL)
    reading->data_free (reading->data);
  g_free (reading);
}

void
_domus_host_read (DomusHost             *self,
                  const DomusHostReader *reader,
                  gpointer               data,
                  GDestroyNotify         data_free,
                  GTask                 *task)
{
  Reading *reading = g_new0 (Reading, 1);
  GTask *read;

  reading->task = task;
  reading->reader = reader;
  reading->data = data;
  reading->data_free = data_free;
  read = g_task_new (self, g_task_get_cancellable (task), read_cb, reading);
  g_task_set_source_tag (read, _domus_host_read);
  if (!reader->start (self, read, data))
    {
      g_autofree char *message = reader->unsupported (self);

      g_task_return_new_error (read, DOMUS_ERROR, DOMUS_ERROR_NOT_SUPPORTED, "%s", message);
    }
  g_object_unref (read);
}

/* A change done, the read after it under way. */
typedef struct
{
  GTask  *task;
  GError *error;    /* the change's */
} Changed;

static void
reread_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Changed *changed = user_data;

  /* The change is done whatever this read says. */
  g_task_propagate_boolean (G_TASK (result), NULL);
  if (changed->error != NULL)
    g_task_return_error (changed->task, changed->error);
  else
    g_task_return_boolean (changed->task, TRUE);
  g_object_unref (changed->task);
  g_free (changed);
}

void
_domus_host_read_after_change (DomusHost             *self,
                               GAsyncResult          *change,
                               const DomusHostReader *reader,
                               gpointer               data,
                               GDestroyNotify         data_free,
                               GTask                 *task)
{
  Changed *changed = g_new0 (Changed, 1);

  changed->task = task;
  g_task_propagate_boolean (G_TASK (change), &changed->error);
  /* Read again even after a failure: the backend may have done part. */
  _domus_host_read (self, reader, data, data_free, g_task_new (self, NULL, reread_cb, changed));
}
