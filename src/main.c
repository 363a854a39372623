/* main.c: the Domus application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "domus-application.h"
#include "domus-gdk-env.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(DomusApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  domus_gdk_env_prepare ();
  app = domus_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
