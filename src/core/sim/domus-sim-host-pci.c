/* domus-sim-host-pci.c: the simulated host's PCI devices
 *
 * Part of DomusSimHost: the scene's devices (domus-scene-pci.c), each
 * bound to a dom0 driver, to pciback (assignable), or attached to a
 * domain; and the four PCI requests, as xl does them. A device attached
 * to a domain that is gone is pciback's again, as on Xen. Whether the
 * host has an IOMMU is the scene's; without one Xen cannot attach.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-sim-host"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "domus-error.h"
#include "domus-host-private.h"
#include "domus-pci-sample.h"
#include "domus-sim-host-private.h"
#include "xlcfg/domus-xl-config.h"

static void
sim_pci_free (gpointer data)
{
  SimPci *pci = data;

  g_free (pci->bdf);
  g_free (pci->vendor_name);
  g_free (pci->device_name);
  g_free (pci->dom0_driver);
  g_free (pci->domain);
  g_free (pci);
}

void
sim_pci_init (DomusSimHost     *self,
              const DomusScene *scene)
{
  self->iommu = scene->iommu;
  self->pci = g_ptr_array_new_with_free_func (sim_pci_free);
  for (guint i = 0; scene->pci_devices != NULL && i < scene->pci_devices->len; i++)
    {
      const DomusScenePci *device = &g_array_index (scene->pci_devices, DomusScenePci, i);
      SimPci *pci = g_new0 (SimPci, 1);

      pci->bdf = g_strdup (device->bdf);
      pci->vendor_id = device->vendor_id;
      pci->device_id = device->device_id;
      pci->class_code = device->class_code;
      pci->vendor_name = g_strdup (device->vendor_name);
      pci->device_name = g_strdup (device->device_name);
      pci->assignable = device->assignable;
      /* What it goes back to: its class's usual driver is not known. */
      pci->dom0_driver = device->assignable ? NULL : g_strdup (device->driver);
      pci->domain = g_strdup (device->domain);
      g_ptr_array_add (self->pci, pci);
    }
}

static SimPci *
find_pci (DomusSimHost *self,
          const char   *bdf)
{
  for (guint i = 0; i < self->pci->len; i++)
    if (g_strcmp0 (((SimPci *) g_ptr_array_index (self->pci, i))->bdf, bdf) == 0)
      return g_ptr_array_index (self->pci, i);
  return NULL;
}

static SimDomain *
find_domain_by_name (DomusSimHost *self,
                     const char   *name)
{
  for (guint i = 0; name != NULL && i < self->domains->len; i++)
    {
      SimDomain *domain = g_ptr_array_index (self->domains, i);

      if (g_strcmp0 (domain->config->name, name) == 0)
        return domain;
    }
  return NULL;
}

void
domus_sim_host_read_pci (DomusHost *host,
                         GTask     *task)
{
  DomusSimHost *self = DOMUS_SIM_HOST (host);
  DomusPciSample *sample = domus_pci_sample_new ();

  domus_sim_host_catch_up (self);
  sample->iommu = self->iommu;
  for (guint i = 0; i < self->pci->len; i++)
    {
      SimPci *pci = g_ptr_array_index (self->pci, i);
      DomusPciDeviceSample *device = domus_pci_sample_add (sample, pci->bdf);

      /* Its domain is gone: pciback has it back. */
      if (pci->domain != NULL && find_domain_by_name (self, pci->domain) == NULL)
        g_clear_pointer (&pci->domain, g_free);
      device->vendor_id = pci->vendor_id;
      device->device_id = pci->device_id;
      device->class_code = pci->class_code;
      device->vendor_name = g_strdup (pci->vendor_name);
      device->device_name = g_strdup (pci->device_name);
      device->driver = g_strdup (pci->assignable ? "pciback" : pci->dom0_driver);
      device->assignable = pci->assignable;
      device->domain = g_strdup (pci->domain);
    }
  g_task_return_pointer (task, sample, (GDestroyNotify) domus_pci_sample_free);
}

gboolean
sim_pci_check_created (DomusSimHost  *self,
                       const char    *name,
                       const char    *path,
                       GStrv         *bdfs,
                       GError       **error)
{
  g_autoptr(DomusXlConfig) config = domus_xl_config_new_from_file (path, error);
  g_autoptr(GStrvBuilder) found = g_strv_builder_new ();
  g_auto(GStrv) items = NULL;

  *bdfs = NULL;
  if (config == NULL)
    return FALSE;
  items = domus_xl_config_get_list (config, "pci");
  for (guint i = 0; items != NULL && items[i] != NULL; i++)
    {
      g_autofree char *bdf = domus_pci_spec_get_bdf (items[i]);
      SimPci *pci = bdf != NULL ? find_pci (self, bdf) : NULL;

      if (bdf == NULL)
        {
          g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE,
                       _("“%s” cannot be created: “%s” in its pci= names no PCI device"), name, items[i]);
          return FALSE;
        }
      if (pci == NULL || !pci->assignable || (pci->domain != NULL && find_domain_by_name (self, pci->domain) != NULL))
        {
          g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_BUSY,
                       pci == NULL
                       ? _("“%s” cannot be created: its config gives it PCI device %s, which this host does not have")
                       : !pci->assignable
                       /* TRANSLATORS: the last part is a command: keep it as it is */
                       ? _("“%s” cannot be created: its config gives it PCI device %s, which is not assignable "
                           "(pci-assignable-add %s first)")
                       : _("“%s” cannot be created: its config gives it PCI device %s, which another domain has"),
                       name, bdf, bdf);
          return FALSE;
        }
      if (!self->iommu)
        {
          g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_SUPPORTED,
                       _("“%s” cannot be created: its config gives it PCI device %s, and this host has no IOMMU: "
                         "the hardware cannot pass a PCI device through to a domain"), name, bdf);
          return FALSE;
        }
      g_strv_builder_add (found, bdf);
    }
  *bdfs = g_strv_builder_end (found);
  return TRUE;
}

void
sim_pci_attach_created (DomusSimHost       *self,
                        SimDomain          *domain,
                        const char * const *bdfs)
{
  for (guint i = 0; bdfs != NULL && bdfs[i] != NULL; i++)
    {
      SimPci *pci = find_pci (self, bdfs[i]);

      if (pci != NULL)
        {
          g_free (pci->domain);
          pci->domain = g_strdup (domain->config->name);
        }
    }
}

void
sim_perform_pci (DomusSimHost *self,
                 SimDomain    *domain,
                 DomusRequest *request,
                 GTask        *task)
{
  SimPci *pci = find_pci (self, request->pci);
  g_autoptr(GError) error = NULL;

  /* Checked by DomusHost against a read just before; nothing came between. */
  if (pci == NULL)
    {
      g_task_return_new_error (task, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND,
                               _("There is no PCI device %s on this host (domusctl pci-list lists them)"),
                               request->pci);
      return;
    }

  switch (request->kind)
    {
    case DOMUS_REQUEST_PCI_ASSIGNABLE_ADD:
      pci->assignable = TRUE;
      break;
    case DOMUS_REQUEST_PCI_ASSIGNABLE_REMOVE:
      pci->assignable = FALSE;
      break;
    case DOMUS_REQUEST_PCI_ATTACH:
      /* As Xen: no IOMMU, no passthrough (libxl: "failed to assign"). */
      if (!self->iommu)
        {
          g_task_return_new_error (task, DOMUS_ERROR, DOMUS_ERROR_HYPERCALL,
                                   _("Xen cannot assign %s to “%s”: this host has no IOMMU"),
                                   request->pci, request->domain_name);
          return;
        }
      if (request->keep && !_domus_host_pci_keep (domain->config_path, request, &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_free (pci->domain);
      pci->domain = g_strdup (domain->config->name);
      break;
    case DOMUS_REQUEST_PCI_DETACH:
      if (request->keep && !_domus_host_pci_keep (domain->config_path, request, &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_clear_pointer (&pci->domain, g_free);
      break;
    default:
      g_assert_not_reached ();
    }
  g_task_return_int (task, 0);
}
