/* domus-limits.h: how much Domus reads from a file or a document from outside
 *
 * Scenes, xl configs, benchmark specs and results, save files, command
 * files and what an agent on another host sends may come from anyone. Everything Domus reads from them is bounded by
 * these limits, which docs/scenes.md, docs/benchmarks.md and the README state;
 * a file or a text beyond one is refused with an error that names the limit
 * (DOMUS_ERROR_TOO_LARGE).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Lists (and JSON objects) inside one another: xl configs, JSON documents. */
#define DOMUS_MAX_NESTING             64

/* Whole files, in bytes. */
#define DOMUS_MAX_XL_CONFIG_SIZE      (1024 * 1024)
#define DOMUS_MAX_SCENE_SIZE          (4 * 1024 * 1024)
#define DOMUS_MAX_BENCH_SPEC_SIZE     (1024 * 1024)
#define DOMUS_MAX_COMMAND_FILE_SIZE   (1024 * 1024)   /* domusctl --apply */
#define DOMUS_MAX_SIM_SAVE_SIZE       (1024 * 1024)   /* a domain saved by the simulated host */
#define DOMUS_MAX_XL_SAVE_CONFIG_SIZE (16 * 1024 * 1024) /* the JSON in an xl save file */

/* Text pasted as keystrokes on a guest's screen, in bytes: 64 KiB is a
 * long script, typed in a few seconds. */
#define DOMUS_MAX_PASTE_SIZE          (64 * 1024)

/* Xen's log from domus-agent, in bytes: Xen's console ring is 16 KiB by
 * default and rarely set past a few MiB (conring_size=). */
#define DOMUS_MAX_XEN_LOG_SIZE        (16 * 1024 * 1024)
/* cpupools in the host's facts from domus-agent: one per pCPU at most. */
#define DOMUS_MAX_CPUPOOLS            4096
/* LVM volume groups and logical volumes an agent may report. */
#define DOMUS_MAX_VOLUMES             65536
/* Files listed in an image folder (ReadImages), and the folders below it
 * looked into: DOMUS_IMAGE_FOLDER_DEPTH levels (xen-create-image's
 * /xen/domains/NAME/disk.img is 3). */
#define DOMUS_MAX_IMAGES              4096
#define DOMUS_IMAGE_FOLDER_DEPTH      3
/* PCI devices a host may report (ReadPci): 256 buses of 32 devices of 8 functions at most, per segment. */
#define DOMUS_MAX_PCI_DEVICES         65536

/* A benchmark results file has any number of lines, each at most this long. */
#define DOMUS_MAX_BENCH_RESULT_LINE   (1024 * 1024)

/* A sample from domus-agent: Xen's bounds (DOMID_FIRST_RESERVED domains;
 * a PV domain may have more vCPUs than HVM_MAX_VCPUS, 128; pCPUs as a
 * large NR_CPUS). */
#define DOMUS_MAX_HOST_DOMAINS        32752
#define DOMUS_MAX_DOMAIN_VCPUS        512
#define DOMUS_MAX_DOMAIN_IO_DEVICES   1024  /* vifs and vbds of a domain, from an agent */
#define DOMUS_MAX_HOST_PCPUS          4096

G_END_DECLS
