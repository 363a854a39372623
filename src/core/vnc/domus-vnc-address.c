/* domus-vnc-address.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-vnc-address"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "domus-error.h"
#include "domus-vnc-address.h"

#define MAX_HOST 253      /* a DNS name's longest */
#define MAX_QUOTED 64     /* of an address quoted in an error */

static gboolean
host_is_valid (const char *host,
               gsize       length,
               gboolean    bracketed)
{
  gboolean has_colon = memchr (host, ':', length) != NULL;

  if (length > MAX_HOST || (bracketed && (length == 0 || !has_colon)))
    return FALSE;
  for (gsize i = 0; i < length; i++)
    {
      char c = host[i];

      if (!g_ascii_isalnum (c) && c != '.' && c != '-' && c != '_'
          && !(has_colon && (c == ':' || c == '%')))
        return FALSE;
    }
  return TRUE;
}

static void
set_invalid (GError     **error,
             const char  *address)
{
  /* Quoted as it can be read: escaped, and not too long. */
  g_autofree char *escaped = g_strescape (address, NULL);

  if (strlen (escaped) > MAX_QUOTED)
    strcpy (escaped + MAX_QUOTED - strlen ("…"), "…");
  g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
               _("“%s” is not a VNC address: give HOST:PORT"), escaped);
}

gboolean
domus_vnc_address_parse (const char  *address,
                         char       **host,
                         guint       *port,
                         GError     **error)
{
  const char *colon;
  const char *start = address;
  gsize length;
  guint64 number;

  g_return_val_if_fail (address != NULL, FALSE);
  g_return_val_if_fail (host != NULL && port != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  colon = strrchr (address, ':');
  if (colon == NULL || !g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &number, NULL))
    {
      set_invalid (error, address);
      return FALSE;
    }
  length = (gsize) (colon - address);
  if (length > 0 && address[0] == '[')
    {
      /* "[" host "]" ":" port, and nothing else */
      if (length < 2 || address[length - 1] != ']')
        {
          set_invalid (error, address);
          return FALSE;
        }
      start = address + 1;
      length -= 2;
      if (!host_is_valid (start, length, TRUE))
        {
          set_invalid (error, address);
          return FALSE;
        }
    }
  else if (!host_is_valid (start, length, FALSE))
    {
      set_invalid (error, address);
      return FALSE;
    }

  *host = g_strndup (start, length);
  if (**host == '\0' || g_str_equal (*host, "0.0.0.0") || g_str_equal (*host, "::"))
    {
      g_free (*host);
      *host = g_strdup ("127.0.0.1");
    }
  *port = number < 100 ? 5900 + (guint) number : (guint) number;
  return TRUE;
}

GSocketConnectable *
domus_vnc_address_to_connectable (const char  *address,
                                  char       **where,
                                  GError     **error)
{
  g_autofree char *host = NULL;
  guint port;

  if (!domus_vnc_address_parse (address, &host, &port, error))
    return NULL;
  if (where != NULL)
    *where = g_strdup_printf (strchr (host, ':') != NULL ? "[%s]:%u" : "%s:%u", host, port);
  return g_network_address_new (host, (guint16) port);
}
