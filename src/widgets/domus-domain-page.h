/* domus-domain-page.h: one domain's charts, settings and vCPUs
 *
 * The page's controls (weight, cap, vCPUs online, pinning, balloon target)
 * change the domain live through the host given to
 * domus_domain_page_set_host(); failures show as toasts in the
 * AdwToastOverlay around the page.
 *
 * Widget actions: "sched.set-weight" (i) and "sched.set-cap" (i) on its
 * DomusSchedEditor, "controls.set-vcpus" (i) and "controls.set-memory"
 * (i, MiB) on the page: each sets a value and sends it at once;
 * "domain.show-view" (s) shows one of its views: "overview", "console"
 * (a domain with a text console) or any other the page has.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "domus-domain.h"
#include "domus-host.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_DOMAIN_PAGE (domus_domain_page_get_type ())
G_DECLARE_FINAL_TYPE (DomusDomainPage, domus_domain_page, DOMUS, DOMAIN_PAGE, GtkWidget)

DomusDomain *domus_domain_page_get_domain (DomusDomainPage *self);
void         domus_domain_page_set_domain (DomusDomainPage *self,
                                           DomusDomain     *domain);
DomusHost   *domus_domain_page_get_host   (DomusDomainPage *self);
/* Shows or hides the warning of a nearly full snapshot under the domain's
 * disks, from the host's last storage read. */
void         domus_domain_page_update_storage (DomusDomainPage *self);
void         domus_domain_page_set_host   (DomusDomainPage *self,
                                           DomusHost       *host);
/* Shows the view @name if the page has it for this domain; FALSE if not. */
gboolean     domus_domain_page_show_view  (DomusDomainPage *self,
                                           const char      *name);
/* Shows the view @name now or, for the same domain, as soon as it is there
 * (an HVM guest's screen once its VNC server is up). */
void         domus_domain_page_show_view_when_ready (DomusDomainPage *self,
                                                     const char      *name);

G_END_DECLS
