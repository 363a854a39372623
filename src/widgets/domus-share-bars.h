/* domus-share-bars.h: where the CPU goes now, one stacked bar per pCPU
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define DOMUS_TYPE_SHARE_BARS (domus_share_bars_get_type ())
G_DECLARE_FINAL_TYPE (DomusShareBars, domus_share_bars, DOMUS, SHARE_BARS, GtkWidget)

GtkWidget *domus_share_bars_new (void);
/* @shares holds n_pcpus × n_parts values, pCPU by pCPU, each the % of that
 * pCPU a part (a domain) took; @colors and @names have n_parts entries. */
void       domus_share_bars_set (DomusShareBars      *self,
                                 guint                n_pcpus,
                                 guint                n_parts,
                                 const double        *shares,
                                 const GdkRGBA       *colors,
                                 const char * const  *names);
/* For tests: the share of @part on @pcpu as last set, NAN if none. */
double     domus_share_bars_get_share (DomusShareBars *self,
                                       guint           pcpu,
                                       guint           part);

G_END_DECLS
