/* domus-live-setting.h: one value of a domain as a control shows it
 *
 * DomusLiveSetting is shared by the scheduler editor, the domain page's
 * vCPU and memory rows and DomusPinGrid: one value of one domain as a
 * control shows it, sent to the host debounced while it changes and at once
 * on commit, never twice, one request at a time (a change made meanwhile
 * follows when it is answered), and back to the host's value when the host
 * refuses; then "failed" carries the backend's error, which the owners show
 * with domus_show_toast(). A setting belongs to one domain for life: when a
 * page moves to another domain, domus_live_setting_flush() sends what was
 * waiting to the domain it was meant for, and a late refusal is still told.
 * It needs no display: domus_live_slider_attach() ties one to a slider.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "domus-host.h"

G_BEGIN_DECLS

/* How long a changing value waits before it is sent, if nothing commits it. */
#define DOMUS_LIVE_SETTING_DELAY_MS 250

typedef enum
{
  DOMUS_LIVE_WEIGHT,  /* scheduler weight */
  DOMUS_LIVE_CAP,     /* scheduler cap, % of one pCPU, 0 = none */
  DOMUS_LIVE_VCPUS,   /* vCPUs online */
  DOMUS_LIVE_MEMORY,  /* balloon target, KiB */
  DOMUS_LIVE_PIN,     /* hard affinity of one vCPU, a mask of pCPUs */
} DomusLiveKind;

#define DOMUS_TYPE_LIVE_SETTING (domus_live_setting_get_type ())
G_DECLARE_FINAL_TYPE (DomusLiveSetting, domus_live_setting, DOMUS, LIVE_SETTING, GObject)

/* @vcpu: for DOMUS_LIVE_PIN, the vCPU; ignored otherwise. */
DomusLiveSetting *domus_live_setting_new            (DomusHost        *host,
                                                     DomusDomain      *domain,
                                                     DomusLiveKind     kind,
                                                     guint             vcpu);
DomusDomain      *domus_live_setting_get_domain     (DomusLiveSetting *self);
/* What the control should show: the user's value while it is being changed
 * or sent, the host's otherwise. Notified with "notify::value". */
gint64            domus_live_setting_get_value      (DomusLiveSetting *self);
/* The value the host last reported. */
gint64            domus_live_setting_get_host_value (DomusLiveSetting *self);
/* The user changed the control: sent after DOMUS_LIVE_SETTING_DELAY_MS
 * unless changed again, or committed. */
void              domus_live_setting_change         (DomusLiveSetting *self,
                                                     gint64            value);
/* Sends the value now, if the host does not have it already. */
void              domus_live_setting_commit         (DomusLiveSetting *self);
/* While held (a pointer button down on a slider), the host's reports do not
 * move the control; releasing sends a change made meanwhile, or else shows
 * the host's value (a click that moved nothing sends nothing). */
void              domus_live_setting_hold           (DomusLiveSetting *self,
                                                     gboolean          held);
/* Sends a change that is waiting, before the owner lets go of @self. */
void              domus_live_setting_flush          (DomusLiveSetting *self);
/* TRUE while a change waits, is held or is on its way to the host. */
gboolean          domus_live_setting_is_busy        (DomusLiveSetting *self);

G_END_DECLS
