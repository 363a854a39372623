/* domus-scene.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-scene"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>

#include "domus-core-resources.h"
#include "domus-cpulist.h"
#include "domus-domain.h"
#include "domus-error.h"
#include "domus-host-name.h"
#include "domus-host-sample.h"
#include "domus-input.h"
#include "domus-json-check.h"
#include "domus-limits.h"
#include "domus-scene-private.h"

#define DEFAULT_SCENE_RESOURCE "/io/domus/Domus/scenes/lab.json"

void
domus_scene_domain_free (DomusSceneDomain *domain)
{
  if (domain == NULL)
    return;

  g_free (domain->name);
  g_free (domain->affinity);
  g_clear_pointer (&domain->io.devices, g_array_unref);
  g_free (domain->pool);
  g_strfreev (domain->disks);
  g_free (domain);
}

static void
scene_pool_free (gpointer data)
{
  DomusScenePool *pool = data;

  g_free (pool->name);
  g_free (pool);
}

static void
scene_domain_free (gpointer data)
{
  domus_scene_domain_free (data);
}

DomusSceneDomain *
domus_scene_domain_copy (const DomusSceneDomain *domain)
{
  DomusSceneDomain *copy = g_memdup2 (domain, sizeof *domain);

  copy->name = g_strdup (domain->name);
  copy->affinity = g_memdup2 (domain->affinity, sizeof (guint64) * domain->maxvcpus);
  copy->io.devices = domain->io.devices != NULL ? g_array_copy (domain->io.devices) : NULL;
  copy->pool = g_strdup (domain->pool);
  copy->disks = g_strdupv (domain->disks);
  return copy;
}

void
domus_scene_free (DomusScene *scene)
{
  if (scene == NULL)
    return;

  g_ptr_array_unref (scene->domains);
  g_clear_pointer (&scene->cpupools, g_ptr_array_unref);
  g_clear_pointer (&scene->volume_groups, g_ptr_array_unref);
  g_clear_pointer (&scene->images, g_array_unref);
  g_clear_pointer (&scene->pci_devices, g_array_unref);
  g_free (scene->hostname);
  g_free (scene);
}

/* Reads a number member into *value when present, within [min, max];
 * with @whole, only integers are accepted. */
gboolean
scene_get_number (JsonObject  *object,
            const char  *where,
            const char  *member,
            gboolean     whole,
            double       min,
            double       max,
            double      *value,
            GError     **error)
{
  g_autofree char *key = g_strdup_printf ("%s%s%s", where, where[0] ? "." : "", member);
  JsonNode *node = json_object_get_member (object, member);
  double d;

  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node)
      || (json_node_get_value_type (node) != G_TYPE_INT64
          && json_node_get_value_type (node) != G_TYPE_DOUBLE))
    return domus_json_fail (error, key, _("must be a number"));

  /* floor(), not a cast to an integer: that is undefined past its range. */
  d = json_node_get_double (node);
  if (whole && d != floor (d))
    return domus_json_fail (error, key, _("must be a whole number"));
  if (d < min || d > max)
    return domus_json_fail (error, key, _("%.15g is out of range (%.15g to %.15g)"), d, min, max);
  *value = d;
  return TRUE;
}

gboolean
scene_get_uint (JsonObject  *object,
          const char  *where,
          const char  *member,
          guint64      min,
          guint64      max,
          guint64     *value,
          GError     **error)
{
  double d = *value;

  if (!scene_get_number (object, where, member, TRUE, min, max, &d, error))
    return FALSE;
  *value = (guint64) d;
  return TRUE;
}

/* Reads a string member that must be one of @choices; returns its index. */
static gboolean
get_choice (JsonObject         *object,
            const char         *where,
            const char         *member,
            const char * const *choices,
            guint              *value,
            GError            **error)
{
  g_autofree char *key = g_strdup_printf ("%s%s%s", where, where[0] ? "." : "", member);
  JsonNode *node = json_object_get_member (object, member);
  const char *text;

  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return domus_json_fail (error, key, _("must be a string"));

  text = json_node_get_string (node);
  for (guint i = 0; choices[i] != NULL; i++)
    if (g_strcmp0 (text, choices[i]) == 0)
      {
        *value = i;
        return TRUE;
      }

  {
    g_autofree char *list = g_strjoinv (", ", (char **) choices);
    return domus_json_fail (error, key, _("“%s” is not one of %s"), text, list);
  }
}

/* A non-empty string member into *value, when present. */
gboolean
scene_get_string (JsonObject  *object,
            const char  *where,
            const char  *member,
            char       **value,
            GError     **error)
{
  g_autofree char *key = g_strdup_printf ("%s%s%s", where, where[0] ? "." : "", member);
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING
      || json_node_get_string (node)[0] == '\0')
    return domus_json_fail (error, key, _("must be a name"));
  g_free (*value);
  *value = g_strdup (json_node_get_string (node));
  return TRUE;
}

static gboolean
parse_affinity (JsonNode         *node,
                const char       *where,
                guint             n_pcpus,
                DomusSceneDomain *domain,
                GError          **error)
{
  g_autofree char *key = g_strdup_printf ("%s.affinity", where);
  guint64 all = domus_cpulist_all (n_pcpus);
  JsonArray *array;
  guint n;

  for (guint v = 0; v < domain->maxvcpus; v++)
    domain->affinity[v] = all;

  if (node == NULL)
    return TRUE;

  /* One xl-style string for every vCPU: "0-1", "all". */
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      g_autoptr(GError) local_error = NULL;
      guint64 mask;

      if (!domus_cpulist_parse (json_node_get_string (node), n_pcpus, &mask, &local_error))
        return domus_json_fail (error, key, "%s", local_error->message);
      for (guint v = 0; v < domain->maxvcpus; v++)
        domain->affinity[v] = mask;
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return domus_json_fail (error, key, _("must be a list with one list of pCPUs per vCPU, or a string"));

  /* As xl's cpus=[...]: entry i pins vCPU i; vCPUs past the list may use any pCPU. */
  array = json_node_get_array (node);
  n = json_array_get_length (array);
  if (n > domain->maxvcpus)
    return domus_json_fail (error, key, _("has %u entries but the domain has %u vCPUs"), n, domain->maxvcpus);

  for (guint v = 0; v < n; v++)
    {
      JsonNode *entry = json_array_get_element (array, v);
      g_autofree char *entry_key = g_strdup_printf ("%s[%u]", key, v);
      guint64 mask = 0;

      if (JSON_NODE_HOLDS_VALUE (entry) && json_node_get_value_type (entry) == G_TYPE_STRING)
        {
          g_autoptr(GError) local_error = NULL;

          if (!domus_cpulist_parse (json_node_get_string (entry), n_pcpus, &mask, &local_error))
            return domus_json_fail (error, entry_key, "%s", local_error->message);
        }
      else if (JSON_NODE_HOLDS_ARRAY (entry))
        {
          JsonArray *cpus = json_node_get_array (entry);

          for (guint i = 0; i < json_array_get_length (cpus); i++)
            {
              JsonNode *cpu = json_array_get_element (cpus, i);
              gint64 c;

              if (!JSON_NODE_HOLDS_VALUE (cpu) || json_node_get_value_type (cpu) != G_TYPE_INT64)
                return domus_json_fail (error, entry_key, _("must list pCPU numbers"));
              c = json_node_get_int (cpu);
              if (c < 0 || c >= n_pcpus)
                return domus_json_fail (error, entry_key,
                             _("pCPU %d does not exist (the host has %u)"),
                             (int) CLAMP (c, G_MININT, G_MAXINT), n_pcpus);
              mask |= G_GUINT64_CONSTANT (1) << c;
            }
          if (mask == 0)
            return domus_json_fail (error, entry_key, _("names no pCPU"));
        }
      else
        return domus_json_fail (error, entry_key, _("must be a list of pCPUs or a string"));

      domain->affinity[v] = mask;
    }
  return TRUE;
}

static const char * const workload_kinds[] = { "idle", "cpu", "bursty", NULL };

static gboolean
parse_workload (JsonNode         *node,
                const char       *where,
                DomusSceneDomain *domain,
                GError          **error)
{
  static const char * const known[] = { "kind", "busy_vcpus", "duty", "period_ms", NULL };
  g_autofree char *key = g_strdup_printf ("%s.workload", where);
  JsonObject *object;
  guint kind = DOMUS_WORKLOAD_IDLE;
  guint64 busy, period = 100;
  double duty = 0.5;

  domain->workload.kind = DOMUS_WORKLOAD_IDLE;
  domain->busy_vcpus = 0;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return domus_json_fail (error, key, _("must be an object"));

  object = json_node_get_object (node);
  if (!domus_json_check_members (object, key, known, error)
      || !get_choice (object, key, "kind", workload_kinds, &kind, error))
    return FALSE;
  if (!json_object_has_member (object, "kind"))
    return domus_json_fail (error, key, _("needs a “kind” (idle, cpu or bursty)"));

  busy = kind == DOMUS_WORKLOAD_IDLE ? 0 : domain->vcpus;
  if (!scene_get_uint (object, key, "busy_vcpus", 0, domain->maxvcpus, &busy, error)
      || !scene_get_number (object, key, "duty", FALSE, 0.0, 1.0, &duty, error)
      || !scene_get_uint (object, key, "period_ms", 1, 60000, &period, error))
    return FALSE;

  domain->workload.kind = kind;
  domain->workload.duty = duty;
  domain->workload.period_ms = (guint) period;
  domain->busy_vcpus = (guint) busy;
  return TRUE;
}

/* The most devices of each kind a simulated domain may have. */
#define MAX_SCENE_DEVICES 8

static int
compare_devices (gconstpointer a,
                 gconstpointer b)
{
  const DomusSceneDevice *da = a, *db = b;

  if (da->kind != db->kind)
    return da->kind < db->kind ? -1 : 1;
  return da->id < db->id ? -1 : da->id > db->id;
}

static gboolean
parse_devices (JsonNode          *node,
               const char        *where,
               DomusIoKind        kind,
               DomusSceneDomain  *domain,
               GError           **error)
{
  static const char * const net_known[] = {
    "rx_kib_s", "tx_kib_s", "packet_bytes", "drops_per_s", "errors_per_s", NULL
  };
  static const char * const disk_known[] = {
    "vdev", "read_kib_s", "write_kib_s", "request_kib", "oo_per_s", NULL
  };
  const char *member = kind == DOMUS_IO_KIND_NET ? "net" : "disk";
  g_autofree char *key = g_strdup_printf ("%s.%s", where, member);
  JsonArray *array;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return domus_json_fail (error, key, _("must be a list of devices"));
  array = json_node_get_array (node);
  if (json_array_get_length (array) > MAX_SCENE_DEVICES)
    return domus_json_fail (error, key, _("has %u devices; a domain may have up to %u"),
                            json_array_get_length (array), MAX_SCENE_DEVICES);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *entry = json_array_get_element (array, i);
      g_autofree char *entry_key = g_strdup_printf ("%s[%u]", key, i);
      DomusSceneDevice device = { kind, i, 0, 0, 0, 0, 0, 0 };
      JsonObject *object;
      double unit = kind == DOMUS_IO_KIND_NET ? 1500 : 64;

      if (!JSON_NODE_HOLDS_OBJECT (entry))
        return domus_json_fail (error, entry_key, _("must be an object"));
      object = json_node_get_object (entry);
      if (!domus_json_check_members (object, entry_key, kind == DOMUS_IO_KIND_NET ? net_known : disk_known, error))
        return FALSE;

      if (kind == DOMUS_IO_KIND_NET)
        {
          if (!scene_get_number (object, entry_key, "rx_kib_s", FALSE, 0, 1e9, &device.in_kib_s, error)
              || !scene_get_number (object, entry_key, "tx_kib_s", FALSE, 0, 1e9, &device.out_kib_s, error)
              || !scene_get_number (object, entry_key, "packet_bytes", FALSE, 64, 65536, &unit, error)
              || !scene_get_number (object, entry_key, "drops_per_s", FALSE, 0, 1e6, &device.drops_per_s, error)
              || !scene_get_number (object, entry_key, "errors_per_s", FALSE, 0, 1e6, &device.errors_per_s, error))
            return FALSE;
          device.unit_bytes = unit;
        }
      else
        {
          JsonNode *vdev = json_object_get_member (object, "vdev");
          g_autofree char *vdev_key = g_strdup_printf ("%s.vdev", entry_key);

          /* xvda, xvdb, ... in order when not named. */
          if (vdev == NULL)
            {
              g_autofree char *name = g_strdup_printf ("xvd%c", 'a' + i);
              domus_io_disk_number (name, &device.id);
            }
          else if (!JSON_NODE_HOLDS_VALUE (vdev) || json_node_get_value_type (vdev) != G_TYPE_STRING
                   || !domus_io_disk_number (json_node_get_string (vdev), &device.id))
            return domus_json_fail (error, vdev_key,
                                    _("must name a disk as xl's vdev does: xvda, hdc, sdb, ..."));
          if (!scene_get_number (object, entry_key, "read_kib_s", FALSE, 0, 1e9, &device.in_kib_s, error)
              || !scene_get_number (object, entry_key, "write_kib_s", FALSE, 0, 1e9, &device.out_kib_s, error)
              || !scene_get_number (object, entry_key, "request_kib", FALSE, 0.5, 4096, &unit, error)
              || !scene_get_number (object, entry_key, "oo_per_s", FALSE, 0, 1e6, &device.oo_per_s, error))
            return FALSE;
          device.unit_bytes = unit * 1024;
          for (guint j = 0; domain->io.devices != NULL && j < domain->io.devices->len; j++)
            if (g_array_index (domain->io.devices, DomusSceneDevice, j).kind == kind
                && g_array_index (domain->io.devices, DomusSceneDevice, j).id == device.id)
              return domus_json_fail (error, vdev_key, _("names the same disk as another entry"));
        }

      if (domain->io.devices == NULL)
        domain->io.devices = g_array_new (FALSE, TRUE, sizeof (DomusSceneDevice));
      g_array_append_val (domain->io.devices, device);
    }
  return TRUE;
}

static gboolean
parse_io (JsonNode          *node,
          const char        *where,
          DomusSceneDomain  *domain,
          GError           **error)
{
  static const char * const known[] = { "net", "disk", "swing", "period_s", NULL };
  g_autofree char *key = g_strdup_printf ("%s.io", where);
  JsonObject *object;

  domain->io.swing = 0.5;
  domain->io.period_s = 20;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return domus_json_fail (error, key, _("must be an object with “net” and “disk” lists"));
  object = json_node_get_object (node);
  if (!domus_json_check_members (object, key, known, error)
      || !scene_get_number (object, key, "swing", FALSE, 0, 1, &domain->io.swing, error)
      || !scene_get_number (object, key, "period_s", FALSE, 1, 3600, &domain->io.period_s, error)
      || !parse_devices (json_object_get_member (object, "net"), key, DOMUS_IO_KIND_NET, domain, error)
      || !parse_devices (json_object_get_member (object, "disk"), key, DOMUS_IO_KIND_DISK, domain, error))
    return FALSE;
  if (domain->io.devices != NULL)
    g_array_sort (domain->io.devices, compare_devices);
  return TRUE;
}

static DomusSceneDomain *
parse_domain (JsonNode    *node,
              guint        index,
              DomusScene  *scene,
              GError     **error)
{
  static const char * const known[] = {
    "name", "type", "vcpus", "maxvcpus", "memory_mib", "maxmem_mib", "weight", "cap",
    "affinity", "workload", "state", "io", "pool", "disk", NULL
  };
  static const char * const types[] = { "pv", "pvh", "hvm", NULL };
  static const char * const states[] = { "running", "paused", NULL };
  g_autofree char *where = g_strdup_printf ("domains[%u]", index);
  g_autofree char *name_key = g_strdup_printf ("%s.name", where);
  DomusSceneDomain *domain;
  JsonObject *object;
  JsonNode *name;
  guint64 vcpus = 1, maxvcpus, memory = 512, maxmem, weight = 256, cap = 0;
  guint type = DOMUS_DOMAIN_TYPE_PV, state = 0;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      domus_json_fail (error, where, _("must be an object"));
      return NULL;
    }
  object = json_node_get_object (node);

  if (!domus_json_check_members (object, where, known, error))
    return NULL;

  name = json_object_get_member (object, "name");
  if (name == NULL || !JSON_NODE_HOLDS_VALUE (name)
      || json_node_get_value_type (name) != G_TYPE_STRING
      || json_node_get_string (name)[0] == '\0')
    {
      domus_json_fail (error, name_key, _("every domain needs a name"));
      return NULL;
    }
  if (domus_domain_text_is_id (json_node_get_string (name)))
    {
      domus_json_fail (error, name_key, _("a name of digits only would be read as a domain's number"));
      return NULL;
    }

  if (!get_choice (object, where, "type", types, &type, error)
      || !scene_get_uint (object, where, "vcpus", 1, 128, &vcpus, error))
    return NULL;
  maxvcpus = vcpus;
  if (!scene_get_uint (object, where, "maxvcpus", vcpus, 128, &maxvcpus, error)
      || !scene_get_uint (object, where, "memory_mib", 16, scene->memory_mib, &memory, error))
    return NULL;
  maxmem = memory;
  if (!scene_get_uint (object, where, "maxmem_mib", memory, scene->memory_mib, &maxmem, error)
      || !scene_get_uint (object, where, "weight", 1, 65535, &weight, error)
      || !scene_get_uint (object, where, "cap", 0, 100 * maxvcpus, &cap, error)
      || !get_choice (object, where, "state", states, &state, error))
    return NULL;

  domain = g_new0 (DomusSceneDomain, 1);
  domain->name = g_strdup (json_node_get_string (name));
  domain->type = type;
  domain->vcpus = (guint) vcpus;
  domain->maxvcpus = (guint) maxvcpus;
  domain->memory_mib = memory;
  domain->maxmem_mib = maxmem;
  domain->weight = (guint) weight;
  domain->cap = (guint) cap;
  domain->paused = state == 1;
  domain->affinity = g_new0 (guint64, maxvcpus);
  if (!scene_get_string (object, where, "pool", &domain->pool, error))
    {
      scene_domain_free (domain);
      return NULL;
    }

  if (!parse_affinity (json_object_get_member (object, "affinity"), where,
                       scene->pcpus, domain, error)
      || !parse_workload (json_object_get_member (object, "workload"), where, domain, error)
      || !parse_io (json_object_get_member (object, "io"), where, domain, error)
      || !scene_parse_disks (json_object_get_member (object, "disk"), where, domain, error))
    {
      scene_domain_free (domain);
      return NULL;
    }

  return domain;
}

static DomusSceneDomain *
default_domain0 (DomusScene *scene)
{
  DomusSceneDomain *domain = g_new0 (DomusSceneDomain, 1);

  domain->name = g_strdup ("Domain-0");
  domain->type = DOMUS_DOMAIN_TYPE_PV;
  domain->vcpus = domain->maxvcpus = 1;
  domain->memory_mib = domain->maxmem_mib = MIN (1024, scene->memory_mib / 4);
  domain->weight = 256;
  domain->affinity = g_new (guint64, 1);
  domain->affinity[0] = domus_cpulist_all (scene->pcpus);
  domain->workload.kind = DOMUS_WORKLOAD_IDLE;
  domain->io.swing = 0.5;
  domain->io.period_s = 20;
  return domain;
}

/* --- Cpupools ---------------------------------------------------------- */

/* A pool's pCPUs: an xl-style string ("2-3") or a list of numbers; "" or
 * [] for none. */
static gboolean
parse_pool_cpus (JsonNode     *node,
                 const char   *key,
                 guint         n_pcpus,
                 guint64      *cpus,
                 GError      **error)
{
  g_autoptr(GError) local_error = NULL;

  *cpus = 0;
  if (node == NULL)
    return domus_json_fail (error, key, _("every cpupool but Pool-0 needs its pCPUs"));
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);

      if (text[0] != '\0' && !domus_cpulist_parse (text, n_pcpus, cpus, &local_error))
        return domus_json_fail (error, key, "%s", local_error->message);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return domus_json_fail (error, key, _("must be a pCPU list such as \"2-3\" or [2, 3]"));
  for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
    {
      JsonNode *entry = json_array_get_element (json_node_get_array (node), i);
      gint64 cpu;

      if (!JSON_NODE_HOLDS_VALUE (entry) || json_node_get_value_type (entry) != G_TYPE_INT64
          || (cpu = json_node_get_int (entry)) < 0 || cpu >= n_pcpus)
        return domus_json_fail (error, key, _("pCPUs are numbered 0 to %u"), n_pcpus - 1);
      *cpus |= G_GUINT64_CONSTANT (1) << cpu;
    }
  return TRUE;
}

static DomusScenePool *
parse_pool (JsonNode    *node,
            guint        index,
            DomusScene  *scene,
            guint64     *taken,
            GError     **error)
{
  static const char * const known[] = { "name", "scheduler", "cpus", NULL };
  static const char * const schedulers[] = { "credit", "credit2", NULL };
  g_autofree char *where = g_strdup_printf ("cpupools[%u]", index);
  g_autofree char *cpus_key = g_strdup_printf ("%s.cpus", where);
  g_autofree char *name = NULL;
  guint scheduler = scene->scheduler;
  DomusScenePool *pool;
  JsonObject *object;
  guint64 cpus;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      domus_json_fail (error, where, _("must be an object"));
      return NULL;
    }
  object = json_node_get_object (node);
  if (!domus_json_check_members (object, where, known, error)
      || !scene_get_string (object, where, "name", &name, error)
      || !get_choice (object, where, "scheduler", schedulers, &scheduler, error))
    return NULL;
  if (name == NULL)
    {
      g_autofree char *key = g_strdup_printf ("%s.name", where);
      domus_json_fail (error, key, _("every cpupool needs a name"));
      return NULL;
    }
  if (g_strcmp0 (name, "Pool-0") == 0 && json_object_get_member (object, "cpus") == NULL)
    cpus = domus_cpulist_all (scene->pcpus);
  else if (!parse_pool_cpus (json_object_get_member (object, "cpus"), cpus_key, scene->pcpus,
                             &cpus, error))
    return NULL;
  for (guint i = 0; i < scene->cpupools->len; i++)
    {
      DomusScenePool *other = g_ptr_array_index (scene->cpupools, i);

      if (g_strcmp0 (other->name, name) == 0)
        {
          g_autofree char *key = g_strdup_printf ("%s.name", where);
          domus_json_fail (error, key, _("“%s” is already the name of another cpupool"), name);
          return NULL;
        }
      if ((other->cpus & cpus) != 0)
        {
          domus_json_fail (error, cpus_key, _("pCPU %u is already in cpupool “%s”"),
                           (guint) __builtin_ctzll (other->cpus & cpus), other->name);
          return NULL;
        }
    }

  pool = g_new0 (DomusScenePool, 1);
  pool->name = g_steal_pointer (&name);
  pool->scheduler = scheduler;
  pool->cpus = cpus;
  *taken |= cpus;
  return pool;
}

/* The scene's pools, Pool-0 first: listed, or made of the pCPUs no other
 * pool has, under the host's scheduler. */
static gboolean
parse_cpupools (JsonNode    *node,
                DomusScene  *scene,
                GError     **error)
{
  guint64 taken = 0;
  DomusScenePool *pool0 = NULL;

  if (node != NULL && !JSON_NODE_HOLDS_ARRAY (node))
    return domus_json_fail (error, "cpupools", _("must be a list"));
  for (guint i = 0; node != NULL && i < json_array_get_length (json_node_get_array (node)); i++)
    {
      DomusScenePool *pool = parse_pool (json_array_get_element (json_node_get_array (node), i),
                                         i, scene, &taken, error);

      if (pool == NULL)
        return FALSE;
      if (g_strcmp0 (pool->name, "Pool-0") == 0)
        g_ptr_array_insert (scene->cpupools, 0, pool);
      else
        g_ptr_array_add (scene->cpupools, pool);
    }

  if (scene->cpupools->len > 0 && g_strcmp0 (((DomusScenePool *) g_ptr_array_index (scene->cpupools, 0))->name, "Pool-0") == 0)
    pool0 = g_ptr_array_index (scene->cpupools, 0);
  else
    {
      pool0 = g_new0 (DomusScenePool, 1);
      pool0->name = g_strdup ("Pool-0");
      pool0->scheduler = scene->scheduler;
      pool0->cpus = domus_cpulist_all (scene->pcpus) & ~taken;
      g_ptr_array_insert (scene->cpupools, 0, pool0);
    }
  if (pool0->cpus == 0)
    return domus_json_fail (error, "cpupools", _("Pool-0 needs a pCPU for Domain-0"));
  return TRUE;
}

/* Each domain in a pool of the scene that has pCPUs; Domain-0 in Pool-0. */
static gboolean
check_domain_pools (DomusScene  *scene,
                    GError     **error)
{
  for (guint i = 0; i < scene->domains->len; i++)
    {
      DomusSceneDomain *domain = g_ptr_array_index (scene->domains, i);
      DomusScenePool *pool = NULL;

      if (domain->pool == NULL)
        continue;
      for (guint j = 0; j < scene->cpupools->len && pool == NULL; j++)
        if (g_strcmp0 (((DomusScenePool *) g_ptr_array_index (scene->cpupools, j))->name, domain->pool) == 0)
          pool = g_ptr_array_index (scene->cpupools, j);
      if (pool == NULL)
        return domus_json_fail (error, "domains", _("“%s” is in cpupool “%s”, which the scene does not have"),
                                domain->name, domain->pool);
      if (pool->cpus == 0)
        return domus_json_fail (error, "domains", _("“%s” is in cpupool “%s”, which has no pCPU"),
                                domain->name, domain->pool);
      if (i == 0 && g_strcmp0 (domain->pool, "Pool-0") != 0)
        return domus_json_fail (error, "domains", _("Domain-0 runs in Pool-0"));
    }
  return TRUE;
}

static gboolean
parse_scene (JsonNode    *root,
             DomusScene  *scene,
             GError     **error)
{
  static const char * const known[] = { "host", "domains", "cpupools", "storage", NULL };
  static const char * const host_known[] = { "pcpus", "memory_mib", "scheduler", "seed", "hostname",
                                             "iommu", "pci", NULL };
  static const char * const schedulers[] = { "credit", "credit2", NULL };
  JsonObject *object, *host_object = NULL;
  JsonNode *host, *domains;
  guint64 pcpus = 4, memory = 8192, seed = 1, total = 0;
  guint scheduler = DOMUS_SCHEDULER_CREDIT;
  gboolean has_dom0 = FALSE;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return domus_json_fail (error, _("scene"), _("must be a JSON object with “host” and “domains”"));
  object = json_node_get_object (root);
  if (!domus_json_check_members (object, "", known, error))
    return FALSE;

  host = json_object_get_member (object, "host");
  if (host != NULL)
    {
      if (!JSON_NODE_HOLDS_OBJECT (host))
        return domus_json_fail (error, "host", _("must be an object"));
      host_object = json_node_get_object (host);
      if (!domus_json_check_members (host_object, "host", host_known, error)
          || !scene_get_uint (host_object, "host", "pcpus", 1, DOMUS_CREDIT_MODEL_MAX_PCPUS, &pcpus, error)
          || !scene_get_uint (host_object, "host", "memory_mib", 64, G_MAXUINT32, &memory, error)
          || !get_choice (host_object, "host", "scheduler", schedulers, &scheduler, error)
          || !scene_get_uint (host_object, "host", "seed", 0, G_MAXUINT32, &seed, error)
          || !scene_get_string (host_object, "host", "hostname", &scene->hostname, error))
        return FALSE;
      /* Another simulated host migrates to it by this name, as xl by ssh. */
      if (scene->hostname != NULL && !domus_host_name_check (scene->hostname, NULL))
        return domus_json_fail (error, "host.hostname",
                                _("“%s” is not a host name, such as lab-b"), scene->hostname);
    }
  if (scene->hostname == NULL)
    scene->hostname = g_strdup ("xenlab");
  scene->pcpus = (guint) pcpus;
  scene->memory_mib = memory;
  scene->scheduler = scheduler;
  scene->seed = seed;

  if (!parse_cpupools (json_object_get_member (object, "cpupools"), scene, error))
    return FALSE;

  domains = json_object_get_member (object, "domains");
  if (domains != NULL && !JSON_NODE_HOLDS_ARRAY (domains))
    return domus_json_fail (error, "domains", _("must be a list"));

  if (domains != NULL)
    {
      JsonArray *array = json_node_get_array (domains);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          DomusSceneDomain *domain = parse_domain (json_array_get_element (array, i), i, scene, error);

          if (domain == NULL)
            return FALSE;

          for (guint j = 0; j < scene->domains->len; j++)
            if (g_strcmp0 (((DomusSceneDomain *) g_ptr_array_index (scene->domains, j))->name,
                           domain->name) == 0)
              {
                g_autofree char *key = g_strdup_printf ("domains[%u].name", i);
                domus_json_fail (error, key, _("“%s” is already the name of another domain"), domain->name);
                scene_domain_free (domain);
                return FALSE;
              }

          /* Xen's control domain always has id 0: keep it first. */
          if (g_strcmp0 (domain->name, "Domain-0") == 0)
            {
              has_dom0 = TRUE;
              g_ptr_array_insert (scene->domains, 0, domain);
            }
          else
            g_ptr_array_add (scene->domains, domain);
        }
    }

  if (!has_dom0)
    g_ptr_array_insert (scene->domains, 0, default_domain0 (scene));
  if (!check_domain_pools (scene, error))
    return FALSE;

  if (!scene_parse_storage (json_object_get_member (object, "storage"), scene, error))
    return FALSE;
  /* After the domains: a device may be attached to one. */
  if (!scene_parse_pci (host_object, scene, error))
    return FALSE;

  for (guint i = 0; i < scene->domains->len; i++)
    total += ((DomusSceneDomain *) g_ptr_array_index (scene->domains, i))->memory_mib;
  if (total > scene->memory_mib)
    return domus_json_fail (error, "domains",
                 _("together they need %.0f MiB but the host has %.0f MiB"),
                 (double) total, (double) scene->memory_mib);

  return TRUE;
}

DomusScene *
domus_scene_new_from_data (const char  *data,
                           gssize       length,
                           GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(DomusScene) scene = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (data != NULL, NULL);

  if (!domus_json_parse (parser, data, length, DOMUS_MAX_SCENE_SIZE, &local_error))
    {
      g_set_error (error, DOMUS_ERROR, local_error->code,
                   _("Not a valid JSON scene: %s"), local_error->message);
      return NULL;
    }

  scene = g_new0 (DomusScene, 1);
  scene->domains = g_ptr_array_new_with_free_func (scene_domain_free);
  scene->cpupools = g_ptr_array_new_with_free_func (scene_pool_free);
  scene->volume_groups = g_ptr_array_new_with_free_func (scene_vg_free);
  scene->images = scene_images_new ();
  scene->pci_devices = scene_pci_new ();
  if (!parse_scene (json_parser_get_root (parser), scene, error))
    return NULL;

  return g_steal_pointer (&scene);
}

DomusScene *
domus_scene_new_from_file (const char  *path,
                           GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;
  DomusScene *scene;

  g_return_val_if_fail (path != NULL, NULL);

  if (!domus_input_read_file (path, DOMUS_MAX_SCENE_SIZE, &contents, &length, NULL, &local_error))
    {
      g_set_error (error, DOMUS_ERROR, local_error->code,
                   _("Cannot read the scene file “%s”: %s"), path, local_error->message);
      return NULL;
    }

  if (!(scene = domus_scene_new_from_data (contents, length, &local_error)))
    {
      g_autofree char *basename = g_path_get_basename (path);

      g_set_error (error, DOMUS_ERROR, local_error->code, "%s: %s", basename, local_error->message);
      return NULL;
    }
  return scene;
}

DomusScene *
domus_scene_new_default (void)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  DomusScene *scene;

  bytes = g_resource_lookup_data (domus_core_get_resource (), DEFAULT_SCENE_RESOURCE,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  g_assert_no_error (error);
  scene = domus_scene_new_from_data (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  return scene;
}

/* One domain as a scene file writes it, for saved domains. */
static void
add_number (JsonBuilder *builder,
            const char  *member,
            double       value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_double_value (builder, value);
}

static void
add_io (JsonBuilder        *builder,
        const DomusSceneIo *io)
{
  json_builder_set_member_name (builder, "io");
  json_builder_begin_object (builder);
  add_number (builder, "swing", io->swing);
  add_number (builder, "period_s", io->period_s);
  for (DomusIoKind kind = DOMUS_IO_KIND_NET; kind <= DOMUS_IO_KIND_DISK; kind++)
    {
      json_builder_set_member_name (builder, kind == DOMUS_IO_KIND_NET ? "net" : "disk");
      json_builder_begin_array (builder);
      for (guint i = 0; i < io->devices->len; i++)
        {
          const DomusSceneDevice *device = &g_array_index (io->devices, DomusSceneDevice, i);

          if (device->kind != kind)
            continue;
          json_builder_begin_object (builder);
          if (kind == DOMUS_IO_KIND_NET)
            {
              add_number (builder, "rx_kib_s", device->in_kib_s);
              add_number (builder, "tx_kib_s", device->out_kib_s);
              add_number (builder, "packet_bytes", device->unit_bytes);
              add_number (builder, "drops_per_s", device->drops_per_s);
              add_number (builder, "errors_per_s", device->errors_per_s);
            }
          else
            {
              g_autofree char *vdev = domus_io_device_name (DOMUS_IO_KIND_DISK, device->id);

              json_builder_set_member_name (builder, "vdev");
              json_builder_add_string_value (builder, vdev);
              add_number (builder, "read_kib_s", device->in_kib_s);
              add_number (builder, "write_kib_s", device->out_kib_s);
              add_number (builder, "request_kib", device->unit_bytes / 1024);
              add_number (builder, "oo_per_s", device->oo_per_s);
            }
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
}

char *
domus_scene_domain_to_json (const DomusSceneDomain *domain,
                            guint                   n_pcpus)
{
  static const char * const types[] = { "pv", "pvh", "hvm" };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, domain->name);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, types[domain->type]);
  json_builder_set_member_name (builder, "vcpus");
  json_builder_add_int_value (builder, domain->vcpus);
  json_builder_set_member_name (builder, "maxvcpus");
  json_builder_add_int_value (builder, domain->maxvcpus);
  json_builder_set_member_name (builder, "memory_mib");
  json_builder_add_int_value (builder, domain->memory_mib);
  json_builder_set_member_name (builder, "maxmem_mib");
  json_builder_add_int_value (builder, domain->maxmem_mib);
  json_builder_set_member_name (builder, "weight");
  json_builder_add_int_value (builder, domain->weight);
  json_builder_set_member_name (builder, "cap");
  json_builder_add_int_value (builder, domain->cap);
  json_builder_set_member_name (builder, "affinity");
  json_builder_begin_array (builder);
  for (guint v = 0; v < domain->maxvcpus; v++)
    {
      g_autofree char *cpus = domus_cpulist_format (domain->affinity[v], n_pcpus);
      json_builder_add_string_value (builder, cpus);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "workload");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, workload_kinds[domain->workload.kind]);
  json_builder_set_member_name (builder, "busy_vcpus");
  json_builder_add_int_value (builder, domain->busy_vcpus);
  if (domain->workload.kind == DOMUS_WORKLOAD_BURSTY)
    {
      json_builder_set_member_name (builder, "duty");
      json_builder_add_double_value (builder, domain->workload.duty);
      json_builder_set_member_name (builder, "period_ms");
      json_builder_add_int_value (builder, domain->workload.period_ms);
    }
  json_builder_end_object (builder);
  if (domain->io.devices != NULL)
    add_io (builder, &domain->io);
  if (domain->pool != NULL)
    {
      json_builder_set_member_name (builder, "pool");
      json_builder_add_string_value (builder, domain->pool);
    }
  scene_add_disks (builder, domain);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/* Reads one domain written by domus_scene_domain_to_json(), checked as a
 * scene's domain on a host of @n_pcpus and @memory_mib. */
DomusSceneDomain *
domus_scene_domain_new_from_json (const char  *json,
                                  guint        n_pcpus,
                                  guint64      memory_mib,
                                  GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  DomusScene scene = { n_pcpus, memory_mib, DOMUS_SCHEDULER_CREDIT, 0, NULL, NULL };

  if (!domus_json_parse (parser, json, -1, DOMUS_MAX_SIM_SAVE_SIZE, &local_error))
    {
      g_set_error (error, DOMUS_ERROR, local_error->code, _("Not a valid JSON domain: %s"),
                   local_error->message);
      return NULL;
    }
  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE, _("Not a valid JSON domain: %s"),
                   _("the text is empty"));
      return NULL;
    }
  return parse_domain (json_parser_get_root (parser), 0, &scene, error);
}
