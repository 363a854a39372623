/* test-host.c: what DomusHost does with its backends' samples
 *
 * A scripted backend hands DomusHost samples written by the test, so the
 * arithmetic every backend shares is checked exactly: CPU% as xentop
 * computes it, arrivals and departures as items-changed, in-place updates,
 * history and error reporting.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "domus-error.h"
#include "domus-test-host.h"

/* A sample at @time_s with domains given as (id, cpu seconds) pairs. */
static DomusHostSample *
make_sample (double time_s,
             guint  n_domains,
             ...)
{
  DomusHostSample *sample = domus_host_sample_new (2);
  va_list args;

  sample->time_us = (gint64) (time_s * G_USEC_PER_SEC);
  sample->free_memory_kib = 1024 * 1024;
  sample->pcpu_busy_ns[0] = (guint64) (time_s * 0.5e9);
  sample->pcpu_busy_ns[1] = (guint64) (time_s * 1e9);

  va_start (args, n_domains);
  for (guint i = 0; i < n_domains; i++)
    {
      guint id = va_arg (args, guint);
      double cpu_s = va_arg (args, double);
      g_autofree char *name = g_strdup_printf ("dom%u", id);
      DomusDomainSample *d = domus_test_sample_add_domain (sample, id, name, 2);

      d->cpu_time_ns = (guint64) (cpu_s * 1e9);
      /* vCPU 0 does all the work, vCPU 1 none. */
      g_array_index (d->vcpus, DomusVcpuSample, 0).time_ns = d->cpu_time_ns;
      g_array_index (d->vcpus, DomusVcpuSample, 0).affinity = g_intern_static_string ("0");
    }
  va_end (args);
  return sample;
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  GString    *log)
{
  g_string_append_printf (log, "%s%u-%u+%u", log->len ? " " : "", position, removed, added);
}

/* Xen 4.17 on two pCPUs and 4 GiB, with credit. */
static DomusTestHost *
host_new (DomusClock *clock)
{
  return domus_test_host_new (clock, "4.17.0", 2, 4 * 1024 * 1024, DOMUS_SCHEDULER_CREDIT);
}

static DomusDomain *
domain_at (DomusHost *host,
           guint      i)
{
  g_autoptr(DomusDomain) domain = g_list_model_get_item (domus_host_get_domains (host), i);
  return domain;  /* the host's list keeps it alive */
}

/* Lazy domains (domus-agent's host): samples reach the domains only when
 * someone looks, the last one then, its rates over the time since the one
 * they showed before. */
static void
test_lazy_domains (void)
{
  g_autoptr(DomusClock) clock = domus_clock_new_manual ();
  g_autoptr(DomusTestHost) self = host_new (clock);
  DomusHost *host = DOMUS_HOST (self);
  g_autoptr(GString) log = g_string_new (NULL);
  GListModel *domains;

  domus_test_host_answer_sample (self, make_sample (0, 1, 0u, 0.0));
  domus_test_host_answer_sample (self, make_sample (1, 1, 0u, 0.5));
  domus_test_host_answer_sample (self, make_sample (2, 2, 0u, 1.0, 5u, 0.0));
  domus_test_host_answer_sample (self, make_sample (3, 2, 0u, 2.0, 5u, 0.25));
  domus_test_host_answer_sample (self, make_sample (4, 2, 0u, 2.5, 5u, 0.25));

  _domus_host_set_lazy_domains (host, TRUE);
  domains = domus_host_get_domains (host);
  g_signal_connect (domains, "items-changed", G_CALLBACK (items_changed_cb), log);
  _domus_host_start (host);
  domus_clock_advance (clock, G_USEC_PER_SEC);
  /* Two samples in, none applied: the list has not moved. */
  g_assert_true (domus_host_is_ready (host));
  g_assert_cmpstr (log->str, ==, "");

  /* Looked up: the last sample, the domains' first (no rate yet). */
  g_assert_nonnull (domus_host_lookup_domain_by_id (host, 0));
  g_assert_cmpstr (log->str, ==, "0-0+1");
  g_assert_cmpfloat (domus_domain_get_cpu_percent (domain_at (host, 0)), ==, 0.0);

  domus_clock_advance (clock, G_USEC_PER_SEC);
  g_assert_cmpstr (log->str, ==, "0-0+1");
  g_assert_cmpuint (g_list_model_get_n_items (domus_host_get_domains (host)), ==, 2);
  g_assert_cmpstr (log->str, ==, "0-0+1 1-0+1");
  g_assert_cmpfloat_with_epsilon (domus_domain_get_cpu_percent (domain_at (host, 0)), 50.0, 1e-9);
  /* Looked at again at the same tick: nothing waits, nothing moves. */
  g_assert_cmpfloat_with_epsilon (domus_domain_get_cpu_percent (domain_at (host, 0)), 50.0, 1e-9);

  domus_clock_advance (clock, G_USEC_PER_SEC);
  g_assert_cmpfloat_with_epsilon (domus_domain_get_cpu_percent (domain_at (host, 0)), 100.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (domus_domain_get_cpu_percent (domain_at (host, 1)), 25.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (domus_series_get_last (domus_domain_get_series (domain_at (host, 0)),
                                                         DOMUS_DOMAIN_SERIES_CPU), 100.0, 0.01);

  /* Eager again: each sample reaches the domains as it comes. */
  _domus_host_set_lazy_domains (host, FALSE);
  domus_clock_advance (clock, G_USEC_PER_SEC);
  g_signal_handlers_disconnect_by_func (domains, items_changed_cb, log);
  g_assert_cmpfloat_with_epsilon (domus_domain_get_cpu_percent (domain_at (host, 0)), 50.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (domus_domain_get_cpu_percent (domain_at (host, 1)), 0.0, 1e-9);
  g_assert_cmpuint (domus_test_host_get_n_refreshes (self), ==, 5);
}

static void
test_items_changed (void)
{
  g_autoptr(DomusClock) clock = domus_clock_new_manual ();
  g_autoptr(DomusTestHost) self = host_new (clock);
  DomusHost *host = DOMUS_HOST (self);
  g_autoptr(GString) log = g_string_new (NULL);
  DomusDomain *dom1;

  domus_test_host_answer_sample (self, make_sample (0, 2, 0u, 0.0, 1u, 0.0));
  domus_test_host_answer_sample (self, make_sample (1, 3, 0u, 0.5, 1u, 1.0, 5u, 0.0));
  domus_test_host_answer_sample (self, make_sample (2, 3, 0u, 1.0, 3u, 0.0, 5u, 0.25));
  domus_test_host_answer_sample (self, make_sample (3, 1, 3u, 0.0));

  g_signal_connect (domus_host_get_domains (host), "items-changed",
                    G_CALLBACK (items_changed_cb), log);

  g_assert_false (domus_host_is_ready (host));
  _domus_host_start (host);
  g_assert_true (domus_host_is_ready (host));
  g_assert_cmpstr (log->str, ==, "0-0+1 1-0+1");
  dom1 = domain_at (host, 1);
  g_assert_cmpstr (domus_domain_get_name (dom1), ==, "dom1");
  g_assert_cmpfloat (domus_domain_get_cpu_percent (dom1), ==, 0.0);

  /* One second later: dom5 arrives; dom1 updated in place at 100%. */
  domus_clock_advance (clock, G_USEC_PER_SEC);
  g_assert_cmpstr (log->str, ==, "0-0+1 1-0+1 2-0+1");
  g_assert_true (domain_at (host, 1) == dom1);
  g_assert_cmpfloat_with_epsilon (domus_domain_get_cpu_percent (dom1), 100.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (domus_domain_get_cpu_percent (domain_at (host, 0)), 50.0, 1e-9);
  {
    DomusVcpu *vcpu0 = g_list_model_get_item (domus_domain_get_vcpus (dom1), 0);
    g_assert_cmpfloat_with_epsilon (domus_vcpu_get_cpu_percent (vcpu0), 100.0, 1e-9);
    g_assert_cmpstr (domus_vcpu_get_affinity (vcpu0), ==, "0");
    g_object_unref (vcpu0);
  }

  /* dom1 leaves, dom3 arrives between dom0 and dom5. */
  domus_clock_advance (clock, G_USEC_PER_SEC);
  g_assert_cmpstr (log->str, ==, "0-0+1 1-0+1 2-0+1 1-1+0 1-0+1");
  g_assert_cmpfloat_with_epsilon (domus_domain_get_cpu_percent (domain_at (host, 2)), 25.0, 1e-9);

  /* Only dom3 is left. */
  domus_clock_advance (clock, G_USEC_PER_SEC);
  g_assert_cmpstr (log->str, ==, "0-0+1 1-0+1 2-0+1 1-1+0 1-0+1 0-1+0 1-1+0");
  g_assert_cmpuint (g_list_model_get_n_items (domus_host_get_domains (host)), ==, 1);
  g_assert_cmpuint (domus_test_host_get_n_refreshes (self), ==, 4);

  /* Host history: pCPU 0 is half busy, pCPU 1 fully. */
  g_assert_cmpfloat_with_epsilon (domus_series_get_last (domus_host_get_series (host),
                                                         DOMUS_HOST_SERIES_PCPU0), 50.0, 0.01);
  g_assert_cmpfloat_with_epsilon (domus_series_get_last (domus_host_get_series (host),
                                                         DOMUS_HOST_SERIES_PCPU0 + 1), 100.0, 0.01);
}

static void
test_reused_id (void)
{
  g_autoptr(DomusClock) clock = domus_clock_new_manual ();
  g_autoptr(DomusTestHost) self = host_new (clock);
  DomusHost *host = DOMUS_HOST (self);
  g_autoptr(GString) log = g_string_new (NULL);
  DomusHostSample *second = make_sample (1, 1, 7u, 3.0);

  /* Same id, another uuid: a new domain, not a jump in CPU time. */
  g_free (((DomusDomainSample *) second->domains->pdata[0])->uuid);
  ((DomusDomainSample *) second->domains->pdata[0])->uuid = g_strdup ("another");
  domus_test_host_answer_sample (self, make_sample (0, 1, 7u, 0.0));
  domus_test_host_answer_sample (self, second);
  g_signal_connect (domus_host_get_domains (host), "items-changed",
                    G_CALLBACK (items_changed_cb), log);

  _domus_host_start (host);
  domus_clock_advance (clock, G_USEC_PER_SEC);
  g_assert_cmpstr (log->str, ==, "0-0+1 0-1+0 0-0+1");
  g_assert_cmpstr (domus_domain_get_uuid (domain_at (host, 0)), ==, "another");
  g_assert_cmpfloat (domus_domain_get_cpu_percent (domain_at (host, 0)), ==, 0.0);
}

static void
test_history_and_errors (void)
{
  g_autoptr(DomusClock) clock = domus_clock_new_manual ();
  g_autoptr(DomusTestHost) self = host_new (clock);
  DomusHost *host = DOMUS_HOST (self);
  DomusSeries *series;
  DomusDomain *dom0;

  domus_test_host_answer_sample (self, make_sample (0, 1, 0u, 0.0));
  domus_test_host_answer_sample (self, make_sample (1, 1, 0u, 0.3));
  domus_test_host_answer_error (self, g_error_new (DOMUS_ERROR, DOMUS_ERROR_HYPERCALL, "xenstat: gone"));
  domus_test_host_answer_sample (self, make_sample (3, 1, 0u, 1.5));

  _domus_host_start (host);
  dom0 = domain_at (host, 0);
  series = domus_domain_get_series (dom0);
  domus_clock_advance (clock, G_USEC_PER_SEC);
  g_assert_null (domus_host_get_error (host));

  domus_clock_advance (clock, G_USEC_PER_SEC);
  g_assert_error (domus_host_get_error (host), DOMUS_ERROR, DOMUS_ERROR_HYPERCALL);
  /* The failed refresh kept the domains as they were. */
  g_assert_cmpuint (g_list_model_get_n_items (domus_host_get_domains (host)), ==, 1);

  domus_clock_advance (clock, G_USEC_PER_SEC);
  g_assert_null (domus_host_get_error (host));
  /* 1.2 s of CPU over the 2 s since the last good sample. */
  g_assert_cmpfloat_with_epsilon (domus_domain_get_cpu_percent (dom0), 60.0, 1e-9);

  g_assert_cmpuint (domus_series_get_n_samples (series), ==, 3);
  /* No rate at the first sample: a gap, not a 0. */
  g_assert_true (isnan (domus_series_get_value (series, DOMUS_DOMAIN_SERIES_CPU, 0)));
  g_assert_true (isnan (domus_series_get_value (series, DOMUS_DOMAIN_SERIES_VCPU0, 0)));
  g_assert_cmpfloat_with_epsilon (domus_series_get_value (series, DOMUS_DOMAIN_SERIES_MEMORY, 0),
                                  512.0, 0.1);
  g_assert_cmpfloat_with_epsilon (domus_series_get_value (series, DOMUS_DOMAIN_SERIES_CPU, 1),
                                  30.0, 0.01);
  g_assert_cmpfloat_with_epsilon (domus_series_get_value (series, DOMUS_DOMAIN_SERIES_MEMORY, 2),
                                  512.0, 0.1);
  g_assert_cmpfloat_with_epsilon (domus_series_get_value (series, DOMUS_DOMAIN_SERIES_VCPU0, 2),
                                  60.0, 0.5);
}

/* A console path comes from xenstore, which a guest may be able to write,
 * and the Console view and the console watch open it: the domain reports
 * only a pty, /dev/pts/N, and drops anything else. */
static void
test_console_path (void)
{
  static const struct
  {
    const char *path;
    gboolean    taken;
  } cases[] = {
    { "/dev/pts/3", TRUE },
    { "/etc/shadow", FALSE },
    { "/dev/pts/12345", TRUE },
    { "/dev/pts/", FALSE },
    { "/dev/pts/3/../../sda", FALSE },
    { "/dev/pts/../sda", FALSE },
    { "/dev/pts/1 ", FALSE },
    { "/dev/pts/-1", FALSE },
    { "/dev/pts/+1", FALSE },
    { "/dev/pts/1a", FALSE },
    { "/dev/pts/99999999999999999999", FALSE },
    { "/dev/ptsx/1", FALSE },
    { "dev/pts/1", FALSE },
    { "/dev/tty1", FALSE },
    { "/dev/sda", FALSE },
    { "/dev/pts/0", TRUE },
  };
  g_autoptr(DomusClock) clock = domus_clock_new_manual ();
  g_autoptr(DomusTestHost) self = host_new (clock);
  DomusHost *host = DOMUS_HOST (self);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      DomusHostSample *sample = make_sample (i, 1, 4u, 0.0);
      DomusDomainSample *d = g_ptr_array_index (sample->domains, 0);

      d->console_path = g_strdup (cases[i].path);
      domus_test_host_answer_sample (self, sample);
    }
  _domus_host_start (host);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i].path);
      g_assert_cmpstr (domus_domain_get_console_path (domain_at (host, 0)), ==,
                       cases[i].taken ? cases[i].path : NULL);
      if (i + 1 < G_N_ELEMENTS (cases))
        domus_clock_advance (clock, G_USEC_PER_SEC);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/host/items-changed", test_items_changed);
  g_test_add_func ("/host/lazy-domains", test_lazy_domains);
  g_test_add_func ("/host/reused-id", test_reused_id);
  g_test_add_func ("/host/history-and-errors", test_history_and_errors);
  g_test_add_func ("/host/console-path", test_console_path);

  return g_test_run ();
}
