/* test-installer.c: ejecting an HVM guest's installer, without a display
 *
 * On the simulated host, a domain created from Domus's own HVM config:
 * the eject empties the drive and then the file, whose boot order goes back
 * to the disk; a second finds no drive in the file and sends nothing; a
 * broken file is said before anything is ejected.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "domus-error.h"
#include "domus-installer.h"
#include "domus-test-utils.h"
#include "xlcfg/domus-xl-config.h"
#include "xlcfg/domus-xl-hvm.h"

typedef struct
{
  char     *message;
  GError   *error;
} Answer;

/* Ejects the installer of @domain; its answer in @answer. */
static void
eject (DomusHost   *host,
       DomusDomain *domain,
       Answer      *answer)
{
  g_autoptr(GAsyncResult) result = NULL;

  g_clear_pointer (&answer->message, g_free);
  g_clear_error (&answer->error);
  domus_installer_eject_async (host, domain, NULL, NULL, domus_test_result_cb, &result);
  DOMUS_TEST_WAIT_UNTIL (result != NULL, 30);
  answer->message = domus_installer_eject_finish (host, result, &answer->error);
}

static void
test_eject (void)
{
  DomusHvmSpec spec = {
    .name = "inst", .memory_mib = 512, .vcpus = 1, .disk = "/dev/vg/inst",
    .iso = "/srv/debian.iso", .bridge = "xenbr0", .vnc = TRUE,
  };
  g_autofree char *dir = g_dir_make_tmp ("domus-installer-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "inst.cfg", NULL);
  g_autofree char *backup = g_strconcat (path, ".bak", NULL);
  g_autofree char *text = domus_hvm_spec_to_config (&spec, NULL);
  g_autofree char *after = NULL;
  g_autofree char *boot = NULL;
  g_autoptr(DomusClock) clock = NULL;
  g_autoptr(DomusHost) host = domus_test_sim_host_new ("{\"host\": {\"pcpus\": 1}, \"domains\": []}", &clock);
  g_autoptr(DomusXlConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) disks = NULL;
  DomusRequest *create = domus_request_new (DOMUS_REQUEST_CREATE);
  DomusDomain *domain;
  Answer answer = { 0 };

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  create->path = g_strdup (path);
  domus_test_run_request (host, clock, create, &error);
  g_assert_no_error (error);
  domain = domus_host_lookup_domain_by_name (host, "inst");
  g_assert_nonnull (domain);
  g_assert_cmpstr (domus_domain_get_config_path (domain), ==, path);

  /* The drive, then the file: boots from its disk, one disk left. */
  eject (host, domain, &answer);
  g_assert_no_error (answer.error);
  g_assert_cmpstr (answer.message, ==, "Installer ejected from “inst”; it boots from its disk from now on");
  config = domus_xl_config_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_true (domus_xl_config_get_string (config, "boot", &boot));
  g_assert_cmpstr (boot, ==, "c");
  disks = domus_xl_config_get_list (config, "disk");
  g_assert_cmpuint (g_strv_length (disks), ==, 1);
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));

  /* Again: the file has no drive left to eject, and nothing is sent. A
   * broken file is said, and nothing ejected either. */
  eject (host, domain, &answer);
  g_assert_error (answer.error, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND);
  g_assert_cmpstr (answer.error->message, ==, "inst.cfg has no CD-ROM drive to eject");
  g_assert_null (answer.message);
  /* A file that still names the disc while the drive is empty: the host
   * refuses, and the file is left as it was. */
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  eject (host, domain, &answer);
  g_assert_error (answer.error, DOMUS_ERROR, DOMUS_ERROR_FAILED);
  g_assert_cmpstr (answer.error->message, ==, "The CD-ROM drive hdc of “inst” is already empty");
  g_clear_pointer (&after, g_free);
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, text);
  g_assert_true (g_file_set_contents (path, "name = \"inst\"\ndisk = [\n", -1, NULL));
  eject (host, domain, &answer);
  g_assert_error (answer.error, DOMUS_ERROR, DOMUS_ERROR_PARSE);
  g_test_message ("broken file: %s", answer.error->message);

  g_clear_pointer (&answer.message, g_free);
  g_clear_error (&answer.error);
  g_unlink (path);
  g_unlink (backup);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/installer/eject", test_eject);

  return g_test_run ();
}
