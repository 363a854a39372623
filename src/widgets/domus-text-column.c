/* domus-text-column.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-text-column"

#include "config.h"

#include "domus-text-column.h"

/* A label whose row is out of view (a list view keeps a couple of
 * hundred rows bound, mapped or not) is marked stale rather than set:
 * with a thousand domains, most of a refresh's changes land there, and
 * every label set would be measured again at the next frame. When it is
 * mapped again it catches up, in an idle just after that frame: setting
 * it from "map" itself would queue a resize in the middle of the list's
 * allocation. */
typedef struct
{
  DomusLabelCatchUpFunc  func;
  gpointer               data;
  gboolean               stale;
  guint                  idle_id;
} Follow;

#define FOLLOW_KEY "domus-label-follow"

static void
follow_free (gpointer data)
{
  Follow *follow = data;

  g_clear_handle_id (&follow->idle_id, g_source_remove);
  g_free (follow);
}

static gboolean
catch_up_idle_cb (gpointer data)
{
  GtkWidget *label = data;
  Follow *follow = g_object_get_data (G_OBJECT (label), FOLLOW_KEY);

  follow->idle_id = 0;
  if (follow->stale)
    follow->func (label, follow->data);
  return G_SOURCE_REMOVE;
}

static void
follow_map_cb (GtkWidget *label,
               Follow    *follow)
{
  if (follow->stale && follow->idle_id == 0)
    follow->idle_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, catch_up_idle_cb, label, NULL);
}

void
_domus_label_follow_when_mapped (GtkWidget             *label,
                                 DomusLabelCatchUpFunc  func,
                                 gpointer               data)
{
  Follow *follow = g_new0 (Follow, 1);

  follow->func = func;
  follow->data = data;
  g_object_set_data_full (G_OBJECT (label), FOLLOW_KEY, follow, follow_free);
  g_signal_connect (label, "map", G_CALLBACK (follow_map_cb), follow);
}

gboolean
_domus_label_set_stale (GtkWidget *label,
                        gboolean   stale)
{
  Follow *follow = g_object_get_data (G_OBJECT (label), FOLLOW_KEY);

  if (!stale)
    {
      if (follow != NULL)
        follow->stale = FALSE;
      return FALSE;
    }
  if (follow == NULL || gtk_widget_get_mapped (label))
    return FALSE;
  follow->stale = TRUE;
  return TRUE;
}

static void
cell_update (GtkListItem               *item,
             const DomusTextColumnSpec *spec)
{
  gpointer object = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  g_autofree char *text = NULL;

  _domus_label_set_stale (label, FALSE);
  if (object == NULL)
    return;

  text = spec->text (object);
  gtk_label_set_label (GTK_LABEL (label), text);
}

static void
catch_up_cb (GtkWidget *label,
             gpointer   item)
{
  cell_update (item, g_object_get_data (G_OBJECT (item), "domus-text-column-spec"));
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
  _domus_label_follow_when_mapped (label, catch_up_cb, item);
}

static void
notify_cb (GObject     *object,
           GParamSpec  *pspec,
           GtkListItem *item)
{
  if (_domus_label_set_stale (gtk_list_item_get_child (item), TRUE))
    return;
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
