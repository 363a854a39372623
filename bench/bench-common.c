/* bench-common.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <time.h>

#include "bench-common.h"

const char * const bench_mixed_workloads[] = {
  "{\"kind\": \"bursty\", \"busy_vcpus\": 8, \"duty\": 0.1, \"period_ms\": 100}",
  "{\"kind\": \"cpu\", \"busy_vcpus\": 2}",
  NULL
};

char *
bench_scene_json (guint               n_domains,
                  guint               vcpus,
                  const char * const *workloads)
{
  GString *json = g_string_new (NULL);
  guint n_workloads = g_strv_length ((char **) workloads);

  g_assert (n_workloads > 0);
  g_string_append_printf (json, "{\"host\": {\"pcpus\": 32, \"memory_mib\": %u}, \"domains\": [",
                          (n_domains + 8) * 256);
  for (guint i = 0; i < n_domains; i++)
    g_string_append_printf (json,
                            "%s{\"name\": \"dom%u\", \"vcpus\": %u, \"memory_mib\": 256,"
                            " \"workload\": %s}",
                            i ? "," : "", i, vcpus, workloads[i % n_workloads]);
  g_string_append (json, "]}");
  return g_string_free (json, FALSE);
}

DomusScene *
bench_scene_new (guint               n_domains,
                 const char * const *workloads)
{
  g_autofree char *json = bench_scene_json (n_domains, 8, workloads);
  g_autoptr(GError) error = NULL;
  DomusScene *scene;

  scene = domus_scene_new_from_data (json, -1, &error);
  g_assert_no_error (error);
  return scene;
}

void
bench_scene_add_io (DomusScene *scene)
{
  for (guint i = 1; i < scene->domains->len; i++)
    {
      DomusSceneDomain *domain = g_ptr_array_index (scene->domains, i);
      DomusSceneDevice vif = { DOMUS_IO_KIND_NET, 0, 800, 100, 1500, 0.1, 0, 0 };
      DomusSceneDevice vbd = { DOMUS_IO_KIND_DISK, 51712, 300, 200, 64 * 1024, 0, 0, 0.1 };

      domain->io.devices = g_array_new (FALSE, TRUE, sizeof (DomusSceneDevice));
      g_array_append_val (domain->io.devices, vif);
      g_array_append_val (domain->io.devices, vbd);
    }
}

double
bench_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

long
bench_status_kib (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL)
      || !(line = strstr (status, field)))
    return -1;
  return atol (line + strlen (field) + 1);
}

gboolean
bench_check_flat (const char *before_label,
                  long        before_kib,
                  const char *after_label,
                  long        after_kib,
                  double      limit_percent)
{
  double change = 100.0 * (after_kib - before_kib) / before_kib;
  gboolean flat = before_kib > 0 && after_kib > 0 && ABS (change) < limit_percent;

  g_print ("RSS %s %.1f MiB, %s %.1f MiB: %+.2f %% (limit ±%g %%): %s\n",
           before_label, before_kib / 1024.0, after_label, after_kib / 1024.0,
           change, limit_percent, flat ? "flat" : "NOT FLAT");
  return flat;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

double
bench_percentile (GArray *values,
                  guint   percent)
{
  g_assert (values->len > 0 && percent <= 100);
  g_array_sort (values, compare_double);
  return g_array_index (values, double, MIN (values->len * percent / 100, values->len - 1));
}
