/* domusctl-qos.c: `qos`: predicted and measured CPU shares, as the QoS page shows them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domusctl"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>

#include "domus-qos-predictor.h"

#include "domusctl-private.h"

/* QoS: what the scheduler model predicts for each domain, and what it got,
 * as the QoS page shows them. */

typedef struct
{
  GMainLoop *loop;
  guint      updates;
  guint      wanted;
} QosState;

static void
qos_updated_cb (QosState *state)
{
  if (++state->updates >= state->wanted)
    g_main_loop_quit (state->loop);
}

/* A share with one decimal, or JSON's null / "–" while unknown. */
static void
append_share (GString  *out,
              double    share,
              gboolean  json)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (share))
    g_string_append (out, json ? "null" : "–");
  else
    g_string_append (out, g_ascii_formatd (number, sizeof number, "%.1f", share));
}

static void
print_qos_table (DomusQosPredictor *predictor)
{
  static const int widths[] = { -32, 5, 6, 6, 5, 9, 8, 10 };
  const char *headers[] = {
    C_("domusctl column", "Name"), C_("domusctl column", "ID"), C_("domusctl column", "Weight"),
    C_("domusctl column", "Cap"), C_("domusctl column", "VCPUs"),
    /* TRANSLATORS: the CPU share (% of one pCPU) the scheduler model predicts */
    C_("domusctl column", "Predicted"),
    /* TRANSLATORS: the CPU share (% of one pCPU) the host measured */
    C_("domusctl column", "Measured"),
    /* TRANSLATORS: measured minus predicted, in points */
    C_("domusctl column", "Difference"),
  };
  GListModel *domains = domus_host_get_domains (domus_qos_predictor_get_host (predictor));

  domusctl_print_header (headers, widths, G_N_ELEMENTS (headers));

  for (guint i = 0; i < g_list_model_get_n_items (domains); i++)
    {
      g_autoptr(DomusDomain) d = g_list_model_get_item (domains, i);
      double predicted = domus_qos_predictor_get_predicted (predictor, d);
      double measured = domus_qos_predictor_get_measured (predictor, d);
      g_autoptr(GString) row = g_string_new (NULL);
      g_autoptr(GString) figure = g_string_new (NULL);

      domusctl_append_padded (row, domus_domain_get_name (d), 32, TRUE);
      g_string_append_printf (row, " %5u %6d %6d %5u ", domus_domain_get_id (d),
                              domus_domain_get_weight (d), domus_domain_get_cap (d),
                              domus_domain_get_vcpus_online (d));
      append_share (figure, predicted, FALSE);
      domusctl_append_padded (row, figure->str, 9, FALSE);
      g_string_truncate (figure, 0);
      append_share (figure, measured, FALSE);
      g_string_append_c (row, ' ');
      domusctl_append_padded (row, figure->str, 8, FALSE);
      g_string_truncate (figure, 0);
      if (isnan (measured - predicted))
        g_string_append (figure, "–");
      else
        g_string_append_printf (figure, "%+.1f", measured - predicted);
      g_string_append_c (row, ' ');
      domusctl_append_padded (row, figure->str, 10, FALSE);
      g_print ("%s\n", row->str);
    }
}

static void
print_qos_json (DomusQosPredictor *predictor)
{
  DomusHost *host = domus_qos_predictor_get_host (predictor);
  GListModel *domains = domus_host_get_domains (host);
  g_autoptr(GString) out = g_string_new (NULL);

  g_string_append_printf (out, "{\"scheduler\": \"%s\", \"pcpus\": %u, \"domains\": [",
                          domus_scheduler_to_string (domus_host_get_scheduler (host)),
                          domus_host_get_n_pcpus (host));
  for (guint i = 0; i < g_list_model_get_n_items (domains); i++)
    {
      g_autoptr(DomusDomain) d = g_list_model_get_item (domains, i);

      g_string_append_printf (out, "%s{\"id\": %u, \"name\": ", i ? ", " : "", domus_domain_get_id (d));
      domusctl_append_json_string (out, domus_domain_get_name (d));
      g_string_append_printf (out, ", \"weight\": %d, \"cap\": %d, \"vcpus\": %u, \"predicted\": ",
                              domus_domain_get_weight (d), domus_domain_get_cap (d),
                              domus_domain_get_vcpus_online (d));
      append_share (out, domus_qos_predictor_get_predicted (predictor, d), TRUE);
      g_string_append (out, ", \"measured\": ");
      append_share (out, domus_qos_predictor_get_measured (predictor, d), TRUE);
      g_string_append (out, "}");
    }
  g_string_append (out, "]}");
  g_print ("%s\n", out->str);
}

int
cmd_qos (DomusHost  *host,
         int         argc,
         char      **argv)
{
  gboolean json = FALSE;
  int samples = 2 * DOMUS_QOS_MEASURE_SAMPLES;
  double delay = 1.0;
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new (_("— predicted and measured CPU shares"));
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(DomusQosPredictor) predictor = NULL;
  QosState state = { 0 };
  const GOptionEntry entries[] = {
    { "samples", 'n', 0, G_OPTION_ARG_INT, &samples,
      N_("Watch the host for N samples first (default 10)"), "N" },
    { "delay", 'd', 0, G_OPTION_ARG_DOUBLE, &delay, N_("Seconds between samples"), "S" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("One JSON object"), NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_strict_posix (context, FALSE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("domusctl qos: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (argc > 1 || samples < 1 || samples > 3600 || delay < 0.1 || delay > 60)
    {
      g_printerr (_("Usage: domusctl qos [--samples N] [--delay S] [--json] (N from 1 to 3600, "
                    "S from 0.1 to 60)\n"));
      return EXIT_FAILURE;
    }

  /* The measured share is a mean of the last samples, and each vCPU's
   * appetite is estimated from how long it waited in the last ten or so:
   * both need the host watched for a while. */
  loop = g_main_loop_new (NULL, FALSE);
  state.loop = loop;
  state.wanted = (guint) samples;
  predictor = domus_qos_predictor_new (host);
  g_signal_connect_swapped (predictor, "updated", G_CALLBACK (qos_updated_cb), &state);
  domus_host_set_refresh_interval (host, (guint) (delay * 1000));
  g_main_loop_run (loop);

  if (json)
    print_qos_json (predictor);
  else
    print_qos_table (predictor);
  return EXIT_SUCCESS;
}
