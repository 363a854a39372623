/* domus-clone.c: see domus-clone.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-clone"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "domus-clone.h"
#include "domus-error.h"
#include "xlcfg/domus-xl-config.h"
#include "xlcfg/domus-xl-disk.h"

#define MIB (G_GUINT64_CONSTANT (1024) * 1024)

GStrv
domus_clone_names (const char *base,
                   guint       count)
{
  GStrv names = g_new0 (char *, MAX (count, 1) + 1);

  g_return_val_if_fail (base != NULL, names);

  if (count <= 1)
    names[0] = g_strdup (base);
  else
    for (guint i = 0; i < count; i++)
      names[i] = g_strdup_printf ("%s%u", base, i + 1);
  return names;
}

char *
domus_clone_random_mac (void)
{
  guint32 bits = g_random_int ();

  return g_strdup_printf ("00:16:3e:%02x:%02x:%02x", (bits >> 16) & 0x7f, (bits >> 8) & 0xff, bits & 0xff);
}

/* A vif spec with its mac= replaced, or one added. */
static char *
vif_with_fresh_mac (const char *vif)
{
  g_auto(GStrv) parts = g_strsplit (vif, ",", -1);
  g_autofree char *mac = domus_clone_random_mac ();
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_free);
  gboolean replaced = FALSE;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *part = g_strstrip (parts[i]);

      if (g_str_has_prefix (part, "mac="))
        {
          g_ptr_array_add (out, g_strdup_printf ("mac=%s", mac));
          replaced = TRUE;
        }
      else if (part[0] != '\0')
        g_ptr_array_add (out, g_strdup (part));
    }
  if (!replaced)
    g_ptr_array_add (out, g_strdup_printf ("mac=%s", mac));
  g_ptr_array_add (out, NULL);
  return g_strjoinv (",", (char **) out->pdata);
}

char *
domus_clone_config_text (const char          *text,
                         const char          *display_name,
                         const char          *name,
                         const char * const  *disks,
                         GError             **error)
{
  g_autoptr(DomusXlConfig) config = domus_xl_config_new_from_data (text, display_name, error);
  g_auto(GStrv) vifs = NULL;

  if (config == NULL)
    return NULL;
  domus_xl_config_set_string (config, "name", name);
  if (disks != NULL)
    domus_xl_config_set_list (config, "disk", disks);
  if ((vifs = domus_xl_config_get_list (config, "vif")) != NULL)
    {
      for (guint i = 0; vifs[i] != NULL; i++)
        {
          char *fresh = vif_with_fresh_mac (vifs[i]);

          g_free (vifs[i]);
          vifs[i] = fresh;
        }
      domus_xl_config_set_list (config, "vif", (const char * const *) vifs);
    }
  /* xl gives a domain with no uuid a new one. */
  domus_xl_config_remove_key (config, "uuid");
  return domus_xl_config_to_data (config);
}

/* --- The recipe ------------------------------------------------------------ */

typedef enum
{
  DISK_LV,
  DISK_FILE,
} DiskKind;

typedef struct
{
  DiskKind  kind;
  guint     index;      /* in the config's disk list */
  char     *target;     /* the source's */
  char     *vg;         /* DISK_LV */
  char     *origin;     /* DISK_LV: the LV */
  guint64   size;       /* DISK_LV: the snapshot's */
} Disk;

typedef struct
{
  DomusHost          *host;
  char               *source;
  char               *config_path;
  char               *config_text;
  GStrv               disk_specs;   /* the source's */
  GArray             *disks;        /* Disk, those to copy */
  GStrv               names;
  gboolean            start;
  DomusCloneProgress  progress;
  gpointer            progress_data;

  guint               clone;        /* index in names */
  guint               disk;         /* index in disks */
  GStrv               new_specs;    /* the clone's disk list, as made */
  GPtrArray          *made_lvs;     /* "vg/name" of this clone, undone on failure */
  GPtrArray          *made_files;   /* paths of this clone, undone on failure */
  GPtrArray          *written;      /* config paths, the result */
  GError             *error;        /* kept while undoing */
} Clone;

static void
disk_clear (gpointer data)
{
  Disk *disk = data;

  g_free (disk->target);
  g_free (disk->vg);
  g_free (disk->origin);
}

static void
clone_free (gpointer data)
{
  Clone *clone = data;

  g_clear_object (&clone->host);
  g_free (clone->source);
  g_free (clone->config_path);
  g_free (clone->config_text);
  g_strfreev (clone->disk_specs);
  g_clear_pointer (&clone->disks, g_array_unref);
  g_strfreev (clone->names);
  g_strfreev (clone->new_specs);
  g_clear_pointer (&clone->made_lvs, g_ptr_array_unref);
  g_clear_pointer (&clone->made_files, g_ptr_array_unref);
  g_clear_pointer (&clone->written, g_ptr_array_unref);
  g_clear_error (&clone->error);
  g_free (clone);
}

static void
report (Clone      *clone,
        double      within,
        const char *format,
        ...) G_GNUC_PRINTF (3, 4);

static void
report (Clone      *clone,
        double      within,
        const char *format,
        ...)
{
  g_autofree char *what = NULL;
  guint n = g_strv_length (clone->names);
  va_list args;

  if (clone->progress == NULL)
    return;
  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  if (n > 1 && clone->clone < n)
    {
      /* TRANSLATORS: a step of a clone ("Creating web2"), then which clone of how many */
      g_autofree char *counted = g_strdup_printf (_("%s (%u of %u)"), what, clone->clone + 1, n);

      g_free (what);
      what = g_steal_pointer (&counted);
    }
  clone->progress (what, (clone->clone + CLAMP (within, 0, 1)) / n, clone->progress_data);
}

/* The clone's file beside @target: the source's name in its file name
 * replaced by the clone's ("debian10.img" → "clone1.img"), or the clone's
 * name with the file's extension. */
static char *
clone_file_path (const char *target,
                 const char *source,
                 const char *name)
{
  g_autofree char *dir = g_path_get_dirname (target);
  g_autofree char *base = g_path_get_basename (target);
  const char *found = strstr (base, source);
  const char *dot = strrchr (base, '.');
  g_autofree char *fresh = NULL;

  if (found != NULL)
    fresh = g_strdup_printf ("%.*s%s%s", (int) (found - base), base, name, found + strlen (source));
  else
    fresh = g_strdup_printf ("%s%s", name, dot != NULL ? dot : ".img");
  return g_build_filename (dir, fresh, NULL);
}

/* Which disks of the config are copied, and how; checked before anything
 * is made. */
static gboolean
plan_disks (Clone    *clone,
            guint64   snapshot_size,
            GError  **error)
{
  clone->disks = g_array_new (FALSE, TRUE, sizeof (Disk));
  g_array_set_clear_func (clone->disks, disk_clear);

  for (guint i = 0; clone->disk_specs != NULL && clone->disk_specs[i] != NULL; i++)
    {
      gboolean cdrom = FALSE;
      g_autofree char *target = domus_xl_disk_get_target (clone->disk_specs[i], NULL, &cdrom);
      DomusLogicalVolume *lv;
      Disk disk = { 0 };

      if (cdrom || target == NULL)
        continue;   /* the installer, shared */
      disk.index = i;
      disk.target = g_strdup (target);
      if ((lv = domus_host_lookup_volume (clone->host, target)) != NULL)
        {
          if (domus_logical_volume_is_snapshot (lv))
            {
              g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_SUPPORTED,
                           _("The disk %s of “%s” is a snapshot itself: LVM takes snapshots only of ordinary volumes"),
                           target, clone->source);
              disk_clear (&disk);
              return FALSE;
            }
          disk.kind = DISK_LV;
          disk.vg = g_strdup (domus_logical_volume_get_vg_name (lv));
          disk.origin = g_strdup (domus_logical_volume_get_name (lv));
          disk.size = snapshot_size;
          if (disk.size == 0)
            /* A share of the origin, in whole MiB. */
            disk.size = (domus_logical_volume_get_size (lv) * DOMUS_CLONE_DEFAULT_SNAPSHOT_PERCENT / 100 + MIB - 1)
                        / MIB * MIB;
        }
      else if (g_file_test (target, G_FILE_TEST_IS_REGULAR))
        disk.kind = DISK_FILE;
      else
        {
          g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_SUPPORTED,
                       _("Cannot clone the disk %s of “%s”: it is neither a logical volume of this host’s LVM nor an image file"),
                       target, clone->source);
          disk_clear (&disk);
          return FALSE;
        }
      g_array_append_val (clone->disks, disk);
    }
  if (clone->disks->len == 0)
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND,
                   _("“%s” has no disk to clone in its config"), clone->source);
      return FALSE;
    }
  return TRUE;
}

static void next_step (GTask *task);

static void
undone_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Clone *clone = g_task_get_task_data (task);

  domus_host_remove_volume_finish (clone->host, result, NULL);
  g_ptr_array_remove_index (clone->made_lvs, clone->made_lvs->len - 1);
  if (clone->made_lvs->len > 0)
    {
      g_auto(GStrv) parts = g_strsplit (g_ptr_array_index (clone->made_lvs, clone->made_lvs->len - 1), "/", 2);

      domus_host_remove_volume_async (clone->host, parts[0], parts[1], NULL, undone_cb, g_steal_pointer (&task));
      return;
    }
  g_task_return_error (task, g_steal_pointer (&clone->error));
}

/* Fails with @error once what this clone made is removed. */
static void
fail (GTask  *task,
      GError *error)
{
  Clone *clone = g_task_get_task_data (task);

  clone->error = error;
  for (guint i = 0; i < clone->made_files->len; i++)
    g_unlink (g_ptr_array_index (clone->made_files, i));
  if (clone->made_lvs->len > 0)
    {
      g_auto(GStrv) parts = g_strsplit (g_ptr_array_index (clone->made_lvs, clone->made_lvs->len - 1), "/", 2);

      domus_host_remove_volume_async (clone->host, parts[0], parts[1], NULL, undone_cb, task);
      return;
    }
  g_task_return_error (task, g_steal_pointer (&clone->error));
  g_object_unref (task);
}

static void
created_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  Clone *clone = g_task_get_task_data (task);
  GError *error = NULL;

  if (domus_host_request_finish (clone->host, result, &error) < 0)
    {
      /* The clone's disks and config stay: it was written whole. */
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  clone->clone++;
  next_step (task);
}

static void
create_progress_cb (double   fraction,
                    gpointer data)
{
  Clone *clone = data;

  report (clone, 0.5 + fraction / 2, _("Creating %s"), clone->names[clone->clone]);
}

static void
write_config (GTask *task)
{
  Clone *clone = g_task_get_task_data (task);
  const char *name = clone->names[clone->clone];
  g_autofree char *dir = g_path_get_dirname (clone->config_path);
  g_autofree char *basename = g_path_get_basename (clone->config_path);
  g_autofree char *file = g_strdup_printf ("%s.cfg", name);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autofree char *text = NULL;
  g_autoptr(DomusXlConfig) config = NULL;
  GError *error = NULL;

  report (clone, clone->start ? 0.45 : 0.9, _("Writing %s"), file);
  text = domus_clone_config_text (clone->config_text, basename, name,
                                  (const char * const *) clone->new_specs, &error);
  if (text == NULL || (config = domus_xl_config_new_from_data (text, file, &error)) == NULL
      || !domus_xl_config_save (config, path, TRUE, &error))
    {
      fail (task, error);
      return;
    }
  g_ptr_array_add (clone->written, g_strdup (path));
  g_clear_pointer (&clone->new_specs, g_strfreev);

  if (!clone->start)
    {
      clone->clone++;
      next_step (task);
      return;
    }
  {
    DomusRequest *request = domus_request_new (DOMUS_REQUEST_CREATE);

    report (clone, 0.5, _("Creating %s"), name);
    request->path = g_strdup (path);
    request->progress = create_progress_cb;
    request->progress_data = clone;
    domus_host_request_async (clone->host, request, g_task_get_cancellable (task), created_cb, task);
  }
}

static void
disk_done (GTask  *task,
           char   *target)
{
  Clone *clone = g_task_get_task_data (task);
  const Disk *disk = &g_array_index (clone->disks, Disk, clone->disk);
  char *spec = domus_xl_disk_with_target (clone->disk_specs[disk->index], target);

  g_free (clone->new_specs[disk->index]);
  clone->new_specs[disk->index] = spec;
  g_free (target);
  clone->disk++;
  next_step (task);
}

static void
snapshot_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  Clone *clone = g_task_get_task_data (task);
  const Disk *disk = &g_array_index (clone->disks, Disk, clone->disk);
  const char *name = clone->names[clone->clone];
  GError *error = NULL;

  if (!domus_host_create_volume_finish (clone->host, result, &error))
    {
      fail (task, error);
      return;
    }
  g_ptr_array_add (clone->made_lvs, g_strdup_printf ("%s/%s", disk->vg, name));
  disk_done (task, domus_storage_lv_path (disk->vg, name));
}

typedef struct
{
  GTask *task;
  char  *path;
} Copy;

static void
copy_progress_cb (goffset  current,
                  goffset  total,
                  gpointer data)
{
  Copy *copy = data;
  Clone *clone = g_task_get_task_data (copy->task);
  g_autofree char *base = g_path_get_basename (copy->path);

  report (clone, total > 0 ? 0.4 * current / total : 0, _("Copying the image as %s"), base);
}

static void
copied_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Copy *copy = user_data;
  GTask *task = copy->task;
  Clone *clone = g_task_get_task_data (task);
  char *path = copy->path;
  GError *error = NULL;

  g_free (copy);
  if (!g_file_copy_finish (G_FILE (object), result, &error))
    {
      g_free (path);
      fail (task, error);
      return;
    }
  g_ptr_array_add (clone->made_files, g_strdup (path));
  disk_done (task, path);
}

static void
copy_disk (GTask *task)
{
  Clone *clone = g_task_get_task_data (task);
  const Disk *disk = &g_array_index (clone->disks, Disk, clone->disk);
  const char *name = clone->names[clone->clone];

  if (disk->kind == DISK_LV)
    {
      DomusVolumeSpec spec = { disk->vg, name, disk->size, disk->origin };

      report (clone, 0.1, _("Snapshot of %s/%s as %s"), disk->vg, disk->origin, name);
      domus_host_create_volume_async (clone->host, &spec, g_task_get_cancellable (task), snapshot_cb, task);
    }
  else
    {
      Copy *copy = g_new0 (Copy, 1);
      g_autoptr(GFile) from = g_file_new_for_path (disk->target);
      g_autoptr(GFile) to = NULL;

      copy->task = task;
      copy->path = clone_file_path (disk->target, clone->source, name);
      to = g_file_new_for_path (copy->path);
      copy_progress_cb (0, 0, copy);
      /* Never over a file there: G_IO_ERROR_EXISTS. */
      g_file_copy_async (from, to, G_FILE_COPY_NONE, G_PRIORITY_DEFAULT, g_task_get_cancellable (task),
                         copy_progress_cb, copy, copied_cb, copy);
    }
}

static void
next_step (GTask *task)
{
  Clone *clone = g_task_get_task_data (task);

  if (clone->names[clone->clone] == NULL)
    {
      report (clone, 0, _("Done"));
      g_task_return_pointer (task, g_steal_pointer (&clone->written), (GDestroyNotify) g_ptr_array_unref);
      g_object_unref (task);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }
  if (clone->new_specs == NULL)
    {
      /* A new clone: its disks start as the source's. */
      clone->new_specs = g_strdupv (clone->disk_specs);
      clone->disk = 0;
      g_ptr_array_set_size (clone->made_lvs, 0);
      g_ptr_array_set_size (clone->made_files, 0);
    }
  if (clone->disk < clone->disks->len)
    {
      copy_disk (task);
      return;
    }
  write_config (task);
}

/* Reads the config and plans the clones; FALSE with @error for what would
 * be refused half-way. */
static gboolean
prepare (Clone                *clone,
         const DomusCloneSpec *spec,
         GError              **error)
{
  DomusDomain *domain = domus_host_lookup_domain_by_name (clone->host, spec->source);
  g_autoptr(DomusXlConfig) config = NULL;
  g_autofree char *dir = NULL;

  if (domain == NULL && spec->config_path == NULL)
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND, _("No domain “%s” on this host"), spec->source);
      return FALSE;
    }
  clone->config_path = g_strdup (spec->config_path != NULL ? spec->config_path
                                                           : domus_domain_get_config_path (domain));
  if (clone->config_path == NULL)
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND,
                   _("Domus does not know which xl config “%s” was created from: give it (domusctl clone --config FILE)"),
                   spec->source);
      return FALSE;
    }
  if ((config = domus_xl_config_new_from_file (clone->config_path, error)) == NULL)
    {
      /* Which host's file: on a remote host, the agent's side. */
      g_prefix_error (error, _("The xl config of “%s” on %s, %s: "), spec->source,
                      domus_host_get_hostname (clone->host), clone->config_path);
      return FALSE;
    }
  clone->config_text = domus_xl_config_to_data (config);
  clone->disk_specs = domus_xl_config_get_list (config, "disk");
  dir = g_path_get_dirname (clone->config_path);

  for (guint i = 0; clone->names[i] != NULL; i++)
    {
      g_autofree char *file = g_strdup_printf ("%s.cfg", clone->names[i]);
      g_autofree char *path = g_build_filename (dir, file, NULL);

      if (!domus_domain_check_new_name (clone->names[i], error) || !domus_storage_check_name (clone->names[i], error))
        return FALSE;
      if (domus_host_lookup_domain_by_name (clone->host, clone->names[i]) != NULL)
        {
          g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_EXISTS, _("A domain “%s” is on this host already"),
                       clone->names[i]);
          return FALSE;
        }
      if (g_file_test (path, G_FILE_TEST_EXISTS))
        {
          g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_EXISTS, _("%s is there already: Domus writes no clone over it"),
                       path);
          return FALSE;
        }
      for (guint j = 0; j < i; j++)
        if (g_str_equal (clone->names[i], clone->names[j]))
          {
            g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT, _("“%s” is asked for twice"),
                         clone->names[i]);
            return FALSE;
          }
    }
  return plan_disks (clone, spec->snapshot_size, error);
}

static void
spec_free (gpointer data)
{
  DomusCloneSpec *spec = data;

  g_free ((char *) spec->config_path);
  g_free (spec);
}

static void
storage_read_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  Clone *clone = g_task_get_task_data (task);
  const DomusCloneSpec *spec = g_object_get_data (G_OBJECT (task), "spec");
  g_autoptr(GError) read_error = NULL;
  GError *error = NULL;

  /* Without LVM, file images may still be cloned: the plan says. */
  domus_host_refresh_storage_finish (clone->host, result, &read_error);
  if (!prepare (clone, spec, &error))
    {
      if (read_error != NULL && error->code == DOMUS_ERROR_NOT_SUPPORTED)
        g_prefix_error (&error, "%s; ", read_error->message);
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  g_object_set_data (G_OBJECT (task), "spec", NULL);
  next_step (task);
}

void
domus_clone_async (DomusHost            *host,
                   const DomusCloneSpec *spec,
                   DomusCloneProgress    progress,
                   gpointer              progress_data,
                   GCancellable         *cancellable,
                   GAsyncReadyCallback   callback,
                   gpointer              user_data)
{
  GTask *task;
  Clone *clone;

  g_return_if_fail (DOMUS_IS_HOST (host));
  g_return_if_fail (spec != NULL && spec->source != NULL && spec->names != NULL);

  task = g_task_new (host, cancellable, callback, user_data);
  g_task_set_source_tag (task, domus_clone_async);
  clone = g_new0 (Clone, 1);
  clone->host = g_object_ref (host);
  clone->source = g_strdup (spec->source);
  clone->names = g_strdupv ((char **) spec->names);
  clone->start = spec->start;
  clone->progress = progress;
  clone->progress_data = progress_data;
  clone->made_lvs = g_ptr_array_new_with_free_func (g_free);
  clone->made_files = g_ptr_array_new_with_free_func (g_free);
  clone->written = g_ptr_array_new_with_free_func (g_free);
  g_task_set_task_data (task, clone, clone_free);

  if (clone->names[0] == NULL)
    {
      g_task_return_new_error (task, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT, _("No name for the clone"));
      g_object_unref (task);
      return;
    }
  /* Where the files are not here, the backend clones there. */
  if (DOMUS_HOST_GET_CLASS (host)->clone != NULL)
    {
      DOMUS_HOST_GET_CLASS (host)->clone (host, spec, progress, progress_data, task);
      g_object_unref (task);
      return;
    }
  /* The spec is the caller's only until this returns: kept as copied. */
  {
    DomusCloneSpec *copy = g_new0 (DomusCloneSpec, 1);

    copy->source = clone->source;
    copy->config_path = g_strdup (spec->config_path);
    copy->names = (const char * const *) clone->names;
    copy->snapshot_size = spec->snapshot_size;
    g_object_set_data_full (G_OBJECT (task), "spec", copy, spec_free);
  }
  report (clone, 0, _("Reading the storage of the host"));
  domus_host_refresh_storage_async (host, cancellable, storage_read_cb, task);
}

GPtrArray *
domus_clone_finish (DomusHost     *host,
                    GAsyncResult  *result,
                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, host), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
