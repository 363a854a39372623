/* domus-domain-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-domain-page"

#include "config.h"

#include <glib/gi18n.h>

#include "domus-chart.h"
#include "domus-domain-page.h"
#include "domus-format.h"
#include "domus-text-column.h"

struct _DomusDomainPage
{
  GtkWidget      parent_instance;

  /* Template widgets */
  GtkStack      *stack;
  GtkLabel      *type_badge;
  GtkLabel      *title_label;
  GtkLabel      *subtitle_label;
  DomusChart    *cpu_chart;
  DomusChart    *memory_chart;
  GtkLabel      *weight_label;
  GtkLabel      *cap_label;
  GtkLabel      *memory_label;
  GtkColumnView *vcpu_view;

  /* Owned references */
  DomusDomain   *domain;
  GSignalGroup  *domain_signals;
};

enum {
  PROP_0,
  PROP_DOMAIN,
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
  g_autofree char *weight = NULL;
  g_autofree char *cap = NULL;
  g_autofree char *memory = NULL;
  g_autofree char *memory_max = NULL;
  g_autofree char *memory_text = NULL;

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

  weight = g_strdup_printf ("%d", domus_domain_get_weight (d));
  gtk_label_set_label (self->weight_label, weight);
  cap = domus_domain_get_cap (d) > 0 ? g_strdup_printf ("%d %%", domus_domain_get_cap (d))
                                     : g_strdup (C_("cap", "None"));
  gtk_label_set_label (self->cap_label, cap);

  memory = domus_format_memory_kib (domus_domain_get_memory_kib (d));
  memory_max = domus_format_memory_kib (domus_domain_get_memory_max_kib (d));
  /* TRANSLATORS: current memory of maximum memory, e.g. "1024 MiB of 2048 MiB" */
  memory_text = g_strdup_printf (_("%s of %s"), memory, memory_max);
  gtk_label_set_label (self->memory_label, memory_text);
}

static void
domus_domain_page_setup_charts (DomusDomainPage *self)
{
  DomusDomain *d = self->domain;
  DomusSeries *series = d != NULL ? domus_domain_get_series (d) : NULL;
  guint n_vcpus = d != NULL ? domus_domain_get_vcpus_max (d) : 0;

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

void
domus_domain_page_set_domain (DomusDomainPage *self,
                              DomusDomain     *domain)
{
  g_autoptr(GtkNoSelection) vcpus = NULL;

  g_return_if_fail (DOMUS_IS_DOMAIN_PAGE (self));
  g_return_if_fail (domain == NULL || DOMUS_IS_DOMAIN (domain));

  if (!g_set_object (&self->domain, domain))
    return;

  g_signal_group_set_target (self->domain_signals, domain);
  if (domain != NULL)
    vcpus = gtk_no_selection_new (g_object_ref (domus_domain_get_vcpus (domain)));
  gtk_column_view_set_model (self->vcpu_view, GTK_SELECTION_MODEL (vcpus));

  domus_domain_page_setup_charts (self);
  domus_domain_page_update_labels (self);
  gtk_stack_set_visible_child_name (self->stack, domain != NULL ? "domain" : "none");

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOMAIN]);
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
  gtk_widget_dispose_template (GTK_WIDGET (self), DOMUS_TYPE_DOMAIN_PAGE);
  g_clear_object (&self->domain);

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
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (DOMUS_TYPE_CHART);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/domus/Domus/ui/domus-domain-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DomusDomainPage, stack);
  gtk_widget_class_bind_template_child (widget_class, DomusDomainPage, type_badge);
  gtk_widget_class_bind_template_child (widget_class, DomusDomainPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, DomusDomainPage, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, DomusDomainPage, cpu_chart);
  gtk_widget_class_bind_template_child (widget_class, DomusDomainPage, memory_chart);
  gtk_widget_class_bind_template_child (widget_class, DomusDomainPage, weight_label);
  gtk_widget_class_bind_template_child (widget_class, DomusDomainPage, cap_label);
  gtk_widget_class_bind_template_child (widget_class, DomusDomainPage, memory_label);
  gtk_widget_class_bind_template_child (widget_class, DomusDomainPage, vcpu_view);
}

static void
domus_domain_page_init (DomusDomainPage *self)
{
  static const char * const watched[] = {
    "notify::name", "notify::state", "notify::vcpus-online", "notify::weight", "notify::cap",
    "notify::memory-kib", "notify::memory-max-kib",
  };

  gtk_widget_init_template (GTK_WIDGET (self));
  domus_domain_page_build_vcpu_columns (self);

  self->domain_signals = g_signal_group_new (DOMUS_TYPE_DOMAIN);
  for (guint i = 0; i < G_N_ELEMENTS (watched); i++)
    g_signal_group_connect_object (self->domain_signals, watched[i],
                                   G_CALLBACK (domus_domain_page_update_labels), self,
                                   G_CONNECT_SWAPPED);
}
