/* bench-window.c: is the window smooth with a thousand domains listed?
 *
 *   xvfb-run -a -s '-screen 0 1280x800x24' build/bench/bench-window [--domains 1000] [--frames 600] [--io]
 *
 * With --io, every domain has a vif and a vbd with traffic, and the list
 * shows its four throughput columns (Net RX, Net TX, Disk Read, Disk Write).
 *
 * Opens the window on a simulated host of N domains × 8 vCPUs, selects one
 * (so its charts draw), then for every frame scrolls the domain list and,
 * four times a second, advances simulated time by one second (a refresh of
 * every domain). Frame times come from the frame clock (bench_ui_scroll()).
 *
 * The simulated host makes its samples on a worker thread, as the app's
 * does on its running clock and a Xen host does; --sync makes them in the
 * clock step, on the main thread, as the tests' manual clock does. Either
 * way the time each sample takes to apply on the main thread is printed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <locale.h>
#include <stdlib.h>

#include "bench-common.h"
#include "bench-ui.h"
#include "domus-host-private.h"
#include "sim/domus-sim-host.h"

typedef struct
{
  DomusClock *clock;
  GArray     *step_ms;   /* how long each clock step kept the main thread */
  GArray     *apply_ms;  /* how long each sample took to apply */
  gint64      apply_start;
} Stepper;

static void
sample_tap (DomusHost             *host,
            const DomusHostSample *sample,
            gpointer               data)
{
  Stepper *stepper = data;

  stepper->apply_start = g_get_monotonic_time ();
}

static void
refreshed_cb (DomusHost *host,
              Stepper   *stepper)
{
  double ms = (g_get_monotonic_time () - stepper->apply_start) / 1000.0;

  if (stepper->apply_start != 0)
    g_array_append_val (stepper->apply_ms, ms);
  stepper->apply_start = 0;
}

/* Four times a second, a second of simulated time: every domain refreshes. */
static void
each_frame_cb (guint    frame,
               gpointer data)
{
  Stepper *stepper = data;
  gint64 start;
  double ms;

  if (frame % 15 != 0)
    return;
  start = g_get_monotonic_time ();
  domus_clock_advance (stepper->clock, G_USEC_PER_SEC);
  ms = (g_get_monotonic_time () - start) / 1000.0;
  g_array_append_val (stepper->step_ms, ms);
}

static const char * const io_columns[] = {
  "win.column-net-rx", "win.column-net-tx", "win.column-disk-read", "win.column-disk-write",
};

int
main (int   argc,
      char *argv[])
{
  int n_domains = 1000, n_frames = 600;
  gboolean io = FALSE, sync = FALSE;
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusScene) scene = NULL;
  g_autoptr(DomusHost) host = NULL;
  g_autoptr(DomusClock) clock = NULL;
  g_autoptr(GArray) frame_ms = NULL;
  g_autoptr(GArray) refresh_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) other_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) step_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) apply_ms = g_array_new (FALSE, FALSE, sizeof (double));
  Stepper stepper = { 0 };
  DomusWindow *window;
  const GOptionEntry entries[] = {
    { "domains", 0, 0, G_OPTION_ARG_INT, &n_domains, "Domains to list", "N" },
    { "frames", 0, 0, G_OPTION_ARG_INT, &n_frames, "Frames to measure", "N" },
    { "io", 0, 0, G_OPTION_ARG_NONE, &io, "Devices with traffic, and the list's I/O columns shown", NULL },
    { "sync", 0, 0, G_OPTION_ARG_NONE, &sync, "Samples made in the clock step, on the main thread", NULL },
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
  if (io)
    bench_scene_add_io (scene);

  clock = domus_clock_new_manual ();
  host = domus_sim_host_new (scene, clock);
  /* A minute of history to draw. */
  domus_clock_advance (clock, 60 * G_USEC_PER_SEC);

  window = bench_ui_open_window (host, "dom7");
  if (io)
    for (guint i = 0; i < G_N_ELEMENTS (io_columns); i++)
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), io_columns[i], NULL));
  stepper.clock = clock;
  stepper.step_ms = step_ms;
  stepper.apply_ms = apply_ms;
  domus_sim_host_set_threaded (DOMUS_SIM_HOST (host), !sync);
  _domus_host_set_sample_tap (host, sample_tap, &stepper);
  g_signal_connect (host, "refreshed", G_CALLBACK (refreshed_cb), &stepper);
  frame_ms = bench_ui_scroll (window, (guint) n_frames, each_frame_cb, &stepper);
  /* The frames that stepped the clock, apart from the others. */
  for (guint i = 0; i < frame_ms->len; i++)
    g_array_append_val (i % 15 == 0 ? refresh_ms : other_ms, g_array_index (frame_ms, double, i));

  _domus_host_set_sample_tap (host, NULL, NULL);
  g_signal_handlers_disconnect_by_func (host, refreshed_cb, &stepper);
  g_print ("%d domains%s%s, %u frames, renderer %s: frame time median %.2f ms, p95 %.2f ms, max %.2f ms\n",
           n_domains, io ? " with I/O columns" : "", sync ? ", samples on the main thread" : "", frame_ms->len,
           G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))),
           bench_percentile (frame_ms, 50),
           bench_percentile (frame_ms, 95),
           bench_percentile (frame_ms, 100));
  g_print ("refresh frames (1 in 15): median %.2f ms, max %.2f ms; the clock step in them median %.2f ms, max %.2f ms; "
           "other frames: median %.2f ms, p95 %.2f ms\n",
           bench_percentile (refresh_ms, 50), bench_percentile (refresh_ms, 100),
           bench_percentile (step_ms, 50), bench_percentile (step_ms, 100),
           bench_percentile (other_ms, 50), bench_percentile (other_ms, 95));
  g_print ("samples applied on the main thread: %u, median %.2f ms, max %.2f ms\n",
           apply_ms->len, bench_percentile (apply_ms, 50), bench_percentile (apply_ms, 100));

  gtk_window_destroy (GTK_WINDOW (window));
  return EXIT_SUCCESS;
}
