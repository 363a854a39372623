/* test-pci.c: PCI devices, and passing them through to domains
 *
 * The model filled from a scene; each of the four requests on the
 * simulated host (make assignable, attach, detach, give back to dom0),
 * pci= kept in a domain's xl config when asked; the refusals: a device
 * dom0 uses (its driver named), one another domain has, a host without an
 * IOMMU (the hardware cannot); BDFs read as xl reads them; the same
 * through domus-agent, and an older agent's clear refusal.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "domus-error.h"
#include "domus-test-remote.h"
#include "domus-test-utils.h"
#include "remote/domus-remote-pci.h"
#include "sim/domus-scene.h"
#include "xlcfg/domus-xl-config.h"

/* The lab's web-server experiment: an e1000 dom0 uses, a second NIC
 * already given to web, a USB controller set aside (assignable). */
#define SCENE(IOMMU)                                                                                  \
  "{\"host\": {\"pcpus\": 2, \"memory_mib\": 4096, \"iommu\": " IOMMU ","                             \
  "  \"pci\": [{\"bdf\": \"0000:00:19.0\", \"vendor\": \"8086\", \"device\": \"100e\", \"class\": \"020000\"," \
  "             \"vendor_name\": \"Intel Corporation\", \"device_name\": \"82540EM Gigabit Ethernet Controller\"," \
  "             \"driver\": \"e1000\"},"                                                                \
  "            {\"bdf\": \"00:1b.0\", \"vendor\": \"8086\", \"device\": \"10d3\", \"class\": \"020000\","  \
  "             \"domain\": \"web\"},"                                                                  \
  "            {\"bdf\": \"0000:00:1a.0\", \"vendor\": \"8086\", \"device\": \"2934\", \"class\": \"0c0300\"," \
  "             \"device_name\": \"82801I (ICH9 Family) USB UHCI Controller #1\", \"assignable\": true}," \
  "            {\"bdf\": \"0000:00:00.0\", \"vendor\": \"8086\", \"device\": \"29c0\", \"class\": \"060000\"}]}," \
  " \"domains\": [{\"name\": \"web\"}, {\"name\": \"db\"}]}"

static const char *lab = SCENE ("true");
static const char *no_iommu = SCENE ("false");

static void
read_pci (DomusHost *host)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  domus_host_refresh_pci_async (host, NULL, domus_test_result_cb, &result);
  DOMUS_TEST_WAIT_UNTIL (result != NULL, 10);
  g_assert_true (domus_host_refresh_pci_finish (host, result, &error));
  g_assert_no_error (error);
}

static DomusRequest *
pci_request (DomusHost        *host,
             DomusRequestKind  kind,
             const char       *domain,
             const char       *bdf)
{
  DomusRequest *request;

  if (domain == NULL)
    return domus_request_new_for_pci (kind, bdf);
  request = domus_request_new_for_domain (kind, domus_host_lookup_domain_by_name (host, domain));
  request->pci = g_strdup (bdf);
  return request;
}

/* Runs the request and returns its error, or NULL; on @clock, or (NULL)
 * through an agent, in real time. */
static GError *
run (DomusHost        *host,
     DomusClock       *clock,
     DomusRequestKind  kind,
     const char       *domain,
     const char       *bdf,
     gboolean          keep)
{
  DomusRequest *request = pci_request (host, kind, domain, bdf);
  GError *error = NULL;

  request->keep = keep;
  if (clock != NULL)
    domus_test_run_request (host, clock, request, &error);
  else
    {
      g_autoptr(GAsyncResult) result = NULL;

      domus_host_request_async (host, request, NULL, domus_test_result_cb, &result);
      DOMUS_TEST_WAIT_UNTIL (result != NULL, 30);
      domus_host_request_finish (host, result, &error);
    }
  return error;
}

static void
assert_refused (GError     *error,
                gint        code,
                const char *message)
{
  g_assert_error (error, DOMUS_ERROR, code);
  g_assert_cmpstr (error->message, ==, message);
  g_error_free (error);
}

static void
test_model (void)
{
  g_autoptr(DomusClock) clock = NULL;
  g_autoptr(DomusHost) host = domus_test_sim_host_new (lab, &clock);
  GListModel *devices = domus_host_get_pci_devices (host);
  DomusPciDevice *nic, *nic2, *usb;
  g_autofree char *title = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (devices), ==, 0);
  read_pci (host);
  g_assert_true (domus_host_has_iommu (host));
  g_assert_null (domus_host_get_pci_error (host));
  g_assert_cmpuint (g_list_model_get_n_items (devices), ==, 4);
  /* Sorted by address. */
  {
    g_autoptr(DomusPciDevice) first = g_list_model_get_item (devices, 0);
    g_autoptr(DomusPciDevice) last = g_list_model_get_item (devices, 3);

    g_assert_cmpstr (domus_pci_device_get_bdf (first), ==, "0000:00:00.0");
    g_assert_cmpstr (domus_pci_device_get_bdf (last), ==, "0000:00:1b.0");
  }
  nic = domus_host_lookup_pci_device (host, "00:19.0");
  g_assert_nonnull (nic);
  g_assert_cmpuint (domus_pci_device_get_vendor_id (nic), ==, 0x8086);
  g_assert_cmpuint (domus_pci_device_get_device_id (nic), ==, 0x100e);
  g_assert_cmpstr (domus_pci_device_get_class_name (nic), ==, "Ethernet controller");
  g_assert_cmpstr (domus_pci_device_get_vendor_name (nic), ==, "Intel Corporation");
  g_assert_cmpstr (domus_pci_device_get_driver (nic), ==, "e1000");
  g_assert_false (domus_pci_device_get_assignable (nic));
  g_assert_null (domus_pci_device_get_domain (nic));
  g_assert_true (domus_pci_device_is_dom0s (nic));

  nic2 = domus_host_lookup_pci_device (host, "0000:00:1B.0");
  g_assert_cmpstr (domus_pci_device_get_domain (nic2), ==, "web");
  g_assert_true (domus_pci_device_get_assignable (nic2));
  g_assert_cmpstr (domus_pci_device_get_driver (nic2), ==, "pciback");
  title = domus_pci_device_dup_title (nic2);
  g_assert_cmpstr (title, ==, "8086:10d3");

  usb = domus_host_lookup_pci_device (host, "0000:00:1a.0");
  g_assert_true (domus_pci_device_get_assignable (usb));
  g_assert_null (domus_pci_device_get_domain (usb));
  g_assert_cmpstr (domus_pci_device_get_class_name (usb), ==, "USB controller");
  g_assert_null (domus_host_lookup_pci_device (host, "0000:00:02.0"));
  g_assert_null (domus_host_lookup_pci_device (host, "nonsense"));
}

/* The lab's recipe: NIC to pciback, to web, back, and to dom0 again; the
 * objects stay the same, updated in place. */
static void
test_actions (void)
{
  g_autoptr(DomusClock) clock = NULL;
  g_autoptr(DomusHost) host = domus_test_sim_host_new (lab, &clock);
  DomusPciDevice *nic;
  guint notified = 0;

  read_pci (host);
  nic = domus_host_lookup_pci_device (host, "0000:00:19.0");
  g_signal_connect_swapped (nic, "notify::assignable", G_CALLBACK (domus_test_count_cb), &notified);

  g_assert_no_error (run (host, clock, DOMUS_REQUEST_PCI_ASSIGNABLE_ADD, NULL, "00:19.0", FALSE));
  /* Read again once done. */
  g_assert_true (domus_host_lookup_pci_device (host, "0000:00:19.0") == nic);
  g_assert_true (domus_pci_device_get_assignable (nic));
  g_assert_cmpstr (domus_pci_device_get_driver (nic), ==, "pciback");
  g_assert_cmpuint (notified, ==, 1);

  g_assert_no_error (run (host, clock, DOMUS_REQUEST_PCI_ATTACH, "db", "0000:00:19.0", FALSE));
  g_assert_cmpstr (domus_pci_device_get_domain (nic), ==, "db");
  g_assert_no_error (run (host, clock, DOMUS_REQUEST_PCI_DETACH, "db", "0000:00:19.0", FALSE));
  g_assert_null (domus_pci_device_get_domain (nic));
  g_assert_true (domus_pci_device_get_assignable (nic));

  g_assert_no_error (run (host, clock, DOMUS_REQUEST_PCI_ASSIGNABLE_REMOVE, NULL, "0000:00:19.0", FALSE));
  g_assert_false (domus_pci_device_get_assignable (nic));
  /* Rebound to the driver it had. */
  g_assert_cmpstr (domus_pci_device_get_driver (nic), ==, "e1000");
  g_assert_cmpuint (notified, ==, 2);

  /* A domain that goes leaves its device to pciback, as on Xen. */
  g_assert_no_error (run (host, clock, DOMUS_REQUEST_DESTROY, "web", NULL, FALSE));
  read_pci (host);
  g_assert_null (domus_pci_device_get_domain (domus_host_lookup_pci_device (host, "00:1b.0")));
  g_assert_true (domus_pci_device_get_assignable (domus_host_lookup_pci_device (host, "00:1b.0")));
}

static void
test_refusals (void)
{
  g_autoptr(DomusClock) clock = NULL;
  g_autoptr(DomusHost) host = domus_test_sim_host_new (lab, &clock);

  /* In use by dom0: its driver named, and what to do. */
  assert_refused (run (host, clock, DOMUS_REQUEST_PCI_ATTACH, "db", "0000:00:19.0", FALSE), DOMUS_ERROR_BUSY,
                  "0000:00:19.0 (82540EM Gigabit Ethernet Controller) is in use by dom0 (driver e1000): "
                  "make it assignable first (pci-assignable-add 0000:00:19.0)");
  assert_refused (run (host, clock, DOMUS_REQUEST_PCI_ATTACH, "db", "0000:00:00.0", FALSE), DOMUS_ERROR_BUSY,
                  "0000:00:00.0 (8086:29c0) is dom0’s: make it assignable first (pci-assignable-add 0000:00:00.0)");
  /* In use by another domain. */
  assert_refused (run (host, clock, DOMUS_REQUEST_PCI_ATTACH, "db", "0000:00:1b.0", FALSE), DOMUS_ERROR_BUSY,
                  "0000:00:1b.0 (8086:10d3) is in use by domain “web”: detach it from there first "
                  "(pci-detach web 0000:00:1b.0)");
  assert_refused (run (host, clock, DOMUS_REQUEST_PCI_ASSIGNABLE_REMOVE, NULL, "00:1b.0", FALSE), DOMUS_ERROR_BUSY,
                  "0000:00:1b.0 (8086:10d3) is in use by domain “web”: detach it first (pci-detach web 0000:00:1b.0)");
  assert_refused (run (host, clock, DOMUS_REQUEST_PCI_ATTACH, "web", "0000:00:1b.0", FALSE), DOMUS_ERROR_EXISTS,
                  "0000:00:1b.0 (8086:10d3) is attached to domain “web” already");
  assert_refused (run (host, clock, DOMUS_REQUEST_PCI_DETACH, "db", "0000:00:1b.0", FALSE), DOMUS_ERROR_NOT_FOUND,
                  "0000:00:1b.0 (8086:10d3) is not attached to domain “db”");
  assert_refused (run (host, clock, DOMUS_REQUEST_PCI_ASSIGNABLE_ADD, NULL, "0000:00:1a.0", FALSE), DOMUS_ERROR_EXISTS,
                  "0000:00:1a.0 (82801I (ICH9 Family) USB UHCI Controller #1) is assignable already");
  assert_refused (run (host, clock, DOMUS_REQUEST_PCI_ASSIGNABLE_REMOVE, NULL, "0000:00:19.0", FALSE),
                  DOMUS_ERROR_INVALID_ARGUMENT,
                  "0000:00:19.0 (82540EM Gigabit Ethernet Controller) is not assignable: dom0 has it already");
  assert_refused (run (host, clock, DOMUS_REQUEST_PCI_ASSIGNABLE_ADD, NULL, "0000:00:00.0", FALSE),
                  DOMUS_ERROR_NOT_SUPPORTED,
                  "0000:00:00.0 (8086:29c0) is a bridge: Xen passes through the devices behind a bridge, not the bridge");
  assert_refused (run (host, clock, DOMUS_REQUEST_PCI_ATTACH, "Domain-0", "0000:00:1a.0", FALSE),
                  DOMUS_ERROR_INVALID_ARGUMENT,
                  "Domain-0 is not given devices: give 0000:00:1a.0 back to dom0 instead "
                  "(pci-assignable-remove 0000:00:1a.0)");
  assert_refused (run (host, clock, DOMUS_REQUEST_PCI_ASSIGNABLE_ADD, NULL, "0000:00:02.0", FALSE),
                  DOMUS_ERROR_NOT_FOUND,
                  "There is no PCI device 0000:00:02.0 on this host (domusctl pci-list lists them)");
  assert_refused (run (host, clock, DOMUS_REQUEST_PCI_ASSIGNABLE_ADD, NULL, "eth0", FALSE),
                  DOMUS_ERROR_INVALID_ARGUMENT,
                  "“eth0” is not a PCI address: write it as lspci does, such as 0000:00:04.0 or 00:04.0");
  /* A domain from no known config: nothing to keep it in. */
  assert_refused (run (host, clock, DOMUS_REQUEST_PCI_ATTACH, "db", "0000:00:1a.0", TRUE), DOMUS_ERROR_NOT_FOUND,
                  "Domus does not know which xl config file “db” was created from: "
                  "it cannot keep the device in its pci= setting");
  read_pci (host);
  g_assert_null (domus_pci_device_get_domain (domus_host_lookup_pci_device (host, "0000:00:1a.0")));
}

/* No IOMMU: the hardware cannot, and the message says so, before anything
 * else about the device; making it assignable is still possible. */
static void
test_no_iommu (void)
{
  g_autoptr(DomusClock) clock = NULL;
  g_autoptr(DomusHost) host = domus_test_sim_host_new (no_iommu, &clock);
  static const char *words =
    "This host has no IOMMU: the hardware cannot pass a PCI device through to a domain "
    "(Xen reports no hvm_directio in xl info’s virt_caps)";

  read_pci (host);
  g_assert_false (domus_host_has_iommu (host));
  assert_refused (run (host, clock, DOMUS_REQUEST_PCI_ATTACH, "db", "0000:00:1a.0", FALSE),
                  DOMUS_ERROR_NOT_SUPPORTED, words);
  assert_refused (run (host, clock, DOMUS_REQUEST_PCI_ATTACH, "db", "0000:00:19.0", FALSE),
                  DOMUS_ERROR_NOT_SUPPORTED, words);
  g_assert_no_error (run (host, clock, DOMUS_REQUEST_PCI_ASSIGNABLE_ADD, NULL, "0000:00:19.0", FALSE));
  g_assert_true (domus_pci_device_get_assignable (domus_host_lookup_pci_device (host, "0000:00:19.0")));
  assert_refused (run (host, clock, DOMUS_REQUEST_PCI_ATTACH, "db", "0000:00:19.0", FALSE),
                  DOMUS_ERROR_NOT_SUPPORTED, words);
  g_assert_null (domus_pci_device_get_domain (domus_host_lookup_pci_device (host, "0000:00:19.0")));
}

/* Keep after reboot: pci= in the xl config the domain was created from,
 * every other line and item kept; taken out again on detach. As xl
 * create, a domain is created with its config's devices attached, and not
 * created when one is missing, dom0's, or when there is no IOMMU. */
static void
test_keep (void)
{
  g_autoptr(DomusClock) clock = NULL;
  g_autoptr(DomusHost) host = domus_test_sim_host_new (lab, &clock);
  g_autofree char *dir = g_dir_make_tmp ("domus-pci-XXXXXX", NULL);
  g_autofree char *path = domus_test_write_text (dir, "web2.cfg",
                                                 "# the web server\nname = \"web2\"\ntype = \"pv\"\nmemory = 256\n"
                                                 "pci = [ '00:1a.0,permissive=1' ]\n");
  g_autofree char *text = NULL;
  DomusRequest *create = domus_request_new (DOMUS_REQUEST_CREATE);
  g_autoptr(GError) error = NULL;

  create->path = g_strdup (path);
  domus_test_run_request (host, clock, create, &error);
  g_assert_no_error (error);
  g_assert_nonnull (domus_host_lookup_domain_by_name (host, "web2"));
  read_pci (host);
  g_assert_cmpstr (domus_pci_device_get_domain (domus_host_lookup_pci_device (host, "0000:00:1a.0")), ==, "web2");

  /* Out of the config, then in again: the item is written as Domus writes it. */
  g_assert_no_error (run (host, clock, DOMUS_REQUEST_PCI_DETACH, "web2", "0000:00:1a.0", TRUE));
  g_assert_null (domus_pci_device_get_domain (domus_host_lookup_pci_device (host, "0000:00:1a.0")));
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "# the web server\nname = \"web2\"\ntype = \"pv\"\nmemory = 256\n");
  g_clear_pointer (&text, g_free);

  g_assert_no_error (run (host, clock, DOMUS_REQUEST_PCI_ASSIGNABLE_ADD, NULL, "0000:00:19.0", FALSE));
  g_assert_no_error (run (host, clock, DOMUS_REQUEST_PCI_ATTACH, "web2", "00:1a.0", TRUE));
  g_assert_no_error (run (host, clock, DOMUS_REQUEST_PCI_ATTACH, "web2", "00:19.0", TRUE));
  g_assert_cmpstr (domus_pci_device_get_domain (domus_host_lookup_pci_device (host, "0000:00:1a.0")), ==, "web2");
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_cmpstr (text, ==,
                   "# the web server\nname = \"web2\"\ntype = \"pv\"\nmemory = 256\n"
                   "pci = ['0000:00:1a.0', '0000:00:19.0']\n");
  g_clear_pointer (&text, g_free);
  g_assert_no_error (run (host, clock, DOMUS_REQUEST_PCI_DETACH, "web2", "0000:00:19.0", TRUE));
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_cmpstr (text, ==,
                   "# the web server\nname = \"web2\"\ntype = \"pv\"\nmemory = 256\n"
                   "pci = ['0000:00:1a.0']\n");

  /* Destroyed and created again from its config: the device comes back to it. */
  g_assert_no_error (run (host, clock, DOMUS_REQUEST_DESTROY, "web2", NULL, FALSE));
  create = domus_request_new (DOMUS_REQUEST_CREATE);
  create->path = g_strdup (path);
  domus_test_run_request (host, clock, create, &error);
  g_assert_no_error (error);
  read_pci (host);
  g_assert_cmpstr (domus_pci_device_get_domain (domus_host_lookup_pci_device (host, "0000:00:1a.0")), ==, "web2");
  domus_test_remove_dir (dir);
}

/* xl create refuses a config whose devices cannot be had. */
static void
test_create_refused (void)
{
  static const struct { const char *scene; const char *pci; const char *words; } cases[] = {
    { SCENE ("true"), "'0000:00:19.0'",
      "“web3” cannot be created: its config gives it PCI device 0000:00:19.0, which is not assignable "
      "(pci-assignable-add 0000:00:19.0 first)" },
    { SCENE ("true"), "'00:02.0'",
      "“web3” cannot be created: its config gives it PCI device 0000:00:02.0, which this host does not have" },
    { SCENE ("true"), "'00:1b.0'",
      "“web3” cannot be created: its config gives it PCI device 0000:00:1b.0, which another domain has" },
    { SCENE ("true"), "'eth0'", "“web3” cannot be created: “eth0” in its pci= names no PCI device" },
    { SCENE ("false"), "'00:1a.0'",
      "“web3” cannot be created: its config gives it PCI device 0000:00:1a.0, and this host has no IOMMU: "
      "the hardware cannot pass a PCI device through to a domain" },
  };
  g_autofree char *dir = g_dir_make_tmp ("domus-pci-XXXXXX", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DomusClock) clock = NULL;
      g_autoptr(DomusHost) host = domus_test_sim_host_new (cases[i].scene, &clock);
      g_autofree char *config = g_strdup_printf ("name = \"web3\"\npci = [%s]\n", cases[i].pci);
      g_autofree char *path = domus_test_write_text (dir, "web3.cfg", config);
      DomusRequest *create = domus_request_new (DOMUS_REQUEST_CREATE);
      g_autoptr(GError) error = NULL;

      create->path = g_strdup (path);
      domus_test_run_request (host, clock, create, &error);
      g_assert_nonnull (error);
      g_assert_cmpstr (error->message, ==, cases[i].words);
      g_assert_null (domus_host_lookup_domain_by_name (host, "web3"));
    }
  domus_test_remove_dir (dir);
}

static void
test_bdf (void)
{
  static const struct { const char *text; const char *bdf; } good[] = {
    { "0000:00:04.0", "0000:00:04.0" }, { "00:04.0", "0000:00:04.0" }, { "0001:0A:1f.7", "0001:0a:1f.7" },
  };
  static const char * const bad[] = { "", "00:04", "00:20.0", "00:04.8", "0000:00:04.0x", "g0:04.0", "00-04.0", NULL };
  static const struct { const char *spec; const char *bdf; } specs[] = {
    { "0000:00:04.0", "0000:00:04.0" }, { "00:04.0@5", "0000:00:04.0" },
    { "01:00.1,permissive=1,msitranslate=0", "0000:01:00.1" }, { "bdf=0000:02:00.0,seize=1", "0000:02:00.0" },
    { "eth0", NULL }, { "00:04.0x", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *bdf = NULL;

      g_assert_true (domus_pci_parse_bdf (good[i].text, &bdf, NULL));
      g_assert_cmpstr (bdf, ==, good[i].bdf);
    }
  for (guint i = 0; bad[i] != NULL; i++)
    {
      g_autofree char *bdf = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_false (domus_pci_parse_bdf (bad[i], &bdf, &error));
      g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT);
      g_assert_null (bdf);
    }
  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    {
      g_autofree char *bdf = domus_pci_spec_get_bdf (specs[i].spec);

      g_assert_cmpstr (bdf, ==, specs[i].bdf);
    }
  g_assert_cmpstr (domus_pci_class_name (0x0c0330), ==, "USB controller (xHCI)");
  g_assert_cmpstr (domus_pci_class_name (0x020000), ==, "Ethernet controller");
  g_assert_cmpstr (domus_pci_class_name (0x123456), ==, "Other device");
}

/* pci.ids as pciutils installs it: vendors, then their devices indented. */
static void
test_pci_ids (void)
{
  g_autofree char *dir = g_dir_make_tmp ("domus-pci-XXXXXX", NULL);
  g_autofree char *path = domus_test_write_text (dir, "pci.ids",
                                                 "# comment\n"
                                                 "1af4  Red Hat, Inc.\n"
                                                 "\t1000  Virtio network device\n"
                                                 "8086  Intel Corporation\n"
                                                 "\t100e  82540EM Gigabit Ethernet Controller\n"
                                                 "\t\t1014 0264  some subsystem\n"
                                                 "\t2934  82801I (ICH9 Family) USB UHCI Controller #1\n"
                                                 "8087  Intel Corporation\n"
                                                 "C 00  Unclassified device\n");
  g_autofree char *vendor = NULL, *device = NULL, *v2 = NULL, *d2 = NULL, *v3 = NULL, *d3 = NULL;

  domus_pci_ids_lookup (path, 0x8086, 0x2934, &vendor, &device);
  g_assert_cmpstr (vendor, ==, "Intel Corporation");
  g_assert_cmpstr (device, ==, "82801I (ICH9 Family) USB UHCI Controller #1");
  domus_pci_ids_lookup (path, 0x1af4, 0x100e, &v2, &d2);
  g_assert_cmpstr (v2, ==, "Red Hat, Inc.");
  g_assert_null (d2);
  domus_pci_ids_lookup ("/nonexistent/pci.ids", 0x8086, 0x100e, &v3, &d3);
  g_assert_null (v3);
  g_assert_null (d3);
  domus_test_remove_dir (dir);
}

static void
test_scene_errors (void)
{
  static const struct { const char *json; const char *message; } cases[] = {
    { "{\"host\": {\"pci\": [{\"vendor\": \"8086\"}]}}", "host.pci[0].bdf: every device needs its address" },
    { "{\"host\": {\"pci\": [{\"bdf\": \"00:04\"}]}}", "host.pci[0].bdf: “00:04” is not a PCI address" },
    { "{\"host\": {\"pci\": [{\"bdf\": \"00:04.0\"}, {\"bdf\": \"0000:00:04.0\"}]}}",
      "host.pci[1].bdf: 0000:00:04.0 is already the address of another device" },
    { "{\"host\": {\"pci\": [{\"bdf\": \"00:04.0\", \"domain\": \"nobody\"}]}}",
      "host.pci[0].domain: “nobody” is no domain of this scene but Domain-0" },
    { "{\"host\": {\"pci\": [{\"bdf\": \"00:04.0\", \"vendor\": \"80861\"}]}}",
      "host.pci[0].vendor: must be up to 4 hex digits" },
    { "{\"host\": {\"pci\": [{\"bdf\": \"00:04.0\", \"colour\": 1}]}}", "colour" },
    { "{\"host\": {\"iommu\": \"yes\"}}", "host.iommu: must be true or false" },
    { "{\"host\": {\"pci\": {}}}", "host.pci: must be a list" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DomusScene) scene = domus_scene_new_from_data (cases[i].json, -1, &error);

      g_assert_null (scene);
      g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE);
      if (strstr (error->message, cases[i].message) == NULL)
        g_error ("“%s” does not say “%s”", error->message, cases[i].message);
    }
}

/* The same through domus-agent: read, changed and refused in the host's words. */
static void
test_through_agent (void)
{
  DomusTestRemote r;
  g_autoptr(GError) error = NULL;
  DomusPciDevice *nic;

  domus_test_remote_setup (&r, lab);
  read_pci (r.remote);
  g_assert_true (domus_host_has_iommu (r.remote));
  g_assert_cmpuint (g_list_model_get_n_items (domus_host_get_pci_devices (r.remote)), ==, 4);
  nic = domus_host_lookup_pci_device (r.remote, "0000:00:19.0");
  g_assert_cmpstr (domus_pci_device_get_device_name (nic), ==, "82540EM Gigabit Ethernet Controller");
  g_assert_cmpuint (domus_pci_device_get_class_code (nic), ==, 0x020000);
  g_assert_cmpstr (domus_pci_device_get_driver (nic), ==, "e1000");
  g_assert_cmpstr (domus_pci_device_get_domain (domus_host_lookup_pci_device (r.remote, "0000:00:1b.0")), ==, "web");

  assert_refused (run (r.remote, NULL, DOMUS_REQUEST_PCI_ATTACH, "db", "0000:00:19.0", FALSE),
                  DOMUS_ERROR_BUSY,
                  "0000:00:19.0 (82540EM Gigabit Ethernet Controller) is in use by dom0 (driver e1000): "
                  "make it assignable first (pci-assignable-add 0000:00:19.0)");
  g_assert_no_error (run (r.remote, NULL, DOMUS_REQUEST_PCI_ASSIGNABLE_ADD, NULL, "00:19.0", FALSE));
  g_assert_true (domus_pci_device_get_assignable (nic));
  g_assert_no_error (run (r.remote, NULL, DOMUS_REQUEST_PCI_ATTACH, "db", "0000:00:19.0", FALSE));
  g_assert_cmpstr (domus_pci_device_get_domain (nic), ==, "db");
  read_pci (r.sim);
  g_assert_cmpstr (domus_pci_device_get_domain (domus_host_lookup_pci_device (r.sim, "0000:00:19.0")), ==, "db");
  domus_test_remote_teardown (&r);

  domus_test_remote_setup (&r, no_iommu);
  read_pci (r.remote);
  g_assert_false (domus_host_has_iommu (r.remote));
  assert_refused (run (r.remote, NULL, DOMUS_REQUEST_PCI_ATTACH, "db", "0000:00:1a.0", FALSE),
                  DOMUS_ERROR_NOT_SUPPORTED,
                  "This host has no IOMMU: the hardware cannot pass a PCI device through to a domain "
                  "(Xen reports no hvm_directio in xl info’s virt_caps)");
  domus_test_remote_teardown (&r);

  /* An agent of protocol 7 cannot. */
  domus_test_remote_setup_version (&r, lab, 7);
  {
    g_autoptr(GAsyncResult) result = NULL;

    domus_host_refresh_pci_async (r.remote, NULL, domus_test_result_cb, &result);
    DOMUS_TEST_WAIT_UNTIL (result != NULL, 10);
    g_assert_false (domus_host_refresh_pci_finish (r.remote, result, &error));
    g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_SUPPORTED);
    g_assert_cmpstr (error->message, ==,
                     "The agent on xenlab is of an older Domus: it cannot read nor change the host’s PCI devices");
    g_clear_error (&error);
  }
  domus_test_remote_teardown (&r);
}

/* What an agent sends is checked before it is believed. */
static void
test_wire (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) good = g_variant_ref_sink (g_variant_new_parsed (
    "[('0000:00:19.0', uint16 0x8086, uint16 0x100e, uint32 0x020000, 'Intel', '', 'e1000', false, '')]"));
  g_autoptr(GVariant) bad_bdf = g_variant_ref_sink (g_variant_new_parsed (
    "[('eth0', uint16 0x8086, uint16 0x100e, uint32 0x020000, '', '', '', false, '')]"));
  g_autoptr(GVariant) twice = g_variant_ref_sink (g_variant_new_parsed (
    "[('00:19.0', uint16 1, uint16 1, uint32 1, '', '', '', false, ''),"
    " ('0000:00:19.0', uint16 1, uint16 1, uint32 1, '', '', '', false, '')]"));
  g_autoptr(GVariant) wrong = g_variant_ref_sink (g_variant_new_parsed ("[('x', 1)]"));
  g_autoptr(DomusPciSample) sample = domus_remote_pci_decode (TRUE, good, &error);

  g_assert_no_error (error);
  g_assert_true (sample->iommu);
  g_assert_cmpstr (g_array_index (sample->devices, DomusPciDeviceSample, 0).vendor_name, ==, "Intel");
  g_assert_null (g_array_index (sample->devices, DomusPciDeviceSample, 0).device_name);
  g_assert_null (domus_remote_pci_decode (TRUE, bad_bdf, &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE);
  g_clear_error (&error);
  g_assert_null (domus_remote_pci_decode (TRUE, twice, &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE);
  g_clear_error (&error);
  g_assert_null (domus_remote_pci_decode (TRUE, wrong, &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pci/model", test_model);
  g_test_add_func ("/pci/actions", test_actions);
  g_test_add_func ("/pci/refusals", test_refusals);
  g_test_add_func ("/pci/no-iommu", test_no_iommu);
  g_test_add_func ("/pci/keep", test_keep);
  g_test_add_func ("/pci/create-refused", test_create_refused);
  g_test_add_func ("/pci/bdf", test_bdf);
  g_test_add_func ("/pci/pci-ids", test_pci_ids);
  g_test_add_func ("/pci/scene-errors", test_scene_errors);
  g_test_add_func ("/pci/through-agent", test_through_agent);
  g_test_add_func ("/pci/wire", test_wire);

  return g_test_run ();
}
