/* bench-xen-refresh.c: one Domus refresh against one `xentop -b` sample, in
 * the same dom0, on the same domains, in the same run.
 *
 *   bench-xen-refresh [--samples N]     (in dom0; see tests/xen/dom0-bench.sh)
 *
 * Domus: CPU time of this process (every thread) over N refreshes of
 * DomusXenHost, one every 100 ms, divided by N (idle time costs nothing). xentop: CPU time of `xentop -b -d 0 -i N`
 * minus that of `xentop -b -d 0 -i 1`, divided by N - 1, so that its start
 * (process, libxenstat handles) is not counted against it. Each is measured
 * five times; medians are reported, with their ratio.
 *
 * Three times: with the domains' networks and disks (Domus as it runs,
 * against `xentop -b -n -x`); without them (Domus with DOMUS_XEN_NO_IO=1,
 * against `xentop -b`); and with them read through libxenstat as xentop
 * reads them (DOMUS_XEN_IO=libxenstat, as Domus did before). Then where the time goes: one libxenstat node read
 * in this process with each set of what it can collect (xentop reads
 * XENSTAT_ALL whatever it prints; Domus reads networks and VBDs, and the
 * domains' and vCPUs' times itself).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>

#include <xenstat.h>

#include "domus-backend.h"

static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void
refreshed_cb (DomusHost *host,
              guint     *count)
{
  (*count)++;
}

/* Mean CPU ms of one refresh over @n, refreshing every 100 ms (the
 * shortest interval; a refresh asked for sooner than half an interval after
 * the last only updates settings, and would not be a full one). */
static double
domus_refresh_ms (DomusHost *host,
                  guint      n)
{
  guint count = 0;
  gulong id = g_signal_connect (host, "refreshed", G_CALLBACK (refreshed_cb), &count);
  double start;

  domus_host_set_refresh_interval (host, 100);
  while (count == 0)
    g_main_context_iteration (NULL, TRUE);
  count = 0;
  start = cpu_ms ();
  while (count < n)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (host, id);
  return (cpu_ms () - start) / n;
}

/* CPU ms (user + system) of one run of xentop with @iterations, with -n
 * -x when @io. */
static double
xentop_ms (guint    iterations,
           gboolean io)
{
  g_autofree char *count = g_strdup_printf ("%u", iterations);
  const char *argv[] = { "xentop", "-b", "-d", "0", "-i", count, io ? "-n" : NULL, "-x", NULL };
  struct rusage usage;
  GPid pid;
  int status;

  if (!g_spawn_async (NULL, (char **) argv, NULL,
                      G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                      NULL, NULL, &pid, NULL))
    g_error ("cannot run xentop");
  if (wait4 (pid, &status, 0, &usage) != pid || !WIFEXITED (status) || WEXITSTATUS (status) != 0)
    g_error ("xentop failed");
  return usage.ru_utime.tv_sec * 1e3 + usage.ru_utime.tv_usec / 1e3
         + usage.ru_stime.tv_sec * 1e3 + usage.ru_stime.tv_usec / 1e3;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* Mean CPU ms of one xenstat_get_node() with @flags in this process. */
static double
xenstat_ms (xenstat_handle *handle,
            unsigned int    flags,
            guint           n)
{
  double start = cpu_ms ();

  for (guint i = 0; i < n; i++)
    {
      xenstat_node *node = xenstat_get_node (handle, flags);

      if (node == NULL)
        g_error ("libxenstat cannot read the host with flags %#x", flags);
      xenstat_free_node (node);
    }
  return (cpu_ms () - start) / n;
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), compare_doubles);
  return values[n / 2];
}

/* Domus's refresh against xentop's sample, five runs of @samples each;
 * medians in @domus_ms and @xentop_ms_out, and the number of domains. */
typedef enum
{
  IO_DOMUS,        /* Domus reads vifs and vbds itself (as it runs) */
  IO_LIBXENSTAT,   /* … through libxenstat, as xentop (DOMUS_XEN_IO=libxenstat) */
  IO_NONE,         /* without them (DOMUS_XEN_NO_IO=1), against xentop -b */
} IoMode;

static const char *const io_mode_names[] = { "with I/O", "with I/O through libxenstat", "without I/O" };

static guint
compare (IoMode    mode,
         int       samples,
         double   *domus_ms,
         double   *xentop_ms_out)
{
  gboolean io = mode != IO_NONE;
  DomusBackendOptions options = { .kind = DOMUS_BACKEND_XEN };
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusHost) host = NULL;
  double domus[5], xentop[5];
  guint n_domains;

  g_setenv ("DOMUS_XEN_NO_IO", io ? "0" : "1", TRUE);
  g_setenv ("DOMUS_XEN_IO", mode == IO_LIBXENSTAT ? "libxenstat" : "", TRUE);
  if (!(host = domus_backend_open (&options, &error)))
    g_error ("bench-xen-refresh: %s", error->message);
  while (!domus_host_is_ready (host))
    g_main_context_iteration (NULL, TRUE);

  domus_refresh_ms (host, 5);   /* warm up */
  for (guint run = 0; run < 5; run++)
    {
      domus[run] = domus_refresh_ms (host, (guint) samples);
      xentop[run] = (xentop_ms ((guint) samples, io) - xentop_ms (1, io)) / (samples - 1);
      g_print ("%s run %u: Domus %.2f ms, xentop %.2f ms\n", io_mode_names[mode], run + 1,
               domus[run], xentop[run]);
    }
  *domus_ms = median (domus, 5);
  *xentop_ms_out = median (xentop, 5);
  n_domains = g_list_model_get_n_items (domus_host_get_domains (host));
  if (mode == IO_DOMUS)
    {
      guint n_devices = 0;

      for (guint i = 0; i < n_domains; i++)
        {
          g_autoptr(DomusDomain) d = g_list_model_get_item (domus_host_get_domains (host), i);

          n_devices += g_list_model_get_n_items (domus_domain_get_io_devices (d));
        }
      g_print ("devices Domus shows: %u\n", n_devices);
    }
  return n_domains;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— Domus refresh against xentop -b");
  g_autoptr(GError) error = NULL;
  int samples = 50;
  double domus_io, xentop_io, domus_plain, xentop_plain, domus_lib, xentop_lib;
  static const struct { unsigned int flags; const char *what; } reads[] = {
    { 0, "domains only (names, memory)" },
    { XENSTAT_VCPU, "+ vCPUs" },
    { XENSTAT_NETWORK, "+ networks" },
    { XENSTAT_VBD, "+ VBDs" },
    { XENSTAT_NETWORK | XENSTAT_VBD, "+ networks + VBDs (Domus)" },
    { XENSTAT_ALL, "everything (xentop)" },
  };
  xenstat_handle *handle;
  guint n_domains;
  GOptionEntry entries[] = {
    { "samples", 0, 0, G_OPTION_ARG_INT, &samples, "Refreshes and xentop samples per run", "N" },
    { NULL }
  };

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || samples < 2)
    {
      g_printerr ("%s\n", error != NULL ? error->message : "--samples must be 2 or more");
      return EXIT_FAILURE;
    }

  n_domains = compare (IO_DOMUS, samples, &domus_io, &xentop_io);
  compare (IO_NONE, samples, &domus_plain, &xentop_plain);
  compare (IO_LIBXENSTAT, samples, &domus_lib, &xentop_lib);

  g_print ("domains: %u, samples per run: %d, runs: 5 (medians)\n", n_domains, samples);
  g_print ("with I/O:    Domus refresh %.2f ms CPU, xentop -b -n -x sample %.2f ms CPU\n", domus_io, xentop_io);
  g_print ("without I/O: Domus refresh %.2f ms CPU, xentop -b sample %.2f ms CPU\n", domus_plain, xentop_plain);
  g_print ("with I/O through libxenstat: Domus refresh %.2f ms CPU, xentop -b -n -x sample %.2f ms CPU\n",
           domus_lib, xentop_lib);
  g_print ("ratio Domus / xentop with I/O: %.2f (target: at most 0.8)\n", domus_io / xentop_io);
  g_print ("ratio Domus / xentop with I/O through libxenstat: %.2f\n", domus_lib / xentop_lib);
  g_print ("ratio Domus / xentop without I/O: %.2f (target: at most 0.8)\n", domus_plain / xentop_plain);

  if (!(handle = xenstat_init ()))
    g_error ("cannot open libxenstat");
  g_print ("one xenstat_get_node() in this process, mean of %d (ms CPU):\n", samples * 2);
  for (guint i = 0; i < G_N_ELEMENTS (reads); i++)
    g_print ("  %-32s %.2f\n", reads[i].what, xenstat_ms (handle, reads[i].flags, (guint) samples * 2));
  xenstat_uninit (handle);
  return EXIT_SUCCESS;
}
