/* domus-domain.h: one Xen domain, as last sampled, with its history
 *
 * Domains are updated in place on every refresh (property notifications);
 * their history lives in a DomusSeries whose channels are listed below.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "domus-series.h"
#include "domus-vcpu.h"

G_BEGIN_DECLS

/* Channels of domus_domain_get_series(). */
enum
{
  DOMUS_DOMAIN_SERIES_CPU,     /* % of one pCPU, 0 .. 100 × vcpus-max */
  DOMUS_DOMAIN_SERIES_MEMORY,  /* MiB */
  DOMUS_DOMAIN_SERIES_VCPU0,   /* % of one pCPU for vCPU 0, then vCPU 1, ... */
};

#define DOMUS_TYPE_DOMAIN (domus_domain_get_type ())
G_DECLARE_FINAL_TYPE (DomusDomain, domus_domain, DOMUS, DOMAIN, GObject)

guint             domus_domain_get_id                (DomusDomain *self);
const char       *domus_domain_get_uuid              (DomusDomain *self);
const char       *domus_domain_get_name              (DomusDomain *self);
/* The xl config file the domain's settings are kept in, if known. */
const char       *domus_domain_get_config_path       (DomusDomain *self);
/* Remembers the file a user chose for it. */
void              domus_domain_set_config_path       (DomusDomain *self,
                                                      const char  *path);
/* Where its VNC server listens, "HOST:PORT" (an HVM guest's device model), or NULL. */
const char       *domus_domain_get_vnc_address       (DomusDomain *self);
/* The pty of its text console on its host, /dev/pts/N (a backend's other
 * paths are dropped: they may come from the guest), or NULL. Open it with
 * domus_host_open_console(): a host through the agent is another computer's. */
const char       *domus_domain_get_console_path      (DomusDomain *self);
DomusDomainType   domus_domain_get_domain_type       (DomusDomain *self);
DomusDomainState  domus_domain_get_state             (DomusDomain *self);
guint             domus_domain_get_vcpus_online      (DomusDomain *self);
guint             domus_domain_get_vcpus_max         (DomusDomain *self);
guint64           domus_domain_get_memory_kib        (DomusDomain *self);
guint64           domus_domain_get_memory_max_kib    (DomusDomain *self);
guint64           domus_domain_get_memory_target_kib (DomusDomain *self);
guint64           domus_domain_get_cpu_time          (DomusDomain *self);
double            domus_domain_get_cpu_percent       (DomusDomain *self);
int               domus_domain_get_weight            (DomusDomain *self);
int               domus_domain_get_cap               (DomusDomain *self);
/* The id of the cpupool it runs in (domus_host_lookup_cpupool_by_id()). */
guint             domus_domain_get_cpupool_id        (DomusDomain *self);
GListModel       *domus_domain_get_vcpus             (DomusDomain *self);
DomusSeries      *domus_domain_get_series            (DomusDomain *self);

/* Its network interfaces and virtual disks (DomusIoDevice), sorted by
 * kind, vifs first, then by number; they come and go with the host's. */
GListModel       *domus_domain_get_io_devices        (DomusDomain *self);
guint             domus_domain_get_n_io_devices      (DomusDomain *self,
                                                      DomusIoKind  kind);
/* Counter @counter (DomusIoNetCounter or DomusIoDiskCounter) summed over
 * its devices of @kind, as xentop's totals, and its rate per second. */
guint64           domus_domain_get_io_total          (DomusDomain *self,
                                                      DomusIoKind  kind,
                                                      guint        counter);
double            domus_domain_get_io_rate           (DomusDomain *self,
                                                      DomusIoKind  kind,
                                                      guint        counter);
/* Throughput over all its devices in bytes per second (properties
 * "net-rx-rate", "net-tx-rate", "disk-read-rate", "disk-write-rate",
 * notified when they change). */
double            domus_domain_get_net_rx_rate       (DomusDomain *self);
double            domus_domain_get_net_tx_rate       (DomusDomain *self);
double            domus_domain_get_disk_read_rate    (DomusDomain *self);
double            domus_domain_get_disk_write_rate   (DomusDomain *self);

/* Whether @text is a domain's number as xl and domusctl read it: digits
 * only (and not empty). */
gboolean          domus_domain_text_is_id            (const char  *text);
/* Whether @name may name a new domain: not empty and not digits only,
 * which would be read as a domain's number. Otherwise FALSE, with
 * DOMUS_ERROR_INVALID_ARGUMENT saying why. */
gboolean          domus_domain_check_new_name        (const char  *name,
                                                      GError     **error);

G_END_DECLS
