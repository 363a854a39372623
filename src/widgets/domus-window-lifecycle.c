/* domus-window-lifecycle.c: pause, shut down, reboot, destroy, save,
 * restore and create, as window actions on the selected domain
 *
 * Each action that asks for a file has a twin taking the path ("win.save"
 * opens a chooser, then activates "win.save-to"), so tests and keyboard
 * users reach the same code.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-window"

#include "config.h"

#include <glib/gi18n.h>

#include "domus-error.h"
#include "domus-file-chooser.h"
#include "domus-toast.h"
#include "domus-dialog-entry.h"
#include "domus-window-private.h"
#include "xlcfg/domus-xl-settings.h"

void
_domus_window_toast (DomusWindow *self,
                     const char  *message)
{
  domus_show_toast (GTK_WIDGET (self->toast_overlay), message);
}

static DomusDomain *
selected (DomusWindow *self)
{
  return self->selection != NULL ? gtk_single_selection_get_selected_item (self->selection) : NULL;
}

DomusDomain *
_domus_window_get_selected (DomusWindow *self)
{
  return selected (self);
}

void
_domus_window_update_actions (DomusWindow *self)
{
  DomusDomain *domain = selected (self);
  DomusDomainState state = domain != NULL ? domus_domain_get_state (domain) : DOMUS_DOMAIN_STATE_DYING;
  gboolean alive = domain != NULL && domus_domain_get_id (domain) != 0
                   && state != DOMUS_DOMAIN_STATE_SHUTDOWN && state != DOMUS_DOMAIN_STATE_DYING;
  gboolean paused = state == DOMUS_DOMAIN_STATE_PAUSED;
  gboolean idle = self->operation == NULL;
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_action_set_enabled (widget, "win.toggle-pause", alive);
  gtk_widget_action_set_enabled (widget, "win.shutdown", alive && !paused);
  gtk_widget_action_set_enabled (widget, "win.reboot", alive && !paused);
  gtk_widget_action_set_enabled (widget, "win.destroy", alive);
  gtk_widget_action_set_enabled (widget, "win.save", alive && idle);
  gtk_widget_action_set_enabled (widget, "win.save-to", alive && idle);
  gtk_widget_action_set_enabled (widget, "win.save-checkpoint", alive && idle);
  gtk_widget_action_set_enabled (widget, "win.save-checkpoint-to", alive && idle);
  gtk_widget_action_set_enabled (widget, "win.migrate", alive && idle);
  gtk_widget_action_set_enabled (widget, "win.migrate-to", alive && idle);
  gtk_widget_action_set_enabled (widget, "win.clone", domain != NULL && domus_domain_get_id (domain) != 0);
  gtk_widget_action_set_enabled (widget, "win.restore", idle);
  gtk_widget_action_set_enabled (widget, "win.restore-from", idle);
  gtk_widget_action_set_enabled (widget, "win.restore-as", idle);
  gtk_widget_action_set_enabled (widget, "win.create", idle);
  gtk_widget_action_set_enabled (widget, "win.create-from", idle);
  gtk_widget_action_set_enabled (widget, "win.cancel-operation", !idle);
  gtk_widget_action_set_enabled (widget, "win.keep-settings", domain != NULL);
  gtk_widget_action_set_enabled (widget, "win.keep-settings-in", domain != NULL);

  _domus_window_hvm_update_actions (self);

  gtk_button_set_icon_name (self->pause_button, paused ? "media-playback-start-symbolic"
                                                       : "media-playback-pause-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->pause_button),
                               paused ? _("Resume the Domain (Ctrl+P)") : _("Pause the Domain (Ctrl+P)"));
}

/* Quick requests: answered within a moment; a toast says what went wrong. */

static void
quick_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(DomusWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (domus_host_request_finish (DOMUS_HOST (source), result, &error) < 0)
    _domus_window_toast (self, error->message);
  _domus_window_update_actions (self);
}

static void
send_quick (DomusWindow      *self,
            DomusRequestKind  kind)
{
  DomusDomain *domain = selected (self);

  if (domain != NULL)
    domus_host_request_async (self->host, domus_request_new_for_domain (kind, domain), NULL,
                              quick_done_cb, g_object_ref (self));
}

static void
toggle_pause_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  DomusWindow *self = DOMUS_WINDOW (widget);
  DomusDomain *domain = selected (self);

  if (domain != NULL)
    send_quick (self, domus_domain_get_state (domain) == DOMUS_DOMAIN_STATE_PAUSED
                        ? DOMUS_REQUEST_UNPAUSE : DOMUS_REQUEST_PAUSE);
}

static void
shutdown_cb (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  send_quick (DOMUS_WINDOW (widget), DOMUS_REQUEST_SHUTDOWN);
}

static void
reboot_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  send_quick (DOMUS_WINDOW (widget), DOMUS_REQUEST_REBOOT);
}

static void
destroy_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     DomusWindow      *self)
{
  if (g_strcmp0 (response, "destroy") == 0)
    send_quick (self, DOMUS_REQUEST_DESTROY);
}

static void
destroy_cb (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  DomusWindow *self = DOMUS_WINDOW (widget);
  DomusDomain *domain = selected (self);
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  if (domain == NULL)
    return;

  /* TRANSLATORS: %s is a domain name */
  heading = g_strdup_printf (_("Destroy “%s”?"), domus_domain_get_name (domain));
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                   _("The domain stops at once, as if its power were cut: "
                                     "whatever it had not written to disk is lost."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "destroy", _("_Destroy"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "destroy",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (destroy_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Long requests: one at a time, with progress and a cancel button. */

static void
operation_progress_cb (double   fraction,
                       gpointer user_data)
{
  DomusWindow *self = user_data;

  gtk_progress_bar_set_fraction (self->operation_progress, fraction);
}

static void
show_error_dialog (DomusWindow *self,
                   const char  *heading,
                   const char  *message)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
restore_as_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        DomusWindow      *self)
{
  g_autofree char *name = domus_dialog_entry_dup_text (g_object_get_data (G_OBJECT (dialog), "domus-name"));
  const char *path = g_object_get_data (G_OBJECT (dialog), "domus-path");

  if (g_strcmp0 (response, "restore") == 0 && name[0] != '\0')
    gtk_widget_activate_action (GTK_WIDGET (self), "win.restore-as", "(ss)", path, name);
}

/* The saved domain's name is taken (a checkpoint of a domain still
 * running, say): the restore may give it another. */
static void
offer_restore_as (DomusWindow *self,
                  const char  *path,
                  const char  *message)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Restore Under Another Name?"), message);
  GtkWidget *entry;

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "restore",
                                    _("_Restore"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "restore", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "restore");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  entry = domus_dialog_entry_new (ADW_MESSAGE_DIALOG (dialog), "restore", _("New name"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Name of the restored domain"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  g_object_set_data (G_OBJECT (dialog), "domus-name", entry);
  g_object_set_data_full (G_OBJECT (dialog), "domus-path", g_strdup (path), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (restore_as_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
operation_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(DomusWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  DomusRequest *request = g_task_get_task_data (G_TASK (result));
  g_autofree char *message = NULL;
  gint64 domid;

  domid = domus_host_request_finish (DOMUS_HOST (source), result, &error);
  g_clear_object (&self->operation);
  gtk_revealer_set_reveal_child (self->operation_revealer, FALSE);
  _domus_window_update_actions (self);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      _domus_window_toast (self, _("Cancelled"));
      return;
    }
  if (request->kind == DOMUS_REQUEST_RESTORE && g_error_matches (error, DOMUS_ERROR, DOMUS_ERROR_EXISTS))
    {
      offer_restore_as (self, request->path, error->message);
      return;
    }
  if (error != NULL)
    {
      show_error_dialog (self,
                         request->kind == DOMUS_REQUEST_SAVE ? _("Cannot Save the Domain")
                         : request->kind == DOMUS_REQUEST_RESTORE ? _("Cannot Restore the Domain")
                         : request->kind == DOMUS_REQUEST_MIGRATE ? _("Cannot Migrate the Domain")
                         : _("Cannot Create the Domain"),
                         error->message);
      return;
    }

  if (request->kind == DOMUS_REQUEST_SAVE)
    {
      g_autofree char *basename = g_path_get_basename (request->path);

      message = request->checkpoint
        /* TRANSLATORS: a domain name, then a file name; the domain runs on */
        ? g_strdup_printf (_("Saved a checkpoint of “%s” to %s"), request->domain_name, basename)
        /* TRANSLATORS: a domain name, then a file name */
        : g_strdup_printf (_("Saved “%s” to %s"), request->domain_name, basename);
    }
  else if (request->kind == DOMUS_REQUEST_MIGRATE)
    /* TRANSLATORS: a domain name, then the host it went to */
    message = g_strdup_printf (_("“%s” migrated to %s"), request->domain_name, request->target);
  else
    /* TRANSLATORS: %u is the new domain's id */
    message = g_strdup_printf (_("Domain %u is running"), (guint) domid);
  _domus_window_toast (self, message);
}

static void
start_operation (DomusWindow  *self,
                 DomusRequest *request,
                 const char   *label)
{
  g_return_if_fail (self->operation == NULL);

  self->operation = g_cancellable_new ();
  request->progress = operation_progress_cb;
  request->progress_data = self;
  gtk_label_set_label (self->operation_label, label);
  gtk_progress_bar_set_fraction (self->operation_progress, 0);
  gtk_revealer_set_reveal_child (self->operation_revealer, TRUE);
  _domus_window_update_actions (self);

  domus_host_request_async (self->host, request, self->operation, operation_done_cb,
                            g_object_ref (self));
}

void
_domus_window_start_operation (DomusWindow  *self,
                               DomusRequest *request,
                               const char   *label)
{
  start_operation (self, request, label);
}

/* "win.save-to" and "win.save-checkpoint-to": the same save, but a
 * checkpoint leaves the domain running (xl save -c). */
static void
save_to_cb (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  DomusWindow *self = DOMUS_WINDOW (widget);
  DomusDomain *domain = selected (self);
  DomusRequest *request;
  g_autofree char *label = NULL;

  if (domain == NULL)
    return;

  request = domus_request_new_for_domain (DOMUS_REQUEST_SAVE, domain);
  request->path = g_variant_dup_string (parameter, NULL);
  request->checkpoint = g_str_equal (action_name, "win.save-checkpoint-to");
  label = request->checkpoint
    /* TRANSLATORS: %s is a domain name */
    ? g_strdup_printf (_("Saving a checkpoint of “%s”…"), domus_domain_get_name (domain))
    /* TRANSLATORS: %s is a domain name */
    : g_strdup_printf (_("Saving “%s”…"), domus_domain_get_name (domain));
  start_operation (self, request, label);
}

static void
restore_from_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  DomusRequest *request = domus_request_new (DOMUS_REQUEST_RESTORE);

  request->path = g_variant_dup_string (parameter, NULL);
  start_operation (DOMUS_WINDOW (widget), request, _("Restoring…"));
}

static void
restore_as_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DomusRequest *request = domus_request_new (DOMUS_REQUEST_RESTORE);
  g_autofree char *label = NULL;

  g_variant_get (parameter, "(ss)", &request->path, &request->new_name);
  /* TRANSLATORS: %s is the restored domain's new name */
  label = g_strdup_printf (_("Restoring as “%s”…"), request->new_name);
  start_operation (DOMUS_WINDOW (widget), request, label);
}

static void
create_from_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  DomusRequest *request = domus_request_new (DOMUS_REQUEST_CREATE);

  request->path = g_variant_dup_string (parameter, NULL);
  start_operation (DOMUS_WINDOW (widget), request, _("Creating…"));
}

static void
cancel_operation_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  g_cancellable_cancel (DOMUS_WINDOW (widget)->operation);
}

/* Keep after reboot: the selected domain's settings into its xl config.
 * The file is read once and kept, so that an edit made on disk meanwhile
 * is noticed: then the settings go into the new version, if the user wants. */

static void
keep_write (DomusWindow   *self,
            DomusDomain   *domain,
            DomusXlConfig *config,
            gboolean       reread);

static void
keep_conflict_response_cb (AdwMessageDialog *dialog,
                           const char       *response,
                           DomusWindow      *self)
{
  DomusDomain *domain = g_object_get_data (G_OBJECT (dialog), "domus-domain");
  DomusXlConfig *config = g_object_get_data (G_OBJECT (dialog), "domus-config");

  if (g_strcmp0 (response, "update") == 0)
    keep_write (self, domain, config, TRUE);
}

static void
keep_write (DomusWindow   *self,
            DomusDomain   *domain,
            DomusXlConfig *config,
            gboolean       reread)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *basename = g_path_get_basename (domus_xl_config_get_path (config));
  g_autofree char *message = NULL;

  if (reread && !domus_xl_config_reload (config, &error))
    {
      show_error_dialog (self, _("Cannot Keep the Settings"), error->message);
      return;
    }

  domus_xl_config_set_domain_settings (config, domain);
  domus_xl_config_set_domain_pool (config, self->host, domain);
  if (domus_xl_config_save (config, NULL, FALSE, &error))
    {
      /* TRANSLATORS: a domain name, then a file name */
      message = g_strdup_printf (_("Settings of “%s” kept in %s"), domus_domain_get_name (domain), basename);
      _domus_window_toast (self, message);
      return;
    }

  if (g_error_matches (error, DOMUS_ERROR, DOMUS_ERROR_BUSY))
    {
      g_autofree char *heading = g_strdup_printf (_("“%s” Changed on Disk"), basename);
      GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                                  _("Someone edited the file since Domus read it. Write the "
                                                    "domain's settings into the new version, keeping those edits?"));

      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                        "cancel", _("_Cancel"),
                                        "update", _("_Write Into New Version"),
                                        NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "update",
                                                  ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      g_object_set_data_full (G_OBJECT (dialog), "domus-domain", g_object_ref (domain), g_object_unref);
      g_object_set_data_full (G_OBJECT (dialog), "domus-config", g_object_ref (config), g_object_unref);
      g_signal_connect_object (dialog, "response", G_CALLBACK (keep_conflict_response_cb), self, 0);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  show_error_dialog (self, _("Cannot Keep the Settings"), error->message);
}

static void
keep_settings_in (DomusWindow *self,
                  DomusDomain *domain,
                  const char  *path)
{
  DomusXlConfig *config = g_hash_table_lookup (self->configs, path);
  g_autoptr(GError) error = NULL;

  if (config == NULL)
    {
      /* Read now, before anything is written: a broken file is refused whole. */
      if (!(config = domus_xl_config_new_from_file (path, &error)))
        {
          show_error_dialog (self, _("Cannot Keep the Settings"), error->message);
          return;
        }
      g_hash_table_insert (self->configs, g_strdup (path), config);
    }

  domus_domain_set_config_path (domain, path);
  keep_write (self, domain, config, FALSE);
}

static void
keep_settings_in_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  DomusWindow *self = DOMUS_WINDOW (widget);
  DomusDomain *domain = selected (self);

  if (domain != NULL)
    keep_settings_in (self, domain, g_variant_get_string (parameter, NULL));
}

static void
choose_file (DomusWindow          *self,
             const char           *title,
             GtkFileChooserAction  mode,
             const char           *accept,
             const char           *action,
             const char           *suggested_name)
{
  domus_choose_file (GTK_WIDGET (self), title, mode, accept, action, suggested_name, NULL);
}

/* "win.save" and "win.save-checkpoint": a separate menu item for the
 * checkpoint rather than an option in the chooser, as its outcome (the
 * domain stays) deserves its own words in the menu. */
static void
save_cb (GtkWidget  *widget,
         const char *action_name,
         GVariant   *parameter)
{
  DomusWindow *self = DOMUS_WINDOW (widget);
  DomusDomain *domain = selected (self);
  gboolean checkpoint = g_str_equal (action_name, "win.save-checkpoint");
  g_autofree char *name = NULL;

  if (domain == NULL)
    return;
  name = g_strconcat (domus_domain_get_name (domain), checkpoint ? "-checkpoint.save" : ".save", NULL);
  choose_file (self, checkpoint ? _("Save Checkpoint") : _("Save Domain"), GTK_FILE_CHOOSER_ACTION_SAVE,
               _("_Save"), checkpoint ? "win.save-checkpoint-to" : "win.save-to", name);
}

static void
restore_cb (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  choose_file (DOMUS_WINDOW (widget), _("Restore Saved Domain"), GTK_FILE_CHOOSER_ACTION_OPEN,
               _("_Restore"), "win.restore-from", NULL);
}

static void
create_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  choose_file (DOMUS_WINDOW (widget), _("Create Domain from xl Config"), GTK_FILE_CHOOSER_ACTION_OPEN,
               _("_Create"), "win.create-from", NULL);
}

static void
keep_settings_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  DomusWindow *self = DOMUS_WINDOW (widget);
  DomusDomain *domain = selected (self);

  if (domain == NULL)
    return;
  if (domus_domain_get_config_path (domain) != NULL)
    keep_settings_in (self, domain, domus_domain_get_config_path (domain));
  else
    choose_file (self, _("Choose the Domain's xl Config"), GTK_FILE_CHOOSER_ACTION_OPEN,
                 _("_Keep Settings"), "win.keep-settings-in", NULL);
}

void
_domus_window_class_lifecycle_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.toggle-pause", NULL, toggle_pause_cb);
  gtk_widget_class_install_action (widget_class, "win.shutdown", NULL, shutdown_cb);
  gtk_widget_class_install_action (widget_class, "win.reboot", NULL, reboot_cb);
  gtk_widget_class_install_action (widget_class, "win.destroy", NULL, destroy_cb);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_cb);
  gtk_widget_class_install_action (widget_class, "win.save-to", "s", save_to_cb);
  gtk_widget_class_install_action (widget_class, "win.save-checkpoint", NULL, save_cb);
  gtk_widget_class_install_action (widget_class, "win.save-checkpoint-to", "s", save_to_cb);
  gtk_widget_class_install_action (widget_class, "win.restore", NULL, restore_cb);
  gtk_widget_class_install_action (widget_class, "win.restore-from", "s", restore_from_cb);
  gtk_widget_class_install_action (widget_class, "win.restore-as", "(ss)", restore_as_cb);
  gtk_widget_class_install_action (widget_class, "win.create", NULL, create_cb);
  gtk_widget_class_install_action (widget_class, "win.create-from", "s", create_from_cb);
  gtk_widget_class_install_action (widget_class, "win.cancel-operation", NULL, cancel_operation_cb);
  gtk_widget_class_install_action (widget_class, "win.keep-settings", NULL, keep_settings_cb);
  gtk_widget_class_install_action (widget_class, "win.keep-settings-in", "s", keep_settings_in_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "win.toggle-pause", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_H, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.shutdown", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_R, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.reboot", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "win.destroy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "win.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.restore", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.create", NULL);
}

void
_domus_window_lifecycle_init (DomusWindow *self)
{
  self->configs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->selected_signals = g_signal_group_new (DOMUS_TYPE_DOMAIN);
  g_signal_group_connect_object (self->selected_signals, "notify::state",
                                 G_CALLBACK (_domus_window_update_actions), self, G_CONNECT_SWAPPED);
  _domus_window_update_actions (self);
}
