/* domus-test-rfb-server.h: a scripted, possibly hostile, RFB server
 *
 * Listens on 127.0.0.1 (a free port) and serves each connection on a thread
 * of its own, whatever the test's main context does (a test may block in a
 * subprocess): the RFB 3.8 handshake without security, a ServerInit that
 * announces @width × @height and a desktop name of @name_length bytes (of
 * which @name is sent), then the bytes of @after. Then it closes, or reads
 * what the client sends until the client goes, for at most @linger_ms.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  gboolean      silent;       /* accepts, then sends nothing at all */
  guint16       width;
  guint16       height;
  const char   *name;
  guint32       name_length;  /* as announced; 0: that of @name */
  const guint8 *after;        /* sent after ServerInit */
  gsize         after_length;
  gboolean      close_after;  /* closes once all is sent */
  guint         linger_ms;    /* else waits for the client this long; 0: 10 s */
  gboolean      deaf;         /* reads nothing after the handshake, into a small buffer */
} DomusTestRfbScript;

typedef struct _DomusTestRfbServer DomusTestRfbServer;

/* Copies @script (not what it points to: keep that alive). */
DomusTestRfbServer *domus_test_rfb_server_new      (const DomusTestRfbScript *script);
/* Plays @scripts[i] to the i-th connection, the last one to every
 * connection after; @scripts copied likewise. */
DomusTestRfbServer *domus_test_rfb_server_new_sequence (const DomusTestRfbScript *scripts,
                                                        guint                     n_scripts);
guint16             domus_test_rfb_server_get_port (DomusTestRfbServer       *self);
/* How many connections it has accepted (each wakes the default main
 * context). */
guint               domus_test_rfb_server_get_n_accepted (DomusTestRfbServer *self);
void                domus_test_rfb_server_free     (DomusTestRfbServer       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DomusTestRfbServer, domus_test_rfb_server_free)

/* A FramebufferUpdate of one rectangle: its 16 bytes of headers, then
 * @n_pixel_bytes (of 0x40) of its pixels; free with g_free(). */
guint8 *domus_test_rfb_update (guint16  x,
                               guint16  y,
                               guint16  width,
                               guint16  height,
                               gint32   encoding,
                               gsize    n_pixel_bytes,
                               gsize   *length);

G_END_DECLS
