/* test-xen-save.c: the header of xl's save files, without Xen
 *
 * The real round trips (Domus saves, xl restores, and the reverse) run in
 * tests/xen/; here the bytes are checked against xl's layout.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "domus-error.h"
#include "domus-partial-file.h"
#include "xen/domus-xen-save.h"

static char *
write_save (const char *dir,
            const char *name,
            const char *json)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  int fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

  g_assert_cmpint (fd, >=, 0);
  g_assert_true (domus_xen_save_write_header (fd, json, &error));
  g_assert_no_error (error);
  /* libxl's stream would follow. */
  g_assert_cmpint (write (fd, "LibxlFmt", 8), ==, 8);
  close (fd);
  return path;
}

static void
test_layout (void)
{
  g_autofree char *dir = g_dir_make_tmp ("domus-save-XXXXXX", NULL);
  const char *json = "{\"c_info\": {\"type\": \"pv\", \"name\": \"debian10\"}}";
  g_autofree char *path = write_save (dir, "d.save", json);
  g_autofree char *bytes = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;
  guint32 word;

  g_assert_true (g_file_get_contents (path, &bytes, &len, NULL));
  g_assert_cmpuint (len, ==, 48 + 4 + strlen (json) + 1 + 8);
  g_assert_cmpmem (bytes, 32, "Xen saved domain, xl format\n \0 \r", 32);
  memcpy (&word, bytes + 32, 4);
  g_assert_cmphex (word, ==, 0x01020304);
  memcpy (&word, bytes + 36, 4);
  g_assert_cmphex (word, ==, 0x3);    /* STREAMv2 | JSON, as xl writes */
  memcpy (&word, bytes + 40, 4);
  g_assert_cmphex (word, ==, 0);
  memcpy (&word, bytes + 44, 4);
  g_assert_cmpuint (word, ==, 4 + strlen (json) + 1);
  memcpy (&word, bytes + 48, 4);
  g_assert_cmpuint (word, ==, strlen (json) + 1);
  g_assert_cmpstr (bytes + 52, ==, json);

  name = domus_xen_save_read_name (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (name, ==, "debian10");
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_bad_files (void)
{
  g_autofree char *dir = g_dir_make_tmp ("domus-save-XXXXXX", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.save", NULL);
  g_autofree char *other = g_build_filename (dir, "other.save", NULL);
  g_autofree char *noname = write_save (dir, "noname.save", "{\"c_info\": {\"type\": \"pv\"}}");
  g_autofree char *garbage = write_save (dir, "garbage.save", "{not json");
  g_autofree char *cut = g_build_filename (dir, "cut.save", NULL);
  g_autofree char *bytes = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  g_assert_null (domus_xen_save_read_name (missing, &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (other, "Domus simulated save v1\n{}", -1, NULL));
  g_assert_null (domus_xen_save_read_name (other, &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE);
  g_assert_cmpstr (error->message, ==, "“other.save” is not a domain saved by xl or Domus");
  g_clear_error (&error);

  g_assert_null (domus_xen_save_read_name (noname, &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE);
  g_assert_cmpstr (error->message, ==, "The configuration inside “noname.save” is damaged: it names no domain");
  g_clear_error (&error);

  g_assert_null (domus_xen_save_read_name (garbage, &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE);
  g_clear_error (&error);

  /* Cut inside the configuration. */
  g_assert_true (g_file_get_contents (noname, &bytes, &len, NULL));
  g_assert_true (g_file_set_contents (cut, bytes, 60, NULL));
  g_assert_null (domus_xen_save_read_name (cut, &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE);
  g_assert_cmpstr (error->message, ==, "“cut.save” is cut short");
  g_clear_error (&error);

  for (const char * const *p = (const char * const[]) { other, noname, garbage, cut, NULL }; *p; p++)
    g_unlink (*p);
  g_rmdir (dir);
}

/* Saves run as root, maybe into a folder others can write: the file being
 * written is new, private, never reached through a link, and becomes the
 * save only when complete. */
static void
test_create (void)
{
  g_autofree char *dir = g_dir_make_tmp ("domus-save-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "d.save", NULL);
  g_autofree char *victim = g_build_filename (dir, "victim", NULL);
  g_autofree char *planted = g_build_filename (dir, ".d.save.partial", NULL);
  g_autofree char *partial = NULL, *other = NULL, *contents = NULL, *name = NULL;
  const char *json = "{\"c_info\": {\"type\": \"pv\", \"name\": \"debian10\"}}";
  g_autoptr(GError) error = NULL;
  struct stat st;
  int fd, fd2;

  /* Another user's link where the save's temporary used to be. */
  g_assert_true (g_file_set_contents (victim, "precious", -1, NULL));
  g_assert_cmpint (symlink (victim, planted), ==, 0);

  fd = domus_xen_save_create (path, json, &partial, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fd, >=, 0);
  g_assert_true (g_file_get_contents (victim, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "precious");
  g_assert_cmpstr (partial, !=, planted);
  g_assert_true (domus_partial_file_is_partial (partial));
  g_assert_cmpint (lstat (partial, &st), ==, 0);
  g_assert_true (S_ISREG (st.st_mode));
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* A second save to the same name does not share the temporary. */
  fd2 = domus_xen_save_create (path, json, &other, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (other, !=, partial);
  close (fd2);
  g_unlink (other);

  /* libxl's stream, then the save gets its name. */
  g_assert_cmpint (write (fd, "LibxlFmt", 8), ==, 8);
  close (fd);
  g_assert_true (domus_partial_file_commit (partial, path, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (partial, G_FILE_TEST_EXISTS));
  g_assert_false (domus_partial_file_is_partial (path));
  name = domus_xen_save_read_name (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (name, ==, "debian10");

  for (const char * const *p = (const char * const[]) { path, victim, planted, NULL }; *p; p++)
    g_unlink (*p);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* The configuration in a save file comes from outside: nested deeper than
 * DOMUS_MAX_NESTING, it is refused before json-glib recurses into it. */
static void
test_deep_config (void)
{
  g_autofree char *dir = g_dir_make_tmp ("domus-save-XXXXXX", NULL);
  g_autofree char *deep = g_strnfill (200000, '[');
  g_autofree char *json = g_strconcat ("{\"c_info\": ", deep, NULL);
  g_autofree char *path = write_save (dir, "deep.save", json);
  g_autoptr(GError) error = NULL;

  g_assert_null (domus_xen_save_read_name (path, &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_TOO_LARGE);
  g_assert_cmpstr (error->message, ==,
                   "The configuration inside “deep.save” is damaged: line 1: lists and objects are "
                   "nested deeper than the limit of 64 levels");
  g_unlink (path);
  g_rmdir (dir);
}

/* A checkpoint restored beside its domain: the copy carries the new name,
 * a new UUID, the rest of the configuration and libxl's stream unchanged. */
static void
test_copy_renamed (void)
{
  g_autofree char *dir = g_dir_make_tmp ("domus-save-XXXXXX", NULL);
  const char *json = "{\"c_info\": {\"type\": \"pv\", \"name\": \"debian10\", "
                     "\"uuid\": \"11111111-2222-3333-4444-555555555555\"}, \"b_info\": {\"max_vcpus\": 2}}";
  g_autofree char *path = write_save (dir, "d.save", json);
  g_autofree char *missing = g_build_filename (dir, "missing.save", NULL);
  g_autofree char *copy = NULL;
  g_autofree char *name = NULL;
  g_autofree char *bytes = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  copy = domus_xen_save_copy_renamed (path, "debian10-copy", &error);
  g_assert_no_error (error);
  g_assert_nonnull (copy);
  /* A temporary that a restore refuses by name until it is renamed. */
  g_assert_true (domus_partial_file_is_partial (copy));
  name = domus_xen_save_read_name (copy, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (name, ==, "debian10-copy");

  g_assert_true (g_file_get_contents (copy, &bytes, &len, NULL));
  g_assert_null (strstr (bytes + 52, "11111111-2222"));
  g_assert_nonnull (strstr (bytes + 52, "\"uuid\""));
  g_assert_nonnull (strstr (bytes + 52, "\"max_vcpus\""));
  g_assert_cmpmem (bytes + len - 8, 8, "LibxlFmt", 8);
  g_unlink (copy);

  /* The original is untouched. */
  g_clear_pointer (&name, g_free);
  name = domus_xen_save_read_name (path, &error);
  g_assert_cmpstr (name, ==, "debian10");

  g_assert_null (domus_xen_save_copy_renamed (missing, "x", &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND);
  g_unlink (path);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/xen-save/layout", test_layout);
  g_test_add_func ("/xen-save/bad-files", test_bad_files);
  g_test_add_func ("/xen-save/create", test_create);
  g_test_add_func ("/xen-save/deep-config", test_deep_config);
  g_test_add_func ("/xen-save/copy-renamed", test_copy_renamed);

  return g_test_run ();
}
