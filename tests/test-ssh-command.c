/* test-ssh-command.c: workload commands over a real sshd on 127.0.0.1
 *
 * Starts OpenSSH's server on a free loopback port with a throwaway host
 * key and a throwaway user key, and runs real commands through
 * DomusSshCommand, including each failure a student meets.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "domus-bench-runner.h"
#include "domus-error.h"
#include "domus-sim-host.h"
#include "domus-ssh-command.h"

typedef struct
{
  char        *dir;
  guint        port;
  GSubprocess *sshd;
  char        *destination;
  char        *key;
  char        *known_hosts;
} Server;

static Server server;

static void
run_tool (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process =
    g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);

  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (process, NULL, &error));
  g_assert_no_error (error);
}

static guint
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* Polls the port until sshd listens: a bounded number of tries, each
 * waiting on the main loop, not a fixed sleep. */
static gboolean
tick_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_for_listen (guint port)
{
  for (guint i = 0; i < 200; i++)
    {
      g_autoptr(GSocketClient) client = g_socket_client_new ();
      g_autoptr(GSocketConnection) connection =
        g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, NULL);
      gboolean ticked = FALSE;

      if (connection != NULL)
        return;
      g_timeout_add (25, tick_cb, &ticked);
      while (!ticked)
        g_main_context_iteration (NULL, TRUE);
    }
  g_error ("sshd did not start listening on port %u", port);
}

static void
server_start (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *host_key = NULL, *config = NULL, *authorized = NULL, *pub = NULL;
  g_autofree char *host_pub = NULL, *known = NULL, *config_text = NULL;
  g_autofree char *pid_file = NULL;
  const char *user = g_get_user_name ();

  server.dir = g_dir_make_tmp ("domus-sshd-XXXXXX", NULL);
  host_key = g_build_filename (server.dir, "host_key", NULL);
  server.key = g_build_filename (server.dir, "user_key", NULL);
  config = g_build_filename (server.dir, "sshd_config", NULL);
  authorized = g_build_filename (server.dir, "authorized_keys", NULL);
  server.known_hosts = g_build_filename (server.dir, "known_hosts", NULL);
  pid_file = g_build_filename (server.dir, "sshd.pid", NULL);

  run_tool ((const char *[]) { "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", host_key, NULL });
  run_tool ((const char *[]) { "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", server.key, NULL });
  pub = g_strconcat (server.key, ".pub", NULL);
  {
    g_autofree char *user_pub = NULL;

    g_assert_true (g_file_get_contents (pub, &user_pub, NULL, NULL));
    g_assert_true (g_file_set_contents (authorized, user_pub, -1, NULL));
  }

  server.port = free_port ();
  config_text = g_strdup_printf ("ListenAddress 127.0.0.1\nPort %u\nHostKey %s\n"
                                 "AuthorizedKeysFile %s\nPidFile %s\nUsePAM no\nStrictModes no\n"
                                 "PermitRootLogin yes\nPasswordAuthentication no\n"
                                 "KbdInteractiveAuthentication no\n",
                                 server.port, host_key, authorized, pid_file);
  g_assert_true (g_file_set_contents (config, config_text, -1, NULL));
  g_mkdir_with_parents ("/run/sshd", 0755);

  server.sshd = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                                  "/usr/sbin/sshd", "-D", "-e", "-f", config, NULL);
  g_assert_no_error (error);
  wait_for_listen (server.port);

  /* The host key, known as ssh would record it after a first login. */
  {
    g_autofree char *host_pub_path = g_strconcat (host_key, ".pub", NULL);
    g_auto(GStrv) fields = NULL;

    g_assert_true (g_file_get_contents (host_pub_path, &host_pub, NULL, NULL));
    fields = g_strsplit (host_pub, " ", 3);
    known = g_strdup_printf ("[127.0.0.1]:%u %s %s\n", server.port, fields[0], fields[1]);
    g_assert_true (g_file_set_contents (server.known_hosts, known, -1, NULL));
  }
  server.destination = g_strdup_printf ("%s@127.0.0.1", user);
}

static void
server_stop (void)
{
  g_autoptr(GDir) dir = g_dir_open (server.dir, 0, NULL);
  const char *name;

  g_subprocess_force_exit (server.sshd);
  g_subprocess_wait (server.sshd, NULL, NULL);
  g_clear_object (&server.sshd);
  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *path = g_build_filename (server.dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (server.dir);
}

typedef struct
{
  gboolean  done;
  char     *out;
  GError   *error;
} Answer;

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Answer *answer = data;

  answer->out = domus_ssh_command_run_finish (DOMUS_SSH_COMMAND (source), result, &answer->error);
  answer->done = TRUE;
}

/* Runs @command; with @cancel_after_ms, cancels it that long after start. */
static Answer
run (const char *destination,
     const char *command,
     const char *key,
     const char *known_hosts,
     guint       port,
     guint       cancel_after_ms)
{
  g_autoptr(DomusSshCommand) ssh = domus_ssh_command_new (destination, port, command);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Answer answer = { 0 };

  domus_ssh_command_set_identity_file (ssh, key);
  domus_ssh_command_set_known_hosts_file (ssh, known_hosts);
  if (cancel_after_ms > 0)
    g_timeout_add_once (cancel_after_ms, (GSourceOnceFunc) g_cancellable_cancel, cancellable);
  domus_ssh_command_run_async (ssh, cancellable, done_cb, &answer);
  while (!answer.done)
    g_main_context_iteration (NULL, TRUE);
  return answer;
}

static void
test_score (void)
{
  Answer a = run (server.destination, "echo 'score: 42.5'", server.key, server.known_hosts, server.port, 0);
  Answer b = run (server.destination,
                  "sh -c 'i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; echo ops=$i'",
                  server.key, server.known_hosts, server.port, 0);
  g_autoptr(GError) error = NULL;
  double score = 0;

  g_assert_no_error (a.error);
  g_assert_true (domus_ssh_parse_score (a.out, "score: ([0-9.]+)", &score, &error));
  g_assert_cmpfloat (score, ==, 42.5);
  g_assert_no_error (b.error);
  g_assert_true (domus_ssh_parse_score (b.out, "ops=([0-9]+)", &score, &error));
  g_assert_cmpfloat (score, ==, 20000);
  g_free (a.out);
  g_free (b.out);

  g_assert_false (domus_ssh_parse_score ("hello world\n", "score: ([0-9.]+)", &score, &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_false (domus_ssh_parse_score ("score: fast\n", "score: (\\w+)", &score, &error));
  g_assert_true (strstr (error->message, "“fast”, which is not a number") != NULL);
}

static void
test_failures (void)
{
  g_autofree char *empty = g_build_filename (server.dir, "empty_known_hosts", NULL);
  g_autofree char *other_key = g_build_filename (server.dir, "other_key", NULL);
  Answer failed, unknown, refused, denied;

  g_assert_true (g_file_set_contents (empty, "", -1, NULL));
  run_tool ((const char *[]) { "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", other_key, NULL });

  failed = run (server.destination, "sh -c 'echo oops >&2; exit 3'", server.key, server.known_hosts, server.port, 0);
  g_assert_error (failed.error, DOMUS_ERROR, DOMUS_ERROR_FAILED);
  g_test_message ("%s", failed.error->message);
  g_assert_true (strstr (failed.error->message, "exited with status 3: oops") != NULL);

  unknown = run (server.destination, "true", server.key, empty, server.port, 0);
  g_assert_error (unknown.error, DOMUS_ERROR, DOMUS_ERROR_FAILED);
  g_test_message ("%s", unknown.error->message);
  g_assert_true (g_str_has_prefix (unknown.error->message, "The host key of 127.0.0.1 is not known"));

  denied = run (server.destination, "true", other_key, server.known_hosts, server.port, 0);
  g_assert_error (denied.error, DOMUS_ERROR, DOMUS_ERROR_FAILED);
  g_test_message ("%s", denied.error->message);
  g_assert_true (g_str_has_prefix (denied.error->message, "Login to "));

  refused = run (server.destination, "true", server.key, server.known_hosts, free_port (), 0);
  g_assert_error (refused.error, DOMUS_ERROR, DOMUS_ERROR_FAILED);
  g_test_message ("%s", refused.error->message);
  g_assert_true (strstr (refused.error->message, "connection was refused") != NULL);

  g_clear_error (&failed.error);
  g_clear_error (&unknown.error);
  g_clear_error (&denied.error);
  g_clear_error (&refused.error);
}

static void
test_cancel (void)
{
  gint64 start = g_get_monotonic_time ();
  Answer a = run (server.destination, "sleep 30", server.key, server.known_hosts, server.port, 300);

  g_assert_error (a.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* Well before the 30 s the command would take. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
  g_clear_error (&a.error);
}

static void
bench_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  Answer *answer = data;

  domus_bench_runner_run_finish (DOMUS_BENCH_RUNNER (source), result, &answer->error);
  answer->done = TRUE;
}

/* A workload benchmark whose command runs over SSH in both domains at
 * once (both reached through the test's sshd) and is scored from its
 * output against native. */
static void
test_workload_bench (void)
{
  g_autofree char *json = g_strdup_printf (
    "{\"name\": \"ops\", \"kind\": \"workload\", \"repetitions\": 2,"
    " \"workload\": {\"domains\": [\"a\", \"b\"], \"native\": 8000, \"sla_percent\": 80,"
    "   \"command\": \"sh -c 'i=0; while [ $i -lt 6000 ]; do i=$((i+1)); done; echo ops=$i'\","
    "   \"score_regex\": \"ops=([0-9]+)\", \"identity_file\": \"%s\", \"known_hosts_file\": \"%s\","
    "   \"ssh\": {\"a\": {\"destination\": \"%s\", \"port\": %u},"
    "             \"b\": {\"destination\": \"%s\", \"port\": %u}}},"
    " \"scenarios\": [{\"name\": \"b first\", \"settings\": [{\"domain\": \"b\", \"weight\": 512}]}]}",
    server.key, server.known_hosts, server.destination, server.port, server.destination, server.port);
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusScene) scene = domus_scene_new_from_data (
    "{\"domains\": [{\"name\": \"a\"}, {\"name\": \"b\"}]}", -1, &error);
  g_autoptr(DomusClock) clock = domus_clock_new_manual ();
  g_autoptr(DomusHost) host = domus_sim_host_new (scene, clock);
  DomusBenchSpec *spec = domus_bench_spec_new_from_data (json, "/", &error);
  g_autoptr(DomusBenchRunner) runner = NULL;
  Answer answer = { 0 };
  GArray *results;
  guint n_runs = 0;

  g_assert_no_error (error);
  runner = domus_bench_runner_new (host, spec, NULL);
  domus_bench_runner_run_async (runner, NULL, bench_done_cb, &answer);
  while (!answer.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (answer.error);

  results = domus_bench_runner_get_results (runner);
  for (guint i = 0; i < results->len; i++)
    {
      DomusBenchResult *r = &g_array_index (results, DomusBenchResult, i);

      g_test_message ("%s %s %s score %g (%g %% of native) %s", r->step, r->scenario,
                      r->domain_name ? r->domain_name : "", r->score, r->percent_of_native,
                      r->error ? r->error : "");
      g_assert_null (r->error);
      if (!g_str_equal (r->step, "run"))
        continue;
      n_runs++;
      g_assert_cmpfloat (r->score, ==, 6000);
      g_assert_cmpfloat_with_epsilon (r->percent_of_native, 75.0, 1e-9);
      g_assert_false (r->sla_met);
    }
  g_assert_cmpuint (n_runs, ==, 4);
  g_assert_cmpint (domus_domain_get_weight (domus_host_lookup_domain (host, "b")), ==, 512);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  if (!g_file_test ("/usr/sbin/sshd", G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("OpenSSH's server is not installed (tools/install-deps.sh installs it)");
      return g_test_run ();
    }

  server_start ();
  g_test_add_func ("/ssh-command/score", test_score);
  g_test_add_func ("/ssh-command/failures", test_failures);
  g_test_add_func ("/ssh-command/cancel", test_cancel);
  g_test_add_func ("/ssh-command/workload-bench", test_workload_bench);
  status = g_test_run ();
  server_stop ();
  return status;
}
