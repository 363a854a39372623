/* domus-window-migrate.c: moving a running domain to another host
 *
 * "win.migrate" asks where to: a host of the fleet (its ssh destination,
 * which dom0 reaches as root, as xl migrate does), or a name typed; then
 * activates "win.migrate-to" with it, which runs the migration as the
 * other long requests run (progress, cancel). The domain leaves this host
 * and, on a real one, arrives on the target: the Hosts page shows it
 * there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-window"

#include "config.h"

#include <glib/gi18n.h>

#include "domus-dialog-entry.h"
#include "domus-window-private.h"

/* The fleet's other connected hosts, by the name dom0 migrates to. */
static GStrv
targets_of (DomusWindow *self)
{
  DomusFleet *fleet = self->fleet;
  g_autoptr(GStrvBuilder) targets = g_strv_builder_new ();
  GListModel *hosts = fleet != NULL ? domus_fleet_get_hosts (fleet) : NULL;

  for (guint i = 0; hosts != NULL && i < g_list_model_get_n_items (hosts); i++)
    {
      g_autoptr(DomusFleetHost) fleet_host = g_list_model_get_item (hosts, i);
      g_autofree char *destination = domus_fleet_host_dup_migrate_name (fleet_host);

      if (destination != NULL && domus_fleet_host_get_host (fleet_host) != self->host
          && domus_fleet_host_get_state (fleet_host) == DOMUS_FLEET_HOST_CONNECTED)
        g_strv_builder_add (targets, destination);
    }
  return g_strv_builder_end (targets);
}

static void
target_chosen_cb (GtkDropDown *hosts,
                  GParamSpec  *pspec,
                  GtkEditable *entry)
{
  GtkStringObject *item = gtk_drop_down_get_selected_item (hosts);

  if (item != NULL)
    gtk_editable_set_text (entry, gtk_string_object_get_string (item));
}

static void
migrate_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     DomusWindow      *self)
{
  g_autofree char *target = domus_dialog_entry_dup_text (g_object_get_data (G_OBJECT (dialog), "domus-target"));

  if (g_strcmp0 (response, "migrate") == 0 && target[0] != '\0')
    gtk_widget_activate_action (GTK_WIDGET (self), "win.migrate-to", "s", target);
}

static void
migrate_cb (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  DomusWindow *self = DOMUS_WINDOW (widget);
  DomusDomain *domain = _domus_window_get_selected (self);
  g_auto(GStrv) targets = NULL;
  g_autofree char *heading = NULL;
  GtkWidget *dialog, *box, *entry;

  if (domain == NULL)
    return;
  targets = targets_of (self);
  /* TRANSLATORS: %s is a domain name */
  heading = g_strdup_printf (_("Migrate “%s”"), domus_domain_get_name (domain));
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                   _("Xen moves the running domain to another host, as xl migrate "
                                     "does: this host reaches the target with ssh, as root, with its "
                                     "keys, and the target needs the domain's disks at the same paths."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "migrate",
                                    _("_Migrate"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "migrate", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "migrate");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  entry = domus_dialog_entry_new (ADW_MESSAGE_DIALOG (dialog), "migrate", _("lab-4"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Target host"), -1);
  /* A connected host of the list, or any name typed. */
  if (targets[0] != NULL)
    {
      GtkWidget *hosts = gtk_drop_down_new_from_strings ((const char * const *) targets);

      gtk_accessible_update_property (GTK_ACCESSIBLE (hosts), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Connected hosts"), -1);
      g_signal_connect (hosts, "notify::selected-item", G_CALLBACK (target_chosen_cb), entry);
      gtk_box_append (GTK_BOX (box), hosts);
      gtk_editable_set_text (GTK_EDITABLE (entry), targets[0]);
    }
  gtk_box_append (GTK_BOX (box), entry);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  g_object_set_data (G_OBJECT (dialog), "domus-target", entry);
  g_signal_connect_object (dialog, "response", G_CALLBACK (migrate_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
migrate_to_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DomusWindow *self = DOMUS_WINDOW (widget);
  DomusDomain *domain = _domus_window_get_selected (self);
  DomusRequest *request;
  g_autofree char *label = NULL;

  if (domain == NULL)
    return;
  request = domus_request_new_for_domain (DOMUS_REQUEST_MIGRATE, domain);
  request->target = g_variant_dup_string (parameter, NULL);
  /* TRANSLATORS: a domain name, then the target host */
  label = g_strdup_printf (_("Migrating “%s” to %s…"), domus_domain_get_name (domain), request->target);
  _domus_window_start_operation (self, request, label);
}

void
_domus_window_class_migrate_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.migrate", NULL, migrate_cb);
  gtk_widget_class_install_action (widget_class, "win.migrate-to", "s", migrate_to_cb);
}
