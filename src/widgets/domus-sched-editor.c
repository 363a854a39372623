/* domus-sched-editor.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-sched-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>

#include "domus-cpulist.h"
#include "domus-domain-unavailable.h"
#include "domus-error.h"
#include "domus-format.h"
#include "domus-live-setting.h"
#include "domus-live-slider.h"
#include "domus-sched-editor.h"
#include "domus-toast.h"

#define WEIGHT_MIN     1
#define WEIGHT_MAX     65535
#define WEIGHT_DEFAULT 256

struct _DomusSchedEditor
{
  AdwPreferencesGroup  parent_instance;

  /* Template widgets */
  AdwPreferencesRow   *weight_row;
  GtkLabel            *weight_subtitle;
  GtkScale            *weight_scale;
  GtkSpinButton       *weight_spin;
  AdwPreferencesRow   *cap_row;
  GtkLabel            *cap_subtitle;
  GtkScale            *cap_scale;
  GtkSpinButton       *cap_spin;

  /* Owned references */
  DomusHost           *host;
  DomusDomain         *domain;
  DomusLiveSetting    *weight;
  DomusLiveSetting    *cap;

  gulong               refreshed_id;
  gulong               domains_changed_id;
  guint                syncing;   /* > 0 while the controls are set from code */
};

G_DEFINE_FINAL_TYPE (DomusSchedEditor, domus_sched_editor, ADW_TYPE_PREFERENCES_GROUP)

/* The weight slider is logarithmic: position log2 (weight). */
static double
weight_to_position (gint64 weight)
{
  return log2 ((double) CLAMP (weight, WEIGHT_MIN, WEIGHT_MAX));
}

static int
position_to_weight (double position)
{
  return (int) CLAMP (lround (exp2 (position)), WEIGHT_MIN, WEIGHT_MAX);
}

/* Shows the settings' values in the controls, without sending anything. */
static void
domus_sched_editor_sync_controls (DomusSchedEditor *self)
{
  self->syncing++;
  if (self->weight != NULL)
    {
      gint64 weight = domus_live_setting_get_value (self->weight);

      /* Leave the slider where the user put it if it already means this weight. */
      if (position_to_weight (gtk_range_get_value (GTK_RANGE (self->weight_scale))) != weight)
        gtk_range_set_value (GTK_RANGE (self->weight_scale), weight_to_position (weight));
      gtk_spin_button_set_value (self->weight_spin, weight);
    }
  if (self->cap != NULL)
    {
      gint64 cap = domus_live_setting_get_value (self->cap);

      gtk_range_set_value (GTK_RANGE (self->cap_scale), cap);
      gtk_spin_button_set_value (self->cap_spin, cap);
    }
  self->syncing--;
}

static void
weight_scale_changed_cb (DomusSchedEditor *self)
{
  int weight;

  if (self->syncing > 0 || self->weight == NULL)
    return;

  weight = position_to_weight (gtk_range_get_value (GTK_RANGE (self->weight_scale)));
  self->syncing++;
  gtk_spin_button_set_value (self->weight_spin, weight);
  domus_live_setting_change (self->weight, weight);
  self->syncing--;
}

static void
weight_spin_changed_cb (DomusSchedEditor *self)
{
  int weight;

  if (self->syncing > 0 || self->weight == NULL)
    return;

  weight = gtk_spin_button_get_value_as_int (self->weight_spin);
  self->syncing++;
  gtk_range_set_value (GTK_RANGE (self->weight_scale), weight_to_position (weight));
  domus_live_setting_change (self->weight, weight);
  self->syncing--;
}

static void
cap_scale_changed_cb (DomusSchedEditor *self)
{
  int cap;

  if (self->syncing > 0 || self->cap == NULL)
    return;

  cap = (int) lround (gtk_range_get_value (GTK_RANGE (self->cap_scale)));
  self->syncing++;
  gtk_spin_button_set_value (self->cap_spin, cap);
  domus_live_setting_change (self->cap, cap);
  self->syncing--;
}

static void
cap_spin_changed_cb (DomusSchedEditor *self)
{
  int cap;

  if (self->syncing > 0 || self->cap == NULL)
    return;

  cap = gtk_spin_button_get_value_as_int (self->cap_spin);
  self->syncing++;
  gtk_range_set_value (GTK_RANGE (self->cap_scale), cap);
  domus_live_setting_change (self->cap, cap);
  self->syncing--;
}

/* Enter in a spin button sends at once. */
static void
weight_spin_activate_cb (DomusSchedEditor *self)
{
  gtk_spin_button_update (self->weight_spin);
  if (self->weight != NULL)
    domus_live_setting_commit (self->weight);
}

static void
cap_spin_activate_cb (DomusSchedEditor *self)
{
  gtk_spin_button_update (self->cap_spin);
  if (self->cap != NULL)
    domus_live_setting_commit (self->cap);
}

static void
setting_failed_cb (DomusSchedEditor *self,
                   const GError     *error)
{
  domus_show_toast (GTK_WIDGET (self), error->message);
}

static gboolean
domus_sched_editor_cap_supported (DomusSchedEditor *self,
                                  char            **reason)
{
  const char *version = domus_host_get_xen_version (self->host);
  guint major = 0, minor = 0;

  if (domus_host_get_scheduler (self->host) != DOMUS_SCHEDULER_CREDIT2)
    return TRUE;
  /* Credit2 has enforced caps since Xen 4.10. */
  if (version == NULL || sscanf (version, "%u.%u", &major, &minor) != 2
      || major > 4 || (major == 4 && minor >= 10))
    return TRUE;

  /* TRANSLATORS: %s is a Xen version such as "4.9.2" */
  *reason = g_strdup_printf (_("The credit2 scheduler enforces caps from Xen 4.10 on; "
                               "this host runs Xen %s"),
                             version);
  return FALSE;
}

static void
set_row_available (AdwPreferencesRow *row,
                   const char        *reason)
{
  gtk_widget_set_sensitive (GTK_WIDGET (row), reason == NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (row), reason);
}

/* Labels that follow the scheduler; what cannot be changed, and why. */
static void
domus_sched_editor_update_state (DomusSchedEditor *self)
{
  g_autofree char *reason = NULL;
  g_autofree char *cap_reason = NULL;
  g_autofree char *weight_reason = NULL;
  const char *description;
  const char *weight_text;
  const char *cap_text;
  gboolean credit2;

  if (self->host == NULL || self->domain == NULL)
    {
      /* Nothing to change, nor anyone to ask. */
      gtk_widget_set_sensitive (GTK_WIDGET (self->weight_row), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->cap_row), FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "sched.set-weight", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "sched.set-cap", FALSE);
      return;
    }

  credit2 = domus_host_get_scheduler (self->host) == DOMUS_SCHEDULER_CREDIT2;
  if (credit2)
    {
      description = _("Credit2 scheduler: heavier domains burn their credit more slowly");
      weight_text = _("Relative to the other domains: twice the weight, twice the time on a "
                      "busy pCPU. The default is 256");
      cap_text = _("The most CPU the domain may use, as a percentage of one pCPU, enforced "
                   "every 10 ms, even when pCPUs are idle");
    }
  else
    {
      description = _("Credit scheduler: contended pCPU time is shared in proportion to weight");
      weight_text = _("Share of a busy pCPU relative to the other domains: twice the weight, "
                      "twice the share. The default is 256");
      cap_text = _("The most CPU the domain may use, as a percentage of one pCPU, even when "
                   "pCPUs are idle");
    }
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self), description);
  gtk_label_set_label (self->weight_subtitle, weight_text);
  gtk_label_set_label (self->cap_subtitle, cap_text);

  reason = domus_domain_unavailable_reason (self->host, self->domain);
  if (reason == NULL && domus_live_setting_get_host_value (self->weight) < 0)
    /* TRANSLATORS: %s is a domain name */
    weight_reason = g_strdup_printf (_("The host does not report the scheduler parameters "
                                       "of “%s”"),
                                     domus_domain_get_name (self->domain));
  if (reason == NULL && weight_reason == NULL)
    domus_sched_editor_cap_supported (self, &cap_reason);

  set_row_available (self->weight_row, reason != NULL ? reason : weight_reason);
  set_row_available (self->cap_row,
                     reason != NULL ? reason : weight_reason != NULL ? weight_reason : cap_reason);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sched.set-weight",
                                 reason == NULL && weight_reason == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sched.set-cap",
                                 reason == NULL && weight_reason == NULL && cap_reason == NULL);
}

/* The cap slider: 0 (no cap) to 100 % per vCPU, marked at each whole pCPU. */
static void
domus_sched_editor_setup_cap (DomusSchedEditor *self)
{
  guint n_vcpus = self->domain != NULL ? MAX (domus_domain_get_vcpus_max (self->domain), 1) : 1;
  guint label_every = (n_vcpus + 3) / 4;  /* at most 4 labelled marks past "No cap" */
  double upper = 100.0 * n_vcpus;

  self->syncing++;
  gtk_adjustment_configure (gtk_range_get_adjustment (GTK_RANGE (self->cap_scale)),
                            gtk_range_get_value (GTK_RANGE (self->cap_scale)),
                            0, upper, 1, 10, 0);
  gtk_adjustment_configure (gtk_spin_button_get_adjustment (self->cap_spin),
                            gtk_spin_button_get_value (self->cap_spin),
                            0, upper, 1, 10, 0);
  self->syncing--;

  gtk_scale_clear_marks (self->cap_scale);
  /* TRANSLATORS: the mark at 0 on the cap slider */
  gtk_scale_add_mark (self->cap_scale, 0, GTK_POS_BOTTOM, _("No cap"));
  for (guint i = 1; i <= n_vcpus; i++)
    {
      /* TRANSLATORS: a mark on the cap slider: a percentage of one pCPU */
      g_autofree char *label = i % label_every == 0 ? g_strdup_printf (_("%u %%"), 100 * i) : NULL;

      gtk_scale_add_mark (self->cap_scale, 100.0 * i, GTK_POS_BOTTOM, label);
    }
}

static void
domus_sched_editor_release (DomusSchedEditor  *self,
                            DomusLiveSetting **setting)
{
  if (*setting == NULL)
    return;

  /* A change still waiting goes to the domain it was made for. */
  domus_live_setting_flush (*setting);
  g_signal_handlers_disconnect_by_func (*setting, domus_sched_editor_sync_controls, self);
  g_clear_object (setting);
}

void
domus_sched_editor_set_target (DomusSchedEditor *self,
                               DomusHost        *host,
                               DomusDomain      *domain)
{
  g_return_if_fail (DOMUS_IS_SCHED_EDITOR (self));
  g_return_if_fail (host == NULL || DOMUS_IS_HOST (host));
  g_return_if_fail (domain == NULL || DOMUS_IS_DOMAIN (domain));

  if (host == self->host && domain == self->domain)
    return;

  domus_live_slider_attach (GTK_WIDGET (self->weight_scale), NULL);
  domus_live_slider_attach (GTK_WIDGET (self->cap_scale), NULL);
  domus_sched_editor_release (self, &self->weight);
  domus_sched_editor_release (self, &self->cap);
  if (self->host != NULL)
    {
      g_clear_signal_handler (&self->refreshed_id, self->host);
      g_clear_signal_handler (&self->domains_changed_id, domus_host_get_domains (self->host));
    }

  g_set_object (&self->host, host);
  g_set_object (&self->domain, domain);

  if (host != NULL && domain != NULL)
    {
      self->weight = domus_live_setting_new (host, domain, DOMUS_LIVE_WEIGHT, 0);
      self->cap = domus_live_setting_new (host, domain, DOMUS_LIVE_CAP, 0);
      g_signal_connect_object (self->weight, "notify::value",
                               G_CALLBACK (domus_sched_editor_sync_controls), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->cap, "notify::value",
                               G_CALLBACK (domus_sched_editor_sync_controls), self,
                               G_CONNECT_SWAPPED);
      /* Stays connected when the domain changes: a late refusal is still told. */
      g_signal_connect_object (self->weight, "failed", G_CALLBACK (setting_failed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->cap, "failed", G_CALLBACK (setting_failed_cb), self,
                               G_CONNECT_SWAPPED);
      domus_live_slider_attach (GTK_WIDGET (self->weight_scale), self->weight);
      domus_live_slider_attach (GTK_WIDGET (self->cap_scale), self->cap);
      self->refreshed_id = g_signal_connect_object (host, "refreshed",
                                                    G_CALLBACK (domus_sched_editor_update_state),
                                                    self, G_CONNECT_SWAPPED);
      /* A domain can go between refreshes, in a quick one after a request. */
      self->domains_changed_id =
        g_signal_connect_object (domus_host_get_domains (host), "items-changed",
                                 G_CALLBACK (domus_sched_editor_update_state), self, G_CONNECT_SWAPPED);
    }

  domus_sched_editor_setup_cap (self);
  domus_sched_editor_sync_controls (self);
  domus_sched_editor_update_state (self);
}

static void
set_weight_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  DomusSchedEditor *self = DOMUS_SCHED_EDITOR (widget);

  if (self->weight == NULL)
    return;
  domus_live_setting_change (self->weight, g_variant_get_int32 (parameter));
  domus_live_setting_commit (self->weight);
}

static void
set_cap_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  DomusSchedEditor *self = DOMUS_SCHED_EDITOR (widget);

  if (self->cap == NULL)
    return;
  domus_live_setting_change (self->cap, g_variant_get_int32 (parameter));
  domus_live_setting_commit (self->cap);
}

GtkWidget *
domus_sched_editor_new (void)
{
  return g_object_new (DOMUS_TYPE_SCHED_EDITOR, NULL);
}

static void
domus_sched_editor_dispose (GObject *object)
{
  DomusSchedEditor *self = DOMUS_SCHED_EDITOR (object);

  domus_sched_editor_set_target (self, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), DOMUS_TYPE_SCHED_EDITOR);

  G_OBJECT_CLASS (domus_sched_editor_parent_class)->dispose (object);
}

static void
domus_sched_editor_class_init (DomusSchedEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = domus_sched_editor_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/domus/Domus/ui/domus-sched-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, DomusSchedEditor, weight_row);
  gtk_widget_class_bind_template_child (widget_class, DomusSchedEditor, weight_subtitle);
  gtk_widget_class_bind_template_child (widget_class, DomusSchedEditor, weight_scale);
  gtk_widget_class_bind_template_child (widget_class, DomusSchedEditor, weight_spin);
  gtk_widget_class_bind_template_child (widget_class, DomusSchedEditor, cap_row);
  gtk_widget_class_bind_template_child (widget_class, DomusSchedEditor, cap_subtitle);
  gtk_widget_class_bind_template_child (widget_class, DomusSchedEditor, cap_scale);
  gtk_widget_class_bind_template_child (widget_class, DomusSchedEditor, cap_spin);
  gtk_widget_class_bind_template_callback (widget_class, weight_scale_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, weight_spin_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, cap_scale_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, cap_spin_changed_cb);

  gtk_widget_class_install_action (widget_class, "sched.set-weight", "i", set_weight_action);
  gtk_widget_class_install_action (widget_class, "sched.set-cap", "i", set_cap_action);
}

static void
domus_sched_editor_init (DomusSchedEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* GtkSpinButton has its own "activate" from GTK 4.14: its text's, before. */
  g_signal_connect_object (gtk_editable_get_delegate (GTK_EDITABLE (self->weight_spin)), "activate",
                           G_CALLBACK (weight_spin_activate_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_editable_get_delegate (GTK_EDITABLE (self->cap_spin)), "activate",
                           G_CALLBACK (cap_spin_activate_cb), self, G_CONNECT_SWAPPED);

  /* 1 .. 65535 on a log2 scale, the default marked. */
  gtk_range_set_range (GTK_RANGE (self->weight_scale), 0, log2 (WEIGHT_MAX));
  gtk_range_set_value (GTK_RANGE (self->weight_scale), weight_to_position (WEIGHT_DEFAULT));
  gtk_scale_add_mark (self->weight_scale, 0, GTK_POS_BOTTOM, "1");
  gtk_scale_add_mark (self->weight_scale, weight_to_position (WEIGHT_DEFAULT), GTK_POS_BOTTOM,
                      "256");
  gtk_scale_add_mark (self->weight_scale, log2 (WEIGHT_MAX), GTK_POS_BOTTOM, "65535");

  domus_sched_editor_setup_cap (self);
  domus_sched_editor_update_state (self);
}
