/* domus-backend.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-backend"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <unistd.h>

#include "domus-backend.h"
#include "domus-error.h"
#include "remote/domus-remote-host.h"
#include "sim/domus-sim-host.h"
#include "xen/domus-xen-preflight.h"
#if HAVE_XEN
#include "xen/domus-xen-host.h"
#endif

static DomusHost *
open_simulated (const DomusBackendOptions  *options,
                GError                    **error)
{
  g_autoptr(DomusScene) scene = NULL;
  g_autoptr(DomusClock) clock = NULL;

  if (options->scene_path != NULL)
    scene = domus_scene_new_from_file (options->scene_path, error);
  else
    scene = domus_scene_new_default ();
  if (scene == NULL)
    return NULL;

  clock = options->sim_speed > 0 ? domus_clock_new_scaled (options->sim_speed)
                                 : domus_clock_new_manual ();
  return domus_sim_host_new (scene, clock);
}

typedef struct
{
  gboolean   done;
  DomusHost *host;
  GError    *error;
} Connected;

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Connected *connected = data;

  connected->host = domus_backend_connect_finish (result, &connected->error);
  connected->done = TRUE;
}

static DomusHost *
open_remote (const char  *address,
             GError     **error)
{
  Connected connected = { 0 };

  domus_backend_connect_async (address, NULL, NULL, connected_cb, &connected);
  while (!connected.done)
    g_main_context_iteration (g_main_context_get_thread_default (), TRUE);
  if (connected.error != NULL)
    g_propagate_error (error, connected.error);
  return connected.host;
}

DomusHost *
domus_backend_open (const DomusBackendOptions  *options,
                    GError                    **error)
{
  g_autoptr(GError) xen_error = NULL;
  DomusHost *host;

  g_return_val_if_fail (options != NULL, NULL);

  if (options->connect != NULL)
    return open_remote (options->connect, error);
  if (options->kind == DOMUS_BACKEND_SIMULATED)
    return open_simulated (options, error);

  /* A control domain this user may not drive: the agent may, through
   * polkit. Domus itself never runs Xen's calls but as root. */
  if (!options->in_process && geteuid () != 0 && domus_xen_preflight ("/", TRUE, NULL))
    return open_remote ("local", error);

  if (domus_xen_preflight ("/", geteuid () == 0, &xen_error))
    {
#if HAVE_XEN
      if ((host = domus_xen_host_new (&xen_error)))
        return host;
#else
      g_set_error (&xen_error, DOMUS_ERROR, DOMUS_ERROR_NO_XEN,
                   _("This is a Xen control domain, but this build of Domus has no Xen backend"));
#endif
    }

  if (options->kind == DOMUS_BACKEND_XEN)
    {
      g_propagate_error (error, g_steal_pointer (&xen_error));
      return NULL;
    }

  if (!(host = open_simulated (options, error)))
    return NULL;

  {
    /* TRANSLATORS: %s is why the real host cannot be used, e.g. "No Xen hypervisor found" */
    g_autofree char *notice = g_strdup_printf (_("%s — showing a simulated host"),
                                               xen_error->message);
    domus_host_set_notice (host, notice);
  }
  return host;
}

void
domus_backend_connect_async (const char          *address,
                             DomusClock          *clock,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  domus_remote_host_connect_async (address, clock, cancellable, callback, user_data);
}

DomusHost *
domus_backend_connect_finish (GAsyncResult  *result,
                              GError       **error)
{
  return domus_remote_host_new_finish (result, error);
}
