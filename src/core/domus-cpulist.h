/* domus-cpulist.h: pCPU sets in xl's syntax ("all", "0-3", "0,2-3", "^1")
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DOMUS_CPULIST_MAX_PCPUS 64

gboolean  domus_cpulist_parse  (const char  *text,
                                guint        n_pcpus,
                                guint64     *mask,
                                GError     **error);
char     *domus_cpulist_format (guint64      mask,
                                guint        n_pcpus);
/* Ranges only ("0-3,5"), never "all"; "" for an empty mask. */
char     *domus_cpulist_format_ranges (guint64 mask,
                                       guint   n_pcpus);
guint64   domus_cpulist_all    (guint        n_pcpus);

G_END_DECLS
