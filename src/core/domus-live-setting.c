/* domus-live-setting.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-live-setting"

#include "config.h"

#include "domus-cpulist.h"
#include "domus-live-setting.h"

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
  if (held)
    return;
  /* Changed while held and not sent yet: now. Otherwise nothing is sent
   * (a click that moved nothing must not undo what another client set
   * meanwhile): catch up with the host. */
  if (self->debounce_id != 0)
    domus_live_setting_commit (self);
  else if (!domus_live_setting_is_busy (self))
    domus_live_setting_host_changed (self);
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

void
domus_live_setting_flush (DomusLiveSetting *self)
{
  g_return_if_fail (DOMUS_IS_LIVE_SETTING (self));

  domus_live_setting_hold (self, FALSE);
  domus_live_setting_commit (self);
}
