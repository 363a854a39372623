/* domus-test-keyring.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsecret/secret.h>
#include <signal.h>

#include "domus-test-keyring.h"
#include "domus-test-utils.h"

struct _DomusTestKeyring
{
  GSubprocess *bus;
  GSubprocess *daemon;
  char        *dir;
};

/* Domus's own schema, written out again: a test of what it keeps. */
static const SecretSchema *
ssh_schema (void)
{
  static const SecretSchema schema = {
    "io.domus.Domus.SshSecret", SECRET_SCHEMA_NONE,
    { { "host", SECRET_SCHEMA_ATTRIBUTE_STRING }, { "prompt", SECRET_SCHEMA_ATTRIBUTE_STRING }, { NULL, 0 } },
  };

  return &schema;
}

/* Not GTestDBus: its end waits for the bus's connection to go, which
 * libsecret keeps as long as the process. */
static GSubprocess *
start_session_bus (void)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) bus = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;

  g_subprocess_launcher_set_child_setup (launcher, domus_test_end_with_test, NULL, NULL);
  /* It prints its address once it listens. */
  bus = g_subprocess_launcher_spawn (launcher, &error, "dbus-daemon", "--session", "--nofork", "--nopidfile",
                                     "--print-address=1", NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (bus));
  address = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (address);
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);
  return g_steal_pointer (&bus);
}

static void
name_appeared_cb (GDBusConnection *connection,
                  const char      *name,
                  const char      *owner,
                  gpointer         user_data)
{
  *(gboolean *) user_data = TRUE;
}

static GSubprocess *
start_daemon (const char *daemon,
              const char *dir)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) keyring = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GError) error = NULL;
  gboolean serving = FALSE;
  guint watch;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", dir, TRUE);
  /* Not the tests' fatal warnings: replacing a secret, this daemon warns
   * that the item is "already registered", and goes on. */
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  g_subprocess_launcher_set_child_setup (launcher, domus_test_end_with_test, NULL, NULL);
  keyring = g_subprocess_launcher_spawn (launcher, &error, daemon, "--foreground", "--unlock",
                                         "--components=secrets", NULL);
  g_assert_no_error (error);
  /* --unlock reads the login keyring's password to its end. */
  g_output_stream_write_all (g_subprocess_get_stdin_pipe (keyring), "domus", 5, NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (g_subprocess_get_stdin_pipe (keyring), NULL, &error);
  g_assert_no_error (error);
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  watch = g_bus_watch_name_on_connection (bus, "org.freedesktop.secrets", G_BUS_NAME_WATCHER_FLAGS_NONE,
                                          name_appeared_cb, NULL, &serving, NULL);
  DOMUS_TEST_WAIT_UNTIL (serving, 30);
  g_bus_unwatch_name (watch);
  return g_steal_pointer (&keyring);
}

DomusTestKeyring *
domus_test_keyring_start (const char **why)
{
  g_autofree char *daemon = g_find_program_in_path ("gnome-keyring-daemon");
  g_autofree char *dbus_daemon = g_find_program_in_path ("dbus-daemon");
  DomusTestKeyring *keyring;

  if (daemon == NULL || dbus_daemon == NULL)
    {
      *why = "No GNOME Keyring (gnome-keyring) and D-Bus (dbus-daemon) to keep secrets in: "
             "tools/install-deps.sh --tests installs them";
      return NULL;
    }
  keyring = g_new0 (DomusTestKeyring, 1);
  keyring->dir = g_dir_make_tmp ("domus-keyring-XXXXXX", NULL);
  keyring->bus = start_session_bus ();
  keyring->daemon = start_daemon (daemon, keyring->dir);
  return keyring;
}

static void
stop (GSubprocess *process)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_object_unref (process);
}

void
domus_test_keyring_stop (DomusTestKeyring *keyring)
{
  if (keyring == NULL)
    return;
  /* What libsecret holds of the bus goes before the bus. */
  secret_service_disconnect ();
  stop (keyring->daemon);
  stop (keyring->bus);
  domus_test_remove_dir (keyring->dir);
  g_free (keyring->dir);
  g_free (keyring);
}

char *
domus_test_keyring_lookup (const char *host,
                           const char *prompt)
{
  g_autoptr(GError) error = NULL;
  char *secret = secret_password_lookup_sync (ssh_schema (), NULL, &error, "host", host, "prompt", prompt, NULL);

  g_assert_no_error (error);
  return secret;
}

void
domus_test_keyring_wait_for (const char *host,
                             const char *prompt,
                             const char *expected)
{
  g_autofree char *secret = NULL;

  DOMUS_TEST_WAIT_UNTIL ((g_free (secret), secret = domus_test_keyring_lookup (host, prompt),
                          g_strcmp0 (secret, expected) == 0), 30);
}

void
domus_test_keyring_store (const char *host,
                          const char *prompt,
                          const char *secret)
{
  g_autoptr(GError) error = NULL;

  secret_password_store_sync (ssh_schema (), SECRET_COLLECTION_DEFAULT, "Domus: a test's", secret, NULL, &error,
                              "host", host, "prompt", prompt, NULL);
  g_assert_no_error (error);
}

void
domus_test_keyring_clear (void)
{
  g_autoptr(GError) error = NULL;

  secret_password_clear_sync (ssh_schema (), NULL, &error, NULL);
  g_assert_no_error (error);
}
