/* domus-text-column.h: column-view columns of labels that follow a property
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Returns the cell's text for @item, newly allocated. */
typedef char *(*DomusTextColumnFunc) (gpointer item);

typedef struct
{
  const char          *property;  /* the text is recomputed on notify::property */
  DomusTextColumnFunc  text;
  float                xalign;
  gboolean             numeric;   /* tabular figures */
} DomusTextColumnSpec;

/* @spec must outlive the column (use a static const). */
GtkColumnViewColumn *domus_text_column_new (const char                *title,
                                            const DomusTextColumnSpec *spec);

G_END_DECLS
