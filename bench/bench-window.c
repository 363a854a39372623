/* bench-window.c: is the window smooth with a thousand domains listed?
 *
 *   xvfb-run -a -s '-screen 0 1280x800x24' build/bench/bench-window [--domains 1000] [--frames 600]
 *
 * Opens the window on a simulated host of N domains × 8 vCPUs, selects one
 * (so its charts draw), then for every frame scrolls the domain list and,
 * four times a second, advances simulated time by one second (a refresh of
 * every domain). Frame times come from the frame clock (bench_ui_scroll()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <locale.h>
#include <stdlib.h>

#include "bench-common.h"
#include "bench-ui.h"

/* Four times a second, a second of simulated time: every domain refreshes. */
static void
each_frame_cb (guint    frame,
               gpointer data)
{
  if (frame % 15 == 0)
    domus_clock_advance (data, G_USEC_PER_SEC);
}

int
main (int   argc,
      char *argv[])
{
  int n_domains = 1000, n_frames = 600;
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusScene) scene = NULL;
  g_autoptr(DomusHost) host = NULL;
  g_autoptr(DomusClock) clock = NULL;
  g_autoptr(GArray) frame_ms = NULL;
  DomusWindow *window;
  const GOptionEntry entries[] = {
    { "domains", 0, 0, G_OPTION_ARG_INT, &n_domains, "Domains to list", "N" },
    { "frames", 0, 0, G_OPTION_ARG_INT, &n_frames, "Frames to measure", "N" },
    { NULL }
  };

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || n_domains < 1 || n_frames < 10)
    {
      g_printerr ("%s\n", error ? error->message : "bad arguments");
      return EXIT_FAILURE;
    }

  adw_init ();

  scene = bench_scene_new (n_domains, bench_ui_workloads);

  clock = domus_clock_new_manual ();
  host = domus_sim_host_new (scene, clock);
  /* A minute of history to draw. */
  domus_clock_advance (clock, 60 * G_USEC_PER_SEC);

  window = bench_ui_open_window (host, "dom7");
  frame_ms = bench_ui_scroll (window, (guint) n_frames, each_frame_cb, clock);

  g_print ("%d domains, %u frames, renderer %s: frame time median %.2f ms, p95 %.2f ms, max %.2f ms\n",
           n_domains, frame_ms->len,
           G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))),
           bench_percentile (frame_ms, 50),
           bench_percentile (frame_ms, 95),
           bench_percentile (frame_ms, 100));

  gtk_window_destroy (GTK_WINDOW (window));
  return EXIT_SUCCESS;
}
