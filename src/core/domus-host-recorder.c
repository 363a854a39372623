/* domus-host-recorder.c: every sample of a host written to a CSV file while it runs
 *
 * One write at a time: text that comes while one is under way waits in
 * @pending and goes with the next, so a slow disk costs memory, not the
 * main context's time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-host-recorder"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "domus-host-recorder.h"
#include "domus-top-csv.h"

struct _DomusHostRecorder
{
  GObject        parent_instance;

  DomusHost     *host;
  GFile         *file;
  GOutputStream *stream;
  GCancellable  *cancellable;
  GString       *pending;    /* written next */
  GBytes        *writing;    /* being written, or NULL */
  GTask         *stopping;   /* stop_async()'s, until the file is closed */
  GError        *error;
  guint          n_samples;
  gboolean       recording;
};

enum {
  PROP_0,
  PROP_N_SAMPLES,
  PROP_RECORDING,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (DomusHostRecorder, domus_host_recorder, G_TYPE_OBJECT)

static void flush (DomusHostRecorder *self);

static void
stop_taking (DomusHostRecorder *self)
{
  if (self->host != NULL)
    g_signal_handlers_disconnect_by_data (self->host, self);
  if (self->recording)
    {
      self->recording = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORDING]);
    }
}

static void
close_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(DomusHostRecorder) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = g_steal_pointer (&self->stopping);

  if (!g_output_stream_close_finish (G_OUTPUT_STREAM (source), result, &error) && self->error == NULL)
    {
      self->error = g_error_copy (error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
    }
  if (task == NULL)
    return;
  if (self->error != NULL)
    g_task_return_error (task, g_error_copy (self->error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
write_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(DomusHostRecorder) self = user_data;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->writing, g_bytes_unref);
  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error))
    {
      if (self->error == NULL)
        {
          g_autofree char *name = g_file_get_parse_name (self->file);

          self->error = g_error_new (error->domain, error->code, _("Cannot write “%s”: %s"), name,
                                     error->message);
          stop_taking (self);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
        }
      g_string_truncate (self->pending, 0);
    }
  flush (self);
}

/* Writes what waits; once stopping and nothing is left, closes the file. */
static void
flush (DomusHostRecorder *self)
{
  gsize size;

  if (self->writing != NULL || self->stream == NULL)
    return;
  if (self->pending->len > 0 && self->error == NULL)
    {
      self->writing = g_string_free_to_bytes (self->pending);
      self->pending = g_string_new (NULL);
      g_output_stream_write_all_async (self->stream, g_bytes_get_data (self->writing, &size),
                                       g_bytes_get_size (self->writing), G_PRIORITY_DEFAULT, self->cancellable,
                                       write_cb, g_object_ref (self));
      return;
    }
  if (self->stopping != NULL && !g_output_stream_is_closed (self->stream)
      && !g_output_stream_is_closing (self->stream))
    g_output_stream_close_async (self->stream, G_PRIORITY_DEFAULT, NULL, close_cb, g_object_ref (self));
}

static void
take_sample (DomusHostRecorder *self)
{
  g_autoptr(DomusCsv) csv = domus_csv_new ();

  domus_top_csv_add_sample (csv, self->host);
  g_string_append (self->pending, domus_csv_get_text (csv));
  self->n_samples++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SAMPLES]);
  flush (self);
}

static void
domus_host_recorder_dispose (GObject *object)
{
  DomusHostRecorder *self = DOMUS_HOST_RECORDER (object);

  stop_taking (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->host);

  G_OBJECT_CLASS (domus_host_recorder_parent_class)->dispose (object);
}

static void
domus_host_recorder_finalize (GObject *object)
{
  DomusHostRecorder *self = DOMUS_HOST_RECORDER (object);

  g_clear_object (&self->file);
  g_clear_object (&self->stream);
  g_clear_object (&self->cancellable);
  g_string_free (self->pending, TRUE);
  g_clear_pointer (&self->writing, g_bytes_unref);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (domus_host_recorder_parent_class)->finalize (object);
}

static void
domus_host_recorder_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  DomusHostRecorder *self = DOMUS_HOST_RECORDER (object);

  switch (prop_id)
    {
    case PROP_N_SAMPLES: g_value_set_uint (value, self->n_samples); break;
    case PROP_RECORDING: g_value_set_boolean (value, self->recording); break;
    case PROP_ERROR: g_value_set_boxed (value, self->error); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
domus_host_recorder_class_init (DomusHostRecorderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = domus_host_recorder_dispose;
  object_class->finalize = domus_host_recorder_finalize;
  object_class->get_property = domus_host_recorder_get_property;

  properties[PROP_N_SAMPLES] = g_param_spec_uint ("n-samples", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_RECORDING] = g_param_spec_boolean ("recording", NULL, NULL, FALSE, ro);
  properties[PROP_ERROR] = g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
domus_host_recorder_init (DomusHostRecorder *self)
{
  self->pending = g_string_new (NULL);
  self->cancellable = g_cancellable_new ();
}

static void
replaced_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileOutputStream) stream = g_file_replace_finish (G_FILE (source), result, &error);
  g_autoptr(DomusHostRecorder) self = NULL;
  g_autoptr(DomusCsv) header = domus_csv_new ();
  DomusHost *host = g_task_get_task_data (task);

  if (stream == NULL)
    {
      g_autofree char *name = g_file_get_parse_name (G_FILE (source));
      /* GIO's words name the file again ("Error opening file “…”: No such
       * file or directory"): the reason is what follows the last colon. */
      const char *why = g_strrstr (error->message, ": ");

      g_task_return_new_error (task, error->domain, error->code, _("Cannot record to “%s”: %s"), name,
                               why != NULL ? why + 2 : error->message);
      return;
    }
  self = g_object_new (DOMUS_TYPE_HOST_RECORDER, NULL);
  self->host = g_object_ref (host);
  self->file = g_object_ref (G_FILE (source));
  self->stream = G_OUTPUT_STREAM (g_steal_pointer (&stream));
  self->recording = TRUE;
  domus_top_csv_add_header (header);
  g_string_append (self->pending, domus_csv_get_text (header));
  if (domus_host_is_ready (host))
    take_sample (self);
  else
    flush (self);
  g_signal_connect_swapped (host, "refreshed", G_CALLBACK (take_sample), self);
  g_task_return_pointer (task, g_steal_pointer (&self), g_object_unref);
}

void
domus_host_recorder_start_async (DomusHost           *host,
                                 GFile               *file,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (DOMUS_IS_HOST (host));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, domus_host_recorder_start_async);
  g_task_set_task_data (task, g_object_ref (host), g_object_unref);
  g_file_replace_async (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, G_PRIORITY_DEFAULT, cancellable,
                        replaced_cb, task);
}

DomusHostRecorder *
domus_host_recorder_start_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

DomusHost *
domus_host_recorder_get_host (DomusHostRecorder *self)
{
  g_return_val_if_fail (DOMUS_IS_HOST_RECORDER (self), NULL);

  return self->host;
}

GFile *
domus_host_recorder_get_file (DomusHostRecorder *self)
{
  g_return_val_if_fail (DOMUS_IS_HOST_RECORDER (self), NULL);

  return self->file;
}

guint
domus_host_recorder_get_n_samples (DomusHostRecorder *self)
{
  g_return_val_if_fail (DOMUS_IS_HOST_RECORDER (self), 0);

  return self->n_samples;
}

gboolean
domus_host_recorder_is_recording (DomusHostRecorder *self)
{
  g_return_val_if_fail (DOMUS_IS_HOST_RECORDER (self), FALSE);

  return self->recording;
}

const GError *
domus_host_recorder_get_error (DomusHostRecorder *self)
{
  g_return_val_if_fail (DOMUS_IS_HOST_RECORDER (self), NULL);

  return self->error;
}

void
domus_host_recorder_stop_async (DomusHostRecorder   *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DOMUS_IS_HOST_RECORDER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, domus_host_recorder_stop_async);
  if (self->stopping != NULL || g_output_stream_is_closed (self->stream))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CLOSED, _("The recording is stopped already"));
      return;
    }
  stop_taking (self);
  self->stopping = g_steal_pointer (&task);
  flush (self);
}

gboolean
domus_host_recorder_stop_finish (DomusHostRecorder  *self,
                                 GAsyncResult       *result,
                                 GError            **error)
{
  g_return_val_if_fail (DOMUS_IS_HOST_RECORDER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
