/* domus-test-credit.c: what the credit model's tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <time.h>

#include "domus-test-credit.h"

#define SETTLE_S  1
#define MEASURE_S 60

const DomusWorkload domus_test_credit_cpu_bound = { DOMUS_WORKLOAD_CPU, 0.0, 0 };

void
domus_test_credit_add_busy (DomusCreditModel *model,
                            guint             domid,
                            guint             n_vcpus,
                            guint             weight,
                            guint             cap)
{
  domus_credit_model_add_domain (model, domid, n_vcpus, weight, cap);
  for (guint i = 0; i < n_vcpus; i++)
    domus_credit_model_set_workload (model, domid, i, &domus_test_credit_cpu_bound);
}

void
domus_test_credit_set_bursty (DomusCreditModel *model,
                              guint             domid,
                              guint             vcpu,
                              double            duty,
                              guint             period_ms)
{
  DomusWorkload workload = { DOMUS_WORKLOAD_BURSTY, duty, period_ms };

  domus_credit_model_set_workload (model, domid, vcpu, &workload);
}

void
domus_test_credit_advance (DomusCreditModel *model,
                           guint             seconds)
{
  for (guint i = 0; i < seconds; i++)
    domus_credit_model_advance (model, DOMUS_TEST_NS_PER_S);
}

void
domus_test_credit_measure (DomusCreditModel *model,
                           const guint      *domids,
                           guint             n_domains,
                           double           *shares)
{
  guint64 before[8];

  g_assert_cmpuint (n_domains, <=, G_N_ELEMENTS (before));

  domus_test_credit_advance (model, SETTLE_S);
  for (guint i = 0; i < n_domains; i++)
    before[i] = domus_credit_model_get_domain_time (model, domids[i]);
  domus_test_credit_advance (model, MEASURE_S);
  for (guint i = 0; i < n_domains; i++)
    shares[i] = 100.0 * (double) (domus_credit_model_get_domain_time (model, domids[i]) - before[i]) /
                (double) (MEASURE_S * DOMUS_TEST_NS_PER_S);
}

void
domus_test_credit_add_for_both (const char    *prefix,
                                const char    *name,
                                GTestDataFunc  func)
{
  for (DomusScheduler s = DOMUS_SCHEDULER_CREDIT; s <= DOMUS_SCHEDULER_CREDIT2; s++)
    {
      g_autofree char *path = g_strdup_printf ("%s/%s/%s", prefix, domus_scheduler_to_string (s), name);

      g_test_add_data_func (path, GINT_TO_POINTER (s), func);
    }
}

double
domus_test_credit_cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}
