/* domus-command.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-command"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "domus-command.h"
#include "domus-cpulist.h"
#include "domus-error.h"

static const struct
{
  const char       *name;
  DomusRequestKind  kind;
  guint             n_args;   /* after the name */
} commands[] = {
  { "sched", DOMUS_REQUEST_SCHEDULER, 1 },
  { "vcpu-set", DOMUS_REQUEST_VCPUS, 2 },
  { "vcpu-pin", DOMUS_REQUEST_PIN, 3 },
  { "mem-set", DOMUS_REQUEST_MEMORY, 2 },
  { "pause", DOMUS_REQUEST_PAUSE, 1 },
  { "unpause", DOMUS_REQUEST_UNPAUSE, 1 },
  { "shutdown", DOMUS_REQUEST_SHUTDOWN, 1 },
  { "reboot", DOMUS_REQUEST_REBOOT, 1 },
  { "destroy", DOMUS_REQUEST_DESTROY, 1 },
  { "save", DOMUS_REQUEST_SAVE, 2 },
  { "restore", DOMUS_REQUEST_RESTORE, 1 },
  { "create", DOMUS_REQUEST_CREATE, 1 },
  { "migrate", DOMUS_REQUEST_MIGRATE, 2 },
  { "cd-eject", DOMUS_REQUEST_EJECT, 2 },
  { "cpupool-create", DOMUS_REQUEST_CPUPOOL_CREATE, 1 },
  { "cpupool-destroy", DOMUS_REQUEST_CPUPOOL_DESTROY, 1 },
  { "cpupool-cpu-add", DOMUS_REQUEST_CPUPOOL_CPU_ADD, 2 },
  { "cpupool-cpu-remove", DOMUS_REQUEST_CPUPOOL_CPU_REMOVE, 2 },
  { "cpupool-migrate", DOMUS_REQUEST_CPUPOOL_MIGRATE, 2 },
  { "pci-assignable-add", DOMUS_REQUEST_PCI_ASSIGNABLE_ADD, 1 },
  { "pci-assignable-remove", DOMUS_REQUEST_PCI_ASSIGNABLE_REMOVE, 1 },
  { "pci-attach", DOMUS_REQUEST_PCI_ATTACH, 2 },
  { "pci-detach", DOMUS_REQUEST_PCI_DETACH, 2 },
};

const char *
domus_command_usage (void)
{
  return _("  sched DOMAIN [--weight W] [--cap C]\n"
           "  vcpu-set DOMAIN N\n"
           "  vcpu-pin DOMAIN VCPU|all PCPUS\n"
           "  mem-set DOMAIN SIZE            (MiB, or with a unit: 512m, 2g, 65536k)\n"
           "  pause|unpause|shutdown|reboot|destroy DOMAIN\n"
           "  save DOMAIN FILE [--checkpoint] (-c: the domain keeps running)\n"
           "  restore FILE [--name NAME]     (another name than the saved one)\n"
           "  create FILE                    (an xl config file)\n"
           "  migrate DOMAIN HOST\n"
           "  cd-eject DOMAIN VDEV           (an HVM domain's CD-ROM drive, e.g. hdc)\n"
           "  cpupool-create name=NAME [sched=credit|credit2] [cpus=PCPUS]\n"
           "                                 (xl's config keys as key=value arguments,\n"
           "                                 not a file; PCPUS free ones, e.g. 2-3)\n"
           "  cpupool-destroy POOL\n"
           "  cpupool-cpu-add|cpupool-cpu-remove POOL PCPUS\n"
           "  cpupool-migrate DOMAIN POOL\n"
           "  pci-assignable-add|pci-assignable-remove BDF\n"
           "                                 (a PCI device to pciback and back, e.g. 00:19.0)\n"
           "  pci-attach|pci-detach DOMAIN BDF [--keep]\n"
           "                                 (--keep: in the domain's xl config too, pci=)");
}

gboolean
domus_command_exists (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_strcmp0 (commands[i].name, name) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
parse_number (const char  *text,
              const char  *what,
              gint64       min,
              gint64       max,
              gint64      *value,
              GError     **error)
{
  if (!g_ascii_string_to_signed (text, 10, min, max, value, NULL))
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                   /* TRANSLATORS: e.g. "weight must be a whole number from 1 to 65535, not “x”" */
                   _("%s must be a whole number from %.0f to %.0f, not “%s”"),
                   what, (double) min, (double) max, text);
      return FALSE;
    }
  return TRUE;
}

/* xl's sizes: a number with an optional unit k, m, g or t; MiB without. */
static gboolean
parse_size_kib (const char  *text,
                guint64     *kib,
                GError     **error)
{
  g_autofree char *number = g_strdup (text);
  gsize len = strlen (number);
  guint64 scale = 1024, value;

  if (len > 0 && g_ascii_isalpha (number[len - 1]))
    {
      switch (g_ascii_tolower (number[len - 1]))
        {
        case 'k': scale = 1; break;
        case 'm': scale = 1024; break;
        case 'g': scale = 1024 * 1024; break;
        case 't': scale = G_GUINT64_CONSTANT (1024) * 1024 * 1024; break;
        default: scale = 0; break;
        }
      number[len - 1] = '\0';
    }

  if (scale == 0 || !g_ascii_string_to_unsigned (number, 10, 1, G_MAXUINT64 / (1024 * 1024 * 1024), &value, NULL))
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a memory size (try 512, 512m or 2g)"), text);
      return FALSE;
    }
  *kib = value * scale;
  return TRUE;
}

static gboolean
parse_sched_options (DomusRequest        *request,
                     const char * const  *args,
                     GError             **error)
{
  for (guint i = 0; args[i] != NULL; i++)
    {
      const char *option = args[i];
      const char *value = strchr (option, '=');
      g_autofree char *name = value ? g_strndup (option, value - option) : g_strdup (option);
      gboolean weight = g_strcmp0 (name, "--weight") == 0 || g_strcmp0 (name, "-w") == 0;
      gboolean cap = g_strcmp0 (name, "--cap") == 0 || g_strcmp0 (name, "-c") == 0;
      gint64 number;

      if (!weight && !cap)
        {
          g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                       _("sched: unknown option “%s” (use --weight or --cap)"), option);
          return FALSE;
        }
      if (value != NULL)
        value++;
      else if ((value = args[++i]) == NULL)
        {
          g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                       _("sched: %s needs a value"), name);
          return FALSE;
        }

      if (!parse_number (value, weight ? _("The weight") : _("The cap"),
                         weight ? 1 : 0, weight ? 65535 : G_MAXINT, &number, error))
        return FALSE;
      if (weight)
        request->weight = (int) number;
      else
        request->cap = (int) number;
    }
  return TRUE;
}

/* cpupool-create's name=, sched= and cpus=, as in xl's cpupool config
 * (cpus="1,2", cpus=["1", "2"] or cpus=1-2). */
static gboolean
parse_cpupool_options (DomusHost           *host,
                       DomusRequest        *request,
                       const char * const  *args,
                       GError             **error)
{
  request->scheduler = domus_host_get_scheduler (host);
  for (guint i = 0; args[i] != NULL; i++)
    {
      const char *equals = strchr (args[i], '=');
      g_autofree char *key = equals ? g_strstrip (g_strndup (args[i], equals - args[i])) : NULL;
      g_autoptr(GString) value = g_string_new (NULL);

      for (const char *c = equals ? equals + 1 : ""; *c != '\0'; c++)
        if (strchr ("\"'[] ", *c) == NULL)
          g_string_append_c (value, *c);

      if (g_strcmp0 (key, "name") == 0)
        {
          g_free (request->pool);
          request->pool = g_strdup (value->str);
        }
      else if (g_strcmp0 (key, "sched") == 0 && g_str_equal (value->str, "credit"))
        request->scheduler = DOMUS_SCHEDULER_CREDIT;
      else if (g_strcmp0 (key, "sched") == 0 && g_str_equal (value->str, "credit2"))
        request->scheduler = DOMUS_SCHEDULER_CREDIT2;
      else if (g_strcmp0 (key, "sched") == 0)
        {
          g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                       _("cpupool-create: the scheduler is credit or credit2, not “%s”"), value->str);
          return FALSE;
        }
      else if (g_strcmp0 (key, "cpus") == 0)
        {
          request->cpus = 0;
          if (value->len > 0
              && !domus_cpulist_parse (value->str, domus_host_get_n_pcpus (host), &request->cpus, error))
            return FALSE;
        }
      else
        {
          g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                       _("cpupool-create: “%s” is not name=, sched= or cpus="), args[i]);
          return FALSE;
        }
    }
  return TRUE;
}

/* The arguments after the domain (or file), @args, into @request. */
static gboolean
parse_arguments (DomusHost           *host,
                 DomusRequest        *request,
                 const char * const  *args,
                 GError             **error)
{
  gint64 number;

  switch (request->kind)
    {
    case DOMUS_REQUEST_SCHEDULER:
      return parse_sched_options (request, args, error);

    case DOMUS_REQUEST_VCPUS:
      if (!parse_number (args[0], _("The vCPU count"), 1, G_MAXINT, &number, error))
        return FALSE;
      request->vcpus = (guint) number;
      break;

    case DOMUS_REQUEST_PIN:
      if (g_strcmp0 (args[0], "all") == 0)
        request->vcpu = DOMUS_REQUEST_ALL_VCPUS;
      else if (parse_number (args[0], _("The vCPU"), 0, G_MAXINT, &number, error))
        request->vcpu = (guint) number;
      else
        return FALSE;
      if (!domus_cpulist_parse (args[1], domus_host_get_n_pcpus (host), &request->affinity, error))
        return FALSE;
      break;

    case DOMUS_REQUEST_MEMORY:
      if (!parse_size_kib (args[0], &request->memory_kib, error))
        return FALSE;
      break;

    case DOMUS_REQUEST_SAVE:
      request->path = g_strdup (args[0]);
      break;

    case DOMUS_REQUEST_MIGRATE:
    case DOMUS_REQUEST_EJECT:
      request->target = g_strdup (args[0]);
      break;

    case DOMUS_REQUEST_CPUPOOL_CPU_ADD:
    case DOMUS_REQUEST_CPUPOOL_CPU_REMOVE:
      if (!domus_cpulist_parse (args[0], domus_host_get_n_pcpus (host), &request->cpus, error))
        return FALSE;
      break;

    case DOMUS_REQUEST_CPUPOOL_MIGRATE:
      request->pool = g_strdup (args[0]);
      break;

    case DOMUS_REQUEST_PCI_ATTACH:
    case DOMUS_REQUEST_PCI_DETACH:
      /* The address is checked with the devices, once read. */
      request->pci = g_strdup (args[0]);
      break;

    case DOMUS_REQUEST_PAUSE:
    case DOMUS_REQUEST_UNPAUSE:
    case DOMUS_REQUEST_SHUTDOWN:
    case DOMUS_REQUEST_REBOOT:
    case DOMUS_REQUEST_DESTROY:
    case DOMUS_REQUEST_RESTORE:
    case DOMUS_REQUEST_CREATE:
    default:
      break;
    }

  return TRUE;
}

DomusDomain *
domus_command_find_domain (DomusHost   *host,
                           const char  *text,
                           GError     **error)
{
  DomusDomain *domain;

  g_return_val_if_fail (DOMUS_IS_HOST (host), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  /* Domus gives no domain a name of digits only. */
  domain = domus_domain_text_is_id (text)
           ? domus_host_lookup_domain_by_id (host, (guint) MIN (g_ascii_strtoull (text, NULL, 10), G_MAXUINT))
           : domus_host_lookup_domain_by_name (host, text);
  if (domain == NULL)
    g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND, _("no domain named or numbered “%s”"), text);
  return domain;
}

/* save's --checkpoint and restore's --name, taken out of @argv (after the
 * command's name) so that the rest counts as before; xl's -c too. */
static GPtrArray *
take_options (DomusRequestKind      kind,
              const char * const   *argv,
              gboolean             *checkpoint,
              char                **new_name,
              gboolean             *keep,
              GError              **error)
{
  g_autoptr(GPtrArray) rest = g_ptr_array_new ();

  for (guint i = 0; argv[i] != NULL; i++)
    {
      const char *arg = argv[i];

      if (kind == DOMUS_REQUEST_SAVE && (g_str_equal (arg, "--checkpoint") || g_str_equal (arg, "-c")))
        *checkpoint = TRUE;
      else if ((kind == DOMUS_REQUEST_PCI_ATTACH || kind == DOMUS_REQUEST_PCI_DETACH)
               && (g_str_equal (arg, "--keep") || g_str_equal (arg, "-k")))
        *keep = TRUE;
      /* xl's -r (rebind to the driver it had): Domus always does. */
      else if (kind == DOMUS_REQUEST_PCI_ASSIGNABLE_REMOVE && g_str_equal (arg, "-r"))
        continue;
      else if (domus_request_kind_is_pci (kind) && arg[0] == '-' && arg[1] != '\0')
        {
          g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                       kind == DOMUS_REQUEST_PCI_ATTACH || kind == DOMUS_REQUEST_PCI_DETACH
                       ? _("unknown option “%s” (use --keep)")
                       : _("unknown option “%s”"), arg);
          return NULL;
        }
      else if (kind == DOMUS_REQUEST_RESTORE && g_str_has_prefix (arg, "--name="))
        {
          g_free (*new_name);
          *new_name = g_strdup (arg + strlen ("--name="));
        }
      else if (kind == DOMUS_REQUEST_RESTORE && g_str_equal (arg, "--name"))
        {
          if (argv[i + 1] == NULL)
            {
              g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT, _("--name needs a value"));
              return NULL;
            }
          g_free (*new_name);
          *new_name = g_strdup (argv[++i]);
        }
      else if ((kind == DOMUS_REQUEST_SAVE || kind == DOMUS_REQUEST_RESTORE)
               && arg[0] == '-' && arg[1] != '\0')
        {
          g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                       kind == DOMUS_REQUEST_SAVE
                       ? _("unknown option “%s” (use --checkpoint)")
                       : _("unknown option “%s” (use --name)"), arg);
          return NULL;
        }
      else
        g_ptr_array_add (rest, (char *) arg);
    }
  g_ptr_array_add (rest, NULL);
  return g_steal_pointer (&rest);
}

DomusRequest *
domus_command_parse (DomusHost           *host,
                     const char * const  *argv,
                     DomusDomain        **query_domain,
                     GError             **error)
{
  g_autoptr(DomusRequest) request = NULL;
  g_autoptr(GPtrArray) options = NULL;
  g_autofree char *new_name = NULL;
  gboolean checkpoint = FALSE, keep = FALSE;
  DomusDomain *domain = NULL;
  guint argc, c;

  g_return_val_if_fail (DOMUS_IS_HOST (host), NULL);
  g_return_val_if_fail (argv != NULL && argv[0] != NULL, NULL);

  if (query_domain != NULL)
    *query_domain = NULL;
  argc = g_strv_length ((char **) argv);

  for (c = 0; c < G_N_ELEMENTS (commands); c++)
    if (g_strcmp0 (commands[c].name, argv[0]) == 0)
      break;
  if (c == G_N_ELEMENTS (commands))
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                   _("unknown command “%s”"), argv[0]);
      return NULL;
    }

  options = take_options (commands[c].kind, argv + 1, &checkpoint, &new_name, &keep, error);
  if (options == NULL)
    return NULL;
  g_ptr_array_insert (options, 0, (char *) argv[0]);
  argv = (const char * const *) options->pdata;
  argc = options->len - 1;

  /* sched and cpupool-create take options; the others a fixed count. */
  if (argc - 1 < commands[c].n_args
      || (commands[c].kind != DOMUS_REQUEST_SCHEDULER && commands[c].kind != DOMUS_REQUEST_CPUPOOL_CREATE
          && argc - 1 > commands[c].n_args))
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                   _("wrong arguments for %s; usage:\n%s"), argv[0], domus_command_usage ());
      return NULL;
    }

  if (commands[c].kind == DOMUS_REQUEST_CPUPOOL_CREATE)
    {
      request = domus_request_new (commands[c].kind);
      if (!parse_cpupool_options (host, request, argv + 1, error))
        return NULL;
      return g_steal_pointer (&request);
    }
  if (domus_request_kind_is_cpupool (commands[c].kind))
    {
      request = domus_request_new (commands[c].kind);
      request->pool = g_strdup (argv[1]);
    }
  else if (commands[c].kind == DOMUS_REQUEST_PCI_ASSIGNABLE_ADD
           || commands[c].kind == DOMUS_REQUEST_PCI_ASSIGNABLE_REMOVE)
    request = domus_request_new_for_pci (commands[c].kind, argv[1]);
  else if (commands[c].kind != DOMUS_REQUEST_RESTORE && commands[c].kind != DOMUS_REQUEST_CREATE)
    {
      if (!(domain = domus_command_find_domain (host, argv[1], error)))
        return NULL;
      request = domus_request_new_for_domain (commands[c].kind, domain);
    }
  else
    {
      request = domus_request_new (commands[c].kind);
      request->path = g_strdup (argv[1]);
    }

  if (!parse_arguments (host, request, argv + 2, error))
    return NULL;
  request->checkpoint = checkpoint;
  request->new_name = g_steal_pointer (&new_name);
  request->keep = keep;
  /* sched without options asks for the domain's settings. */
  if (request->kind == DOMUS_REQUEST_SCHEDULER && request->weight < 0 && request->cap < 0)
    {
      if (query_domain != NULL)
        *query_domain = domain;
      return NULL;
    }

  return g_steal_pointer (&request);
}

void
domus_command_line_free (DomusCommandLine *line)
{
  g_free (line->where);
  g_strfreev (line->argv);
  g_free (line);
}

GPtrArray *
domus_command_parse_file (const char  *text,
                          const char  *name,
                          GError     **error)
{
  g_autoptr(GPtrArray) parsed = g_ptr_array_new_with_free_func ((GDestroyNotify) domus_command_line_free);
  g_auto(GStrv) lines = NULL;

  g_return_val_if_fail (text != NULL && name != NULL, NULL);

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *where = g_strdup_printf ("%s:%u", name, i + 1);
      g_autoptr(GError) local_error = NULL;
      g_auto(GStrv) argv = NULL;
      DomusCommandLine *parsed_line;
      const char *line = g_strstrip (lines[i]);
      char **command;
      guint64 at = 0;
      int argc;

      if (line[0] == '\0' || line[0] == '#')
        continue;
      if (!g_shell_parse_argv (line, &argc, &argv, &local_error))
        {
          g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE, "%s: %s", where, local_error->message);
          return NULL;
        }

      command = argv;
      if (g_strcmp0 (argv[0], "at") == 0)
        {
          if (argc < 3 || !g_ascii_string_to_unsigned (argv[1], 10, 0, 86400 * 365, &at, NULL))
            {
              g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE,
                           _("%s: “at” takes whole seconds of simulated time, then a command"), where);
              return NULL;
            }
          command = argv + 2;
        }
      if (!domus_command_exists (command[0]))
        {
          g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE, _("%s: unknown command “%s”"),
                       where, command[0]);
          return NULL;
        }

      parsed_line = g_new0 (DomusCommandLine, 1);
      parsed_line->where = g_steal_pointer (&where);
      parsed_line->at = (guint) at;
      parsed_line->argv = g_strdupv (command);
      g_ptr_array_add (parsed, parsed_line);
    }
  return g_steal_pointer (&parsed);
}
