/* test-notify.c: the models notify once per change, and never for nothing
 *
 * Every property of DomusDomain and DomusVcpu is EXPLICIT_NOTIFY: a refresh
 * that brings the same values notifies nothing (a list of 1000 domains is
 * refreshed every second), and a changed value notifies its property once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>

#include "domus-domain-private.h"
#include "domus-host-sample.h"

typedef struct
{
  GHashTable *counts;   /* property name → notifications */
} Counter;

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           Counter    *counter)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counter->counts, pspec->name));

  g_hash_table_insert (counter->counts, (gpointer) g_intern_string (pspec->name), GUINT_TO_POINTER (n + 1));
}

static guint
count (Counter    *counter,
       const char *name)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (counter->counts, name));
}

/* Every property of @type is read-only to users and notified explicitly. */
static void
assert_all_explicit (GType type)
{
  g_autoptr(GTypeClass) klass = g_type_class_ref (type);
  guint n = 0;
  g_autofree GParamSpec **pspecs = g_object_class_list_properties (G_OBJECT_CLASS (klass), &n);

  g_assert_cmpuint (n, >, 0);
  for (guint i = 0; i < n; i++)
    {
      g_test_message ("%s:%s", g_type_name (type), pspecs[i]->name);
      g_assert_true (pspecs[i]->flags & G_PARAM_EXPLICIT_NOTIFY);
    }
}

static DomusDomainSample *
sample_domain (DomusHostSample *sample)
{
  DomusDomainSample *ds = domus_host_sample_add_domain (sample, 2);

  ds->id = 3;
  ds->name = g_strdup ("web");
  ds->type = DOMUS_DOMAIN_TYPE_PV;
  ds->state = DOMUS_DOMAIN_STATE_RUNNING;
  ds->vcpus_online = 2;
  ds->vcpus_max = 2;
  ds->memory_kib = 512 * 1024;
  ds->memory_max_kib = 1024 * 1024;
  ds->memory_target_kib = 512 * 1024;
  ds->weight = 256;
  ds->cap = 0;
  for (guint v = 0; v < 2; v++)
    {
      DomusVcpuSample *vs = &g_array_index (ds->vcpus, DomusVcpuSample, v);

      vs->id = v;
      vs->state = DOMUS_VCPU_STATE_RUNNING;
      vs->pcpu = v;
      vs->affinity = g_intern_string ("all");
    }
  return ds;
}

static void
test_domain (void)
{
  g_autoptr(DomusTimeline) timeline = domus_timeline_new (16);
  g_autoptr(DomusHostSample) sample = domus_host_sample_new (2);
  DomusDomainSample *ds = sample_domain (sample);
  g_autoptr(DomusDomain) domain = _domus_domain_new (ds, timeline, 1024);
  g_autoptr(DomusVcpu) vcpu1 = NULL;
  Counter domain_counter = { g_hash_table_new (g_str_hash, g_str_equal) };
  Counter vcpu_counter = { g_hash_table_new (g_str_hash, g_str_equal) };

  assert_all_explicit (DOMUS_TYPE_DOMAIN);
  assert_all_explicit (DOMUS_TYPE_VCPU);

  _domus_domain_update (domain, ds, -1);
  vcpu1 = g_list_model_get_item (domus_domain_get_vcpus (domain), 1);
  g_signal_connect (domain, "notify", G_CALLBACK (notify_cb), &domain_counter);
  g_signal_connect (vcpu1, "notify", G_CALLBACK (notify_cb), &vcpu_counter);

  /* The same again: nothing. */
  _domus_domain_update (domain, ds, -1);
  g_assert_cmpuint (g_hash_table_size (domain_counter.counts), ==, 0);
  g_assert_cmpuint (g_hash_table_size (vcpu_counter.counts), ==, 0);

  /* One setting: its property, once. */
  ds->weight = 512;
  _domus_domain_update (domain, ds, -1);
  g_assert_cmpuint (count (&domain_counter, "weight"), ==, 1);
  g_assert_cmpuint (g_hash_table_size (domain_counter.counts), ==, 1);
  g_assert_cmpint (domus_domain_get_weight (domain), ==, 512);

  /* A vCPU's pinning: that vCPU's "affinity", once, and the domain's own
   * properties not at all. */
  g_array_index (ds->vcpus, DomusVcpuSample, 1).affinity = g_intern_string ("1");
  _domus_domain_update (domain, ds, -1);
  g_assert_cmpuint (count (&vcpu_counter, "affinity"), ==, 1);
  g_assert_cmpuint (g_hash_table_size (vcpu_counter.counts), ==, 1);
  g_assert_cmpuint (g_hash_table_size (domain_counter.counts), ==, 1);

  /* And the same once more: nothing new. */
  _domus_domain_update (domain, ds, -1);
  g_assert_cmpuint (count (&domain_counter, "weight"), ==, 1);
  g_assert_cmpuint (count (&vcpu_counter, "affinity"), ==, 1);

  g_signal_handlers_disconnect_by_data (domain, &domain_counter);
  g_signal_handlers_disconnect_by_data (vcpu1, &vcpu_counter);
  g_hash_table_unref (domain_counter.counts);
  g_hash_table_unref (vcpu_counter.counts);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/notify/domain-and-vcpu", test_domain);

  return g_test_run ();
}
