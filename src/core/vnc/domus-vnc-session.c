/* domus-vnc-session.c
 *
 * libvncclient 0.9.14 has no locking and blocks in rfbInitClient() and
 * HandleRFBServerMessage(): one thread owns the rfbClient from connect to
 * close. It waits on the socket with a timeout so that a close is noticed,
 * drains what libvncclient buffered (its WaitForMessage() ignores
 * cl->buffered), copies each updated rectangle into the shared frame under
 * the mutex and tells the main context.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-vnc-session"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <rfb/rfbclient.h>
#include <string.h>

#include "domus-error.h"
#include "domus-vnc-session.h"

#define WAIT_USEC 100000   /* how often the worker looks at the close flag */

struct _DomusVncSession
{
  GObject       parent_instance;

  char         *host;
  guint         port;
  GThread      *thread;
  GMainContext *context;     /* where signals go */
  gint          closing;     /* atomic */

  GMutex        mutex;       /* guards the fields below */
  guint8       *frame;
  guint         width;
  guint         height;
  guint64       n_updates;
  char         *name;
  GError       *error;
};

enum {
  UPDATED,
  CLOSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DomusVncSession, domus_vnc_session, G_TYPE_OBJECT)

/* libvncclient prints to stderr; keep it for debugging output instead. */
static void
client_log (const char *format,
            ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_debug ("libvncclient: %s", g_strchomp (message));
}

static void
got_update (rfbClient *client,
            int        x,
            int        y,
            int        w,
            int        h)
{
  DomusVncSession *self = rfbClientGetClientData (client, domus_vnc_session_get_type);
  guint stride = (guint) client->width * 4;

  g_mutex_lock (&self->mutex);
  if (self->frame == NULL || self->width != (guint) client->width || self->height != (guint) client->height)
    {
      g_free (self->frame);
      self->width = client->width;
      self->height = client->height;
      self->frame = g_malloc0 ((gsize) stride * self->height);
    }
  for (int row = y; row < y + h && row < client->height; row++)
    memcpy (self->frame + (gsize) row * stride + (gsize) x * 4,
            client->frameBuffer + (gsize) row * stride + (gsize) x * 4,
            (gsize) MIN (w, client->width - x) * 4);
  g_mutex_unlock (&self->mutex);
}

static gboolean
emit_updated_cb (gpointer data)
{
  DomusVncSession *self = data;

  g_signal_emit (self, signals[UPDATED], 0);
  return G_SOURCE_REMOVE;
}

static gboolean
emit_closed_cb (gpointer data)
{
  DomusVncSession *self = data;

  g_signal_emit (self, signals[CLOSED], 0);
  return G_SOURCE_REMOVE;
}

static void
finished_update (rfbClient *client)
{
  DomusVncSession *self = rfbClientGetClientData (client, domus_vnc_session_get_type);

  g_mutex_lock (&self->mutex);
  self->n_updates++;
  g_mutex_unlock (&self->mutex);
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, emit_updated_cb,
                              g_object_ref (self), g_object_unref);
}

static void
set_error (DomusVncSession *self,
           GError          *error)
{
  g_mutex_lock (&self->mutex);
  if (self->error == NULL)
    self->error = error;
  else
    g_error_free (error);
  g_mutex_unlock (&self->mutex);
}

static rfbBool
set_encodings (rfbClient *client)
{
  static const gint32 encodings[] = {
    rfbEncodingZRLE, rfbEncodingHextile, rfbEncodingZlib, rfbEncodingRaw, rfbEncodingNewFBSize,
  };
  guint8 message[4 + sizeof encodings] = { rfbSetEncodings, 0, 0, G_N_ELEMENTS (encodings) };

  for (guint i = 0; i < G_N_ELEMENTS (encodings); i++)
    {
      guint32 be = GUINT32_TO_BE ((guint32) encodings[i]);

      memcpy (message + 4 + 4 * i, &be, 4);
    }
  client->canHandleNewFBSize = TRUE;
  return WriteToRFBServer (client, (const char *) message, sizeof message)
         && SendFramebufferUpdateRequest (client, 0, 0, client->width, client->height, FALSE);
}

/* The worker: connects, then reads until closed or the server goes. */
static gpointer
session_thread (gpointer data)
{
  GTask *task = data;
  DomusVncSession *self = g_task_get_source_object (task);
  rfbClient *client = rfbGetClient (8, 3, 4);
  char *argv[] = { (char *) "domus", NULL };
  int argc = 1;

  /* B, G, R, X in memory: QEMU's own layout, no conversion. */
  client->format.redShift = 16;
  client->format.greenShift = 8;
  client->format.blueShift = 0;
  client->serverHost = g_strdup (self->host);
  client->serverPort = (int) self->port;
  client->connectTimeout = 10;
  client->GotFrameBufferUpdate = got_update;
  client->FinishedFrameBufferUpdate = finished_update;
  rfbClientSetClientData (client, domus_vnc_session_get_type, self);

  /* rfbInitClient frees the client when it fails. */
  if (!rfbInitClient (client, &argc, argv))
    {
      g_task_return_new_error (task, DOMUS_ERROR, DOMUS_ERROR_FAILED,
                               _("Cannot connect to the VNC server at %s:%u"), self->host, self->port);
      g_object_unref (task);
      return NULL;
    }

  /* libvncclient 0.9.14 offers ExtendedDesktopSize but drops QEMU's resizes
   * (it rejects screen id 0), then dies on "Rect too large": ask again
   * without it, keeping the plain DesktopSize that it handles. */
  if (!set_encodings (client))
    {
      free (client->frameBuffer);
      client->frameBuffer = NULL;
      rfbClientCleanup (client);
      g_task_return_new_error (task, DOMUS_ERROR, DOMUS_ERROR_FAILED,
                               _("The VNC server at %s:%u closed the connection"), self->host, self->port);
      g_object_unref (task);
      return NULL;
    }

  g_mutex_lock (&self->mutex);
  self->name = g_strdup (client->desktopName);
  g_mutex_unlock (&self->mutex);
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);

  while (!g_atomic_int_get (&self->closing))
    {
      int ready = client->buffered > 0 ? 1 : WaitForMessage (client, WAIT_USEC);

      if (ready < 0 || (ready > 0 && !HandleRFBServerMessage (client)))
        {
          set_error (self, g_error_new (DOMUS_ERROR, DOMUS_ERROR_FAILED,
                                        _("The VNC server at %s:%u closed the connection"),
                                        self->host, self->port));
          g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, emit_closed_cb,
                                      g_object_ref (self), g_object_unref);
          break;
        }
    }

  /* rfbClientCleanup leaves the framebuffer to its owner. */
  free (client->frameBuffer);
  client->frameBuffer = NULL;
  rfbClientCleanup (client);
  return NULL;
}

DomusVncSession *
domus_vnc_session_new (const char *host,
                       guint       port)
{
  DomusVncSession *self;

  g_return_val_if_fail (host != NULL, NULL);

  self = g_object_new (DOMUS_TYPE_VNC_SESSION, NULL);
  self->host = g_strdup (host);
  self->port = port;
  return self;
}

void
domus_vnc_session_connect_async (DomusVncSession     *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (DOMUS_IS_VNC_SESSION (self));
  g_return_if_fail (self->thread == NULL);

  rfbClientLog = client_log;
  rfbClientErr = client_log;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, domus_vnc_session_connect_async);
  self->context = g_main_context_ref_thread_default ();
  /* The worker's reference, given back by domus_vnc_session_close(). */
  g_object_ref (self);
  self->thread = g_thread_new ("domus-vnc", session_thread, task);
}

gboolean
domus_vnc_session_connect_finish (DomusVncSession  *self,
                                  GAsyncResult     *result,
                                  GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

const char *
domus_vnc_session_get_name (DomusVncSession *self)
{
  g_return_val_if_fail (DOMUS_IS_VNC_SESSION (self), NULL);
  return self->name;
}

GBytes *
domus_vnc_session_dup_frame (DomusVncSession *self,
                             guint           *width,
                             guint           *height)
{
  GBytes *bytes = NULL;

  g_return_val_if_fail (DOMUS_IS_VNC_SESSION (self), NULL);

  g_mutex_lock (&self->mutex);
  if (self->frame != NULL)
    bytes = g_bytes_new (self->frame, (gsize) self->width * self->height * 4);
  *width = self->width;
  *height = self->height;
  g_mutex_unlock (&self->mutex);
  return bytes;
}

guint64
domus_vnc_session_get_n_updates (DomusVncSession *self)
{
  guint64 n;

  g_return_val_if_fail (DOMUS_IS_VNC_SESSION (self), 0);

  g_mutex_lock (&self->mutex);
  n = self->n_updates;
  g_mutex_unlock (&self->mutex);
  return n;
}

const GError *
domus_vnc_session_get_error (DomusVncSession *self)
{
  const GError *error;

  g_return_val_if_fail (DOMUS_IS_VNC_SESSION (self), NULL);

  g_mutex_lock (&self->mutex);
  error = self->error;
  g_mutex_unlock (&self->mutex);
  return error;
}

void
domus_vnc_session_close (DomusVncSession *self)
{
  g_return_if_fail (DOMUS_IS_VNC_SESSION (self));

  g_atomic_int_set (&self->closing, TRUE);
  if (self->thread != NULL)
    {
      g_thread_join (g_steal_pointer (&self->thread));
      g_object_unref (self);
    }
}

static void
domus_vnc_session_finalize (GObject *object)
{
  DomusVncSession *self = DOMUS_VNC_SESSION (object);

  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->host);
  g_free (self->frame);
  g_free (self->name);
  g_clear_error (&self->error);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (domus_vnc_session_parent_class)->finalize (object);
}

static void
domus_vnc_session_class_init (DomusVncSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = domus_vnc_session_finalize;

  signals[UPDATED] = g_signal_new ("updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[CLOSED] = g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
domus_vnc_session_init (DomusVncSession *self)
{
  g_mutex_init (&self->mutex);
}
