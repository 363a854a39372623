/* domus-installer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-installer"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "domus-error.h"
#include "domus-installer.h"
#include "xlcfg/domus-xl-hvm.h"

typedef struct
{
  DomusXlConfig *config;   /* NULL for a domain without a config file */
  char          *vdev;
  char          *name;
} Eject;

static void
eject_free (gpointer data)
{
  Eject *eject = data;

  g_clear_object (&eject->config);
  g_free (eject->vdev);
  g_free (eject->name);
  g_free (eject);
}

static void
ejected_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Eject *eject = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (domus_host_request_finish (DOMUS_HOST (source), result, &error) < 0)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (eject->config == NULL)
    /* TRANSLATORS: %s is a domain name */
    g_task_return_pointer (task, g_strdup_printf (_("Installer ejected from “%s”; it has no config file to "
                                                    "change"), eject->name), g_free);
  else if (!domus_xl_config_eject_cdrom (eject->config, eject->vdev, &error)
           || !domus_xl_config_save (eject->config, NULL, FALSE, &error))
    /* TRANSLATORS: a domain name, then why its config file could not be changed */
    g_task_return_pointer (task, g_strdup_printf (_("Installer ejected from “%s”, but its config file is "
                                                    "unchanged: %s"), eject->name, error->message), g_free);
  else
    /* TRANSLATORS: %s is a domain name */
    g_task_return_pointer (task, g_strdup_printf (_("Installer ejected from “%s”; it boots from its disk "
                                                    "from now on"), eject->name), g_free);
}

void
domus_installer_eject_async (DomusHost           *host,
                             DomusDomain         *domain,
                             const char          *vdev,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  const char *path;
  DomusRequest *request;
  Eject *eject;

  g_return_if_fail (DOMUS_IS_HOST (host));
  g_return_if_fail (DOMUS_IS_DOMAIN (domain));

  task = g_task_new (host, cancellable, callback, user_data);
  g_task_set_source_tag (task, domus_installer_eject_async);
  eject = g_new0 (Eject, 1);
  eject->name = g_strdup (domus_domain_get_name (domain));
  g_task_set_task_data (task, eject, eject_free);

  path = domus_domain_get_config_path (domain);
  if (path != NULL)
    {
      /* Read now: a broken file is said before anything is ejected. */
      eject->config = domus_xl_config_new_from_file (path, &error);
      if (eject->config == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      eject->vdev = vdev != NULL ? g_strdup (vdev) : domus_xl_config_find_cdrom (eject->config);
      if (eject->vdev == NULL)
        {
          g_autofree char *basename = g_path_get_basename (path);

          /* TRANSLATORS: a file name */
          g_task_return_new_error (task, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND,
                                   _("%s has no CD-ROM drive to eject"), basename);
          return;
        }
    }
  else
    eject->vdev = g_strdup (vdev != NULL ? vdev : DOMUS_HVM_CDROM_VDEV);

  request = domus_request_new_for_domain (DOMUS_REQUEST_EJECT, domain);
  request->target = g_strdup (eject->vdev);
  domus_host_request_async (host, request, cancellable, ejected_cb, g_steal_pointer (&task));
}

char *
domus_installer_eject_finish (DomusHost     *host,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, host), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == domus_installer_eject_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
