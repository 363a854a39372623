/* domus-vnc-session.c
 *
 * libvncclient 0.9.14 has no locking and blocks in the handshake and in
 * HandleRFBServerMessage(): one thread owns the rfbClient from connect to
 * close. It polls the socket and a wakeup pipe (written to when input is
 * queued or the session closes), drains what libvncclient buffered (its
 * WaitForMessage() ignores cl->buffered), sends queued input, copies each
 * updated rectangle into the shared frame under the mutex and tells the
 * main context.
 *
 * libvncclient has no read timeout either, and a worker blocked in a read
 * cannot be joined without waiting for the server: nothing ever joins it.
 * The worker holds a reference to the session until it ends. The session
 * makes the connection itself (GSocketClient, cancellable) and gives
 * libvncclient a duplicate of the socket; closing, or the watchdog (a
 * source on the main context whose ready time is the end of the wait in
 * progress: handshake, first screen, rest of a message, input sent),
 * shuts the socket down, which ends any read or write the worker is
 * blocked in. A server whose screen outgrows the frame without saying so
 * gets a new connection, which learns the size (follow()).
 *
 * The worker is domus-vnc-session-worker.c; this file has the object, its
 * API on the main context and the watchdog.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-vnc-session"

#include "config.h"

#include <errno.h>
#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <rfb/rfbclient.h>
#include <string.h>
#include <unistd.h>

#include "domus-error.h"
#include "domus-vnc-keys.h"
#include "domus-vnc-session-private.h"

enum {
  UPDATED,
  CLOSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DomusVncSession, domus_vnc_session, G_TYPE_OBJECT)

/* Takes @error as why the session ended, unless it has a reason already. */
void
_domus_vnc_session_set_error (DomusVncSession *self,
                              GError          *error)
{
  g_mutex_lock (&self->mutex);
  if (self->error == NULL)
    self->error = error;
  else
    g_error_free (error);
  g_mutex_unlock (&self->mutex);
}

GError *
_domus_vnc_session_dup_error (DomusVncSession *self)
{
  GError *error;

  g_mutex_lock (&self->mutex);
  error = self->error != NULL ? g_error_copy (self->error) : NULL;
  g_mutex_unlock (&self->mutex);
  return error;
}

/* Ends whatever the worker is blocked in: the connection (its reads and
 * writes fail at once) and the connect. Any thread. */
void
_domus_vnc_session_abort (DomusVncSession *self)
{
  g_autoptr(GSocket) socket = NULL;

  g_mutex_lock (&self->mutex);
  g_set_object (&socket, self->socket);
  g_mutex_unlock (&self->mutex);
  if (socket != NULL)
    g_socket_shutdown (socket, TRUE, TRUE, NULL);
  g_cancellable_cancel (self->cancellable);
}

/* Worker: starts a wait that must end by @deadline, or ends the one in
 * progress (WAIT_NONE). Only a disarmed watchdog is set here: an armed one
 * moves its own ready time on when it finds the wait was extended, so a
 * wait that ends in time costs the main context nothing. */
void
_domus_vnc_session_set_wait (DomusVncSession *self,
                             Wait             waiting,
                             gint64           deadline)
{
  g_mutex_lock (&self->mutex);
  self->waiting = waiting;
  self->deadline = deadline;
  if (waiting != WAIT_NONE && !self->armed)
    {
      self->armed = TRUE;
      g_source_set_ready_time (self->watchdog, deadline);
    }
  g_mutex_unlock (&self->mutex);
}

gint64
_domus_vnc_session_deadline_from_now (DomusVncSession *self)
{
  return g_get_monotonic_time () + (gint64) self->timeout * G_USEC_PER_SEC;
}

static GError *
timed_out_error (DomusVncSession *self,
                 Wait             waiting)
{
  switch (waiting)
    {
    case WAIT_HANDSHAKE:
      return g_error_new (DOMUS_ERROR, DOMUS_ERROR_TIMED_OUT,
                          _("The VNC server at %s did not finish the handshake within %u s"),
                          self->where, self->timeout);
    case WAIT_FIRST_UPDATE:
      return g_error_new (DOMUS_ERROR, DOMUS_ERROR_TIMED_OUT,
                          _("The VNC server at %s sent no screen within %u s"),
                          self->where, self->timeout);
    case WAIT_SEND:
      return g_error_new (DOMUS_ERROR, DOMUS_ERROR_TIMED_OUT,
                          _("The VNC server at %s took nothing Domus sent for %u s"),
                          self->where, self->timeout);
    case WAIT_MESSAGE:
    case WAIT_NONE:
    default:
      return g_error_new (DOMUS_ERROR, DOMUS_ERROR_TIMED_OUT,
                          _("The VNC server at %s stopped in the middle of a message for %u s"),
                          self->where, self->timeout);
    }
}

/* Main context: the wait in progress is over time, or was extended, or is
 * done. */
static gboolean
watchdog_cb (gpointer data)
{
  DomusVncSession *self = data;
  gboolean late;

  g_mutex_lock (&self->mutex);
  late = self->waiting != WAIT_NONE && g_get_monotonic_time () >= self->deadline;
  if (late && self->error == NULL)
    self->error = timed_out_error (self, self->waiting);
  if (self->waiting != WAIT_NONE && !late)
    g_source_set_ready_time (self->watchdog, self->deadline);
  else
    {
      self->waiting = WAIT_NONE;
      self->armed = FALSE;
      g_source_set_ready_time (self->watchdog, -1);
    }
  g_mutex_unlock (&self->mutex);
  if (late)
    _domus_vnc_session_abort (self);
  return G_SOURCE_CONTINUE;
}

static gboolean
watchdog_dispatch (GSource     *source,
                   GSourceFunc  callback,
                   gpointer     data)
{
  return callback (data);
}

static GSourceFuncs watchdog_funcs = { NULL, NULL, watchdog_dispatch, NULL, NULL, NULL };

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

/* Runs @callback on the session's context, never on the worker: unlike
 * g_main_context_invoke(), which runs it at once when it can acquire the
 * context. */
static void
emit_later (DomusVncSession *self,
            GSourceFunc      callback)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, callback, g_object_ref (self), g_object_unref);
  g_source_set_static_name (source, "[domus] vnc session signal");
  g_source_attach (source, self->context);
  g_source_unref (source);
}

void
_domus_vnc_session_emit_updated (DomusVncSession *self)
{
  emit_later (self, emit_updated_cb);
}

void
_domus_vnc_session_emit_closed (DomusVncSession *self)
{
  emit_later (self, emit_closed_cb);
}

guint64
_domus_vnc_session_get_n_updates (DomusVncSession *self)
{
  guint64 n;

  g_mutex_lock (&self->mutex);
  n = self->n_updates;
  g_mutex_unlock (&self->mutex);
  return n;
}

gboolean
_domus_vnc_session_has_pending_input (DomusVncSession *self)
{
  gboolean pending;

  g_mutex_lock (&self->mutex);
  pending = self->n_sent < self->n_queued;
  g_mutex_unlock (&self->mutex);
  return pending;
}

static void
wake_worker (DomusVncSession *self)
{
  if (write (self->wakeup[1], "", 1) < 0 && errno != EAGAIN)
    g_warning ("Cannot wake the VNC worker: %s", g_strerror (errno));
}

static void
queue_input (DomusVncSession  *self,
             const InputEvent *event)
{
  g_mutex_lock (&self->mutex);
  g_array_append_vals (self->input, event, 1);
  self->n_queued++;
  g_mutex_unlock (&self->mutex);
  wake_worker (self);
}

DomusVncSession *
domus_vnc_session_new (const char *host,
                       guint       port)
{
  g_autoptr(GSocketConnectable) address = NULL;
  g_autofree char *where = NULL;

  g_return_val_if_fail (host != NULL, NULL);
  g_return_val_if_fail (port <= G_MAXUINT16, NULL);

  address = g_network_address_new (host, (guint16) port);
  where = g_strdup_printf ("%s:%u", host, port);
  return domus_vnc_session_new_for_address (address, where);
}

DomusVncSession *
domus_vnc_session_new_for_address (GSocketConnectable *address,
                                   const char         *where)
{
  DomusVncSession *self;

  g_return_val_if_fail (G_IS_SOCKET_CONNECTABLE (address), NULL);
  g_return_val_if_fail (where != NULL, NULL);

  self = g_object_new (DOMUS_TYPE_VNC_SESSION, NULL);
  self->address = g_object_ref (address);
  self->where = g_strdup (where);
  return self;
}

void
domus_vnc_session_set_password (DomusVncSession *self,
                                const char      *password)
{
  g_return_if_fail (DOMUS_IS_VNC_SESSION (self));
  g_return_if_fail (!self->started);

  g_free (self->password);
  self->password = g_strdup (password);
}

void
domus_vnc_session_set_timeout (DomusVncSession *self,
                               guint            seconds)
{
  g_return_if_fail (DOMUS_IS_VNC_SESSION (self));
  g_return_if_fail (!self->started);
  g_return_if_fail (seconds > 0);

  self->timeout = seconds;
}

void
domus_vnc_session_connect_async (DomusVncSession     *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (DOMUS_IS_VNC_SESSION (self));
  g_return_if_fail (!self->started);

  rfbClientLog = _domus_vnc_session_log;
  rfbClientErr = _domus_vnc_session_log;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, domus_vnc_session_connect_async);
  self->started = TRUE;
  self->context = g_main_context_ref_thread_default ();
  self->watchdog = g_source_new (&watchdog_funcs, sizeof (GSource));
  g_source_set_callback (self->watchdog, watchdog_cb, g_object_ref (self), g_object_unref);
  g_source_set_static_name (self->watchdog, "[domus] vnc session watchdog");
  g_source_attach (self->watchdog, self->context);
  /* The worker's reference, which it drops when it ends; nothing joins it. */
  g_object_ref (self);
  g_thread_unref (g_thread_new ("domus-vnc", _domus_vnc_session_thread, task));
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

void
domus_vnc_session_get_size (DomusVncSession *self,
                            guint           *width,
                            guint           *height)
{
  g_return_if_fail (DOMUS_IS_VNC_SESSION (self));

  g_mutex_lock (&self->mutex);
  *width = self->frame != NULL ? self->width : 0;
  *height = self->frame != NULL ? self->height : 0;
  g_mutex_unlock (&self->mutex);
}

static gboolean
copy_pixels (DomusVncSession *self,
             guint            x,
             guint            y,
             guint            width,
             guint            height,
             guint8          *dest,
             gsize            stride,
             gboolean         opaque)
{
  gboolean inside;

  g_mutex_lock (&self->mutex);
  inside = self->frame != NULL && x + width <= self->width && y + height <= self->height;
  for (guint row = 0; inside && row < height; row++)
    {
      const guint8 *from = self->frame + ((gsize) (y + row) * self->width + x) * 4;
      guint8 *to = dest + row * stride;

      memcpy (to, from, (gsize) width * 4);
      for (guint i = 3; opaque && i < width * 4; i += 4)
        to[i] = 0xff;
    }
  g_mutex_unlock (&self->mutex);
  return inside;
}

gboolean
domus_vnc_session_read_pixels (DomusVncSession *self,
                               guint            x,
                               guint            y,
                               guint            width,
                               guint            height,
                               guint8          *dest,
                               gsize            stride)
{
  g_return_val_if_fail (DOMUS_IS_VNC_SESSION (self), FALSE);
  g_return_val_if_fail (dest != NULL, FALSE);

  return copy_pixels (self, x, y, width, height, dest, stride, TRUE);
}

gboolean
domus_vnc_session_copy_pixels (DomusVncSession *self,
                               guint            x,
                               guint            y,
                               guint            width,
                               guint            height,
                               guint8          *dest,
                               gsize            stride)
{
  g_return_val_if_fail (DOMUS_IS_VNC_SESSION (self), FALSE);
  g_return_val_if_fail (dest != NULL, FALSE);

  return copy_pixels (self, x, y, width, height, dest, stride, FALSE);
}

GArray *
domus_vnc_session_take_damage (DomusVncSession *self)
{
  GArray *damage;

  g_return_val_if_fail (DOMUS_IS_VNC_SESSION (self), NULL);

  g_mutex_lock (&self->mutex);
  damage = g_steal_pointer (&self->damage);
  self->damage = g_array_new (FALSE, FALSE, sizeof (DomusVncRect));
  g_mutex_unlock (&self->mutex);
  return damage;
}

guint64
domus_vnc_session_get_n_updates (DomusVncSession *self)
{
  g_return_val_if_fail (DOMUS_IS_VNC_SESSION (self), 0);

  return _domus_vnc_session_get_n_updates (self);
}

void
domus_vnc_session_send_key (DomusVncSession *self,
                            guint            keysym,
                            guint            scancode,
                            gboolean         down)
{
  InputEvent event = { .is_key = TRUE, .keysym = keysym, .scancode = scancode, .down = down };

  g_return_if_fail (DOMUS_IS_VNC_SESSION (self));
  queue_input (self, &event);
}

void
domus_vnc_session_send_pointer (DomusVncSession *self,
                                guint            x,
                                guint            y,
                                DomusVncButtons  buttons)
{
  InputEvent event = { .is_key = FALSE, .x = x, .y = y, .buttons = buttons };

  g_return_if_fail (DOMUS_IS_VNC_SESSION (self));
  queue_input (self, &event);
}

void
domus_vnc_session_type_text (DomusVncSession *self,
                             const char      *text)
{
  g_return_if_fail (DOMUS_IS_VNC_SESSION (self));
  g_return_if_fail (g_utf8_validate (text, -1, NULL));

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      guint keysym, qnum;
      gboolean shift;

      domus_vnc_keys_from_char (g_utf8_get_char (p), &keysym, &qnum, &shift);
      if (shift)
        domus_vnc_session_send_key (self, DOMUS_VNC_KEYSYM_SHIFT_L, DOMUS_VNC_QNUM_SHIFT_L, TRUE);
      domus_vnc_session_send_key (self, keysym, qnum, TRUE);
      domus_vnc_session_send_key (self, keysym, qnum, FALSE);
      if (shift)
        domus_vnc_session_send_key (self, DOMUS_VNC_KEYSYM_SHIFT_L, DOMUS_VNC_QNUM_SHIFT_L, FALSE);
    }
}

gboolean
domus_vnc_session_has_scancodes (DomusVncSession *self)
{
  gboolean has;

  g_return_val_if_fail (DOMUS_IS_VNC_SESSION (self), FALSE);

  g_mutex_lock (&self->mutex);
  has = self->has_scancodes;
  g_mutex_unlock (&self->mutex);
  return has;
}

guint64
domus_vnc_session_get_n_sent (DomusVncSession *self)
{
  guint64 n;

  g_return_val_if_fail (DOMUS_IS_VNC_SESSION (self), 0);

  g_mutex_lock (&self->mutex);
  n = self->n_sent;
  g_mutex_unlock (&self->mutex);
  return n;
}

gboolean
domus_vnc_session_has_pending_input (DomusVncSession *self)
{
  g_return_val_if_fail (DOMUS_IS_VNC_SESSION (self), FALSE);

  return _domus_vnc_session_has_pending_input (self);
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
  _domus_vnc_session_abort (self);
  wake_worker (self);
}

static void
domus_vnc_session_finalize (GObject *object)
{
  DomusVncSession *self = DOMUS_VNC_SESSION (object);

  g_clear_pointer (&self->watchdog, g_source_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->address);
  g_free (self->where);
  g_free (self->password);
  g_free (self->frame);
  g_clear_pointer (&self->damage, g_array_unref);
  g_clear_pointer (&self->input, g_array_unref);
  close (self->wakeup[0]);
  close (self->wakeup[1]);
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
  g_autoptr(GError) error = NULL;

  g_mutex_init (&self->mutex);
  self->timeout = DOMUS_VNC_SESSION_TIMEOUT;
  self->cancellable = g_cancellable_new ();
  self->deadline = -1;
  self->damage = g_array_new (FALSE, FALSE, sizeof (DomusVncRect));
  self->input = g_array_new (FALSE, FALSE, sizeof (InputEvent));
  if (!g_unix_open_pipe (self->wakeup, FD_CLOEXEC, &error)
      || !g_unix_set_fd_nonblocking (self->wakeup[0], TRUE, &error)
      || !g_unix_set_fd_nonblocking (self->wakeup[1], TRUE, &error))
    g_error ("Cannot make a pipe: %s", error->message);
}
