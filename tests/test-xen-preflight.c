/* test-xen-preflight.c: each reason Domus gives for not driving Xen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "domus-error.h"
#include "xen/domus-xen-preflight.h"

static void
put (const char *root,
     const char *path,
     const char *contents)
{
  g_autofree char *full = g_build_filename (root, path, NULL);
  g_autofree char *dir = g_path_get_dirname (full);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (full, contents, -1, NULL));
}

static void
expect (const char *root,
        gboolean    is_root,
        const char *message)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = domus_xen_preflight (root, is_root, &error);

  if (message == NULL)
    {
      g_assert_no_error (error);
      g_assert_true (ok);
      return;
    }
  g_assert_false (ok);
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_NO_XEN);
  g_assert_cmpstr (error->message, ==, message);
}

static void
test_reasons (void)
{
  g_autofree char *root = g_dir_make_tmp ("domus-preflight-XXXXXX", NULL);

  expect (root, TRUE, "No Xen hypervisor found");

  put (root, "sys/hypervisor/type", "xen\n");
  put (root, "proc/xen/capabilities", "");
  expect (root, TRUE, "This system is a Xen guest (domU), not the control domain");

  put (root, "proc/xen/capabilities", "control_d\n");
  expect (root, FALSE, "Xen is running, but managing it needs root privileges");
  expect (root, TRUE, "Xen is running, but xenstored is not");

  put (root, "run/xenstored/socket", "");
  expect (root, TRUE, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/xen-preflight/reasons", test_reasons);

  return g_test_run ();
}
