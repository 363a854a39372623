/* domus-agent.c: serves this computer's Xen host to a Domus elsewhere
 *
 *   domus-agent --stdio [--framed] [--sim SCENE.json | --simulated] [--sim-speed X] [--xen]
 *
 * Opens the host as domus and domusctl do (the real Xen host on a control
 * domain, else the simulated one) and serves it as io.domus.Host1
 * (data/io.domus.Host1.xml) on a peer-to-peer D-Bus connection over its
 * standard input and output, until the other end goes. Whoever started it
 * (pkexec, ssh) has already said who is at the other end: the connection
 * takes no further authentication. Its standard output is the connection:
 * every message goes to standard error. With --framed the stream is cut
 * into frames (src/core/remote/domus-frames.h): the connection on one
 * channel, the samples on another, written by the main loop itself.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gunixinputstream.h>
#include <gio/gunixoutputstream.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <stdlib.h>
#include <unistd.h>

#include "remote/domus-agent.h"
#include "domus-backend.h"
#include "sim/domus-sim-host.h"

static void
served_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static void
closed_cb (GDBusConnection *connection,
           gboolean         remote_peer_vanished,
           GError          *error,
           GMainLoop       *loop)
{
  g_main_loop_quit (loop);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *scene = NULL;
  gboolean stdio = FALSE, sim = FALSE, xen = FALSE, framed = FALSE;
  double speed = 1.0;
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(DomusHost) host = NULL;
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GAsyncResult) served = NULL;
  g_autoptr(DomusAgent) agent = NULL;
  g_autoptr(DomusFrames) frames = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  DomusBackendOptions options = { .kind = DOMUS_BACKEND_AUTO, .sim_speed = 1.0, .in_process = TRUE };
  const GOptionEntry entries[] = {
    { "stdio", 0, 0, G_OPTION_ARG_NONE, &stdio,
      N_("Serve on standard input and output"), NULL },
    { "framed", 0, 0, G_OPTION_ARG_NONE, &framed,
      N_("Cut the standard streams into frames: D-Bus on one channel, samples on another"), NULL },
    { "sim", 0, 0, G_OPTION_ARG_FILENAME, &scene,
      N_("Serve a simulated host described by SCENE (a JSON file)"), N_("SCENE") },
    { "simulated", 0, 0, G_OPTION_ARG_NONE, &sim,
      N_("Serve the simulated lab host"), NULL },
    { "sim-speed", 0, 0, G_OPTION_ARG_DOUBLE, &speed,
      N_("Run the simulated clock X times faster than real time"), "X" },
    { "xen", 0, 0, G_OPTION_ARG_NONE, &xen,
      N_("Serve the real Xen host, or fail saying why not"), NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  /* Standard output is the connection. */
  g_log_writer_default_set_use_stderr (TRUE);

  context = g_option_context_new (_("— serve this computer's Xen host to Domus"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("domus-agent: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (!stdio)
    {
      g_printerr (_("domus-agent: serves only on standard input and output: give --stdio\n"));
      return EXIT_FAILURE;
    }
  if (speed <= 0 || speed > 1e6)
    {
      g_printerr (_("domus-agent: --sim-speed must be above 0 and at most 1000000\n"));
      return EXIT_FAILURE;
    }
  if (xen && (scene != NULL || sim))
    {
      g_printerr (_("domus-agent: --xen and --sim cannot be used together\n"));
      return EXIT_FAILURE;
    }

  options.kind = xen ? DOMUS_BACKEND_XEN : (scene != NULL || sim) ? DOMUS_BACKEND_SIMULATED : DOMUS_BACKEND_AUTO;
  options.scene_path = scene;
  options.sim_speed = speed;
  if (!(host = domus_backend_open (&options, &error)))
    {
      g_printerr ("domus-agent: %s\n", error->message);
      return EXIT_FAILURE;
    }

  /* No window to keep responsive here: a simulated host makes each sample
   * on the main loop, which wakes once a refresh, not three times (for a
   * worker, then for its sample). A request waits for the sample under
   * way, as it would for the worker (a few ms at 1000 domains). */
  if (DOMUS_IS_SIM_HOST (host))
    domus_sim_host_set_threaded (DOMUS_SIM_HOST (host), FALSE);
  in = g_unix_input_stream_new (STDIN_FILENO, FALSE);
  out = g_unix_output_stream_new (STDOUT_FILENO, FALSE);
  stream = g_simple_io_stream_new (in, out);
  if (framed && !(frames = domus_frames_new (stream, &error)))
    {
      g_printerr ("domus-agent: %s\n", error->message);
      return EXIT_FAILURE;
    }
  domus_agent_serve_async (host, frames != NULL ? domus_frames_get_dbus_stream (frames) : stream, NULL, served_cb,
                           &served);
  while (served == NULL)
    g_main_context_iteration (NULL, TRUE);
  if (!(agent = domus_agent_serve_finish (served, &error)))
    {
      g_printerr ("domus-agent: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (frames != NULL)
    domus_agent_set_frames (agent, frames);
  loop = g_main_loop_new (NULL, FALSE);
  g_signal_connect (domus_agent_get_connection (agent), "closed", G_CALLBACK (closed_cb), loop);
  g_main_loop_run (loop);
  return EXIT_SUCCESS;
}
