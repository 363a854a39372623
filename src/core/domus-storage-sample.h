/* domus-storage-sample.h: what a backend reads of its host's LVM storage
 *
 * Plain structs, filled on any thread (the simulator from its scene, the
 * real host from LVM's own report, `vgs`/`lvs --reportformat json`);
 * DomusHost turns them into DomusVolumeGroup and DomusLogicalVolume
 * updates on the main context (domus-host-storage.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char    *name;
  guint64  size;          /* bytes */
  guint64  free;          /* bytes */
} DomusVgSample;

typedef struct
{
  char    *vg;
  char    *name;
  guint64  size;          /* bytes */
  char    *origin;        /* a snapshot's origin LV (in the same VG), or NULL */
  double   data_percent;  /* a snapshot's Data%, or -1 */
  char    *used_by;       /* the domain whose disk it is, or NULL */
} DomusLvSample;

/* What domus_host_create_volume_async() makes: lvcreate -L SIZE -n NAME VG,
 * or with @origin, lvcreate -s -L SIZE -n NAME VG/ORIGIN. */
typedef struct
{
  const char *vg;
  const char *name;
  guint64     size;       /* bytes */
  const char *origin;     /* for a snapshot, the LV (in @vg) it is of; or NULL */
} DomusVolumeSpec;

typedef struct
{
  GArray  *vgs;           /* DomusVgSample */
  GArray  *lvs;           /* DomusLvSample */
} DomusStorageSample;

DomusStorageSample *domus_storage_sample_new     (void);
void                domus_storage_sample_free    (DomusStorageSample *sample);
DomusVgSample      *domus_storage_sample_add_vg  (DomusStorageSample *sample,
                                                  const char         *name,
                                                  guint64             size,
                                                  guint64             free);
DomusLvSample      *domus_storage_sample_add_lv  (DomusStorageSample *sample,
                                                  const char         *vg,
                                                  const char         *name,
                                                  guint64             size);
/* Sets used_by of every LV that one of @disks (xl disk targets, a
 * NULL-terminated list) names, to @domain. */
void                domus_storage_sample_set_user (DomusStorageSample *sample,
                                                   const char         *domain,
                                                   const char * const *disks);

/* Whether the path @target (an xl disk's target: "/dev/vol1/base",
 * "/dev/mapper/vol1-base") names the LV @vg/@lv, as device-mapper names it. */
gboolean            domus_storage_target_is_lv   (const char         *target,
                                                  const char         *vg,
                                                  const char         *lv);
/* "/dev/VG/LV", the path udev gives an LV. */
char               *domus_storage_lv_path        (const char         *vg,
                                                  const char         *lv);
/* Whether @name may name a VG or an LV (lvm(8)'s VALID NAMES: letters,
 * digits, "+_.-", not starting with "-", not "." nor "..", at most 127
 * bytes, none of LVM's reserved words); FALSE with a message saying why. */
gboolean            domus_storage_check_name     (const char         *name,
                                                  GError            **error);

/* A size as lvcreate -L reads it: a number (a fraction too), then a unit
 * of powers of 1024, b, s (512-byte sectors), k, m, g, t, p, either case,
 * with or without "i" or "iB" ("15Gi", "500M", "2.5g"); m when none. */
gboolean            domus_storage_parse_size     (const char         *text,
                                                  guint64            *bytes,
                                                  GError            **error);
/* A size as lvs prints it: "15.00g", "<3.01g" when rounded down. */
char               *domus_storage_format_size    (guint64             bytes);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DomusStorageSample, domus_storage_sample_free)

G_END_DECLS
