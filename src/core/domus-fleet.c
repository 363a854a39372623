/* domus-fleet.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-fleet"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "domus-error.h"
#include "domus-fleet.h"
#include "domus-remote-address.h"

struct _DomusFleet
{
  GObject     parent_instance;

  GListStore *hosts;
  DomusClock *clock;
};

G_DEFINE_FINAL_TYPE (DomusFleet, domus_fleet, G_TYPE_OBJECT)

static void
domus_fleet_dispose (GObject *object)
{
  DomusFleet *self = DOMUS_FLEET (object);

  /* A connection under way holds its host: stop them all. */
  for (guint i = 0; self->hosts != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (self->hosts)); i++)
    {
      g_autoptr(DomusFleetHost) host = g_list_model_get_item (G_LIST_MODEL (self->hosts), i);

      domus_fleet_host_stop (host);
    }
  g_clear_object (&self->hosts);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (domus_fleet_parent_class)->dispose (object);
}

static void
domus_fleet_class_init (DomusFleetClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = domus_fleet_dispose;
}

static void
domus_fleet_init (DomusFleet *self)
{
  self->hosts = g_list_store_new (DOMUS_TYPE_FLEET_HOST);
}

DomusFleet *
domus_fleet_new (DomusHost  *local,
                 const char *local_title,
                 DomusClock *clock)
{
  DomusFleet *self;
  g_autoptr(DomusFleetHost) host = NULL;

  g_return_val_if_fail (DOMUS_IS_HOST (local), NULL);
  g_return_val_if_fail (clock == NULL || DOMUS_IS_CLOCK (clock), NULL);

  self = g_object_new (DOMUS_TYPE_FLEET, NULL);
  self->clock = clock != NULL ? g_object_ref (clock) : NULL;
  host = domus_fleet_host_new_for_host (local, local_title);
  g_list_store_append (self->hosts, host);
  return self;
}

GListModel *
domus_fleet_get_hosts (DomusFleet *self)
{
  g_return_val_if_fail (DOMUS_IS_FLEET (self), NULL);

  return G_LIST_MODEL (self->hosts);
}

/* "student@lab-3:2222" as "ssh://student@lab-3:2222"; whole addresses as
 * they are. */
static char *
address_of (const char *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  if (g_str_equal (stripped, "local") || strstr (stripped, "://") != NULL)
    return g_steal_pointer (&stripped);
  return g_strconcat ("ssh://", stripped, NULL);
}

/* The address @text means, or NULL and @error when it is not one or is in
 * the list already. */
static char *
new_address (DomusFleet  *self,
             const char  *text,
             GError     **error)
{
  g_autofree char *address = address_of (text);
  g_autoptr(DomusRemoteAddress) parsed = NULL;

  if (!(parsed = domus_remote_address_parse (address, error)))
    return NULL;
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->hosts)); i++)
    {
      g_autoptr(DomusFleetHost) other = g_list_model_get_item (G_LIST_MODEL (self->hosts), i);

      if (g_strcmp0 (domus_fleet_host_get_address (other), address) == 0)
        {
          g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT, _("%s is in the list already"), address);
          return NULL;
        }
    }
  return g_steal_pointer (&address);
}

DomusFleetHost *
domus_fleet_add (DomusFleet  *self,
                 const char  *text,
                 GError     **error)
{
  g_autofree char *address = NULL;
  g_autoptr(DomusFleetHost) host = NULL;

  g_return_val_if_fail (DOMUS_IS_FLEET (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  if (!(address = new_address (self, text, error)))
    return NULL;
  host = domus_fleet_host_new (address, self->clock);
  g_list_store_append (self->hosts, host);
  return host;
}

DomusFleetHost *
domus_fleet_add_connected (DomusFleet  *self,
                           const char  *text,
                           DomusHost   *host,
                           GError     **error)
{
  g_autofree char *address = NULL;
  g_autoptr(DomusFleetHost) fleet_host = NULL;

  g_return_val_if_fail (DOMUS_IS_FLEET (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (DOMUS_IS_HOST (host), NULL);

  if (!(address = new_address (self, text, error)))
    return NULL;
  fleet_host = domus_fleet_host_new_connected (host, address);
  g_list_store_append (self->hosts, fleet_host);
  return fleet_host;
}

DomusFleetHost *
domus_fleet_find_migrate_target (DomusFleet *self,
                                 const char *target)
{
  const char *at;

  g_return_val_if_fail (DOMUS_IS_FLEET (self), NULL);
  g_return_val_if_fail (target != NULL, NULL);

  /* "root@lab-b": the user is the one dom0 logs in as, not the host's. */
  at = strrchr (target, '@');
  if (at != NULL)
    target = at + 1;
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->hosts)); i++)
    {
      g_autoptr(DomusFleetHost) host = g_list_model_get_item (G_LIST_MODEL (self->hosts), i);
      g_autofree char *name = domus_fleet_host_dup_migrate_name (host);

      if (name != NULL && g_ascii_strcasecmp (name, target) == 0)
        return host;
    }
  return NULL;
}

void
domus_fleet_remove (DomusFleet     *self,
                    DomusFleetHost *host)
{
  guint position;

  g_return_if_fail (DOMUS_IS_FLEET (self));
  g_return_if_fail (DOMUS_IS_FLEET_HOST (host));

  /* This computer's host stays. */
  if (domus_fleet_host_get_address (host) == NULL
      || !g_list_store_find (self->hosts, host, &position))
    return;
  domus_fleet_host_stop (host);
  g_list_store_remove (self->hosts, position);
}

GStrv
domus_fleet_dup_addresses (DomusFleet *self)
{
  g_autoptr(GStrvBuilder) addresses = g_strv_builder_new ();

  g_return_val_if_fail (DOMUS_IS_FLEET (self), NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->hosts)); i++)
    {
      g_autoptr(DomusFleetHost) host = g_list_model_get_item (G_LIST_MODEL (self->hosts), i);

      if (domus_fleet_host_get_address (host) != NULL)
        g_strv_builder_add (addresses, domus_fleet_host_get_address (host));
    }
  return g_strv_builder_end (addresses);
}
