/* test-ssh-command.c: workload commands over a real sshd on 127.0.0.1
 *
 * Starts OpenSSH's server on a free loopback port with a throwaway host
 * key and a throwaway user key, and runs real commands through
 * DomusSshCommand, including each failure a student meets.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench/domus-bench-results.h"
#include "domus-error.h"
#include "bench/domus-ssh-command.h"
#include "domus-test-sshd.h"
#include "domus-test-utils.h"

static DomusTestSshd *server;

typedef struct
{
  GAsyncResult *result;   /* once @ssh has answered */
  char         *out;
  int           exit_status;
  GError       *error;
} Answer;

static void
answer_clear (Answer *answer)
{
  g_clear_object (&answer->result);
  g_clear_pointer (&answer->out, g_free);
  g_clear_error (&answer->error);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Answer, answer_clear)

/* Waits for what @ssh answers, and reads it into @answer. */
static void
wait_answer (DomusSshCommand *ssh,
             Answer          *answer)
{
  DOMUS_TEST_WAIT_UNTIL (answer->result != NULL, 60);
  answer->out = domus_ssh_command_run_finish (ssh, answer->result, &answer->error);
  answer->exit_status = domus_ssh_command_get_exit_status (ssh);
  if (answer->error != NULL)
    g_test_message ("error: %s", answer->error->message);
}

/* Runs @command on the test's sshd as the test's user, with @key and
 * @known_hosts (the good ones when NULL), on @port (sshd's when 0). */
static void
run (Answer     *answer,
     const char *command,
     const char *key,
     const char *known_hosts,
     guint       port,
     guint       timeout_s)
{
  g_autoptr(DomusSshCommand) ssh =
    domus_ssh_command_new (server->destination, port != 0 ? port : server->port, command);

  domus_ssh_command_set_identity_file (ssh, key != NULL ? key : server->key);
  domus_ssh_command_set_known_hosts_file (ssh, known_hosts != NULL ? known_hosts : server->known_hosts);
  domus_ssh_command_set_timeout (ssh, timeout_s);
  g_assert_cmpint (domus_ssh_command_get_exit_status (ssh), ==, -1);
  domus_ssh_command_run_async (ssh, NULL, domus_test_result_cb, &answer->result);
  wait_answer (ssh, answer);
}

static void
assert_message_contains (const GError *error,
                         const char   *text)
{
  g_assert_nonnull (error);
  if (strstr (error->message, text) == NULL)
    g_error ("“%s” is not in the message “%s”", text, error->message);
}

static void
test_echo_score (void)
{
  g_auto(Answer) a = { 0 };
  g_autoptr(GError) error = NULL;
  double score = 0;

  run (&a, "echo 'score: 42.5'", NULL, NULL, 0, 0);
  g_assert_no_error (a.error);
  g_assert_cmpstr (a.out, ==, "score: 42.5\n");
  g_assert_cmpint (a.exit_status, ==, 0);
  g_assert_true (domus_ssh_parse_score (a.out, "score: ([0-9.]+)", &score, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (score, ==, 42.5);
}

static void
test_compute_score (void)
{
  g_auto(Answer) a = { 0 };
  g_autoptr(GError) error = NULL;
  double score = 0;

  run (&a, "sh -c 'i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; echo ops=$i'",
       NULL, NULL, 0, 0);
  g_assert_no_error (a.error);
  g_assert_true (domus_ssh_parse_score (a.out, "ops=([0-9]+)", &score, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (score, ==, 20000);
}

static void
test_exit_status (void)
{
  g_auto(Answer) a = { 0 };

  run (&a, "sh -c 'echo partial; echo first >&2; echo oops >&2; exit 3'", NULL, NULL, 0, 0);
  g_assert_error (a.error, DOMUS_ERROR, DOMUS_ERROR_FAILED);
  g_assert_null (a.out);
  g_assert_cmpint (a.exit_status, ==, 3);
  assert_message_contains (a.error, "on 127.0.0.1 exited with status 3: first; oops");
}

static void
test_host_key_unknown (void)
{
  g_autofree char *empty = g_build_filename (server->dir, "empty_known_hosts", NULL);
  g_auto(Answer) a = { 0 };

  g_assert_true (g_file_set_contents (empty, "", -1, NULL));
  run (&a, "true", NULL, empty, 0, 0);
  g_assert_error (a.error, DOMUS_ERROR, DOMUS_ERROR_FAILED);
  g_assert_cmpint (a.exit_status, ==, -1);
  g_assert_cmpstr (a.error->message, ==,
                   "The host key of 127.0.0.1 is not known: add it with ssh-keyscan or "
                   "connect once with ssh");
  /* Never accepted on the way. */
  {
    g_autofree char *contents = NULL;

    g_assert_true (g_file_get_contents (empty, &contents, NULL, NULL));
    g_assert_cmpstr (contents, ==, "");
  }
}

static void
test_host_key_changed (void)
{
  g_autofree char *other = domus_test_sshd_new_key (server, "other_host_key");
  g_autofree char *wrong = g_build_filename (server->dir, "wrong_known_hosts", NULL);
  g_autofree char *line = domus_test_sshd_known_hosts_line (server, other);
  g_auto(Answer) a = { 0 };

  g_assert_true (g_file_set_contents (wrong, line, -1, NULL));
  run (&a, "true", NULL, wrong, 0, 0);
  g_assert_error (a.error, DOMUS_ERROR, DOMUS_ERROR_FAILED);
  assert_message_contains (a.error, "The host key of 127.0.0.1 has changed");
}

static void
test_auth_failed (void)
{
  g_autofree char *other_key = domus_test_sshd_new_key (server, "other_user_key");
  g_autofree char *expected = g_strdup_printf ("Login to %s failed: the server refused the key",
                                               server->destination);
  g_auto(Answer) a = { 0 };

  run (&a, "true", other_key, NULL, 0, 0);
  g_assert_error (a.error, DOMUS_ERROR, DOMUS_ERROR_FAILED);
  assert_message_contains (a.error, expected);
}

static void
test_refused (void)
{
  guint port = domus_test_free_port ();
  g_autofree char *expected = g_strdup_printf ("Cannot reach 127.0.0.1 port %u: connection refused",
                                               port);
  g_auto(Answer) a = { 0 };

  run (&a, "true", NULL, NULL, port, 0);
  g_assert_error (a.error, DOMUS_ERROR, DOMUS_ERROR_FAILED);
  assert_message_contains (a.error, expected);
}

/* A port that accepts connections and never says a word: ssh gives up
 * after the timeout. */
static void
test_timeout (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *expected = NULL;
  g_auto(Answer) a = { 0 };
  gint64 start;
  guint port;

  g_assert_true (g_socket_listener_add_address (listener, any, G_SOCKET_TYPE_STREAM,
                                                G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error));
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  expected = g_strdup_printf ("Cannot reach 127.0.0.1 port %u: no answer within 1 s", port);

  start = g_get_monotonic_time ();
  run (&a, "true", NULL, NULL, port, 1);
  g_assert_error (a.error, DOMUS_ERROR, DOMUS_ERROR_FAILED);
  assert_message_contains (a.error, expected);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 8 * G_USEC_PER_SEC);
}

/* Of process @pid_name in /proc: its name, and its command line with
 * spaces between the arguments ("" for a zombie). FALSE when it is gone. */
static gboolean
read_process (const char  *pid_name,
              char       **comm,
              char       **cmdline)
{
  g_autofree char *comm_path = g_build_filename ("/proc", pid_name, "comm", NULL);
  g_autofree char *cmdline_path = g_build_filename ("/proc", pid_name, "cmdline", NULL);
  gsize length = 0;

  if (!g_ascii_isdigit (pid_name[0])
      || !g_file_get_contents (comm_path, comm, NULL, NULL))
    return FALSE;
  g_strstrip (*comm);
  if (!g_file_get_contents (cmdline_path, cmdline, &length, NULL))
    *cmdline = g_strdup ("");
  for (gsize i = 0; i + 1 < length; i++)
    if ((*cmdline)[i] == '\0')
      (*cmdline)[i] = ' ';
  return TRUE;
}

/* Whether process @pid_name is a zombie child of this test. */
static gboolean
is_our_zombie (const char *pid_name)
{
  g_autofree char *stat_path = g_build_filename ("/proc", pid_name, "stat", NULL);
  g_autofree char *stat = NULL;
  const char *after_name;
  char state = '?';
  int ppid = 0;

  return g_file_get_contents (stat_path, &stat, NULL, NULL)
         && (after_name = strrchr (stat, ')')) != NULL
         && sscanf (after_name + 1, " %c %d", &state, &ppid) == 2
         && state == 'Z' && ppid == getpid ();
}

/* How many processes run with @marker in their command line: ssh clients
 * (@ssh_clients, zombies of ours included: they keep their /proc entry,
 * and a zombie's command line is empty), or the others, which on this
 * machine's sshd are the remote side of a command. */
static guint
count_processes (const char *marker,
                 gboolean    ssh_clients)
{
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (proc);
  while ((name = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *comm = NULL;
      g_autofree char *cmdline = NULL;

      if (!read_process (name, &comm, &cmdline) || g_str_equal (comm, "ssh") != ssh_clients)
        continue;
      if (strstr (cmdline, marker) != NULL || (ssh_clients && cmdline[0] == '\0' && is_our_zombie (name)))
        n++;
    }
  return n;
}

static guint
count_ssh_clients (const char *marker)
{
  return count_processes (marker, TRUE);
}

/* Waits until between @least and @most processes other than ssh clients
 * run with @marker: the remote side of a command. They send no event, so
 * this polls; it fails after 30 s. */
static void
wait_remote_processes (const char *marker,
                       guint       least,
                       guint       most)
{
  gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  guint n;

  while (((n = count_processes (marker, FALSE)) < least || n > most)
         && g_get_monotonic_time () < end)
    domus_test_run_for (20);
  g_assert_cmpuint (n, >=, least);
  g_assert_cmpuint (n, <=, most);
}

/* The remote command ends with its connection (a watcher beside it reads
 * the connection's input): nothing of it is left on the host. */
static void
assert_remote_command_ends (const char *marker)
{
  wait_remote_processes (marker, 0, 0);
}

static void
test_cancel (void)
{
  g_autofree char *marker = g_strdup_printf ("domus-cancel-%d-%u", getpid (), g_random_int ());
  g_autofree char *command = g_strdup_printf ("sleep 30; echo %s", marker);
  g_autoptr(DomusSshCommand) ssh = domus_ssh_command_new (server->destination, server->port, command);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_auto(Answer) a = { 0 };
  gint64 start;

  domus_ssh_command_set_identity_file (ssh, server->key);
  domus_ssh_command_set_known_hosts_file (ssh, server->known_hosts);
  domus_ssh_command_run_async (ssh, cancellable, domus_test_result_cb, &a.result);

  /* The ssh client runs (and the remote command with it) ... */
  for (guint i = 0; i < 100 && count_ssh_clients (marker) == 0; i++)
    domus_test_run_for (20);
  g_assert_cmpuint (count_ssh_clients (marker), ==, 1);
  domus_test_run_for (200);
  g_assert_null (a.result);

  /* ... until cancelled: at once, and no ssh is left, not even a zombie. */
  start = g_get_monotonic_time ();
  g_cancellable_cancel (cancellable);
  wait_answer (ssh, &a);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
  g_assert_error (a.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (a.out);
  g_assert_cmpint (a.exit_status, ==, -1);
  g_assert_cmpuint (count_ssh_clients (marker), ==, 0);
  assert_remote_command_ends (marker);
}

/* The connection ends before the command has a session of its own to be
 * stopped by (setsid(1) is slow to start: here a stand-in for it waits at
 * a gate until the connection's watcher has done its work). The command
 * is stopped all the same, not left to run for ever once setsid starts. */
static void
test_cancel_before_session (void)
{
  g_autofree char *marker = g_strdup_printf ("domus-early-%d-%u", getpid (), g_random_int ());
  g_autofree char *command = g_strdup_printf ("while :; do sleep 1; done; echo %s", marker);
  g_autofree char *gate = g_build_filename (server->dir, "setsid-gate", NULL);
  g_autofree char *slow_setsid = g_build_filename (server->bin, "setsid", NULL);
  g_autofree char *script = g_strdup_printf ("#!/bin/sh\nread go < '%s'\nexec /usr/bin/setsid \"$@\"\n",
                                             gate);
  g_autoptr(DomusSshCommand) ssh = domus_ssh_command_new (server->destination, server->port, command);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_auto(Answer) a = { 0 };
  int fd;

  g_assert_cmpint (mkfifo (gate, 0600), ==, 0);
  g_assert_true (g_file_set_contents (slow_setsid, script, -1, NULL));
  g_assert_cmpint (g_chmod (slow_setsid, 0755), ==, 0);

  domus_ssh_command_set_identity_file (ssh, server->key);
  domus_ssh_command_set_known_hosts_file (ssh, server->known_hosts);
  domus_ssh_command_run_async (ssh, cancellable, domus_test_result_cb, &a.result);

  /* The remote shell, its watcher, and setsid waiting at the gate. */
  wait_remote_processes (marker, 3, 3);
  g_cancellable_cancel (cancellable);
  wait_answer (ssh, &a);
  g_assert_error (a.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  /* Once one of them has gone (the watcher, or setsid by its hand), the
   * gate opens for a setsid still there. */
  wait_remote_processes (marker, 0, 2);
  fd = open (gate, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd >= 0)
    {
      g_assert_cmpint (write (fd, "go\n", 3), ==, 3);
      close (fd);
    }
  else
    g_assert_cmpint (errno, ==, ENXIO);
  assert_remote_command_ends (marker);

  g_unlink (slow_setsid);
  g_unlink (gate);
}

/* A command that runs past its limit is stopped, and says so: the ssh
 * client is killed, and with its connection the remote command, which
 * here never writes (sshd alone would leave it running for ever). */
static void
test_limit (void)
{
  g_autofree char *marker = g_strdup_printf ("domus-limit-%d-%u", getpid (), g_random_int ());
  g_autofree char *command = g_strdup_printf ("while :; do sleep 1; done; echo %s", marker);
  g_autofree char *expected = g_strdup_printf ("“%s” on 127.0.0.1 ran longer than its limit of 1 s "
                                               "and was stopped", command);
  g_autoptr(DomusSshCommand) ssh = domus_ssh_command_new (server->destination, server->port, command);
  g_auto(Answer) a = { 0 };
  gint64 start = g_get_monotonic_time ();

  domus_ssh_command_set_identity_file (ssh, server->key);
  domus_ssh_command_set_known_hosts_file (ssh, server->known_hosts);
  domus_ssh_command_set_limit (ssh, 1);
  domus_ssh_command_run_async (ssh, NULL, domus_test_result_cb, &a.result);
  wait_answer (ssh, &a);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
  g_assert_error (a.error, DOMUS_ERROR, DOMUS_ERROR_FAILED);
  g_assert_cmpstr (a.error->message, ==, expected);
  g_assert_null (a.out);
  g_assert_cmpint (a.exit_status, ==, -1);
  g_assert_cmpuint (count_ssh_clients (marker), ==, 0);
  assert_remote_command_ends (marker);
}

/* The destination is never read as an option (ssh gets "--" before
 * it), nor the command by a local shell. */
static void
test_destination_not_option (void)
{
  g_autofree char *proof = g_build_filename (server->dir, "proxy-ran", NULL);
  g_autofree char *destination = g_strdup_printf ("-oProxyCommand=touch %s", proof);
  g_autofree char *command = g_strdup_printf ("true; touch %s", proof);
  g_autoptr(DomusSshCommand) ssh = domus_ssh_command_new (destination, 0, command);
  g_auto(Answer) a = { 0 };

  domus_ssh_command_set_identity_file (ssh, server->key);
  domus_ssh_command_set_known_hosts_file (ssh, server->known_hosts);
  domus_ssh_command_set_timeout (ssh, 2);
  domus_ssh_command_run_async (ssh, NULL, domus_test_result_cb, &a.result);
  wait_answer (ssh, &a);
  /* ssh refuses it as a host name. */
  g_assert_error (a.error, DOMUS_ERROR, DOMUS_ERROR_FAILED);
  g_assert_false (g_file_test (proof, G_FILE_TEST_EXISTS));
}

/* Only the end of a long output is kept: enough for the score. */
static void
test_output_limit (void)
{
  g_auto(Answer) a = { 0 };
  g_autoptr(GError) error = NULL;
  double score = 0;

  run (&a, "head -c 3000000 /dev/zero | tr '\\0' x; echo; echo score: 7", NULL, NULL, 0, 0);
  g_assert_no_error (a.error);
  g_assert_cmpuint (strlen (a.out), ==, 1024 * 1024);
  g_assert_true (g_str_has_suffix (a.out, "xxx\nscore: 7\n"));
  g_assert_true (domus_ssh_parse_score (a.out, "score: ([0-9.]+)", &score, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (score, ==, 7);
}

static void
test_cancel_before_start (void)
{
  g_autoptr(DomusSshCommand) ssh = domus_ssh_command_new (server->destination, server->port, "true");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_auto(Answer) a = { 0 };

  g_cancellable_cancel (cancellable);
  domus_ssh_command_run_async (ssh, cancellable, domus_test_result_cb, &a.result);
  g_assert_null (a.result);
  wait_answer (ssh, &a);
  g_assert_error (a.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_parse_score (void)
{
  g_autoptr(GError) error = NULL;
  double score = -1;

  /* The whole match without a group; ^ at each line; the C locale. */
  g_assert_true (domus_ssh_parse_score ("warming up\n1.5e3\n", "^[0-9.e]+$", &score, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (score, ==, 1500);
  g_assert_true (domus_ssh_parse_score ("a: 1\nscore:  -7.25 \n", "^score:(.*)$", &score, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (score, ==, -7.25);

  score = -1;
  g_assert_false (domus_ssh_parse_score ("hello world\nsecond line\n", "score: ([0-9.]+)", &score, &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "No score: “score: ([0-9.]+)” matches nothing in the output, "
                                       "which begins “hello world second line”");
  g_assert_cmpfloat (score, ==, -1);
  g_clear_error (&error);

  /* Outputs shorter than what a message quotes are quoted whole, and
   * longer ones cut on a character. */
  g_assert_false (domus_ssh_parse_score ("score: 5", "ops=([0-9]+)", &score, &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED);
  assert_message_contains (error, "which begins “score: 5”");
  g_clear_error (&error);
  g_assert_false (domus_ssh_parse_score ("é", "x", &score, &error));
  assert_message_contains (error, "which begins “é”");
  g_clear_error (&error);
  g_assert_false (domus_ssh_parse_score ("ééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé",
                                         "x", &score, &error));
  assert_message_contains (error, "which begins “éééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé…”");
  g_clear_error (&error);

  g_assert_false (domus_ssh_parse_score ("", "x", &score, &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED);
  assert_message_contains (error, "the output is empty");
  g_clear_error (&error);

  g_assert_false (domus_ssh_parse_score ("score: fast\n", "score: (\\w+)", &score, &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED);
  assert_message_contains (error, "“score: (\\w+)” picked “fast”, which is not a number");
  assert_message_contains (error, "begins “score: fast”");
  g_clear_error (&error);

  g_assert_false (domus_ssh_parse_score ("score: 4,5\n", "score: (\\S+)", &score, &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED);
  g_clear_error (&error);

  g_assert_false (domus_ssh_parse_score ("score: inf\n", "score: (\\S+)", &score, &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED);
  g_clear_error (&error);

  g_assert_false (domus_ssh_parse_score ("score: 1\n", "score: (", &score, &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT);
  assert_message_contains (error, "“score: (” is not a regular expression");
  g_assert_cmpfloat (score, ==, -1);
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
    server->key, server->known_hosts, server->destination, server->port, server->destination, server->port);
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusClock) clock = NULL;
  g_autoptr(DomusHost) host = domus_test_sim_host_new ("{\"domains\": [{\"name\": \"a\"}, {\"name\": \"b\"}]}", &clock);
  DomusBenchSpec *spec = domus_bench_spec_new_from_data (json, "/", &error);
  g_autoptr(DomusBenchRunner) runner = NULL;
  g_autoptr(GAsyncResult) answer = NULL;
  GArray *results;
  guint n_runs = 0;

  g_assert_no_error (error);
  runner = domus_bench_runner_new (host, spec, NULL);
  domus_bench_runner_run_async (runner, NULL, domus_test_result_cb, &answer);
  DOMUS_TEST_WAIT_UNTIL (answer != NULL, 100);
  domus_bench_runner_run_finish (runner, answer, &error);
  g_assert_no_error (error);

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
  g_assert_cmpint (domus_domain_get_weight (domus_host_lookup_domain_by_name (host, "b")), ==, 512);
}

/* "native": "measure": the command runs on this host first, and the runs
 * in the domains (the same command, the same count) are 100 % of it. */
static void
test_native_measured (void)
{
  g_autofree char *json = g_strdup_printf (
    "{\"name\": \"ops\", \"kind\": \"workload\", \"repetitions\": 2,"
    " \"workload\": {\"domains\": [\"a\"], \"native\": \"measure\", \"sla_percent\": 80,"
    "   \"command\": \"sh -c 'i=0; while [ $i -lt 4000 ]; do i=$((i+1)); done; echo ops=$i'\","
    "   \"score_regex\": \"ops=([0-9]+)\", \"identity_file\": \"%s\", \"known_hosts_file\": \"%s\","
    "   \"ssh\": {\"a\": {\"destination\": \"%s\", \"port\": %u}}}}",
    server->key, server->known_hosts, server->destination, server->port);
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusClock) clock = NULL;
  g_autoptr(DomusHost) host = domus_test_sim_host_new ("{\"domains\": [{\"name\": \"a\"}]}", &clock);
  DomusBenchSpec *spec = domus_bench_spec_new_from_data (json, "/", &error);
  g_autoptr(DomusBenchRunner) runner = NULL;
  g_autoptr(GAsyncResult) answer = NULL;
  GArray *results;
  guint n_native = 0, n_runs = 0;

  g_assert_no_error (error);
  g_assert_true (spec->measure_native);
  runner = domus_bench_runner_new (host, spec, NULL);
  domus_bench_runner_run_async (runner, NULL, domus_test_result_cb, &answer);
  DOMUS_TEST_WAIT_UNTIL (answer != NULL, 100);
  domus_bench_runner_run_finish (runner, answer, &error);
  g_assert_no_error (error);

  results = domus_bench_runner_get_results (runner);
  for (guint i = 0; i < results->len; i++)
    {
      DomusBenchResult *r = &g_array_index (results, DomusBenchResult, i);

      g_test_message ("%s score %g (%g %% of native) %s", r->step, r->score, r->percent_of_native,
                      r->error ? r->error : "");
      g_assert_null (r->error);
      if (g_str_equal (r->step, "native"))
        {
          /* Measured before any run in a domain. */
          g_assert_cmpuint (n_runs, ==, 0);
          g_assert_cmpfloat (r->score, ==, 4000);
          n_native++;
        }
      else if (g_str_equal (r->step, "run"))
        {
          g_assert_cmpfloat_with_epsilon (r->percent_of_native, 100.0, 1e-9);
          g_assert_true (r->sla_met);
          n_runs++;
        }
    }
  g_assert_cmpuint (n_native, ==, 2);
  g_assert_cmpuint (n_runs, ==, 2);
  g_assert_cmpfloat (domus_bench_runner_get_spec (runner)->native, ==, 4000);
}

/* A score of 0 when lower is better is no percentage of native: the run
 * says so, and the results file holds only JSON numbers and reads back. */
static void
test_score_zero (void)
{
  g_autofree char *json = g_strdup_printf (
    "{\"name\": \"zero\", \"kind\": \"workload\", \"repetitions\": 1,"
    " \"workload\": {\"domains\": [\"a\"], \"native\": 5, \"higher_is_better\": false,"
    "   \"command\": \"echo score: 0\", \"score_regex\": \"score: ([0-9]+)\","
    "   \"identity_file\": \"%s\", \"known_hosts_file\": \"%s\","
    "   \"ssh\": {\"a\": {\"destination\": \"%s\", \"port\": %u}}}}",
    server->key, server->known_hosts, server->destination, server->port);
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusClock) clock = NULL;
  g_autoptr(DomusHost) host = domus_test_sim_host_new ("{\"domains\": [{\"name\": \"a\"}]}", &clock);
  DomusBenchSpec *spec = domus_bench_spec_new_from_data (json, "/", &error);
  g_autofree char *path = g_build_filename (server->dir, "zero.jsonl", NULL);
  g_autoptr(DomusBenchRunner) runner = NULL;
  g_autoptr(DomusBenchResults) read = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GAsyncResult) answer = NULL;
  DomusBenchResult *r;

  g_assert_no_error (error);
  runner = domus_bench_runner_new (host, spec, path);
  domus_bench_runner_run_async (runner, NULL, domus_test_result_cb, &answer);
  DOMUS_TEST_WAIT_UNTIL (answer != NULL, 100);
  domus_bench_runner_run_finish (runner, answer, &error);
  g_assert_no_error (error);

  /* The apply step, then the run. */
  g_assert_cmpuint (domus_bench_runner_get_results (runner)->len, ==, 2);
  r = &g_array_index (domus_bench_runner_get_results (runner), DomusBenchResult, 1);
  g_assert_cmpstr (r->step, ==, "run");
  g_assert_cmpfloat (r->score, ==, 0);
  g_assert_true (isnan (r->percent_of_native));
  g_assert_false (r->sla_met);
  g_assert_cmpstr (r->error, ==, "the score 0 cannot be compared with native: when lower is better "
                                 "(“higher_is_better”: false), a score must be above 0");

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_test_message ("%s", contents);
  g_assert_null (strstr (contents, "inf"));
  g_assert_nonnull (strstr (contents, "\"percent_of_native\":null"));
  read = domus_bench_results_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (domus_bench_results_get_results (read)->len, ==, 2);
  g_unlink (path);
}

static void
test_no_sshd (void)
{
  g_test_skip ("OpenSSH's server (/usr/sbin/sshd) is not installed: tools/install-deps.sh "
               "installs it");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ssh-command/parse-score", test_parse_score);
  if (!g_file_test ("/usr/sbin/sshd", G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_add_func ("/ssh-command/sshd", test_no_sshd);
      return g_test_run ();
    }

  server = domus_test_sshd_start ();
  g_test_add_func ("/ssh-command/echo-score", test_echo_score);
  g_test_add_func ("/ssh-command/compute-score", test_compute_score);
  g_test_add_func ("/ssh-command/exit-status", test_exit_status);
  g_test_add_func ("/ssh-command/host-key-unknown", test_host_key_unknown);
  g_test_add_func ("/ssh-command/host-key-changed", test_host_key_changed);
  g_test_add_func ("/ssh-command/auth-failed", test_auth_failed);
  g_test_add_func ("/ssh-command/refused", test_refused);
  g_test_add_func ("/ssh-command/timeout", test_timeout);
  g_test_add_func ("/ssh-command/cancel", test_cancel);
  g_test_add_func ("/ssh-command/cancel-before-start", test_cancel_before_start);
  g_test_add_func ("/ssh-command/cancel-before-session", test_cancel_before_session);
  g_test_add_func ("/ssh-command/limit", test_limit);
  g_test_add_func ("/ssh-command/output-limit", test_output_limit);
  g_test_add_func ("/ssh-command/destination-not-option", test_destination_not_option);
  g_test_add_func ("/ssh-command/workload-bench", test_workload_bench);
  g_test_add_func ("/ssh-command/native-measured", test_native_measured);
  g_test_add_func ("/ssh-command/score-zero", test_score_zero);
  status = g_test_run ();
  domus_test_sshd_stop (server);
  return status;
}
