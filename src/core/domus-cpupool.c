/* domus-cpupool.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-cpupool"

#include "config.h"

#include "domus-cpulist.h"
#include "domus-cpupool-private.h"
#include "domus-enums.h"
#include "domus-update-private.h"

struct _DomusCpupool
{
  GObject         parent_instance;

  guint           id;
  char           *name;
  DomusScheduler  scheduler;
  guint64         cpus;
  char           *cpus_text;
  guint           n_pcpus;     /* the host's, for the text */
  guint           n_domains;
};

G_DEFINE_FINAL_TYPE (DomusCpupool, domus_cpupool, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_SCHEDULER,
  PROP_CPUS,
  PROP_CPUS_TEXT,
  PROP_N_CPUS,
  PROP_N_DOMAINS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
domus_cpupool_finalize (GObject *object)
{
  DomusCpupool *self = DOMUS_CPUPOOL (object);

  g_free (self->name);
  g_free (self->cpus_text);

  G_OBJECT_CLASS (domus_cpupool_parent_class)->finalize (object);
}

static void
domus_cpupool_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  DomusCpupool *self = DOMUS_CPUPOOL (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_uint (value, self->id); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_SCHEDULER: g_value_set_enum (value, self->scheduler); break;
    case PROP_CPUS: g_value_set_uint64 (value, self->cpus); break;
    case PROP_CPUS_TEXT: g_value_set_string (value, self->cpus_text); break;
    case PROP_N_CPUS: g_value_set_uint (value, domus_cpupool_get_n_cpus (self)); break;
    case PROP_N_DOMAINS: g_value_set_uint (value, self->n_domains); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
domus_cpupool_class_init (DomusCpupoolClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = domus_cpupool_finalize;
  object_class->get_property = domus_cpupool_get_property;

  properties[PROP_ID] = g_param_spec_uint ("id", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_SCHEDULER] =
    g_param_spec_enum ("scheduler", NULL, NULL, DOMUS_TYPE_SCHEDULER, DOMUS_SCHEDULER_CREDIT, flags);
  properties[PROP_CPUS] = g_param_spec_uint64 ("cpus", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_CPUS_TEXT] = g_param_spec_string ("cpus-text", NULL, NULL, NULL, flags);
  properties[PROP_N_CPUS] = g_param_spec_uint ("n-cpus", NULL, NULL, 0, 64, 0, flags);
  properties[PROP_N_DOMAINS] = g_param_spec_uint ("n-domains", NULL, NULL, 0, G_MAXUINT, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
domus_cpupool_init (DomusCpupool *self)
{
  self->cpus_text = g_strdup ("");
}

DomusCpupool *
_domus_cpupool_new (const DomusCpupoolSample *sample,
                    guint                     n_pcpus)
{
  DomusCpupool *self = g_object_new (DOMUS_TYPE_CPUPOOL, NULL);

  self->id = sample->id;
  self->n_pcpus = CLAMP (n_pcpus, 1, DOMUS_CPULIST_MAX_PCPUS);
  return self;
}

void
_domus_cpupool_update (DomusCpupool             *self,
                       const DomusCpupoolSample *sample,
                       guint                     n_domains)
{
  g_return_if_fail (DOMUS_IS_CPUPOOL (self));

  g_object_freeze_notify (G_OBJECT (self));
  domus_update_string (self, &self->name, sample->name, properties[PROP_NAME]);
  DOMUS_UPDATE_FIELD (self, scheduler, sample->scheduler, properties[PROP_SCHEDULER]);
  if (self->cpus != sample->cpus)
    {
      self->cpus = sample->cpus;
      g_free (self->cpus_text);
      self->cpus_text = domus_cpulist_format_ranges (self->cpus, self->n_pcpus);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CPUS]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CPUS_TEXT]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CPUS]);
    }
  DOMUS_UPDATE_FIELD (self, n_domains, n_domains, properties[PROP_N_DOMAINS]);
  g_object_thaw_notify (G_OBJECT (self));
}

guint
domus_cpupool_get_id (DomusCpupool *self)
{
  g_return_val_if_fail (DOMUS_IS_CPUPOOL (self), 0);
  return self->id;
}

const char *
domus_cpupool_get_name (DomusCpupool *self)
{
  g_return_val_if_fail (DOMUS_IS_CPUPOOL (self), NULL);
  return self->name;
}

DomusScheduler
domus_cpupool_get_scheduler (DomusCpupool *self)
{
  g_return_val_if_fail (DOMUS_IS_CPUPOOL (self), DOMUS_SCHEDULER_CREDIT);
  return self->scheduler;
}

guint64
domus_cpupool_get_cpus (DomusCpupool *self)
{
  g_return_val_if_fail (DOMUS_IS_CPUPOOL (self), 0);
  return self->cpus;
}

const char *
domus_cpupool_get_cpus_text (DomusCpupool *self)
{
  g_return_val_if_fail (DOMUS_IS_CPUPOOL (self), NULL);
  return self->cpus_text;
}

guint
domus_cpupool_get_n_cpus (DomusCpupool *self)
{
  g_return_val_if_fail (DOMUS_IS_CPUPOOL (self), 0);
  return (guint) __builtin_popcountll (self->cpus);
}

guint
domus_cpupool_get_n_domains (DomusCpupool *self)
{
  g_return_val_if_fail (DOMUS_IS_CPUPOOL (self), 0);
  return self->n_domains;
}
