/* domus-text-column.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-text-column"

#include "config.h"

#include "domus-text-column.h"

static void
cell_update (GtkListItem               *item,
             const DomusTextColumnSpec *spec)
{
  gpointer object = gtk_list_item_get_item (item);
  g_autofree char *text = NULL;

  if (object == NULL)
    return;

  text = spec->text (object);
  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

static void
setup_cb (GtkSignalListItemFactory  *factory,
          GtkListItem               *item,
          const DomusTextColumnSpec *spec)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), spec->xalign);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (spec->numeric)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
notify_cb (GObject     *object,
           GParamSpec  *pspec,
           GtkListItem *item)
{
  cell_update (item, g_object_get_data (G_OBJECT (item), "domus-text-column-spec"));
}

static void
bind_cb (GtkSignalListItemFactory  *factory,
         GtkListItem               *item,
         const DomusTextColumnSpec *spec)
{
  g_autofree char *signal = g_strconcat ("notify::", spec->property, NULL);

  g_object_set_data (G_OBJECT (item), "domus-text-column-spec", (gpointer) spec);
  g_signal_connect_object (gtk_list_item_get_item (item), signal, G_CALLBACK (notify_cb), item, 0);
  cell_update (item, spec);
}

static void
unbind_cb (GtkSignalListItemFactory  *factory,
           GtkListItem               *item,
           const DomusTextColumnSpec *spec)
{
  g_signal_handlers_disconnect_by_func (gtk_list_item_get_item (item), notify_cb, item);
}

GtkColumnViewColumn *
domus_text_column_new (const char                *title,
                       const DomusTextColumnSpec *spec)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), (gpointer) spec);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), (gpointer) spec);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), (gpointer) spec);

  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_resizable (column, TRUE);
  return column;
}
