/* domus-test-host.h: a DomusHost that answers as the test scripts it
 *
 * A backend with no host behind it: each refresh takes the next answer the
 * test queued, a sample or an error, and pushes it at once; a refresh with
 * no answer left fails the test. It implements no perform(), so every
 * request that passes DomusHost's checks fails as on a backend that cannot
 * change domains. Below it, the samples such a test writes, and a domain
 * made from one as DomusHost would make it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "domus-host-private.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_TEST_HOST (domus_test_host_get_type ())
G_DECLARE_FINAL_TYPE (DomusTestHost, domus_test_host, DOMUS, TEST_HOST, DomusHost)

/* A host whose backend is named "test", with these facts, on @clock; its
 * storage read by LVM's tools, as the real host's (domus-lvm.h). Not
 * started: queue its first answer, then _domus_host_start(). */
DomusTestHost *domus_test_host_new             (DomusClock      *clock,
                                                const char      *xen_version,
                                                guint            n_pcpus,
                                                guint64          total_memory_kib,
                                                DomusScheduler   scheduler);
/* Queues the answer to a refresh (takes @sample, @error). */
void           domus_test_host_answer_sample   (DomusTestHost   *self,
                                                DomusHostSample *sample);
void           domus_test_host_answer_error    (DomusTestHost   *self,
                                                GError          *error);
/* How many refreshes DomusHost has asked for. */
guint          domus_test_host_get_n_refreshes (DomusTestHost   *self);

/* Adds to @sample domain @id, "uuid-@id", named @name: a running PV domain
 * of 512 MiB (also its maximum and target), weight 256 and no cap, with
 * @n_vcpus vCPUs all online, running on pCPU 0 and free to run on any. */
DomusDomainSample *domus_test_sample_add_domain (DomusHostSample *sample,
                                                 guint32          id,
                                                 const char      *name,
                                                 guint            n_vcpus);

/* A domain made from a sample that the test changes, as DomusHost makes
 * one: domus_test_sample_add_domain()'s, first sampled at time 0. */
typedef struct
{
  DomusTimeline     *timeline;
  DomusHostSample   *sample;
  DomusDomainSample *ds;        /* change it, then update */
  DomusDomain       *domain;
  gint64             time_us;   /* of the last sample with rates */
} DomusTestDomain;

void domus_test_domain_init   (DomusTestDomain *self,
                               guint32          id,
                               const char      *name,
                               guint            n_vcpus);
void domus_test_domain_clear  (DomusTestDomain *self);
/* Updates the domain from @self->ds: its settings and states only, or, if
 * @a_second_later, also its times, rates and history, as from a sample
 * taken a second after the last one with rates. */
void domus_test_domain_update (DomusTestDomain *self,
                               gboolean         a_second_later);

G_END_DECLS
