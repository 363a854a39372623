/* domus-image-sample.h: what a backend reads of the disk image files in a
 * folder of its host
 *
 * Plain structs, filled on any thread (the simulated host from its scene,
 * the real host from the folder itself, domus-image-folder.h); DomusHost
 * turns them into DomusImageFile updates on the main context
 * (domus-host-images.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Where the lab guides keep them: xen-create-image --dir /xen writes
 * /xen/domains/NAME/disk.img, and the installers' ISOs sit in /xen. */
#define DOMUS_IMAGE_FOLDER_DEFAULT "/xen"

/* A file's format, as its first bytes (or its last, for VHD) tell it:
 * what xl's disk spec calls format=, and the others qemu-img knows, so that
 * a file Xen cannot use is seen as one. RAW is a file with none of these
 * headers: a disk as dd writes it, or anything else. */
typedef enum
{
  DOMUS_IMAGE_FORMAT_RAW,
  DOMUS_IMAGE_FORMAT_QCOW,    /* "QFI\xfb", version 1 */
  DOMUS_IMAGE_FORMAT_QCOW2,   /* "QFI\xfb", version 2 or 3 */
  DOMUS_IMAGE_FORMAT_QED,     /* "QED\0" */
  DOMUS_IMAGE_FORMAT_VHD,     /* "conectix", first (dynamic) or in the last 512 bytes (fixed) */
  DOMUS_IMAGE_FORMAT_VHDX,    /* "vhdxfile" */
  DOMUS_IMAGE_FORMAT_VMDK,    /* "KDMV", or a "# Disk DescriptorFile" */
  DOMUS_IMAGE_FORMAT_VDI,     /* 0xbeda107f at byte 64 */
  DOMUS_IMAGE_FORMAT_ISO,     /* "CD001" at byte 32769: an installer's CD */
} DomusImageFormat;

/* Where detection looks: the head (this many bytes from the start), the
 * ISO 9660 descriptor, and the tail (the last 512 bytes). */
#define DOMUS_IMAGE_HEAD_SIZE   512
#define DOMUS_IMAGE_ISO_OFFSET  32769
#define DOMUS_IMAGE_TAIL_SIZE   512

typedef struct
{
  char             *path;         /* absolute, on the host */
  guint64           size;         /* apparent, bytes (ls -l) */
  guint64           allocated;    /* bytes the file system gives it (st_blocks × 512, du) */
  DomusImageFormat  format;
  char             *used_by;      /* the domain whose disk it is, or NULL */
} DomusImageFileSample;

typedef struct
{
  char   *folder;                 /* the folder read */
  GArray *images;                 /* DomusImageFileSample */
} DomusImageSample;

DomusImageSample     *domus_image_sample_new       (const char       *folder);
void                  domus_image_sample_free      (DomusImageSample *sample);
DomusImageFileSample *domus_image_sample_add       (DomusImageSample *sample,
                                                    const char       *path,
                                                    guint64           size,
                                                    guint64           allocated,
                                                    DomusImageFormat  format);
/* Sets used_by of every image one of @disks (xl disk targets, a
 * NULL-terminated list) names, to @domain. */
void                  domus_image_sample_set_user  (DomusImageSample   *sample,
                                                    const char         *domain,
                                                    const char * const *disks);

/* The format @head (its first @head_length bytes), @iso (5 bytes at
 * DOMUS_IMAGE_ISO_OFFSET, or NULL) and @tail (the last 512 bytes, or NULL)
 * show. */
DomusImageFormat      domus_image_format_detect    (const guint8     *head,
                                                    gsize             head_length,
                                                    const guint8     *iso,
                                                    const guint8     *tail);
/* "raw", "qcow2", ... as xl and qemu-img write them. */
const char           *domus_image_format_to_string (DomusImageFormat  format);
/* FALSE for a name that is none of them. */
gboolean              domus_image_format_from_string (const char     *text,
                                                    DomusImageFormat *format);

/* Whether @path is @folder or lies below it (both absolute). */
gboolean              domus_image_path_is_in       (const char       *path,
                                                    const char       *folder);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DomusImageSample, domus_image_sample_free)

G_END_DECLS
