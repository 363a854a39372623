/* domus-live-slider.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "domus-live-slider.h"

static gboolean
pointer_cb (GtkEventControllerLegacy *controller,
                               GdkEvent                 *event,
                               gpointer                  user_data)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  DomusLiveSetting *self = g_object_get_data (G_OBJECT (widget), "domus-live-setting");

  if (self == NULL)
    return GDK_EVENT_PROPAGATE;

  switch ((int) gdk_event_get_event_type (event))
    {
    case GDK_BUTTON_PRESS:
    case GDK_TOUCH_BEGIN:
      domus_live_setting_hold (self, TRUE);
      break;
    case GDK_BUTTON_RELEASE:
    case GDK_TOUCH_END:
    case GDK_TOUCH_CANCEL:
    case GDK_GRAB_BROKEN:
      /* Sent on release, without waiting for the debounce. */
      domus_live_setting_hold (self, FALSE);
      break;
    default:
      break;
    }

  /* Only watching: the slider handles the event. */
  return GDK_EVENT_PROPAGATE;
}

void
domus_live_slider_attach (GtkWidget        *widget,
                          DomusLiveSetting *self)
{
  DomusLiveSetting *old;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (self == NULL || DOMUS_IS_LIVE_SETTING (self));

  if (g_object_get_data (G_OBJECT (widget), "domus-live-controller") == NULL)
    {
      GtkEventController *controller = gtk_event_controller_legacy_new ();

      gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
      g_signal_connect (controller, "event", G_CALLBACK (pointer_cb), NULL);
      gtk_widget_add_controller (widget, controller);
      g_object_set_data (G_OBJECT (widget), "domus-live-controller", controller);
    }

  old = g_object_get_data (G_OBJECT (widget), "domus-live-setting");
  if (old == self)
    return;
  if (old != NULL)
    domus_live_setting_hold (old, FALSE);
  g_object_set_data_full (G_OBJECT (widget), "domus-live-setting",
                          self != NULL ? g_object_ref (self) : NULL, g_object_unref);
}
