/* domusctl-vnc.c: `vnc-capture` and `vnc-type`: a VNC screen saved or typed on, without a window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domusctl"

#include "config.h"

#include <glib/gi18n.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <stdlib.h>
#include <string.h>

#include "domus-command.h"
#include "domus-error.h"
#include "domus-input.h"
#include "vnc/domus-vnc-address.h"
#include "vnc/domus-vnc-session.h"

#include "domusctl-private.h"

static void
vnc_connected_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  RequestState *state = data;

  domus_vnc_session_connect_finish (DOMUS_VNC_SESSION (source), result, &state->error);
  state->done = TRUE;
  g_main_loop_quit (state->loop);
}

static gboolean
vnc_tick_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_CONTINUE;
}

/* Where @target is: "HOST:PORT", or else a domain (by name or number) of
 * the host the global options name, whose screen is reached through it. */
static GSocketConnectable *
vnc_address (const char  *target,
             char       **where,
             GError     **error)
{
  DomusHost *host;
  DomusDomain *domain;

  if (strchr (target, ':') != NULL)
    return domus_vnc_address_to_connectable (target, where, error);
  if (!(host = domusctl_open_host ()))
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED, _("No host to find “%s” on"), target);
      return NULL;
    }
  if (!(domain = domus_command_find_domain (host, target, error)))
    return NULL;
  return domus_host_dup_screen_address (host, domain, where, error);
}

/* Connects to @target with the password in @password_file, if any;
 * the server may keep it waiting @timeout seconds at most. */
static DomusVncSession *
vnc_connect (const char  *target,
             const char  *password_file,
             guint        timeout,
             GMainLoop   *loop,
             GError     **error)
{
  g_autoptr(DomusVncSession) session = NULL;
  g_autoptr(GSocketConnectable) address = NULL;
  g_autofree char *where = NULL;
  g_autofree char *password = NULL;
  RequestState state = { loop, NULL, FALSE, NULL };

  if (!(address = vnc_address (target, &where, error)))
    return NULL;
  if (password_file != NULL)
    {
      if (!g_file_get_contents (password_file, &password, NULL, error))
        return NULL;
      g_strchomp (password);
    }
  session = domus_vnc_session_new_for_address (address, where);
  domus_vnc_session_set_password (session, password);
  domus_vnc_session_set_timeout (session, timeout);
  domus_vnc_session_connect_async (session, NULL, vnc_connected_cb, &state);
  while (!state.done)
    g_main_loop_run (loop);
  if (state.error != NULL)
    {
      g_propagate_error (error, state.error);
      domus_vnc_session_close (session);
      return NULL;
    }
  return g_steal_pointer (&session);
}

/* Runs @loop until @session has more than @n updates, or is closed, or
 * @seconds pass. */
static gboolean
vnc_wait_updates (DomusVncSession *session,
                  GMainLoop       *loop,
                  guint64          n,
                  guint            seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;
  guint tick = g_timeout_add (100, vnc_tick_cb, loop);
  gulong updated = g_signal_connect_swapped (session, "updated", G_CALLBACK (g_main_loop_quit), loop);

  while (domus_vnc_session_get_n_updates (session) <= n && domus_vnc_session_get_error (session) == NULL
         && g_get_monotonic_time () < deadline)
    g_main_loop_run (loop);
  g_signal_handler_disconnect (session, updated);
  g_source_remove (tick);
  return domus_vnc_session_get_n_updates (session) > n;
}

static int
vnc_fail (const char       *command,
          DomusVncSession  *session,
          const GError     *error)
{
  g_printerr ("domusctl %s: %s\n", command, error->message);
  if (session != NULL)
    domus_vnc_session_close (session);
  return EXIT_FAILURE;
}

int
cmd_vnc_capture (DomusHost  *host,
                 int         argc,
                 char      **argv)
{
  g_autofree char *password_file = NULL;
  gboolean wait_update = FALSE;
  int timeout = 30;
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context =
    g_option_context_new (_("DOMAIN|HOST:PORT OUT.png — save one frame of a VNC server’s screen"));
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(DomusVncSession) session = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GBytes) frame = NULL;
  const guint8 *bgrx;
  guint8 *rgb;
  guint width, height;
  const GOptionEntry entries[] = {
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &password_file,
      N_("Read the VNC password from FILE"), N_("FILE") },
    { "wait-update", 0, 0, G_OPTION_ARG_NONE, &wait_update,
      N_("Save the frame after the screen next changes, not the first one"), NULL },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout, N_("Give up after S seconds (30)"), "S" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return vnc_fail ("vnc-capture", NULL, error);
  if (argc != 3)
    {
      g_printerr (_("Usage: domusctl vnc-capture DOMAIN|HOST:PORT OUT.png [--password-file F] [--wait-update]\n"));
      return EXIT_FAILURE;
    }
  if (timeout < 1 || timeout > 86400)
    {
      g_printerr (_("domusctl vnc-capture: --timeout takes 1 to 86400 seconds\n"));
      return EXIT_FAILURE;
    }
  if (!(session = vnc_connect (argv[1], password_file, (guint) timeout, loop, &error)))
    return vnc_fail ("vnc-capture", NULL, error);

  if (!vnc_wait_updates (session, loop, 0, (guint) timeout)
      || (wait_update && !vnc_wait_updates (session, loop, domus_vnc_session_get_n_updates (session),
                                            (guint) timeout)))
    {
      const GError *closed = domus_vnc_session_get_error (session);
      g_autoptr(GError) late = g_error_new (DOMUS_ERROR, DOMUS_ERROR_FAILED,
                                            _("No screen update from %s within %u s"), argv[1],
                                            (guint) timeout);

      return vnc_fail ("vnc-capture", session, closed != NULL ? closed : late);
    }

  frame = domus_vnc_session_dup_frame (session, &width, &height);
  domus_vnc_session_close (session);
  bgrx = g_bytes_get_data (frame, NULL);
  /* The session's frame is 1×1 at least, 8192×8192 at most; the PNG's
   * pixels are still to be found. */
  if (!(pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, (int) width, (int) height)))
    {
      g_set_error (&error, DOMUS_ERROR, DOMUS_ERROR_FAILED, _("Not enough memory for a %u×%u image"), width, height);
      return vnc_fail ("vnc-capture", NULL, error);
    }
  rgb = gdk_pixbuf_get_pixels (pixbuf);
  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      {
        const guint8 *from = bgrx + ((gsize) y * width + x) * 4;
        guint8 *to = rgb + (gsize) y * gdk_pixbuf_get_rowstride (pixbuf) + (gsize) x * 3;

        to[0] = from[2];
        to[1] = from[1];
        to[2] = from[0];
      }
  if (!gdk_pixbuf_save (pixbuf, argv[2], "png", &error, NULL))
    return vnc_fail ("vnc-capture", NULL, error);
  /* TRANSLATORS: a file, a size, a VNC address and the server's name for its desktop */
  g_print (_("%s: %u×%u from %s (“%s”)\n"), argv[2], width, height, argv[1],
           domus_vnc_session_get_name (session));
  return EXIT_SUCCESS;
}

int
cmd_vnc_type (DomusHost  *host,
              int         argc,
              char      **argv)
{
  g_autofree char *password_file = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context =
    g_option_context_new (_("DOMAIN|HOST:PORT TEXT — type TEXT on a VNC server’s keyboard (\\n is Return)"));
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(DomusVncSession) session = NULL;
  guint tick;
  const GOptionEntry entries[] = {
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &password_file,
      N_("Read the VNC password from FILE"), N_("FILE") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return vnc_fail ("vnc-type", NULL, error);
  if (argc != 3)
    {
      g_printerr (_("Usage: domusctl vnc-type DOMAIN|HOST:PORT TEXT [--password-file F]\n"));
      return EXIT_FAILURE;
    }
  text = g_strcompress (argv[2]);
  if (!g_utf8_validate (text, -1, NULL))
    {
      g_printerr (_("domusctl vnc-type: the text is not UTF-8\n"));
      return EXIT_FAILURE;
    }
  if (!(session = vnc_connect (argv[1], password_file, DOMUS_VNC_SESSION_TIMEOUT, loop, &error)))
    return vnc_fail ("vnc-type", NULL, error);

  /* Keys go once the server has said how it takes them (its first update
   * tells whether it has QEMU's scancodes). */
  vnc_wait_updates (session, loop, 0, 10);
  domus_vnc_session_type_text (session, text);
  tick = g_timeout_add (20, vnc_tick_cb, loop);
  while (domus_vnc_session_has_pending_input (session) && domus_vnc_session_get_error (session) == NULL)
    g_main_loop_run (loop);
  g_source_remove (tick);
  if (domus_vnc_session_get_error (session) != NULL)
    return vnc_fail ("vnc-type", session, domus_vnc_session_get_error (session));
  domus_vnc_session_close (session);
  return EXIT_SUCCESS;
}
