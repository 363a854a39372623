/* domus-test-credit.h: what the credit model's tests share
 *
 * test-credit-model (the model against what Xen gives) and
 * test-credit-predict (its predictions) build the same scenes: busy and
 * bursty domains on a DomusCreditModel, measured over simulated seconds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sim/domus-credit-model.h"

G_BEGIN_DECLS

#define DOMUS_TEST_NS_PER_MS  G_GUINT64_CONSTANT (1000000)
#define DOMUS_TEST_NS_PER_S   G_GUINT64_CONSTANT (1000000000)
/* How far a share may be from what Xen gives, in percentage points. */
#define DOMUS_TEST_CREDIT_TOLERANCE 2.0
#define DOMUS_TEST_CREDIT_SEED      42

/* A vCPU that always wants to run. */
extern const DomusWorkload domus_test_credit_cpu_bound;

/* Adds domain @domid with @n_vcpus CPU-bound vCPUs. */
void domus_test_credit_add_busy (DomusCreditModel *model,
                                 guint             domid,
                                 guint             n_vcpus,
                                 guint             weight,
                                 guint             cap);
/* vCPU @vcpu of @domid busy @duty of every @period_ms. */
void domus_test_credit_set_bursty (DomusCreditModel *model,
                                   guint             domid,
                                   guint             vcpu,
                                   double            duty,
                                   guint             period_ms);
/* Advances @seconds in one-second steps, as the simulated host samples. */
void domus_test_credit_advance (DomusCreditModel *model,
                                guint             seconds);
/* Settles a second, then measures each domain's share of one pCPU over a
 * simulated minute, in percent. */
void domus_test_credit_measure (DomusCreditModel *model,
                                const guint      *domids,
                                guint             n_domains,
                                double           *shares);
/* Adds @func as "@prefix/credit/@name" and "@prefix/credit2/@name", its
 * data the scheduler. */
void domus_test_credit_add_for_both (const char    *prefix,
                                     const char    *name,
                                     GTestDataFunc  func);

/* The CPU time this process has used, in seconds: what a cost test measures. */
double domus_test_credit_cpu_seconds (void);

G_END_DECLS
