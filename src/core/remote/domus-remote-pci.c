/* domus-remote-pci.c: see domus-remote-pci.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-remote"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "domus-error.h"
#include "domus-limits.h"
#include "domus-remote-pci.h"

static const char *
or_empty (const char *text)
{
  return text != NULL ? text : "";
}

static char *
or_null (const char *text)
{
  return text[0] != '\0' ? g_strdup (text) : NULL;
}

GVariant *
domus_remote_pci_encode (DomusHost *host)
{
  GListModel *devices = domus_host_get_pci_devices (host);
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(sqqusssbs)"));
  for (guint i = 0; i < g_list_model_get_n_items (devices); i++)
    {
      g_autoptr(DomusPciDevice) device = g_list_model_get_item (devices, i);

      g_variant_builder_add (&builder, "(sqqusssbs)", domus_pci_device_get_bdf (device),
                             (guint16) domus_pci_device_get_vendor_id (device),
                             (guint16) domus_pci_device_get_device_id (device),
                             (guint32) domus_pci_device_get_class_code (device),
                             or_empty (domus_pci_device_get_vendor_name (device)),
                             or_empty (domus_pci_device_get_device_name (device)),
                             or_empty (domus_pci_device_get_driver (device)),
                             domus_pci_device_get_assignable (device),
                             or_empty (domus_pci_device_get_domain (device)));
    }
  return g_variant_builder_end (&builder);
}

static gboolean
bad (GError     **error,
     const char  *what)
{
  /* TRANSLATORS: what is wrong in the agent's answer */
  g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE, _("The agent sent PCI devices that are not: %s"), what);
  return FALSE;
}

DomusPciSample *
domus_remote_pci_decode (gboolean   iommu,
                         GVariant  *devices,
                         GError   **error)
{
  g_autoptr(DomusPciSample) sample = domus_pci_sample_new ();
  const char *bdf, *vendor_name, *device_name, *driver, *domain;
  guint16 vendor_id, device_id;
  guint32 class_code;
  gboolean assignable;
  GVariantIter iter;

  if (!g_variant_is_of_type (devices, G_VARIANT_TYPE ("a(sqqusssbs)")))
    return bad (error, _("the list is of another type")), NULL;
  if (g_variant_n_children (devices) > DOMUS_MAX_PCI_DEVICES)
    return bad (error, _("more devices than Domus reads")), NULL;

  sample->iommu = iommu;
  g_variant_iter_init (&iter, devices);
  while (g_variant_iter_next (&iter, "(&sqqu&s&s&sb&s)", &bdf, &vendor_id, &device_id, &class_code,
                              &vendor_name, &device_name, &driver, &assignable, &domain))
    {
      g_autofree char *canonical = NULL;
      DomusPciDeviceSample *device;

      if (!domus_pci_parse_bdf (bdf, &canonical, NULL) || class_code > 0xffffff
          || domus_pci_sample_lookup (sample, canonical) != NULL)
        return bad (error, _("an address that is not one, twice the same, or a class out of range")), NULL;
      device = domus_pci_sample_add (sample, canonical);
      device->vendor_id = vendor_id;
      device->device_id = device_id;
      device->class_code = class_code;
      device->vendor_name = or_null (vendor_name);
      device->device_name = or_null (device_name);
      device->driver = or_null (driver);
      device->assignable = assignable;
      device->domain = or_null (domain);
    }
  return g_steal_pointer (&sample);
}
