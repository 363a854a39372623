/* domusctl.c: the command-line companion, like virsh beside virt-manager
 *
 *   domusctl [--sim SCENE.json] [--sim-speed X] [--xen] COMMAND [ARGS]
 *   domusctl --connect local|ssh://[user@]host[:port] COMMAND [ARGS]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domusctl"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <stdlib.h>

#include "domus-command.h"
#include "domus-error.h"
#include "domus-input.h"
#include "domus-limits.h"
#include "domusctl-private.h"

/* Pads by characters, not bytes, so translated headers line up. */
void
domusctl_append_padded (GString    *out,
                        const char *text,
                        int         width,
                        gboolean    left)
{
  int pad = MAX (width - (int) g_utf8_strlen (text, -1), 0);

  if (!left)
    g_string_append_printf (out, "%*s", pad, "");
  g_string_append (out, text);
  if (left)
    g_string_append_printf (out, "%*s", pad, "");
}

/* Column headers: a negative width is left-aligned. */
void
domusctl_print_header (const char * const *headers,
                       const int          *widths,
                       guint               n)
{
  g_autoptr(GString) header = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (header, ' ');
      domusctl_append_padded (header, headers[i], ABS (widths[i]), widths[i] < 0);
    }
  g_print ("%s\n", header->str);
}

void
domusctl_append_json_string (GString    *out,
                             const char *text)
{
  g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), text);
  g_autofree char *quoted = json_to_string (node, FALSE);

  g_string_append (out, quoted);
}

/* A real host's first sample comes from a worker thread; every command
 * needs it. The host retries each refresh-interval, so this wakes up. */
static gboolean
wait_until_ready (DomusHost *host)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (!domus_host_is_ready (host) && domus_host_get_error (host) == NULL
         && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  if (domus_host_get_error (host) != NULL)
    g_printerr ("domusctl: %s\n", domus_host_get_error (host)->message);
  else if (!domus_host_is_ready (host))
    g_printerr (_("domusctl: the host did not answer within 30 seconds\n"));
  return domus_host_is_ready (host);
}

/* The host the global options name, opened once the first time a command
 * asks for it. */
static DomusBackendOptions host_options = { .kind = DOMUS_BACKEND_AUTO, .sim_speed = 1.0 };
static DomusHost *opened_host;

DomusHost *
domusctl_open_host (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusHost) host = NULL;

  if (opened_host != NULL)
    return opened_host;
  if (!(host = domus_backend_open (&host_options, &error)))
    {
      g_printerr ("domusctl: %s\n", error->message);
      return NULL;
    }
  if (domus_host_get_notice (host) != NULL)
    g_printerr ("domusctl: %s\n", domus_host_get_notice (host));
  if (!wait_until_ready (host))
    return NULL;
  opened_host = g_steal_pointer (&host);
  return opened_host;
}

/* --apply FILE: commands to run during the top loop, one per line, each
 * optionally at a simulated time: "at 30 sched clone1 --weight 512". Each
 * command's timer holds a reference (let go of when it has fired, or with
 * the clock when the loop ended first), and so does a request in flight. */

typedef struct
{
  DomusHost *host;
  char      *where;    /* "FILE:LINE" */
  char     **argv;
  gboolean  *failed;
} Applied;

static void
applied_clear (gpointer data)
{
  Applied *applied = data;

  g_free (applied->where);
  g_strfreev (applied->argv);
}

static void
applied_unref (gpointer data)
{
  g_rc_box_release_full (data, applied_clear);
}

static void
applied_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  Applied *applied = data;
  g_autoptr(GError) error = NULL;

  if (!domusctl_run_request_finish (DOMUS_HOST (source), result, &error))
    {
      g_printerr ("%s: %s\n", applied->where, error->message);
      *applied->failed = TRUE;
    }
  applied_unref (applied);
}

static gboolean
apply_cb (gpointer data)
{
  Applied *applied = data;
  g_autoptr(GError) error = NULL;
  DomusDomain *query = NULL;
  DomusRequest *request;

  request = domus_command_parse (applied->host, (const char * const *) applied->argv, &query, &error);
  if (request == NULL && query != NULL)
    domusctl_print_sched (query);
  else if (request == NULL)
    {
      g_printerr ("%s: %s\n", applied->where, error->message);
      *applied->failed = TRUE;
    }
  else
    domusctl_run_request_async (applied->host, request, applied_done_cb, g_rc_box_acquire (applied));
  return G_SOURCE_REMOVE;
}

static gboolean
load_apply_file (DomusHost   *host,
                 const char  *path,
                 gboolean    *failed,
                 GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) read_error = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  DomusClock *clock = domus_host_get_clock (host);

  if (!domus_input_read_file (path, DOMUS_MAX_COMMAND_FILE_SIZE, &contents, NULL, NULL, &read_error))
    {
      g_set_error (error, DOMUS_ERROR, read_error->code, _("Cannot read “%s”: %s"), path,
                   read_error->message);
      return FALSE;
    }
  if (!(lines = domus_command_parse_file (contents, path, error)))
    return FALSE;

  for (guint i = 0; i < lines->len; i++)
    {
      DomusCommandLine *line = g_ptr_array_index (lines, i);
      Applied *applied = g_rc_box_new0 (Applied);

      applied->host = host;
      applied->where = g_steal_pointer (&line->where);
      applied->argv = g_steal_pointer (&line->argv);
      applied->failed = failed;
      domus_clock_add_timer (clock,
                             MAX ((gint64) line->at * G_USEC_PER_SEC - domus_clock_get_now (clock), 1),
                             apply_cb, applied, applied_unref);
    }
  return TRUE;
}

typedef struct
{
  const char *name;
  int       (*run) (DomusHost *host, int argc, char **argv);
  const char *summary;
  gboolean    needs_host;
} Command;

static const Command commands[] = {
  { "list", cmd_list, N_("List domains, like xl list"), TRUE },
  { "top", cmd_top, N_("Print domains and CPU use over time, like xentop -b"), TRUE },
  { "info", cmd_info, N_("Print the host’s facts, like xl info (--json)"), TRUE },
  { "dmesg", cmd_dmesg, N_("Print Xen’s log, like xl dmesg (--follow)"), TRUE },
  { "qos", cmd_qos, N_("Compare each domain's CPU share with the scheduler model's prediction"), TRUE },
  { "sched", cmd_request, N_("Show or set a domain's credit weight and cap"), TRUE },
  { "vcpu-set", cmd_request, N_("Set how many vCPUs a domain has online"), TRUE },
  { "vcpu-pin", cmd_request, N_("Pin a vCPU (or all) to some pCPUs"), TRUE },
  { "mem-set", cmd_request, N_("Set a domain's memory (balloon target)"), TRUE },
  { "pause", cmd_request, N_("Pause a domain"), TRUE },
  { "unpause", cmd_request, N_("Unpause a domain"), TRUE },
  { "shutdown", cmd_request, N_("Ask a domain to shut down"), TRUE },
  { "reboot", cmd_request, N_("Ask a domain to reboot"), TRUE },
  { "destroy", cmd_request, N_("Destroy a domain at once"), TRUE },
  { "save", cmd_request, N_("Save a domain to a file and stop it, or keep it running (--checkpoint)"), TRUE },
  { "restore", cmd_request, N_("Restore a domain from a saved file"), TRUE },
  { "create", cmd_request, N_("Create a domain from an xl config file"), TRUE },
  { "bench", cmd_bench, N_("Run a benchmark: bench run SPEC.json [--json OUT.jsonl] [--csv OUT.csv] [--quiet] [--peer ADDRESS]"), TRUE },
  { "migrate", cmd_request, N_("Migrate a domain to another host, as xl migrate"), TRUE },
  { "cd-eject", cmd_request, N_("Take the disc out of an HVM domain's CD-ROM drive and its config file"), TRUE },
  { "cpupool-list", cmd_cpupool_list, N_("List cpupools, like xl cpupool-list (-c: their pCPUs)"), TRUE },
  { "cpupool-create", cmd_request, N_("Create a cpupool of free pCPUs: name=NAME sched=credit2 cpus=2-3"), TRUE },
  { "cpupool-destroy", cmd_request, N_("Destroy a cpupool that has no domains; its pCPUs become free"), TRUE },
  { "cpupool-cpu-add", cmd_request, N_("Add free pCPUs to a cpupool"), TRUE },
  { "cpupool-cpu-remove", cmd_request, N_("Take pCPUs out of a cpupool, leaving them free"), TRUE },
  { "cpupool-migrate", cmd_request, N_("Move a domain to another cpupool"), TRUE },
  { "vgs", cmd_vgs, N_("List LVM volume groups, like vgs (--units b: in bytes)"), TRUE },
  { "lvs", cmd_lvs, N_("List LVM logical volumes with the domain using each, like lvs (--units b)"), TRUE },
  { "lvcreate", cmd_lvcreate, N_("Create a logical volume: -L SIZE -n NAME VG, or a snapshot: -s -L SIZE -n NAME VG/ORIGIN"), TRUE },
  { "images", cmd_images, N_("List the disk image files in a folder of the host (--folder DIR, /xen by default) with their format and the domain using each (--units b)"), TRUE },
  { "lvremove", cmd_lvremove, N_("Remove a logical volume no domain uses: VG/LV"), TRUE },
  { "clone", cmd_clone, N_("Clone a domain: clone NAME NEW [--snapshot-size SIZE] [--count N] [--start] [--config FILE]"), TRUE },
  { "pci-list", cmd_pci_list, N_("List the host's PCI devices and who has each (DOMAIN: the devices attached to it)"), TRUE },
  { "pci-assignable-list", cmd_pci_assignable_list, N_("List the PCI devices ready for a domain, like xl pci-assignable-list"), TRUE },
  { "pci-assignable-add", cmd_request, N_("Make a PCI device assignable: from its dom0 driver to pciback"), TRUE },
  { "pci-assignable-remove", cmd_request, N_("Give an assignable PCI device back to dom0 and its driver"), TRUE },
  { "pci-attach", cmd_request, N_("Attach an assignable PCI device to a domain: DOMAIN BDF [--keep]"), TRUE },
  { "pci-detach", cmd_request, N_("Detach a PCI device from a domain: DOMAIN BDF [--keep]"), TRUE },
  { "vnc-capture", cmd_vnc_capture, N_("Save a VNC screen to PNG: vnc-capture DOMAIN|HOST:PORT OUT.png"), FALSE },
  { "vnc-type", cmd_vnc_type, N_("Type text on a VNC screen: vnc-type DOMAIN|HOST:PORT TEXT"), FALSE },
};

/* Runs @command (@argv[0] is its name) on the host the global options name,
 * with the commands of @apply (may be NULL) at their times. */
static int
run_command (const Command  *command,
             const char     *apply,
             int             argc,
             char          **argv)
{
  g_autoptr(GError) error = NULL;
  gboolean apply_failed = FALSE;
  DomusHost *host;
  int status;

  /* The VNC commands open the host themselves when given a domain. */
  if (!command->needs_host)
    return command->run (NULL, argc, argv);

  if (!(host = domusctl_open_host ()))
    return EXIT_FAILURE;
  if (apply != NULL && !load_apply_file (host, apply, &apply_failed, &error))
    {
      g_printerr ("domusctl: %s\n", error->message);
      return EXIT_FAILURE;
    }
  status = command->run (host, argc, argv);
  return apply_failed ? EXIT_FAILURE : status;
}

static char *
commands_summary (void)
{
  GString *str = g_string_new (_("Commands:"));

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (str, "\n  %-18s %s", commands[i].name, _(commands[i].summary));
  g_string_append_printf (str, "\n\n%s\n%s", _("Arguments, as xl takes them:"), domus_command_usage ());
  return g_string_free (str, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *scene = NULL;
  g_autofree char *connect = NULL;
  g_autofree char *apply = NULL;
  g_autofree char *summary = NULL;
  int status;
  gboolean sim = FALSE, xen = FALSE;
  double speed = 1.0;
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = NULL;

  setlocale (LC_ALL, "");
  /* Figures print as xl and xentop print them, for scripts: 12.5, not 12,5. */
  setlocale (LC_NUMERIC, "C");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  {
    const GOptionEntry global[] = {
      { "sim", 0, 0, G_OPTION_ARG_FILENAME, &scene,
        N_("Use a simulated host described by SCENE (a JSON file)"), N_("SCENE") },
      { "simulated", 0, 0, G_OPTION_ARG_NONE, &sim,
        N_("Use the simulated lab host"), NULL },
      { "sim-speed", 0, 0, G_OPTION_ARG_DOUBLE, &speed,
        N_("Run the simulated clock X times faster than real time"), "X" },
      { "xen", 0, 0, G_OPTION_ARG_NONE, &xen,
        N_("Use the real Xen host, or fail saying why not"), NULL },
      { "connect", 0, 0, G_OPTION_ARG_STRING, &connect,
        N_("Use the host the agent at ADDRESS serves: “local” (through pkexec) or "
           "“ssh://[user@]host[:port]”"), N_("ADDRESS") },
      { "apply", 0, 0, G_OPTION_ARG_FILENAME, &apply,
        N_("Run the commands in FILE, one per line, each at its time (“at 30 sched clone1 --weight 512”)"),
        N_("FILE") },
      { NULL }
    };

    context = g_option_context_new (_("COMMAND [ARGS…] — inspect and control Xen domains"));
    summary = commands_summary ();
    g_option_context_set_description (context, summary);
    g_option_context_add_main_entries (context, global, GETTEXT_PACKAGE);
    /* Options after the command belong to it. */
    g_option_context_set_strict_posix (context, TRUE);
    if (!g_option_context_parse (context, &argc, &argv, &error))
      {
        g_printerr ("domusctl: %s\n", error->message);
        return EXIT_FAILURE;
      }
  }

  if (argc < 2)
    {
      g_printerr ("%s\n", summary);
      return EXIT_FAILURE;
    }
  if (speed <= 0 || speed > 1e6)
    {
      g_printerr (_("domusctl: --sim-speed must be above 0 and at most 1000000\n"));
      return EXIT_FAILURE;
    }
  if (xen && (scene != NULL || sim))
    {
      g_printerr (_("domusctl: --xen and --sim cannot be used together\n"));
      return EXIT_FAILURE;
    }
  if (connect != NULL && (xen || scene != NULL || sim))
    {
      g_printerr (_("domusctl: --connect chooses the host: --xen and --sim go to the agent\n"));
      return EXIT_FAILURE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_strcmp0 (argv[1], commands[i].name) != 0)
        continue;

      host_options.kind = xen ? DOMUS_BACKEND_XEN
                        : (scene != NULL || sim) ? DOMUS_BACKEND_SIMULATED
                        : DOMUS_BACKEND_AUTO;
      host_options.scene_path = scene;
      host_options.sim_speed = speed;
      host_options.connect = connect;
      status = run_command (&commands[i], apply, argc - 1, argv + 1);
      g_clear_object (&opened_host);
      return status;
    }

  g_printerr (_("domusctl: unknown command “%s”\n%s\n"), argv[1], summary);
  return EXIT_FAILURE;
}
