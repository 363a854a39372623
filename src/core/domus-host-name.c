/* domus-host-name.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-host-name"

#include "config.h"

#include <arpa/inet.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "domus-error.h"
#include "domus-host-name.h"

#define MAX_USER_LEN  32   /* as useradd(8) */
#define MAX_NAME_LEN  253  /* RFC 1035, 2.3.4, without the trailing dot */
#define MAX_LABEL_LEN 63

/* A POSIX-style login name: letters, digits, ".", "_" and "-", not first "-". */
static gboolean
is_user (const char *user,
         gsize       len)
{
  if (len == 0 || len > MAX_USER_LEN || user[0] == '-')
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (user[i]) && strchr ("._-", user[i]) == NULL)
      return FALSE;
  return TRUE;
}

/* RFC 1123, 2.1: dot-separated labels of letters, digits and "-", neither
 * first nor last in a label; one trailing dot (a fully qualified name). */
static gboolean
is_rfc1123_name (const char *name)
{
  gsize len = strlen (name);
  gsize label = 0;

  if (len > 0 && name[len - 1] == '.')
    len--;
  if (len == 0 || len > MAX_NAME_LEN)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if (name[i] == '.')
        {
          if (label == 0 || name[i - 1] == '-')
            return FALSE;
          label = 0;
        }
      else if (g_ascii_isalnum (name[i]) || (name[i] == '-' && label > 0))
        {
          if (++label > MAX_LABEL_LEN)
            return FALSE;
        }
      else
        return FALSE;
    }
  return name[len - 1] != '-';
}

static gboolean
is_address (int         family,
            const char *text)
{
  guint8 buffer[16];

  return inet_pton (family, text, buffer) == 1;
}

static gboolean
is_host (const char *host)
{
  gsize len = strlen (host);

  if (host[0] == '[')
    {
      g_autofree char *inner = NULL;

      if (len < 3 || host[len - 1] != ']')
        return FALSE;
      inner = g_strndup (host + 1, len - 2);
      return is_address (AF_INET6, inner);
    }
  if (strchr (host, ':') != NULL)
    return is_address (AF_INET6, host);
  return is_address (AF_INET, host) || is_rfc1123_name (host);
}

/* @text for a message: valid UTF-8, control characters as \n, \t, \x1b. */
static char *
printable (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  GString *shown = g_string_new (NULL);

  for (const char *p = valid; *p != '\0'; p++)
    if (*p == '\n')
      g_string_append (shown, "\\n");
    else if (*p == '\t')
      g_string_append (shown, "\\t");
    else if ((guchar) *p < 0x20 || *p == 0x7f)
      g_string_append_printf (shown, "\\x%02x", (guchar) *p);
    else
      g_string_append_c (shown, *p);
  return g_string_free (shown, FALSE);
}

gboolean
domus_host_name_check (const char  *host,
                       GError     **error)
{
  const char *at;
  g_autofree char *shown = NULL;

  g_return_val_if_fail (host != NULL, FALSE);

  at = strchr (host, '@');
  if (at == NULL ? is_host (host) : is_user (host, (gsize) (at - host)) && is_host (at + 1))
    return TRUE;

  shown = printable (host);
  g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
               _("“%s” is not a host name or address: give a name such as lab2.example.org, "
                 "an IPv4 or IPv6 address, optionally after user@"),
               shown);
  return FALSE;
}
