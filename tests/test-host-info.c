/* test-host-info.c: the host's facts (xl info) and following Xen's log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "domus-error.h"
#include "domus-host-info.h"
#include "domus-limits.h"
#include "domus-host-recorder.h"
#include "domus-top-csv.h"
#include "domus-xen-log.h"
#include "domus-test-utils.h"

static const char *scene_json =
  "{\"host\": {\"pcpus\": 2, \"memory_mib\": 4096, \"scheduler\": \"credit2\"},"
  " \"domains\": [{\"name\": \"Domain-0\", \"vcpus\": 2, \"memory_mib\": 1024},"
  "              {\"name\": \"web\", \"memory_mib\": 512}]}";

static DomusHostInfo *
get_info (DomusHost *host)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  DomusHostInfo *info;

  domus_host_get_info_async (host, NULL, domus_test_result_cb, &result);
  DOMUS_TEST_WAIT_UNTIL (result != NULL, 30);
  info = domus_host_get_info_finish (host, result, &error);
  g_assert_no_error (error);
  return info;
}

static GBytes *
read_log (DomusXenLog *log)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GBytes *bytes;

  domus_xen_log_read_async (log, NULL, domus_test_result_cb, &result);
  DOMUS_TEST_WAIT_UNTIL (result != NULL, 30);
  bytes = domus_xen_log_read_finish (log, result, &error);
  g_assert_no_error (error);
  return bytes;
}

/* The value of @key in xl info's text, or NULL. */
static char *
xl_value (const char *text,
          const char *key)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *colon = strchr (lines[i], ':');

      if (colon == NULL)
        continue;
      *colon = '\0';
      if (g_strcmp0 (g_strstrip (lines[i]), key) == 0)
        return g_strdup (colon[1] == ' ' ? colon + 2 : colon + 1);
    }
  return NULL;
}

static void
test_sim_facts (void)
{
  g_autoptr(DomusClock) clock = NULL;
  g_autoptr(DomusHost) host = domus_test_sim_host_new (scene_json, &clock);
  g_autoptr(DomusHostInfo) info = get_info (host);
  g_autofree char *text = domus_host_info_to_xl_text (info);
  g_autofree char *version = domus_host_info_dup_xen_version (info);
  g_autofree char *dom0_mem = domus_host_info_dup_dom0_mem (info);
  g_autofree char *caps = domus_host_info_dup_virt_caps (info);
  struct { const char *key, *value; } expected[] = {
    { "host", "xenlab" },
    { "nr_cpus", "2" },
    { "max_cpu_id", "1" },
    { "nr_nodes", "1" },
    { "cores_per_socket", "2" },
    { "threads_per_core", "1" },
    { "cpu_mhz", "2400.000" },
    { "virt_caps", "pv hvm hvm_directio pv_directio hap shadow iommu_hap_pt_share gnttab-v1 gnttab-v2" },
    { "total_memory", "4096" },
    { "free_memory", "2560" },
    { "xen_major", "4" },
    { "xen_minor", "17" },
    { "xen_extra", ".0" },
    { "xen_version", "4.17.0" },
    { "xen_scheduler", "credit2" },
    { "xen_pagesize", "4096" },
    { "platform_params", "virt_start=0xffff800000000000" },
    { "xend_config_format", "4" },
    { "dom0_memory", "1024" },
    { "dom0_mem", "1024M,max:1024M" },
    { "cpu_virt", "vmx" },
    { "cpupool", "Pool-0 credit2 2 2" },
  };

  g_assert_cmpstr (version, ==, "4.17.0");
  g_assert_cmpstr (dom0_mem, ==, "1024M,max:1024M");
  g_assert_cmpstr (domus_host_info_get_cpu_virt_name (info), ==, "VT-x");
  g_assert_true (g_str_has_prefix (caps, "pv hvm"));
  g_assert_true (g_str_has_prefix (text, "host                   : xenlab\n"));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *value = xl_value (text, expected[i].key);

      g_test_message ("%s", expected[i].key);
      g_assert_cmpstr (value, ==, expected[i].value);
    }
  g_assert_true (strstr (info->xen_commandline, "dom0_max_vcpus=2 sched=credit2") != NULL);
}

static void
test_variant_round_trip (void)
{
  g_autoptr(DomusClock) clock = NULL;
  g_autoptr(DomusHost) host = domus_test_sim_host_new (scene_json, &clock);
  g_autoptr(DomusHostInfo) info = get_info (host);
  g_autoptr(DomusHostInfo) copy = domus_host_info_copy (info);
  g_autoptr(GVariant) variant = g_variant_ref_sink (domus_host_info_to_variant (copy));
  g_autoptr(DomusHostInfo) back = domus_host_info_new_from_variant (variant, NULL);
  g_autofree char *text = domus_host_info_to_xl_text (info);
  g_autofree char *back_text = NULL;
  g_autofree char *json = domus_host_info_to_json (back);
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) odd = g_variant_ref_sink (g_variant_new_parsed ("{'nr_cpus': <'two'>, 'what': <1>}"));
  g_autoptr(DomusHostInfo) partial = NULL;

  g_assert_nonnull (back);
  back_text = domus_host_info_to_xl_text (back);
  g_assert_cmpstr (back_text, ==, text);
  g_assert_true (strstr (json, "\"xen_version\":\"4.17.0\"") != NULL);
  g_assert_true (strstr (json, "\"cpupools\":[{\"name\":\"Pool-0\"") != NULL);

  /* Keys of another type or unknown: left at their defaults. */
  partial = domus_host_info_new_from_variant (odd, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (partial->nr_cpus, ==, 0);
  g_assert_cmpstr (partial->host, ==, "");
  g_clear_pointer (&partial, domus_host_info_free);
  g_clear_pointer (&odd, g_variant_unref);
  odd = g_variant_ref_sink (g_variant_new_string ("info"));
  g_assert_null (domus_host_info_new_from_variant (odd, &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE);
  g_clear_error (&error);
  g_clear_pointer (&odd, g_variant_unref);

  /* More cpupools than pCPUs Xen can have: refused, not allocated. */
  {
    GVariantBuilder pools, dict;

    g_variant_builder_init (&pools, G_VARIANT_TYPE ("a(susuu)"));
    for (guint i = 0; i <= DOMUS_MAX_CPUPOOLS; i++)
      g_variant_builder_add (&pools, "(susuu)", "pool", i, "credit", 1, 0);
    g_variant_builder_init (&dict, G_VARIANT_TYPE_VARDICT);
    g_variant_builder_add (&dict, "{sv}", "cpupools", g_variant_builder_end (&pools));
    odd = g_variant_ref_sink (g_variant_builder_end (&dict));
    g_assert_null (domus_host_info_new_from_variant (odd, &error));
    g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_TOO_LARGE);
  }
}

static void
test_dom0_mem (void)
{
  g_autoptr(DomusHostInfo) info = domus_host_info_new ();
  g_autofree char *none = NULL, *last = NULL;

  none = domus_host_info_dup_dom0_mem (info);
  g_assert_null (none);
  g_free (info->xen_commandline);
  info->xen_commandline = g_strdup ("console=com1 dom0_mem=512M xdom0_mem=1 dom0_mem=2G,max:2G loglvl=all");
  last = domus_host_info_dup_dom0_mem (info);
  g_assert_cmpstr (last, ==, "2G,max:2G");
}

static gsize
overlap (const char *old,
         const char *ring)
{
  return domus_xen_log_overlap ((const guint8 *) old, strlen (old), (const guint8 *) ring, strlen (ring));
}

static void
test_overlap (void)
{
  /* The ring grew: all of the old is its start. */
  g_assert_cmpuint (overlap ("a\nb\n", "a\nb\nc\n"), ==, 4);
  /* It wrapped: the old one's end is its start. */
  g_assert_cmpuint (overlap ("a\nb\nc\n", "b\nc\nd\n"), ==, 4);
  /* Nothing new. */
  g_assert_cmpuint (overlap ("a\nb\n", "a\nb\n"), ==, 4);
  /* A repeated line is new, not the old one again. */
  g_assert_cmpuint (overlap ("a\nb\n", "a\nb\nb\n"), ==, 4);
  /* Cleared, or all of it replaced. */
  g_assert_cmpuint (overlap ("a\nb\n", "x\ny\n"), ==, 0);
  g_assert_cmpuint (overlap ("", "x\n"), ==, 0);
  g_assert_cmpuint (overlap ("x\n", ""), ==, 0);
  /* A ring that is wholly inside the old one, not at its end. */
  g_assert_cmpuint (overlap ("xyxyz", "xyz"), ==, 3);
  g_assert_cmpuint (overlap ("aaaa", "aab"), ==, 2);
}

/* The simulated log: Xen's boot, then domains as they come and go; read
 * again, only what is new. The ring keeps its last 16 KiB. */
static void
test_sim_log (void)
{
  g_autoptr(DomusClock) clock = NULL;
  g_autoptr(DomusHost) host = domus_test_sim_host_new (scene_json, &clock);
  g_autoptr(DomusXenLog) log = domus_xen_log_new (host);
  g_autoptr(GBytes) first = read_log (log);
  g_autoptr(GBytes) second = read_log (log);
  g_autoptr(GBytes) third = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strndup (g_bytes_get_data (first, NULL), g_bytes_get_size (first));
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autoptr(GString) seen = g_string_new (NULL);

  g_assert_true (g_str_has_prefix (text, " Xen 4.17.0\n(XEN) Xen version 4.17.0"));
  g_assert_true (strstr (text, "(XEN) Using scheduler: SMP Credit Scheduler rev2 (credit2)\n") != NULL);
  g_assert_true (strstr (text, "(XEN) Brought up 2 CPUs\n") != NULL);
  g_assert_cmpuint (g_bytes_get_size (second), ==, 0);

  /* A domain rebooted again and again: the ring wraps (16 KiB), and the
   * reader, reading now and then, still sees each line once. */
  for (guint i = 0; i < 300; i++)
    {
      guint id = domus_domain_get_id (domus_host_lookup_domain_by_name (host, "web"));

      domus_test_run_request (host, clock,
                              domus_request_new_for_domain (DOMUS_REQUEST_REBOOT,
                                                            domus_host_lookup_domain_by_name (host, "web")),
                              &error);
      g_assert_no_error (error);
      domus_clock_advance (clock, 3 * G_USEC_PER_SEC);
      DOMUS_TEST_WAIT_UNTIL (domus_host_lookup_domain_by_name (host, "web") != NULL
                             && domus_domain_get_id (domus_host_lookup_domain_by_name (host, "web")) != id, 30);
      g_string_append_printf (expected, "(XEN) d%u: domain web destroyed\n"
                              "(XEN) d%u: domain web created: pv, 1 vCPUs, 512 MiB\n",
                              id, domus_domain_get_id (domus_host_lookup_domain_by_name (host, "web")));
      if (i % 50 == 49)
        {
          g_autoptr(GBytes) news = read_log (log);

          g_string_append_len (seen, g_bytes_get_data (news, NULL), g_bytes_get_size (news));
        }
    }
  g_assert_cmpuint (expected->len, >, 16384);
  g_assert_cmpstr (seen->str, ==, expected->str);
  third = read_log (log);
  g_assert_cmpuint (g_bytes_get_size (third), ==, 0);
}

/* A recording: the header, then the rows of each sample as domusctl top
 * --csv writes them, from its start to its stop, and nothing after. */
static void
test_recorder (void)
{
  g_autoptr(DomusClock) clock = NULL;
  g_autoptr(DomusHost) host = domus_test_sim_host_new (scene_json, &clock);
  g_autofree char *dir = g_dir_make_tmp ("domus-record-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "host.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) nowhere = g_file_new_for_path ("/nonexistent/folder/host.csv");
  g_autoptr(GAsyncResult) result = NULL, stopped = NULL, again = NULL;
  g_autoptr(DomusHostRecorder) recorder = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autofree char *contents = NULL;

  DOMUS_TEST_WAIT_UNTIL (domus_host_is_ready (host), 30);
  domus_host_recorder_start_async (host, nowhere, NULL, domus_test_result_cb, &result);
  DOMUS_TEST_WAIT_UNTIL (result != NULL, 30);
  g_assert_null (domus_host_recorder_start_finish (result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "Cannot record to “/nonexistent/folder/host.csv”: No such file or directory");
  g_clear_error (&error);
  g_clear_object (&result);

  domus_host_recorder_start_async (host, file, NULL, domus_test_result_cb, &result);
  DOMUS_TEST_WAIT_UNTIL (result != NULL, 30);
  recorder = domus_host_recorder_start_finish (result, &error);
  g_assert_no_error (error);
  g_assert_true (domus_host_recorder_is_recording (recorder));
  {
    g_autoptr(DomusCsv) csv = domus_csv_new ();

    domus_top_csv_add_header (csv);
    domus_top_csv_add_sample (csv, host);
    g_string_append (expected, domus_csv_get_text (csv));
  }
  for (guint i = 1; i <= 3; i++)
    {
      g_autoptr(DomusCsv) csv = domus_csv_new ();

      domus_clock_advance (clock, G_USEC_PER_SEC);
      DOMUS_TEST_WAIT_UNTIL (domus_host_recorder_get_n_samples (recorder) == 1 + i, 30);
      domus_top_csv_add_sample (csv, host);
      g_string_append (expected, domus_csv_get_text (csv));
    }
  domus_host_recorder_stop_async (recorder, NULL, domus_test_result_cb, &stopped);
  g_assert_false (domus_host_recorder_is_recording (recorder));
  DOMUS_TEST_WAIT_UNTIL (stopped != NULL, 30);
  g_assert_true (domus_host_recorder_stop_finish (recorder, stopped, &error));
  g_assert_no_error (error);
  domus_clock_advance (clock, 3 * G_USEC_PER_SEC);
  g_assert_cmpuint (domus_host_recorder_get_n_samples (recorder), ==, 4);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, expected->str);
  g_assert_true (g_str_has_prefix (contents, "NAME,STATE,CPU(sec),CPU(%),MEM(k),MEM(%),MAXMEM(k),MAXMEM(%),VCPUS,"));

  /* Stopped once only. */
  domus_host_recorder_stop_async (recorder, NULL, domus_test_result_cb, &again);
  DOMUS_TEST_WAIT_UNTIL (again != NULL, 30);
  g_assert_false (domus_host_recorder_stop_finish (recorder, again, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);

  domus_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/host-info/sim-facts", test_sim_facts);
  g_test_add_func ("/host-info/variant-round-trip", test_variant_round_trip);
  g_test_add_func ("/host-info/dom0-mem", test_dom0_mem);
  g_test_add_func ("/host-info/overlap", test_overlap);
  g_test_add_func ("/host-info/sim-log", test_sim_log);
  g_test_add_func ("/host-info/recorder", test_recorder);

  return g_test_run ();
}
