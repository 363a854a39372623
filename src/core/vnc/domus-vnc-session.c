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
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-vnc-session"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib-unix.h>
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
#include "domus-vnc-keys.h"
#include "domus-vnc-session.h"

/* rfbproto.h defines TRUE as -1: fine as a truth value, never count with it. */

#define MAX_DAMAGE 64      /* more pieces than this: the whole frame */

/* What the worker waits for, which the watchdog bounds. */
typedef enum
{
  WAIT_NONE,
  WAIT_HANDSHAKE,      /* connect, version, security, ServerInit */
  WAIT_FIRST_UPDATE,   /* the first pixels */
  WAIT_MESSAGE,        /* the rest of a message begun */
  WAIT_SEND,           /* the server to take input sent */
} Wait;

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
  guint         timeout;     /* seconds */
  gboolean      started;     /* connect_async() was called */
  GMainContext *context;     /* where signals go */
  gint          closing;     /* atomic */
  int           wakeup[2];   /* a pipe: input queued, or closing */
  gboolean      asked_password;   /* by the worker, before connect returns */
  GCancellable *cancellable; /* cancelled by closing and by the watchdog */
  GSource      *watchdog;    /* on @context */

  GMutex        mutex;       /* guards the fields below */
  GSocket      *socket;      /* the connection, while the worker has it */
  Wait          waiting;
  gint64        deadline;    /* when the wait ends (monotonic µs) */
  gboolean      armed;       /* the watchdog has a ready time */
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

/* libvncclient's last words on each worker thread: why it gave up. */
static GPrivate last_complaint = G_PRIVATE_INIT (g_free);

/* libvncclient prints to stderr; keep it for debugging output instead. */
static void client_log (const char *format,
                        ...) G_GNUC_PRINTF (1, 2);

static void
client_log (const char *format,
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

/* Takes @error as why the session ended, unless it has a reason already. */
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

static GError *
dup_error (DomusVncSession *self)
{
  GError *error;

  g_mutex_lock (&self->mutex);
  error = self->error != NULL ? g_error_copy (self->error) : NULL;
  g_mutex_unlock (&self->mutex);
  return error;
}

/* Ends whatever the worker is blocked in: the connection (its reads and
 * writes fail at once) and the connect. Any thread. */
static void
abort_connection (DomusVncSession *self)
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
static void
set_wait (DomusVncSession *self,
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

static gint64
deadline_from_now (DomusVncSession *self)
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
                          _("The VNC server at %s:%u did not finish the handshake within %u s"),
                          self->host, self->port, self->timeout);
    case WAIT_FIRST_UPDATE:
      return g_error_new (DOMUS_ERROR, DOMUS_ERROR_TIMED_OUT,
                          _("The VNC server at %s:%u sent no screen within %u s"),
                          self->host, self->port, self->timeout);
    case WAIT_SEND:
      return g_error_new (DOMUS_ERROR, DOMUS_ERROR_TIMED_OUT,
                          _("The VNC server at %s:%u took nothing Domus sent for %u s"),
                          self->host, self->port, self->timeout);
    case WAIT_MESSAGE:
    case WAIT_NONE:
    default:
      return g_error_new (DOMUS_ERROR, DOMUS_ERROR_TIMED_OUT,
                          _("The VNC server at %s:%u stopped in the middle of a message for %u s"),
                          self->host, self->port, self->timeout);
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
    abort_connection (self);
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
      set_error (self, g_error_new (DOMUS_ERROR, DOMUS_ERROR_NOT_SUPPORTED,
                                    _("The VNC server at %s:%u announced a %u×%u screen: Domus shows "
                                      "screens from 1×1 up to %u×%u pixels"),
                                    self->host, self->port, width, height,
                                    DOMUS_VNC_SESSION_MAX_WIDTH, DOMUS_VNC_SESSION_MAX_HEIGHT));
      /* Nothing may be drawn into the frame that is not there. */
      client->width = 0;
      client->height = 0;
      abort_connection (self);
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
    self->deadline = deadline_from_now (self);
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

static guint64
get_n_updates (DomusVncSession *self)
{
  guint64 n;

  g_mutex_lock (&self->mutex);
  n = self->n_updates;
  g_mutex_unlock (&self->mutex);
  return n;
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
                        _("The VNC server at %s:%u closed the connection"), self->host, self->port);
  /* TRANSLATORS: the server's address, then libvncclient's own words (English) */
  return g_error_new (DOMUS_ERROR, DOMUS_ERROR_FAILED,
                      _("The VNC server at %s:%u sent a message Domus cannot read (%s)"),
                      self->host, self->port, complaint != NULL ? complaint : "?");
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
  else if ((error = dup_error (self)) != NULL)
    ;
  else if (self->asked_password && self->password == NULL)
    error = g_error_new (DOMUS_ERROR, DOMUS_ERROR_AUTH,
                         _("The VNC server at %s:%u asks for a password"), self->host, self->port);
  /* The handshake ends right after the password: the server refused it
   * (its words vary: "Authentication failed", "password check failed!"). */
  else if (self->asked_password)
    error = g_error_new (DOMUS_ERROR, DOMUS_ERROR_AUTH,
                         _("The VNC server at %s:%u refused the password"), self->host, self->port);
  else if (client != NULL && !server_hung_up (client))
    error = broken_error (self, client);
  else
    error = g_error_new (DOMUS_ERROR, DOMUS_ERROR_FAILED,
                         _("Cannot connect to the VNC server at %s:%u"), self->host, self->port);
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
  g_autoptr(GSocketConnectable) address = g_network_address_new (self->host, (guint16) self->port);
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) local_error = NULL;
  GSocket *socket;
  rfbClient *client;
  int fd;

  connection = g_socket_client_connect (connector, address, self->cancellable, &local_error);
  if (connection == NULL)
    {
      g_debug ("%s:%u: %s", self->host, self->port, local_error->message);
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
  client->serverHost = strdup (self->host);
  client->serverPort = (int) self->port;
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
  if (get_n_updates (self) > 0)
    set_wait (self, WAIT_NONE, -1);
  else
    set_wait (self, WAIT_FIRST_UPDATE, first_deadline);
}

static gboolean
has_pending_input (DomusVncSession *self)
{
  gboolean pending;

  g_mutex_lock (&self->mutex);
  pending = self->n_sent < self->n_queued;
  g_mutex_unlock (&self->mutex);
  return pending;
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
  gint64 first_deadline = deadline_from_now (self);

  set_wait (self, WAIT_FIRST_UPDATE, first_deadline);
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
      if (ok && has_pending_input (self))
        {
          set_wait (self, WAIT_SEND, deadline_from_now (self));
          ok = send_input (self, client);
          set_idle (self, first_deadline);
        }
      if (ok && (client->buffered > 0 || fds[0].revents != 0))
        {
          set_wait (self, WAIT_MESSAGE, deadline_from_now (self));
          ok = HandleRFBServerMessage (client);
          set_idle (self, first_deadline);
        }
      if (!ok && !g_atomic_int_get (&self->closing))
        {
          if (may_reconnect && screen_outgrew_frame (client))
            return TRUE;
          set_error (self, broken_error (self, client));
          emit_later (self, emit_closed_cb);
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

  while (run (self, client, get_n_updates (self) != n_before))
    {
      g_autoptr(GError) error = NULL;

      g_debug ("%s:%u: the screen outgrew the frame, connecting again", self->host, self->port);
      cleanup_client (client);
      g_mutex_lock (&self->mutex);
      g_clear_object (&self->socket);
      g_mutex_unlock (&self->mutex);
      n_before = get_n_updates (self);
      self->asked_password = FALSE;
      set_wait (self, WAIT_HANDSHAKE, deadline_from_now (self));
      client = handshake (self, &error);
      if (client == NULL)
        {
          set_wait (self, WAIT_NONE, -1);
          if (!g_atomic_int_get (&self->closing))
            {
              set_error (self, g_steal_pointer (&error));
              emit_later (self, emit_closed_cb);
            }
          return;
        }
    }
  cleanup_client (client);
}

/* The worker: connects, then reads and writes until closed or the server
 * goes. It holds a reference to the session until it ends. */
static gpointer
session_thread (gpointer data)
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

  set_wait (self, WAIT_HANDSHAKE, deadline_from_now (self));
  client = handshake (self, &error);
  if (client == NULL)
    {
      set_wait (self, WAIT_NONE, -1);
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

  rfbClientLog = client_log;
  rfbClientErr = client_log;
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
  g_thread_unref (g_thread_new ("domus-vnc", session_thread, task));
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
  g_return_val_if_fail (DOMUS_IS_VNC_SESSION (self), 0);

  return get_n_updates (self);
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

  return has_pending_input (self);
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
  abort_connection (self);
  wake_worker (self);
}

static void
domus_vnc_session_finalize (GObject *object)
{
  DomusVncSession *self = DOMUS_VNC_SESSION (object);

  g_clear_pointer (&self->watchdog, g_source_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_object (&self->cancellable);
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
