/* domus-qos-predictor.h: each domain's CPU share, predicted and measured
 *
 * DomusQosPredictor follows a host: after each of its refreshes it folds
 * every vCPU's state into how long it has recently been waiting for a pCPU,
 * estimates from that and from what it ran how much CPU each vCPU wants
 * (all of a pCPU for one never seen blocked in the last samples; what it
 * uses for dom0, the observer),
 * asks the scheduler model (domus_credit_model_predict_shares()) what each
 * domain gets for its weight, cap, online vCPUs and hard affinity with
 * such an appetite, and measures what it got: the mean of its last
 * DOMUS_QOS_MEASURE_SAMPLES samples. Then it emits "updated". On the
 * simulator the two agree by construction; on a real host they show how
 * far Xen follows its own rules. The QoS page and `domusctl qos` show it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "domus-host.h"

G_BEGIN_DECLS

/* The measured share is the mean of this many recent samples. */
#define DOMUS_QOS_MEASURE_SAMPLES 5
/* The period of dom0's bursts in a prediction: its tools read the host once
 * a second. */
#define DOMUS_QOS_OBSERVER_PERIOD_MS 1000

#define DOMUS_TYPE_QOS_PREDICTOR (domus_qos_predictor_get_type ())
G_DECLARE_FINAL_TYPE (DomusQosPredictor, domus_qos_predictor, DOMUS, QOS_PREDICTOR, GObject)

DomusQosPredictor *domus_qos_predictor_new           (DomusHost         *host);
DomusHost         *domus_qos_predictor_get_host      (DomusQosPredictor *self);
/* What the host's "refreshed" does: new predictions and measurements,
 * then "updated". */
void               domus_qos_predictor_update        (DomusQosPredictor *self);
/* Shares of @domain in % of one pCPU, NAN until known: before the first
 * update, for a domain the host does not list, and (predicted) on a host
 * of more pCPUs than the model takes (DOMUS_CREDIT_MODEL_MAX_PCPUS). */
double             domus_qos_predictor_get_predicted (DomusQosPredictor *self,
                                                      DomusDomain       *domain);
double             domus_qos_predictor_get_measured  (DomusQosPredictor *self,
                                                      DomusDomain       *domain);

G_END_DECLS
