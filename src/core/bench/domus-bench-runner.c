/* domus-bench-runner.c
 *
 * The runner: a spec planned into steps, run one after another on the
 * main context, each result kept, appended to the results file and
 * signalled; the lifecycle steps (create, wait until ready, save,
 * restore, migrate, shutdown, destroy, timed on the host's clock). A
 * workload's steps are in domus-bench-runner-workload.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-bench-runner"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "domus-bench-runner-private.h"
#include "domus-console-watch.h"
#include "domus-cpulist.h"
#include "domus-error.h"
#include "domus-process-run.h"
#include "domus-ssh-command.h"
#include "xlcfg/domus-xl-config.h"

enum {
  PROGRESS,
  RESULT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DomusBenchRunner, domus_bench_runner, G_TYPE_OBJECT)

static void
step_free (Step *step)
{
  g_free (step->config);
  g_free (step->name);
  g_free (step);
}

static void
remove_scratch (DomusBenchRunner *self)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (self->scratch_dir == NULL || !(dir = g_dir_open (self->scratch_dir, 0, NULL)))
    return;
  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *path = g_build_filename (self->scratch_dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (self->scratch_dir);
  g_clear_pointer (&self->scratch_dir, g_free);
}

static void
domus_bench_runner_finalize (GObject *object)
{
  DomusBenchRunner *self = DOMUS_BENCH_RUNNER (object);

  g_queue_clear_full (&self->plan, (GDestroyNotify) step_free);
  g_queue_clear_full (&self->pending, (GDestroyNotify) domus_request_free);
  if (self->wait_timer != 0)
    domus_clock_remove_timer (domus_host_get_clock (self->host), self->wait_timer);
  if (self->wait_instance != NULL)
    g_clear_signal_handler (&self->wait_handler, self->wait_instance);
  if (self->cancellable != NULL)
    g_cancellable_disconnect (self->cancellable, self->cancelled_handler);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->ready_pattern, g_regex_unref);
  g_hash_table_unref (self->watches);
  g_hash_table_unref (self->created_at);
  g_hash_table_unref (self->left_ids);
  if (self->run_timer != 0)
    domus_clock_remove_timer (domus_host_get_clock (self->host), self->run_timer);
  g_free (self->apply_error);
  g_clear_pointer (&self->start_cpu_ns, g_array_unref);
  g_clear_pointer (&self->ssh_scores, g_array_unref);
  g_clear_pointer (&self->ssh_errors, g_ptr_array_unref);
  g_array_unref (self->native_scores);
  remove_scratch (self);
  if (self->results >= 0)
    close (self->results);
  self->results = -1;
  g_clear_object (&self->host);
  g_clear_object (&self->peer);
  g_clear_pointer (&self->spec, domus_bench_spec_free);
  g_free (self->results_path);
  g_array_unref (self->results_array);
  g_string_chunk_free (self->strings);

  G_OBJECT_CLASS (domus_bench_runner_parent_class)->finalize (object);
}

static void
domus_bench_runner_class_init (DomusBenchRunnerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = domus_bench_runner_finalize;

  /**
   * DomusBenchRunner::progress:
   * @fraction: of the steps done
   * @what: the step under way, for people
   */
  signals[PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_STRING);
  /**
   * DomusBenchRunner::result:
   * @result: (type gpointer): a DomusBenchResult, valid during the emission
   */
  signals[RESULT] =
    g_signal_new ("result", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
domus_bench_runner_init (DomusBenchRunner *self)
{
  self->results = -1;
  g_queue_init (&self->plan);
  g_queue_init (&self->pending);
  self->start_cpu_ns = g_array_new (FALSE, TRUE, sizeof (guint64));
  self->results_array = g_array_new (FALSE, FALSE, sizeof (DomusBenchResult));
  self->strings = g_string_chunk_new (256);
  self->watches = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->created_at = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->left_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->native_scores = g_array_new (FALSE, FALSE, sizeof (double));
}

DomusBenchRunner *
domus_bench_runner_new (DomusHost      *host,
                        DomusBenchSpec *spec,
                        const char     *results_path)
{
  DomusBenchRunner *self;

  g_return_val_if_fail (DOMUS_IS_HOST (host), NULL);
  g_return_val_if_fail (spec != NULL, NULL);

  self = g_object_new (DOMUS_TYPE_BENCH_RUNNER, NULL);
  self->host = g_object_ref (host);
  self->spec = spec;
  self->results_path = g_strdup (results_path);
  return self;
}

void
domus_bench_runner_set_peer (DomusBenchRunner *self,
                             DomusHost        *peer)
{
  g_return_if_fail (DOMUS_IS_BENCH_RUNNER (self));
  g_return_if_fail (peer == NULL || DOMUS_IS_HOST (peer));
  g_return_if_fail (self->task == NULL);

  g_set_object (&self->peer, peer);
}

const DomusBenchSpec *
domus_bench_runner_get_spec (DomusBenchRunner *self)
{
  g_return_val_if_fail (DOMUS_IS_BENCH_RUNNER (self), NULL);

  return self->spec;
}

GArray *
domus_bench_runner_get_results (DomusBenchRunner *self)
{
  g_return_val_if_fail (DOMUS_IS_BENCH_RUNNER (self), NULL);

  return self->results_array;
}

static void
add_string_or_null (JsonBuilder *builder,
                    const char  *name,
                    const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_number_or_null (JsonBuilder *builder,
                    const char  *name,
                    double       value)
{
  json_builder_set_member_name (builder, name);
  /* JSON has no NaN or infinity: null, read back as NAN. */
  if (!isfinite (value))
    json_builder_add_null_value (builder);
  else
    json_builder_add_double_value (builder, value);
}

/* One JSON line per result, on disk before the next step starts. */
static void
write_result (DomusBenchRunner       *self,
              const DomusBenchResult *result)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;
  g_autofree char *line = NULL;

  if (self->results < 0)
    return;

  json_builder_begin_object (builder);
  add_string_or_null (builder, "benchmark", self->spec->name);
  add_string_or_null (builder, "step", result->step);
  json_builder_set_member_name (builder, "repetition");
  json_builder_add_int_value (builder, result->repetition);
  if (self->spec->kind == DOMUS_BENCH_LIFECYCLE)
    {
      json_builder_set_member_name (builder, "memory_mib");
      json_builder_add_int_value (builder, result->memory_mib);
      json_builder_set_member_name (builder, "domain");
      json_builder_add_int_value (builder, result->domain);
      add_number_or_null (builder, "seconds", result->seconds);
    }
  else
    {
      add_string_or_null (builder, "scenario", result->scenario);
      add_string_or_null (builder, "domain", result->domain_name);
      add_number_or_null (builder, "share", result->share);
      add_number_or_null (builder, "score", result->score);
      add_number_or_null (builder, "percent_of_native", result->percent_of_native);
      json_builder_set_member_name (builder, "sla_met");
      json_builder_add_boolean_value (builder, result->sla_met);
      /* So that a results file read back alone can draw its SLA line. */
      json_builder_set_member_name (builder, "sla_percent");
      json_builder_add_double_value (builder, self->spec->sla_percent);
    }
  add_string_or_null (builder, "error", result->error);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);
  line = g_strconcat (json, "\n", NULL);
  /* One write(2) per line, in append mode: a run killed while writing
   * leaves at worst one line cut short, which the reader leaves out. */
  for (gsize done = 0, length = strlen (line); done < length;)
    {
      gssize n = write (self->results, line + done, length - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          g_warning ("Cannot write a result to %s: %s", self->results_path, g_strerror (errno));
          return;
        }
      done += n;
    }
  fsync (self->results);
}

void
_domus_bench_runner_add_result (DomusBenchRunner *self,
                                DomusBenchResult *record)
{
  if (record->error != NULL)
    record->error = g_string_chunk_insert (self->strings, record->error);
  if (record->scenario != NULL)
    record->scenario = g_string_chunk_insert (self->strings, record->scenario);
  if (record->domain_name != NULL)
    record->domain_name = g_string_chunk_insert (self->strings, record->domain_name);
  g_array_append_val (self->results_array, *record);
  write_result (self, record);
  g_signal_emit (self, signals[RESULT], 0, record);
}

static void run_next (DomusBenchRunner *self);

/* Lifecycle steps */

static void
stop_waiting (DomusBenchRunner *self)
{
  if (self->wait_timer != 0)
    domus_clock_remove_timer (domus_host_get_clock (self->host), self->wait_timer);
  self->wait_timer = 0;
  if (self->wait_instance != NULL)
    g_clear_signal_handler (&self->wait_handler, self->wait_instance);
  self->wait_instance = NULL;
}

/* A checkpoint's file is its own: a "save" before or after it keeps its. */
static char *
save_path (DomusBenchRunner *self,
           const Step       *step)
{
  return g_strdup_printf ("%s/%s.%s", self->scratch_dir, step->name,
                          g_str_equal (step->action, "checkpoint") ? "checkpoint" : "save");
}

/* Records the step at the head of the plan and goes on. */
static void
finish_lifecycle_step (DomusBenchRunner *self,
                       double            seconds,
                       const char       *error)
{
  Step *step = g_queue_pop_head (&self->plan);
  gint64 now = domus_clock_get_now (domus_host_get_clock (self->host));
  DomusBenchResult record = { 0 };

  stop_waiting (self);
  record.step = step->action;
  record.memory_mib = step->memory_mib;
  record.repetition = step->repetition;
  record.domain = step->domain;
  record.seconds = error == NULL ? seconds : NAN;
  record.error = error;
  record.share = record.score = record.percent_of_native = NAN;
  _domus_bench_runner_add_result (self, &record);

  /* A migration that failed leaves nothing to return. */
  if (error != NULL && g_str_equal (step->action, "migrate"))
    g_hash_table_remove (self->left_ids, step->name);

  if (error == NULL && g_str_equal (step->action, "create") && self->ready_pattern != NULL)
    {
      gint64 *at = g_new (gint64, 1);

      /* Watched from now: what the guest prints while others are created
       * counts. */
      *at = now;
      g_hash_table_insert (self->created_at, g_strdup (step->name), at);
      g_hash_table_insert (self->watches, g_strdup (step->name),
                           domus_console_watch_new (self->host, step->name, self->ready_pattern));
    }
  /* The domain runs on after a checkpoint; its file is not needed. */
  if (g_str_equal (step->action, "restore") || g_str_equal (step->action, "checkpoint"))
    {
      g_autofree char *path = save_path (self, step);

      g_unlink (path);
    }
  step_free (step);
  run_next (self);
}

static double
seconds_since_start (DomusBenchRunner *self)
{
  return (domus_clock_get_now (domus_host_get_clock (self->host)) - self->step_start_us) / 1e6;
}

static gboolean
wait_timeout_cb (gpointer data)
{
  DomusBenchRunner *self = data;
  Step *step = g_queue_peek_head (&self->plan);
  g_autofree char *message = NULL;

  self->wait_timer = 0;
  if (g_str_equal (step->action, "ready"))
    /* TRANSLATORS: a domain, a regular expression, seconds */
    message = g_strdup_printf (_("The console of “%s” showed nothing matching “%s” within %u s"),
                               step->name, self->spec->ready_pattern, self->spec->ready_timeout);
  else if (g_str_equal (step->action, "return") && self->return_phase == RETURN_WAIT_PEER)
    /* TRANSLATORS: a domain, the host it was migrated to, seconds */
    message = g_strdup_printf (_("“%s” is not on %s: it did not appear there within %u s"),
                               step->name, self->spec->migrate_to, self->spec->ready_timeout);
  else if (g_str_equal (step->action, "return"))
    /* TRANSLATORS: a domain, the host it was migrated back from, seconds */
    message = g_strdup_printf (_("“%s” left %s but did not appear on this host within %u s"),
                               step->name, self->spec->migrate_to, self->spec->ready_timeout);
  else
    /* TRANSLATORS: a domain, seconds */
    message = g_strdup_printf (_("“%s” was still there %u s after it was asked to shut down"),
                               step->name, self->spec->ready_timeout);
  finish_lifecycle_step (self, NAN, message);
  return G_SOURCE_REMOVE;
}

static void
wait_for (DomusBenchRunner *self,
          gpointer          instance,
          const char       *signal,
          GCallback         callback,
          gint64            timeout_us)
{
  self->wait_instance = instance;
  self->wait_handler = g_signal_connect_swapped (instance, signal, callback, self);
  self->wait_timer = domus_clock_add_timer (domus_host_get_clock (self->host), MAX (timeout_us, 1),
                                            wait_timeout_cb, self, NULL);
}

static void
ready_matched_cb (DomusBenchRunner *self)
{
  Step *step = g_queue_peek_head (&self->plan);
  DomusConsoleWatch *watch = g_hash_table_lookup (self->watches, step->name);
  gint64 *created = g_hash_table_lookup (self->created_at, step->name);

  finish_lifecycle_step (self, (domus_console_watch_get_matched_at (watch) - *created) / 1e6, NULL);
}

/* "ready": from the end of the create until the console matched. */
static void
start_ready (DomusBenchRunner *self,
             Step             *step)
{
  DomusConsoleWatch *watch = g_hash_table_lookup (self->watches, step->name);
  gint64 *created = g_hash_table_lookup (self->created_at, step->name);
  gint64 now = domus_clock_get_now (domus_host_get_clock (self->host));

  if (watch == NULL)
    {
      /* TRANSLATORS: %s is a domain */
      g_autofree char *message = g_strdup_printf (_("“%s” was not created: no console to watch"), step->name);

      finish_lifecycle_step (self, NAN, message);
    }
  else if (domus_console_watch_get_matched_at (watch) >= 0)
    ready_matched_cb (self);
  else
    wait_for (self, watch, "matched", G_CALLBACK (ready_matched_cb),
              *created + (gint64) self->spec->ready_timeout * G_USEC_PER_SEC - now);
}

static void
domains_changed_cb (DomusBenchRunner *self)
{
  Step *step = g_queue_peek_head (&self->plan);

  if (domus_host_lookup_domain_by_name (self->host, step->name) == NULL)
    finish_lifecycle_step (self, seconds_since_start (self), NULL);
}

/* "return": the domain back from the peer, then listed here. */

/* Whether the domain @step names is listed here again: under another id
 * than it left with, as a list not yet refreshed since it left may still
 * show it under the old one. */
static gboolean
returned (DomusBenchRunner *self,
          Step             *step)
{
  DomusDomain *domain = domus_host_lookup_domain_by_name (self->host, step->name);
  guint left = GPOINTER_TO_UINT (g_hash_table_lookup (self->left_ids, step->name));

  return domain != NULL && domus_domain_get_id (domain) + 1 != left;
}

/* Ends "return" once the domain is listed here again; FALSE until then. */
static gboolean
end_return_if_home (DomusBenchRunner *self,
                    Step             *step)
{
  if (!returned (self, step))
    return FALSE;
  g_hash_table_remove (self->left_ids, step->name);
  finish_lifecycle_step (self, self->return_seconds, NULL);
  return TRUE;
}

static void
return_arrived_cb (DomusBenchRunner *self)
{
  end_return_if_home (self, g_queue_peek_head (&self->plan));
}

static void
return_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DomusBenchRunner) self = user_data;
  g_autoptr(GError) error = NULL;
  Step *step = g_queue_peek_head (&self->plan);

  domus_host_request_finish (DOMUS_HOST (source), result, &error);
  if (_domus_bench_runner_end_if_cancelled (self, &error))
    return;
  if (error != NULL)
    {
      finish_lifecycle_step (self, NAN, error->message);
      return;
    }
  /* Timed until the peer is done, as "migrate" is until this host is; the
   * next step needs the domain listed here, which a refresh brings. */
  self->return_seconds = seconds_since_start (self);
  self->return_phase = RETURN_WAIT_HOME;
  if (end_return_if_home (self, step))
    return;
  wait_for (self, domus_host_get_domains (self->host), "items-changed", G_CALLBACK (return_arrived_cb),
            (gint64) self->spec->ready_timeout * G_USEC_PER_SEC);
  domus_host_refresh (self->host);
}

static void
send_return (DomusBenchRunner *self,
             Step             *step)
{
  DomusRequest *request = domus_request_new_for_domain (DOMUS_REQUEST_MIGRATE,
                                                        domus_host_lookup_domain_by_name (self->peer, step->name));

  self->return_phase = RETURN_MIGRATING;
  /* Timed from the request, as "migrate" is: not the wait for the peer to
   * list the domain. */
  self->step_start_us = domus_clock_get_now (domus_host_get_clock (self->host));
  request->target = g_strdup (self->spec->return_to);
  domus_host_request_async (self->peer, request, g_task_get_cancellable (self->task), return_done_cb,
                            g_object_ref (self));
}

static void
return_listed_cb (DomusBenchRunner *self)
{
  Step *step = g_queue_peek_head (&self->plan);

  if (domus_host_lookup_domain_by_name (self->peer, step->name) == NULL)
    return;
  stop_waiting (self);
  send_return (self, step);
}

static void
start_return (DomusBenchRunner *self,
              Step             *step)
{
  self->return_phase = RETURN_WAIT_PEER;
  self->return_seconds = NAN;
  /* Its migration failed: it never left. (Not this host's list: it may not
   * have been refreshed since.) */
  if (!g_hash_table_contains (self->left_ids, step->name))
    {
      /* TRANSLATORS: a domain, then the host it was to be migrated to */
      g_autofree char *message = g_strdup_printf (_("“%s” did not go to %s: its migration failed"),
                                                  step->name, self->spec->migrate_to);

      finish_lifecycle_step (self, NAN, message);
      return;
    }
  if (domus_host_lookup_domain_by_name (self->peer, step->name) != NULL)
    {
      send_return (self, step);
      return;
    }
  /* The peer has not shown it yet: it will, at its next refresh. */
  wait_for (self, domus_host_get_domains (self->peer), "items-changed", G_CALLBACK (return_listed_cb),
            (gint64) self->spec->ready_timeout * G_USEC_PER_SEC);
  domus_host_refresh (self->peer);
}

static void start_lifecycle_step (DomusBenchRunner *self,
                                  Step             *step);

static void
step_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(DomusBenchRunner) self = user_data;
  g_autoptr(GError) error = NULL;
  Step *step = g_queue_peek_head (&self->plan);

  domus_host_request_finish (DOMUS_HOST (source), result, &error);

  if (_domus_bench_runner_end_if_cancelled (self, &error))
    return;
  /* Then the peer's, or the next step. */
  if (step->type == STEP_CLEANUP)
    {
      start_lifecycle_step (self, step);
      return;
    }
  /* A shutdown is done when the domain is gone, not when it is asked. */
  if (error == NULL && g_str_equal (step->action, "shutdown")
      && domus_host_lookup_domain_by_name (self->host, step->name) != NULL)
    {
      wait_for (self, domus_host_get_domains (self->host), "items-changed", G_CALLBACK (domains_changed_cb),
                (gint64) self->spec->ready_timeout * G_USEC_PER_SEC);
      return;
    }
  finish_lifecycle_step (self, seconds_since_start (self), error != NULL ? error->message : NULL);
}

/* A cancel stops a wait at once. */
static void
cancelled_cb (GCancellable     *cancellable,
              DomusBenchRunner *self)
{
  if (self->task == NULL || (self->wait_timer == 0 && self->wait_instance == NULL))
    return;
  stop_waiting (self);
  g_task_return_error_if_cancelled (self->task);
  g_clear_object (&self->task);
}

static DomusRequest *
domain_request (DomusBenchRunner *self,
                DomusRequestKind  kind,
                const char       *name)
{
  DomusDomain *domain = domus_host_lookup_domain_by_name (self->host, name);
  DomusRequest *request = domus_request_new (kind);

  request->domain_name = g_strdup (name);
  /* A domain whose creation failed is not there: the host says so. */
  request->domid = domain != NULL ? domus_domain_get_id (domain) : G_MAXUINT32;
  return request;
}

static void
start_lifecycle_step (DomusBenchRunner *self,
                      Step             *step)
{
  GCancellable *cancellable = g_task_get_cancellable (self->task);
  DomusRequest *request = NULL;
  g_autofree char *what = NULL;

  /* Left here, or on the peer by a "return" that failed: each is
   * destroyed, once. */
  if (step->type == STEP_CLEANUP)
    {
      DomusHost *where = NULL;
      DomusDomain *domain;

      g_hash_table_remove (self->watches, step->name);
      g_hash_table_remove (self->created_at, step->name);
      g_hash_table_remove (self->left_ids, step->name);
      if (step->cleanup == 0
          && domus_host_lookup_domain_by_name (self->host, step->name) != NULL)
        where = self->host;
      else if (step->cleanup <= 1 && self->peer != NULL
               && domus_host_lookup_domain_by_name (self->peer, step->name) != NULL)
        where = self->peer;
      if (where == NULL)
        {
          step_free (g_queue_pop_head (&self->plan));
          run_next (self);
          return;
        }
      step->cleanup = where == self->host ? 1 : 2;
      domain = domus_host_lookup_domain_by_name (where, step->name);
      request = domus_request_new_for_domain (DOMUS_REQUEST_DESTROY, domain);
      domus_host_request_async (where, request, cancellable, step_done_cb, g_object_ref (self));
      return;
    }

  /* TRANSLATORS: a step (create, ready, save, restore, checkpoint, migrate, return, shutdown,
   * destroy), the domain's number, how many there are, its memory, the repetition's number, how
   * many there are: "create 2/3, 1024 MiB, repetition 3/5" */
  what = g_strdup_printf (_("%s %u/%u, %u MiB, repetition %u/%u"), step->action, step->domain,
                          self->spec->domains, (guint) step->memory_mib, step->repetition,
                          self->spec->repetitions);
  g_signal_emit (self, signals[PROGRESS], 0,
                 1.0 - (double) g_queue_get_length (&self->plan) / self->n_steps, what);
  self->step_start_us = domus_clock_get_now (domus_host_get_clock (self->host));

  if (g_str_equal (step->action, "ready"))
    {
      start_ready (self, step);
      return;
    }
  if (g_str_equal (step->action, "return"))
    {
      start_return (self, step);
      return;
    }
  if (g_str_equal (step->action, "create"))
    {
      request = domus_request_new (DOMUS_REQUEST_CREATE);
      request->path = g_strdup (step->config);
    }
  else if (g_str_equal (step->action, "restore"))
    {
      request = domus_request_new (DOMUS_REQUEST_RESTORE);
      request->path = save_path (self, step);
    }
  else if (g_str_equal (step->action, "save"))
    {
      request = domain_request (self, DOMUS_REQUEST_SAVE, step->name);
      request->path = save_path (self, step);
    }
  else if (g_str_equal (step->action, "checkpoint"))
    {
      request = domain_request (self, DOMUS_REQUEST_SAVE, step->name);
      request->path = save_path (self, step);
      request->checkpoint = TRUE;
    }
  else if (g_str_equal (step->action, "migrate"))
    {
      request = domain_request (self, DOMUS_REQUEST_MIGRATE, step->name);
      request->target = g_strdup (self->spec->migrate_to);
      /* What "return" knows it by: it comes back under another id. */
      if (request->domid != G_MAXUINT32)
        g_hash_table_insert (self->left_ids, g_strdup (step->name), GUINT_TO_POINTER (request->domid + 1));
    }
  else if (g_str_equal (step->action, "shutdown"))
    request = domain_request (self, DOMUS_REQUEST_SHUTDOWN, step->name);
  else
    request = domain_request (self, DOMUS_REQUEST_DESTROY, step->name);
  domus_host_request_async (self->host, request, cancellable, step_done_cb, g_object_ref (self));
}

gboolean
_domus_bench_runner_end_if_cancelled (DomusBenchRunner  *self,
                                      GError           **error)
{
  if (!g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return FALSE;
  g_task_return_error (self->task, g_steal_pointer (error));
  g_clear_object (&self->task);
  return TRUE;
}

void
_domus_bench_runner_finish_step (DomusBenchRunner *self)
{
  step_free (g_queue_pop_head (&self->plan));
  run_next (self);
}

static void
run_next (DomusBenchRunner *self)
{
  Step *step = g_queue_peek_head (&self->plan);
  GCancellable *cancellable = g_task_get_cancellable (self->task);
  g_autofree char *what = NULL;

  if (g_cancellable_is_cancelled (cancellable))
    {
      g_task_return_error_if_cancelled (self->task);
      g_clear_object (&self->task);
      return;
    }

  if (step == NULL)
    {
      remove_scratch (self);
      g_task_return_boolean (self->task, TRUE);
      g_clear_object (&self->task);
      return;
    }

  if (step->type == STEP_NATIVE)
    {
      /* TRANSLATORS: the run's number and how many there are */
      what = g_strdup_printf (_("native, on this host, run %u/%u"), step->repetition, self->spec->repetitions);
      g_signal_emit (self, signals[PROGRESS], 0,
                     1.0 - (double) g_queue_get_length (&self->plan) / self->n_steps, what);
      _domus_bench_runner_start_native (self);
      return;
    }
  if (step->type == STEP_APPLY || step->type == STEP_RUN)
    {
      guint scenario = 1;

      while (scenario < self->spec->scenarios->len
             && g_ptr_array_index (self->spec->scenarios, scenario - 1) != step->scenario)
        scenario++;
      if (step->type == STEP_APPLY)
        /* TRANSLATORS: the scenario's number, how many there are, its name */
        what = g_strdup_printf (_("scenario %u/%u “%s”, applying its settings"), scenario,
                                self->spec->scenarios->len, step->scenario->name);
      else
        /* TRANSLATORS: the scenario's number, how many there are, its name, then the run's
         * number and how many there are */
        what = g_strdup_printf (_("scenario %u/%u “%s”, run %u/%u"), scenario,
                                self->spec->scenarios->len, step->scenario->name,
                                step->repetition, self->spec->repetitions);
      g_signal_emit (self, signals[PROGRESS], 0,
                     1.0 - (double) g_queue_get_length (&self->plan) / self->n_steps, what);
      if (step->type == STEP_APPLY)
        _domus_bench_runner_start_apply (self, step);
      else
        _domus_bench_runner_start_run (self, step);
      return;
    }

  start_lifecycle_step (self, step);
}

static gboolean
domus_bench_runner_plan (DomusBenchRunner  *self,
                         GError           **error)
{
  g_autoptr(DomusXlConfig) base = domus_xl_config_new_from_file (self->spec->config, error);
  g_autoptr(GArray) sizes = g_array_new (FALSE, FALSE, sizeof (guint64));
  guint n_actions = g_strv_length (self->spec->steps);
  gint64 own_memory = 512;

  if (base == NULL)
    return FALSE;
  if (g_strv_contains ((const char * const *) self->spec->steps, "ready")
      && !(self->ready_pattern = g_regex_new (self->spec->ready_pattern, G_REGEX_OPTIMIZE, 0, error)))
    return FALSE;

  if (self->spec->memory_mib->len > 0)
    g_array_append_vals (sizes, self->spec->memory_mib->data, self->spec->memory_mib->len);
  else
    {
      guint64 mib;

      domus_xl_config_get_int (base, "memory", &own_memory);
      mib = (guint64) own_memory;
      g_array_append_val (sizes, mib);
    }

  if (!(self->scratch_dir = g_dir_make_tmp ("domus-bench-XXXXXX", error)))
    return FALSE;

  for (guint s = 0; s < sizes->len; s++)
    {
      guint64 mib = g_array_index (sizes, guint64, s);

      for (guint d = 1; d <= self->spec->domains; d++)
        {
          g_autofree char *name = g_strdup_printf ("bench%u-%" G_GUINT64_FORMAT, d, mib);
          g_autofree char *path = g_strdup_printf ("%s/%s.cfg", self->scratch_dir, name);

          domus_xl_config_set_string (base, "name", name);
          domus_xl_config_set_int (base, "memory", (gint64) mib);
          domus_xl_config_set_int (base, "maxmem", (gint64) mib);
          if (!domus_xl_config_save (base, path, FALSE, error))
            return FALSE;
        }

      /* Each step for every domain before the next step; then whatever a
       * failed step left behind goes, so that the next repetition starts
       * afresh. */
      for (guint r = 1; r <= self->spec->repetitions; r++)
        for (guint a = 0; a <= n_actions; a++)
          for (guint d = 1; d <= self->spec->domains; d++)
            {
              Step *step = g_new0 (Step, 1);

              step->type = a < n_actions ? STEP_LIFECYCLE : STEP_CLEANUP;
              step->action = a < n_actions ? self->spec->steps[a] : NULL;
              step->memory_mib = mib;
              step->repetition = r;
              step->domain = d;
              step->name = g_strdup_printf ("bench%u-%" G_GUINT64_FORMAT, d, mib);
              step->config = g_strdup_printf ("%s/%s.cfg", self->scratch_dir, step->name);
              g_queue_push_tail (&self->plan, step);
            }
    }

  self->n_steps = g_queue_get_length (&self->plan);
  return TRUE;
}

void
domus_bench_runner_run_async (DomusBenchRunner    *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DOMUS_IS_BENCH_RUNNER (self));
  g_return_if_fail (self->task == NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, domus_bench_runner_run_async);

  /* Nothing is run (nor a results file begun) that could not come back. */
  if (self->spec->kind == DOMUS_BENCH_LIFECYCLE
      && g_strv_contains ((const char * const *) self->spec->steps, "return")
      && (self->peer == NULL || self->peer == self->host))
    {
      g_task_return_new_error (task, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                               self->peer == NULL
                               /* TRANSLATORS: the host domains are migrated to and back from */
                               ? _("The benchmark brings its domains back from %s (step “return”): "
                                   "connect that host to run it")
                               /* TRANSLATORS: the host domains are migrated to and back from */
                               : _("The benchmark brings its domains back from %s (step “return”), "
                                   "which must be another host than the one it runs on"),
                               self->spec->migrate_to);
      return;
    }
  if (self->results_path != NULL
      && (self->results = g_open (self->results_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666)) < 0)
    {
      g_task_return_new_error (task, DOMUS_ERROR, DOMUS_ERROR_FAILED,
                               _("Cannot write the results to “%s”: %s"),
                               self->results_path, g_strerror (errno));
      return;
    }
  if (self->spec->kind == DOMUS_BENCH_WORKLOAD)
    _domus_bench_runner_plan_workload (self);
  else if (!domus_bench_runner_plan (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  self->task = g_steal_pointer (&task);
  if (cancellable != NULL)
    {
      self->cancellable = g_object_ref (cancellable);
      self->cancelled_handler = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb), self, NULL);
    }
  run_next (self);
}

gboolean
domus_bench_runner_run_finish (DomusBenchRunner  *self,
                               GAsyncResult      *result,
                               GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
