/* domus-xl-settings.h: a domain's live settings, written into its xl config
 *
 * "Keep after reboot": what was tuned live (weight, cap, vCPUs, pinning,
 * memory) goes into the domain's xl config file, every other line and
 * comment kept, so that `xl create` starts it the same way next time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "domus-domain.h"
#include "domus-host.h"
#include "domus-xl-config.h"

G_BEGIN_DECLS

/* Sets cpu_weight, cap, vcpus, maxvcpus, memory, maxmem and cpus in
 * @config from @domain (memory is its balloon target). Nothing is saved. */
void domus_xl_config_set_domain_settings (DomusXlConfig *config,
                                          DomusDomain   *domain);

/* Sets pool in @config to the cpupool @domain runs in on @host, so that
 * it is created there again; leaves a config without pool alone while
 * the domain is in Pool-0 (xl's default). Nothing is saved. */
void domus_xl_config_set_domain_pool     (DomusXlConfig *config,
                                          DomusHost     *host,
                                          DomusDomain   *domain);

G_END_DECLS
