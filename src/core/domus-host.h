/* domus-host.h: the seam every Xen host backend implements
 *
 * A DomusHost exposes the facts of one host (Xen version, pCPUs, memory,
 * scheduler), a GListModel of DomusDomain kept sorted by domain id and
 * updated in place, and a history of per-pCPU load and free memory. It
 * refreshes itself every refresh-interval milliseconds on its clock.
 *
 * A backend subclasses it and implements refresh(): read the host, on any
 * thread, into a DomusHostSample, and hand it back on the main context
 * with _domus_host_push_sample() (or _domus_host_push_error()). All the
 * arithmetic (CPU% as xentop computes it, history, items-changed) is done
 * here once for every backend.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "domus-clock.h"
#include "domus-cpupool.h"
#include "domus-domain.h"
#include "domus-host-info.h"
#include "domus-image-file.h"
#include "domus-pci-device.h"
#include "domus-pci-sample.h"
#include "domus-request.h"
#include "domus-series.h"
#include "domus-storage-sample.h"
#include "domus-volume-group.h"

G_BEGIN_DECLS

/* Channels of domus_host_get_series(). */
enum
{
  DOMUS_HOST_SERIES_FREE_MEMORY,  /* MiB */
  DOMUS_HOST_SERIES_PCPU0,        /* % busy of pCPU 0, then pCPU 1, ... */
};

/* One hour of history at the default refresh of one second. */
#define DOMUS_HOST_HISTORY_LENGTH 3600

/* domus-clone.h's: what a clone is asked, and its progress, called on
 * the main context: what is being done ("Snapshot of vol1/base as
 * clone1"), and the share of the whole done, 0 to 1. */
typedef struct _DomusCloneSpec DomusCloneSpec;
typedef void (*DomusHostCloneProgress) (const char *what,
                                        double      fraction,
                                        gpointer    user_data);

#define DOMUS_TYPE_HOST (domus_host_get_type ())
G_DECLARE_DERIVABLE_TYPE (DomusHost, domus_host, DOMUS, HOST, GObject)

struct _DomusHostClass
{
  GObjectClass parent_class;

  /* Starts reading the host; ends with _domus_host_push_sample() or
   * _domus_host_push_error() on the main context, at once or later. */
  void (*refresh) (DomusHost *self);

  /* Carries out @request, already checked against the last sample, and
   * completes @task on the main context: g_task_return_int() with the new
   * domain id for RESTORE and CREATE, 0 for the rest, or an error. A
   * backend that completes it later keeps a reference; long requests watch
   * g_task_get_cancellable(). */
  void (*perform) (DomusHost    *self,
                   DomusRequest *request,
                   GTask        *task);

  /* Where @domain's screen is reached from here; @where gets its name in
   * messages. The default connects to the domain's VNC address. */
  GSocketConnectable *(*screen_address) (DomusHost    *self,
                                         DomusDomain  *domain,
                                         char        **where,
                                         GError      **error);

  /* Opens @domain's text console from here: a new fd the caller owns,
   * raw and non-blocking, and @where, its name in messages. The default
   * opens the domain's console path. A backend whose consoles cost while
   * open (a remote one) opens them only while some caller holds one. */
  int (*open_console) (DomusHost    *self,
                       DomusDomain  *domain,
                       char        **where,
                       GError      **error);

  /* Reads the host's facts (xl info) and completes @task on the main
   * context: g_task_return_pointer() with a DomusHostInfo and
   * domus_host_info_free, or an error. Never blocks the main context. */
  void (*get_info) (DomusHost *self,
                    GTask     *task);

  /* Reads Xen's console ring (xl dmesg) whole and completes @task on the
   * main context: g_task_return_pointer() with a GBytes and
   * g_bytes_unref, or an error. Never blocks the main context. */
  void (*read_log) (DomusHost *self,
                    GTask     *task);

  /* Reads the host's LVM storage and completes @task on the main context:
   * g_task_return_pointer() with a DomusStorageSample (its LVs' used_by
   * filled from the domains' disks) and domus_storage_sample_free, or an
   * error. Never blocks the main context. */
  void (*read_storage) (DomusHost *self,
                        GTask     *task);
  /* Makes the LV @spec (checked against the last storage read) and
   * completes @task with g_task_return_boolean() or an error. */
  void (*create_volume) (DomusHost             *self,
                         const DomusVolumeSpec *spec,
                         GTask                 *task);
  /* Removes the LV @vg/@name, which no domain uses (checked), and completes
   * @task with g_task_return_boolean() or an error. */
  void (*remove_volume) (DomusHost  *self,
                         const char *vg,
                         const char *name,
                         GTask      *task);

  /* Reads the host's PCI devices and completes @task on the main context:
   * g_task_return_pointer() with a DomusPciSample (each device's domain
   * filled in, iommu set) and domus_pci_sample_free, or an error. Never
   * blocks the main context. The PCI requests come to perform(). */
  void (*read_pci) (DomusHost *self,
                    GTask     *task);

  /* Lists the disk image files in @folder (absolute, canonical) and the
   * folders below it, and completes @task on the main context:
   * g_task_return_pointer() with a DomusImageSample of that folder (each
   * image's used_by filled from the domains' disks) and
   * domus_image_sample_free, or an error. Never blocks the main context. */
  void (*read_images) (DomusHost  *self,
                       const char *folder,
                       GTask      *task);

  /* Deletes the image file @path of @folder, which no domain uses
   * (checked against a read of @folder just before), and completes @task
   * with g_task_return_boolean() or an error. */
  void (*remove_image) (DomusHost  *self,
                        const char *folder,
                        const char *path,
                        GTask      *task);

  /* Clones as domus_clone_async() does, where the files are (a remote
   * host's agent, on its host), and completes @task with
   * g_task_return_pointer() of the config files written (a GPtrArray of
   * char*, g_ptr_array_unref) or an error. NULL (the local backends): the
   * files are here, and domus-clone.c does it itself. */
  void (*clone) (DomusHost              *self,
                 const DomusCloneSpec   *spec,
                 DomusHostCloneProgress  progress,
                 gpointer                progress_data,
                 GTask                  *task);

  /*< private >*/
  gpointer _reserved[8];
};

const char     *domus_host_get_backend_name     (DomusHost  *self);
gboolean        domus_host_is_simulated         (DomusHost  *self);
const char     *domus_host_get_notice           (DomusHost  *self);
void            domus_host_set_notice           (DomusHost  *self,
                                                 const char *notice);
const char     *domus_host_get_xen_version      (DomusHost  *self);
const char     *domus_host_get_hostname         (DomusHost  *self);
guint           domus_host_get_n_pcpus          (DomusHost  *self);
guint64         domus_host_get_total_memory_kib (DomusHost  *self);
guint64         domus_host_get_free_memory_kib  (DomusHost  *self);
DomusScheduler  domus_host_get_scheduler        (DomusHost  *self);
GListModel     *domus_host_get_domains          (DomusHost  *self);
DomusDomain    *domus_host_lookup_domain_by_name (DomusHost  *self,
                                                 const char *name);
DomusDomain    *domus_host_lookup_domain_by_id  (DomusHost  *self,
                                                 guint       id);
/* The host's cpupools (DomusCpupool), sorted by id, updated in place. */
GListModel     *domus_host_get_cpupools         (DomusHost  *self);
DomusCpupool   *domus_host_lookup_cpupool_by_id (DomusHost  *self,
                                                 guint       id);
DomusCpupool   *domus_host_lookup_cpupool_by_name (DomusHost  *self,
                                                 const char *name);
/* The pool pCPU @cpu is in, or NULL when it is free (in no pool). */
DomusCpupool   *domus_host_lookup_cpupool_of_cpu (DomusHost *self,
                                                 guint       cpu);
/* The names of @pool's domains, "a, b", as of the last sample. */
char           *domus_host_dup_cpupool_domain_names (DomusHost    *self,
                                                 DomusCpupool *pool);
/* The host's LVM volume groups (DomusVolumeGroup), sorted by name, as of
 * the last domus_host_refresh_storage_async(); updated in place. */
GListModel     *domus_host_get_volume_groups    (DomusHost  *self);
DomusVolumeGroup *domus_host_lookup_volume_group (DomusHost *self,
                                                 const char *name);
/* The LV @text names: "VG/LV", "/dev/VG/LV" or "/dev/mapper/VG-LV"; NULL
 * when there is none (as of the last read). */
DomusLogicalVolume *domus_host_lookup_volume    (DomusHost  *self,
                                                 const char *text);
/* The LVs the domain @name uses as disks (DomusLogicalVolume), as of the
 * last read; an empty array for none. */
GPtrArray      *domus_host_dup_domain_volumes   (DomusHost  *self,
                                                 const char *name);
/* Why the last storage read failed (no LVM here, a backend that cannot
 * read it), or NULL. */
const GError   *domus_host_get_storage_error    (DomusHost  *self);
/* Reads the storage again (vgs, lvs) into domus_host_get_volume_groups().
 * DOMUS_ERROR_NOT_SUPPORTED from a backend that cannot. */
void            domus_host_refresh_storage_async  (DomusHost           *self,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean        domus_host_refresh_storage_finish (DomusHost           *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
/* lvcreate: checked against a fresh read (the VG, a free name, the size
 * within the VG's free space, a snapshot's origin), made, then read again. */
void            domus_host_create_volume_async  (DomusHost             *self,
                                                 const DomusVolumeSpec *spec,
                                                 GCancellable          *cancellable,
                                                 GAsyncReadyCallback    callback,
                                                 gpointer               user_data);
gboolean        domus_host_create_volume_finish (DomusHost             *self,
                                                 GAsyncResult          *result,
                                                 GError               **error);
/* lvremove: refused with DOMUS_ERROR_BUSY naming the domain when one uses
 * it, or naming its snapshots when it has some. */
void            domus_host_remove_volume_async  (DomusHost             *self,
                                                 const char            *vg,
                                                 const char            *name,
                                                 GCancellable          *cancellable,
                                                 GAsyncReadyCallback    callback,
                                                 gpointer               user_data);
gboolean        domus_host_remove_volume_finish (DomusHost             *self,
                                                 GAsyncResult          *result,
                                                 GError               **error);
/* The host's PCI devices (DomusPciDevice), sorted by BDF, as of the last
 * domus_host_refresh_pci_async(); updated in place. */
GListModel     *domus_host_get_pci_devices      (DomusHost  *self);
/* The device @bdf names ("0000:00:04.0", "00:04.0"), or NULL. */
DomusPciDevice *domus_host_lookup_pci_device    (DomusHost  *self,
                                                 const char *bdf);
/* Whether Xen can pass devices through (it has an IOMMU: xl info's
 * virt_caps has hvm_directio), as of the last read. */
gboolean        domus_host_has_iommu            (DomusHost  *self);
/* Why the last read of the devices failed, or NULL. */
const GError   *domus_host_get_pci_error        (DomusHost  *self);
/* Reads the PCI devices again into domus_host_get_pci_devices().
 * DOMUS_ERROR_NOT_SUPPORTED from a backend that cannot. The changes
 * (pci-assignable-add, -remove, pci-attach, -detach) are requests
 * (domus_request_new_for_pci()): each is checked against the devices read
 * just before, and they are read again once it is done. */
void            domus_host_refresh_pci_async    (DomusHost           *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean        domus_host_refresh_pci_finish   (DomusHost           *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
/* The disk image files (DomusImageFile), sorted by path, in the folder of
 * the last domus_host_refresh_images_async(); updated in place. */
GListModel     *domus_host_get_images           (DomusHost  *self);
/* The folder they are in, or NULL before the first read. */
const char     *domus_host_get_image_folder     (DomusHost  *self);
/* The image at @path, as of the last read, or NULL. */
DomusImageFile *domus_host_lookup_image         (DomusHost  *self,
                                                 const char *path);
/* Why the last read of the images failed, or NULL. */
const GError   *domus_host_get_images_error     (DomusHost  *self);
/* Lists @folder (absolute, on the host) again into domus_host_get_images():
 * DOMUS_ERROR_NOT_FOUND when it is not there, DOMUS_ERROR_NOT_SUPPORTED
 * from a backend that cannot. */
void            domus_host_refresh_images_async  (DomusHost           *self,
                                                  const char          *folder,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean        domus_host_refresh_images_finish (DomusHost           *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);
/* Deletes the image file @path in @folder (or below it): checked against a
 * fresh read of @folder (DOMUS_ERROR_NOT_FOUND when it is not one of its
 * image files, DOMUS_ERROR_BUSY naming the domain that uses it), deleted,
 * and the folder read again. */
void            domus_host_remove_image_async    (DomusHost           *self,
                                                  const char          *folder,
                                                  const char          *path,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean        domus_host_remove_image_finish   (DomusHost           *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);
DomusClock     *domus_host_get_clock            (DomusHost  *self);
DomusTimeline  *domus_host_get_timeline         (DomusHost  *self);
DomusSeries    *domus_host_get_series           (DomusHost  *self);
guint           domus_host_get_refresh_interval (DomusHost  *self);
void            domus_host_set_refresh_interval (DomusHost  *self,
                                                 guint       msec);
/* The last refresh's failure, or NULL. */
const GError   *domus_host_get_error            (DomusHost  *self);
/* TRUE once the first sample has arrived. */
gboolean        domus_host_is_ready             (DomusHost  *self);
/* Refreshes now; if a refresh is under way, once more when it ends. */
void            domus_host_refresh              (DomusHost  *self);
/* Where @domain's screen (its VNC server) is reached from here, to give
 * domus_vnc_session_new_for_address(), and @where (may be NULL), its name
 * in messages. Fails with DOMUS_ERROR_NOT_FOUND when the domain has no
 * screen, DOMUS_ERROR_INVALID_ARGUMENT when its address is not one (the
 * guest may write it). */
GSocketConnectable *domus_host_dup_screen_address (DomusHost    *self,
                                                   DomusDomain  *domain,
                                                   char        **where,
                                                   GError      **error);
/* Opens @domain's text console (its pty, raw as xl console's, non-blocking,
 * close-on-exec) for the caller to read and write, and close when done;
 * @where (may be NULL) gets its name in messages. -1 and
 * DOMUS_ERROR_NOT_FOUND when the domain has no console, another
 * DOMUS_ERROR when it cannot be opened. Open it again after a hang-up: a
 * console may be had only while someone holds it. */
int             domus_host_open_console         (DomusHost    *self,
                                                 DomusDomain  *domain,
                                                 char        **where,
                                                 GError      **error);
/* Asks the host for a change (takes @request). Values out of range, a domain
 * that is gone, or one busy with another lifecycle operation fail with a
 * DOMUS_ERROR saying so, before the backend is asked. */
void            domus_host_request_async        (DomusHost           *self,
                                                 DomusRequest        *request,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
/* The new domain's id for RESTORE and CREATE, 0 for the rest; -1 on error. */
gint64          domus_host_request_finish       (DomusHost           *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
/* The host's facts, as xl info tells them, read now; DOMUS_ERROR_NOT_SUPPORTED
 * from a backend (or an agent) that cannot tell them. */
void            domus_host_get_info_async       (DomusHost           *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
DomusHostInfo  *domus_host_get_info_finish      (DomusHost           *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
/* Xen's console ring now, whole, as xl dmesg prints it (bytes, not always
 * UTF-8). DomusXenLog reads only what is new. */
void            domus_host_read_log_async       (DomusHost           *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
GBytes         *domus_host_read_log_finish      (DomusHost           *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

G_END_DECLS
