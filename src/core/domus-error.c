/* domus-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "domus-error.h"

G_DEFINE_QUARK (domus-error-quark, domus_error)
