/* fuzz-command-file.c: domusctl's command files (--apply)
 *
 * Parses the input as a command file, then each command it holds as
 * domusctl would when its time comes, against the simulated lab host (the
 * requests are made, not sent: a fuzzer must not save or create files).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "domus-command.h"
#include "sim/domus-scene.h"
#include "sim/domus-sim-host.h"
#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static DomusHost *host = NULL;
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GError) error = NULL;

  fuzz_init ();
  if (host == NULL)
    {
      g_autoptr(DomusScene) scene = domus_scene_new_default ();
      g_autoptr(DomusClock) clock = domus_clock_new_manual ();

      host = domus_sim_host_new (scene, clock);
    }

  lines = domus_command_parse_file (text, "fuzz.commands", &error);
  fuzz_check ((lines == NULL) == (error != NULL));
  if (lines == NULL)
    return 0;

  for (guint i = 0; i < lines->len; i++)
    {
      const DomusCommandLine *line = g_ptr_array_index (lines, i);
      g_autoptr(DomusRequest) request = NULL;
      g_autoptr(GError) parse_error = NULL;
      DomusDomain *query = NULL;

      fuzz_check (line->where != NULL && line->argv != NULL && line->argv[0] != NULL);
      fuzz_check (domus_command_exists (line->argv[0]));
      request = domus_command_parse (host, (const char * const *) line->argv, &query, &parse_error);
      fuzz_check (request == NULL || (query == NULL && parse_error == NULL));
      fuzz_check (request != NULL || query != NULL || parse_error != NULL);
    }
  return 0;
}
