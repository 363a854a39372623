/* domus-qos-page.c
 *
 * Beside each domain, the CPU share the scheduler model predicts for the
 * current weights, caps, vCPUs and pinning, and the share it gets: on the
 * simulator the two agree by construction, on a real host they show how
 * far Xen follows its own rules.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-qos-page"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "domus-chart.h"
#include "domus-cpulist.h"
#include "domus-format.h"
#include "domus-qos-page.h"
#include "domus-qos-predictor.h"
#include "domus-qos-row.h"
#include "domus-share-bars.h"
#include "domus-text-column.h"
#include "domus-toast.h"

struct _DomusQosPage
{
  GtkWidget            parent_instance;

  /* Template widgets */
  DomusChart          *share_chart;
  DomusShareBars      *pcpu_bars;
  AdwPreferencesGroup *theory_group;
  GtkColumnView       *qos_view;
  GtkEntry            *pcpus_entry;

  /* Owned references */
  DomusHost           *host;
  DomusQosPredictor   *predictor;
  GListStore          *rows;          /* DomusQosRow, as the host's domains */
  GtkMultiSelection   *selection;
  DomusSeries         *shares;        /* a channel per row, on the host's timeline */
};

G_DEFINE_FINAL_TYPE (DomusQosPage, domus_qos_page, GTK_TYPE_WIDGET)

static char *
cell_name (gpointer row)
{
  return g_strdup (domus_domain_get_name (domus_qos_row_get_domain (row)));
}

static char *
cell_weight (gpointer row)
{
  return g_strdup_printf ("%d", domus_domain_get_weight (domus_qos_row_get_domain (row)));
}

static char *
cell_cap (gpointer row)
{
  int cap = domus_domain_get_cap (domus_qos_row_get_domain (row));

  return cap > 0 ? g_strdup_printf ("%d %%", cap) : g_strdup (C_("cap", "None"));
}

static char *
cell_vcpus (gpointer row)
{
  return g_strdup_printf ("%u", domus_domain_get_vcpus_online (domus_qos_row_get_domain (row)));
}

static char *
cell_affinity (gpointer row)
{
  return g_strdup (domus_qos_row_get_affinity (row));
}

static char *
format_share (double share)
{
  return isnan (share) ? g_strdup ("–") : domus_format_percent (share);
}

static char *
cell_predicted (gpointer row)
{
  return format_share (domus_qos_row_get_predicted (row));
}

static char *
cell_measured (gpointer row)
{
  return format_share (domus_qos_row_get_measured (row));
}

static char *
cell_difference (gpointer row)
{
  double difference = domus_qos_row_get_measured (row) - domus_qos_row_get_predicted (row);

  if (isnan (difference))
    return g_strdup ("–");
  /* TRANSLATORS: a difference in percentage points, with its sign */
  return g_strdup_printf (_("%+.1f pts"), difference);
}

static const DomusTextColumnSpec columns[] = {
  { "domain", cell_name, 0.0, FALSE },
  { "weight", cell_weight, 1.0, TRUE },
  { "cap", cell_cap, 1.0, TRUE },
  { "vcpus", cell_vcpus, 1.0, TRUE },
  { "affinity", cell_affinity, 0.0, FALSE },
  { "predicted", cell_predicted, 1.0, TRUE },
  { "measured", cell_measured, 1.0, TRUE },
  { "difference", cell_difference, 1.0, TRUE },
};

static void
domus_qos_page_build_columns (DomusQosPage *self)
{
  const char *titles[] = {
    _("Domain"), _("Weight"), _("Cap"), C_("column", "vCPUs"), _("Affinity"),
    /* TRANSLATORS: the CPU share the scheduler model predicts */
    _("Predicted"),
    /* TRANSLATORS: the CPU share the host measured */
    _("Measured"),
    /* TRANSLATORS: measured minus predicted */
    _("Difference"),
  };

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      GtkColumnViewColumn *column = domus_text_column_new (titles[i], &columns[i]);

      gtk_column_view_column_set_expand (column, i == 0 || i == 4);
      gtk_column_view_append_column (self->qos_view, column);
      g_object_unref (column);
    }
}

/* Each domain's share of each pCPU, from where its vCPUs last ran: exact
 * for pinned vCPUs, an approximation for those that move. */
static void
domus_qos_page_update_bars (DomusQosPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  guint n_pcpus = domus_host_get_n_pcpus (self->host);
  g_autofree double *shares = g_new0 (double, MAX (n * n_pcpus, 1));
  g_autofree GdkRGBA *colors = g_new0 (GdkRGBA, MAX (n, 1));
  g_autofree const char **names = g_new0 (const char *, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DomusQosRow) row = g_list_model_get_item (G_LIST_MODEL (self->rows), i);
      DomusDomain *domain = domus_qos_row_get_domain (row);
      GListModel *vcpus = domus_domain_get_vcpus (domain);

      names[i] = domus_domain_get_name (domain);
      domus_chart_get_line_color (self->share_chart, i, &colors[i]);
      for (guint v = 0; v < g_list_model_get_n_items (vcpus); v++)
        {
          g_autoptr(DomusVcpu) vcpu = g_list_model_get_item (vcpus, v);
          guint pcpu = domus_vcpu_get_pcpu (vcpu);

          if (domus_vcpu_get_state (vcpu) != DOMUS_VCPU_STATE_OFFLINE && pcpu < n_pcpus)
            shares[pcpu * n + i] += domus_vcpu_get_cpu_percent (vcpu);
        }
    }
  domus_share_bars_set (self->pcpu_bars, n_pcpus, n, shares, colors, names);
}

/* After each refresh of the host, once the predictor has its figures. */
static void
domus_qos_page_updated (DomusQosPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  g_autofree double *measured = g_new0 (double, MAX (n, 1));

  if (n == 0)
    return;

  domus_qos_page_update_bars (self);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DomusQosRow) row = g_list_model_get_item (G_LIST_MODEL (self->rows), i);
      DomusDomain *domain = domus_qos_row_get_domain (row);

      domus_qos_row_sync (row, domus_qos_predictor_get_predicted (self->predictor, domain),
                          domus_qos_predictor_get_measured (self->predictor, domain));
      /* The domain's own history, so that its first sample stays a gap. */
      measured[i] = domus_series_get_last (domus_domain_get_series (domus_qos_row_get_domain (row)),
                                           DOMUS_DOMAIN_SERIES_CPU);
    }

  if (self->shares != NULL && domus_timeline_get_tick (domus_host_get_timeline (self->host))
                              > domus_series_get_last_tick (self->shares))
    domus_series_push (self->shares, measured);
}

/* A new set of domains: new rows, and a new stacked history for them. */
static void
domus_qos_page_rebuild (DomusQosPage *self)
{
  GListModel *domains = domus_host_get_domains (self->host);
  guint n = g_list_model_get_n_items (domains);

  g_list_store_remove_all (self->rows);
  domus_chart_clear_lines (self->share_chart);
  g_clear_object (&self->shares);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DomusDomain) domain = g_list_model_get_item (domains, i);
      g_autoptr(DomusQosRow) row = domus_qos_row_new (domain);

      g_list_store_append (self->rows, row);
    }

  if (n > 0)
    {
      self->shares = domus_series_new (domus_host_get_timeline (self->host), n);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(DomusDomain) domain = g_list_model_get_item (domains, i);

          domus_series_set_channel (self->shares, i, 100.0 * domus_host_get_n_pcpus (self->host), 16);
          domus_chart_add_line (self->share_chart, i, domus_domain_get_name (domain), NULL);
          domus_chart_set_line_fill (self->share_chart, i, TRUE);
        }
    }
  domus_chart_set_series (self->share_chart, self->shares);
}

static void
domains_changed_cb (DomusQosPage *self)
{
  domus_qos_page_rebuild (self);
}

void
domus_qos_page_set_host (DomusQosPage *self,
                         DomusHost    *host)
{
  g_autofree char *description = NULL;

  g_return_if_fail (DOMUS_IS_QOS_PAGE (self));
  g_return_if_fail (DOMUS_IS_HOST (host));

  if (self->host == host)
    return;
  /* Another host: its own domains and predictions. */
  if (self->host != NULL)
    {
      g_signal_handlers_disconnect_by_data (domus_host_get_domains (self->host), self);
      g_signal_handlers_disconnect_by_data (self->predictor, self);
      g_clear_object (&self->predictor);
      g_clear_object (&self->selection);
      g_clear_object (&self->host);
    }
  self->host = g_object_ref (host);
  g_object_set (self->share_chart, "y-max", 100.0 * domus_host_get_n_pcpus (host), NULL);

  /* TRANSLATORS: %s is the scheduler's name, "Credit" or "Credit2" */
  description = g_strdup_printf (_("What the %s scheduler model predicts for each domain's settings "
                                   "and appetite, against what it got over the last %u seconds"),
                                 domus_format_scheduler (domus_host_get_scheduler (host)),
                                 DOMUS_QOS_MEASURE_SAMPLES);
  adw_preferences_group_set_description (self->theory_group, description);

  self->selection = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (self->rows)));
  gtk_column_view_set_model (self->qos_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_object (domus_host_get_domains (host), "items-changed",
                           G_CALLBACK (domains_changed_cb), self, G_CONNECT_SWAPPED);
  self->predictor = domus_qos_predictor_new (host);
  g_signal_connect_object (self->predictor, "updated",
                           G_CALLBACK (domus_qos_page_updated), self, G_CONNECT_SWAPPED);
  domus_qos_page_rebuild (self);
  domus_qos_predictor_update (self->predictor);
}

/* Presets: pin requests for several domains at once. */

static void
pin_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DomusQosPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (domus_host_request_finish (DOMUS_HOST (source), result, &error) < 0)
    domus_show_toast (GTK_WIDGET (self), error->message);
}

static void
pin_domain (DomusQosPage *self,
            DomusDomain  *domain,
            guint64       mask)
{
  DomusRequest *request = domus_request_new_for_domain (DOMUS_REQUEST_PIN, domain);

  request->vcpu = DOMUS_REQUEST_ALL_VCPUS;
  request->affinity = mask;
  domus_host_request_async (self->host, request, NULL, pin_done_cb, g_object_ref (self));
}

static void
pin_one_per_domain_cb (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  DomusQosPage *self = DOMUS_QOS_PAGE (widget);
  guint n_pcpus = domus_host_get_n_pcpus (self->host);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->rows));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DomusQosRow) row = g_list_model_get_item (G_LIST_MODEL (self->rows), i);

      pin_domain (self, domus_qos_row_get_domain (row), G_GUINT64_CONSTANT (1) << (i % n_pcpus));
    }
}

static void
unpin_all_cb (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  DomusQosPage *self = DOMUS_QOS_PAGE (widget);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->rows));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DomusQosRow) row = g_list_model_get_item (G_LIST_MODEL (self->rows), i);

      pin_domain (self, domus_qos_row_get_domain (row), domus_cpulist_all (domus_host_get_n_pcpus (self->host)));
    }
}

static void
pin_selected_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  DomusQosPage *self = DOMUS_QOS_PAGE (widget);
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  g_autoptr(GError) error = NULL;
  guint64 mask;

  if (!domus_cpulist_parse (g_variant_get_string (parameter, NULL), domus_host_get_n_pcpus (self->host),
                            &mask, &error))
    {
      domus_show_toast (widget, error->message);
      return;
    }
  if (gtk_bitset_is_empty (selected))
    {
      domus_show_toast (widget, _("Select the domains to restrict in the table first"));
      return;
    }

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->rows)); i++)
    if (gtk_bitset_contains (selected, i))
      {
        g_autoptr(DomusQosRow) row = g_list_model_get_item (G_LIST_MODEL (self->rows), i);

        pin_domain (self, domus_qos_row_get_domain (row), mask);
      }
}

static void
restrict_clicked_cb (DomusQosPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "qos.pin-selected", "s",
                              gtk_editable_get_text (GTK_EDITABLE (self->pcpus_entry)));
}

GtkSelectionModel *
domus_qos_page_get_selection (DomusQosPage *self)
{
  g_return_val_if_fail (DOMUS_IS_QOS_PAGE (self), NULL);

  return GTK_SELECTION_MODEL (self->selection);
}

GListModel *
domus_qos_page_get_rows (DomusQosPage *self)
{
  g_return_val_if_fail (DOMUS_IS_QOS_PAGE (self), NULL);

  return G_LIST_MODEL (self->rows);
}

static void
domus_qos_page_dispose (GObject *object)
{
  DomusQosPage *self = DOMUS_QOS_PAGE (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), DOMUS_TYPE_QOS_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  g_clear_object (&self->shares);
  g_clear_object (&self->selection);
  g_clear_object (&self->rows);
  g_clear_object (&self->predictor);
  g_clear_object (&self->host);

  G_OBJECT_CLASS (domus_qos_page_parent_class)->dispose (object);
}

static void
domus_qos_page_class_init (DomusQosPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = domus_qos_page_dispose;

  g_type_ensure (DOMUS_TYPE_CHART);
  g_type_ensure (DOMUS_TYPE_SHARE_BARS);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/domus/Domus/ui/domus-qos-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DomusQosPage, share_chart);
  gtk_widget_class_bind_template_child (widget_class, DomusQosPage, pcpu_bars);
  gtk_widget_class_bind_template_child (widget_class, DomusQosPage, theory_group);
  gtk_widget_class_bind_template_child (widget_class, DomusQosPage, qos_view);
  gtk_widget_class_bind_template_child (widget_class, DomusQosPage, pcpus_entry);
  gtk_widget_class_bind_template_callback (widget_class, restrict_clicked_cb);

  gtk_widget_class_install_action (widget_class, "qos.pin-one-per-domain", NULL, pin_one_per_domain_cb);
  gtk_widget_class_install_action (widget_class, "qos.pin-selected", "s", pin_selected_cb);
  gtk_widget_class_install_action (widget_class, "qos.unpin-all", NULL, unpin_all_cb);
}

static void
domus_qos_page_init (DomusQosPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_list_store_new (DOMUS_TYPE_QOS_ROW);
  domus_qos_page_build_columns (self);
}
