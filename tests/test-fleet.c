/* test-fleet.c: the hosts of one window, each connecting on its own
 *
 * This computer's host (simulated) and hosts added by address: the real
 * domus-agent started as "local" would be (the test runs as root, as CI
 * does: no pkexec), one that cannot be reached (a loopback port where
 * nothing listens, by an ssh_config alias), each with its state and
 * reason; an agent killed is lost, then found again; what the list keeps
 * for next time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "domus-error.h"
#include "domus-fleet.h"
#include "domus-test-host.h"
#include "domus-test-sshd.h"
#include "domus-test-utils.h"

static DomusFleetHostState
state_of (DomusFleetHost *host)
{
  return domus_fleet_host_get_state (host);
}

static void
test_fleet (void)
{
  g_autoptr(DomusClock) clock = NULL;
  g_autoptr(DomusHost) local = domus_test_sim_host_new ("{\"domains\": [{\"name\": \"a\"}]}", &clock);
  g_autoptr(DomusFleet) fleet = domus_fleet_new (local, "This computer", NULL);
  g_autofree char *dir = g_dir_make_tmp ("domus-fleet-XXXXXX", NULL);
  g_autofree char *pid_file = g_build_filename (dir, "agent.pid", NULL);
  g_autofree char *wrapper = g_build_filename (dir, "agent", NULL);
  g_autofree char *script = NULL;
  g_autofree char *config = domus_test_refused_config ("lab-9");
  g_auto(GStrv) addresses = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusFleetHost) first = NULL;
  DomusFleetHost *agent, *nowhere;

  /* "local" starts $DOMUS_AGENT: here, the real agent behind a script that
   * says its process id, to kill it later. */
  script = g_strdup_printf ("#!/bin/sh\necho $$ > %s\nexec %s \"$@\"\n", pid_file, g_getenv ("DOMUS_AGENT"));
  g_assert_true (g_file_set_contents (wrapper, script, -1, NULL));
  g_assert_cmpint (g_chmod (wrapper, 0755), ==, 0);
  g_setenv ("DOMUS_AGENT", wrapper, TRUE);
  /* "lab-9": a port of this computer where nothing listens. */
  domus_test_use_ssh_config (dir, config);

  /* This computer's, connected from the start. */
  g_assert_cmpuint (g_list_model_get_n_items (domus_fleet_get_hosts (fleet)), ==, 1);
  first = g_list_model_get_item (domus_fleet_get_hosts (fleet), 0);
  g_assert_cmpint (state_of (first), ==, DOMUS_FLEET_HOST_CONNECTED);
  g_assert_cmpstr (domus_fleet_host_get_title (first), ==, "This computer");
  g_assert_null (domus_fleet_host_get_address (first));
  g_assert_true (domus_fleet_host_get_host (first) == local);

  /* An agent: connecting, then connected, named after its host. */
  agent = domus_fleet_add (fleet, "local", &error);
  g_assert_no_error (error);
  g_assert_cmpint (state_of (agent), ==, DOMUS_FLEET_HOST_CONNECTING);
  g_assert_cmpstr (domus_fleet_host_get_title (agent), ==, "local");
  DOMUS_TEST_WAIT_UNTIL (state_of (agent) == DOMUS_FLEET_HOST_CONNECTED, 30);
  g_assert_cmpstr (domus_fleet_host_get_title (agent), ==, "xenlab");
  g_assert_true (domus_host_is_simulated (domus_fleet_host_get_host (agent)));
  DOMUS_TEST_WAIT_UNTIL (domus_host_is_ready (domus_fleet_host_get_host (agent)), 30);
  g_assert_nonnull (domus_host_lookup_domain_by_name (domus_fleet_host_get_host (agent), "debian10"));

  /* A host that cannot be reached: lost, with ssh's reason, and the others
   * go on. */
  nowhere = domus_fleet_add (fleet, "student@lab-9", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (domus_fleet_host_get_address (nowhere), ==, "ssh://student@lab-9");
  DOMUS_TEST_WAIT_UNTIL (state_of (nowhere) == DOMUS_FLEET_HOST_LOST, 30);
  g_test_message ("%s", domus_fleet_host_get_message (nowhere));
  g_assert_nonnull (strstr (domus_fleet_host_get_message (nowhere), "connection refused"));
  g_assert_null (domus_fleet_host_get_host (nowhere));
  g_assert_cmpint (state_of (agent), ==, DOMUS_FLEET_HOST_CONNECTED);

  /* Not twice, and only addresses. */
  g_assert_null (domus_fleet_add (fleet, " local ", &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==, "local is in the list already");
  g_clear_error (&error);
  g_assert_null (domus_fleet_add (fleet, "ssh://", &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  addresses = domus_fleet_dup_addresses (fleet);
  g_assert_cmpstrv (addresses, ((const char *[]) { "local", "ssh://student@lab-9", NULL }));
  g_clear_pointer (&addresses, g_strfreev);

  /* The agent killed: lost, with the reason; its next refresh starts it
   * again. */
  domus_test_kill_agent (pid_file);
  DOMUS_TEST_WAIT_UNTIL (state_of (agent) == DOMUS_FLEET_HOST_LOST, 30);
  g_assert_cmpstr (domus_fleet_host_get_message (agent), ==, "The connection to the agent ended");
  DOMUS_TEST_WAIT_UNTIL (state_of (agent) == DOMUS_FLEET_HOST_CONNECTED, 30);
  g_assert_null (domus_fleet_host_get_message (agent));

  /* Removed: gone from the list and what it keeps; this computer's stays. */
  domus_fleet_remove (fleet, nowhere);
  domus_fleet_remove (fleet, first);
  addresses = domus_fleet_dup_addresses (fleet);
  g_assert_cmpstrv (addresses, ((const char *[]) { "local", NULL }));
  g_assert_cmpuint (g_list_model_get_n_items (domus_fleet_get_hosts (fleet)), ==, 2);

  g_clear_object (&fleet);
  domus_test_remove_dir (dir);
}

static void
test_not_root (void)
{
  g_test_skip ("“local” starts the agent through pkexec when not root: run as root, as CI does");
}

/* A benchmark's migrate_to finds the host of the list the Migrate dialog
 * names the same way: by its ssh address's host, whoever logs in. */
static void
test_migrate_target (void)
{
  g_autoptr(DomusClock) clock = NULL;
  g_autoptr(DomusClock) other_clock = NULL;
  g_autoptr(DomusHost) local = domus_test_sim_host_new (NULL, &clock);
  g_autoptr(DomusHost) other = domus_test_sim_host_new (NULL, &other_clock);
  g_autoptr(DomusFleet) fleet = domus_fleet_new (local, "This computer", NULL);
  g_autoptr(GError) error = NULL;
  DomusFleetHost *lab_b;
  g_autofree char *name = NULL;

  lab_b = domus_fleet_add_connected (fleet, "root@lab-b:2222", other, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (domus_fleet_host_get_address (lab_b), ==, "ssh://root@lab-b:2222");
  g_assert_cmpint (state_of (lab_b), ==, DOMUS_FLEET_HOST_CONNECTED);
  g_assert_true (domus_fleet_host_get_host (lab_b) == other);
  name = domus_fleet_host_dup_migrate_name (lab_b);
  g_assert_cmpstr (name, ==, "lab-b");

  g_assert_true (domus_fleet_find_migrate_target (fleet, "lab-b") == lab_b);
  g_assert_true (domus_fleet_find_migrate_target (fleet, "admin@LAB-B") == lab_b);
  g_assert_null (domus_fleet_find_migrate_target (fleet, "lab-c"));
  /* This computer's has no name another host migrates to. */
  g_assert_null (domus_fleet_find_migrate_target (fleet, "xenlab"));
  g_assert_null (domus_fleet_add_connected (fleet, "ssh://root@lab-b:2222", other, &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fleet/hosts", geteuid () == 0 ? test_fleet : test_not_root);
  g_test_add_func ("/fleet/migrate-target", test_migrate_target);
  return g_test_run ();
}
