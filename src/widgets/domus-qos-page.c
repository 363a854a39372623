/* domus-qos-page.c
 *
 * Beside each domain, the CPU share the scheduler model predicts for the
 * current weights, caps, vCPUs and pinning, and the share it gets: on the
 * simulator the two agree by construction, on a real host they show how
 * far Xen follows its own rules.
 *
 * On a host of several cpupools each pool is a scheduler of its own, on
 * its own pCPUs: the page shows every domain or one pool's (its header's
 * menu), with the chart's top at the pool's pCPUs, and the presets pin
 * each domain within its own pool.
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
  AdwPreferencesGroup *shares_group;
  GtkDropDown         *pool_dropdown;
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
  GtkStringList       *pool_names;    /* the menu's: "All Pools", then the host's pools */
  char                *pool;          /* the pool shown, NULL for all */
  GtkColumnViewColumn *pool_column;   /* owned by qos_view */
  gboolean             listing_pools; /* the menu is being filled: not the user's choice */
};

G_DEFINE_FINAL_TYPE (DomusQosPage, domus_qos_page, GTK_TYPE_WIDGET)

static void domus_qos_page_rebuild (DomusQosPage *self);

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
cell_pool (gpointer row)
{
  const char *pool = domus_qos_row_get_pool (row);

  return g_strdup (pool != NULL ? pool : "–");
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
  { "pool", cell_pool, 0.0, FALSE },
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
    _("Domain"),
    /* TRANSLATORS: the cpupool a domain runs in */
    C_("column", "Pool"),
    _("Weight"), _("Cap"), C_("column", "vCPUs"), _("Affinity"),
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

      gtk_column_view_column_set_expand (column, i == 0 || i == 5);
      if (i == 1)
        {
          /* Shown on a host of several pools. */
          gtk_column_view_column_set_visible (column, FALSE);
          self->pool_column = column;
        }
      gtk_column_view_append_column (self->qos_view, column);
      g_object_unref (column);
    }
}

static DomusCpupool *
pool_of (DomusQosPage *self,
         DomusDomain  *domain)
{
  return domus_host_lookup_cpupool_by_id (self->host, domus_domain_get_cpupool_id (domain));
}

/* Whether @domain is one the page shows: all, or the chosen pool's. */
static gboolean
shown (DomusQosPage *self,
       DomusDomain  *domain)
{
  DomusCpupool *pool;

  if (self->pool == NULL)
    return TRUE;
  pool = pool_of (self, domain);
  return pool != NULL && g_str_equal (domus_cpupool_get_name (pool), self->pool);
}

/* Whether the rows are still the domains shown, in order (a domain moved
 * to another pool, or a pool chosen). */
static gboolean
rows_current (DomusQosPage *self)
{
  GListModel *domains = domus_host_get_domains (self->host);
  guint r = 0;

  for (guint i = 0; i < g_list_model_get_n_items (domains); i++)
    {
      g_autoptr(DomusDomain) domain = g_list_model_get_item (domains, i);
      g_autoptr(DomusQosRow) row = NULL;

      if (!shown (self, domain))
        continue;
      row = g_list_model_get_item (G_LIST_MODEL (self->rows), r++);
      if (row == NULL || domus_qos_row_get_domain (row) != domain)
        return FALSE;
    }
  return r == g_list_model_get_n_items (G_LIST_MODEL (self->rows));
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
  guint n;
  g_autofree double *measured = NULL;

  if (!rows_current (self))
    domus_qos_page_rebuild (self);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  if (n == 0)
    return;
  measured = g_new0 (double, n);

  domus_qos_page_update_bars (self);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DomusQosRow) row = g_list_model_get_item (G_LIST_MODEL (self->rows), i);
      DomusDomain *domain = domus_qos_row_get_domain (row);
      DomusCpupool *pool = pool_of (self, domain);

      domus_qos_row_set_pool (row, pool != NULL ? domus_cpupool_get_name (pool) : NULL);
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

/* The pCPUs the chart's top stands for: the pool's, or the host's. */
static guint
shown_pcpus (DomusQosPage *self)
{
  DomusCpupool *pool = self->pool != NULL ? domus_host_lookup_cpupool_by_name (self->host, self->pool) : NULL;

  return pool != NULL ? MAX (domus_cpupool_get_n_cpus (pool), 1) : domus_host_get_n_pcpus (self->host);
}

/* A new set of domains: new rows, and a new stacked history for them. */
static void
domus_qos_page_rebuild (DomusQosPage *self)
{
  GListModel *domains = domus_host_get_domains (self->host);
  guint n_pcpus = shown_pcpus (self);
  guint n;

  g_list_store_remove_all (self->rows);
  domus_chart_clear_lines (self->share_chart);
  g_clear_object (&self->shares);

  for (guint i = 0; i < g_list_model_get_n_items (domains); i++)
    {
      g_autoptr(DomusDomain) domain = g_list_model_get_item (domains, i);
      g_autoptr(DomusQosRow) row = NULL;
      DomusCpupool *pool = pool_of (self, domain);

      if (!shown (self, domain))
        continue;
      row = domus_qos_row_new (domain);
      domus_qos_row_set_pool (row, pool != NULL ? domus_cpupool_get_name (pool) : NULL);
      g_list_store_append (self->rows, row);
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  g_object_set (self->share_chart, "y-max", 100.0 * n_pcpus, NULL);
  if (n > 0)
    {
      self->shares = domus_series_new (domus_host_get_timeline (self->host), n);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(DomusQosRow) row = g_list_model_get_item (G_LIST_MODEL (self->rows), i);

          domus_series_set_channel (self->shares, i, 100.0 * n_pcpus, 16);
          domus_chart_add_line (self->share_chart, i, domus_domain_get_name (domus_qos_row_get_domain (row)), NULL);
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

/* What the groups say of what they show: the host, or one pool. */
static void
domus_qos_page_describe (DomusQosPage *self)
{
  DomusCpupool *pool = self->pool != NULL ? domus_host_lookup_cpupool_by_name (self->host, self->pool) : NULL;
  guint n_pools = g_list_model_get_n_items (domus_host_get_cpupools (self->host));
  g_autofree char *theory = NULL;
  g_autofree char *shares = NULL;

  if (pool != NULL)
    {
      /* TRANSLATORS: the first %s is the scheduler's name, "Credit" or
       * "Credit2", the second a cpupool's name */
      theory = g_strdup_printf (_("What the %s scheduler model of %s predicts for each domain's settings "
                                  "and appetite, against what it got over the last %u seconds"),
                                domus_format_scheduler (domus_cpupool_get_scheduler (pool)),
                                domus_cpupool_get_name (pool), DOMUS_QOS_MEASURE_SAMPLES);
      /* TRANSLATORS: %s is a cpupool's name, %s its pCPUs ("2-3") */
      shares = g_strdup_printf (_("The CPU use of the domains in %s, stacked: the top of the chart is the "
                                  "pool's pCPUs (%s)"),
                                domus_cpupool_get_name (pool), domus_cpupool_get_cpus_text (pool));
    }
  else
    {
      if (n_pools > 1)
        theory = g_strdup_printf (_("What each cpupool's scheduler model predicts for the settings and "
                                    "appetite of its domains, on its own pCPUs, against what they got over "
                                    "the last %u seconds"),
                                  DOMUS_QOS_MEASURE_SAMPLES);
      else
        /* TRANSLATORS: %s is the scheduler's name, "Credit" or "Credit2" */
        theory = g_strdup_printf (_("What the %s scheduler model predicts for each domain's settings "
                                    "and appetite, against what it got over the last %u seconds"),
                                  domus_format_scheduler (domus_host_get_scheduler (self->host)),
                                  DOMUS_QOS_MEASURE_SAMPLES);
      shares = g_strdup (_("Every domain's CPU use, stacked: the top of the chart is the whole host"));
    }
  adw_preferences_group_set_description (self->theory_group, theory);
  adw_preferences_group_set_description (self->shares_group, shares);
}

/* The menu of pools, shown when the host has more than one; a pool that
 * went leaves the page on all of them. */
static void
domus_qos_page_list_pools (DomusQosPage *self)
{
  GListModel *pools = domus_host_get_cpupools (self->host);
  guint n_pools = g_list_model_get_n_items (pools);
  guint selected = 0;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  g_ptr_array_add (names, (gpointer) _("All Pools"));
  for (guint i = 0; i < n_pools; i++)
    {
      g_autoptr(DomusCpupool) pool = g_list_model_get_item (pools, i);

      g_ptr_array_add (names, (gpointer) domus_cpupool_get_name (pool));
      if (g_strcmp0 (self->pool, domus_cpupool_get_name (pool)) == 0)
        selected = i + 1;
    }
  g_ptr_array_add (names, NULL);
  if (selected == 0)
    g_clear_pointer (&self->pool, g_free);

  self->listing_pools = TRUE;
  gtk_string_list_splice (self->pool_names, 0, g_list_model_get_n_items (G_LIST_MODEL (self->pool_names)),
                          (const char * const *) names->pdata);
  gtk_drop_down_set_selected (self->pool_dropdown, selected);
  self->listing_pools = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->pool_dropdown), n_pools > 1);
  gtk_column_view_column_set_visible (self->pool_column, n_pools > 1);
  domus_qos_page_describe (self);
}

static void
pools_changed_cb (DomusQosPage *self)
{
  domus_qos_page_list_pools (self);
  domus_qos_page_rebuild (self);
}

static void
pool_chosen_cb (DomusQosPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->pool_dropdown);

  if (self->listing_pools || self->host == NULL)
    return;
  g_clear_pointer (&self->pool, g_free);
  if (selected > 0 && selected != GTK_INVALID_LIST_POSITION)
    self->pool = g_strdup (gtk_string_list_get_string (self->pool_names, selected));
  domus_qos_page_describe (self);
  domus_qos_page_rebuild (self);
  /* The predictor's last figures, at once. */
  domus_qos_page_updated (self);
}

void
domus_qos_page_set_pool (DomusQosPage *self,
                         const char   *pool)
{
  g_return_if_fail (DOMUS_IS_QOS_PAGE (self));

  for (guint i = 1; i < g_list_model_get_n_items (G_LIST_MODEL (self->pool_names)); i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->pool_names, i), pool) == 0)
      {
        gtk_drop_down_set_selected (self->pool_dropdown, i);
        return;
      }
  gtk_drop_down_set_selected (self->pool_dropdown, 0);
}

void
domus_qos_page_set_host (DomusQosPage *self,
                         DomusHost    *host)
{

  g_return_if_fail (DOMUS_IS_QOS_PAGE (self));
  g_return_if_fail (DOMUS_IS_HOST (host));

  if (self->host == host)
    return;
  /* Another host: its own domains and predictions. */
  if (self->host != NULL)
    {
      g_signal_handlers_disconnect_by_data (domus_host_get_domains (self->host), self);
      g_signal_handlers_disconnect_by_data (domus_host_get_cpupools (self->host), self);
      g_signal_handlers_disconnect_by_data (self->predictor, self);
      g_clear_object (&self->predictor);
      g_clear_object (&self->selection);
      g_clear_object (&self->host);
    }
  self->host = g_object_ref (host);
  g_clear_pointer (&self->pool, g_free);

  self->selection = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (self->rows)));
  gtk_column_view_set_model (self->qos_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_object (domus_host_get_domains (host), "items-changed",
                           G_CALLBACK (domains_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (domus_host_get_cpupools (host), "items-changed",
                           G_CALLBACK (pools_changed_cb), self, G_CONNECT_SWAPPED);
  domus_qos_page_list_pools (self);
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

/* The @k-th pCPU of @mask, counted round. */
static guint64
nth_cpu (guint64 mask,
         guint   k)
{
  guint n = (guint) __builtin_popcountll (mask);
  guint skip = k % MAX (n, 1);

  for (guint cpu = 0; cpu < 64; cpu++)
    if ((mask & (G_GUINT64_CONSTANT (1) << cpu)) && skip-- == 0)
      return G_GUINT64_CONSTANT (1) << cpu;
  return mask;
}

/* Each domain shown on a pCPU of its own, round its pool's pCPUs (a vCPU
 * runs only on its pool's). */
static void
pin_one_per_domain_cb (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  DomusQosPage *self = DOMUS_QOS_PAGE (widget);
  guint64 all = domus_cpulist_all (domus_host_get_n_pcpus (self->host));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  g_autoptr(GHashTable) placed = g_hash_table_new (NULL, NULL);   /* pool → domains placed in it */

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DomusQosRow) row = g_list_model_get_item (G_LIST_MODEL (self->rows), i);
      DomusDomain *domain = domus_qos_row_get_domain (row);
      DomusCpupool *pool = pool_of (self, domain);
      guint64 cpus = pool != NULL && (domus_cpupool_get_cpus (pool) & all) != 0 ? domus_cpupool_get_cpus (pool) & all
                                                                                 : all;
      guint k = GPOINTER_TO_UINT (g_hash_table_lookup (placed, pool));

      g_hash_table_insert (placed, pool, GUINT_TO_POINTER (k + 1));
      pin_domain (self, domain, nth_cpu (cpus, k));
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
  g_clear_object (&self->pool_names);
  g_clear_pointer (&self->pool, g_free);

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
  gtk_widget_class_bind_template_child (widget_class, DomusQosPage, shares_group);
  gtk_widget_class_bind_template_child (widget_class, DomusQosPage, pool_dropdown);
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
  self->pool_names = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->pool_dropdown, G_LIST_MODEL (self->pool_names));
  g_signal_connect_object (self->pool_dropdown, "notify::selected", G_CALLBACK (pool_chosen_cb), self,
                           G_CONNECT_SWAPPED);
  domus_qos_page_build_columns (self);
}
