/* domus-domain-follower.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "domus-domain-follower.h"

struct _DomusDomainFollower
{
  GObject      parent_instance;

  DomusHost   *host;
  DomusDomain *domain;
  char        *name;
  gulong       domains_changed_id;
};

enum {
  REPLACED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DomusDomainFollower, domus_domain_follower, G_TYPE_OBJECT)

/* The domain stays while it is in the host's list, even beside another of
 * its name; once it has gone, the first of its name takes its place. */
static void
domains_changed_cb (DomusDomainFollower *self)
{
  DomusDomain *namesake;

  if (self->name == NULL)
    return;
  if (self->domain != NULL
      && domus_host_lookup_domain_by_id (self->host, domus_domain_get_id (self->domain)) == self->domain)
    return;
  namesake = domus_host_lookup_domain_by_name (self->host, self->name);
  if (namesake == self->domain)
    return;
  g_set_object (&self->domain, namesake);
  g_signal_emit (self, signals[REPLACED], 0);
}

gboolean
domus_domain_follower_set_target (DomusDomainFollower *self,
                                  DomusHost           *host,
                                  DomusDomain         *domain)
{
  gboolean another;

  g_return_val_if_fail (DOMUS_IS_DOMAIN_FOLLOWER (self), FALSE);
  g_return_val_if_fail (host == NULL || DOMUS_IS_HOST (host), FALSE);
  g_return_val_if_fail (domain == NULL || DOMUS_IS_DOMAIN (domain), FALSE);

  if (self->host != host)
    {
      if (self->host != NULL)
        g_clear_signal_handler (&self->domains_changed_id, domus_host_get_domains (self->host));
      g_set_object (&self->host, host);
      if (host != NULL)
        self->domains_changed_id =
          g_signal_connect_object (domus_host_get_domains (host), "items-changed",
                                   G_CALLBACK (domains_changed_cb), self, G_CONNECT_SWAPPED);
    }

  another = domain == NULL || g_strcmp0 (self->name, domus_domain_get_name (domain)) != 0;
  if (another)
    {
      g_free (self->name);
      self->name = domain != NULL ? g_strdup (domus_domain_get_name (domain)) : NULL;
    }
  g_set_object (&self->domain, domain);
  return another;
}

DomusHost *
domus_domain_follower_get_host (DomusDomainFollower *self)
{
  g_return_val_if_fail (DOMUS_IS_DOMAIN_FOLLOWER (self), NULL);
  return self->host;
}

DomusDomain *
domus_domain_follower_get_domain (DomusDomainFollower *self)
{
  g_return_val_if_fail (DOMUS_IS_DOMAIN_FOLLOWER (self), NULL);
  return self->domain;
}

const char *
domus_domain_follower_get_name (DomusDomainFollower *self)
{
  g_return_val_if_fail (DOMUS_IS_DOMAIN_FOLLOWER (self), NULL);
  return self->name;
}

static void
domus_domain_follower_dispose (GObject *object)
{
  DomusDomainFollower *self = DOMUS_DOMAIN_FOLLOWER (object);

  domus_domain_follower_set_target (self, NULL, NULL);

  G_OBJECT_CLASS (domus_domain_follower_parent_class)->dispose (object);
}

static void
domus_domain_follower_class_init (DomusDomainFollowerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = domus_domain_follower_dispose;

  /* The domain followed left the host's list: domus_domain_follower_get_domain()
   * is now the one of the same name, or NULL; or one of the name appeared
   * while there was none. */
  signals[REPLACED] =
    g_signal_new ("replaced", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
domus_domain_follower_init (DomusDomainFollower *self)
{
}

DomusDomainFollower *
domus_domain_follower_new (void)
{
  return g_object_new (DOMUS_TYPE_DOMAIN_FOLLOWER, NULL);
}
