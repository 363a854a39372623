/* domus-domain-unavailable.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "domus-domain-unavailable.h"

char *
domus_domain_unavailable_reason (DomusHost   *host,
                                 DomusDomain *domain)
{
  g_return_val_if_fail (DOMUS_IS_HOST (host), NULL);
  g_return_val_if_fail (DOMUS_IS_DOMAIN (domain), NULL);

  /* The same object: an id Xen gave again to a new domain is not it. */
  if (domus_host_lookup_domain_by_id (host, domus_domain_get_id (domain)) != domain)
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
