/* test-storage.c: LVM volume groups and logical volumes
 *
 * The model filled from a scene (and from LVM's own JSON report, as the
 * real host reads it through fake vgs/lvs on PATH), lvcreate and lvremove
 * on the simulated host with the refusals (an LV in use, named with its
 * domain; a snapshot's origin; more than the VG has), Data% growing as the
 * clone writes, on the manual clock, and the warning from 80 %.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "domus-error.h"
#include "domus-lvm.h"
#include "domus-test-remote.h"
#include "domus-test-utils.h"
#include "remote/domus-remote-storage.h"
#include "sim/domus-scene.h"
#include "xlcfg/domus-xl-disk.h"

#define MIB (G_GUINT64_CONSTANT (1024) * 1024)

/* The lab's: base under debian10, a 500 MiB snapshot clone1 that clone1
 * writes 2000 KiB/s to, without swing. */
static const char *lab =
  "{\"host\": {\"pcpus\": 2, \"memory_mib\": 4096},"
  " \"domains\": [{\"name\": \"debian10\", \"disk\": [\"phy:/dev/vol1/base,xvda,w\"]},"
  "              {\"name\": \"clone1\", \"disk\": [\"format=raw, vdev=xvda, access=rw, target=/dev/mapper/vol1-clone1\"],"
  "               \"io\": {\"disk\": [{\"vdev\": \"xvda\", \"write_kib_s\": 2000}], \"swing\": 0}}],"
  " \"storage\": {\"volume_groups\": [{\"name\": \"vol1\", \"size_mib\": 8192,"
  "   \"volumes\": [{\"name\": \"base\", \"size_mib\": 4096},"
  "                 {\"name\": \"clone1\", \"size_mib\": 500, \"origin\": \"base\", \"data_percent\": 10}]},"
  "  {\"name\": \"empty\", \"size_mib\": 1024}]}}";

static void
read_storage (DomusHost *host)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  domus_host_refresh_storage_async (host, NULL, domus_test_result_cb, &result);
  DOMUS_TEST_WAIT_UNTIL (result != NULL, 10);
  g_assert_true (domus_host_refresh_storage_finish (host, result, &error));
  g_assert_no_error (error);
}

static gboolean
create_volume (DomusHost   *host,
               const char  *vg,
               const char  *name,
               guint64      size,
               const char  *origin,
               GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  DomusVolumeSpec spec = { vg, name, size, origin };

  domus_host_create_volume_async (host, &spec, NULL, domus_test_result_cb, &result);
  DOMUS_TEST_WAIT_UNTIL (result != NULL, 10);
  return domus_host_create_volume_finish (host, result, error);
}

static gboolean
remove_volume (DomusHost   *host,
               const char  *vg,
               const char  *name,
               GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  domus_host_remove_volume_async (host, vg, name, NULL, domus_test_result_cb, &result);
  DOMUS_TEST_WAIT_UNTIL (result != NULL, 10);
  return domus_host_remove_volume_finish (host, result, error);
}

static void
test_model (void)
{
  g_autoptr(DomusClock) clock = NULL;
  g_autoptr(DomusHost) host = domus_test_sim_host_new (lab, &clock);
  GListModel *groups = domus_host_get_volume_groups (host);
  g_autoptr(DomusVolumeGroup) vol1 = NULL;
  DomusLogicalVolume *base, *clone1;
  g_autoptr(GPtrArray) used = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (groups), ==, 0);   /* not read yet */
  read_storage (host);
  g_assert_cmpuint (g_list_model_get_n_items (groups), ==, 2);
  vol1 = g_list_model_get_item (groups, 1);   /* sorted: empty, vol1 */
  g_assert_cmpstr (domus_volume_group_get_name (vol1), ==, "vol1");
  g_assert_cmpuint (domus_volume_group_get_size (vol1), ==, 8192 * MIB);
  g_assert_cmpuint (domus_volume_group_get_free (vol1), ==, (8192 - 4096 - 500) * MIB);
  g_assert_cmpuint (g_list_model_get_n_items (domus_volume_group_get_volumes (vol1)), ==, 2);

  base = domus_host_lookup_volume (host, "/dev/vol1/base");
  g_assert_nonnull (base);
  g_assert_true (base == domus_host_lookup_volume (host, "vol1/base"));
  g_assert_true (base == domus_host_lookup_volume (host, "/dev/mapper/vol1-base"));
  g_assert_cmpstr (domus_logical_volume_get_used_by (base), ==, "debian10");
  g_assert_false (domus_logical_volume_is_snapshot (base));
  g_assert_cmpfloat (domus_logical_volume_get_data_percent (base), ==, -1);

  clone1 = domus_host_lookup_volume (host, "vol1/clone1");
  g_assert_cmpstr (domus_logical_volume_get_origin (clone1), ==, "base");
  g_assert_cmpstr (domus_logical_volume_get_used_by (clone1), ==, "clone1");   /* keyed target= */
  g_assert_cmpfloat (domus_logical_volume_get_data_percent (clone1), ==, 10);
  g_assert_false (domus_logical_volume_is_near_full (clone1));

  used = domus_host_dup_domain_volumes (host, "clone1");
  g_assert_cmpuint (used->len, ==, 1);
  g_assert_true (g_ptr_array_index (used, 0) == clone1);
  g_assert_null (domus_host_get_storage_error (host));
}

/* Data% grows as clone1 writes: 2000 KiB/s into 500 MiB. */
static void
test_data_percent (void)
{
  g_autoptr(DomusClock) clock = NULL;
  g_autoptr(DomusHost) host = domus_test_sim_host_new (lab, &clock);
  DomusLogicalVolume *clone1;
  guint notified = 0;
  double before;

  read_storage (host);
  clone1 = domus_host_lookup_volume (host, "vol1/clone1");
  g_signal_connect_swapped (clone1, "notify::near-full", G_CALLBACK (domus_test_count_cb), &notified);
  before = domus_logical_volume_get_data_percent (clone1);

  /* 100 s: 200000 KiB of 512000 more, 39.06 points. */
  domus_clock_advance (clock, 100 * G_USEC_PER_SEC);
  read_storage (host);
  g_assert_true (clone1 == domus_host_lookup_volume (host, "vol1/clone1"));   /* in place */
  g_assert_cmpfloat_with_epsilon (domus_logical_volume_get_data_percent (clone1) - before, 39.06, 0.02);
  g_assert_false (domus_logical_volume_is_near_full (clone1));
  g_assert_cmpuint (notified, ==, 0);

  /* 80 % at 10 + 39.06 × t / 100 s: t = 179.2 s. */
  domus_clock_advance (clock, 80 * G_USEC_PER_SEC);
  read_storage (host);
  g_assert_cmpfloat (domus_logical_volume_get_data_percent (clone1), >=, DOMUS_SNAPSHOT_WARN_PERCENT);
  g_assert_true (domus_logical_volume_is_near_full (clone1));
  g_assert_cmpuint (notified, ==, 1);

  /* Full, never past it. */
  domus_clock_advance (clock, 1000 * G_USEC_PER_SEC);
  read_storage (host);
  g_assert_cmpfloat (domus_logical_volume_get_data_percent (clone1), ==, 100);

  /* A base no one writes to keeps Data% unset; debian10 writes nothing. */
  g_assert_cmpfloat (domus_logical_volume_get_data_percent (domus_host_lookup_volume (host, "vol1/base")), ==, -1);
}

static void
test_create_remove (void)
{
  g_autoptr(DomusClock) clock = NULL;
  g_autoptr(DomusHost) host = domus_test_sim_host_new (lab, &clock);
  g_autoptr(GError) error = NULL;
  DomusVolumeGroup *vol1;

  g_assert_true (create_volume (host, "vol1", "web", 1000 * MIB, NULL, &error));
  g_assert_no_error (error);
  /* Read again before it returns; rounded up to 4 MiB extents. */
  g_assert_cmpuint (domus_logical_volume_get_size (domus_host_lookup_volume (host, "vol1/web")), ==, 1000 * MIB);
  vol1 = domus_host_lookup_volume_group (host, "vol1");
  g_assert_cmpuint (domus_volume_group_get_free (vol1), ==, (8192 - 4096 - 500 - 1000) * MIB);

  g_assert_true (create_volume (host, "vol1", "snap", 3 * MIB, "base", &error));
  g_assert_cmpuint (domus_logical_volume_get_size (domus_host_lookup_volume (host, "vol1/snap")), ==, 4 * MIB);
  g_assert_cmpstr (domus_logical_volume_get_origin (domus_host_lookup_volume (host, "vol1/snap")), ==, "base");

  g_assert_true (remove_volume (host, "vol1", "web", &error));
  g_assert_no_error (error);
  g_assert_null (domus_host_lookup_volume (host, "vol1/web"));
  g_assert_true (remove_volume (host, "vol1", "snap", &error));
  g_assert_cmpuint (domus_volume_group_get_free (vol1), ==, (8192 - 4096 - 500) * MIB);
}

static void
test_refusals (void)
{
  g_autoptr(DomusClock) clock = NULL;
  g_autoptr(DomusHost) host = domus_test_sim_host_new (lab, &clock);
  g_autoptr(GError) error = NULL;

  /* In use: the domain named. */
  g_assert_false (remove_volume (host, "vol1", "clone1", &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_BUSY);
  g_assert_cmpstr (error->message, ==,
                   "Logical volume “vol1/clone1” is in use by domain “clone1”: destroy the domain, or take the disk out of its config, first");
  g_clear_error (&error);
  g_assert_nonnull (domus_host_lookup_volume (host, "vol1/clone1"));

  /* Once the domain is gone, it goes. */
  domus_test_run_request (host, clock, domus_request_new_for_domain (DOMUS_REQUEST_DESTROY,
                                                                     domus_host_lookup_domain_by_name (host, "clone1")),
                          &error);
  g_assert_no_error (error);
  /* base has a snapshot, and a user. */
  domus_test_run_request (host, clock, domus_request_new_for_domain (DOMUS_REQUEST_DESTROY,
                                                                     domus_host_lookup_domain_by_name (host, "debian10")),
                          &error);
  g_assert_no_error (error);
  g_assert_false (remove_volume (host, "vol1", "base", &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_BUSY);
  g_assert_cmpstr (error->message, ==, "Logical volume “vol1/base” has snapshots (clone1): remove them first");
  g_clear_error (&error);
  g_assert_true (remove_volume (host, "vol1", "clone1", &error));
  g_assert_true (remove_volume (host, "vol1", "base", &error));
  g_assert_no_error (error);

  g_assert_false (remove_volume (host, "vol1", "nothing", &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "No logical volume “vol1/nothing” on this host");
  g_clear_error (&error);

  g_assert_false (create_volume (host, "vol2", "web", MIB, NULL, &error));
  g_assert_cmpstr (error->message, ==, "No volume group “vol2” on this host");
  g_clear_error (&error);
  g_assert_false (create_volume (host, "empty", "big", 2048 * MIB, NULL, &error));
  g_assert_cmpstr (error->message, ==, "Volume group “empty” has 1.0\u00a0GiB free, not the 2.0\u00a0GiB asked for");
  g_clear_error (&error);
  g_assert_false (create_volume (host, "empty", "snapshot1", MIB, NULL, &error));
  g_assert_cmpstr (error->message, ==, "“snapshot1” cannot name a volume: LVM keeps names starting with “snapshot” for itself");
  g_clear_error (&error);
  g_assert_false (create_volume (host, "empty", "a/b", MIB, NULL, &error));
  g_assert_cmpstr (error->message, ==, "“a/b” cannot name a volume: use only letters, digits and “+_.-”");
  g_clear_error (&error);
  g_assert_false (create_volume (host, "empty", "s", MIB, "base", &error));
  g_assert_cmpstr (error->message, ==, "No logical volume “empty/base” to take a snapshot of");
  g_clear_error (&error);
  g_assert_true (create_volume (host, "empty", "one", MIB, NULL, &error));
  g_assert_false (create_volume (host, "empty", "one", MIB, NULL, &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_false (create_volume (host, "empty", "zero", 0, NULL, &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT);
}

static void
test_scene_errors (void)
{
  static const struct { const char *storage, *message; } cases[] = {
    { "[]", "storage: must be an object" },
    { "{\"vgs\": []}", "storage.vgs: unknown key" },
    { "{\"volume_groups\": [{\"size_mib\": 10}]}", "storage.volume_groups[0].name: must be a name" },
    { "{\"volume_groups\": [{\"name\": \"v\", \"size_mib\": 10, \"volumes\": [{\"name\": \"a\", \"size_mib\": 20}]}]}",
      "storage.volume_groups[0]: its volumes need 20 MiB but it has 10 MiB" },
    { "{\"volume_groups\": [{\"name\": \"v\", \"size_mib\": 10, \"volumes\": [{\"name\": \"s\", \"size_mib\": 2, \"origin\": \"a\"}]}]}",
      "storage.volume_groups[0].volumes[0].origin: “a” is no ordinary volume listed before it in this volume group" },
    { "{\"volume_groups\": [{\"name\": \"v\", \"size_mib\": 10}, {\"name\": \"v\", \"size_mib\": 10}]}",
      "storage.volume_groups[1].name: “v” is already the name of another volume group" },
    { "{\"volume_groups\": [{\"name\": \"v\", \"size_mib\": 10, \"volumes\": [{\"name\": \"a\", \"size_mib\": 2, \"data_percent\": 5}, {\"name\": \"s\", \"size_mib\": 2, \"origin\": \"a\", \"data_percent\": 101}]}]}",
      "storage.volume_groups[0].volumes[1].data_percent: 101 is out of range (0 to 100)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"storage\": %s}", cases[i].storage);
      g_autoptr(GError) error = NULL;
      g_autoptr(DomusScene) scene = domus_scene_new_from_data (json, -1, &error);

      g_assert_null (scene);
      g_assert_nonnull (error);
      g_test_message ("%s", error->message);
      g_assert_true (g_str_has_prefix (error->message, cases[i].message));
    }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DomusScene) scene = domus_scene_new_from_data ("{\"domains\": [{\"name\": \"a\", \"disk\": \"x\"}]}", -1,
                                                             &error);
    g_assert_null (scene);
    g_assert_cmpstr (error->message, ==, "domains[0].disk: must be a list of xl disk specs");
  }
  /* The lab's own scene reads, with its VG. */
  {
    g_autoptr(DomusScene) scene = domus_scene_new_default ();

    g_assert_cmpuint (scene->volume_groups->len, ==, 1);
  }
}

static void
test_disk_specs (void)
{
  static const struct { const char *spec, *target, *vdev; gboolean cdrom; } cases[] = {
    { "phy:/dev/vol1/base,xvda,w", "/dev/vol1/base", "xvda", FALSE },
    { "file:/xen/domains/clone2.img,xvda,w", "/xen/domains/clone2.img", "xvda", FALSE },
    { "tap:aio:/x/y.img,xvdb,w", "/x/y.img", "xvdb", FALSE },
    { "format=raw, vdev=xvda, access=rw, target=/dev/vg/guest,a", "/dev/vg/guest,a", "xvda", FALSE },
    { "file:/x.iso,hdc:cdrom,r", "/x.iso", "hdc", TRUE },
    { ",hdc:cdrom,r", NULL, "hdc", TRUE },
    { "/dev/sda6,hda,w", "/dev/sda6", "hda", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *vdev = NULL;
      gboolean cdrom;
      g_autofree char *target = domus_xl_disk_get_target (cases[i].spec, &vdev, &cdrom);

      g_assert_cmpstr (target, ==, cases[i].target);
      g_assert_cmpstr (vdev, ==, cases[i].vdev);
      g_assert_cmpint (cdrom, ==, cases[i].cdrom);
    }
  {
    g_autofree char *a = domus_xl_disk_with_target ("phy:/dev/vol1/base,xvda,w", "/dev/vol1/clone1");
    g_autofree char *b = domus_xl_disk_with_target ("vdev=xvda, target=/dev/vol1/base", "/dev/vol1/c");

    g_assert_cmpstr (a, ==, "phy:/dev/vol1/clone1,xvda,w");
    g_assert_cmpstr (b, ==, "vdev=xvda, target=/dev/vol1/c");
  }
  g_assert_true (domus_storage_target_is_lv ("/dev/mapper/my--vg-my--lv", "my-vg", "my-lv"));
  g_assert_false (domus_storage_target_is_lv ("/dev/mapper/my-vg-my-lv", "my-vg", "my-lv"));
  g_assert_true (domus_storage_target_is_lv ("/dev/vol1/../vol1/base", "vol1", "base"));
}

static void
test_sizes (void)
{
  static const struct { const char *text; guint64 bytes; } good[] = {
    { "15Gi", 15 * 1024 * MIB }, { "500Mi", 500 * MIB }, { "500M", 500 * MIB }, { "4g", 4096 * MIB },
    { "2.5G", 2560 * MIB }, { "100", 100 * MIB }, { "8s", 4096 }, { "1KiB", 1024 }, { "512b", 512 },
  };
  static const char *bad[] = { "", "G", "-1G", "4X", "4GG", "1e30T" };
  guint64 bytes;

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (domus_storage_parse_size (good[i].text, &bytes, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (bytes, ==, good[i].bytes);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (domus_storage_parse_size (bad[i], &bytes, &error));
      g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT);
    }
  {
    g_autofree char *a = domus_storage_format_size (15 * 1024 * MIB);
    g_autofree char *b = domus_storage_format_size (3 * 1024 * MIB + 10 * MIB);

    g_assert_cmpstr (a, ==, "15.00g");
    g_assert_cmpstr (b, ==, "<3.00g");
  }
}

/* --- LVM's tools, as the real host runs them --------------------------------- */

static const char *vgs_json =
  "  {\n      \"report\": [\n          {\n              \"vg\": [\n"
  "                  {\"vg_name\":\"vol1\", \"vg_size\":\"64424509440\", \"vg_free\":\"30064771072\"}\n"
  "              ]\n          }\n      ]\n  }\n";
static const char *lvs_json =
  "  {\n      \"report\": [\n          {\n              \"lv\": [\n"
  "                  {\"vg_name\":\"vol1\", \"lv_name\":\"base\", \"lv_size\":\"16106127360\", \"origin\":\"\", \"data_percent\":\"\"},\n"
  "                  {\"vg_name\":\"vol1\", \"lv_name\":\"clone1\", \"lv_size\":\"3221225472B\", \"origin\":\"base\", \"data_percent\":\"83.41\"},\n"
  "                  {\"vg_name\":\"vol1\", \"lv_name\":\"gone\", \"lv_size\":\"3221225472\", \"origin\":\"base\", \"data_percent\":\"\"}\n"
  "              ]\n          }\n      ]\n  }\n";

static void
test_lvm_report (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusStorageSample) sample = domus_lvm_parse_reports (vgs_json, lvs_json, &error);
  const DomusLvSample *lv;

  g_assert_no_error (error);
  g_assert_cmpuint (sample->vgs->len, ==, 1);
  g_assert_cmpuint (g_array_index (sample->vgs, DomusVgSample, 0).free, ==, G_GUINT64_CONSTANT (30064771072));
  g_assert_cmpuint (sample->lvs->len, ==, 3);
  lv = &g_array_index (sample->lvs, DomusLvSample, 1);
  g_assert_cmpstr (lv->origin, ==, "base");
  g_assert_cmpuint (lv->size, ==, G_GUINT64_CONSTANT (3221225472));
  g_assert_cmpfloat (lv->data_percent, ==, 83.41);
  /* An invalidated snapshot shows no Data%: full. */
  g_assert_cmpfloat (g_array_index (sample->lvs, DomusLvSample, 2).data_percent, ==, 100);
  g_assert_null (g_array_index (sample->lvs, DomusLvSample, 0).origin);

  {
    g_autoptr(DomusStorageSample) none = domus_lvm_parse_reports ("{\"report\": []}", lvs_json, &error);

    g_assert_null (none);
    g_assert_cmpstr (error->message, ==, "vgs’s report has no list “report[0].vg”");
    g_clear_error (&error);
  }
  {
    g_autoptr(DomusStorageSample) none =
      domus_lvm_parse_reports (vgs_json, "{\"report\": [{\"lv\": [{\"vg_name\": \"v\", \"lv_name\": \"a\", \"lv_size\": \"12.5g\"}]}]}",
                               &error);

    g_assert_null (none);
    g_assert_cmpstr (error->message, ==, "lvs’s row 0: “lv_size” is not a size in bytes (12.5g)");
    g_clear_error (&error);
  }
  {
    g_autoptr(DomusStorageSample) none = domus_lvm_parse_reports ("not json", lvs_json, &error);

    g_assert_null (none);
    g_assert_true (g_str_has_prefix (error->message, "vgs’s report does not read as JSON"));
  }
}

static void
write_tool (const char *dir,
            const char *name,
            const char *script)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, script, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (path, 0755), ==, 0);
}

static DomusStorageSample *
lvm_read (GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  domus_lvm_read_async (NULL, domus_test_result_cb, &result);
  DOMUS_TEST_WAIT_UNTIL (result != NULL, 10);
  return domus_lvm_read_finish (result, error);
}

static gboolean
lvm_change (const DomusVolumeSpec  *create,
            const char             *vg,
            const char             *lv,
            GError                **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  domus_lvm_change_async (create, vg, lv, NULL, domus_test_result_cb, &result);
  DOMUS_TEST_WAIT_UNTIL (result != NULL, 10);
  return domus_lvm_change_finish (result, error);
}

/* The tools on PATH: none (lvm2 not installed), then fakes that print
 * LVM's reports and log their arguments. */
static void
test_lvm_tools (void)
{
  g_autofree char *dir = g_dir_make_tmp ("domus-lvm-XXXXXX", NULL);
  g_autofree char *vgs = NULL, *lvs = NULL, *log_path = g_build_filename (dir, "log", NULL);
  g_autofree char *log = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusStorageSample) sample = NULL;
  DomusVolumeSpec spec = { "vol1", "clone1", 500 * MIB, "base" };

  _domus_lvm_set_tool_dir (dir);
  sample = lvm_read (&error);
  g_assert_null (sample);
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_SUPPORTED);
  g_assert_cmpstr (error->message, ==,
                   "LVM’s tools are not installed on this host (no “vgs”): install Debian’s package lvm2 (apt install lvm2)");
  g_clear_error (&error);

  vgs = g_strdup_printf ("#!/bin/sh\necho \"vgs $*\" >> '%s'\n/bin/cat <<'END'\n%sEND\n", log_path, vgs_json);
  lvs = g_strdup_printf ("#!/bin/sh\necho \"lvs $*\" >> '%s'\n/bin/cat <<'END'\n%sEND\n", log_path, lvs_json);
  write_tool (dir, "vgs", vgs);
  write_tool (dir, "lvs", lvs);
  {
    g_autofree char *lvcreate = g_strdup_printf ("#!/bin/sh\necho \"lvcreate $*\" >> '%s'\n", log_path);
    g_autofree char *lvremove = g_strdup_printf ("#!/bin/sh\necho \"lvremove $*\" >> '%s'\n"
                                                 "echo '  Logical volume vol1/base in use.' >&2\nexit 5\n", log_path);

    write_tool (dir, "lvcreate", lvcreate);
    write_tool (dir, "lvremove", lvremove);
  }
  sample = lvm_read (&error);
  g_assert_no_error (error);
  g_assert_cmpuint (sample->lvs->len, ==, 3);
  g_assert_true (lvm_change (&spec, NULL, NULL, &error));
  g_assert_false (lvm_change (NULL, "vol1", "base", &error));
  g_assert_cmpstr (error->message, ==, "lvremove failed: Logical volume vol1/base in use.");

  g_assert_true (g_file_get_contents (log_path, &log, NULL, NULL));
  g_assert_cmpstr (log, ==,
                   "vgs --reportformat json --units b --nosuffix -o vg_name,vg_size,vg_free\n"
                   "lvs --reportformat json --units b --nosuffix -o vg_name,lv_name,lv_size,origin,data_percent\n"
                   "lvcreate --yes --snapshot --size 524288000b --name clone1 vol1/base\n"
                   "lvremove --yes vol1/base\n");
  _domus_lvm_set_tool_dir (NULL);
  domus_test_remove_dir (dir);
}

/* A backend without storage says so. */
static void
test_unsupported (void)
{
  g_autoptr(DomusClock) clock = NULL;
  g_autoptr(DomusHost) host = domus_test_sim_host_new ("{}", &clock);

  read_storage (host);
  g_assert_cmpuint (g_list_model_get_n_items (domus_host_get_volume_groups (host)), ==, 0);
}

/* The same through domus-agent: read, made, refused in the host's words. */
static void
test_through_agent (void)
{
  DomusTestRemote r;
  g_autoptr(GError) error = NULL;
  DomusLogicalVolume *lv;

  domus_test_remote_setup (&r, lab);
  read_storage (r.remote);
  lv = domus_host_lookup_volume (r.remote, "vol1/clone1");
  g_assert_nonnull (lv);
  g_assert_cmpstr (domus_logical_volume_get_origin (lv), ==, "base");
  g_assert_cmpfloat (domus_logical_volume_get_data_percent (lv), ==, 10);
  g_assert_cmpstr (domus_logical_volume_get_used_by (lv), ==, "clone1");
  g_assert_cmpuint (domus_volume_group_get_free (domus_host_lookup_volume_group (r.remote, "vol1")), ==,
                    (8192 - 4096 - 500) * MIB);

  g_assert_true (create_volume (r.remote, "vol1", "snap", 100 * MIB, "base", &error));
  g_assert_no_error (error);
  g_assert_nonnull (domus_host_lookup_volume (r.remote, "vol1/snap"));
  read_storage (r.sim);
  g_assert_cmpstr (domus_logical_volume_get_origin (domus_host_lookup_volume (r.sim, "vol1/snap")), ==, "base");

  g_assert_false (remove_volume (r.remote, "vol1", "base", &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_BUSY);
  g_assert_cmpstr (error->message, ==,
                   "Logical volume “vol1/base” is in use by domain “debian10”: destroy the domain, or take the disk out of its config, first");
  g_clear_error (&error);
  g_assert_true (remove_volume (r.remote, "vol1", "snap", &error));
  g_assert_null (domus_host_lookup_volume (r.remote, "vol1/snap"));
  domus_test_remote_teardown (&r);

  /* An agent of protocol 6 cannot. */
  domus_test_remote_setup_version (&r, lab, 6);
  {
    g_autoptr(GAsyncResult) result = NULL;

    domus_host_refresh_storage_async (r.remote, NULL, domus_test_result_cb, &result);
    DOMUS_TEST_WAIT_UNTIL (result != NULL, 10);
    g_assert_false (domus_host_refresh_storage_finish (r.remote, result, &error));
    g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_SUPPORTED);
    g_assert_true (g_str_has_suffix (error->message, "is of an older Domus: it cannot read nor change the host’s storage (LVM volumes)"));
    g_clear_error (&error);
  }
  domus_test_remote_teardown (&r);
}

/* What an agent sends is checked before it is believed. */
static void
test_wire (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) vgs = g_variant_ref_sink (g_variant_new_parsed ("[('vol1', uint64 10, uint64 20)]"));
  g_autoptr(GVariant) lvs = g_variant_ref_sink (g_variant_new_parsed ("@a(sstsds) []"));
  g_autoptr(GVariant) bad_lvs = g_variant_ref_sink (g_variant_new_parsed ("[('vol1', 'a', uint64 1, 'b', 250.0, '')]"));
  g_autoptr(GVariant) good_vgs = g_variant_ref_sink (g_variant_new_parsed ("[('vol1', uint64 20, uint64 10)]"));
  g_autoptr(DomusStorageSample) none = domus_remote_storage_decode (vgs, lvs, &error);

  g_assert_null (none);
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE);
  g_clear_error (&error);
  g_assert_null (domus_remote_storage_decode (good_vgs, bad_lvs, &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE);
  g_clear_error (&error);
  g_assert_null (domus_remote_storage_decode (lvs, vgs, &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/storage/model", test_model);
  g_test_add_func ("/storage/data-percent", test_data_percent);
  g_test_add_func ("/storage/create-remove", test_create_remove);
  g_test_add_func ("/storage/refusals", test_refusals);
  g_test_add_func ("/storage/scene-errors", test_scene_errors);
  g_test_add_func ("/storage/disk-specs", test_disk_specs);
  g_test_add_func ("/storage/sizes", test_sizes);
  g_test_add_func ("/storage/lvm-report", test_lvm_report);
  g_test_add_func ("/storage/lvm-tools", test_lvm_tools);
  g_test_add_func ("/storage/no-volume-groups", test_unsupported);
  g_test_add_func ("/storage/through-agent", test_through_agent);
  g_test_add_func ("/storage/wire", test_wire);

  return g_test_run ();
}
