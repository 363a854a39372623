/* domus-scene.h: what a simulated host looks like, read from JSON
 *
 *   {"host": {"pcpus": 4, "memory_mib": 8192, "scheduler": "credit", "seed": 1,
 *             "hostname": "xenlab", "iommu": true,
 *             "pci": [{"bdf": "0000:00:19.0", "vendor": "8086", "device": "100e",
 *                      "class": "020000", "device_name": "82540EM Gigabit Ethernet Controller",
 *                      "driver": "e1000", "assignable": false, "domain": "web"}]},
 *    "domains": [{"name": "clone1", "type": "pv", "vcpus": 2, "memory_mib": 1024,
 *                 "weight": 256, "cap": 0, "affinity": [[0,1],[2,3]],
 *                 "workload": {"kind": "cpu", "busy_vcpus": 2},
 *                 "io": {"net": [{"rx_kib_s": 800, "tx_kib_s": 100}],
 *                        "disk": [{"vdev": "xvda", "read_kib_s": 300}]},
 *                 "pool": "p1", "disk": ["phy:/dev/vol1/base,xvda,w"]}],
 *    "cpupools": [{"name": "p1", "scheduler": "credit2", "cpus": "2-3"}],
 *    "storage": {"volume_groups": [{"name": "vol1", "size_mib": 40960,
 *                "volumes": [{"name": "base", "size_mib": 15360},
 *                            {"name": "clone1", "size_mib": 3072, "origin": "base"}]}]}}
 *
 * Missing keys take defaults; unknown keys and bad values are refused with
 * a message that names the key, such as "domains[1].weight".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "domus-credit-model.h"

G_BEGIN_DECLS

/* A device's steady traffic; it swings around it (DomusSceneIo). */
typedef struct
{
  DomusIoKind       kind;
  guint32           id;            /* vif number; vbd number (xvda = 51712) */
  double            in_kib_s;      /* vif: received; vbd: read */
  double            out_kib_s;     /* vif: sent; vbd: written */
  double            unit_bytes;    /* vif: bytes a packet; vbd: bytes a request */
  double            drops_per_s;   /* vif: packets dropped each way */
  double            errors_per_s;  /* vif: packets in error each way */
  double            oo_per_s;      /* vbd: times out of requests */
} DomusSceneDevice;

/* A domain's I/O workload: its devices, and how their traffic swings,
 * ×(1 + swing·sin(2π·t/period)), each device a little out of phase. */
typedef struct
{
  GArray           *devices;       /* DomusSceneDevice, vifs then vbds, by number; or NULL */
  double            swing;         /* 0 .. 1 */
  double            period_s;
} DomusSceneIo;

typedef struct
{
  char             *name;
  DomusDomainType   type;
  guint             vcpus;         /* online at start */
  guint             maxvcpus;
  guint64           memory_mib;
  guint64           maxmem_mib;
  guint             weight;
  guint             cap;
  guint64          *affinity;      /* maxvcpus hard-affinity masks */
  DomusWorkload     workload;      /* of each busy vCPU */
  guint             busy_vcpus;    /* vCPUs running the workload, the rest idle */
  gboolean          paused;
  DomusSceneIo      io;
  char             *pool;          /* its cpupool's name; NULL: Pool-0 */
  char            **disks;         /* xl disk specs ("phy:/dev/vol1/base,xvda,w"), or NULL */
} DomusSceneDomain;

/* An LVM logical volume at start. */
typedef struct
{
  char             *name;
  guint64           size_mib;
  char             *origin;        /* a snapshot's origin, in the same VG; or NULL */
  double            data_percent;  /* a snapshot's Data% at start */
} DomusSceneLv;

/* An LVM volume group at start. */
typedef struct
{
  char             *name;
  guint64           size_mib;
  GArray           *lvs;           /* DomusSceneLv */
} DomusSceneVg;

/* A disk image file at start (storage.images). */
typedef struct
{
  char             *path;          /* absolute */
  guint64           size_mib;      /* apparent */
  guint64           allocated_mib; /* what it takes: less for a sparse file */
  guint             format;        /* DomusImageFormat */
} DomusSceneImage;

/* A PCI device at start. */
typedef struct
{
  char             *bdf;           /* "0000:00:19.0" */
  guint32           vendor_id;
  guint32           device_id;
  guint32           class_code;
  char             *vendor_name;   /* or NULL */
  char             *device_name;   /* or NULL */
  char             *driver;        /* dom0's driver, "pciback" when assignable, or NULL */
  gboolean          assignable;
  char             *domain;        /* attached to this domain, or NULL */
} DomusScenePci;

/* A cpupool at start. */
typedef struct
{
  char             *name;
  DomusScheduler    scheduler;
  guint64           cpus;          /* bit i: pCPU i */
} DomusScenePool;

struct _DomusScene
{
  guint             pcpus;
  guint64           memory_mib;
  DomusScheduler    scheduler;
  guint64           seed;
  char             *hostname;      /* "xenlab" by default */
  GPtrArray        *domains;       /* DomusSceneDomain*, Domain-0 first */
  GPtrArray        *cpupools;      /* DomusScenePool*, Pool-0 first: ids in this order */
  GPtrArray        *volume_groups; /* DomusSceneVg*, as listed */
  GArray           *images;        /* DomusSceneImage, as listed */
  gboolean          iommu;         /* Xen can pass devices through (true by default) */
  GArray           *pci_devices;   /* DomusScenePci, as listed */
};

DomusScene *domus_scene_new_from_data (const char  *data,
                                       gssize       length,
                                       GError     **error);
DomusScene *domus_scene_new_from_file (const char  *path,
                                       GError     **error);
/* The lab guides' host: 4 pCPUs, 8 GiB, Domain-0, debian10, clone1, clone2, debian_hvm. */
DomusScene *domus_scene_new_default   (void);
void        domus_scene_free          (DomusScene  *scene);

DomusSceneDomain *domus_scene_domain_copy          (const DomusSceneDomain  *domain);
void              domus_scene_domain_free          (DomusSceneDomain        *domain);
char             *domus_scene_domain_to_json       (const DomusSceneDomain  *domain,
                                                    guint                    n_pcpus);
DomusSceneDomain *domus_scene_domain_new_from_json (const char              *json,
                                                    guint                    n_pcpus,
                                                    guint64                  memory_mib,
                                                    GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DomusScene, domus_scene_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DomusSceneDomain, domus_scene_domain_free)

G_END_DECLS
