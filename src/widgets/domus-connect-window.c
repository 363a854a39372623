/* domus-connect-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-connect-window"

#include "config.h"

#include <glib/gi18n.h>

#include "domus-connect-window.h"
#include "domus-backend.h"
#include "domus-remote-address.h"

struct _DomusConnectWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwStatusPage        *status_page;
  GtkSpinner           *spinner;
  GtkButton            *cancel_button;

  /* Owned references */
  GCancellable         *cancellable;
  char                 *host;          /* as the titles name it */
};

enum { CONNECTED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DomusConnectWindow, domus_connect_window, ADW_TYPE_APPLICATION_WINDOW)

/* Cancel while connecting; Close once it failed. Either way ssh, and a
 * question it asks, end with the window. */
static void
cancel_clicked_cb (DomusConnectWindow *self)
{
  g_cancellable_cancel (self->cancellable);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
show_failure (DomusConnectWindow *self,
              const char         *message)
{
  /* TRANSLATORS: %s is a host name, or "this computer" */
  g_autofree char *title = g_strdup_printf (_("Cannot Connect to %s"), self->host);

  adw_status_page_set_title (self->status_page, title);
  adw_status_page_set_description (self->status_page, message);
  adw_status_page_set_icon_name (self->status_page, "network-error-symbolic");
  gtk_spinner_stop (self->spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
  gtk_button_set_label (self->cancel_button, _("_Close"));
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(DomusConnectWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusHost) host = domus_backend_connect_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (host == NULL)
    {
      show_failure (self, error->message);
      return;
    }
  g_signal_emit (self, signals[CONNECTED], 0, host);
}

static void
domus_connect_window_dispose (GObject *object)
{
  DomusConnectWindow *self = DOMUS_CONNECT_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), DOMUS_TYPE_CONNECT_WINDOW);

  G_OBJECT_CLASS (domus_connect_window_parent_class)->dispose (object);
}

static void
domus_connect_window_finalize (GObject *object)
{
  DomusConnectWindow *self = DOMUS_CONNECT_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_free (self->host);

  G_OBJECT_CLASS (domus_connect_window_parent_class)->finalize (object);
}

static void
domus_connect_window_class_init (DomusConnectWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = domus_connect_window_dispose;
  object_class->finalize = domus_connect_window_finalize;

  /**
   * DomusConnectWindow::connected:
   * @host: the host the agent serves
   *
   * The host is there: show it, and close this window.
   */
  signals[CONNECTED] = g_signal_new ("connected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                     NULL, G_TYPE_NONE, 1, DOMUS_TYPE_HOST);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/domus/Domus/ui/domus-connect-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DomusConnectWindow, status_page);
  gtk_widget_class_bind_template_child (widget_class, DomusConnectWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, DomusConnectWindow, cancel_button);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
}

static void
domus_connect_window_init (DomusConnectWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

DomusConnectWindow *
domus_connect_window_new (GtkApplication *application,
                          const char     *address)
{
  DomusConnectWindow *self;
  g_autoptr(DomusRemoteAddress) parsed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (address != NULL, NULL);

  self = g_object_new (DOMUS_TYPE_CONNECT_WINDOW, "application", application, NULL);
  parsed = domus_remote_address_parse (address, &error);
  if (parsed == NULL)
    {
      self->host = g_strdup (address);
      show_failure (self, error->message);
      return self;
    }
  self->host = g_strdup (parsed->host != NULL ? parsed->host : _("this computer"));
  /* TRANSLATORS: %s is a host name, or "this computer" */
  title = g_strdup_printf (_("Connecting to %s…"), self->host);
  adw_status_page_set_title (self->status_page, title);
  domus_backend_connect_async (address, NULL, self->cancellable, connected_cb, g_object_ref (self));
  return self;
}
