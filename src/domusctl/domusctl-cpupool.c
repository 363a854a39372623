/* domusctl-cpupool.c: cpupool-list, as xl cpupool-list prints it
 *
 * The changes to pools (cpupool-create, -destroy, -cpu-add, -cpu-remove,
 * -migrate) are requests, run by domusctl-request.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domusctl"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "domusctl-private.h"

/* xl's -c list: every pCPU, "0,1,2,3", not ranges. */
static void
append_cpus (GString      *out,
             DomusCpupool *pool)
{
  guint64 cpus = domus_cpupool_get_cpus (pool);
  gboolean first = TRUE;

  for (guint cpu = 0; cpu < 64; cpu++)
    if (cpus & (G_GUINT64_CONSTANT (1) << cpu))
      {
        g_string_append_printf (out, "%s%u", first ? "" : ",", cpu);
        first = FALSE;
      }
}

int
cmd_cpupool_list (DomusHost  *host,
                  int         argc,
                  char      **argv)
{
  GListModel *pools = domus_host_get_cpupools (host);
  g_autoptr(GString) out = g_string_new (NULL);
  const char *only = NULL;
  gboolean cpus = FALSE;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "-c") || g_str_equal (argv[i], "--cpus"))
        cpus = TRUE;
      else if (argv[i][0] == '-' || only != NULL)
        {
          g_printerr (_("domusctl cpupool-list: usage: cpupool-list [-c|--cpus] [POOL]\n"));
          return EXIT_FAILURE;
        }
      else
        only = argv[i];
    }
  if (only != NULL && domus_host_lookup_cpupool_by_name (host, only) == NULL)
    {
      g_printerr (_("domusctl cpupool-list: there is no cpupool named “%s”\n"), only);
      return EXIT_FAILURE;
    }

  /* Columns as xl's, which scripts read. */
  domusctl_append_padded (out, C_("domusctl column", "Name"), 19, TRUE);
  g_string_append_printf (out, "%s\n", cpus ? C_("domusctl column", "CPU list")
                                            : C_("domusctl columns", "CPUs   Sched     Active   Domain count"));
  for (guint i = 0; i < g_list_model_get_n_items (pools); i++)
    {
      g_autoptr(DomusCpupool) pool = g_list_model_get_item (pools, i);

      if (only != NULL && g_strcmp0 (domus_cpupool_get_name (pool), only) != 0)
        continue;
      domusctl_append_padded (out, domus_cpupool_get_name (pool), 19, TRUE);
      if (cpus)
        append_cpus (out, pool);
      else
        g_string_append_printf (out, "%3u %9s       y       %4u", domus_cpupool_get_n_cpus (pool),
                                domus_scheduler_to_string (domus_cpupool_get_scheduler (pool)),
                                domus_cpupool_get_n_domains (pool));
      g_string_append_c (out, '\n');
    }
  g_print ("%s", out->str);
  return EXIT_SUCCESS;
}
