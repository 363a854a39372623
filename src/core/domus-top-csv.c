/* domus-top-csv.c: a host's domains as rows of xentop -b's CSV
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-top-csv"

#include "config.h"

#include "domus-io-device.h"
#include "domus-top-csv.h"

/* xentop -b's columns, with its names and units and in its order, so that
 * a sheet made from xentop's output reads this one; TIME is Domus's, last
 * so that xentop's columns keep their places. */
static const char * const csv_columns[] = {
  "NAME", "STATE", "CPU(sec)", "CPU(%)", "MEM(k)", "MEM(%)", "MAXMEM(k)", "MAXMEM(%)", "VCPUS",
  "NETS", "NETTX(k)", "NETRX(k)", "VBDS", "VBD_OO", "VBD_RD", "VBD_WR", "VBD_RSECT", "VBD_WSECT",
  "SSID", "TIME",
};

/* xentop's "no limit": Xen's ~0 pages, as libxl gives it in KiB. */
#define NO_MAX_MEMORY_KIB ((guint64) G_MAXUINT32 * 4)

void
domus_top_get_io (DomusDomain *d,
                  guint64      values[DOMUS_TOP_N_IO])
{
  values[0] = domus_domain_get_n_io_devices (d, DOMUS_IO_KIND_NET);
  /* xentop's are dom0's end of the vifs: its TX is what the domains received. */
  values[1] = domus_domain_get_io_total (d, DOMUS_IO_KIND_NET, DOMUS_IO_NET_RX_BYTES) / 1024;
  values[2] = domus_domain_get_io_total (d, DOMUS_IO_KIND_NET, DOMUS_IO_NET_TX_BYTES) / 1024;
  values[3] = domus_domain_get_n_io_devices (d, DOMUS_IO_KIND_DISK);
  values[4] = domus_domain_get_io_total (d, DOMUS_IO_KIND_DISK, DOMUS_IO_DISK_OO_REQS);
  values[5] = domus_domain_get_io_total (d, DOMUS_IO_KIND_DISK, DOMUS_IO_DISK_READ_REQS);
  values[6] = domus_domain_get_io_total (d, DOMUS_IO_KIND_DISK, DOMUS_IO_DISK_WRITE_REQS);
  values[7] = domus_domain_get_io_total (d, DOMUS_IO_KIND_DISK, DOMUS_IO_DISK_READ_SECTORS);
  values[8] = domus_domain_get_io_total (d, DOMUS_IO_KIND_DISK, DOMUS_IO_DISK_WRITE_SECTORS);
}

/* xentop's six flags, "dsbcpr", a dash for each not set. */
static void
add_csv_state (DomusCsv         *csv,
               DomusDomainState  state)
{
  static const DomusDomainState order[] = {
    DOMUS_DOMAIN_STATE_DYING, DOMUS_DOMAIN_STATE_SHUTDOWN, DOMUS_DOMAIN_STATE_BLOCKED,
    DOMUS_DOMAIN_STATE_CRASHED, DOMUS_DOMAIN_STATE_PAUSED, DOMUS_DOMAIN_STATE_RUNNING,
  };
  char flags[G_N_ELEMENTS (order) + 1] = "------";

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    if (order[i] == state)
      flags[i] = domus_domain_state_to_letter (state)[0];
  domus_csv_add_field (csv, flags);
}

/* One decimal, as xentop prints percentages and Domus's times. */
static void
add_csv_tenths (DomusCsv *csv,
                double    value)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  domus_csv_add_field (csv, g_ascii_formatd (number, sizeof number, "%.1f", value));
}

static void
add_csv_row (DomusCsv    *csv,
             DomusDomain *d,
             double       total_kib,
             double       time)
{
  guint64 max_kib = domus_domain_get_memory_max_kib (d);
  guint64 io[DOMUS_TOP_N_IO];

  domus_csv_add_field (csv, domus_domain_get_name (d));
  add_csv_state (csv, domus_domain_get_state (d));
  /* xentop's CPU(sec) is whole seconds. */
  domus_csv_add_uint (csv, domus_domain_get_cpu_time (d) / G_GUINT64_CONSTANT (1000000000));
  add_csv_tenths (csv, domus_domain_get_cpu_percent (d));
  domus_csv_add_uint (csv, domus_domain_get_memory_kib (d));
  add_csv_tenths (csv, 100.0 * (double) domus_domain_get_memory_kib (d) / total_kib);
  if (max_kib >= NO_MAX_MEMORY_KIB)
    {
      domus_csv_add_field (csv, "no limit");
      domus_csv_add_field (csv, "n/a");
    }
  else
    {
      domus_csv_add_uint (csv, max_kib);
      add_csv_tenths (csv, 100.0 * (double) max_kib / total_kib);
    }
  domus_csv_add_uint (csv, domus_domain_get_vcpus_online (d));
  domus_top_get_io (d, io);
  for (guint i = 0; i < G_N_ELEMENTS (io); i++)
    domus_csv_add_uint (csv, io[i]);
  /* SSID, the XSM label: Domus does not read it. */
  domus_csv_add_field (csv, NULL);
  add_csv_tenths (csv, time);
  domus_csv_end_row (csv);
}

void
domus_top_csv_add_header (DomusCsv *csv)
{
  for (guint i = 0; i < G_N_ELEMENTS (csv_columns); i++)
    domus_csv_add_field (csv, csv_columns[i]);
  domus_csv_end_row (csv);
}

void
domus_top_csv_add_sample (DomusCsv  *csv,
                          DomusHost *host)
{
  GListModel *domains = domus_host_get_domains (host);
  double total_kib = MAX (1.0, (double) domus_host_get_total_memory_kib (host));
  double time = domus_clock_get_now (domus_host_get_clock (host)) / 1e6;

  for (guint i = 0; i < g_list_model_get_n_items (domains); i++)
    {
      g_autoptr(DomusDomain) d = g_list_model_get_item (domains, i);

      add_csv_row (csv, d, total_kib, time);
    }
}
