/* domus-chart-legend.h: the legends of Domus's charts, laid out in rows
 *
 * A legend is a list of items, each a swatch (or a sample of a line) and a
 * text beside it, set left to right and wrapped into rows where the next
 * item would not fit. DomusChart and DomusBenchChart lay theirs out here;
 * each then draws its items where the layout puts them, the one with
 * GtkSnapshot, the other with cairo.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct
{
  /* Set by the caller */
  double           text_width;  /* cut to max_item_width by the layout */
  double           text_height;
  /* Set by domus_chart_legend_flow() */
  double           swatch_x;    /* the swatch's top left: centred on the */
  double           swatch_y;    /* text's height */
  double           text_x;      /* the text's top left */
  double           text_y;
} DomusChartLegendItem;

typedef struct
{
  double left;                  /* where rows start */
  double top;                   /* of the first row */
  double right;                 /* where an item wraps to the next row */
  double swatch_size;           /* a square, before the text */
  double item_gap;              /* from one item's text to the next swatch */
  double max_item_width;        /* swatch and text; INFINITY for no limit */
} DomusChartLegendLayout;

/* Places @items: in order, from @layout's left, a new row when an item
 * would reach past its right (unless it is the first of its row). An
 * item's text_width is cut so that the item is at most max_item_width
 * wide (the caller ellipsizes its text to it). Returns the size the items
 * take from @layout's left and top. */
graphene_size_t domus_chart_legend_flow (const DomusChartLegendLayout *layout,
                                         DomusChartLegendItem         *items,
                                         guint                         n_items);

G_END_DECLS
