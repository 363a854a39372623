/* domus-pci-sample.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-pci"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "domus-error.h"
#include "domus-pci-sample.h"

static void
device_sample_clear (gpointer data)
{
  DomusPciDeviceSample *device = data;

  g_free (device->bdf);
  g_free (device->vendor_name);
  g_free (device->device_name);
  g_free (device->driver);
  g_free (device->domain);
}

DomusPciSample *
domus_pci_sample_new (void)
{
  DomusPciSample *sample = g_new0 (DomusPciSample, 1);

  sample->devices = g_array_new (FALSE, TRUE, sizeof (DomusPciDeviceSample));
  g_array_set_clear_func (sample->devices, device_sample_clear);
  return sample;
}

void
domus_pci_sample_free (DomusPciSample *sample)
{
  if (sample == NULL)
    return;
  g_array_unref (sample->devices);
  g_free (sample);
}

DomusPciDeviceSample *
domus_pci_sample_add (DomusPciSample *sample,
                      const char     *bdf)
{
  DomusPciDeviceSample device = { g_strdup (bdf), 0, 0, 0, NULL, NULL, NULL, FALSE, NULL };

  g_array_append_val (sample->devices, device);
  return &g_array_index (sample->devices, DomusPciDeviceSample, sample->devices->len - 1);
}

DomusPciDeviceSample *
domus_pci_sample_lookup (DomusPciSample *sample,
                         const char     *bdf)
{
  for (guint i = 0; i < sample->devices->len; i++)
    if (g_strcmp0 (g_array_index (sample->devices, DomusPciDeviceSample, i).bdf, bdf) == 0)
      return &g_array_index (sample->devices, DomusPciDeviceSample, i);
  return NULL;
}

/* @n hex digits at *@p, at most @max; advances *@p. */
static gboolean
read_hex (const char **p,
          guint        n,
          guint        max,
          guint       *value)
{
  guint v = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isxdigit ((*p)[i]))
        return FALSE;
      v = v * 16 + g_ascii_xdigit_value ((*p)[i]);
    }
  *p += n;
  *value = v;
  return v <= max;
}

/* Reads "[SSSS:]BB:DD.F" at the start of @text; the rest in *@end. */
static gboolean
parse_bdf_prefix (const char  *text,
                  char       **bdf,
                  const char **end)
{
  const char *p = text;
  guint segment = 0, bus, dev, func;

  if (text == NULL)
    return FALSE;
  /* With a segment, the fifth character is ":" (SSSS:BB:DD.F). */
  if (strlen (text) >= 12 && text[4] == ':')
    {
      if (!read_hex (&p, 4, 0xffff, &segment) || *p++ != ':')
        return FALSE;
    }
  if (!read_hex (&p, 2, 0xff, &bus) || *p++ != ':' || !read_hex (&p, 2, 0x1f, &dev) || *p++ != '.'
      || !read_hex (&p, 1, 7, &func))
    return FALSE;
  *bdf = g_strdup_printf ("%04x:%02x:%02x.%x", segment, bus, dev, func);
  *end = p;
  return TRUE;
}

gboolean
domus_pci_parse_bdf (const char  *text,
                     char       **bdf,
                     GError     **error)
{
  g_autofree char *parsed = NULL;
  const char *end = NULL;

  g_return_val_if_fail (bdf != NULL, FALSE);

  if (!parse_bdf_prefix (text, &parsed, &end) || *end != '\0')
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                   /* TRANSLATORS: keep the examples as they are */
                   _("“%s” is not a PCI address: write it as lspci does, such as 0000:00:04.0 or 00:04.0"),
                   text != NULL ? text : "");
      return FALSE;
    }
  *bdf = g_steal_pointer (&parsed);
  return TRUE;
}

char *
domus_pci_spec_get_bdf (const char *spec)
{
  g_autofree char *bdf = NULL;
  const char *end = NULL;

  if (spec == NULL)
    return NULL;
  /* xl also reads "bdf=..." among the options: the usual form starts with it. */
  if (g_str_has_prefix (spec, "bdf="))
    spec += 4;
  if (!parse_bdf_prefix (spec, &bdf, &end) || (*end != '\0' && *end != '@' && *end != ','))
    return NULL;
  return g_steal_pointer (&bdf);
}

const char *
domus_pci_class_name (guint32 class_code)
{
  static const struct { guint32 code; guint32 mask; const char *name; } classes[] = {
    { 0x010000, 0xffff00, N_("SCSI storage controller") },
    { 0x010100, 0xffff00, N_("IDE interface") },
    { 0x010600, 0xffff00, N_("SATA controller") },
    { 0x010800, 0xffff00, N_("Non-Volatile memory controller") },
    { 0x010000, 0xff0000, N_("Mass storage controller") },
    { 0x020000, 0xffff00, N_("Ethernet controller") },
    { 0x028000, 0xffff00, N_("Network controller") },
    { 0x020000, 0xff0000, N_("Network controller") },
    { 0x030000, 0xffff00, N_("VGA compatible controller") },
    { 0x030000, 0xff0000, N_("Display controller") },
    { 0x040300, 0xffff00, N_("Audio device") },
    { 0x040000, 0xff0000, N_("Multimedia controller") },
    { 0x050000, 0xff0000, N_("Memory controller") },
    { 0x060000, 0xffff00, N_("Host bridge") },
    { 0x060100, 0xffff00, N_("ISA bridge") },
    { 0x060400, 0xffff00, N_("PCI bridge") },
    { 0x060000, 0xff0000, N_("Bridge") },
    { 0x070000, 0xff0000, N_("Communication controller") },
    { 0x080000, 0xff0000, N_("System peripheral") },
    { 0x0c0330, 0xffffff, N_("USB controller (xHCI)") },
    { 0x0c0320, 0xffffff, N_("USB controller (EHCI)") },
    { 0x0c0300, 0xffff00, N_("USB controller") },
    { 0x0c0500, 0xffff00, N_("SMBus") },
    { 0x0c0000, 0xff0000, N_("Serial bus controller") },
    { 0xff0000, 0xff0000, N_("Unassigned class") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    if ((class_code & classes[i].mask) == classes[i].code)
      return _(classes[i].name);
  return _("Other device");
}

void
domus_pci_ids_lookup (const char  *path,
                      guint16      vendor_id,
                      guint16      device_id,
                      char       **vendor_name,
                      char       **device_name)
{
  g_autofree char *vendor = g_strdup_printf ("%04x  ", vendor_id);
  g_autofree char *device = g_strdup_printf ("\t%04x  ", device_id);
  char line[512];
  FILE *file;

  *vendor_name = NULL;
  *device_name = NULL;
  if (path == NULL || (file = fopen (path, "re")) == NULL)
    return;
  /* "vvvv  Vendor", then its devices as "\tdddd  Device". */
  while (fgets (line, sizeof line, file) != NULL)
    {
      g_strchomp (line);
      if (*vendor_name == NULL)
        {
          if (g_str_has_prefix (line, vendor))
            *vendor_name = g_strdup (line + strlen (vendor));
          continue;
        }
      if (line[0] != '\t' && line[0] != '#')
        break;
      if (g_str_has_prefix (line, device))
        {
          *device_name = g_strdup (line + strlen (device));
          break;
        }
    }
  fclose (file);
  /* Not UTF-8 is not shown. */
  if (*vendor_name != NULL && !g_utf8_validate (*vendor_name, -1, NULL))
    g_clear_pointer (vendor_name, g_free);
  if (*device_name != NULL && !g_utf8_validate (*device_name, -1, NULL))
    g_clear_pointer (device_name, g_free);
}
