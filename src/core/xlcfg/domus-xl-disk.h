/* domus-xl-disk.h: the parts of an xl disk spec (xl-disk-configuration(5))
 *
 * Both syntaxes the lab guides write: positional,
 * "phy:/dev/vol1/base,xvda,w" ([FORMAT:]TARGET,VDEV[:cdrom],ACCESS), and
 * keyed, "format=raw, vdev=xvda, access=rw, target=/dev/vol1/base", where
 * the target comes last and takes the rest, commas and all.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The target of @spec, its old prefix ("phy:", "file:", "tap:aio:") taken
 * off; NULL for none (an empty CD-ROM drive). @vdev (may be NULL) gets its
 * virtual device or NULL, @cdrom (may be NULL) whether it is a CD-ROM. */
char *domus_xl_disk_get_target  (const char *spec,
                                 char      **vdev,
                                 gboolean   *cdrom);
/* @spec with its target replaced by @target; the rest as written. */
char *domus_xl_disk_with_target (const char *spec,
                                 const char *target);

G_END_DECLS
