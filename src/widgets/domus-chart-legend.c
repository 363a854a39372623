/* domus-chart-legend.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "domus-chart-legend.h"

#define SWATCH_SPACING 6        /* from a swatch to its text */
#define ROW_SPACING    4

graphene_size_t
domus_chart_legend_flow (const DomusChartLegendLayout *layout,
                         DomusChartLegendItem         *items,
                         guint                         n_items)
{
  double x = layout->left, y = layout->top, width = 0, row_height = 0;

  for (guint i = 0; i < n_items; i++)
    {
      DomusChartLegendItem *item = &items[i];
      double item_width;

      item->text_width = MIN (item->text_width,
                              layout->max_item_width - layout->swatch_size - SWATCH_SPACING);
      item_width = layout->swatch_size + SWATCH_SPACING + item->text_width;
      if (x > layout->left && x + item_width > layout->right)
        {
          x = layout->left;
          y += row_height + ROW_SPACING;
          row_height = 0;
        }
      row_height = MAX (row_height, item->text_height);

      item->swatch_x = x;
      item->swatch_y = y + (item->text_height - layout->swatch_size) / 2;
      item->text_x = x + layout->swatch_size + SWATCH_SPACING;
      item->text_y = y;

      x += item_width;
      width = MAX (width, x - layout->left);
      x += layout->item_gap;
    }
  return (graphene_size_t) { width, y + row_height - layout->top };
}
