/* test-domusctl-pci.c: pci-list, pci-assignable-list|add|remove, pci-attach|detach
 *
 * Each run is a domusctl of its own on a scene with an e1000 dom0 uses, a
 * NIC attached to web and a USB controller set aside: what it prints (as
 * xl pci-assignable-list does), the changes, and the refusals in the
 * host's words, the IOMMU's among them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "domus-test-utils.h"

#define SCENE(IOMMU)                                                                                  \
  "{\"host\": {\"pcpus\": 2, \"memory_mib\": 4096, \"iommu\": " IOMMU ","                             \
  "  \"pci\": [{\"bdf\": \"0000:00:19.0\", \"vendor\": \"8086\", \"device\": \"100e\", \"class\": \"020000\"," \
  "             \"vendor_name\": \"Intel Corporation\", \"device_name\": \"82540EM Gigabit Ethernet Controller\"," \
  "             \"driver\": \"e1000\"},"                                                                \
  "            {\"bdf\": \"00:1b.0\", \"vendor\": \"8086\", \"device\": \"10d3\", \"class\": \"020000\","  \
  "             \"domain\": \"web\"},"                                                                  \
  "            {\"bdf\": \"0000:00:1a.0\", \"vendor\": \"8086\", \"device\": \"2934\", \"class\": \"0c0300\"," \
  "             \"device_name\": \"82801I (ICH9 Family) USB UHCI Controller #1\", \"assignable\": true}]}," \
  " \"domains\": [{\"name\": \"web\"}, {\"name\": \"db\"}]}"

typedef struct
{
  char *dir;
  char *scene;
  char *no_iommu;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("domusctl-pci-XXXXXX", NULL);
  f->scene = domus_test_write_text (f->dir, "lab.json", SCENE ("true"));
  f->no_iommu = domus_test_write_text (f->dir, "no-iommu.json", SCENE ("false"));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  domus_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->scene);
  g_free (f->no_iommu);
}

static void
test_list (Fixture       *f,
           gconstpointer  data)
{
  const char *list[] = { "--sim", f->scene, "pci-list", NULL };
  const char *of_web[] = { "--sim", f->scene, "pci-list", "web", NULL };
  const char *assignable[] = { "--sim", f->scene, "pci-assignable-list", NULL };
  const char *no_iommu[] = { "--sim", f->no_iommu, "pci-list", NULL };
  const char *bad[] = { "--sim", f->scene, "pci-list", "--all", NULL };
  g_autofree char *out1 = NULL, *err1 = NULL, *out2 = NULL, *out3 = NULL, *err4 = NULL, *err5 = NULL;

  g_assert_cmpint (domus_test_domusctl (list, &out1, &err1), ==, 0);
  g_assert_cmpstr (out1, ==,
                   "BDF           Class                      ID        Driver     Assignable Domain           Device\n"
                   "0000:00:19.0  Ethernet controller        8086:100e e1000      no         -                "
                   "Intel Corporation 82540EM Gigabit Ethernet Controller\n"
                   "0000:00:1a.0  USB controller             8086:2934 pciback    yes        -                "
                   "82801I (ICH9 Family) USB UHCI Controller #1\n"
                   "0000:00:1b.0  Ethernet controller        8086:10d3 pciback    yes        web              8086:10d3\n");
  g_assert_cmpstr (err1, ==, "");
  g_assert_cmpint (domus_test_domusctl (of_web, &out2, NULL), ==, 0);
  g_assert_cmpstr (out2, ==, "Device\n0000:00:1b.0\n");
  /* As xl: those no domain has. */
  g_assert_cmpint (domus_test_domusctl (assignable, &out3, NULL), ==, 0);
  g_assert_cmpstr (out3, ==, "0000:00:1a.0 \n");
  g_assert_cmpint (domus_test_domusctl (no_iommu, NULL, &err4), ==, 0);
  g_assert_cmpstr (err4, ==, "domusctl pci-list: this host has no IOMMU: devices can be made assignable, "
                             "but the hardware cannot pass them through to a domain\n");
  g_assert_cmpint (domus_test_domusctl (bad, NULL, &err5), ==, 1);
  g_assert_cmpstr (err5, ==, "domusctl pci-list: usage: pci-list [DOMAIN]\n");
}

static void
test_changes (Fixture       *f,
              gconstpointer  data)
{
  const char *add[] = { "--sim", f->scene, "pci-assignable-add", "00:19.0", NULL };
  const char *remove[] = { "--sim", f->scene, "pci-assignable-remove", "-r", "0000:00:1a.0", NULL };
  const char *attach[] = { "--sim", f->scene, "pci-attach", "db", "0000:00:1a.0", NULL };
  const char *detach[] = { "--sim", f->scene, "pci-detach", "web", "00:1b.0", NULL };
  g_autofree char *out1 = NULL, *err1 = NULL, *err2 = NULL, *err3 = NULL, *err4 = NULL;

  g_assert_cmpint (domus_test_domusctl (add, &out1, &err1), ==, 0);
  g_assert_cmpstr (out1, ==, "");
  g_assert_cmpstr (err1, ==, "");
  g_assert_cmpint (domus_test_domusctl (remove, NULL, &err2), ==, 0);
  g_assert_cmpstr (err2, ==, "");
  g_assert_cmpint (domus_test_domusctl (attach, NULL, &err3), ==, 0);
  g_assert_cmpstr (err3, ==, "");
  g_assert_cmpint (domus_test_domusctl (detach, NULL, &err4), ==, 0);
  g_assert_cmpstr (err4, ==, "");
}

static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  static const struct { const char *args[5]; gboolean no_iommu; const char *words; } cases[] = {
    { { "pci-attach", "db", "0000:00:19.0" }, FALSE,
      "domusctl pci-attach: 0000:00:19.0 (82540EM Gigabit Ethernet Controller) is in use by dom0 (driver e1000): "
      "make it assignable first (pci-assignable-add 0000:00:19.0)\n" },
    { { "pci-attach", "db", "00:1b.0" }, FALSE,
      "domusctl pci-attach: 0000:00:1b.0 (8086:10d3) is in use by domain “web”: detach it from there first "
      "(pci-detach web 0000:00:1b.0)\n" },
    { { "pci-attach", "db", "00:1a.0" }, TRUE,
      "domusctl pci-attach: This host has no IOMMU: the hardware cannot pass a PCI device through to a domain "
      "(Xen reports no hvm_directio in xl info’s virt_caps)\n" },
    { { "pci-assignable-remove", "00:1b.0" }, FALSE,
      "domusctl pci-assignable-remove: 0000:00:1b.0 (8086:10d3) is in use by domain “web”: detach it first "
      "(pci-detach web 0000:00:1b.0)\n" },
    { { "pci-detach", "db", "00:1b.0" }, FALSE,
      "domusctl pci-detach: 0000:00:1b.0 (8086:10d3) is not attached to domain “db”\n" },
    { { "pci-attach", "db", "00:1a.0", "--keep" }, FALSE,
      "domusctl pci-attach: Domus does not know which xl config file “db” was created from: "
      "it cannot keep the device in its pci= setting\n" },
    { { "pci-attach", "db", "00:1a.0", "--persist" }, FALSE,
      "domusctl pci-attach: unknown option “--persist” (use --keep)\n" },
    { { "pci-assignable-add", "00:09.0" }, FALSE,
      "domusctl pci-assignable-add: There is no PCI device 0000:00:09.0 on this host (domusctl pci-list lists them)\n" },
    { { "pci-assignable-add", "eth0" }, FALSE,
      "domusctl pci-assignable-add: “eth0” is not a PCI address: write it as lspci does, "
      "such as 0000:00:04.0 or 00:04.0\n" },
    { { "pci-attach", "nobody", "00:1a.0" }, FALSE, "nobody" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *argv[8] = { "--sim", cases[i].no_iommu ? f->no_iommu : f->scene };
      g_autofree char *out = NULL, *err = NULL;

      for (guint j = 0; cases[i].args[j] != NULL; j++)
        argv[2 + j] = cases[i].args[j];
      g_assert_cmpint (domus_test_domusctl (argv, &out, &err), ==, 1);
      if (strchr (cases[i].words, '\n') != NULL)
        g_assert_cmpstr (err, ==, cases[i].words);
      else
        g_assert_nonnull (strstr (err, cases[i].words));
      g_assert_cmpstr (out, ==, "");
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/domusctl-pci/list", Fixture, NULL, fixture_setup, test_list, fixture_teardown);
  g_test_add ("/domusctl-pci/changes", Fixture, NULL, fixture_setup, test_changes, fixture_teardown);
  g_test_add ("/domusctl-pci/refused", Fixture, NULL, fixture_setup, test_refused, fixture_teardown);

  return g_test_run ();
}
