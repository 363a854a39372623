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
