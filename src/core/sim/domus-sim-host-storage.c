/* domus-sim-host-storage.c: the simulated host's LVM volume groups
 *
 * Part of DomusSimHost: the scene's volume groups and logical volumes
 * (domus-scene-storage.c), which domains use them (their xl disk specs),
 * lvcreate and lvremove. A snapshot fills as LVM's do: every byte a domain
 * writes to it, or to its origin, takes as much of its copy-on-write
 * space, so its Data% grows with the simulated clock as the domains write
 * (their scene's disk writes), the same in every run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-sim-host"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "domus-error.h"
#include "domus-limits.h"
#include "domus-sim-host-private.h"
#include "domus-image-sample.h"
#include "domus-storage-sample.h"
#include "xlcfg/domus-xl-disk.h"

#define MIB (G_GUINT64_CONSTANT (1024) * 1024)

static void
sim_lv_free (gpointer data)
{
  SimLv *lv = data;

  g_free (lv->name);
  g_free (lv->origin);
  g_hash_table_unref (lv->written);
  g_free (lv);
}

static void
sim_vg_free (gpointer data)
{
  SimVg *vg = data;

  g_free (vg->name);
  g_ptr_array_unref (vg->lvs);
  g_free (vg);
}

static SimLv *
add_lv (SimVg      *vg,
        const char *name,
        guint64     size,
        const char *origin,
        double      used)
{
  SimLv *lv = g_new0 (SimLv, 1);

  lv->name = g_strdup (name);
  lv->size = size;
  lv->origin = g_strdup (origin);
  lv->used = used;
  lv->written = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_ptr_array_add (vg->lvs, lv);
  return lv;
}

static void
sim_image_clear (gpointer data)
{
  DomusImageFileSample *image = data;

  g_free (image->path);
  g_free (image->used_by);
}

void
sim_storage_init (DomusSimHost     *self,
                  const DomusScene *scene)
{
  self->vgs = g_ptr_array_new_with_free_func (sim_vg_free);
  for (guint i = 0; scene->volume_groups != NULL && i < scene->volume_groups->len; i++)
    {
      const DomusSceneVg *scene_vg = g_ptr_array_index (scene->volume_groups, i);
      SimVg *vg = g_new0 (SimVg, 1);

      vg->name = g_strdup (scene_vg->name);
      vg->size = scene_vg->size_mib * MIB;
      vg->lvs = g_ptr_array_new_with_free_func (sim_lv_free);
      for (guint j = 0; j < scene_vg->lvs->len; j++)
        {
          const DomusSceneLv *lv = &g_array_index (scene_vg->lvs, DomusSceneLv, j);

          add_lv (vg, lv->name, lv->size_mib * MIB, lv->origin,
                  lv->size_mib * MIB * lv->data_percent / 100);
        }
      g_ptr_array_add (self->vgs, vg);
    }
  self->images = g_array_new (FALSE, TRUE, sizeof (DomusImageFileSample));
  g_array_set_clear_func (self->images, sim_image_clear);
  for (guint i = 0; scene->images != NULL && i < scene->images->len; i++)
    {
      const DomusSceneImage *image = &g_array_index (scene->images, DomusSceneImage, i);
      DomusImageFileSample copy = { g_strdup (image->path), image->size_mib * MIB, image->allocated_mib * MIB,
                                    image->format, NULL };

      g_array_append_val (self->images, copy);
    }
}

static SimVg *
find_vg (DomusSimHost *self,
         const char   *name)
{
  for (guint i = 0; i < self->vgs->len; i++)
    if (g_str_equal (((SimVg *) g_ptr_array_index (self->vgs, i))->name, name))
      return g_ptr_array_index (self->vgs, i);
  return NULL;
}

static SimLv *
find_lv (SimVg      *vg,
         const char *name,
         guint      *index)
{
  for (guint i = 0; vg != NULL && i < vg->lvs->len; i++)
    if (g_str_equal (((SimLv *) g_ptr_array_index (vg->lvs, i))->name, name))
      {
        if (index != NULL)
          *index = i;
        return g_ptr_array_index (vg->lvs, i);
      }
  return NULL;
}

/* Whether one of @domain's disks is the LV @vg/@name. */
static gboolean
domain_uses (SimDomain  *domain,
             const char *vg,
             const char *name)
{
  char **disks = domain->config->disks;

  for (guint i = 0; disks != NULL && disks[i] != NULL; i++)
    {
      g_autofree char *target = domus_xl_disk_get_target (disks[i], NULL, NULL);

      if (domus_storage_target_is_lv (target, vg, name))
        return TRUE;
    }
  return FALSE;
}

/* Brings a snapshot's space up to what its domains have written since
 * they were last seen (a domain first seen starts from then). */
static void
fill_snapshot (DomusSimHost *self,
               SimVg        *vg,
               SimLv        *lv)
{
  for (guint i = 0; i < self->domains->len; i++)
    {
      SimDomain *domain = g_ptr_array_index (self->domains, i);
      double written, *seen;

      if (!domain_uses (domain, vg->name, lv->name) && !domain_uses (domain, vg->name, lv->origin))
        continue;
      written = sim_domain_written_bytes (self, domain);
      seen = g_hash_table_lookup (lv->written, GUINT_TO_POINTER (domain->id));
      if (seen == NULL)
        {
          seen = g_new (double, 1);
          *seen = written;
          g_hash_table_insert (lv->written, GUINT_TO_POINTER (domain->id), seen);
        }
      lv->used = MIN (lv->used + (written - *seen), (double) lv->size);
      *seen = written;
    }
}

static guint64
vg_free (SimVg *vg)
{
  guint64 used = 0;

  for (guint i = 0; i < vg->lvs->len; i++)
    used += ((SimLv *) g_ptr_array_index (vg->lvs, i))->size;
  return vg->size > used ? vg->size - used : 0;
}

/* @domain's disks' targets, NULL-terminated. */
static GPtrArray *
domain_targets (SimDomain *domain)
{
  GPtrArray *targets = g_ptr_array_new_with_free_func (g_free);

  for (guint j = 0; domain->config->disks != NULL && domain->config->disks[j] != NULL; j++)
    g_ptr_array_add (targets, domus_xl_disk_get_target (domain->config->disks[j], NULL, NULL));
  g_ptr_array_add (targets, NULL);
  return targets;
}

void
domus_sim_host_read_storage (DomusHost *host,
                             GTask     *task)
{
  DomusSimHost *self = DOMUS_SIM_HOST (host);
  DomusStorageSample *sample = domus_storage_sample_new ();

  domus_sim_host_catch_up (self);
  for (guint i = 0; i < self->vgs->len; i++)
    {
      SimVg *vg = g_ptr_array_index (self->vgs, i);

      domus_storage_sample_add_vg (sample, vg->name, vg->size, vg_free (vg));
      for (guint j = 0; j < vg->lvs->len; j++)
        {
          SimLv *lv = g_ptr_array_index (vg->lvs, j);
          DomusLvSample *ls = domus_storage_sample_add_lv (sample, vg->name, lv->name, lv->size);

          if (lv->origin == NULL)
            continue;
          fill_snapshot (self, vg, lv);
          ls->origin = g_strdup (lv->origin);
          /* lvs shows two decimals. */
          ls->data_percent = floor (10000 * lv->used / lv->size) / 100;
        }
    }
  for (guint i = 0; i < self->domains->len; i++)
    {
      SimDomain *domain = g_ptr_array_index (self->domains, i);
      g_autoptr(GPtrArray) targets = domain_targets (domain);

      domus_storage_sample_set_user (sample, domain->config->name, (const char * const *) targets->pdata);
    }
  g_task_return_pointer (task, sample, (GDestroyNotify) domus_storage_sample_free);
}

void
domus_sim_host_create_volume (DomusHost             *host,
                              const DomusVolumeSpec *spec,
                              GTask                 *task)
{
  DomusSimHost *self = DOMUS_SIM_HOST (host);
  SimVg *vg = (sim_settle (self), find_vg (self, spec->vg));

  /* Checked by DomusHost against a read just before; nothing came between. */
  if (vg == NULL || find_lv (vg, spec->name, NULL) != NULL || spec->size > vg_free (vg)
      || (spec->origin != NULL && find_lv (vg, spec->origin, NULL) == NULL))
    {
      g_task_return_new_error (task, DOMUS_ERROR, DOMUS_ERROR_FAILED,
                               _("The simulated host cannot make “%s/%s”"), spec->vg, spec->name);
      return;
    }
  /* LVM rounds up to whole extents of 4 MiB. */
  add_lv (vg, spec->name, (spec->size + 4 * MIB - 1) / (4 * MIB) * (4 * MIB), spec->origin, 0);
  g_task_return_boolean (task, TRUE);
}

void
domus_sim_host_remove_volume (DomusHost  *host,
                              const char *vg_name,
                              const char *name,
                              GTask      *task)
{
  DomusSimHost *self = DOMUS_SIM_HOST (host);
  SimVg *vg = (sim_settle (self), find_vg (self, vg_name));
  guint index;

  if (find_lv (vg, name, &index) == NULL)
    {
      g_task_return_new_error (task, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND,
                               _("No logical volume “%s/%s” on this host"), vg_name, name);
      return;
    }
  /* As lvremove: an LV open by a running domain is refused. */
  for (guint i = 0; i < self->domains->len; i++)
    {
      SimDomain *domain = g_ptr_array_index (self->domains, i);

      if (domain_uses (domain, vg_name, name))
        {
          g_task_return_new_error (task, DOMUS_ERROR, DOMUS_ERROR_BUSY,
                                   _("Logical volume %s/%s in use."), vg_name, name);
          return;
        }
    }
  g_ptr_array_remove_index (vg->lvs, index);
  g_task_return_boolean (task, TRUE);
}

void
domus_sim_host_read_images (DomusHost  *host,
                            const char *folder,
                            GTask      *task)
{
  DomusSimHost *self = DOMUS_SIM_HOST (host);
  g_autoptr(DomusImageSample) sample = domus_image_sample_new (folder);
  gboolean found = g_str_equal (folder, "/");

  sim_settle (self);
  for (guint i = 0; i < self->images->len; i++)
    {
      const DomusImageFileSample *image = &g_array_index (self->images, DomusImageFileSample, i);
      /* Below the folder, as many levels down as a real folder is read. */
      guint depth = 0;

      if (!domus_image_path_is_in (image->path, folder) || g_str_equal (image->path, folder))
        continue;
      found = TRUE;
      for (const char *p = image->path + strlen (folder); *p != '\0'; p++)
        depth += *p == '/' && p != image->path + strlen (folder);
      if (depth >= DOMUS_IMAGE_FOLDER_DEPTH)
        continue;
      domus_image_sample_add (sample, image->path, image->size, image->allocated, image->format);
    }
  /* The simulated host's folders are those above its images. */
  if (!found)
    {
      g_task_return_new_error (task, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND, _("There is no folder %s on this host"),
                               folder);
      return;
    }
  for (guint i = 0; i < self->domains->len; i++)
    {
      SimDomain *domain = g_ptr_array_index (self->domains, i);
      g_autoptr(GPtrArray) targets = domain_targets (domain);

      domus_image_sample_set_user (sample, domain->config->name, (const char * const *) targets->pdata);
    }
  g_task_return_pointer (task, g_steal_pointer (&sample), (GDestroyNotify) domus_image_sample_free);
}

void
domus_sim_host_remove_image (DomusHost  *host,
                             const char *folder,
                             const char *path,
                             GTask      *task)
{
  DomusSimHost *self = DOMUS_SIM_HOST (host);

  sim_settle (self);
  for (guint i = 0; i < self->images->len; i++)
    if (g_str_equal (g_array_index (self->images, DomusImageFileSample, i).path, path))
      {
        g_array_remove_index (self->images, i);
        g_task_return_boolean (task, TRUE);
        return;
      }
  g_task_return_new_error (task, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND, _("There is no file %s on this host"), path);
}
