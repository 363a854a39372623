/* domus-test-host.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "domus-test-host.h"

#include "domus-domain-private.h"
#include "domus-lvm.h"

struct _DomusTestHost
{
  DomusHost  parent_instance;
  GQueue     answers;      /* Answer*, in order */
  guint      n_refreshes;
};

G_DEFINE_FINAL_TYPE (DomusTestHost, domus_test_host, DOMUS_TYPE_HOST)

/* One refresh's answer: a sample or an error. */
typedef struct
{
  DomusHostSample *sample;
  GError          *error;
} Answer;

static void
answer_free (Answer *answer)
{
  g_clear_pointer (&answer->sample, domus_host_sample_free);
  g_clear_error (&answer->error);
  g_free (answer);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Answer, answer_free)

static void
domus_test_host_refresh (DomusHost *host)
{
  DomusTestHost *self = DOMUS_TEST_HOST (host);
  g_autoptr(Answer) answer = g_queue_pop_head (&self->answers);

  self->n_refreshes++;
  g_assert_nonnull (answer);
  if (answer->error != NULL)
    _domus_host_push_error (host, g_steal_pointer (&answer->error));
  else
    _domus_host_push_sample (host, g_steal_pointer (&answer->sample));
}

static void
lvm_read_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  DomusStorageSample *sample = domus_lvm_read_finish (result, &error);

  if (sample == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, sample, (GDestroyNotify) domus_storage_sample_free);
}

/* The storage as the real host reads it: LVM's tools (those of
 * _domus_lvm_set_tool_dir() in tests). */
static void
domus_test_host_read_storage (DomusHost *host,
                              GTask     *task)
{
  domus_lvm_read_async (g_task_get_cancellable (task), lvm_read_cb, g_object_ref (task));
}

static void
domus_test_host_finalize (GObject *object)
{
  DomusTestHost *self = DOMUS_TEST_HOST (object);

  g_queue_clear_full (&self->answers, (GDestroyNotify) answer_free);

  G_OBJECT_CLASS (domus_test_host_parent_class)->finalize (object);
}

static void
domus_test_host_class_init (DomusTestHostClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = domus_test_host_finalize;
  DOMUS_HOST_CLASS (klass)->refresh = domus_test_host_refresh;
  DOMUS_HOST_CLASS (klass)->read_storage = domus_test_host_read_storage;
}

static void
domus_test_host_init (DomusTestHost *self)
{
  g_queue_init (&self->answers);
}

DomusTestHost *
domus_test_host_new (DomusClock     *clock,
                     const char     *xen_version,
                     guint           n_pcpus,
                     guint64         total_memory_kib,
                     DomusScheduler  scheduler)
{
  DomusTestHost *self = g_object_new (DOMUS_TYPE_TEST_HOST, "backend-name", "test", "clock", clock, NULL);

  _domus_host_set_facts (DOMUS_HOST (self), xen_version, "test", n_pcpus, total_memory_kib, scheduler);
  return self;
}

static void
domus_test_host_answer (DomusTestHost   *self,
                        DomusHostSample *sample,
                        GError          *error)
{
  Answer *answer = g_new0 (Answer, 1);

  answer->sample = sample;
  answer->error = error;
  g_queue_push_tail (&self->answers, answer);
}

void
domus_test_host_answer_sample (DomusTestHost   *self,
                               DomusHostSample *sample)
{
  g_return_if_fail (DOMUS_IS_TEST_HOST (self));
  g_return_if_fail (sample != NULL);

  domus_test_host_answer (self, sample, NULL);
}

void
domus_test_host_answer_error (DomusTestHost *self,
                              GError        *error)
{
  g_return_if_fail (DOMUS_IS_TEST_HOST (self));
  g_return_if_fail (error != NULL);

  domus_test_host_answer (self, NULL, error);
}

guint
domus_test_host_get_n_refreshes (DomusTestHost *self)
{
  g_return_val_if_fail (DOMUS_IS_TEST_HOST (self), 0);

  return self->n_refreshes;
}

DomusDomainSample *
domus_test_sample_add_domain (DomusHostSample *sample,
                              guint32          id,
                              const char      *name,
                              guint            n_vcpus)
{
  DomusDomainSample *ds = domus_host_sample_add_domain (sample, n_vcpus);

  ds->id = id;
  ds->uuid = g_strdup_printf ("uuid-%u", id);
  ds->name = g_strdup (name);
  ds->type = DOMUS_DOMAIN_TYPE_PV;
  ds->state = DOMUS_DOMAIN_STATE_RUNNING;
  ds->vcpus_online = ds->vcpus_max = n_vcpus;
  ds->memory_kib = ds->memory_max_kib = ds->memory_target_kib = 512 * 1024;
  ds->weight = 256;
  ds->cap = 0;
  for (guint v = 0; v < n_vcpus; v++)
    {
      DomusVcpuSample *vs = &g_array_index (ds->vcpus, DomusVcpuSample, v);

      vs->state = DOMUS_VCPU_STATE_RUNNING;
      vs->affinity = g_intern_static_string ("all");
    }
  return ds;
}

void
domus_test_domain_init (DomusTestDomain *self,
                        guint32          id,
                        const char      *name,
                        guint            n_vcpus)
{
  self->timeline = domus_timeline_new (16);
  self->sample = domus_host_sample_new (2);
  self->ds = domus_test_sample_add_domain (self->sample, id, name, n_vcpus);
  self->domain = _domus_domain_new (self->ds, self->timeline, 1024);
  self->time_us = 0;
  domus_timeline_push (self->timeline, self->time_us);
  _domus_domain_update (self->domain, self->ds, 0);
}

void
domus_test_domain_clear (DomusTestDomain *self)
{
  g_clear_object (&self->domain);
  g_clear_pointer (&self->sample, domus_host_sample_free);
  g_clear_object (&self->timeline);
}

void
domus_test_domain_update (DomusTestDomain *self,
                          gboolean         a_second_later)
{
  if (!a_second_later)
    {
      _domus_domain_update (self->domain, self->ds, -1);
      return;
    }
  self->time_us += G_USEC_PER_SEC;
  domus_timeline_push (self->timeline, self->time_us);
  _domus_domain_update (self->domain, self->ds, G_USEC_PER_SEC);
}
