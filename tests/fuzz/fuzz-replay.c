/* fuzz-replay.c: a harness as a plain test, without libFuzzer
 *
 *   fuzz-replay-NAME DIR...
 *
 * Runs the harness over every file in each DIR (its seed corpus, its crash
 * regressions; a missing DIR is skipped), in name order, and says which it
 * ran: a crash or a failed check ends the run, naming the file last tried.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-common.h"

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

int
main (int   argc,
      char *argv[])
{
  guint n_run = 0;

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GDir) dir = NULL;
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GError) error = NULL;
      const char *name;

      if (!(dir = g_dir_open (argv[i], 0, &error)))
        {
          if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
            {
              fprintf (stderr, "%s\n", error->message);
              return EXIT_FAILURE;
            }
          printf ("# %s: none\n", argv[i]);
          continue;
        }
      while ((name = g_dir_read_name (dir)) != NULL)
        if (name[0] != '.')
          g_ptr_array_add (names, g_build_filename (argv[i], name, NULL));
      g_ptr_array_sort (names, compare_names);

      for (guint j = 0; j < names->len; j++)
        {
          const char *path = g_ptr_array_index (names, j);
          g_autofree char *contents = NULL;
          gsize length;

          if (!g_file_get_contents (path, &contents, &length, &error))
            {
              fprintf (stderr, "%s\n", error->message);
              return EXIT_FAILURE;
            }
          printf ("# %s\n", path);
          fflush (stdout);
          LLVMFuzzerTestOneInput ((const uint8_t *) contents, length);
          n_run++;
        }
    }
  printf ("# %u inputs, none crashed\n", n_run);
  return EXIT_SUCCESS;
}
