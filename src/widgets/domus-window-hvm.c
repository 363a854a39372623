/* domus-window-hvm.c: installing HVM guests, as window actions
 *
 * "win.new-hvm-domain" opens the assistant; the domain it creates is then
 * selected and shown on its screen (the "screen" view of the domain page,
 * where the page has one), else its overview. "win.eject-installer" takes
 * the CD-ROM out of the selected HVM domain and out of its config file,
 * whose boot order goes back to the disk.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-window"

#include "config.h"

#include <glib/gi18n.h>

#include "domus-installer.h"
#include "domus-new-domain-dialog.h"
#include "domus-window-private.h"

/* Selects the created domain once the host lists it. */
static void
select_created (DomusWindow *self)
{
  DomusDomain *domain = domus_host_lookup_domain_by_id (self->host, self->created_domid);
  g_autofree char *message = NULL;

  if (domain == NULL)
    return;
  g_clear_signal_handler (&self->created_handler, domus_host_get_domains (self->host));
  domus_window_select_domain (self, domain);
  /* On Xen the VNC server comes up a moment after the domain. */
  domus_domain_page_show_view (self->domain_page, "overview");
  domus_domain_page_show_view_when_ready (self->domain_page, "screen");
  /* TRANSLATORS: %s is a domain name */
  message = g_strdup_printf (_("“%s” is running its installer"), domus_domain_get_name (domain));
  _domus_window_toast (self, message);
}

static void
created_cb (DomusNewDomainDialog *dialog,
            guint                 domid,
            const char           *path,
            DomusWindow          *self)
{
  self->created_domid = domid;
  g_clear_signal_handler (&self->created_handler, domus_host_get_domains (self->host));
  if (domus_host_lookup_domain_by_id (self->host, domid) == NULL)
    self->created_handler = g_signal_connect_object (domus_host_get_domains (self->host), "items-changed",
                                                     G_CALLBACK (select_created), self, G_CONNECT_SWAPPED);
  select_created (self);
}

static void
new_hvm_domain_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  DomusWindow *self = DOMUS_WINDOW (widget);
  DomusNewDomainDialog *dialog = domus_new_domain_dialog_new (GTK_WINDOW (self), self->host);

  g_signal_connect_object (dialog, "created", G_CALLBACK (created_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Eject: the drive, then the file (domus-installer.h). */

static void
eject_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr(DomusWindow) self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = domus_installer_eject_finish (DOMUS_HOST (source), result, &error);

  _domus_window_toast (self, message != NULL ? message : error->message);
}

static void
eject_installer_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  DomusWindow *self = DOMUS_WINDOW (widget);
  DomusDomain *domain = domus_window_get_selected_domain (self);

  if (domain != NULL)
    domus_installer_eject_async (self->host, domain, NULL, NULL, eject_done_cb, g_object_ref (self));
}

void
_domus_window_hvm_update_actions (DomusWindow *self)
{
  DomusDomain *domain = self->selection != NULL ? gtk_single_selection_get_selected_item (self->selection)
                                                : NULL;
  DomusDomainState state = domain != NULL ? domus_domain_get_state (domain) : DOMUS_DOMAIN_STATE_DYING;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.eject-installer",
                                 domain != NULL
                                 && domus_domain_get_domain_type (domain) == DOMUS_DOMAIN_TYPE_HVM
                                 && state != DOMUS_DOMAIN_STATE_SHUTDOWN && state != DOMUS_DOMAIN_STATE_DYING);
}

void
_domus_window_class_hvm_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.new-hvm-domain", NULL, new_hvm_domain_cb);
  gtk_widget_class_install_action (widget_class, "win.eject-installer", NULL, eject_installer_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_N, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.new-hvm-domain", NULL);
}
