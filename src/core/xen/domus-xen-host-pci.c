/* domus-xen-host-pci.c: the real host's PCI devices
 *
 * Part of DomusXenHost: see domus-xen-host-private.h. The devices are
 * dom0's sysfs (/sys/bus/pci/devices: vendor, device, class, the driver
 * link), named from pci.ids when it is installed; which are assignable is
 * libxl's list (libxl_device_pci_assignable_list(), what xl
 * pci-assignable-list prints), which domain has each is libxl's list of
 * each domain's devices (libxl_device_pci_list(), xl pci-list), and
 * whether Xen can pass devices through at all is physinfo's
 * cap_hvm_directio (xl info's virt_caps "hvm_directio": Xen found an
 * IOMMU). All read on a worker thread in a section of direct calls, as
 * the storage's disks are (domus-xen-host-storage.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-xen-host"

#include "config.h"

#include "domus-xen-host-private.h"   /* defines LIBXL_API_VERSION first */

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <libxl_utils.h>

#include "domus-error.h"
#include "domus-pci-sample.h"

#define SYSFS_PCI "/sys/bus/pci/devices"
#define PCI_IDS "/usr/share/misc/pci.ids"

static gboolean
read_hex_file (const char *dir,
               const char *name,
               guint32    *value)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *text = NULL;
  guint64 number;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return FALSE;
  g_strstrip (text);
  if (g_str_has_prefix (text, "0x"))
    memmove (text, text + 2, strlen (text + 2) + 1);
  if (!g_ascii_string_to_unsigned (text, 16, 0, G_MAXUINT32, &number, NULL))
    return FALSE;
  *value = (guint32) number;
  return TRUE;
}

static char *
pci_bdf (const libxl_device_pci *pci)
{
  return g_strdup_printf ("%04x:%02x:%02x.%x", (guint) pci->domain, pci->bus, pci->dev, pci->func);
}

static gboolean
read_sysfs_devices (DomusPciSample  *sample,
                    GError         **error)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if ((dir = g_dir_open (SYSFS_PCI, 0, error)) == NULL)
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (SYSFS_PCI, name, NULL);
      g_autofree char *link = g_build_filename (path, "driver", NULL);
      g_autofree char *target = NULL;
      g_autofree char *bdf = NULL;
      DomusPciDeviceSample *device;
      guint32 vendor = 0, id = 0, class_code = 0;

      if (!domus_pci_parse_bdf (name, &bdf, NULL))
        continue;
      read_hex_file (path, "vendor", &vendor);
      read_hex_file (path, "device", &id);
      read_hex_file (path, "class", &class_code);
      device = domus_pci_sample_add (sample, bdf);
      device->vendor_id = vendor;
      device->device_id = id;
      device->class_code = class_code;
      if ((target = g_file_read_link (link, NULL)) != NULL)
        device->driver = g_path_get_basename (target);
      domus_pci_ids_lookup (PCI_IDS, device->vendor_id, device->device_id, &device->vendor_name,
                            &device->device_name);
    }
  return TRUE;
}

static void
read_pci_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  DomusXenHost *self = source_object;
  g_autoptr(DomusPciSample) sample = domus_pci_sample_new ();
  g_autoptr(GError) error = NULL;
  libxl_device_pci *list;
  libxl_dominfo *domains;
  libxl_physinfo physinfo;
  int n = 0, n_domains = 0;

  if (!read_sysfs_devices (sample, &error))
    {
      g_task_return_new_error (task, DOMUS_ERROR, DOMUS_ERROR_FAILED,
                               _("Cannot read the host’s PCI devices: %s"), error->message);
      return;
    }

  domus_xen_loop_begin_direct_calls (self->loop);
  libxl_physinfo_init (&physinfo);
  if (libxl_get_physinfo (self->ctx, &physinfo) == 0)
    sample->iommu = physinfo.cap_hvm_directio;
  libxl_physinfo_dispose (&physinfo);

  list = libxl_device_pci_assignable_list (self->ctx, &n);
  for (int i = 0; list != NULL && i < n; i++)
    {
      g_autofree char *bdf = pci_bdf (&list[i]);
      DomusPciDeviceSample *device = domus_pci_sample_lookup (sample, bdf);

      if (device != NULL)
        device->assignable = TRUE;
    }
  if (list != NULL)
    libxl_device_pci_assignable_list_free (list, n);

  domains = libxl_list_domain (self->ctx, &n_domains);
  for (int i = 0; domains != NULL && i < n_domains; i++)
    {
      g_autofree char *name = NULL;

      if (domains[i].domid == 0)
        continue;
      list = libxl_device_pci_list (self->ctx, domains[i].domid, &n);
      if (list == NULL)
        continue;
      name = libxl_domid_to_name (self->ctx, domains[i].domid);
      for (int j = 0; j < n; j++)
        {
          g_autofree char *bdf = pci_bdf (&list[j]);
          DomusPciDeviceSample *device = domus_pci_sample_lookup (sample, bdf);

          if (device != NULL && name != NULL)
            {
              g_free (device->domain);
              device->domain = g_strdup (name);
              device->assignable = TRUE;
            }
        }
      libxl_device_pci_list_free (list, n);
    }
  if (domains != NULL)
    libxl_dominfo_list_free (domains, n_domains);
  domus_xen_loop_end_direct_calls (self->loop);

  g_task_return_pointer (task, g_steal_pointer (&sample), (GDestroyNotify) domus_pci_sample_free);
}

void
domus_xen_host_read_pci (DomusHost *host,
                         GTask     *task)
{
  g_task_run_in_thread (task, read_pci_thread);
}

static gboolean
parse_device (const DomusRequest *request,
              libxl_device_pci   *pci)
{
  unsigned int segment, bus, dev, func;

  libxl_device_pci_init (pci);
  if (request->pci == NULL || sscanf (request->pci, "%x:%x:%x.%x", &segment, &bus, &dev, &func) != 4)
    return FALSE;
  pci->domain = (int) segment;
  pci->bus = (uint8_t) bus;
  pci->dev = (uint8_t) dev;
  pci->func = (uint8_t) func;
  return TRUE;
}

/* Whether pciback has @bdf now (what libxl's quarantine step needs no IOMMU for). */
static gboolean
bound_to_pciback (const char *bdf)
{
  g_autofree char *link = g_build_filename (SYSFS_PCI, bdf, "driver", NULL);
  g_autofree char *target = g_file_read_link (link, NULL);
  g_autofree char *driver = target != NULL ? g_path_get_basename (target) : NULL;

  return g_strcmp0 (driver, "pciback") == 0 || g_strcmp0 (driver, "xen-pciback") == 0;
}

/* One write of @text to the sysfs attribute @path, as the kernel wants it. */
static gboolean
write_sysfs (const char  *path,
             const char  *text,
             GError     **error)
{
  int fd = open (path, O_WRONLY | O_CLOEXEC);
  gssize n;
  int saved;

  if (fd < 0 || (n = write (fd, text, strlen (text))) < 0)
    {
      saved = errno;
      if (fd >= 0)
        close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", path, g_strerror (saved));
      return FALSE;
    }
  close (fd);
  return TRUE;
}

/* What libxl_device_pci_assignable_remove() does after the step it cannot
 * do without an IOMMU (taking the device out of Xen's quarantine domain,
 * where it never was): pciback lets go of it, and the driver libxl noted
 * when it took it (xenstore /libxl/pci/SSSS-BB-DD-F/driver_path) binds it
 * again, or the kernel picks one (drivers_probe). */
static gboolean
give_back_without_iommu (const DomusRequest  *request,
                         const libxl_device_pci *pci,
                         GError             **error)
{
  static const char * const info[] = { "/libxl/pci", "/libxl/pciback" };
  g_autofree char *driver_path = NULL;
  struct xs_handle *xs = xs_open (0);
  g_autoptr(GError) local_error = NULL;

  for (guint i = 0; xs != NULL && i < G_N_ELEMENTS (info); i++)
    {
      g_autofree char *node = g_strdup_printf ("%s/%04x-%02x-%02x-%01x", info[i], (guint) pci->domain, pci->bus,
                                               pci->dev, pci->func);
      g_autofree char *key = g_strconcat (node, "/driver_path", NULL);
      unsigned int length = 0;
      char *value = xs_read (xs, XBT_NULL, key, &length);

      if (value != NULL && driver_path == NULL)
        driver_path = g_strndup (value, length);
      free (value);
      if (value != NULL)
        xs_rm (xs, XBT_NULL, node);
    }
  if (xs != NULL)
    xs_close (xs);

  if (!write_sysfs ("/sys/bus/pci/drivers/pciback/unbind", request->pci, error))
    return FALSE;
  /* A slot pciback keeps for it, if it had one: it would take it again. */
  write_sysfs ("/sys/bus/pci/drivers/pciback/remove_slot", request->pci, NULL);
  if (driver_path != NULL)
    {
      g_autofree char *bind = g_build_filename (driver_path, "bind", NULL);

      if (g_str_has_prefix (driver_path, "/sys/bus/pci/drivers/") && write_sysfs (bind, request->pci, &local_error))
        return TRUE;
    }
  return write_sysfs ("/sys/bus/pci/drivers_probe", request->pci, error);
}

static gboolean
has_iommu (DomusXenHost *self)
{
  libxl_physinfo physinfo;
  gboolean iommu = FALSE;

  libxl_physinfo_init (&physinfo);
  if (libxl_get_physinfo (self->ctx, &physinfo) == 0)
    iommu = physinfo.cap_hvm_directio;
  libxl_physinfo_dispose (&physinfo);
  return iommu;
}

gint64
domus_xen_host_perform_pci (DomusXenHost        *self,
                            const DomusRequest  *request,
                            const char          *config_path,
                            GError             **error)
{
  libxl_device_pci pci;
  int rc = 0;

  if (!parse_device (request, &pci))
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT, _("“%s” is not a PCI address"),
                   request->pci != NULL ? request->pci : "");
      return 0;
    }

  switch (request->kind)
    {
    case DOMUS_REQUEST_PCI_ASSIGNABLE_ADD:
      /* As xl pci-assignable-add: unbound from dom0's driver (its name
       * kept for the way back), bound to pciback, then quarantined. */
      rc = libxl_device_pci_assignable_add (self->ctx, &pci, 1);
      /* Without an IOMMU the last step (assigning it to Xen's quarantine
       * domain) cannot be done, but pciback has it: it is assignable, as
       * xl pci-assignable-list then shows; attaching it is what fails. */
      if (rc != 0 && bound_to_pciback (request->pci) && !has_iommu (self))
        rc = 0;
      if (rc != 0)
        set_libxl_error (error, rc, _("Cannot make %s assignable"), request->pci);
      break;
    case DOMUS_REQUEST_PCI_ASSIGNABLE_REMOVE:
      rc = libxl_device_pci_assignable_remove (self->ctx, &pci, 1);
      /* Without an IOMMU libxl stops at its first step (out of the
       * quarantine), leaving the device to pciback: Domus does the rest. */
      if (rc != 0 && bound_to_pciback (request->pci) && !has_iommu (self))
        {
          g_autoptr(GError) local_error = NULL;

          if (give_back_without_iommu (request, &pci, &local_error))
            rc = 0;
          else
            {
              g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED, _("Cannot give %s back to dom0: %s"),
                           request->pci, local_error->message);
              break;
            }
        }
      if (rc != 0)
        set_libxl_error (error, rc, _("Cannot give %s back to dom0"), request->pci);
      break;
    case DOMUS_REQUEST_PCI_ATTACH:
      if (!has_iommu (self))
        {
          g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_SUPPORTED,
                       _("This host has no IOMMU: the hardware cannot pass a PCI device through to a domain "
                         "(Xen reports no hvm_directio in xl info’s virt_caps)"));
          break;
        }
      if ((rc = libxl_device_pci_add (self->ctx, request->domid, &pci, NULL)) != 0)
        set_libxl_error (error, rc, _("Cannot attach %s to “%s”"), request->pci, request->domain_name);
      else if (request->keep)
        _domus_host_pci_keep (config_path, request, error);
      break;
    case DOMUS_REQUEST_PCI_DETACH:
      if ((rc = libxl_device_pci_remove (self->ctx, request->domid, &pci, NULL)) != 0)
        set_libxl_error (error, rc, _("Cannot detach %s from “%s”"), request->pci, request->domain_name);
      else if (request->keep)
        _domus_host_pci_keep (config_path, request, error);
      break;
    default:
      g_assert_not_reached ();
    }
  libxl_device_pci_dispose (&pci);
  return 0;
}
