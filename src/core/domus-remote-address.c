/* domus-remote-address.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-remote-address"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <unistd.h>

#include "domus-error.h"
#include "domus-remote-address.h"

/* On the other host: the agent where Domus installs it, or on the PATH. A
 * host without one says so, with the status a shell gives a command it
 * cannot find. */
#define FIND_AGENT \
  "for a in domus-agent /usr/libexec/domus-agent /usr/local/libexec/domus-agent; do " \
  "if command -v \"$a\" >/dev/null 2>&1; then exec \"$a\" --stdio \"$@\"; fi; done; " \
  "echo 'domus-agent: not installed on this host' >&2; exit 127"

static void
invalid (GError     **error,
         const char  *text)
{
  g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
               _("“%s” is not a host to connect to: give “local” or “ssh://[user@]host[:port]”"), text);
}

DomusRemoteAddress *
domus_remote_address_parse (const char  *text,
                            GError     **error)
{
  g_autoptr(DomusRemoteAddress) address = g_new0 (DomusRemoteAddress, 1);
  g_autoptr(GUri) uri = NULL;
  const char *query;

  g_return_val_if_fail (text != NULL, NULL);

  if (g_str_equal (text, "local"))
    {
      address->kind = DOMUS_REMOTE_LOCAL;
      return g_steal_pointer (&address);
    }

  uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_strcmp0 (g_uri_get_scheme (uri), "ssh") != 0 || g_uri_get_host (uri) == NULL
      || g_uri_get_host (uri)[0] == '\0' || g_uri_get_host (uri)[0] == '-'
      || (g_uri_get_path (uri)[0] != '\0' && !g_str_equal (g_uri_get_path (uri), "/"))
      || g_uri_get_port (uri) == 0 || (g_uri_get_user (uri) != NULL && g_uri_get_user (uri)[0] == '-'))
    {
      invalid (error, text);
      return NULL;
    }

  address->kind = DOMUS_REMOTE_SSH;
  address->host = g_strdup (g_uri_get_host (uri));
  address->port = g_uri_get_port (uri) > 0 ? (guint) g_uri_get_port (uri) : 0;
  address->destination = g_uri_get_user (uri) != NULL
                         ? g_strdup_printf ("%s@%s", g_uri_get_user (uri), address->host)
                         : g_strdup (address->host);
  if ((query = g_uri_get_query (uri)) != NULL)
    {
      g_autoptr(GHashTable) params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL);
      const char *agent = params != NULL ? g_hash_table_lookup (params, "agent") : NULL;

      if (params == NULL || g_hash_table_size (params) != 1 || agent == NULL || agent[0] != '/')
        {
          invalid (error, text);
          return NULL;
        }
      address->agent = g_strdup (agent);
    }
  return g_steal_pointer (&address);
}

DomusRemoteAddress *
domus_remote_address_copy (const DomusRemoteAddress *address)
{
  DomusRemoteAddress *copy = g_memdup2 (address, sizeof *address);

  copy->destination = g_strdup (address->destination);
  copy->host = g_strdup (address->host);
  copy->agent = g_strdup (address->agent);
  return copy;
}

void
domus_remote_address_free (DomusRemoteAddress *address)
{
  if (address == NULL)
    return;
  g_free (address->destination);
  g_free (address->host);
  g_free (address->agent);
  g_free (address);
}

static GStrv
local_argv (void)
{
  g_autoptr(GStrvBuilder) argv = g_strv_builder_new ();
  const char *agent = g_getenv ("DOMUS_AGENT");

  /* The window never runs as root: the agent does, through polkit. */
  if (geteuid () != 0)
    g_strv_builder_add (argv, "pkexec");
  g_strv_builder_add (argv, agent != NULL ? agent : AGENT_PATH);
  g_strv_builder_add (argv, "--stdio");
  return g_strv_builder_end (argv);
}

static GStrv
ssh_argv (const DomusRemoteAddress *address)
{
  g_autoptr(GStrvBuilder) argv = g_strv_builder_new ();
  g_auto(GStrv) ssh = NULL;
  g_autofree char *port = NULL;
  g_autofree char *remote = NULL;

  if (g_getenv ("DOMUS_SSH") != NULL && g_shell_parse_argv (g_getenv ("DOMUS_SSH"), NULL, &ssh, NULL))
    g_strv_builder_addv (argv, (const char **) ssh);
  else
    g_strv_builder_add (argv, "ssh");
  /* No terminal there: the connection is the agent's standard streams. */
  g_strv_builder_add (argv, "-T");
  if (address->port != 0)
    {
      port = g_strdup_printf ("%u", address->port);
      g_strv_builder_add_many (argv, "-p", port, NULL);
    }
  g_strv_builder_add_many (argv, "--", address->destination, NULL);
  if (address->agent != NULL)
    {
      g_autofree char *quoted = g_shell_quote (address->agent);

      remote = g_strdup_printf ("exec %s --stdio", quoted);
    }
  else
    {
      g_autofree char *quoted = g_shell_quote (FIND_AGENT);

      /* "sh" is $0: options added after it (--framed) go to the agent. */
      remote = g_strdup_printf ("exec sh -c %s sh", quoted);
    }
  g_strv_builder_add (argv, remote);
  return g_strv_builder_end (argv);
}

GStrv
domus_remote_address_get_argv (const DomusRemoteAddress *address)
{
  g_return_val_if_fail (address != NULL, NULL);

  return address->kind == DOMUS_REMOTE_LOCAL ? local_argv () : ssh_argv (address);
}
