/* domus-qos-row.h: one domain in the QoS view, with its shares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "domus-domain.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_QOS_ROW (domus_qos_row_get_type ())
G_DECLARE_FINAL_TYPE (DomusQosRow, domus_qos_row, DOMUS, QOS_ROW, GObject)

DomusQosRow *domus_qos_row_new             (DomusDomain *domain);
DomusDomain *domus_qos_row_get_domain      (DomusQosRow *self);
/* Shares in % of one pCPU; NAN until known. */
double       domus_qos_row_get_predicted   (DomusQosRow *self);
double       domus_qos_row_get_measured    (DomusQosRow *self);
const char  *domus_qos_row_get_affinity    (DomusQosRow *self);
/* The name of the cpupool the domain runs in, as the page last set it. */
const char  *domus_qos_row_get_pool        (DomusQosRow *self);
void         domus_qos_row_set_pool        (DomusQosRow *self,
                                            const char  *pool);
/* Takes the new shares and re-reads the domain's settings; notifies the
 * properties ("weight", "cap", "vcpus", "affinity", "predicted",
 * "measured") that changed, so that the table's cells follow. */
void         domus_qos_row_sync            (DomusQosRow *self,
                                            double       predicted,
                                            double       measured);

G_END_DECLS
