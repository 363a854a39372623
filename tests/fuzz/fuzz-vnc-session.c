/* fuzz-vnc-session.c: what a VNC server sends
 *
 * The input is a server's side of a session: its first 4 bytes the frame
 * size of ServerInit (width, height, big endian), then a byte that says
 * how many of the next bytes are the desktop name, then what the server
 * sends once the client asks for the screen. A scripted server on
 * 127.0.0.1 (tests/domus-test-rfb-server.c) does the handshake and sends
 * it, then closes; DomusVncSession connects, and the harness reads every
 * update as the Screen view does. The session must end, in an error or
 * at the close, within its timeout.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "domus-test-rfb-server.h"
#include "vnc/domus-vnc-session.h"
#include "fuzz-common.h"

typedef struct
{
  gboolean  connected;
  gboolean  ok;
  gboolean  closed;
  guint8   *pixels;
  gsize     pixels_size;
} Run;

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Run *run = data;
  g_autoptr(GError) error = NULL;

  /* GLib 2.74's GTask gives TRUE back as -1 (a one-bit field). */
  run->ok = domus_vnc_session_connect_finish (DOMUS_VNC_SESSION (source), result, &error) != FALSE;
  fuzz_check (run->ok == (error == NULL));
  run->connected = TRUE;
}

/* What the Screen view does on each update: the changed rectangles. */
static void
updated_cb (DomusVncSession *session,
            Run             *run)
{
  g_autoptr(GArray) damage = domus_vnc_session_take_damage (session);
  guint width, height;

  domus_vnc_session_get_size (session, &width, &height);
  fuzz_check (width <= DOMUS_VNC_SESSION_MAX_WIDTH && height <= DOMUS_VNC_SESSION_MAX_HEIGHT);
  if (damage == NULL)
    {
      if (width == 0 || height == 0)
        return;
      g_array_set_size ((damage = g_array_new (FALSE, FALSE, sizeof (DomusVncRect))), 1);
      g_array_index (damage, DomusVncRect, 0) = (DomusVncRect) { 0, 0, width, height };
    }
  for (guint i = 0; i < damage->len; i++)
    {
      const DomusVncRect *rect = &g_array_index (damage, DomusVncRect, i);
      gsize size = (gsize) rect->width * rect->height * 4;

      fuzz_check (rect->x + (guint64) rect->width <= width && rect->y + (guint64) rect->height <= height);
      if (size > run->pixels_size)
        {
          run->pixels = g_realloc (run->pixels, size);
          run->pixels_size = size;
        }
      /* FALSE only when the frame has just changed size again. */
      domus_vnc_session_read_pixels (session, rect->x, rect->y, rect->width, rect->height,
                                     run->pixels, (gsize) rect->width * 4);
    }
}

static void
closed_cb (DomusVncSession *session,
           Run             *run)
{
  fuzz_check (domus_vnc_session_get_error (session) != NULL);
  run->closed = TRUE;
}

static gboolean
time_up_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the default main context until *@flag, failing the input after
 * @seconds: the session did not end in time. */
static void
wait_for (const gboolean *flag,
          guint           seconds)
{
  gboolean time_up = FALSE;
  guint timeout = g_timeout_add_seconds (seconds, time_up_cb, &time_up);

  while (!*flag && !time_up)
    g_main_context_iteration (NULL, TRUE);
  fuzz_check (*flag);
  g_source_remove (timeout);
}

static void
finalized_cb (gpointer  data,
              GObject  *where_the_object_was)
{
  g_atomic_int_set ((int *) data, TRUE);
}

/* Closes @session and waits for its worker to let go of it (the worker
 * holds a reference until it ends): each input ends with its own thread,
 * and LeakSanitizer does not look at a worker still running. */
static void
close_and_wait (DomusVncSession *session)
{
  gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  int finalized = FALSE;

  domus_vnc_session_close (session);
  g_object_weak_ref (G_OBJECT (session), finalized_cb, &finalized);
  g_object_unref (session);
  /* The last reference may go on the worker, which does not wake us. */
  while (!g_atomic_int_get (&finalized))
    {
      fuzz_check (g_get_monotonic_time () < end);
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (200);
    }
}

static guint
count_threads (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* Waits a little for the threads of this input (the server's, the
 * session's worker) to have exited, not only to have let go: a thread on
 * its way out has its own data still, which LeakSanitizer would take for
 * leaked. */
static void
wait_for_threads (guint n)
{
  gint64 end = g_get_monotonic_time () + G_USEC_PER_SEC;

  while (count_threads () > n && g_get_monotonic_time () < end)
    g_usleep (100);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  /* Freed last: the server's thread may still be sending the name until
   * the server is freed (cleanups run in reverse order). */
  g_autofree char *name = NULL;
  g_autoptr(DomusTestRfbServer) server = NULL;
  DomusVncSession *session;
  DomusTestRfbScript script = { 0 };
  Run run = { 0 };
  guint n_threads;
  gsize name_length;

  fuzz_init ();
  if (size < 5)
    return 0;
  n_threads = count_threads ();

  script.width = (guint16) (data[0] << 8 | data[1]);
  script.height = (guint16) (data[2] << 8 | data[3]);
  name_length = MIN (data[4], size - 5);
  /* The script's name is a string: NULs end it, and the length with it. */
  name = g_strndup ((const char *) data + 5, name_length);
  script.name = name;
  script.name_length = (guint32) strlen (name);
  script.after = data + 5 + name_length;
  script.after_length = size - 5 - name_length;
  script.close_after = TRUE;
  server = domus_test_rfb_server_new (&script);

  session = domus_vnc_session_new ("127.0.0.1", domus_test_rfb_server_get_port (server));
  domus_vnc_session_set_timeout (session, 2);
  g_signal_connect (session, "updated", G_CALLBACK (updated_cb), &run);
  g_signal_connect (session, "closed", G_CALLBACK (closed_cb), &run);
  domus_vnc_session_connect_async (session, NULL, connected_cb, &run);
  wait_for (&run.connected, 5);
  if (run.ok)
    {
      fuzz_check (g_utf8_validate (domus_vnc_session_get_name (session), -1, NULL));
      wait_for (&run.closed, 5);
    }
  close_and_wait (session);
  g_clear_pointer (&server, domus_test_rfb_server_free);
  wait_for_threads (n_threads);
  g_free (run.pixels);
  return 0;
}
