/* domusctl-pci.c: pci-list and pci-assignable-list, as lspci and xl print them
 *
 * The devices are read from the host's backend (the scene on a simulated
 * host, sysfs and libxl on the real one) before each. The changes
 * (pci-assignable-add, -remove, pci-attach, -detach) are requests
 * (domusctl-request.c), checked as the Host page's are (domus-host-pci.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domusctl"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "domus-command.h"
#include "domusctl-private.h"

static void
result_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static gboolean
read_pci (DomusHost  *host,
          const char *command)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  domus_host_refresh_pci_async (host, NULL, result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  if (!domus_host_refresh_pci_finish (host, result, &error))
    {
      g_printerr ("domusctl %s: %s\n", command, error->message);
      return FALSE;
    }
  return TRUE;
}

/* pci-list: the host's devices, who has each; pci-list DOMAIN: the
 * devices attached to it, as xl pci-list. */
int
cmd_pci_list (DomusHost  *host,
              int         argc,
              char      **argv)
{
  GListModel *devices = domus_host_get_pci_devices (host);
  g_autoptr(GError) error = NULL;
  DomusDomain *domain = NULL;

  if (argc > 2 || (argc == 2 && argv[1][0] == '-'))
    {
      g_printerr (_("domusctl %s: usage: %s [DOMAIN]\n"), argv[0], argv[0]);
      return EXIT_FAILURE;
    }
  if (argc == 2 && (domain = domus_command_find_domain (host, argv[1], &error)) == NULL)
    {
      g_printerr ("domusctl %s: %s\n", argv[0], error->message);
      return EXIT_FAILURE;
    }
  if (!read_pci (host, argv[0]))
    return EXIT_FAILURE;

  if (domain != NULL)
    {
      g_print ("%s\n", C_("domusctl column", "Device"));
      for (guint i = 0; i < g_list_model_get_n_items (devices); i++)
        {
          g_autoptr(DomusPciDevice) device = g_list_model_get_item (devices, i);

          if (g_strcmp0 (domus_pci_device_get_domain (device), domus_domain_get_name (domain)) == 0)
            g_print ("%s\n", domus_pci_device_get_bdf (device));
        }
      return EXIT_SUCCESS;
    }

  g_print ("%-13s %-26s %-9s %-10s %-10s %-16s %s\n", C_("domusctl column", "BDF"),
           C_("domusctl column", "Class"), C_("domusctl column", "ID"), C_("domusctl column", "Driver"),
           C_("domusctl column", "Assignable"), C_("domusctl column", "Domain"), C_("domusctl column", "Device"));
  for (guint i = 0; i < g_list_model_get_n_items (devices); i++)
    {
      g_autoptr(DomusPciDevice) device = g_list_model_get_item (devices, i);
      g_autofree char *id = g_strdup_printf ("%04x:%04x", domus_pci_device_get_vendor_id (device),
                                             domus_pci_device_get_device_id (device));
      g_autofree char *title = domus_pci_device_dup_title (device);
      const char *vendor = domus_pci_device_get_vendor_name (device);
      const char *driver = domus_pci_device_get_driver (device);
      const char *owner = domus_pci_device_get_domain (device);
      g_autoptr(GString) line = g_string_new (NULL);

      domusctl_append_padded (line, domus_pci_device_get_bdf (device), 13, TRUE);
      g_string_append_c (line, ' ');
      domusctl_append_padded (line, domus_pci_device_get_class_name (device), 26, TRUE);
      g_string_append_c (line, ' ');
      domusctl_append_padded (line, id, 9, TRUE);
      g_string_append_c (line, ' ');
      domusctl_append_padded (line, driver != NULL ? driver : "-", 10, TRUE);
      g_string_append_c (line, ' ');
      domusctl_append_padded (line, domus_pci_device_get_assignable (device) ? _("yes") : _("no"), 10, TRUE);
      g_string_append_c (line, ' ');
      domusctl_append_padded (line, owner != NULL ? owner : "-", 16, TRUE);
      g_string_append_printf (line, " %s%s%s", vendor != NULL ? vendor : "", vendor != NULL ? " " : "", title);
      g_print ("%s\n", line->str);
    }
  if (!domus_host_has_iommu (host))
    g_printerr (_("domusctl %s: this host has no IOMMU: devices can be made assignable, "
                  "but the hardware cannot pass them through to a domain\n"), argv[0]);
  return EXIT_SUCCESS;
}

/* pci-assignable-list: the devices pciback has, one a line, as xl prints
 * them: the BDF, a space, and the name given with xl pci-assignable-add -n
 * (Domus gives none). */
int
cmd_pci_assignable_list (DomusHost  *host,
                         int         argc,
                         char      **argv)
{
  GListModel *devices = domus_host_get_pci_devices (host);

  if (argc > 1)
    {
      g_printerr (_("domusctl %s: usage: %s\n"), argv[0], argv[0]);
      return EXIT_FAILURE;
    }
  if (!read_pci (host, argv[0]))
    return EXIT_FAILURE;
  /* xl lists those no domain has. */
  for (guint i = 0; i < g_list_model_get_n_items (devices); i++)
    {
      g_autoptr(DomusPciDevice) device = g_list_model_get_item (devices, i);

      if (domus_pci_device_get_assignable (device) && domus_pci_device_get_domain (device) == NULL)
        g_print ("%s \n", domus_pci_device_get_bdf (device));
    }
  return EXIT_SUCCESS;
}
