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

#include "domus-new-domain-dialog.h"
#include "domus-window-private.h"
#include "domus-xl-hvm.h"

static DomusDomain *
find_by_id (DomusWindow *self,
            guint        domid)
{
  GListModel *domains = domus_host_get_domains (self->host);

  for (guint i = 0; i < g_list_model_get_n_items (domains); i++)
    {
      g_autoptr(DomusDomain) domain = g_list_model_get_item (domains, i);

      if (domus_domain_get_id (domain) == domid)
        return domain;
    }
  return NULL;
}

/* Selects the created domain once the host lists it. */
static void
select_created (DomusWindow *self)
{
  DomusDomain *domain = find_by_id (self, self->created_domid);
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
  if (find_by_id (self, domid) == NULL)
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

/* Eject: the drive first, then the file, so that a refused eject leaves the file as it was. */

typedef struct
{
  DomusWindow   *window;
  DomusXlConfig *config;   /* NULL for a domain without a config file */
  char          *vdev;
} Eject;

static void
eject_free (Eject *eject)
{
  g_object_unref (eject->window);
  g_clear_object (&eject->config);
  g_free (eject->vdev);
  g_free (eject);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Eject, eject_free)

static void
eject_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr(Eject) eject = data;
  DomusRequest *request = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (domus_host_request_finish (DOMUS_HOST (source), result, &error) < 0)
    {
      _domus_window_toast (eject->window, error->message);
      return;
    }

  if (eject->config == NULL)
    /* TRANSLATORS: %s is a domain name */
    message = g_strdup_printf (_("Installer ejected from “%s”; it has no config file to change"),
                               request->domain_name);
  else if (!domus_xl_config_eject_cdrom (eject->config, eject->vdev, &error)
           || !domus_xl_config_save (eject->config, NULL, FALSE, &error))
    /* TRANSLATORS: a domain name, then why its config file could not be changed */
    message = g_strdup_printf (_("Installer ejected from “%s”, but its config file is unchanged: %s"),
                               request->domain_name, error->message);
  else
    /* TRANSLATORS: %s is a domain name */
    message = g_strdup_printf (_("Installer ejected from “%s”; it boots from its disk from now on"),
                               request->domain_name);
  _domus_window_toast (eject->window, message);
}

static void
eject_installer_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  DomusWindow *self = DOMUS_WINDOW (widget);
  DomusDomain *domain = domus_window_get_selected_domain (self);
  const char *path = domain != NULL ? domus_domain_get_config_path (domain) : NULL;
  g_autoptr(Eject) eject = NULL;
  g_autoptr(GError) error = NULL;
  DomusRequest *request;

  if (domain == NULL)
    return;

  eject = g_new0 (Eject, 1);
  eject->window = g_object_ref (self);
  if (path != NULL)
    {
      /* Read now: a broken file is said before anything is ejected. */
      eject->config = domus_xl_config_new_from_file (path, &error);
      if (eject->config == NULL)
        {
          _domus_window_toast (self, error->message);
          return;
        }
      eject->vdev = domus_xl_config_find_cdrom (eject->config);
      if (eject->vdev == NULL)
        {
          g_autofree char *basename = g_path_get_basename (path);
          /* TRANSLATORS: a file name */
          g_autofree char *message = g_strdup_printf (_("%s has no CD-ROM drive to eject"), basename);

          _domus_window_toast (self, message);
          return;
        }
    }
  else
    eject->vdev = g_strdup (DOMUS_HVM_CDROM_VDEV);

  request = domus_request_new_for_domain (DOMUS_REQUEST_EJECT, domain);
  request->target = g_strdup (eject->vdev);
  domus_host_request_async (self->host, request, NULL, eject_done_cb, g_steal_pointer (&eject));
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
