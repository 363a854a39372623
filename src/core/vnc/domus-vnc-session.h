/* domus-vnc-session.h: one VNC connection, on libvncclient
 *
 * The rfbClient lives on a worker thread of its own, which reads the
 * server's messages, keeps a copy of the framebuffer (B, G, R, X bytes, as
 * QEMU sends them) and sends the keys and pointer moves queued from the
 * main context. The main context hears of new pixels through the "updated"
 * signal and of the end through the "closed" signal; the frame is read with
 * domus_vnc_session_read_pixels() or domus_vnc_session_dup_frame(). GLib
 * only.
 *
 * The server is not trusted. Limits, each ending the session with an
 * error that says which was hit:
 * - the frame is at least 1×1 and at most DOMUS_VNC_SESSION_MAX_WIDTH ×
 *   DOMUS_VNC_SESSION_MAX_HEIGHT (8192 × 8192, 256 MiB at 4 bytes a
 *   pixel), at ServerInit and at every resize; a larger one is refused
 *   before anything is allocated (DOMUS_ERROR_NOT_SUPPORTED);
 * - the timeout (DOMUS_VNC_SESSION_TIMEOUT, 10 s, or
 *   domus_vnc_session_set_timeout()) bounds the handshake (connect to
 *   ServerInit), the wait for the first pixels, each pause in the middle
 *   of a message, and the wait for the server to take the input sent
 *   (DOMUS_ERROR_TIMED_OUT); between messages the server may be quiet as
 *   long as it likes (a still screen sends nothing);
 * - the desktop name keeps at most DOMUS_VNC_SESSION_MAX_NAME (255)
 *   characters, without control or format characters (libvncclient itself
 *   refuses a name over 1 MiB);
 * - a message libvncclient refuses (a rectangle outside the frame, say)
 *   ends the session (DOMUS_ERROR_FAILED).
 * domus_vnc_session_close() never waits for the server or the worker.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A rectangle of the framebuffer that changed. */
typedef struct
{
  guint x, y, width, height;
} DomusVncRect;

/* Pointer buttons, as RFB numbers them. */
typedef enum
{
  DOMUS_VNC_BUTTON_LEFT       = 1 << 0,
  DOMUS_VNC_BUTTON_MIDDLE     = 1 << 1,
  DOMUS_VNC_BUTTON_RIGHT      = 1 << 2,
  DOMUS_VNC_BUTTON_WHEEL_UP   = 1 << 3,
  DOMUS_VNC_BUTTON_WHEEL_DOWN = 1 << 4,
} DomusVncButtons;

#define DOMUS_VNC_SESSION_MAX_WIDTH  8192
#define DOMUS_VNC_SESSION_MAX_HEIGHT 8192
#define DOMUS_VNC_SESSION_MAX_NAME   255   /* characters */
#define DOMUS_VNC_SESSION_TIMEOUT    10    /* seconds */

#define DOMUS_TYPE_VNC_SESSION (domus_vnc_session_get_type ())
G_DECLARE_FINAL_TYPE (DomusVncSession, domus_vnc_session, DOMUS, VNC_SESSION, GObject)

DomusVncSession *domus_vnc_session_new            (const char           *host,
                                                   guint                 port);
/* A session with the server at @address (a VNC server's TCP address, or a
 * socket that leads to one: see domus_host_dup_screen_address()), named
 * @where in messages. */
DomusVncSession *domus_vnc_session_new_for_address (GSocketConnectable  *address,
                                                    const char          *where);
/* The password for VNC authentication; set it before connecting. */
void             domus_vnc_session_set_password   (DomusVncSession      *self,
                                                   const char           *password);
/* How long the server may keep the session waiting (see above); set it
 * before connecting. */
void             domus_vnc_session_set_timeout    (DomusVncSession      *self,
                                                   guint                 seconds);
/* Connects (handshake and all) off the main context. Fails with
 * DOMUS_ERROR_AUTH when the server wants a password that is not given or
 * refuses the one given, DOMUS_ERROR_TIMED_OUT when the handshake takes
 * longer than the timeout, G_IO_ERROR_CANCELLED when the session is closed
 * first. */
void             domus_vnc_session_connect_async  (DomusVncSession      *self,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean         domus_vnc_session_connect_finish (DomusVncSession      *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
/* The server's name for its desktop, once connected: cleaned (see above). */
const char      *domus_vnc_session_get_name       (DomusVncSession      *self);
/* The framebuffer size; 0 × 0 before the first pixels. */
void             domus_vnc_session_get_size       (DomusVncSession      *self,
                                                   guint                *width,
                                                   guint                *height);
/* A copy of the framebuffer, 4 bytes a pixel (B, G, R, unused), rows of
 * @width × 4 bytes; NULL before the first pixels. */
GBytes          *domus_vnc_session_dup_frame      (DomusVncSession      *self,
                                                   guint                *width,
                                                   guint                *height);
/* Copies a rectangle of the framebuffer to @dest as B, G, R, 0xFF (GDK's
 * B8G8R8A8, opaque); FALSE when it is not inside the frame (which may have
 * just changed size). */
gboolean         domus_vnc_session_read_pixels    (DomusVncSession      *self,
                                                   guint                 x,
                                                   guint                 y,
                                                   guint                 width,
                                                   guint                 height,
                                                   guint8               *dest,
                                                   gsize                 stride);
/* The same, B, G, R and the fourth byte as the frame has it (cairo's
 * RGB24, where it is not read): a plain copy. */
gboolean         domus_vnc_session_copy_pixels    (DomusVncSession      *self,
                                                   guint                 x,
                                                   guint                 y,
                                                   guint                 width,
                                                   guint                 height,
                                                   guint8               *dest,
                                                   gsize                 stride);
/* The rectangles that changed since the last call (DomusVncRect), or NULL
 * when the whole frame did (first pixels, a new size, too many pieces). */
GArray          *domus_vnc_session_take_damage    (DomusVncSession      *self);
/* How many framebuffer updates with pixels have arrived. */
guint64          domus_vnc_session_get_n_updates  (DomusVncSession      *self);

/* Input, queued for the worker and sent in order. @scancode is QEMU's
 * number for the key (PC set 1, 0x80 added for the 0xE0 prefixed ones) and
 * goes with the keysym when the server takes QEMU's extended key events,
 * so that the guest's own layout applies; 0 sends the keysym alone. */
void             domus_vnc_session_send_key       (DomusVncSession      *self,
                                                   guint                 keysym,
                                                   guint                 scancode,
                                                   gboolean              down);
void             domus_vnc_session_send_pointer   (DomusVncSession      *self,
                                                   guint                 x,
                                                   guint                 y,
                                                   DomusVncButtons       buttons);
/* Types @text (UTF-8) as key presses on a US keyboard: shifted characters
 * with Shift held, "\n" as Return; other characters by keysym alone. */
void             domus_vnc_session_type_text      (DomusVncSession      *self,
                                                   const char           *text);
/* Whether the server takes QEMU's extended key events. */
gboolean         domus_vnc_session_has_scancodes  (DomusVncSession      *self);
/* How many input events the worker has sent. */
guint64          domus_vnc_session_get_n_sent     (DomusVncSession      *self);
/* Whether input is queued that the worker has not sent yet. */
gboolean         domus_vnc_session_has_pending_input (DomusVncSession   *self);

/* Why the connection ended, or NULL while it lasts. */
const GError    *domus_vnc_session_get_error      (DomusVncSession      *self);
/* Ends the connection and its thread, without waiting for either: a
 * handshake in progress fails with G_IO_ERROR_CANCELLED, and "closed" is
 * not emitted. A connected session lives until this is called. */
void             domus_vnc_session_close          (DomusVncSession      *self);

G_END_DECLS
