/* domus-lvm.h: LVM's own tools, run and read without blocking
 *
 * Debian 12 has no LVM library to link: liblvm2app was removed upstream
 * (LVM 2.02.x, deprecated since 2.02.167, gone in 2.03) and lvm2's
 * lvmdbusd is a Python D-Bus service few labs run. The tools' JSON report
 * (`vgs`/`lvs --reportformat json`, LVM 2.02.158 and later) is LVM's
 * supported interface for programs, so Domus runs the tools of Debian's
 * lvm2 package, found on PATH, through GSubprocess: `vgs` and `lvs` with
 * `--units b --nosuffix` to read, `lvcreate` and `lvremove` to change.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "domus-storage-sample.h"

G_BEGIN_DECLS

/* Runs vgs and lvs; the sample's used_by are left for the caller. When the
 * tools are not installed the error says so, and which package has them. */
void                domus_lvm_read_async    (GCancellable           *cancellable,
                                             GAsyncReadyCallback     callback,
                                             gpointer                user_data);
DomusStorageSample *domus_lvm_read_finish   (GAsyncResult           *result,
                                             GError                **error);
/* The sample of the JSON reports of vgs and lvs (the columns read as
 * above); DOMUS_ERROR_PARSE naming what is wrong in them. */
DomusStorageSample *domus_lvm_parse_reports (const char             *vgs_json,
                                             const char             *lvs_json,
                                             GError                **error);
/* lvcreate (a snapshot when @spec has an origin), or lvremove -y; LVM's
 * own message when it refuses. */
void                domus_lvm_change_async  (const DomusVolumeSpec  *create,
                                             const char             *remove_vg,
                                             const char             *remove_name,
                                             GCancellable           *cancellable,
                                             GAsyncReadyCallback     callback,
                                             gpointer                user_data);
gboolean            domus_lvm_change_finish (GAsyncResult           *result,
                                             GError                **error);

/* Tests: run the tools of @dir, not PATH's (NULL: PATH again). */
void                _domus_lvm_set_tool_dir (const char             *dir);

G_END_DECLS
