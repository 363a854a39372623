/* domus-sim-console.h: the text console of a simulated PV domain
 *
 * A pseudo-terminal as xenconsoled gives each guest: the simulator holds
 * the master end, the slave end's path is the domain's console-path, which
 * a viewer opens as `xl console` does (raw mode, no echo from the line
 * discipline). What the viewer reads is a Debian 12 guest on hvc0: the
 * tail of its boot, a getty login prompt and, once logged in (any user,
 * any password), a tiny shell that answers uname, hostname, free, whoami,
 * echo, clear and exit. Input is read on the thread-default main context
 * of the creator; output nobody reads stays in the pty's buffer until it
 * is full, then is dropped, as a console nobody watches loses its oldest
 * lines. Disposing the console closes both ends: a viewer sees the
 * terminal hang up.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define DOMUS_TYPE_SIM_CONSOLE (domus_sim_console_get_type ())
G_DECLARE_FINAL_TYPE (DomusSimConsole, domus_sim_console, DOMUS, SIM_CONSOLE, GObject)

/* A console for the guest @hostname, showing the end of its boot and a
 * login prompt at once or, for a guest still @booting, when told. */
DomusSimConsole *domus_sim_console_new         (const char       *hostname,
                                                gboolean          booting,
                                                GError          **error);
/* The guest has booted: the end of its boot and the login prompt. */
void             domus_sim_console_boot        (DomusSimConsole  *self);
/* The slave end, e.g. "/dev/pts/5". */
const char      *domus_sim_console_get_path    (DomusSimConsole  *self);
/* The bytes of input the console has read so far (typed at its pty). */
guint64          domus_sim_console_get_n_read  (DomusSimConsole  *self);
/* What `free` reports as the guest's total memory. */
void             domus_sim_console_set_memory  (DomusSimConsole  *self,
                                                guint64           memory_kib);
/* A paused guest neither reads its input nor answers. */
void             domus_sim_console_set_running (DomusSimConsole  *self,
                                                gboolean          running);
/* The guest's last words as it powers off or reboots. */
void             domus_sim_console_shut_down   (DomusSimConsole  *self,
                                                gboolean          reboot);

G_END_DECLS
