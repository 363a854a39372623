/* test-sim-requests.c: changing domains on the simulated host
 *
 * Each request goes through DomusHost's checks to the simulator, and its
 * effect is read back the way the window and domusctl read it: from the
 * domains' properties and CPU shares a few refreshes later.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>

#include "domus-command.h"
#include "domus-error.h"
#include "domus-host-name.h"
#include "domus-limits.h"
#include "domus-test-utils.h"
#include "xlcfg/domus-xl-hvm.h"

typedef struct
{
  DomusClock *clock;
  DomusHost  *host;
  char       *dir;
} Fixture;

static const char *two_on_one =
  "{\"host\": {\"pcpus\": 1, \"memory_mib\": 4096},"
  " \"domains\": [{\"name\": \"a\", \"memory_mib\": 1024, \"workload\": {\"kind\": \"cpu\"}},"
  "              {\"name\": \"b\", \"memory_mib\": 1024, \"maxmem_mib\": 2048, \"workload\": {\"kind\": \"cpu\"}}]}";

static const char *wide =
  "{\"host\": {\"pcpus\": 4, \"memory_mib\": 4096},"
  " \"domains\": [{\"name\": \"w\", \"vcpus\": 2, \"maxvcpus\": 4, \"workload\": {\"kind\": \"cpu\", \"busy_vcpus\": 4}},"
  "              {\"name\": \"v\", \"vcpus\": 1, \"workload\": {\"kind\": \"cpu\"}}]}";

static void
fixture_setup (Fixture       *f,
               gconstpointer  scene_json)
{
  f->host = domus_test_sim_host_new (scene_json, &f->clock);
  f->dir = g_dir_make_tmp ("domus-requests-XXXXXX", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  domus_test_remove_dir (f->dir);
  g_free (f->dir);
  g_clear_object (&f->host);
  g_clear_object (&f->clock);
}

typedef struct
{
  GAsyncResult *answer;    /* once the host has answered */
  gint64        value;
  GError       *error;
  GArray       *progress;
} Result;

/* Reads the host's answer into @r. */
static void
finish (Fixture *f,
        Result  *r)
{
  g_assert_nonnull (r->answer);
  r->value = domus_host_request_finish (f->host, r->answer, &r->error);
}

static void
progress_cb (double   fraction,
             gpointer data)
{
  Result *r = data;

  g_array_append_val (r->progress, fraction);
}

/* Sends @request and steps simulated time, 100 ms at a time, until it is
 * answered; returns the simulated time that took. */
static double
run (Fixture      *f,
     DomusRequest *request,
     GCancellable *cancellable,
     Result       *r)
{
  gint64 start = domus_clock_get_now (f->clock);

  r->progress = g_array_new (FALSE, FALSE, sizeof (double));
  request->progress = progress_cb;
  request->progress_data = r;
  domus_host_request_async (f->host, request, cancellable, domus_test_result_cb, &r->answer);
  DOMUS_TEST_STEP_UNTIL (f->clock, r->answer != NULL, 100);
  finish (f, r);
  return (domus_clock_get_now (f->clock) - start) / 1e6;
}

static void
result_clear (Result *r)
{
  g_clear_error (&r->error);
  g_clear_pointer (&r->progress, g_array_unref);
  g_clear_object (&r->answer);
}

/* Sends a domusctl-style command line and waits for it. */
static void
command (Fixture    *f,
         const char *line,
         Result     *r)
{
  g_auto(GStrv) argv = g_strsplit (line, " ", -1);
  g_autoptr(GError) error = NULL;
  DomusRequest *request = domus_command_parse (f->host, (const char * const *) argv, NULL, &error);

  g_assert_no_error (error);
  result_clear (r);
  run (f, request, NULL, r);
}

static DomusDomain *
domain (Fixture    *f,
        const char *name)
{
  return domus_host_lookup_domain_by_name (f->host, name);
}

/* The average CPU% of @name over the next @seconds. */
static double
share (Fixture    *f,
       const char *name,
       guint       seconds)
{
  guint64 before = domus_domain_get_cpu_time (domain (f, name));

  domus_clock_advance (f->clock, seconds * G_USEC_PER_SEC);
  return (domus_domain_get_cpu_time (domain (f, name)) - before) / (seconds * 1e7);
}

static void
test_weight_and_cap (Fixture       *f,
                     gconstpointer  data)
{
  Result r = { 0 };
  double a, b;

  domus_clock_advance (f->clock, 2 * G_USEC_PER_SEC);
  a = share (f, "a", 20);
  g_assert_cmpfloat_with_epsilon (a, 50.0, 2.0);

  command (f, "sched b --weight 512", &r);
  g_assert_no_error (r.error);
  /* The host re-read itself at once: the property shows the new weight. */
  g_assert_cmpint (domus_domain_get_weight (domain (f, "b")), ==, 512);
  domus_clock_advance (f->clock, 2 * G_USEC_PER_SEC);
  a = share (f, "a", 30);
  b = share (f, "b", 30);
  g_test_message ("weights 256/512: a %.1f%% b %.1f%%", a, b);
  g_assert_cmpfloat_with_epsilon (a, 100.0 / 3, 2.0);
  g_assert_cmpfloat_with_epsilon (b, 200.0 / 3, 2.0);

  command (f, "sched b --cap 20", &r);
  g_assert_no_error (r.error);
  g_assert_cmpint (domus_domain_get_cap (domain (f, "b")), ==, 20);
  domus_clock_advance (f->clock, 2 * G_USEC_PER_SEC);
  b = share (f, "b", 30);
  g_test_message ("cap 20: b %.1f%%", b);
  g_assert_cmpfloat_with_epsilon (b, 20.0, 2.0);
  result_clear (&r);
}

static void
expect_error (Fixture    *f,
              const char *line,
              int         code,
              const char *message)
{
  g_auto(GStrv) argv = g_strsplit (line, " ", -1);
  g_autoptr(GError) error = NULL;
  DomusRequest *request = domus_command_parse (f->host, (const char * const *) argv, NULL, &error);
  Result r = { 0 };

  if (request == NULL)
    {
      g_assert_error (error, DOMUS_ERROR, code);
      g_test_message ("%s → %s", line, error->message);
      g_assert_cmpstr (error->message, ==, message);
      return;
    }
  run (f, request, NULL, &r);
  g_assert_error (r.error, DOMUS_ERROR, code);
  g_test_message ("%s → %s", line, r.error->message);
  g_assert_cmpstr (r.error->message, ==, message);
  result_clear (&r);
}

static void
test_bad_requests (Fixture       *f,
                   gconstpointer  data)
{
  Result r = { 0 };

  expect_error (f, "sched w --weight 0", DOMUS_ERROR_INVALID_ARGUMENT,
                "The weight must be a whole number from 1 to 65535, not “0”");
  expect_error (f, "sched w --weight 70000", DOMUS_ERROR_INVALID_ARGUMENT,
                "The weight must be a whole number from 1 to 65535, not “70000”");
  expect_error (f, "sched w --cap 401", DOMUS_ERROR_INVALID_ARGUMENT,
                "The cap of “w” must be between 0 (no cap) and 400 (its 4 vCPUs), not 401");
  expect_error (f, "vcpu-set w 5", DOMUS_ERROR_INVALID_ARGUMENT,
                "“w” can have between 1 and 4 vCPUs online, not 5");
  expect_error (f, "vcpu-pin v 1 4", DOMUS_ERROR_INVALID_ARGUMENT,
                "pCPU 4 does not exist: this host has pCPUs 0 to 3");
  expect_error (f, "vcpu-pin v 3 0", DOMUS_ERROR_INVALID_ARGUMENT,
                "“v” has no vCPU 3 (it has vCPUs 0 to 0)");
  expect_error (f, "mem-set v 4g", DOMUS_ERROR_INVALID_ARGUMENT,
                "The memory of “v” can be set between 16 and 512 MiB (its maximum)");
  expect_error (f, "pause nonesuch", DOMUS_ERROR_NOT_FOUND, "no domain named or numbered “nonesuch”");
  expect_error (f, "destroy 0", DOMUS_ERROR_NOT_SUPPORTED,
                "Domain-0 runs Xen's tools and cannot be paused, shut down, rebooted, destroyed, saved or migrated");

  /* Nothing changed. */
  g_assert_cmpint (domus_domain_get_weight (domain (f, "w")), ==, 256);
  g_assert_cmpuint (domus_domain_get_vcpus_online (domain (f, "w")), ==, 2);

  /* A request for a domain that has gone since: a clear message. */
  command (f, "destroy v", &r);
  g_assert_no_error (r.error);
  result_clear (&r);
  {
    g_autoptr(DomusRequest) gone = domus_request_new (DOMUS_REQUEST_PAUSE);
    gone->domid = 2;
    gone->domain_name = g_strdup ("v");
    run (f, g_steal_pointer (&gone), NULL, &r);
    g_assert_error (r.error, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND);
    g_assert_cmpstr (r.error->message, ==, "Domain “v” no longer exists");
    result_clear (&r);
  }
}

static void
test_vcpus_pin_memory (Fixture       *f,
                       gconstpointer  data)
{
  Result r = { 0 };
  g_autoptr(DomusVcpu) vcpu0 = NULL;

  domus_clock_advance (f->clock, 2 * G_USEC_PER_SEC);
  g_assert_cmpfloat_with_epsilon (share (f, "w", 10), 200.0, 2.0);

  command (f, "vcpu-set w 3", &r);
  g_assert_no_error (r.error);
  g_assert_cmpuint (domus_domain_get_vcpus_online (domain (f, "w")), ==, 3);
  domus_clock_advance (f->clock, 2 * G_USEC_PER_SEC);
  g_assert_cmpfloat_with_epsilon (share (f, "w", 10), 300.0, 2.0);

  /* All of w on pCPU 0 alone: one pCPU's worth. */
  command (f, "vcpu-pin w all 0", &r);
  g_assert_no_error (r.error);
  vcpu0 = g_list_model_get_item (domus_domain_get_vcpus (domain (f, "w")), 2);
  g_assert_cmpstr (domus_vcpu_get_affinity (vcpu0), ==, "0");
  domus_clock_advance (f->clock, 2 * G_USEC_PER_SEC);
  g_assert_cmpfloat_with_epsilon (share (f, "w", 10), 100.0, 2.0);
  g_assert_cmpuint (domus_vcpu_get_pcpu (vcpu0), ==, 0);

  /* The balloon: the target is set at once, the guest follows. */
  command (f, "mem-set v 256", &r);
  g_assert_no_error (r.error);
  g_assert_cmpuint (domus_domain_get_memory_target_kib (domain (f, "v")), ==, 256 * 1024);
  g_assert_cmpuint (domus_domain_get_memory_kib (domain (f, "v")), >, 256 * 1024);
  domus_clock_advance (f->clock, 2 * G_USEC_PER_SEC);
  g_assert_cmpuint (domus_domain_get_memory_kib (domain (f, "v")), ==, 256 * 1024);
  result_clear (&r);
}

static void
test_lifecycle (Fixture       *f,
                gconstpointer  data)
{
  Result r = { 0 };
  guint old_id;
  double took;

  command (f, "pause a", &r);
  g_assert_no_error (r.error);
  g_assert_cmpint (domus_domain_get_state (domain (f, "a")), ==, DOMUS_DOMAIN_STATE_PAUSED);
  domus_clock_advance (f->clock, G_USEC_PER_SEC);
  g_assert_cmpfloat_with_epsilon (share (f, "b", 10), 100.0, 1.0);
  command (f, "unpause a", &r);
  g_assert_no_error (r.error);
  domus_clock_advance (f->clock, G_USEC_PER_SEC);
  g_assert_cmpfloat_with_epsilon (share (f, "a", 10), 50.0, 2.0);

  /* Reboot: a new domain with a new id and the same settings. */
  old_id = domus_domain_get_id (domain (f, "b"));
  command (f, "sched b --weight 512", &r);
  command (f, "reboot b", &r);
  g_assert_no_error (r.error);
  domus_clock_advance (f->clock, 3 * G_USEC_PER_SEC);
  g_assert_nonnull (domain (f, "b"));
  g_assert_cmpuint (domus_domain_get_id (domain (f, "b")), >, old_id);
  g_assert_cmpint (domus_domain_get_weight (domain (f, "b")), ==, 512);

  /* Shutdown: answered at once, the domain then goes through "s". */
  command (f, "shutdown a", &r);
  g_assert_no_error (r.error);
  domus_clock_advance (f->clock, 2 * G_USEC_PER_SEC + 100000);
  g_assert_cmpint (domus_domain_get_state (domain (f, "a")), ==, DOMUS_DOMAIN_STATE_SHUTDOWN);
  domus_clock_advance (f->clock, G_USEC_PER_SEC);
  g_assert_null (domain (f, "a"));

  /* Destroy: answered when the domain is gone; longer for more memory. */
  result_clear (&r);
  took = run (f, domus_request_new_for_domain (DOMUS_REQUEST_DESTROY, domain (f, "b")), NULL, &r);
  g_assert_no_error (r.error);
  g_assert_null (domain (f, "b"));
  g_test_message ("destroy of 1 GiB took %.1f simulated s", took);
  g_assert_cmpfloat (took, >=, 0.28);  /* 0.3 s for 1 GiB, ±5 % */
  g_assert_cmpuint (g_list_model_get_n_items (domus_host_get_domains (f->host)), ==, 1);
  result_clear (&r);
}

static DomusRequest *
restore_request (const char *path)
{
  DomusRequest *request = domus_request_new (DOMUS_REQUEST_RESTORE);

  request->path = g_strdup (path);
  return request;
}

static void
test_save_restore (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "b.save", NULL);
  g_autofree char *bad = g_build_filename (f->dir, "bad.save", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(DomusRequest) save = NULL;
  Result r = { 0 };
  double took;

  command (f, "sched b --weight 1024", &r);

  /* A cancelled save leaves the domain as it was, and no file. */
  save = domus_request_new_for_domain (DOMUS_REQUEST_SAVE, domain (f, "b"));
  save->path = g_strdup (path);
  result_clear (&r);
  r.progress = g_array_new (FALSE, FALSE, sizeof (double));
  save->progress = progress_cb;
  save->progress_data = &r;
  domus_host_request_async (f->host, domus_request_copy (save), cancellable, domus_test_result_cb, &r.answer);
  domus_clock_advance (f->clock, G_USEC_PER_SEC / 2);
  /* Busy while saving. */
  expect_error (f, "destroy b", DOMUS_ERROR_BUSY, "“b” is being saved");
  g_cancellable_cancel (cancellable);
  DOMUS_TEST_STEP_UNTIL (f->clock, r.answer != NULL, 10);
  finish (f, &r);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  domus_clock_advance (f->clock, G_USEC_PER_SEC);
  g_assert_cmpint (domus_domain_get_state (domain (f, "b")), !=, DOMUS_DOMAIN_STATE_PAUSED);
  g_assert_cmpfloat (share (f, "b", 5), >, 50.0);

  /* Save: progress to 100 %, then the domain is gone. */
  result_clear (&r);
  took = run (f, domus_request_copy (save), NULL, &r);
  g_assert_no_error (r.error);
  g_assert_null (domain (f, "b"));
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (r.progress->len, >, 5);
  g_assert_cmpfloat (g_array_index (r.progress, double, r.progress->len - 1), ==, 1.0);
  for (guint i = 1; i < r.progress->len; i++)
    g_assert_cmpfloat (g_array_index (r.progress, double, i), >=, g_array_index (r.progress, double, i - 1));
  g_test_message ("save of 1 GiB took %.1f simulated s", took);

  /* Restore: back with its settings, under a new id. */
  result_clear (&r);
  run (f, restore_request (path), NULL, &r);
  g_assert_no_error (r.error);
  g_assert_cmpint (r.value, >, 2);
  g_assert_nonnull (domain (f, "b"));
  g_assert_cmpint (domus_domain_get_weight (domain (f, "b")), ==, 1024);
  g_assert_cmpuint (domus_domain_get_id (domain (f, "b")), ==, r.value);

  /* Restoring it twice: the name is taken. */
  result_clear (&r);
  run (f, restore_request (path), NULL, &r);
  g_assert_error (r.error, DOMUS_ERROR, DOMUS_ERROR_EXISTS);
  g_assert_cmpstr (r.error->message, ==, "A domain named “b” already exists");

  /* Not a save file. */
  g_assert_true (g_file_set_contents (bad, "hello", -1, NULL));
  result_clear (&r);
  run (f, restore_request (bad), NULL, &r);
  g_assert_error (r.error, DOMUS_ERROR, DOMUS_ERROR_PARSE);
  g_assert_cmpstr (r.error->message, ==, "“bad.save” is not a domain saved by the simulated host");
  result_clear (&r);
}

/* A checkpoint (xl save -c): the same progress and cancel as a save, but
 * the domain runs on, not paused, with its id; its file restores beside
 * it only under another name, which is checked as a new domain's. */
static void
test_checkpoint (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "b.checkpoint", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(DomusRequest) save = NULL;
  DomusRequest *restore;
  guint id = domus_domain_get_id (domain (f, "b"));
  Result r = { 0 };

  command (f, "sched b --weight 1024", &r);
  save = domus_request_new_for_domain (DOMUS_REQUEST_SAVE, domain (f, "b"));
  save->path = g_strdup (path);
  save->checkpoint = TRUE;
  save->progress = progress_cb;
  save->progress_data = &r;

  /* Cancelled: running as before, and no file. */
  result_clear (&r);
  r.progress = g_array_new (FALSE, FALSE, sizeof (double));
  domus_host_request_async (f->host, domus_request_copy (save), cancellable, domus_test_result_cb, &r.answer);
  domus_clock_advance (f->clock, G_USEC_PER_SEC / 2);
  expect_error (f, "destroy b", DOMUS_ERROR_BUSY, "“b” is being saved");
  g_cancellable_cancel (cancellable);
  DOMUS_TEST_STEP_UNTIL (f->clock, r.answer != NULL, 10);
  finish (f, &r);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* Done: progress to 100 %, the file, and the domain still running. */
  result_clear (&r);
  run (f, domus_request_copy (save), NULL, &r);
  g_assert_no_error (r.error);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpfloat (g_array_index (r.progress, double, r.progress->len - 1), ==, 1.0);
  g_assert_nonnull (domain (f, "b"));
  g_assert_cmpuint (domus_domain_get_id (domain (f, "b")), ==, id);
  domus_clock_advance (f->clock, G_USEC_PER_SEC);
  g_assert_cmpint (domus_domain_get_state (domain (f, "b")), !=, DOMUS_DOMAIN_STATE_PAUSED);
  g_assert_cmpfloat (share (f, "b", 5), >, 50.0);

  /* Under its own name it cannot come back while it runs; under another, it does. */
  result_clear (&r);
  run (f, restore_request (path), NULL, &r);
  g_assert_error (r.error, DOMUS_ERROR, DOMUS_ERROR_EXISTS);
  g_assert_cmpstr (r.error->message, ==, "A domain named “b” already exists");
  restore = restore_request (path);
  restore->new_name = g_strdup ("42");
  result_clear (&r);
  run (f, restore, NULL, &r);
  g_assert_error (r.error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT);
  restore = restore_request (path);
  restore->new_name = g_strdup ("a");
  result_clear (&r);
  run (f, restore, NULL, &r);
  g_assert_error (r.error, DOMUS_ERROR, DOMUS_ERROR_EXISTS);
  g_assert_cmpstr (r.error->message, ==, "A domain named “a” already exists");
  restore = restore_request (path);
  restore->new_name = g_strdup ("b-copy");
  result_clear (&r);
  run (f, restore, NULL, &r);
  g_assert_no_error (r.error);
  g_assert_nonnull (domain (f, "b-copy"));
  g_assert_nonnull (domain (f, "b"));
  g_assert_cmpuint (domus_domain_get_id (domain (f, "b-copy")), ==, r.value);
  g_assert_cmpint (domus_domain_get_weight (domain (f, "b-copy")), ==, 1024);
  result_clear (&r);
}

/* The files in @dir whose names start with @prefix. */
static GStrv
files_in (const char *dir,
          const char *prefix)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  const char *name;

  while ((name = g_dir_read_name (handle)))
    if (g_str_has_prefix (name, prefix))
      g_strv_builder_add (names, name);
  return g_strv_builder_end (names);
}

/* A save being written is a private temporary until it is complete; one
 * left behind (by a kill or a crash) is never restored. */
static void
test_save_partial (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "b.save", NULL);
  g_autofree char *partial = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(DomusRequest) save = domus_request_new_for_domain (DOMUS_REQUEST_SAVE, domain (f, "b"));
  g_auto(GStrv) during = NULL;
  g_auto(GStrv) after = NULL;
  g_auto(GStrv) complete = NULL;
  Result r = { 0 };
  Result restore = { 0 };
  GStatBuf st;

  /* A folder that cannot be written: refused at once, the domain runs on. */
  save->path = g_strdup ("/nonexistent/b.save");
  run (f, domus_request_copy (save), NULL, &r);
  g_assert_error (r.error, DOMUS_ERROR, DOMUS_ERROR_FAILED);
  g_assert_cmpstr (r.error->message, ==, "Cannot write “/nonexistent/b.save”: No such file or directory");
  g_assert_cmpuint (r.progress->len, ==, 0);
  g_assert_cmpint (domus_domain_get_state (domain (f, "b")), !=, DOMUS_DOMAIN_STATE_PAUSED);
  result_clear (&r);

  g_free (save->path);
  save->path = g_strdup (path);
  domus_host_request_async (f->host, domus_request_copy (save), cancellable, domus_test_result_cb, &r.answer);
  domus_clock_advance (f->clock, G_USEC_PER_SEC / 2);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_null (r.answer);

  /* Half-way: a temporary of its own, nothing under the save's name. */
  during = files_in (f->dir, "");
  g_assert_cmpuint (g_strv_length (during), ==, 1);
  g_test_message ("while saving: %s", during[0]);
  g_assert_true (g_str_has_prefix (during[0], ".b.save."));
  g_assert_true (g_str_has_suffix (during[0], ".partial"));
  partial = g_build_filename (f->dir, during[0], NULL);
  g_assert_cmpint (g_lstat (partial, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);

  /* Refused by name, whatever it holds. */
  run (f, restore_request (partial), NULL, &restore);
  g_assert_error (restore.error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT);
  expected = g_strdup_printf ("“%s” is the temporary file of a save that did not finish: it cannot be restored",
                              during[0]);
  g_assert_cmpstr (restore.error->message, ==, expected);
  result_clear (&restore);

  /* Cancelled: the temporary goes too. */
  g_cancellable_cancel (cancellable);
  DOMUS_TEST_STEP_UNTIL (f->clock, r.answer != NULL, 10);
  finish (f, &r);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  after = files_in (f->dir, "");
  g_assert_cmpuint (g_strv_length (after), ==, 0);

  /* Complete: the save under its name, and nothing else. */
  result_clear (&r);
  run (f, domus_request_copy (save), NULL, &r);
  g_assert_no_error (r.error);
  complete = files_in (f->dir, "");
  g_assert_cmpuint (g_strv_length (complete), ==, 1);
  g_assert_cmpstr (complete[0], ==, "b.save");
  g_assert_cmpint (g_lstat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);
  result_clear (&r);
}

/* A save cut right after its first line: damaged, not a crash. */
static void
test_restore_cut (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "cut.save", NULL);
  Result r = { 0 };

  g_assert_true (g_file_set_contents (path, "Domus simulated save v1\n", -1, NULL));
  run (f, restore_request (path), NULL, &r);
  g_assert_error (r.error, DOMUS_ERROR, DOMUS_ERROR_PARSE);
  g_assert_cmpstr (r.error->message, ==, "“cut.save” is damaged: Not a valid JSON domain: the text is empty");
  result_clear (&r);
}

/* A save file comes from outside: read up to DOMUS_MAX_SIM_SAVE_SIZE, and
 * its JSON within DOMUS_MAX_NESTING. */
static void
test_restore_limits (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *big = g_build_filename (f->dir, "big.save", NULL);
  g_autofree char *deep_path = g_build_filename (f->dir, "deep.save", NULL);
  g_autofree char *deep = g_strnfill (200000, '[');
  g_autofree char *deep_save = g_strconcat ("Domus simulated save v1\n", deep, NULL);
  Result r = { 0 };

  domus_test_make_sparse_file (big, DOMUS_MAX_SIM_SAVE_SIZE + 1);
  run (f, restore_request (big), NULL, &r);
  g_assert_error (r.error, DOMUS_ERROR, DOMUS_ERROR_TOO_LARGE);
  g_assert_cmpstr (r.error->message, ==, "Cannot read “big.save”: it is over the size limit of 1.0\u00a0MiB");
  result_clear (&r);

  g_assert_true (g_file_set_contents (deep_path, deep_save, -1, NULL));
  run (f, restore_request (deep_path), NULL, &r);
  g_assert_error (r.error, DOMUS_ERROR, DOMUS_ERROR_TOO_LARGE);
  g_assert_cmpstr (r.error->message, ==,
                   "“deep.save” is damaged: Not a valid JSON domain: line 1: lists and objects are "
                   "nested deeper than the limit of 64 levels");
  result_clear (&r);
  g_assert_cmpuint (g_list_model_get_n_items (domus_host_get_domains (f->host)), ==, 3);
}

static void
test_migrate (Fixture       *f,
              gconstpointer  data)
{
  Result r = { 0 };
  double took;
  gint64 from;

  expect_error (f, "cd-eject b hdc", DOMUS_ERROR_NOT_SUPPORTED,
                "“b” is not an HVM domain and has no CD-ROM drive");

  /* Live: the guest keeps its share while its memory is copied. */
  r.progress = g_array_new (FALSE, FALSE, sizeof (double));
  {
    g_autoptr(DomusRequest) migrate = domus_request_new_for_domain (DOMUS_REQUEST_MIGRATE, domain (f, "b"));
    migrate->target = g_strdup ("other-host");
    migrate->progress = progress_cb;
    migrate->progress_data = &r;
    domus_host_request_async (f->host, g_steal_pointer (&migrate), NULL, domus_test_result_cb, &r.answer);
  }
  g_assert_cmpfloat (share (f, "b", 1), >, 40.0);
  expect_error (f, "pause b", DOMUS_ERROR_BUSY, "“b” is being migrated");
  from = domus_clock_get_now (f->clock);
  DOMUS_TEST_STEP_UNTIL (f->clock, r.answer != NULL, 10);
  took = 1.0 + (domus_clock_get_now (f->clock) - from) / 1e6;
  finish (f, &r);
  g_assert_no_error (r.error);
  g_assert_null (domain (f, "b"));
  g_assert_cmpfloat (g_array_index (r.progress, double, r.progress->len - 1), ==, 1.0);
  /* 1 s and 1.5 s per GiB, ±5 %. */
  g_assert_cmpfloat_with_epsilon (took, 2.5, 0.2);
  result_clear (&r);
}

/* Migrates @name from @from to @target, stepping @clock (@from's) until
 * answered; the answer's error, or NULL. */
static GError *
lab_migrate (DomusHost  *from,
             DomusClock *clock,
             const char *name,
             const char *target)
{
  g_autoptr(DomusRequest) request = domus_request_new_for_domain (DOMUS_REQUEST_MIGRATE,
                                                                  domus_host_lookup_domain_by_name (from, name));
  GError *error = NULL;

  request->target = g_strdup (target);
  domus_test_run_request (from, clock, g_steal_pointer (&request), &error);
  return error;
}

/* A lab of simulated hosts in one process: a migration to another's
 * hostname arrives there, as it was, when it finishes (each host on its
 * own manual clock); to a name no simulated host has, the domain only
 * leaves, as before. Whatever the target cannot take stays here, running. */
static void
test_migrate_lab (void)
{
  g_autoptr(DomusClock) clock_a = NULL;
  g_autoptr(DomusClock) clock_b = NULL;
  g_autoptr(DomusHost) a = domus_test_sim_host_new (
    "{\"host\": {\"hostname\": \"lab-a\", \"pcpus\": 2, \"memory_mib\": 8192},"
    " \"cpupools\": [{\"name\": \"Pool-0\", \"cpus\": \"0\"}, {\"name\": \"p1\", \"cpus\": \"1\"}],"
    " \"domains\": [{\"name\": \"web\", \"vcpus\": 2, \"memory_mib\": 1024, \"weight\": 512, \"cap\": 50,"
    "               \"workload\": {\"kind\": \"cpu\"}},"
    "              {\"name\": \"big\", \"memory_mib\": 2048},"
    "              {\"name\": \"db\", \"memory_mib\": 256},"
    "              {\"name\": \"pooled\", \"memory_mib\": 128, \"pool\": \"p1\"},"
    "              {\"name\": \"away\", \"memory_mib\": 128}]}", &clock_a);
  g_autoptr(DomusHost) b = domus_test_sim_host_new (
    "{\"host\": {\"hostname\": \"lab-b\", \"pcpus\": 2, \"memory_mib\": 2048},"
    " \"domains\": [{\"name\": \"db\", \"memory_mib\": 128}]}", &clock_b);
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusRequest) weight = NULL;
  DomusDomain *web;
  guint n_b = g_list_model_get_n_items (domus_host_get_domains (b));

  g_assert_cmpstr (domus_host_get_hostname (a), ==, "lab-a");
  g_assert_cmpstr (domus_host_get_hostname (b), ==, "lab-b");

  /* Changed while here: it arrives as it is now, not as it was created. */
  weight = domus_request_new_for_domain (DOMUS_REQUEST_SCHEDULER, domus_host_lookup_domain_by_name (a, "web"));
  weight->weight = 768;
  domus_test_run_request (a, clock_a, g_steal_pointer (&weight), &error);
  g_assert_no_error (error);

  /* Arrives on lab-b only when the migration ends, on lab-a's clock. */
  error = lab_migrate (a, clock_a, "web", "root@lab-b");
  g_assert_no_error (error);
  g_assert_null (domus_host_lookup_domain_by_name (a, "web"));
  web = domus_host_lookup_domain_by_name (b, "web");
  g_assert_nonnull (web);
  g_assert_cmpuint (domus_domain_get_weight (web), ==, 768);
  g_assert_cmpuint (domus_domain_get_cap (web), ==, 50);
  g_assert_cmpuint (domus_domain_get_vcpus_online (web), ==, 2);
  g_assert_cmpuint (domus_domain_get_memory_kib (web), ==, 1024 * 1024);
  g_assert_cmpuint (g_list_model_get_n_items (domus_host_get_domains (b)), ==, n_b + 1);
  /* It runs there: lab-b's clock gives it CPU. */
  {
    guint64 before = domus_domain_get_cpu_time (web);

    domus_clock_advance (clock_b, 2 * G_USEC_PER_SEC);
    domus_host_refresh (b);
    web = domus_host_lookup_domain_by_name (b, "web");
    g_assert_cmpuint (domus_domain_get_cpu_time (web), >, before + G_USEC_PER_SEC * 1000);
  }

  /* And back, by the other name, on lab-b's clock. */
  error = lab_migrate (b, clock_b, "web", "LAB-A");
  g_assert_no_error (error);
  g_assert_null (domus_host_lookup_domain_by_name (b, "web"));
  g_assert_nonnull (domus_host_lookup_domain_by_name (a, "web"));
  g_assert_cmpuint (domus_domain_get_weight (domus_host_lookup_domain_by_name (a, "web")), ==, 768);

  /* What lab-b cannot take stays on lab-a, running: no room, a name in
   * use, a cpupool it has not. */
  error = lab_migrate (a, clock_a, "big", "lab-b");
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==,
                   "lab-b has not enough free memory for “big”: it needs 2048 MiB, 1408 MiB are free");
  g_clear_error (&error);
  g_assert_nonnull (domus_host_lookup_domain_by_name (a, "big"));
  error = lab_migrate (a, clock_a, "db", "lab-b");
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_EXISTS);
  g_assert_cmpstr (error->message, ==, "lab-b already has a domain named “db”");
  g_clear_error (&error);
  g_assert_nonnull (domus_host_lookup_domain_by_name (a, "db"));
  error = lab_migrate (a, clock_a, "pooled", "lab-b");
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "“pooled” cannot run on lab-b: it has no cpupool “p1” with pCPUs");
  g_clear_error (&error);
  g_assert_nonnull (domus_host_lookup_domain_by_name (a, "pooled"));

  /* A name no simulated host has: the domain leaves, and is nowhere here. */
  error = lab_migrate (a, clock_a, "away", "lab-c");
  g_assert_no_error (error);
  g_assert_null (domus_host_lookup_domain_by_name (a, "away"));
  g_assert_null (domus_host_lookup_domain_by_name (b, "away"));
  g_assert_cmpuint (g_list_model_get_n_items (domus_host_get_domains (b)), ==, n_b);

  /* A target that goes away during the migration: the domain runs on here. */
  {
    g_autoptr(DomusRequest) request = domus_request_new_for_domain (DOMUS_REQUEST_MIGRATE,
                                                                    domus_host_lookup_domain_by_name (a, "db"));
    g_autoptr(GAsyncResult) result = NULL;

    request->target = g_strdup ("lab-b");
    domus_host_request_async (a, g_steal_pointer (&request), NULL, domus_test_result_cb, &result);
    domus_clock_advance (clock_a, G_USEC_PER_SEC / 2);
    g_assert_finalize_object (g_steal_pointer (&b));
    DOMUS_TEST_STEP_UNTIL (clock_a, result != NULL, 10);
    domus_host_request_finish (a, result, &error);
    g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED);
    g_assert_cmpstr (error->message, ==, "lab-b went away during the migration: “db” runs on here");
    g_assert_nonnull (domus_host_lookup_domain_by_name (a, "db"));
  }
}

/* xl runs `ssh TARGET xl migrate-receive` through sh -c: a target that is
 * not a host name or address never reaches the backend. */
static void
test_migrate_target (Fixture       *f,
                     gconstpointer  data)
{
  static const char * const refused[] = {
    "-oProxyCommand=touch\\t/tmp/pwned", "lab2;reboot", "lab2&&reboot", "$(reboot)", "`reboot`",
    "lab2|reboot", "lab2>x", "'lab2'", "lab2\"", "-lab2", "lab2-", "lab..2", ".lab2", "lab_2",
    "root@", "@lab2", "-l@lab2", "root@@lab2", "a@b@lab2", "root;x@lab2", "[lab2]", "[2001:db8::7",
    "2001:db8::7]", "2001:db8:::7:", "[]", "lab2:22", "\\n",
  };
  static const char * const accepted[] = {
    "lab2", "LAB2", "lab-2.example.org", "lab2.example.org.", "2lab", "192.0.2.7",
    "2001:db8::7", "[2001:db8::7]", "::1", "root@lab2", "migrate.user-1@192.0.2.7",
    "root@[2001:db8::7]",
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autofree char *target = g_strcompress (refused[i]);
      g_autoptr(DomusRequest) migrate = domus_request_new_for_domain (DOMUS_REQUEST_MIGRATE, domain (f, "b"));
      g_autofree char *expected = g_strdup_printf ("“%s” is not a host name or address: give a name such as "
                                                   "lab2.example.org, an IPv4 or IPv6 address, optionally "
                                                   "after user@", refused[i]);
      Result r = { 0 };

      migrate->target = g_steal_pointer (&target);
      run (f, g_steal_pointer (&migrate), NULL, &r);
      g_assert_error (r.error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT);
      g_test_message ("%s → %s", refused[i], r.error->message);
      g_assert_cmpstr (r.error->message, ==, expected);
      g_assert_nonnull (domain (f, "b"));
      result_clear (&r);
    }

  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", accepted[i]);
      g_assert_true (domus_host_name_check (accepted[i], &error));
      g_assert_no_error (error);
    }
}

/* Settings of an xl config are values in the simulator's JSON, never JSON
 * themselves: a crafted "type" cannot add a busy workload or a paused state. */
static void
test_create_injection (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "inj.cfg", NULL);
  DomusRequest *create = domus_request_new (DOMUS_REQUEST_CREATE);
  Result r = { 0 };

  g_assert_true (g_file_set_contents (path,
                                      "name = \"inj\"\n"
                                      "type = 'pv\", \"state\": \"paused\", \"workload\": {\"kind\": \"cpu\"}, \"affinity\": \"all'\n",
                                      -1, NULL));
  create->path = g_strdup (path);
  run (f, create, NULL, &r);
  g_assert_error (r.error, DOMUS_ERROR, DOMUS_ERROR_PARSE);
  g_assert_cmpstr (r.error->message, ==,
                   "inj.cfg: type: “pv\", \"state\": \"paused\", \"workload\": {\"kind\": \"cpu\"}, \"affinity\": \"all” "
                   "is not one of pv, pvh, hvm");
  g_assert_null (domain (f, "inj"));
  result_clear (&r);
}

/* An installer domain created from Domus's HVM config: its CD-ROM can be
 * ejected once, and stays empty across a reboot. */
static void
test_eject (Fixture       *f,
            gconstpointer  data)
{
  DomusHvmSpec spec = {
    .name = "inst", .memory_mib = 512, .vcpus = 1, .disk = "/dev/vg/inst",
    .iso = "/srv/debian.iso", .bridge = "xenbr0", .vnc = TRUE,
  };
  g_autofree char *path = g_build_filename (f->dir, "inst.cfg", NULL);
  g_autofree char *text = domus_hvm_spec_to_config (&spec, NULL);
  DomusRequest *create = domus_request_new (DOMUS_REQUEST_CREATE);
  Result r = { 0 };

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  create->path = g_strdup (path);
  run (f, create, NULL, &r);
  g_assert_no_error (r.error);
  g_assert_cmpint (domus_domain_get_domain_type (domain (f, "inst")), ==, DOMUS_DOMAIN_TYPE_HVM);

  expect_error (f, "cd-eject inst hdd", DOMUS_ERROR_NOT_FOUND, "“inst” has no CD-ROM drive “hdd”");
  command (f, "cd-eject inst hdc", &r);
  g_assert_no_error (r.error);
  expect_error (f, "cd-eject inst hdc", DOMUS_ERROR_FAILED, "The CD-ROM drive hdc of “inst” is already empty");

  command (f, "reboot inst", &r);
  g_assert_no_error (r.error);
  DOMUS_TEST_STEP_UNTIL (f->clock, domus_domain_get_id (domain (f, "inst")) != (guint) 3, 10);
  g_assert_cmpuint (domus_domain_get_id (domain (f, "inst")), ==, 4);
  expect_error (f, "cd-eject inst hdc", DOMUS_ERROR_FAILED, "The CD-ROM drive hdc of “inst” is already empty");
  result_clear (&r);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sim-requests/weight-and-cap", Fixture, two_on_one, fixture_setup, test_weight_and_cap, fixture_teardown);
  g_test_add ("/sim-requests/bad-requests", Fixture, wide, fixture_setup, test_bad_requests, fixture_teardown);
  g_test_add ("/sim-requests/vcpus-pin-memory", Fixture, wide, fixture_setup, test_vcpus_pin_memory, fixture_teardown);
  g_test_add ("/sim-requests/lifecycle", Fixture, two_on_one, fixture_setup, test_lifecycle, fixture_teardown);
  g_test_add ("/sim-requests/migrate", Fixture, two_on_one, fixture_setup, test_migrate, fixture_teardown);
  g_test_add_func ("/sim-requests/migrate-lab", test_migrate_lab);
  g_test_add ("/sim-requests/migrate-target", Fixture, two_on_one, fixture_setup, test_migrate_target, fixture_teardown);
  g_test_add ("/sim-requests/create-injection", Fixture, two_on_one, fixture_setup, test_create_injection, fixture_teardown);
  g_test_add ("/sim-requests/eject", Fixture, two_on_one, fixture_setup, test_eject, fixture_teardown);
  g_test_add ("/sim-requests/save-partial", Fixture, two_on_one, fixture_setup, test_save_partial, fixture_teardown);
  g_test_add ("/sim-requests/restore-cut", Fixture, two_on_one, fixture_setup, test_restore_cut, fixture_teardown);
  g_test_add ("/sim-requests/save-restore", Fixture, two_on_one, fixture_setup, test_save_restore, fixture_teardown);
  g_test_add ("/sim-requests/checkpoint", Fixture, two_on_one, fixture_setup, test_checkpoint, fixture_teardown);
  g_test_add ("/sim-requests/restore-limits", Fixture, two_on_one, fixture_setup, test_restore_limits, fixture_teardown);

  return g_test_run ();
}
