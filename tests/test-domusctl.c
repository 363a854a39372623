/* test-domusctl.c: the command-line companion, run as a user runs it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "domus-test-utils.h"
#include "xlcfg/domus-xl-config.h"

static char *
write_scene (const char *json)
{
  g_autoptr(GError) error = NULL;
  char *path = NULL;
  int fd = g_file_open_tmp ("domusctl-scene-XXXXXX.json", &path, &error);

  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, json, -1, NULL));
  return path;
}

static void
test_list (void)
{
  const char *argv[] = { "--simulated", "list", NULL };
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (domus_test_domusctl (argv, &out, &err), ==, 0);
  g_assert_true (g_str_has_prefix (out, "Name "));
  g_assert_nonnull (strstr (out, "\nDomain-0 "));
  g_assert_nonnull (strstr (out, "\nclone2 "));
  g_assert_nonnull (strstr (out, "\ndebian_hvm "));
}

/* The lab's weights experiment, in one command: two CPU-bound domains on
 * one pCPU with weights 256 and 512 share it 1:2 (xentop's figures). */
static void
test_top_json (void)
{
  g_autofree char *scene = write_scene (
    "{\"host\": {\"pcpus\": 1, \"memory_mib\": 4096},"
    " \"domains\": [{\"name\": \"light\", \"weight\": 256, \"workload\": {\"kind\": \"cpu\"}},"
    "               {\"name\": \"heavy\", \"weight\": 512, \"workload\": {\"kind\": \"cpu\"}}]}");
  const char *argv[] = { "--sim", scene, "--sim-speed", "10000",
                         "top", "--json", "--iterations", "3", "--delay", "10", NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_cmpint (domus_test_domusctl (argv, &out, &err), ==, 0);
  lines = g_strsplit (g_strchomp (out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      JsonObject *root;
      JsonArray *domains;
      double light, heavy;

      g_assert_true (json_parser_load_from_data (parser, lines[i], -1, &error));
      g_assert_no_error (error);
      root = json_node_get_object (json_parser_get_root (parser));
      g_assert_cmpfloat (json_object_get_double_member (root, "time"), ==, 10.0 * (i + 1));
      domains = json_object_get_array_member (root, "domains");
      g_assert_cmpuint (json_array_get_length (domains), ==, 3);
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (domains, 0), "name"),
                       ==, "Domain-0");
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (domains, 2), "type"),
                       ==, "pv");
      g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (domains, 2), "weight"),
                       ==, 512);
      light = json_object_get_double_member (json_array_get_object_element (domains, 1), "cpu_percent");
      heavy = json_object_get_double_member (json_array_get_object_element (domains, 2), "cpu_percent");
      g_test_message ("t=%us light %.1f%% heavy %.1f%%", 10 * (i + 1), light, heavy);
      g_assert_cmpfloat_with_epsilon (light, 100.0 / 3, 2.0);
      g_assert_cmpfloat_with_epsilon (heavy, 200.0 / 3, 2.0);
    }
  g_unlink (scene);
}

/* Reads `top --csv` with Python's csv module, as a spreadsheet script would:
 * xentop's columns by name and in order (then TIME), a row of as many
 * fields per domain and sample, the quoted name read back whole, and
 * xentop's units. Exits non-zero, saying why, on the first difference. */
static const char *csv_check_py =
  "import csv, io, sys\n"
  "xentop = ['NAME', 'STATE', 'CPU(sec)', 'CPU(%)', 'MEM(k)', 'MEM(%)', 'MAXMEM(k)', 'MAXMEM(%)',\n"
  "          'VCPUS', 'NETS', 'NETTX(k)', 'NETRX(k)', 'VBDS', 'VBD_OO', 'VBD_RD', 'VBD_WR',\n"
  "          'VBD_RSECT', 'VBD_WSECT', 'SSID']\n"
  "rows = list(csv.reader(io.TextIOWrapper(sys.stdin.buffer, encoding='utf-8', newline='')))\n"
  "if rows[0] != xentop + ['TIME']:\n"
  "    sys.exit('header %r' % rows[0])\n"
  "if len(rows) != 1 + 3 * 2:\n"
  "    sys.exit('%d rows' % len(rows))\n"
  "for i, row in enumerate(rows[1:]):\n"
  "    r = dict(zip(rows[0], row))\n"
  "    if len(row) != len(rows[0]):\n"
  "        sys.exit('row %d has %d fields' % (i, len(row)))\n"
  "    if r['NAME'] not in ('Domain-0', 'web, \"front\"'):\n"
  "        sys.exit('name %r' % r['NAME'])\n"
  "    if float(r['TIME']) != i // 2 + 1:\n"
  "        sys.exit('row %d at %s' % (i, r['TIME']))\n"
  "    if row[18] != '':\n"
  "        sys.exit('SSID filled: %r' % row[18])\n"
  "    io = [int(v) for v in row[9:18]]\n"
  "    if r['NAME'] == 'Domain-0':\n"
  "        if io != [0] * 9:\n"
  "            sys.exit('Domain-0 I/O %r' % io)\n"
  "        continue\n"
  "    # xentop's units: KiB and requests and sectors in all, since the start;\n"
  "    # its NETTX is dom0's end's: what the domain received.\n"
  "    t = i // 2 + 1\n"
  "    if io != [1, 1000 * t, 100 * t, 1, t, 4 * t, 2 * t, 128 * t, 64 * t]:\n"
  "        sys.exit('web I/O at %d s: %r' % (t, io))\n"
  "    if (r['STATE'], r['MEM(k)'], r['MEM(%)'], r['MAXMEM(k)'], r['MAXMEM(%)'], r['VCPUS'])\\\n"
  "       != ('-----r', '1048576', '25.0', '2097152', '50.0', '2'):\n"
  "        sys.exit('web: %r' % row)\n"
  "    if int(r['CPU(sec)']) != 2 * (i // 2 + 1) or abs(float(r['CPU(%)']) - 200) > 1:\n"
  "        sys.exit('web CPU %s s %s %%' % (r['CPU(sec)'], r['CPU(%)']))\n";

static void
test_top_csv (void)
{
  g_autofree char *scene = write_scene (
    "{\"host\": {\"pcpus\": 2, \"memory_mib\": 4096},"
    " \"domains\": [{\"name\": \"web, \\\"front\\\"\", \"vcpus\": 2, \"memory_mib\": 1024,"
    "                \"maxmem_mib\": 2048, \"workload\": {\"kind\": \"cpu\"},"
    "                \"io\": {\"swing\": 0, \"net\": [{\"rx_kib_s\": 1000, \"tx_kib_s\": 100}],"
    "                        \"disk\": [{\"read_kib_s\": 64, \"write_kib_s\": 32, \"request_kib\": 16,"
    "                                  \"oo_per_s\": 1}]}}]}");
  const char *argv[] = { "--sim", scene, "--sim-speed", "10000", "top", "--csv", "--delay", "1",
                         "--iterations", "3", NULL };
  const char *python[] = { "/usr/bin/python3", "-c", csv_check_py, NULL };
  g_autofree char *out = NULL, *err = NULL, *said = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (domus_test_domusctl (argv, &out, &err), ==, 0);
  g_test_message ("%s", out);
  proc = g_subprocess_newv (python, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, out, NULL, NULL, &said, &error);
  g_assert_no_error (error);
  g_test_message ("python3: %s", said);
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);

  /* The same figures in JSON, with each device's rates a second. */
  {
    const char *json[] = { "--sim", scene, "--sim-speed", "10000", "top", "--json", "--delay", "1",
                           "--iterations", "2", NULL };
    g_autofree char *out2 = NULL, *err2 = NULL;
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_auto(GStrv) lines = NULL;
    JsonObject *web, *vif, *vbd;

    g_assert_cmpint (domus_test_domusctl (json, &out2, &err2), ==, 0);
    lines = g_strsplit (g_strchomp (out2), "\n", -1);
    g_assert_cmpuint (g_strv_length (lines), ==, 2);
    g_assert_true (json_parser_load_from_data (parser, lines[1], -1, &error));
    g_assert_no_error (error);
    web = json_array_get_object_element (json_object_get_array_member (json_node_get_object (
                                           json_parser_get_root (parser)), "domains"), 1);
    g_assert_cmpfloat (json_object_get_double_member (web, "net_rx_kib_s"), ==, 1000.0);
    g_assert_cmpfloat (json_object_get_double_member (web, "disk_write_kib_s"), ==, 32.0);
    vif = json_array_get_object_element (json_object_get_array_member (web, "net"), 0);
    vbd = json_array_get_object_element (json_object_get_array_member (web, "disk"), 0);
    g_assert_cmpstr (json_object_get_string_member (vif, "name"), ==, "vif0");
    g_assert_cmpint (json_object_get_int_member (vif, "tx_bytes"), ==, 2 * 100 * 1024);
    g_assert_cmpfloat (json_object_get_double_member (vif, "rx_bytes_per_s"), ==, 1000.0 * 1024);
    g_assert_cmpstr (json_object_get_string_member (vbd, "name"), ==, "xvda");
    g_assert_cmpint (json_object_get_int_member (vbd, "id"), ==, 51712);
    g_assert_cmpint (json_object_get_int_member (vbd, "read_sectors"), ==, 2 * 128);
    g_assert_cmpfloat (json_object_get_double_member (vbd, "read_reqs_per_s"), ==, 4.0);
    g_assert_cmpfloat (json_object_get_double_member (vbd, "oo_reqs_per_s"), ==, 1.0);
  }

  /* xentop's columns in the batch table, under its names. */
  {
    const char *batch[] = { "--sim", scene, "--sim-speed", "10000", "top", "--batch", "--delay", "1",
                            "--iterations", "2", NULL };
    g_autofree char *out2 = NULL, *err2 = NULL;
    g_auto(GStrv) lines = NULL;
    g_auto(GStrv) fields = NULL;
    guint n;

    g_assert_cmpint (domus_test_domusctl (batch, &out2, &err2), ==, 0);
    lines = g_strsplit (out2, "\n", -1);
    g_assert_nonnull (strstr (lines[0], " NETS NETTX(k) NETRX(k) VBDS   VBD_OO   VBD_RD   VBD_WR  VBD_RSECT  VBD_WSECT"));
    /* The second sample's web row (after a blank line and the header): its last nine fields. */
    g_assert_true (g_str_has_prefix (lines[6], "web, \"front\""));
    fields = g_strsplit_set (lines[6] + strlen ("web, \"front\""), " ", -1);
    {
      g_autoptr(GPtrArray) words = g_ptr_array_new ();
      const char *expected[] = { "1", "2000", "200", "1", "2", "8", "4", "256", "128" };

      for (guint i = 0; fields[i] != NULL; i++)
        if (fields[i][0] != '\0')
          g_ptr_array_add (words, fields[i]);
      n = words->len;
      g_assert_cmpuint (n, >=, 9);
      for (guint i = 0; i < 9; i++)
        g_assert_cmpstr (g_ptr_array_index (words, n - 9 + i), ==, expected[i]);
    }
  }

  /* One format at a time. */
  {
    const char *both[] = { "--sim", scene, "top", "--csv", "--json", NULL };
    g_autofree char *out2 = NULL, *err2 = NULL;

    g_assert_cmpint (domus_test_domusctl (both, &out2, &err2), ==, 1);
    g_assert_nonnull (strstr (err2, "--json and --csv cannot be used together"));
  }
  g_unlink (scene);
}

/* The QoS comparison: each domain's predicted and measured share, as JSON
 * and as a table, after watching the host (here one cap). */
static void
test_qos (void)
{
  g_autofree char *scene = write_scene (
    "{\"host\": {\"pcpus\": 1},"
    " \"domains\": [{\"name\": \"light\", \"weight\": 256, \"workload\": {\"kind\": \"cpu\"}},"
    "               {\"name\": \"heavy\", \"weight\": 512, \"cap\": 20, \"workload\": {\"kind\": \"cpu\"}}]}");
  const char *json_argv[] = { "--sim", scene, "--sim-speed", "10000", "qos", "--json", "--delay", "10", NULL };
  const char *table_argv[] = { "--sim", scene, "--sim-speed", "10000", "qos", "-n", "3", NULL };
  const char *bad_argv[] = { "--sim", scene, "qos", "--samples", "0", NULL };
  const double expected[] = { 0.0, 80.0, 20.0 };
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  JsonObject *root;
  JsonArray *domains;

  g_assert_cmpint (domus_test_domusctl (json_argv, &out, &err), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "scheduler"), ==, "credit");
  g_assert_cmpint (json_object_get_int_member (root, "pcpus"), ==, 1);
  domains = json_object_get_array_member (root, "domains");
  g_assert_cmpuint (json_array_get_length (domains), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *domain = json_array_get_object_element (domains, i);
      double predicted = json_object_get_double_member (domain, "predicted");
      double measured = json_object_get_double_member (domain, "measured");

      g_test_message ("%s: predicted %.1f, measured %.1f", json_object_get_string_member (domain, "name"),
                      predicted, measured);
      g_assert_cmpfloat_with_epsilon (predicted, expected[i], 2.0);
      g_assert_cmpfloat_with_epsilon (measured, expected[i], 2.0);
    }
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (domains, 2), "cap"), ==, 20);

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (domus_test_domusctl (table_argv, &out, &err), ==, 0);
  lines = g_strsplit (g_strchomp (out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_true (g_str_has_prefix (lines[0], "Name "));
  g_assert_nonnull (strstr (lines[0], "Predicted Measured Difference"));
  g_assert_true (g_str_has_prefix (lines[2], "light "));

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (domus_test_domusctl (bad_argv, &out, &err), ==, 1);
  g_assert_cmpstr (err, ==, "Usage: domusctl qos [--samples N] [--delay S] [--json] (N from 1 to 3600, "
                            "S from 0.1 to 60)\n");
}

static void
test_errors (void)
{
  g_autofree char *scene = write_scene ("{\"domains\": [{\"name\": \"x\", \"weight\": 70000}]}");
  const char *bad_scene[] = { "--sim", scene, "list", NULL };
  const char *missing[] = { "--sim", "/nonexistent.json", "list", NULL };
  const char *unknown[] = { "--simulated", "frobnicate", NULL };
  const char *bad_delay[] = { "--simulated", "top", "--batch", "--delay", "0", NULL };
  const char *xen[] = { "--xen", "list", NULL };
  g_autofree char *out1 = NULL, *err1 = NULL, *out2 = NULL, *err2 = NULL, *out3 = NULL,
                  *err3 = NULL, *out4 = NULL, *err4 = NULL, *out5 = NULL, *err5 = NULL;

  g_assert_cmpint (domus_test_domusctl (bad_scene, &out1, &err1), ==, 1);
  g_assert_nonnull (strstr (err1, "domains[0].weight: 70000 is out of range (1 to 65535)"));
  g_assert_cmpstr (out1, ==, "");

  g_assert_cmpint (domus_test_domusctl (missing, &out2, &err2), ==, 1);
  g_assert_nonnull (strstr (err2, "Cannot read the scene file"));

  g_assert_cmpint (domus_test_domusctl (unknown, &out3, &err3), ==, 1);
  g_assert_nonnull (strstr (err3, "unknown command “frobnicate”"));

  g_assert_cmpint (domus_test_domusctl (bad_delay, &out4, &err4), ==, 1);
  g_assert_nonnull (strstr (err4, "--delay"));

  /* No Xen on a test machine: --xen says why and fails. */
  g_assert_cmpint (domus_test_domusctl (xen, &out5, &err5), ==, 1);
  g_assert_nonnull (strstr (err5, "domusctl: "));
  g_unlink (scene);
}

/* The lab's demo in one invocation: equal weights, then at t=10 s the
 * heavy domain is given three times the weight, and xentop shows it. */
static void
test_apply (void)
{
  g_autofree char *scene = write_scene (
    "{\"host\": {\"pcpus\": 1, \"memory_mib\": 4096},"
    " \"domains\": [{\"name\": \"light\", \"workload\": {\"kind\": \"cpu\"}},"
    "               {\"name\": \"heavy\", \"workload\": {\"kind\": \"cpu\"}}]}");
  g_autofree char *commands = write_scene ("# the teacher's script\nat 10 sched heavy --weight 768\n");
  const char *argv[] = { "--sim", scene, "--sim-speed", "10000", "--apply", commands,
                         "top", "--json", "--iterations", "4", "--delay", "10", NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_auto(GStrv) lines = NULL;
  /* Credit debts from before the change take a slice or two to settle;
   * then credit1 gives 768:256 about 74:26 as Xen does (a little short of
   * 75:25, as its slices fall against its 10 ms ticks: docs/credit-model.md). */
  double expected_heavy[] = { 50.0, NAN, NAN, 74.0 };

  g_assert_cmpint (domus_test_domusctl (argv, &out, &err), ==, 0);
  lines = g_strsplit (g_strchomp (out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonArray *domains;
      JsonObject *heavy;

      g_assert_true (json_parser_load_from_data (parser, lines[i], -1, NULL));
      domains = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                              "domains");
      heavy = json_array_get_object_element (domains, 2);
      g_test_message ("t=%us heavy %.1f%% weight %" G_GINT64_FORMAT, 10 * (i + 1),
                      json_object_get_double_member (heavy, "cpu_percent"),
                      json_object_get_int_member (heavy, "weight"));
      g_assert_cmpint (json_object_get_int_member (heavy, "weight"), ==, i == 0 ? 256 : 768);
      if (!isnan (expected_heavy[i]))
        g_assert_cmpfloat_with_epsilon (json_object_get_double_member (heavy, "cpu_percent"),
                                        expected_heavy[i], 2.0);
    }
  g_unlink (scene);
  g_unlink (commands);
}

/* `domusctl info` as `xl info`: its names and values, from the scene. */
static void
test_info (void)
{
  g_autofree char *scene = write_scene (
    "{\"host\": {\"pcpus\": 2, \"memory_mib\": 4096, \"scheduler\": \"credit2\"},"
    " \"domains\": [{\"name\": \"Domain-0\", \"vcpus\": 2, \"memory_mib\": 1024},"
    "               {\"name\": \"vm\", \"memory_mib\": 512}]}");
  const char *argv[] = { "--sim", scene, "info", NULL };
  const char *json_argv[] = { "--sim", scene, "info", "--json", NULL };
  const char *bad_argv[] = { "--sim", scene, "info", "extra", NULL };
  g_autofree char *out = NULL, *err = NULL, *json = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  const char *expected[] = {
    "host                   : xenlab\n",
    "\nnr_cpus                : 2\n",
    "\nnr_nodes               : 1\n",
    "\ncores_per_socket       : 2\n",
    "\nthreads_per_core       : 1\n",
    "\nvirt_caps              : pv hvm hvm_directio pv_directio hap shadow",
    "\ntotal_memory           : 4096\n",
    "\nfree_memory            : 2560\n",
    "\nxen_major              : 4\n",
    "\nxen_minor              : 17\n",
    "\nxen_extra              : .0\n",
    "\nxen_version            : 4.17.0\n",
    "\nxen_scheduler          : credit2\n",
    "\nxen_commandline        : placeholder dom0_mem=1024M,max:1024M dom0_max_vcpus=2 sched=credit2",
    "\ndom0_memory            : 1024\n",
    "\ndom0_mem               : 1024M,max:1024M\n",
    "\ncpu_virt               : vmx\n",
    "\ncpupool                : Pool-0 credit2 2 2\n",
  };

  g_assert_cmpint (domus_test_domusctl (argv, &out, &err), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_test_message ("%s", expected[i]);
      g_assert_nonnull (strstr (out, expected[i]));
    }
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (domus_test_domusctl (json_argv, &json, &err), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (object, "nr_cpus"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (object, "total_memory"), ==, 4096);
  g_assert_cmpstr (json_object_get_string_member (object, "xen_version"), ==, "4.17.0");
  g_assert_cmpstr (json_object_get_string_member (object, "xen_scheduler"), ==, "credit2");
  g_assert_cmpstr (json_object_get_string_member (object, "dom0_mem"), ==, "1024M,max:1024M");
  g_assert_true (json_object_get_boolean_member (object, "hap"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "cpupools")), ==, 1);

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (domus_test_domusctl (bad_argv, &out, &err), !=, 0);
  g_assert_nonnull (strstr (err, "Usage: domusctl info"));
  g_unlink (scene);
}

/* `domusctl dmesg` prints Xen's boot; with --follow, a line when a domain
 * goes, once, and nothing again. */
static void
test_dmesg (void)
{
  g_autofree char *scene = write_scene (
    "{\"host\": {\"pcpus\": 2, \"memory_mib\": 4096},"
    " \"domains\": [{\"name\": \"vm\", \"memory_mib\": 512}]}");
  g_autofree char *commands = write_scene ("at 3 destroy vm\n");
  const char *argv[] = { "--sim", scene, "dmesg", NULL };
  const char *follow_argv[] = { "--sim", scene, "--sim-speed", "1000", "--apply", commands,
                                "dmesg", "--follow", "--iterations", "8", NULL };
  const char *bad_argv[] = { "--sim", scene, "dmesg", "--delay", "0", NULL };
  g_autofree char *out = NULL, *err = NULL, *followed = NULL;
  const char *destroyed;

  g_assert_cmpint (domus_test_domusctl (argv, &out, &err), ==, 0);
  g_assert_true (g_str_has_prefix (out, " Xen 4.17.0\n(XEN) Xen version 4.17.0 "));
  g_assert_nonnull (strstr (out, "\n(XEN) Command line: placeholder dom0_mem="));
  g_assert_nonnull (strstr (out, "\n(XEN) Brought up 2 CPUs\n"));
  g_assert_null (strstr (out, "destroyed"));

  g_clear_pointer (&err, g_free);
  g_assert_cmpint (domus_test_domusctl (follow_argv, &followed, &err), ==, 0);
  g_assert_true (g_str_has_prefix (followed, out));
  destroyed = strstr (followed, "(XEN) d1: domain vm destroyed\n");
  g_assert_nonnull (destroyed);
  g_assert_cmpstr (destroyed, ==, "(XEN) d1: domain vm destroyed\n");

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (domus_test_domusctl (bad_argv, &out, &err), !=, 0);
  g_assert_nonnull (strstr (err, "--delay between 0.1 and 60"));
  g_unlink (scene);
  g_unlink (commands);
}

/* A command timed after the top loop ends never runs, and is let go of
 * with the host (the sanitizer tree's leak check sees it otherwise). */
static void
test_apply_after_end (void)
{
  g_autofree char *scene = write_scene (
    "{\"host\": {\"pcpus\": 1, \"memory_mib\": 4096},"
    " \"domains\": [{\"name\": \"heavy\", \"workload\": {\"kind\": \"cpu\"}}]}");
  g_autofree char *commands = write_scene ("at 3600 sched heavy --weight 768\n");
  const char *argv[] = { "--sim", scene, "--sim-speed", "10000", "--apply", commands,
                         "top", "--json", "--iterations", "1", "--delay", "10", NULL };
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (domus_test_domusctl (argv, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "\"weight\": 256"));
  g_assert_cmpstr (err, ==, "");
  g_unlink (scene);
  g_unlink (commands);
}

static void
test_commands (void)
{
  g_autofree char *scene = write_scene (
    "{\"host\": {\"pcpus\": 2, \"memory_mib\": 4096},"
    " \"domains\": [{\"name\": \"vm\", \"vcpus\": 2, \"memory_mib\": 1024}]}");
  g_autofree char *save = g_build_filename (g_get_tmp_dir (), "domusctl-test.save", NULL);
  g_autofree char *bad_apply = write_scene ("sched vm --weight 300\nfrobnicate vm\n");
  const char *set[] = { "--sim", scene, "--sim-speed", "1000", "sched", "vm", "--weight", "300", "--cap", "50", NULL };
  const char *get[] = { "--sim", scene, "sched", "vm", NULL };
  const char *bad[] = { "--sim", scene, "sched", "vm", "--weight", "0", NULL };
  const char *pin[] = { "--sim", scene, "vcpu-pin", "vm", "all", "5", NULL };
  const char *saving[] = { "--sim", scene, "--sim-speed", "100", "save", "vm", save, NULL };
  const char *apply[] = { "--sim", scene, "--apply", bad_apply, "list", NULL };
  g_autofree char *out1 = NULL, *err1 = NULL, *out2 = NULL, *err2 = NULL, *out3 = NULL,
                  *err3 = NULL, *out4 = NULL, *err4 = NULL, *out5 = NULL, *err5 = NULL,
                  *out6 = NULL, *err6 = NULL;

  /* Each invocation is a new simulated host: setting, then a fresh query. */
  g_assert_cmpint (domus_test_domusctl (set, &out1, &err1), ==, 0);
  g_assert_cmpstr (out1, ==, "");
  g_assert_cmpint (domus_test_domusctl (get, &out2, &err2), ==, 0);
  g_assert_nonnull (strstr (out2, "\nvm "));
  g_assert_nonnull (strstr (out2, " 256 "));

  g_assert_cmpint (domus_test_domusctl (bad, &out3, &err3), ==, 1);
  g_assert_nonnull (strstr (err3, "domusctl sched: The weight must be a whole number from 1 to 65535, not “0”"));

  g_assert_cmpint (domus_test_domusctl (pin, &out4, &err4), ==, 1);
  g_assert_nonnull (strstr (err4, "pCPU 5 does not exist: this host has pCPUs 0 to 1"));

  /* save shows its progress and leaves a file. */
  g_assert_cmpint (domus_test_domusctl (saving, &out5, &err5), ==, 0);
  g_assert_nonnull (strstr (err5, "save vm: 100 %"));
  g_assert_true (g_file_test (save, G_FILE_TEST_EXISTS));
  g_unlink (save);

  /* An --apply file is checked before anything runs. */
  g_assert_cmpint (domus_test_domusctl (apply, &out6, &err6), ==, 1);
  g_assert_nonnull (strstr (err6, ":2: unknown command “frobnicate”"));
  g_assert_cmpstr (out6, ==, "");

  g_unlink (scene);
  g_unlink (bad_apply);
}

/* save --checkpoint leaves the domain running, and its file restores
 * beside it under another name; options each command does not take are
 * refused by name. */
static void
test_checkpoint (void)
{
  g_autofree char *scene = write_scene (
    "{\"host\": {\"pcpus\": 2, \"memory_mib\": 4096},"
    " \"domains\": [{\"name\": \"vm\", \"vcpus\": 2, \"memory_mib\": 1024}]}");
  g_autofree char *save = g_build_filename (g_get_tmp_dir (), "domusctl-checkpoint.save", NULL);
  g_autofree char *script = g_strdup_printf ("save vm %s --checkpoint\nat 6 restore %s --name vm-copy\n",
                                             save, save);
  g_autofree char *commands = write_scene (script);
  const char *saving[] = { "--sim", scene, "--sim-speed", "100", "save", "vm", save, "-c", NULL };
  const char *both[] = { "--sim", scene, "--sim-speed", "10000", "--apply", commands,
                         "top", "--json", "--iterations", "1", "--delay", "10", NULL };
  const char *bad_option[] = { "--sim", scene, "save", "vm", save, "--frob", NULL };
  const char *no_name[] = { "--sim", scene, "restore", save, "--name", NULL };
  const char *taken[] = { "--sim", scene, "restore", save, "--name=vm", NULL };
  g_autofree char *out1 = NULL, *err1 = NULL, *out2 = NULL, *err2 = NULL, *out3 = NULL,
                  *err3 = NULL, *out4 = NULL, *err4 = NULL, *out5 = NULL, *err5 = NULL;

  /* xl's -c, with save's progress. */
  g_assert_cmpint (domus_test_domusctl (saving, &out1, &err1), ==, 0);
  g_assert_nonnull (strstr (err1, "save vm: 100 %"));
  g_assert_true (g_file_test (save, G_FILE_TEST_EXISTS));
  g_unlink (save);

  /* In one simulated host: the domain runs on, not paused, beside its copy. */
  g_assert_cmpint (domus_test_domusctl (both, &out2, &err2), ==, 0);
  g_assert_nonnull (strstr (out2, "\"name\": \"vm\", \"type\": \"pv\", \"state\": \"blocked\""));
  g_assert_nonnull (strstr (out2, "\"name\": \"vm-copy\", \"type\": \"pv\", \"state\": \"blocked\""));
  g_assert_cmpstr (err2, ==, "");

  g_assert_cmpint (domus_test_domusctl (bad_option, &out3, &err3), ==, 1);
  g_assert_nonnull (strstr (err3, "domusctl save: unknown option “--frob” (use --checkpoint)"));
  g_assert_cmpint (domus_test_domusctl (no_name, &out4, &err4), ==, 1);
  g_assert_nonnull (strstr (err4, "domusctl restore: --name needs a value"));
  g_assert_cmpint (domus_test_domusctl (taken, &out5, &err5), ==, 1);
  g_assert_nonnull (strstr (err5, "A domain named “vm” already exists"));

  g_unlink (save);
  g_unlink (scene);
  g_unlink (commands);
}

/* DOMAIN is a number when it is digits only, as xl reads it, and a name
 * otherwise; no domain may be given a name of digits only. */
static void
test_domain_by_number (void)
{
  g_autofree char *scene = write_scene (
    "{\"host\": {\"pcpus\": 2, \"memory_mib\": 4096},"
    " \"domains\": [{\"name\": \"vm\"}, {\"name\": \"web\"}]}");
  g_autofree char *config = write_scene ("name = \"42\"\nmemory = 128\nkernel = \"/boot/vmlinuz\"\n");
  const char *by_number[] = { "--sim", scene, "sched", "2", NULL };
  const char *no_number[] = { "--sim", scene, "sched", "7", NULL };
  const char *create[] = { "--sim", scene, "create", config, NULL };
  g_autofree char *out1 = NULL, *err1 = NULL, *out2 = NULL, *err2 = NULL, *out3 = NULL, *err3 = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *basename = NULL;

  g_assert_cmpint (domus_test_domusctl (by_number, &out1, &err1), ==, 0);
  g_assert_nonnull (strstr (out1, "\nweb "));
  g_assert_cmpint (domus_test_domusctl (no_number, &out2, &err2), ==, 1);
  g_assert_cmpstr (err2, ==, "domusctl sched: no domain named or numbered “7”\n");
  g_assert_cmpint (domus_test_domusctl (create, &out3, &err3), ==, 1);
  /* The simulator reads a config as a scene: the same rule, in its words. */
  basename = g_path_get_basename (config);
  expected = g_strdup_printf ("domusctl create: %s: name: a name of digits only would be read as a domain's "
                              "number\n", basename);
  g_assert_cmpstr (err3, ==, expected);
  g_unlink (scene);
  g_unlink (config);
}

/* cd-eject takes the installer out of the drive and out of the config
 * file, as the window's "Eject Installer" does. */
static void
test_cd_eject (void)
{
  g_autofree char *source = g_build_filename (g_getenv ("DOMUS_TEST_DATA"), "xl", "debian-hvm.cfg", NULL);
  g_autofree char *text = NULL;
  g_autofree char *config = NULL;
  g_autofree char *commands = NULL;
  g_autofree char *apply = NULL;
  g_autofree char *scene = write_scene ("{\"host\": {\"pcpus\": 2}, \"domains\": []}");
  g_autofree char *out = NULL, *err = NULL, *backup = NULL;
  g_autoptr(DomusXlConfig) parsed = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) disks = NULL;
  g_autofree char *boot = NULL;

  g_assert_true (g_file_get_contents (source, &text, NULL, NULL));
  config = write_scene (text);
  backup = g_strconcat (config, ".bak", NULL);
  commands = g_strdup_printf ("at 0 create %s\nat 2 cd-eject debian_hvm xvdb\n", config);
  apply = write_scene (commands);
  {
    const char *argv[] = { "--sim", scene, "--sim-speed", "1000", "--apply", apply,
                           "top", "--batch", "--iterations", "4", "--delay", "1", NULL };

    g_assert_cmpint (domus_test_domusctl (argv, &out, &err), ==, 0);
  }
  g_assert_nonnull (strstr (out, "Installer ejected from “debian_hvm”; it boots from its disk from now on\n"));
  parsed = domus_xl_config_new_from_file (config, &error);
  g_assert_no_error (error);
  disks = domus_xl_config_get_list (parsed, "disk");
  g_assert_cmpuint (g_strv_length (disks), ==, 1);
  g_assert_true (domus_xl_config_get_string (parsed, "boot", &boot));
  g_assert_cmpstr (boot, ==, "c");
  g_unlink (config);
  g_unlink (backup);
  g_unlink (apply);
  g_unlink (scene);
}

/* xl would hand the target to a shell: domusctl refuses it first. */
static void
test_migrate_target (void)
{
  const char *option[] = { "--simulated", "migrate", "clone1", "-oProxyCommand=touch /tmp/x", NULL };
  const char *shell[] = { "--simulated", "migrate", "clone1", "lab2;reboot", NULL };
  g_autofree char *out1 = NULL, *err1 = NULL, *out2 = NULL, *err2 = NULL;

  g_assert_cmpint (domus_test_domusctl (option, &out1, &err1), ==, 1);
  g_assert_cmpstr (err1, ==, "domusctl migrate: “-oProxyCommand=touch /tmp/x” is not a host name or address: "
                             "give a name such as lab2.example.org, an IPv4 or IPv6 address, optionally after user@\n");
  g_assert_cmpint (domus_test_domusctl (shell, &out2, &err2), ==, 1);
  g_assert_cmpstr (err2, ==, "domusctl migrate: “lab2;reboot” is not a host name or address: "
                             "give a name such as lab2.example.org, an IPv4 or IPv6 address, optionally after user@\n");
}

/* Files named on the command line come from outside: /dev/zero, which never
 * ends, is refused at once as an xl config, a scene or an --apply file; an
 * xl config of lists nested 200 000 deep is refused before it exhausts the
 * stack. */
static void
test_input_limits (void)
{
  g_autofree char *deep = g_strnfill (200000, '[');
  g_autofree char *deep_text = g_strconcat ("name = 'deep'\ndisk = ", deep, "\n", NULL);
  g_autofree char *deep_cfg = write_scene (deep_text);
  const char *create_zero[] = { "--simulated", "create", "/dev/zero", NULL };
  const char *scene_zero[] = { "--sim", "/dev/zero", "list", NULL };
  const char *apply_zero[] = { "--simulated", "--apply", "/dev/zero", "list", NULL };
  const char *create_deep[] = { "--simulated", "create", deep_cfg, NULL };
  g_autofree char *out1 = NULL, *err1 = NULL, *out2 = NULL, *err2 = NULL, *out3 = NULL,
                  *err3 = NULL, *out4 = NULL, *err4 = NULL;

  g_assert_cmpint (domus_test_domusctl (create_zero, &out1, &err1), ==, 1);
  g_assert_nonnull (strstr (err1, "Could not read “zero”: it is not a regular file"));

  g_assert_cmpint (domus_test_domusctl (scene_zero, &out2, &err2), ==, 1);
  g_assert_nonnull (strstr (err2, "Cannot read the scene file “/dev/zero”: it is not a regular file"));

  g_assert_cmpint (domus_test_domusctl (apply_zero, &out3, &err3), ==, 1);
  g_assert_nonnull (strstr (err3, "Cannot read “/dev/zero”: it is not a regular file"));
  g_assert_cmpstr (out3, ==, "");

  g_assert_cmpint (domus_test_domusctl (create_deep, &out4, &err4), ==, 1);
  g_assert_nonnull (strstr (err4, ":2: lists are nested deeper than the limit of 64 levels"));

  g_unlink (deep_cfg);
}

/* A spec file: create and destroy @domains domains of the test data's
 * debian10.cfg with @memory_mib, @repetitions times. */
static char *
write_lifecycle_spec (guint memory_mib,
                      guint domains,
                      guint repetitions)
{
  g_autofree char *config = g_build_filename (g_getenv ("DOMUS_TEST_DATA"), "xl", "debian10.cfg", NULL);
  g_autofree char *json = g_strdup_printf ("{\"name\": \"cd\", \"lifecycle\": {\"config\": \"%s\","
                                           " \"memory_mib\": [%u], \"domains\": %u, \"repetitions\": %u}}",
                                           config, memory_mib, domains, repetitions);

  return write_scene (json);
}

static void
test_bench (void)
{
  g_autofree char *spec = write_lifecycle_spec (128, 2, 3);
  g_autofree char *csv = g_build_filename (g_get_tmp_dir (), "domusctl-bench.csv", NULL);
  const char *argv[] = { "--simulated", "--sim-speed", "100000", "bench", "run", spec, "--csv", csv, NULL };
  g_autofree char *out = NULL, *err = NULL, *table = NULL;

  g_assert_cmpint (domus_test_domusctl (argv, &out, &err), ==, 0);
  g_test_message ("%s", out);
  /* 2 domains × 3 repetitions, each create 1 s + 0.5 s/GiB ± 5 % simulated:
   * 1.0625 s ± 0.053 s. */
  {
    const char *line = strstr (out, "\ncreate          128    6      0 ");
    double mean;

    g_assert_nonnull (line);
    mean = g_ascii_strtod (line + strlen ("\ncreate          128    6      0 "), NULL);
    g_assert_cmpfloat (mean, >=, 1.0625 * 0.95);
    g_assert_cmpfloat (mean, <=, 1.0625 * 1.05);
  }
  g_assert_nonnull (strstr (out, "Hyndman and Fan's type 7"));
  g_assert_true (g_file_get_contents (csv, &table, NULL, NULL));
  /* The Benchmarks page's CSV (its "set" is the spec's name here). */
  g_assert_true (g_str_has_prefix (table, "set,step,memory_mib,n,failed,mean_s,median_s,sd_s,min_s,max_s,"
                                          "p95_s,p99_s\n"));
  g_assert_nonnull (strstr (table, "\ncd,destroy,128,6,0,"));

  /* Progress to a pipe: a whole line per step (2 × 3 × create and destroy),
   * never a carriage return; with --quiet, none. */
  {
    g_auto(GStrv) lines = g_strsplit (err, "\n", -1);
    const char *quiet[] = { "--simulated", "--sim-speed", "100000", "bench", "run", spec, "--quiet", NULL };
    g_autofree char *quiet_out = NULL, *quiet_err = NULL;

    g_assert_null (strchr (err, '\r'));
    g_assert_true (g_str_has_suffix (err, "\n"));
    g_assert_cmpuint (g_strv_length (lines), ==, 12 + 1);
    g_assert_true (g_str_has_prefix (lines[0], "[  0 %] create 1/2, 128 MiB, repetition 1/3"));
    g_assert_cmpint (domus_test_domusctl (quiet, &quiet_out, &quiet_err), ==, 0);
    g_assert_cmpstr (quiet_err, ==, "");
    g_assert_nonnull (strstr (quiet_out, "Hyndman and Fan's type 7"));
  }
  g_unlink (csv);
  g_unlink (spec);
}

/* A group whose every run failed (4 GiB domains on the lab host, which
 * has 1 GiB free) has no figures: a dash in the table, empty CSV cells,
 * never "nan". */
static void
test_bench_all_failed (void)
{
  g_autofree char *spec = write_lifecycle_spec (4096, 1, 2);
  g_autofree char *csv = g_build_filename (g_get_tmp_dir (), "domusctl-bench-failed.csv", NULL);
  const char *argv[] = { "--simulated", "--sim-speed", "100000", "bench", "run", spec, "--csv", csv, "--quiet", NULL };
  g_autofree char *out = NULL, *err = NULL, *table = NULL;

  g_assert_cmpint (domus_test_domusctl (argv, &out, &err), ==, 0);
  g_test_message ("%s", out);
  g_assert_null (strstr (out, "nan"));
  g_assert_nonnull (strstr (out, "\ncreate         4096    0      2        –        –"));
  g_assert_true (g_file_get_contents (csv, &table, NULL, NULL));
  g_assert_nonnull (strstr (table, "\ncd,create,4096,0,2,,,,,,,\n"));
  g_unlink (csv);
  g_unlink (spec);
}

/* Names with commas and quotes stay one field each in the CSV. */
static void
test_bench_csv_quoting (void)
{
  g_autofree char *scene = write_scene ("{\"domains\": [{\"name\": \"a\", \"workload\": {\"kind\": \"cpu\"}}]}");
  g_autofree char *spec = write_scene ("{\"name\": \"w\", \"kind\": \"workload\", \"repetitions\": 1,"
                                       " \"workload\": {\"domains\": [\"a\"], \"native\": 100, \"seconds\": 1},"
                                       " \"scenarios\": [{\"name\": \"fair, \\\"equal\\\"\"}]}");
  g_autofree char *csv = g_build_filename (g_get_tmp_dir (), "domusctl-bench-quoting.csv", NULL);
  const char *argv[] = { "--sim", scene, "--sim-speed", "100000", "bench", "run", spec, "--csv", csv, NULL };
  g_autofree char *out = NULL, *err = NULL, *table = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_cmpint (domus_test_domusctl (argv, &out, &err), ==, 0);
  g_assert_true (g_file_get_contents (csv, &table, NULL, NULL));
  g_test_message ("%s", table);
  lines = g_strsplit (table, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_cmpstr (lines[0], ==, "set,scenario,domain,n,failed,mean_pct,median_pct,sd_pct,min_pct,max_pct,"
                                 "p95_pct,p99_pct,sla_met");
  g_assert_true (g_str_has_prefix (lines[1], "w,\"fair, \"\"equal\"\"\",a,1,0,"));
  g_assert_cmpstr (lines[2], ==, "");
  g_unlink (csv);
  g_unlink (spec);
  g_unlink (scene);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_assert_nonnull (g_getenv ("DOMUSCTL"));
  g_test_add_func ("/domusctl/list", test_list);
  g_test_add_func ("/domusctl/top-json", test_top_json);
  g_test_add_func ("/domusctl/top-csv", test_top_csv);
  g_test_add_func ("/domusctl/qos", test_qos);
  g_test_add_func ("/domusctl/errors", test_errors);
  g_test_add_func ("/domusctl/apply", test_apply);
  g_test_add_func ("/domusctl/info", test_info);
  g_test_add_func ("/domusctl/dmesg", test_dmesg);
  g_test_add_func ("/domusctl/apply-after-end", test_apply_after_end);
  g_test_add_func ("/domusctl/commands", test_commands);
  g_test_add_func ("/domusctl/checkpoint", test_checkpoint);
  g_test_add_func ("/domusctl/domain-by-number", test_domain_by_number);
  g_test_add_func ("/domusctl/cd-eject", test_cd_eject);
  g_test_add_func ("/domusctl/migrate-target", test_migrate_target);
  g_test_add_func ("/domusctl/input-limits", test_input_limits);
  g_test_add_func ("/domusctl/bench", test_bench);
  g_test_add_func ("/domusctl/bench-all-failed", test_bench_all_failed);
  g_test_add_func ("/domusctl/bench-csv-quoting", test_bench_csv_quoting);

  return g_test_run ();
}
