/* domus-vnc-session-worker.c: the worker thread of a DomusVncSession
 *
 * Connects (GSocketClient, cancellable) and shakes hands, then polls the
 * socket and the wakeup pipe: sends queued input, reads each message with
 * libvncclient, copies each updated rectangle into the shared frame under
 * the mutex and tells the main context. Connects again when the server's
 * screen outgrows the frame unannounced (follow()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-vnc-session"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <rfb/rfbclient.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "domus-error.h"
#include "domus-vnc-session-private.h"

/* rfbproto.h defines TRUE as -1: fine as a truth value, never count with it. */

#define MAX_DAMAGE 64      /* more pieces than this: the whole frame */

/* libvncclient's last words on each worker thread: why it gave up. */
static GPrivate last_complaint = G_PRIVATE_INIT (g_free);

void
_domus_vnc_session_log (const char *format,
                        ...)
{
  char *message;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_debug ("libvncclient: %s", g_strchomp (message));
  g_private_replace (&last_complaint, message);
}

/* The desktop name is the server's to choose: valid UTF-8 without control
 * or format characters (terminal escapes, bidi overrides), at most
 * DOMUS_VNC_SESSION_MAX_NAME characters. */
static char *
clean_name (const char *name)
{
  g_autofree char *valid = g_utf8_make_valid (name != NULL ? name : "", -1);
  GString *clean = g_string_new (NULL);
  guint n = 0;

  for (const char *p = valid; *p != '\0' && n < DOMUS_VNC_SESSION_MAX_NAME; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);

      if (g_unichar_iscntrl (ch) || g_unichar_type (ch) == G_UNICODE_FORMAT)
        continue;
      g_string_append_unichar (clean, ch);
      n++;
    }
  return g_string_free (clean, FALSE);
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

static gboolean
frame_size_ok (guint width,
               guint height)
{
  return width >= 1 && height >= 1
         && width <= DOMUS_VNC_SESSION_MAX_WIDTH && height <= DOMUS_VNC_SESSION_MAX_HEIGHT;
}

/* libvncclient's MallocFrameBuffer hook, at ServerInit and at each new
 * size: a frame outside the limits is refused before anything is
 * allocated, and the connection ends. */
static rfbBool
allocate_frame (rfbClient *client)
{
  DomusVncSession *self = rfbClientGetClientData (client, domus_vnc_session_get_type);
  guint width = (guint) client->width;
  guint height = (guint) client->height;

  free (client->frameBuffer);
  client->frameBuffer = NULL;
  if (!frame_size_ok (width, height))
    {
      /* TRANSLATORS: the server's address, the size it announced, then Domus's limit */
      _domus_vnc_session_set_error (self, g_error_new (DOMUS_ERROR, DOMUS_ERROR_NOT_SUPPORTED,
                                    _("The VNC server at %s announced a %u×%u screen: Domus shows "
                                      "screens from 1×1 up to %u×%u pixels"),
                                    self->where, width, height,
                                    DOMUS_VNC_SESSION_MAX_WIDTH, DOMUS_VNC_SESSION_MAX_HEIGHT));
      /* Nothing may be drawn into the frame that is not there. */
      client->width = 0;
      client->height = 0;
      _domus_vnc_session_abort (self);
      return FALSE;
    }
  client->frameBuffer = malloc ((gsize) width * height * 4);
  return client->frameBuffer != NULL;
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
  /* A rectangle came: the message moves on. */
  if (self->waiting == WAIT_MESSAGE)
    self->deadline = _domus_vnc_session_deadline_from_now (self);
  g_mutex_unlock (&self->mutex);
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
    _domus_vnc_session_emit_updated (self);
}

/* B, G, R, X in memory (client->format): QEMU's own layout, no conversion. */
static rfbBool
set_pixel_format (rfbClient *client)
{
  rfbSetPixelFormatMsg message = { .type = rfbSetPixelFormat, .format = client->format };

  message.format.redMax = GUINT16_TO_BE (client->format.redMax);
  message.format.greenMax = GUINT16_TO_BE (client->format.greenMax);
  message.format.blueMax = GUINT16_TO_BE (client->format.blueMax);
  return WriteToRFBServer (client, (const char *) &message, sz_rfbSetPixelFormatMsg);
}

/* The encodings Domus takes, then the first request for the screen: after
 * them, so that no answer comes in an encoding offered by mistake.
 * libvncclient 0.9.14 offers ExtendedDesktopSize but drops QEMU's resizes
 * (it rejects screen id 0), then dies on "Rect too large": Domus offers the
 * plain DesktopSize, which it handles, only. */
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

/* Whether the server has closed or reset the connection, rather than
 * left it open after something libvncclient refused. */
static gboolean
server_hung_up (rfbClient *client)
{
  char byte;
  ssize_t n = recv (client->sock, &byte, 1, MSG_PEEK | MSG_DONTWAIT);

  return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
}

/* Why libvncclient gave up on the connection, on the worker. */
static GError *
broken_error (DomusVncSession *self,
              rfbClient       *client)
{
  const char *complaint = g_private_get (&last_complaint);

  if (server_hung_up (client))
    return g_error_new (DOMUS_ERROR, DOMUS_ERROR_CLOSED,
                        _("The VNC server at %s closed the connection"), self->where);
  /* TRANSLATORS: the server's address, then libvncclient's own words (English) */
  return g_error_new (DOMUS_ERROR, DOMUS_ERROR_FAILED,
                      _("The VNC server at %s sent a message Domus cannot read (%s)"),
                      self->where, complaint != NULL ? complaint : "?");
}

/* Why the handshake failed, on the worker: closed, timed out, a limit, a
 * password, or the server's fault. */
static GError *
handshake_error (DomusVncSession *self,
                 rfbClient       *client)
{
  GError *error = NULL;

  if (g_atomic_int_get (&self->closing))
    {
      /* domus_vnc_session_close() cancels right after it says so. */
      g_cancellable_cancel (self->cancellable);
      g_cancellable_set_error_if_cancelled (self->cancellable, &error);
    }
  else if ((error = _domus_vnc_session_dup_error (self)) != NULL)
    ;
  else if (self->asked_password && self->password == NULL)
    error = g_error_new (DOMUS_ERROR, DOMUS_ERROR_AUTH,
                         _("The VNC server at %s asks for a password"), self->where);
  /* The handshake ends right after the password: the server refused it
   * (its words vary: "Authentication failed", "password check failed!"). */
  else if (self->asked_password)
    error = g_error_new (DOMUS_ERROR, DOMUS_ERROR_AUTH,
                         _("The VNC server at %s refused the password"), self->where);
  else if (client != NULL && !server_hung_up (client))
    error = broken_error (self, client);
  else
    error = g_error_new (DOMUS_ERROR, DOMUS_ERROR_FAILED,
                         _("Cannot connect to the VNC server at %s"), self->where);
  return error;
}

static void
cleanup_client (rfbClient *client)
{
  /* rfbClientCleanup leaves the framebuffer to its owner. */
  free (client->frameBuffer);
  client->frameBuffer = NULL;
  rfbClientCleanup (client);
}

/* Connects and shakes hands, as rfbInitClient() would, but on a socket the
 * session can shut down and with its own limits: NULL and @error when it
 * fails. */
static rfbClient *
handshake (DomusVncSession  *self,
           GError          **error)
{
  g_autoptr(GSocketClient) connector = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) local_error = NULL;
  GSocket *socket;
  rfbClient *client;
  int fd;

  connection = g_socket_client_connect (connector, self->address, self->cancellable, &local_error);
  if (connection == NULL)
    {
      g_debug ("%s: %s", self->where, local_error->message);
      *error = handshake_error (self, NULL);
      return NULL;
    }
  socket = g_socket_connection_get_socket (connection);
  g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, 1, NULL);
  /* libvncclient closes its own copy; the session shuts down the one it
   * keeps, and never one that may have been reused. */
  fd = fcntl (g_socket_get_fd (socket), F_DUPFD_CLOEXEC, 0);
  g_mutex_lock (&self->mutex);
  self->socket = g_object_ref (socket);
  g_mutex_unlock (&self->mutex);
  /* Closed, or over time, before the socket was there to shut down. */
  if (fd < 0 || g_cancellable_is_cancelled (self->cancellable))
    {
      if (fd >= 0)
        close (fd);
      *error = handshake_error (self, NULL);
      return NULL;
    }

  client = rfbGetClient (8, 3, 4);
  client->format.redShift = 16;
  client->format.greenShift = 8;
  client->format.blueShift = 0;
  /* rfbGetClient set "" and rfbClientCleanup frees what is there. */
  free (client->serverHost);
  client->serverHost = strdup (self->where);
  client->sock = fd;
  client->MallocFrameBuffer = allocate_frame;
  client->GotFrameBufferUpdate = got_update;
  client->FinishedFrameBufferUpdate = finished_update;
  client->GetPassword = get_password;
  rfbClientSetClientData (client, domus_vnc_session_get_type, self);

  if (!InitialiseRFBConnection (client))
    goto failed;
  client->width = client->si.framebufferWidth;
  client->height = client->si.framebufferHeight;
  if (!client->MallocFrameBuffer (client))
    goto failed;
  client->updateRect.x = 0;
  client->updateRect.y = 0;
  client->updateRect.w = client->width;
  client->updateRect.h = client->height;
  if (!set_pixel_format (client) || !set_encodings (client))
    goto failed;
  return client;

failed:
  *error = handshake_error (self, client);
  cleanup_client (client);
  return NULL;
}

/* Between messages the server may be quiet as long as it likes, once it
 * has sent a screen. */
static void
set_idle (DomusVncSession *self,
          gint64           first_deadline)
{
  if (_domus_vnc_session_get_n_updates (self) > 0)
    _domus_vnc_session_set_wait (self, WAIT_NONE, -1);
  else
    _domus_vnc_session_set_wait (self, WAIT_FIRST_UPDATE, first_deadline);
}

/* libvncclient's words for a rectangle that does not fit in the frame. */
#define RECT_OUTSIDE_COMPLAINT "Rect too large"


/* A rectangle that does not fit in the frame, from a server still there:
 * its screen changed size without a DesktopSize first. QEMU does it when
 * the guest switches mode while a client is being set up (seen as SeaBIOS
 * went to its 720×400 text mode right after ServerInit). The stream cannot
 * be followed past it, the rectangle's pixels unread, but a new
 * connection's ServerInit has the size. */
static gboolean
screen_outgrew_frame (rfbClient *client)
{
  const char *complaint = g_private_get (&last_complaint);

  return complaint != NULL && g_str_has_prefix (complaint, RECT_OUTSIDE_COMPLAINT)
         && !server_hung_up (client);
}

/* Reads and writes until closed or the server goes: FALSE then, the error
 * set and "closed" on its way. TRUE when the server's screen outgrew the
 * frame and @may_reconnect. */
static gboolean
run (DomusVncSession *self,
     rfbClient       *client,
     gboolean         may_reconnect)
{
  gint64 first_deadline = _domus_vnc_session_deadline_from_now (self);

  _domus_vnc_session_set_wait (self, WAIT_FIRST_UPDATE, first_deadline);
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
      if (ok && _domus_vnc_session_has_pending_input (self))
        {
          _domus_vnc_session_set_wait (self, WAIT_SEND, _domus_vnc_session_deadline_from_now (self));
          ok = send_input (self, client);
          set_idle (self, first_deadline);
        }
      if (ok && (client->buffered > 0 || fds[0].revents != 0))
        {
          _domus_vnc_session_set_wait (self, WAIT_MESSAGE, _domus_vnc_session_deadline_from_now (self));
          ok = HandleRFBServerMessage (client);
          set_idle (self, first_deadline);
        }
      if (!ok && !g_atomic_int_get (&self->closing))
        {
          if (may_reconnect && screen_outgrew_frame (client))
            return TRUE;
          _domus_vnc_session_set_error (self, broken_error (self, client));
          _domus_vnc_session_emit_closed (self);
          break;
        }
    }
  return FALSE;
}

/* Runs the connection, and connects again each time the server's screen
 * outgrows the frame unannounced, as long as the connection before showed
 * pixels: a server that does nothing else is not followed round forever. */
static void
follow (DomusVncSession *self,
        rfbClient       *client)
{
  guint64 n_before = G_MAXUINT64;   /* updates when it last connected again */

  while (run (self, client, _domus_vnc_session_get_n_updates (self) != n_before))
    {
      g_autoptr(GError) error = NULL;

      g_debug ("%s: the screen outgrew the frame, connecting again", self->where);
      cleanup_client (client);
      g_mutex_lock (&self->mutex);
      g_clear_object (&self->socket);
      g_mutex_unlock (&self->mutex);
      n_before = _domus_vnc_session_get_n_updates (self);
      self->asked_password = FALSE;
      _domus_vnc_session_set_wait (self, WAIT_HANDSHAKE, _domus_vnc_session_deadline_from_now (self));
      client = handshake (self, &error);
      if (client == NULL)
        {
          _domus_vnc_session_set_wait (self, WAIT_NONE, -1);
          if (!g_atomic_int_get (&self->closing))
            {
              _domus_vnc_session_set_error (self, g_steal_pointer (&error));
              _domus_vnc_session_emit_closed (self);
            }
          return;
        }
    }
  cleanup_client (client);
}

/* The worker: connects, then reads and writes until closed or the server
 * goes. It holds a reference to the session until it ends. */
gpointer
_domus_vnc_session_thread (gpointer data)
{
  GTask *task = data;
  DomusVncSession *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  rfbClient *client;
  sigset_t pipe;

  /* libvncclient writes with write(): to a server gone, that would raise
   * SIGPIPE and end the process. Blocked on this thread, it is EPIPE. */
  sigemptyset (&pipe);
  sigaddset (&pipe, SIGPIPE);
  pthread_sigmask (SIG_BLOCK, &pipe, NULL);

  _domus_vnc_session_set_wait (self, WAIT_HANDSHAKE, _domus_vnc_session_deadline_from_now (self));
  client = handshake (self, &error);
  if (client == NULL)
    {
      _domus_vnc_session_set_wait (self, WAIT_NONE, -1);
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
    }
  else
    {
      g_autofree char *name = clean_name (client->desktopName);

      g_mutex_lock (&self->mutex);
      self->name = g_steal_pointer (&name);
      /* Black until the first pixels: the size is known from now on. */
      self->width = client->width;
      self->height = client->height;
      self->frame = g_malloc0 ((gsize) self->width * self->height * 4);
      g_clear_pointer (&self->damage, g_array_unref);
      g_mutex_unlock (&self->mutex);
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      follow (self, client);
    }

  g_mutex_lock (&self->mutex);
  g_clear_object (&self->socket);
  g_mutex_unlock (&self->mutex);
  g_source_destroy (self->watchdog);
  g_object_unref (self);
  return NULL;
}
