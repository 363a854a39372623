/* test-xl-settings.c: "keep after reboot" — live settings into the xl config
 *
 * A domain created from a lab guide's config is tuned live on the simulated
 * host, its settings are written back into the file, and the file is
 * checked line by line: the tuned keys changed, everything else as it was,
 * and creating the domain again from it gives the tuned domain.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "domus-command.h"
#include "domus-test-utils.h"
#include "xlcfg/domus-xl-settings.h"

/* As in the lab guides (a PV domain on an LVM volume), comments included. */
static const char *lab_config =
  "# debian10: the PV domain of practica 2\n"
  "name = \"debian10\"\n"
  "kernel = \"/boot/vmlinuz-4.19.0-6-amd64\"\n"
  "ramdisk = \"/boot/initrd.img-4.19.0-6-amd64\"\n"
  "extra = \"console=hvc0\"\n"
  "root = \"/dev/xvda1 ro\"\n"
  "memory = 1024   # MiB\n"
  "maxmem = 2048\n"
  "vcpus = 2\n"
  "disk = [ 'phy:/dev/mapper/vol1-debian10,xvda,rw' ]\n"
  "vif = [ 'bridge=virbr0' ]\n";

static gint64
run (DomusHost  *host,
     DomusClock *clock,
     const char *line)
{
  g_auto(GStrv) argv = g_strsplit (line, " ", -1);
  g_autoptr(GError) error = NULL;
  DomusRequest *request = domus_command_parse (host, (const char * const *) argv, NULL, &error);
  gint64 value;

  g_assert_no_error (error);
  value = domus_test_run_request (host, clock, request, &error);
  g_assert_no_error (error);
  return value;
}

static void
test_keep_after_reboot (void)
{
  g_autoptr(DomusClock) clock = NULL;
  g_autoptr(DomusHost) host = domus_test_sim_host_new ("{\"host\": {\"pcpus\": 4}}", &clock);
  g_autofree char *dir = g_dir_make_tmp ("domus-xl-settings-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "debian10.cfg", NULL);
  g_autofree char *backup = g_strconcat (path, ".bak", NULL);
  g_autofree char *create = g_strconcat ("create ", path, NULL);
  g_autofree char *written = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusXlConfig) config = NULL;
  g_auto(GStrv) before = NULL;
  g_auto(GStrv) after = NULL;
  DomusDomain *domain;
  g_auto(GStrv) cpus = NULL;
  gint64 value;
  char *text = NULL;

  g_assert_true (g_file_set_contents (path, lab_config, -1, NULL));
  run (host, clock, create);
  domain = domus_host_lookup_domain_by_name (host, "debian10");
  g_assert_nonnull (domain);
  g_assert_cmpstr (domus_domain_get_config_path (domain), ==, path);

  /* Tuned live. */
  run (host, clock, "sched debian10 --weight 512 --cap 50");
  run (host, clock, "vcpu-pin debian10 1 2-3");
  run (host, clock, "vcpu-set debian10 1");
  run (host, clock, "mem-set debian10 768");

  /* Kept: written into its file. */
  config = domus_xl_config_new_from_file (path, &error);
  g_assert_no_error (error);
  domus_xl_config_set_domain_settings (config, domain);
  g_assert_true (domus_xl_config_save (config, NULL, FALSE, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (path, &written, NULL, NULL));
  g_test_message ("written:\n%s", written);
  before = g_strsplit (lab_config, "\n", -1);
  after = g_strsplit (written, "\n", -1);
  /* Every line but memory and vcpus is as it was; memory keeps its comment. */
  for (guint i = 0; before[i] != NULL && before[i][0] != '\0'; i++)
    {
      if (g_str_has_prefix (before[i], "memory"))
        g_assert_cmpstr (after[i], ==, "memory = 768   # MiB");
      else if (g_str_has_prefix (before[i], "vcpus"))
        g_assert_cmpstr (after[i], ==, "vcpus = 1");
      else
        g_assert_cmpstr (after[i], ==, before[i]);
    }
  g_assert_true (domus_xl_config_get_int (config, "cpu_weight", &value) && value == 512);
  g_assert_true (domus_xl_config_get_int (config, "cap", &value) && value == 50);
  g_assert_true (domus_xl_config_get_int (config, "maxvcpus", &value) && value == 2);
  g_assert_true (domus_xl_config_get_int (config, "maxmem", &value) && value == 2048);
  cpus = domus_xl_config_get_list (config, "cpus");
  g_assert_nonnull (cpus);
  g_assert_cmpstr (cpus[0], ==, "all");
  g_assert_cmpstr (cpus[1], ==, "2-3");

  /* The previous file is kept beside it. */
  g_assert_true (g_file_get_contents (backup, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, lab_config);
  g_free (text);

  /* After a "reboot" from the file (destroy, create), the tuning is there. */
  run (host, clock, "destroy debian10");
  value = run (host, clock, create);
  domain = domus_host_lookup_domain_by_name (host, "debian10");
  g_assert_cmpuint (domus_domain_get_id (domain), ==, value);
  g_assert_cmpint (domus_domain_get_weight (domain), ==, 512);
  g_assert_cmpint (domus_domain_get_cap (domain), ==, 50);
  g_assert_cmpuint (domus_domain_get_vcpus_online (domain), ==, 1);
  g_assert_cmpuint (domus_domain_get_vcpus_max (domain), ==, 2);
  g_assert_cmpuint (domus_domain_get_memory_kib (domain), ==, 768 * 1024);
  {
    g_autoptr(DomusVcpu) vcpu1 = g_list_model_get_item (domus_domain_get_vcpus (domain), 1);
    g_assert_cmpstr (domus_vcpu_get_affinity (vcpu1), ==, "2-3");
  }

  g_unlink (path);
  g_unlink (backup);
  g_rmdir (dir);
}

/* A domain moved to another cpupool is created there again. */
static void
test_keep_pool (void)
{
  g_autoptr(DomusClock) clock = NULL;
  g_autoptr(DomusHost) host = domus_test_sim_host_new ("{\"host\": {\"pcpus\": 4}}", &clock);
  g_autofree char *dir = g_dir_make_tmp ("domus-xl-pool-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "debian10.cfg", NULL);
  g_autofree char *create = g_strconcat ("create ", path, NULL);
  g_autoptr(DomusXlConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pool = NULL;
  DomusDomain *domain;

  g_assert_true (g_file_set_contents (path, lab_config, -1, NULL));
  run (host, clock, create);
  domain = domus_host_lookup_domain_by_name (host, "debian10");

  /* In Pool-0, a config without pool stays so. */
  config = domus_xl_config_new_from_file (path, &error);
  g_assert_no_error (error);
  domus_xl_config_set_domain_pool (config, host, domain);
  g_assert_false (domus_xl_config_get_string (config, "pool", &pool));
  g_clear_object (&config);

  run (host, clock, "cpupool-cpu-remove Pool-0 3");
  run (host, clock, "cpupool-create name=p1 sched=credit2 cpus=3");
  run (host, clock, "cpupool-migrate debian10 p1");
  config = domus_xl_config_new_from_file (path, &error);
  g_assert_no_error (error);
  domus_xl_config_set_domain_pool (config, host, domain);
  g_assert_true (domus_xl_config_save (config, NULL, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (domus_xl_config_get_string (config, "pool", &pool));
  g_assert_cmpstr (pool, ==, "p1");

  /* Created again from it: in p1. */
  run (host, clock, "destroy debian10");
  run (host, clock, create);
  domain = domus_host_lookup_domain_by_name (host, "debian10");
  g_assert_cmpuint (domus_domain_get_cpupool_id (domain), ==,
                    domus_cpupool_get_id (domus_host_lookup_cpupool_by_name (host, "p1")));
  domus_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/xl-settings/keep-after-reboot", test_keep_after_reboot);
  g_test_add_func ("/xl-settings/keep-pool", test_keep_pool);

  return g_test_run ();
}
