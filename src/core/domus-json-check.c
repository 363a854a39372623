/* domus-json-check.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-json-check"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "domus-error.h"
#include "domus-json-check.h"

gboolean
domus_json_fail (GError     **error,
                 const char  *key,
                 const char  *format,
                 ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* TRANSLATORS: a key of a file, such as "domains[1].weight", then why it is refused */
  g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE, _("%s: %s"), key, message);
  return FALSE;
}

gboolean
domus_json_check_members (JsonObject         *object,
                          const char         *where,
                          const char * const *known,
                          GError            **error)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (known, l->data))
      {
        g_autofree char *key = where[0] ? g_strdup_printf ("%s.%s", where, (char *) l->data)
                                        : g_strdup (l->data);
        return domus_json_fail (error, key, _("unknown key"));
      }
  return TRUE;
}
