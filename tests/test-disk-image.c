/* test-disk-image.c: new sparse disk images
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sys/stat.h>

#include "domus-disk-image.h"
#include "domus-test-utils.h"

/* Creates @path, as big as @size, and says how that went. */
static gboolean
create (const char    *path,
        guint64        size,
        GCancellable  *cancellable,
        GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  domus_disk_image_create_async (path, size, cancellable, domus_test_result_cb, &result);
  DOMUS_TEST_WAIT_UNTIL (result != NULL, 10);
  return domus_disk_image_create_finish (result, error);
}

static void
test_sparse (void)
{
  g_autofree char *dir = g_dir_make_tmp ("domus-disk-image-XXXXXX", NULL);
  g_autofree char *sub = g_build_filename (dir, "images", NULL);
  g_autofree char *path = g_build_filename (sub, "guest.img", NULL);
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  struct stat st;

  /* 20 GiB, in folders that do not exist yet, without writing 20 GiB. */
  g_assert_true (create (path, G_GUINT64_CONSTANT (20) << 30, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_size, ==, G_GINT64_CONSTANT (20) << 30);
  g_assert_cmpint (st.st_blocks, <, 64);

  /* Never over an existing file. */
  g_assert_false (create (path, 1 << 20, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_assert_true (g_str_has_suffix (error->message, "guest.img already exists: Domus never overwrites a disk image"));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_size, ==, G_GINT64_CONSTANT (20) << 30);
  g_unlink (path);
  g_clear_error (&error);

  /* Cancelled: nothing left behind. */
  g_cancellable_cancel (cancelled);
  g_assert_false (create (path, 1 << 20, cancelled, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  g_rmdir (sub);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/disk-image/sparse", test_sparse);

  return g_test_run ();
}
