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

#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>

static void
realize_cb (GtkWidget *widget)
{
  GtkNative *native = gtk_widget_get_native (widget);
  GdkSurface *surface = native != NULL ? gtk_native_get_surface (native) : NULL;

  if (surface == NULL || !GDK_IS_X11_SURFACE (surface)
      || g_object_get_data (G_OBJECT (surface), "domus-frame-sync-checked") != NULL)
    return;
  g_object_set_data (G_OBJECT (surface), "domus-frame-sync-checked", GINT_TO_POINTER (1));
  /* GDK 4.8 can turn frame sync off, not on again. */
  if (!gdk_x11_screen_supports_net_wm_hint (gdk_x11_display_get_screen (gdk_surface_get_display (surface)),
                                            "_NET_WM_FRAME_DRAWN"))
    gdk_x11_surface_set_frame_sync_enabled (surface, FALSE);
}
#endif

void
domus_gdk_env_watch_frame_sync (GtkWidget *widget)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

#ifdef GDK_WINDOWING_X11
  if (g_object_get_data (G_OBJECT (widget), "domus-frame-sync-watched") != NULL)
    return;
  g_object_set_data (G_OBJECT (widget), "domus-frame-sync-watched", GINT_TO_POINTER (1));
  g_signal_connect (widget, "realize", G_CALLBACK (realize_cb), NULL);
  if (gtk_widget_get_realized (widget))
    realize_cb (widget);
#endif
}
