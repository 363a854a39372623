/* test-domain-follower.c: one guest, by name, across reboots
 *
 * On the simulated host: a reboot makes a new domain of the same name,
 * which the follower takes; a destroyed guest leaves none, until a domain
 * of its name is created again; another domain of the same name beside the
 * followed one changes nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>

#include "domus-domain-follower.h"
#include "domus-test-utils.h"

static const char scene_json[] =
  "{\"host\": {\"pcpus\": 2},"
  " \"domains\": [{\"name\": \"web\"}, {\"name\": \"db\"}]}";

/* Whether @follower follows a domain other than @old (NULL: none at all). */
static gboolean
follows_another (DomusDomainFollower *follower,
                 DomusDomain         *old)
{
  DomusDomain *now = domus_domain_follower_get_domain (follower);

  return old != NULL ? now != NULL && now != old : now == NULL;
}

static void
test_follow (void)
{
  g_autoptr(DomusClock) clock = NULL;
  g_autoptr(DomusHost) host = domus_test_sim_host_new (scene_json, &clock);
  g_autoptr(DomusDomainFollower) follower = domus_domain_follower_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusDomain) web = g_object_ref (domus_host_lookup_domain_by_name (host, "web"));
  DomusDomain *db = domus_host_lookup_domain_by_name (host, "db");
  DomusDomain *rebooted;
  guint replaced = 0;

  g_signal_connect_swapped (follower, "replaced", G_CALLBACK (domus_test_count_cb), &replaced);
  g_assert_null (domus_domain_follower_get_name (follower));

  /* Another guest each time the name changes; not for the same one. */
  g_assert_true (domus_domain_follower_set_target (follower, host, web));
  g_assert_false (domus_domain_follower_set_target (follower, host, web));
  g_assert_cmpstr (domus_domain_follower_get_name (follower), ==, "web");
  g_assert_true (domus_domain_follower_get_host (follower) == host);
  g_assert_true (domus_domain_follower_set_target (follower, host, db));
  g_assert_true (domus_domain_follower_set_target (follower, host, web));
  g_assert_true (domus_domain_follower_get_domain (follower) == web);
  g_assert_cmpuint (replaced, ==, 0);

  /* A reboot: a new domain of the name takes the old one's place. */
  domus_test_run_request (host, clock, domus_request_new_for_domain (DOMUS_REQUEST_REBOOT, web), &error);
  g_assert_no_error (error);
  DOMUS_TEST_STEP_UNTIL (clock, follows_another (follower, web), 60);
  /* (Between the two, while the old one is gone and the new one not yet
   * there, it may have followed none.) */
  g_assert_cmpuint (replaced, >=, 1);
  rebooted = domus_domain_follower_get_domain (follower);
  g_assert_nonnull (rebooted);
  g_assert_true (rebooted != web);
  g_assert_true (rebooted == domus_host_lookup_domain_by_name (host, "web"));
  g_assert_cmpuint (domus_domain_get_id (rebooted), !=, domus_domain_get_id (web));
  g_assert_cmpstr (domus_domain_follower_get_name (follower), ==, "web");

  /* Destroyed: none, and the name stays, for when it comes back. */
  replaced = 0;
  domus_test_run_request (host, clock, domus_request_new_for_domain (DOMUS_REQUEST_DESTROY, rebooted), &error);
  g_assert_no_error (error);
  DOMUS_TEST_STEP_UNTIL (clock, follows_another (follower, NULL), 60);
  g_assert_cmpuint (replaced, ==, 1);
  g_assert_null (domus_domain_follower_get_domain (follower));
  g_assert_cmpstr (domus_domain_follower_get_name (follower), ==, "web");

  /* Other changes to the list (db destroyed) are not the followed guest's. */
  domus_test_run_request (host, clock, domus_request_new_for_domain (DOMUS_REQUEST_DESTROY, db), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (replaced, ==, 1);

  /* Letting go: nothing followed, and nothing more is told. */
  g_assert_true (domus_domain_follower_set_target (follower, NULL, NULL));
  g_assert_null (domus_domain_follower_get_name (follower));
  g_assert_null (domus_domain_follower_get_host (follower));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/domain-follower/follow", test_follow);

  return g_test_run ();
}
