/* domus-host-check.c: what a request must be before a backend sees it
 *
 * Values in range, the domain still there and not busy with another
 * lifecycle operation, files named, Domain-0 left alone: checked against
 * the host's last sample, with messages that say what to do instead
 * (domus-host-private.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-host"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "domus-cpulist.h"
#include "domus-error.h"
#include "domus-host-name.h"
#include "domus-host-private.h"
#include "domus-partial-file.h"

/* Changes to a domain's life: one at a time per domain, never Domain-0. */
gboolean
_domus_host_is_lifecycle (DomusRequestKind kind)
{
  switch (kind)
    {
    case DOMUS_REQUEST_PAUSE:
    case DOMUS_REQUEST_UNPAUSE:
    case DOMUS_REQUEST_SHUTDOWN:
    case DOMUS_REQUEST_REBOOT:
    case DOMUS_REQUEST_DESTROY:
    case DOMUS_REQUEST_SAVE:
    case DOMUS_REQUEST_MIGRATE:
      return TRUE;
    default:
      return FALSE;
    }
}

static void
set_busy_error (GError           **error,
                DomusRequestKind   doing,
                const char        *name)
{
  switch (doing)
    {
    case DOMUS_REQUEST_SHUTDOWN:
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_BUSY, _("“%s” is shutting down"), name);
      break;
    case DOMUS_REQUEST_REBOOT:
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_BUSY, _("“%s” is rebooting"), name);
      break;
    case DOMUS_REQUEST_DESTROY:
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_BUSY, _("“%s” is being destroyed"), name);
      break;
    case DOMUS_REQUEST_SAVE:
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_BUSY, _("“%s” is being saved"), name);
      break;
    case DOMUS_REQUEST_MIGRATE:
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_BUSY, _("“%s” is being migrated"), name);
      break;
    default:
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_BUSY,
                   _("“%s” is busy with another operation"), name);
    }
}

/* --- Checks of a request for one domain, by kind ---------------------------
 *
 * Each says, in a clear sentence, why @request cannot be done to @domain;
 * kinds with nothing of their own to check (pause, shutdown, destroy…)
 * have none. */

typedef gboolean (*CheckFunc) (DomusHost     *self,
                               DomusDomain   *domain,
                               DomusRequest  *request,
                               GError       **error);

static gboolean
check_scheduler (DomusHost     *self,
                 DomusDomain   *domain,
                 DomusRequest  *request,
                 GError       **error)
{
  guint vcpus_max = domus_domain_get_vcpus_max (domain);

  if (request->weight == 0 || request->weight < -1 || request->weight > 65535)
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                   _("The weight must be between 1 and 65535, not %d"), request->weight);
      return FALSE;
    }
  if (request->cap < -1 || request->cap > 100 * (int) vcpus_max)
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                   _("The cap of “%s” must be between 0 (no cap) and %u (its %u vCPUs), not %d"),
                   domus_domain_get_name (domain), 100 * vcpus_max, vcpus_max, request->cap);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_vcpus (DomusHost     *self,
             DomusDomain   *domain,
             DomusRequest  *request,
             GError       **error)
{
  guint vcpus_max = domus_domain_get_vcpus_max (domain);

  if (request->vcpus < 1 || request->vcpus > vcpus_max)
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                   _("“%s” can have between 1 and %u vCPUs online, not %u"),
                   domus_domain_get_name (domain), vcpus_max, request->vcpus);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_pin (DomusHost     *self,
           DomusDomain   *domain,
           DomusRequest  *request,
           GError       **error)
{
  guint n_pcpus = domus_host_get_n_pcpus (self);
  guint vcpus_max = domus_domain_get_vcpus_max (domain);
  DomusCpupool *pool;

  if (request->vcpu != DOMUS_REQUEST_ALL_VCPUS && request->vcpu >= vcpus_max)
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                   _("“%s” has no vCPU %u (it has vCPUs 0 to %u)"),
                   domus_domain_get_name (domain), request->vcpu, vcpus_max - 1);
      return FALSE;
    }
  if (n_pcpus > DOMUS_CPULIST_MAX_PCPUS
      || (request->affinity & domus_cpulist_all (n_pcpus)) == 0
      || (request->affinity & ~domus_cpulist_all (n_pcpus)) != 0)
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                   _("Pin to pCPUs between 0 and %u"), n_pcpus - 1);
      return FALSE;
    }
  /* As Xen: a vCPU runs only on its pool's pCPUs. */
  if ((pool = domus_host_lookup_cpupool_by_id (self, domus_domain_get_cpupool_id (domain))) != NULL
      && (request->affinity & domus_cpupool_get_cpus (pool)) == 0)
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                   _("“%s” runs in cpupool “%s”, on pCPUs %s: pin it to some of those"),
                   domus_domain_get_name (domain), domus_cpupool_get_name (pool),
                   domus_cpupool_get_cpus_text (pool));
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_memory (DomusHost     *self,
              DomusDomain   *domain,
              DomusRequest  *request,
              GError       **error)
{
  if (request->memory_kib < 16 * 1024
      || request->memory_kib > domus_domain_get_memory_max_kib (domain))
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                   _("The memory of “%s” can be set between 16 and %.0f MiB (its maximum)"),
                   domus_domain_get_name (domain),
                   (double) (domus_domain_get_memory_max_kib (domain) / 1024));
      return FALSE;
    }
  return TRUE;
}

/* Save: a file to write. Also the first check of restore and create. */
static gboolean
check_file (DomusHost     *self,
            DomusDomain   *domain,
            DomusRequest  *request,
            GError       **error)
{
  if (request->path == NULL || request->path[0] == '\0')
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT, _("No file was given"));
      return FALSE;
    }
  return TRUE;
}

/* Restore and create, which name no domain: they make one. */
static gboolean
check_restore (DomusHost     *self,
               DomusDomain   *domain,
               DomusRequest  *request,
               GError       **error)
{
  if (!check_file (self, domain, request, error))
    return FALSE;
  /* What a save left when it was killed: it may look whole, but is not. */
  if (request->kind == DOMUS_REQUEST_RESTORE && domus_partial_file_is_partial (request->path))
    {
      g_autofree char *basename = g_path_get_basename (request->path);

      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                   _("“%s” is the temporary file of a save that did not finish: it cannot be restored"),
                   basename);
      return FALSE;
    }
  /* A checkpoint restored beside the domain still running from it needs
   * a name of its own: names are unique on a host. */
  if (request->kind == DOMUS_REQUEST_RESTORE && request->new_name != NULL)
    {
      if (!domus_domain_check_new_name (request->new_name, error))
        return FALSE;
      if (domus_host_lookup_domain_by_name (self, request->new_name) != NULL)
        {
          g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_EXISTS,
                       _("A domain named “%s” already exists"), request->new_name);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
check_migrate (DomusHost     *self,
               DomusDomain   *domain,
               DomusRequest  *request,
               GError       **error)
{
  if (request->target == NULL || request->target[0] == '\0')
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                   _("No host to migrate “%s” to was given"), domus_domain_get_name (domain));
      return FALSE;
    }
  /* xl hands it to a shell: a host name or address, nothing else. */
  return domus_host_name_check (request->target, error);
}

static gboolean
check_eject (DomusHost     *self,
             DomusDomain   *domain,
             DomusRequest  *request,
             GError       **error)
{
  if (domus_domain_get_domain_type (domain) != DOMUS_DOMAIN_TYPE_HVM)
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_SUPPORTED,
                   _("“%s” is not an HVM domain and has no CD-ROM drive"),
                   domus_domain_get_name (domain));
      return FALSE;
    }
  if (request->target == NULL || request->target[0] == '\0')
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                   _("No CD-ROM drive of “%s” was named"), domus_domain_get_name (domain));
      return FALSE;
    }
  return TRUE;
}

static const CheckFunc check[] = {
  [DOMUS_REQUEST_SCHEDULER] = check_scheduler,
  [DOMUS_REQUEST_VCPUS]     = check_vcpus,
  [DOMUS_REQUEST_PIN]       = check_pin,
  [DOMUS_REQUEST_MEMORY]    = check_memory,
  [DOMUS_REQUEST_SAVE]      = check_file,
  [DOMUS_REQUEST_MIGRATE]   = check_migrate,
  [DOMUS_REQUEST_EJECT]     = check_eject,
  [DOMUS_REQUEST_CPUPOOL_MIGRATE] = _domus_host_check_cpupool_migrate,
};

/* Everything a backend may take for granted, checked against the last
 * sample, with messages that say what to do instead. */
gboolean
_domus_host_check_request (DomusHost     *self,
                           DomusRequest  *request,
                           GHashTable    *busy,
                           GError       **error)
{
  DomusDomain *domain;
  const char *name;

  if (request->kind == DOMUS_REQUEST_RESTORE || request->kind == DOMUS_REQUEST_CREATE)
    return check_restore (self, NULL, request, error);
  if (domus_request_kind_is_cpupool (request->kind))
    return _domus_host_check_cpupool_request (self, request, error);
  /* Checked against the devices once read (domus-host-pci.c). */
  if (request->kind == DOMUS_REQUEST_PCI_ASSIGNABLE_ADD || request->kind == DOMUS_REQUEST_PCI_ASSIGNABLE_REMOVE)
    return TRUE;

  domain = domus_host_lookup_domain_by_id (self, request->domid);
  if (domain == NULL
      || (request->domain_name != NULL
          && g_strcmp0 (domus_domain_get_name (domain), request->domain_name) != 0))
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND, _("Domain “%s” no longer exists"),
                   request->domain_name != NULL ? request->domain_name : "?");
      return FALSE;
    }

  name = domus_domain_get_name (domain);
  if (request->domain_name == NULL)
    request->domain_name = g_strdup (name);

  if (g_hash_table_contains (busy, GUINT_TO_POINTER (request->domid)))
    {
      set_busy_error (error,
                      GPOINTER_TO_UINT (g_hash_table_lookup (busy,
                                                             GUINT_TO_POINTER (request->domid))),
                      name);
      return FALSE;
    }

  if (request->domid == 0 && _domus_host_is_lifecycle (request->kind))
    {
      /* As xl: the control domain runs the toolstack itself. */
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_SUPPORTED,
                   _("Domain-0 runs Xen's tools and cannot be paused, shut down, rebooted, destroyed, saved or migrated"));
      return FALSE;
    }

  return request->kind >= G_N_ELEMENTS (check) || check[request->kind] == NULL
         || check[request->kind] (self, domain, request, error);
}
