/* domus-host-check-cpupool.c: what a cpupool request must be
 *
 * Part of DomusHost's checks (domus-host-check.c): the pool named, its
 * pCPUs and its domains, checked against the last sample as Xen would
 * refuse them, with messages that say what to do instead. As Xen, a pCPU
 * goes into a pool only when it is free: taken out of its pool first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-host"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "domus-cpulist.h"
#include "domus-error.h"
#include "domus-host-private.h"

#define CPUPOOL_NAME_MAX 64

/* The pool @request names, by name or, as xl, by number; its name is
 * then put in @request. */
static DomusCpupool *
find_pool (DomusHost     *self,
           DomusRequest  *request,
           GError       **error)
{
  DomusCpupool *pool;
  guint64 id;

  if (request->pool == NULL || request->pool[0] == '\0')
    {
      g_set_error_literal (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                           _("No cpupool was named"));
      return NULL;
    }
  pool = domus_host_lookup_cpupool_by_name (self, request->pool);
  if (pool == NULL && g_ascii_string_to_unsigned (request->pool, 10, 0, G_MAXUINT, &id, NULL))
    pool = domus_host_lookup_cpupool_by_id (self, (guint) id);
  if (pool == NULL)
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND,
                   _("There is no cpupool named “%s” (domusctl cpupool-list lists them)"),
                   request->pool);
      return NULL;
    }
  g_free (request->pool);
  request->pool = g_strdup (domus_cpupool_get_name (pool));
  return pool;
}

static gboolean
check_cpus (DomusHost     *self,
            guint64        cpus,
            gboolean       may_be_empty,
            GError       **error)
{
  guint n_pcpus = MIN (domus_host_get_n_pcpus (self), DOMUS_CPULIST_MAX_PCPUS);

  if ((cpus == 0 && !may_be_empty) || (cpus & ~domus_cpulist_all (n_pcpus)) != 0)
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                   _("Name pCPUs between 0 and %u"), n_pcpus - 1);
      return FALSE;
    }
  return TRUE;
}

/* Every pCPU of @cpus free, as Xen wants it before it joins a pool. */
static gboolean
check_free (DomusHost     *self,
            guint64        cpus,
            const char    *joining,
            GError       **error)
{
  for (guint cpu = 0; cpu < DOMUS_CPULIST_MAX_PCPUS; cpu++)
    {
      DomusCpupool *pool;
      const char *name;

      if (!(cpus & (G_GUINT64_CONSTANT (1) << cpu))
          || (pool = domus_host_lookup_cpupool_of_cpu (self, cpu)) == NULL)
        continue;
      name = domus_cpupool_get_name (pool);
      if (g_strcmp0 (name, joining) == 0)
        g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_EXISTS,
                     _("pCPU %u is already in cpupool “%s”"), cpu, name);
      else
        g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_BUSY,
                     /* TRANSLATORS: the last part is a command: keep it as it is */
                     _("pCPU %u is in cpupool “%s”: a pCPU joins a pool only when free, "
                       "so remove it from there first (cpupool-cpu-remove %s %u)"),
                     cpu, name, name, cpu);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_create (DomusHost     *self,
              DomusRequest  *request,
              GError       **error)
{
  const char *name = request->pool;
  guint64 number;

  if (name == NULL || name[0] == '\0')
    {
      g_set_error_literal (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                           _("A cpupool needs a name"));
      return FALSE;
    }
  if (strlen (name) > CPUPOOL_NAME_MAX || !g_utf8_validate (name, -1, NULL)
      || g_ascii_string_to_unsigned (name, 10, 0, G_MAXUINT64, &number, NULL))
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                   _("“%s” cannot be a cpupool name: use up to %d characters, not digits only"),
                   name, CPUPOOL_NAME_MAX);
      return FALSE;
    }
  for (const char *c = name; *c != '\0'; c++)
    if (g_ascii_iscntrl (*c) || g_ascii_isspace (*c) || *c == '"' || *c == '\'')
      {
        g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                     _("“%s” cannot be a cpupool name: no spaces, quotes or control characters"),
                     name);
        return FALSE;
      }
  if (domus_host_lookup_cpupool_by_name (self, name) != NULL)
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_EXISTS,
                   _("A cpupool named “%s” already exists"), name);
      return FALSE;
    }
  if (request->scheduler != DOMUS_SCHEDULER_CREDIT && request->scheduler != DOMUS_SCHEDULER_CREDIT2)
    {
      g_set_error_literal (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                           _("A cpupool’s scheduler is credit or credit2"));
      return FALSE;
    }
  return check_cpus (self, request->cpus, TRUE, error)
         && check_free (self, request->cpus, NULL, error);
}

static gboolean
check_destroy (DomusHost     *self,
               DomusCpupool  *pool,
               GError       **error)
{
  if (domus_cpupool_get_id (pool) == 0)
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_SUPPORTED,
                   _("“%s” is the host’s first cpupool, where Domain-0 runs: it cannot be destroyed"),
                   domus_cpupool_get_name (pool));
      return FALSE;
    }
  if (domus_cpupool_get_n_domains (pool) > 0)
    {
      g_autofree char *names = domus_host_dup_cpupool_domain_names (self, pool);

      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_BUSY,
                   _("Cpupool “%s” is not empty: move its domains (%s) to another pool first "
                     "(cpupool-migrate), or destroy them"),
                   domus_cpupool_get_name (pool), names);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_remove (DomusHost     *self,
              DomusCpupool  *pool,
              DomusRequest  *request,
              GError       **error)
{
  guint64 outside = request->cpus & ~domus_cpupool_get_cpus (pool);
  guint n_pcpus = MIN (domus_host_get_n_pcpus (self), DOMUS_CPULIST_MAX_PCPUS);

  if (!check_cpus (self, request->cpus, FALSE, error))
    return FALSE;
  if (outside != 0)
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                   _("pCPU %u is not in cpupool “%s” (its pCPUs: %s)"),
                   (guint) __builtin_ctzll (outside), domus_cpupool_get_name (pool),
                   domus_cpupool_get_cpus_text (pool));
      return FALSE;
    }
  if ((domus_cpupool_get_cpus (pool) & ~request->cpus) == 0
      && domus_cpupool_get_n_domains (pool) > 0)
    {
      g_autofree char *names = domus_host_dup_cpupool_domain_names (self, pool);
      g_autofree char *cpus = domus_cpulist_format_ranges (request->cpus, n_pcpus);

      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_BUSY,
                   _("Taking pCPUs %s would leave cpupool “%s” without pCPUs, and its domains "
                     "(%s) with none to run on: move them to another pool first"),
                   cpus, domus_cpupool_get_name (pool), names);
      return FALSE;
    }
  return TRUE;
}

/* CPUPOOL_CREATE, _DESTROY, _CPU_ADD and _CPU_REMOVE. */
gboolean
_domus_host_check_cpupool_request (DomusHost     *self,
                                   DomusRequest  *request,
                                   GError       **error)
{
  DomusCpupool *pool;

  if (request->kind == DOMUS_REQUEST_CPUPOOL_CREATE)
    return check_create (self, request, error);

  if ((pool = find_pool (self, request, error)) == NULL)
    return FALSE;

  switch (request->kind)
    {
    case DOMUS_REQUEST_CPUPOOL_DESTROY:
      return check_destroy (self, pool, error);
    case DOMUS_REQUEST_CPUPOOL_CPU_ADD:
      return check_cpus (self, request->cpus, FALSE, error)
             && check_free (self, request->cpus, domus_cpupool_get_name (pool), error);
    case DOMUS_REQUEST_CPUPOOL_CPU_REMOVE:
      return check_remove (self, pool, request, error);
    default:
      g_return_val_if_reached (FALSE);
    }
}

/* CPUPOOL_MIGRATE, for @domain. */
gboolean
_domus_host_check_cpupool_migrate (DomusHost     *self,
                                   DomusDomain   *domain,
                                   DomusRequest  *request,
                                   GError       **error)
{
  DomusCpupool *pool;

  if ((pool = find_pool (self, request, error)) == NULL)
    return FALSE;
  if (domus_domain_get_id (domain) == 0 && domus_cpupool_get_id (pool) != 0)
    {
      g_set_error_literal (error, DOMUS_ERROR, DOMUS_ERROR_NOT_SUPPORTED,
                           _("Domain-0 stays in the host’s first cpupool: Xen does not move it"));
      return FALSE;
    }
  if (domus_cpupool_get_cpus (pool) == 0)
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                   _("Cpupool “%s” has no pCPUs for “%s” to run on: add some first "
                     "(cpupool-cpu-add)"),
                   domus_cpupool_get_name (pool), domus_domain_get_name (domain));
      return FALSE;
    }
  return TRUE;
}
