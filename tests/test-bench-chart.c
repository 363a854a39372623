/* test-bench-chart.c: the benchmark chart's drawing, read back pixel by pixel
 *
 * Results are made by hand, drawn by domus_bench_chart_render() into an
 * image surface, and the pixels checked against the values: columns as
 * tall as their means, in the colour that says whether they meet the SLA,
 * the dashed SLA line at its height. Leaves test-bench-chart-*.png in the
 * current directory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <math.h>

#include "domus-bench-chart.h"

#define WIDTH  800
#define HEIGHT 400

static DomusBenchResults *
workload_results (const char   *path,
                  const double *percents,
                  guint         n)
{
  const char *json =
    "{\"name\": \"sla\", \"kind\": \"workload\", \"repetitions\": 2,"
    " \"workload\": {\"domains\": [\"a\", \"b\"], \"native\": 100, \"sla_percent\": 80},"
    " \"scenarios\": [{\"name\": \"equal\"}, {\"name\": \"a first\"}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusBenchSpec) spec = domus_bench_spec_new_from_data (json, "/", &error);
  DomusBenchResults *results;
  const char *scenarios[] = { "equal", "a first" };
  const char *domains[] = { "a", "b" };

  g_assert_no_error (error);
  results = domus_bench_results_new (spec, path);
  /* @percents: per scenario and domain, two runs each */
  for (guint i = 0; i < n; i++)
    {
      DomusBenchResult r = { "run", 0, i % 2 + 1, 0, 30, NULL, scenarios[i / 4], domains[i / 2 % 2],
                             NAN, percents[i], percents[i], percents[i] >= 80 };

      domus_bench_results_add (results, &r);
    }
  return results;
}

static DomusBenchResults *
lifecycle_results (const char *path,
                   double      scale)
{
  const char *json = "{\"name\": \"cd\", \"lifecycle\": {\"config\": \"x.cfg\", \"memory_mib\": [512, 1024, 2048],"
                     " \"domains\": 1, \"repetitions\": 3}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusBenchSpec) spec = domus_bench_spec_new_from_data (json, "/", &error);
  DomusBenchResults *results;
  const guint64 sizes[] = { 512, 1024, 2048 };

  g_assert_no_error (error);
  results = domus_bench_results_new (spec, path);
  for (guint s = 0; s < 3; s++)
    for (guint r = 1; r <= 3; r++)
      {
        double create = scale * (1.0 + 0.5 * sizes[s] / 1024.0) * (0.97 + 0.03 * r);
        DomusBenchResult c = { "create", sizes[s], r, 1, create, NULL, NULL, NULL, NAN, NAN, NAN, FALSE };
        DomusBenchResult d = { "destroy", sizes[s], r, 1, create / 5, NULL, NULL, NULL, NAN, NAN, NAN, FALSE };

        domus_bench_results_add (results, &c);
        domus_bench_results_add (results, &d);
      }
  return results;
}

static cairo_surface_t *
render (DomusBenchChart *chart)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  domus_bench_chart_render (chart, cr, WIDTH, HEIGHT);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

static void
pixel (cairo_surface_t *surface,
       int              x,
       int              y,
       GdkRGBA         *color)
{
  const guchar *data = cairo_image_surface_get_data (surface);
  guint32 argb;

  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (x, <, WIDTH);
  g_assert_cmpint (y, <, HEIGHT);
  argb = *(const guint32 *) (data + y * cairo_image_surface_get_stride (surface) + x * 4);
  /* Opaque (white below), so not premultiplied. */
  color->alpha = ((argb >> 24) & 0xff) / 255.0;
  color->red = ((argb >> 16) & 0xff) / 255.0;
  color->green = ((argb >> 8) & 0xff) / 255.0;
  color->blue = (argb & 0xff) / 255.0;
}

static gboolean
same_color (const GdkRGBA *a,
            const GdkRGBA *b)
{
  return fabs (a->red - b->red) < 0.02 && fabs (a->green - b->green) < 0.02
         && fabs (a->blue - b->blue) < 0.02;
}

/* The top of the column of @color at @x: the first pixel of it from the top. */
static int
column_top (cairo_surface_t *surface,
            int              x,
            const GdkRGBA   *color)
{
  GdkRGBA seen;

  for (int y = 0; y < HEIGHT; y++)
    {
      pixel (surface, x, y, &seen);
      if (same_color (&seen, color))
        return y;
    }
  g_assert_not_reached ();
}

static void
test_sla (void)
{
  /* equal: a 40, 44 (misses); b 50, 54 (misses); a first: a 90, 94 (meets); b 10, 14 */
  const double percents[] = { 40, 44, 50, 54, 90, 94, 10, 14 };
  g_autoptr(DomusBenchResults) results = workload_results ("/tmp/sla-20260501-120000.jsonl", percents, 8);
  DomusBenchChart *chart = DOMUS_BENCH_CHART (g_object_ref_sink (domus_bench_chart_new ()));
  g_autoptr(GArray) bars = NULL;
  cairo_surface_t *surface;
  GdkRGBA blue, orange, red, seen;
  double sla_y, baseline;
  int height_a, height_meets, dashes = 0;
  const double means[] = { 42, 52, 92, 12 };

  domus_bench_chart_set_results (chart, results, NULL);
  domus_bench_chart_get_colors (chart, &blue, &orange, &red);
  bars = domus_bench_chart_get_bars (chart, WIDTH, HEIGHT);
  g_assert_cmpuint (bars->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      DomusBenchChartBar *bar = &g_array_index (bars, DomusBenchChartBar, i);

      g_assert_cmpuint (bar->set, ==, 0);
      g_assert_cmpfloat_with_epsilon (bar->value, means[i], 1e-9);
      g_assert_cmpint (bar->misses_sla, ==, means[i] < 80);
      if (i > 0)
        g_assert_cmpfloat (bar->bounds.origin.x, >, g_array_index (bars, DomusBenchChartBar, i - 1).bounds.origin.x);
    }

  surface = render (chart);
  g_assert_cmpint (cairo_surface_write_to_png (surface, "test-bench-chart-sla.png"), ==, CAIRO_STATUS_SUCCESS);

  /* Columns in their colours, a quarter in (the whisker runs down the middle). */
  baseline = g_array_index (bars, DomusBenchChartBar, 0).bounds.origin.y
             + g_array_index (bars, DomusBenchChartBar, 0).bounds.size.height;
  for (guint i = 0; i < 4; i++)
    {
      DomusBenchChartBar *bar = &g_array_index (bars, DomusBenchChartBar, i);
      int x = (int) (bar->bounds.origin.x + bar->bounds.size.width / 4);

      pixel (surface, x, (int) (baseline - 3), &seen);
      g_assert_true (same_color (&seen, bar->misses_sla ? &red : &blue));
      /* White just above the column and its whisker. */
      pixel (surface, x, (int) (bar->bounds.origin.y - 3), &seen);
      g_assert_false (same_color (&seen, &red) || same_color (&seen, &blue));
    }

  /* Heights in proportion to the means: 42 against 92. */
  height_a = baseline - column_top (surface, (int) (g_array_index (bars, DomusBenchChartBar, 0).bounds.origin.x + 3),
                                    &red);
  height_meets = baseline - column_top (surface, (int) (g_array_index (bars, DomusBenchChartBar, 2).bounds.origin.x + 3),
                                        &blue);
  g_assert_cmpint (height_a, >, 50);
  g_assert_cmpfloat_with_epsilon ((double) height_a / height_meets, 42.0 / 92.0, 0.02);

  /* The dashed SLA line, 80 % of the way up to the meeting column's 92 %.. */
  sla_y = domus_bench_chart_get_sla_y (chart, WIDTH, HEIGHT);
  g_assert_false (isnan (sla_y));
  g_assert_cmpfloat_with_epsilon ((baseline - sla_y) / height_meets, 80.0 / 92.0, 0.03);
  /* …dashed: dark and light in turn along it, between the columns. */
  {
    DomusBenchChartBar *b = &g_array_index (bars, DomusBenchChartBar, 1);
    DomusBenchChartBar *c = &g_array_index (bars, DomusBenchChartBar, 2);
    gboolean was_dark = FALSE;

    for (int x = (int) (b->bounds.origin.x + b->bounds.size.width + 2); x < (int) c->bounds.origin.x - 2; x++)
      {
        gboolean dark;

        pixel (surface, x, (int) sla_y, &seen);
        dark = seen.red + seen.green + seen.blue < 1.5;
        dashes += dark && !was_dark;
        was_dark = dark;
      }
    g_assert_cmpint (dashes, >=, 3);
  }
  /* Nothing dark a few pixels off the line there. */
  pixel (surface, (int) (g_array_index (bars, DomusBenchChartBar, 1).bounds.origin.x
                         + g_array_index (bars, DomusBenchChartBar, 1).bounds.size.width + 10),
         (int) sla_y + 6, &seen);
  g_assert_cmpfloat (seen.red + seen.green + seen.blue, >, 2.5);

  cairo_surface_destroy (surface);
  g_assert_finalize_object (chart);
}

static void
test_compare (void)
{
  const double first[] = { 40, 44, 50, 54, 90, 94, 10, 14 };
  const double second[] = { 85, 85, 85, 85, 85, 85, 85, 85 };
  g_autoptr(DomusBenchResults) a = workload_results ("/tmp/sla-20260501-120000.jsonl", first, 8);
  g_autoptr(DomusBenchResults) b = workload_results ("/tmp/sla-20260502-120000.jsonl", second, 8);
  DomusBenchChart *chart = DOMUS_BENCH_CHART (g_object_ref_sink (domus_bench_chart_new ()));
  g_autoptr(GArray) bars = NULL;
  cairo_surface_t *surface;
  GdkRGBA blue, orange, red, seen;
  guint n_orange = 0;

  domus_bench_chart_set_results (chart, a, b);
  domus_bench_chart_get_colors (chart, &blue, &orange, &red);
  bars = domus_bench_chart_get_bars (chart, WIDTH, HEIGHT);
  /* Side by side: each domain's column of the first set, then the second's. */
  g_assert_cmpuint (bars->len, ==, 8);
  for (guint i = 0; i < 8; i++)
    {
      DomusBenchChartBar *bar = &g_array_index (bars, DomusBenchChartBar, i);

      g_assert_cmpuint (bar->set, ==, i % 2);
      if (i % 2 == 1)
        {
          DomusBenchChartBar *beside = &g_array_index (bars, DomusBenchChartBar, i - 1);

          g_assert_true (bar->group != beside->group);
          g_assert_cmpstr (domus_bench_group_get_domain (bar->group), ==, domus_bench_group_get_domain (beside->group));
          g_assert_cmpfloat (bar->bounds.origin.x, >=, beside->bounds.origin.x + beside->bounds.size.width);
          g_assert_false (bar->misses_sla);
        }
    }

  surface = render (chart);
  g_assert_cmpint (cairo_surface_write_to_png (surface, "test-bench-chart-compare.png"), ==, CAIRO_STATUS_SUCCESS);
  /* The second set in its own colour (hatched: count, do not pick one pixel). */
  {
    DomusBenchChartBar *bar = &g_array_index (bars, DomusBenchChartBar, 1);

    for (int y = (int) bar->bounds.origin.y + 2; y < (int) (bar->bounds.origin.y + bar->bounds.size.height) - 2; y++)
      for (int x = (int) bar->bounds.origin.x + 1; x < (int) (bar->bounds.origin.x + bar->bounds.size.width) - 1; x++)
        {
          pixel (surface, x, y, &seen);
          n_orange += same_color (&seen, &orange);
        }
    g_assert_cmpuint (n_orange, >, bar->bounds.size.width * bar->bounds.size.height / 4);
  }
  cairo_surface_destroy (surface);
  g_assert_finalize_object (chart);
}

static void
test_lifecycle (void)
{
  g_autoptr(DomusBenchResults) results = lifecycle_results ("/tmp/cd-20260501-120000.jsonl", 1.0);
  g_autoptr(DomusBenchResults) slower = lifecycle_results ("/tmp/cd-20260502-120000.jsonl", 1.3);
  DomusBenchChart *chart = DOMUS_BENCH_CHART (g_object_ref_sink (domus_bench_chart_new ()));
  g_autoptr(GArray) bars = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GBytes) svg = NULL;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface;

  domus_bench_chart_set_results (chart, results, NULL);
  bars = domus_bench_chart_get_bars (chart, WIDTH, HEIGHT);
  /* Two panels (create, destroy) of three sizes, smallest first, rising. */
  g_assert_cmpuint (bars->len, ==, 6);
  for (guint i = 0; i < 6; i++)
    {
      DomusBenchChartBar *bar = &g_array_index (bars, DomusBenchChartBar, i);

      g_assert_cmpstr (domus_bench_group_get_category (bar->group), ==, i < 3 ? "create" : "destroy");
      g_assert_cmpuint (domus_bench_group_get_memory_mib (bar->group), ==, 512u << (i % 3));
      g_assert_cmpfloat_with_epsilon (bar->value, domus_bench_group_get_stats (bar->group)->mean, 1e-12);
      if (i % 3 > 0)
        g_assert_cmpfloat (bar->bounds.size.height, >, g_array_index (bars, DomusBenchChartBar, i - 1).bounds.size.height);
    }
  /* Each panel has its own scale: destroy is a fifth of create, drawn as tall. */
  g_assert_cmpfloat_with_epsilon (g_array_index (bars, DomusBenchChartBar, 5).bounds.size.height
                                  / g_array_index (bars, DomusBenchChartBar, 2).bounds.size.height, 1.0, 0.25);
  g_assert_true (isnan (domus_bench_chart_get_sla_y (chart, WIDTH, HEIGHT)));
  surface = render (chart);
  g_assert_cmpint (cairo_surface_write_to_png (surface, "test-bench-chart-lifecycle.png"), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);

  /* A box plot: the columns stand at the medians. */
  domus_bench_chart_set_box_plot (chart, TRUE);
  domus_bench_chart_set_results (chart, results, slower);
  g_clear_pointer (&bars, g_array_unref);
  bars = domus_bench_chart_get_bars (chart, WIDTH, HEIGHT);
  g_assert_cmpuint (bars->len, ==, 12);
  for (guint i = 0; i < bars->len; i++)
    {
      DomusBenchChartBar *bar = &g_array_index (bars, DomusBenchChartBar, i);

      g_assert_cmpfloat_with_epsilon (bar->value, domus_bench_group_get_stats (bar->group)->median, 1e-12);
    }
  surface = render (chart);
  g_assert_cmpint (cairo_surface_write_to_png (surface, "test-bench-chart-box.png"), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);

  /* The exports: a PNG twice the size, and an SVG. */
  png = domus_bench_chart_render_png (chart, WIDTH, HEIGHT, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (png, NULL), 8, "\x89PNG\r\n\x1a\n", 8);
  {
    g_autoptr(GdkTexture) texture = gdk_texture_new_from_bytes (png, &error);

    g_assert_no_error (error);
    g_assert_cmpint (gdk_texture_get_width (texture), ==, 2 * WIDTH);
    g_assert_cmpint (gdk_texture_get_height (texture), ==, 2 * HEIGHT);
  }
  svg = domus_bench_chart_render_svg (chart, WIDTH, HEIGHT, &error);
  g_assert_no_error (error);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (svg, NULL), g_bytes_get_size (svg), "<svg"));
  g_assert_finalize_object (chart);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/bench-chart/sla", test_sla);
  g_test_add_func ("/bench-chart/compare", test_compare);
  g_test_add_func ("/bench-chart/lifecycle", test_lifecycle);

  return g_test_run ();
}
