/* domus-host-recorder.h: every sample of a host written to a CSV file while it runs
 *
 * "Record…" on the Host page: from the moment it starts until it is
 * stopped, each of the host's samples becomes a row per domain in the
 * file, in the columns of `domusctl top --csv` (xentop's, then TIME; see
 * domus-top-csv.h). Rows are written as they come, without blocking the
 * main context: a file being recorded can be followed (tail -f).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "domus-host.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_HOST_RECORDER (domus_host_recorder_get_type ())
G_DECLARE_FINAL_TYPE (DomusHostRecorder, domus_host_recorder, DOMUS, HOST_RECORDER, GObject)

/* Creates (or replaces) @file, writes the header and the host's last
 * sample, then each sample as it comes. */
void               domus_host_recorder_start_async  (DomusHost           *host,
                                                     GFile               *file,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
DomusHostRecorder *domus_host_recorder_start_finish (GAsyncResult        *result,
                                                     GError             **error);

DomusHost         *domus_host_recorder_get_host      (DomusHostRecorder  *self);
GFile             *domus_host_recorder_get_file      (DomusHostRecorder  *self);
/* Samples taken in so far (written, or on their way). */
guint              domus_host_recorder_get_n_samples (DomusHostRecorder  *self);
/* TRUE from the start until stopped or failed. */
gboolean           domus_host_recorder_is_recording  (DomusHostRecorder  *self);
/* Why writing failed (recording then stops), or NULL. */
const GError      *domus_host_recorder_get_error     (DomusHostRecorder  *self);
/* Stops taking samples, writes what is left and closes the file; done
 * when it is closed. */
void               domus_host_recorder_stop_async    (DomusHostRecorder  *self,
                                                      GCancellable       *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer            user_data);
gboolean           domus_host_recorder_stop_finish   (DomusHostRecorder  *self,
                                                      GAsyncResult       *result,
                                                      GError            **error);

G_END_DECLS
