/* domus-fleet-host.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-fleet"

#include "config.h"

#include "domus-fleet-host.h"

#include <glib/gi18n-lib.h>

#include "domus-backend.h"
#include "domus-remote-address.h"

struct _DomusFleetHost
{
  GObject              parent_instance;

  char                *address;      /* NULL for this computer's host */
  char                *title;
  DomusFleetHostState  state;
  char                *message;
  DomusHost           *host;
  DomusClock          *clock;
  GCancellable        *cancellable;  /* the connection under way */
  guint                retry_id;
  gulong               error_handler;
};

enum {
  PROP_0,
  PROP_TITLE,
  PROP_STATE,
  PROP_MESSAGE,
  PROP_HOST,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_ENUM_TYPE (DomusFleetHostState, domus_fleet_host_state,
                    G_DEFINE_ENUM_VALUE (DOMUS_FLEET_HOST_CONNECTING, "connecting"),
                    G_DEFINE_ENUM_VALUE (DOMUS_FLEET_HOST_CONNECTED, "connected"),
                    G_DEFINE_ENUM_VALUE (DOMUS_FLEET_HOST_LOST, "lost"))

G_DEFINE_FINAL_TYPE (DomusFleetHost, domus_fleet_host, G_TYPE_OBJECT)

static void
set_state (DomusFleetHost      *self,
           DomusFleetHostState  state,
           const char          *message)
{
  GObject *object = G_OBJECT (self);

  g_object_freeze_notify (object);
  if (g_strcmp0 (self->message, message) != 0)
    {
      g_free (self->message);
      self->message = g_strdup (message);
      g_object_notify_by_pspec (object, properties[PROP_MESSAGE]);
    }
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (object, properties[PROP_STATE]);
    }
  g_object_thaw_notify (object);
}

/* The host reads again, or cannot: a remote one whose agent went starts
 * it again at its next refresh, on its own. */
static void
host_error_cb (DomusFleetHost *self)
{
  const GError *error = domus_host_get_error (self->host);

  if (error != NULL)
    set_state (self, DOMUS_FLEET_HOST_LOST, error->message);
  else
    set_state (self, DOMUS_FLEET_HOST_CONNECTED, NULL);
}

/* The host's own name; and the name it was reached by, when that differs:
 * a lab's hosts may all call themselves "dom0". */
static char *
title_for (DomusFleetHost *self,
           DomusHost      *host)
{
  const char *hostname = domus_host_get_hostname (host);
  g_autofree char *reached_by = domus_fleet_host_dup_migrate_name (self);

  if (hostname == NULL || hostname[0] == '\0')
    return g_strdup (self->address);
  if (reached_by != NULL && g_ascii_strcasecmp (reached_by, hostname) != 0)
    /* TRANSLATORS: a host's own name, then the name it was reached by
     * over ssh: "dom0 (lab-a)" */
    return g_strdup_printf (_("%s (%s)"), hostname, reached_by);
  return g_strdup (hostname);
}

static void
adopt_host (DomusFleetHost *self,
            DomusHost      *host)
{
  self->host = host;
  g_free (self->title);
  self->title = title_for (self, host);
  self->error_handler = g_signal_connect_swapped (host, "notify::error", G_CALLBACK (host_error_cb), self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOST]);
  host_error_cb (self);
}

static void start_connecting (DomusFleetHost *self);

static gboolean
retry_cb (gpointer data)
{
  DomusFleetHost *self = data;

  self->retry_id = 0;
  start_connecting (self);
  return G_SOURCE_REMOVE;
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(DomusFleetHost) self = user_data;
  g_autoptr(GError) error = NULL;
  DomusHost *host = domus_backend_connect_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  if (host == NULL)
    {
      g_debug ("%s: %s", self->address, error->message);
      set_state (self, DOMUS_FLEET_HOST_LOST, error->message);
      self->retry_id = g_timeout_add_seconds (DOMUS_FLEET_HOST_RETRY_SECONDS, retry_cb, self);
      return;
    }
  adopt_host (self, host);
}

static void
start_connecting (DomusFleetHost *self)
{
  /* The reason it was lost stays in view while it tries again. */
  set_state (self, DOMUS_FLEET_HOST_CONNECTING, self->message);
  self->cancellable = g_cancellable_new ();
  domus_backend_connect_async (self->address, self->clock, self->cancellable, connected_cb,
                               g_object_ref (self));
}

void
domus_fleet_host_stop (DomusFleetHost *self)
{
  g_return_if_fail (DOMUS_IS_FLEET_HOST (self));

  g_clear_handle_id (&self->retry_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

static void
domus_fleet_host_dispose (GObject *object)
{
  DomusFleetHost *self = DOMUS_FLEET_HOST (object);

  domus_fleet_host_stop (self);
  if (self->host != NULL)
    g_clear_signal_handler (&self->error_handler, self->host);
  g_clear_object (&self->host);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (domus_fleet_host_parent_class)->dispose (object);
}

static void
domus_fleet_host_finalize (GObject *object)
{
  DomusFleetHost *self = DOMUS_FLEET_HOST (object);

  g_free (self->address);
  g_free (self->title);
  g_free (self->message);

  G_OBJECT_CLASS (domus_fleet_host_parent_class)->finalize (object);
}

static void
domus_fleet_host_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  DomusFleetHost *self = DOMUS_FLEET_HOST (object);

  switch (prop_id)
    {
    case PROP_TITLE: g_value_set_string (value, self->title); break;
    case PROP_STATE: g_value_set_enum (value, self->state); break;
    case PROP_MESSAGE: g_value_set_string (value, self->message); break;
    case PROP_HOST: g_value_set_object (value, self->host); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
domus_fleet_host_class_init (DomusFleetHostClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = domus_fleet_host_dispose;
  object_class->finalize = domus_fleet_host_finalize;
  object_class->get_property = domus_fleet_host_get_property;

  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, DOMUS_TYPE_FLEET_HOST_STATE,
                                              DOMUS_FLEET_HOST_CONNECTING, flags);
  properties[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, NULL, flags);
  properties[PROP_HOST] = g_param_spec_object ("host", NULL, NULL, DOMUS_TYPE_HOST, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
domus_fleet_host_init (DomusFleetHost *self)
{
}

DomusFleetHost *
domus_fleet_host_new_for_host (DomusHost  *host,
                               const char *title)
{
  DomusFleetHost *self;

  g_return_val_if_fail (DOMUS_IS_HOST (host), NULL);

  self = g_object_new (DOMUS_TYPE_FLEET_HOST, NULL);
  adopt_host (self, g_object_ref (host));
  if (title != NULL)
    {
      g_free (self->title);
      self->title = g_strdup (title);
    }
  return self;
}

DomusFleetHost *
domus_fleet_host_new_connected (DomusHost  *host,
                                const char *address)
{
  DomusFleetHost *self;

  g_return_val_if_fail (DOMUS_IS_HOST (host), NULL);
  g_return_val_if_fail (address != NULL, NULL);

  self = g_object_new (DOMUS_TYPE_FLEET_HOST, NULL);
  self->address = g_strdup (address);
  adopt_host (self, g_object_ref (host));
  return self;
}

char *
domus_fleet_host_dup_migrate_name (DomusFleetHost *self)
{
  g_autoptr(DomusRemoteAddress) parsed = NULL;

  g_return_val_if_fail (DOMUS_IS_FLEET_HOST (self), NULL);

  if (self->address == NULL || !(parsed = domus_remote_address_parse (self->address, NULL))
      || parsed->kind != DOMUS_REMOTE_SSH)
    return NULL;
  return g_strdup (parsed->host);
}

DomusFleetHost *
domus_fleet_host_new (const char *address,
                      DomusClock *clock)
{
  DomusFleetHost *self;

  g_return_val_if_fail (address != NULL, NULL);
  g_return_val_if_fail (clock == NULL || DOMUS_IS_CLOCK (clock), NULL);

  self = g_object_new (DOMUS_TYPE_FLEET_HOST, NULL);
  self->address = g_strdup (address);
  self->title = g_strdup (address);
  self->clock = clock != NULL ? g_object_ref (clock) : NULL;
  start_connecting (self);
  return self;
}

const char *
domus_fleet_host_get_address (DomusFleetHost *self)
{
  g_return_val_if_fail (DOMUS_IS_FLEET_HOST (self), NULL);

  return self->address;
}

const char *
domus_fleet_host_get_title (DomusFleetHost *self)
{
  g_return_val_if_fail (DOMUS_IS_FLEET_HOST (self), NULL);

  return self->title;
}

DomusFleetHostState
domus_fleet_host_get_state (DomusFleetHost *self)
{
  g_return_val_if_fail (DOMUS_IS_FLEET_HOST (self), DOMUS_FLEET_HOST_LOST);

  return self->state;
}

const char *
domus_fleet_host_get_message (DomusFleetHost *self)
{
  g_return_val_if_fail (DOMUS_IS_FLEET_HOST (self), NULL);

  return self->message;
}

DomusHost *
domus_fleet_host_get_host (DomusFleetHost *self)
{
  g_return_val_if_fail (DOMUS_IS_FLEET_HOST (self), NULL);

  return self->host;
}
