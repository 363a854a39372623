/* domus-bench-chart-private.h: what the three files of DomusBenchChart share
 *
 * DomusBenchChart is written in three files: domus-bench-chart.c (the
 * widget, its API, and the plan the results are arranged into: panels,
 * clusters, slots), domus-bench-chart-geometry.c (text metrics, and where
 * everything goes for a size) and domus-bench-chart-render.c (drawing with
 * cairo, on screen and into PNG and SVG exports). This header holds their
 * types and the functions one file calls in another.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <pango/pangocairo.h>

#include "domus-bench-chart.h"
#include "domus-chart-axis.h"
#include "domus-chart-legend.h"
#include "domus-chart-palette.h"

G_BEGIN_DECLS

#define PAD            12.0
#define PANEL_GAP      32.0
#define SWATCH         12.0
#define LEGEND_GAP     18.0
#define MAX_BAR_WIDTH  56.0
#define SET_GAP        3.0
#define MAX_INTERVALS  5

/* The plan: rebuilt from the results when they change */

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

/* The geometry: computed for a size, for each drawing */

typedef enum
{
  ITEM_SET0,
  ITEM_SET1,
  ITEM_MISS,
  ITEM_SLA,
  N_ITEMS
} ItemKind;

/* The legend, laid out: its items, their texts and where they go. */
typedef struct
{
  guint                 n_items;
  ItemKind              kinds[N_ITEMS];
  PangoLayout          *layouts[N_ITEMS];
  DomusChartLegendItem  items[N_ITEMS];
} Legend;

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
  double       line_height;
  Legend       legend;
  PangoLayout *note;            /* what the marks mean */
  double       note_top;
  double       titles_top;      /* of the panels, for lifecycle */
  double       slot_labels_top; /* domains, for workloads */
  double       cluster_labels_top;
  GArray      *panels;          /* PanelGeometry */
  GArray      *columns;         /* Column */
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

/* domus-bench-chart.c */
void                _domus_bench_chart_rebuild          (DomusBenchChart     *self);
DomusBenchKind      _domus_bench_chart_get_kind         (DomusBenchChart     *self);
double              _domus_bench_chart_get_sla          (DomusBenchChart     *self,
                                                         guint                set);
const GdkRGBA      *_domus_bench_chart_get_set_color    (DomusBenchChart     *self,
                                                         guint                set);
char               *_domus_bench_chart_format_value     (DomusBenchChart     *self,
                                                         double               value,
                                                         int                  decimals);

/* domus-bench-chart-geometry.c */
PangoContext       *_domus_bench_chart_create_context   (DomusBenchChart     *self,
                                                         cairo_t             *cr);
PangoLayout        *_domus_bench_chart_text_layout      (PangoContext        *context,
                                                         const char          *text,
                                                         gboolean             bold,
                                                         double               scale);
double              _domus_bench_chart_text_width       (PangoLayout         *layout);
double              _domus_bench_chart_text_height      (PangoLayout         *layout);
void                _domus_bench_chart_compute_geometry (DomusBenchChart     *self,
                                                         PangoContext        *context,
                                                         double               width,
                                                         double               height,
                                                         Geometry            *g);
void                _domus_bench_chart_geometry_clear   (Geometry            *g);
double              _domus_bench_chart_value_to_y       (const PanelGeometry *pg,
                                                         double               value);

G_END_DECLS
