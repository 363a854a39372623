/* domus-bench-spec.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-bench-spec"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "domus-bench-spec.h"
#include "domus-error.h"

void
domus_bench_spec_free (DomusBenchSpec *spec)
{
  if (spec == NULL)
    return;

  g_free (spec->name);
  g_free (spec->config);
  g_array_unref (spec->memory_mib);
  g_free (spec);
}

G_GNUC_PRINTF (3, 4) static gboolean
fail (GError     **error,
      const char  *key,
      const char  *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  /* TRANSLATORS: a key of a benchmark file, such as "lifecycle.domains", then why it is refused */
  g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE, _("%s: %s"), key, message);
  return FALSE;
}

static gboolean
get_count (JsonObject  *object,
           const char  *member,
           const char  *key,
           guint        max,
           guint       *value,
           GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64
      || json_node_get_int (node) < 1 || json_node_get_int (node) > max)
    return fail (error, key, _("must be a whole number from 1 to %u"), max);
  *value = (guint) json_node_get_int (node);
  return TRUE;
}

static gboolean
check_members (JsonObject         *object,
               const char         *where,
               const char * const *known,
               GError            **error)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (known, l->data))
      {
        g_autofree char *key = where[0] ? g_strdup_printf ("%s.%s", where, (char *) l->data)
                                        : g_strdup (l->data);
        return fail (error, key, _("unknown key"));
      }
  return TRUE;
}

static gboolean
parse_lifecycle (JsonNode        *node,
                 const char      *base_dir,
                 DomusBenchSpec  *spec,
                 GError         **error)
{
  static const char * const known[] = { "config", "memory_mib", "domains", "repetitions", NULL };
  JsonObject *object;
  JsonNode *config, *memory;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return fail (error, "lifecycle", _("must be an object with at least a “config”"));
  object = json_node_get_object (node);
  if (!check_members (object, "lifecycle", known, error))
    return FALSE;

  config = json_object_get_member (object, "config");
  if (config == NULL || !JSON_NODE_HOLDS_VALUE (config)
      || json_node_get_value_type (config) != G_TYPE_STRING)
    return fail (error, "lifecycle.config", _("must name an xl config file"));
  spec->config = g_path_is_absolute (json_node_get_string (config))
    ? g_strdup (json_node_get_string (config))
    : g_build_filename (base_dir, json_node_get_string (config), NULL);

  memory = json_object_get_member (object, "memory_mib");
  if (memory != NULL)
    {
      JsonArray *sizes;

      if (!JSON_NODE_HOLDS_ARRAY (memory))
        return fail (error, "lifecycle.memory_mib", _("must be a list of sizes in MiB"));
      sizes = json_node_get_array (memory);
      for (guint i = 0; i < json_array_get_length (sizes); i++)
        {
          JsonNode *size = json_array_get_element (sizes, i);
          guint64 mib;

          if (!JSON_NODE_HOLDS_VALUE (size) || json_node_get_value_type (size) != G_TYPE_INT64
              || json_node_get_int (size) < 16 || json_node_get_int (size) > 16 * 1024 * 1024)
            return fail (error, "lifecycle.memory_mib", _("sizes are whole MiB from 16 up"));
          mib = (guint64) json_node_get_int (size);
          g_array_append_val (spec->memory_mib, mib);
        }
    }

  return get_count (object, "domains", "lifecycle.domains", 100, &spec->domains, error)
         && get_count (object, "repetitions", "lifecycle.repetitions", 1000, &spec->repetitions, error);
}

DomusBenchSpec *
domus_bench_spec_new_from_data (const char  *json,
                                const char  *base_dir,
                                GError     **error)
{
  static const char * const known[] = { "name", "kind", "lifecycle", NULL };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(DomusBenchSpec) spec = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *object;
  const char *kind;

  g_return_val_if_fail (json != NULL, NULL);

  if (!json_parser_load_from_data (parser, json, -1, &local_error))
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE, _("Not a valid JSON benchmark: %s"),
                   local_error->message);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      fail (error, _("benchmark"), _("must be a JSON object"));
      return NULL;
    }
  object = json_node_get_object (json_parser_get_root (parser));
  if (!check_members (object, "", known, error))
    return NULL;

  spec = g_new0 (DomusBenchSpec, 1);
  spec->memory_mib = g_array_new (FALSE, FALSE, sizeof (guint64));
  spec->domains = 1;
  spec->repetitions = 5;
  spec->name = g_strdup (json_object_get_string_member_with_default (object, "name", "benchmark"));

  kind = json_object_get_string_member_with_default (object, "kind", "lifecycle");
  if (g_strcmp0 (kind, "lifecycle") != 0)
    {
      fail (error, "kind", _("“%s” is not a kind of benchmark this version runs (lifecycle)"), kind);
      return NULL;
    }
  if (!parse_lifecycle (json_object_get_member (object, "lifecycle"), base_dir, spec, error))
    return NULL;

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

  if (!g_file_get_contents (path, &contents, NULL, &local_error))
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND, _("Cannot read the benchmark: %s"),
                   local_error->message);
      return NULL;
    }
  if (!(spec = domus_bench_spec_new_from_data (contents, dir, &local_error)))
    {
      g_autofree char *basename = g_path_get_basename (path);
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE, "%s: %s", basename, local_error->message);
    }
  return spec;
}
