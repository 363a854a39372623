/* test-live-setting.c: DomusLiveSetting without a display
 *
 * One value of a domain as a control shows it: debounced while it changes,
 * sent at once on commit, never twice, one request at a time, back to the
 * host's value on a refusal, and following the host when the user is not
 * changing it. Run against the simulated host on a manual clock; the waits
 * are for the host's answers (its "request-completed" signal).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>

#include "domus-error.h"
#include "domus-live-setting.h"
#include "domus-test-utils.h"

static const char scene_json[] =
  "{\"host\": {\"pcpus\": 2},"
  " \"domains\": [{\"name\": \"web\", \"vcpus\": 2, \"weight\": 256, \"workload\": {\"kind\": \"cpu\"}}]}";

typedef struct
{
  DomusClock       *clock;
  DomusHost        *host;
  DomusDomain      *web;
  DomusLiveSetting *weight;
  guint             n_requests;   /* answered by the host */
  guint             n_notify;     /* "notify::value" of the setting */
  GError           *failed;       /* what "failed" carried */
} Fixture;

static void
request_completed_cb (Fixture *f)
{
  f->n_requests++;
}

static void
notify_value_cb (Fixture *f)
{
  f->n_notify++;
}

static void
failed_cb (DomusLiveSetting *setting,
           const GError     *error,
           Fixture          *f)
{
  g_clear_error (&f->failed);
  f->failed = g_error_copy (error);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->host = domus_test_sim_host_new (scene_json, &f->clock);
  f->web = domus_host_lookup_domain_by_name (f->host, "web");
  g_assert_nonnull (f->web);
  g_signal_connect_swapped (f->host, "request-completed", G_CALLBACK (request_completed_cb), f);
  f->weight = domus_live_setting_new (f->host, f->web, DOMUS_LIVE_WEIGHT, 0);
  g_signal_connect_swapped (f->weight, "notify::value", G_CALLBACK (notify_value_cb), f);
  g_signal_connect (f->weight, "failed", G_CALLBACK (failed_cb), f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  /* Nothing may be waiting: its timeout would hold the setting. */
  g_assert_false (domus_live_setting_is_busy (f->weight));
  g_clear_object (&f->weight);
  g_clear_object (&f->host);
  g_clear_object (&f->clock);
  g_clear_error (&f->failed);
}

/* Another client changes the weight, as `xl sched-credit` would. */
static void
set_weight_elsewhere (Fixture *f,
                      int      weight)
{
  g_autoptr(GError) error = NULL;
  DomusRequest *request = domus_request_new_for_domain (DOMUS_REQUEST_SCHEDULER, f->web);

  request->weight = weight;
  request->cap = -1;
  domus_test_run_request (f->host, f->clock, request, &error);
  g_assert_no_error (error);
}

/* The control starts at the host's value. */
static void
test_initial (Fixture       *f,
              gconstpointer  data)
{
  g_assert_cmpint (domus_live_setting_get_value (f->weight), ==, 256);
  g_assert_cmpint (domus_live_setting_get_host_value (f->weight), ==, 256);
  g_assert_true (domus_live_setting_get_domain (f->weight) == f->web);
  g_assert_false (domus_live_setting_is_busy (f->weight));
}

/* Changes wait for the debounce, and only the last one is sent, once. */
static void
test_debounce (Fixture       *f,
               gconstpointer  data)
{
  domus_live_setting_change (f->weight, 300);
  domus_live_setting_change (f->weight, 400);
  domus_live_setting_change (f->weight, 512);
  g_assert_cmpuint (f->n_notify, ==, 3);
  g_assert_cmpint (domus_live_setting_get_value (f->weight), ==, 512);
  g_assert_true (domus_live_setting_is_busy (f->weight));
  /* Nothing goes before the debounce: the host still has the old value. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (f->n_requests, ==, 0);
  g_assert_cmpint (domus_domain_get_weight (f->web), ==, 256);

  DOMUS_TEST_WAIT_UNTIL (f->n_requests == 1, 10);
  g_assert_cmpint (domus_domain_get_weight (f->web), ==, 512);
  DOMUS_TEST_WAIT_UNTIL (!domus_live_setting_is_busy (f->weight), 10);

  /* Nothing twice: committing what the host has sends nothing. */
  domus_live_setting_commit (f->weight);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (f->n_requests, ==, 1);
  g_assert_cmpuint (f->n_notify, ==, 3);
}

/* A commit sends at once; the debounce it overtook sends nothing more. */
static void
test_commit (Fixture       *f,
             gconstpointer  data)
{
  gboolean debounce_over = FALSE;

  domus_live_setting_change (f->weight, 1024);
  domus_live_setting_commit (f->weight);
  g_assert_true (domus_live_setting_is_busy (f->weight));
  DOMUS_TEST_WAIT_UNTIL (f->n_requests == 1, 10);
  g_assert_cmpint (domus_domain_get_weight (f->web), ==, 1024);
  g_assert_false (domus_live_setting_is_busy (f->weight));

  /* Past the moment the debounce would have fired: still one request. */
  g_timeout_add (DOMUS_LIVE_SETTING_DELAY_MS + 50, domus_test_flag_cb, &debounce_over);
  DOMUS_TEST_WAIT_UNTIL (debounce_over, 10);
  g_assert_cmpuint (f->n_requests, ==, 1);
}

/* One request at a time: a value committed while one is on its way follows
 * when it is answered, and the host ends with the last. */
static void
test_one_at_a_time (Fixture       *f,
                    gconstpointer  data)
{
  domus_live_setting_change (f->weight, 600);
  domus_live_setting_commit (f->weight);
  domus_live_setting_change (f->weight, 700);
  domus_live_setting_commit (f->weight);
  g_assert_cmpuint (f->n_requests, ==, 0);
  DOMUS_TEST_WAIT_UNTIL (f->n_requests == 2, 10);
  g_assert_cmpint (domus_domain_get_weight (f->web), ==, 700);
  g_assert_cmpint (domus_live_setting_get_value (f->weight), ==, 700);
  g_assert_false (domus_live_setting_is_busy (f->weight));
}

/* A refusal: "failed" with the host's words, and the control back to the
 * host's value, notified once. */
static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  domus_live_setting_change (f->weight, 0);
  domus_live_setting_commit (f->weight);
  DOMUS_TEST_WAIT_UNTIL (f->failed != NULL, 10);
  g_assert_error (f->failed, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT);
  g_test_message ("refused: %s", f->failed->message);
  g_assert_cmpint (domus_live_setting_get_value (f->weight), ==, 256);
  g_assert_cmpint (domus_domain_get_weight (f->web), ==, 256);
  g_assert_cmpuint (f->n_notify, ==, 2);   /* to 0, and back */
  g_assert_false (domus_live_setting_is_busy (f->weight));
}

/* The control follows the host while the user leaves it alone, not while
 * it is held; releasing catches up with the host. */
static void
test_follows_host (Fixture       *f,
                   gconstpointer  data)
{
  set_weight_elsewhere (f, 128);
  g_assert_cmpint (domus_live_setting_get_value (f->weight), ==, 128);
  g_assert_cmpuint (f->n_notify, ==, 1);

  domus_live_setting_hold (f->weight, TRUE);
  g_assert_true (domus_live_setting_is_busy (f->weight));
  set_weight_elsewhere (f, 2048);
  g_assert_cmpint (domus_live_setting_get_value (f->weight), ==, 128);
  g_assert_cmpint (domus_live_setting_get_host_value (f->weight), ==, 2048);

  /* Released without a change: nothing sent, the host's value shown. */
  domus_live_setting_hold (f->weight, FALSE);
  g_assert_false (domus_live_setting_is_busy (f->weight));
  g_assert_cmpint (domus_live_setting_get_value (f->weight), ==, 2048);
  g_assert_cmpuint (f->n_notify, ==, 2);
  g_assert_cmpuint (f->n_requests, ==, 2);   /* the two made elsewhere */
}

/* The other kinds read and send their own values. */
static void
test_kinds (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(DomusLiveSetting) vcpus = domus_live_setting_new (f->host, f->web, DOMUS_LIVE_VCPUS, 0);
  g_autoptr(DomusLiveSetting) pin = domus_live_setting_new (f->host, f->web, DOMUS_LIVE_PIN, 1);
  g_autoptr(DomusLiveSetting) cap = domus_live_setting_new (f->host, f->web, DOMUS_LIVE_CAP, 0);

  g_assert_cmpint (domus_live_setting_get_value (vcpus), ==, 2);
  g_assert_cmpint (domus_live_setting_get_value (pin), ==, 0x3);   /* both pCPUs */
  g_assert_cmpint (domus_live_setting_get_value (cap), ==, 0);

  domus_live_setting_change (vcpus, 1);
  domus_live_setting_commit (vcpus);
  domus_live_setting_change (pin, 0x2);
  domus_live_setting_commit (pin);
  domus_live_setting_change (cap, 50);
  domus_live_setting_commit (cap);
  DOMUS_TEST_WAIT_UNTIL (f->n_requests == 3, 10);
  g_assert_cmpuint (domus_domain_get_vcpus_online (f->web), ==, 1);
  g_assert_cmpint (domus_domain_get_cap (f->web), ==, 50);
  g_assert_cmpint (domus_live_setting_get_host_value (pin), ==, 0x2);
  g_assert_false (domus_live_setting_is_busy (vcpus));
  g_assert_false (domus_live_setting_is_busy (pin));
  g_assert_false (domus_live_setting_is_busy (cap));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/live-setting/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("initial", test_initial);
  ADD ("debounce", test_debounce);
  ADD ("commit", test_commit);
  ADD ("one-at-a-time", test_one_at_a_time);
  ADD ("refused", test_refused);
  ADD ("follows-host", test_follows_host);
  ADD ("kinds", test_kinds);
#undef ADD

  return g_test_run ();
}
