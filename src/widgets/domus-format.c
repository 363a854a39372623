/* domus-format.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-format"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "domus-format.h"

/* Memory as xl shows it, in MiB, switching to GiB from 10 GiB up. */
char *
domus_format_memory_kib (guint64 kib)
{
  if (kib >= G_GUINT64_CONSTANT (10) * 1024 * 1024)
    /* TRANSLATORS: gibibytes */
    return g_strdup_printf (_("%.1f GiB"), kib / (1024.0 * 1024.0));
  /* TRANSLATORS: mebibytes */
  return g_strdup_printf (_("%u MiB"), (guint) (kib / 1024));
}

char *
domus_format_byte_rate (double bytes_per_s)
{
  if (bytes_per_s >= 1024.0 * 1024.0 * 1024.0)
    /* TRANSLATORS: gibibytes a second */
    return g_strdup_printf (_("%.1f GiB/s"), bytes_per_s / (1024.0 * 1024.0 * 1024.0));
  if (bytes_per_s >= 1024.0 * 1024.0)
    /* TRANSLATORS: mebibytes a second */
    return g_strdup_printf (_("%.1f MiB/s"), bytes_per_s / (1024.0 * 1024.0));
  if (bytes_per_s >= 1024.0)
    /* TRANSLATORS: kibibytes a second */
    return g_strdup_printf (_("%.1f KiB/s"), bytes_per_s / 1024.0);
  /* TRANSLATORS: bytes a second */
  return g_strdup_printf (_("%.0f B/s"), MAX (bytes_per_s, 0.0));
}

char *
domus_format_percent (double percent)
{
  /* TRANSLATORS: a CPU percentage with one decimal; use your locale's spacing */
  return g_strdup_printf (_("%.1f %%"), percent);
}

char *
domus_format_seconds (guint64 ns)
{
  /* TRANSLATORS: seconds of CPU time with one decimal */
  return g_strdup_printf (_("%.1f s"), ns / 1e9);
}

const char *
domus_format_domain_type (DomusDomainType type)
{
  switch (type)
    {
    case DOMUS_DOMAIN_TYPE_PV: return C_("domain type", "PV");
    case DOMUS_DOMAIN_TYPE_PVH: return C_("domain type", "PVH");
    case DOMUS_DOMAIN_TYPE_HVM: return C_("domain type", "HVM");
    default: g_return_val_if_reached ("");
    }
}

const char *
domus_format_domain_state (DomusDomainState state)
{
  switch (state)
    {
    case DOMUS_DOMAIN_STATE_RUNNING: return C_("domain state", "Running");
    case DOMUS_DOMAIN_STATE_BLOCKED: return C_("domain state", "Blocked");
    case DOMUS_DOMAIN_STATE_PAUSED: return C_("domain state", "Paused");
    case DOMUS_DOMAIN_STATE_SHUTDOWN: return C_("domain state", "Shut down");
    case DOMUS_DOMAIN_STATE_CRASHED: return C_("domain state", "Crashed");
    case DOMUS_DOMAIN_STATE_DYING: return C_("domain state", "Dying");
    default: g_return_val_if_reached ("");
    }
}

const char *
domus_format_vcpu_state (DomusVcpuState state)
{
  switch (state)
    {
    case DOMUS_VCPU_STATE_RUNNING: return C_("vcpu state", "Running");
    case DOMUS_VCPU_STATE_RUNNABLE: return C_("vcpu state", "Waiting");
    case DOMUS_VCPU_STATE_BLOCKED: return C_("vcpu state", "Blocked");
    case DOMUS_VCPU_STATE_PAUSED: return C_("vcpu state", "Paused");
    case DOMUS_VCPU_STATE_OFFLINE: return C_("vcpu state", "Offline");
    default: g_return_val_if_reached ("");
    }
}

const char *
domus_format_scheduler (DomusScheduler scheduler)
{
  switch (scheduler)
    {
    case DOMUS_SCHEDULER_CREDIT: return C_("scheduler", "Credit");
    case DOMUS_SCHEDULER_CREDIT2: return C_("scheduler", "Credit2");
    default: g_return_val_if_reached ("");
    }
}

/* A lifecycle benchmark's step ("create", "ready", …, "destroy"), for people. */
const char *
domus_format_bench_step (const char *step)
{
  if (g_strcmp0 (step, "create") == 0)
    /* TRANSLATORS: the step of a lifecycle benchmark that creates a domain */
    return C_("bench step", "Create");
  if (g_strcmp0 (step, "destroy") == 0)
    /* TRANSLATORS: the step of a lifecycle benchmark that destroys a domain */
    return C_("bench step", "Destroy");
  if (g_strcmp0 (step, "ready") == 0)
    /* TRANSLATORS: the step of a lifecycle benchmark: from created to the guest's login prompt */
    return C_("bench step", "Ready");
  if (g_strcmp0 (step, "save") == 0)
    return C_("bench step", "Save");
  if (g_strcmp0 (step, "restore") == 0)
    return C_("bench step", "Restore");
  if (g_strcmp0 (step, "checkpoint") == 0)
    /* TRANSLATORS: the step of a lifecycle benchmark that saves a domain which keeps running */
    return C_("bench step", "Checkpoint");
  if (g_strcmp0 (step, "migrate") == 0)
    return C_("bench step", "Migrate");
  if (g_strcmp0 (step, "return") == 0)
    /* TRANSLATORS: the step of a lifecycle benchmark that migrates a domain back to this host */
    return C_("bench step", "Return");
  if (g_strcmp0 (step, "shutdown") == 0)
    return C_("bench step", "Shut Down");
  return step;
}

double
domus_nice_step (double range,
                 guint  max_intervals)
{
  static const double mantissas[] = { 1, 2, 2.5, 5, 10 };
  double magnitude = pow (10, floor (log10 (range / max_intervals)));

  for (guint i = 0; i < G_N_ELEMENTS (mantissas); i++)
    {
      double step = mantissas[i] * magnitude;

      if (ceil (range / step - 1e-9) <= max_intervals)
        return step;
    }
  return 10 * magnitude;
}

int
domus_decimals_for (double step)
{
  int decimals = 0;

  while (decimals < 3 && fabs (step - round (step)) > 1e-6 * step)
    {
      step *= 10;
      decimals++;
    }
  return decimals;
}
