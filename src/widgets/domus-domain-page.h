/* domus-domain-page.h: one domain's charts, settings and vCPUs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "domus-domain.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_DOMAIN_PAGE (domus_domain_page_get_type ())
G_DECLARE_FINAL_TYPE (DomusDomainPage, domus_domain_page, DOMUS, DOMAIN_PAGE, GtkWidget)

DomusDomain *domus_domain_page_get_domain (DomusDomainPage *self);
void         domus_domain_page_set_domain (DomusDomainPage *self,
                                           DomusDomain     *domain);

G_END_DECLS
