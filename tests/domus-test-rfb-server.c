/* domus-test-rfb-server.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include "domus-test-rfb-server.h"

struct _DomusTestRfbServer
{
  GArray             *scripts;      /* DomusTestRfbScript, one a connection, the last repeated */
  GSocket            *listener;
  guint16             port;
  GCancellable       *cancellable;
  GThread            *thread;
  guint               n_accepted;   /* atomic */
};

static gboolean
send_all (DomusTestRfbServer *self,
          GSocket            *peer,
          const void         *data,
          gsize               length)
{
  const char *p = data;

  while (length > 0)
    {
      gssize n = g_socket_send (peer, p, length, self->cancellable, NULL);

      if (n <= 0)
        return FALSE;
      p += n;
      length -= (gsize) n;
    }
  return TRUE;
}

static gboolean
receive_exactly (DomusTestRfbServer *self,
                 GSocket            *peer,
                 guint8             *buffer,
                 gsize               length)
{
  while (length > 0)
    {
      gssize n = g_socket_receive (peer, (char *) buffer, length, self->cancellable, NULL);

      if (n <= 0)
        return FALSE;
      buffer += n;
      length -= (gsize) n;
    }
  return TRUE;
}

/* Reads the client's messages up to its first FramebufferUpdateRequest:
 * what comes after is an answer, not a message the client may still be
 * writing when the server goes. */
static gboolean
receive_until_request (DomusTestRfbServer *self,
                       GSocket            *peer)
{
  guint8 buffer[64];

  for (;;)
    {
      if (!receive_exactly (self, peer, buffer, 1))
        return FALSE;
      switch (buffer[0])
        {
        case 0:   /* SetPixelFormat */
          if (!receive_exactly (self, peer, buffer, 19))
            return FALSE;
          break;
        case 2:   /* SetEncodings */
          if (!receive_exactly (self, peer, buffer, 3))
            return FALSE;
          for (guint n = (guint) buffer[1] << 8 | buffer[2]; n > 0; n--)
            if (!receive_exactly (self, peer, buffer, 4))
              return FALSE;
          break;
        case 3:   /* FramebufferUpdateRequest */
          return receive_exactly (self, peer, buffer, 9);
        default:
          g_error ("The client sent message type %u before asking for the screen", buffer[0]);
        }
    }
}

/* Reads and drops what the client sends until it goes or time is up. */
static void
linger (DomusTestRfbServer       *self,
        const DomusTestRfbScript *script,
        GSocket                  *peer)
{
  gint64 end = g_get_monotonic_time () + (script->linger_ms != 0 ? script->linger_ms : 10000) * 1000;
  char buffer[4096];

  for (gint64 now = g_get_monotonic_time (); now < end; now = g_get_monotonic_time ())
    {
      /* Until the client hangs up, or time is up, or the test is done. */
      if (script->deaf)
        {
          g_socket_condition_timed_wait (peer, G_IO_HUP | G_IO_ERR, end - now, self->cancellable, NULL);
          return;
        }
      if (!g_socket_condition_timed_wait (peer, G_IO_IN, end - now, self->cancellable, NULL)
          || g_socket_receive (peer, buffer, sizeof buffer, self->cancellable, NULL) <= 0)
        return;
    }
}

static void
play (DomusTestRfbServer       *self,
      const DomusTestRfbScript *script,
      GSocket                  *peer)
{
  static const guint8 security[] = { 1, 1 };           /* one type: None */
  static const guint8 result[] = { 0, 0, 0, 0 };       /* OK */
  guint8 init[24] = { 0 };
  guint8 answer[12];
  gsize name_sent = script->name != NULL ? strlen (script->name) : 0;
  guint32 name_length = script->name_length != 0 ? script->name_length : (guint32) name_sent;

  if (script->silent)
    {
      linger (self, script, peer);
      return;
    }

  init[0] = script->width >> 8;
  init[1] = script->width & 0xff;
  init[2] = script->height >> 8;
  init[3] = script->height & 0xff;
  /* 32 bits a pixel, depth 24, little endian, true colour, 255 a channel,
   * red at 16, green at 8, blue at 0. */
  init[4] = 32;
  init[5] = 24;
  init[6] = 0;
  init[7] = 1;
  init[9] = init[11] = init[13] = 255;
  init[14] = 16;
  init[15] = 8;
  init[16] = 0;
  init[20] = name_length >> 24;
  init[21] = (name_length >> 16) & 0xff;
  init[22] = (name_length >> 8) & 0xff;
  init[23] = name_length & 0xff;

  if (!send_all (self, peer, "RFB 003.008\n", 12) || !receive_exactly (self, peer, answer, 12)
      || !send_all (self, peer, security, sizeof security) || !receive_exactly (self, peer, answer, 1)
      || !send_all (self, peer, result, sizeof result) || !receive_exactly (self, peer, answer, 1)
      || !send_all (self, peer, init, sizeof init)
      || !send_all (self, peer, script->name, MIN (name_sent, name_length)))
    return;
  if (script->after_length > 0
      && (!receive_until_request (self, peer) || !send_all (self, peer, script->after, script->after_length)))
    return;
  if (!script->close_after)
    linger (self, script, peer);
}

static gpointer
serve (gpointer data)
{
  DomusTestRfbServer *self = data;

  while (!g_cancellable_is_cancelled (self->cancellable))
    {
      g_autoptr(GSocket) peer = g_socket_accept (self->listener, self->cancellable, NULL);
      guint n;

      if (peer == NULL)
        break;
      /* Each message goes at once, not after the ACK of the one before
       * (40 ms of delayed ACK per message, which the fuzzer pays for). */
      g_socket_set_option (peer, IPPROTO_TCP, TCP_NODELAY, 1, NULL);
      n = (guint) g_atomic_int_add (&self->n_accepted, 1);
      /* A test may be waiting for this in the default main context. */
      g_main_context_wakeup (NULL);
      play (self, &g_array_index (self->scripts, DomusTestRfbScript, MIN (n, self->scripts->len - 1)), peer);
      g_socket_close (peer, NULL);
    }
  return NULL;
}

DomusTestRfbServer *
domus_test_rfb_server_new (const DomusTestRfbScript *script)
{
  return domus_test_rfb_server_new_sequence (script, 1);
}

DomusTestRfbServer *
domus_test_rfb_server_new_sequence (const DomusTestRfbScript *scripts,
                                    guint                     n_scripts)
{
  DomusTestRfbServer *self = g_new0 (DomusTestRfbServer, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_cmpuint (n_scripts, >, 0);
  self->scripts = g_array_new (FALSE, FALSE, sizeof (DomusTestRfbScript));
  g_array_append_vals (self->scripts, scripts, n_scripts);
  self->cancellable = g_cancellable_new ();
  self->listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  /* Accepted sockets inherit it: a deaf server's fills up soon (the first
   * script says, for all). */
  if (scripts[0].deaf)
    g_socket_set_option (self->listener, SOL_SOCKET, SO_RCVBUF, 4096, NULL);
  g_socket_bind (self->listener, any_port, TRUE, &error);
  g_assert_no_error (error);
  g_socket_listen (self->listener, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (self->listener, &error);
  g_assert_no_error (error);
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  self->thread = g_thread_new ("rfb-server", serve, self);
  return self;
}

guint16
domus_test_rfb_server_get_port (DomusTestRfbServer *self)
{
  return self->port;
}

guint
domus_test_rfb_server_get_n_accepted (DomusTestRfbServer *self)
{
  return (guint) g_atomic_int_get (&self->n_accepted);
}

void
domus_test_rfb_server_free (DomusTestRfbServer *self)
{
  g_cancellable_cancel (self->cancellable);
  g_thread_join (self->thread);
  g_socket_close (self->listener, NULL);
  g_object_unref (self->listener);
  g_object_unref (self->cancellable);
  g_array_unref (self->scripts);
  g_free (self);
}

guint8 *
domus_test_rfb_update (guint16  x,
                       guint16  y,
                       guint16  width,
                       guint16  height,
                       gint32   encoding,
                       gsize    n_pixel_bytes,
                       gsize   *length)
{
  guint8 *message = g_malloc (16 + n_pixel_bytes);
  guint16 fields[] = { x, y, width, height };
  guint32 be;

  message[0] = 0;        /* FramebufferUpdate */
  message[1] = 0;
  message[2] = 0;        /* one rectangle */
  message[3] = 1;
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      message[4 + 2 * i] = fields[i] >> 8;
      message[5 + 2 * i] = fields[i] & 0xff;
    }
  be = GUINT32_TO_BE ((guint32) encoding);
  memcpy (message + 12, &be, 4);
  memset (message + 16, 0x40, n_pixel_bytes);
  *length = 16 + n_pixel_bytes;
  return message;
}
