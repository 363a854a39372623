/* test-new-domain.c: the new-HVM-domain assistant and "Eject Installer"
 *
 * The main window on a simulated host (manual clock). The assistant is
 * filled in as a user would (rows, the ISO through its path-taking twin
 * action), its messages checked, its review text compared with the
 * core's template; Create makes a real sparse image and config file under
 * a temporary XDG_DATA_HOME and creates the domain on the simulated host,
 * which the window then selects. Eject Installer empties the simulated
 * drive and rewrites the file. A config file already there is replaced
 * only when the user says so.
 *
 * Saves test-new-domain-form.png and test-new-domain-review.png.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "domus-test-gtk-utils.h"
#include "domus-test-utils.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "domus-domain-page.h"
#include "domus-error.h"
#include "domus-new-domain-dialog.h"
#include "domus-screen-view.h"
#include "sim/domus-sim-host.h"
#include "domus-window.h"
#include "xlcfg/domus-xl-hvm.h"

#define DEADLINE_S 20

static char *data_home;

static const char *scene_json =
  "{\"host\": {\"pcpus\": 2, \"memory_mib\": 8192},"
  " \"domains\": [{\"name\": \"Domain-0\", \"memory_mib\": 1024},"
  "              {\"name\": \"web\", \"memory_mib\": 1024}]}";

typedef struct
{
  DomusClock  *clock;
  DomusHost   *host;
  DomusWindow *window;
  char        *iso;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->host = domus_test_sim_host_new (scene_json, &f->clock);
  f->window = domus_test_window_new (f->host, 1100, 760);

  f->iso = g_build_filename (data_home, "debian-12.8.0-amd64-netinst.iso", NULL);
  g_assert_true (g_file_set_contents (f->iso, "not really an ISO", -1, NULL));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->host);
  g_clear_object (&f->clock);
  g_free (f->iso);
}

static DomusNewDomainDialog *
open_assistant (Fixture *f)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-hvm-domain", NULL));
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (DOMUS_IS_NEW_DOMAIN_DIALOG (window))
        return DOMUS_NEW_DOMAIN_DIALOG (window);
    }
  g_assert_not_reached ();
}

static GtkWidget *
child (DomusNewDomainDialog *dialog,
       const char           *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog), DOMUS_TYPE_NEW_DOMAIN_DIALOG, name));
}

static void
set_text (DomusNewDomainDialog *dialog,
          const char           *row,
          const char           *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child (dialog, row)), text);
}

/* The window's domain page shows the Screen view, connected. */
static gboolean
shows_screen (gpointer data)
{
  Fixture *f = data;
  GtkWidget *page = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (f->window), DOMUS_TYPE_WINDOW, "domain_page"));
  AdwViewStack *views = ADW_VIEW_STACK (gtk_widget_get_template_child (page, DOMUS_TYPE_DOMAIN_PAGE, "views"));
  DomusScreenView *screen = DOMUS_SCREEN_VIEW (gtk_widget_get_template_child (page, DOMUS_TYPE_DOMAIN_PAGE,
                                                                              "screen_view"));

  return g_strcmp0 (adw_view_stack_get_visible_child_name (views), "screen") == 0
         && domus_screen_view_get_state (screen) == DOMUS_SCREEN_VIEW_CONNECTED;
}

/* Runs the main context and the host's clock until @done says so. */
static void
run_until (Fixture  *f,
           gboolean (*done) (gpointer),
           gpointer  data)
{
  DOMUS_TEST_WAIT_STEPPING (f->clock, done (data), DEADLINE_S);
}

static gboolean
is_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

static gboolean
is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static gboolean
file_has_no_cdrom (gpointer data)
{
  g_autoptr(DomusXlConfig) config = domus_xl_config_new_from_file (data, NULL);
  g_autofree char *cdrom = config != NULL ? domus_xl_config_find_cdrom (config) : NULL;

  return config != NULL && cdrom == NULL;
}

static gboolean
has_message_dialog (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window))
        {
          *(gpointer *) data = window;
          return TRUE;
        }
    }
  return FALSE;
}

/* Fills in the form for "debian-inst" on f->iso, meeting each problem in
 * turn, said in words; the disk image path follows the name, to @image. */
static void
fill_in_form (Fixture              *f,
              DomusNewDomainDialog *dialog,
              const char           *image)
{
  g_autofree char *bad_iso = g_build_filename (data_home, "missing.iso", NULL);
  g_autofree char *message = NULL;

  g_assert_cmpstr (domus_new_domain_dialog_get_problem (dialog), ==, "Give the domain a name");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "new-domain.review", NULL);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (dialog, "stack"))), ==, "form");
  set_text (dialog, "name_row", "web");
  g_assert_cmpstr (domus_new_domain_dialog_get_problem (dialog), ==, "A domain named “web” already exists");
  set_text (dialog, "name_row", "debian inst");
  g_assert_cmpstr (domus_new_domain_dialog_get_problem (dialog), ==, "Choose the installer ISO");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "new-domain.set-iso", "s", bad_iso));
  message = g_strdup_printf ("The installer ISO %s does not exist or is not a file", bad_iso);
  g_assert_cmpstr (domus_new_domain_dialog_get_problem (dialog), ==, message);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "new-domain.set-iso", "s", f->iso));
  g_assert_cmpstr (domus_new_domain_dialog_get_problem (dialog), ==,
                   "“debian inst” cannot be a domain name: use up to 64 letters, digits, “-”, “_” and “.”");
  set_text (dialog, "name_row", "debian-inst");
  /* The image path follows the name. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (dialog, "disk_path_row"))), ==, image);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (child (dialog, "disk_size_spin")), 0);
  g_assert_cmpstr (domus_new_domain_dialog_get_problem (dialog), ==,
                   "The new disk image needs a size of at least 1 GiB");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (child (dialog, "disk_size_spin")), 4);
  set_text (dialog, "bridge_row", "xen br0");
  g_assert_cmpstr (domus_new_domain_dialog_get_problem (dialog), ==,
                   "“xen br0” cannot be a bridge name: use up to 15 letters, digits, “-”, “_” and “.”");
  g_assert_true (gtk_widget_has_css_class (child (dialog, "bridge_row"), "error"));
  set_text (dialog, "bridge_row", "xenbr0");
  g_assert_null (domus_new_domain_dialog_get_problem (dialog));
  g_assert_false (gtk_widget_has_css_class (child (dialog, "bridge_row"), "error"));
}

/* Eject: the drive is emptied and the config file @cfg boots from disk. */
static void
check_eject (Fixture     *f,
             DomusDomain *domain,
             const char  *cfg)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) answer = NULL;
  DomusRequest *eject;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.eject-installer", NULL));
  run_until (f, file_has_no_cdrom, (gpointer) cfg);
  {
    g_autoptr(DomusXlConfig) config = domus_xl_config_new_from_file (cfg, &error);
    g_autofree char *boot = NULL;
    g_auto(GStrv) disks = NULL;

    g_assert_no_error (error);
    g_assert_true (domus_xl_config_get_string (config, "boot", &boot));
    g_assert_cmpstr (boot, ==, "c");
    disks = domus_xl_config_get_list (config, "disk");
    g_assert_cmpuint (g_strv_length (disks), ==, 1);
  }
  /* The simulated drive is empty now. */
  eject = domus_request_new_for_domain (DOMUS_REQUEST_EJECT, domain);
  eject->target = g_strdup ("hdc");
  domus_host_request_async (f->host, eject, NULL, domus_test_result_cb, &answer);
  run_until (f, is_set, &answer);
  g_assert_cmpint (domus_host_request_finish (f->host, answer, &error), ==, -1);
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "The CD-ROM drive hdc of “debian-inst” is already empty");
}

static void
test_create_and_eject (Fixture       *f,
                       gconstpointer  data)
{
  DomusNewDomainDialog *dialog = open_assistant (f);
  g_autofree char *image = g_build_filename (data_home, "domus", "images", "debian-inst.img", NULL);
  g_autofree char *cfg = g_build_filename (data_home, "domus", "domains", "debian-inst.cfg", NULL);
  g_autofree char *expected = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *written = NULL;
  DomusHvmSpec spec = {
    .name = "debian-inst", .memory_mib = 1024, .vcpus = 2, .disk = image, .disk_is_file = TRUE,
    .iso = f->iso, .bridge = "xenbr0", .vnc = TRUE,
  };
  DomusDomain *domain;
  struct stat st;
  g_autoptr(GError) error = NULL;

  fill_in_form (f, dialog, image);
  domus_test_flush (GTK_WIDGET (dialog));
  domus_test_screenshot (GTK_WIDGET (dialog), "test-new-domain-form.png");

  /* The review shows exactly the config the core writes for these values. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "new-domain.review", NULL));
  expected = domus_hvm_spec_to_config (&spec, &error);
  g_assert_no_error (error);
  shown = domus_new_domain_dialog_get_config_text (dialog);
  g_assert_cmpstr (shown, ==, expected);
  g_assert_nonnull (strstr (shown, "boot = \"dc\"\n"));
  domus_test_flush (GTK_WIDGET (dialog));
  domus_test_screenshot (GTK_WIDGET (dialog), "test-new-domain-review.png");

  /* Create: image, config file, domain; the assistant closes, the window selects it. */
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "new-domain.create", NULL));
  run_until (f, is_null, &dialog);

  domain = domus_host_lookup_domain_by_name (f->host, "debian-inst");
  g_assert_nonnull (domain);
  g_assert_cmpint (domus_domain_get_domain_type (domain), ==, DOMUS_DOMAIN_TYPE_HVM);
  g_assert_cmpuint (domus_domain_get_memory_max_kib (domain), ==, 1024 * 1024);
  g_assert_true (domus_window_get_selected_domain (f->window) == domain);
  /* ... and shows its screen: the installer. */
  run_until (f, shows_screen, f);
  g_assert_cmpstr (domus_domain_get_config_path (domain), ==, cfg);
  g_assert_true (g_file_get_contents (cfg, &written, NULL, NULL));
  g_assert_cmpstr (written, ==, expected);
  g_assert_cmpint (g_stat (image, &st), ==, 0);
  g_assert_cmpint (st.st_size, ==, G_GINT64_CONSTANT (4) << 30);

  check_eject (f, domain, cfg);

  g_unlink (image);
  g_unlink (cfg);
  {
    g_autofree char *backup = g_strconcat (cfg, ".bak", NULL);
    g_unlink (backup);
  }
}

/* A config file already in the folder is replaced only when asked. */
static void
test_replace (Fixture       *f,
              gconstpointer  data)
{
  DomusNewDomainDialog *dialog = open_assistant (f);
  g_autofree char *folder = g_build_filename (data_home, "configs", NULL);
  g_autofree char *cfg = g_build_filename (folder, "lvm-guest.cfg", NULL);
  g_autofree char *backup = g_strconcat (cfg, ".bak", NULL);
  g_autofree char *device = g_build_filename (data_home, "fake-lv", NULL);
  g_autofree char *contents = NULL;
  AdwMessageDialog *question = NULL;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);
  g_assert_true (g_file_set_contents (cfg, "# someone's\nname = 'lvm-guest'\n", -1, NULL));
  g_assert_true (g_file_set_contents (device, "", -1, NULL));

  set_text (dialog, "name_row", "lvm-guest");
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (dialog, "disk_kind_row")), 1);
  g_assert_false (gtk_widget_get_visible (child (dialog, "disk_size_row")));
  g_assert_cmpstr (domus_new_domain_dialog_get_problem (dialog), ==, "Choose the installer ISO");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "new-domain.set-iso", "s", f->iso));
  g_assert_cmpstr (domus_new_domain_dialog_get_problem (dialog), ==,
                   "Give the path of the block device or LV to install to");
  set_text (dialog, "disk_path_row", device);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "new-domain.set-folder", "s", folder));
  g_assert_null (domus_new_domain_dialog_get_problem (dialog));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "new-domain.review", NULL));
  {
    g_autofree char *text = domus_new_domain_dialog_get_config_text (dialog);
    g_autofree char *disk = g_strdup_printf ("disk = [ 'phy:%s,hda,w', ", device);

    g_assert_nonnull (strstr (text, disk));
  }

  /* Asked; "Cancel" leaves the file and the host alone. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "new-domain.create", NULL));
  run_until (f, has_message_dialog, &question);
  adw_message_dialog_response (question, "cancel");
  gtk_window_destroy (GTK_WINDOW (question));
  g_assert_true (g_file_get_contents (cfg, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "# someone's\nname = 'lvm-guest'\n");
  g_assert_null (domus_host_lookup_domain_by_name (f->host, "lvm-guest"));

  /* "Replace": written (the old one kept as .bak) and created. */
  question = NULL;
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "new-domain.create", NULL));
  run_until (f, has_message_dialog, &question);
  adw_message_dialog_response (question, "replace");
  gtk_window_destroy (GTK_WINDOW (question));
  run_until (f, is_null, &dialog);
  g_assert_nonnull (domus_host_lookup_domain_by_name (f->host, "lvm-guest"));
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (backup, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "# someone's\nname = 'lvm-guest'\n");

  g_unlink (cfg);
  g_unlink (backup);
  g_unlink (device);
  g_rmdir (folder);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* Defaults (~/.local/share/domus/...) go to a folder of the test's own. */
  data_home = g_dir_make_tmp ("domus-new-domain-XXXXXX", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* Screenshots of the end state of page changes, not of their animations. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add ("/new-domain/create-and-eject", Fixture, NULL, fixture_setup, test_create_and_eject,
              fixture_teardown);
  g_test_add ("/new-domain/replace", Fixture, NULL, fixture_setup, test_replace, fixture_teardown);

  status = g_test_run ();
  {
    g_autofree char *iso = g_build_filename (data_home, "debian-12.8.0-amd64-netinst.iso", NULL);

    g_unlink (iso);
  }
  return status;
}
