/* test-domusctl-cpupool.c: domusctl's cpupool commands, as xl's
 *
 * cpupool-list and -c print what xl prints, column for column; the
 * changes run on a simulated host, one per run or several in an --apply
 * file during top, whose JSON names each domain's pool; refusals print
 * Xen's reason and exit 1.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "domus-test-utils.h"

/* Pool-0 on 0-1, p1 (credit2) on 2 with "h" in it; pCPU 3 free. */
static const char *scene_json =
  "{\"host\": {\"pcpus\": 4, \"memory_mib\": 4096},"
  " \"cpupools\": [{\"name\": \"Pool-0\", \"cpus\": \"0-1\"},"
  "               {\"name\": \"p1\", \"scheduler\": \"credit2\", \"cpus\": \"2\"}],"
  " \"domains\": [{\"name\": \"g\", \"workload\": {\"kind\": \"cpu\"}}, {\"name\": \"h\", \"pool\": \"p1\"}]}";

static char *
write_file (const char *text)
{
  g_autoptr(GError) error = NULL;
  char *path = NULL;
  int fd = g_file_open_tmp ("domusctl-cpupool-XXXXXX", &path, &error);

  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

static void
test_list (void)
{
  g_autofree char *scene = write_file (scene_json);
  const char *list[] = { "--sim", scene, "cpupool-list", NULL };
  const char *cpus[] = { "--sim", scene, "cpupool-list", "-c", NULL };
  const char *one[] = { "--sim", scene, "cpupool-list", "--cpus", "p1", NULL };
  const char *unknown[] = { "--sim", scene, "cpupool-list", "p9", NULL };
  const char *lab[] = { "--simulated", "cpupool-list", "-c", NULL };
  g_autofree char *out1 = NULL, *out2 = NULL, *out3 = NULL, *out4 = NULL, *err4 = NULL, *out5 = NULL;

  g_assert_cmpint (domus_test_domusctl (list, &out1, NULL), ==, 0);
  g_assert_cmpstr (out1, ==,
                   "Name               CPUs   Sched     Active   Domain count\n"
                   "Pool-0               2    credit       y          2\n"
                   "p1                   1   credit2       y          1\n");
  g_assert_cmpint (domus_test_domusctl (cpus, &out2, NULL), ==, 0);
  g_assert_cmpstr (out2, ==, "Name               CPU list\nPool-0             0,1\np1                 2\n");
  g_assert_cmpint (domus_test_domusctl (one, &out3, NULL), ==, 0);
  g_assert_cmpstr (out3, ==, "Name               CPU list\np1                 2\n");
  g_assert_cmpint (domus_test_domusctl (unknown, &out4, &err4), ==, 1);
  g_assert_nonnull (strstr (err4, "no cpupool named “p9”"));
  g_assert_cmpint (domus_test_domusctl (lab, &out5, NULL), ==, 0);
  g_assert_cmpstr (out5, ==, "Name               CPU list\nPool-0             0,1,2,3\n");
  g_unlink (scene);
}

/* Several changes on one host, a second apart (each is checked against
 * the last sample): what the fidelity test's setup does. */
static void
test_changes (void)
{
  g_autofree char *scene = write_file (scene_json);
  g_autofree char *commands = write_file ("cpupool-cpu-remove Pool-0 1\n"
                                          "at 1 cpupool-create name=\"p2\" sched=\"credit\" 'cpus=[\"1\", \"3\"]'\n"
                                          "at 2 cpupool-migrate g p2\n"
                                          "at 3 cpupool-migrate h Pool-0\n"
                                          "at 4 cpupool-destroy p1\n");
  const char *argv[] = { "--sim", scene, "--sim-speed", "1000", "--apply", commands,
                         "top", "--json", "--iterations", "1", "--delay", "6", NULL };
  const char *create[] = { "--sim", scene, "cpupool-create", "name=p3", "cpus=3", NULL };
  g_autofree char *out1 = NULL, *err1 = NULL, *out2 = NULL, *err2 = NULL;

  g_assert_cmpint (domus_test_domusctl (argv, &out1, &err1), ==, 0);
  g_assert_cmpstr (err1, ==, "");
  g_assert_nonnull (strstr (out1, "\"name\": \"g\", \"type\": \"pv\", \"state\": \"running\""));
  g_assert_nonnull (strstr (out1, "\"cap\": 0, \"cpupool\": \"p2\""));
  g_assert_nonnull (strstr (out1, "\"name\": \"h\""));
  g_assert_null (strstr (out1, "\"cpupool\": \"p1\""));

  g_assert_cmpint (domus_test_domusctl (create, &out2, &err2), ==, 0);
  g_assert_cmpstr (err2, ==, "");
  g_unlink (scene);
  g_unlink (commands);
}

static void
test_refused (void)
{
  g_autofree char *scene = write_file (scene_json);
  static const struct { const char *args[5]; const char *words; } cases[] = {
    { { "cpupool-destroy", "p1" }, "Cpupool “p1” is not empty: move its domains (h)" },
    { { "cpupool-cpu-remove", "p1", "2" }, "would leave cpupool “p1” without pCPUs" },
    { { "cpupool-cpu-add", "p1", "0" }, "(cpupool-cpu-remove Pool-0 0)" },
    { { "cpupool-create", "name=p2", "cpus=1" }, "pCPU 1 is in cpupool “Pool-0”" },
    { { "cpupool-create", "name=p1", "cpus=3" }, "A cpupool named “p1” already exists" },
    { { "cpupool-create", "name=p2", "sched=rtds" }, "credit or credit2, not “rtds”" },
    { { "cpupool-create", "nom=p2" }, "“nom=p2” is not name=, sched= or cpus=" },
    { { "cpupool-cpu-add", "p9", "3" }, "There is no cpupool named “p9”" },
    { { "cpupool-cpu-add", "p1", "7" }, "7" },
    { { "cpupool-migrate", "g", "p9" }, "There is no cpupool named “p9”" },
    { { "cpupool-migrate", "Domain-0", "p1" }, "Domain-0 stays" },
    { { "cpupool-migrate", "zz", "p1" }, "no domain named or numbered “zz”" },
    { { "cpupool-destroy" }, "wrong arguments for cpupool-destroy" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *argv[8] = { "--sim", scene };
      g_autofree char *out = NULL, *err = NULL;

      for (guint j = 0; cases[i].args[j] != NULL; j++)
        argv[2 + j] = cases[i].args[j];
      g_assert_cmpint (domus_test_domusctl (argv, &out, &err), ==, 1);
      g_test_message ("%s", err);
      g_assert_nonnull (strstr (err, cases[i].words));
    }
  g_unlink (scene);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/domusctl-cpupool/list", test_list);
  g_test_add_func ("/domusctl-cpupool/changes", test_changes);
  g_test_add_func ("/domusctl-cpupool/refused", test_refused);

  return g_test_run ();
}
