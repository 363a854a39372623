/* fuzz-xl-config.c: xl domain configuration files
 *
 * Parses the input as an xl config. One that parses must:
 *  - be written back byte for byte as read;
 *  - read back from that text with the same keys and values;
 *  - take edits (each key set again to its own value, one key set to a
 *    string from the input, one removed) that the parser reads back as
 *    the values set.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "xlcfg/domus-xl-config.h"
#include "fuzz-common.h"

/* Every key and what each getter makes of it, as one text to compare. */
static char *
describe (DomusXlConfig *config)
{
  g_auto(GStrv) keys = domus_xl_config_get_keys (config);
  GString *out = g_string_new (NULL);

  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autofree char *string = NULL;
      g_auto(GStrv) list = NULL;
      gint64 number;

      fuzz_check (domus_xl_config_has_key (config, keys[i]));
      g_string_append_printf (out, "%s:", keys[i]);
      if (domus_xl_config_get_string (config, keys[i], &string))
        g_string_append_printf (out, " string %zu '%s'", strlen (string), string);
      if (domus_xl_config_get_int (config, keys[i], &number))
        g_string_append_printf (out, " int %" G_GINT64_FORMAT, number);
      if ((list = domus_xl_config_get_list (config, keys[i])) != NULL)
        {
          g_string_append_printf (out, " list %u", g_strv_length (list));
          for (guint j = 0; list[j] != NULL; j++)
            g_string_append_printf (out, " %zu '%s'", strlen (list[j]), list[j]);
        }
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

/* @config's text parses again into the same keys and values. */
static void
check_reads_back (DomusXlConfig *config)
{
  g_autofree char *text = domus_xl_config_to_data (config);
  g_autoptr(DomusXlConfig) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  again = domus_xl_config_new_from_data (text, "again.cfg", &error);
  if (again == NULL)
    g_printerr ("%s\n---\n%s\n---\n", error->message, text);
  fuzz_check (again != NULL);
  before = describe (config);
  after = describe (again);
  if (strcmp (before, after) != 0)
    g_printerr ("before:\n%s\nafter:\n%s\n", before, after);
  fuzz_check (strcmp (before, after) == 0);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autofree char *written = NULL;
  g_autoptr(DomusXlConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) keys = NULL;
  /* A string from the input's last bytes, to set (without NULs). */
  g_autofree char *chosen = g_strndup ((const char *) data + size - MIN (size, 24), MIN (size, 24));

  fuzz_init ();

  config = domus_xl_config_new_from_data (text, "fuzz.cfg", &error);
  fuzz_check ((config == NULL) == (error != NULL));
  if (config == NULL)
    return 0;

  written = domus_xl_config_to_data (config);
  fuzz_check (strcmp (written, text) == 0);
  check_reads_back (config);

  keys = domus_xl_config_get_keys (config);
  for (guint i = 0; keys[i] != NULL && i < 16; i++)
    {
      g_autofree char *string = NULL;
      g_autofree char *string_back = NULL;
      g_auto(GStrv) list = NULL;
      g_auto(GStrv) list_back = NULL;
      gint64 number, number_back;

      if ((list = domus_xl_config_get_list (config, keys[i])) != NULL)
        {
          domus_xl_config_set_list (config, keys[i], (const char * const *) list);
          list_back = domus_xl_config_get_list (config, keys[i]);
          fuzz_check (list_back != NULL && g_strv_equal ((const char * const *) list,
                                                         (const char * const *) list_back));
        }
      else if (domus_xl_config_get_int (config, keys[i], &number))
        {
          domus_xl_config_set_int (config, keys[i], number);
          fuzz_check (domus_xl_config_get_int (config, keys[i], &number_back));
          fuzz_check (number == number_back);
        }
      else if (domus_xl_config_get_string (config, keys[i], &string))
        {
          domus_xl_config_set_string (config, keys[i], string);
          fuzz_check (domus_xl_config_get_string (config, keys[i], &string_back));
          fuzz_check (strcmp (string, string_back) == 0);
        }
    }
  check_reads_back (config);

  if (keys[0] != NULL)
    {
      g_autofree char *back = NULL;

      domus_xl_config_set_string (config, keys[0], chosen);
      fuzz_check (domus_xl_config_get_string (config, keys[0], &back));
      fuzz_check (strcmp (back, chosen) == 0);
      check_reads_back (config);

      if (keys[1] != NULL)
        {
          fuzz_check (domus_xl_config_remove_key (config, keys[1]));
          fuzz_check (!domus_xl_config_has_key (config, keys[1]));
          check_reads_back (config);
        }
    }
  return 0;
}
