/* bench-ui.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bench-ui.h"

const char * const bench_ui_workloads[] = {
  "{\"kind\": \"bursty\", \"duty\": 0.3, \"period_ms\": 700}",
  NULL
};

DomusWindow *
bench_ui_open_window (DomusHost  *host,
                      const char *domain)
{
  DomusWindow *window = domus_window_new (NULL, host);

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  domus_window_select_domain (window, domus_host_lookup_domain_by_name (host, domain));

  while (!gtk_widget_get_mapped (GTK_WIDGET (window)))
    g_main_context_iteration (NULL, TRUE);
  return window;
}

typedef struct
{
  GtkAdjustment    *vadjustment;
  GArray           *frame_ms;
  gint64            frame_start;
  guint             n_frames;
  guint             frames_wanted;
  GMainLoop        *loop;
  double            direction;
  BenchUiFrameFunc  each_frame;
  gpointer          data;
} Scroll;

static void
update_cb (GdkFrameClock *frame_clock,
           Scroll        *scroll)
{
  scroll->frame_start = g_get_monotonic_time ();
}

static void
after_paint_cb (GdkFrameClock *frame_clock,
                Scroll        *scroll)
{
  double ms;

  if (scroll->frame_start == 0)
    return;
  ms = (g_get_monotonic_time () - scroll->frame_start) / 1000.0;
  scroll->frame_start = 0;
  g_array_append_val (scroll->frame_ms, ms);
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *frame_clock,
         gpointer       data)
{
  Scroll *scroll = data;
  double value = gtk_adjustment_get_value (scroll->vadjustment);
  double upper = gtk_adjustment_get_upper (scroll->vadjustment) - gtk_adjustment_get_page_size (scroll->vadjustment);

  /* Up and down the list, 40 px a frame. */
  if (value + 40 * scroll->direction > upper || value + 40 * scroll->direction < 0)
    scroll->direction = -scroll->direction;
  gtk_adjustment_set_value (scroll->vadjustment, value + 40 * scroll->direction);
  if (scroll->each_frame != NULL)
    scroll->each_frame (scroll->n_frames, scroll->data);
  if (++scroll->n_frames >= scroll->frames_wanted)
    {
      g_main_loop_quit (scroll->loop);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static GtkAdjustment *
find_list_adjustment (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkAdjustment *adj;

      if (GTK_IS_COLUMN_VIEW (child))
        return gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (child));
      if ((adj = find_list_adjustment (child)))
        return adj;
    }
  return NULL;
}

GArray *
bench_ui_scroll (DomusWindow      *window,
                 guint             n_frames,
                 BenchUiFrameFunc  each_frame,
                 gpointer          data)
{
  GdkFrameClock *frame_clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  Scroll scroll = { 0 };
  gulong update_handler, paint_handler;

  scroll.vadjustment = find_list_adjustment (GTK_WIDGET (window));
  g_assert_nonnull (scroll.vadjustment);
  scroll.frame_ms = g_array_new (FALSE, FALSE, sizeof (double));
  scroll.frames_wanted = n_frames;
  scroll.loop = g_main_loop_new (NULL, FALSE);
  scroll.direction = 1;
  scroll.each_frame = each_frame;
  scroll.data = data;
  update_handler = g_signal_connect (frame_clock, "update", G_CALLBACK (update_cb), &scroll);
  paint_handler = g_signal_connect (frame_clock, "after-paint", G_CALLBACK (after_paint_cb), &scroll);
  gtk_widget_add_tick_callback (GTK_WIDGET (window), tick_cb, &scroll, NULL);
  g_main_loop_run (scroll.loop);
  g_signal_handler_disconnect (frame_clock, update_handler);
  g_signal_handler_disconnect (frame_clock, paint_handler);
  g_main_loop_unref (scroll.loop);
  return scroll.frame_ms;
}
