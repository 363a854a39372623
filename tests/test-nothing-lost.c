/* test-nothing-lost.c: kill -9 in the middle of writing, and what is left
 *
 * Each case stops the writer at a known point (it syncs its temporary file,
 * its results file has so many lines, its progress output filled a pipe),
 * checks the files while it is stopped, kills it with SIGKILL, and checks
 * them again: an xl config is the old one or the new one, a results file
 * holds whole lines (and the next run appends to it), and a save that did
 * not finish leaves nothing that restore would take for a save.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE  /* pipe2, F_SETPIPE_SZ */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "bench/domus-bench-results.h"
#include "domus-test-utils.h"
#include "xlcfg/domus-xl-config.h"

#define WAIT_SECONDS 30

/* Wakes the main context often, so that DOMUS_TEST_WAIT_UNTIL polls files. */
static gboolean
tick_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static char *
write_temp (const char *name,
            const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = NULL;
  int fd = g_file_open_tmp (name, &path, &error);

  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

/* The names in @dir that start with @prefix and end with @suffix. */
static GStrv
names_in (const char *dir,
          const char *prefix,
          const char *suffix)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  const char *name;

  g_assert_nonnull (handle);
  while ((name = g_dir_read_name (handle)))
    if (g_str_has_prefix (name, prefix) && g_str_has_suffix (name, suffix))
      g_strv_builder_add (names, name);
  return g_strv_builder_end (names);
}

static guint
count_names (const char *dir,
             const char *prefix,
             const char *suffix)
{
  g_auto(GStrv) names = names_in (dir, prefix, suffix);

  return g_strv_length (names);
}

/* Whether process @pid is stopped (by a signal), from /proc. A state that
 * lasts until the test continues it, so that polling for it cannot miss it. */
static gboolean
is_stopped (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *stat = NULL;
  const char *end;

  if (!g_file_get_contents (path, &stat, NULL, NULL) || (end = strrchr (stat, ')')) == NULL)
    return FALSE;
  return end[1] == ' ' && end[2] == 'T';
}

static void
remove_dir (const char *dir)
{
  g_auto(GStrv) names = names_in (dir, "", "");

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_unlink (path);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
kill_and_wait (GSubprocess *proc)
{
  g_autoptr(GError) error = NULL;

  kill (atoi (g_subprocess_get_identifier (proc)), SIGKILL);
  g_assert_true (g_subprocess_wait (proc, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (proc));
  g_assert_cmpint (g_subprocess_get_term_sig (proc), ==, SIGKILL);
}

/* (a) An xl config rewritten over and over: the file is always the old
 * text or the new one, never a mix, whenever the writer dies. */

#define CONFIG_LINES 2000

static char *
config_text (const char *value)
{
  GString *text = g_string_new ("name = \"big\"\nmemory = 512\n");

  for (guint i = 0; i < CONFIG_LINES; i++)
    g_string_append_printf (text, "# comment %u\nextra_%u = \"%s\"\n", i, i, value);
  return g_string_free (text, FALSE);
}

/* In the writer, the fsync() of the config's temporary file stops the
 * process there: in the middle of a save, with the temporary complete and
 * the config not yet replaced. (The test's own definition takes the place of
 * libc's for the Domus code linked into it, and for GLib's.) Every other
 * fsync() goes through, such as the one of the backup Domus keeps. */
static gboolean stop_in_fsync;

int
fsync (int fd)
{
  g_autofree char *link = g_strdup_printf ("/proc/self/fd/%d", fd);
  g_autofree char *target = NULL;
  g_autofree char *name = NULL;

  if (stop_in_fsync && (target = g_file_read_link (link, NULL)) != NULL)
    {
      name = g_path_get_basename (target);
      if (g_str_has_prefix (name, ".big.cfg."))
        raise (SIGSTOP);
    }
  return syscall (SYS_fsync, fd);
}

/* The child: saves the old text and the new one in turn until killed, or
 * until the test that started it ends, whichever way it ends. */
static int
config_writer_main (const char *path)
{
  g_autofree char *old_text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusXlConfig) config = NULL;

  if (prctl (PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid () == 1)
    return 1;
  stop_in_fsync = TRUE;
  old_text = config_text ("old");
  config = domus_xl_config_new_from_data (old_text, "big.cfg", &error);
  g_assert_no_error (error);
  for (guint i = 0;; i++)
    {
      domus_xl_config_set_string (config, "memory_note", i % 2 ? "old" : "new");
      for (guint j = 0; j < CONFIG_LINES; j += 97)
        {
          g_autofree char *key = g_strdup_printf ("extra_%u", j);
          domus_xl_config_set_string (config, key, i % 2 ? "old" : "new");
        }
      if (!domus_xl_config_save (config, path, TRUE, &error))
        g_error ("%s", error->message);
    }
  return 0;
}

static void
check_config (const char  *path,
              const char  *old_text,
              const char **seen)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusXlConfig) config = NULL;
  g_autofree char *note = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  if (g_str_equal (contents, old_text))
    {
      *seen = "the first text";
      return;
    }
  /* Otherwise a whole text the writer saved: every setting it changes
   * agrees with the others, and the file ends as the writer ends it. */
  config = domus_xl_config_new_from_data (contents, "big.cfg", &error);
  g_assert_no_error (error);
  g_assert_true (domus_xl_config_get_string (config, "memory_note", &note));
  for (guint j = 0; j < CONFIG_LINES; j += 97)
    {
      g_autofree char *key = g_strdup_printf ("extra_%u", j);
      g_autofree char *value = NULL;

      g_assert_true (domus_xl_config_get_string (config, key, &value));
      g_assert_cmpstr (value, ==, note);
    }
  g_assert_true (domus_xl_config_has_key (config, "extra_1999"));
  *seen = g_str_equal (note, "old") ? "an old text" : "a new text";
}

static void
test_config (void)
{
  g_autofree char *dir = g_dir_make_tmp ("domus-lost-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "big.cfg", NULL);
  g_autofree char *old_text = config_text ("old");
  guint tick = g_timeout_add (2, tick_cb, NULL);

  g_assert_true (g_file_set_contents (path, old_text, -1, NULL));
  for (guint round = 0; round < 5; round++)
    {
      g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);
      const char *argv[] = { self_exe, "--config-writer", path, NULL };
      g_autoptr(GError) error = NULL;
      g_autoptr(GSubprocess) proc = NULL;
      const char *seen = NULL;
      const char *expected;
      pid_t pid;

      /* The writer is this very test, run with --config-writer. */
      proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_NONE, &error);
      g_assert_no_error (error);
      pid = atoi (g_subprocess_get_identifier (proc));

      /* Each round lets the writer replace the file a few more times; it
       * stops itself in every save, and goes on when continued (which
       * the kernel does before kill() returns). */
      for (guint i = 0; i <= round; i++)
        {
          DOMUS_TEST_WAIT_UNTIL (is_stopped (pid), WAIT_SECONDS);
          if (i < round)
            kill (pid, SIGCONT);
        }
      g_assert_cmpuint (count_names (dir, ".big.cfg.", ""), ==, 1);
      /* The saves before this one are complete, this one is not there. */
      expected = round == 0 ? "the first text" : round % 2 ? "a new text" : "an old text";
      check_config (path, old_text, &seen);
      g_assert_cmpstr (seen, ==, expected);
      kill_and_wait (proc);
      check_config (path, old_text, &seen);
      g_assert_cmpstr (seen, ==, expected);
      g_test_message ("round %u: killed mid-save, the file holds %s", round, seen);

      /* What the killed writer left is only its temporary, never the file. */
      {
        g_auto(GStrv) left = names_in (dir, ".big.cfg.", "");

        for (guint i = 0; left[i] != NULL; i++)
          {
            g_autofree char *leftover = g_build_filename (dir, left[i], NULL);
            g_unlink (leftover);
          }
      }
    }
  g_source_remove (tick);
  remove_dir (dir);
}

/* (b) Benchmark results appended line by line: whenever the run dies, the
 * file holds whole lines only, and the next run appends after them. */

static guint
whole_lines (const char *path,
             gboolean   *torn)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  guint n = 0;

  *torn = FALSE;
  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return 0;
  if (contents[0] != '\0' && !g_str_has_suffix (contents, "\n"))
    *torn = TRUE;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (lines[i][0] == '\0')
        continue;
      if (!json_parser_load_from_data (parser, lines[i], -1, NULL)
          || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser))
          || !json_object_has_member (json_node_get_object (json_parser_get_root (parser)), "step"))
        {
          *torn = TRUE;
          continue;
        }
      n++;
    }
  return n;
}

#define LONG_REPETITIONS 100

static char *
lifecycle_spec (const char *config,
                guint       repetitions)
{
  g_autofree char *json = g_strdup_printf ("{\"name\": \"kill\", \"lifecycle\": {\"config\": \"%s\","
                                           " \"memory_mib\": [128], \"domains\": 2, \"repetitions\": %u}}",
                                           config, repetitions);

  return write_temp ("domus-lost-XXXXXX.json", json);
}

static void
test_results (void)
{
  g_autofree char *config = g_build_filename (g_getenv ("DOMUS_TEST_DATA"), "xl", "debian10.cfg", NULL);
  /* The runs to kill are long, so that being stopped a few lines late
   * (on a loaded machine) never lets one end; the last run is short. */
  g_autofree char *long_spec = lifecycle_spec (config, LONG_REPETITIONS);
  g_autofree char *spec = lifecycle_spec (config, 5);
  g_autofree char *dir = g_dir_make_tmp ("domus-lost-XXXXXX", NULL);
  g_autofree char *out = g_build_filename (dir, "kill.jsonl", NULL);
  const char *argv[] = { g_getenv ("DOMUSCTL"), "--simulated", "--sim-speed", "10", "bench", "run", long_spec,
                         "--json", out, NULL };
  guint tick = g_timeout_add (2, tick_cb, NULL);
  guint expected = 0;
  /* 2 domains × repetitions × (create, destroy) */
  const guint long_run = 2 * LONG_REPETITIONS * 2;
  const guint per_run = 2 * 5 * 2;
  const guint kill_at[] = { 1, 4, 9, 15 };

  for (guint round = 0; round < G_N_ELEMENTS (kill_at); round++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSubprocess) proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                                                             | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
      pid_t pid;
      gboolean torn = FALSE;
      guint n;

      g_assert_no_error (error);
      pid = atoi (g_subprocess_get_identifier (proc));
      DOMUS_TEST_WAIT_UNTIL (whole_lines (out, &torn) >= expected + kill_at[round] || torn, WAIT_SECONDS);
      kill (pid, SIGSTOP);
      n = whole_lines (out, &torn);
      g_assert_false (torn);
      g_assert_cmpuint (n, >=, expected + kill_at[round]);
      g_assert_cmpuint (n, <, expected + long_run);
      kill_and_wait (proc);
      n = whole_lines (out, &torn);
      g_assert_false (torn);
      g_test_message ("round %u: killed after %u results of this run", round, n - expected);
      expected = n;
    }

  /* The next run adds its lines after the others, and the whole file reads. */
  argv[6] = spec;
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GSubprocess) proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                                                           | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
    g_autoptr(DomusBenchResults) results = NULL;
    gboolean torn = FALSE;

    g_assert_no_error (error);
    g_assert_true (g_subprocess_wait_check (proc, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (whole_lines (out, &torn), ==, expected + per_run);
    g_assert_false (torn);
    results = domus_bench_results_new_from_file (out, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (domus_bench_results_get_results (results)->len, ==, expected + per_run);
  }

  g_source_remove (tick);
  g_unlink (spec);
  g_unlink (long_spec);
  remove_dir (dir);
}

/* (c) A save killed before it is complete: no file that restore takes. */

#define PROGRESS_LINE_LEN 15   /* "\rsave vm:  40 %" */

static void
test_save (void)
{
  g_autofree char *scene = write_temp ("domus-lost-XXXXXX.json",
                                       "{\"host\": {\"pcpus\": 1, \"memory_mib\": 4096},"
                                       " \"domains\": [{\"name\": \"vm\", \"memory_mib\": 1024}]}");
  g_autofree char *empty = write_temp ("domus-lost-XXXXXX.json", "{\"host\": {\"pcpus\": 1}, \"domains\": []}");
  g_autofree char *dir = g_dir_make_tmp ("domus-lost-XXXXXX", NULL);
  g_autofree char *save = g_build_filename (dir, "vm.save", NULL);
  const char *argv[] = { g_getenv ("DOMUSCTL"), "--sim", scene, "--sim-speed", "1", "save", "vm", save, NULL };
  guint tick = g_timeout_add (2, tick_cb, NULL);

  /* domusctl blocks on its progress output once the pipe is full: after
   * 1, 2, 3 and 4 lines, whatever the speed of the machine. */
  for (guint lines = 1; lines <= 4; lines++)
    {
      g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
      g_autoptr(GSubprocess) proc = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *filler = NULL;
      g_autofree char *partial = NULL;
      g_autofree char *err = NULL;
      g_autofree char *expected = NULL;
      g_auto(GStrv) left = NULL;
      const char *restore[] = { "--sim", empty, "restore", NULL, NULL };
      int fds[2], capacity, queued = 0;
      gsize room = (gsize) lines * PROGRESS_LINE_LEN;

      g_assert_cmpint (pipe2 (fds, O_CLOEXEC), ==, 0);
      capacity = fcntl (fds[1], F_SETPIPE_SZ, 4096);
      g_assert_cmpint (capacity, >, (int) room);
      filler = g_malloc0 ((gsize) capacity - room);
      g_assert_cmpint (write (fds[1], filler, (gsize) capacity - room), ==, (gssize) (capacity - room));
      g_subprocess_launcher_take_stderr_fd (launcher, fds[1]);
      proc = g_subprocess_launcher_spawnv (launcher, argv, &error);
      g_assert_no_error (error);

      DOMUS_TEST_WAIT_UNTIL (ioctl (fds[0], FIONREAD, &queued) == 0 && queued == capacity, WAIT_SECONDS);

      /* Stuck writing a progress line: the save is under way, and only its
       * temporary exists. */
      g_assert_false (g_file_test (save, G_FILE_TEST_EXISTS));
      g_assert_cmpuint (count_names (dir, ".vm.save.", ".partial"), ==, 1);
      kill_and_wait (proc);
      close (fds[0]);

      g_assert_false (g_file_test (save, G_FILE_TEST_EXISTS));
      left = names_in (dir, "", "");
      g_assert_cmpuint (g_strv_length (left), ==, 1);
      g_test_message ("killed after %u progress lines: left %s", lines, left[0]);
      partial = g_build_filename (dir, left[0], NULL);
      restore[3] = partial;
      g_assert_cmpint (domus_test_domusctl (restore, NULL, &err), ==, 1);
      expected = g_strdup_printf ("domusctl restore: “%s” is the temporary file of a save that did not "
                                  "finish: it cannot be restored\n", left[0]);
      g_assert_cmpstr (err, ==, expected);
      g_unlink (partial);
    }

  /* Not stopped: the save is complete under its name, and restores. */
  {
    const char *restore[] = { "--sim", empty, "restore", save, NULL };
    g_autofree char *err = NULL;
    g_auto(GStrv) left = NULL;

    g_assert_cmpint (domus_test_domusctl (argv + 1, NULL, &err), ==, 0);
    left = names_in (dir, "", "");
    g_assert_cmpuint (g_strv_length (left), ==, 1);
    g_assert_cmpstr (left[0], ==, "vm.save");
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (domus_test_domusctl (restore, NULL, &err), ==, 0);
  }

  g_source_remove (tick);
  g_unlink (scene);
  g_unlink (empty);
  remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && g_str_equal (argv[1], "--config-writer"))
    return config_writer_main (argv[2]);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/nothing-lost/config", test_config);
  g_test_add_func ("/nothing-lost/results", test_results);
  g_test_add_func ("/nothing-lost/save", test_save);

  return g_test_run ();
}
