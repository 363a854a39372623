/* domus-bench-group.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-bench-group"

#include "config.h"

#include <math.h>

#include "domus-bench-group.h"

struct _DomusBenchGroup
{
  GObject         parent_instance;

  DomusBenchKind  kind;
  char           *set_name;
  char           *category;
  guint64         memory_mib;
  char           *domain;

  GArray         *values;      /* double, those that are not NAN */
  guint           count;
  guint           failed;
  guint           sla_met;
  DomusStats      stats;
};

enum {
  PROP_0,
  PROP_COUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (DomusBenchGroup, domus_bench_group, G_TYPE_OBJECT)

static void
domus_bench_group_finalize (GObject *object)
{
  DomusBenchGroup *self = DOMUS_BENCH_GROUP (object);

  g_free (self->set_name);
  g_free (self->category);
  g_free (self->domain);
  g_array_unref (self->values);

  G_OBJECT_CLASS (domus_bench_group_parent_class)->finalize (object);
}

static void
domus_bench_group_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  DomusBenchGroup *self = DOMUS_BENCH_GROUP (object);

  switch (prop_id)
    {
    case PROP_COUNT:
      g_value_set_uint (value, self->count);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
domus_bench_group_class_init (DomusBenchGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = domus_bench_group_finalize;
  object_class->get_property = domus_bench_group_get_property;

  /**
   * DomusBenchGroup:count:
   *
   * Tries added so far; notified after the statistics follow a new one.
   */
  properties[PROP_COUNT] =
    g_param_spec_uint ("count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
domus_bench_group_init (DomusBenchGroup *self)
{
  self->values = g_array_new (FALSE, FALSE, sizeof (double));
  domus_stats_compute (NULL, 0, &self->stats);
}

DomusBenchGroup *
domus_bench_group_new_lifecycle (const char *set_name,
                                 const char *step,
                                 guint64     memory_mib)
{
  DomusBenchGroup *self;

  g_return_val_if_fail (step != NULL, NULL);

  self = g_object_new (DOMUS_TYPE_BENCH_GROUP, NULL);
  self->kind = DOMUS_BENCH_LIFECYCLE;
  self->set_name = g_strdup (set_name);
  self->category = g_strdup (step);
  self->memory_mib = memory_mib;
  return self;
}

DomusBenchGroup *
domus_bench_group_new_workload (const char *set_name,
                                const char *scenario,
                                const char *domain)
{
  DomusBenchGroup *self;

  g_return_val_if_fail (scenario != NULL, NULL);

  self = g_object_new (DOMUS_TYPE_BENCH_GROUP, NULL);
  self->kind = DOMUS_BENCH_WORKLOAD;
  self->set_name = g_strdup (set_name);
  self->category = g_strdup (scenario);
  self->domain = g_strdup (domain);
  return self;
}

void
domus_bench_group_add (DomusBenchGroup *self,
                       double           value,
                       gboolean         sla_met)
{
  g_return_if_fail (DOMUS_IS_BENCH_GROUP (self));

  self->count++;
  if (isnan (value))
    self->failed++;
  else
    g_array_append_val (self->values, value);
  self->sla_met += sla_met ? 1 : 0;

  domus_stats_compute ((const double *) self->values->data, self->values->len, &self->stats);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNT]);
}

DomusBenchKind
domus_bench_group_get_kind (DomusBenchGroup *self)
{
  g_return_val_if_fail (DOMUS_IS_BENCH_GROUP (self), DOMUS_BENCH_LIFECYCLE);

  return self->kind;
}

const char *
domus_bench_group_get_set_name (DomusBenchGroup *self)
{
  g_return_val_if_fail (DOMUS_IS_BENCH_GROUP (self), NULL);

  return self->set_name;
}

const char *
domus_bench_group_get_category (DomusBenchGroup *self)
{
  g_return_val_if_fail (DOMUS_IS_BENCH_GROUP (self), NULL);

  return self->category;
}

guint64
domus_bench_group_get_memory_mib (DomusBenchGroup *self)
{
  g_return_val_if_fail (DOMUS_IS_BENCH_GROUP (self), 0);

  return self->memory_mib;
}

const char *
domus_bench_group_get_domain (DomusBenchGroup *self)
{
  g_return_val_if_fail (DOMUS_IS_BENCH_GROUP (self), NULL);

  return self->domain;
}

guint
domus_bench_group_get_count (DomusBenchGroup *self)
{
  g_return_val_if_fail (DOMUS_IS_BENCH_GROUP (self), 0);

  return self->count;
}

guint
domus_bench_group_get_failed (DomusBenchGroup *self)
{
  g_return_val_if_fail (DOMUS_IS_BENCH_GROUP (self), 0);

  return self->failed;
}

guint
domus_bench_group_get_sla_met (DomusBenchGroup *self)
{
  g_return_val_if_fail (DOMUS_IS_BENCH_GROUP (self), 0);

  return self->sla_met;
}

const DomusStats *
domus_bench_group_get_stats (DomusBenchGroup *self)
{
  g_return_val_if_fail (DOMUS_IS_BENCH_GROUP (self), NULL);

  return &self->stats;
}

