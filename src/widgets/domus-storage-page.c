/* domus-storage-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-storage-page"

#include "config.h"

#include <glib/gi18n.h>

#include "domus-dialog-entry.h"
#include "domus-storage-page.h"
#include "domus-toast.h"

struct _DomusStoragePage
{
  GtkWidget            parent_instance;

  /* Template widgets */
  GtkStack            *stack;
  AdwStatusPage       *error_status;
  AdwPreferencesPage  *preferences;
  AdwPreferencesGroup *summary_group;

  /* Owned references */
  DomusHost           *host;
  GCancellable        *cancellable;
  GSettings           *settings;
  GPtrArray           *groups;      /* the VG groups and the images' added, to remove them */
  char                *signature;   /* what they show, to build them again only on a change */
  guint                reading;     /* reads under way: the storage's, the images' */
  gboolean             images_read; /* the images were read, or failed, once for this host */
};

G_DEFINE_FINAL_TYPE (DomusStoragePage, domus_storage_page, GTK_TYPE_WIDGET)

static char *
format_size (guint64 bytes)
{
  return g_format_size_full (bytes, G_FORMAT_SIZE_IEC_UNITS);
}

/* Everything the groups show. */
static char *
signature (DomusHost *host)
{
  GListModel *groups = domus_host_get_volume_groups (host);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (groups); i++)
    {
      g_autoptr(DomusVolumeGroup) vg = g_list_model_get_item (groups, i);
      GListModel *volumes = domus_volume_group_get_volumes (vg);

      g_string_append_printf (text, "%s:%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT ";", domus_volume_group_get_name (vg),
                              domus_volume_group_get_size (vg), domus_volume_group_get_free (vg));
      for (guint j = 0; j < g_list_model_get_n_items (volumes); j++)
        {
          g_autoptr(DomusLogicalVolume) lv = g_list_model_get_item (volumes, j);

          g_string_append_printf (text, "%s:%" G_GUINT64_FORMAT ":%s:%.2f:%s;", domus_logical_volume_get_name (lv),
                                  domus_logical_volume_get_size (lv), domus_logical_volume_get_origin (lv),
                                  domus_logical_volume_get_data_percent (lv), domus_logical_volume_get_used_by (lv));
        }
    }
  g_string_append_printf (text, "|%s|%s|%s|", domus_host_get_image_folder (host),
                          domus_host_get_storage_error (host) != NULL ? domus_host_get_storage_error (host)->message : "",
                          domus_host_get_images_error (host) != NULL ? domus_host_get_images_error (host)->message : "");
  for (guint i = 0; i < g_list_model_get_n_items (domus_host_get_images (host)); i++)
    {
      g_autoptr(DomusImageFile) image = g_list_model_get_item (domus_host_get_images (host), i);

      g_string_append_printf (text, "%s:%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT ":%d:%s;",
                              domus_image_file_get_path (image), domus_image_file_get_size (image),
                              domus_image_file_get_allocated (image), domus_image_file_get_format (image),
                              domus_image_file_get_used_by (image));
    }
  return g_string_free (text, FALSE);
}

static void
remove_clicked_cb (GtkButton        *button,
                   DomusStoragePage *self)
{
  DomusLogicalVolume *lv = g_object_get_data (G_OBJECT (button), "domus-volume");

  gtk_widget_activate_action (GTK_WIDGET (self), "storage.remove-volume", "(ss)",
                              domus_logical_volume_get_vg_name (lv), domus_logical_volume_get_name (lv));
}

static GtkWidget *
volume_row (DomusStoragePage   *self,
            DomusLogicalVolume *lv)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  g_autofree char *size = format_size (domus_logical_volume_get_size (lv));
  g_autoptr(GString) subtitle = g_string_new (size);
  const char *user = domus_logical_volume_get_used_by (lv);
  g_autofree char *tooltip = NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), domus_logical_volume_get_name (lv));
  if (domus_logical_volume_is_snapshot (lv))
    {
      double percent = domus_logical_volume_get_data_percent (lv);
      GtkWidget *level = gtk_level_bar_new_for_interval (0, 100);
      g_autofree char *level_text = NULL;

      /* TRANSLATORS: after the LV's size: the LV it is a snapshot of */
      g_string_append_printf (subtitle, _(" · snapshot of %s"), domus_logical_volume_get_origin (lv));
      /* TRANSLATORS: how full a snapshot is, as lvs's Data% column */
      level_text = g_strdup_printf (_("%.2f %% used"), percent);
      g_string_append_printf (subtitle, " · %s", level_text);
      gtk_level_bar_set_value (GTK_LEVEL_BAR (level), percent);
      /* A level takes the style of the first offset at or above it: here
       * the fuller, the worse (libadwaita's "high" is green, "low" orange). */
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (level), GTK_LEVEL_BAR_OFFSET_LOW);
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (level), GTK_LEVEL_BAR_OFFSET_HIGH);
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (level), GTK_LEVEL_BAR_OFFSET_FULL);
      gtk_level_bar_add_offset_value (GTK_LEVEL_BAR (level), GTK_LEVEL_BAR_OFFSET_HIGH, 60);
      gtk_level_bar_add_offset_value (GTK_LEVEL_BAR (level), GTK_LEVEL_BAR_OFFSET_LOW, DOMUS_SNAPSHOT_WARN_PERCENT - 0.001);
      gtk_level_bar_add_offset_value (GTK_LEVEL_BAR (level), "domus-near-full", 100);
      gtk_widget_set_size_request (level, 120, -1);
      gtk_widget_set_valign (level, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (level), GTK_ACCESSIBLE_PROPERTY_LABEL, level_text, -1);
      if (domus_logical_volume_is_near_full (lv))
        {
          GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

          gtk_widget_add_css_class (row, "domus-near-full");
          gtk_widget_add_css_class (icon, "warning");
          gtk_widget_set_tooltip_text (icon, _("Nearly full: LVM invalidates a full snapshot, and the domain on it loses its disk"));
          adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
        }
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), level);
    }
  if (user != NULL)
    /* TRANSLATORS: after the LV's size: the domain whose disk it is */
    g_string_append_printf (subtitle, _(" · used by %s"), user);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);

  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  /* TRANSLATORS: %s is an LV, vol1/clone1 */
  tooltip = user != NULL ? g_strdup_printf (_("Remove %s/%s (in use by %s: it will be refused)"),
                                            domus_logical_volume_get_vg_name (lv), domus_logical_volume_get_name (lv), user)
                         : g_strdup_printf (_("Remove %s/%s"), domus_logical_volume_get_vg_name (lv),
                                            domus_logical_volume_get_name (lv));
  gtk_widget_set_tooltip_text (remove, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  g_object_set_data_full (G_OBJECT (remove), "domus-volume", g_object_ref (lv), g_object_unref);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  return row;
}

/* The folder of images of this page's host: its own, or the default. */
static char *
image_folder (DomusStoragePage *self)
{
  g_autoptr(GVariant) folders = g_settings_get_value (self->settings, "image-folders");
  const char *hostname = domus_host_get_hostname (self->host);
  const char *folder = NULL;

  if (hostname != NULL && g_variant_lookup (folders, hostname, "&s", &folder) && g_path_is_absolute (folder))
    return g_strdup (folder);
  return g_settings_get_string (self->settings, "image-folder");
}

static GtkWidget *
image_row (DomusImageFile *image)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  g_autofree char *tooltip = NULL;
  g_autofree char *size = format_size (domus_image_file_get_size (image));
  g_autofree char *allocated = format_size (domus_image_file_get_allocated (image));
  const char *user = domus_image_file_get_used_by (image);
  g_autoptr(GString) subtitle = g_string_new (NULL);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), domus_image_file_get_name (image));
  /* TRANSLATORS: an image file's format (raw, qcow2, iso), its apparent size, and what it takes on disk */
  g_string_printf (subtitle, _("%s · %s, %s on disk"),
                   domus_image_format_to_string (domus_image_file_get_format (image)), size, allocated);
  if (user != NULL)
    /* TRANSLATORS: after the image's sizes: the domain whose disk it is */
    g_string_append_printf (subtitle, _(" · used by %s"), user);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  gtk_widget_set_tooltip_text (row, domus_image_file_get_path (image));

  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  /* TRANSLATORS: %s is an image file's path on the host */
  tooltip = user != NULL ? g_strdup_printf (_("Remove %s (in use by %s: it will be refused)"),
                                            domus_image_file_get_path (image), user)
                         : g_strdup_printf (_("Remove %s"), domus_image_file_get_path (image));
  gtk_widget_set_tooltip_text (remove, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "storage.remove-image");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "s", domus_image_file_get_path (image));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  return row;
}

static AdwPreferencesGroup *
images_group (DomusStoragePage *self)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  GListModel *images = domus_host_get_images (self->host);
  const GError *error = domus_host_get_images_error (self->host);
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Folder…"));
  g_autofree char *folder = image_folder (self);

  adw_preferences_group_set_title (group, _("Image Files"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("Choose the folder of disk images on this host"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "storage.image-folder");
  adw_preferences_group_set_header_suffix (group, button);
  if (error != NULL)
    {
      adw_preferences_group_set_description (group, error->message);
      return group;
    }
  {
    /* TRANSLATORS: %s is a folder on the host, /xen */
    g_autofree char *description = g_strdup_printf (_("In %s and the folders below it. The format is read from each file’s header; a sparse file takes less on disk than its size."),
                                                    domus_host_get_image_folder (self->host) != NULL
                                                    ? domus_host_get_image_folder (self->host) : folder);

    adw_preferences_group_set_description (group, description);
  }
  for (guint i = 0; i < g_list_model_get_n_items (images); i++)
    {
      g_autoptr(DomusImageFile) image = g_list_model_get_item (images, i);

      adw_preferences_group_add (group, image_row (image));
    }
  if (g_list_model_get_n_items (images) == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No image files"));
      adw_preferences_group_add (group, row);
    }
  return group;
}

static void
rebuild (DomusStoragePage *self)
{
  g_autofree char *now = NULL;
  GListModel *groups;

  if (self->host == NULL)
    return;
  now = signature (self->host);
  if (g_strcmp0 (now, self->signature) == 0)
    return;
  g_free (self->signature);
  self->signature = g_steal_pointer (&now);

  for (guint i = 0; i < self->groups->len; i++)
    adw_preferences_page_remove (self->preferences, g_ptr_array_index (self->groups, i));
  g_ptr_array_set_size (self->groups, 0);

  groups = domus_host_get_volume_groups (self->host);
  for (guint i = 0; i < g_list_model_get_n_items (groups); i++)
    {
      g_autoptr(DomusVolumeGroup) vg = g_list_model_get_item (groups, i);
      GListModel *volumes = domus_volume_group_get_volumes (vg);
      AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
      g_autofree char *size = format_size (domus_volume_group_get_size (vg));
      g_autofree char *free = format_size (domus_volume_group_get_free (vg));
      g_autofree char *title = NULL;
      g_autofree char *description = NULL;

      /* TRANSLATORS: a volume group's name */
      title = g_strdup_printf (_("Volume Group %s"), domus_volume_group_get_name (vg));
      /* TRANSLATORS: a VG's size and free space, "60.0 GiB, 28.0 GiB free" */
      description = g_strdup_printf (_("%s, %s free"), size, free);
      adw_preferences_group_set_title (group, title);
      adw_preferences_group_set_description (group, description);
      for (guint j = 0; j < g_list_model_get_n_items (volumes); j++)
        {
          g_autoptr(DomusLogicalVolume) lv = g_list_model_get_item (volumes, j);

          adw_preferences_group_add (group, volume_row (self, lv));
        }
      if (g_list_model_get_n_items (volumes) == 0)
        {
          GtkWidget *row = adw_action_row_new ();

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No logical volumes"));
          adw_preferences_group_add (group, row);
        }
      adw_preferences_page_add (self->preferences, group);
      g_ptr_array_add (self->groups, group);
    }
  if (self->images_read)
    {
      AdwPreferencesGroup *group = images_group (self);

      adw_preferences_page_add (self->preferences, group);
      g_ptr_array_add (self->groups, group);
    }
  if (domus_host_get_storage_error (self->host) != NULL)
    adw_preferences_group_set_description (self->summary_group, domus_host_get_storage_error (self->host)->message);
  else if (g_list_model_get_n_items (groups) == 0)
    adw_preferences_group_set_description (self->summary_group,
                                           _("This host has no LVM volume groups (vgcreate makes one)."));
  else
    adw_preferences_group_set_description (self->summary_group,
                                           _("Volume groups and their logical volumes. A snapshot is invalidated by LVM when full: those 80 percent full or more are flagged."));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "storage.new-volume", g_list_model_get_n_items (groups) > 0);
}

static void
show_state (DomusStoragePage *self)
{
  const GError *error = self->host != NULL ? domus_host_get_storage_error (self->host) : NULL;

  if (self->reading > 0 && self->signature == NULL)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  /* The page's error only when neither LVM nor the image folder could be
   * read: a host without LVM may still keep images. */
  else if (error != NULL && (domus_host_get_images_error (self->host) != NULL || !self->images_read))
    {
      adw_status_page_set_description (self->error_status, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
    }
  else if (self->signature != NULL)
    gtk_stack_set_visible_child_name (self->stack, "volumes");
  else
    gtk_stack_set_visible_child_name (self->stack, "loading");
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(DomusStoragePage) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean images = g_async_result_is_tagged (result, domus_host_refresh_images_async);

  if (images)
    domus_host_refresh_images_finish (DOMUS_HOST (source), result, &error);
  else
    domus_host_refresh_storage_finish (DOMUS_HOST (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (DOMUS_HOST (source) != self->host)
    return;
  self->images_read |= images;
  if (--self->reading > 0)
    return;
  rebuild (self);
  show_state (self);
}

/* Reads the LVM storage and the image folder; the page shows both once
 * both are read. */
static void
read_storage (DomusStoragePage *self)
{
  g_autofree char *folder = NULL;

  if (self->host == NULL || self->reading > 0)
    return;
  folder = image_folder (self);
  self->reading = 2;
  domus_host_refresh_storage_async (self->host, self->cancellable, read_cb, g_object_ref (self));
  domus_host_refresh_images_async (self->host, folder, self->cancellable, read_cb, g_object_ref (self));
}

static void
refresh_cb (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  read_storage (DOMUS_STORAGE_PAGE (widget));
}

static void
changed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(DomusStoragePage) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean done;

  if (g_async_result_is_tagged (result, domus_host_create_volume_async))
    done = domus_host_create_volume_finish (DOMUS_HOST (source), result, &error);
  else if (g_async_result_is_tagged (result, domus_host_remove_image_async))
    done = domus_host_remove_image_finish (DOMUS_HOST (source), result, &error);
  else
    done = domus_host_remove_volume_finish (DOMUS_HOST (source), result, &error);
  if (!done)
    domus_show_toast (GTK_WIDGET (self), error->message);
  if (DOMUS_HOST (source) == self->host)
    {
      rebuild (self);
      show_state (self);
    }
}

/* --- Remove ---------------------------------------------------------------- */

static void
remove_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    DomusStoragePage *self)
{
  if (g_strcmp0 (response, "remove") != 0 || self->host == NULL)
    return;
  domus_host_remove_volume_async (self->host, g_object_get_data (G_OBJECT (dialog), "domus-vg"),
                                  g_object_get_data (G_OBJECT (dialog), "domus-lv"), self->cancellable,
                                  changed_cb, g_object_ref (self));
}

static void
remove_volume_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  DomusStoragePage *self = DOMUS_STORAGE_PAGE (widget);
  const char *vg, *lv;
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  g_variant_get (parameter, "(&s&s)", &vg, &lv);
  /* TRANSLATORS: %s/%s is an LV, vol1/clone1 */
  heading = g_strdup_printf (_("Remove %s/%s?"), vg, lv);
  dialog = domus_dialog_new_asking (widget, heading,
                                    _("lvremove discards the volume and everything written on it. "
                                      "A volume a domain uses is not removed."),
                                    "remove", _("_Remove"), ADW_RESPONSE_DESTRUCTIVE);
  g_object_set_data_full (G_OBJECT (dialog), "domus-vg", g_strdup (vg), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "domus-lv", g_strdup (lv), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
remove_image_response_cb (AdwMessageDialog *dialog,
                          const char       *response,
                          DomusStoragePage *self)
{
  const char *folder;

  if (g_strcmp0 (response, "remove") != 0 || self->host == NULL
      || (folder = domus_host_get_image_folder (self->host)) == NULL)
    return;
  domus_host_remove_image_async (self->host, folder, g_object_get_data (G_OBJECT (dialog), "domus-path"),
                                 self->cancellable, changed_cb, g_object_ref (self));
}

static void
remove_image_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  DomusStoragePage *self = DOMUS_STORAGE_PAGE (widget);
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  /* TRANSLATORS: %s is an image file's path on the host */
  heading = g_strdup_printf (_("Remove %s?"), g_variant_get_string (parameter, NULL));
  dialog = domus_dialog_new_asking (widget, heading,
                                    _("The file is deleted, with everything written on it. "
                                      "A file a domain uses as its disk is not removed."),
                                    "remove", _("_Remove"), ADW_RESPONSE_DESTRUCTIVE);
  g_object_set_data_full (G_OBJECT (dialog), "domus-path", g_variant_dup_string (parameter, NULL), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_image_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- New volume ------------------------------------------------------------ */

static void
new_response_cb (AdwMessageDialog *dialog,
                 const char       *response,
                 DomusStoragePage *self)
{
  g_autofree char *name = domus_dialog_entry_dup_text (g_object_get_data (G_OBJECT (dialog), "domus-name"));
  g_autofree char *size_text = domus_dialog_entry_dup_text (g_object_get_data (G_OBJECT (dialog), "domus-size"));
  GtkDropDown *groups = g_object_get_data (G_OBJECT (dialog), "domus-vg");
  GtkStringObject *vg = gtk_drop_down_get_selected_item (groups);
  g_autoptr(GError) error = NULL;
  DomusVolumeSpec spec = { 0 };

  if (g_strcmp0 (response, "create") != 0 || self->host == NULL || vg == NULL)
    return;
  if (!domus_storage_parse_size (size_text, &spec.size, &error))
    {
      domus_show_toast (GTK_WIDGET (self), error->message);
      return;
    }
  spec.vg = gtk_string_object_get_string (vg);
  spec.name = name;
  domus_host_create_volume_async (self->host, &spec, self->cancellable, changed_cb, g_object_ref (self));
}

static void
new_volume_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DomusStoragePage *self = DOMUS_STORAGE_PAGE (widget);
  GListModel *groups;
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;
  GtkWidget *dialog, *box, *name, *size, *vg;

  if (self->host == NULL)
    return;
  groups = domus_host_get_volume_groups (self->host);
  for (guint i = 0; i < g_list_model_get_n_items (groups); i++)
    {
      g_autoptr(DomusVolumeGroup) group = g_list_model_get_item (groups, i);

      g_strv_builder_add (names, domus_volume_group_get_name (group));
    }
  strv = g_strv_builder_end (names);

  dialog = domus_dialog_new_asking (widget, _("New Logical Volume"),
                                    _("lvcreate makes it in the volume group chosen, from its free space. "
                                      "Sizes take LVM's units: 500M, 15G."),
                                    "create", _("C_reate"), ADW_RESPONSE_SUGGESTED);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  name = domus_dialog_entry_new (ADW_MESSAGE_DIALOG (dialog), "create", _("Name, such as web"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (name), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Name"), -1);
  size = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (size), _("Size, such as 4G"));
  gtk_editable_set_text (GTK_EDITABLE (size), "4G");
  gtk_entry_set_activates_default (GTK_ENTRY (size), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (size), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Size"), -1);
  vg = gtk_drop_down_new_from_strings ((const char * const *) strv);
  gtk_accessible_update_property (GTK_ACCESSIBLE (vg), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Volume group"), -1);
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), size);
  gtk_box_append (GTK_BOX (box), vg);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  g_object_set_data (G_OBJECT (dialog), "domus-name", name);
  g_object_set_data (G_OBJECT (dialog), "domus-size", size);
  g_object_set_data (G_OBJECT (dialog), "domus-vg", vg);
  g_signal_connect_object (dialog, "response", G_CALLBACK (new_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- Image folder ---------------------------------------------------------- */

static void
folder_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    DomusStoragePage *self)
{
  g_autofree char *folder = domus_dialog_entry_dup_text (g_object_get_data (G_OBJECT (dialog), "domus-folder"));
  g_autoptr(GVariant) folders = NULL;
  const char *hostname;

  if (g_strcmp0 (response, "read") != 0 || self->host == NULL)
    return;
  if (!g_path_is_absolute (folder))
    {
      g_autofree char *message = g_strdup_printf (_("The image folder must be an absolute path, not “%s”"), folder);

      domus_show_toast (GTK_WIDGET (self), message);
      return;
    }
  hostname = domus_host_get_hostname (self->host);
  if (hostname != NULL)
    {
      GVariantBuilder builder;
      GVariantIter iter;
      const char *key, *value;

      /* This host's folder, in place of the one it had. */
      folders = g_settings_get_value (self->settings, "image-folders");
      g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
      g_variant_iter_init (&iter, folders);
      while (g_variant_iter_next (&iter, "{&s&s}", &key, &value))
        if (!g_str_equal (key, hostname))
          g_variant_builder_add (&builder, "{ss}", key, value);
      g_variant_builder_add (&builder, "{ss}", hostname, folder);
      g_settings_set_value (self->settings, "image-folders", g_variant_builder_end (&builder));
    }
  else
    g_settings_set_string (self->settings, "image-folder", folder);
  read_storage (self);
}

static void
image_folder_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  DomusStoragePage *self = DOMUS_STORAGE_PAGE (widget);
  g_autofree char *folder = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog, *entry;

  if (self->host == NULL)
    return;
  folder = image_folder (self);
  /* TRANSLATORS: %s is a host's name */
  body = g_strdup_printf (_("A folder on %s: its disk image files are listed, and those in the folders below it."),
                          domus_host_get_hostname (self->host));
  dialog = domus_dialog_new_asking (widget, _("Folder of Disk Images"), body, "read", _("_List"),
                                    ADW_RESPONSE_SUGGESTED);
  entry = domus_dialog_entry_new (ADW_MESSAGE_DIALOG (dialog), "read", _("Folder, such as /xen"));
  gtk_editable_set_text (GTK_EDITABLE (entry), folder);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Folder"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  g_object_set_data (G_OBJECT (dialog), "domus-folder", entry);
  g_signal_connect_object (dialog, "response", G_CALLBACK (folder_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- The type -------------------------------------------------------------- */

static void
map_cb (DomusStoragePage *self)
{
  read_storage (self);
}

static void
domus_storage_page_dispose (GObject *object)
{
  DomusStoragePage *self = DOMUS_STORAGE_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->host);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_clear_pointer (&self->signature, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), DOMUS_TYPE_STORAGE_PAGE);

  G_OBJECT_CLASS (domus_storage_page_parent_class)->dispose (object);
}

static void
domus_storage_page_class_init (DomusStoragePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = domus_storage_page_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/domus/Domus/ui/domus-storage-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DomusStoragePage, stack);
  gtk_widget_class_bind_template_child (widget_class, DomusStoragePage, error_status);
  gtk_widget_class_bind_template_child (widget_class, DomusStoragePage, preferences);
  gtk_widget_class_bind_template_child (widget_class, DomusStoragePage, summary_group);

  gtk_widget_class_install_action (widget_class, "storage.refresh", NULL, refresh_cb);
  gtk_widget_class_install_action (widget_class, "storage.new-volume", NULL, new_volume_cb);
  gtk_widget_class_install_action (widget_class, "storage.remove-volume", "(ss)", remove_volume_cb);
  gtk_widget_class_install_action (widget_class, "storage.image-folder", NULL, image_folder_cb);
  gtk_widget_class_install_action (widget_class, "storage.remove-image", "s", remove_image_cb);
}

static void
domus_storage_page_init (DomusStoragePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->groups = g_ptr_array_new ();
  self->settings = g_settings_new (APP_ID);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "storage.new-volume", FALSE);
  g_signal_connect (self, "map", G_CALLBACK (map_cb), NULL);
}

void
domus_storage_page_update (DomusStoragePage *self)
{
  g_return_if_fail (DOMUS_IS_STORAGE_PAGE (self));

  if (self->host == NULL || self->reading > 0)
    return;
  rebuild (self);
  show_state (self);
}

void
domus_storage_page_set_host (DomusStoragePage *self,
                             DomusHost        *host)
{
  g_return_if_fail (DOMUS_IS_STORAGE_PAGE (self));
  g_return_if_fail (host == NULL || DOMUS_IS_HOST (host));

  if (self->host == host)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->reading = 0;
  self->images_read = FALSE;
  g_set_object (&self->host, host);
  g_clear_pointer (&self->signature, g_free);
  show_state (self);
  if (host != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    read_storage (self);
}
