/* domus-bench-runner-workload.c: a workload benchmark's steps
 *
 * Native runs of the command on this host, a scenario's settings applied
 * one request after another, and runs in every workload domain at once:
 * the command over SSH, scored from its output against native, or, with
 * no command, each domain's share of CPU time over the run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-bench-runner"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "domus-bench-runner-private.h"
#include "domus-cpulist.h"
#include "domus-error.h"
#include "domus-process-run.h"
#include "domus-ssh-command.h"

/* What a message quotes of a failed command's output, at most. */
#define OUTPUT_TAIL_BYTES 300

/* Workloads: apply a scenario's settings, one request after another. */

static void send_next_setting (DomusBenchRunner *self);

static void
setting_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(DomusBenchRunner) self = user_data;
  g_autoptr(GError) error = NULL;

  if (domus_host_request_finish (self->host, result, &error) < 0 && self->apply_error == NULL)
    self->apply_error = g_strdup (error->message);
  send_next_setting (self);
}

static void
send_next_setting (DomusBenchRunner *self)
{
  DomusRequest *request = g_queue_pop_head (&self->pending);
  Step *step = g_queue_peek_head (&self->plan);
  DomusBenchResult record = { "apply", 0, 0, 0, NAN, NULL, NULL, NULL, NAN, NAN, NAN, FALSE };

  if (request != NULL)
    {
      domus_host_request_async (self->host, request, g_task_get_cancellable (self->task),
                                setting_done_cb, g_object_ref (self));
      return;
    }

  record.scenario = step->scenario->name;
  record.error = self->apply_error;
  self->scenario_failed = self->apply_error != NULL;
  _domus_bench_runner_add_result (self, &record);
  g_clear_pointer (&self->apply_error, g_free);
  _domus_bench_runner_finish_step (self);
}

void
_domus_bench_runner_start_apply (DomusBenchRunner *self,
                                 Step             *step)
{
  guint n_pcpus = domus_host_get_n_pcpus (self->host);

  for (guint i = 0; i < step->scenario->settings->len; i++)
    {
      DomusBenchSetting *setting = g_ptr_array_index (step->scenario->settings, i);
      DomusDomain *domain = domus_host_lookup_domain_by_name (self->host, setting->domain);
      g_autoptr(GError) error = NULL;
      DomusRequest *request;
      guint64 mask;

      if (domain == NULL)
        {
          if (self->apply_error == NULL)
            self->apply_error = g_strdup_printf (_("no domain named “%s”"), setting->domain);
          continue;
        }
      if (setting->weight >= 0 || setting->cap >= 0)
        {
          request = domus_request_new_for_domain (DOMUS_REQUEST_SCHEDULER, domain);
          request->weight = setting->weight;
          request->cap = setting->cap;
          g_queue_push_tail (&self->pending, request);
        }
      if (setting->vcpus >= 0)
        {
          request = domus_request_new_for_domain (DOMUS_REQUEST_VCPUS, domain);
          request->vcpus = setting->vcpus;
          g_queue_push_tail (&self->pending, request);
        }
      if (setting->pin != NULL)
        {
          if (!domus_cpulist_parse (setting->pin, n_pcpus, &mask, &error))
            {
              if (self->apply_error == NULL)
                self->apply_error = g_strdup (error->message);
              continue;
            }
          request = domus_request_new_for_domain (DOMUS_REQUEST_PIN, domain);
          request->affinity = mask;
          g_queue_push_tail (&self->pending, request);
        }
    }
  send_next_setting (self);
}

/* Workloads: one run, measured after a second to settle. */

static gboolean
run_finished_cb (gpointer data)
{
  DomusBenchRunner *self = data;
  Step *step = g_queue_peek_head (&self->plan);
  double seconds = self->spec->seconds;

  self->run_timer = 0;
  if (g_task_return_error_if_cancelled (self->task))
    {
      g_clear_object (&self->task);
      return G_SOURCE_REMOVE;
    }

  for (guint i = 0; self->spec->workload_domains[i] != NULL; i++)
    {
      const char *name = self->spec->workload_domains[i];
      DomusDomain *domain = domus_host_lookup_domain_by_name (self->host, name);
      DomusBenchResult record = { "run", 0, step->repetition, 0, seconds, NULL,
                                  step->scenario->name, name, NAN, NAN, NAN, FALSE };

      if (domain == NULL || g_array_index (self->start_cpu_ns, guint64, i) == G_MAXUINT64)
        record.error = _("the domain was not there for the whole run");
      else
        {
          guint64 used = domus_domain_get_cpu_time (domain) - g_array_index (self->start_cpu_ns, guint64, i);
          guint vcpus = MAX (domus_domain_get_vcpus_online (domain), 1);

          record.share = used / (seconds * 1e7);
          record.percent_of_native = MIN (record.share / vcpus, 100.0);
          record.score = self->spec->native * record.percent_of_native / 100.0;
          record.sla_met = record.percent_of_native >= self->spec->sla_percent;
        }
      _domus_bench_runner_add_result (self, &record);
    }

  _domus_bench_runner_finish_step (self);
  return G_SOURCE_REMOVE;
}

static gboolean
run_settled_cb (gpointer data)
{
  DomusBenchRunner *self = data;
  DomusClock *clock = domus_host_get_clock (self->host);

  if (g_task_return_error_if_cancelled (self->task))
    {
      self->run_timer = 0;
      g_clear_object (&self->task);
      return G_SOURCE_REMOVE;
    }

  g_array_set_size (self->start_cpu_ns, 0);
  for (guint i = 0; self->spec->workload_domains[i] != NULL; i++)
    {
      DomusDomain *domain = domus_host_lookup_domain_by_name (self->host, self->spec->workload_domains[i]);
      guint64 start = domain != NULL ? domus_domain_get_cpu_time (domain) : G_MAXUINT64;

      g_array_append_val (self->start_cpu_ns, start);
    }
  self->run_timer = domus_clock_add_timer (clock, (gint64) self->spec->seconds * G_USEC_PER_SEC,
                                           run_finished_cb, self, NULL);
  return G_SOURCE_REMOVE;
}

/* Workloads over SSH: the command in every domain at once, scored from
 * its output against native. */

/* The score in @output, a command's output whose first @dropped bytes
 * were not kept. */
static gboolean
score_of (DomusBenchRunner  *self,
          const char        *output,
          guint64            dropped,
          double            *score,
          GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *kept = NULL, *all = NULL;

  if (domus_ssh_parse_score (output, self->spec->score_regex, score, &local_error))
    return TRUE;
  if (dropped == 0)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  kept = g_format_size_full (DOMUS_PROCESS_OUTPUT_MAX, G_FORMAT_SIZE_IEC_UNITS);
  all = g_format_size_full (dropped + strlen (output), G_FORMAT_SIZE_IEC_UNITS);
  /* TRANSLATORS: why no score was found, then two sizes, such as "1.0 MiB" and "400.0 MiB" */
  g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED,
               _("%s (only the last %s of the output, %s in all, was kept and searched)"),
               local_error->message, kept, all);
  return FALSE;
}

/* @score as a percentage of native, or why it cannot be one. */
static char *
percent_of_native (DomusBenchRunner *self,
                   double            score,
                   double           *percent)
{
  if (!self->spec->higher_is_better && score <= 0)
    /* TRANSLATORS: %g is the score a run printed */
    return g_strdup_printf (_("the score %g cannot be compared with native: when lower is better "
                              "(“higher_is_better”: false), a score must be above 0"), score);
  *percent = self->spec->higher_is_better ? 100.0 * score / self->spec->native
                                          : 100.0 * self->spec->native / score;
  if (!isfinite (*percent))
    {
      *percent = NAN;
      /* TRANSLATORS: the score a run printed, then the native score */
      return g_strdup_printf (_("the score %g is too far from native (%g) to be a percentage "
                                "of it"), score, self->spec->native);
    }
  return NULL;
}

typedef struct
{
  DomusBenchRunner *self;
  guint             index;
} SshRun;

static void
ssh_all_done (DomusBenchRunner *self)
{
  Step *step = g_queue_peek_head (&self->plan);
  double seconds = (g_get_monotonic_time () - self->command_start_us) / 1e6;

  for (guint i = 0; self->spec->workload_domains[i] != NULL; i++)
    {
      DomusBenchResult record = { "run", 0, step->repetition, 0, seconds, NULL, step->scenario->name,
                                  self->spec->workload_domains[i], NAN, NAN, NAN, FALSE };
      double score = g_array_index (self->ssh_scores, double, i);
      g_autofree char *message = NULL;

      if (g_ptr_array_index (self->ssh_errors, i) != NULL)
        record.error = g_ptr_array_index (self->ssh_errors, i);
      else if (!(message = percent_of_native (self, score, &record.percent_of_native)))
        {
          record.score = score;
          record.sla_met = record.percent_of_native >= self->spec->sla_percent;
        }
      else
        {
          record.score = score;
          record.error = message;
        }
      _domus_bench_runner_add_result (self, &record);
    }
  _domus_bench_runner_finish_step (self);
}

static void
ssh_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autofree SshRun *run = user_data;
  g_autoptr(DomusBenchRunner) self = run->self;
  DomusSshCommand *ssh = DOMUS_SSH_COMMAND (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *output = domus_ssh_command_run_finish (ssh, result, &error);

  if (output == NULL
      || !score_of (self, output, domus_ssh_command_get_output_dropped (ssh),
                    &g_array_index (self->ssh_scores, double, run->index), &error))
    g_ptr_array_index (self->ssh_errors, run->index) = g_strdup (error->message);

  if (--self->ssh_pending > 0)
    return;
  if (g_task_return_error_if_cancelled (self->task))
    {
      g_clear_object (&self->task);
      return;
    }
  ssh_all_done (self);
}

static void
start_ssh_run (DomusBenchRunner *self)
{
  guint n = g_strv_length (self->spec->workload_domains);

  g_clear_pointer (&self->ssh_scores, g_array_unref);
  g_clear_pointer (&self->ssh_errors, g_ptr_array_unref);
  self->ssh_scores = g_array_sized_new (FALSE, TRUE, sizeof (double), n);
  self->ssh_errors = g_ptr_array_new_full (n, g_free);
  g_array_set_size (self->ssh_scores, n);
  g_ptr_array_set_size (self->ssh_errors, n);
  self->ssh_pending = n;
  self->command_start_us = g_get_monotonic_time ();

  for (guint i = 0; i < n; i++)
    {
      DomusBenchSsh *where = g_hash_table_lookup (self->spec->ssh, self->spec->workload_domains[i]);
      g_autoptr(DomusSshCommand) ssh = domus_ssh_command_new (where->destination, where->port,
                                                              self->spec->command);
      SshRun *run = g_new0 (SshRun, 1);

      domus_ssh_command_set_limit (ssh, self->spec->timeout);
      domus_ssh_command_set_identity_file (ssh, self->spec->identity_file);
      domus_ssh_command_set_known_hosts_file (ssh, self->spec->known_hosts_file);
      run->self = g_object_ref (self);
      run->index = i;
      domus_ssh_command_run_async (ssh, g_task_get_cancellable (self->task), ssh_done_cb, run);
    }
}

void
_domus_bench_runner_start_run (DomusBenchRunner *self,
                               Step             *step)
{
  if (self->scenario_failed)
    {
      DomusBenchResult record = { "run", 0, step->repetition, 0, NAN,
                                  _("skipped: the scenario's settings could not be applied"),
                                  step->scenario->name, NULL, NAN, NAN, NAN, FALSE };

      _domus_bench_runner_add_result (self, &record);
      _domus_bench_runner_finish_step (self);
      return;
    }

  if (self->spec->command != NULL)
    start_ssh_run (self);
  else
    self->run_timer = domus_clock_add_timer (domus_host_get_clock (self->host), G_USEC_PER_SEC,
                                             run_settled_cb, self, NULL);
}

/* Native: the workload's command on this host, each score recorded; their
 * mean is what the domains are compared with. */
static void
native_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DomusBenchRunner) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusProcessResult) run = domus_process_run_finish (result, &error);
  g_autofree char *output = NULL;
  Step *step = g_queue_peek_head (&self->plan);
  DomusBenchResult record = { "native", 0, step->repetition, 0, NAN, NULL, NULL, NULL, NAN, NAN, 100.0, TRUE };
  double score;

  if (_domus_bench_runner_end_if_cancelled (self, &error))
    return;
  if (run != NULL)
    output = domus_process_text (run->out);
  if (run != NULL && run->timed_out)
    /* TRANSLATORS: the workload's command, then seconds */
    g_set_error (&error, DOMUS_ERROR, DOMUS_ERROR_FAILED,
                 _("“%s” ran longer than its limit of %u s on this host and was stopped"),
                 self->spec->command, self->spec->timeout);
  else if (run != NULL && (!run->exited || run->status != 0))
    {
      g_autofree char *tail = domus_process_text_tail (output, OUTPUT_TAIL_BYTES);

      /* TRANSLATORS: the workload's command, then the end of its output */
      g_set_error (&error, DOMUS_ERROR, DOMUS_ERROR_FAILED, _("“%s” failed on this host: %s"),
                   self->spec->command, tail);
    }
  record.seconds = (g_get_monotonic_time () - self->command_start_us) / 1e6;
  if (error == NULL && score_of (self, output, run->out_dropped, &score, &error))
    {
      record.score = score;
      g_array_append_val (self->native_scores, score);
    }
  else
    {
      record.error = error->message;
      record.percent_of_native = NAN;
      record.sla_met = FALSE;
    }
  _domus_bench_runner_add_result (self, &record);

  step = g_queue_peek_nth (&self->plan, 1);
  if (step == NULL || step->type != STEP_NATIVE)
    {
      double sum = 0;

      if (self->native_scores->len == 0)
        {
          g_task_return_new_error (self->task, DOMUS_ERROR, DOMUS_ERROR_FAILED,
                                   _("The native score could not be measured: %s"), record.error);
          g_clear_object (&self->task);
          return;
        }
      for (guint i = 0; i < self->native_scores->len; i++)
        sum += g_array_index (self->native_scores, double, i);
      self->spec->native = sum / self->native_scores->len;
      /* Nothing compares with a native of 0 or less: no run could be a
       * percentage of it. */
      if (!(self->spec->native > 0) || !isfinite (self->spec->native))
        {
          g_task_return_new_error (self->task, DOMUS_ERROR, DOMUS_ERROR_FAILED,
                                   _("The native score measured on this host is %g: it must be "
                                     "above 0 for the domains' scores to be compared with it"),
                                   self->spec->native);
          g_clear_object (&self->task);
          return;
        }
    }
  _domus_bench_runner_finish_step (self);
}

void
_domus_bench_runner_start_native (DomusBenchRunner *self)
{
  const char * const argv[] = { "/bin/sh", "-c", self->spec->command, NULL };

  self->command_start_us = g_get_monotonic_time ();
  domus_process_run_async (argv, NULL, DOMUS_PROCESS_RUN_MERGE_STDERR, self->spec->timeout,
                           g_task_get_cancellable (self->task), native_done_cb, g_object_ref (self));
}


/* The whole plan at once: the native runs, then each scenario's settings
 * and its runs. */
void
_domus_bench_runner_plan_workload (DomusBenchRunner *self)
{
  for (guint r = 1; self->spec->measure_native && r <= self->spec->repetitions; r++)
    {
      Step *step = g_new0 (Step, 1);

      step->type = STEP_NATIVE;
      step->repetition = r;
      g_queue_push_tail (&self->plan, step);
    }
  for (guint s = 0; s < self->spec->scenarios->len; s++)
    for (guint r = 0; r <= self->spec->repetitions; r++)
      {
        Step *step = g_new0 (Step, 1);

        step->type = r == 0 ? STEP_APPLY : STEP_RUN;
        step->repetition = r;
        step->scenario = g_ptr_array_index (self->spec->scenarios, s);
        g_queue_push_tail (&self->plan, step);
      }
  self->n_steps = g_queue_get_length (&self->plan);
}
