/* domus-vcpu.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-vcpu"

#include "config.h"

#include "domus-enums.h"
#include "domus-update-private.h"
#include "domus-vcpu-private.h"

struct _DomusVcpu
{
  GObject         parent_instance;
  guint           id;
  DomusVcpuState  state;
  guint           pcpu;
  guint64         time_ns;
  double          cpu_percent;
  const char     *affinity;     /* interned */
};

enum {
  PROP_0,
  PROP_ID,
  PROP_STATE,
  PROP_PCPU,
  PROP_TIME,
  PROP_CPU_PERCENT,
  PROP_AFFINITY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (DomusVcpu, domus_vcpu, G_TYPE_OBJECT)

static void
domus_vcpu_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  DomusVcpu *self = DOMUS_VCPU (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_uint (value, self->id);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_PCPU:
      g_value_set_uint (value, self->pcpu);
      break;
    case PROP_TIME:
      g_value_set_uint64 (value, self->time_ns);
      break;
    case PROP_CPU_PERCENT:
      g_value_set_double (value, self->cpu_percent);
      break;
    case PROP_AFFINITY:
      g_value_set_string (value, self->affinity);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
domus_vcpu_class_init (DomusVcpuClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = domus_vcpu_get_property;

  properties[PROP_ID] = g_param_spec_uint ("id", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, DOMUS_TYPE_VCPU_STATE, DOMUS_VCPU_STATE_OFFLINE, flags);
  properties[PROP_PCPU] = g_param_spec_uint ("pcpu", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_TIME] = g_param_spec_uint64 ("time", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_CPU_PERCENT] =
    g_param_spec_double ("cpu-percent", NULL, NULL, 0, G_MAXDOUBLE, 0, flags);
  properties[PROP_AFFINITY] = g_param_spec_string ("affinity", NULL, NULL, "all", flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
domus_vcpu_init (DomusVcpu *self)
{
  self->state = DOMUS_VCPU_STATE_OFFLINE;
  self->affinity = g_intern_static_string ("all");
}

DomusVcpu *
_domus_vcpu_new (guint id)
{
  DomusVcpu *self = g_object_new (DOMUS_TYPE_VCPU, NULL);

  self->id = id;
  return self;
}

double
_domus_vcpu_update (DomusVcpu             *self,
                    const DomusVcpuSample *sample,
                    gint64                 elapsed_us)
{
  double cpu_percent;

  g_return_val_if_fail (DOMUS_IS_VCPU (self), 0.0);

  /* No freeze/thaw: a refresh touches thousands of vCPUs, and each
   * freeze costs more than the few notifications it would merge. */
  DOMUS_UPDATE_FIELD (self, state, sample->state, properties[PROP_STATE]);
  DOMUS_UPDATE_FIELD (self, pcpu, sample->pcpu, properties[PROP_PCPU]);
  if (elapsed_us >= 0)
    {
      cpu_percent = domus_cpu_percent (sample->time_ns, self->time_ns, elapsed_us);
      DOMUS_UPDATE_FIELD (self, time_ns, sample->time_ns, properties[PROP_TIME]);
      DOMUS_UPDATE_FIELD (self, cpu_percent, cpu_percent, properties[PROP_CPU_PERCENT]);
    }
  if (sample->affinity != NULL && self->affinity != sample->affinity)
    {
      self->affinity = sample->affinity;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AFFINITY]);
    }

  return self->cpu_percent;
}

guint
domus_vcpu_get_id (DomusVcpu *self)
{
  g_return_val_if_fail (DOMUS_IS_VCPU (self), 0);
  return self->id;
}

DomusVcpuState
domus_vcpu_get_state (DomusVcpu *self)
{
  g_return_val_if_fail (DOMUS_IS_VCPU (self), DOMUS_VCPU_STATE_OFFLINE);
  return self->state;
}

guint
domus_vcpu_get_pcpu (DomusVcpu *self)
{
  g_return_val_if_fail (DOMUS_IS_VCPU (self), 0);
  return self->pcpu;
}

guint64
domus_vcpu_get_time (DomusVcpu *self)
{
  g_return_val_if_fail (DOMUS_IS_VCPU (self), 0);
  return self->time_ns;
}

double
domus_vcpu_get_cpu_percent (DomusVcpu *self)
{
  g_return_val_if_fail (DOMUS_IS_VCPU (self), 0);
  return self->cpu_percent;
}

const char *
domus_vcpu_get_affinity (DomusVcpu *self)
{
  g_return_val_if_fail (DOMUS_IS_VCPU (self), NULL);
  return self->affinity;
}
