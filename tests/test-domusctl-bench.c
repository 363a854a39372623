/* test-domusctl-bench.c: domusctl bench with a peer, for "return"
 *
 * `domusctl bench --peer ADDRESS SPEC` connects the host at migrate_to
 * before anything runs (here through a real sshd on 127.0.0.1 to the real
 * agent serving a simulated host, as the lab's command line reaches
 * lab-b); a spec with "return" and no peer, a peer without "return" and
 * an address that is not one are refused with what to do, nothing run.
 * The simulated hosts of two processes are no lab (a migration between
 * them only leaves): the way there and back end to end is
 * test-bench-runner's, with both hosts in one process.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "domus-test-sshd.h"
#include "domus-test-utils.h"

/* A spec of @steps for one domain of 128 MiB, once, to lab-b and back. */
static char *
write_spec (const char *dir,
            const char *steps)
{
  g_autofree char *config = g_build_filename (g_getenv ("DOMUS_TEST_DATA"), "xl", "debian10.cfg", NULL);
  g_autofree char *json = g_strdup_printf ("{\"name\": \"there-and-back\", \"repetitions\": 1,"
                                           " \"lifecycle\": {\"config\": \"%s\", \"memory_mib\": [128],"
                                           " \"steps\": %s, \"ready_timeout\": 3600,"
                                           " \"migrate_to\": \"lab-b\", \"return_to\": \"lab-a\"}}",
                                           config, steps);

  return domus_test_write_text (dir, "spec.json", json);
}

/* Refused before anything runs, with what to do. */
static void
test_refused (void)
{
  g_autofree char *dir = g_dir_make_tmp ("domusctl-bench-XXXXXX", NULL);
  g_autofree char *spec = write_spec (dir, "[\"create\", \"migrate\", \"return\", \"destroy\"]");
  g_autofree char *plain = domus_test_write_text (dir, "plain.json", "{\"lifecycle\": {\"config\": \"/nonexistent.cfg\"}}");
  g_autofree char *results = g_build_filename (dir, "out.jsonl", NULL);
  const char *no_peer[] = { "--simulated", "--sim-speed", "100000", "bench", "run", spec, "--json", results, NULL };
  const char *no_return[] = { "--simulated", "bench", "--peer", "ssh://lab-b", plain, NULL };
  const char *bad_address[] = { "--simulated", "bench", spec, "--peer", "ftp://lab-b", NULL };
  const char *usage[] = { "--simulated", "bench", "run", NULL };
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (domus_test_domusctl (no_peer, &out, &err), ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_cmpstr (err, ==, "domusctl bench: the benchmark brings its domains back from lab-b (step “return”): "
                            "connect that host with --peer ADDRESS, such as --peer ssh://lab-b\n");
  g_assert_false (g_file_test (results, G_FILE_TEST_EXISTS));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (domus_test_domusctl (no_return, &out, &err), ==, 1);
  g_assert_true (g_str_has_prefix (err, "domusctl bench: --peer is for a benchmark with the step “return”, "
                                        "which "));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (domus_test_domusctl (bad_address, &out, &err), ==, 1);
  g_test_message ("%s", err);
  g_assert_true (g_str_has_prefix (err, "domusctl bench: --peer: "));
  g_assert_nonnull (strstr (err, "ftp://lab-b"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (domus_test_domusctl (usage, &out, &err), ==, 1);
  g_assert_true (g_str_has_prefix (err, "Usage: domusctl bench [run] SPEC.json"));
  domus_test_remove_dir (dir);
}

/* The lead's command line, `bench --peer ssh://lab-b?agent=PATH SPEC`,
 * through sshd to an agent serving lab-b, whose simulated host already has
 * a domain of the benchmark's name: the migration there leaves this host
 * (another process's simulated host is no lab), "return" finds the domain
 * on lab-b and has lab-b migrate it over the wire; it leaves lab-b too,
 * but never arrives here, which the step says; the summary has its row. A
 * peer that cannot be reached stops the run before anything runs. */
static void
test_peer (void)
{
  DomusTestSshd *sshd = domus_test_sshd_start ();
  g_autofree char *dir = g_dir_make_tmp ("domusctl-bench-XXXXXX", NULL);
  g_autofree char *spec = write_spec (dir, "[\"create\", \"migrate\", \"return\", \"destroy\"]");
  g_autofree char *scene = domus_test_write_text (dir, "lab-b.json",
                                       "{\"host\": {\"hostname\": \"lab-b\"},"
                                       " \"domains\": [{\"name\": \"bench1-128\", \"memory_mib\": 128}]}");
  g_autofree char *script = g_strdup_printf ("#!/bin/sh\nexec %s --sim %s \"$@\"\n", g_getenv ("DOMUS_AGENT"), scene);
  g_autofree char *agent = domus_test_write_text (dir, "agent-b", script);
  g_autofree char *config = NULL;
  g_autofree char *lab_b = NULL;
  g_autofree char *refused = domus_test_refused_config ("lab-z");
  g_autofree char *address = g_strdup_printf ("ssh://lab-b?agent=%s", agent);
  g_autofree char *results = g_build_filename (dir, "out.jsonl", NULL);
  g_autofree char *out = NULL, *err = NULL, *lines = NULL;
  const char *argv[] = { "--simulated", "--sim-speed", "1000", "bench", "--peer", address, spec,
                         "--json", results, "--quiet", NULL };
  const char *unreachable[] = { "--simulated", "bench", "--peer", "ssh://lab-z", spec, NULL };

  g_assert_cmpint (g_chmod (agent, 0755), ==, 0);
  lab_b = domus_test_sshd_config (sshd, "lab-b");
  config = g_strconcat (lab_b, refused, NULL);
  domus_test_use_ssh_config (dir, config);

  g_assert_cmpint (domus_test_domusctl (argv, &out, &err), ==, 0);
  g_test_message ("%s%s", out, err);
  g_assert_nonnull (strstr (out, "\nreturn          128    0      1 "));
  g_assert_nonnull (strstr (out, "\nmigrate         128    1      0 "));
  g_assert_true (g_file_get_contents (results, &lines, NULL, NULL));
  g_assert_nonnull (strstr (lines, "\"step\":\"return\""));
  g_assert_nonnull (strstr (lines, "“bench1-128” left lab-b but did not appear on this host within 3600 s"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (domus_test_domusctl (unreachable, &out, &err), ==, 1);
  g_test_message ("%s", err);
  g_assert_true (g_str_has_prefix (err, "domusctl bench: cannot connect the peer ssh://lab-z: Cannot reach lab-z"));
  g_assert_cmpstr (out, ==, "");

  domus_test_remove_dir (dir);
  domus_test_sshd_stop (sshd);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_assert_nonnull (g_getenv ("DOMUSCTL"));
  g_test_add_func ("/domusctl-bench/refused", test_refused);
  g_test_add_func ("/domusctl-bench/peer", test_peer);
  return g_test_run ();
}
