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

#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "domus-error.h"
#include "domus-limits.h"
#include "domus-test-utils.h"
#include "xlcfg/domus-xl-config-private.h"

static const char * const good_samples[] = { "debian-hvm.cfg", "debian10.cfg", "xen-tools.cfg" };

/* The keys "keep after reboot" writes. */
static const char * const qos_keys[] = {
  "cpu_weight", "cap", "vcpus", "maxvcpus", "memory", "maxmem", "cpus", NULL
};

static char *
data_path (const char *name)
{
  return g_build_filename (g_getenv ("DOMUS_TEST_DATA"), "xl", name, NULL);
}

static char *
contents_of (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

static void
write_file (const char *path,
            const char *text)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

/* A temporary directory holding copies of samples, removed at the end. */
typedef struct
{
  char *dir;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("domus-xl-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      g_assert_cmpint (g_unlink (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (f->dir), ==, 0);
  g_free (f->dir);
}

static char *
copy_sample (Fixture    *f,
             const char *name)
{
  g_autofree char *source = data_path (name);
  g_autofree char *text = contents_of (source);
  char *path = g_build_filename (f->dir, name, NULL);

  write_file (path, text);
  return path;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The directory's entries, sorted and joined by spaces. */
static char *
list_dir (Fixture *f)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, (char *) name);
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

static DomusXlConfig *
load (const char *path)
{
  g_autoptr(GError) error = NULL;
  DomusXlConfig *config = domus_xl_config_new_from_file (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (config);
  return config;
}

static DomusXlConfig *
load_sample (const char *name)
{
  g_autofree char *path = data_path (name);

  return load (path);
}

static DomusXlConfig *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  DomusXlConfig *config = domus_xl_config_new_from_data (text, "test.cfg", &error);

  g_assert_no_error (error);
  g_assert_nonnull (config);
  return config;
}

static void
assert_string (DomusXlConfig *config,
               const char    *key,
               const char    *expected)
{
  g_autofree char *value = NULL;

  g_assert_true (domus_xl_config_get_string (config, key, &value));
  g_assert_cmpstr (value, ==, expected);
}

static void
assert_int (DomusXlConfig *config,
            const char    *key,
            gint64         expected)
{
  gint64 value = -1;

  g_assert_true (domus_xl_config_get_int (config, key, &value));
  g_assert_cmpint (value, ==, expected);
}

static void
assert_list (DomusXlConfig      *config,
             const char         *key,
             const char * const *expected)
{
  g_auto(GStrv) items = domus_xl_config_get_list (config, key);

  g_assert_nonnull (items);
  g_assert_cmpstrv (items, expected);
}

/* The warnings, one per line. */
static char *
warnings_of (DomusXlConfig *config)
{
  const GPtrArray *warnings = domus_xl_config_get_warnings (config);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < warnings->len; i++)
    g_string_append_printf (text, "%s\n", (const char *) g_ptr_array_index (warnings, i));
  return g_string_free (text, FALSE);
}

static void
test_read_hvm (void)
{
  g_autoptr(DomusXlConfig) config = load_sample ("debian-hvm.cfg");
  g_autofree char *path = data_path ("debian-hvm.cfg");
  g_autofree char *warnings = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) keys = domus_xl_config_get_keys (config);
  const char * const expected_keys[] = { "type", "name", "boot", "vif", "disk", "vnc", NULL };
  const char * const disk[] = {
    "phy:/dev/mapper/vol1-hvm,xvda,rw", "file:/xen/netinst.iso,xvdb:cdrom,rw", NULL
  };
  const char * const vif[] = { "bridge=virbr0", NULL };
  gint64 number = -1;

  g_assert_cmpstr (domus_xl_config_get_path (config), ==, path);
  g_assert_cmpstrv (keys, expected_keys);
  assert_string (config, "type", "hvm");
  assert_string (config, "name", "debian_hvm");
  assert_string (config, "boot", "cda");
  assert_int (config, "vnc", 1);
  assert_string (config, "vnc", "1");
  assert_list (config, "disk", disk);
  assert_list (config, "vif", vif);

  /* Wrong types and missing keys. */
  g_assert_false (domus_xl_config_get_int (config, "name", &number));
  g_assert_false (domus_xl_config_get_string (config, "disk", &text));
  g_assert_null (domus_xl_config_get_list (config, "type"));
  g_assert_false (domus_xl_config_has_key (config, "memory"));
  g_assert_false (domus_xl_config_get_int (config, "memory", &number));
  g_assert_cmpint (number, ==, -1);
  g_assert_null (text);

  /* The unquoted words xl itself would refuse, with their lines. */
  warnings = warnings_of (config);
  g_assert_cmpstr (warnings, ==,
                   "1: unquoted value “hvm”: xl wants it in quotes\n"
                   "2: unquoted value “debian_hvm”: xl wants it in quotes\n"
                   "3: unquoted value “cda”: xl wants it in quotes\n"
                   "4: unquoted value “bridge=virbr0”: xl wants it in quotes\n");
}

static void
test_read_pv (void)
{
  g_autoptr(DomusXlConfig) config = load_sample ("debian10.cfg");
  const char * const disk[] = { "phy:/dev/mapper/vol1-debian10,xvda,rw", NULL };
  const char * const vif[] = { "bridge=virbr0", NULL };

  assert_string (config, "name", "debian10");
  assert_string (config, "kernel", "/boot/vmlinuz-4.19.0-6-amd64");
  assert_string (config, "ramdisk", "/boot/initrd.img-4.19.0-6-amd64");
  assert_string (config, "extra", "console=hvc0");
  assert_string (config, "root", "/dev/xvda1 ro");
  assert_int (config, "memory", 1024);
  assert_int (config, "vcpus", 2);
  /* Over three lines, with a comment and a trailing comma. */
  assert_list (config, "disk", disk);
  assert_list (config, "vif", vif);
  g_assert_cmpuint (domus_xl_config_get_warnings (config)->len, ==, 0);
}

static void
test_read_xen_tools (void)
{
  g_autoptr(DomusXlConfig) config = load_sample ("xen-tools.cfg");
  g_autofree char *warnings = NULL;
  const char * const disk[] = {
    "file:/home/xen/domains/clone1/disk.img,xvda2,w",
    "file:/home/xen/domains/clone1/swap.img,xvda1,w",
    NULL
  };
  const char * const vif[] = { "mac=00:16:3E:2B:7C:11", NULL };

  assert_string (config, "kernel", "/boot/vmlinuz-4.19.0-10-amd64");
  assert_string (config, "extra", "elevator=noop");
  assert_string (config, "root", "/dev/xvda2 ro");
  assert_string (config, "name", "clone1");
  assert_string (config, "dhcp", "dhcp");
  assert_string (config, "on_poweroff", "destroy");
  assert_string (config, "on_crash", "restart");
  assert_list (config, "disk", disk);
  assert_list (config, "vif", vif);
  g_assert_cmpuint (domus_xl_config_get_warnings (config)->len, ==, 0);

  /* xen-tools quotes its numbers: they read, once noted. */
  assert_int (config, "memory", 256);
  assert_int (config, "memory", 256);
  assert_int (config, "vcpus", 1);
  warnings = warnings_of (config);
  g_assert_cmpstr (warnings, ==,
                   "14: “memory” is a number in quotes\n"
                   "13: “vcpus” is a number in quotes\n");
}

/* What the samples do not show: ";", "+=", escapes, numbers, nesting. */
static void
test_read_syntax (void)
{
  g_autoptr(DomusXlConfig) config = parse (
    "name = 'a'; type = \"pv\" ; vnc = 0x10\n"
    "extra = 'console=hvc0'   # the console\n"
    "extra += \" root=/dev/xvda1\"\n"
    "vif = [ 'mac=00:16:3e:00:00:01' ]\n"
    "vif += [\n"
    "  # a second card\n"
    "  'bridge=xenbr1',\n"
    "]\n"
    "octal = 010\r\n"
    "escaped = 'it\\'s \"#1\"\\t\\x41\\101'\n"
    "vnuma = [ [ 'pnode=0', 'size=512' ], [ 'pnode=1' ] ]\n"
    "usb = []\n"
    "memory = 512\n"
    "memory = 1024\n");
  g_autofree char *warnings = warnings_of (config);
  g_auto(GStrv) empty = domus_xl_config_get_list (config, "usb");
  const char * const vif[] = { "mac=00:16:3e:00:00:01", "bridge=xenbr1", NULL };

  assert_string (config, "name", "a");
  assert_string (config, "type", "pv");
  assert_int (config, "vnc", 16);
  assert_string (config, "extra", "console=hvc0 root=/dev/xvda1");
  assert_list (config, "vif", vif);
  assert_int (config, "octal", 8);
  assert_string (config, "escaped", "it's \"#1\"\tAA");
  g_assert_null (domus_xl_config_get_list (config, "vnuma"));
  g_assert_true (domus_xl_config_has_key (config, "vnuma"));
  g_assert_nonnull (empty);
  g_assert_cmpuint (g_strv_length (empty), ==, 0);
  /* xl takes the last of two "=". */
  assert_int (config, "memory", 1024);
  g_assert_cmpstr (warnings, ==,
                   "14: duplicate key “memory” on lines 13 and 14: xl uses the last one\n");
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (good_samples); i++)
    {
      g_autofree char *path = copy_sample (f, good_samples[i]);
      g_autofree char *original = contents_of (path);
      g_autoptr(DomusXlConfig) config = load (path);
      g_autoptr(GError) error = NULL;
      g_autofree char *written = domus_xl_config_to_data (config);
      g_autofree char *saved = NULL;

      g_assert_cmpstr (written, ==, original);
      domus_xl_config_save (config, NULL, FALSE, &error);
      g_assert_no_error (error);
      saved = contents_of (path);
      g_assert_cmpstr (saved, ==, original);
    }
}

/* The key a line sets, if it is one of @keys. */
static const char *
line_sets (const char         *line,
           const char * const *keys)
{
  for (guint k = 0; keys[k] != NULL; k++)
    {
      gsize n = strlen (keys[k]);

      if (strncmp (line, keys[k], n) == 0 && line[n + strspn (line + n, " \t")] == '=')
        return keys[k];
    }
  return NULL;
}

/* @after is @before with new values for @keys: every other line is the
 * same, a line setting one of them keeps its text before the value and
 * after it (spacing, comment), and the keys @before lacked come last,
 * one per line, maybe after a blank line. */
static void
assert_only_keys_changed (const char         *before,
                          const char         *after,
                          const char * const *keys)
{
  g_auto(GStrv) old_lines = g_strsplit (before, "\n", -1);
  g_auto(GStrv) new_lines = g_strsplit (after, "\n", -1);
  g_autoptr(GHashTable) present = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_old = g_strv_length (old_lines);
  guint n_new = g_strv_length (new_lines);
  guint n_appended = 0;
  guint i;

  /* Both end with a newline: their last element is empty. */
  g_assert_cmpstr (old_lines[n_old - 1], ==, "");
  g_assert_cmpstr (new_lines[n_new - 1], ==, "");
  g_assert_cmpuint (n_new, >=, n_old);

  for (i = 0; i + 1 < n_old; i++)
    {
      const char *old_line = old_lines[i];
      const char *new_line = new_lines[i];
      const char *key = line_sets (old_line, keys);
      gsize prefix, value, suffix;

      if (key == NULL)
        {
          g_assert_cmpstr (new_line, ==, old_line);
          continue;
        }
      g_hash_table_add (present, (char *) key);
      prefix = strlen (key);
      prefix += strspn (old_line + prefix, " \t=");
      value = strcspn (old_line + prefix, " \t#");
      suffix = strlen (old_line + prefix + value);
      g_assert_cmpint (strncmp (new_line, old_line, prefix), ==, 0);
      g_assert_true (g_str_has_suffix (new_line, old_line + prefix + value));
      g_assert_cmpuint (strlen (new_line), >, prefix + suffix);
    }

  if (i + 1 < n_new && new_lines[i][0] == '\0')
    i++;
  for (; i + 1 < n_new; i++)
    {
      const char *key = line_sets (new_lines[i], keys);

      g_assert_nonnull (key);
      g_assert_false (g_hash_table_contains (present, key));
      n_appended++;
    }
  g_assert_cmpuint (n_appended + g_hash_table_size (present), ==, g_strv_length ((GStrv) keys));
}

static void
set_qos (DomusXlConfig *config)
{
  const char * const cpus[] = { "0-1", "2", NULL };

  domus_xl_config_set_int (config, "cpu_weight", 512);
  domus_xl_config_set_int (config, "cap", 50);
  domus_xl_config_set_int (config, "vcpus", 2);
  domus_xl_config_set_int (config, "maxvcpus", 4);
  domus_xl_config_set_int (config, "memory", 768);
  domus_xl_config_set_int (config, "maxmem", 2048);
  /* cpus is a string or a list per vCPU: both, the second over the first. */
  domus_xl_config_set_string (config, "cpus", "0-3");
  domus_xl_config_set_list (config, "cpus", cpus);
}

static void
test_edit_lab (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (good_samples); i++)
    {
      g_autofree char *path = data_path (good_samples[i]);
      g_autofree char *original = contents_of (path);
      g_autoptr(DomusXlConfig) config = load (path);
      g_autoptr(DomusXlConfig) again = NULL;
      g_autofree char *written = NULL;
      const char * const cpus[] = { "0-1", "2", NULL };

      set_qos (config);
      written = domus_xl_config_to_data (config);
      g_test_message ("%s edited:\n%s", good_samples[i], written);
      assert_only_keys_changed (original, written, qos_keys);

      again = parse (written);
      assert_int (again, "cpu_weight", 512);
      assert_int (again, "cap", 50);
      assert_int (again, "vcpus", 2);
      assert_int (again, "maxvcpus", 4);
      assert_int (again, "memory", 768);
      assert_int (again, "maxmem", 2048);
      assert_list (again, "cpus", cpus);
      g_assert_cmpuint (domus_xl_config_get_warnings (again)->len, ==,
                        domus_xl_config_get_warnings (config)->len);
    }
}

/* The exact text, where it is easy to write down. */
static void
test_edit_exact (void)
{
  g_autoptr(DomusXlConfig) hvm = load_sample ("debian-hvm.cfg");
  g_autoptr(DomusXlConfig) pv = load_sample ("debian10.cfg");
  g_autoptr(DomusXlConfig) tools = load_sample ("xen-tools.cfg");
  g_autofree char *hvm_text = NULL;
  g_autofree char *pv_text = NULL;
  g_autofree char *tools_text = NULL;

  /* New keys follow the file's last setting, in its spacing. */
  set_qos (hvm);
  hvm_text = domus_xl_config_to_data (hvm);
  g_assert_cmpstr (hvm_text, ==,
                   "type=hvm\n"
                   "name=debian_hvm\n"
                   "boot=cda\n"
                   "vif = [ bridge=virbr0 ]\n"
                   "disk = [ 'phy:/dev/mapper/vol1-hvm,xvda,rw',"
                   "'file:/xen/netinst.iso,xvdb:cdrom,rw' ]\n"
                   "vnc=1\n"
                   "cpu_weight=512\n"
                   "cap=50\n"
                   "vcpus=2\n"
                   "maxvcpus=4\n"
                   "memory=768\n"
                   "maxmem=2048\n"
                   "cpus=['0-1', '2']\n");

  /* A value in place keeps the comment after it. */
  set_qos (pv);
  pv_text = domus_xl_config_to_data (pv);
  g_assert_nonnull (strstr (pv_text, "\nmemory = 768     # MiB\nvcpus = 2\ndisk = [\n"));
  g_assert_true (g_str_has_suffix (pv_text,
                                   "vif = [ 'bridge=virbr0' ]\n"
                                   "cpu_weight = 512\n"
                                   "cap = 50\n"
                                   "maxvcpus = 4\n"
                                   "maxmem = 2048\n"
                                   "cpus = ['0-1', '2']\n"));

  /* The quoted numbers become numbers, the alignment stays. */
  set_qos (tools);
  tools_text = domus_xl_config_to_data (tools);
  g_assert_nonnull (strstr (tools_text, "\nvcpus       = 2\nmemory      = 768\n"));
  g_assert_true (g_str_has_suffix (tools_text,
                                   "on_crash    = 'restart'\n"
                                   "cpu_weight = 512\n"
                                   "cap = 50\n"
                                   "maxvcpus = 4\n"
                                   "maxmem = 2048\n"
                                   "cpus = ['0-1', '2']\n"));
}

static void
test_edit_append (void)
{
  struct {
    const char *text;
    const char *expected;
  } cases[] = {
    { "", "memory = 512\n" },
    { "name = 'a'", "name = 'a'\nmemory = 512\n" },
    { "name = 'a'  # the name\n", "name = 'a'  # the name\nmemory = 512\n" },
    { "name = 'a'\n# the end\n", "name = 'a'\n# the end\n\nmemory = 512\n" },
    { "name = 'a'\n\n", "name = 'a'\n\nmemory = 512\n" },
    { "# nothing yet", "# nothing yet\n\nmemory = 512\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DomusXlConfig) config = parse (cases[i].text);
      g_autofree char *text = NULL;

      domus_xl_config_set_int (config, "memory", 512);
      text = domus_xl_config_to_data (config);
      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

/* Only the setting xl uses changes: the last "=", with its "+=" folded in. */
static void
test_edit_chain (void)
{
  g_autoptr(DomusXlConfig) config = parse (
    "memory = 256\n"
    "extra = \"console=hvc0\" # kernel\n"
    "memory = 512 # the one xl uses\n"
    "extra += \" quiet\"\n"
    "cpus = '0'; vcpus = 1\n");
  g_autoptr(DomusXlConfig) appended = parse ("extra += 'a'\nextra += 'b'\n");
  g_autofree char *text = NULL;
  g_autofree char *appended_text = NULL;

  domus_xl_config_set_int (config, "memory", 1024);
  domus_xl_config_set_string (config, "extra", "console=hvc0 root=/dev/xvda1");
  domus_xl_config_set_string (config, "cpus", "1-2");
  text = domus_xl_config_to_data (config);
  g_assert_cmpstr (text, ==,
                   "memory = 256\n"
                   "extra = \"console=hvc0 root=/dev/xvda1\" # kernel\n"
                   "memory = 1024 # the one xl uses\n"
                   "cpus = '1-2'; vcpus = 1\n");

  domus_xl_config_set_string (appended, "extra", "c");
  appended_text = domus_xl_config_to_data (appended);
  g_assert_cmpstr (appended_text, ==, "extra = 'c'\n");
}

static void
test_edit_quoting (void)
{
  static const char * const values[] = {
    "it's", "say \"hi\"", "back\\slash", "tab\tand\nnewline", "#not a comment", "", "ünï",
  };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autoptr(DomusXlConfig) config = parse ("name = 'x'\nextra = \"x\"\n");
      g_autoptr(DomusXlConfig) again = NULL;
      g_autofree char *text = NULL;
      const char * const list[] = { values[i], "b", NULL };

      domus_xl_config_set_string (config, "name", values[i]);
      domus_xl_config_set_string (config, "extra", values[i]);
      domus_xl_config_set_list (config, "disk", list);
      text = domus_xl_config_to_data (config);
      g_test_message ("%s", text);
      /* Each keeps its quotes. */
      g_assert_true (g_str_has_prefix (text, "name = '"));
      g_assert_nonnull (strstr (text, "\nextra = \""));

      again = parse (text);
      assert_string (again, "name", values[i]);
      assert_string (again, "extra", values[i]);
      assert_list (again, "disk", list);
    }
}

static void
test_edit_remove (void)
{
  g_autoptr(DomusXlConfig) pv = load_sample ("debian10.cfg");
  g_autoptr(DomusXlConfig) shared = parse ("a = 1; b = 2 # two\nc = [ 1,\n 2 ]; d = 4\n");
  g_autofree char *original = NULL;
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *shared_text = NULL;
  g_autofree char *path = data_path ("debian10.cfg");
  GString *lines;
  g_auto(GStrv) old_lines = NULL;

  /* A list over three lines goes with its comment, as does memory's. */
  g_assert_true (domus_xl_config_remove_key (pv, "disk"));
  g_assert_true (domus_xl_config_remove_key (pv, "memory"));
  g_assert_false (domus_xl_config_remove_key (pv, "memory"));
  g_assert_false (domus_xl_config_remove_key (pv, "maxmem"));
  g_assert_false (domus_xl_config_has_key (pv, "disk"));
  text = domus_xl_config_to_data (pv);

  original = contents_of (path);
  old_lines = g_strsplit (original, "\n", -1);
  lines = g_string_new (NULL);
  for (guint i = 0; old_lines[i + 1] != NULL; i++)
    if (i != 6 && (i < 8 || i > 10))
      g_string_append_printf (lines, "%s\n", old_lines[i]);
  expected = g_string_free (lines, FALSE);
  g_assert_cmpstr (text, ==, expected);

  /* Settings that share a line leave the rest of it. */
  g_assert_true (domus_xl_config_remove_key (shared, "a"));
  g_assert_true (domus_xl_config_remove_key (shared, "d"));
  shared_text = domus_xl_config_to_data (shared);
  g_assert_cmpstr (shared_text, ==, "b = 2 # two\nc = [ 1,\n 2 ]; \n");
  g_clear_pointer (&shared_text, g_free);
  /* Alone on its line now, b goes with it. */
  g_assert_true (domus_xl_config_remove_key (shared, "b"));
  shared_text = domus_xl_config_to_data (shared);
  g_assert_cmpstr (shared_text, ==, "c = [ 1,\n 2 ]; \n");
}

static void
test_broken_files (Fixture       *f,
                   gconstpointer  data)
{
  static const struct {
    const char *name;
    const char *message;
  } cases[] = {
    { "unterminated.cfg", "unterminated.cfg:2: unterminated string" },
    { "missing-equals.cfg", "missing-equals.cfg:2: expected “=” after “memory”" },
    { "unclosed-list.cfg", "unclosed-list.cfg:4: list opened on line 2 is never closed" },
    { "bad-number.cfg", "bad-number.cfg:2: “12ab” is not a number" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = copy_sample (f, cases[i].name);
      g_autofree char *original = contents_of (path);
      g_autofree char *after = NULL;
      g_autofree char *listing = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(DomusXlConfig) config = domus_xl_config_new_from_file (path, &error);

      g_assert_null (config);
      g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE);
      g_assert_cmpstr (error->message, ==, cases[i].message);

      /* Nothing written: the file as it was, and nothing beside it. */
      after = contents_of (path);
      g_assert_cmpstr (after, ==, original);
      listing = list_dir (f);
      g_assert_cmpstr (listing, ==, cases[i].name);
      g_assert_cmpint (g_unlink (path), ==, 0);
    }
}

static void
test_broken_data (void)
{
  static const struct {
    const char *text;
    const char *message;
  } cases[] = {
    { "disk = [ 'a',\n  'b'\n", "x.cfg:2: list opened on line 1 is never closed" },
    { "disk = [ 'a',\n  'b'", "x.cfg:2: list opened on line 1 is never closed" },
    { "name = 'a'\nmemory =\n",
      "x.cfg:2: expected a value for “memory”, found the end of the line" },
    { "memory = ", "x.cfg:1: expected a value for “memory”, found the end of the file" },
    { "Memory = 1\n", "x.cfg:1: “Memory” is not a setting name: "
                      "xl accepts lowercase letters, digits and “_”" },
    { "on poweroff = 'destroy'\n", "x.cfg:1: expected “=” after “on”" },
    { "= 1\n", "x.cfg:1: expected a setting name, found “=”" },
    { "root = '/dev/xvda1' ro\n",
      "x.cfg:1: unexpected “ro” after the value of “root”" },
    { "memory = 1]\n",
      "x.cfg:1: unexpected “]” after the value of “memory”" },
    { "vif = [ 'a' 'b' ]\n",
      "x.cfg:1: expected “,” or “]” in the list of “vif”, found “'”" },
    { "vif = [ , ]\n", "x.cfg:1: expected a value for “vif”, found “,”" },
    { "name = 'a\\qb'\n", "x.cfg:1: invalid escape “\\q” in a string" },
    { "extra = 'a\\\n'\n", "x.cfg:1: unterminated string" },
    { "disk = ['a']\ndisk += 'b'\n",
      "x.cfg:2: “+=” cannot join a list and a single value for “disk”" },
    { "cpus = 0-3\n", "x.cfg:1: “0-3” is not a number" },
    { "memory = 99999999999999999999\n", "x.cfg:1: “99999999999999999999” is not a number" },
    { "memory = 1\x01\n",
      "x.cfg:1: unexpected the control character 0x01 after the value of “memory”" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DomusXlConfig) config = domus_xl_config_new_from_data (cases[i].text, "x.cfg",
                                                                       &error);

      g_assert_null (config);
      g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

static void
test_not_found (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "none.cfg", NULL);
  g_autofree char *nul = g_build_filename (f->dir, "nul.cfg", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusXlConfig) config = domus_xl_config_new_from_file (path, &error);

  g_assert_null (config);
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_file_set_contents (nul, "name = 'a'\nmemory = 1\0\n", 22, &error);
  g_assert_no_error (error);
  config = domus_xl_config_new_from_file (nul, &error);
  g_assert_null (config);
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE);
  g_assert_cmpstr (error->message, ==, "nul.cfg:2: a NUL byte: this is not a text file");
}

/* Lists nested deeper than DOMUS_MAX_NESTING are refused before the
 * parser, which recurses once per level, runs out of stack. */
static void
test_nesting (void)
{
  g_autofree char *deep = g_strnfill (200000, '[');
  g_autofree char *deep_text = g_strconcat ("name = 'a'\ndisk = ", deep, "\n", NULL);
  g_autofree char *open = g_strnfill (DOMUS_MAX_NESTING, '[');
  g_autofree char *close = g_strnfill (DOMUS_MAX_NESTING, ']');
  g_autofree char *at_limit = g_strconcat ("disk = ", open, "'a'", close, "\n", NULL);
  g_autofree char *past_limit = g_strconcat ("disk = [", open, "'a'", close, "]\n", NULL);
  g_autofree char *written = NULL;
  g_autoptr(DomusXlConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  config = domus_xl_config_new_from_data (deep_text, "x.cfg", &error);
  g_assert_null (config);
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_TOO_LARGE);
  g_assert_cmpstr (error->message, ==, "x.cfg:2: lists are nested deeper than the limit of 64 levels");
  g_clear_error (&error);

  config = domus_xl_config_new_from_data (past_limit, "x.cfg", &error);
  g_assert_null (config);
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_TOO_LARGE);
  g_clear_error (&error);

  /* At the limit: read, and written back as it was. */
  config = domus_xl_config_new_from_data (at_limit, "x.cfg", &error);
  g_assert_no_error (error);
  written = domus_xl_config_to_data (config);
  g_assert_cmpstr (written, ==, at_limit);
}

/* Files are read up to DOMUS_MAX_XL_CONFIG_SIZE, and only regular ones:
 * a FIFO is refused without waiting for a writer. */
static void
test_file_limits (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *big = g_build_filename (f->dir, "big.cfg", NULL);
  g_autofree char *fifo = g_build_filename (f->dir, "fifo.cfg", NULL);
  g_autoptr(DomusXlConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  domus_test_make_sparse_file (big, DOMUS_MAX_XL_CONFIG_SIZE + 1);
  config = domus_xl_config_new_from_file (big, &error);
  g_assert_null (config);
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_TOO_LARGE);
  g_assert_cmpstr (error->message, ==, "Could not read “big.cfg”: it is over the size limit of 1.0\u00a0MiB");
  g_clear_error (&error);

  /* At the limit, it is read (and its NUL bytes refused). */
  domus_test_make_sparse_file (big, DOMUS_MAX_XL_CONFIG_SIZE);
  config = domus_xl_config_new_from_file (big, &error);
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE);
  g_assert_cmpstr (error->message, ==, "big.cfg:1: a NUL byte: this is not a text file");
  g_clear_error (&error);

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  config = domus_xl_config_new_from_file (fifo, &error);
  g_assert_null (config);
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "Could not read “fifo.cfg”: it is not a regular file");
}

static void
test_save_atomic (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *path = copy_sample (f, "debian10.cfg");
  g_autofree char *original = contents_of (path);
  g_autoptr(DomusXlConfig) config = load (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *listing = NULL;
  g_autofree char *edited = NULL;

  domus_xl_config_set_int (config, "cpu_weight", 512);
  edited = domus_xl_config_to_data (config);

  /* A failure between writing and renaming leaves the old file and no
   * temporary file beside it; the edit is still there to save. */
  domus_xl_config_set_fail_before_rename_for_testing (TRUE);
  g_assert_false (domus_xl_config_save (config, NULL, FALSE, &error));
  domus_xl_config_set_fail_before_rename_for_testing (FALSE);
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  text = contents_of (path);
  g_assert_cmpstr (text, ==, original);
  g_clear_pointer (&text, g_free);
  listing = list_dir (f);
  g_assert_cmpstr (listing, ==, "debian10.cfg debian10.cfg.bak");
  g_clear_pointer (&listing, g_free);
  text = domus_xl_config_to_data (config);
  g_assert_cmpstr (text, ==, edited);
  g_clear_pointer (&text, g_free);

  /* Then it saves, the file being the same as when read. */
  g_assert_true (domus_xl_config_save (config, NULL, FALSE, &error));
  g_assert_no_error (error);
  text = contents_of (path);
  g_assert_cmpstr (text, ==, edited);
  listing = list_dir (f);
  g_assert_cmpstr (listing, ==, "debian10.cfg debian10.cfg.bak");
}

static void
test_save_backup_and_mode (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *path = copy_sample (f, "xen-tools.cfg");
  g_autofree char *backup = g_strconcat (path, ".bak", NULL);
  g_autofree char *original = contents_of (path);
  g_autoptr(DomusXlConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *text = NULL;
  struct stat st;

  g_assert_cmpint (g_chmod (path, 0640), ==, 0);
  config = load (path);

  domus_xl_config_set_int (config, "memory", 512);
  g_assert_true (domus_xl_config_save (config, NULL, FALSE, &error));
  g_assert_no_error (error);
  first = contents_of (path);
  text = contents_of (backup);
  g_assert_cmpstr (text, ==, original);
  g_clear_pointer (&text, g_free);

  /* The next save keeps the version before it. */
  domus_xl_config_set_int (config, "memory", 1024);
  g_assert_true (domus_xl_config_save (config, NULL, FALSE, &error));
  g_assert_no_error (error);
  text = contents_of (backup);
  g_assert_cmpstr (text, ==, first);

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0640);
  g_assert_cmpint (g_stat (backup, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0640);
}

static void
test_save_conflict (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *path = copy_sample (f, "debian10.cfg");
  g_autofree char *original = contents_of (path);
  g_autofree char *theirs = g_strdup (original);
  g_autoptr(DomusXlConfig) config = load (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  struct timespec times[2];
  struct stat st;

  domus_xl_config_set_int (config, "cap", 50);

  /* Someone else changes a byte, keeping the size and the time: the
   * checksum tells. */
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  *strstr (theirs, "1024") = '2';
  write_file (path, theirs);
  times[0] = st.st_atim;
  times[1] = st.st_mtim;
  g_assert_cmpint (utimensat (AT_FDCWD, path, times, 0), ==, 0);

  g_assert_false (domus_xl_config_save (config, NULL, FALSE, &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_BUSY);
  g_assert_cmpstr (error->message, ==, "“debian10.cfg” changed on disk since it was read");
  g_clear_error (&error);
  text = contents_of (path);
  g_assert_cmpstr (text, ==, theirs);
  g_clear_pointer (&text, g_free);

  /* Asked to, it overwrites; saving again is then fine. */
  g_assert_true (domus_xl_config_save (config, NULL, TRUE, &error));
  g_assert_no_error (error);
  text = contents_of (path);
  g_assert_nonnull (strstr (text, "memory = 1024"));
  g_assert_nonnull (strstr (text, "\ncap = 50\n"));
  g_clear_pointer (&text, g_free);
  domus_xl_config_set_int (config, "cap", 60);
  g_assert_true (domus_xl_config_save (config, NULL, FALSE, &error));
  g_assert_no_error (error);

  /* A file removed since is a change too. */
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_false (domus_xl_config_save (config, NULL, FALSE, &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_BUSY);
  g_clear_error (&error);
  g_assert_true (domus_xl_config_save (config, NULL, TRUE, &error));
  g_assert_no_error (error);
}

static void
test_save_as (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "new.cfg", NULL);
  g_autofree char *link = g_build_filename (f->dir, "link.cfg", NULL);
  g_autoptr(DomusXlConfig) config = parse ("name = 'new'\n");
  g_autoptr(DomusXlConfig) linked = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *listing = NULL;
  struct stat st;

  g_assert_null (domus_xl_config_get_path (config));
  g_assert_true (domus_xl_config_save (config, path, FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (domus_xl_config_get_path (config), ==, path);
  text = contents_of (path);
  g_assert_cmpstr (text, ==, "name = 'new'\n");
  g_clear_pointer (&text, g_free);

  /* It now belongs to that file, and notices changes to it. */
  domus_xl_config_set_int (config, "memory", 256);
  g_assert_true (domus_xl_config_save (config, NULL, FALSE, &error));
  g_assert_no_error (error);
  write_file (path, "name = 'other'\n");
  g_assert_false (domus_xl_config_save (config, NULL, FALSE, &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_BUSY);
  g_assert_cmpstr (error->message, ==, "“new.cfg” changed on disk since it was read");
  g_clear_error (&error);

  /* Through a symbolic link, the file it points to is replaced. */
  g_assert_cmpint (symlink ("new.cfg", link), ==, 0);
  linked = load (link);
  domus_xl_config_set_int (linked, "vcpus", 2);
  g_assert_true (domus_xl_config_save (linked, NULL, FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_lstat (link, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  text = contents_of (path);
  g_assert_cmpstr (text, ==, "name = 'other'\nvcpus = 2\n");
  listing = list_dir (f);
  g_assert_cmpstr (listing, ==, "link.cfg new.cfg new.cfg.bak");
}

static void
test_reload (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *path = copy_sample (f, "debian10.cfg");
  g_autoptr(DomusXlConfig) config = load (path);
  g_autoptr(GError) error = NULL;

  domus_xl_config_set_int (config, "memory", 4096);
  write_file (path, "name = 'debian10'\nmemory = 2048\n");
  g_assert_true (domus_xl_config_reload (config, &error));
  g_assert_no_error (error);
  assert_int (config, "memory", 2048);
  g_assert_false (domus_xl_config_has_key (config, "vcpus"));

  /* Reloaded, it saves without a conflict. */
  domus_xl_config_set_int (config, "vcpus", 1);
  g_assert_true (domus_xl_config_save (config, NULL, FALSE, &error));
  g_assert_no_error (error);

  /* A broken file on disk changes nothing. */
  write_file (path, "memory = 12ab\n");
  g_assert_false (domus_xl_config_reload (config, &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE);
  g_assert_cmpstr (error->message, ==, "debian10.cfg:1: “12ab” is not a number");
  assert_int (config, "memory", 2048);
  assert_int (config, "vcpus", 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_assert_nonnull (g_getenv ("DOMUS_TEST_DATA"));

#define ADD_FIXTURE_TEST(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  g_test_add_func ("/xl-config/read/hvm", test_read_hvm);
  g_test_add_func ("/xl-config/read/pv", test_read_pv);
  g_test_add_func ("/xl-config/read/xen-tools", test_read_xen_tools);
  g_test_add_func ("/xl-config/read/syntax", test_read_syntax);
  ADD_FIXTURE_TEST ("/xl-config/round-trip", test_round_trip);
  g_test_add_func ("/xl-config/edit/lab", test_edit_lab);
  g_test_add_func ("/xl-config/edit/exact", test_edit_exact);
  g_test_add_func ("/xl-config/edit/append", test_edit_append);
  g_test_add_func ("/xl-config/edit/chain", test_edit_chain);
  g_test_add_func ("/xl-config/edit/quoting", test_edit_quoting);
  g_test_add_func ("/xl-config/edit/remove", test_edit_remove);
  ADD_FIXTURE_TEST ("/xl-config/broken/files", test_broken_files);
  g_test_add_func ("/xl-config/broken/data", test_broken_data);
  g_test_add_func ("/xl-config/limits/nesting", test_nesting);
  ADD_FIXTURE_TEST ("/xl-config/limits/files", test_file_limits);
  ADD_FIXTURE_TEST ("/xl-config/broken/not-found", test_not_found);
  ADD_FIXTURE_TEST ("/xl-config/save/atomic", test_save_atomic);
  ADD_FIXTURE_TEST ("/xl-config/save/backup-and-mode", test_save_backup_and_mode);
  ADD_FIXTURE_TEST ("/xl-config/save/conflict", test_save_conflict);
  ADD_FIXTURE_TEST ("/xl-config/save/as", test_save_as);
  ADD_FIXTURE_TEST ("/xl-config/reload", test_reload);

  return g_test_run ();
}
