/* domusctl-info.c: `info` and `dmesg`: the host's facts and Xen's log, as xl info and xl dmesg
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domusctl"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <stdlib.h>

#include "domus-xen-log.h"
#include "domusctl-private.h"

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

int
cmd_info (DomusHost  *host,
          int         argc,
          char      **argv)
{
  gboolean json = FALSE;
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new (_("— print the host’s facts like xl info"));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(DomusHostInfo) info = NULL;
  g_autofree char *text = NULL;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("One JSON object, with xl info’s names"), NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_strict_posix (context, FALSE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("domusctl info: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (argc > 1)
    {
      g_printerr (_("Usage: domusctl info [--json]\n"));
      return EXIT_FAILURE;
    }

  domus_host_get_info_async (host, NULL, done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  if (!(info = domus_host_get_info_finish (host, result, &error)))
    {
      g_printerr ("domusctl: %s\n", error->message);
      return EXIT_FAILURE;
    }
  text = json ? domus_host_info_to_json (info) : domus_host_info_to_xl_text (info);
  g_print ("%s%s", text, json ? "\n" : "");
  return EXIT_SUCCESS;
}

typedef struct
{
  DomusXenLog *log;
  GMainLoop   *loop;
  gboolean     reading;
  int          iterations;   /* polls left, G_MAXINT for ever */
  int          status;
} Follow;

/* Writes Xen's bytes as they are, as xl dmesg does. */
static void
print_bytes (GBytes *bytes)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  fwrite (data, 1, size, stdout);
  fflush (stdout);
}

static void
follow_read_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Follow *follow = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) news = domus_xen_log_read_finish (DOMUS_XEN_LOG (source), result, &error);

  follow->reading = FALSE;
  if (news == NULL)
    {
      g_printerr ("domusctl: %s\n", error->message);
      follow->status = EXIT_FAILURE;
      g_main_loop_quit (follow->loop);
      return;
    }
  print_bytes (news);
  if (--follow->iterations <= 0)
    g_main_loop_quit (follow->loop);
}

static void
follow_refreshed_cb (DomusHost *host,
                     Follow    *follow)
{
  if (follow->reading)
    return;
  follow->reading = TRUE;
  domus_xen_log_read_async (follow->log, NULL, follow_read_cb, follow);
}

int
cmd_dmesg (DomusHost  *host,
           int         argc,
           char      **argv)
{
  gboolean follow_opt = FALSE;
  int iterations = 0;
  double delay = 1.0;
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new (_("— print Xen’s log like xl dmesg"));
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(DomusXenLog) log = NULL;
  Follow follow = { 0 };
  const GOptionEntry entries[] = {
    { "follow", 'f', 0, G_OPTION_ARG_NONE, &follow_opt, N_("Then print new lines as Xen writes them"), NULL },
    { "iterations", 'i', 0, G_OPTION_ARG_INT, &iterations,
      N_("With --follow: stop after reading N times (0: never)"), "N" },
    { "delay", 'd', 0, G_OPTION_ARG_DOUBLE, &delay, N_("With --follow: seconds between reads"), "S" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_strict_posix (context, FALSE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("domusctl dmesg: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (argc > 1)
    {
      g_printerr (_("Usage: domusctl dmesg [--follow [--iterations N] [--delay S]]\n"));
      return EXIT_FAILURE;
    }
  if (iterations < 0 || delay < 0.1 || delay > 60)
    {
      g_printerr (_("domusctl dmesg: --iterations must be 0 or more and --delay between 0.1 and 60\n"));
      return EXIT_FAILURE;
    }

  loop = g_main_loop_new (NULL, FALSE);
  log = domus_xen_log_new (host);
  follow.log = log;
  follow.loop = loop;
  follow.status = EXIT_SUCCESS;
  /* The whole ring first; with --follow, what is new after each refresh. */
  follow.iterations = !follow_opt ? 1 : iterations > 0 ? iterations : G_MAXINT;
  follow.reading = TRUE;
  domus_xen_log_read_async (log, NULL, follow_read_cb, &follow);
  if (follow_opt)
    {
      domus_host_set_refresh_interval (host, (guint) (delay * 1000));
      g_signal_connect (host, "refreshed", G_CALLBACK (follow_refreshed_cb), &follow);
    }
  g_main_loop_run (loop);
  g_signal_handlers_disconnect_by_data (host, &follow);
  /* A read under way ends before @follow goes. */
  while (follow.reading)
    g_main_context_iteration (NULL, TRUE);
  return follow.status;
}
