/* test-domusctl-storage.c: vgs, lvs, lvcreate, lvremove and clone
 *
 * Each run is a domusctl of its own on the lab's scene (vol1: base under
 * debian10, the snapshot clone1, scratch, debian_hvm): what it prints, the
 * refusals and their messages, a nearly full snapshot's warning, a clone
 * by snapshot of a config given, created.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "domus-test-utils.h"

static void
test_list (void)
{
  const char *vgs[] = { "--simulated", "vgs", NULL };
  const char *lvs[] = { "--simulated", "lvs", "--units", "b", NULL };
  const char *bad[] = { "--simulated", "lvs", "--units", "g", NULL };
  g_autofree char *out1 = NULL, *out2 = NULL, *err2 = NULL, *err3 = NULL;

  g_assert_cmpint (domus_test_domusctl (vgs, &out1, NULL), ==, 0);
  g_assert_cmpstr (out1, ==,
                   "  VG                #LV  #SN          VSize          VFree\n"
                   "  vol1                4    1         60.00g         28.00g\n");
  g_assert_cmpint (domus_test_domusctl (lvs, &out2, &err2), ==, 0);
  g_assert_cmpstr (out2, ==,
                   "  LV               VG                  LSize Origin            Data%  Used by\n"
                   "  base             vol1         16106127360B                          debian10\n"
                   "  clone1           vol1          3221225472B base              12.50  clone1\n"
                   "  debian_hvm       vol1         10737418240B                          debian_hvm\n"
                   "  scratch          vol1          4294967296B                          clone2\n");
  g_assert_cmpstr (err2, ==, "");
  g_assert_cmpint (domus_test_domusctl (bad, NULL, &err3), ==, 1);
  g_assert_cmpstr (err3, ==, "domusctl lvs: usage: lvs [--units b]\n");
}

/* The lab scene's image files, as the Storage page lists them. */
static void
test_images (void)
{
  const char *images[] = { "--simulated", "images", NULL };
  const char *bytes[] = { "--simulated", "images", "--folder", "/xen/domains/", "--units", "b", NULL };
  const char *missing[] = { "--simulated", "images", "--folder", "/srv/images", NULL };
  const char *relative[] = { "--simulated", "images", "--folder", "xen", NULL };
  const char *usage[] = { "--simulated", "images", "/xen", NULL };
  g_autofree char *out1 = NULL, *out2 = NULL, *err3 = NULL, *err4 = NULL, *err5 = NULL;

  g_assert_cmpint (domus_test_domusctl (images, &out1, NULL), ==, 0);
  g_assert_cmpstr (out1, ==,
                   "  Folder /xen\n"
                   "  Image                            Format           Size      Allocated  Used by\n"
                   "  domains/clone2.img               raw             4.00g         <1.79g  clone2\n"
                   "  domains/manual/manual.img        raw             2.00g          2.00g  \n"
                   "  domains/web.qcow2                qcow2          10.00g        917.00m  \n"
                   "  netinst.iso                      iso           388.00m        388.00m  \n");
  g_assert_cmpint (domus_test_domusctl (bytes, &out2, NULL), ==, 0);
  g_assert_cmpstr (out2, ==,
                   "  Folder /xen/domains\n"
                   "  Image                            Format           Size      Allocated  Used by\n"
                   "  clone2.img                       raw       4294967296B    1932525568B  clone2\n"
                   "  manual/manual.img                raw       2147483648B    2147483648B  \n"
                   "  web.qcow2                        qcow2    10737418240B     961544192B  \n");
  g_assert_cmpint (domus_test_domusctl (missing, NULL, &err3), ==, 1);
  g_assert_cmpstr (err3, ==, "domusctl images: There is no folder /srv/images on this host\n");
  g_assert_cmpint (domus_test_domusctl (relative, NULL, &err4), ==, 1);
  g_assert_cmpstr (err4, ==, "domusctl images: The image folder must be an absolute path, not “xen”\n");
  g_assert_cmpint (domus_test_domusctl (usage, NULL, &err5), ==, 1);
  g_assert_cmpstr (err5, ==, "domusctl images: usage: images [--folder DIR] [--units b]\n");
}

static void
test_near_full (void)
{
  g_autofree char *dir = g_dir_make_tmp ("domusctl-storage-XXXXXX", NULL);
  g_autofree char *scene = domus_test_write_text (dir, "full.json",
    "{\"storage\": {\"volume_groups\": [{\"name\": \"vol1\", \"size_mib\": 100,"
    " \"volumes\": [{\"name\": \"base\", \"size_mib\": 50},"
    "               {\"name\": \"snap\", \"size_mib\": 10, \"origin\": \"base\", \"data_percent\": 85.5}]}]}}");
  const char *lvs[] = { "--sim", scene, "lvs", NULL };
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (domus_test_domusctl (lvs, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "  snap             vol1               10.00m base              85.50  \n"));
  g_assert_cmpstr (err, ==,
                   "domusctl lvs: warning: snapshot vol1/snap is 85.50 % full: LVM invalidates a full snapshot\n");
  domus_test_remove_dir (dir);
}

static void
test_changes (void)
{
  const char *create[] = { "--simulated", "lvcreate", "-L", "2G", "-n", "web", "vol1", NULL };
  const char *snapshot[] = { "--simulated", "lvcreate", "-s", "-L500Mi", "-n", "vm1", "/dev/vol1/base", NULL };
  const char *too_big[] = { "--simulated", "lvcreate", "-L", "40G", "-n", "big", "vol1", NULL };
  const char *no_origin[] = { "--simulated", "lvcreate", "-s", "-L", "1G", "-n", "x", "vol1", NULL };
  const char *bad_size[] = { "--simulated", "lvcreate", "-L", "lots", "-n", "x", "vol1", NULL };
  const char *remove_used[] = { "--simulated", "lvremove", "-y", "/dev/mapper/vol1-base", NULL };
  const char *remove_none[] = { "--simulated", "lvremove", "vol1/nothing", NULL };
  g_autofree char *out1 = NULL, *out2 = NULL, *err3 = NULL, *err4 = NULL, *err5 = NULL, *err6 = NULL, *err7 = NULL;

  g_assert_cmpint (domus_test_domusctl (create, &out1, NULL), ==, 0);
  g_assert_cmpstr (out1, ==, "  Logical volume \"web\" created.\n");
  g_assert_cmpint (domus_test_domusctl (snapshot, &out2, NULL), ==, 0);
  g_assert_cmpstr (out2, ==, "  Logical volume \"vm1\" created.\n");
  g_assert_cmpint (domus_test_domusctl (too_big, NULL, &err3), ==, 1);
  g_assert_cmpstr (err3, ==, "domusctl lvcreate: Volume group “vol1” has 28.0\u00a0GiB free, not the 40.0\u00a0GiB asked for\n");
  g_assert_cmpint (domus_test_domusctl (no_origin, NULL, &err4), ==, 1);
  g_assert_cmpstr (err4, ==, "domusctl lvcreate: a snapshot (-s) needs its origin: VG/ORIGIN\n");
  g_assert_cmpint (domus_test_domusctl (bad_size, NULL, &err5), ==, 1);
  g_assert_cmpstr (err5, ==, "domusctl lvcreate: “lots” is not a size: write a number and a unit, such as 500M or 15G\n");
  g_assert_cmpint (domus_test_domusctl (remove_used, NULL, &err6), ==, 1);
  g_assert_cmpstr (err6, ==,
                   "domusctl lvremove: Logical volume “vol1/base” is in use by domain “debian10”: destroy the domain, or take the disk out of its config, first\n");
  g_assert_cmpint (domus_test_domusctl (remove_none, NULL, &err7), ==, 1);
  g_assert_cmpstr (err7, ==, "domusctl lvremove: No logical volume “vol1/nothing” on this host\n");
}

/* The lab's debian10 has no config in the scene: given with --config. */
static void
test_clone (void)
{
  g_autofree char *dir = g_dir_make_tmp ("domusctl-clone-XXXXXX", NULL);
  g_autofree char *config = domus_test_write_text (dir, "debian10.cfg",
                                        "name = 'debian10'\nuuid = '11111111-2222-4333-8444-555555555555'\n"
                                        "memory = 512\nvcpus = 1\ndisk = [ 'phy:/dev/vol1/base,xvda,w' ]\n"
                                        "vif = [ 'bridge=virbr0,mac=00:16:3e:01:02:03' ]\n");
  const char *clone[] = { "--simulated", "--sim-speed", "100", "clone", "debian10", "web", "--config", config,
                          "--count", "2", "--snapshot-size", "1G", "--start", NULL };
  const char *bad_count[] = { "--simulated", "clone", "debian10", "web", "--count", "0", NULL };
  const char *usage[] = { "--simulated", "clone", "debian10", NULL };
  g_autofree char *out = NULL, *err = NULL, *err2 = NULL, *err3 = NULL, *text = NULL;
  g_autofree char *web1 = g_build_filename (dir, "web1.cfg", NULL);
  g_autofree char *web2 = g_build_filename (dir, "web2.cfg", NULL);
  g_autofree char *expected = g_strdup_printf ("%s\n%s\n", web1, web2);

  g_assert_cmpint (domus_test_domusctl (clone, &out, &err), ==, 0);
  g_assert_cmpstr (out, ==, expected);
  g_assert_nonnull (strstr (err, "Snapshot of vol1/base as web2"));
  g_assert_nonnull (strstr (err, "Creating web2"));
  g_assert_true (g_file_get_contents (web2, &text, NULL, NULL));
  g_assert_true (g_str_has_prefix (text, "name = 'web2'\nmemory = 512\nvcpus = 1\ndisk = ['phy:/dev/vol1/web2,xvda,w']\n"
                                         "vif = ['bridge=virbr0,mac=00:16:3e:"));
  g_assert_null (strstr (text, "uuid"));
  g_assert_null (strstr (text, "00:16:3e:01:02:03"));

  g_assert_cmpint (domus_test_domusctl (bad_count, NULL, &err2), ==, 1);
  g_assert_cmpstr (err2, ==, "domusctl clone: --count takes a number from 1 to 64, not “0”\n");
  g_assert_cmpint (domus_test_domusctl (usage, NULL, &err3), ==, 1);
  g_assert_true (g_str_has_prefix (err3, "domusctl clone: usage: clone DOMAIN NEW"));
  domus_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/domusctl-storage/list", test_list);
  g_test_add_func ("/domusctl-storage/images", test_images);
  g_test_add_func ("/domusctl-storage/near-full", test_near_full);
  g_test_add_func ("/domusctl-storage/changes", test_changes);
  g_test_add_func ("/domusctl-storage/clone", test_clone);

  return g_test_run ();
}
