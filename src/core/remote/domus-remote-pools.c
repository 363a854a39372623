/* domus-remote-pools.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-remote"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "domus-cpulist.h"
#include "domus-error.h"
#include "domus-limits.h"
#include "domus-remote-fields.h"
#include "domus-remote-pools.h"

/* The pool domain @id had in @previous, Pool-0 when it was not there.
 * Domains are sorted by id, and asked for in rising order of id: @at
 * walks @previous once over all of them (a search per domain made this
 * quadratic in the number of domains). */
static guint
previous_pool (const DomusHostSample *previous,
               guint                 *at,
               guint                  id)
{
  for (; previous != NULL && *at < previous->domains->len; (*at)++)
    {
      const DomusDomainSample *ds = g_ptr_array_index (previous->domains, *at);

      if (ds->id == id)
        return ds->cpupool;
      if (ds->id > id)
        break;
    }
  return 0;
}

GVariant *
domus_remote_pools_encode (const DomusHostSample *previous,
                           const DomusHostSample *sample)
{
  GVariantBuilder pools, domains;
  guint at = 0;

  g_return_val_if_fail (sample != NULL, NULL);

  g_variant_builder_init (&pools, G_VARIANT_TYPE ("a(usut)"));
  for (guint i = 0; i < sample->cpupools->len; i++)
    {
      const DomusCpupoolSample *pool = &g_array_index (sample->cpupools, DomusCpupoolSample, i);

      g_variant_builder_add_value (&pools, g_variant_new_tuple ((GVariant *[]) {
                                     g_variant_new_uint32 (pool->id),
                                     g_variant_new_string (pool->name != NULL ? pool->name : ""),
                                     g_variant_new_uint32 ((guint32) pool->scheduler),
                                     g_variant_new_uint64 (pool->cpus) }, 4));
    }
  g_variant_builder_init (&domains, G_VARIANT_TYPE ("a(uu)"));
  for (guint i = 0; i < sample->domains->len; i++)
    {
      const DomusDomainSample *ds = g_ptr_array_index (sample->domains, i);

      if (ds->cpupool != previous_pool (previous, &at, ds->id))
        g_variant_builder_add_value (&domains, g_variant_new_tuple ((GVariant *[]) {
                                       g_variant_new_uint32 (ds->id), g_variant_new_uint32 (ds->cpupool) }, 2));
    }
  return g_variant_new_tuple ((GVariant *[]) { g_variant_builder_end (&pools), g_variant_builder_end (&domains) }, 2);
}

static gboolean
fail (GError     **error,
      const char  *why)
{
  g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE, _("The agent sent cpupools that are not ones: %s"), why);
  return FALSE;
}

static gboolean
decode_pools (DomusHostSample  *sample,
              GVariant         *pools,
              GError          **error)
{
  guint64 all = domus_cpulist_all (MIN (sample->n_pcpus, DOMUS_CPULIST_MAX_PCPUS));
  guint64 seen = 0;
  gsize n = g_variant_n_children (pools);

  if (n > DOMUS_MAX_CPUPOOLS)
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_TOO_LARGE,
                   _("The agent sent %u cpupools, over the limit of %d"), (guint) n, DOMUS_MAX_CPUPOOLS);
      return FALSE;
    }
  for (gsize i = 0; i < n; i++)
    {
      g_autoptr(GVariant) pool = g_variant_get_child_value (pools, i);
      g_autoptr(GVariant) name_field = g_variant_get_child_value (pool, 1);
      const char *name = g_variant_get_string (name_field, NULL);
      guint32 id = domus_remote_field_uint32 (pool, 0);
      guint32 scheduler = domus_remote_field_uint32 (pool, 2);
      guint64 cpus = domus_remote_field_uint64 (pool, 3);

      if (sample->cpupools->len > 0
          && id <= g_array_index (sample->cpupools, DomusCpupoolSample, sample->cpupools->len - 1).id)
        return fail (error, _("not in rising order of id"));
      if (name[0] == '\0' || scheduler > DOMUS_SCHEDULER_CREDIT2)
        return fail (error, _("a pool without a name, or of no scheduler Domus knows"));
      if ((cpus & ~all) != 0 || (cpus & seen) != 0)
        return fail (error, _("a pCPU the host does not have, or in two pools"));
      seen |= cpus;
      domus_host_sample_add_cpupool (sample, id, name, scheduler, cpus);
    }
  return TRUE;
}

static gboolean
has_pool (const DomusHostSample *sample,
          guint                  id)
{
  for (guint i = 0; i < sample->cpupools->len; i++)
    if (g_array_index (sample->cpupools, DomusCpupoolSample, i).id == id)
      return TRUE;
  return FALSE;
}

gboolean
domus_remote_pools_decode (const DomusHostSample  *previous,
                           DomusHostSample        *sample,
                           GVariant               *variant,
                           GError                **error)
{
  g_autoptr(GVariant) pools = NULL;
  g_autoptr(GVariant) domains = NULL;
  guint at = 0;

  g_return_val_if_fail (sample != NULL, FALSE);
  g_return_val_if_fail (variant != NULL, FALSE);

  if (!g_variant_is_of_type (variant, G_VARIANT_TYPE (DOMUS_REMOTE_POOLS_TYPE)))
    return fail (error, _("of another type"));
  pools = g_variant_get_child_value (variant, 0);
  domains = g_variant_get_child_value (variant, 1);
  g_array_set_size (sample->cpupools, 0);
  if (!decode_pools (sample, pools, error))
    return FALSE;

  for (guint i = 0; i < sample->domains->len; i++)
    {
      DomusDomainSample *ds = g_ptr_array_index (sample->domains, i);

      ds->cpupool = previous_pool (previous, &at, ds->id);
    }
  for (gsize c = 0; c < g_variant_n_children (domains); c++)
    {
      g_autoptr(GVariant) change = g_variant_get_child_value (domains, c);
      guint32 id = domus_remote_field_uint32 (change, 0);
      guint32 pool = domus_remote_field_uint32 (change, 1);
      DomusDomainSample *found = NULL;

      for (guint i = 0; i < sample->domains->len && found == NULL; i++)
        if (((DomusDomainSample *) g_ptr_array_index (sample->domains, i))->id == id)
          found = g_ptr_array_index (sample->domains, i);
      if (found == NULL || !has_pool (sample, pool))
        return fail (error, _("a domain or a pool that is not there"));
      found->cpupool = pool;
    }
  return TRUE;
}
