/* domus-scene-pci.c: a scene host's PCI devices and its IOMMU
 *
 *   "host": {"iommu": true,
 *            "pci": [{"bdf": "0000:00:19.0", "vendor": "8086", "device": "100e",
 *                     "class": "020000", "vendor_name": "Intel Corporation",
 *                     "device_name": "82540EM Gigabit Ethernet Controller",
 *                     "driver": "e1000", "assignable": false, "domain": "web"}]}
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-scene"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "domus-json-check.h"
#include "domus-pci-sample.h"
#include "domus-scene-private.h"

#define MAX_PCI_DEVICES 256

static void
scene_pci_clear (gpointer data)
{
  DomusScenePci *pci = data;

  g_free (pci->bdf);
  g_free (pci->vendor_name);
  g_free (pci->device_name);
  g_free (pci->driver);
  g_free (pci->domain);
}

GArray *
scene_pci_new (void)
{
  GArray *devices = g_array_new (FALSE, TRUE, sizeof (DomusScenePci));

  g_array_set_clear_func (devices, scene_pci_clear);
  return devices;
}

gboolean
scene_get_boolean (JsonObject  *object,
                   const char  *where,
                   const char  *member,
                   gboolean    *value,
                   GError     **error)
{
  g_autofree char *key = g_strdup_printf ("%s%s%s", where, where[0] ? "." : "", member);
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return domus_json_fail (error, key, _("must be true or false"));
  *value = json_node_get_boolean (node);
  return TRUE;
}

/* A hex number of at most @digits digits. */
static gboolean
get_hex (JsonObject  *object,
         const char  *where,
         const char  *member,
         guint        digits,
         guint32     *value,
         GError     **error)
{
  g_autofree char *key = g_strdup_printf ("%s.%s", where, member);
  g_autofree char *text = NULL;
  guint64 number;

  if (!scene_get_string (object, where, member, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;
  if (strlen (text) > digits || !g_ascii_string_to_unsigned (text, 16, 0, G_MAXUINT32, &number, NULL))
    return domus_json_fail (error, key, _("must be up to %u hex digits, as lspci -n prints it"), digits);
  *value = (guint32) number;
  return TRUE;
}

static gboolean
parse_device (JsonNode    *node,
              const char  *where,
              DomusScene  *scene,
              GError     **error)
{
  static const char * const known[] = {
    "bdf", "vendor", "device", "class", "vendor_name", "device_name", "driver", "assignable", "domain", NULL,
  };
  g_autofree char *bdf_key = g_strdup_printf ("%s.bdf", where);
  g_autofree char *domain_key = g_strdup_printf ("%s.domain", where);
  g_autofree char *text = NULL;
  g_autoptr(GError) local_error = NULL;
  DomusScenePci pci = { NULL, 0, 0, 0, NULL, NULL, NULL, FALSE, NULL };
  guint32 vendor = 0, device = 0;
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return domus_json_fail (error, where, _("must be an object"));
  object = json_node_get_object (node);
  if (!domus_json_check_members (object, where, known, error)
      || !scene_get_string (object, where, "bdf", &text, error)
      || !get_hex (object, where, "vendor", 4, &vendor, error)
      || !get_hex (object, where, "device", 4, &device, error)
      || !get_hex (object, where, "class", 6, &pci.class_code, error)
      || !scene_get_string (object, where, "vendor_name", &pci.vendor_name, error)
      || !scene_get_string (object, where, "device_name", &pci.device_name, error)
      || !scene_get_string (object, where, "driver", &pci.driver, error)
      || !scene_get_boolean (object, where, "assignable", &pci.assignable, error)
      || !scene_get_string (object, where, "domain", &pci.domain, error))
    goto fail;
  if (text == NULL)
    {
      domus_json_fail (error, bdf_key, _("every device needs its address"));
      goto fail;
    }
  if (!domus_pci_parse_bdf (text, &pci.bdf, &local_error))
    {
      domus_json_fail (error, bdf_key, "%s", local_error->message);
      goto fail;
    }
  pci.vendor_id = vendor;
  pci.device_id = device;
  for (guint i = 0; i < scene->pci_devices->len; i++)
    if (g_str_equal (g_array_index (scene->pci_devices, DomusScenePci, i).bdf, pci.bdf))
      {
        domus_json_fail (error, bdf_key, _("%s is already the address of another device"), pci.bdf);
        goto fail;
      }
  if (pci.domain != NULL)
    {
      gboolean found = FALSE;

      for (guint i = 1; i < scene->domains->len && !found; i++)
        found = g_str_equal (((DomusSceneDomain *) g_ptr_array_index (scene->domains, i))->name, pci.domain);
      if (!found)
        {
          domus_json_fail (error, domain_key, _("“%s” is no domain of this scene but Domain-0"), pci.domain);
          goto fail;
        }
      /* A device attached to a domain is pciback's in dom0. */
      pci.assignable = TRUE;
    }
  if (pci.assignable)
    {
      g_free (pci.driver);
      pci.driver = g_strdup ("pciback");
    }
  g_array_append_val (scene->pci_devices, pci);
  return TRUE;

fail:
  scene_pci_clear (&pci);
  return FALSE;
}

gboolean
scene_parse_pci (JsonObject  *host,
                 DomusScene  *scene,
                 GError     **error)
{
  JsonNode *node;
  JsonArray *array;

  scene->iommu = TRUE;
  if (host == NULL)
    return TRUE;
  if (!scene_get_boolean (host, "host", "iommu", &scene->iommu, error))
    return FALSE;
  if ((node = json_object_get_member (host, "pci")) == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return domus_json_fail (error, "host.pci", _("must be a list"));
  array = json_node_get_array (node);
  if (json_array_get_length (array) > MAX_PCI_DEVICES)
    return domus_json_fail (error, "host.pci", _("may list up to %d devices"), MAX_PCI_DEVICES);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *where = g_strdup_printf ("host.pci[%u]", i);

      if (!parse_device (json_array_get_element (array, i), where, scene, error))
        return FALSE;
    }
  return TRUE;
}
