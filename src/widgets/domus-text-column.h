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

/* Brings @label up to date; called when it was marked stale and is mapped. */
typedef void (*DomusLabelCatchUpFunc) (GtkWidget *label,
                                       gpointer   data);

/* Lets @label be marked stale while it is not mapped (a row out of view),
 * and calls @func just after the frame that maps it again. @data must
 * outlive @label (a list item does its child). */
void     _domus_label_follow_when_mapped (GtkWidget             *label,
                                          DomusLabelCatchUpFunc  func,
                                          gpointer               data);
/* With @stale, marks @label stale and returns TRUE when it is not mapped
 * (the caller then leaves it as it is), else returns FALSE (the caller
 * sets it). Without, says it is up to date. */
gboolean _domus_label_set_stale          (GtkWidget             *label,
                                          gboolean               stale);

G_END_DECLS
