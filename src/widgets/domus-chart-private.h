/* domus-chart-private.h: what the two files of DomusChart share
 *
 * DomusChart is written in three files: domus-chart.c (the widget, its
 * properties and API, the samples copied out of the series, the pointer),
 * domus-chart-snapshot.c (how a frame is drawn) and domus-chart-menu.c
 * (its menu: the visible history as CSV, PNG or SVG). This header holds the
 * instance structure and the functions one file calls in the other.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "domus-chart.h"
#include "domus-chart-palette.h"

G_BEGIN_DECLS

#define MAX_Y_INTERVALS 4
#define MAX_X_INTERVALS 4
#define NO_SAMPLE       G_MAXUINT

typedef struct
{
  guint        channel;
  char        *label;
  GdkRGBA      color;
  gboolean     has_color;
  gboolean     fill;
  double      *values;        /* self->capacity values, as self->times */
  double      *tops;          /* stacked: this line's values plus those below */
  guint        n_points;
  double       last;
  PangoLayout *label_layout;
  PangoLayout *value_layout;
} Line;

struct _DomusChart
{
  GtkWidget      parent_instance;

  DomusSeries   *series;
  gulong         sample_added_id;
  GArray        *lines;

  char          *unit;
  char          *limit_label;
  double         y_max;
  double         y_min_max;
  double         limit;
  guint          window;

  /* The visible window, copied out of the series when dirty: times[i] is
   * the age of a sample in seconds, ≤ 0, relative to the newest one. With
   * has_lead, the first is the sample before the window, so that the lines
   * run to the left edge. The buffers grow and are reused. */
  double        *times;
  guint          n_times;
  guint          capacity;
  double         data_max;

  DomusChartPalette palette;

  PangoAttrList *small_attrs;
  PangoAttrList *heading_attrs;
  PangoLayout   *y_layouts[MAX_Y_INTERVALS + 1];
  PangoLayout   *x_layouts[MAX_X_INTERVALS + 1];
  PangoLayout   *measure_layout;
  PangoLayout   *limit_layout;
  PangoLayout   *readout_layout;

  graphene_rect_t plot;       /* of the last frame, to pick samples */
  double         pointer_x;
  guint          hover_index;

  GtkWidget     *menu;        /* GtkPopoverMenu: the exports */

  guint          show_legend : 1;
  guint          stacked : 1;
  guint          show_axes : 1;
  guint          hovering : 1;
  guint          dirty : 1;
  guint          has_lead : 1;
};

/* domus-chart.c */
Line          *_domus_chart_get_line       (DomusChart  *self,
                                            guint        index);
const GdkRGBA *_domus_chart_line_color     (DomusChart  *self,
                                            guint        index);
void           _domus_chart_update_window  (DomusChart  *self);
guint          _domus_chart_pick_sample    (DomusChart  *self,
                                            double       x);
char          *_domus_chart_format_reading (DomusChart  *self,
                                            double       value);

/* domus-chart-snapshot.c */
void           _domus_chart_snapshot       (GtkWidget   *widget,
                                            GtkSnapshot *snapshot);
void           _domus_chart_drop_layouts   (DomusChart  *self);
/* What _domus_chart_draw() draws: all of it (on screen); or, for an
 * export, the parts under the lines, the lines alone straight onto the
 * export's cairo context (a cairo node would put them in a recording
 * surface, whose snapshot cairo 1.16's SVG surface never lets go of), and
 * the parts over them. */
typedef enum
{
  DOMUS_CHART_DRAW_ALL,
  DOMUS_CHART_DRAW_BELOW_LINES,
  DOMUS_CHART_DRAW_LINES,
  DOMUS_CHART_DRAW_ABOVE_LINES,
} DomusChartDrawPart;

/* @part of a frame of @width × @height, whatever the widget's size; the
 * lines go to @cr, the rest to @snapshot. */
void           _domus_chart_draw           (DomusChart         *self,
                                            GtkSnapshot        *snapshot,
                                            cairo_t            *cr,
                                            DomusChartDrawPart  part,
                                            int                 width,
                                            int                 height);

/* domus-chart-menu.c */
void           _domus_chart_class_menu_init (GtkWidgetClass *widget_class);
void           _domus_chart_menu_init       (DomusChart     *self);
void           _domus_chart_menu_dispose    (DomusChart     *self);
void           _domus_chart_update_actions  (DomusChart     *self);

G_END_DECLS
