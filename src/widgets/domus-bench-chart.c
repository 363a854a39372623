/* domus-bench-chart.c: a benchmark's results as bars or box plots
 *
 * The widget, and the plan: when the results change, they are arranged
 * into panels (a lifecycle step each, or one for a workload), clusters
 * (memory sizes or scenarios), slots (the domains of a scenario) and a
 * column per result set. Where those go for a size is computed in
 * domus-bench-chart-geometry.c; domus-bench-chart-render.c draws them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-bench-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "domus-bench-chart-private.h"
#include "domus-format.h"

enum {
  PROP_0,
  PROP_BOX_PLOT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (DomusBenchChart, domus_bench_chart, GTK_TYPE_WIDGET)

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

void
_domus_bench_chart_rebuild (DomusBenchChart *self)
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

/* The sets: their kind, SLA, colour and unit */

DomusBenchKind
_domus_bench_chart_get_kind (DomusBenchChart *self)
{
  return self->sets[0] != NULL ? domus_bench_results_get_kind (self->sets[0]) : DOMUS_BENCH_LIFECYCLE;
}

double
_domus_bench_chart_get_sla (DomusBenchChart *self,
                            guint            set)
{
  if (_domus_bench_chart_get_kind (self) != DOMUS_BENCH_WORKLOAD)
    return NAN;
  return domus_bench_results_get_sla_percent (self->sets[set]);
}

/* The colour of set @set (0 or 1). */
const GdkRGBA *
_domus_bench_chart_get_set_color (DomusBenchChart *self,
                                  guint            set)
{
  return &self->palette.colors[set == 0 ? DOMUS_CHART_COLOR_ACCENT : DOMUS_CHART_COLOR_ORANGE];
}

char *
_domus_bench_chart_format_value (DomusBenchChart *self,
                                 double           value,
                                 int              decimals)
{
  gboolean workload = _domus_bench_chart_get_kind (self) == DOMUS_BENCH_WORKLOAD;

  return domus_chart_format_value (value, decimals, workload ? "%" : C_("unit", "s"));
}

void
domus_bench_chart_get_colors (DomusBenchChart *self,
                              GdkRGBA         *set0,
                              GdkRGBA         *set1,
                              GdkRGBA         *miss)
{
  g_return_if_fail (DOMUS_IS_BENCH_CHART (self));

  if (set0 != NULL)
    *set0 = *_domus_bench_chart_get_set_color (self, 0);
  if (set1 != NULL)
    *set1 = *_domus_bench_chart_get_set_color (self, 1);
  if (miss != NULL)
    *miss = self->palette.colors[DOMUS_CHART_COLOR_RED];
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
      int decimals = _domus_bench_chart_get_kind (self) == DOMUS_BENCH_WORKLOAD ? 1 : 3;

      if (x < bar->bounds.origin.x || x > bar->bounds.origin.x + bar->bounds.size.width)
        continue;

      if (_domus_bench_chart_get_kind (self) == DOMUS_BENCH_LIFECYCLE)
        /* TRANSLATORS: a chart column: the step, then the memory size */
        what = g_strdup_printf (_("%s, %u MiB"),
                                domus_format_bench_step (domus_bench_group_get_category (bar->group)),
                                (guint) domus_bench_group_get_memory_mib (bar->group));
      else
        /* TRANSLATORS: a chart column: the scenario, then the domain */
        what = g_strdup_printf (_("%s, %s"), domus_bench_group_get_category (bar->group),
                                domus_bench_group_get_domain (bar->group));
      mean = _domus_bench_chart_format_value (self, stats->mean, decimals);
      sd = _domus_bench_chart_format_value (self, stats->stddev, decimals);
      median = _domus_bench_chart_format_value (self, stats->median, decimals);
      min = _domus_bench_chart_format_value (self, stats->min, decimals);
      max = _domus_bench_chart_format_value (self, stats->max, decimals);
      p95 = _domus_bench_chart_format_value (self, stats->p95, decimals);
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

  gtk_widget_class_set_css_name (widget_class, "domus-bench-chart");
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
