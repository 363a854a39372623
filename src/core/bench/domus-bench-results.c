/* domus-bench-results.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-bench-results"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "domus-bench-results.h"
#include "domus-csv.h"
#include "domus-error.h"
#include "domus-input.h"
#include "domus-json-check.h"
#include "domus-limits.h"

struct _DomusBenchResults
{
  GObject         parent_instance;

  char           *name;
  char           *label;
  char           *path;
  DomusBenchKind  kind;
  double          sla_percent;

  GArray         *results;     /* DomusBenchResult, strings in @strings */
  GStringChunk   *strings;
  GListStore     *groups;      /* DomusBenchGroup */
  GHashTable     *by_key;      /* key → DomusBenchGroup (borrowed from @groups) */
  guint           n_failed;
  const char     *first_error; /* in @strings */
};

enum {
  RESULT_ADDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DomusBenchResults, domus_bench_results, G_TYPE_OBJECT)

/* The file names: NAME-YYYYMMDD-HHMMSS[-N].jsonl */
#define FILE_PATTERN "^(.*)-([0-9]{8})-([0-9]{6})(?:-([0-9]+))?\\.jsonl$"

static void
domus_bench_results_finalize (GObject *object)
{
  DomusBenchResults *self = DOMUS_BENCH_RESULTS (object);

  g_free (self->name);
  g_free (self->label);
  g_free (self->path);
  g_array_unref (self->results);
  g_string_chunk_free (self->strings);
  g_hash_table_unref (self->by_key);
  g_object_unref (self->groups);

  G_OBJECT_CLASS (domus_bench_results_parent_class)->finalize (object);
}

static void
domus_bench_results_class_init (DomusBenchResultsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = domus_bench_results_finalize;

  /**
   * DomusBenchResults::result-added:
   * @result: (type gpointer): the DomusBenchResult, as kept by the set
   *
   * After the result is in its group.
   */
  signals[RESULT_ADDED] =
    g_signal_new ("result-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
domus_bench_results_init (DomusBenchResults *self)
{
  self->results = g_array_new (FALSE, FALSE, sizeof (DomusBenchResult));
  self->strings = g_string_chunk_new (256);
  self->groups = g_list_store_new (DOMUS_TYPE_BENCH_GROUP);
  self->by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->sla_percent = NAN;
}

static void
set_path (DomusBenchResults *self,
          const char        *path)
{
  self->path = g_strdup (path);
  self->label = path != NULL ? domus_bench_results_label_for_path (path) : g_strdup (self->name);
}

DomusBenchResults *
domus_bench_results_new (const DomusBenchSpec *spec,
                         const char           *path)
{
  DomusBenchResults *self;

  g_return_val_if_fail (spec != NULL, NULL);

  self = g_object_new (DOMUS_TYPE_BENCH_RESULTS, NULL);
  self->name = g_strdup (spec->name);
  self->kind = spec->kind;
  self->sla_percent = spec->kind == DOMUS_BENCH_WORKLOAD ? spec->sla_percent : NAN;
  set_path (self, path);
  return self;
}

static const char *
keep (DomusBenchResults *self,
      const char        *string)
{
  return string != NULL ? g_string_chunk_insert_const (self->strings, string) : NULL;
}

void
domus_bench_results_add (DomusBenchResults      *self,
                         const DomusBenchResult *result)
{
  DomusBenchResult copy;
  DomusBenchResult *kept;
  DomusBenchGroup *group = NULL;
  g_autofree char *key = NULL;

  g_return_if_fail (DOMUS_IS_BENCH_RESULTS (self));
  g_return_if_fail (result != NULL && result->step != NULL);

  copy = *result;
  copy.step = keep (self, result->step);
  copy.error = keep (self, result->error);
  copy.scenario = keep (self, result->scenario);
  copy.domain_name = keep (self, result->domain_name);
  g_array_append_val (self->results, copy);
  kept = &g_array_index (self->results, DomusBenchResult, self->results->len - 1);

  if (kept->error != NULL)
    {
      self->n_failed++;
      if (self->first_error == NULL)
        self->first_error = kept->error;
    }

  /* Lifecycle: every step; workload: the runs (applying settings is not measured). */
  if (self->kind == DOMUS_BENCH_LIFECYCLE)
    key = g_strdup_printf ("%s\n%" G_GUINT64_FORMAT, kept->step, kept->memory_mib);
  else if (g_str_equal (kept->step, "run") && kept->scenario != NULL)
    key = g_strdup_printf ("%s\n%s", kept->scenario, kept->domain_name ? kept->domain_name : "");

  if (key != NULL && !(group = g_hash_table_lookup (self->by_key, key)))
    {
      g_autoptr(DomusBenchGroup) created =
        self->kind == DOMUS_BENCH_LIFECYCLE
        ? domus_bench_group_new_lifecycle (self->label, kept->step, kept->memory_mib)
        : domus_bench_group_new_workload (self->label, kept->scenario, kept->domain_name);

      group = created;
      g_hash_table_insert (self->by_key, g_steal_pointer (&key), group);
      g_list_store_append (self->groups, created);
    }
  if (group != NULL)
    {
      double value = self->kind == DOMUS_BENCH_LIFECYCLE ? kept->seconds : kept->percent_of_native;

      domus_bench_group_add (group, kept->error != NULL ? NAN : value, kept->sla_met);
    }

  g_signal_emit (self, signals[RESULT_ADDED], 0, kept);
}

/* Reading back */

static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static double
get_number (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || (json_node_get_value_type (node) != G_TYPE_INT64 && json_node_get_value_type (node) != G_TYPE_DOUBLE))
    return NAN;
  return json_node_get_double (node);
}

static gint64
get_int (JsonObject *object,
         const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return 0;
  return MAX (json_node_get_int (node), 0);
}

/* How DomusBenchRunner starts every line. */
#define RESULT_START "{\"benchmark\":"

static gboolean
parse_line (JsonParser *parser,
            const char *line)
{
  /* A text with no value in it (a byte order mark alone) parses, to no root. */
  return domus_json_parse (parser, line, -1, DOMUS_MAX_BENCH_RESULT_LINE, NULL)
         && json_parser_get_root (parser) != NULL
         && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser));
}

/* Adds the result a line holds; FALSE when it is not one (no step). */
static gboolean
add_from_object (DomusBenchResults *self,
                 JsonObject        *object)
{
  DomusBenchResult result = { 0 };

  if (self->results->len == 0)
    self->kind = json_object_has_member (object, "scenario") ? DOMUS_BENCH_WORKLOAD
                                                             : DOMUS_BENCH_LIFECYCLE;
  if (self->name == NULL)
    self->name = g_strdup (get_string (object, "benchmark"));
  if (get_string (object, "step") == NULL)
    return FALSE;

  result.step = get_string (object, "step");
  result.repetition = (guint) get_int (object, "repetition");
  result.memory_mib = (guint64) get_int (object, "memory_mib");
  result.error = get_string (object, "error");
  result.seconds = get_number (object, "seconds");
  if (self->kind == DOMUS_BENCH_LIFECYCLE)
    result.domain = (guint) get_int (object, "domain");
  else
    {
      result.scenario = get_string (object, "scenario");
      result.domain_name = get_string (object, "domain");
      result.share = get_number (object, "share");
      result.score = get_number (object, "score");
      result.percent_of_native = get_number (object, "percent_of_native");
      result.sla_met = json_object_get_boolean_member_with_default (object, "sla_met", FALSE);
      if (!isnan (get_number (object, "sla_percent")))
        self->sla_percent = get_number (object, "sla_percent");
    }
  domus_bench_results_add (self, &result);
  return TRUE;
}

DomusBenchResults *
domus_bench_results_new_from_file (const char  *path,
                                   GError     **error)
{
  g_autoptr(DomusBenchResults) self = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(DomusInputLines) lines = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *next_line = NULL;
  guint line_number = 0;
  char *read;

  g_return_val_if_fail (path != NULL, NULL);

  /* A results file grows by a line per run: read a line at a time. */
  if (!(lines = domus_input_lines_open (path, DOMUS_MAX_BENCH_RESULT_LINE, &local_error)))
    {
      g_set_error (error, DOMUS_ERROR, local_error->code, _("Cannot read the results “%s”: %s"),
                   path, local_error->message);
      return NULL;
    }

  self = g_object_new (DOMUS_TYPE_BENCH_RESULTS, NULL);
  set_path (self, path);
  basename = g_path_get_basename (path);
  /* One line ahead: a cut-short line is left out only at the very end. */
  read = domus_input_lines_next (lines, &local_error);
  next_line = g_strdup (read);
  while (next_line != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autofree char *line = g_steal_pointer (&next_line);
      JsonObject *object;

      line_number = domus_input_lines_get_number (lines);
      read = domus_input_lines_next (lines, &local_error);
      next_line = g_strdup (read);
      if (g_strstrip (line)[0] == '\0')
        continue;
      if (!parse_line (parser, line))
        {
          /* A run killed while writing a line leaves it cut short, at the
           * end, or with the next run's first line after it. */
          const char *next = g_strrstr (line, RESULT_START);
          gboolean at_end = next_line == NULL && local_error == NULL && line[0] == '{';

          if (!at_end && (next == NULL || next == line || !parse_line (parser, next)))
            {
              /* TRANSLATORS: a file name, then a line number */
              g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE,
                           _("%s, line %u: not a benchmark result"), basename, line_number);
              return NULL;
            }
          g_warning ("%s, line %u: left out a result that was cut short", basename, line_number);
          if (at_end)
            continue;
        }
      object = json_node_get_object (json_parser_get_root (parser));
      if (!add_from_object (self, object))
        {
          g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE,
                       _("%s, line %u: not a benchmark result"), basename, line_number);
          return NULL;
        }
    }
  if (local_error != NULL)
    {
      g_set_error (error, DOMUS_ERROR, local_error->code, _("Cannot read the results “%s”: %s"),
                   path, local_error->message);
      return NULL;
    }

  if (self->name == NULL)
    {
      /* Nothing came before the run stopped, or no line named it: a set
       * named by its file. */
      g_autoptr(GRegex) regex = g_regex_new (FILE_PATTERN, 0, 0, NULL);
      g_autoptr(GMatchInfo) match = NULL;

      self->name = g_regex_match (regex, basename, 0, &match) ? g_match_info_fetch (match, 1)
                                                              : g_strdup (basename);
    }

  return g_steal_pointer (&self);
}

const char *
domus_bench_results_get_name (DomusBenchResults *self)
{
  g_return_val_if_fail (DOMUS_IS_BENCH_RESULTS (self), NULL);

  return self->name;
}

const char *
domus_bench_results_get_label (DomusBenchResults *self)
{
  g_return_val_if_fail (DOMUS_IS_BENCH_RESULTS (self), NULL);

  return self->label;
}

const char *
domus_bench_results_get_path (DomusBenchResults *self)
{
  g_return_val_if_fail (DOMUS_IS_BENCH_RESULTS (self), NULL);

  return self->path;
}

DomusBenchKind
domus_bench_results_get_kind (DomusBenchResults *self)
{
  g_return_val_if_fail (DOMUS_IS_BENCH_RESULTS (self), DOMUS_BENCH_LIFECYCLE);

  return self->kind;
}

double
domus_bench_results_get_sla_percent (DomusBenchResults *self)
{
  g_return_val_if_fail (DOMUS_IS_BENCH_RESULTS (self), NAN);

  return self->sla_percent;
}

GArray *
domus_bench_results_get_results (DomusBenchResults *self)
{
  g_return_val_if_fail (DOMUS_IS_BENCH_RESULTS (self), NULL);

  return self->results;
}

GListModel *
domus_bench_results_get_groups (DomusBenchResults *self)
{
  g_return_val_if_fail (DOMUS_IS_BENCH_RESULTS (self), NULL);

  return G_LIST_MODEL (self->groups);
}

guint
domus_bench_results_get_n_failed (DomusBenchResults *self)
{
  g_return_val_if_fail (DOMUS_IS_BENCH_RESULTS (self), 0);

  return self->n_failed;
}

const char *
domus_bench_results_get_first_error (DomusBenchResults *self)
{
  g_return_val_if_fail (DOMUS_IS_BENCH_RESULTS (self), NULL);

  return self->first_error;
}

/* Files */

char *
domus_bench_results_new_path (const char *dir,
                              const char *name,
                              GDateTime  *when)
{
  g_autoptr(GString) safe = g_string_new (NULL);
  g_autofree char *stamp = NULL;
  char *path;

  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (when != NULL, NULL);

  /* A file name of its own: no folders, no spaces, nothing hidden. */
  for (const char *p = name != NULL ? name : ""; *p != '\0'; p++)
    g_string_append_c (safe, g_ascii_isalnum (*p) || *p == '-' || *p == '_' || (*p == '.' && safe->len > 0)
                             ? *p : '_');
  if (safe->len == 0)
    g_string_append (safe, "benchmark");

  stamp = g_date_time_format (when, "%Y%m%d-%H%M%S");
  path = g_strdup_printf ("%s/%s-%s.jsonl", dir, safe->str, stamp);
  for (guint n = 2; g_file_test (path, G_FILE_TEST_EXISTS); n++)
    {
      g_free (path);
      path = g_strdup_printf ("%s/%s-%s-%u.jsonl", dir, safe->str, stamp, n);
    }
  return path;
}

char *
domus_bench_results_label_for_path (const char *path)
{
  g_autofree char *basename = g_path_get_basename (path);
  g_autoptr(GRegex) regex = g_regex_new (FILE_PATTERN, 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *name = NULL, *date = NULL, *time = NULL, *suffix = NULL;
  g_autofree char *when = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_regex_match (regex, basename, 0, &match))
    {
      if (g_str_has_suffix (basename, ".jsonl"))
        basename[strlen (basename) - strlen (".jsonl")] = '\0';
      return g_steal_pointer (&basename);
    }

  name = g_match_info_fetch (match, 1);
  date = g_match_info_fetch (match, 2);
  time = g_match_info_fetch (match, 3);
  suffix = g_match_info_fetch (match, 4);
  when = g_strdup_printf ("%.4s-%.2s-%.2s %.2s:%.2s:%.2s%s%s", date, date + 4, date + 6,
                          time, time + 2, time + 4,
                          suffix != NULL && suffix[0] != '\0' ? " #" : "",
                          suffix != NULL ? suffix : "");
  /* TRANSLATORS: a result set: the benchmark's name, then when it ran */
  return g_strdup_printf (_("%s, %s"), name, when);
}

typedef struct
{
  char *path;
  char *sort_key;
} Listed;

static int
compare_listed (gconstpointer a,
                gconstpointer b)
{
  const Listed *x = a, *y = b;

  return -strcmp (x->sort_key, y->sort_key);
}

GStrv
domus_bench_results_list (const char *dir)
{
  g_autoptr(GDir) handle = NULL;
  g_autoptr(GRegex) regex = g_regex_new (FILE_PATTERN, 0, 0, NULL);
  g_autoptr(GArray) listed = g_array_new (FALSE, FALSE, sizeof (Listed));
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char *name;

  g_return_val_if_fail (dir != NULL, NULL);

  if ((handle = g_dir_open (dir, 0, NULL)))
    while ((name = g_dir_read_name (handle)))
      {
        g_autoptr(GMatchInfo) match = NULL;
        Listed item;

        if (!g_str_has_suffix (name, ".jsonl"))
          continue;
        item.path = g_build_filename (dir, name, NULL);
        if (g_regex_match (regex, name, 0, &match))
          {
            g_autofree char *date = g_match_info_fetch (match, 2);
            g_autofree char *time = g_match_info_fetch (match, 3);
            g_autofree char *suffix = g_match_info_fetch (match, 4);

            item.sort_key = g_strdup_printf ("%s%s%08u", date, time,
                                             suffix != NULL ? (guint) atoi (suffix) : 0);
          }
        else
          {
            GStatBuf buf;
            g_autoptr(GDateTime) mtime = NULL;

            mtime = g_stat (item.path, &buf) == 0 ? g_date_time_new_from_unix_local (buf.st_mtime) : NULL;
            item.sort_key = mtime != NULL ? g_date_time_format (mtime, "%Y%m%d%H%M%S00000000")
                                          : g_strdup ("0");
          }
        g_array_append_val (listed, item);
      }

  g_array_sort (listed, compare_listed);
  for (guint i = 0; i < listed->len; i++)
    {
      Listed *item = &g_array_index (listed, Listed, i);

      g_strv_builder_add (builder, item->path);
      g_free (item->path);
      g_free (item->sort_key);
    }
  return g_strv_builder_end (builder);
}

/* CSV */

char *
domus_bench_results_format_csv (GListModel *groups)
{
  g_autoptr(DomusCsv) csv = domus_csv_new ();
  guint n;
  DomusBenchKind kind = DOMUS_BENCH_LIFECYCLE;

  g_return_val_if_fail (G_IS_LIST_MODEL (groups), NULL);

  n = g_list_model_get_n_items (groups);
  if (n > 0)
    {
      g_autoptr(DomusBenchGroup) first = g_list_model_get_item (groups, 0);

      kind = domus_bench_group_get_kind (first);
    }

  if (kind == DOMUS_BENCH_LIFECYCLE)
    domus_csv_add_row (csv, "set", "step", "memory_mib", "n", "failed", "mean_s", "median_s", "sd_s",
                       "min_s", "max_s", "p95_s", "p99_s", NULL);
  else
    domus_csv_add_row (csv, "set", "scenario", "domain", "n", "failed", "mean_pct", "median_pct",
                       "sd_pct", "min_pct", "max_pct", "p95_pct", "p99_pct", "sla_met", NULL);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DomusBenchGroup) group = g_list_model_get_item (groups, i);
      const DomusStats *stats = domus_bench_group_get_stats (group);

      domus_csv_add_field (csv, domus_bench_group_get_set_name (group));
      domus_csv_add_field (csv, domus_bench_group_get_category (group));
      if (kind == DOMUS_BENCH_LIFECYCLE)
        domus_csv_add_uint (csv, domus_bench_group_get_memory_mib (group));
      else
        domus_csv_add_field (csv, domus_bench_group_get_domain (group));
      domus_csv_add_uint (csv, stats->n);
      domus_csv_add_uint (csv, domus_bench_group_get_failed (group));
      domus_csv_add_double (csv, stats->mean);
      domus_csv_add_double (csv, stats->median);
      domus_csv_add_double (csv, stats->stddev);
      domus_csv_add_double (csv, stats->min);
      domus_csv_add_double (csv, stats->max);
      domus_csv_add_double (csv, stats->p95);
      domus_csv_add_double (csv, stats->p99);
      if (kind == DOMUS_BENCH_WORKLOAD)
        domus_csv_add_uint (csv, domus_bench_group_get_sla_met (group));
      domus_csv_end_row (csv);
    }
  return g_strdup (domus_csv_get_text (csv));
}
