/* domus-json-check.h: reading JSON from outside, and refusing bad files with the key named
 *
 * Scene and benchmark files say what is wrong as "KEY: reason", such as
 * "domains[1].weight: 70000 is out of range (1 to 65535)".
 *
 * Every JSON text from outside goes through domus_json_parse(), which bounds
 * it before json-glib sees it: json-glib recurses once per level of nesting
 * with no limit of its own, and accepts comments and single quotes in ways
 * that would hide nesting from a simpler check.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Loads @text (@length bytes, or up to its NUL when -1) into @parser if it is
 * standard JSON (RFC 8259: no comments, strings in double quotes, escapes
 * that make whole characters) of at most @max_length bytes, nested at most
 * DOMUS_MAX_NESTING deep. Errors are DOMUS_ERROR_TOO_LARGE past a limit and
 * DOMUS_ERROR_PARSE otherwise, with a message that says where. */
gboolean domus_json_parse         (JsonParser          *parser,
                                   const char          *text,
                                   gssize               length,
                                   gsize                max_length,
                                   GError             **error);

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
