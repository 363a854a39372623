/* domus-vnc-session.c
 *
 * libvncclient 0.9.14 has no locking and blocks in rfbInitClient() and
 * HandleRFBServerMessage(): one thread owns the rfbClient from connect to
 * close. It polls the socket and a wakeup pipe (written to when input is
 * queued or the session closes), drains what libvncclient buffered (its
 * WaitForMessage() ignores cl->buffered), sends queued input, copies each
 * updated rectangle into the shared frame under the mutex and tells the
 * main context.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-vnc-session"

#include "config.h"

#include <errno.h>
#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <poll.h>
#include <rfb/rfbclient.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "domus-error.h"
#include "domus-vnc-keys.h"
#include "domus-vnc-session.h"

/* rfbproto.h defines TRUE as -1: fine as a truth value, never count with it. */

#define MAX_DAMAGE 64      /* more pieces than this: the whole frame */

typedef struct
{
  gboolean is_key;
  guint    keysym;         /* key */
  guint    scancode;
  gboolean down;
  guint    x;              /* pointer */
  guint    y;
  guint    buttons;
} InputEvent;

struct _DomusVncSession
{
  GObject       parent_instance;

  char         *host;
  guint         port;
  char         *password;
  GThread      *thread;
  GMainContext *context;     /* where signals go */
  gint          closing;     /* atomic */
  int           wakeup[2];   /* a pipe: input queued, or closing */
  gboolean      asked_password;   /* by the worker, before connect returns */

  GMutex        mutex;       /* guards the fields below */
  guint8       *frame;
  guint         width;
  guint         height;
  guint64       n_updates;
  gboolean      got_pixels;  /* since the last update was counted */
  GArray       *damage;      /* DomusVncRect; NULL: all of it */
  GArray       *input;       /* InputEvent, to send */
  guint64       n_queued;
  guint64       n_sent;
  gboolean      has_scancodes;
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

static char *
get_password (rfbClient *client)
{
  DomusVncSession *self = rfbClientGetClientData (client, domus_vnc_session_get_type);

  self->asked_password = TRUE;
  /* libvncclient frees it, with free(). */
  return self->password != NULL ? strdup (self->password) : NULL;
}

static void
add_damage (DomusVncSession *self,
            guint            x,
            guint            y,
            guint            w,
            guint            h)
{
  DomusVncRect rect = { x, y, w, h };

  if (self->damage == NULL)
    return;
  if (self->damage->len >= MAX_DAMAGE)
    g_clear_pointer (&self->damage, g_array_unref);
  else
    g_array_append_val (self->damage, rect);
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
      g_clear_pointer (&self->damage, g_array_unref);
    }
  x = CLAMP (x, 0, client->width);
  y = CLAMP (y, 0, client->height);
  add_damage (self, x, y, MIN (w, client->width - x), MIN (h, client->height - y));
  self->got_pixels = TRUE;
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

static void
finished_update (rfbClient *client)
{
  DomusVncSession *self = rfbClientGetClientData (client, domus_vnc_session_get_type);
  gboolean got_pixels;

  /* An update of pseudo-rectangles only (a new size, QEMU's key events
   * acknowledged) brings no pixels: not one to count or show. */
  g_mutex_lock (&self->mutex);
  got_pixels = self->got_pixels;
  self->got_pixels = FALSE;
  if (got_pixels)
    self->n_updates++;
  self->has_scancodes = SupportsClient2Server (client, rfbQemuEvent);
  g_mutex_unlock (&self->mutex);
  if (got_pixels)
    emit_later (self, emit_updated_cb);
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
    (gint32) rfbEncodingQemuExtendedKeyEvent,
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

/* Sends what the main context queued, in order. */
static gboolean
send_input (DomusVncSession *self,
            rfbClient       *client)
{
  g_autoptr(GArray) input = NULL;
  gboolean ok = TRUE;

  g_mutex_lock (&self->mutex);
  input = g_steal_pointer (&self->input);
  self->input = g_array_new (FALSE, FALSE, sizeof (InputEvent));
  g_mutex_unlock (&self->mutex);

  for (guint i = 0; i < input->len && ok; i++)
    {
      InputEvent *event = &g_array_index (input, InputEvent, i);

      if (!event->is_key)
        ok = SendPointerEvent (client, (int) event->x, (int) event->y, (int) event->buttons);
      else if (event->scancode != 0 && SupportsClient2Server (client, rfbQemuEvent))
        ok = SendExtendedKeyEvent (client, event->keysym, event->scancode, event->down);
      else
        ok = SendKeyEvent (client, event->keysym, event->down);
    }

  g_mutex_lock (&self->mutex);
  self->n_sent += input->len;
  g_mutex_unlock (&self->mutex);
  return ok;
}

static GError *
connect_error (DomusVncSession *self)
{
  if (self->asked_password && self->password == NULL)
    return g_error_new (DOMUS_ERROR, DOMUS_ERROR_AUTH,
                        _("The VNC server at %s:%u asks for a password"), self->host, self->port);
  /* The handshake ends right after the password: the server refused it
   * (its words vary: "Authentication failed", "password check failed!"). */
  if (self->asked_password)
    return g_error_new (DOMUS_ERROR, DOMUS_ERROR_AUTH,
                        _("The VNC server at %s:%u refused the password"), self->host, self->port);
  return g_error_new (DOMUS_ERROR, DOMUS_ERROR_FAILED,
                      _("Cannot connect to the VNC server at %s:%u"), self->host, self->port);
}

static void
cleanup_client (rfbClient *client)
{
  /* rfbClientCleanup leaves the framebuffer to its owner. */
  free (client->frameBuffer);
  client->frameBuffer = NULL;
  rfbClientCleanup (client);
}

/* The worker: connects, then reads and writes until closed or the server
 * goes. */
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
  /* rfbGetClient set "" and rfbClientCleanup frees what is there. */
  free (client->serverHost);
  client->serverHost = strdup (self->host);
  client->serverPort = (int) self->port;
  client->connectTimeout = 10;
  client->GotFrameBufferUpdate = got_update;
  client->FinishedFrameBufferUpdate = finished_update;
  client->GetPassword = get_password;
  rfbClientSetClientData (client, domus_vnc_session_get_type, self);

  /* rfbInitClient frees the client when it fails. */
  if (!rfbInitClient (client, &argc, argv))
    {
      g_task_return_error (task, connect_error (self));
      g_object_unref (task);
      return NULL;
    }

  /* libvncclient 0.9.14 offers ExtendedDesktopSize but drops QEMU's resizes
   * (it rejects screen id 0), then dies on "Rect too large": ask again
   * without it, keeping the plain DesktopSize that it handles. */
  if (!set_encodings (client))
    {
      cleanup_client (client);
      g_task_return_new_error (task, DOMUS_ERROR, DOMUS_ERROR_CLOSED,
                               _("The VNC server at %s:%u closed the connection"), self->host, self->port);
      g_object_unref (task);
      return NULL;
    }

  g_mutex_lock (&self->mutex);
  self->name = g_strdup (client->desktopName);
  /* Black until the first pixels: the size is known from now on. */
  self->width = client->width;
  self->height = client->height;
  self->frame = g_malloc0 ((gsize) self->width * self->height * 4);
  g_clear_pointer (&self->damage, g_array_unref);
  g_mutex_unlock (&self->mutex);
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);

  while (!g_atomic_int_get (&self->closing))
    {
      struct pollfd fds[2] = {
        { .fd = client->sock, .events = POLLIN },
        { .fd = self->wakeup[0], .events = POLLIN },
      };
      gboolean ok = TRUE;

      if (client->buffered == 0 && poll (fds, G_N_ELEMENTS (fds), -1) < 0 && errno != EINTR)
        ok = FALSE;
      if (fds[1].revents != 0)
        {
          char drain[64];

          while (read (self->wakeup[0], drain, sizeof drain) > 0)
            ;
        }
      if (ok)
        ok = send_input (self, client);
      if (ok && (client->buffered > 0 || fds[0].revents != 0))
        ok = HandleRFBServerMessage (client);
      if (!ok && !g_atomic_int_get (&self->closing))
        {
          set_error (self, g_error_new (DOMUS_ERROR, DOMUS_ERROR_CLOSED,
                                        _("The VNC server at %s:%u closed the connection"),
                                        self->host, self->port));
          emit_later (self, emit_closed_cb);
          break;
        }
    }

  cleanup_client (client);
  return NULL;
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
  DomusVncSession *self;

  g_return_val_if_fail (host != NULL, NULL);

  self = g_object_new (DOMUS_TYPE_VNC_SESSION, NULL);
  self->host = g_strdup (host);
  self->port = port;
  return self;
}

void
domus_vnc_session_set_password (DomusVncSession *self,
                                const char      *password)
{
  g_return_if_fail (DOMUS_IS_VNC_SESSION (self));
  g_return_if_fail (self->thread == NULL);

  g_free (self->password);
  self->password = g_strdup (password);
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

gboolean
domus_vnc_session_read_pixels (DomusVncSession *self,
                               guint            x,
                               guint            y,
                               guint            width,
                               guint            height,
                               guint8          *dest,
                               gsize            stride)
{
  gboolean inside;

  g_return_val_if_fail (DOMUS_IS_VNC_SESSION (self), FALSE);
  g_return_val_if_fail (dest != NULL, FALSE);

  g_mutex_lock (&self->mutex);
  inside = self->frame != NULL && x + width <= self->width && y + height <= self->height;
  for (guint row = 0; inside && row < height; row++)
    {
      const guint8 *from = self->frame + ((gsize) (y + row) * self->width + x) * 4;
      guint8 *to = dest + row * stride;

      memcpy (to, from, (gsize) width * 4);
      for (guint i = 3; i < width * 4; i += 4)
        to[i] = 0xff;
    }
  g_mutex_unlock (&self->mutex);
  return inside;
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
  guint64 n;

  g_return_val_if_fail (DOMUS_IS_VNC_SESSION (self), 0);

  g_mutex_lock (&self->mutex);
  n = self->n_updates;
  g_mutex_unlock (&self->mutex);
  return n;
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
  gboolean pending;

  g_return_val_if_fail (DOMUS_IS_VNC_SESSION (self), FALSE);

  g_mutex_lock (&self->mutex);
  pending = self->n_sent < self->n_queued;
  g_mutex_unlock (&self->mutex);
  return pending;
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
  wake_worker (self);
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
  self->damage = g_array_new (FALSE, FALSE, sizeof (DomusVncRect));
  self->input = g_array_new (FALSE, FALSE, sizeof (InputEvent));
  if (!g_unix_open_pipe (self->wakeup, FD_CLOEXEC, &error)
      || !g_unix_set_fd_nonblocking (self->wakeup[0], TRUE, &error)
      || !g_unix_set_fd_nonblocking (self->wakeup[1], TRUE, &error))
    g_error ("Cannot make a pipe: %s", error->message);
}
