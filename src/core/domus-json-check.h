/* domus-json-check.h: refusing bad JSON files with the key named
 *
 * Scene and benchmark files say what is wrong as "KEY: reason", such as
 * "domains[1].weight: 70000 is out of range (1 to 65535)".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Sets a DOMUS_ERROR_PARSE "KEY: reason" error; returns FALSE. */
gboolean domus_json_fail          (GError             **error,
                                   const char          *key,
                                   const char          *format,
                                   ...) G_GNUC_PRINTF (3, 4);
/* Refuses a member of @object not in @known, naming it under @where. */
gboolean domus_json_check_members (JsonObject          *object,
                                   const char          *where,
                                   const char * const  *known,
                                   GError             **error);

G_END_DECLS
