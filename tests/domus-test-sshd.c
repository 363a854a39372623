/* domus-test-sshd.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "domus-test-sshd.h"
#include "domus-test-utils.h"

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

char *
domus_test_sshd_new_key (DomusTestSshd *server,
                         const char    *name)
{
  char *path = g_build_filename (server->dir, name, NULL);

  run_tool ((const char *[]) { "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", path, NULL });
  return path;
}

char *
domus_test_sshd_add_key (DomusTestSshd *server,
                         const char    *name,
                         const char    *passphrase)
{
  char *path = g_build_filename (server->dir, name, NULL);
  g_autofree char *pub_path = g_strconcat (path, ".pub", NULL);
  g_autofree char *authorized = g_build_filename (server->dir, "authorized_keys", NULL);
  g_autofree char *pub = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (authorized);
  g_autoptr(GFileOutputStream) stream = NULL;

  run_tool ((const char *[]) { "ssh-keygen", "-q", "-t", "ed25519", "-N", passphrase, "-f", path, NULL });
  g_assert_true (g_file_get_contents (pub_path, &pub, NULL, NULL));
  stream = g_file_append_to (file, G_FILE_CREATE_NONE, NULL, NULL);
  g_assert_nonnull (stream);
  g_assert_true (g_output_stream_write_all (G_OUTPUT_STREAM (stream), pub, strlen (pub), NULL, NULL, NULL));
  return path;
}

char *
domus_test_sshd_asking_config (DomusTestSshd *server,
                               const char    *alias,
                               const char    *key,
                               const char    *known_hosts)
{
  return g_strdup_printf ("Host %s\n  HostName 127.0.0.1\n  Port %u\n  User %s\n  IdentityFile %s\n"
                          "  IdentitiesOnly yes\n  UserKnownHostsFile %s\n  StrictHostKeyChecking ask\n"
                          "  LogLevel ERROR\n",
                          alias, server->port, g_get_user_name (), key, known_hosts);
}

char *
domus_test_sshd_config (DomusTestSshd *server,
                        const char    *alias)
{
  return g_strdup_printf ("Host %s\n  HostName 127.0.0.1\n  Port %u\n  User %s\n  IdentityFile %s\n"
                          "  IdentitiesOnly yes\n  UserKnownHostsFile %s\n  StrictHostKeyChecking yes\n"
                          "  BatchMode yes\n  LogLevel ERROR\n",
                          alias, server->port, g_get_user_name (), server->key, server->known_hosts);
}

char *
domus_test_refused_config (const char *alias)
{
  return g_strdup_printf ("Host %s\n  HostName 127.0.0.1\n  Port %u\n  BatchMode yes\n",
                          alias, domus_test_free_port ());
}

void
domus_test_use_ssh_config (const char *dir,
                           const char *config)
{
  g_autofree char *path = g_build_filename (dir, "ssh_config", NULL);
  g_autofree char *ssh = g_strdup_printf ("ssh -F %s", path);

  g_assert_true (g_file_set_contents (path, config, -1, NULL));
  g_setenv ("DOMUS_SSH", ssh, TRUE);
}

/* A known_hosts line for the test's sshd, with the public key of @key. */
char *
domus_test_sshd_known_hosts_line (DomusTestSshd *server,
                                  const char    *key)
{
  g_autofree char *pub_path = g_strconcat (key, ".pub", NULL);
  g_autofree char *pub = NULL;
  g_auto(GStrv) fields = NULL;

  g_assert_true (g_file_get_contents (pub_path, &pub, NULL, NULL));
  fields = g_strsplit (pub, " ", 3);
  g_assert_cmpuint (g_strv_length (fields), >=, 2);
  return g_strdup_printf ("[127.0.0.1]:%u %s %s\n", server->port, fields[0], fields[1]);
}

/* A loopback port nobody listens on (bound, then closed). */
guint
domus_test_free_port (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, &error);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_no_error (error);
  g_assert_true (g_socket_bind (socket, any, FALSE, &error));
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static void
sshd_exited_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  DomusTestSshd *server = data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  server->sshd_exited = TRUE;
}

static void
fail_with_sshd_log (DomusTestSshd *server,
                    const char    *why)
{
  g_autofree char *log = NULL;

  g_file_get_contents (server->log, &log, NULL, NULL);
  g_error ("%s; sshd said:\n%s", why, log != NULL ? log : "(nothing)");
}

/* Polls the port until sshd accepts connections: a bounded number of
 * short tries, each waiting on the main loop. */
static void
wait_for_listen (DomusTestSshd *server)
{
  for (guint i = 0; i < 200; i++)
    {
      g_autoptr(GSocketClient) client = g_socket_client_new ();
      g_autoptr(GSocketConnection) connection =
        g_socket_client_connect_to_host (client, "127.0.0.1", server->port, NULL, NULL);

      if (connection != NULL)
        return;
      if (server->sshd_exited)
        fail_with_sshd_log (server, "sshd exited at start");
      domus_test_run_for (25);
    }
  fail_with_sshd_log (server, "sshd did not accept connections within 5 s");
}

DomusTestSshd *
domus_test_sshd_start (void)
{
  DomusTestSshd *server = g_new0 (DomusTestSshd, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *config = NULL, *authorized = NULL, *pub = NULL, *user_pub = NULL;
  g_autofree char *config_text = NULL, *known = NULL, *pid_file = NULL;

  server->dir = g_dir_make_tmp ("domus-sshd-XXXXXX", &error);
  g_assert_no_error (error);
  server->host_key = domus_test_sshd_new_key (server, "host_key");
  server->key = domus_test_sshd_new_key (server, "user_key");
  config = g_build_filename (server->dir, "sshd_config", NULL);
  authorized = g_build_filename (server->dir, "authorized_keys", NULL);
  server->known_hosts = g_build_filename (server->dir, "known_hosts", NULL);
  server->log = g_build_filename (server->dir, "sshd.log", NULL);
  pid_file = g_build_filename (server->dir, "sshd.pid", NULL);

  pub = g_strconcat (server->key, ".pub", NULL);
  g_assert_true (g_file_get_contents (pub, &user_pub, NULL, NULL));
  g_assert_true (g_file_set_contents (authorized, user_pub, -1, NULL));

  /* Root in CI; as another user, sshd serves that user only. Commands
   * find the server's bin folder first on their PATH. The user's
   * ~/.bashrc is not read: bash reads it for a command sshd runs only at
   * shell level 1, and SHLVL=1 makes it 2. (This machine's root has pyenv
   * there, whose rehash lock, once left behind, held every later login
   * for 60 s: the remote tests timed out, all at once.) */
  server->port = domus_test_free_port ();
  server->bin = g_build_filename (server->dir, "bin", NULL);
  g_assert_cmpint (g_mkdir (server->bin, 0755), ==, 0);
  config_text = g_strdup_printf ("ListenAddress 127.0.0.1\nPort %u\nHostKey %s\n"
                                 "AuthorizedKeysFile %s\nPidFile %s\nUsePAM no\nStrictModes no\n"
                                 "PermitRootLogin yes\nPasswordAuthentication no\n"
                                 "KbdInteractiveAuthentication no\n"
                                 "SetEnv PATH=%s:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin SHLVL=1\n",
                                 server->port, server->host_key, authorized, pid_file, server->bin);
  g_assert_true (g_file_set_contents (config, config_text, -1, NULL));
  /* The privilege separation directory, which sshd needs as root. */
  g_mkdir_with_parents ("/run/sshd", 0755);

  /* Its messages to a file, so no sshd process holds the test's output. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_set_stdout_file_path (launcher, server->log);
  g_subprocess_launcher_take_stderr_fd (launcher, -1);
  g_subprocess_launcher_set_flags (launcher, G_SUBPROCESS_FLAGS_STDERR_MERGE);
  /* sshd ends with the test, even when an assertion aborts it. */
  g_subprocess_launcher_set_child_setup (launcher, domus_test_end_with_test, NULL, NULL);
  server->sshd = g_subprocess_launcher_spawn (launcher, &error, "/usr/sbin/sshd", "-D", "-e",
                                              "-f", config, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_async (server->sshd, NULL, sshd_exited_cb, server);
  wait_for_listen (server);

  /* The host key, as ssh records it after a first login. */
  known = domus_test_sshd_known_hosts_line (server, server->host_key);
  g_assert_true (g_file_set_contents (server->known_hosts, known, -1, NULL));
  server->destination = g_strdup_printf ("%s@127.0.0.1", g_get_user_name ());
  return server;
}

void
domus_test_sshd_stop (DomusTestSshd *server)
{
  g_subprocess_force_exit (server->sshd);
  while (!server->sshd_exited)
    g_main_context_iteration (NULL, TRUE);
  g_clear_object (&server->sshd);
  domus_test_remove_dir (server->dir);
  g_clear_pointer (&server->dir, g_free);
  g_clear_pointer (&server->bin, g_free);
  g_clear_pointer (&server->log, g_free);
  g_clear_pointer (&server->destination, g_free);
  g_clear_pointer (&server->key, g_free);
  g_clear_pointer (&server->host_key, g_free);
  g_clear_pointer (&server->known_hosts, g_free);
  g_free (server);
}
