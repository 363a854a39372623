/* domus-bench-runner.c
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

#include "domus-bench-runner.h"
#include "domus-console-watch.h"
#include "domus-cpulist.h"
#include "domus-error.h"
#include "domus-process-run.h"
#include "domus-ssh-command.h"
#include "domus-xl-config.h"

/* What a message quotes of a failed command's output, at most. */
#define OUTPUT_TAIL_BYTES 300

typedef enum
{
  STEP_LIFECYCLE,    /* lifecycle: one of the spec's steps for one domain */
  STEP_CLEANUP,      /* lifecycle: destroy what a failed step left, untimed */
  STEP_NATIVE,       /* workload: the command run on this host, for native */
  STEP_APPLY,        /* workload: a scenario's settings */
  STEP_RUN,          /* workload: one run */
} StepType;

typedef struct
{
  StepType            type;
  const char         *action;    /* LIFECYCLE: "create", "ready", …, from the spec */
  guint64             memory_mib;
  guint               repetition;
  guint               domain;
  char               *config;    /* CREATE: the domain's own xl config */
  char               *name;      /* the domain */
  DomusBenchScenario *scenario;  /* APPLY, RUN: borrowed from the spec */
} Step;

struct _DomusBenchRunner
{
  GObject         parent_instance;

  DomusHost      *host;
  DomusBenchSpec *spec;
  char           *results_path;
  int             results;         /* O_APPEND, or -1 */
  GArray         *results_array;   /* DomusBenchResult, strings owned below */
  GStringChunk   *strings;
  GQueue          plan;            /* Step* still to run */
  guint           n_steps;
  char           *scratch_dir;     /* the per-domain configs */
  GTask          *task;
  gint64          step_start_us;

  /* lifecycle: consoles watched for the guest to be ready, and a wait */
  GRegex         *ready_pattern;
  GHashTable     *watches;        /* domain name → DomusConsoleWatch */
  GHashTable     *created_at;     /* domain name → gint64*, µs on the host's clock */
  guint           wait_timer;
  gpointer        wait_instance;
  gulong          wait_handler;
  GCancellable   *cancellable;
  gulong          cancelled_handler;

  /* workload: the apply in progress, the run's starting CPU times */
  GQueue          pending;        /* DomusRequest* of the scenario being applied */
  char           *apply_error;
  GArray         *start_cpu_ns;   /* guint64, per workload domain */
  GArray         *ssh_scores;     /* double, per workload domain: its score, when no error */
  GPtrArray      *ssh_errors;     /* per workload domain: message, or NULL */
  guint           ssh_pending;
  gint64          command_start_us;  /* of the command, over SSH or on this host */
  guint           run_timer;
  gboolean        scenario_failed;
  GArray         *native_scores;  /* double, the ones measured on this host */
};

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

/* Keeps @record (its strings copied) and tells the file and the listeners. */
static void
add_result (DomusBenchRunner *self,
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

static char *
save_path (DomusBenchRunner *self,
           const Step       *step)
{
  return g_strdup_printf ("%s/%s.save", self->scratch_dir, step->name);
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
  add_result (self, &record);

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
  if (g_str_equal (step->action, "restore"))
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

static void
step_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(DomusBenchRunner) self = user_data;
  g_autoptr(GError) error = NULL;
  Step *step = g_queue_peek_head (&self->plan);

  domus_host_request_finish (self->host, result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (self->task, g_steal_pointer (&error));
      g_clear_object (&self->task);
      return;
    }
  if (step->type == STEP_CLEANUP)
    {
      step_free (g_queue_pop_head (&self->plan));
      run_next (self);
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

  if (step->type == STEP_CLEANUP)
    {
      g_hash_table_remove (self->watches, step->name);
      g_hash_table_remove (self->created_at, step->name);
      if (domus_host_lookup_domain_by_name (self->host, step->name) == NULL)
        {
          step_free (g_queue_pop_head (&self->plan));
          run_next (self);
          return;
        }
      request = domain_request (self, DOMUS_REQUEST_DESTROY, step->name);
      domus_host_request_async (self->host, request, cancellable, step_done_cb, g_object_ref (self));
      return;
    }

  /* TRANSLATORS: a step (create, ready, save, restore, migrate, shutdown, destroy), the
   * domain's number, how many there are, its memory, the repetition's number, how many
   * there are: "create 2/3, 1024 MiB, repetition 3/5" */
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
  else if (g_str_equal (step->action, "migrate"))
    {
      request = domain_request (self, DOMUS_REQUEST_MIGRATE, step->name);
      request->target = g_strdup (self->spec->migrate_to);
    }
  else if (g_str_equal (step->action, "shutdown"))
    request = domain_request (self, DOMUS_REQUEST_SHUTDOWN, step->name);
  else
    request = domain_request (self, DOMUS_REQUEST_DESTROY, step->name);
  domus_host_request_async (self->host, request, cancellable, step_done_cb, g_object_ref (self));
}

/* Workloads: apply a scenario's settings, one request after another. */

static void send_next_setting (DomusBenchRunner *self);

static void
finish_step (DomusBenchRunner *self)
{
  step_free (g_queue_pop_head (&self->plan));
  run_next (self);
}

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
  add_result (self, &record);
  g_clear_pointer (&self->apply_error, g_free);
  finish_step (self);
}

static void
start_apply (DomusBenchRunner *self,
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
      add_result (self, &record);
    }

  finish_step (self);
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
      add_result (self, &record);
    }
  finish_step (self);
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

static void
start_run (DomusBenchRunner *self,
           Step             *step)
{
  if (self->scenario_failed)
    {
      DomusBenchResult record = { "run", 0, step->repetition, 0, NAN,
                                  _("skipped: the scenario's settings could not be applied"),
                                  step->scenario->name, NULL, NAN, NAN, NAN, FALSE };

      add_result (self, &record);
      finish_step (self);
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

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (self->task, g_steal_pointer (&error));
      g_clear_object (&self->task);
      return;
    }
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
  add_result (self, &record);

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
  finish_step (self);
}

static void
start_native (DomusBenchRunner *self)
{
  const char * const argv[] = { "/bin/sh", "-c", self->spec->command, NULL };

  self->command_start_us = g_get_monotonic_time ();
  domus_process_run_async (argv, NULL, DOMUS_PROCESS_RUN_MERGE_STDERR, self->spec->timeout,
                           g_task_get_cancellable (self->task), native_done_cb, g_object_ref (self));
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
      start_native (self);
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
        start_apply (self, step);
      else
        start_run (self, step);
      return;
    }

  start_lifecycle_step (self, step);
}

/* The whole plan at once, with a config file per domain and size. */
static void
domus_bench_runner_plan_workload (DomusBenchRunner *self)
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

  if (self->results_path != NULL
      && (self->results = g_open (self->results_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666)) < 0)
    {
      g_task_return_new_error (task, DOMUS_ERROR, DOMUS_ERROR_FAILED,
                               _("Cannot write the results to “%s”: %s"),
                               self->results_path, g_strerror (errno));
      return;
    }
  if (self->spec->kind == DOMUS_BENCH_WORKLOAD)
    domus_bench_runner_plan_workload (self);
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
