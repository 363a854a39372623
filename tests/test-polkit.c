/* test-polkit.c: polkit lets a user start domus-agent, or refuses
 *
 * A user who is not root (nobody) runs `domusctl --connect local`: Domus
 * starts `pkexec $DOMUS_AGENT --stdio`, and polkit decides by a rule the
 * test writes for the action io.domus.Domus.agent. Nothing is mocked:
 * Debian's dbus-daemon, polkitd and the setuid pkexec do it, as on a lab
 * computer. Allowed, the agent runs as root and serves the simulated host
 * (no Xen here): its domains are listed, and a save it writes in a folder
 * only root may write to is root's. Refused, domusctl ends (no signal)
 * with Domus's words for it, and the agent wrote nothing.
 *
 * The system bus is a private one, but at the system bus's own address
 * (/run/dbus/system_bus_socket): pkexec clears its environment before it
 * asks polkit, so DBUS_SYSTEM_BUS_ADDRESS never reaches it (tried with
 * polkit 122, by root and by nobody alike). The test therefore runs only
 * where no system bus is running (CI's machines), and as root, who may
 * write polkit's folders: elsewhere it skips, saying why. What it puts in
 * polkit's folders (the action, with the agent of the build as its
 * program, and the rule) has names of its own, and a guard process removes
 * them when the test ends, however it ends (docs/testing.md).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "domus-test-utils.h"

#define SYSTEM_BUS_DIR    "/run/dbus"
#define SYSTEM_BUS_SOCKET SYSTEM_BUS_DIR "/system_bus_socket"
#define ACTIONS_DIR       "/usr/share/polkit-1/actions"
#define RULES_DIR         "/etc/polkit-1/rules.d"
#define POLKITD           "/usr/lib/polkit-1/polkitd"
#define POLKIT_BUS_CONF   "/usr/share/dbus-1/system.d/org.freedesktop.PolicyKit1.conf"
#define POLKIT_NAME       "org.freedesktop.PolicyKit1"
#define USER              "nobody"
/* How long polkitd may take to come up before the test fails. */
#define POLKITD_TIMEOUT_S 60

/* Why the tests cannot run here, or NULL. */
static char *skip_reason;
/* Where the test puts the action and the rule: the guard removes them. */
static char *policy_path;
static char *rules_path;
/* The test's folder, root's (0755): nobody may enter it, not write to it. */
static char *test_dir;
static uid_t user_uid;
static gid_t user_gid;

/* The system bus's policy, less what a bus of the system's needs (its
 * user, activation of services, a pid file), plus polkitd's own file:
 * polkitd may own its name, anyone may call it. */
static const char bus_config[] =
  "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"\n"
  " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
  "<busconfig>\n"
  "  <type>system</type>\n"
  "  <auth>EXTERNAL</auth>\n"
  "  <listen>unix:path=" SYSTEM_BUS_SOCKET "</listen>\n"
  "  <policy context=\"default\">\n"
  "    <allow user=\"*\"/>\n"
  "    <deny own=\"*\"/>\n"
  "    <deny send_type=\"method_call\"/>\n"
  "    <allow send_type=\"signal\"/>\n"
  "    <allow send_requested_reply=\"true\" send_type=\"method_return\"/>\n"
  "    <allow send_requested_reply=\"true\" send_type=\"error\"/>\n"
  "    <allow receive_type=\"method_call\"/>\n"
  "    <allow receive_type=\"method_return\"/>\n"
  "    <allow receive_type=\"error\"/>\n"
  "    <allow receive_type=\"signal\"/>\n"
  "    <allow send_destination=\"org.freedesktop.DBus\" send_interface=\"org.freedesktop.DBus\"/>\n"
  "    <allow send_destination=\"org.freedesktop.DBus\"\n"
  "           send_interface=\"org.freedesktop.DBus.Introspectable\"/>\n"
  "    <allow send_destination=\"org.freedesktop.DBus\"\n"
  "           send_interface=\"org.freedesktop.DBus.Properties\"/>\n"
  "  </policy>\n"
  "  <include>" POLKIT_BUS_CONF "</include>\n"
  "</busconfig>\n";

typedef struct
{
  const char      *dir;        /* test_dir */
  char            *domusctl;   /* copies there */
  char            *agent;
  char            *lsan_options;
  GSubprocess     *bus;
  GSubprocess     *polkitd;
  GDBusConnection *connection;
} Fixture;

/* The guard: the write end of its pipe, and its id. */
static int guard_fd = -1;
static pid_t guard_pid;

/* Whatever the test leaves in the system's folders goes when its process
 * goes, even on a failed assertion (which aborts) or the runner's kill: a
 * process of its own waits for the end of a pipe only the test holds, then
 * removes the action, the rule, the bus's socket and the test's folder.
 * It leaves the test's process group, which a runner kills on a timeout.
 * The daemons end with the test by themselves (end_with_test()). */
static void
start_guard (void)
{
  int fds[2];
  pid_t pid;

  g_assert_cmpint (pipe (fds), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      char byte;
      int null = open ("/dev/null", O_RDWR);

      close (fds[1]);
      setsid ();
      signal (SIGINT, SIG_IGN);
      signal (SIGTERM, SIG_IGN);
      /* Not the test's output: its runner would wait for us. */
      dup2 (null, STDIN_FILENO);
      dup2 (null, STDOUT_FILENO);
      dup2 (null, STDERR_FILENO);
      for (;;)
        {
          ssize_t n = read (fds[0], &byte, 1);

          if (n == 0 || (n < 0 && errno != EINTR))
            break;
        }
      unlink (policy_path);
      unlink (rules_path);
      unlink (SYSTEM_BUS_SOCKET);
      domus_test_remove_dir (test_dir);
      _exit (0);
    }
  /* Only this process holds the write end: no child inherits it. */
  close (fds[0]);
  g_assert_cmpint (fcntl (fds[1], F_SETFD, FD_CLOEXEC), ==, 0);
  guard_fd = fds[1];
  guard_pid = pid;
}

/* At the normal end: the guard is done before the test ends, so that it
 * cannot remove the socket of a bus the next run (another tree's) starts. */
static void
stop_guard (void)
{
  if (guard_fd < 0)
    return;
  close (guard_fd);
  g_assert_cmpint (waitpid (guard_pid, NULL, 0), ==, guard_pid);
}

static const char *
find_skip_reason (void)
{
  struct passwd *user;
  g_autofree char *pkexec = g_find_program_in_path ("pkexec");
  g_autofree char *dbus_daemon = g_find_program_in_path ("dbus-daemon");
  g_autofree char *installed = g_build_filename (ACTIONS_DIR, "io.domus.Domus.policy", NULL);
  GStatBuf st;

  if (geteuid () != 0)
    return "polkit's test runs as root (it writes polkit's folders and starts polkitd)";
  if (pkexec == NULL || g_stat (pkexec, &st) != 0 || !(st.st_mode & S_ISUID))
    return "pkexec is not installed (setuid): tools/install-deps.sh --tests installs it";
  if (!g_file_test (POLKITD, G_FILE_TEST_IS_EXECUTABLE) || !g_file_test (POLKIT_BUS_CONF, G_FILE_TEST_EXISTS)
      || !g_file_test (RULES_DIR, G_FILE_TEST_IS_DIR) || !g_file_test (ACTIONS_DIR, G_FILE_TEST_IS_DIR))
    return "polkitd is not installed: tools/install-deps.sh installs it";
  if (dbus_daemon == NULL)
    return "dbus-daemon is not installed: tools/install-deps.sh --tests installs it";
  /* pkexec reaches polkit only there: the test's bus must be the system's. */
  if (g_file_test (SYSTEM_BUS_SOCKET, G_FILE_TEST_EXISTS))
    return "a system bus is running (" SYSTEM_BUS_SOCKET "): polkit's test needs a machine without one "
           "(it starts its own there, as pkexec reads no other address)";
  /* The same action twice: polkitd would keep one of them. */
  if (g_file_test (installed, G_FILE_TEST_EXISTS))
    return "Domus's polkit action is installed (" ACTIONS_DIR "/io.domus.Domus.policy): "
           "polkit's test needs a machine where it is not";
  if (!(user = getpwnam (USER)))
    return "there is no user " USER " to run domusctl as";
  user_uid = user->pw_uid;
  user_gid = user->pw_gid;
  return NULL;
}

/* The built action, with the agent of this build as the program pkexec
 * may start for it (pkexec finds the action by that path). */
static void
write_policy (const char *agent)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *installed = g_strdup_printf ("<annotate key=\"org.freedesktop.policykit.exec.path\">%s<",
                                                AGENT_PATH);
  g_autofree char *ours = g_strdup_printf ("<annotate key=\"org.freedesktop.policykit.exec.path\">%s<",
                                           agent);
  g_autoptr(GString) policy = NULL;

  g_assert_true (g_file_get_contents (g_getenv ("DOMUS_POLICY"), &contents, NULL, &error));
  g_assert_no_error (error);
  policy = g_string_new (contents);
  g_assert_cmpuint (g_string_replace (policy, installed, ours, 0), ==, 1);
  g_assert_true (g_file_set_contents_full (policy_path, policy->str, -1, G_FILE_SET_CONTENTS_CONSISTENT,
                                           0644, &error));
  g_assert_no_error (error);
}

static void
write_rule (const char *result)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *rule = g_strdup_printf (
    "// Domus's polkit test (tests/test-polkit.c): removed when it ends.\n"
    "polkit.addRule(function(action, subject) {\n"
    "    if (action.id == \"io.domus.Domus.agent\" && subject.user == \"%s\")\n"
    "        return polkit.Result.%s;\n"
    "});\n", USER, result);

  g_assert_true (g_file_set_contents_full (rules_path, rule, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644,
                                           &error));
  g_assert_no_error (error);
}

static void
name_appeared_cb (GDBusConnection *connection,
                  const char      *name,
                  const char      *owner,
                  gpointer         data)
{
  *(gboolean *) data = TRUE;
}

static gboolean
timed_out_cb (gpointer data)
{
  g_error ("polkitd did not own " POLKIT_NAME " within %d s", POLKITD_TIMEOUT_S);
  return G_SOURCE_REMOVE;
}

static void
polkitd_ended_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  /* Stopped by the teardown: expected. */
  if (g_object_get_data (source, "stopping") != NULL)
    return;
  g_error ("polkitd ended before it owned " POLKIT_NAME " (status %d)",
           g_subprocess_get_status (G_SUBPROCESS (source)));
}

/* The bus, then polkitd, which reads the rule as it starts: the test waits
 * for polkitd's name on the bus, by then it has read its rules. */
static void
start_daemons (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autofree char *config = g_build_filename (fixture->dir, "bus.conf", NULL);
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *address = NULL;
  gboolean appeared = FALSE;
  guint watch, timeout;

  g_assert_true (g_file_set_contents (config, bus_config, -1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir_with_parents (SYSTEM_BUS_DIR, 0755), ==, 0);
  /* The bus ends when the test does, even killed; polkitd, which drops to
   * its own user (and so loses this signal), ends when it loses its bus. */
  g_subprocess_launcher_set_child_setup (launcher, domus_test_end_with_test, NULL, NULL);
  /* It prints its address once it listens. */
  fixture->bus = g_subprocess_launcher_spawn (launcher, &error, "dbus-daemon", "--nofork", "--nopidfile",
                                              "--print-address=1", "--config-file", config, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (fixture->bus));
  address = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (address);
  fixture->connection = g_dbus_connection_new_for_address_sync (address,
                                                                G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT
                                                                | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                                NULL, NULL, &error);
  g_assert_no_error (error);

  watch = g_bus_watch_name_on_connection (fixture->connection, POLKIT_NAME, G_BUS_NAME_WATCHER_FLAGS_NONE,
                                          name_appeared_cb, NULL, &appeared, NULL);
  /* It finds the bus at the system's address, as pkexec does. */
  fixture->polkitd = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, POLKITD, "--no-debug", NULL);
  g_assert_no_error (error);
  g_subprocess_wait_async (fixture->polkitd, NULL, polkitd_ended_cb, NULL);
  timeout = g_timeout_add_seconds (POLKITD_TIMEOUT_S, timed_out_cb, NULL);
  while (!appeared)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
  g_bus_unwatch_name (watch);
}

static void
stop (GSubprocess **process)
{
  if (*process == NULL)
    return;
  g_subprocess_send_signal (*process, SIGTERM);
  g_subprocess_wait (*process, NULL, NULL);
  g_clear_object (process);
}

static char *
copy_to_dir (const char *path,
             const char *dir,
             const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) source = g_file_new_for_path (path);
  g_autofree char *copy = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) target = g_file_new_for_path (copy);

  /* With the source's permissions: domusctl stays executable. */
  g_assert_true (g_file_copy (source, target, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (copy, 0755), ==, 0);
  return g_steal_pointer (&copy);
}

/* nobody may be unable to reach the build folder (CI's clone may be in
 * root's home), and pkexec checks that the user may reach the program:
 * domusctl and the agent (linked with Domus's core, not against the
 * build's libraries) and LeakSanitizer's suppressions, in the sanitizer
 * tree, are run and read from copies in the test's folder. */
static void
copy_for_user (Fixture *fixture)
{
  const char *lsan_options = g_getenv ("LSAN_OPTIONS");
  const char *suppressions = lsan_options != NULL ? strstr (lsan_options, "suppressions=") : NULL;
  g_autofree char *agent = copy_to_dir (g_getenv ("DOMUS_AGENT"), fixture->dir, "domus-agent");

  fixture->domusctl = copy_to_dir (g_getenv ("DOMUSCTL"), fixture->dir, "domusctl");
  /* pkexec compares the program's real path with the action's. */
  fixture->agent = realpath (agent, NULL);
  g_assert_nonnull (fixture->agent);
  if (suppressions != NULL)
    {
      g_autofree char *path = g_strndup (suppressions + strlen ("suppressions="),
                                         strcspn (suppressions + strlen ("suppressions="), ":"));
      g_autofree char *copy = copy_to_dir (path, fixture->dir, "lsan.supp");
      g_autoptr(GString) options = g_string_new (lsan_options);

      g_string_replace (options, path, copy, 1);
      fixture->lsan_options = g_string_free (g_steal_pointer (&options), FALSE);
    }
}

static void
setup (Fixture       *fixture,
       gconstpointer  result)
{
  if (skip_reason != NULL)
    return;
  fixture->dir = test_dir;
  copy_for_user (fixture);
  write_policy (fixture->agent);
  write_rule (result);
  start_daemons (fixture);
}

/* Empties the test's folder for the next test. */
static void
clear_dir (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_assert_cmpint (g_unlink (path), ==, 0);
    }
}

static void
teardown (Fixture       *fixture,
          gconstpointer  result)
{
  if (skip_reason != NULL)
    return;
  /* The wait of start_daemons() ends when polkitd does: not an error now. */
  g_object_set_data (G_OBJECT (fixture->polkitd), "stopping", GINT_TO_POINTER (TRUE));
  stop (&fixture->polkitd);
  g_clear_object (&fixture->connection);
  stop (&fixture->bus);
  g_unlink (policy_path);
  g_unlink (rules_path);
  clear_dir (fixture->dir);
  g_free (fixture->domusctl);
  g_free (fixture->agent);
  g_free (fixture->lsan_options);
}

/* In the child, before domusctl runs: nobody, with no group of root's. */
static void
become_user (gpointer data)
{
  if (setgroups (0, NULL) != 0 || setgid (user_gid) != 0 || setuid (user_uid) != 0)
    _exit (125);
}

typedef struct
{
  gboolean  exited;   /* FALSE: ended by a signal */
  int       status;
  char     *out;
  char     *err;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* ARGV as nobody would run it, in the test's folder. */
static void
run_as_user (Fixture            *fixture,
             const char * const *argv,
             Run                *run)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                                                       | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *line = g_strjoinv (" ", (char **) argv);

  g_subprocess_launcher_set_cwd (launcher, fixture->dir);
  g_subprocess_launcher_setenv (launcher, "DOMUS_AGENT", fixture->agent, TRUE);
  g_subprocess_launcher_setenv (launcher, "HOME", fixture->dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "USER", USER, TRUE);
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "C", TRUE);
  /* The build folder's: nobody may not write there. */
  g_subprocess_launcher_unsetenv (launcher, "XDG_DATA_HOME");
  if (fixture->lsan_options != NULL)
    g_subprocess_launcher_setenv (launcher, "LSAN_OPTIONS", fixture->lsan_options, TRUE);
  g_subprocess_launcher_set_child_setup (launcher, become_user, NULL, NULL);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->exited = g_subprocess_get_if_exited (process);
  run->status = run->exited ? g_subprocess_get_exit_status (process) : g_subprocess_get_term_sig (process);
  g_test_message ("%s: %s %d\n%s%s", line, run->exited ? "exit status" : "killed by signal", run->status,
                  run->out, run->err);
}

/* domusctl --connect local ARGS...: Domus starts pkexec with the copy of
 * this build's agent ($DOMUS_AGENT). */
static void
run_domusctl (Fixture     *fixture,
              const char **args,
              Run         *run)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;

  g_strv_builder_add_many (builder, fixture->domusctl, "--connect", "local", NULL);
  g_strv_builder_addv (builder, args);
  argv = g_strv_builder_end (builder);
  run_as_user (fixture, (const char * const *) argv, run);
}

/* What polkit itself answers for nobody and the action, without pkexec:
 * pkcheck's status (0 authorized, 1 not authorized, 2 would need a
 * password), to tell the rule's refusal from a password no one can give. */
static int
pkcheck (Fixture *fixture)
{
  const char * const argv[] = { "/bin/sh", "-c", "exec pkcheck --action-id io.domus.Domus.agent --process $$",
                                NULL };
  g_auto(Run) run = { 0 };

  run_as_user (fixture, argv, &run);
  g_assert_true (run.exited);
  return run.status;
}

/* domusctl --connect local save debian10 FILE, FILE in the test's folder,
 * which only root may write to; returns FILE. */
static char *
run_save (Fixture *fixture,
          Run     *save)
{
  g_autofree char *saved = g_build_filename (fixture->dir, "debian10.save", NULL);
  const char *args[] = { "save", "debian10", saved, NULL };

  run_domusctl (fixture, args, save);
  g_assert_true (save->exited);
  return g_steal_pointer (&saved);
}

static gboolean
skipped (void)
{
  if (skip_reason != NULL)
    g_test_skip (skip_reason);
  return skip_reason != NULL;
}

static void
test_allowed (Fixture       *fixture,
              gconstpointer  result)
{
  g_auto(Run) list = { 0 };
  g_auto(Run) save = { 0 };
  g_autofree char *saved = NULL;
  const char *list_args[] = { "list", NULL };
  GStatBuf st;

  if (skipped ())
    return;

  g_assert_cmpint (pkcheck (fixture), ==, 0);
  run_domusctl (fixture, list_args, &list);
  g_assert_true (list.exited);
  g_assert_cmpint (list.status, ==, 0);
  g_assert_true (g_str_has_prefix (list.out, "Name "));
  g_assert_nonnull (strstr (list.out, "\nDomain-0 "));
  g_assert_nonnull (strstr (list.out, "\ndebian10 "));

  /* The save is there, and root's, only if pkexec ran the agent as root. */
  saved = run_save (fixture, &save);
  g_assert_cmpint (save.status, ==, 0);
  g_assert_cmpint (g_stat (saved, &st), ==, 0);
  g_assert_cmpuint (st.st_uid, ==, 0);
}

static void
test_denied (Fixture       *fixture,
             gconstpointer  result)
{
  g_auto(Run) list = { 0 };
  g_auto(Run) save = { 0 };
  g_autofree char *saved = NULL;
  const char *list_args[] = { "list", NULL };

  if (skipped ())
    return;

  g_assert_cmpint (pkcheck (fixture), ==, 1);
  /* Refused: a failure, told in Domus's words, not a crash. */
  run_domusctl (fixture, list_args, &list);
  g_assert_true (list.exited);
  g_assert_cmpint (list.status, !=, 0);
  g_assert_cmpstr (list.out, ==, "");
  g_test_message ("%s", list.err);
  g_assert_nonnull (strstr (list.err, "Not allowed to manage Xen on this computer: polkit refused the action "
                                      "io.domus.Domus.agent (Not authorized)"));

  /* And the agent never ran: nothing saved. */
  saved = run_save (fixture, &save);
  g_assert_cmpint (save.status, !=, 0);
  g_assert_nonnull (strstr (save.err, "Not allowed to manage Xen on this computer: polkit refused the action "
                                      "io.domus.Domus.agent (Not authorized)"));
  g_assert_false (g_file_test (saved, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  skip_reason = g_strdup (find_skip_reason ());
  policy_path = g_strdup_printf (ACTIONS_DIR "/io.domus.Domus.test-%d.policy", (int) getpid ());
  rules_path = g_strdup_printf (RULES_DIR "/00-domus-test-%d.rules", (int) getpid ());
  if (skip_reason == NULL)
    {
      g_autoptr(GError) error = NULL;

      test_dir = g_dir_make_tmp ("domus-polkit-XXXXXX", &error);
      g_assert_no_error (error);
      g_assert_cmpint (g_chmod (test_dir, 0755), ==, 0);
      start_guard ();
    }

  g_test_add ("/polkit/allowed", Fixture, "YES", setup, test_allowed, teardown);
  g_test_add ("/polkit/denied", Fixture, "NO", setup, test_denied, teardown);
  /* The guard removes the test's folder too, when this process ends. */
  status = g_test_run ();
  stop_guard ();
  g_free (test_dir);
  g_free (skip_reason);
  g_free (policy_path);
  g_free (rules_path);
  return status;
}
