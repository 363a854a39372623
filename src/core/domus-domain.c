/* domus-domain.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-domain"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <math.h>

#include "domus-domain-private.h"
#include "domus-enums.h"
#include "domus-error.h"
#include "domus-io-device.h"
#include "domus-update-private.h"
#include "domus-vcpu-private.h"

/* The domain's throughput, summed over its devices, in bytes per second. */
enum {
  IO_NET_RX,
  IO_NET_TX,
  IO_DISK_READ,
  IO_DISK_WRITE,
  N_IO_RATES
};

struct _DomusDomain
{
  GObject           parent_instance;

  guint             id;
  char             *uuid;
  char             *name;
  char             *config_path;
  char             *vnc_address;
  char             *console_path;
  DomusDomainType   type;
  DomusDomainState  state;
  guint             vcpus_online;
  guint             vcpus_max;
  guint64           memory_kib;
  guint64           memory_max_kib;
  guint64           memory_target_kib;
  guint64           cpu_time_ns;
  double            cpu_percent;
  int               weight;
  int               cap;
  guint             cpupool_id;

  double            io_rates[N_IO_RATES];

  GListStore       *vcpus;
  GPtrArray        *vcpu_array;   /* the same, for cheap indexing */
  GListStore       *io_devices;   /* DomusIoDevice, sorted by kind then id */
  GPtrArray        *io_array;     /* the same, for cheap indexing */
  DomusTimeline    *timeline;
  DomusSeries      *series;
  double           *series_row;   /* scratch row for pushes */
};

enum {
  PROP_0,
  PROP_ID,
  PROP_UUID,
  PROP_NAME,
  PROP_CONFIG_PATH,
  PROP_VNC_ADDRESS,
  PROP_CONSOLE_PATH,
  PROP_DOMAIN_TYPE,
  PROP_STATE,
  PROP_VCPUS_ONLINE,
  PROP_VCPUS_MAX,
  PROP_MEMORY_KIB,
  PROP_MEMORY_MAX_KIB,
  PROP_MEMORY_TARGET_KIB,
  PROP_CPU_TIME,
  PROP_CPU_PERCENT,
  PROP_WEIGHT,
  PROP_CAP,
  PROP_CPUPOOL_ID,
  PROP_VCPUS,
  PROP_SERIES,
  PROP_IO_DEVICES,
  PROP_NET_RX_RATE,
  PROP_NET_TX_RATE,
  PROP_DISK_READ_RATE,
  PROP_DISK_WRITE_RATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (DomusDomain, domus_domain, G_TYPE_OBJECT)

static void
domus_domain_finalize (GObject *object)
{
  DomusDomain *self = DOMUS_DOMAIN (object);

  g_free (self->uuid);
  g_free (self->name);
  g_free (self->config_path);
  g_free (self->vnc_address);
  g_free (self->console_path);
  g_free (self->series_row);
  g_clear_object (&self->vcpus);
  g_clear_pointer (&self->vcpu_array, g_ptr_array_unref);
  g_clear_object (&self->io_devices);
  g_clear_pointer (&self->io_array, g_ptr_array_unref);
  g_clear_object (&self->timeline);
  g_clear_object (&self->series);

  G_OBJECT_CLASS (domus_domain_parent_class)->finalize (object);
}

static void
domus_domain_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  DomusDomain *self = DOMUS_DOMAIN (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_uint (value, self->id); break;
    case PROP_UUID: g_value_set_string (value, self->uuid); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_CONFIG_PATH: g_value_set_string (value, self->config_path); break;
    case PROP_VNC_ADDRESS: g_value_set_string (value, self->vnc_address); break;
    case PROP_CONSOLE_PATH: g_value_set_string (value, self->console_path); break;
    case PROP_DOMAIN_TYPE: g_value_set_enum (value, self->type); break;
    case PROP_STATE: g_value_set_enum (value, self->state); break;
    case PROP_VCPUS_ONLINE: g_value_set_uint (value, self->vcpus_online); break;
    case PROP_VCPUS_MAX: g_value_set_uint (value, self->vcpus_max); break;
    case PROP_MEMORY_KIB: g_value_set_uint64 (value, self->memory_kib); break;
    case PROP_MEMORY_MAX_KIB: g_value_set_uint64 (value, self->memory_max_kib); break;
    case PROP_MEMORY_TARGET_KIB: g_value_set_uint64 (value, self->memory_target_kib); break;
    case PROP_CPU_TIME: g_value_set_uint64 (value, self->cpu_time_ns); break;
    case PROP_CPU_PERCENT: g_value_set_double (value, self->cpu_percent); break;
    case PROP_WEIGHT: g_value_set_int (value, self->weight); break;
    case PROP_CAP: g_value_set_int (value, self->cap); break;
    case PROP_CPUPOOL_ID: g_value_set_uint (value, self->cpupool_id); break;
    case PROP_VCPUS: g_value_set_object (value, self->vcpus); break;
    case PROP_SERIES: g_value_set_object (value, self->series); break;
    case PROP_IO_DEVICES: g_value_set_object (value, self->io_devices); break;
    case PROP_NET_RX_RATE: g_value_set_double (value, self->io_rates[IO_NET_RX]); break;
    case PROP_NET_TX_RATE: g_value_set_double (value, self->io_rates[IO_NET_TX]); break;
    case PROP_DISK_READ_RATE: g_value_set_double (value, self->io_rates[IO_DISK_READ]); break;
    case PROP_DISK_WRITE_RATE: g_value_set_double (value, self->io_rates[IO_DISK_WRITE]); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
domus_domain_class_init (DomusDomainClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = domus_domain_finalize;
  object_class->get_property = domus_domain_get_property;

  properties[PROP_ID] = g_param_spec_uint ("id", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_UUID] = g_param_spec_string ("uuid", NULL, NULL, NULL, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_CONFIG_PATH] = g_param_spec_string ("config-path", NULL, NULL, NULL, flags);
  properties[PROP_VNC_ADDRESS] = g_param_spec_string ("vnc-address", NULL, NULL, NULL, flags);
  properties[PROP_CONSOLE_PATH] = g_param_spec_string ("console-path", NULL, NULL, NULL, flags);
  properties[PROP_DOMAIN_TYPE] =
    g_param_spec_enum ("domain-type", NULL, NULL,
                       DOMUS_TYPE_DOMAIN_TYPE, DOMUS_DOMAIN_TYPE_PV, flags);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       DOMUS_TYPE_DOMAIN_STATE, DOMUS_DOMAIN_STATE_RUNNING, flags);
  properties[PROP_VCPUS_ONLINE] =
    g_param_spec_uint ("vcpus-online", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_VCPUS_MAX] = g_param_spec_uint ("vcpus-max", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_MEMORY_KIB] =
    g_param_spec_uint64 ("memory-kib", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_MEMORY_MAX_KIB] =
    g_param_spec_uint64 ("memory-max-kib", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_MEMORY_TARGET_KIB] =
    g_param_spec_uint64 ("memory-target-kib", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_CPU_TIME] = g_param_spec_uint64 ("cpu-time", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_CPU_PERCENT] =
    g_param_spec_double ("cpu-percent", NULL, NULL, 0, G_MAXDOUBLE, 0, flags);
  properties[PROP_WEIGHT] = g_param_spec_int ("weight", NULL, NULL, -1, G_MAXINT, 256, flags);
  properties[PROP_CAP] = g_param_spec_int ("cap", NULL, NULL, -1, G_MAXINT, 0, flags);
  properties[PROP_CPUPOOL_ID] = g_param_spec_uint ("cpupool-id", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_VCPUS] = g_param_spec_object ("vcpus", NULL, NULL, G_TYPE_LIST_MODEL, flags);
  properties[PROP_SERIES] = g_param_spec_object ("series", NULL, NULL, DOMUS_TYPE_SERIES, flags);
  properties[PROP_IO_DEVICES] =
    g_param_spec_object ("io-devices", NULL, NULL, G_TYPE_LIST_MODEL, flags);
  properties[PROP_NET_RX_RATE] =
    g_param_spec_double ("net-rx-rate", NULL, NULL, 0, G_MAXDOUBLE, 0, flags);
  properties[PROP_NET_TX_RATE] =
    g_param_spec_double ("net-tx-rate", NULL, NULL, 0, G_MAXDOUBLE, 0, flags);
  properties[PROP_DISK_READ_RATE] =
    g_param_spec_double ("disk-read-rate", NULL, NULL, 0, G_MAXDOUBLE, 0, flags);
  properties[PROP_DISK_WRITE_RATE] =
    g_param_spec_double ("disk-write-rate", NULL, NULL, 0, G_MAXDOUBLE, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
domus_domain_init (DomusDomain *self)
{
  self->vcpus = g_list_store_new (DOMUS_TYPE_VCPU);
  self->vcpu_array = g_ptr_array_new_with_free_func (g_object_unref);
  self->io_devices = g_list_store_new (DOMUS_TYPE_IO_DEVICE);
  self->io_array = g_ptr_array_new_with_free_func (g_object_unref);
}

DomusDomain *
_domus_domain_new (const DomusDomainSample *sample,
                   DomusTimeline           *timeline,
                   double                   memory_scale_mib)
{
  DomusDomain *self;
  guint n_vcpus = sample->vcpus->len;

  self = g_object_new (DOMUS_TYPE_DOMAIN, NULL);
  self->id = sample->id;
  self->uuid = g_strdup (sample->uuid);
  self->name = g_strdup (sample->name);
  self->type = sample->type;
  self->timeline = g_object_ref (timeline);

  for (guint i = 0; i < n_vcpus; i++)
    {
      DomusVcpu *vcpu = _domus_vcpu_new (i);

      g_list_store_append (self->vcpus, vcpu);
      g_ptr_array_add (self->vcpu_array, vcpu);
    }

  /* The vCPU set is fixed at creation (maxvcpus); online changes within it. */
  self->series = domus_series_new (timeline, DOMUS_DOMAIN_SERIES_VCPU0 + n_vcpus);
  domus_series_set_channel (self->series, DOMUS_DOMAIN_SERIES_CPU, 100.0 * MAX (n_vcpus, 1), 16);
  domus_series_set_channel (self->series, DOMUS_DOMAIN_SERIES_MEMORY,
                            MAX (memory_scale_mib, 1.0), 16);
  for (guint i = 0; i < n_vcpus; i++)
    domus_series_set_channel (self->series, DOMUS_DOMAIN_SERIES_VCPU0 + i, 100.0, 8);
  self->series_row = g_new0 (double, DOMUS_DOMAIN_SERIES_VCPU0 + n_vcpus);

  return self;
}

/* A console is a pty, /dev/pts/N: the path may come from xenstore, which
 * the guest may be able to write, and the Console view and the console
 * watch open it. Anything else is not reported. */
static const char *
pty_or_null (const char *path)
{
  guint64 n;

  if (path == NULL || !g_str_has_prefix (path, "/dev/pts/")
      || !g_ascii_string_to_unsigned (path + strlen ("/dev/pts/"), 10, 0, G_MAXUINT32, &n, NULL))
    {
      if (path != NULL)
        g_debug ("Not a console: “%s” is not /dev/pts/N", path);
      return NULL;
    }
  return path;
}

static int
compare_io (DomusIoKind kind_a,
            guint32     id_a,
            DomusIoKind kind_b,
            guint32     id_b)
{
  if (kind_a != kind_b)
    return kind_a < kind_b ? -1 : 1;
  return id_a < id_b ? -1 : id_a > id_b;
}

/* Brings the devices to @sample's, in place: both lists are sorted by kind
 * then id, so one walk finds the gone, the new and the kept. */
static void
update_io (DomusDomain             *self,
           const DomusDomainSample *sample,
           gint64                   elapsed_us)
{
  guint n = sample->io != NULL ? sample->io->len : 0;
  double rates[N_IO_RATES] = { 0 };
  guint at = 0;

  for (guint i = 0; i < n; i++)
    {
      const DomusIoSample *io = &g_array_index (sample->io, DomusIoSample, i);
      DomusIoDevice *device = NULL;
      int order = 1;

      /* Devices before this one are gone. */
      while (at < self->io_array->len)
        {
          DomusIoDevice *old = g_ptr_array_index (self->io_array, at);

          order = compare_io (domus_io_device_get_kind (old), domus_io_device_get_id (old), io->kind, io->id);
          if (order >= 0)
            break;
          g_ptr_array_remove_index (self->io_array, at);
          g_list_store_remove (self->io_devices, at);
        }
      if (at < self->io_array->len && order == 0)
        {
          device = g_ptr_array_index (self->io_array, at);
          _domus_io_device_update (device, io, elapsed_us);
        }
      else
        {
          /* A sample out of order would be read as the same devices again. */
          if (at > 0 && compare_io (domus_io_device_get_kind (g_ptr_array_index (self->io_array, at - 1)),
                                    domus_io_device_get_id (g_ptr_array_index (self->io_array, at - 1)),
                                    io->kind, io->id) >= 0)
            continue;
          device = _domus_io_device_new (io, self->timeline);
          _domus_io_device_update (device, io, 0);
          g_ptr_array_insert (self->io_array, at, device);
          g_list_store_insert (self->io_devices, at, device);
        }
      at++;

      if (io->kind == DOMUS_IO_KIND_NET)
        {
          rates[IO_NET_RX] += domus_io_device_get_rate (device, DOMUS_IO_NET_RX_BYTES);
          rates[IO_NET_TX] += domus_io_device_get_rate (device, DOMUS_IO_NET_TX_BYTES);
        }
      else
        {
          rates[IO_DISK_READ] += domus_io_device_get_rate (device, DOMUS_IO_DISK_READ_SECTORS) * DOMUS_IO_SECTOR_BYTES;
          rates[IO_DISK_WRITE] += domus_io_device_get_rate (device, DOMUS_IO_DISK_WRITE_SECTORS) * DOMUS_IO_SECTOR_BYTES;
        }
    }
  if (at < self->io_array->len)
    {
      g_ptr_array_remove_range (self->io_array, at, self->io_array->len - at);
      g_list_store_splice (self->io_devices, at, g_list_model_get_n_items (G_LIST_MODEL (self->io_devices)) - at,
                           NULL, 0);
    }

  DOMUS_UPDATE_FIELD (self, io_rates[IO_NET_RX], rates[IO_NET_RX], properties[PROP_NET_RX_RATE]);
  DOMUS_UPDATE_FIELD (self, io_rates[IO_NET_TX], rates[IO_NET_TX], properties[PROP_NET_TX_RATE]);
  DOMUS_UPDATE_FIELD (self, io_rates[IO_DISK_READ], rates[IO_DISK_READ], properties[PROP_DISK_READ_RATE]);
  DOMUS_UPDATE_FIELD (self, io_rates[IO_DISK_WRITE], rates[IO_DISK_WRITE], properties[PROP_DISK_WRITE_RATE]);
}

void
_domus_domain_update (DomusDomain             *self,
                      const DomusDomainSample *sample,
                      gint64                   elapsed_us)
{
  gboolean record = elapsed_us >= 0;
  double cpu_percent = domus_cpu_percent (sample->cpu_time_ns, self->cpu_time_ns, elapsed_us);
  guint n_vcpus;

  g_return_if_fail (DOMUS_IS_DOMAIN (self));

  if (g_strcmp0 (self->name, sample->name) != 0)
    {
      g_free (self->name);
      self->name = g_strdup (sample->name);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
    }
  /* Known once it is known: a backend may learn it late, never forget it. */
  if (sample->config_path != NULL && g_strcmp0 (self->config_path, sample->config_path) != 0)
    {
      g_free (self->config_path);
      self->config_path = g_strdup (sample->config_path);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONFIG_PATH]);
    }
  domus_update_string (self, &self->vnc_address, sample->vnc_address, properties[PROP_VNC_ADDRESS]);
  domus_update_string (self, &self->console_path, pty_or_null (sample->console_path), properties[PROP_CONSOLE_PATH]);
  DOMUS_UPDATE_FIELD (self, state, sample->state, properties[PROP_STATE]);
  DOMUS_UPDATE_FIELD (self, vcpus_online, sample->vcpus_online, properties[PROP_VCPUS_ONLINE]);
  DOMUS_UPDATE_FIELD (self, vcpus_max, sample->vcpus_max, properties[PROP_VCPUS_MAX]);
  DOMUS_UPDATE_FIELD (self, memory_kib, sample->memory_kib, properties[PROP_MEMORY_KIB]);
  DOMUS_UPDATE_FIELD (self, memory_max_kib, sample->memory_max_kib, properties[PROP_MEMORY_MAX_KIB]);
  DOMUS_UPDATE_FIELD (self, memory_target_kib, sample->memory_target_kib, properties[PROP_MEMORY_TARGET_KIB]);
  if (record)
    {
      DOMUS_UPDATE_FIELD (self, cpu_time_ns, sample->cpu_time_ns, properties[PROP_CPU_TIME]);
      DOMUS_UPDATE_FIELD (self, cpu_percent, cpu_percent, properties[PROP_CPU_PERCENT]);
    }
  DOMUS_UPDATE_FIELD (self, weight, sample->weight, properties[PROP_WEIGHT]);
  DOMUS_UPDATE_FIELD (self, cap, sample->cap, properties[PROP_CAP]);
  DOMUS_UPDATE_FIELD (self, cpupool_id, sample->cpupool, properties[PROP_CPUPOOL_ID]);

  /* The vCPU set is fixed at creation; channels past the sample's get gaps. */
  /* The first sample has no rate yet: its history holds a gap, not a 0. */
  n_vcpus = domus_series_get_n_channels (self->series) - DOMUS_DOMAIN_SERIES_VCPU0;
  for (guint i = 0; i < n_vcpus; i++)
    {
      double percent = NAN;

      if (i < sample->vcpus->len)
        percent = _domus_vcpu_update (g_ptr_array_index (self->vcpu_array, i),
                                      &g_array_index (sample->vcpus, DomusVcpuSample, i),
                                      elapsed_us);
      self->series_row[DOMUS_DOMAIN_SERIES_VCPU0 + i] = elapsed_us > 0 ? percent : NAN;
    }

  if (!record)
    return;

  self->series_row[DOMUS_DOMAIN_SERIES_CPU] = elapsed_us > 0 ? cpu_percent : NAN;
  self->series_row[DOMUS_DOMAIN_SERIES_MEMORY] = sample->memory_kib / 1024.0;
  domus_series_push (self->series, self->series_row);

  update_io (self, sample, elapsed_us);
}

guint
domus_domain_get_id (DomusDomain *self)
{
  g_return_val_if_fail (DOMUS_IS_DOMAIN (self), 0);
  return self->id;
}

const char *
domus_domain_get_uuid (DomusDomain *self)
{
  g_return_val_if_fail (DOMUS_IS_DOMAIN (self), NULL);
  return self->uuid;
}

const char *
domus_domain_get_name (DomusDomain *self)
{
  g_return_val_if_fail (DOMUS_IS_DOMAIN (self), NULL);
  return self->name;
}

const char *
domus_domain_get_config_path (DomusDomain *self)
{
  g_return_val_if_fail (DOMUS_IS_DOMAIN (self), NULL);
  return self->config_path;
}

const char *
domus_domain_get_vnc_address (DomusDomain *self)
{
  g_return_val_if_fail (DOMUS_IS_DOMAIN (self), NULL);
  return self->vnc_address;
}

const char *
domus_domain_get_console_path (DomusDomain *self)
{
  g_return_val_if_fail (DOMUS_IS_DOMAIN (self), NULL);
  return self->console_path;
}

void
domus_domain_set_config_path (DomusDomain *self,
                              const char  *path)
{
  g_return_if_fail (DOMUS_IS_DOMAIN (self));

  if (g_strcmp0 (self->config_path, path) == 0)
    return;
  g_free (self->config_path);
  self->config_path = g_strdup (path);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONFIG_PATH]);
}

DomusDomainType
domus_domain_get_domain_type (DomusDomain *self)
{
  g_return_val_if_fail (DOMUS_IS_DOMAIN (self), DOMUS_DOMAIN_TYPE_PV);
  return self->type;
}

DomusDomainState
domus_domain_get_state (DomusDomain *self)
{
  g_return_val_if_fail (DOMUS_IS_DOMAIN (self), DOMUS_DOMAIN_STATE_DYING);
  return self->state;
}

guint
domus_domain_get_vcpus_online (DomusDomain *self)
{
  g_return_val_if_fail (DOMUS_IS_DOMAIN (self), 0);
  return self->vcpus_online;
}

guint
domus_domain_get_vcpus_max (DomusDomain *self)
{
  g_return_val_if_fail (DOMUS_IS_DOMAIN (self), 0);
  return self->vcpus_max;
}

guint64
domus_domain_get_memory_kib (DomusDomain *self)
{
  g_return_val_if_fail (DOMUS_IS_DOMAIN (self), 0);
  return self->memory_kib;
}

guint64
domus_domain_get_memory_max_kib (DomusDomain *self)
{
  g_return_val_if_fail (DOMUS_IS_DOMAIN (self), 0);
  return self->memory_max_kib;
}

guint64
domus_domain_get_memory_target_kib (DomusDomain *self)
{
  g_return_val_if_fail (DOMUS_IS_DOMAIN (self), 0);
  return self->memory_target_kib;
}

guint64
domus_domain_get_cpu_time (DomusDomain *self)
{
  g_return_val_if_fail (DOMUS_IS_DOMAIN (self), 0);
  return self->cpu_time_ns;
}

double
domus_domain_get_cpu_percent (DomusDomain *self)
{
  g_return_val_if_fail (DOMUS_IS_DOMAIN (self), 0);
  return self->cpu_percent;
}

int
domus_domain_get_weight (DomusDomain *self)
{
  g_return_val_if_fail (DOMUS_IS_DOMAIN (self), 0);
  return self->weight;
}

int
domus_domain_get_cap (DomusDomain *self)
{
  g_return_val_if_fail (DOMUS_IS_DOMAIN (self), 0);
  return self->cap;
}

guint
domus_domain_get_cpupool_id (DomusDomain *self)
{
  g_return_val_if_fail (DOMUS_IS_DOMAIN (self), 0);
  return self->cpupool_id;
}

GListModel *
domus_domain_get_vcpus (DomusDomain *self)
{
  g_return_val_if_fail (DOMUS_IS_DOMAIN (self), NULL);
  return G_LIST_MODEL (self->vcpus);
}

DomusSeries *
domus_domain_get_series (DomusDomain *self)
{
  g_return_val_if_fail (DOMUS_IS_DOMAIN (self), NULL);
  return self->series;
}

GListModel *
domus_domain_get_io_devices (DomusDomain *self)
{
  g_return_val_if_fail (DOMUS_IS_DOMAIN (self), NULL);
  return G_LIST_MODEL (self->io_devices);
}

guint
domus_domain_get_n_io_devices (DomusDomain *self,
                               DomusIoKind  kind)
{
  guint n = 0;

  g_return_val_if_fail (DOMUS_IS_DOMAIN (self), 0);

  for (guint i = 0; i < self->io_array->len; i++)
    n += domus_io_device_get_kind (g_ptr_array_index (self->io_array, i)) == kind;
  return n;
}

guint64
domus_domain_get_io_total (DomusDomain *self,
                           DomusIoKind  kind,
                           guint        counter)
{
  guint64 total = 0;

  g_return_val_if_fail (DOMUS_IS_DOMAIN (self), 0);
  g_return_val_if_fail (counter < DOMUS_IO_N_COUNTERS, 0);

  for (guint i = 0; i < self->io_array->len; i++)
    {
      DomusIoDevice *device = g_ptr_array_index (self->io_array, i);

      if (domus_io_device_get_kind (device) == kind)
        total += domus_io_device_get_total (device, counter);
    }
  return total;
}

double
domus_domain_get_io_rate (DomusDomain *self,
                          DomusIoKind  kind,
                          guint        counter)
{
  double rate = 0;

  g_return_val_if_fail (DOMUS_IS_DOMAIN (self), 0);
  g_return_val_if_fail (counter < DOMUS_IO_N_COUNTERS, 0);

  for (guint i = 0; i < self->io_array->len; i++)
    {
      DomusIoDevice *device = g_ptr_array_index (self->io_array, i);

      if (domus_io_device_get_kind (device) == kind)
        rate += domus_io_device_get_rate (device, counter);
    }
  return rate;
}

double
domus_domain_get_net_rx_rate (DomusDomain *self)
{
  g_return_val_if_fail (DOMUS_IS_DOMAIN (self), 0);
  return self->io_rates[IO_NET_RX];
}

double
domus_domain_get_net_tx_rate (DomusDomain *self)
{
  g_return_val_if_fail (DOMUS_IS_DOMAIN (self), 0);
  return self->io_rates[IO_NET_TX];
}

double
domus_domain_get_disk_read_rate (DomusDomain *self)
{
  g_return_val_if_fail (DOMUS_IS_DOMAIN (self), 0);
  return self->io_rates[IO_DISK_READ];
}

double
domus_domain_get_disk_write_rate (DomusDomain *self)
{
  g_return_val_if_fail (DOMUS_IS_DOMAIN (self), 0);
  return self->io_rates[IO_DISK_WRITE];
}

gboolean
domus_domain_text_is_id (const char *text)
{
  g_return_val_if_fail (text != NULL, FALSE);

  if (text[0] == '\0')
    return FALSE;
  for (const char *c = text; *c != '\0'; c++)
    if (!g_ascii_isdigit (*c))
      return FALSE;
  return TRUE;
}

gboolean
domus_domain_check_new_name (const char  *name,
                             GError     **error)
{
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (name[0] == '\0')
    {
      g_set_error_literal (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT, _("A domain needs a name"));
      return FALSE;
    }
  if (domus_domain_text_is_id (name))
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                   /* TRANSLATORS: %s is a name such as "42" */
                   _("“%s” cannot be a domain name: a name of digits only would be read as a "
                     "domain's number"), name);
      return FALSE;
    }
  return TRUE;
}
