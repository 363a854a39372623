/* domus-pin-grid.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-pin-grid"

#include "config.h"

#include <glib/gi18n.h>

#include "domus-cpulist.h"
#include "domus-domain-unavailable.h"
#include "domus-live-setting.h"
#include "domus-pin-grid.h"
#include "domus-toast.h"

struct _DomusPinGrid
{
  GtkWidget          parent_instance;

  /* Child widgets */
  GtkWidget         *scroller;
  GtkGrid           *grid;
  GtkLabel          *message;

  /* Owned references */
  DomusHost         *host;
  DomusDomain       *domain;
  GPtrArray         *settings;  /* DomusLiveSetting per vCPU */

  /* Borrowed: the grid's children */
  GPtrArray         *checks;    /* GtkCheckButton, vcpu * n_pcpus + pcpu */

  guint              n_pcpus;
  guint              n_vcpus;
  gulong             refreshed_id;
  guint              syncing;
};

G_DEFINE_FINAL_TYPE (DomusPinGrid, domus_pin_grid, GTK_TYPE_WIDGET)

static GtkCheckButton *
check_at (DomusPinGrid *self,
          guint         vcpu,
          guint         pcpu)
{
  return g_ptr_array_index (self->checks, vcpu * self->n_pcpus + pcpu);
}

static void
domus_pin_grid_sync_row (DomusPinGrid *self,
                         guint         vcpu)
{
  guint64 mask = (guint64) domus_live_setting_get_value (g_ptr_array_index (self->settings, vcpu));

  self->syncing++;
  for (guint p = 0; p < self->n_pcpus; p++)
    gtk_check_button_set_active (check_at (self, vcpu, p), (mask >> p) & 1);
  self->syncing--;
}

static void
setting_value_cb (DomusLiveSetting *setting,
                  GParamSpec       *pspec,
                  DomusPinGrid     *self)
{
  guint vcpu;

  if (g_ptr_array_find (self->settings, setting, &vcpu))
    domus_pin_grid_sync_row (self, vcpu);
}

static void
setting_failed_cb (DomusPinGrid *self,
                   const GError *error)
{
  domus_show_toast (GTK_WIDGET (self), error->message);
}

static void
check_toggled_cb (GtkCheckButton *check,
                  DomusPinGrid   *self)
{
  guint vcpu = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (check), "vcpu"));
  guint64 mask = 0;

  if (self->syncing > 0)
    return;

  for (guint p = 0; p < self->n_pcpus; p++)
    if (gtk_check_button_get_active (check_at (self, vcpu, p)))
      mask |= G_GUINT64_CONSTANT (1) << p;

  if (mask == 0)
    {
      g_autofree char *message =
        /* TRANSLATORS: %u is a vCPU number, counting from 0 as xl does */
        g_strdup_printf (_("vCPU %u must be allowed to run on at least one pCPU"), vcpu);

      self->syncing++;
      gtk_check_button_set_active (check, TRUE);
      self->syncing--;
      domus_show_toast (GTK_WIDGET (self), message);
      return;
    }

  /* A click is a decision: pinned at once. */
  domus_live_setting_change (g_ptr_array_index (self->settings, vcpu), (gint64) mask);
  domus_live_setting_commit (g_ptr_array_index (self->settings, vcpu));
}

static void
domus_pin_grid_update_state (DomusPinGrid *self)
{
  g_autofree char *reason = NULL;

  if (self->host != NULL && self->domain != NULL)
    reason = domus_domain_unavailable_reason (self->host, self->domain);
  gtk_widget_set_sensitive (GTK_WIDGET (self->grid), reason == NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->grid), reason);
}

static GtkWidget *
header_label (const char *text,
              float       xalign)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "numeric");
  return label;
}

static void
domus_pin_grid_clear (DomusPinGrid *self)
{
  GtkWidget *child;

  for (guint v = 0; v < self->settings->len; v++)
    {
      DomusLiveSetting *setting = g_ptr_array_index (self->settings, v);

      domus_live_setting_flush (setting);
      g_signal_handlers_disconnect_by_func (setting, setting_value_cb, self);
    }
  g_ptr_array_set_size (self->settings, 0);
  g_ptr_array_set_size (self->checks, 0);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->grid))) != NULL)
    gtk_grid_remove (self->grid, child);
  self->n_pcpus = self->n_vcpus = 0;
}

static void
domus_pin_grid_build (DomusPinGrid *self)
{
  guint n_pcpus = domus_host_get_n_pcpus (self->host);

  if (n_pcpus > DOMUS_CPULIST_MAX_PCPUS)
    {
      g_autofree char *text =
        /* TRANSLATORS: %u is the largest number of pCPUs the pinning grid shows */
        g_strdup_printf (_("Pinning can be changed here on hosts with up to %u pCPUs"),
                         DOMUS_CPULIST_MAX_PCPUS);

      gtk_label_set_label (self->message, text);
      gtk_widget_set_visible (GTK_WIDGET (self->message), TRUE);
      gtk_widget_set_visible (self->scroller, FALSE);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->message), FALSE);
  gtk_widget_set_visible (self->scroller, TRUE);

  self->n_pcpus = n_pcpus;
  self->n_vcpus = domus_domain_get_vcpus_max (self->domain);

  /* TRANSLATORS: the corner of the pinning grid, above the vCPU names and
   * left of the pCPU numbers */
  gtk_grid_attach (self->grid, header_label (C_("pinning grid", "pCPU"), 1.0), 0, 0, 1, 1);
  for (guint p = 0; p < n_pcpus; p++)
    {
      g_autofree char *number = g_strdup_printf ("%u", p);
      GtkWidget *label = header_label (number, 0.5);

      gtk_grid_attach (self->grid, label, p + 1, 0, 1, 1);
    }

  for (guint v = 0; v < self->n_vcpus; v++)
    {
      g_autoptr(DomusLiveSetting) setting = domus_live_setting_new (self->host, self->domain,
                                                                    DOMUS_LIVE_PIN, v);
      /* TRANSLATORS: a row of the pinning grid, e.g. "vCPU 0" */
      g_autofree char *name = g_strdup_printf (_("vCPU %u"), v);
      GtkWidget *label = gtk_label_new (name);

      gtk_label_set_xalign (GTK_LABEL (label), 0.0);
      gtk_widget_set_margin_end (label, 6);
      gtk_grid_attach (self->grid, label, 0, v + 1, 1, 1);

      for (guint p = 0; p < n_pcpus; p++)
        {
          /* TRANSLATORS: a check button of the pinning grid, e.g. "vCPU 1 on pCPU 3" */
          g_autofree char *text = g_strdup_printf (_("vCPU %u on pCPU %u"), v, p);
          GtkWidget *check = gtk_check_button_new ();

          gtk_widget_set_halign (check, GTK_ALIGN_CENTER);
          gtk_widget_set_tooltip_text (check, text);
          gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                          -1);
          g_object_set_data (G_OBJECT (check), "vcpu", GUINT_TO_POINTER (v));
          g_signal_connect (check, "toggled", G_CALLBACK (check_toggled_cb), self);
          gtk_grid_attach (self->grid, check, p + 1, v + 1, 1, 1);
          g_ptr_array_add (self->checks, check);
        }

      g_signal_connect_object (setting, "notify::value", G_CALLBACK (setting_value_cb), self, 0);
      g_signal_connect_object (setting, "failed", G_CALLBACK (setting_failed_cb), self,
                               G_CONNECT_SWAPPED);
      g_ptr_array_add (self->settings, g_steal_pointer (&setting));
      domus_pin_grid_sync_row (self, v);
    }
}

void
domus_pin_grid_set_target (DomusPinGrid *self,
                           DomusHost    *host,
                           DomusDomain  *domain)
{
  g_return_if_fail (DOMUS_IS_PIN_GRID (self));
  g_return_if_fail (host == NULL || DOMUS_IS_HOST (host));
  g_return_if_fail (domain == NULL || DOMUS_IS_DOMAIN (domain));

  if (host == self->host && domain == self->domain)
    return;

  domus_pin_grid_clear (self);
  if (self->host != NULL)
    g_clear_signal_handler (&self->refreshed_id, self->host);
  g_set_object (&self->host, host);
  g_set_object (&self->domain, domain);

  if (host != NULL && domain != NULL)
    {
      domus_pin_grid_build (self);
      self->refreshed_id = g_signal_connect_object (host, "refreshed",
                                                    G_CALLBACK (domus_pin_grid_update_state),
                                                    self, G_CONNECT_SWAPPED);
    }
  domus_pin_grid_update_state (self);
}

GtkCheckButton *
domus_pin_grid_get_check (DomusPinGrid *self,
                          guint         vcpu,
                          guint         pcpu)
{
  g_return_val_if_fail (DOMUS_IS_PIN_GRID (self), NULL);

  if (vcpu >= self->n_vcpus || pcpu >= self->n_pcpus)
    return NULL;
  return check_at (self, vcpu, pcpu);
}

GtkWidget *
domus_pin_grid_new (void)
{
  return g_object_new (DOMUS_TYPE_PIN_GRID, NULL);
}

static void
domus_pin_grid_dispose (GObject *object)
{
  DomusPinGrid *self = DOMUS_PIN_GRID (object);
  GtkWidget *child;

  domus_pin_grid_set_target (self, NULL, NULL);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (domus_pin_grid_parent_class)->dispose (object);
}

static void
domus_pin_grid_finalize (GObject *object)
{
  DomusPinGrid *self = DOMUS_PIN_GRID (object);

  g_clear_pointer (&self->settings, g_ptr_array_unref);
  g_clear_pointer (&self->checks, g_ptr_array_unref);

  G_OBJECT_CLASS (domus_pin_grid_parent_class)->finalize (object);
}

static void
domus_pin_grid_class_init (DomusPinGridClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = domus_pin_grid_dispose;
  object_class->finalize = domus_pin_grid_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "domus-pin-grid");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
domus_pin_grid_init (DomusPinGrid *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);

  self->settings = g_ptr_array_new_with_free_func (g_object_unref);
  self->checks = g_ptr_array_new ();

  self->grid = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_column_spacing (self->grid, 2);
  gtk_grid_set_row_spacing (self->grid, 2);
  gtk_grid_set_column_homogeneous (self->grid, FALSE);
  gtk_widget_set_halign (GTK_WIDGET (self->grid), GTK_ALIGN_START);

  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller),
                                  GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
  gtk_scrolled_window_set_propagate_natural_width (GTK_SCROLLED_WINDOW (self->scroller), TRUE);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (self->scroller), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), GTK_WIDGET (self->grid));
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));

  self->message = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->message, TRUE);
  gtk_label_set_xalign (self->message, 0.0);
  gtk_widget_add_css_class (GTK_WIDGET (self->message), "dim-label");
  gtk_widget_set_visible (GTK_WIDGET (self->message), FALSE);
  gtk_widget_set_parent (GTK_WIDGET (self->message), GTK_WIDGET (self));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Hard affinity of each vCPU"),
                                  -1);
}
