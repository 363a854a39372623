/* test-xl-hvm.c: the new-HVM-domain config and ejecting its installer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "domus-error.h"
#include "xlcfg/domus-xl-hvm.h"

static const DomusHvmSpec lab = {
  .name = "debian-hvm",
  .memory_mib = 1024,
  .vcpus = 2,
  .disk = "/dev/vol1/hvm",
  .disk_is_file = FALSE,
  .iso = "/srv/iso/debian-12.8.0-amd64-netinst.iso",
  .bridge = "xenbr0",
  .vnc = TRUE,
};

static void
test_template (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = domus_hvm_spec_to_config (&lab, &error);
  g_autoptr(DomusXlConfig) config = NULL;
  g_auto(GStrv) disks = NULL;
  g_auto(GStrv) vifs = NULL;
  g_auto(GStrv) usb = NULL;
  g_autofree char *type = NULL, *boot = NULL, *listen = NULL, *serial = NULL, *name = NULL;
  g_autofree char *cdrom = NULL;
  gint64 memory = 0, vcpus = 0, vnc = 0;

  g_assert_no_error (error);
  g_assert_cmpstr (text, ==,
                   "# debian-hvm: an HVM guest, written by Domus.\n"
                   "# It boots the installer from its CD-ROM first; \"Eject Installer\" takes\n"
                   "# the CD-ROM out and makes it boot from its disk.\n"
                   "type = \"hvm\"\n"
                   "name = \"debian-hvm\"\n"
                   "memory = 1024\n"
                   "vcpus = 2\n"
                   "disk = [ 'phy:/dev/vol1/hvm,hda,w', 'file:/srv/iso/debian-12.8.0-amd64-netinst.iso,hdc:cdrom,r' ]\n"
                   "boot = \"dc\"\n"
                   "vif = [ 'bridge=xenbr0' ]\n"
                   "vnc = 1\n"
                   "vnclisten = \"127.0.0.1\"\n"
                   "# an absolute pointer, so that the VNC pointer and the guest's agree\n"
                   "usbdevice = [ 'tablet' ]\n"
                   "serial = 'pty'\n");

  /* What xl reads from it, without any leniency. */
  config = domus_xl_config_new_from_data (text, "debian-hvm.cfg", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (domus_xl_config_get_warnings (config)->len, ==, 0);
  g_assert_true (domus_xl_config_get_string (config, "type", &type));
  g_assert_cmpstr (type, ==, "hvm");
  g_assert_true (domus_xl_config_get_string (config, "name", &name));
  g_assert_cmpstr (name, ==, "debian-hvm");
  g_assert_true (domus_xl_config_get_int (config, "memory", &memory));
  g_assert_cmpint (memory, ==, 1024);
  g_assert_true (domus_xl_config_get_int (config, "vcpus", &vcpus));
  g_assert_cmpint (vcpus, ==, 2);
  g_assert_true (domus_xl_config_get_string (config, "boot", &boot));
  g_assert_cmpstr (boot, ==, "dc");
  disks = domus_xl_config_get_list (config, "disk");
  g_assert_cmpuint (g_strv_length (disks), ==, 2);
  g_assert_cmpstr (disks[1], ==, "file:/srv/iso/debian-12.8.0-amd64-netinst.iso,hdc:cdrom,r");
  vifs = domus_xl_config_get_list (config, "vif");
  g_assert_cmpstr (vifs[0], ==, "bridge=xenbr0");
  g_assert_true (domus_xl_config_get_int (config, "vnc", &vnc));
  g_assert_cmpint (vnc, ==, 1);
  g_assert_true (domus_xl_config_get_string (config, "vnclisten", &listen));
  g_assert_cmpstr (listen, ==, "127.0.0.1");
  usb = domus_xl_config_get_list (config, "usbdevice");
  g_assert_cmpstr (usb[0], ==, "tablet");
  g_assert_true (domus_xl_config_get_string (config, "serial", &serial));
  g_assert_cmpstr (serial, ==, "pty");
  g_assert_false (domus_xl_config_has_key (config, "tsc_mode"));

  cdrom = domus_xl_config_find_cdrom (config);
  g_assert_cmpstr (cdrom, ==, "hdc");
}

/* An image file, no ISO, no network, no VNC. */
static void
test_template_bare (void)
{
  DomusHvmSpec spec = lab;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  spec.disk = "/var/lib/xen/images/a.img";
  spec.disk_is_file = TRUE;
  spec.iso = NULL;
  spec.bridge = NULL;
  spec.vnc = FALSE;
  text = domus_hvm_spec_to_config (&spec, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "disk = [ 'file:/var/lib/xen/images/a.img,hda,w' ]\nboot = \"c\"\nvnc = 0\n"
                                  "serial = 'pty'\n"));
  g_assert_null (strstr (text, "vif"));
  g_assert_null (strstr (text, "vnclisten"));
}

static void
test_checks (void)
{
  static const struct
  {
    const char *field;
    const char *value;
    guint64     number;
    const char *message;
  } cases[] = {
    { "name", "", 0, "The domain needs a name" },
    { "name", "my vm", 0, "“my vm” cannot be a domain name: use up to 64 letters, digits, “-”, “_” and “.”" },
    { "name", "-x", 0, "“-x” cannot be a domain name: use up to 64 letters, digits, “-”, “_” and “.”" },
    { "memory", NULL, 16, "Memory must be between 32 MiB and 1048576 MiB" },
    { "vcpus", NULL, 0, "A domain has between 1 and 128 vCPUs" },
    { "disk", "", 0, "No path was given for the disk" },
    { "disk", "disk.img", 0, "The path of the disk must start with “/”: disk.img" },
    { "iso", "/isos/a,b.iso", 0, "The path of the installer ISO cannot hold commas, quotes or backslashes, "
                                 "which xl’s disk syntax reads otherwise: /isos/a,b.iso" },
    { "iso", "/isos/it's.iso", 0, "The path of the installer ISO cannot hold commas, quotes or backslashes, "
                                  "which xl’s disk syntax reads otherwise: /isos/it's.iso" },
    { "bridge", "br 0", 0, "“br 0” cannot be a bridge name: use up to 15 letters, digits, “-”, “_” and “.”" },
    { "bridge", "averyveryverylongbridge", 0,
      "“averyveryverylongbridge” cannot be a bridge name: use up to 15 letters, digits, “-”, “_” and “.”" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      DomusHvmSpec spec = lab;
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;

      if (g_str_equal (cases[i].field, "name"))
        spec.name = cases[i].value;
      else if (g_str_equal (cases[i].field, "memory"))
        spec.memory_mib = cases[i].number;
      else if (g_str_equal (cases[i].field, "vcpus"))
        spec.vcpus = cases[i].number;
      else if (g_str_equal (cases[i].field, "disk"))
        spec.disk = cases[i].value;
      else if (g_str_equal (cases[i].field, "iso"))
        spec.iso = cases[i].value;
      else
        spec.bridge = cases[i].value;

      text = domus_hvm_spec_to_config (&spec, &error);
      g_assert_null (text);
      g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

/* The lab guide's own config, comments and all. */
static const char *lab_guide =
  "# Debian installer, from the lab guide\n"
  "type=hvm\n"
  "name=debian_hvm\n"
  "boot=cda   # CD first\n"
  "vif = [ bridge=virbr0 ]\n"
  "disk = [ 'phy:/dev/mapper/vol1-hvm,xvda,rw','file:/xen/netinst.iso,xvdb:cdrom,rw' ]\n"
  "vnc=1\n";

static void
test_eject_lab_guide (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("domus-xl-hvm-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "debian-hvm.cfg", NULL);
  g_autofree char *backup = g_strconcat (path, ".bak", NULL);
  g_autofree char *saved = NULL;
  g_autofree char *vdev = NULL;
  g_autoptr(DomusXlConfig) config = NULL;
  g_autoptr(DomusXlConfig) again = NULL;

  g_assert_true (g_file_set_contents (path, lab_guide, -1, NULL));
  config = domus_xl_config_new_from_file (path, &error);
  g_assert_no_error (error);

  vdev = domus_xl_config_find_cdrom (config);
  g_assert_cmpstr (vdev, ==, "xvdb");
  g_assert_false (domus_xl_config_eject_cdrom (config, "hdc", &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "debian-hvm.cfg has no CD-ROM drive “hdc”");
  g_clear_error (&error);

  g_assert_true (domus_xl_config_eject_cdrom (config, vdev, &error));
  g_assert_no_error (error);
  g_assert_true (domus_xl_config_save (config, NULL, FALSE, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (path, &saved, NULL, NULL));
  g_assert_cmpstr (saved, ==,
                   "# Debian installer, from the lab guide\n"
                   "type=hvm\n"
                   "name=debian_hvm\n"
                   "boot='c'   # CD first\n"
                   "vif = [ bridge=virbr0 ]\n"
                   "disk = ['phy:/dev/mapper/vol1-hvm,xvda,rw']\n"
                   "vnc=1\n");

  /* Read back: no CD-ROM left to eject. */
  again = domus_xl_config_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_null (domus_xl_config_find_cdrom (again));
  g_assert_false (domus_xl_config_eject_cdrom (again, "xvdb", &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND);

  g_unlink (path);
  g_unlink (backup);
  g_rmdir (dir);
}

/* The key=value disk syntax, and an ISO as the only disk. */
static void
test_eject_keywords (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusXlConfig) config =
    domus_xl_config_new_from_data ("disk = [ 'format=raw, vdev=xvda, access=rw, target=/dev/vg/a',\n"
                                   "         # the installer\n"
                                   "         'format=raw, vdev=hdc, devtype=cdrom, access=ro, target=/i,so.iso' ]\n"
                                   "boot = 'dc'\n",
                                   "kw.cfg", &error);
  g_autoptr(DomusXlConfig) only = NULL;
  g_autofree char *text = NULL;
  g_autofree char *cdrom = NULL;
  g_auto(GStrv) disks = NULL;

  g_assert_no_error (error);
  cdrom = domus_xl_config_find_cdrom (config);
  g_assert_cmpstr (cdrom, ==, "hdc");
  g_assert_true (domus_xl_config_eject_cdrom (config, "hdc", &error));
  disks = domus_xl_config_get_list (config, "disk");
  g_assert_cmpuint (g_strv_length (disks), ==, 1);
  g_assert_cmpstr (disks[0], ==, "format=raw, vdev=xvda, access=rw, target=/dev/vg/a");

  only = domus_xl_config_new_from_data ("disk = [ ',hdc:cdrom,r' ]\n", "only.cfg", &error);
  g_assert_no_error (error);
  g_assert_true (domus_xl_config_eject_cdrom (only, "hdc", &error));
  text = domus_xl_config_to_data (only);
  g_assert_cmpstr (text, ==, "disk = []\nboot = 'c'\n");
}

/* The VNC password xl would give QEMU: the config's vncpasswd, or none. */
static void
test_vnc_password (void)
{
  g_autofree char *dir = g_dir_make_tmp ("domus-xl-hvm-XXXXXX", NULL);
  g_autofree char *with = g_build_filename (dir, "with.cfg", NULL);
  g_autofree char *without = g_build_filename (dir, "without.cfg", NULL);
  g_autofree char *broken = g_build_filename (dir, "broken.cfg", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.cfg", NULL);
  g_autofree char *password = NULL;

  g_assert_true (g_file_set_contents (with, "name = \"h\"\nvnc = 1\nvncpasswd = \"s3cret\"\n", -1, NULL));
  g_assert_true (g_file_set_contents (without, "name = \"h\"\nvnc = 1\n", -1, NULL));
  g_assert_true (g_file_set_contents (broken, "name = \"h\"\nvncpasswd = [\n", -1, NULL));
  password = domus_xl_config_read_vnc_password (with);
  g_assert_cmpstr (password, ==, "s3cret");
  g_assert_null (domus_xl_config_read_vnc_password (without));
  g_assert_null (domus_xl_config_read_vnc_password (broken));
  g_assert_null (domus_xl_config_read_vnc_password (missing));
  g_unlink (with);
  g_unlink (without);
  g_unlink (broken);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/xl-hvm/template", test_template);
  g_test_add_func ("/xl-hvm/template-bare", test_template_bare);
  g_test_add_func ("/xl-hvm/checks", test_checks);
  g_test_add_func ("/xl-hvm/eject-lab-guide", test_eject_lab_guide);
  g_test_add_func ("/xl-hvm/eject-keywords", test_eject_keywords);
  g_test_add_func ("/xl-hvm/vnc-password", test_vnc_password);

  return g_test_run ();
}
