/* domus-sim-host-private.h: what the parts of the simulated host share
 *
 * DomusSimHost is written in two files: domus-sim-host.c (the type, its
 * domains, sampling) and domus-sim-host-requests.c (each request, which
 * takes simulated time). This header holds the host's state, the time
 * constants and the functions one part calls in the other.
 *
 * Requests take simulated time as they take real time on Xen: a balloon
 * moves at a finite rate, shutdown waits for the guest, destroy, save and
 * restore grow with memory. The time constants below are round figures of
 * the order measured on small hosts (the bench-lifecycle step of the
 * real-Xen suite, tests/xen/dom0-domus.sh, prints them under QEMU).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "domus-credit-model.h"
#include "domus-host-sample.h"
#include "domus-sim-console.h"
#include "domus-sim-host.h"
#include "domus-sim-screen.h"

G_BEGIN_DECLS

#define BALLOON_KIB_PER_S      (256 * 1024)  /* how fast a guest gives or takes memory */
#define SHUTDOWN_US            (2 * G_USEC_PER_SEC)   /* guest OS shutting down */
#define SHUTOFF_US             (G_USEC_PER_SEC / 2)   /* state "s" until the toolstack reaps it */
#define DESTROY_US             (G_USEC_PER_SEC / 5)
#define DESTROY_US_PER_GIB     (G_USEC_PER_SEC / 10)
#define SAVE_US                (G_USEC_PER_SEC / 2)
#define SAVE_US_PER_GIB        G_USEC_PER_SEC
#define CREATE_US              G_USEC_PER_SEC
#define CREATE_US_PER_GIB      (G_USEC_PER_SEC / 2)
#define BOOT_US                (4 * G_USEC_PER_SEC)   /* a created guest, until its login prompt */
#define BOOT_US_PER_GIB        (G_USEC_PER_SEC / 4)
/* A live migration: a fixed handshake, then memory copied over the network */
#define MIGRATE_US             G_USEC_PER_SEC
#define MIGRATE_US_PER_GIB     (3 * G_USEC_PER_SEC / 2)
#define PROGRESS_STEP_US       (G_USEC_PER_SEC / 10)
#define TIMING_NOISE           0.05   /* destroy, save, restore, create vary by up to ±5 % */

#define SAVE_MAGIC "Domus simulated save v1\n"

typedef enum
{
  SIM_UP,            /* running or paused as asked */
  SIM_SHUTTING_DOWN, /* the guest is shutting down */
  SIM_SHUTOFF,       /* shut down, not yet reaped */
  SIM_DYING,         /* being destroyed */
} SimPhase;

typedef enum
{
  SIM_THREADED_AUTO,  /* on a clock at real time or slower (the first sample is made at once) */
  SIM_THREADED_ON,
  SIM_THREADED_OFF,
} SimThreaded;

/* A cpupool: its own scheduler instance on its pCPUs, as Xen runs one per
 * pool. A model counts time from its own start; the host adds up what
 * the models a pCPU or a domain went through counted before. */
typedef struct
{
  guint             id;
  char             *name;
  DomusScheduler    scheduler;
  guint64           cpus;
  DomusCreditModel *model;          /* NULL while it has no pCPU */
  guint64           model_start_ns; /* host time (since start_us) at the model's 0 */
} SimPool;

typedef struct
{
  guint             id;
  char             *uuid;
  char             *config_path;  /* created from this xl config, or NULL */
  DomusSceneDomain *config;       /* name, type, limits, affinity, workload */
  SimPhase          phase;
  gboolean          paused;
  guint             vcpus_online;
  guint64           memory_kib;
  guint64           target_kib;
  guint             weight;
  guint             cap;
  DomusSimConsole  *console;      /* PV and PVH guests' hvc0, or NULL */
  DomusSimScreen   *screen;       /* HVM guests' VNC server, once sampled */
  gboolean          screen_failed;
  char             *cdrom;        /* the CD-ROM drive its xl config gives it ("hdc"), or NULL */
  gboolean          cdrom_loaded; /* until ejected */
  gboolean          io_clocked;   /* whether io_clock_us is set */
  gint64            io_clock_us;  /* clock time its I/O was last brought up to */
  double            io_time_s;    /* seconds it has done I/O: up and not paused */
  SimPool          *pool;         /* the pool it runs in; its model has it */
  guint64           time_base_ns; /* CPU time counted by the models of earlier pools */
  guint64          *vcpu_time_base_ns;  /* the same per vCPU, maxvcpus of them */
} SimDomain;

/* An LVM logical volume; a snapshot counts the bytes its copy-on-write
 * space has taken: what the domains using it or its origin wrote since it
 * was made (each domain's disk writes, as its vbds count them). */
typedef struct
{
  char             *name;
  guint64           size;         /* bytes */
  char             *origin;       /* or NULL */
  double            used;         /* a snapshot's bytes taken */
  GHashTable       *written;      /* domid → bytes it had written when last seen (double*) */
} SimLv;

typedef struct
{
  char             *name;
  guint64           size;         /* bytes */
  GPtrArray        *lvs;          /* SimLv*, in the order made */
} SimVg;

/* A PCI device: dom0's (with its driver), pciback's, or a domain's. */
typedef struct
{
  char             *bdf;
  guint32           vendor_id;
  guint32           device_id;
  guint32           class_code;
  char             *vendor_name;
  char             *device_name;
  char             *dom0_driver;  /* bound while dom0 has it; or NULL */
  gboolean          assignable;   /* pciback has it */
  char             *domain;       /* attached to this domain (by name), or NULL */
} SimPci;

struct _DomusSimHost
{
  DomusHost         parent_instance;

  GPtrArray        *pools;        /* SimPool*, sorted by id; Pool-0 first */
  guint             next_pool_id;
  guint             n_pcpus;
  guint64           seed;
  guint64           pcpu_busy_base_ns[DOMUS_CREDIT_MODEL_MAX_PCPUS]; /* counted by earlier models */
  GPtrArray        *domains;      /* SimDomain*, sorted by id */
  GRand            *rand;
  gint64            start_us;     /* clock time when the model's time was 0 */
  gint64            balloon_us;   /* clock time balloons were last moved */
  guint64           memory_kib;
  guint             next_id;
  GHashTable       *affinity_texts;  /* guint64 mask → interned xl cpulist */
  GString          *xen_log;      /* Xen's console ring, at most SIM_CONRING_SIZE bytes */
  char             *commandline;  /* Xen's, made up from the scene */
  gboolean          logging;      /* domains come and go in the log (not the scene's own) */
  GPtrArray        *vgs;          /* SimVg*, as the scene lists them */
  GArray           *images;       /* DomusImageFileSample (used_by NULL), as the scene lists them */
  GPtrArray        *pci;          /* SimPci*, as the scene lists them */
  gboolean          iommu;
  SimThreaded       threaded;     /* samples made on a worker thread? */
  GMutex            sample_lock;
  GCond             sample_cond;
  gboolean          sampling;     /* a worker reads the host: see sim_settle() */
};

/* Xen's default console ring: 16 KiB. */
#define SIM_CONRING_SIZE 16384

/* domus-sim-host.c */
DomusClock *sim_clock                    (DomusSimHost     *self);
SimDomain  *sim_find_domain              (DomusSimHost     *self,
                                          guint             id);
guint64     sim_used_memory_kib          (DomusSimHost     *self);
gint64      sim_memory_us                (guint64           kib,
                                          gint64            us_per_gib);
gint64      sim_noisy                    (DomusSimHost     *self,
                                          gint64            us);
void        sim_set_workload_running     (DomusSimHost     *self,
                                          SimDomain        *domain,
                                          gboolean          running);
void        domus_sim_host_catch_up      (DomusSimHost     *self);
void        sim_catch_up_to              (DomusSimHost     *self,
                                          gint64            now_us);
/* Waits for the sample a worker thread is making, if any. Every entry
 * into the host's state on the main thread (requests, their timers, the
 * host's other calls) settles first: while a worker runs, the state is
 * its alone. */
void        sim_settle                   (DomusSimHost     *self);
SimDomain  *domus_sim_host_add_domain    (DomusSimHost     *self,
                                          DomusSceneDomain *config,
                                          gboolean          booting);
void        domus_sim_host_remove_domain (DomusSimHost     *self,
                                          SimDomain        *domain);
/* The simulated host of this process whose hostname @target ([user@]name)
 * names, with a reference; NULL when none is. */
DomusSimHost *sim_lab_find               (const char       *target);

/* The scheduler model @domain runs in: its pool's. */
static inline DomusCreditModel *
sim_model (SimDomain *domain)
{
  return domain->pool->model;
}

/* domus-sim-host-pools.c */
guint64     sim_now_ns                   (DomusSimHost     *self);
void        sim_pools_init               (DomusSimHost     *self,
                                          const DomusScene *scene);
void        sim_pools_catch_up           (DomusSimHost     *self,
                                          guint64           now_ns);
SimPool    *sim_find_pool                (DomusSimHost     *self,
                                          const char       *name);
guint64     sim_domain_time              (SimDomain        *domain);
guint64     sim_vcpu_time                (SimDomain        *domain,
                                          guint             vcpu);
guint64     sim_pcpu_busy                (DomusSimHost     *self,
                                          guint             pcpu);
/* Xen's report of a vCPU's hard affinity: "all" when it is all its pool's. */
guint64     sim_vcpu_affinity            (DomusSimHost     *self,
                                          SimDomain        *domain,
                                          guint             vcpu);
void        sim_add_pools_to_sample      (DomusSimHost     *self,
                                          DomusHostSample  *sample);
void        sim_pool_free                (gpointer          data);
void        sim_perform_cpupool          (DomusSimHost     *self,
                                          SimDomain        *domain,
                                          DomusRequest     *request,
                                          GTask            *task);

/* What @domain has written to its disks so far, in bytes. */
double      sim_domain_written_bytes     (DomusSimHost     *self,
                                          SimDomain        *domain);

/* domus-sim-host-pci.c */
void        sim_pci_init                 (DomusSimHost     *self,
                                          const DomusScene *scene);
void        domus_sim_host_read_pci      (DomusHost        *host,
                                          GTask            *task);
/* A domain created from the xl config @path, as xl create: its pci= devices
 * (their BDFs in @bdfs, NULL for none) must be there, assignable, no
 * domain's, on a host with an IOMMU; attached once it is made. */
gboolean    sim_pci_check_created        (DomusSimHost     *self,
                                          const char       *name,
                                          const char       *path,
                                          GStrv            *bdfs,
                                          GError          **error);
void        sim_pci_attach_created       (DomusSimHost     *self,
                                          SimDomain        *domain,
                                          const char * const *bdfs);
void        sim_perform_pci              (DomusSimHost     *self,
                                          SimDomain        *domain,
                                          DomusRequest     *request,
                                          GTask            *task);

/* domus-sim-host-storage.c */
void        sim_storage_init             (DomusSimHost     *self,
                                          const DomusScene *scene);
void        domus_sim_host_read_images   (DomusHost        *host,
                                          const char       *folder,
                                          GTask            *task);
void        domus_sim_host_remove_image  (DomusHost        *host,
                                          const char       *folder,
                                          const char       *path,
                                          GTask            *task);
void        domus_sim_host_read_storage  (DomusHost        *host,
                                          GTask            *task);
void        domus_sim_host_create_volume (DomusHost        *host,
                                          const DomusVolumeSpec *spec,
                                          GTask            *task);
void        domus_sim_host_remove_volume (DomusHost        *host,
                                          const char       *vg,
                                          const char       *name,
                                          GTask            *task);

/* domus-sim-host-info.c */
void        sim_log_boot                 (DomusSimHost     *self,
                                          const DomusScene *scene);
void        sim_log_printf               (DomusSimHost     *self,
                                          const char       *format,
                                          ...) G_GNUC_PRINTF (2, 3);
void        domus_sim_host_get_info      (DomusHost        *host,
                                          GTask            *task);
void        domus_sim_host_read_log      (DomusHost        *host,
                                          GTask            *task);

/* domus-sim-host-requests.c */
void        domus_sim_host_perform       (DomusHost        *host,
                                          DomusRequest     *request,
                                          GTask            *task);

G_END_DECLS
