/* domusctl-request.c: the commands that are one request to the host, as xl runs them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domusctl"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "domus-command.h"
#include "domus-installer.h"

#include "domusctl-private.h"

/* Requests: run one on the host's main loop, as xl does, and wait. */


static void
request_progress_cb (double   fraction,
                     gpointer data)
{
  RequestState *state = data;

  g_printerr ("\r%s: %3.0f %%", state->what, fraction * 100);
  if (fraction >= 1.0)
    g_printerr ("\n");
}

/* What domusctl runs for a parsed command (taking @request): the request,
 * but for cd-eject the installer eject, drive and config file, as the
 * window's "Eject Installer" does. */
void
domusctl_run_request_async (DomusHost           *host,
                            DomusRequest        *request,
                            GAsyncReadyCallback  callback,
                            gpointer             data)
{
  if (request->kind == DOMUS_REQUEST_EJECT)
    {
      domus_installer_eject_async (host, domus_host_lookup_domain_by_id (host, request->domid),
                                   request->target, NULL, callback, data);
      domus_request_free (request);
    }
  else
    domus_host_request_async (host, request, NULL, callback, data);
}

/* Its end: FALSE with @error; prints what an eject did. */
gboolean
domusctl_run_request_finish (DomusHost     *host,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_autofree char *message = NULL;

  if (!g_async_result_is_tagged (result, domus_installer_eject_async))
    return domus_host_request_finish (host, result, error) >= 0;
  if ((message = domus_installer_eject_finish (host, result, error)) == NULL)
    return FALSE;
  g_print ("%s\n", message);
  return TRUE;
}

static void
request_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  RequestState *state = data;

  domusctl_run_request_finish (DOMUS_HOST (source), result, &state->error);
  state->done = TRUE;
  g_main_loop_quit (state->loop);
}

void
domusctl_print_sched (DomusDomain *domain)
{
  g_print ("%-32s %5s %6s %6s\n", C_("domusctl column", "Name"), C_("domusctl column", "ID"),
           C_("domusctl column", "Weight"), C_("domusctl column", "Cap"));
  g_print ("%-32s %5u %6d %6d\n", domus_domain_get_name (domain), domus_domain_get_id (domain),
           domus_domain_get_weight (domain), domus_domain_get_cap (domain));
}

int
cmd_request (DomusHost  *host,
             int         argc,
             char      **argv)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  DomusDomain *query = NULL;
  DomusRequest *request;
  RequestState state = { loop, NULL, FALSE, NULL };

  if (!(request = domus_command_parse (host, (const char * const *) argv, &query, &error)))
    {
      if (query != NULL)
        {
          domusctl_print_sched (query);
          return EXIT_SUCCESS;
        }
      g_printerr ("domusctl %s: %s\n", argv[0], error->message);
      return EXIT_FAILURE;
    }

  if (domus_request_kind_is_long (request->kind))
    {
      state.what = request->domain_name != NULL ? g_strdup_printf ("%s %s", argv[0], request->domain_name)
                                                : g_strdup_printf ("%s %s", argv[0], request->path);
      request->progress = request_progress_cb;
      request->progress_data = &state;
    }

  domusctl_run_request_async (host, request, request_done_cb, &state);
  while (!state.done)
    g_main_loop_run (loop);
  g_free (state.what);

  if (state.error != NULL)
    {
      g_printerr ("domusctl %s: %s\n", argv[0], state.error->message);
      g_error_free (state.error);
      return EXIT_FAILURE;
    }
  return EXIT_SUCCESS;
}
