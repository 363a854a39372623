/* domusctl-top.c: `list` and `top`: the domains, once or over time, as xl list and xentop -b
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domusctl"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <stdlib.h>

#include "domus-csv.h"
#include "domus-io-device.h"
#include "domus-top-csv.h"
#include "domusctl-private.h"

typedef struct
{
  DomusHost  *host;
  GMainLoop  *loop;
  gboolean    json;
  gboolean    csv;
  int         iterations;
  int         done;
} TopState;

/* With @io, xentop's network and disk columns after Domus's own, under
 * xentop's names (top --batch). */
static void
print_table (DomusHost *host,
             gboolean   io)
{
  static const int widths[] = { -32, 5, 7, 5, 6, 9, 7, 6, 6, 4, 8, 8, 4, 8, 8, 8, 10, 10 };
  const char *headers[] = {
    C_("domusctl column", "Name"), C_("domusctl column", "ID"), C_("domusctl column", "Mem"),
    C_("domusctl column", "VCPUs"), C_("domusctl column", "State"),
    C_("domusctl column", "Time(s)"), C_("domusctl column", "CPU(%)"),
    C_("domusctl column", "Weight"), C_("domusctl column", "Cap"),
    /* xentop's names, as scripts read them: not translated. */
    "NETS", "NETTX(k)", "NETRX(k)", "VBDS", "VBD_OO", "VBD_RD", "VBD_WR", "VBD_RSECT", "VBD_WSECT",
  };
  GListModel *domains = domus_host_get_domains (host);

  domusctl_print_header (headers, widths, io ? G_N_ELEMENTS (headers) : 9);

  for (guint i = 0; i < g_list_model_get_n_items (domains); i++)
    {
      g_autoptr(DomusDomain) d = g_list_model_get_item (domains, i);
      g_autoptr(GString) row = g_string_new (NULL);

      domusctl_append_padded (row, domus_domain_get_name (d), 32, TRUE);
      g_string_append_printf (row, " %5u %7" G_GUINT64_FORMAT " %5u %6s %9.1f %7.1f %6d %6d",
                              domus_domain_get_id (d),
                              domus_domain_get_memory_kib (d) / 1024,
                              domus_domain_get_vcpus_online (d),
                              domus_domain_state_to_letter (domus_domain_get_state (d)),
                              domus_domain_get_cpu_time (d) / 1e9,
                              domus_domain_get_cpu_percent (d),
                              domus_domain_get_weight (d),
                              domus_domain_get_cap (d));
      if (io)
        {
          guint64 values[DOMUS_TOP_N_IO];

          domus_top_get_io (d, values);
          for (guint c = 0; c < G_N_ELEMENTS (values); c++)
            g_string_append_printf (row, " %*" G_GUINT64_FORMAT, widths[9 + c], values[c]);
        }
      g_print ("%s\n", row->str);
    }
}

static void
append_json_rate (GString    *out,
                  const char *name,
                  double      value)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_printf (out, ", \"%s\": %s", name, g_ascii_formatd (number, sizeof number, "%.1f", value));
}

/* A domain's throughput in KiB/s, then "net" and "disk": each device with
 * its number, name, counters (as libxenstat's, cumulative) and each
 * counter's rate a second over the last refresh ("rx_bytes_per_s"). */
static void
append_json_io (GString     *out,
                DomusDomain *d)
{
  GListModel *devices = domus_domain_get_io_devices (d);

  append_json_rate (out, "net_rx_kib_s", domus_domain_get_net_rx_rate (d) / 1024);
  append_json_rate (out, "net_tx_kib_s", domus_domain_get_net_tx_rate (d) / 1024);
  append_json_rate (out, "disk_read_kib_s", domus_domain_get_disk_read_rate (d) / 1024);
  append_json_rate (out, "disk_write_kib_s", domus_domain_get_disk_write_rate (d) / 1024);
  for (DomusIoKind kind = DOMUS_IO_KIND_NET; kind <= DOMUS_IO_KIND_DISK; kind++)
    {
      gboolean first = TRUE;

      g_string_append_printf (out, ", \"%s\": [", domus_io_kind_to_string (kind));
      for (guint i = 0; i < g_list_model_get_n_items (devices); i++)
        {
          g_autoptr(DomusIoDevice) device = g_list_model_get_item (devices, i);

          if (domus_io_device_get_kind (device) != kind)
            continue;
          g_string_append_printf (out, "%s{\"id\": %u, \"name\": ", first ? "" : ", ",
                                  domus_io_device_get_id (device));
          domusctl_append_json_string (out, domus_io_device_get_name (device));
          for (guint c = 0; c < domus_io_kind_n_counters (kind); c++)
            g_string_append_printf (out, ", \"%s\": %" G_GUINT64_FORMAT, domus_io_counter_name (kind, c),
                                    domus_io_device_get_total (device, c));
          for (guint c = 0; c < domus_io_kind_n_counters (kind); c++)
            {
              g_autofree char *name = g_strconcat (domus_io_counter_name (kind, c), "_per_s", NULL);

              append_json_rate (out, name, domus_io_device_get_rate (device, c));
            }
          g_string_append_c (out, '}');
          first = FALSE;
        }
      g_string_append_c (out, ']');
    }
}

/* One line per sample. Written by hand so that figures keep the one decimal
 * xentop prints instead of JsonGenerator's seventeen digits. */
static void
print_json (DomusHost *host)
{
  g_autoptr(GString) out = g_string_new (NULL);
  GListModel *domains = domus_host_get_domains (host);
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_printf (out, "{\"time\": %s, \"domains\": [",
                          g_ascii_formatd (number, sizeof number, "%.1f",
                                           domus_clock_get_now (domus_host_get_clock (host)) / 1e6));
  for (guint i = 0; i < g_list_model_get_n_items (domains); i++)
    {
      g_autoptr(DomusDomain) d = g_list_model_get_item (domains, i);
      DomusCpupool *pool;

      g_string_append_printf (out, "%s{\"id\": %u, \"name\": ", i ? ", " : "", domus_domain_get_id (d));
      domusctl_append_json_string (out, domus_domain_get_name (d));
      g_string_append_printf (out,
                              ", \"type\": \"%s\", \"state\": \"%s\", \"vcpus\": %u,"
                              " \"memory_mib\": %" G_GUINT64_FORMAT ", \"cpu_percent\": %s,"
                              " \"weight\": %d, \"cap\": %d",
                              domus_domain_type_to_string (domus_domain_get_domain_type (d)),
                              domus_domain_state_to_string (domus_domain_get_state (d)),
                              domus_domain_get_vcpus_online (d),
                              domus_domain_get_memory_kib (d) / 1024,
                              g_ascii_formatd (number, sizeof number, "%.1f",
                                               domus_domain_get_cpu_percent (d)),
                              domus_domain_get_weight (d),
                              domus_domain_get_cap (d));
      pool = domus_host_lookup_cpupool_by_id (host, domus_domain_get_cpupool_id (d));
      g_string_append (out, ", \"cpupool\": ");
      domusctl_append_json_string (out, pool != NULL ? domus_cpupool_get_name (pool) : "");
      append_json_io (out, d);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "]}");
  g_print ("%s\n", out->str);
}

/* The header once, then a row per domain and sample; flushed at once, so
 * that a file being written can be followed. */
static void
print_csv (DomusHost *host,
           gboolean   header)
{
  g_autoptr(DomusCsv) csv = domus_csv_new ();

  if (header)
    domus_top_csv_add_header (csv);
  domus_top_csv_add_sample (csv, host);
  g_print ("%s", domus_csv_get_text (csv));
  fflush (stdout);
}

static void
top_refreshed_cb (DomusHost *host,
                  TopState  *state)
{
  if (state->done >= state->iterations)
    return;

  if (state->json)
    print_json (host);
  else if (state->csv)
    print_csv (host, state->done == 0);
  else
    {
      if (state->done > 0)
        g_print ("\n");
      print_table (host, TRUE);
    }

  if (++state->done >= state->iterations)
    g_main_loop_quit (state->loop);
}

int
cmd_list (DomusHost  *host,
          int         argc,
          char      **argv)
{
  if (argc > 1)
    {
      g_printerr (_("Usage: domusctl list\n"));
      return EXIT_FAILURE;
    }
  print_table (host, FALSE);
  return EXIT_SUCCESS;
}

int
cmd_top (DomusHost  *host,
         int         argc,
         char      **argv)
{
  gboolean batch = FALSE, json = FALSE, csv = FALSE;
  int iterations = 0;
  double delay = 1.0;
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new (_("— print domains like xentop"));
  g_autoptr(GMainLoop) loop = NULL;
  TopState state = { 0 };
  const GOptionEntry entries[] = {
    { "batch", 'b', 0, G_OPTION_ARG_NONE, &batch, N_("Print to standard output, no screen handling"), NULL },
    { "iterations", 'i', 0, G_OPTION_ARG_INT, &iterations, N_("Stop after N samples (0: never)"), "N" },
    { "delay", 'd', 0, G_OPTION_ARG_DOUBLE, &delay, N_("Seconds between samples"), "S" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("One JSON object per sample"), NULL },
    { "csv", 0, 0, G_OPTION_ARG_NONE, &csv,
      N_("CSV with xentop’s columns, a row per domain and sample, then TIME (SSID: empty, not read)"), NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_strict_posix (context, FALSE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("domusctl top: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (!batch && !json && !csv)
    {
      g_printerr (_("domusctl top: only --batch (or --json, or --csv) output is available\n"));
      return EXIT_FAILURE;
    }
  if (json && csv)
    {
      g_printerr (_("domusctl top: --json and --csv cannot be used together\n"));
      return EXIT_FAILURE;
    }
  if (iterations < 0 || delay < 0.1 || delay > 60)
    {
      g_printerr (_("domusctl top: --iterations must be 0 or more and --delay between 0.1 and 60\n"));
      return EXIT_FAILURE;
    }

  loop = g_main_loop_new (NULL, FALSE);
  state.host = host;
  state.loop = loop;
  state.json = json;
  state.csv = csv;
  state.iterations = iterations > 0 ? iterations : G_MAXINT;

  /* The host already took its first sample; each later one covers @delay. */
  domus_host_set_refresh_interval (host, (guint) (delay * 1000));
  g_signal_connect (host, "refreshed", G_CALLBACK (top_refreshed_cb), &state);
  g_main_loop_run (loop);
  g_signal_handlers_disconnect_by_data (host, &state);

  return EXIT_SUCCESS;
}
