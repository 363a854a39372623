/* domus-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-window"

#include "config.h"

#include <glib/gi18n.h>

#include "domus-chart.h"
#include "domus-format.h"
#include "domus-menu-button.h"
#include "domus-text-column.h"
#include "domus-window-private.h"


enum {
  PROP_0,
  PROP_HOST,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (DomusWindow, domus_window, ADW_TYPE_APPLICATION_WINDOW)

/* Columns of the domain list. */

static char *
cell_name (gpointer domain)
{
  return g_strdup (domus_domain_get_name (domain));
}

static char *
cell_id (gpointer domain)
{
  return g_strdup_printf ("%u", domus_domain_get_id (domain));
}

static char *
cell_type (gpointer domain)
{
  return g_strdup (domus_format_domain_type (domus_domain_get_domain_type (domain)));
}

static char *
cell_state (gpointer domain)
{
  return g_strdup (domus_format_domain_state (domus_domain_get_state (domain)));
}

static char *
cell_vcpus (gpointer domain)
{
  return g_strdup_printf ("%u", domus_domain_get_vcpus_online (domain));
}

static char *
cell_memory (gpointer domain)
{
  return domus_format_memory_kib (domus_domain_get_memory_kib (domain));
}

static char *
cell_net_rx (gpointer domain)
{
  return domus_format_byte_rate (domus_domain_get_net_rx_rate (domain));
}

static char *
cell_net_tx (gpointer domain)
{
  return domus_format_byte_rate (domus_domain_get_net_tx_rate (domain));
}

static char *
cell_disk_read (gpointer domain)
{
  return domus_format_byte_rate (domus_domain_get_disk_read_rate (domain));
}

static char *
cell_disk_write (gpointer domain)
{
  return domus_format_byte_rate (domus_domain_get_disk_write_rate (domain));
}

static const DomusTextColumnSpec name_spec = { "name", cell_name, 0.0, FALSE };
static const DomusTextColumnSpec id_spec = { "id", cell_id, 1.0, TRUE };
static const DomusTextColumnSpec type_spec = { "domain-type", cell_type, 0.0, FALSE };
static const DomusTextColumnSpec state_spec = { "state", cell_state, 0.0, FALSE };
static const DomusTextColumnSpec vcpus_spec = { "vcpus-online", cell_vcpus, 1.0, TRUE };
static const DomusTextColumnSpec memory_spec = { "memory-kib", cell_memory, 1.0, TRUE };
static const DomusTextColumnSpec net_rx_spec = { "net-rx-rate", cell_net_rx, 1.0, TRUE };
static const DomusTextColumnSpec net_tx_spec = { "net-tx-rate", cell_net_tx, 1.0, TRUE };
static const DomusTextColumnSpec disk_read_spec = { "disk-read-rate", cell_disk_read, 1.0, TRUE };
static const DomusTextColumnSpec disk_write_spec = { "disk-write-rate", cell_disk_write, 1.0, TRUE };

/* Columns hidden at first, shown from the column menu: the domains'
 * throughput, summed over their vifs and vbds. */
static const struct
{
  const char                *action;   /* win.column-… toggles its visibility */
  const char                *key;      /* its name in the setting domain-list-columns */
  const char                *title;
  const DomusTextColumnSpec *spec;
} optional_columns[] = {
  { "column-net-rx", "net-rx", N_("Net Received"), &net_rx_spec },
  { "column-net-tx", "net-tx", N_("Net Sent"), &net_tx_spec },
  { "column-disk-read", "disk-read", N_("Disk Read"), &disk_read_spec },
  { "column-disk-write", "disk-write", N_("Disk Write"), &disk_write_spec },
};

/* The CPU column shows a sparkline of the last minute beside the figure. */

static void cpu_catch_up_cb (GtkWidget *label,
                             gpointer   item);

static void
cpu_setup_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *chart = GTK_WIDGET (domus_chart_new ());
  GtkWidget *label = gtk_label_new (NULL);

  g_object_set (chart, "show-axes", FALSE, "show-legend", FALSE, "window", 60u, NULL);
  domus_chart_add_line (DOMUS_CHART (chart), DOMUS_DOMAIN_SERIES_CPU, _("CPU"), NULL);
  domus_chart_set_line_fill (DOMUS_CHART (chart), 0, TRUE);
  gtk_widget_set_size_request (chart, 72, 22);
  gtk_widget_set_valign (chart, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (chart, TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 1.0);
  gtk_label_set_width_chars (GTK_LABEL (label), 7);
  gtk_widget_add_css_class (label, "numeric");
  gtk_box_append (GTK_BOX (box), chart);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_item_set_child (item, box);
  _domus_label_follow_when_mapped (label, cpu_catch_up_cb, item);
}

static void
cpu_label_update (GtkListItem *item)
{
  GtkWidget *label = gtk_widget_get_last_child (gtk_list_item_get_child (item));
  DomusDomain *domain = gtk_list_item_get_item (item);
  g_autofree char *text = NULL;

  _domus_label_set_stale (label, FALSE);
  if (domain == NULL)
    return;
  text = domus_format_percent (domus_domain_get_cpu_percent (domain));
  gtk_label_set_label (GTK_LABEL (label), text);
}

static void
cpu_catch_up_cb (GtkWidget *label,
                 gpointer   item)
{
  cpu_label_update (item);
}

/* As domus-text-column.c's labels, one out of view waits until it is mapped. */
static void
cpu_notify_cb (DomusDomain *domain,
               GParamSpec  *pspec,
               GtkListItem *item)
{
  if (!_domus_label_set_stale (gtk_widget_get_last_child (gtk_list_item_get_child (item)), TRUE))
    cpu_label_update (item);
}

static void
cpu_bind_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item)
{
  DomusDomain *domain = gtk_list_item_get_item (item);
  GtkWidget *chart = gtk_widget_get_first_child (gtk_list_item_get_child (item));

  g_object_set (chart, "y-max", 100.0 * MAX (domus_domain_get_vcpus_max (domain), 1), NULL);
  domus_chart_set_series (DOMUS_CHART (chart), domus_domain_get_series (domain));
  g_signal_connect_object (domain, "notify::cpu-percent", G_CALLBACK (cpu_notify_cb), item, 0);
  cpu_label_update (item);
}

static void
cpu_unbind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item)
{
  GtkWidget *chart = gtk_widget_get_first_child (gtk_list_item_get_child (item));

  domus_chart_set_series (DOMUS_CHART (chart), NULL);
  g_signal_handlers_disconnect_by_func (gtk_list_item_get_item (item), cpu_notify_cb, item);
}

static GtkColumnViewColumn *
cpu_column_new (void)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;

  g_signal_connect (factory, "setup", G_CALLBACK (cpu_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (cpu_bind_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (cpu_unbind_cb), NULL);

  column = gtk_column_view_column_new (_("CPU"), factory);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_column_set_fixed_width (column, 150);
  return column;
}

/* Appends @column (taking it) sorted by @sorter (taking it). */
static GtkColumnViewColumn *
add_column (DomusWindow         *self,
            GtkColumnViewColumn *column,
            GtkSorter           *sorter)
{
  gtk_column_view_column_set_sorter (column, sorter);
  gtk_column_view_append_column (self->domain_view, column);
  g_object_unref (sorter);
  g_object_unref (column);
  return column;
}

static GtkSorter *
numeric_sorter (const char *property)
{
  return GTK_SORTER (gtk_numeric_sorter_new (gtk_property_expression_new (DOMUS_TYPE_DOMAIN, NULL,
                                                                          property)));
}

static int
enum_to_int (gpointer item,
             int      value)
{
  return value;
}

/* GtkNumericSorter takes numbers, not enums: sort by the enum's value. */
static GtkSorter *
enum_sorter (const char *property)
{
  GtkExpression *params[] = { gtk_property_expression_new (DOMUS_TYPE_DOMAIN, NULL, property) };

  return GTK_SORTER (gtk_numeric_sorter_new (gtk_cclosure_expression_new (G_TYPE_INT, NULL, 1, params,
                                                                          G_CALLBACK (enum_to_int),
                                                                          NULL, NULL)));
}

/* The optional columns shown are remembered, as the user chose them. */
static void
column_visible_cb (DomusWindow *self)
{
  g_autoptr(GStrvBuilder) keys = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;
  GListModel *columns = gtk_column_view_get_columns (self->domain_view);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      const char *key = g_object_get_data (G_OBJECT (column), "domus-column-key");

      if (key != NULL && gtk_column_view_column_get_visible (column))
        g_strv_builder_add (keys, key);
    }
  strv = g_strv_builder_end (keys);
  g_settings_set_strv (self->settings, "domain-list-columns", (const char * const *) strv);
}

/* GTK 4.8's column view counts a hidden column's fixed width in the room
 * the columns need, so the Name column would not take the room the hidden
 * columns leave: a hidden column has no fixed width, and gets back the one
 * it had (the user's, if they resized it) when shown. */
static void
column_width_cb (GtkColumnViewColumn *column)
{
  if (gtk_column_view_column_get_visible (column))
    {
      gtk_column_view_column_set_fixed_width (column, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (column),
                                                                                         "domus-shown-width")));
    }
  else if (gtk_column_view_column_get_fixed_width (column) > 0)
    {
      g_object_set_data (G_OBJECT (column), "domus-shown-width",
                         GINT_TO_POINTER (gtk_column_view_column_get_fixed_width (column)));
      gtk_column_view_column_set_fixed_width (column, -1);
    }
}

static void
domus_window_build_columns (DomusWindow *self)
{
  g_auto(GStrv) shown = g_settings_get_strv (self->settings, "domain-list-columns");
  GtkSorter *name_sorter =
    GTK_SORTER (gtk_string_sorter_new (gtk_property_expression_new (DOMUS_TYPE_DOMAIN, NULL, "name")));
  GtkColumnViewColumn *name_column, *id_column;
  g_autoptr(GMenu) menu = NULL;
  g_autoptr(GMenu) section = NULL;

  name_column = add_column (self, domus_text_column_new (_("Name"), &name_spec), name_sorter);
  gtk_column_view_column_set_expand (name_column, TRUE);
  id_column = add_column (self, domus_text_column_new (_("ID"), &id_spec), numeric_sorter ("id"));
  add_column (self, domus_text_column_new (_("Type"), &type_spec), enum_sorter ("domain-type"));
  add_column (self, domus_text_column_new (_("State"), &state_spec), enum_sorter ("state"));
  add_column (self, domus_text_column_new (C_("column", "vCPUs"), &vcpus_spec),
              numeric_sorter ("vcpus-online"));
  add_column (self, domus_text_column_new (_("Memory"), &memory_spec), numeric_sorter ("memory-kib"));
  add_column (self, cpu_column_new (), numeric_sorter ("cpu-percent"));

  /* The column menu (right-click on a header, as in Files and Disk Usage
   * Analyzer): a check item per optional column. */
  menu = g_menu_new ();
  section = g_menu_new ();
  for (guint i = 0; i < G_N_ELEMENTS (optional_columns); i++)
    {
      GtkColumnViewColumn *column =
        add_column (self, domus_text_column_new (_(optional_columns[i].title), optional_columns[i].spec),
                    numeric_sorter (optional_columns[i].spec->property));
      g_autoptr(GPropertyAction) action = g_property_action_new (optional_columns[i].action, column, "visible");
      g_autofree char *detailed = g_strconcat ("win.", optional_columns[i].action, NULL);

      gtk_column_view_column_set_visible (column, g_strv_contains ((const char * const *) shown,
                                                                   optional_columns[i].key));
      g_object_set_data (G_OBJECT (column), "domus-column-key", (gpointer) optional_columns[i].key);
      g_signal_connect_object (column, "notify::visible", G_CALLBACK (column_visible_cb), self,
                               G_CONNECT_SWAPPED);
      gtk_column_view_column_set_resizable (column, TRUE);
      /* "999.9 KiB/s" whole, so that figures do not jump as they change. */
      g_object_set_data (G_OBJECT (column), "domus-shown-width", GINT_TO_POINTER (104));
      g_signal_connect (column, "notify::visible", G_CALLBACK (column_width_cb), NULL);
      column_width_cb (column);
      g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (action));
      g_menu_append (section, _(optional_columns[i].title), detailed);
    }
  /* TRANSLATORS: the heading of the domain list's column menu */
  g_menu_append_section (menu, _("Show Columns"), G_MENU_MODEL (section));
  for (guint i = 0; i < g_list_model_get_n_items (gtk_column_view_get_columns (self->domain_view)); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (gtk_column_view_get_columns (self->domain_view), i);

      gtk_column_view_column_set_header_menu (column, G_MENU_MODEL (menu));
    }

  /* As xl list: by domain id. */
  gtk_column_view_sort_by_column (self->domain_view, id_column, GTK_SORT_ASCENDING);
}

/* Sort models re-sort on items-changed only, not when a property of an item
 * changes: nudge them after each refresh. GtkSortListModel then reports only
 * the range that really moved, none at all when sorting by name or id. */
static void
domus_window_resort (DomusWindow *self)
{
  gtk_sorter_changed (gtk_column_view_get_sorter (self->domain_view), GTK_SORTER_CHANGE_DIFFERENT);
}

static void
domus_window_update_state (DomusWindow *self)
{
  const GError *error = domus_host_get_error (self->host);
  const char *notice = domus_host_get_notice (self->host);
  g_autofree char *banner = NULL;

  if (!domus_host_is_ready (self->host) && error != NULL)
    {
      adw_status_page_set_description (self->error_status, error->message);
      gtk_stack_set_visible_child_name (self->domains_stack, "error");
    }
  else if (!domus_host_is_ready (self->host))
    gtk_stack_set_visible_child_name (self->domains_stack, "loading");
  else if (g_list_model_get_n_items (domus_host_get_domains (self->host)) == 0)
    gtk_stack_set_visible_child_name (self->domains_stack, "empty");
  else
    gtk_stack_set_visible_child_name (self->domains_stack, "list");

  /* Once domains are shown, a failed refresh keeps them and says so above. */
  if (error != NULL && domus_host_is_ready (self->host))
    /* TRANSLATORS: %s is the backend's own message */
    banner = g_strdup_printf (_("Cannot read the host: %s"), error->message);
  else if (notice != NULL)
    banner = g_strdup (notice);

  gtk_label_set_label (self->banner_label, banner);
  gtk_revealer_set_reveal_child (self->banner_revealer, banner != NULL);
  if (error != NULL && domus_host_is_ready (self->host))
    gtk_widget_add_css_class (GTK_WIDGET (self->banner_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->banner_label), "error");
}

static void
show_selected (DomusWindow *self)
{
  DomusDomain *domain = gtk_single_selection_get_selected_item (self->selection);

  domus_domain_page_set_domain (self->domain_page, domain);
  g_signal_group_set_target (self->selected_signals, domain);
  _domus_window_update_actions (self);
}

static gboolean
select_in_list (DomusWindow *self,
                DomusDomain *domain)
{
  GListModel *model = G_LIST_MODEL (self->selection);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(DomusDomain) item = g_list_model_get_item (model, i);

      if (item == domain)
        {
          gtk_single_selection_set_selected (self->selection, i);
          return TRUE;
        }
    }
  return FALSE;
}

/* A reboot is a new domain of the same name, in the same refresh as the
 * old one goes: the page stays on it (its console reconnects) rather than
 * jumping to whichever domain the list selected meanwhile. */
static gboolean
follow_reboot_cb (gpointer data)
{
  DomusWindow *self = data;
  DomusDomain *shown = domus_domain_page_get_domain (self->domain_page);
  DomusDomain *namesake;

  self->follow_id = 0;
  namesake = shown != NULL ? domus_host_lookup_domain_by_name (self->host, domus_domain_get_name (shown)) : NULL;
  self->following = TRUE;
  if (namesake != NULL)
    select_in_list (self, namesake);
  show_selected (self);
  self->following = FALSE;
  return G_SOURCE_REMOVE;
}

static void
host_refreshed_cb (DomusWindow *self)
{
  domus_window_resort (self);
  domus_window_update_state (self);
  _domus_window_watch_storage (self);
}

static void
selection_changed_cb (DomusWindow *self)
{
  DomusDomain *domain = gtk_single_selection_get_selected_item (self->selection);
  DomusDomain *shown = domus_domain_page_get_domain (self->domain_page);

  /* The shown domain went: see what follows it once the refresh is through. */
  if (!self->following && shown != NULL && domain != shown
      && domus_host_lookup_domain_by_name (self->host, domus_domain_get_name (shown)) != shown)
    {
      if (self->follow_id == 0)
        self->follow_id = g_idle_add_full (G_PRIORITY_HIGH, follow_reboot_cb, self, NULL);
      return;
    }
  show_selected (self);
}

static void
refresh_now_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  domus_host_refresh (DOMUS_WINDOW (widget)->host);
}

static void
show_page_cb (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  adw_view_stack_set_visible_child_name (DOMUS_WINDOW (widget)->view_stack,
                                         g_variant_get_string (parameter, NULL));
}

/* Lets go of the host shown: it goes on refreshing for the other pages
 * and windows that show it. */
static void
domus_window_drop_host (DomusWindow *self)
{
  if (self->host == NULL)
    return;
  g_clear_handle_id (&self->follow_id, g_source_remove);
  g_signal_handlers_disconnect_by_data (self->host, self);
  g_clear_signal_handler (&self->created_handler, domus_host_get_domains (self->host));
  g_settings_unbind (self->host, "refresh-interval");
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  g_clear_object (&self->selection);
  g_clear_object (&self->host);
}

/* What the window calls @host: its own name, or for a host of the fleet
 * reached over ssh, the fleet's title ("dom0 (lab-a)"): a lab's hosts may
 * all call themselves dom0. */
static char *
host_title (DomusWindow *self,
            DomusHost   *host)
{
  GListModel *hosts = self->fleet != NULL ? domus_fleet_get_hosts (self->fleet) : NULL;

  for (guint i = 0; hosts != NULL && i < g_list_model_get_n_items (hosts); i++)
    {
      g_autoptr(DomusFleetHost) fleet_host = g_list_model_get_item (hosts, i);

      if (domus_fleet_host_get_host (fleet_host) == host && domus_fleet_host_get_address (fleet_host) != NULL)
        return g_strdup (domus_fleet_host_get_title (fleet_host));
    }
  return g_strdup (domus_host_get_hostname (host));
}

static void
domus_window_set_host (DomusWindow *self,
                       DomusHost   *host)
{
  g_autoptr(GtkSortListModel) sorted = NULL;
  g_autofree char *title = NULL;
  g_autofree char *window_title = NULL;
  g_autofree char *subtitle = NULL;

  if (host == self->host)
    return;
  /* Another host's domains are no reboot of this one's to follow. */
  if (self->host != NULL)
    domus_domain_page_set_domain (self->domain_page, NULL);
  domus_window_drop_host (self);
  self->host = g_object_ref (host);

  sorted = gtk_sort_list_model_new (g_object_ref (domus_host_get_domains (host)),
                                    g_object_ref (gtk_column_view_get_sorter (self->domain_view)));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_steal_pointer (&sorted)));
  gtk_column_view_set_model (self->domain_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);

  /* Every page built so far; the others take the host when built. */
  domus_domain_page_set_host (self->domain_page, host);
  if (self->host_page != NULL)
    domus_host_page_set_host (self->host_page, host);
  if (self->storage_page != NULL)
    domus_storage_page_set_host (self->storage_page, host);
  self->storage_read_us = G_MININT64;
  if (self->qos_page != NULL)
    domus_qos_page_set_host (self->qos_page, host);
  if (self->bench_page != NULL)
    domus_bench_page_set_host (self->bench_page, host);
  if (self->fleet_page != NULL)
    domus_fleet_page_set_shown_host (self->fleet_page, host);

  title = host_title (self, host);
  /* TRANSLATORS: the window subtitle: host name · backend, e.g. "xenlab · Simulated host" */
  subtitle = g_strdup_printf (_("%s · %s"), title, domus_host_get_backend_name (host));
  adw_view_switcher_title_set_subtitle (self->switcher_title, subtitle);
  /* TRANSLATORS: the window's title, for the window list: the host's name, then the app's */
  window_title = g_strdup_printf (_("%s — Domus"), title);
  gtk_window_set_title (GTK_WINDOW (self), window_title);

  g_settings_bind (self->settings, "refresh-interval", host, "refresh-interval", G_SETTINGS_BIND_GET);

  g_signal_connect_object (host, "refreshed", G_CALLBACK (host_refreshed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (host, "notify::error", G_CALLBACK (domus_window_update_state), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (host, "notify::notice", G_CALLBACK (domus_window_update_state), self,
                           G_CONNECT_SWAPPED);
  domus_window_update_state (self);
  selection_changed_cb (self);
}

/* Another host's pages, here: the Domains page, on that host. */
static void
show_host_cb (DomusWindow    *self,
              DomusFleetHost *fleet_host)
{
  DomusHost *host = domus_fleet_host_get_host (fleet_host);

  if (host == NULL)
    return;
  domus_window_set_host (self, host);
  adw_view_stack_set_visible_child_name (self->view_stack, "domains");
}

/* A host's pages in a window: the one showing it, or a new one. */
static void
open_host_cb (DomusWindow    *self,
              DomusFleetHost *fleet_host)
{
  DomusHost *host = domus_fleet_host_get_host (fleet_host);
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  DomusWindow *window;

  if (host == NULL)
    return;
  for (GList *l = app != NULL ? gtk_application_get_windows (app) : NULL; l != NULL; l = l->next)
    if (DOMUS_IS_WINDOW (l->data) && domus_window_get_host (l->data) == host)
      {
        gtk_window_present (l->data);
        return;
      }
  window = domus_window_new (app, host);
  domus_window_set_fleet (window, self->fleet);
  gtk_window_present (GTK_WINDOW (window));
}

typedef void (*SetHostFunc) (gpointer   page,
                             DomusHost *host);

/* A page of @type into @bin, given the window's host if it has one. */
static gpointer
build_page (DomusWindow *self,
            AdwBin      *bin,
            GType        type,
            SetHostFunc  set_host)
{
  GtkWidget *page = g_object_new (type, NULL);

  adw_bin_set_child (bin, page);
  if (self->host != NULL)
    set_host (page, self->host);
  return page;
}

/* Builds the page @name if it is one built on demand and not built yet.
 * A start builds only what its first frame shows: the others (charts, the
 * benchmark editor, the fleet's list) wait until they are shown. */
static GtkWidget *
domus_window_ensure_page (DomusWindow *self,
                          const char  *name)
{
  if (g_strcmp0 (name, "qos") == 0)
    {
      if (self->qos_page == NULL)
        self->qos_page = build_page (self, self->qos_bin, DOMUS_TYPE_QOS_PAGE, (SetHostFunc) domus_qos_page_set_host);
      return GTK_WIDGET (self->qos_page);
    }
  if (g_strcmp0 (name, "host") == 0)
    {
      if (self->host_page == NULL)
        self->host_page = build_page (self, self->host_bin, DOMUS_TYPE_HOST_PAGE,
                                      (SetHostFunc) domus_host_page_set_host);
      return GTK_WIDGET (self->host_page);
    }
  if (g_strcmp0 (name, "storage") == 0)
    {
      if (self->storage_page == NULL)
        self->storage_page = build_page (self, self->storage_bin, DOMUS_TYPE_STORAGE_PAGE,
                                         (SetHostFunc) domus_storage_page_set_host);
      return GTK_WIDGET (self->storage_page);
    }
  if (g_strcmp0 (name, "benchmarks") == 0)
    {
      if (self->bench_page == NULL)
        {
          self->bench_page = build_page (self, self->bench_bin, DOMUS_TYPE_BENCH_PAGE,
                                         (SetHostFunc) domus_bench_page_set_host);
          domus_bench_page_set_fleet (self->bench_page, self->fleet);
        }
      return GTK_WIDGET (self->bench_page);
    }
  if (g_strcmp0 (name, "hosts") == 0)
    {
      if (self->fleet_page == NULL)
        {
          self->fleet_page = g_object_new (DOMUS_TYPE_FLEET_PAGE, NULL);
          adw_bin_set_child (self->fleet_bin, GTK_WIDGET (self->fleet_page));
          g_signal_connect_object (self->fleet_page, "show-host", G_CALLBACK (show_host_cb), self,
                                   G_CONNECT_SWAPPED);
          g_signal_connect_object (self->fleet_page, "open-host", G_CALLBACK (open_host_cb), self,
                                   G_CONNECT_SWAPPED);
          if (self->fleet != NULL)
            domus_fleet_page_set_fleet (self->fleet_page, self->fleet);
          domus_fleet_page_set_shown_host (self->fleet_page, self->host);
        }
      return GTK_WIDGET (self->fleet_page);
    }
  if (g_strcmp0 (name, "domains") == 0)
    return GTK_WIDGET (self->domains_stack);
  return NULL;
}

static void
visible_page_cb (DomusWindow *self)
{
  domus_window_ensure_page (self, adw_view_stack_get_visible_child_name (self->view_stack));
}

void
domus_window_set_fleet (DomusWindow *self,
                        DomusFleet  *fleet)
{
  g_return_if_fail (DOMUS_IS_WINDOW (self));
  g_return_if_fail (DOMUS_IS_FLEET (fleet));

  g_set_object (&self->fleet, fleet);
  if (self->fleet_page != NULL)
    domus_fleet_page_set_fleet (self->fleet_page, fleet);
  if (self->bench_page != NULL)
    domus_bench_page_set_fleet (self->bench_page, fleet);
  adw_view_stack_page_set_visible (self->fleet_stack_page, TRUE);
}

static void
domus_window_save_size (DomusWindow *self)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
}

static gboolean
domus_window_close_request (GtkWindow *window)
{
  domus_window_save_size (DOMUS_WINDOW (window));

  return GTK_WINDOW_CLASS (domus_window_parent_class)->close_request (window);
}

static void
domus_window_dispose (GObject *object)
{
  DomusWindow *self = DOMUS_WINDOW (object);

  domus_window_drop_host (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), DOMUS_TYPE_WINDOW);
  /* They went with their bins. */
  self->qos_page = NULL;
  self->host_page = NULL;
  self->bench_page = NULL;
  self->fleet_page = NULL;
  g_clear_object (&self->fleet);
  g_cancellable_cancel (self->operation);
  g_clear_object (&self->operation);
  g_clear_object (&self->selected_signals);
  g_clear_pointer (&self->configs, g_hash_table_unref);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (domus_window_parent_class)->dispose (object);
}

static void
domus_window_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  DomusWindow *self = DOMUS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_HOST:
      g_value_set_object (value, self->host);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
domus_window_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  DomusWindow *self = DOMUS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_HOST:
      domus_window_set_host (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
domus_window_class_init (DomusWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = domus_window_dispose;
  object_class->get_property = domus_window_get_property;
  object_class->set_property = domus_window_set_property;
  window_class->close_request = domus_window_close_request;

  properties[PROP_HOST] =
    g_param_spec_object ("host", NULL, NULL, DOMUS_TYPE_HOST,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (DOMUS_TYPE_DOMAIN_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/domus/Domus/ui/domus-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DomusWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DomusWindow, pause_button);
  gtk_widget_class_bind_template_child (widget_class, DomusWindow, domain_menu_button);
  gtk_widget_class_bind_template_child (widget_class, DomusWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, DomusWindow, domain_menu);
  gtk_widget_class_bind_template_child (widget_class, DomusWindow, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, DomusWindow, operation_revealer);
  gtk_widget_class_bind_template_child (widget_class, DomusWindow, operation_label);
  gtk_widget_class_bind_template_child (widget_class, DomusWindow, operation_progress);
  gtk_widget_class_bind_template_child (widget_class, DomusWindow, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, DomusWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, DomusWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, DomusWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, DomusWindow, domains_stack);
  gtk_widget_class_bind_template_child (widget_class, DomusWindow, error_status);
  gtk_widget_class_bind_template_child (widget_class, DomusWindow, domain_view);
  gtk_widget_class_bind_template_child (widget_class, DomusWindow, domain_page);
  gtk_widget_class_bind_template_child (widget_class, DomusWindow, qos_bin);
  gtk_widget_class_bind_template_child (widget_class, DomusWindow, bench_bin);
  gtk_widget_class_bind_template_child (widget_class, DomusWindow, fleet_stack_page);
  gtk_widget_class_bind_template_child (widget_class, DomusWindow, fleet_bin);
  gtk_widget_class_bind_template_child (widget_class, DomusWindow, host_bin);
  gtk_widget_class_bind_template_child (widget_class, DomusWindow, storage_bin);

  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_now_cb);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK,
                                       "win.show-page", "s", "domains");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK,
                                       "win.show-page", "s", "qos");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_ALT_MASK,
                                       "win.show-page", "s", "host");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_4, GDK_ALT_MASK,
                                       "win.show-page", "s", "benchmarks");

  _domus_window_class_lifecycle_init (widget_class);
  _domus_window_class_hvm_init (widget_class);
  _domus_window_class_migrate_init (widget_class);
  _domus_window_class_clone_init (widget_class);
}

static void
domus_window_init (DomusWindow *self)
{
  g_autoptr(GAction) interval_action = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  domus_menu_button_set_menu_model_lazily (self->domain_menu_button, self->domain_menu);
  domus_menu_button_set_menu_model_lazily (self->primary_menu_button, self->primary_menu);
  /* Before the page is drawn: the notification comes as it is chosen. */
  g_signal_connect_object (self->view_stack, "notify::visible-child", G_CALLBACK (visible_page_cb), self,
                           G_CONNECT_SWAPPED);

  self->settings = g_settings_new (APP_ID);
  interval_action = g_settings_create_action (self->settings, "refresh-interval");
  g_action_map_add_action (G_ACTION_MAP (self), interval_action);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  domus_window_build_columns (self);
  _domus_window_lifecycle_init (self);
}

DomusWindow *
domus_window_new (GtkApplication *application,
                  DomusHost      *host)
{
  g_return_val_if_fail (DOMUS_IS_HOST (host), NULL);

  return g_object_new (DOMUS_TYPE_WINDOW, "application", application, "host", host, NULL);
}

DomusHost *
domus_window_get_host (DomusWindow *self)
{
  g_return_val_if_fail (DOMUS_IS_WINDOW (self), NULL);

  return self->host;
}

gboolean
domus_window_select_domain (DomusWindow *self,
                            DomusDomain *domain)
{
  g_return_val_if_fail (DOMUS_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (DOMUS_IS_DOMAIN (domain), FALSE);

  if (!select_in_list (self, domain))
    return FALSE;
  adw_view_stack_set_visible_child_name (self->view_stack, "domains");
  return TRUE;
}

DomusDomain *
domus_window_get_selected_domain (DomusWindow *self)
{
  g_return_val_if_fail (DOMUS_IS_WINDOW (self), NULL);

  return gtk_single_selection_get_selected_item (self->selection);
}

GtkWidget *
domus_window_get_page (DomusWindow *self,
                       const char  *name)
{
  g_return_val_if_fail (DOMUS_IS_WINDOW (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return domus_window_ensure_page (self, name);
}
