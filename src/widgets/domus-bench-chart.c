/* domus-bench-chart.c: a benchmark's results as bars or box plots
 *
 * The results are arranged into panels (a lifecycle step each, or one for
 * a workload), clusters (memory sizes or scenarios), slots (the domains of
 * a scenario) and a column per result set, when they change. Geometry is
 * computed for a size by one function that render(), get_bars() and the
 * tooltip share, so that what a test measures is what is drawn.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-bench-chart"

#include "config.h"

#include <cairo-svg.h>
#include <glib/gi18n.h>
#include <math.h>
#include <pango/pangocairo.h>

#include "domus-bench-chart.h"
#include "domus-chart-axis.h"
#include "domus-chart-legend.h"
#include "domus-chart-palette.h"
#include "domus-format.h"

#define PAD            12.0
#define PANEL_GAP      32.0
#define SWATCH         12.0
#define LEGEND_GAP     18.0
#define MAX_BAR_WIDTH  56.0
#define SET_GAP        3.0
#define MAX_INTERVALS  5

typedef struct
{
  char            *label;       /* a domain; NULL for lifecycle */
  DomusBenchGroup *groups[2];   /* per set, or NULL */
} Slot;

typedef struct
{
  char      *label;             /* "1024 MiB", or a scenario */
  char      *short_label;       /* "1024", where the label does not fit; or NULL */
  guint64    memory_mib;
  GPtrArray *slots;             /* Slot* */
} Cluster;

typedef struct
{
  char      *step;              /* lifecycle; NULL for a workload */
  GPtrArray *clusters;          /* Cluster* */
} Panel;

typedef struct
{
  graphene_rect_t plot;
  DomusChartAxis  axis;         /* from 0, but for box plots */
} PanelGeometry;

typedef struct
{
  DomusBenchChartBar bar;
  guint              panel;
  guint              cluster;
  double             slot_center;
} Column;

typedef struct
{
  double  line_height;
  double  legend_top;
  double  legend_height;
  double  note_top;
  double  titles_top;           /* of the panels, for lifecycle */
  double  slot_labels_top;      /* domains, for workloads */
  double  cluster_labels_top;
  GArray *panels;               /* PanelGeometry */
  GArray *columns;              /* Column */
} Geometry;

struct _DomusBenchChart
{
  GtkWidget          parent_instance;

  DomusBenchResults *sets[2];
  gulong             handlers[2];
  GPtrArray         *panels;    /* Panel*, rebuilt when dirty */
  guint              n_sets;
  gboolean           dirty;
  gboolean           box_plot;

  DomusChartPalette  palette;  /* sets in accent and orange, misses in red */
};

enum {
  PROP_0,
  PROP_BOX_PLOT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (DomusBenchChart, domus_bench_chart, GTK_TYPE_WIDGET)

/* The colour of set @set (0 or 1). */
static const GdkRGBA *
set_color (DomusBenchChart *self,
           guint            set)
{
  return &self->palette.colors[set == 0 ? DOMUS_CHART_COLOR_ACCENT : DOMUS_CHART_COLOR_ORANGE];
}

static inline GdkRGBA
mix (const GdkRGBA *a,
     const GdkRGBA *b,
     double         t)
{
  return (GdkRGBA) { a->red + (b->red - a->red) * t, a->green + (b->green - a->green) * t,
                     a->blue + (b->blue - a->blue) * t, 1 };
}

/* The plan: panels, clusters, slots */

static void
slot_free (gpointer data)
{
  Slot *slot = data;

  g_free (slot->label);
  g_clear_object (&slot->groups[0]);
  g_clear_object (&slot->groups[1]);
  g_free (slot);
}

static void
cluster_free (gpointer data)
{
  Cluster *cluster = data;

  g_free (cluster->label);
  g_free (cluster->short_label);
  g_ptr_array_unref (cluster->slots);
  g_free (cluster);
}

static void
panel_free (gpointer data)
{
  Panel *panel = data;

  g_free (panel->step);
  g_ptr_array_unref (panel->clusters);
  g_free (panel);
}

static Panel *
find_panel (DomusBenchChart *self,
            const char      *step)
{
  Panel *panel;

  for (guint i = 0; i < self->panels->len; i++)
    {
      panel = g_ptr_array_index (self->panels, i);
      if (g_strcmp0 (panel->step, step) == 0)
        return panel;
    }
  panel = g_new0 (Panel, 1);
  panel->step = g_strdup (step);
  panel->clusters = g_ptr_array_new_with_free_func (cluster_free);
  g_ptr_array_add (self->panels, panel);
  return panel;
}

static Cluster *
cluster_new (const char *label,
             guint64     memory_mib)
{
  Cluster *cluster = g_new0 (Cluster, 1);

  cluster->label = g_strdup (label);
  cluster->memory_mib = memory_mib;
  cluster->slots = g_ptr_array_new_with_free_func (slot_free);
  return cluster;
}

/* Lifecycle: memory sizes from the smallest up. */
static Cluster *
find_size (Panel   *panel,
           guint64  memory_mib)
{
  g_autofree char *label = NULL;
  Cluster *cluster;
  guint i;

  for (i = 0; i < panel->clusters->len; i++)
    {
      cluster = g_ptr_array_index (panel->clusters, i);
      if (cluster->memory_mib == memory_mib)
        return cluster;
      if (cluster->memory_mib > memory_mib)
        break;
    }
  /* TRANSLATORS: a memory size on the chart's axis */
  label = g_strdup_printf (_("%u MiB"), (guint) memory_mib);
  cluster = cluster_new (label, memory_mib);
  cluster->short_label = g_strdup_printf ("%u", (guint) memory_mib);
  g_ptr_array_insert (panel->clusters, i, cluster);
  return cluster;
}

/* Workloads: scenarios in the order they ran. */
static Cluster *
find_scenario (Panel      *panel,
               const char *scenario)
{
  Cluster *cluster;

  for (guint i = 0; i < panel->clusters->len; i++)
    {
      cluster = g_ptr_array_index (panel->clusters, i);
      if (g_strcmp0 (cluster->label, scenario) == 0)
        return cluster;
    }
  cluster = cluster_new (scenario, 0);
  g_ptr_array_add (panel->clusters, cluster);
  return cluster;
}

static Slot *
find_slot (Cluster    *cluster,
           const char *label)
{
  Slot *slot;

  for (guint i = 0; i < cluster->slots->len; i++)
    {
      slot = g_ptr_array_index (cluster->slots, i);
      if (g_strcmp0 (slot->label, label) == 0)
        return slot;
    }
  slot = g_new0 (Slot, 1);
  slot->label = g_strdup (label);
  g_ptr_array_add (cluster->slots, slot);
  return slot;
}

static void
rebuild (DomusBenchChart *self)
{
  DomusBenchKind kind;

  if (!self->dirty)
    return;
  self->dirty = FALSE;
  g_ptr_array_set_size (self->panels, 0);
  self->n_sets = 0;
  if (self->sets[0] == NULL)
    return;

  kind = domus_bench_results_get_kind (self->sets[0]);
  self->n_sets = self->sets[1] != NULL && domus_bench_results_get_kind (self->sets[1]) == kind ? 2 : 1;

  for (guint s = 0; s < self->n_sets; s++)
    {
      GListModel *groups = domus_bench_results_get_groups (self->sets[s]);

      for (guint i = 0; i < g_list_model_get_n_items (groups); i++)
        {
          g_autoptr(DomusBenchGroup) group = g_list_model_get_item (groups, i);
          const char *category = domus_bench_group_get_category (group);
          Slot *slot;

          if (kind == DOMUS_BENCH_LIFECYCLE)
            slot = find_slot (find_size (find_panel (self, category),
                                         domus_bench_group_get_memory_mib (group)), NULL);
          else if (domus_bench_group_get_domain (group) != NULL)
            slot = find_slot (find_scenario (find_panel (self, NULL), category),
                              domus_bench_group_get_domain (group));
          else
            continue;   /* runs skipped before any domain ran: nothing to draw */
          g_set_object (&slot->groups[s], group);
        }
    }
}

static void
invalidate (DomusBenchChart *self)
{
  self->dirty = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Scales and text */

static DomusBenchKind
chart_kind (DomusBenchChart *self)
{
  return self->sets[0] != NULL ? domus_bench_results_get_kind (self->sets[0]) : DOMUS_BENCH_LIFECYCLE;
}

static double
set_sla (DomusBenchChart *self,
         guint            set)
{
  return chart_kind (self) == DOMUS_BENCH_WORKLOAD ? domus_bench_results_get_sla_percent (self->sets[set])
                                                   : NAN;
}

static char *
format_value (DomusBenchChart *self,
              double           value,
              int              decimals)
{
  return domus_chart_format_value (value, decimals,
                                   chart_kind (self) == DOMUS_BENCH_WORKLOAD ? "%" : C_("unit", "s"));
}

static PangoContext *
create_context (DomusBenchChart *self,
                cairo_t         *cr)
{
  PangoContext *context = pango_cairo_create_context (cr);
  cairo_font_options_t *options = cairo_font_options_create ();
  const PangoFontDescription *font =
    pango_context_get_font_description (gtk_widget_get_pango_context (GTK_WIDGET (self)));

  /* The same metrics on screen, in a PNG and in an SVG. */
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options (context, options);
  cairo_font_options_destroy (options);
  pango_context_set_font_description (context, font);
  return context;
}

static PangoLayout *
text_layout (PangoContext *context,
             const char   *text,
             gboolean      bold,
             double        scale)
{
  PangoLayout *layout = pango_layout_new (context);
  PangoAttrList *attrs = pango_attr_list_new ();

  if (bold)
    pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  if (scale != 1.0)
    pango_attr_list_insert (attrs, pango_attr_scale_new (scale));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

static double
text_width (PangoLayout *layout)
{
  int width;

  pango_layout_get_pixel_size (layout, &width, NULL);
  return width;
}

static double
text_height (PangoLayout *layout)
{
  int height;

  pango_layout_get_pixel_size (layout, NULL, &height);
  return height;
}

static void
show_text (cairo_t       *cr,
           PangoLayout   *layout,
           double         x,
           double         y,
           const GdkRGBA *color)
{
  cairo_move_to (cr, x, y);
  gdk_cairo_set_source_rgba (cr, color);
  pango_cairo_show_layout (cr, layout);
}

static gboolean
fits (PangoContext *context,
      const char   *text,
      double        width)
{
  g_autoptr(PangoLayout) layout = text_layout (context, text, FALSE, 1.0);

  return text_width (layout) <= width;
}

/* Draws @text centred on @x, its top at @y, at most @max_width wide
 * (ellipsized). */
static void
show_centered (cairo_t       *cr,
               PangoContext  *context,
               const char    *text,
               gboolean       bold,
               double         x,
               double         y,
               double         max_width,
               const GdkRGBA *color)
{
  g_autoptr(PangoLayout) layout = text_layout (context, text, bold, 1.0);

  if (max_width > 0 && text_width (layout) > max_width)
    {
      pango_layout_set_width (layout, (int) (max_width * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }
  show_text (cr, layout, x - text_width (layout) / 2, y, color);
}

/* The legend: the sets, what misses the SLA, the SLA line */

static void
hatch (cairo_t       *cr,
       double         x,
       double         y,
       double         width,
       double         height,
       const GdkRGBA *color)
{
  cairo_save (cr);
  cairo_rectangle (cr, x, y, width, height);
  cairo_clip (cr);
  for (double d = -height; d < width; d += 6)
    {
      cairo_move_to (cr, x + d, y + height);
      cairo_line_to (cr, x + d + height, y);
    }
  cairo_set_line_width (cr, 1.5);
  gdk_cairo_set_source_rgba (cr, color);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
fill_column (DomusBenchChart *self,
             cairo_t         *cr,
             guint            set,
             const GdkRGBA   *color,
             double           x,
             double           y,
             double           width,
             double           height)
{
  cairo_rectangle (cr, x, y, width, height);
  gdk_cairo_set_source_rgba (cr, color);
  cairo_fill (cr);
  /* The compared set is hatched, so the two read apart in grey too. */
  if (set == 1)
    {
      GdkRGBA stripes = domus_chart_with_alpha (&self->palette.bg, 0.5);

      hatch (cr, x, y, width, height, &stripes);
    }
}

typedef enum
{
  ITEM_SET0,
  ITEM_SET1,
  ITEM_MISS,
  ITEM_SLA,
} ItemKind;

static char *
miss_text (DomusBenchChart *self)
{
  /* TRANSLATORS: legend of the columns in another colour; %.0f is the SLA in % of native */
  return g_strdup_printf (_("mean below the SLA (%.0f %% of native)"), set_sla (self, 0));
}

static char *
legend_text (DomusBenchChart *self,
             ItemKind         item)
{
  switch (item)
    {
    case ITEM_SET0:
    case ITEM_SET1:
      return g_strdup (domus_bench_results_get_label (self->sets[item == ITEM_SET1]));
    case ITEM_MISS:
      return miss_text (self);
    case ITEM_SLA:
    default:
      /* TRANSLATORS: legend of the dashed line; %.0f is the SLA in % of native */
      return g_strdup_printf (_("SLA: %.0f %% of native"), set_sla (self, 0));
    }
}

/* An item's swatch, and its text ellipsized to the room it has. */
static void
draw_legend_item (DomusBenchChart            *self,
                  cairo_t                    *cr,
                  ItemKind                    item,
                  PangoLayout                *layout,
                  const DomusChartLegendItem *place)
{
  GdkRGBA text_color = domus_chart_with_alpha (&self->palette.fg, 0.85);

  if (item == ITEM_SLA)
    {
      GdkRGBA line = domus_chart_with_alpha (&self->palette.fg, 0.8);

      cairo_move_to (cr, place->swatch_x, place->swatch_y + SWATCH / 2);
      cairo_line_to (cr, place->swatch_x + SWATCH, place->swatch_y + SWATCH / 2);
      cairo_set_line_width (cr, 1.5);
      cairo_set_dash (cr, (double[]) { 3, 2 }, 2, 0);
      gdk_cairo_set_source_rgba (cr, &line);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }
  else
    fill_column (self, cr, item == ITEM_SET1 ? 1 : 0,
                 item == ITEM_MISS ? &self->palette.colors[DOMUS_CHART_COLOR_RED]
                                   : set_color (self, item == ITEM_SET1),
                 place->swatch_x, place->swatch_y, SWATCH, SWATCH);
  pango_layout_set_width (layout, (int) (place->text_width * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  show_text (cr, layout, place->text_x, place->text_y, &text_color);
}

/* Lays the legend out from @y in @width; draws it when @cr is not NULL.
 * Returns its height. */
static double
flow_legend (DomusBenchChart *self,
             PangoContext    *context,
             cairo_t         *cr,
             double           y,
             double           width)
{
  DomusChartLegendLayout layout = {
    .left = PAD,
    .top = y,
    .right = width - PAD,
    .swatch_size = SWATCH,
    .item_gap = LEGEND_GAP,
    .max_item_width = width - 2 * PAD,
  };
  DomusChartLegendItem places[4] = { { 0 } };
  PangoLayout *layouts[4];
  ItemKind items[4];
  guint n_items = 0;
  double height;

  items[n_items++] = ITEM_SET0;
  if (self->n_sets == 2)
    items[n_items++] = ITEM_SET1;
  if (!isnan (set_sla (self, 0)))
    {
      items[n_items++] = ITEM_MISS;
      items[n_items++] = ITEM_SLA;
    }

  for (guint i = 0; i < n_items; i++)
    {
      g_autofree char *text = legend_text (self, items[i]);

      layouts[i] = text_layout (context, text, FALSE, 1.0);
      places[i].text_width = text_width (layouts[i]);
      places[i].text_height = text_height (layouts[i]);
    }
  height = domus_chart_legend_flow (&layout, places, n_items).height;

  for (guint i = 0; i < n_items; i++)
    {
      if (cr != NULL)
        draw_legend_item (self, cr, items[i], layouts[i], &places[i]);
      g_object_unref (layouts[i]);
    }
  return height;
}

/* What the marks mean, under the legend. */
static char *
note_text (DomusBenchChart *self)
{
  gboolean lines = FALSE;

  for (guint i = 0; i < self->panels->len; i++)
    lines |= ((Panel *) g_ptr_array_index (self->panels, i))->clusters->len > 1
             && chart_kind (self) == DOMUS_BENCH_LIFECYCLE;

  if (self->box_plot)
    return g_strdup (lines
                     ? _("Box: 25th to 75th percentile; line in the box: median; whiskers: minimum "
                         "to maximum; ◆: 95th percentile. Lines join the medians across memory sizes (MiB).")
                     : _("Box: 25th to 75th percentile; line in the box: median; whiskers: minimum "
                         "to maximum; ◆: 95th percentile."));
  return g_strdup (lines
                   ? _("Columns: mean; whiskers: ±1 standard deviation. Lines join the means across "
                       "memory sizes (MiB).")
                   : _("Columns: mean; whiskers: ±1 standard deviation."));
}

/* Geometry */

static double
group_value (DomusBenchChart *self,
             DomusBenchGroup *group)
{
  const DomusStats *stats = domus_bench_group_get_stats (group);

  return self->box_plot ? stats->median : stats->mean;
}

/* The highest mark a group's column draws. */
static double
group_reach (DomusBenchChart *self,
             DomusBenchGroup *group)
{
  const DomusStats *stats = domus_bench_group_get_stats (group);

  if (stats->n == 0)
    return 0;
  return self->box_plot ? stats->max : stats->mean + stats->stddev;
}

static void
geometry_clear (Geometry *geometry)
{
  g_clear_pointer (&geometry->panels, g_array_unref);
  g_clear_pointer (&geometry->columns, g_array_unref);
}

/* The value axis of @panel, for a plot @plot_height tall: from 0, so that
 * columns compare, or for box plots about the spread of the data (and the
 * SLA); with room above the highest mark for its value. */
static void
fit_axis (DomusBenchChart *self,
          Panel           *panel,
          double           plot_height,
          double           line_height,
          DomusChartAxis  *axis)
{
  double reach = 0, low = G_MAXDOUBLE;

  for (guint c = 0; c < panel->clusters->len; c++)
    {
      Cluster *cluster = g_ptr_array_index (panel->clusters, c);

      for (guint i = 0; i < cluster->slots->len; i++)
        for (guint s = 0; s < self->n_sets; s++)
          {
            Slot *slot = g_ptr_array_index (cluster->slots, i);

            if (slot->groups[s] != NULL && domus_bench_group_get_stats (slot->groups[s])->n > 0)
              {
                reach = MAX (reach, group_reach (self, slot->groups[s]));
                low = MIN (low, domus_bench_group_get_stats (slot->groups[s])->min);
              }
          }
    }
  for (guint s = 0; s < self->n_sets; s++)
    if (!isnan (set_sla (self, s)))
      {
        reach = MAX (reach, set_sla (self, s));
        low = MIN (low, set_sla (self, s));
      }
  if (!(reach > 0) || !isfinite (reach))
    reach = 1;

  if (self->box_plot && low < reach)
    domus_chart_axis_fit (axis, low, reach, MAX_INTERVALS);
  else
    {
      if (chart_kind (self) == DOMUS_BENCH_WORKLOAD)
        reach = MAX (reach, 100.0);
      domus_chart_axis_fit (axis, 0, reach, MAX_INTERVALS);
    }
  if ((axis->top - reach) / (axis->top - axis->bottom) * plot_height < line_height + 4)
    {
      axis->top += axis->step;
      axis->n_grid++;
    }
}

/* The widest of the gridline labels of @axis. */
static double
axis_label_width (DomusBenchChart      *self,
                  PangoContext         *context,
                  const DomusChartAxis *axis)
{
  double width = 0;

  for (guint i = 0; i <= axis->n_grid; i++)
    {
      g_autofree char *text = format_value (self, axis->bottom + i * axis->step, axis->decimals);
      g_autoptr(PangoLayout) layout = text_layout (context, text, FALSE, 0.85);

      width = MAX (width, text_width (layout));
    }
  return width;
}

/* Adds the columns of panel @p to @columns: cluster by cluster, slot by
 * slot, a column per set side by side. */
static void
place_columns (DomusBenchChart     *self,
               guint                p,
               const PanelGeometry *pg,
               GArray              *columns)
{
  Panel *panel = g_ptr_array_index (self->panels, p);
  double cluster_width = pg->plot.size.width / MAX (panel->clusters->len, 1);
  double baseline = pg->plot.origin.y + pg->plot.size.height;
  const DomusChartAxis *axis = &pg->axis;

  for (guint c = 0; c < panel->clusters->len; c++)
    {
      Cluster *cluster = g_ptr_array_index (panel->clusters, c);
      double inner = cluster_width * 0.8;
      double slot_width = inner / MAX (cluster->slots->len, 1);
      double bar_width = MIN ((slot_width * 0.8 - (self->n_sets - 1) * SET_GAP) / self->n_sets,
                              MAX_BAR_WIDTH);
      double bars_width = self->n_sets * bar_width + (self->n_sets - 1) * SET_GAP;

      for (guint i = 0; i < cluster->slots->len; i++)
        {
          Slot *slot = g_ptr_array_index (cluster->slots, i);
          double center = pg->plot.origin.x + c * cluster_width + cluster_width * 0.1
                          + (i + 0.5) * slot_width;

          for (guint s = 0; s < self->n_sets; s++)
            {
              Column column = { { 0 } };
              double value, y_value;

              if (slot->groups[s] == NULL || domus_bench_group_get_stats (slot->groups[s])->n == 0)
                continue;
              value = group_value (self, slot->groups[s]);
              y_value = baseline - pg->plot.size.height
                                   * CLAMP ((value - axis->bottom) / (axis->top - axis->bottom), 0, 1);
              column.bar.set = s;
              column.bar.group = slot->groups[s];
              column.bar.value = value;
              column.bar.misses_sla = chart_kind (self) == DOMUS_BENCH_WORKLOAD
                                      && !isnan (set_sla (self, s))
                                      && domus_bench_group_get_stats (slot->groups[s])->mean
                                         < set_sla (self, s);
              column.bar.bounds = GRAPHENE_RECT_INIT (center - bars_width / 2 + s * (bar_width + SET_GAP),
                                                      y_value, bar_width, baseline - y_value);
              column.panel = p;
              column.cluster = c;
              column.slot_center = center;
              g_array_append_val (columns, column);
            }
        }
    }
}

static void
compute_geometry (DomusBenchChart *self,
                  PangoContext    *context,
                  double           width,
                  double           height,
                  Geometry        *g)
{
  g_autoptr(PangoLayout) probe = text_layout (context, "0123456789 MiB %", FALSE, 1.0);
  g_autoptr(PangoLayout) note = NULL;
  g_autofree char *note_string = NULL;
  DomusBenchKind kind = chart_kind (self);
  guint n_panels;
  double panel_width, y, plot_top, plot_bottom;

  rebuild (self);
  g->panels = g_array_new (FALSE, TRUE, sizeof (PanelGeometry));
  g->columns = g_array_new (FALSE, TRUE, sizeof (Column));
  g->line_height = text_height (probe);
  n_panels = self->panels->len;
  if (n_panels == 0)
    return;

  /* From the top: legend, note, panel titles; from the bottom: labels. */
  y = PAD;
  g->legend_top = y;
  g->legend_height = flow_legend (self, context, NULL, y, width);
  y += g->legend_height + 6;
  note_string = note_text (self);
  note = text_layout (context, note_string, FALSE, 0.85);
  pango_layout_set_width (note, (int) ((width - 2 * PAD) * PANGO_SCALE));
  pango_layout_set_wrap (note, PANGO_WRAP_WORD_CHAR);
  g->note_top = y;
  y += text_height (note) + 12;
  g->titles_top = y;
  if (kind == DOMUS_BENCH_LIFECYCLE)
    y += g->line_height + 6;
  plot_top = y + g->line_height / 2;

  g->cluster_labels_top = height - PAD - g->line_height;
  g->slot_labels_top = g->cluster_labels_top - g->line_height - 2;
  plot_bottom = (kind == DOMUS_BENCH_WORKLOAD ? g->slot_labels_top : g->cluster_labels_top) - 6;
  if (plot_bottom - plot_top < 20)
    plot_bottom = plot_top + 20;

  panel_width = (width - 2 * PAD - (n_panels - 1) * PANEL_GAP) / n_panels;
  for (guint p = 0; p < n_panels; p++)
    {
      PanelGeometry pg = { 0 };
      double x0 = PAD + p * (panel_width + PANEL_GAP);
      double label_width;

      fit_axis (self, g_ptr_array_index (self->panels, p), plot_bottom - plot_top, g->line_height,
                &pg.axis);
      label_width = axis_label_width (self, context, &pg.axis);
      pg.plot = GRAPHENE_RECT_INIT (x0 + label_width + 8, plot_top,
                                    MAX (panel_width - label_width - 8, 10), plot_bottom - plot_top);
      g_array_append_val (g->panels, pg);
      place_columns (self, p, &pg, g->columns);
    }
}

/* Where @value is drawn in @pg's plot: marks beyond its axis stop at
 * its ends. */
static inline double
value_to_y (const PanelGeometry *pg,
            double               value)
{
  return domus_chart_axis_to_y (&pg->axis, &pg->plot, CLAMP (value, pg->axis.bottom, pg->axis.top));
}

/* Drawing */

static void
draw_grid (DomusBenchChart     *self,
           cairo_t             *cr,
           PangoContext        *context,
           const PanelGeometry *pg)
{
  GdkRGBA grid = domus_chart_with_alpha (&self->palette.fg, 0.1);
  GdkRGBA base = domus_chart_with_alpha (&self->palette.fg, 0.3);
  GdkRGBA label = domus_chart_with_alpha (&self->palette.fg, 0.6);

  for (guint i = 0; i <= pg->axis.n_grid; i++)
    {
      double value = pg->axis.bottom + i * pg->axis.step;
      double y = round (value_to_y (pg, value)) + 0.5;
      g_autofree char *text = format_value (self, value, pg->axis.decimals);
      g_autoptr(PangoLayout) layout = text_layout (context, text, FALSE, 0.85);

      cairo_move_to (cr, pg->plot.origin.x, y);
      cairo_line_to (cr, pg->plot.origin.x + pg->plot.size.width, y);
      cairo_set_line_width (cr, 1);
      gdk_cairo_set_source_rgba (cr, i == 0 ? &base : &grid);
      cairo_stroke (cr);
      show_text (cr, layout, pg->plot.origin.x - 8 - text_width (layout), y - text_height (layout) / 2,
                 &label);
    }
}

static void
draw_whisker (cairo_t *cr,
              double   x,
              double   y_low,
              double   y_high,
              double   cap)
{
  cairo_move_to (cr, x, y_low);
  cairo_line_to (cr, x, y_high);
  cairo_move_to (cr, x - cap / 2, y_low);
  cairo_line_to (cr, x + cap / 2, y_low);
  cairo_move_to (cr, x - cap / 2, y_high);
  cairo_line_to (cr, x + cap / 2, y_high);
  cairo_stroke (cr);
}

static void
draw_column (DomusBenchChart     *self,
             cairo_t             *cr,
             PangoContext        *context,
             const PanelGeometry *pg,
             const Column        *column)
{
  const DomusBenchChartBar *bar = &column->bar;
  const DomusStats *stats = domus_bench_group_get_stats (bar->group);
  const GdkRGBA *color = bar->misses_sla ? &self->palette.colors[DOMUS_CHART_COLOR_RED]
                                          : set_color (self, bar->set);
  GdkRGBA whisker = domus_chart_with_alpha (&self->palette.fg, 0.8);
  GdkRGBA value_color = domus_chart_with_alpha (&self->palette.fg, 0.75);
  double x = bar->bounds.origin.x, w = bar->bounds.size.width;
  double center = x + w / 2, label_y;
  g_autofree char *value_text = NULL;
  g_autoptr(PangoLayout) layout = NULL;

  if (!self->box_plot)
    {
      fill_column (self, cr, bar->set, color, x, bar->bounds.origin.y, w, bar->bounds.size.height);
      label_y = bar->bounds.origin.y;
      if (stats->n > 1 && stats->stddev > 0)
        {
          double high = value_to_y (pg, stats->mean + stats->stddev);

          cairo_set_line_width (cr, 1.5);
          gdk_cairo_set_source_rgba (cr, &whisker);
          draw_whisker (cr, center, value_to_y (pg, MAX (stats->mean - stats->stddev, 0)), high, w * 0.4);
          label_y = MIN (label_y, high);
        }
    }
  else
    {
      GdkRGBA fill = domus_chart_with_alpha (color, 0.35);
      double y25 = value_to_y (pg, stats->p25);
      double y75 = value_to_y (pg, stats->p75);
      double y95 = value_to_y (pg, stats->p95);
      double ymax = value_to_y (pg, stats->max);

      cairo_set_line_width (cr, 1.5);
      gdk_cairo_set_source_rgba (cr, color);
      draw_whisker (cr, center, value_to_y (pg, stats->min), ymax, w * 0.5);
      fill_column (self, cr, bar->set, &fill, x, y75, w, MAX (y25 - y75, 1));
      cairo_rectangle (cr, x + 0.75, y75, w - 1.5, MAX (y25 - y75, 1));
      gdk_cairo_set_source_rgba (cr, color);
      cairo_stroke (cr);
      cairo_move_to (cr, x, bar->bounds.origin.y);
      cairo_line_to (cr, x + w, bar->bounds.origin.y);
      cairo_set_line_width (cr, 3);
      cairo_stroke (cr);
      /* ◆ the 95th percentile */
      cairo_move_to (cr, center, y95 - 4);
      cairo_line_to (cr, center + 4, y95);
      cairo_line_to (cr, center, y95 + 4);
      cairo_line_to (cr, center - 4, y95);
      cairo_close_path (cr);
      gdk_cairo_set_source_rgba (cr, &self->palette.fg);
      cairo_fill (cr);
      label_y = ymax;
    }

  /* The value above, where it fits. */
  value_text = format_value (self, bar->value, chart_kind (self) == DOMUS_BENCH_WORKLOAD ? 0
                                               : bar->value < 10 ? 2 : 1);
  layout = text_layout (context, value_text, FALSE, 0.8);
  if (text_width (layout) <= w + SET_GAP + 8)
    show_text (cr, layout, center - text_width (layout) / 2, label_y - 2 - text_height (layout),
               &value_color);
}

/* Lifecycle: a line per set joining the sizes. */
static void
draw_lines (DomusBenchChart *self,
            cairo_t         *cr,
            const Geometry  *g)
{
  for (guint p = 0; p < self->panels->len; p++)
    for (guint s = 0; s < self->n_sets; s++)
      {
        /* The set's colour, darker (lighter on dark), to show on its own columns. */
        GdkRGBA color = mix (set_color (self, s), &self->palette.fg, 0.45);
        guint n = 0;

        for (guint i = 0; i < g->columns->len; i++)
          {
            const Column *column = &g_array_index (g->columns, Column, i);
            double x = column->bar.bounds.origin.x + column->bar.bounds.size.width / 2;

            if (column->panel != p || column->bar.set != s)
              continue;
            if (n++ == 0)
              cairo_move_to (cr, x, column->bar.bounds.origin.y);
            else
              cairo_line_to (cr, x, column->bar.bounds.origin.y);
          }
        if (n < 2)
          {
            cairo_new_path (cr);
            continue;
          }
        cairo_set_line_width (cr, 2);
        cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
        gdk_cairo_set_source_rgba (cr, &color);
        cairo_stroke (cr);
        /* A box shows its median already. */
        if (self->box_plot)
          continue;

        for (guint i = 0; i < g->columns->len; i++)
          {
            const Column *column = &g_array_index (g->columns, Column, i);

            if (column->panel != p || column->bar.set != s)
              continue;
            cairo_arc (cr, column->bar.bounds.origin.x + column->bar.bounds.size.width / 2,
                       column->bar.bounds.origin.y, 3.5, 0, 2 * G_PI);
            gdk_cairo_set_source_rgba (cr, &self->palette.bg);
            cairo_fill_preserve (cr);
            gdk_cairo_set_source_rgba (cr, &color);
            cairo_set_line_width (cr, 1.5);
            cairo_stroke (cr);
          }
      }
}

static void
draw_sla (DomusBenchChart     *self,
          cairo_t             *cr,
          PangoContext        *context,
          const PanelGeometry *pg)
{
  for (guint s = 0; s < self->n_sets; s++)
    {
      double sla = set_sla (self, s);
      GdkRGBA color = s == 0 ? domus_chart_with_alpha (&self->palette.fg, 0.8) : *set_color (self, 1);
      g_autofree char *text = NULL;
      g_autoptr(PangoLayout) layout = NULL;
      double y;

      /* The compared set's own SLA only when it differs. */
      if (isnan (sla) || (s == 1 && sla == set_sla (self, 0)))
        continue;
      y = round (value_to_y (pg, sla)) + 0.5;
      cairo_move_to (cr, pg->plot.origin.x, y);
      cairo_line_to (cr, pg->plot.origin.x + pg->plot.size.width, y);
      cairo_set_line_width (cr, 1.5);
      cairo_set_dash (cr, (double[]) { 6, 4 }, 2, 0);
      gdk_cairo_set_source_rgba (cr, &color);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);

      /* TRANSLATORS: the label of the SLA line on the chart */
      text = g_strdup_printf (_("SLA %.0f %%"), sla);
      layout = text_layout (context, text, TRUE, 0.8);
      /* On a patch of background, to read over the columns. */
      cairo_rectangle (cr, pg->plot.origin.x + pg->plot.size.width - text_width (layout) - 8,
                       y - 3 - text_height (layout), text_width (layout) + 8, text_height (layout) + 2);
      gdk_cairo_set_source_rgba (cr, &self->palette.bg);
      cairo_fill (cr);
      show_text (cr, layout, pg->plot.origin.x + pg->plot.size.width - text_width (layout) - 4,
                 y - 2 - text_height (layout), &color);
    }
}

static void
draw_empty (DomusBenchChart *self,
            cairo_t         *cr,
            PangoContext    *context,
            double           width,
            double           height)
{
  GdkRGBA color = domus_chart_with_alpha (&self->palette.fg, 0.55);
  g_autoptr(PangoLayout) layout =
    text_layout (context,
                 self->sets[0] == NULL ? _("Run a benchmark or choose an earlier run to see its results")
                                       : _("No results yet"),
                 FALSE, 1.0);

  pango_layout_set_width (layout, (int) (MAX (width - 2 * PAD, 1) * PANGO_SCALE));
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  show_text (cr, layout, PAD, (height - text_height (layout)) / 2, &color);
}

void
domus_bench_chart_render (DomusBenchChart *self,
                          cairo_t         *cr,
                          double           width,
                          double           height)
{
  PangoContext *context;
  g_autoptr(PangoLayout) note = NULL;
  g_autofree char *note_string = NULL;
  GdkRGBA title_color = self->palette.fg;
  GdkRGBA label_color = domus_chart_with_alpha (&self->palette.fg, 0.75);
  GdkRGBA note_color = domus_chart_with_alpha (&self->palette.fg, 0.6);
  Geometry g = { 0 };

  g_return_if_fail (DOMUS_IS_BENCH_CHART (self));
  g_return_if_fail (cr != NULL);

  if (width <= 2 * PAD || height <= 2 * PAD)
    return;

  cairo_save (cr);
  context = create_context (self, cr);
  compute_geometry (self, context, width, height, &g);
  if (self->panels->len == 0)
    {
      draw_empty (self, cr, context, width, height);
      geometry_clear (&g);
      g_object_unref (context);
      cairo_restore (cr);
      return;
    }

  flow_legend (self, context, cr, g.legend_top, width);
  note_string = note_text (self);
  note = text_layout (context, note_string, FALSE, 0.85);
  pango_layout_set_width (note, (int) ((width - 2 * PAD) * PANGO_SCALE));
  pango_layout_set_wrap (note, PANGO_WRAP_WORD_CHAR);
  show_text (cr, note, PAD, g.note_top, &note_color);

  for (guint p = 0; p < self->panels->len; p++)
    {
      Panel *panel = g_ptr_array_index (self->panels, p);
      const PanelGeometry *pg = &g_array_index (g.panels, PanelGeometry, p);
      double cluster_width = pg->plot.size.width / MAX (panel->clusters->len, 1);

      draw_grid (self, cr, context, pg);
      if (panel->step != NULL)
        show_centered (cr, context, domus_format_bench_step (panel->step), TRUE,
                       pg->plot.origin.x + pg->plot.size.width / 2, g.titles_top, pg->plot.size.width,
                       &title_color);
      for (guint c = 0; c < panel->clusters->len; c++)
        {
          Cluster *cluster = g_ptr_array_index (panel->clusters, c);
          double slot_width = cluster_width * 0.8 / MAX (cluster->slots->len, 1);

          const char *label = cluster->label;

          /* Many panels: "256" rather than "256 …"; the legend says MiB. */
          if (cluster->short_label != NULL && !fits (context, label, cluster_width - 4))
            label = cluster->short_label;
          show_centered (cr, context, label, chart_kind (self) == DOMUS_BENCH_WORKLOAD,
                         pg->plot.origin.x + (c + 0.5) * cluster_width, g.cluster_labels_top,
                         cluster_width - 4, &title_color);
          for (guint i = 0; i < cluster->slots->len; i++)
            {
              Slot *slot = g_ptr_array_index (cluster->slots, i);

              if (slot->label != NULL)
                show_centered (cr, context, slot->label, FALSE,
                               pg->plot.origin.x + c * cluster_width + cluster_width * 0.1
                               + (i + 0.5) * slot_width,
                               g.slot_labels_top, slot_width - 2, &label_color);
            }
        }
    }

  for (guint i = 0; i < g.columns->len; i++)
    {
      const Column *column = &g_array_index (g.columns, Column, i);

      draw_column (self, cr, context, &g_array_index (g.panels, PanelGeometry, column->panel), column);
    }
  if (chart_kind (self) == DOMUS_BENCH_LIFECYCLE)
    draw_lines (self, cr, &g);
  else
    draw_sla (self, cr, context, &g_array_index (g.panels, PanelGeometry, 0));

  geometry_clear (&g);
  g_object_unref (context);
  cairo_restore (cr);
}

/* For tests and the tooltip: the geometry of a size without drawing. */
static void
measure (DomusBenchChart *self,
         double           width,
         double           height,
         Geometry        *g)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (surface);
  PangoContext *context = create_context (self, cr);

  compute_geometry (self, context, width, height, g);
  g_object_unref (context);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

GArray *
domus_bench_chart_get_bars (DomusBenchChart *self,
                            double           width,
                            double           height)
{
  Geometry g = { 0 };
  GArray *bars = g_array_new (FALSE, TRUE, sizeof (DomusBenchChartBar));

  g_return_val_if_fail (DOMUS_IS_BENCH_CHART (self), bars);

  measure (self, width, height, &g);
  for (guint i = 0; i < g.columns->len; i++)
    g_array_append_val (bars, g_array_index (g.columns, Column, i).bar);
  geometry_clear (&g);
  return bars;
}

double
domus_bench_chart_get_sla_y (DomusBenchChart *self,
                             double           width,
                             double           height)
{
  Geometry g = { 0 };
  double y = NAN;

  g_return_val_if_fail (DOMUS_IS_BENCH_CHART (self), NAN);

  measure (self, width, height, &g);
  if (g.panels->len > 0 && chart_kind (self) == DOMUS_BENCH_WORKLOAD && !isnan (set_sla (self, 0)))
    y = round (value_to_y (&g_array_index (g.panels, PanelGeometry, 0), set_sla (self, 0))) + 0.5;
  geometry_clear (&g);
  return y;
}

void
domus_bench_chart_get_colors (DomusBenchChart *self,
                              GdkRGBA         *set0,
                              GdkRGBA         *set1,
                              GdkRGBA         *miss)
{
  g_return_if_fail (DOMUS_IS_BENCH_CHART (self));

  if (set0 != NULL)
    *set0 = *set_color (self, 0);
  if (set1 != NULL)
    *set1 = *set_color (self, 1);
  if (miss != NULL)
    *miss = self->palette.colors[DOMUS_CHART_COLOR_RED];
}

/* Export */

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static GBytes *
finish_export (cairo_surface_t  *surface,
               GByteArray       *bytes,
               GError          **error)
{
  cairo_status_t status;

  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_byte_array_unref (bytes);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot draw the chart: %s"),
                   cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (bytes);
}

static void
render_on_background (DomusBenchChart *self,
                      cairo_surface_t *surface,
                      double           scale,
                      double           width,
                      double           height)
{
  cairo_t *cr = cairo_create (surface);

  cairo_scale (cr, scale, scale);
  gdk_cairo_set_source_rgba (cr, &self->palette.bg);
  cairo_paint (cr);
  domus_bench_chart_render (self, cr, width, height);
  cairo_destroy (cr);
}

GBytes *
domus_bench_chart_render_png (DomusBenchChart  *self,
                              int               width,
                              int               height,
                              int               scale,
                              GError          **error)
{
  cairo_surface_t *surface;
  GByteArray *bytes;
  cairo_status_t status;

  g_return_val_if_fail (DOMUS_IS_BENCH_CHART (self), NULL);
  g_return_val_if_fail (width > 0 && height > 0 && scale > 0, NULL);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width * scale, height * scale);
  render_on_background (self, surface, scale, width, height);
  bytes = g_byte_array_new ();
  status = cairo_surface_write_to_png_stream (surface, append_bytes, bytes);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      g_byte_array_unref (bytes);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot draw the chart: %s"),
                   cairo_status_to_string (status));
      return NULL;
    }
  return finish_export (surface, bytes, error);
}

GBytes *
domus_bench_chart_render_svg (DomusBenchChart  *self,
                              double            width,
                              double            height,
                              GError          **error)
{
  GByteArray *bytes;
  cairo_surface_t *surface;

  g_return_val_if_fail (DOMUS_IS_BENCH_CHART (self), NULL);
  g_return_val_if_fail (width > 0 && height > 0, NULL);

  bytes = g_byte_array_new ();
  surface = cairo_svg_surface_create_for_stream (append_bytes, bytes, width, height);
  render_on_background (self, surface, 1.0, width, height);
  return finish_export (surface, bytes, error);
}

/* The widget */

static void
domus_bench_chart_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  DomusBenchChart *self = DOMUS_BENCH_CHART (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  domus_bench_chart_render (self, cr, width, height);
  cairo_destroy (cr);
}

static gboolean
domus_bench_chart_query_tooltip (GtkWidget  *widget,
                                 int         x,
                                 int         y,
                                 gboolean    keyboard,
                                 GtkTooltip *tooltip)
{
  DomusBenchChart *self = DOMUS_BENCH_CHART (widget);
  g_autoptr(GArray) bars = domus_bench_chart_get_bars (self, gtk_widget_get_width (widget),
                                                       gtk_widget_get_height (widget));

  for (guint i = 0; i < bars->len; i++)
    {
      DomusBenchChartBar *bar = &g_array_index (bars, DomusBenchChartBar, i);
      const DomusStats *stats = domus_bench_group_get_stats (bar->group);
      g_autofree char *what = NULL;
      g_autofree char *text = NULL;
      g_autofree char *mean = NULL, *sd = NULL, *median = NULL, *min = NULL, *max = NULL, *p95 = NULL;
      int decimals = chart_kind (self) == DOMUS_BENCH_WORKLOAD ? 1 : 3;

      if (x < bar->bounds.origin.x || x > bar->bounds.origin.x + bar->bounds.size.width)
        continue;

      if (chart_kind (self) == DOMUS_BENCH_LIFECYCLE)
        /* TRANSLATORS: a chart column: the step, then the memory size */
        what = g_strdup_printf (_("%s, %u MiB"),
                                domus_format_bench_step (domus_bench_group_get_category (bar->group)),
                                (guint) domus_bench_group_get_memory_mib (bar->group));
      else
        /* TRANSLATORS: a chart column: the scenario, then the domain */
        what = g_strdup_printf (_("%s, %s"), domus_bench_group_get_category (bar->group),
                                domus_bench_group_get_domain (bar->group));
      mean = format_value (self, stats->mean, decimals);
      sd = format_value (self, stats->stddev, decimals);
      median = format_value (self, stats->median, decimals);
      min = format_value (self, stats->min, decimals);
      max = format_value (self, stats->max, decimals);
      p95 = format_value (self, stats->p95, decimals);
      /* TRANSLATORS: a chart column's tooltip: what, which result set, then its statistics */
      text = g_strdup_printf (_("%s\n%s\nn = %u, mean %s ± %s\nmedian %s, min %s, max %s, p95 %s"),
                              what, domus_bench_group_get_set_name (bar->group), stats->n, mean, sd,
                              median, min, max, p95);
      gtk_tooltip_set_text (tooltip, text);
      return TRUE;
    }
  return FALSE;
}

static void
domus_bench_chart_css_changed (GtkWidget         *widget,
                               GtkCssStyleChange *change)
{
  DomusBenchChart *self = DOMUS_BENCH_CHART (widget);

  GTK_WIDGET_CLASS (domus_bench_chart_parent_class)->css_changed (widget, change);

  domus_chart_palette_update (&self->palette, widget, "card_bg_color", 0.19);
  gtk_widget_queue_draw (widget);
}

static void
domus_bench_chart_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 240 : 200;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 640 : 360;
}

static void
disconnect_sets (DomusBenchChart *self)
{
  for (guint s = 0; s < 2; s++)
    {
      if (self->sets[s] != NULL)
        g_clear_signal_handler (&self->handlers[s], self->sets[s]);
      g_clear_object (&self->sets[s]);
    }
}

static void
domus_bench_chart_dispose (GObject *object)
{
  DomusBenchChart *self = DOMUS_BENCH_CHART (object);

  disconnect_sets (self);
  g_ptr_array_set_size (self->panels, 0);

  G_OBJECT_CLASS (domus_bench_chart_parent_class)->dispose (object);
}

static void
domus_bench_chart_finalize (GObject *object)
{
  DomusBenchChart *self = DOMUS_BENCH_CHART (object);

  g_ptr_array_unref (self->panels);

  G_OBJECT_CLASS (domus_bench_chart_parent_class)->finalize (object);
}

static void
domus_bench_chart_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  DomusBenchChart *self = DOMUS_BENCH_CHART (object);

  switch (prop_id)
    {
    case PROP_BOX_PLOT:
      g_value_set_boolean (value, self->box_plot);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
domus_bench_chart_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  DomusBenchChart *self = DOMUS_BENCH_CHART (object);

  switch (prop_id)
    {
    case PROP_BOX_PLOT:
      domus_bench_chart_set_box_plot (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
domus_bench_chart_class_init (DomusBenchChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = domus_bench_chart_dispose;
  object_class->finalize = domus_bench_chart_finalize;
  object_class->get_property = domus_bench_chart_get_property;
  object_class->set_property = domus_bench_chart_set_property;
  widget_class->snapshot = domus_bench_chart_snapshot;
  widget_class->measure = domus_bench_chart_measure;
  widget_class->css_changed = domus_bench_chart_css_changed;
  widget_class->query_tooltip = domus_bench_chart_query_tooltip;

  properties[PROP_BOX_PLOT] =
    g_param_spec_boolean ("box-plot", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "domusbenchchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
domus_bench_chart_init (DomusBenchChart *self)
{
  self->panels = g_ptr_array_new_with_free_func (panel_free);
  domus_chart_palette_init (&self->palette);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
}

GtkWidget *
domus_bench_chart_new (void)
{
  return g_object_new (DOMUS_TYPE_BENCH_CHART, NULL);
}

void
domus_bench_chart_set_results (DomusBenchChart   *self,
                               DomusBenchResults *results,
                               DomusBenchResults *compare)
{
  DomusBenchResults *sets[2] = { results, compare };

  g_return_if_fail (DOMUS_IS_BENCH_CHART (self));
  g_return_if_fail (results == NULL || DOMUS_IS_BENCH_RESULTS (results));
  g_return_if_fail (compare == NULL || DOMUS_IS_BENCH_RESULTS (compare));

  disconnect_sets (self);
  for (guint s = 0; s < 2; s++)
    if (sets[s] != NULL)
      {
        self->sets[s] = g_object_ref (sets[s]);
        self->handlers[s] = g_signal_connect_object (sets[s], "result-added", G_CALLBACK (invalidate),
                                                     self, G_CONNECT_SWAPPED);
      }
  invalidate (self);
}

DomusBenchResults *
domus_bench_chart_get_results (DomusBenchChart *self)
{
  g_return_val_if_fail (DOMUS_IS_BENCH_CHART (self), NULL);

  return self->sets[0];
}

DomusBenchResults *
domus_bench_chart_get_compare (DomusBenchChart *self)
{
  g_return_val_if_fail (DOMUS_IS_BENCH_CHART (self), NULL);

  return self->sets[1];
}

gboolean
domus_bench_chart_get_box_plot (DomusBenchChart *self)
{
  g_return_val_if_fail (DOMUS_IS_BENCH_CHART (self), FALSE);

  return self->box_plot;
}

void
domus_bench_chart_set_box_plot (DomusBenchChart *self,
                                gboolean         box_plot)
{
  g_return_if_fail (DOMUS_IS_BENCH_CHART (self));

  box_plot = !!box_plot;
  if (self->box_plot == box_plot)
    return;
  self->box_plot = box_plot;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BOX_PLOT]);
}
