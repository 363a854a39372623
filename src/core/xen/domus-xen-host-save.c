/* domus-xen-host-save.c: saving (a libxl operation, with progress and cancel), restore, migrate
 *
 * Part of DomusXenHost: see domus-xen-host-private.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-xen-host"

#include "config.h"

#include "domus-xen-host-private.h"   /* defines LIBXL_API_VERSION first */

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "domus-error.h"
#include "domus-partial-file.h"
#include "domus-xen-save.h"

/* Saving: a libxl asynchronous operation, so that Cancel can abort it. */

typedef struct
{
  DomusXenHost         *self;
  GTask                *task;
  DomusRequest         *request;
  char                 *partial;   /* written here, renamed when complete */
  int                   fd;
  int                   rc;
  double                reported;  /* progress shown so far */
  libxl_asyncop_how     how;
  gulong                cancel_id;
} SaveOp;

static void
save_op_free (SaveOp *op)
{
  if (op->fd >= 0)
    close (op->fd);
  g_free (op->partial);
  domus_request_free (op->request);
  g_clear_object (&op->task);
  g_clear_object (&op->self);
  g_free (op);
}

typedef struct
{
  DomusXenHost *self;
  double        fraction;
} Progress;

static gboolean
save_progress_cb (gpointer data)
{
  Progress *progress = data;

  /* libxl counts pages again for each pass and each step that reports;
   * the user sees one bar that never goes back, full only when done. */
  for (guint i = 0; i < progress->self->saves->len; i++)
    {
      SaveOp *op = g_ptr_array_index (progress->self->saves, i);
      double fraction = MIN (progress->fraction, 0.99);

      if (fraction > op->reported)
        {
          op->reported = fraction;
          domus_request_report (op->request, fraction);
        }
    }
  g_object_unref (progress->self);
  g_free (progress);
  return G_SOURCE_REMOVE;
}

void
logger_progress (xentoollog_logger *logger,
                 const char        *context,
                 const char        *doing_what,
                 int                percent,
                 unsigned long      done,
                 unsigned long      total)
{
  Logger *self = (Logger *) logger;
  Progress *progress = g_new0 (Progress, 1);

  /* libxl relays the save helper's page count here, on some thread. */
  progress->self = g_object_ref (self->host);
  progress->fraction = total > 0 ? (double) done / total : percent / 100.0;
  g_idle_add (save_progress_cb, progress);
}

/* After the stream: the domain is suspended; destroy it (saved) or let it
 * run again (a checkpoint, or failed or cancelled), as xl's save_domain()
 * does with suspend_cancel 1: the guest returns from its suspend hypercall
 * as if it had not happened, keeping its event channels and devices.
 * Blocking libxl calls, so on a worker thread. */
static void
save_finish_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  SaveOp *op = task_data;
  DomusXenHost *self = op->self;
  g_autoptr(GError) error = NULL;
  int rc;

  clear_last_error ();
  g_atomic_int_set (&self->settings_stale, TRUE);
  if (op->rc == 0)
    {
      if (!domus_partial_file_commit (op->partial, op->request->path, &error))
        libxl_domain_resume (self->ctx, op->request->domid, 1, NULL);
      else if (op->request->checkpoint)
        {
          if ((rc = libxl_domain_resume (self->ctx, op->request->domid, 1, NULL)) != 0)
            set_libxl_error (&error, rc, _("“%s” was saved, but cannot run again"), op->request->domain_name);
        }
      else if ((rc = libxl_domain_destroy (self->ctx, op->request->domid, NULL)) != 0)
        set_libxl_error (&error, rc, _("“%s” was saved, but cannot be destroyed"), op->request->domain_name);
    }
  else
    {
      g_unlink (op->partial);
      if (op->rc == ERROR_ABORTED)
        g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The save was cancelled"));
      else
        set_libxl_error (&error, op->rc, _("Cannot save “%s”"), op->request->domain_name);
      /* Running again as before, if it got as far as suspending. */
      libxl_domain_resume (self->ctx, op->request->domid, 1, NULL);
    }

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_int (task, 0);
}

static void
save_finished_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  SaveOp *op = user_data;
  g_autoptr(GError) error = NULL;

  if (g_task_propagate_int (G_TASK (result), &error) < 0)
    g_task_return_error (op->task, g_steal_pointer (&error));
  else
    {
      domus_request_report (op->request, 1.0);
      g_task_return_int (op->task, 0);
    }
  save_op_free (op);
}

static gboolean
save_done_idle_cb (gpointer data)
{
  SaveOp *op = data;
  g_autoptr(GTask) finish = g_task_new (op->self, NULL, save_finished_cb, op);

  if (op->cancel_id != 0)
    g_cancellable_disconnect (g_task_get_cancellable (op->task), op->cancel_id);
  op->cancel_id = 0;
  g_ptr_array_remove (op->self->saves, op);
  close (op->fd);
  op->fd = -1;
  g_task_set_task_data (finish, op, NULL);
  g_task_run_in_thread (finish, save_finish_thread);
  return G_SOURCE_REMOVE;
}

static void
save_done_cb (libxl_ctx *ctx,
              int        rc,
              void      *for_callback)
{
  SaveOp *op = for_callback;

  /* Any thread, even inside libxl_domain_suspend() on the main thread when
   * it ends at once: always carry on later, from the main context. */
  op->rc = rc;
  g_idle_add (save_done_idle_cb, op);
}

static void
save_cancelled_cb (GCancellable *cancellable,
                   gpointer      user_data)
{
  SaveOp *op = user_data;

  libxl_ao_abort (op->self->ctx, &op->how);
}

void
start_save (DomusXenHost       *self,
            const DomusRequest *request,
            GTask              *task)
{
  SaveOp *op = g_new0 (SaveOp, 1);
  libxl_domain_config config;
  g_autoptr(GError) error = NULL;
  char *json = NULL;
  int rc;

  op->self = g_object_ref (self);
  op->task = g_object_ref (task);
  op->request = domus_request_copy (request);
  op->fd = -1;

  clear_last_error ();
  libxl_domain_config_init (&config);
  if ((rc = libxl_retrieve_domain_configuration (self->ctx, request->domid, &config, NULL)) != 0
      || (json = libxl_domain_config_to_json (self->ctx, &config)) == NULL)
    set_libxl_error (&error, rc, _("Cannot read the configuration of “%s”"), request->domain_name);
  libxl_domain_config_dispose (&config);

  /* A new private temporary, renamed over the file only when complete. */
  if (error == NULL)
    op->fd = domus_xen_save_create (request->path, json, &op->partial, &error);
  free (json);

  if (error == NULL)
    {
      op->how.callback = save_done_cb;
      op->how.u.for_callback = op;
      g_ptr_array_add (self->saves, op);
      domus_request_report (request, 0.0);
      if ((rc = libxl_domain_suspend (self->ctx, request->domid, op->fd, 0, &op->how)) != 0)
        {
          g_ptr_array_remove (self->saves, op);
          set_libxl_error (&error, rc, _("Cannot save “%s”"), request->domain_name);
        }
    }

  if (error != NULL)
    {
      if (op->partial != NULL)
        g_unlink (op->partial);
      g_task_return_error (task, g_steal_pointer (&error));
      save_op_free (op);
      return;
    }

  if (g_task_get_cancellable (task) != NULL)
    op->cancel_id = g_cancellable_connect (g_task_get_cancellable (task),
                                           G_CALLBACK (save_cancelled_cb), op, NULL);
}

/* Restoring and migrating: xl itself does both (run_xl()). */

gint64
restore_domain (DomusXenHost        *self,
                const DomusRequest  *request,
                GCancellable        *cancellable,
                GError             **error)
{
  static const Milestone milestones[] = {
    { "Savefile contains", 0.1 },
    { "Parsing config", 0.2 },
    { NULL, 0 },
  };
  g_autofree char *name = NULL;
  g_autofree char *what = NULL;
  g_autofree char *renamed = NULL;
  const char *argv[] = { "xl", "restore", request->path, NULL };
  gint64 domid;

  if (!(name = domus_xen_save_read_name (request->path, error)))
    return -1;
  what = g_strdup_printf (_("Cannot restore “%s”"), name);
  /* xl restore has no option for another name: it restores a copy of the
   * file whose configuration carries it. */
  if (request->new_name != NULL)
    {
      if (!(renamed = domus_xen_save_copy_renamed (request->path, request->new_name, error)))
        return -1;
      argv[2] = renamed;
      g_free (name);
      name = g_strdup (request->new_name);
    }
  domid = run_xl_new_domain (self, name, argv, request, milestones, cancellable, what, error);
  if (renamed != NULL)
    g_unlink (renamed);
  return domid;
}

gboolean
migrate_domain (DomusXenHost        *self,
                const DomusRequest  *request,
                const char          *command,
                GCancellable        *cancellable,
                GError             **error)
{
  static const Milestone milestones[] = {
    { "Ready to receive domain", 0.1 },
    { "Saving to migration stream", 0.2 },
    { "Transfer complete", 0.8 },
    { "Target has acknowledged transfer", 0.9 },
    { "Migration successful", 1.0 },
    { NULL, 0 },
  };
  g_autofree char *domid = g_strdup_printf ("%u", request->domid);
  g_autofree char *what = g_strdup_printf (_("Cannot migrate “%s” to %s"),
                                           request->domain_name, request->target);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  g_ptr_array_add (argv, (char *) "xl");
  g_ptr_array_add (argv, (char *) "migrate");
  if (command != NULL)
    {
      g_ptr_array_add (argv, (char *) "-s");
      g_ptr_array_add (argv, (char *) command);
    }
  g_ptr_array_add (argv, domid);
  g_ptr_array_add (argv, request->target);
  g_ptr_array_add (argv, NULL);
  if (run_xl ((const char * const *) argv->pdata, request, milestones, cancellable, what, error))
    return TRUE;
  /* A live migration copies the guest's memory while it runs, then again
   * what it wrote meanwhile: Xen must track its writes ("log-dirty"). For a
   * PV guest, or an HVM one without hardware-assisted paging, that needs
   * shadow paging, which Debian's Xen is built without: xl's words for it
   * name neither, so Domus says what they mean. */
  if (error != NULL && strstr ((*error)->message, "Failed to enable logdirty") != NULL)
    {
      g_autofree char *xl_words = g_strdup (g_str_has_prefix ((*error)->message, what)
                                            ? (*error)->message + strlen (what)
                                            : (*error)->message);

      g_clear_error (error);
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_SUPPORTED,
                   _("%s: this Xen cannot track the memory the guest writes while it runs, so it "
                     "cannot live-migrate it: for this guest that needs shadow paging, and this Xen "
                     "is built without it (as Debian’s is). HVM guests migrate with "
                     "hardware-assisted paging; this one can be saved and restored on the other "
                     "host instead. xl said%s"),
                   what, xl_words);
    }
  return FALSE;
}
