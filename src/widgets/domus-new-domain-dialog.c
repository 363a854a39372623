/* domus-new-domain-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-new-domain-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "domus-file-chooser.h"
#include "domus-hvm-create.h"
#include "domus-new-domain-dialog.h"
#include "xlcfg/domus-xl-hvm.h"

#define GIB (G_GUINT64_CONSTANT (1) << 30)

enum { DISK_NEW_IMAGE, DISK_DEVICE };

struct _DomusNewDomainDialog
{
  AdwWindow        parent_instance;

  /* Template widgets */
  AdwWindowTitle  *window_title;
  GtkButton       *cancel_button;
  GtkButton       *back_button;
  GtkButton       *review_button;
  GtkButton       *create_button;
  GtkStack        *stack;
  AdwEntryRow     *name_row;
  GtkSpinButton   *memory_spin;
  GtkSpinButton   *vcpus_spin;
  AdwComboRow     *disk_kind_row;
  AdwEntryRow     *disk_path_row;
  AdwActionRow    *disk_size_row;
  GtkSpinButton   *disk_size_spin;
  AdwEntryRow     *iso_row;
  AdwEntryRow     *bridge_row;
  GtkSwitch       *vnc_switch;
  AdwEntryRow     *folder_row;
  GtkLabel        *problem_label;
  GtkLabel        *review_label;
  GtkTextView     *config_view;
  GtkLabel        *status_label;
  GtkProgressBar  *progress_bar;

  /* Owned references */
  DomusHost       *host;
  GCancellable    *operation;      /* the create under way (domus-hvm-create.h) */
  char            *problem;
  GtkWidget       *problem_row;
  guint            pulse_id;
  guint            syncing;
  gboolean         disk_path_edited;  /* typed by the user: the name no longer fills it */
};

enum {
  CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DomusNewDomainDialog, domus_new_domain_dialog, ADW_TYPE_WINDOW)

static const char *
text_of (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static char *
stripped (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (text_of (row)));
}

static gboolean
new_image (DomusNewDomainDialog *self)
{
  return adw_combo_row_get_selected (self->disk_kind_row) == DISK_NEW_IMAGE;
}

static char *
default_image_path (const char *name)
{
  g_autofree char *file = g_strconcat (name, ".img", NULL);

  return g_build_filename (g_get_user_data_dir (), "domus", "images", file, NULL);
}

static char *
config_path (DomusNewDomainDialog *self)
{
  g_autofree char *name = stripped (self->name_row);
  g_autofree char *folder = stripped (self->folder_row);
  g_autofree char *file = g_strconcat (name, ".cfg", NULL);

  return g_build_filename (folder, file, NULL);
}

/* What the form says, as the core takes it; the strings are the caller's to free. */
static void
read_spec (DomusNewDomainDialog *self,
           DomusHvmSpec         *spec,
           GStrv                *strings)
{
  char *name = stripped (self->name_row);
  char *disk = stripped (self->disk_path_row);
  char *iso = stripped (self->iso_row);
  char *bridge = stripped (self->bridge_row);

  spec->name = name;
  spec->memory_mib = (guint64) gtk_spin_button_get_value_as_int (self->memory_spin);
  spec->vcpus = (guint) gtk_spin_button_get_value_as_int (self->vcpus_spin);
  spec->disk = disk;
  spec->disk_is_file = new_image (self);
  spec->iso = iso[0] != '\0' ? iso : NULL;
  spec->bridge = bridge[0] != '\0' ? bridge : NULL;
  spec->vnc = gtk_switch_get_active (self->vnc_switch);

  *strings = g_new0 (char *, 5);
  (*strings)[0] = name;
  (*strings)[1] = disk;
  (*strings)[2] = iso;
  (*strings)[3] = bridge;
}

/* The first problem, and the row it is about. */
static char *
find_problem (DomusNewDomainDialog  *self,
              GtkWidget            **row)
{
  DomusHvmSpec spec = { 0 };
  g_auto(GStrv) strings = NULL;
  g_autofree char *folder = stripped (self->folder_row);
  g_autoptr(GError) error = NULL;

  read_spec (self, &spec, &strings);

  *row = GTK_WIDGET (self->name_row);
  if (spec.name[0] == '\0')
    return g_strdup (_("Give the domain a name"));
  if (self->host != NULL && domus_host_lookup_domain_by_name (self->host, spec.name) != NULL)
    /* TRANSLATORS: %s is a domain name */
    return g_strdup_printf (_("A domain named “%s” already exists"), spec.name);

  *row = GTK_WIDGET (self->iso_row);
  if (spec.iso == NULL)
    return g_strdup (_("Choose the installer ISO"));
  if (g_path_is_absolute (spec.iso) && !g_file_test (spec.iso, G_FILE_TEST_IS_REGULAR))
    /* TRANSLATORS: %s is a path */
    return g_strdup_printf (_("The installer ISO %s does not exist or is not a file"), spec.iso);

  *row = GTK_WIDGET (self->disk_path_row);
  if (spec.disk_is_file)
    {
      if (gtk_spin_button_get_value_as_int (self->disk_size_spin) < 1)
        {
          *row = GTK_WIDGET (self->disk_size_row);
          return g_strdup (_("The new disk image needs a size of at least 1 GiB"));
        }
      if (g_path_is_absolute (spec.disk) && g_file_test (spec.disk, G_FILE_TEST_EXISTS))
        /* TRANSLATORS: %s is a path */
        return g_strdup_printf (_("%s already exists: choose another path for the new image"), spec.disk);
    }
  else
    {
      if (spec.disk[0] == '\0')
        return g_strdup (_("Give the path of the block device or LV to install to"));
      if (g_path_is_absolute (spec.disk) && !g_file_test (spec.disk, G_FILE_TEST_EXISTS))
        /* TRANSLATORS: %s is a path */
        return g_strdup_printf (_("%s does not exist"), spec.disk);
    }

  *row = GTK_WIDGET (self->folder_row);
  if (!g_path_is_absolute (folder))
    return g_strdup (_("The folder for the config file must be a full path, starting with “/”"));

  if (!domus_hvm_spec_check (&spec, &error))
    {
      /* Which row: the one whose value, set right, makes the check pass. */
      DomusHvmSpec without_bridge = spec, other_name = spec;

      without_bridge.bridge = NULL;
      other_name.name = "x";
      if (domus_hvm_spec_check (&without_bridge, NULL))
        *row = GTK_WIDGET (self->bridge_row);
      else if (domus_hvm_spec_check (&other_name, NULL))
        *row = GTK_WIDGET (self->name_row);
      else
        *row = NULL;
      return g_strdup (error->message);
    }
  *row = NULL;
  return NULL;
}

static void
validate_cb (DomusNewDomainDialog *self)
{
  GtkWidget *row = NULL;

  if (self->problem_row != NULL)
    gtk_widget_remove_css_class (self->problem_row, "error");
  g_free (self->problem);
  self->problem = find_problem (self, &row);
  self->problem_row = row;
  if (row != NULL)
    gtk_widget_add_css_class (row, "error");
  gtk_label_set_label (self->problem_label, self->problem);
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), self->problem != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "new-domain.review", self->problem == NULL);
}

/* The image path follows the name until the user types one. */
static void
fill_image_path (DomusNewDomainDialog *self)
{
  g_autofree char *name = stripped (self->name_row);
  g_autofree char *path = NULL;

  if (self->disk_path_edited)
    return;
  if (new_image (self) && name[0] != '\0')
    path = default_image_path (name);
  self->syncing++;
  gtk_editable_set_text (GTK_EDITABLE (self->disk_path_row), path != NULL ? path : "");
  self->syncing--;
}

static void
name_changed_cb (DomusNewDomainDialog *self)
{
  fill_image_path (self);
  validate_cb (self);
}

static void
disk_path_changed_cb (DomusNewDomainDialog *self)
{
  if (self->syncing == 0)
    self->disk_path_edited = text_of (self->disk_path_row)[0] != '\0';
  validate_cb (self);
}

static void
disk_kind_changed_cb (DomusNewDomainDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->disk_size_row), new_image (self));
  fill_image_path (self);
  validate_cb (self);
}

/* Steps */

static void
set_busy (DomusNewDomainDialog *self,
          gboolean              busy)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "new-domain.create", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "new-domain.back", !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), busy);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  if (!busy)
    {
      g_clear_handle_id (&self->pulse_id, g_source_remove);
      g_clear_object (&self->operation);
    }
}

static void
show_status (DomusNewDomainDialog *self,
             const char           *text,
             gboolean              error)
{
  gtk_label_set_label (self->status_label, text);
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
}

static void
fail (DomusNewDomainDialog *self,
      const GError         *error)
{
  set_busy (self, FALSE);
  show_status (self, g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                     ? _("Cancelled: nothing was created") : error->message,
               TRUE);
}

static void
show_creating (DomusNewDomainDialog *self)
{
  g_autofree char *name = stripped (self->name_row);
  /* TRANSLATORS: %s is a domain name */
  g_autofree char *status = g_strdup_printf (_("Creating “%s”…"), name);

  show_status (self, status, FALSE);
}

static gboolean
pulse_cb (gpointer data)
{
  gtk_progress_bar_pulse (GTK_PROGRESS_BAR (data));
  return G_SOURCE_CONTINUE;
}

/* The image pulses (its size is written at once, but a slow disk takes a
 * while); the create has its fraction. */
static void
progress_cb (DomusHvmCreateStep  step,
             double              fraction,
             gpointer            data)
{
  DomusNewDomainDialog *self = data;

  if (step == DOMUS_HVM_CREATE_IMAGE)
    {
      show_status (self, _("Creating the disk image…"), FALSE);
      if (self->pulse_id == 0)
        self->pulse_id = g_timeout_add (100, pulse_cb, self->progress_bar);
      return;
    }
  if (self->pulse_id != 0)
    {
      g_clear_handle_id (&self->pulse_id, g_source_remove);
      show_creating (self);
    }
  gtk_progress_bar_set_fraction (self->progress_bar, MAX (fraction, 0));
}

static void
create_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(DomusNewDomainDialog) self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = config_path (self);
  gint64 domid = domus_hvm_create_finish (DOMUS_HOST (source), result, &error);

  if (domid < 0)
    {
      fail (self, error);
      return;
    }
  set_busy (self, FALSE);
  g_signal_emit (self, signals[CREATED], 0, (guint) domid, path);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
start_create (DomusNewDomainDialog *self)
{
  g_autofree char *path = config_path (self);
  g_autofree char *text = domus_new_domain_dialog_get_config_text (self);
  g_autofree char *image = new_image (self) ? stripped (self->disk_path_row) : NULL;
  guint64 size = (guint64) gtk_spin_button_get_value_as_int (self->disk_size_spin) * GIB;

  g_return_if_fail (self->operation == NULL);

  self->operation = g_cancellable_new ();
  set_busy (self, TRUE);
  show_creating (self);
  domus_hvm_create_async (self->host, path, text, image, size, progress_cb, self, self->operation,
                          create_done_cb, g_object_ref (self));
}

static void
replace_response_cb (AdwMessageDialog     *dialog,
                     const char           *response,
                     DomusNewDomainDialog *self)
{
  if (g_strcmp0 (response, "replace") == 0)
    start_create (self);
}

static void
create_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DomusNewDomainDialog *self = DOMUS_NEW_DOMAIN_DIALOG (widget);
  g_autofree char *path = config_path (self);
  g_autofree char *basename = g_path_get_basename (path);
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  if (self->operation != NULL)
    return;
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      start_create (self);
      return;
    }

  /* TRANSLATORS: %s is a file name */
  heading = g_strdup_printf (_("Replace “%s”?"), basename);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                   _("A config file of that name is already in the folder. Replacing "
                                     "it keeps the old one as a .bak file next to it."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "replace", _("_Replace"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "replace",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (replace_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_page (DomusNewDomainDialog *self,
           gboolean              review)
{
  gtk_stack_set_visible_child_name (self->stack, review ? "review" : "form");
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), !review);
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), review);
  gtk_widget_set_visible (GTK_WIDGET (self->review_button), !review);
  gtk_widget_set_visible (GTK_WIDGET (self->create_button), review);
  adw_window_title_set_subtitle (self->window_title, review ? _("Review") : NULL);
}

static void
review_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DomusNewDomainDialog *self = DOMUS_NEW_DOMAIN_DIALOG (widget);
  DomusHvmSpec spec = { 0 };
  g_auto(GStrv) strings = NULL;
  g_autofree char *text = NULL;
  g_autofree char *path = config_path (self);
  g_autofree char *intro = NULL;
  g_autoptr(GError) error = NULL;

  validate_cb (self);
  if (self->problem != NULL)
    return;

  read_spec (self, &spec, &strings);
  text = domus_hvm_spec_to_config (&spec, &error);
  g_return_if_fail (text != NULL);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->config_view), text, -1);

  if (spec.disk_is_file)
    /* TRANSLATORS: a size in GiB, a path, then the config file's path */
    intro = g_strdup_printf (_("Domus makes a %d GiB disk image at %s, writes this config to %s "
                               "and starts the domain from its installer ISO:"),
                             gtk_spin_button_get_value_as_int (self->disk_size_spin), spec.disk, path);
  else
    /* TRANSLATORS: the config file's path */
    intro = g_strdup_printf (_("Domus writes this config to %s and starts the domain from its "
                               "installer ISO:"), path);
  gtk_label_set_label (self->review_label, intro);
  show_status (self, NULL, FALSE);
  show_page (self, TRUE);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  show_page (DOMUS_NEW_DOMAIN_DIALOG (widget), FALSE);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DomusNewDomainDialog *self = DOMUS_NEW_DOMAIN_DIALOG (widget);

  if (self->operation != NULL)
    g_cancellable_cancel (self->operation);
  else
    gtk_window_close (GTK_WINDOW (self));
}

static void
set_iso_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  gtk_editable_set_text (GTK_EDITABLE (DOMUS_NEW_DOMAIN_DIALOG (widget)->iso_row),
                         g_variant_get_string (parameter, NULL));
}

static void
set_folder_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  gtk_editable_set_text (GTK_EDITABLE (DOMUS_NEW_DOMAIN_DIALOG (widget)->folder_row),
                         g_variant_get_string (parameter, NULL));
}

static void
choose_iso_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("ISO images"));
  gtk_file_filter_add_pattern (filter, "*.iso");
  gtk_file_filter_add_pattern (filter, "*.ISO");
  domus_choose_file (widget, _("Choose the Installer ISO"), GTK_FILE_CHOOSER_ACTION_OPEN, _("_Select"),
                     "new-domain.set-iso", NULL, filter);
  g_object_unref (filter);
}

static void
choose_folder_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  domus_choose_file (widget, _("Choose the Folder for the Config File"), GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                     _("_Select"), "new-domain.set-folder", NULL, NULL);
}

/* Public */

const char *
domus_new_domain_dialog_get_problem (DomusNewDomainDialog *self)
{
  g_return_val_if_fail (DOMUS_IS_NEW_DOMAIN_DIALOG (self), NULL);

  return self->problem;
}

char *
domus_new_domain_dialog_get_config_text (DomusNewDomainDialog *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (DOMUS_IS_NEW_DOMAIN_DIALOG (self), NULL);

  buffer = gtk_text_view_get_buffer (self->config_view);
  if (gtk_text_buffer_get_char_count (buffer) == 0)
    return NULL;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

DomusNewDomainDialog *
domus_new_domain_dialog_new (GtkWindow *parent,
                             DomusHost *host)
{
  DomusNewDomainDialog *self;

  g_return_val_if_fail (DOMUS_IS_HOST (host), NULL);

  self = g_object_new (DOMUS_TYPE_NEW_DOMAIN_DIALOG, "transient-for", parent, NULL);
  self->host = g_object_ref (host);
  validate_cb (self);
  return self;
}

/* GObject */

static gboolean
domus_new_domain_dialog_close_request (GtkWindow *window)
{
  DomusNewDomainDialog *self = DOMUS_NEW_DOMAIN_DIALOG (window);

  /* Closing while creating cancels; what was made is removed. */
  g_cancellable_cancel (self->operation);
  return GTK_WINDOW_CLASS (domus_new_domain_dialog_parent_class)->close_request (window);
}

static void
domus_new_domain_dialog_dispose (GObject *object)
{
  DomusNewDomainDialog *self = DOMUS_NEW_DOMAIN_DIALOG (object);

  g_clear_handle_id (&self->pulse_id, g_source_remove);
  g_cancellable_cancel (self->operation);
  g_clear_object (&self->operation);
  gtk_widget_dispose_template (GTK_WIDGET (self), DOMUS_TYPE_NEW_DOMAIN_DIALOG);
  g_clear_object (&self->host);
  g_clear_pointer (&self->problem, g_free);

  G_OBJECT_CLASS (domus_new_domain_dialog_parent_class)->dispose (object);
}

static void
domus_new_domain_dialog_class_init (DomusNewDomainDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = domus_new_domain_dialog_dispose;
  window_class->close_request = domus_new_domain_dialog_close_request;

  /* The new domain's id and its config file. */
  signals[CREATED] = g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/domus/Domus/ui/domus-new-domain-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DomusNewDomainDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, DomusNewDomainDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, DomusNewDomainDialog, back_button);
  gtk_widget_class_bind_template_child (widget_class, DomusNewDomainDialog, review_button);
  gtk_widget_class_bind_template_child (widget_class, DomusNewDomainDialog, create_button);
  gtk_widget_class_bind_template_child (widget_class, DomusNewDomainDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, DomusNewDomainDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, DomusNewDomainDialog, memory_spin);
  gtk_widget_class_bind_template_child (widget_class, DomusNewDomainDialog, vcpus_spin);
  gtk_widget_class_bind_template_child (widget_class, DomusNewDomainDialog, disk_kind_row);
  gtk_widget_class_bind_template_child (widget_class, DomusNewDomainDialog, disk_path_row);
  gtk_widget_class_bind_template_child (widget_class, DomusNewDomainDialog, disk_size_row);
  gtk_widget_class_bind_template_child (widget_class, DomusNewDomainDialog, disk_size_spin);
  gtk_widget_class_bind_template_child (widget_class, DomusNewDomainDialog, iso_row);
  gtk_widget_class_bind_template_child (widget_class, DomusNewDomainDialog, bridge_row);
  gtk_widget_class_bind_template_child (widget_class, DomusNewDomainDialog, vnc_switch);
  gtk_widget_class_bind_template_child (widget_class, DomusNewDomainDialog, folder_row);
  gtk_widget_class_bind_template_child (widget_class, DomusNewDomainDialog, problem_label);
  gtk_widget_class_bind_template_child (widget_class, DomusNewDomainDialog, review_label);
  gtk_widget_class_bind_template_child (widget_class, DomusNewDomainDialog, config_view);
  gtk_widget_class_bind_template_child (widget_class, DomusNewDomainDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, DomusNewDomainDialog, progress_bar);
  gtk_widget_class_bind_template_callback (widget_class, validate_cb);
  gtk_widget_class_bind_template_callback (widget_class, name_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, disk_path_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, disk_kind_changed_cb);

  gtk_widget_class_install_action (widget_class, "new-domain.review", NULL, review_action);
  gtk_widget_class_install_action (widget_class, "new-domain.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "new-domain.create", NULL, create_action);
  gtk_widget_class_install_action (widget_class, "new-domain.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "new-domain.choose-iso", NULL, choose_iso_action);
  gtk_widget_class_install_action (widget_class, "new-domain.set-iso", "s", set_iso_action);
  gtk_widget_class_install_action (widget_class, "new-domain.choose-folder", NULL, choose_folder_action);
  gtk_widget_class_install_action (widget_class, "new-domain.set-folder", "s", set_folder_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "new-domain.cancel", NULL);
}

static void
domus_new_domain_dialog_init (DomusNewDomainDialog *self)
{
  g_autofree char *folder = g_build_filename (g_get_user_data_dir (), "domus", "domains", NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_editable_set_text (GTK_EDITABLE (self->folder_row), folder);
  show_page (self, FALSE);
}
