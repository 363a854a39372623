/* domus-request.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-request"

#include "config.h"

#include "domus-domain.h"
#include "domus-request.h"

G_DEFINE_BOXED_TYPE (DomusRequest, domus_request, domus_request_copy, domus_request_free)

DomusRequest *
domus_request_new (DomusRequestKind kind)
{
  DomusRequest *request = g_new0 (DomusRequest, 1);

  request->kind = kind;
  request->weight = -1;
  request->cap = -1;
  request->vcpu = DOMUS_REQUEST_ALL_VCPUS;
  return request;
}

DomusRequest *
domus_request_new_for_domain (DomusRequestKind  kind,
                              DomusDomain      *domain)
{
  DomusRequest *request = domus_request_new (kind);

  g_return_val_if_fail (DOMUS_IS_DOMAIN (domain), request);

  request->domid = domus_domain_get_id (domain);
  request->domain_name = g_strdup (domus_domain_get_name (domain));
  return request;
}

DomusRequest *
domus_request_new_for_cpupool (DomusRequestKind  kind,
                               const char       *pool,
                               guint64           cpus)
{
  DomusRequest *request = domus_request_new (kind);

  g_return_val_if_fail (domus_request_kind_is_cpupool (kind), request);

  request->pool = g_strdup (pool);
  request->cpus = cpus;
  return request;
}

DomusRequest *
domus_request_new_for_pci (DomusRequestKind  kind,
                           const char       *bdf)
{
  DomusRequest *request = domus_request_new (kind);

  g_return_val_if_fail (domus_request_kind_is_pci (kind), request);

  request->pci = g_strdup (bdf);
  return request;
}

gboolean
domus_request_kind_is_pci (DomusRequestKind kind)
{
  return kind == DOMUS_REQUEST_PCI_ASSIGNABLE_ADD || kind == DOMUS_REQUEST_PCI_ASSIGNABLE_REMOVE
         || kind == DOMUS_REQUEST_PCI_ATTACH || kind == DOMUS_REQUEST_PCI_DETACH;
}

DomusRequest *
domus_request_copy (const DomusRequest *request)
{
  DomusRequest *copy = g_memdup2 (request, sizeof *request);

  copy->domain_name = g_strdup (request->domain_name);
  copy->path = g_strdup (request->path);
  copy->target = g_strdup (request->target);
  copy->new_name = g_strdup (request->new_name);
  copy->pool = g_strdup (request->pool);
  copy->pci = g_strdup (request->pci);
  return copy;
}

void
domus_request_free (DomusRequest *request)
{
  if (request == NULL)
    return;

  g_free (request->domain_name);
  g_free (request->path);
  g_free (request->target);
  g_free (request->new_name);
  g_free (request->pool);
  g_free (request->pci);
  g_free (request);
}

void
domus_request_report (const DomusRequest *request,
                      double              fraction)
{
  if (request->progress != NULL)
    request->progress (CLAMP (fraction, 0.0, 1.0), request->progress_data);
}

gboolean
domus_request_kind_is_cpupool (DomusRequestKind kind)
{
  return kind == DOMUS_REQUEST_CPUPOOL_CREATE || kind == DOMUS_REQUEST_CPUPOOL_DESTROY
         || kind == DOMUS_REQUEST_CPUPOOL_CPU_ADD || kind == DOMUS_REQUEST_CPUPOOL_CPU_REMOVE;
}

gboolean
domus_request_kind_is_long (DomusRequestKind kind)
{
  return kind == DOMUS_REQUEST_SAVE || kind == DOMUS_REQUEST_RESTORE
         || kind == DOMUS_REQUEST_CREATE || kind == DOMUS_REQUEST_MIGRATE;
}

const char *
domus_request_kind_to_string (DomusRequestKind kind)
{
  switch (kind)
    {
    case DOMUS_REQUEST_SCHEDULER: return "sched";
    case DOMUS_REQUEST_VCPUS: return "vcpu-set";
    case DOMUS_REQUEST_PIN: return "vcpu-pin";
    case DOMUS_REQUEST_MEMORY: return "mem-set";
    case DOMUS_REQUEST_PAUSE: return "pause";
    case DOMUS_REQUEST_UNPAUSE: return "unpause";
    case DOMUS_REQUEST_SHUTDOWN: return "shutdown";
    case DOMUS_REQUEST_REBOOT: return "reboot";
    case DOMUS_REQUEST_DESTROY: return "destroy";
    case DOMUS_REQUEST_SAVE: return "save";
    case DOMUS_REQUEST_RESTORE: return "restore";
    case DOMUS_REQUEST_CREATE: return "create";
    case DOMUS_REQUEST_MIGRATE: return "migrate";
    case DOMUS_REQUEST_EJECT: return "cd-eject";
    case DOMUS_REQUEST_CPUPOOL_CREATE: return "cpupool-create";
    case DOMUS_REQUEST_CPUPOOL_DESTROY: return "cpupool-destroy";
    case DOMUS_REQUEST_CPUPOOL_CPU_ADD: return "cpupool-cpu-add";
    case DOMUS_REQUEST_CPUPOOL_CPU_REMOVE: return "cpupool-cpu-remove";
    case DOMUS_REQUEST_CPUPOOL_MIGRATE: return "cpupool-migrate";
    case DOMUS_REQUEST_PCI_ASSIGNABLE_ADD: return "pci-assignable-add";
    case DOMUS_REQUEST_PCI_ASSIGNABLE_REMOVE: return "pci-assignable-remove";
    case DOMUS_REQUEST_PCI_ATTACH: return "pci-attach";
    case DOMUS_REQUEST_PCI_DETACH: return "pci-detach";
    default: g_return_val_if_reached ("?");
    }
}
