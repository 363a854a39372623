/* domus-image-sample.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-storage"

#include "config.h"

#include <string.h>

#include "domus-image-sample.h"

static void
image_clear (gpointer data)
{
  DomusImageFileSample *image = data;

  g_free (image->path);
  g_free (image->used_by);
}

DomusImageSample *
domus_image_sample_new (const char *folder)
{
  DomusImageSample *sample = g_new0 (DomusImageSample, 1);

  sample->folder = g_strdup (folder);
  sample->images = g_array_new (FALSE, TRUE, sizeof (DomusImageFileSample));
  g_array_set_clear_func (sample->images, image_clear);
  return sample;
}

void
domus_image_sample_free (DomusImageSample *sample)
{
  if (sample == NULL)
    return;
  g_free (sample->folder);
  g_array_unref (sample->images);
  g_free (sample);
}

DomusImageFileSample *
domus_image_sample_add (DomusImageSample *sample,
                        const char       *path,
                        guint64           size,
                        guint64           allocated,
                        DomusImageFormat  format)
{
  DomusImageFileSample image = { g_strdup (path), size, allocated, format, NULL };

  g_array_append_val (sample->images, image);
  return &g_array_index (sample->images, DomusImageFileSample, sample->images->len - 1);
}

void
domus_image_sample_set_user (DomusImageSample   *sample,
                             const char         *domain,
                             const char * const *disks)
{
  for (guint i = 0; disks != NULL && disks[i] != NULL; i++)
    {
      g_autofree char *target = NULL;

      /* "file:/xen//domains/prueba/disk.img" names /xen/domains/prueba/disk.img. */
      if (!g_path_is_absolute (disks[i]))
        continue;
      target = g_canonicalize_filename (disks[i], "/");
      for (guint j = 0; j < sample->images->len; j++)
        {
          DomusImageFileSample *image = &g_array_index (sample->images, DomusImageFileSample, j);

          if (image->used_by == NULL && g_str_equal (image->path, target))
            image->used_by = g_strdup (domain);
        }
    }
}

static guint32
read_be32 (const guint8 *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

static guint32
read_le32 (const guint8 *p)
{
  return (guint32) p[3] << 24 | (guint32) p[2] << 16 | (guint32) p[1] << 8 | p[0];
}

static gboolean
starts_with (const guint8 *head,
             gsize         length,
             const char   *magic,
             gsize         magic_length)
{
  return length >= magic_length && memcmp (head, magic, magic_length) == 0;
}

DomusImageFormat
domus_image_format_detect (const guint8 *head,
                           gsize         head_length,
                           const guint8 *iso,
                           const guint8 *tail)
{
  if (starts_with (head, head_length, "QFI\xfb", 4) && head_length >= 8)
    return read_be32 (head + 4) == 1 ? DOMUS_IMAGE_FORMAT_QCOW : DOMUS_IMAGE_FORMAT_QCOW2;
  if (starts_with (head, head_length, "QED\0", 4))
    return DOMUS_IMAGE_FORMAT_QED;
  if (starts_with (head, head_length, "vhdxfile", 8))
    return DOMUS_IMAGE_FORMAT_VHDX;
  if (starts_with (head, head_length, "conectix", 8))
    return DOMUS_IMAGE_FORMAT_VHD;
  if (starts_with (head, head_length, "KDMV", 4) || starts_with (head, head_length, "# Disk DescriptorFile", 21))
    return DOMUS_IMAGE_FORMAT_VMDK;
  if (head_length >= 68 && read_le32 (head + 64) == 0xbeda107f)
    return DOMUS_IMAGE_FORMAT_VDI;
  if (iso != NULL && memcmp (iso, "CD001", 5) == 0)
    return DOMUS_IMAGE_FORMAT_ISO;
  /* A fixed VHD is raw with a footer. */
  if (tail != NULL && memcmp (tail, "conectix", 8) == 0)
    return DOMUS_IMAGE_FORMAT_VHD;
  return DOMUS_IMAGE_FORMAT_RAW;
}

static const char * const format_names[] = {
  [DOMUS_IMAGE_FORMAT_RAW] = "raw",
  [DOMUS_IMAGE_FORMAT_QCOW] = "qcow",
  [DOMUS_IMAGE_FORMAT_QCOW2] = "qcow2",
  [DOMUS_IMAGE_FORMAT_QED] = "qed",
  [DOMUS_IMAGE_FORMAT_VHD] = "vhd",
  [DOMUS_IMAGE_FORMAT_VHDX] = "vhdx",
  [DOMUS_IMAGE_FORMAT_VMDK] = "vmdk",
  [DOMUS_IMAGE_FORMAT_VDI] = "vdi",
  [DOMUS_IMAGE_FORMAT_ISO] = "iso",
};

const char *
domus_image_format_to_string (DomusImageFormat format)
{
  g_return_val_if_fail ((guint) format < G_N_ELEMENTS (format_names), "raw");
  return format_names[format];
}

gboolean
domus_image_format_from_string (const char       *text,
                                DomusImageFormat *format)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (format_names); i++)
    if (g_str_equal (text, format_names[i]))
      {
        *format = i;
        return TRUE;
      }
  return FALSE;
}

gboolean
domus_image_path_is_in (const char *path,
                        const char *folder)
{
  gsize n = strlen (folder);

  while (n > 1 && folder[n - 1] == '/')
    n--;
  if (strncmp (path, folder, n) != 0)
    return FALSE;
  return path[n] == '\0' || path[n] == '/' || (n == 1 && folder[0] == '/');
}
