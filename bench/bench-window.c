/* bench-window.c: is the window smooth with a thousand domains listed?
 *
 *   xvfb-run -a -s '-screen 0 1280x800x24' build/bench/bench-window [--domains 1000] [--frames 600]
 *
 * Opens the window on a simulated host of N domains × 8 vCPUs, selects one
 * (so its charts draw), then for every frame scrolls the domain list and,
 * four times a second, advances simulated time by one second (a refresh of
 * every domain). Frame times come from the frame clock: from the start of a
 * frame's update phase to the end of its paint.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <locale.h>
#include <stdlib.h>

#include "bench-common.h"
#include "bench-ui.h"

typedef struct
{
  DomusClock      *clock;
  GtkAdjustment   *vadjustment;
  GArray          *frame_ms;
  gint64           frame_start;
  guint            n_frames;
  guint            frames_wanted;
  GMainLoop       *loop;
  double           direction;
} Bench;

static void
update_cb (GdkFrameClock *frame_clock,
           Bench         *b)
{
  b->frame_start = g_get_monotonic_time ();
}

static void
after_paint_cb (GdkFrameClock *frame_clock,
                Bench         *b)
{
  double ms;

  if (b->frame_start == 0)
    return;
  ms = (g_get_monotonic_time () - b->frame_start) / 1000.0;
  b->frame_start = 0;
  g_array_append_val (b->frame_ms, ms);
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *frame_clock,
         gpointer       data)
{
  Bench *b = data;
  double value = gtk_adjustment_get_value (b->vadjustment);
  double upper = gtk_adjustment_get_upper (b->vadjustment) - gtk_adjustment_get_page_size (b->vadjustment);

  /* Scroll the list up and down, 40 px a frame. */
  if (value + 40 * b->direction > upper || value + 40 * b->direction < 0)
    b->direction = -b->direction;
  gtk_adjustment_set_value (b->vadjustment, value + 40 * b->direction);

  if (b->n_frames % 15 == 0)
    domus_clock_advance (b->clock, G_USEC_PER_SEC);

  if (++b->n_frames >= b->frames_wanted)
    {
      g_main_loop_quit (b->loop);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static GtkAdjustment *
find_list_adjustment (GtkWidget *widget)
{
  GType view_type = GTK_TYPE_COLUMN_VIEW;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkAdjustment *adj;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, view_type))
        return gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (child));
      if ((adj = find_list_adjustment (child)))
        return adj;
    }
  return NULL;
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
  DomusWindow *window;
  GdkFrameClock *frame_clock;
  Bench b = { 0 };
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

  b.clock = domus_clock_new_manual ();
  host = domus_sim_host_new (scene, b.clock);
  /* A minute of history to draw. */
  domus_clock_advance (b.clock, 60 * G_USEC_PER_SEC);

  window = bench_ui_open_window (host, "dom7");

  b.vadjustment = find_list_adjustment (GTK_WIDGET (window));
  g_assert_nonnull (b.vadjustment);
  b.frame_ms = g_array_new (FALSE, FALSE, sizeof (double));
  b.frames_wanted = n_frames;
  b.loop = g_main_loop_new (NULL, FALSE);
  b.direction = 1;

  frame_clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (frame_clock, "update", G_CALLBACK (update_cb), &b);
  g_signal_connect (frame_clock, "after-paint", G_CALLBACK (after_paint_cb), &b);
  gtk_widget_add_tick_callback (GTK_WIDGET (window), tick_cb, &b, NULL);
  g_main_loop_run (b.loop);

  g_print ("%d domains, %u frames, renderer %s: frame time median %.2f ms, p95 %.2f ms, max %.2f ms\n",
           n_domains, b.frame_ms->len,
           G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))),
           bench_percentile (b.frame_ms, 50),
           bench_percentile (b.frame_ms, 95),
           bench_percentile (b.frame_ms, 100));

  gtk_window_destroy (GTK_WINDOW (window));
  g_main_loop_unref (b.loop);
  g_array_unref (b.frame_ms);
  g_object_unref (b.clock);
  return EXIT_SUCCESS;
}
