/* domus-gdk-env.c: GDK's environment, set before GTK starts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "domus-gdk-env.h"

void
domus_gdk_env_prepare (void)
{
  const char *renderer = g_getenv ("GSK_RENDERER");

  if (g_strcmp0 (renderer, "cairo") == 0 && g_getenv ("GDK_DEBUG") == NULL)
    g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
}
