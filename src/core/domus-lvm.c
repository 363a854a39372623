/* domus-lvm.c: see domus-lvm.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-lvm"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "domus-error.h"
#include "domus-lvm.h"

#define VGS_COLUMNS "vg_name,vg_size,vg_free"
#define LVS_COLUMNS "vg_name,lv_name,lv_size,origin,data_percent"

static char *tool_dir;   /* tests only: where the tools are, instead of PATH */

void
_domus_lvm_set_tool_dir (const char *dir)
{
  g_free (tool_dir);
  tool_dir = g_strdup (dir);
}

typedef struct
{
  char *program;
  char *out;           /* standard output, once done */
} Run;

static void
run_free (gpointer data)
{
  Run *run = data;

  g_free (run->program);
  g_free (run->out);
  g_free (run);
}

static void
communicate_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GSubprocess *process = G_SUBPROCESS (object);
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  GError *error = NULL;

  if (!g_subprocess_communicate_utf8_finish (process, result, &out, &err, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    {
      /* LVM's messages are indented: "  Volume group "x" not found". */
      g_strstrip (err != NULL ? err : (err = g_strdup ("")));
      g_task_return_new_error (task, DOMUS_ERROR, DOMUS_ERROR_FAILED, _("%s failed: %s"), run->program,
                               err[0] != '\0' ? err : _("it exited without saying why"));
      return;
    }
  run->out = g_steal_pointer (&out);
  g_task_return_boolean (task, TRUE);
}

/* Runs @argv, its standard output into the task's Run. */
static void
run_tool (const char * const  *argv,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  Run *run = g_new0 (Run, 1);

  run->program = g_strdup (argv[0]);
  g_task_set_task_data (task, run, run_free);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* Messages in English, which the errors quote; numbers with a point. */
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C", TRUE);
  /* LVM warns of file descriptors it did not expect: none is left open. */
  g_subprocess_launcher_setenv (launcher, "LVM_SUPPRESS_FD_WARNINGS", "1", TRUE);
  if (tool_dir != NULL)
    {
      g_autofree char *program = g_build_filename (tool_dir, argv[0], NULL);
      g_autoptr(GPtrArray) in_dir = g_ptr_array_new ();

      g_ptr_array_add (in_dir, program);
      for (guint i = 1; argv[i] != NULL; i++)
        g_ptr_array_add (in_dir, (gpointer) argv[i]);
      g_ptr_array_add (in_dir, NULL);
      process = g_subprocess_launcher_spawnv (launcher, (const char * const *) in_dir->pdata, &error);
      /* Not found there is as not found on PATH. */
      if (g_error_matches (error, G_SPAWN_ERROR, G_SPAWN_ERROR_NOEXEC) || g_error_matches (error, G_SPAWN_ERROR, G_SPAWN_ERROR_ACCES))
        error->code = G_SPAWN_ERROR_NOENT;
    }
  else
    process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  if (process == NULL)
    {
      if (g_error_matches (error, G_SPAWN_ERROR, G_SPAWN_ERROR_NOENT))
        g_task_return_new_error (task, DOMUS_ERROR, DOMUS_ERROR_NOT_SUPPORTED,
                                 _("LVM’s tools are not installed on this host (no “%s”): install Debian’s package lvm2 (apt install lvm2)"),
                                 argv[0]);
      else
        g_task_return_new_error (task, DOMUS_ERROR, DOMUS_ERROR_FAILED, _("Cannot run %s: %s"),
                                 argv[0], error->message);
      g_object_unref (task);
      return;
    }
  /* An empty standard input: a question LVM asks is answered "no". */
  g_subprocess_communicate_utf8_async (process, "", cancellable, communicate_cb, task);
}

static char *
run_tool_finish (GAsyncResult  *result,
                 GError       **error)
{
  Run *run = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  return g_steal_pointer (&run->out);
}

/* --- Reports --------------------------------------------------------------- */

/* The rows of a report: {"report": [{"@kind": [{…}, …]}]}. */
static JsonArray *
report_rows (JsonNode    *root,
             const char  *kind,
             const char  *tool,
             GError     **error)
{
  JsonObject *object;
  JsonArray *reports;
  JsonNode *first;

  if (!JSON_NODE_HOLDS_OBJECT (root)
      || (object = json_node_get_object (root)) == NULL
      || !json_object_has_member (object, "report")
      || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "report"))
      || json_array_get_length (reports = json_object_get_array_member (object, "report")) == 0
      || !JSON_NODE_HOLDS_OBJECT (first = json_array_get_element (reports, 0))
      || !json_object_has_member (json_node_get_object (first), kind)
      || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (first), kind)))
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE,
                   _("%s’s report has no list “report[0].%s”"), tool, kind);
      return NULL;
    }
  return json_object_get_array_member (json_node_get_object (first), kind);
}

static const char *
row_string (JsonObject *row,
            const char *column)
{
  JsonNode *node = json_object_get_member (row, column);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* A size in bytes, as --units b writes it ("4294967296", or "4294967296B"
 * without --nosuffix). */
static gboolean
row_bytes (JsonObject  *row,
           const char  *column,
           const char  *tool,
           guint        index,
           guint64     *out,
           GError     **error)
{
  const char *text = row_string (row, column);
  char *end = NULL;

  if (text != NULL && g_ascii_isdigit (text[0]))
    {
      *out = g_ascii_strtoull (text, &end, 10);
      if (*end == 'B')
        end++;
      if (*end == '\0')
        return TRUE;
    }
  g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE, _("%s’s row %u: “%s” is not a size in bytes (%s)"),
               tool, index, column, text != NULL ? text : "null");
  return FALSE;
}

static JsonNode *
parse_json (const char  *text,
            const char  *tool,
            GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, &local_error))
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE, _("%s’s report does not read as JSON: %s"),
                   tool, local_error != NULL ? local_error->message : _("it is empty"));
      return NULL;
    }
  return json_node_ref (json_parser_get_root (parser));
}

DomusStorageSample *
domus_lvm_parse_reports (const char  *vgs_json,
                         const char  *lvs_json,
                         GError     **error)
{
  g_autoptr(DomusStorageSample) sample = domus_storage_sample_new ();
  g_autoptr(JsonNode) vgs_root = NULL;
  g_autoptr(JsonNode) lvs_root = NULL;
  JsonArray *rows;

  if ((vgs_root = parse_json (vgs_json, "vgs", error)) == NULL
      || (lvs_root = parse_json (lvs_json, "lvs", error)) == NULL
      || (rows = report_rows (vgs_root, "vg", "vgs", error)) == NULL)
    return NULL;

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonNode *node = json_array_get_element (rows, i);
      JsonObject *row = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *name = row != NULL ? row_string (row, "vg_name") : NULL;
      guint64 size, free;

      if (name == NULL || name[0] == '\0')
        {
          g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE, _("%s’s row %u has no “%s”"), "vgs", i, "vg_name");
          return NULL;
        }
      if (!row_bytes (row, "vg_size", "vgs", i, &size, error)
          || !row_bytes (row, "vg_free", "vgs", i, &free, error))
        return NULL;
      domus_storage_sample_add_vg (sample, name, size, free);
    }

  if ((rows = report_rows (lvs_root, "lv", "lvs", error)) == NULL)
    return NULL;
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonNode *node = json_array_get_element (rows, i);
      JsonObject *row = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *vg = row != NULL ? row_string (row, "vg_name") : NULL;
      const char *name = row != NULL ? row_string (row, "lv_name") : NULL;
      const char *origin, *percent;
      DomusLvSample *lv;
      guint64 size;

      if (vg == NULL || name == NULL || vg[0] == '\0' || name[0] == '\0')
        {
          g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE, _("%s’s row %u has no “%s”"), "lvs", i,
                       vg == NULL || vg[0] == '\0' ? "vg_name" : "lv_name");
          return NULL;
        }
      if (!row_bytes (row, "lv_size", "lvs", i, &size, error))
        return NULL;
      lv = domus_storage_sample_add_lv (sample, vg, name, size);
      origin = row_string (row, "origin");
      percent = row_string (row, "data_percent");
      if (origin != NULL && origin[0] != '\0')
        {
          lv->origin = g_strdup (origin);
          /* An invalidated snapshot shows no Data%: it is full. */
          lv->data_percent = percent != NULL && percent[0] != '\0' ? g_ascii_strtod (percent, NULL) : 100;
        }
    }
  return g_steal_pointer (&sample);
}

typedef struct
{
  char *vgs;
} ReadState;

static void
read_state_free (gpointer data)
{
  ReadState *state = data;

  g_free (state->vgs);
  g_free (state);
}

static void
lvs_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ReadState *state = g_task_get_task_data (task);
  g_autofree char *lvs = NULL;
  DomusStorageSample *sample;
  GError *error = NULL;

  if ((lvs = run_tool_finish (result, &error)) == NULL
      || (sample = domus_lvm_parse_reports (state->vgs, lvs, &error)) == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, sample, (GDestroyNotify) domus_storage_sample_free);
}

static void
vgs_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ReadState *state = g_task_get_task_data (task);
  static const char * const argv[] = {
    "lvs", "--reportformat", "json", "--units", "b", "--nosuffix", "-o", LVS_COLUMNS, NULL,
  };
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *error = NULL;

  if ((state->vgs = run_tool_finish (result, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  run_tool (argv, cancellable, lvs_cb, g_steal_pointer (&task));
}

void
domus_lvm_read_async (GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  static const char * const argv[] = {
    "vgs", "--reportformat", "json", "--units", "b", "--nosuffix", "-o", VGS_COLUMNS, NULL,
  };
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, domus_lvm_read_async);
  g_task_set_task_data (task, g_new0 (ReadState, 1), read_state_free);
  run_tool (argv, cancellable, vgs_cb, task);
}

DomusStorageSample *
domus_lvm_read_finish (GAsyncResult  *result,
                       GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
change_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autofree char *out = NULL;
  GError *error = NULL;

  if ((out = run_tool_finish (result, &error)) == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
domus_lvm_change_async (const DomusVolumeSpec *create,
                        const char            *remove_vg,
                        const char            *remove_name,
                        GCancellable          *cancellable,
                        GAsyncReadyCallback    callback,
                        gpointer               user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);

  g_task_set_source_tag (task, domus_lvm_change_async);
  if (create != NULL)
    {
      g_ptr_array_add (argv, g_strdup ("lvcreate"));
      /* Answers LVM's question about an old signature on the new LV: wipe it. */
      g_ptr_array_add (argv, g_strdup ("--yes"));
      if (create->origin != NULL)
        g_ptr_array_add (argv, g_strdup ("--snapshot"));
      g_ptr_array_add (argv, g_strdup ("--size"));
      g_ptr_array_add (argv, g_strdup_printf ("%" G_GUINT64_FORMAT "b", create->size));
      g_ptr_array_add (argv, g_strdup ("--name"));
      g_ptr_array_add (argv, g_strdup (create->name));
      g_ptr_array_add (argv, create->origin != NULL ? g_strdup_printf ("%s/%s", create->vg, create->origin)
                                                    : g_strdup (create->vg));
    }
  else
    {
      g_ptr_array_add (argv, g_strdup ("lvremove"));
      g_ptr_array_add (argv, g_strdup ("--yes"));
      g_ptr_array_add (argv, g_strdup_printf ("%s/%s", remove_vg, remove_name));
    }
  g_ptr_array_add (argv, NULL);
  run_tool ((const char * const *) argv->pdata, cancellable, change_cb, task);
}

gboolean
domus_lvm_change_finish (GAsyncResult  *result,
                         GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
