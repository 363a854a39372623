/* domus-xl-config-private.h: test hooks of DomusXlConfig
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "domus-xl-config.h"

G_BEGIN_DECLS

/* While TRUE, every save fails (DOMUS_ERROR_FAILED) at the point where it
 * would rename the written temporary file over the target, taking the
 * same clean-up path as a failed rename. For tests only. */
void domus_xl_config_set_fail_before_rename_for_testing (gboolean fail);

G_END_DECLS
