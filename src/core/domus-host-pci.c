/* domus-host-pci.c: the host's PCI devices, and the requests that move them
 *
 * Part of DomusHost: the backend reads the devices into a DomusPciSample
 * (read_pci), kept here as one DomusPciDevice per device, updated in
 * place. The four PCI requests (make assignable, give back to dom0,
 * attach, detach) are checked here against a read made just before, so
 * that every backend refuses the same things in the same words, and the
 * devices are read again once one is done.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-host"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "domus-error.h"
#include "domus-host-private.h"
#include "domus-pci-private.h"
#include "domus-storage-private.h"
#include "xlcfg/domus-xl-config.h"

typedef struct
{
  GListStore *devices;   /* DomusPciDevice, sorted by BDF */
  gboolean    iommu;
  GError     *error;
} PciState;

static void
pci_state_free (gpointer data)
{
  PciState *state = data;

  g_clear_object (&state->devices);
  g_clear_error (&state->error);
  g_free (state);
}

static PciState *
get_state (DomusHost *self)
{
  static GQuark quark;
  PciState *state;

  if (quark == 0)
    quark = g_quark_from_static_string ("domus-host-pci");
  state = g_object_get_qdata (G_OBJECT (self), quark);
  if (state == NULL)
    {
      state = g_new0 (PciState, 1);
      state->devices = g_list_store_new (DOMUS_TYPE_PCI_DEVICE);
      g_object_set_qdata_full (G_OBJECT (self), quark, state, pci_state_free);
    }
  return state;
}

GListModel *
domus_host_get_pci_devices (DomusHost *self)
{
  g_return_val_if_fail (DOMUS_IS_HOST (self), NULL);
  return G_LIST_MODEL (get_state (self)->devices);
}

gboolean
domus_host_has_iommu (DomusHost *self)
{
  g_return_val_if_fail (DOMUS_IS_HOST (self), FALSE);
  return get_state (self)->iommu;
}

const GError *
domus_host_get_pci_error (DomusHost *self)
{
  g_return_val_if_fail (DOMUS_IS_HOST (self), NULL);
  return get_state (self)->error;
}

DomusPciDevice *
domus_host_lookup_pci_device (DomusHost  *self,
                              const char *bdf)
{
  g_autofree char *canonical = NULL;
  GListModel *devices;

  g_return_val_if_fail (DOMUS_IS_HOST (self), NULL);

  if (!domus_pci_parse_bdf (bdf, &canonical, NULL))
    return NULL;
  devices = domus_host_get_pci_devices (self);
  for (guint i = 0; i < g_list_model_get_n_items (devices); i++)
    {
      g_autoptr(DomusPciDevice) device = g_list_model_get_item (devices, i);

      if (g_str_equal (domus_pci_device_get_bdf (device), canonical))
        return device;   /* the store keeps it */
    }
  return NULL;
}

static const char *
device_bdf (gpointer item)
{
  return domus_pci_device_get_bdf (item);
}

static gpointer
device_create (guint    index,
               gpointer data)
{
  DomusPciSample *sample = data;

  return _domus_pci_device_new (g_array_index (sample->devices, DomusPciDeviceSample, index).bdf);
}

static void
device_update (gpointer item,
               guint    index,
               gpointer data)
{
  DomusPciSample *sample = data;

  _domus_pci_device_update (item, &g_array_index (sample->devices, DomusPciDeviceSample, index));
}

static int
compare_devices (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (((const DomusPciDeviceSample *) a)->bdf, ((const DomusPciDeviceSample *) b)->bdf);
}

static void
apply_pci (DomusHost      *self,
           DomusPciSample *sample)
{
  PciState *state = get_state (self);
  g_autofree const char **names = NULL;

  g_array_sort (sample->devices, compare_devices);
  names = g_new0 (const char *, sample->devices->len + 1);
  for (guint i = 0; i < sample->devices->len; i++)
    names[i] = g_array_index (sample->devices, DomusPciDeviceSample, i).bdf;
  state->iommu = sample->iommu;
  _domus_storage_merge (state->devices, names, sample->devices->len, device_bdf, device_create,
                        device_update, sample);
}

static gboolean
start_pci (DomusHost *self,
           GTask     *read,
           gpointer   data)
{
  if (DOMUS_HOST_GET_CLASS (self)->read_pci == NULL)
    return FALSE;
  DOMUS_HOST_GET_CLASS (self)->read_pci (self, read);
  return TRUE;
}

static void
apply_pci_sample (DomusHost *self,
                  gpointer   sample,
                  gpointer   data)
{
  apply_pci (self, sample);
  domus_pci_sample_free (sample);
}

static GError **
pci_error (DomusHost *self)
{
  return &get_state (self)->error;
}

static char *
pci_unsupported (DomusHost *self)
{
  return g_strdup_printf (_("%s cannot read the host’s PCI devices"), domus_host_get_backend_name (self));
}

static const DomusHostReader pci_reader = {
  start_pci, apply_pci_sample, pci_error, pci_unsupported,
};

/* Reads the devices, then completes @task (TRUE, or the error), whose
 * reference it takes. */
static void
read_pci (DomusHost *self,
          GTask     *task)
{
  _domus_host_read (self, &pci_reader, NULL, NULL, task);
}

void
domus_host_refresh_pci_async (DomusHost           *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (DOMUS_IS_HOST (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, domus_host_refresh_pci_async);
  read_pci (self, task);
}

gboolean
domus_host_refresh_pci_finish (DomusHost     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- Requests ----------------------------------------------------------- */

/* What xl would refuse, or Xen fail at, in words of our own. */
static gboolean
check_pci (DomusHost     *self,
           DomusRequest  *request,
           GError       **error)
{
  g_autofree char *bdf = NULL;
  g_autofree char *title = NULL;
  DomusPciDevice *device;
  const char *domain, *driver;

  if (!domus_pci_parse_bdf (request->pci, &bdf, error))
    return FALSE;
  g_free (request->pci);
  request->pci = g_strdup (bdf);

  if ((device = domus_host_lookup_pci_device (self, bdf)) == NULL)
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND,
                   _("There is no PCI device %s on this host (domusctl pci-list lists them)"), bdf);
      return FALSE;
    }
  title = domus_pci_device_dup_title (device);
  domain = domus_pci_device_get_domain (device);
  driver = domus_pci_device_get_driver (device);

  switch (request->kind)
    {
    case DOMUS_REQUEST_PCI_ASSIGNABLE_ADD:
      if (domus_pci_device_get_assignable (device))
        {
          g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_EXISTS,
                       _("%s (%s) is assignable already"), bdf, title);
          return FALSE;
        }
      if ((domus_pci_device_get_class_code (device) >> 16) == 0x06)
        {
          g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_SUPPORTED,
                       _("%s (%s) is a bridge: Xen passes through the devices behind a bridge, not the bridge"),
                       bdf, title);
          return FALSE;
        }
      return TRUE;

    case DOMUS_REQUEST_PCI_ASSIGNABLE_REMOVE:
      if (domain != NULL)
        {
          g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_BUSY,
                       /* TRANSLATORS: the last part is a command: keep it as it is */
                       _("%s (%s) is in use by domain “%s”: detach it first (pci-detach %s %s)"),
                       bdf, title, domain, domain, bdf);
          return FALSE;
        }
      if (!domus_pci_device_get_assignable (device))
        {
          g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                       _("%s (%s) is not assignable: dom0 has it already"), bdf, title);
          return FALSE;
        }
      return TRUE;

    case DOMUS_REQUEST_PCI_ATTACH:
      if (!domus_host_has_iommu (self))
        {
          g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_SUPPORTED,
                       _("This host has no IOMMU: the hardware cannot pass a PCI device through to a domain "
                         "(Xen reports no hvm_directio in xl info’s virt_caps)"));
          return FALSE;
        }
      if (request->domid == 0)
        {
          g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                       /* TRANSLATORS: the last part is a command: keep it as it is */
                       _("Domain-0 is not given devices: give %s back to dom0 instead (pci-assignable-remove %s)"),
                       bdf, bdf);
          return FALSE;
        }
      if (domain != NULL && g_strcmp0 (domain, request->domain_name) == 0)
        {
          g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_EXISTS,
                       _("%s (%s) is attached to domain “%s” already"), bdf, title, domain);
          return FALSE;
        }
      if (domain != NULL)
        {
          g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_BUSY,
                       /* TRANSLATORS: the last part is a command: keep it as it is */
                       _("%s (%s) is in use by domain “%s”: detach it from there first (pci-detach %s %s)"),
                       bdf, title, domain, domain, bdf);
          return FALSE;
        }
      if (!domus_pci_device_get_assignable (device))
        {
          if (driver != NULL)
            g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_BUSY,
                         /* TRANSLATORS: the last part is a command: keep it as it is */
                         _("%s (%s) is in use by dom0 (driver %s): make it assignable first (pci-assignable-add %s)"),
                         bdf, title, driver, bdf);
          else
            g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_BUSY,
                         /* TRANSLATORS: the last part is a command: keep it as it is */
                         _("%s (%s) is dom0’s: make it assignable first (pci-assignable-add %s)"),
                         bdf, title, bdf);
          return FALSE;
        }
      break;

    case DOMUS_REQUEST_PCI_DETACH:
      if (g_strcmp0 (domain, request->domain_name) != 0)
        {
          g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND,
                       _("%s (%s) is not attached to domain “%s”"), bdf, title, request->domain_name);
          return FALSE;
        }
      break;

    default:
      g_assert_not_reached ();
    }

  /* Attach and detach: the config to keep it in must be known. */
  if (request->keep)
    {
      DomusDomain *dom = domus_host_lookup_domain_by_id (self, request->domid);

      if (dom == NULL || domus_domain_get_config_path (dom) == NULL)
        {
          g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND,
                       _("Domus does not know which xl config file “%s” was created from: "
                         "it cannot keep the device in its pci= setting"), request->domain_name);
          return FALSE;
        }
    }
  return TRUE;
}

static void
pci_checked_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  DomusHost *self = DOMUS_HOST (object);
  GTask *outer = user_data;
  DomusRequest *request = g_task_get_task_data (outer);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) || !check_pci (self, request, &error))
    {
      g_task_return_error (outer, error);
      g_object_unref (outer);
      return;
    }
  _domus_host_perform_checked (self, outer);
}

void
_domus_host_pci_check_request (DomusHost *self,
                               GTask     *outer)
{
  GTask *read = g_task_new (self, g_task_get_cancellable (outer), pci_checked_cb, outer);

  read_pci (self, read);
}

typedef struct
{
  GTask  *outer;
  gint64  value;
  GError *error;
} Done;

static void
reread_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Done *done = user_data;

  /* The change is done whatever this read says. */
  g_task_propagate_boolean (G_TASK (result), NULL);
  _domus_host_finish_request (DOMUS_HOST (object), done->outer, done->value, done->error);
  g_free (done);
}

void
_domus_host_pci_request_done (DomusHost *self,
                              GTask     *outer,
                              gint64     value,
                              GError    *error)
{
  Done *done = g_new0 (Done, 1);
  GTask *read;

  done->outer = outer;
  done->value = value;
  done->error = error;
  /* Read again even after a failure: the backend may have done part. */
  read = g_task_new (self, NULL, reread_cb, done);
  read_pci (self, read);
}

gboolean
_domus_host_pci_keep (const char         *config_path,
                      const DomusRequest *request,
                      GError            **error)
{
  g_autoptr(DomusXlConfig) config = NULL;
  g_auto(GStrv) items = NULL;
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();
  gboolean found = FALSE;

  g_return_val_if_fail (request->kind == DOMUS_REQUEST_PCI_ATTACH || request->kind == DOMUS_REQUEST_PCI_DETACH,
                        FALSE);

  if (config_path == NULL)
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND,
                   _("Domus does not know which xl config file “%s” was created from: "
                     "it cannot keep the device in its pci= setting"), request->domain_name);
      return FALSE;
    }
  if ((config = domus_xl_config_new_from_file (config_path, error)) == NULL)
    return FALSE;
  items = domus_xl_config_get_list (config, "pci");
  if (items == NULL && domus_xl_config_has_key (config, "pci"))
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE,
                   _("%s: pci is not a list of devices, such as pci = ['0000:00:04.0']"), config_path);
      return FALSE;
    }
  for (guint i = 0; items != NULL && items[i] != NULL; i++)
    {
      g_autofree char *bdf = domus_pci_spec_get_bdf (items[i]);

      if (g_strcmp0 (bdf, request->pci) == 0)
        {
          found = TRUE;
          if (request->kind == DOMUS_REQUEST_PCI_DETACH)
            continue;
        }
      g_ptr_array_add (kept, items[i]);
    }
  if (request->kind == DOMUS_REQUEST_PCI_ATTACH && found)
    return TRUE;
  if (request->kind == DOMUS_REQUEST_PCI_DETACH && !found)
    return TRUE;
  if (request->kind == DOMUS_REQUEST_PCI_ATTACH)
    g_ptr_array_add (kept, request->pci);
  if (kept->len == 0)
    domus_xl_config_remove_key (config, "pci");
  else
    {
      g_ptr_array_add (kept, NULL);
      domus_xl_config_set_list (config, "pci", (const char * const *) kept->pdata);
    }
  return domus_xl_config_save (config, NULL, FALSE, error);
}
