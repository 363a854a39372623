/* test-storage-page.c: the Storage page and Clone… in the window
 *
 * On the lab's simulated host (vol1: base under debian10, the snapshot
 * clone1 that clone1 writes 2000 KiB/s to, scratch, debian_hvm): a group
 * per VG with a row per LV, the snapshot flagged once 80 % full (and on
 * clone1's domain page), a removal refused with the domain named, a new
 * LV made and removed through the dialogs, and a domain cloned twice,
 * created, with its progress on screen; the image files of /xen, of
 * another folder chosen, and of one that is not there. Takes
 * storage-page.png, storage-images.png, domain-near-full.png and
 * clone-progress.png.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "domus-domain-page.h"
#include "domus-lvm.h"
#include "domus-storage-page.h"
#include "domus-test-gtk-utils.h"
#include "domus-test-host.h"
#include "domus-test-utils.h"

typedef DomusTestWindow Fixture;

static GtkWidget *
storage_page (Fixture *f)
{
  return domus_window_get_page (f->window, "storage");
}

static GtkWidget *
storage_child (Fixture    *f,
               const char *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (storage_page (f), DOMUS_TYPE_STORAGE_PAGE, name));
}

/* The row titled @title under @widget, or NULL. */
static AdwActionRow *
find_row (GtkWidget  *widget,
          const char *title)
{
  if (ADW_IS_ACTION_ROW (widget) && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return ADW_ACTION_ROW (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      AdwActionRow *row = find_row (child, title);

      if (row != NULL)
        return row;
    }
  return NULL;
}

static AdwPreferencesGroup *
find_group (GtkWidget  *widget,
            const char *title)
{
  if (ADW_IS_PREFERENCES_GROUP (widget)
      && g_strcmp0 (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (widget)), title) == 0)
    return ADW_PREFERENCES_GROUP (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      AdwPreferencesGroup *group = find_group (child, title);

      if (group != NULL)
        return group;
    }
  return NULL;
}

/* The message dialog on screen whose heading is @heading, or NULL. */
static AdwMessageDialog *
find_dialog (const char *heading)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data)
        && g_strcmp0 (adw_message_dialog_get_heading (l->data), heading) == 0)
      return l->data;
  return NULL;
}

static const char *
toast_title (Fixture *f)
{
  GObject *overlay = G_OBJECT (gtk_widget_get_template_child (GTK_WIDGET (f->window), DOMUS_TYPE_WINDOW, "toast_overlay"));
  AdwToast *toast = g_object_get_data (overlay, "domus-error-toast");

  return toast != NULL ? adw_toast_get_title (toast) : NULL;
}

static void
show_storage (Fixture *f)
{
  GtkStack *stack;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page", "s", "storage"));
  stack = GTK_STACK (storage_child (f, "stack"));
  DOMUS_TEST_WAIT_UNTIL (g_strcmp0 (gtk_stack_get_visible_child_name (stack), "volumes") == 0, 10);
  domus_test_flush (GTK_WIDGET (f->window));
}

static void
read_again (Fixture *f)
{
  AdwActionRow *before = find_row (storage_page (f), "clone1");

  g_assert_true (gtk_widget_activate_action (storage_page (f), "storage.refresh", NULL));
  /* Built again only on a change: clone1's Data% moves. */
  DOMUS_TEST_WAIT_UNTIL (find_row (storage_page (f), "clone1") != before, 10);
  domus_test_flush (GTK_WIDGET (f->window));
}

static void
test_volumes (Fixture       *f,
              gconstpointer  data)
{
  AdwPreferencesGroup *vol1;
  AdwActionRow *row;
  GtkWidget *warning;

  domus_clock_advance (f->clock, 2 * G_USEC_PER_SEC);
  show_storage (f);
  vol1 = find_group (storage_page (f), "Volume Group vol1");
  g_assert_nonnull (vol1);
  g_assert_cmpstr (adw_preferences_group_get_description (vol1), ==, "60.0\u00a0GiB, 28.0\u00a0GiB free");
  g_assert_cmpstr (adw_action_row_get_subtitle (find_row (storage_page (f), "base")), ==,
                   "15.0\u00a0GiB · used by debian10");
  row = find_row (storage_page (f), "clone1");
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (row), "3.0\u00a0GiB · snapshot of base · 12."));
  g_assert_true (g_str_has_suffix (adw_action_row_get_subtitle (row), " % used · used by clone1"));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (row), "domus-near-full"));

  /* clone1 writes about 2 MiB/s into 3 GiB: 80 % after some 1060 s. */
  for (guint i = 0; i < 11; i++)
    domus_clock_advance (f->clock, 100 * G_USEC_PER_SEC);
  read_again (f);
  row = find_row (storage_page (f), "clone1");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "domus-near-full"));
  g_assert_cmpfloat (domus_logical_volume_get_data_percent (domus_host_lookup_volume (f->host, "vol1/clone1")), >=, 80);
  domus_test_screenshot (GTK_WIDGET (f->window), "storage-page.png");

  /* And on clone1's page. */
  g_assert_true (domus_window_select_domain (f->window, domus_host_lookup_domain_by_name (f->host, "clone1")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page", "s", "domains"));
  warning = GTK_WIDGET (gtk_widget_get_template_child (domus_test_window_page (f->window, "domain_page"),
                                                       DOMUS_TYPE_DOMAIN_PAGE, "storage_warning"));
  DOMUS_TEST_WAIT_UNTIL (gtk_widget_get_visible (warning), 10);
  g_assert_true (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (warning)), "Snapshot vol1/clone1 is "));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (warning)), " % full: LVM invalidates a full snapshot"));
  domus_test_flush (GTK_WIDGET (f->window));
  domus_test_screenshot (GTK_WIDGET (f->window), "domain-near-full.png");

  /* debian10's page has no warning. */
  g_assert_true (domus_window_select_domain (f->window, domus_host_lookup_domain_by_name (f->host, "debian10")));
  DOMUS_TEST_WAIT_UNTIL (!gtk_widget_get_visible (warning), 10);
}

static void
test_create_remove (Fixture       *f,
                    gconstpointer  data)
{
  AdwMessageDialog *dialog;
  const char *refused =
    "Logical volume “vol1/base” is in use by domain “debian10”: destroy the domain, or take the disk out of its config, first";

  show_storage (f);

  /* Refused, the domain named; base stays. */
  g_assert_true (gtk_widget_activate_action (storage_page (f), "storage.remove-volume", "(ss)", "vol1", "base"));
  DOMUS_TEST_WAIT_UNTIL ((dialog = find_dialog ("Remove vol1/base?")) != NULL, 10);
  adw_message_dialog_response (dialog, "remove");
  DOMUS_TEST_WAIT_UNTIL (g_strcmp0 (toast_title (f), refused) == 0, 10);
  g_assert_nonnull (find_row (storage_page (f), "base"));

  /* New Volume…: web, 2G in vol1. */
  g_assert_true (gtk_widget_activate_action (storage_page (f), "storage.new-volume", NULL));
  DOMUS_TEST_WAIT_UNTIL ((dialog = find_dialog ("New Logical Volume")) != NULL, 10);
  gtk_editable_set_text (g_object_get_data (G_OBJECT (dialog), "domus-name"), "web");
  gtk_editable_set_text (g_object_get_data (G_OBJECT (dialog), "domus-size"), "2G");
  adw_message_dialog_response (dialog, "create");
  DOMUS_TEST_WAIT_UNTIL (find_row (storage_page (f), "web") != NULL, 10);
  g_assert_cmpstr (adw_action_row_get_subtitle (find_row (storage_page (f), "web")), ==, "2.0\u00a0GiB");
  g_assert_cmpstr (adw_preferences_group_get_description (find_group (storage_page (f), "Volume Group vol1")), ==,
                   "60.0\u00a0GiB, 26.0\u00a0GiB free");

  /* A bad size says so, nothing made. */
  g_assert_true (gtk_widget_activate_action (storage_page (f), "storage.new-volume", NULL));
  DOMUS_TEST_WAIT_UNTIL ((dialog = find_dialog ("New Logical Volume")) != NULL, 10);
  gtk_editable_set_text (g_object_get_data (G_OBJECT (dialog), "domus-name"), "db");
  gtk_editable_set_text (g_object_get_data (G_OBJECT (dialog), "domus-size"), "big");
  adw_message_dialog_response (dialog, "create");
  DOMUS_TEST_WAIT_UNTIL (g_strcmp0 (toast_title (f), "“big” is not a size: write a number and a unit, such as 500M or 15G") == 0, 10);

  /* web is no one's: removed once confirmed. */
  g_assert_true (gtk_widget_activate_action (storage_page (f), "storage.remove-volume", "(ss)", "vol1", "web"));
  DOMUS_TEST_WAIT_UNTIL ((dialog = find_dialog ("Remove vol1/web?")) != NULL, 10);
  adw_message_dialog_response (dialog, "remove");
  DOMUS_TEST_WAIT_UNTIL (find_row (storage_page (f), "web") == NULL, 10);
  g_assert_null (domus_host_lookup_volume (f->host, "vol1/web"));
}

static void
test_clone (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *config = g_build_filename (f->dir, "lab.cfg", NULL);
  g_autofree char *web2 = g_build_filename (f->dir, "web2.cfg", NULL);
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog, *progress;
  DomusRequest *create;

  g_file_set_contents (config, "name = 'lab'\nmemory = 128\nvcpus = 1\ndisk = [ 'phy:/dev/vol1/base,xvda,w' ]\n"
                               "vif = [ 'bridge=virbr0,mac=00:16:3e:0a:0b:0c' ]\nuuid = '01234567-89ab-4cde-8f01-23456789abcd'\n",
                       -1, &error);
  g_assert_no_error (error);
  create = domus_request_new (DOMUS_REQUEST_CREATE);
  create->path = g_strdup (config);
  domus_test_run_request (f->host, f->clock, create, &error);
  g_assert_no_error (error);
  domus_clock_advance (f->clock, G_USEC_PER_SEC);
  g_assert_true (domus_window_select_domain (f->window, domus_host_lookup_domain_by_name (f->host, "lab")));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.clone", NULL));
  DOMUS_TEST_WAIT_UNTIL ((dialog = find_dialog ("Clone “lab”")) != NULL, 10);
  gtk_editable_set_text (g_object_get_data (G_OBJECT (dialog), "domus-name"), "web");
  gtk_spin_button_set_value (g_object_get_data (G_OBJECT (dialog), "domus-count"), 2);
  gtk_editable_set_text (g_object_get_data (G_OBJECT (dialog), "domus-size"), "1G");
  gtk_check_button_set_active (g_object_get_data (G_OBJECT (dialog), "domus-start"), TRUE);
  adw_message_dialog_response (dialog, "clone");

  /* The second clone being created: its progress on screen. */
  DOMUS_TEST_WAIT_UNTIL ((progress = find_dialog ("Cloning “lab”")) != NULL, 10);
  DOMUS_TEST_STEP_UNTIL (f->clock, g_strcmp0 (adw_message_dialog_get_body (progress), "Creating web2 (2 of 2)") == 0, 60);
  domus_clock_advance (f->clock, 3 * G_USEC_PER_SEC / 10);
  domus_test_flush (GTK_WIDGET (progress));
  domus_test_screenshot (GTK_WIDGET (progress), "clone-progress.png");
  g_assert_nonnull (domus_host_lookup_domain_by_name (f->host, "web1"));

  DOMUS_TEST_STEP_UNTIL (f->clock, find_dialog ("Cloning “lab”") == NULL, 60);
  g_test_message ("toast: %s", toast_title (f));
  DOMUS_TEST_WAIT_UNTIL (g_strcmp0 (toast_title (f), "Cloned “lab”: web1.cfg, web2.cfg") == 0, 10);
  g_assert_nonnull (domus_host_lookup_domain_by_name (f->host, "web2"));
  g_assert_true (g_file_test (web2, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (domus_logical_volume_get_size (domus_host_lookup_volume (f->host, "vol1/web2")), ==,
                    G_GUINT64_CONSTANT (1) << 30);

  /* Again: refused before anything is made, the reason in a toast. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.clone", NULL));
  DOMUS_TEST_WAIT_UNTIL ((dialog = find_dialog ("Clone “lab”")) != NULL, 10);
  gtk_editable_set_text (g_object_get_data (G_OBJECT (dialog), "domus-name"), "web1");
  adw_message_dialog_response (dialog, "clone");
  DOMUS_TEST_WAIT_UNTIL (g_strcmp0 (toast_title (f), "Cannot clone “lab”: A domain “web1” is on this host already") == 0, 10);
}

static GtkScrolledWindow *
find_scrolled (GtkWidget *widget)
{
  if (GTK_IS_SCROLLED_WINDOW (widget))
    return GTK_SCROLLED_WINDOW (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkScrolledWindow *found = find_scrolled (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Lists the folder @folder through the Folder… dialog. */
static void
choose_folder (Fixture    *f,
               const char *folder)
{
  AdwMessageDialog *dialog;

  g_assert_true (gtk_widget_activate_action (storage_page (f), "storage.image-folder", NULL));
  dialog = find_dialog ("Folder of Disk Images");
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==,
                   "A folder on xenlab: its disk image files are listed, and those in the folders below it.");
  gtk_editable_set_text (g_object_get_data (G_OBJECT (dialog), "domus-folder"), folder);
  adw_message_dialog_response (dialog, "read");
}

/* The lab's image files in /xen, below the VGs; another folder chosen,
 * kept for this host; a folder that is not there. */
static void
test_images (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.domus.Domus");
  g_autoptr(GVariant) folders = NULL;
  AdwPreferencesGroup *group;
  GtkAdjustment *adjustment;
  const char *folder = NULL;

  show_storage (f);
  DOMUS_TEST_WAIT_UNTIL (find_row (storage_page (f), "domains/clone2.img") != NULL, 10);
  group = find_group (storage_page (f), "Image Files");
  g_assert_nonnull (group);
  g_assert_cmpstr (adw_preferences_group_get_description (group), ==,
                   "In /xen and the folders below it. The format is read from each file’s header; "
                   "a sparse file takes less on disk than its size.");
  g_assert_cmpstr (adw_action_row_get_subtitle (find_row (storage_page (f), "domains/clone2.img")), ==,
                   "raw · 4.0\u00a0GiB, 1.8\u00a0GiB on disk · used by clone2");
  g_assert_cmpstr (adw_action_row_get_subtitle (find_row (storage_page (f), "domains/web.qcow2")), ==,
                   "qcow2 · 10.0\u00a0GiB, 917.0\u00a0MiB on disk");
  g_assert_cmpstr (adw_action_row_get_subtitle (find_row (storage_page (f), "netinst.iso")), ==,
                   "iso · 388.0\u00a0MiB, 388.0\u00a0MiB on disk");
  /* Below the volume groups: scrolled to, if the window is too short. */
  adjustment = gtk_scrolled_window_get_vadjustment (find_scrolled (storage_child (f, "preferences")));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  domus_test_flush (GTK_WIDGET (f->window));
  domus_test_screenshot (GTK_WIDGET (f->window), "storage-images.png");

  /* clone2's is refused, naming it; manual.img, unused, removed. */
  g_assert_true (gtk_widget_activate_action (storage_page (f), "storage.remove-image", "s", "/xen/domains/clone2.img"));
  g_assert_nonnull (find_dialog ("Remove /xen/domains/clone2.img?"));
  adw_message_dialog_response (find_dialog ("Remove /xen/domains/clone2.img?"), "remove");
  DOMUS_TEST_WAIT_UNTIL (g_strcmp0 (toast_title (f), "Image file /xen/domains/clone2.img is in use by domain “clone2”: "
                                                     "destroy the domain, or take the disk out of its config, first") == 0, 10);
  g_assert_true (gtk_widget_activate_action (storage_page (f), "storage.remove-image", "s",
                                             "/xen/domains/manual/manual.img"));
  adw_message_dialog_response (find_dialog ("Remove /xen/domains/manual/manual.img?"), "remove");
  DOMUS_TEST_WAIT_UNTIL (find_row (storage_page (f), "domains/manual/manual.img") == NULL, 10);
  g_assert_nonnull (find_row (storage_page (f), "domains/clone2.img"));

  choose_folder (f, "/xen/domains");
  DOMUS_TEST_WAIT_UNTIL (find_row (storage_page (f), "web.qcow2") != NULL, 10);
  g_assert_null (find_row (storage_page (f), "netinst.iso"));
  g_assert_nonnull (find_row (storage_page (f), "clone2.img"));
  folders = g_settings_get_value (settings, "image-folders");
  g_assert_true (g_variant_lookup (folders, "xenlab", "&s", &folder));
  g_assert_cmpstr (folder, ==, "/xen/domains");
  /* Other hosts keep the default. */
  {
    g_autofree char *default_folder = g_settings_get_string (settings, "image-folder");

    g_assert_cmpstr (default_folder, ==, "/xen");
  }

  choose_folder (f, "/srv/images");
  DOMUS_TEST_WAIT_UNTIL (find_row (storage_page (f), "web.qcow2") == NULL, 10);
  group = find_group (storage_page (f), "Image Files");
  g_assert_cmpstr (adw_preferences_group_get_description (group), ==, "There is no folder /srv/images on this host");
  /* The volumes still show. */
  g_assert_nonnull (find_group (storage_page (f), "Volume Group vol1"));

  choose_folder (f, "images");
  DOMUS_TEST_WAIT_UNTIL (g_strcmp0 (toast_title (f), "The image folder must be an absolute path, not “images”") == 0, 10);
  g_settings_reset (settings, "image-folders");
}

/* A host without LVM's tools: the page says which package has them. */
static void
test_no_lvm (void)
{
  g_autofree char *dir = g_dir_make_tmp ("domus-no-lvm-XXXXXX", NULL);
  g_autoptr(DomusClock) clock = domus_clock_new_manual ();
  g_autoptr(DomusTestHost) host = domus_test_host_new (clock, "4.17.0", 2, 4 << 20, DOMUS_SCHEDULER_CREDIT);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = g_object_new (DOMUS_TYPE_STORAGE_PAGE, NULL);
  AdwStatusPage *status = ADW_STATUS_PAGE (gtk_widget_get_template_child (page, DOMUS_TYPE_STORAGE_PAGE, "error_status"));
  GtkStack *stack = GTK_STACK (gtk_widget_get_template_child (page, DOMUS_TYPE_STORAGE_PAGE, "stack"));

  _domus_lvm_set_tool_dir (dir);
  gtk_window_set_default_size (GTK_WINDOW (window), 720, 480);
  gtk_window_set_child (GTK_WINDOW (window), page);
  domus_storage_page_set_host (DOMUS_STORAGE_PAGE (page), DOMUS_HOST (host));
  gtk_window_present (GTK_WINDOW (window));
  DOMUS_TEST_WAIT_UNTIL (g_strcmp0 (gtk_stack_get_visible_child_name (stack), "error") == 0, 10);
  g_assert_cmpstr (adw_status_page_get_description (status), ==,
                   "LVM’s tools are not installed on this host (no “vgs”): install Debian’s package lvm2 (apt install lvm2)");
  domus_test_flush (window);
  domus_test_screenshot (window, "storage-no-lvm.png");
  gtk_window_destroy (GTK_WINDOW (window));
  _domus_lvm_set_tool_dir (NULL);
  domus_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  domus_test_gtk_init (&argc, &argv);

  domus_test_add_window ("/storage-page/volumes", test_volumes);
  domus_test_add_window ("/storage-page/create-remove", test_create_remove);
  domus_test_add_window ("/storage-page/images", test_images);
  domus_test_add_window ("/storage-page/clone", test_clone);
  g_test_add_func ("/storage-page/no-lvm", test_no_lvm);

  return g_test_run ();
}
