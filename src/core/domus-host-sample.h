/* domus-host-sample.h: what a backend reads from its host in one refresh
 *
 * Backends fill these plain structs, on any thread; DomusHost turns them into
 * model updates on the main context (CPU%, history, items-changed), so every
 * backend gets the same arithmetic.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "domus-types.h"

G_BEGIN_DECLS

typedef struct
{
  guint          id;
  DomusVcpuState state;
  guint          pcpu;         /* where it runs or last ran */
  guint64        time_ns;      /* cumulative run time */
  const char    *affinity;     /* hard affinity, xl syntax: "all", "0-1,3"; interned */
} DomusVcpuSample;

/* The counters of an I/O device, cumulative as libxenstat reads them; which
 * ones a device has depends on its kind. Network counters are the
 * domain's: RX is what it received. xentop shows dom0's end of the vif,
 * where the two are the other way round: its RX is what dom0 received
 * from the domain, that is what the domain sent (seen on real Xen: a
 * guest's pings count 14 bytes less a packet in xentop's RX than their
 * replies in its TX, as netback counts the frames it receives without
 * their Ethernet header). The Xen backend turns them round as it reads
 * them, and what prints xentop's columns turns them back. */
typedef enum
{
  DOMUS_IO_NET_RX_BYTES,
  DOMUS_IO_NET_RX_PACKETS,
  DOMUS_IO_NET_RX_ERRORS,
  DOMUS_IO_NET_RX_DROPS,
  DOMUS_IO_NET_TX_BYTES,
  DOMUS_IO_NET_TX_PACKETS,
  DOMUS_IO_NET_TX_ERRORS,
  DOMUS_IO_NET_TX_DROPS,
} DomusIoNetCounter;

typedef enum
{
  DOMUS_IO_DISK_READ_REQS,
  DOMUS_IO_DISK_WRITE_REQS,
  DOMUS_IO_DISK_READ_SECTORS,   /* of 512 bytes */
  DOMUS_IO_DISK_WRITE_SECTORS,
  DOMUS_IO_DISK_OO_REQS,        /* times the ring was out of requests */
} DomusIoDiskCounter;

#define DOMUS_IO_N_COUNTERS      8
#define DOMUS_IO_N_NET_COUNTERS  8
#define DOMUS_IO_N_DISK_COUNTERS 5
#define DOMUS_IO_SECTOR_BYTES    512

typedef struct
{
  DomusIoKind    kind;
  guint32        id;           /* vif: its device number (0, 1, ...); vbd: its xenstore
                                * device number (51712 = xvda) */
  guint64        counters[DOMUS_IO_N_COUNTERS];  /* unused ones are 0 */
} DomusIoSample;

typedef struct
{
  guint32           id;
  char             *uuid;
  char             *name;
  char             *config_path; /* the xl config it was created from, or NULL */
  char             *vnc_address; /* "HOST:PORT" of its VNC server, or NULL */
  char             *console_path; /* pty of its text console, or NULL */
  DomusDomainType   type;
  DomusDomainState  state;
  guint             vcpus_online;
  guint             vcpus_max;
  guint64           memory_kib;
  guint64           memory_max_kib;
  guint64           memory_target_kib;
  guint64           cpu_time_ns;
  int               weight;
  int               cap;
  guint             cpupool;   /* the id of its cpupool */
  GArray           *vcpus;     /* DomusVcpuSample, vcpus_max of them */
  GArray           *io;        /* DomusIoSample, sorted by kind then id; NULL: none */
} DomusDomainSample;

/* One cpupool, as libxl_list_cpupool() reads it. */
typedef struct
{
  guint             id;
  char             *name;
  DomusScheduler    scheduler;
  guint64           cpus;      /* bit i: pCPU i is in the pool */
} DomusCpupoolSample;

typedef struct
{
  gint64     time_us;          /* on the host's clock */
  guint64    free_memory_kib;
  guint      n_pcpus;
  guint64   *pcpu_busy_ns;     /* cumulative, n_pcpus of them */
  GPtrArray *domains;          /* DomusDomainSample*, sorted by id */
  GArray    *cpupools;         /* DomusCpupoolSample, sorted by id; empty: the
                                * backend knows none, and the host shows one
                                * Pool-0 of every pCPU under its scheduler */
  gatomicrefcount ref_count;   /* private: domus_host_sample_ref() */
} DomusHostSample;

/* CPU% as xentop computes it: CPU time used over wall time, 100 = one pCPU. */
double             domus_cpu_percent              (guint64            now_ns,
                                                   guint64            then_ns,
                                                   gint64             elapsed_us);
/* How much a cumulative counter moved from @then to @now. One that went
 * back was reset (its device re-created) and counts from 0, unless it
 * looks like a 32-bit counter that wrapped: @then in the top half of 32
 * bits and @now below it. */
guint64            domus_io_counter_delta         (guint64            now,
                                                   guint64            then);
/* A counter's name in domusctl's JSON: "rx_bytes", "read_sectors". */
const char        *domus_io_counter_name          (DomusIoKind        kind,
                                                   guint              counter);
/* The number of counters a device of @kind has. */
guint              domus_io_kind_n_counters       (DomusIoKind        kind);
/* A device's name as the guest sees it: "xvda" for a vbd's 51712,
 * "vif1" for a vif; newly allocated. A vbd number of no known scheme
 * gives its number. */
char              *domus_io_device_name           (DomusIoKind        kind,
                                                   guint32            id);
/* The vbd number of a disk named as xl's vdev ("xvda", "hdc", "sdb");
 * FALSE when it is not one. */
gboolean           domus_io_disk_number           (const char        *name,
                                                   guint32           *id);
/* Appends a device to @domain, zeroed; keep the kind-then-id order. The
 * pointer holds until the next device is added. */
DomusIoSample     *domus_domain_sample_add_io     (DomusDomainSample *domain,
                                                   DomusIoKind        kind,
                                                   guint32            id);
DomusHostSample   *domus_host_sample_new          (guint              n_pcpus);
/* Another holder of @sample, which no one may change while it has more
 * than one (domus-agent keeps the sample it sent as its host takes it in,
 * without a copy); domus_host_sample_free() drops a holder's, and frees
 * the sample at the last. */
DomusHostSample   *domus_host_sample_ref          (DomusHostSample   *sample);
void               domus_host_sample_free         (DomusHostSample   *sample);
DomusDomainSample *domus_host_sample_add_domain   (DomusHostSample   *sample,
                                                   guint              n_vcpus);
/* Appends a pool (keep the id order); @name is copied. */
DomusCpupoolSample *domus_host_sample_add_cpupool (DomusHostSample   *sample,
                                                   guint              id,
                                                   const char        *name,
                                                   DomusScheduler     scheduler,
                                                   guint64            cpus);

/* A deep copy (the vCPUs' interned affinities shared). */
DomusHostSample   *domus_host_sample_copy         (const DomusHostSample   *sample);
DomusDomainSample *domus_domain_sample_copy       (const DomusDomainSample *domain);
void               domus_domain_sample_free       (DomusDomainSample *domain);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DomusHostSample, domus_host_sample_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DomusDomainSample, domus_domain_sample_free)

G_END_DECLS
