/* domus-bench-spec.h: what a benchmark runs, read from JSON
 *
 *   {"name": "create-destroy", "kind": "lifecycle",
 *    "lifecycle": {"config": "debian10.cfg", "memory_mib": [1024, 2048],
 *                  "domains": 3, "repetitions": 5}}
 *
 * A lifecycle benchmark creates @domains domains from the xl config, one
 * after the other, then destroys them, for each memory size, @repetitions
 * times, timing every step. Relative config paths are read from the
 * spec's own folder.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char    *name;
  char    *config;        /* an xl config file, absolute */
  GArray  *memory_mib;    /* guint64; empty: the config's own */
  guint    domains;
  guint    repetitions;
} DomusBenchSpec;

DomusBenchSpec *domus_bench_spec_new_from_file (const char      *path,
                                                GError         **error);
DomusBenchSpec *domus_bench_spec_new_from_data (const char      *json,
                                                const char      *base_dir,
                                                GError         **error);
void            domus_bench_spec_free          (DomusBenchSpec  *spec);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DomusBenchSpec, domus_bench_spec_free)

G_END_DECLS
