/* domus-toast.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "domus-toast.h"

/* Forgets the toast once gone, so that a later one does not dismiss it again. */
static void
toast_dismissed_cb (AdwToast  *toast,
                    GtkWidget *overlay)
{
  if (g_object_get_data (G_OBJECT (overlay), "domus-error-toast") == toast)
    g_object_set_data (G_OBJECT (overlay), "domus-error-toast", NULL);
}

void
domus_show_toast (GtkWidget  *widget,
                  const char *message)
{
  GtkWidget *overlay;
  AdwToast *last;
  AdwToast *toast;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (message != NULL);

  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  if (overlay == NULL)
    {
      g_message ("%s", message);
      return;
    }

  /* One message at a time: a newer one replaces the last, rather than
   * queueing behind it while the user goes on dragging. In place, not by
   * dismissing it for a new toast: libadwaita 1.2.0 frees a toast dismissed
   * during its show or hide animation twice when another follows at once
   * (a crash seen in test-window when three requests end in a row, while
   * the domain page's charts make the frames slower). */
  last = g_object_get_data (G_OBJECT (overlay), "domus-error-toast");
  if (last != NULL)
    {
      adw_toast_set_title (last, message);
      return;
    }

  toast = adw_toast_new (message);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, 6);
  g_object_set_data_full (G_OBJECT (overlay), "domus-error-toast", g_object_ref (toast),
                          g_object_unref);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (toast_dismissed_cb), overlay, 0);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}
