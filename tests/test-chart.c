/* test-chart.c: DomusChart fed by hand, and screenshots of it
 *
 * Leaves test-chart.png, test-chart-dark.png and test-chart-menu.png (the
 * export menu open) in the current directory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-chart"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "domus-chart.h"
#include "domus-test-gtk-utils.h"

/* 16-bit quantization of [0, 100] */
#define EPSILON 0.01

typedef struct
{
  DomusTimeline *timeline;
  DomusSeries   *series;
  GtkWindow     *window;
  DomusChart    *chart;
  gint64         time_us;
} Fixture;

static void
push (Fixture *f,
      double   a,
      double   b)
{
  f->time_us += G_USEC_PER_SEC;
  domus_timeline_push (f->timeline, f->time_us);
  domus_series_push (f->series, (double[]) { a, b });
}

static gboolean
count_frame (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       data)
{
  guint *n_frames = data;

  (*n_frames)++;
  return G_SOURCE_CONTINUE;
}

/* Returns once @widget is mapped and a frame has been painted since. */
static void
wait_for_draw (GtkWidget *widget)
{
  guint n_frames = 0;
  guint id;

  while (!gtk_widget_get_mapped (widget))
    g_main_context_iteration (NULL, TRUE);

  id = gtk_widget_add_tick_callback (widget, count_frame, &n_frames, NULL);
  while (n_frames < 2)
    g_main_context_iteration (NULL, TRUE);
  gtk_widget_remove_tick_callback (widget, id);
}

static void
assert_stats (DomusChart *chart,
              guint       line,
              guint       n_points,
              double      last)
{
  guint n = G_MAXUINT;
  double value = 0;

  g_assert_true (domus_chart_get_line_stats (chart, line, &n, &value));
  g_assert_cmpuint (n, ==, n_points);
  if (isnan (last))
    g_assert_true (isnan (value));
  else
    g_assert_cmpfloat_with_epsilon (value, last, EPSILON);
}

/* Hovers the pointer over @x, @y of @widget through its motion controller. */
static void
hover (GtkWidget  *widget,
       const char *signal,
       double      x,
       double      y)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_EVENT_CONTROLLER_MOTION (controller))
        continue;
      if (g_str_equal (signal, "leave"))
        g_signal_emit_by_name (controller, "leave");
      else
        g_signal_emit_by_name (controller, signal, x, y);
    }
}

static void
save_png (GtkWidget  *widget,
          const char *filename)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  int scale = gtk_widget_get_scale_factor (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(GskRenderNode) drawn = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer;

  /* At the scale of the screen, as a HiDPI screen would show it. */
  gtk_snapshot_scale (snapshot, scale, scale);
  drawn = domus_test_render_widget (widget, width, height);
  gtk_snapshot_append_node (snapshot, drawn);
  node = gtk_snapshot_free_to_node (snapshot);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width * scale, height * scale));
  g_assert_true (gdk_texture_save_to_png (texture, filename));
  g_test_message ("Saved %s (%dx%d)", filename, width * scale, height * scale);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->timeline = domus_timeline_new (3600);
  f->series = domus_series_new (f->timeline, 2);
  f->time_us = 1000 * G_USEC_PER_SEC;

  f->chart = g_object_ref_sink (domus_chart_new ());
  domus_chart_set_series (f->chart, f->series);
  g_object_set (f->chart, "unit", "%", "y-min-max", 100.0, NULL);

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 640, 360);
  gtk_window_set_child (f->window, GTK_WIDGET (f->chart));
  gtk_window_present (f->window);
  wait_for_draw (GTK_WIDGET (f->chart));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (f->window);
  g_assert_finalize_object (f->chart);
  g_assert_finalize_object (f->series);
  g_assert_finalize_object (f->timeline);
}

static void
test_points (Fixture       *f,
             gconstpointer  data)
{
  guint line;

  line = domus_chart_add_line (f->chart, 0, "web01", NULL);
  g_assert_cmpuint (line, ==, 0);
  line = domus_chart_add_line (f->chart, 1, "db01", &(GdkRGBA) { 0.8, 0.2, 0.2, 1 });
  g_assert_cmpuint (line, ==, 1);
  g_assert_false (domus_chart_get_line_stats (f->chart, 2, NULL, NULL));
  assert_stats (f->chart, 0, 0, NAN);

  for (guint i = 0; i < 30; i++)
    push (f, i, 2 * i);
  assert_stats (f->chart, 0, 30, 29);
  assert_stats (f->chart, 1, 30, 58);
  wait_for_draw (GTK_WIDGET (f->chart));

  /* 130 samples a second apart: a minute holds the last 60. */
  for (guint i = 30; i < 130; i++)
    push (f, i % 100, 50);
  assert_stats (f->chart, 0, 60, 29);
  assert_stats (f->chart, 1, 60, 50);
  wait_for_draw (GTK_WIDGET (f->chart));

  g_object_set (f->chart, "window", 30, NULL);
  assert_stats (f->chart, 0, 30, 29);
  wait_for_draw (GTK_WIDGET (f->chart));
  g_object_set (f->chart, "window", 3600, NULL);
  assert_stats (f->chart, 0, 130, 29);
  wait_for_draw (GTK_WIDGET (f->chart));

  /* Unmapped, nothing is drawn, but the data follow. */
  gtk_widget_set_visible (GTK_WIDGET (f->window), FALSE);
  push (f, 12.5, 25);
  assert_stats (f->chart, 0, 131, 12.5);
  gtk_widget_set_visible (GTK_WIDGET (f->window), TRUE);
  wait_for_draw (GTK_WIDGET (f->chart));

  domus_chart_clear_lines (f->chart);
  g_assert_false (domus_chart_get_line_stats (f->chart, 0, NULL, NULL));
  g_assert_cmpuint (domus_chart_add_line (f->chart, 1, "db01", NULL), ==, 0);
  assert_stats (f->chart, 0, 131, 25);
  wait_for_draw (GTK_WIDGET (f->chart));
}

static void
test_gaps (Fixture       *f,
           gconstpointer  data)
{
  domus_chart_add_line (f->chart, 0, "web01", NULL);
  domus_chart_add_line (f->chart, 1, "db01", NULL);
  domus_chart_add_line (f->chart, 7, "no such channel", NULL);
  domus_chart_set_line_fill (f->chart, 0, TRUE);
  domus_chart_set_line_fill (f->chart, 1, TRUE);

  for (guint i = 0; i < 20; i++)
    push (f, 40, 20);
  for (guint i = 0; i < 5; i++)
    push (f, 40, NAN);
  push (f, 40, 30);              /* a lone point */
  for (guint i = 0; i < 3; i++)
    push (f, 40, NAN);
  push (f, 40, 10);

  assert_stats (f->chart, 0, 30, 40);
  assert_stats (f->chart, 1, 22, 10);
  assert_stats (f->chart, 2, 0, NAN);
  hover (GTK_WIDGET (f->chart), "enter", 400, 100);
  wait_for_draw (GTK_WIDGET (f->chart));

  push (f, NAN, NAN);
  assert_stats (f->chart, 0, 30, NAN);
  assert_stats (f->chart, 1, 22, NAN);
  hover (GTK_WIDGET (f->chart), "motion", 630, 100);
  wait_for_draw (GTK_WIDGET (f->chart));

  /* A gap in time is no gap in the line: the window still counts it. */
  f->time_us += 45 * G_USEC_PER_SEC;
  push (f, 1, 2);
  assert_stats (f->chart, 0, 13 + 1, 1);
  hover (GTK_WIDGET (f->chart), "leave", 0, 0);
  wait_for_draw (GTK_WIDGET (f->chart));
}

static void
test_series (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(DomusSeries) other = domus_series_new (f->timeline, 1);
  DomusSeries *series = NULL;

  domus_chart_add_line (f->chart, 0, "web01", NULL);
  domus_chart_add_line (f->chart, 1, "db01", NULL);
  for (guint i = 0; i < 10; i++)
    push (f, 10, 20);
  assert_stats (f->chart, 1, 10, 20);

  domus_chart_set_series (f->chart, NULL);
  g_object_get (f->chart, "series", &series, NULL);
  g_assert_null (series);
  assert_stats (f->chart, 0, 0, NAN);
  assert_stats (f->chart, 1, 0, NAN);
  wait_for_draw (GTK_WIDGET (f->chart));

  /* Channel 1 does not exist in a series of one channel. */
  g_object_set (f->chart, "series", other, NULL);
  g_assert_true (domus_chart_get_series (f->chart) == other);
  f->time_us += G_USEC_PER_SEC;
  domus_timeline_push (f->timeline, f->time_us);
  domus_series_push (other, (double[]) { 75 });
  assert_stats (f->chart, 0, 1, 75);
  assert_stats (f->chart, 1, 0, NAN);
  wait_for_draw (GTK_WIDGET (f->chart));

  domus_chart_set_series (f->chart, f->series);
  g_assert_finalize_object (g_steal_pointer (&other));
  push (f, 30, 40);
  assert_stats (f->chart, 0, 11, 30);
  wait_for_draw (GTK_WIDGET (f->chart));
}

static void
test_properties (Fixture       *f,
                 gconstpointer  data)
{
  GtkWidget *widget = GTK_WIDGET (f->chart);
  g_autofree char *unit = NULL;
  g_autofree char *expected = NULL;
  double limit = 0;
  gboolean show_axes = FALSE;
  int minimum, natural;

  g_object_get (f->chart, "limit", &limit, "show-axes", &show_axes, "unit", &unit, NULL);
  g_assert_true (isnan (limit));
  g_assert_true (show_axes);
  g_assert_cmpstr (unit, ==, "%");

  /* NAN goes through GValue validation without a warning. */
  g_object_set (f->chart, "limit", 80.0, "limit-label", "Cap", NULL);
  wait_for_draw (widget);
  g_object_set (f->chart, "limit", NAN, "y-max", 50.0, NULL);
  g_object_get (f->chart, "limit", &limit, NULL);
  g_assert_true (isnan (limit));
  wait_for_draw (widget);

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
  g_assert_cmpint (minimum, ==, 200);
  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, -1, &minimum, &natural, NULL, NULL);
  g_assert_cmpint (minimum, ==, 120);
  g_assert_false (gtk_widget_has_css_class (widget, "domus-sparkline"));
  g_assert_cmpstr (gtk_widget_get_css_name (widget), ==, "domus-chart");

  g_object_set (f->chart, "show-axes", FALSE, NULL);
  g_assert_true (gtk_widget_has_css_class (widget, "domus-sparkline"));
  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
  g_assert_cmpint (minimum, ==, 60);
  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, -1, &minimum, &natural, NULL, NULL);
  g_assert_cmpint (minimum, ==, 20);
  g_assert_true (gtk_widget_get_hexpand (widget));
  wait_for_draw (widget);

  /* The accessible description reads the latest values. */
  gtk_test_accessible_assert_role (f->chart, GTK_ACCESSIBLE_ROLE_IMG);
  domus_chart_add_line (f->chart, 0, "CPU", NULL);
  push (f, 97.3, 0);
  gtk_test_accessible_assert_property (f->chart, GTK_ACCESSIBLE_PROPERTY_LABEL, "CPU");
  expected = g_strdup_printf ("CPU: %.1f %%", 97.3);
  gtk_test_accessible_assert_property (f->chart, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, expected);
}

/* A plausible hour of two domains, in a window like the app's. */
static void
test_screenshot (Fixture       *f,
                 gconstpointer  data)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  GtkWidget *box, *row, *name, *spark, *value;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autofree char *reading = NULL;
  double web = 0, db = 0;

  for (guint i = 0; i < 240; i++)
    {
      web = 38 + 22 * sin (i / 7.0) + g_rand_double_range (rand, -6, 6);
      if (i % 53 > 45)
        web += 30;
      db = 14 + 8 * sin (i / 4.0 + 1) + g_rand_double_range (rand, -3, 3);
      push (f, CLAMP (web, 0, 100), i >= 200 && i < 206 ? NAN : CLAMP (db, 0, 100));
    }

  gtk_window_set_child (f->window, NULL);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  gtk_widget_set_vexpand (GTK_WIDGET (f->chart), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (f->chart));

  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_add_css_class (row, "card");
  name = gtk_label_new ("web01");
  gtk_widget_set_margin_start (name, 12);
  spark = GTK_WIDGET (domus_chart_new ());
  g_object_set (spark, "show-axes", FALSE, "series", f->series, "y-min-max", 100.0, NULL);
  domus_chart_add_line (DOMUS_CHART (spark), 0, "web01", NULL);
  domus_chart_set_line_fill (DOMUS_CHART (spark), 0, TRUE);
  gtk_widget_set_margin_top (spark, 8);
  gtk_widget_set_margin_bottom (spark, 8);
  reading = g_strdup_printf ("%.1f %%", CLAMP (web, 0, 100));
  value = gtk_label_new (reading);
  gtk_widget_add_css_class (value, "numeric");
  gtk_widget_set_margin_end (value, 12);
  gtk_box_append (GTK_BOX (row), name);
  gtk_box_append (GTK_BOX (row), spark);
  gtk_box_append (GTK_BOX (row), value);
  gtk_box_append (GTK_BOX (box), row);
  gtk_window_set_child (f->window, box);

  domus_chart_add_line (f->chart, 0, "web01", NULL);
  domus_chart_add_line (f->chart, 1, "db01", NULL);
  domus_chart_set_line_fill (f->chart, 0, TRUE);
  g_object_set (f->chart, "window", 120, "limit", 80.0, "limit-label", "Cap 80 %", NULL);
  assert_stats (f->chart, 0, 120, CLAMP (web, 0, 100));

  wait_for_draw (GTK_WIDGET (f->chart));
  hover (GTK_WIDGET (f->chart), "enter",
         gtk_widget_get_width (GTK_WIDGET (f->chart)) * 0.62, 80);
  wait_for_draw (GTK_WIDGET (f->chart));
  save_png (GTK_WIDGET (f->window), "test-chart.png");

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  wait_for_draw (GTK_WIDGET (f->chart));
  save_png (GTK_WIDGET (f->window), "test-chart-dark.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

/* Exports */

/* Activates @action on the chart with @path and waits for the file. */
static void
export_to (Fixture    *f,
           const char *action,
           const char *path)
{
  domus_test_write_file (GTK_WIDGET (f->chart), action, path);
}

static char *
export_path (const char *name)
{
  g_autofree char *dir = g_build_filename (g_get_tmp_dir (), "domus-test-chart-XXXXXX", NULL);

  g_assert_nonnull (g_mkdtemp (dir));
  return g_build_filename (dir, name, NULL);
}

static void
remove_export (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* The CSV reads back as the chart shows: a column per line, a row per
 * visible sample, the newest at age 0 with the last values. */
static void
test_export_csv (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *path = export_path ("chart.csv");
  g_autofree char *contents = NULL;
  g_autoptr(DomusCsv) csv = domus_csv_new ();
  g_auto(GStrv) rows = NULL;
  guint n_points[2];
  double last[2];

  domus_chart_add_line (f->chart, 0, "web01", NULL);
  domus_chart_add_line (f->chart, 1, "db01", NULL);
  /* 70 samples in a window of 60 s: the first 10 are not shown. */
  for (guint i = 0; i < 70; i++)
    push (f, i, i == 65 ? NAN : 100 - i);
  for (guint l = 0; l < 2; l++)
    g_assert_true (domus_chart_get_line_stats (f->chart, l, &n_points[l], &last[l]));

  export_to (f, "chart.export-csv-to", path);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  domus_chart_write_csv (f->chart, csv);
  g_assert_cmpstr (contents, ==, domus_csv_get_text (csv));

  rows = g_strsplit (contents, "\n", -1);
  g_assert_cmpstr (rows[0], ==, "Time (s),web01,db01");
  g_assert_cmpuint (g_strv_length (rows), ==, 1 + n_points[0] + 1);   /* and the last "" */
  g_assert_cmpstr (rows[n_points[0] + 1], ==, "");
  for (guint r = 1; r <= n_points[0]; r++)
    {
      g_auto(GStrv) fields = g_strsplit (rows[r], ",", -1);
      guint i = 70 - n_points[0] + r - 1;      /* the sample pushed i-th */

      g_assert_cmpuint (g_strv_length (fields), ==, 3);
      g_assert_cmpfloat (g_ascii_strtod (fields[0], NULL), ==, (double) i - 69);
      g_assert_cmpfloat_with_epsilon (g_ascii_strtod (fields[1], NULL), i, EPSILON);
      if (i == 65)
        g_assert_cmpstr (fields[2], ==, "");
      else
        g_assert_cmpfloat_with_epsilon (g_ascii_strtod (fields[2], NULL), 100 - i, EPSILON);
      if (r == n_points[0])
        {
          g_assert_cmpfloat_with_epsilon (g_ascii_strtod (fields[1], NULL), last[0], EPSILON);
          g_assert_cmpfloat_with_epsilon (g_ascii_strtod (fields[2], NULL), last[1], EPSILON);
        }
    }
  /* The gap is one sample that db01 does not count. */
  g_assert_cmpuint (n_points[1], ==, n_points[0] - 1);
  remove_export (path);
}

/* How many pixels of @a differ clearly from those of @b, of the same size. */
static guint
count_different_pixels (GdkTexture *a,
                        GdkTexture *b)
{
  int width = gdk_texture_get_width (a);
  int height = gdk_texture_get_height (a);
  gsize n_bytes = (gsize) width * height * 4;
  g_autofree guchar *pa = g_malloc (n_bytes);
  g_autofree guchar *pb = g_malloc (n_bytes);
  guint n = 0;

  gdk_texture_download (a, pa, width * 4);
  gdk_texture_download (b, pb, width * 4);
  for (gsize i = 0; i < n_bytes; i += 4)
    for (guint c = 0; c < 3; c++)
      if (ABS (pa[i + c] - pb[i + c]) > 64)
        {
          n++;
          break;
        }
  return n;
}

/* How many pixels differ from the top left one, the background. */
static guint
count_drawn_pixels (GdkTexture *texture)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  g_autofree guint32 *pixels = g_new (guint32, (gsize) width * height);
  guint n = 0;

  gdk_texture_download (texture, (guchar *) pixels, width * sizeof (guint32));
  for (gsize i = 0; i < (gsize) width * height; i++)
    n += pixels[i] != pixels[0];
  return n;
}

static void
test_export_image (Fixture       *f,
                   gconstpointer  data)
{
  GtkWidget *widget = GTK_WIDGET (f->chart);
  g_autofree char *png = export_path ("chart.png");
  g_autofree char *svg = export_path ("chart.svg");
  g_autofree char *contents = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GError) error = NULL;
  int scale = gtk_widget_get_scale_factor (widget);

  domus_chart_add_line (f->chart, 0, "web01", NULL);
  domus_chart_add_line (f->chart, 1, "db01", NULL);
  for (guint i = 0; i < 90; i++)
    push (f, 50 + 40 * sin (i / 6.0), 20);
  wait_for_draw (widget);

  /* The size it has on screen, and a chart on it, not the background alone. */
  export_to (f, "chart.export-image-to", png);
  texture = gdk_texture_new_from_filename (png, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, gtk_widget_get_width (widget) * scale);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, gtk_widget_get_height (widget) * scale);
  g_assert_cmpuint (count_drawn_pixels (texture),
                    >, (guint) (gdk_texture_get_width (texture) * gdk_texture_get_height (texture) / 100));

  export_to (f, "chart.export-image-to", svg);
  g_assert_true (g_file_get_contents (svg, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "<svg"));
  g_assert_nonnull (strstr (contents, "<path"));

  /* The SVG draws what the PNG does, where the PNG does (when gdk-pixbuf
   * has an SVG loader to read it with). */
  pixbuf = gdk_pixbuf_new_from_file_at_size (svg, gdk_texture_get_width (texture),
                                             gdk_texture_get_height (texture), NULL);
  if (pixbuf != NULL && scale == 1)
    {
      g_autoptr(GdkTexture) from_svg = gdk_texture_new_for_pixbuf (pixbuf);

      g_assert_cmpuint (count_different_pixels (from_svg, texture),
                        <, (guint) (gdk_texture_get_width (texture) * gdk_texture_get_height (texture) / 200));
    }
  else
    g_test_message ("The SVG is not compared: no SVG loader, or a scale of %d", scale);
  remove_export (png);
  remove_export (svg);
}

static void
collect_menu_items (GtkWidget *widget,
                    GPtrArray *items)
{
  if (g_str_equal (G_OBJECT_TYPE_NAME (widget), "GtkModelButton"))
    g_ptr_array_add (items, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_menu_items (child, items);
}

/* The window with @popover drawn over it where it is on screen. */
static void
save_with_popover (GtkWindow  *window,
                   GtkWidget  *popover,
                   const char *filename)
{
  g_autoptr(GskRenderNode) under = domus_test_render_widget (GTK_WIDGET (window), -1, -1);
  g_autoptr(GskRenderNode) over = domus_test_render_widget (popover, -1, -1);
  GdkPopup *popup = GDK_POPUP (gtk_native_get_surface (GTK_NATIVE (popover)));
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  graphene_rect_t bounds;

  gtk_snapshot_append_node (snapshot, under);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (gdk_popup_get_position_x (popup),
                                                          gdk_popup_get_position_y (popup)));
  gtk_snapshot_append_node (snapshot, over);
  node = gtk_snapshot_free_to_node (snapshot);
  gsk_render_node_get_bounds (under, &bounds);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node, &bounds);
  g_assert_true (gdk_texture_save_to_png (texture, filename));
  g_test_message ("Saved %s", filename);
}

/* The menu offers the three exports, enabled while there are lines. */
static void
test_menu (Fixture       *f,
           gconstpointer  data)
{
  GtkWidget *widget = GTK_WIDGET (f->chart);
  GtkWidget *menu = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new ();

  domus_chart_add_line (f->chart, 0, "web01", NULL);
  domus_chart_add_line (f->chart, 1, "db01", NULL);
  for (guint i = 0; i < 90; i++)
    push (f, 50 + 40 * sin (i / 6.0), 20 + 5 * cos (i / 3.0));
  wait_for_draw (widget);

  g_assert_true (gtk_widget_get_focusable (widget));
  g_assert_true (gtk_widget_activate_action (widget, "menu.popup", NULL));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_POPOVER_MENU (child))
      menu = child;
  g_assert_nonnull (menu);
  while (!gtk_widget_get_mapped (menu))
    g_main_context_iteration (NULL, TRUE);

  collect_menu_items (menu, items);
  g_assert_cmpuint (items->len, ==, 3);
  for (guint i = 0; i < items->len; i++)
    g_assert_true (gtk_widget_is_sensitive (items->pdata[i]));
  domus_test_flush (menu);
  save_with_popover (f->window, menu, "test-chart-menu.png");

  domus_chart_clear_lines (f->chart);
  for (guint i = 0; i < items->len; i++)
    g_assert_false (gtk_widget_is_sensitive (items->pdata[i]));
  gtk_popover_popdown (GTK_POPOVER (menu));

  /* A sparkline's list row has the menu, not the sparkline. */
  g_object_set (f->chart, "show-axes", FALSE, NULL);
  g_assert_false (gtk_widget_get_focusable (widget));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/chart/points", Fixture, NULL, fixture_setup, test_points, fixture_teardown);
  g_test_add ("/chart/gaps", Fixture, NULL, fixture_setup, test_gaps, fixture_teardown);
  g_test_add ("/chart/series", Fixture, NULL, fixture_setup, test_series, fixture_teardown);
  g_test_add ("/chart/properties", Fixture, NULL, fixture_setup, test_properties,
              fixture_teardown);
  g_test_add ("/chart/export-csv", Fixture, NULL, fixture_setup, test_export_csv,
              fixture_teardown);
  g_test_add ("/chart/export-image", Fixture, NULL, fixture_setup, test_export_image,
              fixture_teardown);
  g_test_add ("/chart/menu", Fixture, NULL, fixture_setup, test_menu, fixture_teardown);
  g_test_add ("/chart/screenshot", Fixture, NULL, fixture_setup, test_screenshot,
              fixture_teardown);

  return g_test_run ();
}
