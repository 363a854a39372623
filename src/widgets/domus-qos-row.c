/* domus-qos-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-qos-row"

#include "config.h"

#include <math.h>

#include "domus-qos-row.h"

struct _DomusQosRow
{
  GObject      parent_instance;
  DomusDomain *domain;
  double       predicted;
  double       measured;
  int          weight;
  int          cap;
  guint        vcpus;
  const char  *affinity;   /* interned */
  const char  *pool;       /* interned; NULL until known */
};

enum {
  PROP_0,
  PROP_DOMAIN,
  PROP_WEIGHT,
  PROP_CAP,
  PROP_VCPUS,
  PROP_AFFINITY,
  PROP_POOL,
  PROP_PREDICTED,
  PROP_MEASURED,
  PROP_DIFFERENCE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (DomusQosRow, domus_qos_row, G_TYPE_OBJECT)

static void
domus_qos_row_finalize (GObject *object)
{
  DomusQosRow *self = DOMUS_QOS_ROW (object);

  g_clear_object (&self->domain);

  G_OBJECT_CLASS (domus_qos_row_parent_class)->finalize (object);
}

static void
domus_qos_row_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  DomusQosRow *self = DOMUS_QOS_ROW (object);

  switch (prop_id)
    {
    case PROP_DOMAIN:
      g_value_set_object (value, self->domain);
      break;
    case PROP_WEIGHT:
      g_value_set_int (value, self->weight);
      break;
    case PROP_CAP:
      g_value_set_int (value, self->cap);
      break;
    case PROP_VCPUS:
      g_value_set_uint (value, self->vcpus);
      break;
    case PROP_AFFINITY:
      g_value_set_string (value, self->affinity);
      break;
    case PROP_POOL:
      g_value_set_string (value, self->pool);
      break;
    case PROP_PREDICTED:
      g_value_set_double (value, self->predicted);
      break;
    case PROP_MEASURED:
      g_value_set_double (value, self->measured);
      break;
    case PROP_DIFFERENCE:
      g_value_set_double (value, self->measured - self->predicted);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
domus_qos_row_class_init (DomusQosRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = domus_qos_row_finalize;
  object_class->get_property = domus_qos_row_get_property;

  properties[PROP_DOMAIN] = g_param_spec_object ("domain", NULL, NULL, DOMUS_TYPE_DOMAIN, flags);
  properties[PROP_WEIGHT] = g_param_spec_int ("weight", NULL, NULL, -1, G_MAXINT, 0, flags);
  properties[PROP_CAP] = g_param_spec_int ("cap", NULL, NULL, -1, G_MAXINT, 0, flags);
  properties[PROP_VCPUS] = g_param_spec_uint ("vcpus", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_AFFINITY] = g_param_spec_string ("affinity", NULL, NULL, NULL, flags);
  properties[PROP_POOL] = g_param_spec_string ("pool", NULL, NULL, NULL, flags);
  /* NAN defaults are set in init: a pspec's default must pass its own range. */
  properties[PROP_PREDICTED] =
    g_param_spec_double ("predicted", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                         flags | G_PARAM_LAX_VALIDATION);
  properties[PROP_MEASURED] =
    g_param_spec_double ("measured", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                         flags | G_PARAM_LAX_VALIDATION);
  /* measured − predicted, notified when either changes */
  properties[PROP_DIFFERENCE] =
    g_param_spec_double ("difference", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                         flags | G_PARAM_LAX_VALIDATION);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
domus_qos_row_init (DomusQosRow *self)
{
  self->predicted = NAN;
  self->measured = NAN;
}

DomusQosRow *
domus_qos_row_new (DomusDomain *domain)
{
  DomusQosRow *self;

  g_return_val_if_fail (DOMUS_IS_DOMAIN (domain), NULL);

  self = g_object_new (DOMUS_TYPE_QOS_ROW, NULL);
  self->domain = g_object_ref (domain);
  return self;
}

DomusDomain *
domus_qos_row_get_domain (DomusQosRow *self)
{
  g_return_val_if_fail (DOMUS_IS_QOS_ROW (self), NULL);
  return self->domain;
}

double
domus_qos_row_get_predicted (DomusQosRow *self)
{
  g_return_val_if_fail (DOMUS_IS_QOS_ROW (self), NAN);
  return self->predicted;
}

double
domus_qos_row_get_measured (DomusQosRow *self)
{
  g_return_val_if_fail (DOMUS_IS_QOS_ROW (self), NAN);
  return self->measured;
}

const char *
domus_qos_row_get_affinity (DomusQosRow *self)
{
  g_return_val_if_fail (DOMUS_IS_QOS_ROW (self), NULL);
  return self->affinity;
}

/* Values differing by less than this are the same figure on screen. */
static gboolean
same (double a,
      double b)
{
  return (isnan (a) && isnan (b)) || fabs (a - b) < 0.05;
}

/* The vCPUs' hard affinities as xl vcpu-list would sum them up: one set
 * when they agree, else each vCPU's in turn ("0-1 · 2-3"). */
static const char *
affinity_summary (DomusDomain *domain)
{
  GListModel *vcpus = domus_domain_get_vcpus (domain);
  guint n = g_list_model_get_n_items (vcpus);
  g_autoptr(GString) text = g_string_new (NULL);
  const char *first = NULL;
  gboolean all_same = TRUE;

  for (guint v = 0; v < n; v++)
    {
      g_autoptr(DomusVcpu) vcpu = g_list_model_get_item (vcpus, v);
      const char *affinity = domus_vcpu_get_affinity (vcpu);

      if (v == 0)
        first = affinity;
      all_same &= affinity == first;
      g_string_append_printf (text, "%s%s", v ? " · " : "", affinity);
    }
  return all_same && first != NULL ? first : g_intern_string (text->str);
}

const char *
domus_qos_row_get_pool (DomusQosRow *self)
{
  g_return_val_if_fail (DOMUS_IS_QOS_ROW (self), NULL);

  return self->pool;
}

void
domus_qos_row_set_pool (DomusQosRow *self,
                        const char  *pool)
{
  const char *interned;

  g_return_if_fail (DOMUS_IS_QOS_ROW (self));

  interned = g_intern_string (pool);
  if (self->pool == interned)
    return;
  self->pool = interned;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POOL]);
}

void
domus_qos_row_sync (DomusQosRow *self,
                    double       predicted,
                    double       measured)
{
  const char *affinity;
  double difference;
  int weight, cap;
  guint vcpus;

  g_return_if_fail (DOMUS_IS_QOS_ROW (self));

  weight = domus_domain_get_weight (self->domain);
  cap = domus_domain_get_cap (self->domain);
  vcpus = domus_domain_get_vcpus_online (self->domain);
  affinity = affinity_summary (self->domain);
  g_object_freeze_notify (G_OBJECT (self));
  if (self->weight != weight)
    {
      self->weight = weight;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WEIGHT]);
    }
  if (self->cap != cap)
    {
      self->cap = cap;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAP]);
    }
  if (self->vcpus != vcpus)
    {
      self->vcpus = vcpus;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VCPUS]);
    }
  if (self->affinity != affinity)   /* interned */
    {
      self->affinity = affinity;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AFFINITY]);
    }
  difference = self->measured - self->predicted;
  if (!same (self->predicted, predicted))
    {
      self->predicted = predicted;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PREDICTED]);
    }
  if (!same (self->measured, measured))
    {
      self->measured = measured;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEASURED]);
    }
  /* Both shares may move and leave the difference where it was. */
  if (!same (difference, self->measured - self->predicted))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIFFERENCE]);
  g_object_thaw_notify (G_OBJECT (self));
}
