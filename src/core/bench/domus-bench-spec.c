/* domus-bench-spec.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-bench-spec"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>

#include "domus-bench-spec.h"
#include "domus-error.h"
#include "domus-host-name.h"
#include "domus-input.h"
#include "domus-json-check.h"
#include "domus-limits.h"
#include "domus-process-run.h"

void
domus_bench_spec_free (DomusBenchSpec *spec)
{
  if (spec == NULL)
    return;

  g_free (spec->name);
  g_free (spec->config);
  g_array_unref (spec->memory_mib);
  g_strfreev (spec->steps);
  g_free (spec->ready_pattern);
  g_free (spec->migrate_to);
  g_free (spec->return_to);
  g_strfreev (spec->workload_domains);
  g_free (spec->command);
  g_free (spec->score_regex);
  g_clear_pointer (&spec->ssh, g_hash_table_unref);
  g_free (spec->identity_file);
  g_free (spec->known_hosts_file);
  g_ptr_array_unref (spec->scenarios);
  g_free (spec);
}

static void
setting_free (gpointer data)
{
  DomusBenchSetting *setting = data;

  g_free (setting->domain);
  g_free (setting->pin);
  g_free (setting);
}

static void
scenario_free (gpointer data)
{
  DomusBenchScenario *scenario = data;

  g_free (scenario->name);
  g_ptr_array_unref (scenario->settings);
  g_free (scenario);
}

static DomusBenchScenario *
scenario_new (const char *name)
{
  DomusBenchScenario *scenario = g_new0 (DomusBenchScenario, 1);

  scenario->name = g_strdup (name);
  scenario->settings = g_ptr_array_new_with_free_func (setting_free);
  return scenario;
}

/* Refuses the value of @key; @label, when not NULL, names the member of
 * the entry @key is (“weight” of "scenarios[0].settings[1]"). */
static gboolean
fail_value (GError     **error,
            const char  *key,
            const char  *label,
            const char  *reason)
{
  if (label == NULL)
    return domus_json_fail (error, key, "%s", reason);
  /* TRANSLATORS: a member of an entry, such as “weight”, then why its value is refused */
  return domus_json_fail (error, key, _("“%s” %s"), label, reason);
}

static gboolean
get_whole (JsonObject  *object,
           const char  *member,
           const char  *key,
           const char  *label,
           int          min,
           int          max,
           gint64      *value,
           GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autofree char *reason = NULL;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64
      || json_node_get_int (node) < min || json_node_get_int (node) > max)
    {
      reason = g_strdup_printf (_("must be a whole number from %d to %d"), min, max);
      return fail_value (error, key, label, reason);
    }
  *value = json_node_get_int (node);
  return TRUE;
}

static gboolean
get_count (JsonObject  *object,
           const char  *member,
           const char  *key,
           guint        max,
           guint       *value,
           GError     **error)
{
  gint64 count = *value;

  if (!get_whole (object, member, key, NULL, 1, (int) max, &count, error))
    return FALSE;
  *value = (guint) count;
  return TRUE;
}

/* A string that is not empty; @value is left as it is when @member is
 * absent. */
static gboolean
get_string (JsonObject  *object,
            const char  *member,
            const char  *key,
            const char  *label,
            char       **value,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return fail_value (error, key, label, _("must be a string"));
  if (*json_node_get_string (node) == '\0')
    return fail_value (error, key, label, _("must not be empty"));
  g_free (*value);
  *value = g_strdup (json_node_get_string (node));
  return TRUE;
}

static gboolean
get_boolean (JsonObject  *object,
             const char  *member,
             const char  *key,
             gboolean    *value,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return domus_json_fail (error, key, _("must be true or false"));
  *value = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
get_number (JsonObject  *object,
            const char  *member,
            const char  *key,
            const char  *label,
            double       min,
            double       max,
            double      *value,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL)
    return TRUE;
  /* json-glib reads 1e999 as infinity. */
  if (!JSON_NODE_HOLDS_VALUE (node)
      || (json_node_get_value_type (node) != G_TYPE_INT64
          && json_node_get_value_type (node) != G_TYPE_DOUBLE)
      || !isfinite (json_node_get_double (node))
      || json_node_get_double (node) < min || json_node_get_double (node) > max)
    {
      g_autofree char *reason = g_strdup_printf (_("must be a number from %g to %g"), min, max);

      return fail_value (error, key, label, reason);
    }
  *value = json_node_get_double (node);
  return TRUE;
}

/* What may follow each step: "create" first; "ready" right after it;
 * "restore" right after "save", "return" right after "migrate"; nothing
 * after the domain has gone (but "return" after "migrate"). */
static gboolean
check_steps (DomusBenchSpec  *spec,
             GError         **error)
{
  static const char * const known[] = {
    "create", "ready", "save", "restore", "checkpoint", "migrate", "return", "shutdown", "destroy",
    NULL
  };
  static const char * const gone[] = { "migrate", "shutdown", "destroy", NULL };
  guint n = g_strv_length (spec->steps);
  g_autoptr(GError) target_error = NULL;

  for (guint i = 0; i < n; i++)
    {
      const char *step = spec->steps[i];
      const char *previous = i > 0 ? spec->steps[i - 1] : NULL;

      if (!g_strv_contains (known, step))
        return domus_json_fail (error, "lifecycle.steps",
                                _("“%s” is not a step (create, ready, save, restore, checkpoint, migrate, return, shutdown, destroy)"),
                                step);
      if ((i == 0) != g_str_equal (step, "create"))
        return domus_json_fail (error, "lifecycle.steps", _("“create” comes first, and once"));
      if (g_str_equal (step, "ready") && g_strcmp0 (previous, "create") != 0)
        return domus_json_fail (error, "lifecycle.steps", _("“ready” comes right after “create”"));
      if (g_str_equal (step, "restore") != (g_strcmp0 (previous, "save") == 0))
        return domus_json_fail (error, "lifecycle.steps", _("“restore” comes right after “save”, and only there"));
      if (g_str_equal (step, "return") && g_strcmp0 (previous, "migrate") != 0)
        return domus_json_fail (error, "lifecycle.steps",
                                _("“return” comes right after “migrate”: it brings the domain back"));
      if (g_strcmp0 (previous, "migrate") == 0 && !g_str_equal (step, "return"))
        return domus_json_fail (error, "lifecycle.steps",
                                _("only “return” can follow “migrate”: the domain is on the other host"));
      if (previous != NULL && g_strv_contains (gone, previous) && !g_str_equal (previous, "migrate"))
        return domus_json_fail (error, "lifecycle.steps",
                                _("nothing can follow “%s”: the domain is gone"), previous);
    }
  if (n == 0 || !g_strv_contains (gone, spec->steps[n - 1]))
    return domus_json_fail (error, "lifecycle.steps",
                            _("must end with “destroy”, “shutdown” or “migrate”, so that each repetition starts afresh"));
  if (g_strv_contains ((const char * const *) spec->steps, "migrate") && spec->migrate_to == NULL)
    return domus_json_fail (error, "lifecycle.migrate_to", _("must name the host to migrate to"));
  if (spec->migrate_to != NULL && !domus_host_name_check (spec->migrate_to, &target_error))
    return domus_json_fail (error, "lifecycle.migrate_to", "%s", target_error->message);
  if (g_strv_contains ((const char * const *) spec->steps, "return") && spec->return_to == NULL)
    return domus_json_fail (error, "lifecycle.return_to",
                            _("must name this host as the host at “migrate_to” reaches it, for “return”"));
  if (spec->return_to != NULL && !domus_host_name_check (spec->return_to, &target_error))
    return domus_json_fail (error, "lifecycle.return_to", "%s", target_error->message);
  return TRUE;
}

static gboolean
parse_steps (JsonObject      *object,
             DomusBenchSpec  *spec,
             GError         **error)
{
  JsonNode *node = json_object_get_member (object, "steps");
  g_autoptr(GStrvBuilder) steps = g_strv_builder_new ();
  g_autoptr(GRegex) regex = NULL;
  g_autoptr(GError) regex_error = NULL;

  if (node == NULL)
    {
      g_strv_builder_add_many (steps, "create", "destroy", NULL);
    }
  else
    {
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        return domus_json_fail (error, "lifecycle.steps", _("must be a list of steps"));
      array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *step = json_array_get_element (array, i);

          if (!JSON_NODE_HOLDS_VALUE (step) || json_node_get_value_type (step) != G_TYPE_STRING)
            return domus_json_fail (error, "lifecycle.steps", _("must be a list of steps"));
          g_strv_builder_add (steps, json_node_get_string (step));
        }
    }
  spec->steps = g_strv_builder_end (steps);

  spec->ready_pattern = g_strdup ("login: ");
  spec->ready_timeout = 300;
  if (!get_string (object, "ready_pattern", "lifecycle.ready_pattern", NULL, &spec->ready_pattern,
                   error)
      || !get_count (object, "ready_timeout", "lifecycle.ready_timeout", 3600, &spec->ready_timeout, error)
      || !get_string (object, "migrate_to", "lifecycle.migrate_to", NULL, &spec->migrate_to, error)
      || !get_string (object, "return_to", "lifecycle.return_to", NULL, &spec->return_to, error))
    return FALSE;
  if (!(regex = g_regex_new (spec->ready_pattern, 0, 0, &regex_error)))
    return domus_json_fail (error, "lifecycle.ready_pattern", "%s", regex_error->message);
  return check_steps (spec, error);
}

static gboolean
parse_lifecycle (JsonNode        *node,
                 const char      *base_dir,
                 DomusBenchSpec  *spec,
                 GError         **error)
{
  static const char * const known[] = {
    "config", "memory_mib", "domains", "repetitions", "steps", "ready_pattern", "ready_timeout",
    "migrate_to", "return_to", NULL
  };
  g_autofree char *config = NULL;
  JsonObject *object;
  JsonNode *memory;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return domus_json_fail (error, "lifecycle", _("must be an object with at least a “config”"));
  object = json_node_get_object (node);
  if (!domus_json_check_members (object, "lifecycle", known, error))
    return FALSE;

  if (!json_object_has_member (object, "config"))
    return domus_json_fail (error, "lifecycle.config", _("must name an xl config file"));
  if (!get_string (object, "config", "lifecycle.config", NULL, &config, error))
    return FALSE;
  spec->config = g_path_is_absolute (config) ? g_strdup (config)
                                             : g_build_filename (base_dir, config, NULL);

  memory = json_object_get_member (object, "memory_mib");
  if (memory != NULL)
    {
      JsonArray *sizes;

      if (!JSON_NODE_HOLDS_ARRAY (memory))
        return domus_json_fail (error, "lifecycle.memory_mib", _("must be a list of sizes in MiB"));
      sizes = json_node_get_array (memory);
      for (guint i = 0; i < json_array_get_length (sizes); i++)
        {
          JsonNode *size = json_array_get_element (sizes, i);
          guint64 mib;

          if (!JSON_NODE_HOLDS_VALUE (size) || json_node_get_value_type (size) != G_TYPE_INT64
              || json_node_get_int (size) < 16 || json_node_get_int (size) > 16 * 1024 * 1024)
            return domus_json_fail (error, "lifecycle.memory_mib", _("sizes are whole MiB from 16 up"));
          mib = (guint64) json_node_get_int (size);
          g_array_append_val (spec->memory_mib, mib);
        }
    }

  return get_count (object, "domains", "lifecycle.domains", 100, &spec->domains, error)
         && get_count (object, "repetitions", "lifecycle.repetitions", 1000, &spec->repetitions, error)
         && parse_steps (object, spec, error);
}

static void
bench_ssh_free (gpointer data)
{
  DomusBenchSsh *ssh = data;

  g_free (ssh->destination);
  g_free (ssh);
}

static gboolean
parse_ssh (JsonObject      *object,
           DomusBenchSpec  *spec,
           GError         **error)
{
  static const char * const known[] = { "destination", "port", NULL };
  JsonNode *node = json_object_get_member (object, "ssh");
  JsonObject *hosts;

  if (spec->command == NULL)
    return node == NULL || domus_json_fail (error, "workload.ssh", _("goes with a “command”"));
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return domus_json_fail (error, "workload.ssh", _("must say where each domain is reached"));

  hosts = json_node_get_object (node);
  for (guint i = 0; spec->workload_domains[i] != NULL; i++)
    {
      const char *name = spec->workload_domains[i];
      g_autofree char *key = g_strdup_printf ("workload.ssh.%s", name);
      JsonNode *entry = json_object_get_member (hosts, name);
      g_autofree char *destination = NULL;
      JsonObject *entry_object;
      DomusBenchSsh *ssh;
      gint64 port = 0;

      if (entry == NULL || !JSON_NODE_HOLDS_OBJECT (entry))
        return domus_json_fail (error, key, _("is needed: {\"destination\": \"root@host\"}"));
      entry_object = json_node_get_object (entry);
      if (!domus_json_check_members (entry_object, key, known, error)
          || !get_whole (entry_object, "port", key, "port", 1, 65535, &port, error))
        return FALSE;
      if (!json_object_has_member (entry_object, "destination"))
        return domus_json_fail (error, key, _("needs a “destination”"));
      /* An empty one would leave ssh nothing to reach. */
      if (!get_string (entry_object, "destination", key, "destination", &destination, error))
        return FALSE;

      ssh = g_new0 (DomusBenchSsh, 1);
      ssh->destination = g_steal_pointer (&destination);
      ssh->port = (guint) port;
      g_hash_table_insert (spec->ssh, g_strdup (name), ssh);
    }
  return TRUE;
}

static gboolean
parse_workload (JsonNode        *node,
                DomusBenchSpec  *spec,
                GError         **error)
{
  static const char * const known[] = {
    "domains", "native", "sla_percent", "seconds", "command", "score_regex", "higher_is_better",
    "ssh", "identity_file", "known_hosts_file", "timeout", NULL
  };
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  JsonObject *object;
  JsonNode *domains, *native;
  double seconds = 30;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return domus_json_fail (error, "workload", _("must be an object with “domains” and “native”"));
  object = json_node_get_object (node);
  if (!domus_json_check_members (object, "workload", known, error))
    return FALSE;

  domains = json_object_get_member (object, "domains");
  if (domains == NULL || !JSON_NODE_HOLDS_ARRAY (domains)
      || json_array_get_length (json_node_get_array (domains)) == 0)
    return domus_json_fail (error, "workload.domains", _("must list the domains to run the workload in"));
  for (guint i = 0; i < json_array_get_length (json_node_get_array (domains)); i++)
    {
      JsonNode *name = json_array_get_element (json_node_get_array (domains), i);

      if (!JSON_NODE_HOLDS_VALUE (name) || json_node_get_value_type (name) != G_TYPE_STRING
          || *json_node_get_string (name) == '\0')
        return domus_json_fail (error, "workload.domains", _("must list domain names"));
      g_strv_builder_add (names, json_node_get_string (name));
    }
  spec->workload_domains = g_strv_builder_end (names);

  if (!json_object_has_member (object, "native"))
    return domus_json_fail (error, "workload.native", _("is needed: the score of the workload on bare metal"));
  native = json_object_get_member (object, "native");
  if (JSON_NODE_HOLDS_VALUE (native) && json_node_get_value_type (native) == G_TYPE_STRING
      && g_str_equal (json_node_get_string (native), "measure"))
    {
      spec->measure_native = TRUE;
      spec->native = NAN;
      if (!json_object_has_member (object, "command"))
        return domus_json_fail (error, "workload.native",
                                _("can be measured only with a “command”, which is run on this host"));
    }
  else if (!JSON_NODE_HOLDS_VALUE (native)
           || (json_node_get_value_type (native) != G_TYPE_INT64
               && json_node_get_value_type (native) != G_TYPE_DOUBLE)
           || !(json_node_get_double (native) > 0) || !isfinite (json_node_get_double (native)))
    /* Every score is a percentage of it. */
    return domus_json_fail (error, "workload.native", _("must be a score above 0, or “measure”"));
  else
    spec->native = json_node_get_double (native);
  if (!get_number (object, "sla_percent", "workload.sla_percent", NULL, 1, 100, &spec->sla_percent,
                   error)
      || !get_number (object, "seconds", "workload.seconds", NULL, 1, 86400, &seconds, error))
    return FALSE;
  spec->seconds = (guint) seconds;

  spec->higher_is_better = TRUE;
  if (!get_string (object, "command", "workload.command", NULL, &spec->command, error)
      || !get_string (object, "score_regex", "workload.score_regex", NULL, &spec->score_regex, error)
      || !get_boolean (object, "higher_is_better", "workload.higher_is_better",
                       &spec->higher_is_better, error)
      || !get_string (object, "identity_file", "workload.identity_file", NULL,
                      &spec->identity_file, error)
      || !get_string (object, "known_hosts_file", "workload.known_hosts_file", NULL,
                      &spec->known_hosts_file, error))
    return FALSE;
  /* A run with a command lasts as long as the command, within its limit. */
  if (spec->command != NULL && json_object_has_member (object, "seconds"))
    return domus_json_fail (error, "workload.seconds",
                            _("is the length of a run without a “command”; a command runs until "
                              "it ends, within its “timeout”"));
  if (spec->command == NULL && json_object_has_member (object, "timeout"))
    return domus_json_fail (error, "workload.timeout",
                            _("goes with a “command”: a run without one lasts its “seconds”"));
  spec->timeout = DOMUS_PROCESS_TIME_LIMIT;
  if (!get_count (object, "timeout", "workload.timeout", 86400, &spec->timeout, error))
    return FALSE;
  if (spec->command != NULL && spec->score_regex == NULL)
    return domus_json_fail (error, "workload.score_regex",
                            _("is needed with a “command”: it picks the score from the output"));
  if (spec->score_regex != NULL)
    {
      g_autoptr(GRegex) regex = g_regex_new (spec->score_regex, 0, 0, NULL);

      if (regex == NULL)
        return domus_json_fail (error, "workload.score_regex", _("is not a regular expression"));
    }
  return parse_ssh (object, spec, error);
}

static gboolean
parse_scenarios (JsonNode        *node,
                 DomusBenchSpec  *spec,
                 GError         **error)
{
  static const char * const known[] = { "name", "settings", NULL };
  static const char * const setting_known[] = { "domain", "weight", "cap", "vcpus", "pin", NULL };
  JsonArray *array;

  if (node == NULL)
    {
      g_ptr_array_add (spec->scenarios, scenario_new (_("as is")));
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) == 0)
    return domus_json_fail (error, "scenarios", _("must be a list of scenarios"));

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *where = g_strdup_printf ("scenarios[%u]", i);
      g_autofree char *name = g_strdup (where);
      g_autofree char *name_key = g_strdup_printf ("%s.name", where);
      JsonNode *element = json_array_get_element (array, i);
      DomusBenchScenario *scenario;
      JsonObject *object;
      JsonNode *settings;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        return domus_json_fail (error, where, _("must be an object"));
      object = json_node_get_object (element);
      if (!domus_json_check_members (object, where, known, error))
        return FALSE;

      if (!get_string (object, "name", name_key, NULL, &name, error))
        return FALSE;
      scenario = scenario_new (name);
      g_ptr_array_add (spec->scenarios, scenario);

      settings = json_object_get_member (object, "settings");
      if (settings != NULL && !JSON_NODE_HOLDS_ARRAY (settings))
        return domus_json_fail (error, where, _("“settings” must be a list"));
      for (guint j = 0; settings != NULL && j < json_array_get_length (json_node_get_array (settings)); j++)
        {
          g_autofree char *key = g_strdup_printf ("%s.settings[%u]", where, j);
          JsonNode *s_node = json_array_get_element (json_node_get_array (settings), j);
          g_autofree char *domain = NULL, *pin = NULL;
          DomusBenchSetting *setting;
          JsonObject *s_object;
          gint64 weight = -1, cap = -1, vcpus = -1;

          if (!JSON_NODE_HOLDS_OBJECT (s_node))
            return domus_json_fail (error, key, _("must be an object"));
          s_object = json_node_get_object (s_node);
          if (!domus_json_check_members (s_object, key, setting_known, error))
            return FALSE;
          if (!json_object_has_member (s_object, "domain"))
            return domus_json_fail (error, key, _("needs the “domain” it sets"));
          if (!get_string (s_object, "domain", key, "domain", &domain, error)
              || !get_whole (s_object, "weight", key, "weight", 1, 65535, &weight, error)
              || !get_whole (s_object, "cap", key, "cap", 0, 65535, &cap, error)
              || !get_whole (s_object, "vcpus", key, "vcpus", 1, 4096, &vcpus, error)
              || !get_string (s_object, "pin", key, "pin", &pin, error))
            return FALSE;

          setting = g_new0 (DomusBenchSetting, 1);
          setting->domain = g_steal_pointer (&domain);
          setting->weight = (int) weight;
          setting->cap = (int) cap;
          setting->vcpus = (int) vcpus;
          setting->pin = g_steal_pointer (&pin);
          g_ptr_array_add (scenario->settings, setting);
        }
    }
  return TRUE;
}

DomusBenchSpec *
domus_bench_spec_new_from_data (const char  *json,
                                const char  *base_dir,
                                GError     **error)
{
  static const char * const known[] = {
    "name", "kind", "repetitions", "lifecycle", "workload", "scenarios", NULL
  };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(DomusBenchSpec) spec = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *kind = g_strdup ("lifecycle");
  JsonObject *object;

  g_return_val_if_fail (json != NULL, NULL);

  if (!domus_json_parse (parser, json, -1, DOMUS_MAX_BENCH_SPEC_SIZE, &local_error))
    {
      g_set_error (error, DOMUS_ERROR, local_error->code, _("Not a valid JSON benchmark: %s"),
                   local_error->message);
      return NULL;
    }
  /* An empty text parses, to no root at all. */
  if (json_parser_get_root (parser) == NULL || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      domus_json_fail (error, _("benchmark"), _("must be a JSON object"));
      return NULL;
    }
  object = json_node_get_object (json_parser_get_root (parser));
  if (!domus_json_check_members (object, "", known, error))
    return NULL;

  spec = g_new0 (DomusBenchSpec, 1);
  spec->memory_mib = g_array_new (FALSE, FALSE, sizeof (guint64));
  spec->scenarios = g_ptr_array_new_with_free_func (scenario_free);
  spec->ssh = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, bench_ssh_free);
  spec->domains = 1;
  spec->repetitions = 5;
  spec->sla_percent = 80;
  spec->name = g_strdup ("benchmark");

  if (!get_string (object, "name", "name", NULL, &spec->name, error)
      || !get_string (object, "kind", "kind", NULL, &kind, error)
      || !get_count (object, "repetitions", "repetitions", 1000, &spec->repetitions, error))
    return NULL;

  if (g_strcmp0 (kind, "lifecycle") == 0)
    {
      spec->kind = DOMUS_BENCH_LIFECYCLE;
      if (!parse_lifecycle (json_object_get_member (object, "lifecycle"), base_dir, spec, error))
        return NULL;
    }
  else if (g_strcmp0 (kind, "workload") == 0)
    {
      spec->kind = DOMUS_BENCH_WORKLOAD;
      if (!parse_workload (json_object_get_member (object, "workload"), spec, error)
          || !parse_scenarios (json_object_get_member (object, "scenarios"), spec, error))
        return NULL;
    }
  else
    {
      domus_json_fail (error, "kind", _("“%s” is not a kind of benchmark (lifecycle or workload)"), kind);
      return NULL;
    }

  return g_steal_pointer (&spec);
}

DomusBenchSpec *
domus_bench_spec_new_from_file (const char  *path,
                                GError     **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) local_error = NULL;
  DomusBenchSpec *spec;

  if (!domus_input_read_file (path, DOMUS_MAX_BENCH_SPEC_SIZE, &contents, NULL, NULL, &local_error))
    {
      g_set_error (error, DOMUS_ERROR, local_error->code, _("Cannot read the benchmark “%s”: %s"),
                   path, local_error->message);
      return NULL;
    }
  if (!(spec = domus_bench_spec_new_from_data (contents, dir, &local_error)))
    {
      g_autofree char *basename = g_path_get_basename (path);
      g_set_error (error, DOMUS_ERROR, local_error->code, "%s: %s", basename, local_error->message);
    }
  return spec;
}
