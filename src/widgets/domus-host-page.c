/* domus-host-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-host-page"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "domus-chart.h"
#include "domus-cpupools-group.h"
#include "domus-pci-group.h"
#include "domus-format.h"
#include "domus-file-chooser.h"
#include "domus-host-page.h"
#include "domus-host-recorder.h"
#include "domus-toast.h"
#include "domus-xen-log-window.h"

struct _DomusHostPage
{
  GtkWidget            parent_instance;

  /* Template widgets */
  AdwPreferencesGroup *facts_group;
  AdwPreferencesGroup *pcpu_now_group;
  DomusCpupoolsGroup  *cpupools_group;
  DomusPciGroup       *pci_group;
  DomusChart          *pcpu_chart;
  DomusChart          *memory_chart;
  GtkLabel            *version_label;
  GtkLabel            *commandline_label;
  GtkLabel            *scheduler_label;
  AdwActionRow        *pcpus_row;
  AdwActionRow        *memory_row;
  AdwActionRow        *virt_row;
  GtkLabel            *virt_label;
  GtkLabel            *pcpus_label;
  GtkLabel            *memory_label;
  GtkLabel            *backend_label;
  GtkRevealer         *record_revealer;
  GtkLabel            *record_label;
  GtkButton           *stop_button;

  /* Owned references */
  DomusHostRecorder   *recorder;     /* recording, or stopping; NULL otherwise */
  DomusHost           *host;
  GPtrArray           *pcpu_bars;    /* GtkLevelBar per pCPU, owned by their rows */
  GPtrArray           *pcpu_labels;  /* GtkLabel per pCPU */
  DomusHostInfo       *info;         /* the host's facts, once read */
  GCancellable        *cancellable;  /* reading them */

  /* Borrowed references */
  GtkWindow           *log_window;   /* weak: the Xen Log window open, or NULL */
};

G_DEFINE_FINAL_TYPE (DomusHostPage, domus_host_page, GTK_TYPE_WIDGET)

static void
domus_host_page_update_memory (DomusHostPage *self)
{
  g_autofree char *free_text = domus_format_memory_kib (domus_host_get_free_memory_kib (self->host));
  g_autofree char *total_text = domus_format_memory_kib (domus_host_get_total_memory_kib (self->host));
  /* TRANSLATORS: free memory of total memory, e.g. "1024 MiB free of 8192 MiB" */
  g_autofree char *text = g_strdup_printf (_("%s free of %s"), free_text, total_text);

  gtk_label_set_label (self->memory_label, text);
}

static void
domus_host_page_update_pcpus (DomusHostPage *self)
{
  DomusSeries *series = domus_host_get_series (self->host);

  for (guint p = 0; p < self->pcpu_bars->len; p++)
    {
      double busy = domus_series_get_last (series, DOMUS_HOST_SERIES_PCPU0 + p);
      g_autofree char *text = isnan (busy) ? g_strdup ("–") : domus_format_percent (busy);

      gtk_level_bar_set_value (g_ptr_array_index (self->pcpu_bars, p), isnan (busy) ? 0 : busy);
      gtk_label_set_label (g_ptr_array_index (self->pcpu_labels, p), text);
    }
}

/* "VT-x yes", "HAP no". */
static char *
capability (const char *name,
            gboolean    present)
{
  /* TRANSLATORS: a capability of the host and whether it has it: "HAP yes", "HAP no" */
  return g_strdup_printf (present ? _("%s yes") : _("%s no"), name);
}

static void
domus_host_page_show_info (DomusHostPage *self)
{
  DomusHostInfo *info = self->info;
  const char *virt_name = domus_host_info_get_cpu_virt_name (info);
  g_autofree char *version = domus_host_info_dup_xen_version (info);
  g_autofree char *dom0_mem = domus_host_info_dup_dom0_mem (info);
  g_autofree char *virt_caps = domus_host_info_dup_virt_caps (info);
  g_autofree char *cpu = capability (virt_name != NULL ? virt_name : "VT-x/AMD-V", virt_name != NULL);
  g_autofree char *hvm = capability ("HVM", info->cap_hvm);
  g_autofree char *hap = capability ("HAP", info->cap_hap);
  g_autofree char *pv = capability ("PV", info->cap_pv);
  g_autofree char *iommu = capability ("IOMMU", info->cap_hvm_directio);
  g_autofree char *virt = g_strjoin (" · ", cpu, hvm, hap, pv, iommu, NULL);
  g_autofree char *pcpus = g_strdup_printf (ngettext ("%u pCPU", "%u pCPUs", info->nr_cpus), info->nr_cpus);
  g_autofree char *summary = NULL, *topology = NULL, *dom0 = NULL, *dom0_text = NULL, *pcpus_text = NULL;
  g_autoptr(GString) schedulers = g_string_new (NULL);

  for (guint i = 0; i < info->cpupools->len; i++)
    {
      const DomusHostInfoCpupool *pool = g_ptr_array_index (info->cpupools, i);

      if (i > 0)
        g_string_append (schedulers, ", ");
      /* TRANSLATORS: a cpupool's scheduler: "credit (Pool-0)" */
      g_string_append_printf (schedulers, _("%s (%s)"), pool->scheduler, pool->name);
    }
  if (schedulers->len == 0)
    g_string_append (schedulers, info->xen_scheduler);

  /* TRANSLATORS: the host at a glance: "Xen 4.17.0, credit, 4 pCPUs, VT-x yes, HAP yes" */
  summary = g_strdup_printf (_("Xen %s, %s, %s, %s, %s"), version, info->xen_scheduler, pcpus, cpu, hap);
  adw_preferences_group_set_description (self->facts_group, summary);
  gtk_label_set_label (self->version_label, version);
  gtk_label_set_label (self->commandline_label, *info->xen_commandline != '\0' ? info->xen_commandline : "–");
  gtk_label_set_label (self->scheduler_label, schedulers->str);

  pcpus_text = g_strdup_printf ("%u", info->nr_cpus);
  gtk_label_set_label (self->pcpus_label, pcpus_text);
  {
    g_autofree char *cores = g_strdup_printf (ngettext ("%u core per socket", "%u cores per socket",
                                                       info->cores_per_socket), info->cores_per_socket);
    g_autofree char *threads = g_strdup_printf (ngettext ("%u thread per core", "%u threads per core",
                                                         info->threads_per_core), info->threads_per_core);
    g_autofree char *nodes = g_strdup_printf (ngettext ("%u NUMA node", "%u NUMA nodes", info->nr_nodes),
                                              info->nr_nodes);
    /* TRANSLATORS: a CPU's clock in MHz, as xl info's cpu_mhz */
    g_autofree char *mhz = g_strdup_printf (_("%u MHz"), info->cpu_khz / 1000);

    topology = g_strjoin (" · ", cores, threads, nodes, mhz, NULL);
  }
  adw_action_row_set_subtitle (self->pcpus_row, topology);

  dom0_text = domus_format_memory_kib (info->dom0_memory_kib);
  if (dom0_mem != NULL)
    /* TRANSLATORS: Domain-0's memory now, then the dom0_mem= option on Xen's command line */
    dom0 = g_strdup_printf (_("Domain-0: %s · dom0_mem=%s"), dom0_text, dom0_mem);
  else
    dom0 = g_strdup_printf (_("Domain-0: %s · no dom0_mem on Xen’s command line"), dom0_text);
  adw_action_row_set_subtitle (self->memory_row, dom0);

  gtk_label_set_label (self->virt_label, virt);
  /* TRANSLATORS: xl info's virt_caps, e.g. "pv hvm hap shadow" */
  adw_action_row_set_subtitle (self->virt_row, virt_caps);
}

static void
info_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  DomusHostInfo *info = domus_host_get_info_finish (DOMUS_HOST (source), result, &error);
  DomusHostPage *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = DOMUS_HOST_PAGE (user_data);
  if (info == NULL)
    {
      adw_preferences_group_set_description (self->facts_group, error->message);
      return;
    }
  g_clear_pointer (&self->info, domus_host_info_free);
  self->info = info;
  domus_host_page_show_info (self);
}

static void
show_log_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  DomusHostPage *self = DOMUS_HOST_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->log_window == NULL && self->host != NULL)
    {
      self->log_window = GTK_WINDOW (domus_xen_log_window_new (self->host));
      g_object_add_weak_pointer (G_OBJECT (self->log_window), (gpointer *) &self->log_window);
      if (GTK_IS_WINDOW (root))
        gtk_window_set_transient_for (self->log_window, GTK_WINDOW (root));
    }
  if (self->log_window != NULL)
    gtk_window_present (self->log_window);
}

GtkWindow *
domus_host_page_get_log_window (DomusHostPage *self)
{
  g_return_val_if_fail (DOMUS_IS_HOST_PAGE (self), NULL);

  return self->log_window;
}

/* Recording */

/* The indicator takes no room (not even the box's spacing) while hidden. */
static void
show_indicator (DomusHostPage *self,
                gboolean       show)
{
  if (show)
    gtk_widget_set_visible (GTK_WIDGET (self->record_revealer), TRUE);
  gtk_revealer_set_reveal_child (self->record_revealer, show);
}

static void
indicator_revealed_cb (DomusHostPage *self)
{
  if (!gtk_revealer_get_reveal_child (self->record_revealer)
      && !gtk_revealer_get_child_revealed (self->record_revealer))
    gtk_widget_set_visible (GTK_WIDGET (self->record_revealer), FALSE);
}

static void
update_record_actions (DomusHostPage *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "host.record", self->recorder == NULL && self->host != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "host.record-to", self->recorder == NULL && self->host != NULL);
  /* Stop a recording, or put away why one could not start. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "host.stop-recording",
                                 self->recorder != NULL || gtk_revealer_get_reveal_child (self->record_revealer));
}

static void
update_record_label (DomusHostPage *self)
{
  const GError *error;
  g_autofree char *name = NULL, *text = NULL;
  guint n;

  if (self->recorder == NULL)
    return;
  if ((error = domus_host_recorder_get_error (self->recorder)) != NULL)
    {
      gtk_label_set_label (self->record_label, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->record_label), "error");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->record_label), "error");
  name = g_file_get_parse_name (domus_host_recorder_get_file (self->recorder));
  n = domus_host_recorder_get_n_samples (self->recorder);
  /* TRANSLATORS: a file being written, and how many samples are in it so far */
  text = g_strdup_printf (ngettext ("Recording to %s · %u sample", "Recording to %s · %u samples", n), name, n);
  gtk_label_set_label (self->record_label, text);
}

static void
recording_started_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(DomusHostPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusHostRecorder) recorder = domus_host_recorder_start_finish (result, &error);

  if (recorder == NULL)
    {
      gtk_label_set_label (self->record_label, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->record_label), "error");
      gtk_button_set_label (self->stop_button, _("Dismiss"));
      show_indicator (self, TRUE);
      update_record_actions (self);
      return;
    }
  if (self->host == NULL || domus_host_recorder_get_host (recorder) != self->host)
    {
      /* Another host since: no recording of this one. */
      domus_host_recorder_stop_async (recorder, NULL, NULL, NULL);
      return;
    }
  self->recorder = g_steal_pointer (&recorder);
  gtk_button_set_label (self->stop_button, _("Stop"));
  g_signal_connect_object (self->recorder, "notify::n-samples", G_CALLBACK (update_record_label), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->recorder, "notify::error", G_CALLBACK (update_record_label), self,
                           G_CONNECT_SWAPPED);
  update_record_label (self);
  show_indicator (self, TRUE);
  update_record_actions (self);
}

static void
record_to_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  DomusHostPage *self = DOMUS_HOST_PAGE (widget);
  g_autoptr(GFile) file = g_file_new_for_path (g_variant_get_string (parameter, NULL));

  if (self->recorder != NULL || self->host == NULL)
    return;
  /* One start at a time. */
  gtk_widget_action_set_enabled (widget, "host.record", FALSE);
  gtk_widget_action_set_enabled (widget, "host.record-to", FALSE);
  domus_host_recorder_start_async (self->host, file, NULL, recording_started_cb, g_object_ref (self));
}

static void
record_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DomusHostPage *self = DOMUS_HOST_PAGE (widget);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *name = g_strdup_printf ("%s-%s.csv", domus_host_get_hostname (self->host), stamp);
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_suffix (filter, "csv");
  domus_choose_file (widget, _("Record the Host’s Samples"), GTK_FILE_CHOOSER_ACTION_SAVE, _("_Record"),
                     "host.record-to", name, filter);
}

static void
recording_stopped_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(DomusHostPage) self = user_data;
  DomusHostRecorder *recorder = DOMUS_HOST_RECORDER (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_parse_name (domus_host_recorder_get_file (recorder));
  g_autofree char *text = NULL;
  guint n = domus_host_recorder_get_n_samples (recorder);

  if (domus_host_recorder_stop_finish (recorder, result, &error))
    /* TRANSLATORS: how many samples a recording wrote, and to which file */
    text = g_strdup_printf (ngettext ("Recorded %u sample to %s", "Recorded %u samples to %s", n), n, name);
  else
    text = g_strdup (error->message);
  if (self->recorder == recorder)
    {
      g_clear_object (&self->recorder);
      show_indicator (self, FALSE);
      update_record_actions (self);
    }
  domus_show_toast (GTK_WIDGET (self), text);
}

static void
stop_recording_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  DomusHostPage *self = DOMUS_HOST_PAGE (widget);

  if (self->recorder == NULL)
    {
      show_indicator (self, FALSE);
      update_record_actions (self);
      return;
    }
  gtk_widget_action_set_enabled (widget, "host.stop-recording", FALSE);
  domus_host_recorder_stop_async (self->recorder, NULL, recording_stopped_cb, g_object_ref (self));
}

DomusHostRecorder *
domus_host_page_get_recorder (DomusHostPage *self)
{
  g_return_val_if_fail (DOMUS_IS_HOST_PAGE (self), NULL);

  return self->recorder;
}

/* A row with the pCPU's load now, and a line in the history chart. */
static void
domus_host_page_add_pcpu (DomusHostPage *self,
                          guint          pcpu)
{
  /* TRANSLATORS: one physical CPU, e.g. "pCPU 0" */
  g_autofree char *title = g_strdup_printf (_("pCPU %u"), pcpu);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *bar = gtk_level_bar_new_for_interval (0, 100);
  GtkWidget *label = gtk_label_new (NULL);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_HIGH);
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_FULL);
  gtk_widget_set_hexpand (bar, TRUE);
  gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (bar, 160, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  gtk_label_set_width_chars (GTK_LABEL (label), 8);
  gtk_label_set_xalign (GTK_LABEL (label), 1.0);
  gtk_widget_add_css_class (label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), bar);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  adw_preferences_group_add (self->pcpu_now_group, row);

  g_ptr_array_add (self->pcpu_bars, bar);
  g_ptr_array_add (self->pcpu_labels, label);

  domus_chart_add_line (self->pcpu_chart, DOMUS_HOST_SERIES_PCPU0 + pcpu, title, NULL);
}

void
domus_host_page_set_host (DomusHostPage *self,
                          DomusHost     *host)
{
  DomusSeries *series;
  g_autofree char *pcpus = NULL;

  g_return_if_fail (DOMUS_IS_HOST_PAGE (self));
  g_return_if_fail (DOMUS_IS_HOST (host));

  if (self->host == host)
    return;
  /* Another host: its own pCPUs. */
  if (self->host != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->host, self);
      for (guint p = 0; p < self->pcpu_bars->len; p++)
        adw_preferences_group_remove (self->pcpu_now_group,
                                      gtk_widget_get_ancestor (g_ptr_array_index (self->pcpu_bars, p),
                                                               ADW_TYPE_ACTION_ROW));
      g_ptr_array_set_size (self->pcpu_bars, 0);
      g_ptr_array_set_size (self->pcpu_labels, 0);
      domus_chart_clear_lines (self->pcpu_chart);
      domus_chart_clear_lines (self->memory_chart);
      g_clear_object (&self->host);
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      g_clear_pointer (&self->info, domus_host_info_free);
      /* The log and the recording of the host that was. */
      if (self->log_window != NULL)
        gtk_window_destroy (self->log_window);
      if (self->recorder != NULL)
        {
          domus_host_recorder_stop_async (self->recorder, NULL, NULL, NULL);
          g_clear_object (&self->recorder);
          show_indicator (self, FALSE);
        }
    }
  self->host = g_object_ref (host);
  series = domus_host_get_series (host);
  domus_cpupools_group_set_host (self->cpupools_group, host);
  domus_pci_group_set_host (self->pci_group, host);

  domus_chart_set_series (self->pcpu_chart, series);
  for (guint p = 0; p < domus_host_get_n_pcpus (host); p++)
    domus_host_page_add_pcpu (self, p);

  domus_chart_set_series (self->memory_chart, series);
  g_object_set (self->memory_chart, "y-max", domus_host_get_total_memory_kib (host) / 1024.0, NULL);
  domus_chart_add_line (self->memory_chart, DOMUS_HOST_SERIES_FREE_MEMORY, _("Free"), NULL);
  domus_chart_set_line_fill (self->memory_chart, 0, TRUE);

  gtk_label_set_label (self->version_label, domus_host_get_xen_version (host));
  gtk_label_set_label (self->scheduler_label, domus_format_scheduler (domus_host_get_scheduler (host)));
  pcpus = g_strdup_printf ("%u", domus_host_get_n_pcpus (host));
  gtk_label_set_label (self->pcpus_label, pcpus);
  gtk_label_set_label (self->backend_label, domus_host_get_backend_name (host));

  g_signal_connect_object (host, "notify::free-memory-kib",
                           G_CALLBACK (domus_host_page_update_memory), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (host, "refreshed",
                           G_CALLBACK (domus_host_page_update_pcpus), self, G_CONNECT_SWAPPED);
  domus_host_page_update_memory (self);
  domus_host_page_update_pcpus (self);

  /* Until the facts come, what the host knows already. */
  adw_preferences_group_set_description (self->facts_group, NULL);
  gtk_label_set_label (self->commandline_label, "–");
  adw_action_row_set_subtitle (self->pcpus_row, "");
  adw_action_row_set_subtitle (self->memory_row, "");
  adw_action_row_set_subtitle (self->virt_row, "");
  gtk_label_set_label (self->virt_label, "–");
  self->cancellable = g_cancellable_new ();
  domus_host_get_info_async (host, self->cancellable, info_cb, self);
  update_record_actions (self);
}

static void
domus_host_page_dispose (GObject *object)
{
  DomusHostPage *self = DOMUS_HOST_PAGE (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), DOMUS_TYPE_HOST_PAGE);
  /* The scrolled window at the root of the template has no id. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->log_window != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->log_window), (gpointer *) &self->log_window);
      gtk_window_destroy (self->log_window);
      self->log_window = NULL;
    }
  /* A recording ends with the page: the file is closed, whole. */
  if (self->recorder != NULL)
    domus_host_recorder_stop_async (self->recorder, NULL, NULL, NULL);
  g_clear_object (&self->recorder);
  g_clear_object (&self->host);
  g_clear_pointer (&self->info, domus_host_info_free);
  g_clear_pointer (&self->pcpu_bars, g_ptr_array_unref);
  g_clear_pointer (&self->pcpu_labels, g_ptr_array_unref);

  G_OBJECT_CLASS (domus_host_page_parent_class)->dispose (object);
}

static void
domus_host_page_class_init (DomusHostPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = domus_host_page_dispose;

  g_type_ensure (DOMUS_TYPE_CHART);
  g_type_ensure (DOMUS_TYPE_CPUPOOLS_GROUP);
  g_type_ensure (DOMUS_TYPE_PCI_GROUP);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/domus/Domus/ui/domus-host-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DomusHostPage, facts_group);
  gtk_widget_class_bind_template_child (widget_class, DomusHostPage, pcpu_now_group);
  gtk_widget_class_bind_template_child (widget_class, DomusHostPage, pcpu_chart);
  gtk_widget_class_bind_template_child (widget_class, DomusHostPage, memory_chart);
  gtk_widget_class_bind_template_child (widget_class, DomusHostPage, version_label);
  gtk_widget_class_bind_template_child (widget_class, DomusHostPage, commandline_label);
  gtk_widget_class_bind_template_child (widget_class, DomusHostPage, scheduler_label);
  gtk_widget_class_bind_template_child (widget_class, DomusHostPage, cpupools_group);
  gtk_widget_class_bind_template_child (widget_class, DomusHostPage, pci_group);
  gtk_widget_class_bind_template_child (widget_class, DomusHostPage, pcpus_row);
  gtk_widget_class_bind_template_child (widget_class, DomusHostPage, memory_row);
  gtk_widget_class_bind_template_child (widget_class, DomusHostPage, virt_row);
  gtk_widget_class_bind_template_child (widget_class, DomusHostPage, virt_label);
  gtk_widget_class_bind_template_child (widget_class, DomusHostPage, pcpus_label);
  gtk_widget_class_bind_template_child (widget_class, DomusHostPage, memory_label);
  gtk_widget_class_bind_template_child (widget_class, DomusHostPage, backend_label);

  gtk_widget_class_bind_template_child (widget_class, DomusHostPage, record_revealer);
  gtk_widget_class_bind_template_child (widget_class, DomusHostPage, record_label);
  gtk_widget_class_bind_template_child (widget_class, DomusHostPage, stop_button);

  gtk_widget_class_install_action (widget_class, "host.show-log", NULL, show_log_action);
  gtk_widget_class_install_action (widget_class, "host.record", NULL, record_action);
  gtk_widget_class_install_action (widget_class, "host.record-to", "s", record_to_action);
  gtk_widget_class_install_action (widget_class, "host.stop-recording", NULL, stop_recording_action);
}

static void
domus_host_page_init (DomusHostPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->pcpu_bars = g_ptr_array_new ();
  self->pcpu_labels = g_ptr_array_new ();
  g_signal_connect_object (self->record_revealer, "notify::child-revealed", G_CALLBACK (indicator_revealed_cb),
                           self, G_CONNECT_SWAPPED);
  update_record_actions (self);
}
