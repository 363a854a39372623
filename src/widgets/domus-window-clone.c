/* domus-window-clone.c: cloning a domain, and reading the storage
 *
 * "win.clone" asks the new name, how many clones, each snapshot's size
 * and whether to create them, then runs domus_clone_async() (the lab's
 * recipe: snapshot or copy of each disk, a copy of the config with the
 * new name, disk, a fresh MAC and no UUID) with its progress in a dialog
 * that can cancel it. The storage is read every STORAGE_EVERY_US of the
 * host's clock, for the Storage page and the domain page's warning of a
 * nearly full snapshot.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-window"

#include "config.h"

#include <glib/gi18n.h>

#include "domus-clone.h"
#include "domus-error.h"
#include "domus-dialog-entry.h"
#include "domus-window-private.h"

#define STORAGE_EVERY_US (10 * G_USEC_PER_SEC)

static void
storage_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(DomusWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  domus_host_refresh_storage_finish (DOMUS_HOST (source), result, &error);
  self->storage_reading = FALSE;
  /* A backend that cannot read it is not asked every time. */
  if (g_error_matches (error, DOMUS_ERROR, DOMUS_ERROR_NOT_SUPPORTED) && DOMUS_HOST (source) == self->host)
    self->storage_read_us = G_MAXINT64 - STORAGE_EVERY_US;
  if (self->storage_page != NULL && DOMUS_HOST (source) == self->host)
    domus_storage_page_update (self->storage_page);
  domus_domain_page_update_storage (self->domain_page);
}

void
_domus_window_watch_storage (DomusWindow *self)
{
  gint64 now;

  if (self->host == NULL || self->storage_reading)
    return;
  now = domus_clock_get_now (domus_host_get_clock (self->host));
  if (self->storage_read_us != G_MININT64 && now - self->storage_read_us < STORAGE_EVERY_US)
    return;
  self->storage_read_us = now;
  self->storage_reading = TRUE;
  domus_host_refresh_storage_async (self->host, NULL, storage_read_cb, g_object_ref (self));
}

/* --- Clone ----------------------------------------------------------------- */

typedef struct
{
  DomusWindow      *window;
  GtkWidget        *dialog;     /* the progress, while it shows */
  GtkProgressBar   *bar;
  GCancellable     *cancellable;
  char             *source;
} CloneRun;

static void
clone_run_free (CloneRun *run)
{
  if (run->dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (run->dialog), (gpointer *) &run->dialog);
  g_clear_object (&run->window);
  g_clear_object (&run->cancellable);
  g_free (run->source);
  g_free (run);
}

static void
clone_progress_cb (const char *what,
                   double      fraction,
                   gpointer    data)
{
  CloneRun *run = data;

  if (run->dialog == NULL)
    return;
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (run->dialog), what);
  gtk_progress_bar_set_fraction (run->bar, fraction);
}

static void
cloned_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  CloneRun *run = user_data;
  g_autoptr(GPtrArray) written = NULL;
  g_autoptr(GError) error = NULL;

  written = domus_clone_finish (DOMUS_HOST (source), result, &error);
  if (run->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (run->dialog));
  if (written == NULL)
    {
      /* TRANSLATORS: a domain name, then why its clone failed */
      g_autofree char *message = g_strdup_printf (_("Cannot clone “%s”: %s"), run->source, error->message);

      _domus_window_toast (run->window, message);
    }
  else
    {
      g_autoptr(GString) files = g_string_new (NULL);
      g_autofree char *message = NULL;

      for (guint i = 0; i < written->len; i++)
        {
          g_autofree char *base = g_path_get_basename (g_ptr_array_index (written, i));

          g_string_append_printf (files, "%s%s", i > 0 ? ", " : "", base);
        }
      /* TRANSLATORS: a domain name, then the config files written: "clone1.cfg, clone2.cfg" */
      message = g_strdup_printf (_("Cloned “%s”: %s"), run->source, files->str);
      _domus_window_toast (run->window, message);
    }
  if (run->window->storage_page != NULL)
    domus_storage_page_update (run->window->storage_page);
  clone_run_free (run);
}

static void
progress_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      CloneRun         *run)
{
  g_cancellable_cancel (run->cancellable);
}

static void
start_clone (DomusWindow          *self,
             const DomusCloneSpec *spec)
{
  CloneRun *run = g_new0 (CloneRun, 1);
  g_autofree char *heading = NULL;

  run->window = g_object_ref (self);
  run->cancellable = g_cancellable_new ();
  run->source = g_strdup (spec->source);
  /* TRANSLATORS: %s is a domain name */
  heading = g_strdup_printf (_("Cloning “%s”"), spec->source);
  run->dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, NULL);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (run->dialog), "cancel", _("_Cancel"), NULL);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (run->dialog), "cancel");
  run->bar = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_widget_set_size_request (GTK_WIDGET (run->bar), 300, -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (run->dialog), GTK_WIDGET (run->bar));
  g_object_add_weak_pointer (G_OBJECT (run->dialog), (gpointer *) &run->dialog);
  g_signal_connect (run->dialog, "response", G_CALLBACK (progress_response_cb), run);
  gtk_window_present (GTK_WINDOW (run->dialog));
  domus_clone_async (self->host, spec, clone_progress_cb, run, run->cancellable, cloned_cb, run);
}

static void
clone_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   DomusWindow      *self)
{
  g_autofree char *name = domus_dialog_entry_dup_text (g_object_get_data (G_OBJECT (dialog), "domus-name"));
  g_autofree char *size = domus_dialog_entry_dup_text (g_object_get_data (G_OBJECT (dialog), "domus-size"));
  GtkSpinButton *count = g_object_get_data (G_OBJECT (dialog), "domus-count");
  GtkCheckButton *start = g_object_get_data (G_OBJECT (dialog), "domus-start");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;
  DomusCloneSpec spec = { 0 };

  if (g_strcmp0 (response, "clone") != 0 || self->host == NULL)
    return;
  if (size[0] != '\0' && !domus_storage_parse_size (size, &spec.snapshot_size, &error))
    {
      _domus_window_toast (self, error->message);
      return;
    }
  names = domus_clone_names (name, (guint) gtk_spin_button_get_value_as_int (count));
  spec.source = g_object_get_data (G_OBJECT (dialog), "domus-source");
  spec.names = (const char * const *) names;
  spec.start = gtk_check_button_get_active (start);
  start_clone (self, &spec);
}

static void
clone_cb (GtkWidget  *widget,
          const char *action_name,
          GVariant   *parameter)
{
  DomusWindow *self = DOMUS_WINDOW (widget);
  DomusDomain *domain = _domus_window_get_selected (self);
  g_autofree char *heading = NULL;
  GtkWidget *dialog, *box, *name, *count_box, *count, *size, *start;

  if (domain == NULL)
    return;
  /* TRANSLATORS: %s is a domain name */
  heading = g_strdup_printf (_("Clone “%s”"), domus_domain_get_name (domain));
  dialog = domus_dialog_new_asking (widget, heading,
                                    _("Each clone gets an LVM snapshot of the domain’s disk (or a copy of its image "
                                      "file) and a copy of its xl config with the new name, the clone’s disk, a fresh "
                                      "MAC and no UUID. Several clones are named NAME1, NAME2, …"),
                                    "clone", _("C_lone"), ADW_RESPONSE_SUGGESTED);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  name = domus_dialog_entry_new (ADW_MESSAGE_DIALOG (dialog), "clone", _("New name, such as clone"));
  gtk_editable_set_text (GTK_EDITABLE (name), "clone");
  gtk_accessible_update_property (GTK_ACCESSIBLE (name), GTK_ACCESSIBLE_PROPERTY_LABEL, _("New name"), -1);
  count_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (count_box), gtk_label_new (_("Clones")));
  count = gtk_spin_button_new_with_range (1, 16, 1);
  gtk_widget_set_hexpand (count, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (count), GTK_ACCESSIBLE_PROPERTY_LABEL, _("How many clones"), -1);
  gtk_box_append (GTK_BOX (count_box), count);
  size = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (size), _("Snapshot size (default: 20 percent of the disk)"));
  gtk_entry_set_activates_default (GTK_ENTRY (size), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (size), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Snapshot size"), -1);
  start = gtk_check_button_new_with_mnemonic (_("_Start each clone"));
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), count_box);
  gtk_box_append (GTK_BOX (box), size);
  gtk_box_append (GTK_BOX (box), start);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  g_object_set_data (G_OBJECT (dialog), "domus-name", name);
  g_object_set_data (G_OBJECT (dialog), "domus-count", count);
  g_object_set_data (G_OBJECT (dialog), "domus-size", size);
  g_object_set_data (G_OBJECT (dialog), "domus-start", start);
  g_object_set_data_full (G_OBJECT (dialog), "domus-source", g_strdup (domus_domain_get_name (domain)), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (clone_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_domus_window_class_clone_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.clone", NULL, clone_cb);
}
