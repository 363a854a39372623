/* test-notify.c: the core objects notify once per change, and never for nothing
 *
 * Every property of DomusDomain and DomusVcpu is EXPLICIT_NOTIFY: a refresh
 * that brings the same values notifies nothing (a list of 1000 domains is
 * refreshed every second), and a changed value notifies its property once.
 * The same holds for the EXPLICIT_NOTIFY properties of DomusHost,
 * DomusLiveSetting and DomusBenchGroup: each is changed here the way it
 * changes in the application, from a table (domus-test-notify.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>

#include "bench/domus-bench-group.h"
#include "domus-error.h"
#include "domus-io-device.h"
#include "domus-live-setting.h"
#include "domus-fleet-host.h"
#include "domus-test-host.h"
#include "domus-cpupool-private.h"
#include "domus-pci-private.h"
#include "domus-storage-private.h"
#include "domus-test-notify.h"
#include "domus-test-utils.h"

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

/* "web" made from a sample the test changes, and its vCPU 1. */
typedef struct
{
  DomusTestDomain  d;
  DomusVcpu       *vcpu;
} Sampled;

static Sampled *
sampled_new (void)
{
  Sampled *f = g_new0 (Sampled, 1);

  domus_test_domain_init (&f->d, 3, "web", 2);
  f->vcpu = g_list_model_get_item (domus_domain_get_vcpus (f->d.domain), 1);
  return f;
}

static gpointer
domain_setup (GObject **object)
{
  Sampled *f = sampled_new ();

  *object = G_OBJECT (f->d.domain);
  return f;
}

static gpointer
vcpu_setup (GObject **object)
{
  Sampled *f = sampled_new ();

  *object = G_OBJECT (f->vcpu);
  return f;
}

static void
sampled_free (gpointer data)
{
  Sampled *f = data;

  g_clear_object (&f->vcpu);
  domus_test_domain_clear (&f->d);
  g_free (f);
}

/* A setting or state of the domain, as a refresh brings it. */
static void
set_domain_field (gpointer    data,
                  GObject    *object,
                  const char *property,
                  guint       n)
{
  Sampled *f = data;
  DomusDomainSample *ds = f->d.ds;

  if (g_str_equal (property, "name"))
    {
      g_free (ds->name);
      ds->name = g_strdup (n ? "www" : "web");
    }
  else if (g_str_equal (property, "config-path"))
    {
      g_free (ds->config_path);
      ds->config_path = g_strdup (n ? "/etc/xen/www.cfg" : "/etc/xen/web.cfg");
    }
  else if (g_str_equal (property, "vnc-address"))
    {
      g_free (ds->vnc_address);
      ds->vnc_address = n ? g_strdup ("127.0.0.1:5900") : NULL;
    }
  else if (g_str_equal (property, "console-path"))
    {
      g_free (ds->console_path);
      ds->console_path = n ? g_strdup ("/dev/pts/3") : NULL;
    }
  else if (g_str_equal (property, "state"))
    ds->state = n ? DOMUS_DOMAIN_STATE_PAUSED : DOMUS_DOMAIN_STATE_RUNNING;
  else if (g_str_equal (property, "vcpus-online"))
    ds->vcpus_online = 2 - n;
  else if (g_str_equal (property, "vcpus-max"))
    ds->vcpus_max = 2 + n;
  else if (g_str_equal (property, "memory-kib"))
    ds->memory_kib = (512 + 256 * n) * 1024;
  else if (g_str_equal (property, "memory-max-kib"))
    ds->memory_max_kib = (1024 + 256 * n) * 1024;
  else if (g_str_equal (property, "memory-target-kib"))
    ds->memory_target_kib = (512 + 256 * n) * 1024;
  else if (g_str_equal (property, "weight"))
    ds->weight = 256 << n;
  else if (g_str_equal (property, "cap"))
    ds->cap = 50 * n;
  else if (g_str_equal (property, "cpupool-id"))
    ds->cpupool = 3 * n;
  else
    g_assert_not_reached ();
  domus_test_domain_update (&f->d, FALSE);
}

/* The path of the xl config it was created from, as Domus learns it. */
static void
set_config_path (gpointer    data,
                 GObject    *object,
                 const char *property,
                 guint       n)
{
  domus_domain_set_config_path (DOMUS_DOMAIN (object), n ? "/etc/xen/www.cfg" : "/etc/xen/web.cfg");
}

/* CPU time n seconds, read a second after the last sample. */
static void
set_domain_cpu_time (gpointer    data,
                     GObject    *object,
                     const char *property,
                     guint       n)
{
  Sampled *f = data;

  f->d.ds->cpu_time_ns = n * 1000000000ull;
  domus_test_domain_update (&f->d, TRUE);
}

/* 50 % of a pCPU, or 100 %, over the second since the last sample. */
static void
set_domain_cpu_percent (gpointer    data,
                        GObject    *object,
                        const char *property,
                        guint       n)
{
  Sampled *f = data;

  f->d.ds->cpu_time_ns += (n + 1) * 500000000ull;
  domus_test_domain_update (&f->d, TRUE);
}

/* Its vif 0 and xvda moved n + 1 KiB in the second since the last sample;
 * the devices appear at the first call, with no rates yet. */
static void
set_domain_io_rate (gpointer    data,
                    GObject    *object,
                    const char *property,
                    guint       n)
{
  Sampled *f = data;
  DomusDomainSample *ds = f->d.ds;
  DomusIoSample *vif, *vbd;
  guint counter;

  if (ds->io == NULL)
    {
      domus_domain_sample_add_io (ds, DOMUS_IO_KIND_NET, 0);
      domus_domain_sample_add_io (ds, DOMUS_IO_KIND_DISK, 51712);
      domus_test_domain_update (&f->d, TRUE);
    }
  vif = &g_array_index (ds->io, DomusIoSample, 0);
  vbd = &g_array_index (ds->io, DomusIoSample, 1);
  if (g_str_equal (property, "net-rx-rate") || g_str_equal (property, "net-tx-rate"))
    {
      counter = g_str_equal (property, "net-rx-rate") ? DOMUS_IO_NET_RX_BYTES : DOMUS_IO_NET_TX_BYTES;
      vif->counters[counter] += (n + 1) * 1024;
    }
  else
    {
      counter = g_str_equal (property, "disk-read-rate") ? DOMUS_IO_DISK_READ_SECTORS : DOMUS_IO_DISK_WRITE_SECTORS;
      vbd->counters[counter] += (n + 1) * 2;
    }
  domus_test_domain_update (&f->d, TRUE);
}

static const DomusTestNotifyRow domain_rows[] = {
  { "net-rx-rate", set_domain_io_rate },
  { "net-tx-rate", set_domain_io_rate },
  { "disk-read-rate", set_domain_io_rate },
  { "disk-write-rate", set_domain_io_rate },
  { "name", set_domain_field },
  { "config-path", set_domain_field },
  { "config-path", set_config_path },
  { "vnc-address", set_domain_field },
  { "console-path", set_domain_field },
  { "state", set_domain_field },
  { "vcpus-online", set_domain_field },
  { "vcpus-max", set_domain_field },
  { "memory-kib", set_domain_field },
  { "memory-max-kib", set_domain_field },
  { "memory-target-kib", set_domain_field },
  { "cpu-time", set_domain_cpu_time },
  { "cpu-percent", set_domain_cpu_percent },
  { "weight", set_domain_field },
  { "cap", set_domain_field },
  { "cpupool-id", set_domain_field },
};

static const char * const domain_fixed[] = { "id", "uuid", "domain-type", "vcpus", "series", "io-devices",
                                             NULL };

/* A state or setting of vCPU 1, as a refresh brings it. */
static void
set_vcpu_field (gpointer    data,
                GObject    *object,
                const char *property,
                guint       n)
{
  Sampled *f = data;
  DomusVcpuSample *vs = &g_array_index (f->d.ds->vcpus, DomusVcpuSample, 1);

  if (g_str_equal (property, "state"))
    vs->state = n ? DOMUS_VCPU_STATE_BLOCKED : DOMUS_VCPU_STATE_RUNNING;
  else if (g_str_equal (property, "pcpu"))
    vs->pcpu = n;
  else if (g_str_equal (property, "affinity"))
    vs->affinity = g_intern_static_string (n ? "1" : "all");
  else
    g_assert_not_reached ();
  domus_test_domain_update (&f->d, FALSE);
}

/* Run time n seconds, read a second after the last sample. */
static void
set_vcpu_time (gpointer    data,
               GObject    *object,
               const char *property,
               guint       n)
{
  Sampled *f = data;

  g_array_index (f->d.ds->vcpus, DomusVcpuSample, 1).time_ns = n * 1000000000ull;
  domus_test_domain_update (&f->d, TRUE);
}

/* 50 % of a pCPU, or 100 %, over the second since the last sample. */
static void
set_vcpu_cpu_percent (gpointer    data,
                      GObject    *object,
                      const char *property,
                      guint       n)
{
  Sampled *f = data;

  g_array_index (f->d.ds->vcpus, DomusVcpuSample, 1).time_ns += (n + 1) * 500000000ull;
  domus_test_domain_update (&f->d, TRUE);
}

static const DomusTestNotifyRow vcpu_rows[] = {
  { "state", set_vcpu_field },
  { "pcpu", set_vcpu_field },
  { "time", set_vcpu_time },
  { "cpu-percent", set_vcpu_cpu_percent },
  { "affinity", set_vcpu_field },
};

static const char * const vcpu_fixed[] = { "id", NULL };

static void
test_domain_and_vcpu (void)
{
  const DomusTestNotifyTable tables[] = {
    { domus_domain_get_type, domain_setup, sampled_free,
      domain_rows, G_N_ELEMENTS (domain_rows), domain_fixed },
    { domus_vcpu_get_type, vcpu_setup, sampled_free,
      vcpu_rows, G_N_ELEMENTS (vcpu_rows), vcpu_fixed },
  };

  assert_all_explicit (DOMUS_TYPE_DOMAIN);
  assert_all_explicit (DOMUS_TYPE_VCPU);
  assert_all_explicit (DOMUS_TYPE_IO_DEVICE);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    domus_test_assert_notify (&tables[i]);
}

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          guint      *n)
{
  (*n)++;
}

/* A refresh with the same values notifies nothing at all, and one that
 * pins a vCPU notifies nothing on its domain. */
static void
test_same_sample (void)
{
  Sampled *f = sampled_new ();
  guint n_domain = 0, n_vcpu = 0;

  g_signal_connect (f->d.domain, "notify", G_CALLBACK (count_cb), &n_domain);
  g_signal_connect (f->vcpu, "notify", G_CALLBACK (count_cb), &n_vcpu);

  domus_test_domain_update (&f->d, FALSE);
  g_assert_cmpuint (n_domain, ==, 0);
  g_assert_cmpuint (n_vcpu, ==, 0);

  g_array_index (f->d.ds->vcpus, DomusVcpuSample, 1).affinity = g_intern_static_string ("1");
  domus_test_domain_update (&f->d, FALSE);
  g_assert_cmpuint (n_vcpu, ==, 1);
  g_assert_cmpuint (n_domain, ==, 0);

  g_signal_handlers_disconnect_by_data (f->d.domain, &n_domain);
  g_signal_handlers_disconnect_by_data (f->vcpu, &n_vcpu);
  sampled_free (f);
}

/* A host whose refreshes the test asks for and answers: no timer runs. */
typedef struct
{
  DomusClock    *clock;
  DomusTestHost *host;
  gint64         time_us;
} Hosted;

static void
hosted_init (Hosted *f)
{
  f->clock = domus_clock_new_manual ();
  f->host = domus_test_host_new (f->clock, "4.17.0", 2, 4 * 1024 * 1024, DOMUS_SCHEDULER_CREDIT);
}

static void
hosted_clear (Hosted *f)
{
  g_clear_object (&f->host);
  g_clear_object (&f->clock);
}

static gpointer
host_setup (GObject **object)
{
  Hosted *f = g_new0 (Hosted, 1);

  hosted_init (f);
  *object = G_OBJECT (f->host);
  return f;
}

static void
host_teardown (gpointer data)
{
  hosted_clear (data);
  g_free (data);
}

/* Refreshes the host with a sample a second after the last, with "web" at
 * @weight and @free_mib of memory free. */
static void
refresh_with_sample (Hosted *f,
                     guint64 free_mib,
                     int     weight)
{
  DomusHostSample *sample = domus_host_sample_new (2);

  f->time_us += G_USEC_PER_SEC;
  sample->time_us = f->time_us;
  sample->free_memory_kib = free_mib * 1024;
  domus_test_sample_add_domain (sample, 3, "web", 2)->weight = weight;
  domus_test_host_answer_sample (f->host, sample);
  domus_host_refresh (DOMUS_HOST (f->host));
}

static void
set_free_memory (gpointer    data,
                 GObject    *object,
                 const char *property,
                 guint       n)
{
  refresh_with_sample (data, 1024 + 512 * n, 256);
}

/* A failed refresh, the same failure each time; or a good one. */
static void
set_error (gpointer    data,
           GObject    *object,
           const char *property,
           guint       n)
{
  Hosted *f = data;

  if (n == 0)
    {
      refresh_with_sample (f, 1024, 256);
      return;
    }
  domus_test_host_answer_error (f->host, g_error_new (DOMUS_ERROR, DOMUS_ERROR_HYPERCALL, "xenstat: gone"));
  domus_host_refresh (DOMUS_HOST (f->host));
}

/* Ready from the first sample on. */
static void
set_ready (gpointer    data,
           GObject    *object,
           const char *property,
           guint       n)
{
  if (n)
    refresh_with_sample (data, 1024, 256);
}

static const DomusTestNotifyRow host_rows[] = {
  { "notice", domus_test_notify_set_value },
  { "refresh-interval", domus_test_notify_set_value },
  { "free-memory-kib", set_free_memory },
  { "error", set_error },
  { "ready", set_ready },
};

/* Facts read once, before the first sample; the models are the same ones
 * for life. */
static const char * const host_fixed[] = {
  "xen-version", "hostname", "n-pcpus", "total-memory-kib", "scheduler", "domains", "cpupools", "timeline",
  "series", NULL
};

/* The weight of "web" on a scripted host, as its page's control shows it. */
typedef struct
{
  Hosted            hosted;
  DomusLiveSetting *weight;
} Live;

static gpointer
live_setup (GObject **object)
{
  Live *f = g_new0 (Live, 1);
  DomusHost *host;

  hosted_init (&f->hosted);
  host = DOMUS_HOST (f->hosted.host);
  refresh_with_sample (&f->hosted, 1024, 256);
  f->weight = domus_live_setting_new (host, domus_host_lookup_domain_by_name (host, "web"), DOMUS_LIVE_WEIGHT, 0);
  *object = G_OBJECT (f->weight);
  return f;
}

/* What waits for the debounce is sent: the scripted host refuses it. */
static void
live_teardown (gpointer data)
{
  Live *f = data;

  domus_live_setting_flush (f->weight);
  DOMUS_TEST_WAIT_UNTIL (!domus_live_setting_is_busy (f->weight), 10);
  g_clear_object (&f->weight);
  hosted_clear (&f->hosted);
  g_free (f);
}

/* The user moves the control. */
static void
set_live_change (gpointer    data,
                 GObject    *object,
                 const char *property,
                 guint       n)
{
  domus_live_setting_change (DOMUS_LIVE_SETTING (object), 300 + n);
}

/* Another client changes the weight, and the host reports it. */
static void
set_live_host (gpointer    data,
               GObject    *object,
               const char *property,
               guint       n)
{
  Live *f = data;

  refresh_with_sample (&f->hosted, 1024, 512 << n);
}

static const DomusTestNotifyRow live_rows[] = {
  { "value", set_live_change },
  { "value", set_live_host },
};

static gpointer
group_setup (GObject **object)
{
  DomusBenchGroup *group = domus_bench_group_new_lifecycle ("set", "create", 1024);

  *object = G_OBJECT (group);
  return group;
}

/* Tries added until there are @n: a count is never set to itself, only
 * left as it is. */
static void
set_group_count (gpointer    data,
                 GObject    *object,
                 const char *property,
                 guint       n)
{
  while (domus_bench_group_get_count (DOMUS_BENCH_GROUP (object)) < n)
    domus_bench_group_add (DOMUS_BENCH_GROUP (object), 1.5, FALSE);
}

static const DomusTestNotifyRow group_rows[] = {
  { "count", set_group_count },
};

/* This computer's host in the fleet, "lab", which has read once. */
typedef struct
{
  Hosted          hosted;
  DomusFleetHost *fleet_host;
} Fleet;

static gpointer
fleet_setup (GObject **object)
{
  Fleet *f = g_new0 (Fleet, 1);

  hosted_init (&f->hosted);
  refresh_with_sample (&f->hosted, 1024, 256);
  f->fleet_host = domus_fleet_host_new_for_host (DOMUS_HOST (f->hosted.host), "lab");
  *object = G_OBJECT (f->fleet_host);
  return f;
}

static void
fleet_teardown (gpointer data)
{
  Fleet *f = data;

  g_clear_object (&f->fleet_host);
  hosted_clear (&f->hosted);
  g_free (f);
}

/* The host reads (connected, no message), or fails to (lost, its reason). */
static void
set_fleet_connection (gpointer    data,
                      GObject    *object,
                      const char *property,
                      guint       n)
{
  Fleet *f = data;

  set_error (&f->hosted, object, property, n);
}

static const DomusTestNotifyRow fleet_rows[] = {
  { "state", set_fleet_connection },
  { "message", set_fleet_connection },
};

/* A host already there keeps its title and itself; a remote one's change
 * once, when it is first reached (test-fleet). */
static const char * const fleet_fixed[] = { "title", "host", NULL };

/* A pool, as each sample brings it. */
typedef struct
{
  DomusCpupoolSample  sample;
  guint               n_domains;
  DomusCpupool       *pool;
} Pool;

static gpointer
pool_setup (GObject **object)
{
  Pool *f = g_new0 (Pool, 1);

  f->sample.id = 1;
  f->sample.name = g_strdup ("p1");
  f->sample.cpus = 0x2;
  f->pool = _domus_cpupool_new (&f->sample, 4);
  _domus_cpupool_update (f->pool, &f->sample, 0);
  *object = G_OBJECT (f->pool);
  return f;
}

static void
pool_teardown (gpointer data)
{
  Pool *f = data;

  g_clear_object (&f->pool);
  g_free (f->sample.name);
  g_free (f);
}

static void
set_pool_field (gpointer    data,
                GObject    *object,
                const char *property,
                guint       n)
{
  Pool *f = data;
  guint n_domains = 0;

  if (g_str_equal (property, "name"))
    {
      g_free (f->sample.name);
      f->sample.name = g_strdup (n ? "p2" : "p1");
    }
  else if (g_str_equal (property, "scheduler"))
    f->sample.scheduler = n ? DOMUS_SCHEDULER_CREDIT2 : DOMUS_SCHEDULER_CREDIT;
  else if (g_str_equal (property, "cpus") || g_str_equal (property, "cpus-text")
           || g_str_equal (property, "n-cpus"))
    f->sample.cpus = n ? 0x6 : 0x2;
  else if (g_str_equal (property, "n-domains"))
    n_domains = n;
  else
    g_assert_not_reached ();
  _domus_cpupool_update (f->pool, &f->sample, n_domains);
}

static const DomusTestNotifyRow pool_rows[] = {
  { "name", set_pool_field },
  { "scheduler", set_pool_field },
  { "cpus", set_pool_field },
  { "cpus-text", set_pool_field },
  { "n-cpus", set_pool_field },
  { "n-domains", set_pool_field },
};

static const char * const pool_fixed[] = { "id", NULL };

/* A logical volume and its group, as each storage read brings them. */
typedef struct
{
  DomusStorageSample *sample;
  DomusLogicalVolume *lv;
  DomusVolumeGroup   *vg;
} Storage;

static DomusLvSample *
storage_lv (Storage *f)
{
  return &g_array_index (f->sample->lvs, DomusLvSample, 0);
}

static gpointer
storage_setup (Storage *f)
{
  DomusLvSample *lv;

  f->sample = domus_storage_sample_new ();
  domus_storage_sample_add_vg (f->sample, "vol1", 1 << 30, 1 << 29);
  lv = domus_storage_sample_add_lv (f->sample, "vol1", "clone1", 1 << 28);
  lv->origin = g_strdup ("base");
  lv->data_percent = 10;
  return f;
}

static gpointer
lv_setup (GObject **object)
{
  Storage *f = storage_setup (g_new0 (Storage, 1));

  f->lv = _domus_logical_volume_new ("vol1", "clone1");
  _domus_logical_volume_update (f->lv, storage_lv (f));
  *object = G_OBJECT (f->lv);
  return f;
}

static gpointer
vg_setup (GObject **object)
{
  Storage *f = storage_setup (g_new0 (Storage, 1));

  f->vg = _domus_volume_group_new ("vol1");
  _domus_volume_group_update (f->vg, &g_array_index (f->sample->vgs, DomusVgSample, 0), f->sample);
  *object = G_OBJECT (f->vg);
  return f;
}

static void
storage_teardown (gpointer data)
{
  Storage *f = data;

  g_clear_object (&f->lv);
  g_clear_object (&f->vg);
  domus_storage_sample_free (f->sample);
  g_free (f);
}

static void
set_lv_field (gpointer    data,
              GObject    *object,
              const char *property,
              guint       n)
{
  Storage *f = data;
  DomusLvSample *lv = storage_lv (f);

  if (g_str_equal (property, "size"))
    lv->size = n ? 1 << 27 : 1 << 28;
  else if (g_str_equal (property, "origin"))
    {
      g_free (lv->origin);
      lv->origin = g_strdup (n ? "other" : "base");
    }
  else if (g_str_equal (property, "data-percent"))
    lv->data_percent = n ? 20 : 10;
  else if (g_str_equal (property, "near-full"))
    lv->data_percent = n ? 90 : 10;
  else if (g_str_equal (property, "used-by"))
    {
      g_free (lv->used_by);
      lv->used_by = n ? g_strdup ("clone1") : NULL;
    }
  else
    g_assert_not_reached ();
  _domus_logical_volume_update (f->lv, lv);
}

static void
set_vg_field (gpointer    data,
              GObject    *object,
              const char *property,
              guint       n)
{
  Storage *f = data;
  DomusVgSample *vg = &g_array_index (f->sample->vgs, DomusVgSample, 0);

  if (g_str_equal (property, "size"))
    vg->size = n ? 1 << 30 : 1 << 29;
  else if (g_str_equal (property, "free"))
    vg->free = n ? 1 << 28 : 1 << 29;
  else
    g_assert_not_reached ();
  _domus_volume_group_update (f->vg, vg, f->sample);
}

static const DomusTestNotifyRow lv_rows[] = {
  { "size", set_lv_field },
  { "origin", set_lv_field },
  { "data-percent", set_lv_field },
  { "near-full", set_lv_field },
  { "used-by", set_lv_field },
};

static const char * const lv_fixed[] = { "name", "vg-name", "path", NULL };

static const DomusTestNotifyRow vg_rows[] = {
  { "size", set_vg_field },
  { "free", set_vg_field },
};

static const char * const vg_fixed[] = { "name", "volumes", NULL };

/* A PCI device, as each read of the host's devices brings it. */
typedef struct
{
  DomusPciSample *sample;
  DomusPciDevice *device;
} Pci;

static gpointer
pci_setup (GObject **object)
{
  Pci *f = g_new0 (Pci, 1);
  DomusPciDeviceSample *device;

  f->sample = domus_pci_sample_new ();
  device = domus_pci_sample_add (f->sample, "0000:00:19.0");
  device->vendor_id = 0x8086;
  device->device_id = 0x100e;
  device->class_code = 0x020000;
  device->driver = g_strdup ("e1000");
  f->device = _domus_pci_device_new ("0000:00:19.0");
  _domus_pci_device_update (f->device, device);
  *object = G_OBJECT (f->device);
  return f;
}

static void
pci_teardown (gpointer data)
{
  Pci *f = data;

  g_clear_object (&f->device);
  domus_pci_sample_free (f->sample);
  g_free (f);
}

static void
set_pci_field (gpointer    data,
               GObject    *object,
               const char *property,
               guint       n)
{
  Pci *f = data;
  DomusPciDeviceSample *device = &g_array_index (f->sample->devices, DomusPciDeviceSample, 0);

  if (g_str_equal (property, "vendor-id"))
    device->vendor_id = n ? 0x10ec : 0x8086;
  else if (g_str_equal (property, "device-id"))
    device->device_id = n ? 0x10d3 : 0x100e;
  else if (g_str_equal (property, "class-code"))
    device->class_code = n ? 0x0c0300 : 0x020000;
  else if (g_str_equal (property, "vendor-name"))
    {
      g_free (device->vendor_name);
      device->vendor_name = n ? g_strdup ("Intel Corporation") : NULL;
    }
  else if (g_str_equal (property, "device-name"))
    {
      g_free (device->device_name);
      device->device_name = n ? g_strdup ("82540EM") : NULL;
    }
  else if (g_str_equal (property, "driver"))
    {
      g_free (device->driver);
      device->driver = g_strdup (n ? "pciback" : "e1000");
    }
  else if (g_str_equal (property, "assignable"))
    device->assignable = n != 0;
  else if (g_str_equal (property, "domain"))
    {
      g_free (device->domain);
      device->domain = n ? g_strdup ("web") : NULL;
    }
  else
    g_assert_not_reached ();
  _domus_pci_device_update (f->device, device);
}

static const DomusTestNotifyRow pci_rows[] = {
  { "vendor-id", set_pci_field },
  { "device-id", set_pci_field },
  { "class-code", set_pci_field },
  { "vendor-name", set_pci_field },
  { "device-name", set_pci_field },
  { "driver", set_pci_field },
  { "assignable", set_pci_field },
  { "domain", set_pci_field },
};

static const char * const pci_fixed[] = { "bdf", NULL };

static void
test_host_and_others (void)
{
  const DomusTestNotifyTable tables[] = {
    { domus_host_get_type, host_setup, host_teardown, host_rows, G_N_ELEMENTS (host_rows), host_fixed },
    { domus_live_setting_get_type, live_setup, live_teardown, live_rows, G_N_ELEMENTS (live_rows), NULL },
    { domus_bench_group_get_type, group_setup, g_object_unref, group_rows, G_N_ELEMENTS (group_rows), NULL },
    { domus_fleet_host_get_type, fleet_setup, fleet_teardown, fleet_rows, G_N_ELEMENTS (fleet_rows), fleet_fixed },
    { domus_cpupool_get_type, pool_setup, pool_teardown, pool_rows, G_N_ELEMENTS (pool_rows), pool_fixed },
    { domus_logical_volume_get_type, lv_setup, storage_teardown, lv_rows, G_N_ELEMENTS (lv_rows), lv_fixed },
    { domus_volume_group_get_type, vg_setup, storage_teardown, vg_rows, G_N_ELEMENTS (vg_rows), vg_fixed },
    { domus_pci_device_get_type, pci_setup, pci_teardown, pci_rows, G_N_ELEMENTS (pci_rows), pci_fixed },
  };

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    domus_test_assert_notify (&tables[i]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/notify/domain-and-vcpu", test_domain_and_vcpu);
  g_test_add_func ("/notify/same-sample", test_same_sample);
  g_test_add_func ("/notify/host-and-others", test_host_and_others);

  return g_test_run ();
}
