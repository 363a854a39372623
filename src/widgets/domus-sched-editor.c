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
#include "domus-error.h"
#include "domus-format.h"
#include "domus-sched-editor.h"

/* ------------------------------------------------------------------------ */
/* DomusLiveSetting                                                         */
/* ------------------------------------------------------------------------ */

struct _DomusLiveSetting
{
  GObject        parent_instance;

  /* Owned references */
  DomusHost     *host;
  DomusDomain   *domain;
  DomusVcpu     *vcpu;         /* PIN only */

  DomusLiveKind  kind;
  guint          vcpu_id;

  gint64         value;        /* what the control shows */
  gint64         sent;         /* the last value the host accepted from us */
  gint64         sending;      /* the value on its way */
  guint          debounce_id;
  guint          has_sent : 1; /* `sent` is what the host has, as far as we know */
  guint          in_flight : 1;
  guint          resend : 1;   /* committed while in flight: send the latest after */
  guint          held : 1;
};

enum {
  LIVE_PROP_0,
  LIVE_PROP_VALUE,
  LIVE_N_PROPS
};

enum {
  LIVE_FAILED,
  LIVE_N_SIGNALS
};

static GParamSpec *live_properties[LIVE_N_PROPS];
static guint live_signals[LIVE_N_SIGNALS];

G_DEFINE_FINAL_TYPE (DomusLiveSetting, domus_live_setting, G_TYPE_OBJECT)

static void domus_live_setting_send_if_needed (DomusLiveSetting *self);

gint64
domus_live_setting_get_host_value (DomusLiveSetting *self)
{
  g_return_val_if_fail (DOMUS_IS_LIVE_SETTING (self), 0);

  switch (self->kind)
    {
    case DOMUS_LIVE_WEIGHT:
      return domus_domain_get_weight (self->domain);
    case DOMUS_LIVE_CAP:
      return domus_domain_get_cap (self->domain);
    case DOMUS_LIVE_VCPUS:
      return domus_domain_get_vcpus_online (self->domain);
    case DOMUS_LIVE_MEMORY:
      if (domus_domain_get_memory_target_kib (self->domain) > 0)
        return domus_domain_get_memory_target_kib (self->domain);
      return domus_domain_get_memory_kib (self->domain);
    case DOMUS_LIVE_PIN:
      {
        guint n_pcpus = domus_host_get_n_pcpus (self->host);
        guint64 mask = 0;

        if (self->vcpu == NULL
            || !domus_cpulist_parse (domus_vcpu_get_affinity (self->vcpu), n_pcpus, &mask, NULL))
          mask = domus_cpulist_all (MIN (n_pcpus, DOMUS_CPULIST_MAX_PCPUS));
        return (gint64) mask;
      }
    default:
      g_return_val_if_reached (0);
    }
}

/* What the host has, as far as we know: what it last accepted from us, until
 * it reports something else. */
static gint64
domus_live_setting_get_known_value (DomusLiveSetting *self)
{
  return self->has_sent ? self->sent : domus_live_setting_get_host_value (self);
}

static void
domus_live_setting_set_value_internal (DomusLiveSetting *self,
                                       gint64            value)
{
  if (self->value == value)
    return;
  self->value = value;
  g_object_notify_by_pspec (G_OBJECT (self), live_properties[LIVE_PROP_VALUE]);
}

gboolean
domus_live_setting_is_busy (DomusLiveSetting *self)
{
  g_return_val_if_fail (DOMUS_IS_LIVE_SETTING (self), FALSE);

  return self->debounce_id != 0 || self->in_flight || self->held;
}

static void
domus_live_setting_host_changed (DomusLiveSetting *self)
{
  /* The user's value wins while it is being changed or sent. */
  if (domus_live_setting_is_busy (self))
    return;
  self->has_sent = FALSE;
  domus_live_setting_set_value_internal (self, domus_live_setting_get_host_value (self));
}

static void
domus_live_setting_done_cb (GObject      *source,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(DomusLiveSetting) self = user_data;
  g_autoptr(GError) error = NULL;

  self->in_flight = FALSE;

  if (domus_host_request_finish (DOMUS_HOST (source), result, &error) < 0)
    {
      g_debug ("%s refused %" G_GINT64_FORMAT ": %s",
               domus_domain_get_name (self->domain), self->sending, error->message);
      /* Back to what the host reports, and drop whatever was queued. */
      g_clear_handle_id (&self->debounce_id, g_source_remove);
      self->resend = FALSE;
      self->has_sent = FALSE;
      domus_live_setting_set_value_internal (self, domus_live_setting_get_host_value (self));
      g_signal_emit (self, live_signals[LIVE_FAILED], 0, error);
      return;
    }

  self->sent = self->sending;
  self->has_sent = TRUE;

  if (self->resend)
    {
      self->resend = FALSE;
      domus_live_setting_send_if_needed (self);
    }
  else if (!domus_live_setting_is_busy (self))
    {
      /* The host may have settled on another value than ours (a backend
       * that rounds): show it once it has reported. */
      if (domus_live_setting_get_host_value (self) == self->sent)
        self->has_sent = FALSE;
    }
}

static void
domus_live_setting_send_if_needed (DomusLiveSetting *self)
{
  DomusRequest *request;

  g_assert (!self->in_flight);

  /* Nothing twice: not what the host has, nor what we sent last. */
  if (self->value == domus_live_setting_get_known_value (self))
    return;

  switch (self->kind)
    {
    case DOMUS_LIVE_WEIGHT:
      request = domus_request_new_for_domain (DOMUS_REQUEST_SCHEDULER, self->domain);
      request->weight = (int) CLAMP (self->value, G_MININT, G_MAXINT);
      request->cap = -1;
      break;
    case DOMUS_LIVE_CAP:
      request = domus_request_new_for_domain (DOMUS_REQUEST_SCHEDULER, self->domain);
      request->weight = -1;
      request->cap = (int) CLAMP (self->value, G_MININT, G_MAXINT);
      break;
    case DOMUS_LIVE_VCPUS:
      request = domus_request_new_for_domain (DOMUS_REQUEST_VCPUS, self->domain);
      request->vcpus = (guint) CLAMP (self->value, 0, G_MAXUINT);
      break;
    case DOMUS_LIVE_MEMORY:
      request = domus_request_new_for_domain (DOMUS_REQUEST_MEMORY, self->domain);
      request->memory_kib = (guint64) MAX (self->value, 0);
      break;
    case DOMUS_LIVE_PIN:
      request = domus_request_new_for_domain (DOMUS_REQUEST_PIN, self->domain);
      request->vcpu = self->vcpu_id;
      request->affinity = (guint64) self->value;
      break;
    default:
      g_return_if_reached ();
    }

  g_debug ("sending %s %" G_GINT64_FORMAT " to %s", domus_request_kind_to_string (request->kind),
           self->value, domus_domain_get_name (self->domain));
  self->sending = self->value;
  self->in_flight = TRUE;
  domus_host_request_async (self->host, request, NULL, domus_live_setting_done_cb,
                            g_object_ref (self));
}

void
domus_live_setting_commit (DomusLiveSetting *self)
{
  g_return_if_fail (DOMUS_IS_LIVE_SETTING (self));

  g_clear_handle_id (&self->debounce_id, g_source_remove);
  if (self->in_flight)
    self->resend = TRUE;
  else
    domus_live_setting_send_if_needed (self);
}

static gboolean
domus_live_setting_debounce_cb (gpointer user_data)
{
  DomusLiveSetting *self = user_data;

  self->debounce_id = 0;
  domus_live_setting_commit (self);
  return G_SOURCE_REMOVE;
}

void
domus_live_setting_change (DomusLiveSetting *self,
                           gint64            value)
{
  g_return_if_fail (DOMUS_IS_LIVE_SETTING (self));

  domus_live_setting_set_value_internal (self, value);
  g_clear_handle_id (&self->debounce_id, g_source_remove);
  self->debounce_id = g_timeout_add_full (G_PRIORITY_DEFAULT, DOMUS_LIVE_SETTING_DELAY_MS,
                                          domus_live_setting_debounce_cb,
                                          g_object_ref (self), g_object_unref);
}

void
domus_live_setting_hold (DomusLiveSetting *self,
                         gboolean          held)
{
  g_return_if_fail (DOMUS_IS_LIVE_SETTING (self));

  if (self->held == !!held)
    return;
  self->held = !!held;
  if (!held)
    {
      domus_live_setting_commit (self);
      /* Nothing was changed while held: catch up with the host. */
      if (!domus_live_setting_is_busy (self))
        domus_live_setting_host_changed (self);
    }
}

gint64
domus_live_setting_get_value (DomusLiveSetting *self)
{
  g_return_val_if_fail (DOMUS_IS_LIVE_SETTING (self), 0);

  return self->value;
}

DomusDomain *
domus_live_setting_get_domain (DomusLiveSetting *self)
{
  g_return_val_if_fail (DOMUS_IS_LIVE_SETTING (self), NULL);

  return self->domain;
}

static void
domus_live_setting_dispose (GObject *object)
{
  DomusLiveSetting *self = DOMUS_LIVE_SETTING (object);

  /* The timeout holds a reference: there is none left when we get here. */
  g_assert (self->debounce_id == 0);

  g_clear_object (&self->vcpu);
  g_clear_object (&self->domain);
  g_clear_object (&self->host);

  G_OBJECT_CLASS (domus_live_setting_parent_class)->dispose (object);
}

static void
domus_live_setting_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  DomusLiveSetting *self = DOMUS_LIVE_SETTING (object);

  switch (prop_id)
    {
    case LIVE_PROP_VALUE:
      g_value_set_int64 (value, self->value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
domus_live_setting_class_init (DomusLiveSettingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = domus_live_setting_dispose;
  object_class->get_property = domus_live_setting_get_property;

  live_properties[LIVE_PROP_VALUE] =
    g_param_spec_int64 ("value", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, LIVE_N_PROPS, live_properties);

  /* The host refused a value (the control is back to the host's): the
   * backend's message says why. */
  live_signals[LIVE_FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
domus_live_setting_init (DomusLiveSetting *self)
{
}

DomusLiveSetting *
domus_live_setting_new (DomusHost     *host,
                        DomusDomain   *domain,
                        DomusLiveKind  kind,
                        guint          vcpu)
{
  static const char * const watched[] = {
    [DOMUS_LIVE_WEIGHT] = "notify::weight",
    [DOMUS_LIVE_CAP] = "notify::cap",
    [DOMUS_LIVE_VCPUS] = "notify::vcpus-online",
    [DOMUS_LIVE_MEMORY] = "notify::memory-target-kib",
  };
  DomusLiveSetting *self;

  g_return_val_if_fail (DOMUS_IS_HOST (host), NULL);
  g_return_val_if_fail (DOMUS_IS_DOMAIN (domain), NULL);
  g_return_val_if_fail (kind <= DOMUS_LIVE_PIN, NULL);

  self = g_object_new (DOMUS_TYPE_LIVE_SETTING, NULL);
  self->host = g_object_ref (host);
  self->domain = g_object_ref (domain);
  self->kind = kind;
  self->vcpu_id = vcpu;

  if (kind == DOMUS_LIVE_PIN)
    {
      self->vcpu = g_list_model_get_item (domus_domain_get_vcpus (domain), vcpu);
      if (self->vcpu != NULL)
        g_signal_connect_object (self->vcpu, "notify::affinity",
                                 G_CALLBACK (domus_live_setting_host_changed), self,
                                 G_CONNECT_SWAPPED);
    }
  else
    {
      g_signal_connect_object (domain, watched[kind],
                               G_CALLBACK (domus_live_setting_host_changed), self,
                               G_CONNECT_SWAPPED);
    }

  self->value = domus_live_setting_get_host_value (self);
  return self;
}

static gboolean
domus_live_setting_pointer_cb (GtkEventControllerLegacy *controller,
                               GdkEvent                 *event,
                               gpointer                  user_data)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  DomusLiveSetting *self = g_object_get_data (G_OBJECT (widget), "domus-live-setting");

  if (self == NULL)
    return GDK_EVENT_PROPAGATE;

  switch ((int) gdk_event_get_event_type (event))
    {
    case GDK_BUTTON_PRESS:
    case GDK_TOUCH_BEGIN:
      domus_live_setting_hold (self, TRUE);
      break;
    case GDK_BUTTON_RELEASE:
    case GDK_TOUCH_END:
    case GDK_TOUCH_CANCEL:
    case GDK_GRAB_BROKEN:
      /* Sent on release, without waiting for the debounce. */
      domus_live_setting_hold (self, FALSE);
      break;
    default:
      break;
    }

  /* Only watching: the slider handles the event. */
  return GDK_EVENT_PROPAGATE;
}

void
domus_live_setting_attach (DomusLiveSetting *self,
                           GtkWidget        *widget)
{
  DomusLiveSetting *old;

  g_return_if_fail (self == NULL || DOMUS_IS_LIVE_SETTING (self));
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (g_object_get_data (G_OBJECT (widget), "domus-live-controller") == NULL)
    {
      GtkEventController *controller = gtk_event_controller_legacy_new ();

      gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
      g_signal_connect (controller, "event", G_CALLBACK (domus_live_setting_pointer_cb), NULL);
      gtk_widget_add_controller (widget, controller);
      g_object_set_data (G_OBJECT (widget), "domus-live-controller", controller);
    }

  old = g_object_get_data (G_OBJECT (widget), "domus-live-setting");
  if (old == self)
    return;
  if (old != NULL)
    domus_live_setting_hold (old, FALSE);
  g_object_set_data_full (G_OBJECT (widget), "domus-live-setting",
                          self != NULL ? g_object_ref (self) : NULL, g_object_unref);
}

void
domus_live_setting_flush (DomusLiveSetting *self)
{
  g_return_if_fail (DOMUS_IS_LIVE_SETTING (self));

  domus_live_setting_hold (self, FALSE);
  domus_live_setting_commit (self);
}

/* ------------------------------------------------------------------------ */
/* Helpers shared with the page                                             */
/* ------------------------------------------------------------------------ */

char *
domus_domain_unavailable_reason (DomusHost   *host,
                                 DomusDomain *domain)
{
  GListModel *domains;
  gboolean present = FALSE;

  g_return_val_if_fail (DOMUS_IS_HOST (host), NULL);
  g_return_val_if_fail (DOMUS_IS_DOMAIN (domain), NULL);

  domains = domus_host_get_domains (host);
  for (guint i = 0, n = g_list_model_get_n_items (domains); i < n && !present; i++)
    {
      g_autoptr(DomusDomain) d = g_list_model_get_item (domains, i);
      present = d == domain;
    }

  if (!present)
    /* TRANSLATORS: %s is a domain name */
    return g_strdup_printf (_("“%s” no longer exists"), domus_domain_get_name (domain));

  switch (domus_domain_get_state (domain))
    {
    case DOMUS_DOMAIN_STATE_SHUTDOWN:
    case DOMUS_DOMAIN_STATE_DYING:
      /* TRANSLATORS: %s is a domain name */
      return g_strdup_printf (_("“%s” is shutting down"), domus_domain_get_name (domain));
    case DOMUS_DOMAIN_STATE_CRASHED:
      /* TRANSLATORS: %s is a domain name */
      return g_strdup_printf (_("“%s” has crashed"), domus_domain_get_name (domain));
    case DOMUS_DOMAIN_STATE_RUNNING:
    case DOMUS_DOMAIN_STATE_BLOCKED:
    case DOMUS_DOMAIN_STATE_PAUSED:
    default:
      return NULL;
    }
}

/* Forgets the toast once gone, so that a later one does not dismiss it again. */
static void
toast_dismissed_cb (AdwToast  *toast,
                    GtkWidget *overlay)
{
  if (g_object_get_data (G_OBJECT (overlay), "domus-error-toast") == toast)
    g_object_set_data (G_OBJECT (overlay), "domus-error-toast", NULL);
}

void
domus_show_error_toast (GtkWidget  *widget,
                        const char *message)
{
  GtkWidget *overlay;
  AdwToast *last;
  AdwToast *toast;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (message != NULL);

  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  if (overlay == NULL)
    {
      g_message ("%s", message);
      return;
    }

  /* One message at a time: a newer failure replaces the last, rather than
   * queueing behind it while the user goes on dragging. */
  last = g_object_get_data (G_OBJECT (overlay), "domus-error-toast");
  if (last != NULL)
    adw_toast_dismiss (last);

  toast = adw_toast_new (message);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, 6);
  g_object_set_data_full (G_OBJECT (overlay), "domus-error-toast", g_object_ref (toast),
                          g_object_unref);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (toast_dismissed_cb), overlay, 0);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}

/* ------------------------------------------------------------------------ */
/* DomusSchedEditor                                                         */
/* ------------------------------------------------------------------------ */

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
  domus_show_error_toast (GTK_WIDGET (self), error->message);
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

  domus_live_setting_attach (NULL, GTK_WIDGET (self->weight_scale));
  domus_live_setting_attach (NULL, GTK_WIDGET (self->cap_scale));
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
      domus_live_setting_attach (self->weight, GTK_WIDGET (self->weight_scale));
      domus_live_setting_attach (self->cap, GTK_WIDGET (self->cap_scale));
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
