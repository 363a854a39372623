/* domus-vnc-session-private.h: what the session and its worker share
 *
 * DomusVncSession is written in two files: domus-vnc-session.c (the
 * object, its API on the main context, the watchdog, and what both
 * threads use: the wait in progress, the error, the signals) and
 * domus-vnc-session-worker.c (the worker thread: libvncclient, from the
 * handshake to the last message). How the two work together is told at
 * the top of domus-vnc-session.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "domus-vnc-session.h"

G_BEGIN_DECLS

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

  GSocketConnectable *address;
  char         *where;       /* the address, in messages */
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

/* Any thread. */
void     _domus_vnc_session_set_error         (DomusVncSession *self,
                                               GError          *error);
GError  *_domus_vnc_session_dup_error         (DomusVncSession *self);
void     _domus_vnc_session_abort             (DomusVncSession *self);
guint64  _domus_vnc_session_get_n_updates     (DomusVncSession *self);
gboolean _domus_vnc_session_has_pending_input (DomusVncSession *self);
gint64   _domus_vnc_session_deadline_from_now (DomusVncSession *self);

/* The worker. */
void     _domus_vnc_session_set_wait          (DomusVncSession *self,
                                               Wait             waiting,
                                               gint64           deadline);
void     _domus_vnc_session_emit_updated      (DomusVncSession *self);
void     _domus_vnc_session_emit_closed       (DomusVncSession *self);

/* domus-vnc-session-worker.c: the thread's function, which takes the
 * connect task; libvncclient's log, kept for debugging output and for
 * messages. */
gpointer _domus_vnc_session_thread            (gpointer         data);
void     _domus_vnc_session_log               (const char      *format,
                                               ...) G_GNUC_PRINTF (1, 2);

G_END_DECLS
