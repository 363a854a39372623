/* domus-clock.h: the time a host runs on, real or virtual
 *
 * A manual clock moves only when domus_clock_advance() is called, so tests
 * step simulated time deterministically. A scaled clock moves at @speed
 * times real time, driven by the thread-default main context; the wall
 * clock is a scaled clock with speed 1 used by real hosts. In every mode
 * timers fire in due order and see domus_clock_get_now() equal to the
 * instant they were due, so sampling intervals are exact.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "domus-types.h"

G_BEGIN_DECLS

/* Return G_SOURCE_CONTINUE to fire again after the interval. */
typedef gboolean (*DomusClockFunc) (gpointer user_data);

#define DOMUS_TYPE_CLOCK (domus_clock_get_type ())
G_DECLARE_FINAL_TYPE (DomusClock, domus_clock, DOMUS, CLOCK, GObject)

DomusClock *domus_clock_new_manual         (void);
DomusClock *domus_clock_new_scaled         (double          speed);
DomusClock *domus_clock_new_wall           (void);
gboolean    domus_clock_is_virtual         (DomusClock     *self);
/* Made by domus_clock_new_manual(): it moves only when advanced. */
gboolean    domus_clock_is_manual          (DomusClock     *self);
/* Virtual seconds a real second; 0 for a manual clock. */
double      domus_clock_get_speed          (DomusClock     *self);
void        domus_clock_set_speed          (DomusClock     *self,
                                            double          speed);
/* Microseconds since the clock was created. */
gint64      domus_clock_get_now            (DomusClock     *self);
void        domus_clock_advance            (DomusClock     *self,
                                            gint64          usec);
guint       domus_clock_add_timer          (DomusClock     *self,
                                            gint64          interval_usec,
                                            DomusClockFunc  func,
                                            gpointer        user_data,
                                            GDestroyNotify  notify);
void        domus_clock_set_timer_interval (DomusClock     *self,
                                            guint           id,
                                            gint64          interval_usec);
void        domus_clock_remove_timer       (DomusClock     *self,
                                            guint           id);

G_END_DECLS
