/* domus-domain-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-domain-page"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "domus-chart.h"
#include "domus-console-view.h"
#include "domus-screen-view.h"
#include "domus-domain-page.h"
#include "domus-domain-unavailable.h"
#include "domus-format.h"
#include "domus-io-charts.h"
#include "domus-live-setting.h"
#include "domus-live-slider.h"
#include "domus-pin-grid.h"
#include "domus-sched-editor.h"
#include "domus-text-column.h"
#include "domus-toast.h"

struct _DomusDomainPage
{
  GtkWidget          parent_instance;

  /* Template widgets */
  GtkStack          *stack;
  GtkLabel          *type_badge;
  GtkLabel          *title_label;
  GtkLabel          *subtitle_label;
  GtkLabel          *storage_warning;
  DomusChart        *cpu_chart;
  DomusChart        *memory_chart;
  DomusIoCharts     *io_charts;
  DomusSchedEditor  *sched_editor;
  AdwPreferencesRow *memory_row;
  GtkScale          *memory_scale;
  GtkLabel          *memory_label;
  AdwActionRow      *vcpus_row;
  GtkSpinButton     *vcpus_spin;
  AdwPreferencesRow *pin_row;
  DomusPinGrid      *pin_grid;
  GtkColumnView     *vcpu_view;
  AdwViewSwitcher   *view_switcher;
  AdwViewStack      *views;
  char              *pending_view;   /* shown once the page has it */
  AdwViewStackPage  *console_page;
  DomusConsoleView  *console_view;
  AdwViewStackPage  *screen_page;
  DomusScreenView   *screen_view;

  /* Owned references */
  DomusHost         *host;
  DomusDomain       *domain;
  GSignalGroup      *domain_signals;
  DomusLiveSetting  *memory;   /* balloon target, KiB */
  DomusLiveSetting  *vcpus;    /* vCPUs online */

  gulong             refreshed_id;
  gulong             domains_changed_id;
  guint              syncing;  /* > 0 while the controls are set from code */
};

enum {
  PROP_0,
  PROP_DOMAIN,
  PROP_HOST,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (DomusDomainPage, domus_domain_page, GTK_TYPE_WIDGET)

/* Columns of the vCPU table. */

static char *
vcpu_id (gpointer vcpu)
{
  return g_strdup_printf ("%u", domus_vcpu_get_id (vcpu));
}

static char *
vcpu_pcpu (gpointer vcpu)
{
  if (domus_vcpu_get_state (vcpu) == DOMUS_VCPU_STATE_OFFLINE)
    return g_strdup ("–");
  return g_strdup_printf ("%u", domus_vcpu_get_pcpu (vcpu));
}

static char *
vcpu_state (gpointer vcpu)
{
  return g_strdup (domus_format_vcpu_state (domus_vcpu_get_state (vcpu)));
}

static char *
vcpu_time (gpointer vcpu)
{
  return domus_format_seconds (domus_vcpu_get_time (vcpu));
}

static char *
vcpu_cpu (gpointer vcpu)
{
  return domus_format_percent (domus_vcpu_get_cpu_percent (vcpu));
}

static char *
vcpu_affinity (gpointer vcpu)
{
  return g_strdup (domus_vcpu_get_affinity (vcpu));
}

static const DomusTextColumnSpec vcpu_columns[] = {
  { "id", vcpu_id, 1.0, TRUE },
  { "pcpu", vcpu_pcpu, 1.0, TRUE },
  { "state", vcpu_state, 0.0, FALSE },
  { "time", vcpu_time, 1.0, TRUE },
  { "cpu-percent", vcpu_cpu, 1.0, TRUE },
  { "affinity", vcpu_affinity, 0.0, FALSE },
};

static void
domus_domain_page_build_vcpu_columns (DomusDomainPage *self)
{
  const char *titles[] = {
    C_("column", "vCPU"), C_("column", "pCPU"), _("State"), _("Time"), _("CPU"),
    /* TRANSLATORS: the pCPUs a vCPU may run on (hard affinity), as xl vcpu-list's column */
    _("Affinity"),
  };

  for (guint i = 0; i < G_N_ELEMENTS (vcpu_columns); i++)
    {
      GtkColumnViewColumn *column = domus_text_column_new (titles[i], &vcpu_columns[i]);

      gtk_column_view_column_set_expand (column, i == G_N_ELEMENTS (vcpu_columns) - 1);
      gtk_column_view_append_column (self->vcpu_view, column);
      g_object_unref (column);
    }
}

static void
domus_domain_page_update_labels (DomusDomainPage *self)
{
  DomusDomain *d = self->domain;
  g_autofree char *subtitle = NULL;
  int cap;

  if (d == NULL)
    return;

  gtk_label_set_label (self->title_label, domus_domain_get_name (d));
  gtk_label_set_label (self->type_badge, domus_format_domain_type (domus_domain_get_domain_type (d)));

  /* TRANSLATORS: state · domain id · vCPUs online of the maximum, e.g. "Running · ID 3 · 2 of 2 vCPUs" */
  subtitle = g_strdup_printf (_("%s · ID %u · %u of %u vCPUs"),
                              domus_format_domain_state (domus_domain_get_state (d)),
                              domus_domain_get_id (d),
                              domus_domain_get_vcpus_online (d),
                              domus_domain_get_vcpus_max (d));
  gtk_label_set_label (self->subtitle_label, subtitle);

  /* The cap the host enforces, as a line across the CPU chart. */
  cap = domus_domain_get_cap (d);
  g_object_set (self->cpu_chart,
                "limit", cap > 0 ? (double) cap : NAN,
                /* TRANSLATORS: the label of the cap's line on the CPU chart */
                "limit-label", C_("chart", "Cap"),
                NULL);
}

/* "Target 512 MiB · now 768 MiB": the target being set, the guest's memory. */
static void
domus_domain_page_update_memory (DomusDomainPage *self)
{
  DomusDomain *d = self->domain;
  g_autofree char *target = NULL;
  g_autofree char *now = NULL;
  g_autofree char *text = NULL;
  guint64 target_kib;

  if (d == NULL || self->memory == NULL)
    return;

  target_kib = (guint64) domus_live_setting_get_value (self->memory);
  target = domus_format_memory_kib (target_kib);
  now = domus_format_memory_kib (domus_domain_get_memory_kib (d));
  /* TRANSLATORS: the balloon target and the memory the guest has now, e.g.
   * "Target 512 MiB · now 768 MiB" */
  text = g_strdup_printf (_("Target %s · now %s"), target, now);
  gtk_label_set_label (self->memory_label, text);

  /* The host's target, as a line across the memory chart. */
  g_object_set (self->memory_chart,
                "limit", domus_domain_get_memory_target_kib (d) > 0
                         ? domus_domain_get_memory_target_kib (d) / 1024.0 : NAN,
                /* TRANSLATORS: the label of the balloon target's line on the memory chart */
                "limit-label", C_("chart", "Target"),
                NULL);
}

/* Shows the settings' values in the controls, without sending anything. */
static void
domus_domain_page_sync_controls (DomusDomainPage *self)
{
  self->syncing++;
  if (self->memory != NULL)
    gtk_range_set_value (GTK_RANGE (self->memory_scale),
                         domus_live_setting_get_value (self->memory) / 1024.0);
  if (self->vcpus != NULL)
    gtk_spin_button_set_value (self->vcpus_spin, domus_live_setting_get_value (self->vcpus));
  self->syncing--;
  domus_domain_page_update_memory (self);
}

/* Whole steps of 16 MiB, as the host takes them. */
static gboolean
memory_scale_change_value_cb (DomusDomainPage *self,
                              GtkScrollType    scroll,
                              double           value,
                              GtkRange        *range)
{
  GtkAdjustment *adjustment = gtk_range_get_adjustment (range);
  double mib = CLAMP (round (value / 16.0) * 16.0,
                      gtk_adjustment_get_lower (adjustment), gtk_adjustment_get_upper (adjustment));

  gtk_range_set_value (range, mib);
  return TRUE;
}

static void
memory_scale_changed_cb (DomusDomainPage *self)
{
  if (self->syncing > 0 || self->memory == NULL)
    return;

  domus_live_setting_change (self->memory,
                             (gint64) round (gtk_range_get_value (GTK_RANGE (self->memory_scale)))
                             * 1024);
}

static void
vcpus_spin_changed_cb (DomusDomainPage *self)
{
  if (self->syncing > 0 || self->vcpus == NULL)
    return;

  domus_live_setting_change (self->vcpus, gtk_spin_button_get_value_as_int (self->vcpus_spin));
}

static void
vcpus_spin_activate_cb (DomusDomainPage *self)
{
  gtk_spin_button_update (self->vcpus_spin);
  if (self->vcpus != NULL)
    domus_live_setting_commit (self->vcpus);
}

static void
setting_failed_cb (DomusDomainPage *self,
                   const GError    *error)
{
  domus_show_toast (GTK_WIDGET (self), error->message);
}

/* What cannot be changed now, and why. */
static void
domus_domain_page_update_state (DomusDomainPage *self)
{
  g_autofree char *reason = NULL;
  gboolean available;

  if (self->host != NULL && self->domain != NULL)
    reason = domus_domain_unavailable_reason (self->host, self->domain);
  available = self->host != NULL && self->domain != NULL && reason == NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->memory_row), available);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->memory_row), reason);
  gtk_widget_set_sensitive (GTK_WIDGET (self->vcpus_row), available);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->vcpus_row), reason);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "controls.set-memory", available);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "controls.set-vcpus", available);
}

static void
domus_domain_page_release (DomusDomainPage   *self,
                           DomusLiveSetting **setting)
{
  if (*setting == NULL)
    return;

  /* A change still waiting goes to the domain it was made for. */
  domus_live_setting_flush (*setting);
  g_signal_handlers_disconnect_by_func (*setting, domus_domain_page_sync_controls, self);
  g_clear_object (setting);
}

/* Points the controls at the current host and domain. */
static void
domus_domain_page_setup_controls (DomusDomainPage *self)
{
  DomusDomain *d = self->domain;
  g_autofree char *vcpus_subtitle = NULL;

  domus_live_slider_attach (GTK_WIDGET (self->memory_scale), NULL);
  domus_domain_page_release (self, &self->memory);
  domus_domain_page_release (self, &self->vcpus);

  domus_sched_editor_set_target (self->sched_editor, self->host, d);
  domus_pin_grid_set_target (self->pin_grid, self->host, d);

  if (self->host != NULL && d != NULL)
    {
      double max_mib = MAX (domus_domain_get_memory_max_kib (d) / 1024.0, 32.0);
      g_autofree char *min_text = domus_format_memory_kib (16 * 1024);
      g_autofree char *max_text = domus_format_memory_kib (domus_domain_get_memory_max_kib (d));
      guint vcpus_max = MAX (domus_domain_get_vcpus_max (d), 1);

      self->memory = domus_live_setting_new (self->host, d, DOMUS_LIVE_MEMORY, 0);
      self->vcpus = domus_live_setting_new (self->host, d, DOMUS_LIVE_VCPUS, 0);
      g_signal_connect_object (self->memory, "notify::value",
                               G_CALLBACK (domus_domain_page_sync_controls), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->vcpus, "notify::value",
                               G_CALLBACK (domus_domain_page_sync_controls), self,
                               G_CONNECT_SWAPPED);
      /* Stays connected when the domain changes: a late refusal is still told. */
      g_signal_connect_object (self->memory, "failed", G_CALLBACK (setting_failed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->vcpus, "failed", G_CALLBACK (setting_failed_cb), self,
                               G_CONNECT_SWAPPED);
      domus_live_slider_attach (GTK_WIDGET (self->memory_scale), self->memory);

      self->syncing++;
      gtk_range_set_range (GTK_RANGE (self->memory_scale), 16, max_mib);
      gtk_scale_clear_marks (self->memory_scale);
      gtk_scale_add_mark (self->memory_scale, 16, GTK_POS_BOTTOM, min_text);
      gtk_scale_add_mark (self->memory_scale, max_mib, GTK_POS_BOTTOM, max_text);
      gtk_spin_button_set_range (self->vcpus_spin, 1, vcpus_max);
      self->syncing--;

      /* TRANSLATORS: the range of the vCPUs online spin button, e.g. "1 to 4" */
      vcpus_subtitle = g_strdup_printf (_("From 1 to %u, the domain’s maximum"), vcpus_max);
      adw_action_row_set_subtitle (self->vcpus_row, vcpus_subtitle);
    }

  domus_domain_page_sync_controls (self);
  domus_domain_page_update_state (self);
}

static void
set_memory_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  DomusDomainPage *self = DOMUS_DOMAIN_PAGE (widget);

  if (self->memory == NULL)
    return;
  domus_live_setting_change (self->memory, (gint64) g_variant_get_int32 (parameter) * 1024);
  domus_live_setting_commit (self->memory);
}

static void
set_vcpus_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  DomusDomainPage *self = DOMUS_DOMAIN_PAGE (widget);

  if (self->vcpus == NULL)
    return;
  domus_live_setting_change (self->vcpus, g_variant_get_int32 (parameter));
  domus_live_setting_commit (self->vcpus);
}

static void
domus_domain_page_setup_charts (DomusDomainPage *self)
{
  DomusDomain *d = self->domain;
  DomusSeries *series = d != NULL ? domus_domain_get_series (d) : NULL;
  guint n_vcpus = d != NULL ? domus_domain_get_vcpus_max (d) : 0;

  domus_io_charts_set_domain (self->io_charts, d);
  domus_chart_clear_lines (self->cpu_chart);
  domus_chart_clear_lines (self->memory_chart);
  domus_chart_set_series (self->cpu_chart, series);
  domus_chart_set_series (self->memory_chart, series);
  if (d == NULL)
    return;

  g_object_set (self->cpu_chart, "y-max", 100.0 * MAX (n_vcpus, 1), NULL);
  domus_chart_add_line (self->cpu_chart, DOMUS_DOMAIN_SERIES_CPU, _("Total"), NULL);
  domus_chart_set_line_fill (self->cpu_chart, 0, TRUE);
  for (guint v = 0; v < n_vcpus; v++)
    {
      /* TRANSLATORS: a chart line for one virtual CPU, e.g. "vCPU 0" */
      g_autofree char *label = g_strdup_printf (_("vCPU %u"), v);
      domus_chart_add_line (self->cpu_chart, DOMUS_DOMAIN_SERIES_VCPU0 + v, label, NULL);
    }

  g_object_set (self->memory_chart,
                "y-max", domus_domain_get_memory_max_kib (d) / 1024.0 * 1.25,
                NULL);
  domus_chart_add_line (self->memory_chart, DOMUS_DOMAIN_SERIES_MEMORY, _("Memory"), NULL);
  domus_chart_set_line_fill (self->memory_chart, 0, TRUE);
}

/* The Console and Screen views are there for a domain with a console or a
 * VNC server, and stay while closed; the switcher shows only when there is
 * more than one view. */
static void
domus_domain_page_update_views (DomusDomainPage *self)
{
  g_autoptr(GtkSelectionModel) pages = adw_view_stack_get_pages (self->views);
  guint n_visible = 0;

  adw_view_stack_page_set_visible (self->console_page,
                                   self->domain != NULL
                                   && domus_console_view_get_state (self->console_view) != DOMUS_CONSOLE_VIEW_NONE);
  adw_view_stack_page_set_visible (self->screen_page,
                                   self->domain != NULL
                                   && domus_screen_view_get_state (self->screen_view) != DOMUS_SCREEN_VIEW_NONE);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (pages)); i++)
    {
      g_autoptr(AdwViewStackPage) page = g_list_model_get_item (G_LIST_MODEL (pages), i);

      n_visible += adw_view_stack_page_get_visible (page);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->view_switcher), n_visible > 1);
  if (self->pending_view != NULL && domus_domain_page_show_view (self, self->pending_view))
    g_clear_pointer (&self->pending_view, g_free);
}

/* Keys go to the console or the screen as soon as it shows. */
static void
views_changed_cb (DomusDomainPage *self)
{
  GtkWidget *visible = adw_view_stack_get_visible_child (self->views);

  if (visible == GTK_WIDGET (self->console_view)
      && domus_console_view_get_state (self->console_view) == DOMUS_CONSOLE_VIEW_CONNECTED)
    gtk_widget_grab_focus (GTK_WIDGET (domus_console_view_get_terminal (self->console_view)));
  else if (visible == GTK_WIDGET (self->screen_view)
           && domus_screen_view_get_state (self->screen_view) == DOMUS_SCREEN_VIEW_CONNECTED)
    gtk_widget_grab_focus (GTK_WIDGET (domus_screen_view_get_vnc_view (self->screen_view)));
}

gboolean
domus_domain_page_show_view (DomusDomainPage *self,
                             const char      *name)
{
  GtkWidget *child;

  g_return_val_if_fail (DOMUS_IS_DOMAIN_PAGE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  child = adw_view_stack_get_child_by_name (self->views, name);
  if (child == NULL || !adw_view_stack_page_get_visible (adw_view_stack_get_page (self->views, child)))
    return FALSE;
  adw_view_stack_set_visible_child (self->views, child);
  return TRUE;
}

void
domus_domain_page_show_view_when_ready (DomusDomainPage *self,
                                        const char      *name)
{
  g_return_if_fail (DOMUS_IS_DOMAIN_PAGE (self));
  g_return_if_fail (name != NULL);

  g_clear_pointer (&self->pending_view, g_free);
  if (!domus_domain_page_show_view (self, name))
    self->pending_view = g_strdup (name);
}

static void
show_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  domus_domain_page_show_view (DOMUS_DOMAIN_PAGE (widget), g_variant_get_string (parameter, NULL));
}

void
domus_domain_page_set_domain (DomusDomainPage *self,
                              DomusDomain     *domain)
{
  g_autoptr(GtkNoSelection) vcpus = NULL;

  g_return_if_fail (DOMUS_IS_DOMAIN_PAGE (self));
  g_return_if_fail (domain == NULL || DOMUS_IS_DOMAIN (domain));

  if (!g_set_object (&self->domain, domain))
    return;
  g_clear_pointer (&self->pending_view, g_free);

  g_signal_group_set_target (self->domain_signals, domain);
  if (domain != NULL)
    vcpus = gtk_no_selection_new (g_object_ref (domus_domain_get_vcpus (domain)));
  gtk_column_view_set_model (self->vcpu_view, GTK_SELECTION_MODEL (vcpus));

  domus_domain_page_setup_charts (self);
  domus_domain_page_setup_controls (self);
  domus_domain_page_update_labels (self);
  domus_console_view_set_target (self->console_view, self->host, domain);
  domus_screen_view_set_target (self->screen_view, self->host, domain);
  domus_domain_page_update_views (self);
  domus_domain_page_update_storage (self);
  gtk_stack_set_visible_child_name (self->stack, domain != NULL ? "domain" : "none");

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOMAIN]);
}

/* Shows which snapshot under the domain's disks is nearly full, as of the
 * host's last storage read; hidden when none is. */
void
domus_domain_page_update_storage (DomusDomainPage *self)
{
  g_autoptr(GPtrArray) volumes = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_if_fail (DOMUS_IS_DOMAIN_PAGE (self));

  if (self->host != NULL && self->domain != NULL)
    volumes = domus_host_dup_domain_volumes (self->host, domus_domain_get_name (self->domain));
  for (guint i = 0; volumes != NULL && i < volumes->len; i++)
    {
      DomusLogicalVolume *lv = g_ptr_array_index (volumes, i);

      if (!domus_logical_volume_is_near_full (lv))
        continue;
      if (text->len > 0)
        g_string_append_c (text, '\n');
      /* TRANSLATORS: an LV (vol1/clone1), then how full it is */
      g_string_append_printf (text, _("Snapshot %s/%s is %.2f %% full: LVM invalidates a full snapshot, and the domain loses its disk"),
                              domus_logical_volume_get_vg_name (lv), domus_logical_volume_get_name (lv),
                              domus_logical_volume_get_data_percent (lv));
    }
  gtk_label_set_label (self->storage_warning, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->storage_warning), text->len > 0);
}

/* The host that changes go to; without one, the controls show values only. */
void
domus_domain_page_set_host (DomusDomainPage *self,
                            DomusHost       *host)
{
  g_return_if_fail (DOMUS_IS_DOMAIN_PAGE (self));
  g_return_if_fail (host == NULL || DOMUS_IS_HOST (host));

  if (self->host == host)
    return;

  if (self->host != NULL)
    {
      g_clear_signal_handler (&self->refreshed_id, self->host);
      g_clear_signal_handler (&self->domains_changed_id, domus_host_get_domains (self->host));
    }
  g_set_object (&self->host, host);
  if (host != NULL)
    {
      self->refreshed_id = g_signal_connect_object (host, "refreshed",
                                                    G_CALLBACK (domus_domain_page_update_state),
                                                    self, G_CONNECT_SWAPPED);
      /* A domain can go between refreshes, in a quick one after a request. */
      self->domains_changed_id =
        g_signal_connect_object (domus_host_get_domains (host), "items-changed",
                                 G_CALLBACK (domus_domain_page_update_state), self, G_CONNECT_SWAPPED);
    }
  domus_domain_page_setup_controls (self);
  domus_console_view_set_target (self->console_view, host, self->domain);
  domus_screen_view_set_target (self->screen_view, host, self->domain);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOST]);
}

DomusHost *
domus_domain_page_get_host (DomusDomainPage *self)
{
  g_return_val_if_fail (DOMUS_IS_DOMAIN_PAGE (self), NULL);

  return self->host;
}

DomusDomain *
domus_domain_page_get_domain (DomusDomainPage *self)
{
  g_return_val_if_fail (DOMUS_IS_DOMAIN_PAGE (self), NULL);

  return self->domain;
}

static void
domus_domain_page_dispose (GObject *object)
{
  DomusDomainPage *self = DOMUS_DOMAIN_PAGE (object);

  g_clear_object (&self->domain_signals);
  if (self->host != NULL)
    {
      g_clear_signal_handler (&self->refreshed_id, self->host);
      g_clear_signal_handler (&self->domains_changed_id, domus_host_get_domains (self->host));
    }
  domus_domain_page_release (self, &self->memory);
  domus_domain_page_release (self, &self->vcpus);
  gtk_widget_dispose_template (GTK_WIDGET (self), DOMUS_TYPE_DOMAIN_PAGE);
  g_clear_object (&self->domain);
  g_clear_object (&self->host);
  g_clear_pointer (&self->pending_view, g_free);

  G_OBJECT_CLASS (domus_domain_page_parent_class)->dispose (object);
}

static void
domus_domain_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  DomusDomainPage *self = DOMUS_DOMAIN_PAGE (object);

  switch (prop_id)
    {
    case PROP_DOMAIN:
      g_value_set_object (value, self->domain);
      break;
    case PROP_HOST:
      g_value_set_object (value, self->host);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
domus_domain_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  DomusDomainPage *self = DOMUS_DOMAIN_PAGE (object);

  switch (prop_id)
    {
    case PROP_DOMAIN:
      domus_domain_page_set_domain (self, g_value_get_object (value));
      break;
    case PROP_HOST:
      domus_domain_page_set_host (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
domus_domain_page_class_init (DomusDomainPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = domus_domain_page_dispose;
  object_class->get_property = domus_domain_page_get_property;
  object_class->set_property = domus_domain_page_set_property;

  properties[PROP_DOMAIN] =
    g_param_spec_object ("domain", NULL, NULL, DOMUS_TYPE_DOMAIN,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HOST] =
    g_param_spec_object ("host", NULL, NULL, DOMUS_TYPE_HOST,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (DOMUS_TYPE_CHART);
  g_type_ensure (DOMUS_TYPE_IO_CHARTS);
  g_type_ensure (DOMUS_TYPE_CONSOLE_VIEW);
  g_type_ensure (DOMUS_TYPE_PIN_GRID);
  g_type_ensure (DOMUS_TYPE_SCREEN_VIEW);
  g_type_ensure (DOMUS_TYPE_SCHED_EDITOR);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/domus/Domus/ui/domus-domain-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DomusDomainPage, stack);
  gtk_widget_class_bind_template_child (widget_class, DomusDomainPage, type_badge);
  gtk_widget_class_bind_template_child (widget_class, DomusDomainPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, DomusDomainPage, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, DomusDomainPage, storage_warning);
  gtk_widget_class_bind_template_child (widget_class, DomusDomainPage, cpu_chart);
  gtk_widget_class_bind_template_child (widget_class, DomusDomainPage, memory_chart);
  gtk_widget_class_bind_template_child (widget_class, DomusDomainPage, io_charts);
  gtk_widget_class_bind_template_child (widget_class, DomusDomainPage, sched_editor);
  gtk_widget_class_bind_template_child (widget_class, DomusDomainPage, memory_row);
  gtk_widget_class_bind_template_child (widget_class, DomusDomainPage, memory_scale);
  gtk_widget_class_bind_template_child (widget_class, DomusDomainPage, memory_label);
  gtk_widget_class_bind_template_child (widget_class, DomusDomainPage, vcpus_row);
  gtk_widget_class_bind_template_child (widget_class, DomusDomainPage, vcpus_spin);
  gtk_widget_class_bind_template_child (widget_class, DomusDomainPage, pin_row);
  gtk_widget_class_bind_template_child (widget_class, DomusDomainPage, pin_grid);
  gtk_widget_class_bind_template_child (widget_class, DomusDomainPage, vcpu_view);
  gtk_widget_class_bind_template_child (widget_class, DomusDomainPage, view_switcher);
  gtk_widget_class_bind_template_child (widget_class, DomusDomainPage, views);
  gtk_widget_class_bind_template_child (widget_class, DomusDomainPage, console_page);
  gtk_widget_class_bind_template_child (widget_class, DomusDomainPage, console_view);
  gtk_widget_class_bind_template_child (widget_class, DomusDomainPage, screen_page);
  gtk_widget_class_bind_template_child (widget_class, DomusDomainPage, screen_view);
  gtk_widget_class_bind_template_callback (widget_class, views_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, memory_scale_change_value_cb);
  gtk_widget_class_bind_template_callback (widget_class, memory_scale_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, vcpus_spin_changed_cb);

  /* The balloon target in MiB, and the vCPUs online: set and sent at once. */
  gtk_widget_class_install_action (widget_class, "controls.set-memory", "i", set_memory_action);
  gtk_widget_class_install_action (widget_class, "controls.set-vcpus", "i", set_vcpus_action);
  /* "overview", "console", or any other view the page has ("screen") */
  gtk_widget_class_install_action (widget_class, "domain.show-view", "s", show_view_action);
}

static void
domus_domain_page_init (DomusDomainPage *self)
{
  static const char * const watched[] = {
    "notify::name", "notify::state", "notify::vcpus-online", "notify::cap",
  };

  gtk_widget_init_template (GTK_WIDGET (self));
  domus_domain_page_build_vcpu_columns (self);
  /* GtkSpinButton has its own "activate" from GTK 4.14: its text's, before. */
  g_signal_connect_object (gtk_editable_get_delegate (GTK_EDITABLE (self->vcpus_spin)), "activate",
                           G_CALLBACK (vcpus_spin_activate_cb), self, G_CONNECT_SWAPPED);

  self->domain_signals = g_signal_group_new (DOMUS_TYPE_DOMAIN);
  for (guint i = 0; i < G_N_ELEMENTS (watched); i++)
    g_signal_group_connect_object (self->domain_signals, watched[i],
                                   G_CALLBACK (domus_domain_page_update_labels), self,
                                   G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->domain_signals, "notify::memory-kib",
                                 G_CALLBACK (domus_domain_page_update_memory), self,
                                 G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->domain_signals, "notify::memory-target-kib",
                                 G_CALLBACK (domus_domain_page_update_memory), self,
                                 G_CONNECT_SWAPPED);
  g_signal_connect_object (self->console_view, "notify::state",
                           G_CALLBACK (domus_domain_page_update_views), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->screen_view, "notify::state",
                           G_CALLBACK (domus_domain_page_update_views), self, G_CONNECT_SWAPPED);
  domus_domain_page_update_state (self);
  domus_domain_page_update_views (self);
}
