/* fuzz-scene.c: scenes of the simulated host (JSON)
 *
 * Parses the input as a scene; a scene that parses has every domain but
 * Domain-0 written as a saved domain and read back, which must give the
 * same domain.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sim/domus-scene.h"
#include "fuzz-common.h"

static void
check_same_domain (const DomusSceneDomain *a,
                   const DomusSceneDomain *b)
{
  fuzz_check (g_strcmp0 (a->name, b->name) == 0);
  fuzz_check (a->type == b->type);
  fuzz_check (a->vcpus == b->vcpus);
  fuzz_check (a->maxvcpus == b->maxvcpus);
  fuzz_check (a->memory_mib == b->memory_mib);
  fuzz_check (a->maxmem_mib == b->maxmem_mib);
  fuzz_check (a->weight == b->weight);
  fuzz_check (a->cap == b->cap);
  fuzz_check (memcmp (a->affinity, b->affinity, a->maxvcpus * sizeof *a->affinity) == 0);
  fuzz_check (a->workload.kind == b->workload.kind);
  fuzz_check (a->busy_vcpus == b->busy_vcpus);
  if (a->workload.kind == DOMUS_WORKLOAD_BURSTY)
    {
      fuzz_check (a->workload.duty == b->workload.duty);
      fuzz_check (a->workload.period_ms == b->workload.period_ms);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(DomusScene) scene = NULL;
  g_autoptr(GError) error = NULL;

  fuzz_init ();

  scene = domus_scene_new_from_data ((const char *) data, (gssize) size, &error);
  fuzz_check ((scene == NULL) == (error != NULL));
  if (scene == NULL)
    return 0;

  fuzz_check (scene->domains->len >= 1);
  for (guint i = 1; i < scene->domains->len; i++)
    {
      const DomusSceneDomain *domain = g_ptr_array_index (scene->domains, i);
      g_autofree char *json = domus_scene_domain_to_json (domain, scene->pcpus);
      g_autoptr(DomusSceneDomain) back = NULL;
      g_autoptr(GError) back_error = NULL;

      back = domus_scene_domain_new_from_json (json, scene->pcpus, scene->memory_mib, &back_error);
      if (back == NULL)
        g_printerr ("%s\n%s\n", json, back_error->message);
      fuzz_check (back != NULL);
      check_same_domain (domain, back);
    }
  return 0;
}
