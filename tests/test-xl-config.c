/* test-xl-config.c: reading and writing xl config files
 *
 * On the lab guides' files and xen-tools' output (tests/data/xl/): values
 * read right, a write without changes gives the file back byte for byte,
 * edits touch only their lines, broken files are refused with their line,
 * and saving is atomic, keeps a backup and notices edits made on disk.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "domus-error.h"
#include "domus-xl-config-private.h"

static char *
data_path (const char *name)
{
  return g_build_filename (g_getenv ("DOMUS_TEST_DATA"), "xl", name, NULL);
}

static char *
contents_of (const char *path)
{
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

/* A copy of a sample in a fresh temporary directory. */
static char *
copy_sample (const char *name,
             char      **dir)
{
  g_autofree char *source = data_path (name);
  g_autofree char *text = contents_of (source);
  char *path;

  *dir = g_dir_make_tmp ("domus-xl-XXXXXX", NULL);
  path = g_build_filename (*dir, name, NULL);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (d)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
test_read (void)
{
  g_autofree char *hvm_path = data_path ("debian-hvm.cfg");
  g_autofree char *pv_path = data_path ("debian10.cfg");
  g_autofree char *tools_path = data_path ("xen-tools.cfg");
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusXlConfig) hvm = domus_xl_config_new_from_file (hvm_path, &error);
  g_autoptr(DomusXlConfig) pv = NULL;
  g_autoptr(DomusXlConfig) tools = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) disk = NULL;
  g_auto(GStrv) vif = NULL;
  gint64 number;

  /* The lab guide's HVM file, unquoted words and all. */
  g_assert_no_error (error);
  g_assert_true (domus_xl_config_get_string (hvm, "type", &text));
  g_assert_cmpstr (text, ==, "hvm");
  g_clear_pointer (&text, g_free);
  g_assert_true (domus_xl_config_get_string (hvm, "name", &text));
  g_assert_cmpstr (text, ==, "debian_hvm");
  g_clear_pointer (&text, g_free);
  g_assert_true (domus_xl_config_get_int (hvm, "vnc", &number));
  g_assert_cmpint (number, ==, 1);
  disk = domus_xl_config_get_list (hvm, "disk");
  g_assert_cmpuint (g_strv_length (disk), ==, 2);
  g_assert_cmpstr (disk[1], ==, "file:/xen/netinst.iso,xvdb:cdrom,rw");
  vif = domus_xl_config_get_list (hvm, "vif");
  g_assert_cmpstr (vif[0], ==, "bridge=virbr0");
  /* The leniencies are reported, with their lines. */
  g_assert_cmpuint (domus_xl_config_get_warnings (hvm)->len, >=, 1);
  for (guint i = 0; i < domus_xl_config_get_warnings (hvm)->len; i++)
    g_test_message ("debian-hvm.cfg warning %s", (char *) g_ptr_array_index (domus_xl_config_get_warnings (hvm), i));

  pv = domus_xl_config_new_from_file (pv_path, &error);
  g_assert_no_error (error);
  g_assert_true (domus_xl_config_get_int (pv, "memory", &number));
  g_assert_cmpint (number, ==, 1024);
  g_assert_false (domus_xl_config_has_key (pv, "maxmem"));

  /* xen-tools quotes its numbers. */
  tools = domus_xl_config_new_from_file (tools_path, &error);
  g_assert_no_error (error);
  g_assert_true (domus_xl_config_get_int (tools, "memory", &number));
  g_assert_cmpint (number, ==, 256);
  g_assert_true (domus_xl_config_get_string (tools, "on_poweroff", &text));
  g_assert_cmpstr (text, ==, "destroy");
}

static void
test_round_trip (void)
{
  static const char * const samples[] = { "debian-hvm.cfg", "debian10.cfg", "xen-tools.cfg" };

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autofree char *path = data_path (samples[i]);
      g_autofree char *original = contents_of (path);
      g_autoptr(GError) error = NULL;
      g_autoptr(DomusXlConfig) config = domus_xl_config_new_from_file (path, &error);
      g_autofree char *written = NULL;

      g_assert_no_error (error);
      written = domus_xl_config_to_data (config);
      g_assert_cmpstr (written, ==, original);
    }
}

/* Sets the lab's QoS keys and checks every other line is untouched. */
static void
test_edit (void)
{
  static const char * const samples[] = { "debian-hvm.cfg", "debian10.cfg", "xen-tools.cfg" };
  static const char * const keys[] = { "cpu_weight", "cap", "vcpus", "maxvcpus", "memory", "maxmem", "cpus" };

  for (guint s = 0; s < G_N_ELEMENTS (samples); s++)
    {
      g_autofree char *path = data_path (samples[s]);
      g_autofree char *original = contents_of (path);
      g_autoptr(GError) error = NULL;
      g_autoptr(DomusXlConfig) config = domus_xl_config_new_from_file (path, &error);
      g_autoptr(DomusXlConfig) again = NULL;
      g_autofree char *written = NULL;
      g_auto(GStrv) before = g_strsplit (original, "\n", -1);
      g_auto(GStrv) after = NULL;
      const char * const cpus[] = { "0-1", "2", NULL };
      g_auto(GStrv) cpus_read = NULL;
      gint64 number;
      guint j = 0;

      domus_xl_config_set_int (config, "cpu_weight", 512);
      domus_xl_config_set_int (config, "cap", 50);
      domus_xl_config_set_int (config, "vcpus", 2);
      domus_xl_config_set_int (config, "maxvcpus", 4);
      domus_xl_config_set_int (config, "memory", 768);
      domus_xl_config_set_int (config, "maxmem", 2048);
      domus_xl_config_set_list (config, "cpus", cpus);
      written = domus_xl_config_to_data (config);
      g_test_message ("%s edited:\n%s", samples[s], written);

      /* Each original line is kept, unless it sets one of the keys. */
      after = g_strsplit (written, "\n", -1);
      /* (The last element is the empty text after the final newline.) */
      for (guint i = 0; before[i] != NULL && before[i + 1] != NULL; i++)
        {
          const char *line = before[i] + strspn (before[i], " \t");
          gboolean edited = FALSE;

          for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
            edited |= g_str_has_prefix (line, keys[k]);
          if (edited)
            {
              j++;
              continue;
            }
          g_assert_nonnull (after[j]);
          g_assert_cmpstr (after[j], ==, before[i]);
          j++;
        }

      /* Read back, the new values. */
      again = domus_xl_config_new_from_data (written, samples[s], &error);
      g_assert_no_error (error);
      g_assert_true (domus_xl_config_get_int (again, "cpu_weight", &number) && number == 512);
      g_assert_true (domus_xl_config_get_int (again, "cap", &number) && number == 50);
      g_assert_true (domus_xl_config_get_int (again, "maxvcpus", &number) && number == 4);
      g_assert_true (domus_xl_config_get_int (again, "memory", &number) && number == 768);
      cpus_read = domus_xl_config_get_list (again, "cpus");
      g_assert_cmpstrv (cpus_read, cpus);
    }
}

static void
test_broken (void)
{
  static const struct { const char *name; const char *prefix; } cases[] = {
    { "unterminated.cfg", "unterminated.cfg:2: " },
    { "missing-equals.cfg", "missing-equals.cfg:2: " },
    { "unclosed-list.cfg", "unclosed-list.cfg:" },
    { "bad-number.cfg", "bad-number.cfg:2: " },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = data_path (cases[i].name);
      g_autoptr(GError) error = NULL;
      g_autoptr(DomusXlConfig) config = domus_xl_config_new_from_file (path, &error);

      g_assert_null (config);
      g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE);
      g_test_message ("%s", error->message);
      g_assert_true (g_str_has_prefix (error->message, cases[i].prefix));
    }
}

static void
test_save (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = copy_sample ("debian10.cfg", &dir);
  g_autofree char *backup = g_strconcat (path, ".bak", NULL);
  g_autofree char *original = contents_of (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusXlConfig) config = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GDir) d = NULL;
  struct stat st;
  guint n_files = 0;

  g_assert_cmpint (g_chmod (path, 0640), ==, 0);
  config = domus_xl_config_new_from_file (path, &error);
  g_assert_no_error (error);
  domus_xl_config_set_int (config, "cpu_weight", 512);

  /* A crash between writing and renaming leaves the old file, and no
   * temporary file behind. */
  domus_xl_config_set_fail_before_rename_for_testing (TRUE);
  g_assert_false (domus_xl_config_save (config, NULL, FALSE, &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED);
  g_clear_error (&error);
  domus_xl_config_set_fail_before_rename_for_testing (FALSE);
  text = contents_of (path);
  g_assert_cmpstr (text, ==, original);
  g_clear_pointer (&text, g_free);
  d = g_dir_open (dir, 0, NULL);
  while (g_dir_read_name (d))
    n_files++;
  g_assert_cmpuint (n_files, <=, 2);  /* the file, and maybe its backup */

  /* Saved: new content, same mode, the old one as a backup. */
  g_assert_true (domus_xl_config_save (config, NULL, FALSE, &error));
  g_assert_no_error (error);
  text = contents_of (path);
  g_assert_nonnull (strstr (text, "cpu_weight = 512"));
  g_clear_pointer (&text, g_free);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0640);
  text = contents_of (backup);
  g_assert_cmpstr (text, ==, original);
  g_clear_pointer (&text, g_free);

  /* Edited on disk since: refused, unless overwriting is asked for. */
  g_assert_true (g_file_set_contents (path, "name = \"debian10\"\n# someone else\n", -1, NULL));
  domus_xl_config_set_int (config, "cap", 50);
  g_assert_false (domus_xl_config_save (config, NULL, FALSE, &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_BUSY);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  text = contents_of (path);
  g_assert_nonnull (strstr (text, "# someone else"));
  g_clear_pointer (&text, g_free);
  g_assert_true (domus_xl_config_save (config, NULL, TRUE, &error));
  g_assert_no_error (error);
  text = contents_of (path);
  g_assert_nonnull (strstr (text, "cap = 50"));

  remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_assert_nonnull (g_getenv ("DOMUS_TEST_DATA"));
  g_test_add_func ("/xl-config/read", test_read);
  g_test_add_func ("/xl-config/round-trip", test_round_trip);
  g_test_add_func ("/xl-config/edit", test_edit);
  g_test_add_func ("/xl-config/broken", test_broken);
  g_test_add_func ("/xl-config/save", test_save);

  return g_test_run ();
}
