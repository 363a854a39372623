/* domus-xen-host-private.h: what the parts of the Xen host share
 *
 * DomusXenHost is written in four files: domus-xen-host.c (the type, its
 * handles, libxl's log and errors, libxl's and xenstore's events),
 * domus-xen-host-refresh.c (reading the host on a worker thread, the
 * domain cache, death watches), domus-xen-host-requests.c (perform, one
 * function per kind of request, xl itself) and domus-xen-host-save.c
 * (save, restore, migrate). This header holds the instance struct and the
 * functions one part calls in another. Which thread uses what is told at
 * the top of domus-xen-host.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "domus-xen-loop.h"   /* defines LIBXL_API_VERSION first */

#define __XEN_TOOLS__ 1
#include <xenctrl.h>
#include <dirent.h>
#include <xenstat.h>
#include <xenstore.h>

#include "domus-host-private.h"
#include "domus-xen-host.h"

G_BEGIN_DECLS

/* libxl's log, kept per thread so that a failed call can say why. */
typedef struct
{
  xentoollog_logger  vtable;
  DomusXenHost      *host;
} Logger;

struct _DomusXenHost
{
  DomusHost          parent_instance;

  Logger             logger;
  libxl_ctx         *ctx;
  DomusXenLoop      *loop;
  guint              n_pcpus;

  /* Refresh worker only. */
  xenstat_handle    *xstat;
  xc_interface      *xc;
  struct xs_handle  *xs;
  GHashTable        *cache;          /* domid → DomainCache */
  GHashTable        *affinity_texts; /* mask → interned text */
  xc_cpuinfo_t      *cpuinfo;
  xc_cpumap_t        cpumap;
  guint              n_refreshes;
  gboolean           no_io;         /* worker only: libxenstat cannot read vifs and vbds here */
  gboolean           io_libxenstat; /* read vifs and vbds through libxenstat, as xentop */
  DIR               *vbd_dir;       /* blkback's devices in sysfs, when read by Domus */
  GArray            *pools;         /* DomusCpupoolSample, as last read; names owned */

  /* Main context only. */
  struct xs_handle  *xs_watch;
  guint              xs_watch_id;
  GHashTable        *deaths;         /* domid → libxl_evgen_domain_death* */
  GHashTable        *dead;           /* domids whose death was reported */
  GPtrArray         *saves;          /* SaveOp* in flight */
  gint64             refresh_now;    /* host clock when the refresh began */
  gint64             refresh_mono;   /* monotonic time then */
  char              *migrate_command;
  int                settings_stale; /* atomic: read settings next time */

  GMutex             mutex;
  GHashTable        *config_paths;   /* domid → xl config; under mutex */
};

/* A line of xl's output that tells how far a request has got: when a line
 * holds @text, @fraction of the work is done. */
typedef struct
{
  const char *text;
  double      fraction;
} Milestone;

/* domus-xen-host.c */
void     clear_last_error       (void);
void     set_libxl_error        (GError              **error,
                                 int                   rc,
                                 const char           *format,
                                 ...) G_GNUC_PRINTF (3, 4);

/* domus-xen-host-refresh.c */
void     domain_cache_free      (gpointer              data);
void     domus_xen_host_refresh (DomusHost            *host);
/* domus-xen-host-info.c */
void     domus_xen_host_get_info (DomusHost           *host,
                                  GTask               *task);
void     domus_xen_host_read_log (DomusHost           *host,
                                  GTask               *task);

/* domus-xen-host-storage.c */
void     domus_xen_host_read_images   (DomusHost             *host,
                                       const char            *folder,
                                       GTask                 *task);
void     domus_xen_host_remove_image  (DomusHost             *host,
                                       const char            *folder,
                                       const char            *path,
                                       GTask                 *task);
void     domus_xen_host_read_storage  (DomusHost             *host,
                                       GTask                 *task);
void     domus_xen_host_create_volume (DomusHost             *host,
                                       const DomusVolumeSpec *spec,
                                       GTask                 *task);
void     domus_xen_host_remove_volume (DomusHost             *host,
                                       const char            *vg,
                                       const char            *name,
                                       GTask                 *task);

/* domus-xen-host-pci.c */
void     domus_xen_host_read_pci      (DomusHost             *host,
                                       GTask                 *task);
/* On a worker thread; @config_path is the domain's xl config, for keep. */
gint64   domus_xen_host_perform_pci   (DomusXenHost          *self,
                                       const DomusRequest    *request,
                                       const char            *config_path,
                                       GError               **error);

/* domus-xen-host-requests.c */
void     domus_xen_host_perform (DomusHost            *host,
                                 DomusRequest         *request,
                                 GTask                *task);
gboolean run_xl                 (const char * const   *argv,
                                 const DomusRequest   *request,
                                 const Milestone      *milestones,
                                 GCancellable         *cancellable,
                                 const char           *what,
                                 GError              **error);
gint64   run_xl_new_domain      (DomusXenHost         *self,
                                 const char           *name,
                                 const char * const   *argv,
                                 const DomusRequest   *request,
                                 const Milestone      *milestones,
                                 GCancellable         *cancellable,
                                 const char           *what,
                                 GError              **error);

/* domus-xen-host-save.c */
void     logger_progress        (xentoollog_logger    *logger,
                                 const char           *context,
                                 const char           *doing_what,
                                 int                   percent,
                                 unsigned long         done,
                                 unsigned long         total);
void     start_save             (DomusXenHost         *self,
                                 const DomusRequest   *request,
                                 GTask                *task);
gint64   restore_domain         (DomusXenHost         *self,
                                 const DomusRequest   *request,
                                 GCancellable         *cancellable,
                                 GError              **error);
gboolean migrate_domain         (DomusXenHost         *self,
                                 const DomusRequest   *request,
                                 const char           *command,
                                 GCancellable         *cancellable,
                                 GError              **error);

G_END_DECLS
