/* test-scene.c: reading simulated hosts from JSON, and refusing bad ones
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "domus-error.h"
#include "domus-limits.h"
#include "sim/domus-scene.h"
#include "domus-test-utils.h"

static DomusSceneDomain *
domain_at (DomusScene *scene,
           guint       i)
{
  return g_ptr_array_index (scene->domains, i);
}

static void
test_default (void)
{
  g_autoptr(DomusScene) scene = domus_scene_new_default ();
  static const char * const names[] = { "Domain-0", "debian10", "clone1", "clone2", "debian_hvm" };

  g_assert_cmpuint (scene->pcpus, ==, 4);
  g_assert_cmpuint (scene->memory_mib, ==, 8192);
  g_assert_cmpint (scene->scheduler, ==, DOMUS_SCHEDULER_CREDIT);
  g_assert_cmpuint (scene->domains->len, ==, G_N_ELEMENTS (names));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_assert_cmpstr (domain_at (scene, i)->name, ==, names[i]);
  g_assert_cmpuint (domain_at (scene, 0)->vcpus, ==, 2);
  g_assert_cmpint (domain_at (scene, 4)->type, ==, DOMUS_DOMAIN_TYPE_HVM);
  g_assert_cmpint (domain_at (scene, 4)->workload.kind, ==, DOMUS_WORKLOAD_IDLE);
}

static void
test_full (void)
{
  const char *json =
    "{\"host\": {\"pcpus\": 4, \"memory_mib\": 8192, \"scheduler\": \"credit2\"},"
    " \"domains\": [{\"name\": \"clone1\", \"type\": \"pv\", \"vcpus\": 2, \"memory_mib\": 1024,"
    "   \"weight\": 512, \"cap\": 50, \"affinity\": [[0,1],[2,3]],"
    "   \"workload\": {\"kind\": \"cpu\", \"busy_vcpus\": 2}},"
    "  {\"name\": \"b\", \"vcpus\": 3, \"affinity\": \"2-3\", \"state\": \"paused\","
    "   \"workload\": {\"kind\": \"bursty\", \"duty\": 0.25, \"period_ms\": 40}}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusScene) scene = domus_scene_new_from_data (json, -1, &error);
  DomusSceneDomain *clone1, *b;

  g_assert_no_error (error);
  g_assert_cmpint (scene->scheduler, ==, DOMUS_SCHEDULER_CREDIT2);
  /* Domain-0 was added, first. */
  g_assert_cmpuint (scene->domains->len, ==, 3);
  g_assert_cmpstr (domain_at (scene, 0)->name, ==, "Domain-0");

  clone1 = domain_at (scene, 1);
  g_assert_cmpuint (clone1->weight, ==, 512);
  g_assert_cmpuint (clone1->cap, ==, 50);
  g_assert_cmphex (clone1->affinity[0], ==, 0x3);
  g_assert_cmphex (clone1->affinity[1], ==, 0xc);
  g_assert_cmpuint (clone1->busy_vcpus, ==, 2);

  b = domain_at (scene, 2);
  g_assert_cmpuint (b->weight, ==, 256);
  g_assert_cmpuint (b->memory_mib, ==, 512);
  g_assert_cmpint (b->type, ==, DOMUS_DOMAIN_TYPE_PV);
  g_assert_true (b->paused);
  g_assert_cmphex (b->affinity[2], ==, 0xc);
  g_assert_cmpint (b->workload.kind, ==, DOMUS_WORKLOAD_BURSTY);
  g_assert_cmpfloat (b->workload.duty, ==, 0.25);
  g_assert_cmpuint (b->workload.period_ms, ==, 40);
  /* busy_vcpus defaults to every online vCPU for a busy workload */
  g_assert_cmpuint (b->busy_vcpus, ==, 3);
}

static void
test_errors (void)
{
  static const struct { const char *json; const char *key; } cases[] = {
    { "[1]", "scene" },
    { "{\"hots\": {}}", "hots" },
    { "{\"host\": {\"pcpus\": 0}}", "host.pcpus" },
    { "{\"host\": {\"pcpus\": 2.5}}", "host.pcpus" },
    { "{\"host\": {\"scheduler\": \"rtds\"}}", "host.scheduler" },
    { "{\"domains\": [{\"name\": \"a\", \"wieght\": 5}]}", "domains[0].wieght" },
    { "{\"domains\": [{\"name\": \"a\"}, {\"name\": \"b\", \"weight\": 70000}]}", "domains[1].weight" },
    { "{\"domains\": [{\"name\": \"a\", \"weight\": 0}]}", "domains[0].weight" },
    { "{\"domains\": [{\"name\": \"a\", \"vcpus\": 2, \"cap\": 201}]}", "domains[0].cap" },
    { "{\"domains\": [{\"vcpus\": 2}]}", "domains[0].name" },
    { "{\"domains\": [{\"name\": \"a\"}, {\"name\": \"a\"}]}", "domains[1].name" },
    { "{\"domains\": [{\"name\": \"a\", \"type\": \"kvm\"}]}", "domains[0].type" },
    { "{\"domains\": [{\"name\": \"a\", \"affinity\": [[7]]}]}", "domains[0].affinity[0]" },
    { "{\"domains\": [{\"name\": \"a\", \"affinity\": [[0],[1]]}]}", "domains[0].affinity" },
    { "{\"domains\": [{\"name\": \"a\", \"workload\": {\"kind\": \"cpu\", \"duty\": 2}}]}",
      "domains[0].workload.duty" },
    { "{\"domains\": [{\"name\": \"a\", \"workload\": {\"busy_vcpus\": 1}}]}", "domains[0].workload" },
    { "{\"host\": {\"memory_mib\": 1024}, \"domains\": [{\"name\": \"a\", \"memory_mib\": 1000}]}",
      "domains" },
    { "{\"domains\": [{\"name\": \"a\", \"io\": []}]}", "domains[0].io" },
    { "{\"domains\": [{\"name\": \"a\", \"io\": {\"nets\": []}}]}", "domains[0].io.nets" },
    { "{\"domains\": [{\"name\": \"a\", \"io\": {\"net\": {}}}]}", "domains[0].io.net" },
    { "{\"domains\": [{\"name\": \"a\", \"io\": {\"net\": [{\"rx_kib_s\": -1}]}}]}",
      "domains[0].io.net[0].rx_kib_s" },
    { "{\"domains\": [{\"name\": \"a\", \"io\": {\"net\": [{\"read_kib_s\": 1}]}}]}",
      "domains[0].io.net[0].read_kib_s" },
    { "{\"domains\": [{\"name\": \"a\", \"io\": {\"disk\": [{\"vdev\": \"eth0\"}]}}]}",
      "domains[0].io.disk[0].vdev" },
    { "{\"domains\": [{\"name\": \"a\", \"io\": {\"disk\": [{}, {\"vdev\": \"xvda\"}]}}]}",
      "domains[0].io.disk[1].vdev" },
    { "{\"domains\": [{\"name\": \"a\", \"io\": {\"swing\": 2}}]}", "domains[0].io.swing" },
    { "{\"domains\": [{\"name\": \"a\", \"io\": {\"disk\": [{},{},{},{},{},{},{},{},{}]}}]}",
      "domains[0].io.disk" },
    { "{\"cpupools\": {}}", "cpupools" },
    { "{\"cpupools\": [{\"cpus\": \"1\"}]}", "cpupools[0].name" },
    { "{\"cpupools\": [{\"name\": \"p1\"}]}", "cpupools[0].cpus" },
    { "{\"cpupools\": [{\"name\": \"p1\", \"cpus\": \"9\"}]}", "cpupools[0].cpus" },
    { "{\"cpupools\": [{\"name\": \"p1\", \"cpus\": [1, 7]}]}", "cpupools[0].cpus" },
    { "{\"cpupools\": [{\"name\": \"p1\", \"cpus\": \"1\", \"scheduler\": \"rtds\"}]}",
      "cpupools[0].scheduler" },
    { "{\"cpupools\": [{\"name\": \"p1\", \"cpus\": \"1\"}, {\"name\": \"p2\", \"cpus\": \"1-2\"}]}",
      "cpupools[1].cpus" },
    { "{\"cpupools\": [{\"name\": \"p1\", \"cpus\": \"1\"}, {\"name\": \"p1\", \"cpus\": \"2\"}]}",
      "cpupools[1].name" },
    { "{\"cpupools\": [{\"name\": \"p1\", \"cpus\": \"all\"}]}", "cpupools" },
    { "{\"domains\": [{\"name\": \"a\", \"pool\": \"p9\"}]}", "domains" },
    { "{\"cpupools\": [{\"name\": \"p1\", \"cpus\": []}], \"domains\": [{\"name\": \"a\", \"pool\": \"p1\"}]}",
      "domains" },
    { "{\"cpupools\": [{\"name\": \"p1\", \"cpus\": \"3\"}], \"domains\": [{\"name\": \"Domain-0\", \"pool\": \"p1\"}]}",
      "domains" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DomusScene) scene = domus_scene_new_from_data (cases[i].json, -1, &error);
      g_autofree char *prefix = g_strconcat (cases[i].key, ": ", NULL);

      g_assert_null (scene);
      g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE);
      g_test_message ("%s", error->message);
      g_assert_true (g_str_has_prefix (error->message, prefix));
    }
}

/* Pool-0 has the pCPUs no other pool has, under the host's scheduler. */
static void
test_cpupools (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusScene) scene = domus_scene_new_from_data (
    "{\"host\": {\"pcpus\": 4, \"scheduler\": \"credit2\"},"
    " \"cpupools\": [{\"name\": \"p1\", \"scheduler\": \"credit\", \"cpus\": [2, 3]}],"
    " \"domains\": [{\"name\": \"a\", \"pool\": \"p1\"}]}", -1, &error);
  g_autoptr(DomusScene) plain = domus_scene_new_from_data ("{}", -1, &error);
  DomusScenePool *pool;

  g_assert_no_error (error);
  g_assert_cmpuint (scene->cpupools->len, ==, 2);
  pool = g_ptr_array_index (scene->cpupools, 0);
  g_assert_cmpstr (pool->name, ==, "Pool-0");
  g_assert_cmphex (pool->cpus, ==, 0x3);
  g_assert_cmpint (pool->scheduler, ==, DOMUS_SCHEDULER_CREDIT2);
  pool = g_ptr_array_index (scene->cpupools, 1);
  g_assert_cmpstr (pool->name, ==, "p1");
  g_assert_cmphex (pool->cpus, ==, 0xc);
  g_assert_cmpint (pool->scheduler, ==, DOMUS_SCHEDULER_CREDIT);
  g_assert_cmpstr (domain_at (scene, 1)->pool, ==, "p1");
  g_assert_null (domain_at (scene, 0)->pool);

  g_assert_cmpuint (plain->cpupools->len, ==, 1);
  g_assert_cmphex (((DomusScenePool *) g_ptr_array_index (plain->cpupools, 0))->cpus, ==, 0xf);
}

/* Numbers out of range name the key and the range, whatever their size:
 * they are never converted to an integer type that cannot hold them. */
/* A name of digits only would be read as a domain's number (as xl and
 * domusctl read "DOMAIN"): refused, so that no name is ambiguous. */
static void
test_number_as_name (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusScene) scene = domus_scene_new_from_data ("{\"domains\": [{\"name\": \"a\"}, {\"name\": \"42\"}]}",
                                                           -1, &error);

  g_assert_null (scene);
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE);
  g_assert_cmpstr (error->message, ==, "domains[1].name: a name of digits only would be read as a domain's number");
  g_clear_error (&error);
  /* Digits among other characters are a name. */
  scene = domus_scene_new_from_data ("{\"domains\": [{\"name\": \"web42\"}, {\"name\": \"4-2\"}]}", -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (scene);
}

static void
test_huge_numbers (void)
{
  static const struct { const char *json; const char *message; } cases[] = {
    { "{\"domains\": [{\"name\": \"a\", \"vcpus\": 4e20}]}",
      "domains[0].vcpus: 4e+20 is out of range (1 to 128)" },
    { "{\"domains\": [{\"name\": \"a\", \"weight\": -9.3e18}]}",
      "domains[0].weight: -9.3e+18 is out of range (1 to 65535)" },
    { "{\"host\": {\"seed\": 1e300}}", "host.seed: 1e+300 is out of range (0 to 4294967295)" },
    { "{\"domains\": [{\"name\": \"a\", \"workload\": {\"kind\": \"bursty\", \"period_ms\": 1.5e19}}]}",
      "domains[0].workload.period_ms: 1.5e+19 is out of range (1 to 60000)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DomusScene) scene = domus_scene_new_from_data (cases[i].json, -1, &error);

      g_assert_null (scene);
      g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

/* JSON nested deeper than DOMUS_MAX_NESTING is refused before json-glib,
 * which recurses once per level, reads it; so is what would hide the
 * nesting from that check. */
static void
test_nesting (void)
{
  g_autofree char *deep = g_strnfill (200000, '[');
  g_autofree char *open64 = g_strnfill (DOMUS_MAX_NESTING - 1, '[');
  g_autofree char *close64 = g_strnfill (DOMUS_MAX_NESTING - 1, ']');
  g_autofree char *at_limit = g_strconcat ("{\"domains\": ", open64, close64, "}", NULL);
  g_autofree char *past_limit = g_strconcat ("{\"domains\": [", open64, close64, "]}", NULL);
  g_autofree char *in_string = g_strconcat ("{\"domains\": [{\"name\": \"", deep, "\"}]}", NULL);
  /* json-glib 1.6 reads on past the quote after a lone surrogate, and takes
   * comments and single-quoted strings: each could hide the brackets. */
  g_autofree char *lone_surrogate = g_strconcat ("{\"domains\": [{\"name\": \"\\ud800\" \", \"x\": ",
                                                 deep, NULL);
  g_autofree char *comment = g_strconcat ("{\"domains\": / \" / ", deep, NULL);
  g_autofree char *single = g_strconcat ("{\"domains\": [{\"name\": ' \" ', \"x\": ", deep, NULL);
  g_autoptr(DomusScene) scene = NULL;
  g_autoptr(DomusSceneDomain) domain = NULL;
  g_autoptr(GError) error = NULL;

  scene = domus_scene_new_from_data (deep, -1, &error);
  g_assert_null (scene);
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_TOO_LARGE);
  g_assert_cmpstr (error->message, ==,
                   "Not a valid JSON scene: line 1: lists and objects are nested deeper than "
                   "the limit of 64 levels");
  g_clear_error (&error);

  /* 64 levels are read (and then refused for what they hold), 65 are not. */
  scene = domus_scene_new_from_data (at_limit, -1, &error);
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE);
  g_assert_cmpstr (error->message, ==, "domains[0]: must be an object");
  g_clear_error (&error);
  scene = domus_scene_new_from_data (past_limit, -1, &error);
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_TOO_LARGE);
  g_clear_error (&error);

  /* Brackets inside a string are not nesting. */
  scene = domus_scene_new_from_data (in_string, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (domain_at (scene, 1)->name, ==, deep);
  g_clear_pointer (&scene, domus_scene_free);

  scene = domus_scene_new_from_data (lone_surrogate, -1, &error);
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE);
  g_assert_cmpstr (error->message, ==, "Not a valid JSON scene: line 1: invalid escape “\\ud800” in a string");
  g_clear_error (&error);
  scene = domus_scene_new_from_data (comment, -1, &error);
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE);
  g_assert_cmpstr (error->message, ==,
                   "Not a valid JSON scene: line 1: unexpected “/”: Domus reads standard JSON, "
                   "without comments or single quotes");
  g_clear_error (&error);
  scene = domus_scene_new_from_data (single, -1, &error);
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE);
  g_clear_error (&error);

  /* A surrogate pair is a whole character. */
  scene = domus_scene_new_from_data ("{\"domains\": [{\"name\": \"\\ud83d\\ude00\"}]}", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (domain_at (scene, 1)->name, ==, "\xf0\x9f\x98\x80");

  /* A saved domain, as the simulator restores it. */
  domain = domus_scene_domain_new_from_json (deep, 4, 8192, &error);
  g_assert_null (domain);
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_TOO_LARGE);
}

/* A JSON text holds one value. json-glib 1.6 takes a second one after an
 * object, an array or a number, drops (and leaks) the first, and goes on
 * with the second: the scene would be another than the one read first. */
static void
test_one_value (void)
{
  const char *texts[] = {
    "{\"host\": {\"pcpus\": 2}}{\"host\": {\"pcpus\": 4}}",
    "{\"host\": {\"pcpus\": 2}}\n\n[]",
    "1 {\"host\": {\"pcpus\": 4}}",
    "\"x\" {}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(DomusScene) scene = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", texts[i]);
      scene = domus_scene_new_from_data (texts[i], -1, &error);
      g_assert_null (scene);
      g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE);
      g_assert_nonnull (strstr (error->message, "a second JSON value"));
    }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DomusScene) scene = domus_scene_new_from_data (texts[1], -1, &error);

    g_assert_null (scene);
    g_assert_cmpstr (error->message, ==,
                     "Not a valid JSON scene: line 3: a second JSON value after the first; "
                     "a file holds one");
  }
  {
    /* What json-glib skips is not a value. */
    g_autoptr(GError) error = NULL;
    g_autoptr(DomusScene) scene = domus_scene_new_from_data ("\xef\xbb\xbf {\"host\": {\"pcpus\": 2}}\n",
                                                             -1, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (scene->pcpus, ==, 2);
  }
}

/* Scene files are read up to DOMUS_MAX_SCENE_SIZE, and only regular files. */
static void
test_file_limits (void)
{
  g_autofree char *dir = g_dir_make_tmp ("domus-scene-XXXXXX", NULL);
  g_autofree char *big = g_build_filename (dir, "big.json", NULL);
  g_autofree char *expected = g_strdup_printf ("Cannot read the scene file “%s”: "
                                               "it is over the size limit of 4.0\u00a0MiB", big);
  g_autoptr(GError) error = NULL;

  domus_test_make_sparse_file (big, DOMUS_MAX_SCENE_SIZE + 1);
  g_assert_null (domus_scene_new_from_file (big, &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_TOO_LARGE);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);

  /* At the limit, the file is read (and is no JSON object). */
  domus_test_make_sparse_file (big, DOMUS_MAX_SCENE_SIZE);
  g_assert_null (domus_scene_new_from_file (big, &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE);
  g_clear_error (&error);

  g_assert_null (domus_scene_new_from_file (dir, &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED);
  g_assert_true (g_str_has_suffix (error->message, "it is not a regular file"));

  g_unlink (big);
  g_rmdir (dir);
}

static void
test_file_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "domus-test-scene-broken.json", NULL);

  g_assert_null (domus_scene_new_from_file ("/nonexistent/scene.json", &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (path, "{\"host\": {\"pcpus\": 4,", -1, NULL));
  g_assert_null (domus_scene_new_from_file (path, &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE);
  g_assert_true (g_str_has_prefix (error->message, "domus-test-scene-broken.json: "));
  g_unlink (path);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/scene/default", test_default);
  g_test_add_func ("/scene/number-as-name", test_number_as_name);
  g_test_add_func ("/scene/full", test_full);
  g_test_add_func ("/scene/errors", test_errors);
  g_test_add_func ("/scene/cpupools", test_cpupools);
  g_test_add_func ("/scene/file-errors", test_file_errors);
  g_test_add_func ("/scene/huge-numbers", test_huge_numbers);
  g_test_add_func ("/scene/nesting", test_nesting);
  g_test_add_func ("/scene/one-value", test_one_value);
  g_test_add_func ("/scene/file-limits", test_file_limits);

  return g_test_run ();
}
