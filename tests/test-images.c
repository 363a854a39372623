/* test-images.c: the disk image files of a folder of the host
 *
 * The real folder reader on files this test writes in a temporary folder
 * (each format by its header, apparent and allocated sizes, three levels
 * down, links not followed, refusals); the simulated host's scene images
 * with the domain using each; the same through domus-agent, and an older
 * agent's refusal; what an agent sends checked before it is believed; the
 * scene's checks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include "domus-error.h"
#include "domus-image-folder.h"
#include "domus-test-remote.h"
#include "domus-test-utils.h"
#include "remote/domus-remote-storage.h"
#include "sim/domus-scene.h"

#define MIB (G_GUINT64_CONSTANT (1024) * 1024)

static const char *scene =
  "{\"domains\": [{\"name\": \"web\", \"disk\": [\"file:/xen//domains/web/disk.img,xvda,w\","
  "                                            \"file:/xen/netinst.iso,hdc:cdrom,r\"]}],"
  " \"storage\": {\"images\": ["
  "   {\"path\": \"/xen/domains/web/disk.img\", \"size_mib\": 4096, \"allocated_mib\": 1200},"
  "   {\"path\": \"/xen/domains/spare.qcow2\", \"size_mib\": 8192, \"allocated_mib\": 3, \"format\": \"qcow2\"},"
  "   {\"path\": \"/xen/a/b/c/deep.img\", \"size_mib\": 1},"
  "   {\"path\": \"/xen/netinst.iso\", \"size_mib\": 388, \"format\": \"iso\"},"
  "   {\"path\": \"/srv/other.img\", \"size_mib\": 10}]}}";

/* Writes @length bytes of @head at @offset of @path (made or grown). */
static void
write_at (const char *path,
          goffset     offset,
          const void *head,
          gsize       length)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileIOStream) stream = NULL;
  g_autoptr(GError) error = NULL;

  stream = g_file_query_exists (file, NULL) ? g_file_open_readwrite (file, NULL, &error)
                                            : g_file_create_readwrite (file, G_FILE_CREATE_NONE, NULL, &error);
  g_assert_no_error (error);
  g_seekable_seek (G_SEEKABLE (stream), offset, G_SEEK_SET, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (stream)), head, length, NULL, NULL, &error);
  g_assert_no_error (error);
}

static gboolean
read_images (DomusHost   *host,
             const char  *folder,
             GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  domus_host_refresh_images_async (host, folder, NULL, domus_test_result_cb, &result);
  DOMUS_TEST_WAIT_UNTIL (result != NULL, 30);
  return domus_host_refresh_images_finish (host, result, error);
}

static const DomusImageFileSample *
find (DomusImageSample *sample,
      const char       *path)
{
  for (guint i = 0; i < sample->images->len; i++)
    if (g_str_equal (g_array_index (sample->images, DomusImageFileSample, i).path, path))
      return &g_array_index (sample->images, DomusImageFileSample, i);
  return NULL;
}

/* Each format by the header qemu-img writes, in files made here. */
static void
test_folder (void)
{
  g_autofree char *dir = g_dir_make_tmp ("domus-images-XXXXXX", NULL);
  g_autofree char *deep = g_build_filename (dir, "a", "b", "c", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusImageSample) sample = NULL;
  guint8 vdi[68] = { 0 };
  g_autofree guint8 *full = g_malloc0 (MIB);
  struct
  {
    const char       *name;
    goffset           offset;
    const char       *bytes;
    gsize             length;
    DomusImageFormat  format;
  } files[] = {
    { "v3.qcow2", 0, "QFI\xfb\0\0\0\x03", 8, DOMUS_IMAGE_FORMAT_QCOW2 },
    { "v2.qcow2", 0, "QFI\xfb\0\0\0\x02", 8, DOMUS_IMAGE_FORMAT_QCOW2 },
    { "old.qcow", 0, "QFI\xfb\0\0\0\x01", 8, DOMUS_IMAGE_FORMAT_QCOW },
    { "disk.qed", 0, "QED\0", 4, DOMUS_IMAGE_FORMAT_QED },
    { "dynamic.vhd", 0, "conectix", 8, DOMUS_IMAGE_FORMAT_VHD },
    { "disk.vhdx", 0, "vhdxfile", 8, DOMUS_IMAGE_FORMAT_VHDX },
    { "sparse.vmdk", 0, "KDMV", 4, DOMUS_IMAGE_FORMAT_VMDK },
    { "desc.vmdk", 0, "# Disk DescriptorFile\n", 22, DOMUS_IMAGE_FORMAT_VMDK },
    { "netinst.iso", DOMUS_IMAGE_ISO_OFFSET, "CD001", 5, DOMUS_IMAGE_FORMAT_ISO },
    { "notes.txt", 0, "not a disk", 10, DOMUS_IMAGE_FORMAT_RAW },
    { "empty.img", 0, "", 0, DOMUS_IMAGE_FORMAT_RAW },
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (dir, files[i].name, NULL);

      write_at (path, files[i].offset, files[i].bytes, files[i].length);
    }
  /* A fixed VHD: raw, with its footer in the last 512 bytes. */
  {
    g_autofree char *path = g_build_filename (dir, "fixed.vhd", NULL);

    write_at (path, 0, full, MIB);
    write_at (path, MIB - 512, "conectix", 8);
  }
  {
    g_autofree char *path = g_build_filename (dir, "disk.vdi", NULL);

    vdi[64] = 0x7f, vdi[65] = 0x10, vdi[66] = 0xda, vdi[67] = 0xbe;
    write_at (path, 0, vdi, sizeof vdi);
  }
  /* A sparse raw disk, as truncate or dd seek= make one, and a full one. */
  {
    g_autofree char *sparse = g_build_filename (dir, "domains", "web", "disk.img", NULL);
    g_autofree char *written = g_build_filename (dir, "domains", "written.img", NULL);
    g_autofree char *folder = g_path_get_dirname (sparse);

    g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);
    domus_test_make_sparse_file (sparse, 64 * MIB);
    write_at (written, 0, full, MIB);
  }
  /* Below three levels, and a link: not listed. */
  {
    g_autofree char *path = g_build_filename (deep, "deep.img", NULL);
    g_autofree char *link = g_build_filename (dir, "link.img", NULL);
    g_autofree char *target = g_build_filename (dir, "v3.qcow2", NULL);

    g_assert_cmpint (g_mkdir_with_parents (deep, 0755), ==, 0);
    write_at (path, 0, "x", 1);
    g_assert_cmpint (symlink (target, link), ==, 0);
  }

  sample = domus_image_folder_read (dir, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sample->images->len, ==, G_N_ELEMENTS (files) + 4);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (dir, files[i].name, NULL);
      const DomusImageFileSample *image = find (sample, path);

      g_assert_nonnull (image);
      g_assert_cmpstr (domus_image_format_to_string (image->format), ==, domus_image_format_to_string (files[i].format));
      g_assert_cmpuint (image->size, ==, files[i].offset + files[i].length);
    }
  {
    g_autofree char *fixed = g_build_filename (dir, "fixed.vhd", NULL);
    g_autofree char *vdi_path = g_build_filename (dir, "disk.vdi", NULL);
    g_autofree char *sparse = g_build_filename (dir, "domains", "web", "disk.img", NULL);
    g_autofree char *written = g_build_filename (dir, "domains", "written.img", NULL);

    g_assert_cmpint (find (sample, fixed)->format, ==, DOMUS_IMAGE_FORMAT_VHD);
    g_assert_cmpint (find (sample, vdi_path)->format, ==, DOMUS_IMAGE_FORMAT_VDI);
    /* Apparent size as ls -l, allocated as du: a hole takes nothing. */
    g_assert_cmpuint (find (sample, sparse)->size, ==, 64 * MIB);
    g_assert_cmpuint (find (sample, sparse)->allocated, <, MIB);
    g_assert_cmpint (find (sample, sparse)->format, ==, DOMUS_IMAGE_FORMAT_RAW);
    g_assert_cmpuint (find (sample, written)->allocated, >=, MIB);
  }
  /* Sorted by path, links and the fourth level left out. */
  for (guint i = 1; i < sample->images->len; i++)
    g_assert_cmpstr (g_array_index (sample->images, DomusImageFileSample, i - 1).path, <,
                     g_array_index (sample->images, DomusImageFileSample, i).path);
  g_assert_null (strstr (g_array_index (sample->images, DomusImageFileSample, 0).path, "link"));
  for (guint i = 0; i < sample->images->len; i++)
    g_assert_null (strstr (g_array_index (sample->images, DomusImageFileSample, i).path, "deep"));

  /* Whose disk each is: the xl target, written as the lab writes it. */
  {
    g_autofree char *target = g_strdup_printf ("%s//domains/web/disk.img", dir);
    const char *disks[] = { target, "/dev/vol1/base", NULL };
    g_autofree char *sparse = g_build_filename (dir, "domains", "web", "disk.img", NULL);

    domus_image_sample_set_user (sample, "web", disks);
    g_assert_cmpstr (find (sample, sparse)->used_by, ==, "web");
  }

  /* Refusals, in words. */
  g_clear_pointer (&sample, domus_image_sample_free);
  {
    g_autofree char *missing = g_build_filename (dir, "nothere", NULL);
    g_autofree char *file = g_build_filename (dir, "notes.txt", NULL);
    g_autofree char *expected = g_strdup_printf ("There is no folder %s on this host", missing);
    g_autofree char *not_folder = g_strdup_printf ("%s is not a folder", file);

    g_assert_null (domus_image_folder_read (missing, NULL, &error));
    g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND);
    g_assert_cmpstr (error->message, ==, expected);
    g_clear_error (&error);
    g_assert_null (domus_image_folder_read (file, NULL, &error));
    g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT);
    g_assert_cmpstr (error->message, ==, not_folder);
    g_clear_error (&error);
    g_assert_null (domus_image_folder_read ("xen", NULL, &error));
    g_assert_cmpstr (error->message, ==, "The image folder must be an absolute path, not “xen”");
    g_clear_error (&error);
  }
  /* The same on a worker thread. */
  {
    g_autoptr(GAsyncResult) result = NULL;

    domus_image_folder_read_async (dir, NULL, domus_test_result_cb, &result);
    DOMUS_TEST_WAIT_UNTIL (result != NULL, 30);
    sample = domus_image_folder_read_finish (result, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (sample->images->len, ==, G_N_ELEMENTS (files) + 4);
  }
  domus_test_remove_dir (dir);
}

static void
check_scene_images (DomusHost *host)
{
  GListModel *images = domus_host_get_images (host);
  g_autoptr(GError) error = NULL;
  DomusImageFile *image;

  g_assert_true (read_images (host, "/xen/", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (domus_host_get_image_folder (host), ==, "/xen");
  /* /srv's is elsewhere, a/b/c/deep.img below three levels. */
  g_assert_cmpuint (g_list_model_get_n_items (images), ==, 3);
  image = domus_host_lookup_image (host, "/xen/domains/web/disk.img");
  g_assert_nonnull (image);
  g_assert_cmpstr (domus_image_file_get_name (image), ==, "domains/web/disk.img");
  g_assert_cmpuint (domus_image_file_get_size (image), ==, 4096 * MIB);
  g_assert_cmpuint (domus_image_file_get_allocated (image), ==, 1200 * MIB);
  g_assert_cmpint (domus_image_file_get_format (image), ==, DOMUS_IMAGE_FORMAT_RAW);
  g_assert_cmpstr (domus_image_file_get_used_by (image), ==, "web");
  image = domus_host_lookup_image (host, "/xen/netinst.iso");
  g_assert_cmpint (domus_image_file_get_format (image), ==, DOMUS_IMAGE_FORMAT_ISO);
  g_assert_cmpstr (domus_image_file_get_used_by (image), ==, "web");
  image = domus_host_lookup_image (host, "/xen/domains/spare.qcow2");
  g_assert_cmpint (domus_image_file_get_format (image), ==, DOMUS_IMAGE_FORMAT_QCOW2);
  g_assert_cmpuint (domus_image_file_get_allocated (image), ==, 3 * MIB);
  g_assert_null (domus_image_file_get_used_by (image));

  /* Another folder: its own names. */
  g_assert_true (read_images (host, "/xen/domains", &error));
  g_assert_cmpuint (g_list_model_get_n_items (images), ==, 2);
  g_assert_cmpstr (domus_image_file_get_name (domus_host_lookup_image (host, "/xen/domains/web/disk.img")), ==,
                   "web/disk.img");

  g_assert_false (read_images (host, "/nope", &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "There is no folder /nope on this host");
  g_assert_cmpstr (domus_host_get_images_error (host)->message, ==, error->message);
  g_clear_error (&error);
  g_assert_false (read_images (host, "relative", &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT);
}

static gboolean
remove_image (DomusHost   *host,
              const char  *folder,
              const char  *path,
              GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  domus_host_remove_image_async (host, folder, path, NULL, domus_test_result_cb, &result);
  DOMUS_TEST_WAIT_UNTIL (result != NULL, 30);
  return domus_host_remove_image_finish (host, result, error);
}

/* One no domain uses is deleted, one in use refused with its domain named,
 * one outside the folder or not there refused. */
static void
check_removal (DomusHost *host)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (remove_image (host, "/xen", "/xen/domains/web/disk.img", &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_BUSY);
  g_assert_cmpstr (error->message, ==, "Image file /xen/domains/web/disk.img is in use by domain “web”: destroy the "
                                       "domain, or take the disk out of its config, first");
  g_clear_error (&error);
  g_assert_false (remove_image (host, "/xen", "/srv/other.img", &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "/srv/other.img is none of the image files in /xen on this host");
  g_clear_error (&error);
  g_assert_false (remove_image (host, "/xen", "xen/a.img", &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_true (remove_image (host, "/xen", "/xen/domains//spare.qcow2", &error));
  g_assert_no_error (error);
  /* Read again: gone. */
  g_assert_null (domus_host_lookup_image (host, "/xen/domains/spare.qcow2"));
  g_assert_cmpuint (g_list_model_get_n_items (domus_host_get_images (host)), ==, 2);
  g_assert_false (remove_image (host, "/xen", "/xen/domains/spare.qcow2", &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND);
}

static void
test_simulated (void)
{
  g_autoptr(DomusClock) clock = NULL;
  g_autoptr(DomusHost) host = domus_test_sim_host_new (scene, &clock);

  check_scene_images (host);
  check_removal (host);
}

static void
test_through_agent (void)
{
  DomusTestRemote r;
  g_autoptr(GError) error = NULL;

  domus_test_remote_setup (&r, scene);
  check_scene_images (r.remote);
  check_removal (r.remote);
  /* Deleted there. */
  g_assert_true (read_images (r.sim, "/xen", &error));
  g_assert_null (domus_host_lookup_image (r.sim, "/xen/domains/spare.qcow2"));
  domus_test_remote_teardown (&r);

  domus_test_remote_setup_version (&r, scene, 8);
  g_assert_false (read_images (r.remote, "/xen", &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_SUPPORTED);
  g_assert_true (g_str_has_suffix (error->message, "is of an older Domus: it cannot list nor remove the host’s image files"));
  domus_test_remote_teardown (&r);
}

/* What an agent sends is checked before it is believed. */
static void
test_wire (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) outside = g_variant_ref_sink (g_variant_new_parsed ("[('/etc/shadow', uint64 1, uint64 1, 'raw', '')]"));
  g_autoptr(GVariant) unknown = g_variant_ref_sink (g_variant_new_parsed ("[('/xen/a.img', uint64 1, uint64 1, 'zfs', 'web')]"));
  g_autoptr(GVariant) wrong = g_variant_ref_sink (g_variant_new_parsed ("[('/xen/a.img', uint64 1)]"));
  g_autoptr(DomusImageSample) sample = NULL;

  g_assert_null (domus_remote_images_decode ("/xen", outside, &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE);
  g_assert_cmpstr (error->message, ==, "The agent sent a list of images that is not one: a file outside the folder");
  g_clear_error (&error);
  g_assert_null (domus_remote_images_decode ("/xen", wrong, &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE);
  g_clear_error (&error);
  /* A format this Domus does not know shows as raw. */
  sample = domus_remote_images_decode ("/xen", unknown, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_array_index (sample->images, DomusImageFileSample, 0).format, ==, DOMUS_IMAGE_FORMAT_RAW);
  g_assert_cmpstr (g_array_index (sample->images, DomusImageFileSample, 0).used_by, ==, "web");
}

static void
test_scene_checks (void)
{
  const struct
  {
    const char *json;
    const char *message;
  } bad[] = {
    { "{\"storage\": {\"images\": [{\"path\": \"xen/a.img\", \"size_mib\": 1}]}}",
      "storage.images[0].path: must be an absolute path" },
    { "{\"storage\": {\"images\": [{\"path\": \"/xen/a.img\", \"size_mib\": 1, \"format\": \"zfs\"}]}}",
      "storage.images[0].format: “zfs” is not a format Domus tells: raw, qcow, qcow2, qed, vhd, vhdx, vmdk, vdi or iso" },
    { "{\"storage\": {\"images\": [{\"path\": \"/xen/a.img\", \"size_mib\": 1},"
      " {\"path\": \"/xen//a.img\", \"size_mib\": 2}]}}",
      "storage.images[1].path: “/xen/a.img” is listed twice" },
    { "{\"storage\": {\"images\": [{\"path\": \"/xen/a.img\"}]}}",
      "storage.images[0].size_mib: every image needs a size" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DomusScene) parsed = domus_scene_new_from_data (bad[i].json, -1, &error);

      g_assert_null (parsed);
      g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE);
      g_assert_true (g_str_has_suffix (error->message, bad[i].message));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/images/folder", test_folder);
  g_test_add_func ("/images/simulated", test_simulated);
  g_test_add_func ("/images/through-agent", test_through_agent);
  g_test_add_func ("/images/wire", test_wire);
  g_test_add_func ("/images/scene-checks", test_scene_checks);
  return g_test_run ();
}
