/* domus-xen-log.c: following Xen's console ring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-xen-log"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "domus-error.h"
#include "domus-xen-log.h"

struct _DomusXenLog
{
  GObject    parent_instance;

  DomusHost *host;
  GBytes    *last;      /* the ring as the last read found it, or NULL */
  gboolean   reading;
};

G_DEFINE_FINAL_TYPE (DomusXenLog, domus_xen_log, G_TYPE_OBJECT)

static void
domus_xen_log_finalize (GObject *object)
{
  DomusXenLog *self = DOMUS_XEN_LOG (object);

  g_clear_object (&self->host);
  g_clear_pointer (&self->last, g_bytes_unref);

  G_OBJECT_CLASS (domus_xen_log_parent_class)->finalize (object);
}

static void
domus_xen_log_class_init (DomusXenLogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = domus_xen_log_finalize;
}

static void
domus_xen_log_init (DomusXenLog *self)
{
}

DomusXenLog *
domus_xen_log_new (DomusHost *host)
{
  DomusXenLog *self;

  g_return_val_if_fail (DOMUS_IS_HOST (host), NULL);

  self = g_object_new (DOMUS_TYPE_XEN_LOG, NULL);
  self->host = g_object_ref (host);
  return self;
}

DomusHost *
domus_xen_log_get_host (DomusXenLog *self)
{
  g_return_val_if_fail (DOMUS_IS_XEN_LOG (self), NULL);

  return self->host;
}

gsize
domus_xen_log_overlap (const guint8 *old,
                       gsize         old_len,
                       const guint8 *ring,
                       gsize         ring_len)
{
  g_autofree gsize *border = NULL;
  gsize q = 0;

  if (old_len == 0 || ring_len == 0)
    return 0;
  /* Knuth–Morris–Pratt: @ring's prefix function, then @old run through it;
   * where the run ends is the longest prefix of @ring that ends @old.
   * Linear, where comparing every candidate would be quadratic. */
  border = g_new0 (gsize, ring_len);
  for (gsize i = 1, k = 0; i < ring_len; i++)
    {
      while (k > 0 && ring[i] != ring[k])
        k = border[k - 1];
      if (ring[i] == ring[k])
        k++;
      border[i] = k;
    }
  for (gsize i = 0; i < old_len; i++)
    {
      if (q == ring_len)
        q = border[q - 1];
      while (q > 0 && old[i] != ring[q])
        q = border[q - 1];
      if (old[i] == ring[q])
        q++;
    }
  return q;
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DomusXenLog *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) ring = domus_host_read_log_finish (DOMUS_HOST (source), result, &error);
  gsize old_len = 0, ring_len = 0, overlap = 0;
  const guint8 *old_data = NULL, *ring_data;

  self->reading = FALSE;
  if (ring == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  ring_data = g_bytes_get_data (ring, &ring_len);
  if (self->last != NULL)
    {
      old_data = g_bytes_get_data (self->last, &old_len);
      overlap = domus_xen_log_overlap (old_data, old_len, ring_data, ring_len);
    }
  g_clear_pointer (&self->last, g_bytes_unref);
  self->last = g_bytes_ref (ring);
  g_task_return_pointer (task, g_bytes_new_from_bytes (ring, overlap, ring_len - overlap),
                         (GDestroyNotify) g_bytes_unref);
}

void
domus_xen_log_read_async (DomusXenLog         *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DOMUS_IS_XEN_LOG (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, domus_xen_log_read_async);
  if (self->reading)
    {
      g_task_return_new_error (task, DOMUS_ERROR, DOMUS_ERROR_BUSY, _("Xen’s log is being read already"));
      return;
    }
  self->reading = TRUE;
  domus_host_read_log_async (self->host, cancellable, read_cb, g_steal_pointer (&task));
}

GBytes *
domus_xen_log_read_finish (DomusXenLog   *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (DOMUS_IS_XEN_LOG (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
