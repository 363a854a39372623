/* domus-sim-screen.h: a simulated HVM guest's screen, served over VNC
 *
 * A real VNC server (libvncserver) on 127.0.0.1, on the first free port
 * from 5900 as QEMU would take, showing a Debian installer of its own: pick
 * a language (arrow keys or a click, Enter), type a hostname, watch the
 * base system install, then boot to a login prompt. Enough to try the
 * whole HVM flow — watch, click, type, eject — without Xen. The server has
 * a thread of its own; the screen's state is read from any thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  DOMUS_SIM_SCREEN_LANGUAGE,
  DOMUS_SIM_SCREEN_HOSTNAME,
  DOMUS_SIM_SCREEN_INSTALLING,
  DOMUS_SIM_SCREEN_COMPLETE,
  DOMUS_SIM_SCREEN_LOGIN,
} DomusSimScreenPage;

typedef struct _DomusSimScreen DomusSimScreen;

/* Starts the server, on the installer's first page or, for a guest that
 * boots from its disk, at the login prompt; with VNC authentication when
 * @password is given (xl's vncpasswd). NULL and @error when no port is
 * free. */
DomusSimScreen     *domus_sim_screen_new          (const char      *domain_name,
                                                   gboolean         installer,
                                                   const char      *password,
                                                   GError         **error);
/* Stops the server (its clients see the connection close) and frees. */
void                domus_sim_screen_free         (DomusSimScreen  *self);
guint               domus_sim_screen_get_port     (DomusSimScreen  *self);
/* A paused guest draws nothing new. */
void                domus_sim_screen_set_running  (DomusSimScreen  *self,
                                                   gboolean         running);
DomusSimScreenPage  domus_sim_screen_get_page     (DomusSimScreen  *self);
/* What was typed into the hostname field, or at the login prompt. */
char               *domus_sim_screen_dup_typed    (DomusSimScreen  *self);
/* The language picked (highlighted) on the first page. */
const char         *domus_sim_screen_get_language (DomusSimScreen  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DomusSimScreen, domus_sim_screen_free)

G_END_DECLS
