/* domus-qos-page.h: the whole host's QoS at a glance, theory against practice
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "domus-host.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_QOS_PAGE (domus_qos_page_get_type ())
G_DECLARE_FINAL_TYPE (DomusQosPage, domus_qos_page, DOMUS, QOS_PAGE, GtkWidget)

void        domus_qos_page_set_host (DomusQosPage *self,
                                     DomusHost    *host);
/* The rows of the table, DomusQosRow, in domain id order. */
GListModel        *domus_qos_page_get_rows      (DomusQosPage *self);
/* Shows the domains of cpupool @pool alone, or of all pools (NULL or a
 * pool the host does not have), as the pool menu does. */
void               domus_qos_page_set_pool      (DomusQosPage *self,
                                                 const char   *pool);
/* Which rows the "restrict" preset applies to. */
GtkSelectionModel *domus_qos_page_get_selection (DomusQosPage *self);

G_END_DECLS
