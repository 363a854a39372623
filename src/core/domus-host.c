/* domus-host.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-host"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

#include "domus-domain-private.h"
#include "domus-enums.h"
#include "domus-error.h"
#include "domus-host-private.h"
#include "vnc/domus-vnc-address.h"

typedef struct
{
  char           *backend_name;
  gboolean        simulated;
  char           *notice;
  char           *xen_version;
  char           *hostname;
  guint           n_pcpus;
  guint64         total_memory_kib;
  guint64         free_memory_kib;
  DomusScheduler  scheduler;

  GListStore     *domains;        /* DomusDomain, sorted by id */
  GPtrArray      *domain_array;   /* the same, for cheap indexing */
  GListStore     *cpupools;       /* DomusCpupool, sorted by id */
  GListStore     *volume_groups;  /* DomusVolumeGroup, sorted by name */
  DomusClock     *clock;
  DomusTimeline  *timeline;
  DomusSeries    *series;

  guint           refresh_interval;
  guint           timer_id;       /* kept when driven: it steps a virtual clock */
  gboolean        driven;         /* refreshed only when asked */
  gboolean        pushed;         /* the backend sends samples by itself: no timer */
  gboolean        refresh_pending;
  gboolean        started;        /* _domus_host_start() was called */
  gboolean        refresh_again;   /* asked for while one was under way */
  GError         *error;
  GHashTable     *busy;           /* domid → DomusRequestKind of its lifecycle request */

  /* The previous sample's counters, for rates. */
  gint64          last_time_us;
  guint64        *last_pcpu_busy_ns;
  double         *series_row;     /* scratch row for the host's history */

  DomusHostSampleTap sample_tap;
  gpointer           sample_tap_data;

  /* Lazy domains (_domus_host_set_lazy_domains()): the last sample not yet
   * applied to them, and the time of the one they show. */
  gboolean         lazy_domains;
  DomusHostSample *pending;
  gint64           domains_time_us;
  gint64           domains_tick;
  gboolean         domains_applied;
} DomusHostPrivate;

static void domus_host_flush_domains (DomusHost *self);

enum {
  PROP_0,
  PROP_BACKEND_NAME,
  PROP_SIMULATED,
  PROP_NOTICE,
  PROP_XEN_VERSION,
  PROP_HOSTNAME,
  PROP_N_PCPUS,
  PROP_TOTAL_MEMORY_KIB,
  PROP_FREE_MEMORY_KIB,
  PROP_SCHEDULER,
  PROP_DOMAINS,
  PROP_CPUPOOLS,
  PROP_CLOCK,
  PROP_TIMELINE,
  PROP_SERIES,
  PROP_REFRESH_INTERVAL,
  PROP_ERROR,
  PROP_READY,
  N_PROPS
};

enum {
  REFRESHED,
  REQUEST_COMPLETED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (DomusHost, domus_host, G_TYPE_OBJECT)

#define PRIV(self) ((DomusHostPrivate *) domus_host_get_instance_private (self))

static void
domus_host_dispose (GObject *object)
{
  DomusHostPrivate *priv = PRIV (DOMUS_HOST (object));

  if (priv->clock != NULL && priv->timer_id != 0)
    domus_clock_remove_timer (priv->clock, priv->timer_id);
  priv->timer_id = 0;
  g_clear_object (&priv->clock);
  g_clear_pointer (&priv->pending, domus_host_sample_free);
  g_clear_object (&priv->domains);
  g_clear_pointer (&priv->domain_array, g_ptr_array_unref);
  g_clear_object (&priv->cpupools);
  g_clear_object (&priv->volume_groups);
  g_clear_object (&priv->series);
  g_clear_object (&priv->timeline);

  G_OBJECT_CLASS (domus_host_parent_class)->dispose (object);
}

static void
domus_host_finalize (GObject *object)
{
  DomusHostPrivate *priv = PRIV (DOMUS_HOST (object));

  g_free (priv->backend_name);
  g_free (priv->notice);
  g_free (priv->xen_version);
  g_free (priv->hostname);
  g_free (priv->last_pcpu_busy_ns);
  g_free (priv->series_row);
  g_clear_error (&priv->error);
  g_hash_table_unref (priv->busy);

  G_OBJECT_CLASS (domus_host_parent_class)->finalize (object);
}

static void
domus_host_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  DomusHost *self = DOMUS_HOST (object);
  DomusHostPrivate *priv = PRIV (self);

  switch (prop_id)
    {
    case PROP_BACKEND_NAME: g_value_set_string (value, priv->backend_name); break;
    case PROP_SIMULATED: g_value_set_boolean (value, priv->simulated); break;
    case PROP_NOTICE: g_value_set_string (value, priv->notice); break;
    case PROP_XEN_VERSION: g_value_set_string (value, priv->xen_version); break;
    case PROP_HOSTNAME: g_value_set_string (value, priv->hostname); break;
    case PROP_N_PCPUS: g_value_set_uint (value, priv->n_pcpus); break;
    case PROP_TOTAL_MEMORY_KIB: g_value_set_uint64 (value, priv->total_memory_kib); break;
    case PROP_FREE_MEMORY_KIB: g_value_set_uint64 (value, priv->free_memory_kib); break;
    case PROP_SCHEDULER: g_value_set_enum (value, priv->scheduler); break;
    case PROP_DOMAINS:
      domus_host_flush_domains (DOMUS_HOST (object));
      g_value_set_object (value, priv->domains);
      break;
    case PROP_CPUPOOLS: g_value_set_object (value, priv->cpupools); break;
    case PROP_CLOCK: g_value_set_object (value, priv->clock); break;
    case PROP_TIMELINE: g_value_set_object (value, priv->timeline); break;
    case PROP_SERIES: g_value_set_object (value, priv->series); break;
    case PROP_REFRESH_INTERVAL: g_value_set_uint (value, priv->refresh_interval); break;
    case PROP_ERROR: g_value_set_boxed (value, priv->error); break;
    case PROP_READY: g_value_set_boolean (value, domus_host_is_ready (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
domus_host_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  DomusHost *self = DOMUS_HOST (object);
  DomusHostPrivate *priv = PRIV (self);

  switch (prop_id)
    {
    case PROP_BACKEND_NAME:
      priv->backend_name = g_value_dup_string (value);
      break;
    case PROP_SIMULATED:
      priv->simulated = g_value_get_boolean (value);
      break;
    case PROP_NOTICE:
      domus_host_set_notice (self, g_value_get_string (value));
      break;
    case PROP_CLOCK:
      priv->clock = g_value_dup_object (value);
      break;
    case PROP_REFRESH_INTERVAL:
      domus_host_set_refresh_interval (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
domus_host_constructed (GObject *object)
{
  DomusHostPrivate *priv = PRIV (DOMUS_HOST (object));

  G_OBJECT_CLASS (domus_host_parent_class)->constructed (object);

  if (priv->clock == NULL)
    priv->clock = domus_clock_new_wall ();
}

static GSocketConnectable *
domus_host_real_screen_address (DomusHost    *self,
                                DomusDomain  *domain,
                                char        **where,
                                GError      **error)
{
  const char *address = domus_domain_get_vnc_address (domain);

  if (address == NULL)
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND,
                   _("The host reports no VNC server for “%s”"), domus_domain_get_name (domain));
      return NULL;
    }
  /* The host reports it from xenstore, which the guest may write. */
  return domus_vnc_address_to_connectable (address, where, error);
}

static int
domus_host_real_open_console (DomusHost    *self,
                              DomusDomain  *domain,
                              char        **where,
                              GError      **error)
{
  const char *path = domus_domain_get_console_path (domain);
  struct termios termios;
  int fd, saved_errno;

  if (path == NULL)
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND, _("Domain %u has no text console"),
                   domus_domain_get_id (domain));
      return -1;
    }
  /* As xl console: the pty's slave, raw, so that keys reach the guest as
   * typed and a prompt, which ends no line, is read at once. */
  fd = open (path, O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
  if (fd >= 0 && tcgetattr (fd, &termios) == 0)
    {
      cfmakeraw (&termios);
      if (tcsetattr (fd, TCSANOW, &termios) == 0)
        {
          if (where != NULL)
            *where = g_strdup (path);
          return fd;
        }
    }
  saved_errno = errno;
  if (fd >= 0)
    close (fd);
  /* TRANSLATORS: a pty path, then the system's reason */
  g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED, _("Cannot open %s: %s"), path, g_strerror (saved_errno));
  return -1;
}

static void
domus_host_class_init (DomusHostClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = domus_host_dispose;
  object_class->finalize = domus_host_finalize;
  klass->screen_address = domus_host_real_screen_address;
  klass->open_console = domus_host_real_open_console;
  object_class->get_property = domus_host_get_property;
  object_class->set_property = domus_host_set_property;
  object_class->constructed = domus_host_constructed;

  properties[PROP_BACKEND_NAME] =
    g_param_spec_string ("backend-name", NULL, NULL, NULL, construct);
  properties[PROP_SIMULATED] =
    g_param_spec_boolean ("simulated", NULL, NULL, FALSE, construct);
  properties[PROP_NOTICE] = g_param_spec_string ("notice", NULL, NULL, NULL, rw);
  properties[PROP_XEN_VERSION] = g_param_spec_string ("xen-version", NULL, NULL, NULL, ro);
  properties[PROP_HOSTNAME] = g_param_spec_string ("hostname", NULL, NULL, NULL, ro);
  properties[PROP_N_PCPUS] = g_param_spec_uint ("n-pcpus", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_TOTAL_MEMORY_KIB] =
    g_param_spec_uint64 ("total-memory-kib", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_FREE_MEMORY_KIB] =
    g_param_spec_uint64 ("free-memory-kib", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_SCHEDULER] =
    g_param_spec_enum ("scheduler", NULL, NULL,
                       DOMUS_TYPE_SCHEDULER, DOMUS_SCHEDULER_CREDIT, ro);
  properties[PROP_DOMAINS] = g_param_spec_object ("domains", NULL, NULL, G_TYPE_LIST_MODEL, ro);
  properties[PROP_CPUPOOLS] = g_param_spec_object ("cpupools", NULL, NULL, G_TYPE_LIST_MODEL, ro);
  properties[PROP_CLOCK] = g_param_spec_object ("clock", NULL, NULL, DOMUS_TYPE_CLOCK, construct);
  properties[PROP_TIMELINE] =
    g_param_spec_object ("timeline", NULL, NULL, DOMUS_TYPE_TIMELINE, ro);
  properties[PROP_SERIES] = g_param_spec_object ("series", NULL, NULL, DOMUS_TYPE_SERIES, ro);
  properties[PROP_REFRESH_INTERVAL] =
    g_param_spec_uint ("refresh-interval", NULL, NULL, 100, 60000, 1000, rw);
  properties[PROP_ERROR] = g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR, ro);
  properties[PROP_READY] = g_param_spec_boolean ("ready", NULL, NULL, FALSE, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DomusHost::refreshed:
   *
   * Emitted after a sample has been applied to the domains and histories;
   * not after a quick refresh that only updated settings and states.
   */
  signals[REFRESHED] =
    g_signal_new ("refreshed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * DomusHost::request-completed:
   * @request: what was asked
   * @error: (nullable): why it failed, or %NULL
   *
   * Emitted when a request has been answered, after its effect (if any) has
   * been read back into the domains.
   */
  signals[REQUEST_COMPLETED] =
    g_signal_new ("request-completed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, DOMUS_TYPE_REQUEST, G_TYPE_ERROR);
}

static void
domus_host_init (DomusHost *self)
{
  DomusHostPrivate *priv = PRIV (self);

  priv->refresh_interval = 1000;
  priv->domains = g_list_store_new (DOMUS_TYPE_DOMAIN);
  priv->domain_array = g_ptr_array_new_with_free_func (g_object_unref);
  priv->cpupools = g_list_store_new (DOMUS_TYPE_CPUPOOL);
  priv->volume_groups = g_list_store_new (DOMUS_TYPE_VOLUME_GROUP);
  priv->timeline = domus_timeline_new (DOMUS_HOST_HISTORY_LENGTH);
  priv->busy = g_hash_table_new (NULL, NULL);
}

void
_domus_host_set_facts (DomusHost      *self,
                       const char     *xen_version,
                       const char     *hostname,
                       guint           n_pcpus,
                       guint64         total_memory_kib,
                       DomusScheduler  scheduler)
{
  DomusHostPrivate *priv = PRIV (self);

  g_return_if_fail (DOMUS_IS_HOST (self));
  g_return_if_fail (priv->series == NULL);
  g_return_if_fail (n_pcpus > 0);

  priv->xen_version = g_strdup (xen_version);
  priv->hostname = g_strdup (hostname);
  priv->n_pcpus = n_pcpus;
  priv->total_memory_kib = total_memory_kib;
  priv->scheduler = scheduler;
  priv->last_pcpu_busy_ns = g_new0 (guint64, n_pcpus);
  priv->series_row = g_new0 (double, DOMUS_HOST_SERIES_PCPU0 + n_pcpus);

  priv->series = domus_series_new (priv->timeline, DOMUS_HOST_SERIES_PCPU0 + n_pcpus);
  domus_series_set_channel (priv->series, DOMUS_HOST_SERIES_FREE_MEMORY,
                            MAX (total_memory_kib / 1024.0, 1.0), 16);
}

/* The timer's refresh: a slow backend skips a beat rather than piling
 * refreshes up. */
static gboolean
domus_host_timer_cb (gpointer data)
{
  DomusHost *self = DOMUS_HOST (data);
  DomusHostPrivate *priv = PRIV (self);

  if (!priv->refresh_pending && !priv->driven)
    {
      priv->refresh_pending = TRUE;
      DOMUS_HOST_GET_CLASS (self)->refresh (self);
    }
  return G_SOURCE_CONTINUE;
}

/* A refresh asked for while one was under way (after a request, or when a
 * backend saw a domain come or go) runs once that one ends: the one under
 * way may have read the host before the change. */
static void
domus_host_refresh_again (DomusHost *self)
{
  DomusHostPrivate *priv = PRIV (self);

  if (priv->refresh_again)
    {
      priv->refresh_again = FALSE;
      domus_host_refresh (self);
    }
}

void
_domus_host_start (DomusHost *self)
{
  DomusHostPrivate *priv = PRIV (self);

  g_return_if_fail (DOMUS_IS_HOST (self));
  g_return_if_fail (priv->timer_id == 0);
  g_return_if_fail (priv->series != NULL);

  domus_host_refresh (self);
  if (!priv->pushed)
    priv->timer_id = domus_clock_add_timer (priv->clock,
                                            (gint64) priv->refresh_interval * 1000,
                                            domus_host_timer_cb, self, NULL);
  priv->started = TRUE;
}

void
_domus_host_set_pushed (DomusHost *self,
                        gboolean   pushed)
{
  DomusHostPrivate *priv = PRIV (self);

  g_return_if_fail (DOMUS_IS_HOST (self));

  priv->pushed = pushed;
  if (pushed && priv->timer_id != 0)
    {
      domus_clock_remove_timer (priv->clock, priv->timer_id);
      priv->timer_id = 0;
    }
  else if (!pushed && priv->started && priv->timer_id == 0)
    priv->timer_id = domus_clock_add_timer (priv->clock,
                                            (gint64) priv->refresh_interval * 1000,
                                            domus_host_timer_cb, self, NULL);
}

gboolean
_domus_host_is_pushed (DomusHost *self)
{
  g_return_val_if_fail (DOMUS_IS_HOST (self), FALSE);

  return PRIV (self)->pushed;
}

void
_domus_host_set_driven (DomusHost *self,
                        gboolean   driven)
{
  g_return_if_fail (DOMUS_IS_HOST (self));

  PRIV (self)->driven = driven;
}

gboolean
_domus_host_is_refreshing (DomusHost *self)
{
  DomusHostPrivate *priv = PRIV (self);

  g_return_val_if_fail (DOMUS_IS_HOST (self), FALSE);

  return priv->refresh_pending || priv->refresh_again;
}

void
domus_host_refresh (DomusHost *self)
{
  DomusHostPrivate *priv = PRIV (self);

  g_return_if_fail (DOMUS_IS_HOST (self));

  if (priv->refresh_pending)
    {
      priv->refresh_again = TRUE;
      return;
    }

  priv->refresh_pending = TRUE;
  DOMUS_HOST_GET_CLASS (self)->refresh (self);
}

/* Walks the old list and the new sample together, both sorted by id: updates
 * in place, removes the domains that went away and inserts the new ones, so
 * that each arrival or departure is one items-changed at its position. */
static void
domus_host_apply_domains (DomusHost       *self,
                          DomusHostSample *sample,
                          gint64           elapsed_us)
{
  DomusHostPrivate *priv = PRIV (self);
  double memory_scale = MAX (priv->total_memory_kib / 1024.0, 1.0);
  guint i = 0;

  for (guint j = 0; j < sample->domains->len; j++)
    {
      const DomusDomainSample *ds = g_ptr_array_index (sample->domains, j);
      DomusDomain *domain;

      /* Domains before this id are gone. */
      while (i < priv->domain_array->len
             && domus_domain_get_id (g_ptr_array_index (priv->domain_array, i)) < ds->id)
        {
          g_ptr_array_remove_index (priv->domain_array, i);
          g_list_store_remove (priv->domains, i);
        }

      /* Same id, another domain (the id was reused): replace it. */
      if (i < priv->domain_array->len
          && domus_domain_get_id (g_ptr_array_index (priv->domain_array, i)) == ds->id
          && g_strcmp0 (domus_domain_get_uuid (g_ptr_array_index (priv->domain_array, i)),
                        ds->uuid) != 0)
        {
          g_ptr_array_remove_index (priv->domain_array, i);
          g_list_store_remove (priv->domains, i);
        }

      if (i < priv->domain_array->len
          && domus_domain_get_id (g_ptr_array_index (priv->domain_array, i)) == ds->id)
        {
          domain = g_ptr_array_index (priv->domain_array, i);
          _domus_domain_update (domain, ds, elapsed_us);
        }
      else
        {
          domain = _domus_domain_new (ds, priv->timeline, memory_scale);
          _domus_domain_update (domain, ds, 0);
          g_ptr_array_insert (priv->domain_array, i, domain);
          g_list_store_insert (priv->domains, i, domain);
        }
      i++;
    }

  while (i < priv->domain_array->len)
    {
      g_ptr_array_remove_index (priv->domain_array, i);
      g_list_store_remove (priv->domains, i);
    }
}

/* Lazy domains: @sample waits until someone looks at the domains; a newer
 * one takes its place (it carries every domain as it is now). */
static void
domus_host_keep_pending (DomusHost       *self,
                         DomusHostSample *sample)
{
  DomusHostPrivate *priv = PRIV (self);

  g_clear_pointer (&priv->pending, domus_host_sample_free);
  priv->pending = sample;
}

/* Applies the sample that waits, if any: rates over the time since the
 * one the domains last recorded, in the host's history at its tick; when
 * they recorded one at this tick already, states and settings alone (as
 * _domus_host_push_sample() does for a refresh soon after another). */
static void
domus_host_flush_domains (DomusHost *self)
{
  DomusHostPrivate *priv = PRIV (self);
  g_autoptr(DomusHostSample) sample = g_steal_pointer (&priv->pending);
  gint64 tick = domus_timeline_get_tick (priv->timeline);

  if (sample == NULL)
    return;
  if (priv->domains_applied && tick <= priv->domains_tick)
    {
      domus_host_apply_domains (self, sample, -1);
      return;
    }
  domus_host_apply_domains (self, sample, priv->domains_applied ? sample->time_us - priv->domains_time_us : 0);
  priv->domains_time_us = sample->time_us;
  priv->domains_tick = tick;
  priv->domains_applied = TRUE;
}

void
_domus_host_set_lazy_domains (DomusHost *self,
                              gboolean   lazy)
{
  DomusHostPrivate *priv = PRIV (self);

  g_return_if_fail (DOMUS_IS_HOST (self));

  if (!lazy)
    domus_host_flush_domains (self);
  else if (!priv->lazy_domains)
    {
      /* The domains show the last sample, if any. */
      priv->domains_applied = domus_host_is_ready (self);
      priv->domains_time_us = priv->last_time_us;
      priv->domains_tick = domus_timeline_get_tick (priv->timeline);
    }
  priv->lazy_domains = lazy;
}

/* @asked: the sample answers the refresh under way (the backend's, or
 * the timer's); one the backend sends by itself leaves it under way. */
static void
domus_host_take_sample (DomusHost       *self,
                        DomusHostSample *sample,
                        gboolean         asked)
{
  DomusHostPrivate *priv = PRIV (self);
  gboolean was_ready;
  gint64 elapsed_us;
  double *row;

  if (asked)
    priv->refresh_pending = FALSE;
  if (priv->sample_tap != NULL)
    priv->sample_tap (self, sample, priv->sample_tap_data);
  was_ready = domus_host_is_ready (self);
  elapsed_us = was_ready ? sample->time_us - priv->last_time_us : 0;

  /* A refresh soon after the last one (to show a change at once) updates
   * settings and states only: rates over a sliver of time would be noise,
   * and the history keeps its regular steps. */
  if (was_ready && elapsed_us < (gint64) priv->refresh_interval * 1000 / 2)
    {
      _domus_host_apply_cpupools (self, priv->cpupools, sample);
      if (!priv->lazy_domains)
        domus_host_apply_domains (self, sample, -1);
      else
        domus_host_keep_pending (self, g_steal_pointer (&sample));
      domus_host_sample_free (sample);
      if (asked)
        domus_host_refresh_again (self);
      return;
    }

  g_object_freeze_notify (G_OBJECT (self));

  domus_timeline_push (priv->timeline, sample->time_us);
  _domus_host_apply_cpupools (self, priv->cpupools, sample);
  if (!priv->lazy_domains)
    domus_host_apply_domains (self, sample, elapsed_us);

  row = priv->series_row;
  row[DOMUS_HOST_SERIES_FREE_MEMORY] = sample->free_memory_kib / 1024.0;
  for (guint p = 0; p < priv->n_pcpus; p++)
    {
      row[DOMUS_HOST_SERIES_PCPU0 + p] = was_ready
        ? domus_cpu_percent (sample->pcpu_busy_ns[p], priv->last_pcpu_busy_ns[p], elapsed_us)
        : NAN;
      priv->last_pcpu_busy_ns[p] = sample->pcpu_busy_ns[p];
    }
  domus_series_push (priv->series, row);

  priv->last_time_us = sample->time_us;
  if (priv->free_memory_kib != sample->free_memory_kib)
    {
      priv->free_memory_kib = sample->free_memory_kib;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FREE_MEMORY_KIB]);
    }
  if (priv->error != NULL)
    {
      g_clear_error (&priv->error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
    }
  if (!was_ready)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);

  g_object_thaw_notify (G_OBJECT (self));

  if (priv->lazy_domains)
    domus_host_keep_pending (self, g_steal_pointer (&sample));
  domus_host_sample_free (sample);
  g_signal_emit (self, signals[REFRESHED], 0);
  if (asked)
    domus_host_refresh_again (self);
}

void
_domus_host_push_sample (DomusHost       *self,
                         DomusHostSample *sample)
{
  g_return_if_fail (DOMUS_IS_HOST (self));
  g_return_if_fail (sample != NULL);
  g_return_if_fail (sample->n_pcpus == PRIV (self)->n_pcpus);

  domus_host_take_sample (self, sample, TRUE);
}

void
_domus_host_push_sample_unasked (DomusHost       *self,
                                 DomusHostSample *sample)
{
  g_return_if_fail (DOMUS_IS_HOST (self));
  g_return_if_fail (sample != NULL);
  g_return_if_fail (sample->n_pcpus == PRIV (self)->n_pcpus);

  domus_host_take_sample (self, sample, FALSE);
}

void
_domus_host_refresh_done (DomusHost *self)
{
  DomusHostPrivate *priv = PRIV (self);

  g_return_if_fail (DOMUS_IS_HOST (self));

  if (!priv->refresh_pending)
    return;
  priv->refresh_pending = FALSE;
  domus_host_refresh_again (self);
}

void
_domus_host_set_sample_tap (DomusHost          *self,
                            DomusHostSampleTap  tap,
                            gpointer            user_data)
{
  DomusHostPrivate *priv = PRIV (self);

  g_return_if_fail (DOMUS_IS_HOST (self));

  priv->sample_tap = tap;
  priv->sample_tap_data = user_data;
}

void
_domus_host_push_error (DomusHost *self,
                        GError    *error)
{
  DomusHostPrivate *priv = PRIV (self);

  g_return_if_fail (DOMUS_IS_HOST (self));
  g_return_if_fail (error != NULL);

  priv->refresh_pending = FALSE;
  /* A host that stays unreachable fails every refresh the same way: that
   * is no news. */
  if (priv->error != NULL && g_error_matches (priv->error, error->domain, error->code)
      && g_str_equal (priv->error->message, error->message))
    {
      g_error_free (error);
      return;
    }
  g_clear_error (&priv->error);
  priv->error = error;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

const char *
domus_host_get_backend_name (DomusHost *self)
{
  g_return_val_if_fail (DOMUS_IS_HOST (self), NULL);
  return PRIV (self)->backend_name;
}

gboolean
domus_host_is_simulated (DomusHost *self)
{
  g_return_val_if_fail (DOMUS_IS_HOST (self), FALSE);
  return PRIV (self)->simulated;
}

const char *
domus_host_get_notice (DomusHost *self)
{
  g_return_val_if_fail (DOMUS_IS_HOST (self), NULL);
  return PRIV (self)->notice;
}

void
domus_host_set_notice (DomusHost  *self,
                       const char *notice)
{
  DomusHostPrivate *priv = PRIV (self);

  g_return_if_fail (DOMUS_IS_HOST (self));

  if (g_strcmp0 (priv->notice, notice) == 0)
    return;

  g_free (priv->notice);
  priv->notice = g_strdup (notice);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTICE]);
}

const char *
domus_host_get_xen_version (DomusHost *self)
{
  g_return_val_if_fail (DOMUS_IS_HOST (self), NULL);
  return PRIV (self)->xen_version;
}

const char *
domus_host_get_hostname (DomusHost *self)
{
  g_return_val_if_fail (DOMUS_IS_HOST (self), NULL);
  return PRIV (self)->hostname;
}

guint
domus_host_get_n_pcpus (DomusHost *self)
{
  g_return_val_if_fail (DOMUS_IS_HOST (self), 0);
  return PRIV (self)->n_pcpus;
}

guint64
domus_host_get_total_memory_kib (DomusHost *self)
{
  g_return_val_if_fail (DOMUS_IS_HOST (self), 0);
  return PRIV (self)->total_memory_kib;
}

guint64
domus_host_get_free_memory_kib (DomusHost *self)
{
  g_return_val_if_fail (DOMUS_IS_HOST (self), 0);
  return PRIV (self)->free_memory_kib;
}

DomusScheduler
domus_host_get_scheduler (DomusHost *self)
{
  g_return_val_if_fail (DOMUS_IS_HOST (self), DOMUS_SCHEDULER_CREDIT);
  return PRIV (self)->scheduler;
}

GListModel *
domus_host_get_domains (DomusHost *self)
{
  g_return_val_if_fail (DOMUS_IS_HOST (self), NULL);
  domus_host_flush_domains (self);
  return G_LIST_MODEL (PRIV (self)->domains);
}

/* Like xl: a number is a domain id, anything else a name. */
DomusDomain *
domus_host_lookup_domain_by_name (DomusHost  *self,
                                  const char *name)
{
  DomusHostPrivate *priv = PRIV (self);

  g_return_val_if_fail (DOMUS_IS_HOST (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  domus_host_flush_domains (self);
  for (guint i = 0; i < priv->domain_array->len; i++)
    {
      DomusDomain *domain = g_ptr_array_index (priv->domain_array, i);

      if (g_strcmp0 (domus_domain_get_name (domain), name) == 0)
        return domain;
    }
  return NULL;
}

DomusDomain *
domus_host_lookup_domain_by_id (DomusHost *self,
                                guint      id)
{
  DomusHostPrivate *priv = PRIV (self);

  g_return_val_if_fail (DOMUS_IS_HOST (self), NULL);

  domus_host_flush_domains (self);
  for (guint i = 0; i < priv->domain_array->len; i++)
    {
      DomusDomain *domain = g_ptr_array_index (priv->domain_array, i);

      if (domus_domain_get_id (domain) == id)
        return domain;
    }
  return NULL;
}

GListModel *
domus_host_get_volume_groups (DomusHost *self)
{
  g_return_val_if_fail (DOMUS_IS_HOST (self), NULL);
  return G_LIST_MODEL (PRIV (self)->volume_groups);
}

GListModel *
domus_host_get_cpupools (DomusHost *self)
{
  g_return_val_if_fail (DOMUS_IS_HOST (self), NULL);
  return G_LIST_MODEL (PRIV (self)->cpupools);
}

DomusClock *
domus_host_get_clock (DomusHost *self)
{
  g_return_val_if_fail (DOMUS_IS_HOST (self), NULL);
  return PRIV (self)->clock;
}

DomusTimeline *
domus_host_get_timeline (DomusHost *self)
{
  g_return_val_if_fail (DOMUS_IS_HOST (self), NULL);
  return PRIV (self)->timeline;
}

DomusSeries *
domus_host_get_series (DomusHost *self)
{
  g_return_val_if_fail (DOMUS_IS_HOST (self), NULL);
  return PRIV (self)->series;
}

guint
domus_host_get_refresh_interval (DomusHost *self)
{
  g_return_val_if_fail (DOMUS_IS_HOST (self), 0);
  return PRIV (self)->refresh_interval;
}

void
domus_host_set_refresh_interval (DomusHost *self,
                                 guint      msec)
{
  DomusHostPrivate *priv = PRIV (self);

  g_return_if_fail (DOMUS_IS_HOST (self));
  g_return_if_fail (msec >= 100);

  if (priv->refresh_interval == msec)
    return;

  priv->refresh_interval = msec;
  if (priv->timer_id != 0)
    domus_clock_set_timer_interval (priv->clock, priv->timer_id, (gint64) msec * 1000);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFRESH_INTERVAL]);
}

const GError *
domus_host_get_error (DomusHost *self)
{
  g_return_val_if_fail (DOMUS_IS_HOST (self), NULL);
  return PRIV (self)->error;
}

gboolean
domus_host_is_ready (DomusHost *self)
{
  g_return_val_if_fail (DOMUS_IS_HOST (self), FALSE);
  return domus_timeline_get_tick (PRIV (self)->timeline) > 0;
}

/* Answers the request of @outer (its reference taken) with @value or
 * @error (taken). */
void
_domus_host_finish_request (DomusHost *self,
                            GTask     *outer,
                            gint64     value,
                            GError    *error)
{
  DomusRequest *request = g_task_get_task_data (outer);

  /* Show the change at once rather than at the next tick. */
  domus_host_refresh (self);
  g_signal_emit (self, signals[REQUEST_COMPLETED], 0, request, error);

  if (error != NULL)
    g_task_return_error (outer, error);
  else
    g_task_return_int (outer, value);
  g_object_unref (outer);
}

static void
domus_host_request_done_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  DomusHost *self = DOMUS_HOST (object);
  GTask *outer = user_data;
  DomusRequest *request = g_task_get_task_data (outer);
  GError *error = NULL;
  gint64 value;

  if (_domus_host_is_lifecycle (request->kind))
    g_hash_table_remove (PRIV (self)->busy, GUINT_TO_POINTER (request->domid));

  value = g_task_propagate_int (G_TASK (result), &error);
  /* The devices are read again first: who has each changed. */
  if (domus_request_kind_is_pci (request->kind))
    _domus_host_pci_request_done (self, outer, value, error);
  else
    _domus_host_finish_request (self, outer, value, error);
}

GSocketConnectable *
domus_host_dup_screen_address (DomusHost    *self,
                               DomusDomain  *domain,
                               char        **where,
                               GError      **error)
{
  g_return_val_if_fail (DOMUS_IS_HOST (self), NULL);
  g_return_val_if_fail (DOMUS_IS_DOMAIN (domain), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return DOMUS_HOST_GET_CLASS (self)->screen_address (self, domain, where, error);
}

int
domus_host_open_console (DomusHost    *self,
                         DomusDomain  *domain,
                         char        **where,
                         GError      **error)
{
  g_return_val_if_fail (DOMUS_IS_HOST (self), -1);
  g_return_val_if_fail (DOMUS_IS_DOMAIN (domain), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  return DOMUS_HOST_GET_CLASS (self)->open_console (self, domain, where, error);
}

void
domus_host_request_async (DomusHost           *self,
                          DomusRequest        *request,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;

  g_return_if_fail (DOMUS_IS_HOST (self));
  g_return_if_fail (request != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, domus_host_request_async);
  g_task_set_task_data (task, request, (GDestroyNotify) domus_request_free);

  if (!_domus_host_check_request (self, request, PRIV (self)->busy, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* A PCI request is checked against the devices read now, then performed. */
  if (domus_request_kind_is_pci (request->kind))
    _domus_host_pci_check_request (self, g_steal_pointer (&task));
  else
    _domus_host_perform_checked (self, g_steal_pointer (&task));
}

void
_domus_host_perform_checked (DomusHost *self,
                             GTask     *outer)
{
  g_autoptr(GTask) task = outer;
  DomusRequest *request = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GTask *inner;

  if (DOMUS_HOST_GET_CLASS (self)->perform == NULL)
    {
      g_task_return_new_error (task, DOMUS_ERROR, DOMUS_ERROR_NOT_SUPPORTED,
                               _("%s cannot change domains"), domus_host_get_backend_name (self));
      return;
    }

  if (_domus_host_is_lifecycle (request->kind))
    g_hash_table_insert (PRIV (self)->busy, GUINT_TO_POINTER (request->domid),
                         GUINT_TO_POINTER (request->kind));

  /* The backend completes an inner task; the outer one also refreshes. */
  inner = g_task_new (self, cancellable, domus_host_request_done_cb, g_steal_pointer (&task));
  g_task_set_source_tag (inner, DOMUS_HOST_GET_CLASS (self)->perform);
  DOMUS_HOST_GET_CLASS (self)->perform (self, request, inner);
  g_object_unref (inner);
}

gint64
domus_host_request_finish (DomusHost     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (DOMUS_IS_HOST (self), -1);
  g_return_val_if_fail (g_task_is_valid (result, self), -1);

  return g_task_propagate_int (G_TASK (result), error);
}

void
domus_host_get_info_async (DomusHost           *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DOMUS_IS_HOST (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, domus_host_get_info_async);
  if (DOMUS_HOST_GET_CLASS (self)->get_info == NULL)
    g_task_return_new_error (task, DOMUS_ERROR, DOMUS_ERROR_NOT_SUPPORTED,
                             _("%s cannot tell the host’s facts"), domus_host_get_backend_name (self));
  else
    DOMUS_HOST_GET_CLASS (self)->get_info (self, task);
}

DomusHostInfo *
domus_host_get_info_finish (DomusHost     *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  DomusHostInfo *info;
  DomusDomain *dom0;

  g_return_val_if_fail (DOMUS_IS_HOST (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  if (!(info = g_task_propagate_pointer (G_TASK (result), error)))
    return NULL;
  /* Domain-0's memory is the last sample's, for every backend. */
  if (info->dom0_memory_kib == 0 && (dom0 = domus_host_lookup_domain_by_id (self, 0)) != NULL)
    info->dom0_memory_kib = domus_domain_get_memory_kib (dom0);
  return info;
}

void
domus_host_read_log_async (DomusHost           *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DOMUS_IS_HOST (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, domus_host_read_log_async);
  if (DOMUS_HOST_GET_CLASS (self)->read_log == NULL)
    g_task_return_new_error (task, DOMUS_ERROR, DOMUS_ERROR_NOT_SUPPORTED,
                             _("%s cannot read Xen’s log"), domus_host_get_backend_name (self));
  else
    DOMUS_HOST_GET_CLASS (self)->read_log (self, task);
}

GBytes *
domus_host_read_log_finish (DomusHost     *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (DOMUS_IS_HOST (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
