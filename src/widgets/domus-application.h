/* domus-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DOMUS_TYPE_APPLICATION (domus_application_get_type ())
G_DECLARE_FINAL_TYPE (DomusApplication, domus_application, DOMUS, APPLICATION, AdwApplication)

DomusApplication *domus_application_new (void);

G_END_DECLS
