/* bench-blink-floor.c: GTK 4's own cost of a blinking cursor, as a floor
 *
 *   build/bench/bench-blink-floor [HOST PORT]
 *
 * A bare GTK 4 window of 800 × 600, set up as bench-vnc-client's (GDK's
 * environment, no decorations, frame sync as DomusVncView leaves it),
 * whose one widget draws a kept 800 × 600 colour node and, on top, a
 * 16 × 2 rectangle that changes colour five times a second, on a timer:
 * what QEMU's blinking cursor asks of a client, with no VNC at all. Each
 * blink is one frame whose GSK diff is the 16 × 2 rectangle alone, one
 * 16 × 2 upload to the X server under the cairo renderer: the least any
 * GTK 4 application pays for a blink through the same path. bench/vnc's
 * runner measures it as the client "floor" (HOST and PORT, which it
 * passes to every client, are ignored). Runs until SIGTERM; prints one
 * line of JSON with its frames.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bench-blink-floor"

#include "config.h"

#include <glib-unix.h>
#include <gtk/gtk.h>
#include <locale.h>
#include <stdlib.h>

#include "domus-gdk-env.h"

#define WIDTH    800
#define HEIGHT   600
#define BLINK_MS 200

#define BENCH_TYPE_BLINK_FLOOR (bench_blink_floor_get_type ())
G_DECLARE_FINAL_TYPE (BenchBlinkFloor, bench_blink_floor, BENCH, BLINK_FLOOR, GtkWidget)

struct _BenchBlinkFloor
{
  GtkWidget      parent_instance;
  GskRenderNode *screen;   /* kept: GSK's diff skips it */
  gboolean       on;
};

G_DEFINE_FINAL_TYPE (BenchBlinkFloor, bench_blink_floor, GTK_TYPE_WIDGET)

static void
bench_blink_floor_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  BenchBlinkFloor *self = BENCH_BLINK_FLOOR (widget);
  GdkRGBA cursor = self->on ? (GdkRGBA) { 0.67, 0.67, 0.67, 1 } : (GdkRGBA) { 0, 0, 0.67, 1 };

  if (self->screen == NULL)
    self->screen = gsk_color_node_new (&(GdkRGBA) { 0, 0, 0.67, 1 }, &GRAPHENE_RECT_INIT (0, 0, WIDTH, HEIGHT));
  gtk_snapshot_append_node (snapshot, self->screen);
  gtk_snapshot_append_color (snapshot, &cursor, &GRAPHENE_RECT_INIT (400, 300, 16, 2));
}

static void
bench_blink_floor_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  *minimum = *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? WIDTH : HEIGHT;
}

static void
bench_blink_floor_finalize (GObject *object)
{
  g_clear_pointer (&BENCH_BLINK_FLOOR (object)->screen, gsk_render_node_unref);

  G_OBJECT_CLASS (bench_blink_floor_parent_class)->finalize (object);
}

static void
bench_blink_floor_class_init (BenchBlinkFloorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bench_blink_floor_finalize;
  GTK_WIDGET_CLASS (klass)->snapshot = bench_blink_floor_snapshot;
  GTK_WIDGET_CLASS (klass)->measure = bench_blink_floor_measure;
}

static void
bench_blink_floor_init (BenchBlinkFloor *self)
{
  /* As DomusVncView: no frame sync without a window manager to answer. */
  domus_gdk_env_watch_frame_sync (GTK_WIDGET (self));
}

static gboolean
blink_cb (gpointer data)
{
  BenchBlinkFloor *self = data;

  self->on = !self->on;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return G_SOURCE_CONTINUE;
}

static guint64 n_frames;

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       data)
{
  n_frames++;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_CONTINUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GMainLoop) loop = NULL;
  GtkWidget *window, *floor;

  setlocale (LC_ALL, "");
  domus_gdk_env_prepare ();
  gtk_init ();
  window = gtk_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), "Domus blink floor");
  gtk_window_set_decorated (GTK_WINDOW (window), FALSE);
  floor = g_object_new (BENCH_TYPE_BLINK_FLOOR, NULL);
  gtk_window_set_child (GTK_WINDOW (window), floor);
  gtk_window_present (GTK_WINDOW (window));
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (after_paint_cb), NULL);

  loop = g_main_loop_new (NULL, FALSE);
  g_timeout_add (BLINK_MS, blink_cb, floor);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_main_loop_run (loop);

  g_print ("{\"mode\": \"floor\", \"renderer\": \"%s\", \"frames\": %" G_GUINT64_FORMAT "}\n",
           G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))), n_frames);
  gtk_window_destroy (GTK_WINDOW (window));
  return EXIT_SUCCESS;
}
