/* domus-request.h: one change asked of a host, as a backend receives it
 *
 * Every operation DomusHost offers (scheduler parameters, vCPUs, pinning,
 * memory, lifecycle, save, restore, create) reaches its backend as one
 * DomusRequest, already checked against the host's last sample. A plain
 * struct, so that a remote backend can send it over the wire as it is.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "domus-types.h"

G_BEGIN_DECLS

typedef enum
{
  DOMUS_REQUEST_SCHEDULER,   /* weight and/or cap */
  DOMUS_REQUEST_VCPUS,       /* vCPUs online */
  DOMUS_REQUEST_PIN,         /* hard affinity of one vCPU, or of all */
  DOMUS_REQUEST_MEMORY,      /* balloon target */
  DOMUS_REQUEST_PAUSE,
  DOMUS_REQUEST_UNPAUSE,
  DOMUS_REQUEST_SHUTDOWN,
  DOMUS_REQUEST_REBOOT,
  DOMUS_REQUEST_DESTROY,
  DOMUS_REQUEST_SAVE,        /* to @path; the domain is gone afterwards, unless @checkpoint */
  DOMUS_REQUEST_RESTORE,     /* from @path, as @new_name if set; returns the new domain id */
  DOMUS_REQUEST_CREATE,      /* from the xl config at @path; returns the new domain id */
  DOMUS_REQUEST_MIGRATE,     /* to the host @target; the domain is gone afterwards */
  DOMUS_REQUEST_EJECT,       /* empties the CD-ROM drive @target ("hdc") of an HVM domain */
  /* Cpupools, named by @pool; no domain but for CPUPOOL_MIGRATE. */
  DOMUS_REQUEST_CPUPOOL_CREATE,      /* @pool under @scheduler on the free pCPUs @cpus */
  DOMUS_REQUEST_CPUPOOL_DESTROY,     /* an empty pool; its pCPUs become free */
  DOMUS_REQUEST_CPUPOOL_CPU_ADD,     /* free pCPUs @cpus into @pool */
  DOMUS_REQUEST_CPUPOOL_CPU_REMOVE,  /* @cpus out of @pool, free afterwards */
  DOMUS_REQUEST_CPUPOOL_MIGRATE,     /* the domain into @pool */
  /* PCI devices, named by @pci (a BDF); no domain but for ATTACH and DETACH. */
  DOMUS_REQUEST_PCI_ASSIGNABLE_ADD,    /* to pciback, ready for a domain (xl pci-assignable-add) */
  DOMUS_REQUEST_PCI_ASSIGNABLE_REMOVE, /* back to its dom0 driver (xl pci-assignable-remove -r) */
  DOMUS_REQUEST_PCI_ATTACH,            /* to the domain, live; with @keep, in its config's pci= too */
  DOMUS_REQUEST_PCI_DETACH,            /* from the domain; with @keep, out of its config's pci= too */
} DomusRequestKind;

#define DOMUS_REQUEST_KIND_LAST DOMUS_REQUEST_PCI_DETACH

#define DOMUS_REQUEST_ALL_VCPUS G_MAXUINT

/* Called on the main context with a fraction in [0, 1]. */
typedef void (*DomusProgressFunc) (double fraction, gpointer user_data);

typedef struct
{
  DomusRequestKind   kind;
  guint              domid;       /* every kind but RESTORE and CREATE */
  char              *domain_name; /* for messages */
  int                weight;      /* SCHEDULER: 1..65535, or -1 to keep */
  int                cap;         /* SCHEDULER: 0..100 × vCPUs, or -1 to keep */
  guint              vcpus;       /* VCPUS */
  guint              vcpu;        /* PIN: a vCPU, or DOMUS_REQUEST_ALL_VCPUS */
  guint64            affinity;    /* PIN: bit i for pCPU i */
  guint64            memory_kib;  /* MEMORY */
  char              *path;        /* SAVE, RESTORE, CREATE */
  char              *target;      /* MIGRATE: a host name; EJECT: a virtual device */
  gboolean           checkpoint;  /* SAVE: the domain runs on afterwards (xl save -c) */
  char              *new_name;    /* RESTORE: a name other than the saved one, or NULL */
  char              *pool;        /* CPUPOOL_*: the pool's name */
  DomusScheduler     scheduler;   /* CPUPOOL_CREATE */
  guint64            cpus;        /* CPUPOOL_CREATE, _CPU_ADD, _CPU_REMOVE: bit i for pCPU i */
  char              *pci;         /* PCI_*: the device's BDF, "0000:00:04.0" */
  gboolean           keep;        /* PCI_ATTACH, _DETACH: the domain's xl config (pci=) too */
  DomusProgressFunc  progress;    /* SAVE, RESTORE, CREATE, MIGRATE; may be NULL */
  gpointer           progress_data;
} DomusRequest;

#define DOMUS_TYPE_REQUEST (domus_request_get_type ())

GType         domus_request_get_type      (void) G_GNUC_CONST;
DomusRequest *domus_request_new           (DomusRequestKind    kind);
DomusRequest *domus_request_copy          (const DomusRequest *request);
void          domus_request_free          (DomusRequest       *request);
/* Reports progress, if anyone asked for it. */
void          domus_request_report        (const DomusRequest *request,
                                           double              fraction);
/* A request about @domain (its id and name filled in). */
DomusRequest *domus_request_new_for_domain (DomusRequestKind   kind,
                                            DomusDomain       *domain);
/* A request about cpupool @pool (CPUPOOL_CREATE, _DESTROY, _CPU_ADD,
 * _CPU_REMOVE) with the pCPUs @cpus (a mask, 0 for none). */
DomusRequest *domus_request_new_for_cpupool (DomusRequestKind  kind,
                                             const char       *pool,
                                             guint64           cpus);
/* A request about the PCI device @bdf: PCI_ASSIGNABLE_ADD, _REMOVE; for
 * PCI_ATTACH and _DETACH, fill in domid and domain_name too. */
DomusRequest *domus_request_new_for_pci    (DomusRequestKind  kind,
                                            const char       *bdf);
/* TRUE for the PCI_* kinds. */
gboolean      domus_request_kind_is_pci    (DomusRequestKind  kind);
/* TRUE for the kinds about a cpupool, not a domain (all CPUPOOL_* but MIGRATE). */
gboolean      domus_request_kind_is_cpupool (DomusRequestKind  kind);
/* TRUE for the kinds that report progress and may be cancelled. */
gboolean      domus_request_kind_is_long   (DomusRequestKind   kind);
/* The xl command that does the same, for logs and the CLI: "pause", "sched", ... */
const char   *domus_request_kind_to_string (DomusRequestKind   kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DomusRequest, domus_request_free)

G_END_DECLS
