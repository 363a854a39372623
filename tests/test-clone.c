/* test-clone.c: the lab's clone recipe as one action
 *
 * On the simulated host with a VG vol1: a domain created from an xl
 * config on vol1/base is cloned by snapshot (its size the default 20 %
 * or asked), its config copied with the new name, the clone's disk, a
 * fresh MAC and no uuid; created when asked; several at once; a file
 * image copied; refusals before anything is made, and a clone that fails
 * half-way leaves nothing of its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "domus-clone.h"
#include "domus-error.h"
#include "domus-test-utils.h"
#include "xlcfg/domus-xl-config.h"

#define MIB (G_GUINT64_CONSTANT (1024) * 1024)

static const char *scene =
  "{\"host\": {\"pcpus\": 2, \"memory_mib\": 8192},"
  " \"storage\": {\"volume_groups\": [{\"name\": \"vol1\", \"size_mib\": 6000,"
  "   \"volumes\": [{\"name\": \"base\", \"size_mib\": 4096}]}]}}";

static const char *config_text =
  "# the lab's debian10\n"
  "name = 'debian10'\n"
  "uuid = 'aa4ab5b8-7b4e-4f5a-8b0d-6c1f6c9d1f00'\n"
  "type = 'pv'\n"
  "memory = 256\n"
  "vcpus = 1\n"
  "disk = [ 'phy:/dev/vol1/base,xvda,w', 'file:/srv/iso/debian.iso,hdc:cdrom,r' ]\n"
  "vif = [ 'bridge=virbr0,mac=00:16:3e:11:22:33', 'bridge=xenbr1' ]\n";

typedef struct
{
  DomusClock *clock;
  DomusHost  *host;
  char       *dir;
  char       *config;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  DomusRequest *create;

  f->host = domus_test_sim_host_new (scene, &f->clock);
  f->dir = g_dir_make_tmp ("domus-clone-XXXXXX", NULL);
  f->config = g_build_filename (f->dir, "debian10.cfg", NULL);
  g_file_set_contents (f->config, config_text, -1, &error);
  g_assert_no_error (error);
  create = domus_request_new (DOMUS_REQUEST_CREATE);
  create->path = g_strdup (f->config);
  domus_test_run_request (f->host, f->clock, create, &error);
  g_assert_no_error (error);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_clear_object (&f->host);
  g_clear_object (&f->clock);
  domus_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->config);
}

static GPtrArray *
run_clone (Fixture             *f,
           const char          *source,
           const char * const  *names,
           guint64              snapshot_size,
           gboolean             start,
           GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  DomusCloneSpec spec = { source, NULL, names, snapshot_size, start };

  domus_clone_async (f->host, &spec, NULL, NULL, NULL, domus_test_result_cb, &result);
  DOMUS_TEST_WAIT_STEPPING (f->clock, result != NULL, 30);
  return domus_clone_finish (f->host, result, error);
}

static DomusXlConfig *
read_config (Fixture    *f,
             const char *name)
{
  g_autofree char *file = g_strdup_printf ("%s.cfg", name);
  g_autofree char *path = g_build_filename (f->dir, file, NULL);
  g_autoptr(GError) error = NULL;
  DomusXlConfig *config = domus_xl_config_new_from_file (path, &error);

  g_assert_no_error (error);
  return config;
}

static void
test_snapshot (Fixture       *f,
               gconstpointer  data)
{
  const char *names[] = { "clone1", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) written = run_clone (f, "debian10", names, 0, FALSE, &error);
  g_autoptr(DomusXlConfig) config = NULL;
  g_autofree char *name = NULL;
  g_autofree char *expected = g_build_filename (f->dir, "clone1.cfg", NULL);
  g_auto(GStrv) disks = NULL, vifs = NULL;
  DomusLogicalVolume *lv;

  g_assert_no_error (error);
  g_assert_cmpuint (written->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (written, 0), ==, expected);

  /* The snapshot: 20 % of 4096 MiB, in whole MiB. */
  lv = domus_host_lookup_volume (f->host, "vol1/clone1");
  g_assert_nonnull (lv);
  g_assert_cmpstr (domus_logical_volume_get_origin (lv), ==, "base");
  g_assert_cmpuint (domus_logical_volume_get_size (lv), ==, 820 * MIB);

  config = read_config (f, "clone1");
  g_assert_true (domus_xl_config_get_string (config, "name", &name));
  g_assert_cmpstr (name, ==, "clone1");
  g_assert_false (domus_xl_config_has_key (config, "uuid"));
  disks = domus_xl_config_get_list (config, "disk");
  g_assert_cmpuint (g_strv_length (disks), ==, 2);
  g_assert_cmpstr (disks[0], ==, "phy:/dev/vol1/clone1,xvda,w");
  g_assert_cmpstr (disks[1], ==, "file:/srv/iso/debian.iso,hdc:cdrom,r");   /* the ISO is shared */
  vifs = domus_xl_config_get_list (config, "vif");
  g_assert_cmpuint (g_strv_length (vifs), ==, 2);
  g_assert_true (g_str_has_prefix (vifs[0], "bridge=virbr0,mac=00:16:3e:"));
  g_assert_cmpstr (vifs[0], !=, "bridge=virbr0,mac=00:16:3e:11:22:33");
  g_assert_true (g_str_has_prefix (vifs[1], "bridge=xenbr1,mac=00:16:3e:"));
  g_assert_cmpstr (vifs[0] + strlen ("bridge=virbr0,"), !=, vifs[1] + strlen ("bridge=xenbr1,"));
  /* The rest as written, comment and all. */
  {
    g_autofree char *text = domus_xl_config_to_data (config);

    g_assert_true (g_str_has_prefix (text, "# the lab's debian10\nname = 'clone1'\ntype = 'pv'\n"));
  }
  /* Not created: not asked. */
  g_assert_null (domus_host_lookup_domain_by_name (f->host, "clone1"));
}

/* Clone N at once, started, with the snapshot size asked. */
static void
test_clone_n_started (Fixture       *f,
                      gconstpointer  data)
{
  g_auto(GStrv) names = domus_clone_names ("web", 3);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) written = NULL;
  g_auto(GStrv) one = domus_clone_names ("solo", 1);

  g_assert_cmpstr (one[0], ==, "solo");
  g_assert_null (one[1]);
  g_assert_cmpstr (names[0], ==, "web1");
  g_assert_cmpstr (names[2], ==, "web3");
  written = run_clone (f, "debian10", (const char * const *) names, 500 * MIB, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (written->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *path = g_strdup_printf ("/dev/vol1/%s", names[i]);
      DomusLogicalVolume *lv = domus_host_lookup_volume (f->host, path);

      g_assert_nonnull (domus_host_lookup_domain_by_name (f->host, names[i]));
      g_assert_nonnull (lv);
      g_assert_cmpuint (domus_logical_volume_get_size (lv), ==, 500 * MIB);
    }
  /* Once read, each snapshot is its clone's. */
  {
    g_autoptr(GAsyncResult) result = NULL;

    domus_host_refresh_storage_async (f->host, NULL, domus_test_result_cb, &result);
    DOMUS_TEST_WAIT_UNTIL (result != NULL, 10);
    g_assert_true (domus_host_refresh_storage_finish (f->host, result, NULL));
  }
  g_assert_cmpstr (domus_logical_volume_get_used_by (domus_host_lookup_volume (f->host, "vol1/web2")), ==, "web2");
}

static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  const char *taken[] = { "debian10", NULL };
  const char *twice[] = { "a", "a", NULL };
  const char *digits[] = { "12", NULL };
  const char *names[] = { "c1", "c2", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *c2 = g_build_filename (f->dir, "c2.cfg", NULL);

  g_assert_null (run_clone (f, "debian10", taken, 0, FALSE, &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_EXISTS);
  g_assert_cmpstr (error->message, ==, "A domain “debian10” is on this host already");
  g_clear_error (&error);
  g_assert_null (run_clone (f, "debian10", twice, 0, FALSE, &error));
  g_assert_cmpstr (error->message, ==, "“a” is asked for twice");
  g_clear_error (&error);
  g_assert_null (run_clone (f, "debian10", digits, 0, FALSE, &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (run_clone (f, "nobody", names, 0, FALSE, &error));
  g_assert_cmpstr (error->message, ==, "No domain “nobody” on this host");
  g_clear_error (&error);
  /* Domain-0 was made by no config Domus knows. */
  g_assert_null (run_clone (f, "Domain-0", names, 0, FALSE, &error));
  g_assert_cmpstr (error->message, ==,
                   "Domus does not know which xl config “Domain-0” was created from: give it (domusctl clone --config FILE)");
  g_clear_error (&error);

  /* The first clone fits, the second's snapshot not (1904 MiB free):
   * the first stays whole, nothing of the second is left. */
  g_assert_null (run_clone (f, "debian10", names, 1000 * MIB, FALSE, &error));
  g_assert_cmpstr (error->message, ==, "Volume group “vol1” has 904.0\u00a0MiB free, not the 1000.0\u00a0MiB asked for");
  g_assert_nonnull (domus_host_lookup_volume (f->host, "vol1/c1"));
  g_assert_null (domus_host_lookup_volume (f->host, "vol1/c2"));
  g_assert_false (g_file_test (c2, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* c1.cfg is there now: not written over. */
  {
    const char *again[] = { "c1", NULL };

    domus_test_run_request (f->host, f->clock, domus_request_new_for_domain (DOMUS_REQUEST_DESTROY,
                                                                             domus_host_lookup_domain_by_name (f->host, "debian10")),
                            &error);
    g_assert_no_error (error);
    g_assert_null (run_clone (f, "debian10", again, 0, FALSE, &error));
    g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND);   /* the domain is gone, its config not given */
  }
}

/* A file image is copied beside it, the copy named after the clone. */
static void
test_file_image (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *image = g_build_filename (f->dir, "filedom.img", NULL);
  g_autofree char *copy = g_build_filename (f->dir, "fclone.img", NULL);
  g_autofree char *config_path = g_build_filename (f->dir, "filedom.cfg", NULL);
  g_autofree char *text = g_strdup_printf ("name = 'filedom'\nmemory = 128\ndisk = [ 'file:%s,xvda,w' ]\n", image);
  g_autofree char *contents = NULL;
  const char *names[] = { "fclone", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) written = NULL;
  g_autoptr(DomusXlConfig) config = NULL;
  g_auto(GStrv) disks = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  DomusCloneSpec spec = { "filedom", config_path, names, 0, FALSE };

  g_file_set_contents (image, "a disk of the lab", -1, &error);
  g_file_set_contents (config_path, text, -1, &error);
  g_assert_no_error (error);

  /* Not created on the host: its config given. */
  domus_clone_async (f->host, &spec, NULL, NULL, NULL, domus_test_result_cb, &result);
  DOMUS_TEST_WAIT_STEPPING (f->clock, result != NULL, 30);
  written = domus_clone_finish (f->host, result, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (copy, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "a disk of the lab");
  config = read_config (f, "fclone");
  disks = domus_xl_config_get_list (config, "disk");
  {
    g_autofree char *expected = g_strdup_printf ("file:%s,xvda,w", copy);

    g_assert_cmpstr (disks[0], ==, expected);
  }
  /* A vif with no MAC gets a fresh one too; this has none at all. */
  g_assert_false (domus_xl_config_has_key (config, "vif"));
}

static void
test_config_text (void)
{
  const char *disks[] = { "phy:/dev/v/n,xvda,w", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = domus_clone_config_text ("name='a'\nvif=['']\nuuid=\"x\" # old\n", "a.cfg", "n", disks, &error);

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (text, "name='n'\nvif=['mac=00:16:3e:"));
  g_assert_null (strstr (text, "uuid"));
  g_assert_nonnull (strstr (text, "\ndisk=['phy:/dev/v/n,xvda,w']"));
  g_clear_pointer (&text, g_free);
  g_assert_null (domus_clone_config_text ("name = ", "bad.cfg", "n", NULL, &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/clone/snapshot", Fixture, NULL, setup, test_snapshot, teardown);
  g_test_add ("/clone/n-started", Fixture, NULL, setup, test_clone_n_started, teardown);
  g_test_add ("/clone/refused", Fixture, NULL, setup, test_refused, teardown);
  g_test_add ("/clone/file-image", Fixture, NULL, setup, test_file_image, teardown);
  g_test_add_func ("/clone/config-text", test_config_text);

  return g_test_run ();
}
