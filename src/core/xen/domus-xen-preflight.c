/* domus-xen-preflight.c
 *
 * The checks libvirt's libxl driver makes before it loads
 * (libxlDriverShouldLoad), each with a reason a person can act on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-xen-preflight"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "domus-error.h"
#include "domus-xen-preflight.h"

static char *
read_file (const char *root,
           const char *path)
{
  g_autofree char *full = g_build_filename (root, path, NULL);
  char *contents = NULL;

  if (!g_file_get_contents (full, &contents, NULL, NULL))
    return NULL;
  return g_strstrip (contents);
}

static gboolean
exists (const char *root,
        const char *path)
{
  g_autofree char *full = g_build_filename (root, path, NULL);

  return g_file_test (full, G_FILE_TEST_EXISTS);
}

gboolean
domus_xen_preflight (const char  *root,
                     gboolean     is_root_user,
                     GError     **error)
{
  g_autofree char *hypervisor = read_file (root, "sys/hypervisor/type");
  g_autofree char *capabilities = read_file (root, "proc/xen/capabilities");

  if (g_strcmp0 (hypervisor, "xen") != 0 && !exists (root, "proc/xen"))
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_NO_XEN,
                   _("No Xen hypervisor found"));
      return FALSE;
    }

  if (capabilities != NULL && !g_str_has_prefix (capabilities, "control_d"))
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_NO_XEN,
                   _("This system is a Xen guest (domU), not the control domain"));
      return FALSE;
    }

  if (!is_root_user)
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_NO_XEN,
                   _("Xen is running, but managing it needs root privileges"));
      return FALSE;
    }

  if (capabilities == NULL)
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_NO_XEN,
                   _("Xen is running, but xenfs is not mounted on /proc/xen"));
      return FALSE;
    }

  if (!exists (root, "dev/xen/xenstored") && !exists (root, "run/xenstored/socket")
      && !exists (root, "var/run/xenstored/socket"))
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_NO_XEN,
                   _("Xen is running, but xenstored is not"));
      return FALSE;
    }

  return TRUE;
}
