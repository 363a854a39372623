/* test-disk-image.c: new sparse disk images
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sys/stat.h>

#include "domus-disk-image.h"

typedef struct
{
  gboolean  done;
  GError   *error;
} Result;

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Result *r = data;

  domus_disk_image_create_finish (result, &r->error);
  r->done = TRUE;
}

static void
create (const char   *path,
        guint64       size,
        GCancellable *cancellable,
        Result       *r)
{
  r->done = FALSE;
  g_clear_error (&r->error);
  domus_disk_image_create_async (path, size, cancellable, done_cb, r);
  while (!r->done)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_sparse (void)
{
  g_autofree char *dir = g_dir_make_tmp ("domus-disk-image-XXXXXX", NULL);
  g_autofree char *sub = g_build_filename (dir, "images", NULL);
  g_autofree char *path = g_build_filename (sub, "guest.img", NULL);
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  Result r = { 0 };
  struct stat st;

  /* 20 GiB, in folders that do not exist yet, without writing 20 GiB. */
  create (path, G_GUINT64_CONSTANT (20) << 30, NULL, &r);
  g_assert_no_error (r.error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_size, ==, G_GINT64_CONSTANT (20) << 30);
  g_assert_cmpint (st.st_blocks, <, 64);

  /* Never over an existing file. */
  create (path, 1 << 20, NULL, &r);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_assert_true (g_str_has_suffix (r.error->message, "guest.img already exists: Domus never overwrites a disk image"));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_size, ==, G_GINT64_CONSTANT (20) << 30);
  g_unlink (path);

  /* Cancelled: nothing left behind. */
  g_cancellable_cancel (cancelled);
  create (path, 1 << 20, cancelled, &r);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_error (&r.error);

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
