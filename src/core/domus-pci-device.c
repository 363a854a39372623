/* domus-pci-device.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-pci"

#include "config.h"

#include "domus-pci-private.h"
#include "domus-update-private.h"

struct _DomusPciDevice
{
  GObject   parent_instance;

  char     *bdf;
  guint     vendor_id;
  guint     device_id;
  guint     class_code;
  char     *vendor_name;
  char     *device_name;
  char     *driver;
  gboolean  assignable;
  char     *domain;
};

G_DEFINE_FINAL_TYPE (DomusPciDevice, domus_pci_device, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_BDF,
  PROP_VENDOR_ID,
  PROP_DEVICE_ID,
  PROP_CLASS_CODE,
  PROP_VENDOR_NAME,
  PROP_DEVICE_NAME,
  PROP_DRIVER,
  PROP_ASSIGNABLE,
  PROP_DOMAIN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
domus_pci_device_finalize (GObject *object)
{
  DomusPciDevice *self = DOMUS_PCI_DEVICE (object);

  g_free (self->bdf);
  g_free (self->vendor_name);
  g_free (self->device_name);
  g_free (self->driver);
  g_free (self->domain);

  G_OBJECT_CLASS (domus_pci_device_parent_class)->finalize (object);
}

static void
domus_pci_device_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  DomusPciDevice *self = DOMUS_PCI_DEVICE (object);

  switch (prop_id)
    {
    case PROP_BDF: g_value_set_string (value, self->bdf); break;
    case PROP_VENDOR_ID: g_value_set_uint (value, self->vendor_id); break;
    case PROP_DEVICE_ID: g_value_set_uint (value, self->device_id); break;
    case PROP_CLASS_CODE: g_value_set_uint (value, self->class_code); break;
    case PROP_VENDOR_NAME: g_value_set_string (value, self->vendor_name); break;
    case PROP_DEVICE_NAME: g_value_set_string (value, self->device_name); break;
    case PROP_DRIVER: g_value_set_string (value, self->driver); break;
    case PROP_ASSIGNABLE: g_value_set_boolean (value, self->assignable); break;
    case PROP_DOMAIN: g_value_set_string (value, self->domain); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
domus_pci_device_class_init (DomusPciDeviceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = domus_pci_device_finalize;
  object_class->get_property = domus_pci_device_get_property;

  properties[PROP_BDF] = g_param_spec_string ("bdf", NULL, NULL, NULL, flags);
  properties[PROP_VENDOR_ID] = g_param_spec_uint ("vendor-id", NULL, NULL, 0, G_MAXUINT16, 0, flags);
  properties[PROP_DEVICE_ID] = g_param_spec_uint ("device-id", NULL, NULL, 0, G_MAXUINT16, 0, flags);
  properties[PROP_CLASS_CODE] = g_param_spec_uint ("class-code", NULL, NULL, 0, 0xffffff, 0, flags);
  properties[PROP_VENDOR_NAME] = g_param_spec_string ("vendor-name", NULL, NULL, NULL, flags);
  properties[PROP_DEVICE_NAME] = g_param_spec_string ("device-name", NULL, NULL, NULL, flags);
  properties[PROP_DRIVER] = g_param_spec_string ("driver", NULL, NULL, NULL, flags);
  properties[PROP_ASSIGNABLE] = g_param_spec_boolean ("assignable", NULL, NULL, FALSE, flags);
  properties[PROP_DOMAIN] = g_param_spec_string ("domain", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
domus_pci_device_init (DomusPciDevice *self)
{
}

DomusPciDevice *
_domus_pci_device_new (const char *bdf)
{
  DomusPciDevice *self = g_object_new (DOMUS_TYPE_PCI_DEVICE, NULL);

  self->bdf = g_strdup (bdf);
  return self;
}

void
_domus_pci_device_update (DomusPciDevice             *self,
                          const DomusPciDeviceSample *device)
{
  g_return_if_fail (DOMUS_IS_PCI_DEVICE (self));

  g_object_freeze_notify (G_OBJECT (self));
  DOMUS_UPDATE_FIELD (self, vendor_id, device->vendor_id, properties[PROP_VENDOR_ID]);
  DOMUS_UPDATE_FIELD (self, device_id, device->device_id, properties[PROP_DEVICE_ID]);
  DOMUS_UPDATE_FIELD (self, class_code, device->class_code, properties[PROP_CLASS_CODE]);
  domus_update_string (self, &self->vendor_name, device->vendor_name, properties[PROP_VENDOR_NAME]);
  domus_update_string (self, &self->device_name, device->device_name, properties[PROP_DEVICE_NAME]);
  domus_update_string (self, &self->driver, device->driver, properties[PROP_DRIVER]);
  DOMUS_UPDATE_FIELD (self, assignable, !!device->assignable, properties[PROP_ASSIGNABLE]);
  domus_update_string (self, &self->domain, device->domain, properties[PROP_DOMAIN]);
  g_object_thaw_notify (G_OBJECT (self));
}

const char *
domus_pci_device_get_bdf (DomusPciDevice *self)
{
  g_return_val_if_fail (DOMUS_IS_PCI_DEVICE (self), NULL);
  return self->bdf;
}

guint
domus_pci_device_get_vendor_id (DomusPciDevice *self)
{
  g_return_val_if_fail (DOMUS_IS_PCI_DEVICE (self), 0);
  return self->vendor_id;
}

guint
domus_pci_device_get_device_id (DomusPciDevice *self)
{
  g_return_val_if_fail (DOMUS_IS_PCI_DEVICE (self), 0);
  return self->device_id;
}

guint
domus_pci_device_get_class_code (DomusPciDevice *self)
{
  g_return_val_if_fail (DOMUS_IS_PCI_DEVICE (self), 0);
  return self->class_code;
}

const char *
domus_pci_device_get_class_name (DomusPciDevice *self)
{
  g_return_val_if_fail (DOMUS_IS_PCI_DEVICE (self), NULL);
  return domus_pci_class_name (self->class_code);
}

const char *
domus_pci_device_get_vendor_name (DomusPciDevice *self)
{
  g_return_val_if_fail (DOMUS_IS_PCI_DEVICE (self), NULL);
  return self->vendor_name;
}

const char *
domus_pci_device_get_device_name (DomusPciDevice *self)
{
  g_return_val_if_fail (DOMUS_IS_PCI_DEVICE (self), NULL);
  return self->device_name;
}

char *
domus_pci_device_dup_title (DomusPciDevice *self)
{
  g_return_val_if_fail (DOMUS_IS_PCI_DEVICE (self), NULL);
  if (self->device_name != NULL)
    return g_strdup (self->device_name);
  return g_strdup_printf ("%04x:%04x", self->vendor_id, self->device_id);
}

const char *
domus_pci_device_get_driver (DomusPciDevice *self)
{
  g_return_val_if_fail (DOMUS_IS_PCI_DEVICE (self), NULL);
  return self->driver;
}

gboolean
domus_pci_device_get_assignable (DomusPciDevice *self)
{
  g_return_val_if_fail (DOMUS_IS_PCI_DEVICE (self), FALSE);
  return self->assignable;
}

const char *
domus_pci_device_get_domain (DomusPciDevice *self)
{
  g_return_val_if_fail (DOMUS_IS_PCI_DEVICE (self), NULL);
  return self->domain;
}

gboolean
domus_pci_device_is_dom0s (DomusPciDevice *self)
{
  g_return_val_if_fail (DOMUS_IS_PCI_DEVICE (self), FALSE);
  return !self->assignable && self->domain == NULL;
}
