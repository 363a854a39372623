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

DomusHost *
domus_backend_open (const DomusBackendOptions  *options,
                    GError                    **error)
{
  g_autoptr(GError) xen_error = NULL;
  DomusHost *host;

  g_return_val_if_fail (options != NULL, NULL);

  if (options->kind == DOMUS_BACKEND_SIMULATED)
    return open_simulated (options, error);

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
