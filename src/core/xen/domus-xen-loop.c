/* domus-xen-loop.c
 *
 * The rules (libxl_event.h, "OS event handling"): hooks run on any thread with
 * libxl's lock held, so they only create and destroy GSources (thread-safe)
 * and never call libxl; the sources' callbacks run on our context and call
 * libxl_osevent_occurred_*() with no lock of ours held.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-xen-loop"

#include "config.h"

#include <glib-unix.h>
#include <sys/time.h>
#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#endif

#include "domus-xen-loop.h"

struct _DomusXenLoop
{
  libxl_ctx           *ctx;
  GMainContext        *context;
  DomusXenEventFunc    func;
  gpointer             user_data;
  libxl_osevent_hooks  os_hooks;
  libxl_event_hooks    event_hooks;
  libxl_childproc_hooks child_hooks;
  GMutex               mutex;
  GPtrArray           *pending;   /* GSource* of events not yet delivered; under mutex */
  GHashTable          *timeouts;  /* Registration* libxl holds, not fired yet; under mutex */
  GRWLock               direct_calls;  /* readers: domus_xen_loop_begin_direct_calls(); writer: fork_hook() */
};

/* One fd or timeout registration; the GSource watching it holds a ref, and
 * so does libxl until it deregisters it (or, for a timeout, until it fired). */
typedef struct
{
  gatomicrefcount  ref;
  DomusXenLoop    *loop;
  GMutex           mutex;
  GSource         *source;    /* under mutex */
  void            *for_libxl;
  int              fd;        /* -1 for a timeout */
  short            events;    /* under mutex */
  gboolean         fired;     /* timeouts: under mutex */
} Registration;

static Registration *
registration_new (DomusXenLoop *loop,
                  int           fd,
                  void         *for_libxl)
{
  Registration *reg = g_new0 (Registration, 1);

  g_atomic_ref_count_init (&reg->ref);
  g_mutex_init (&reg->mutex);
  reg->loop = loop;
  reg->fd = fd;
  reg->for_libxl = for_libxl;
#if defined(__SANITIZE_ADDRESS__)
  /* @for_libxl is one of libxl's "nexi", which it keeps in pools for its
   * context's life and never frees, not even in libxl_ctx_free() (libxl.c,
   * libxl_event.c in 4.17). They are libxl's to free, not Domus's; whether
   * LeakSanitizer saw them as leaked depended on stale copies of the
   * pointers left on worker threads' stacks. */
  __lsan_ignore_object (for_libxl);
#endif
  return reg;
}

static Registration *
registration_ref (Registration *reg)
{
  g_atomic_ref_count_inc (&reg->ref);
  return reg;
}

static void
registration_unref (gpointer data)
{
  Registration *reg = data;

  if (!g_atomic_ref_count_dec (&reg->ref))
    return;
  g_mutex_clear (&reg->mutex);
  g_free (reg);
}

/* Replaces the registration's source; call with its mutex held. */
static void
registration_set_source (Registration *reg,
                         GSource      *source)
{
  if (reg->source != NULL)
    {
      g_source_destroy (reg->source);
      g_source_unref (reg->source);
    }
  reg->source = source;
  if (source != NULL)
    g_source_attach (source, reg->loop->context);
}

/* fds */

static gboolean
fd_ready_cb (int          fd,
             GIOCondition condition,
             gpointer     data)
{
  Registration *reg = data;
  short events;

  g_mutex_lock (&reg->mutex);
  events = reg->events;
  g_mutex_unlock (&reg->mutex);
  /* libxl checks the fd is still the one registered; a stale call is fine. */
  libxl_osevent_occurred_fd (reg->loop->ctx, reg->for_libxl, fd, events, (short) condition);
  return G_SOURCE_CONTINUE;
}

static void
watch_fd (Registration *reg,
          short         events)
{
  GSource *source = NULL;

  reg->events = events;
  /* GIOCondition has poll(2)'s bits on Linux; events 0 watches nothing. */
  if (events != 0)
    {
      source = g_unix_fd_source_new (reg->fd, (GIOCondition) events);
      g_source_set_callback (source, G_SOURCE_FUNC (fd_ready_cb), registration_ref (reg),
                             registration_unref);
      g_source_set_static_name (source, "[domus] libxl fd");
    }
  registration_set_source (reg, source);
}

static int
fd_register_hook (void   *user,
                  int     fd,
                  void  **for_app,
                  short   events,
                  void   *for_libxl)
{
  Registration *reg = registration_new (user, fd, for_libxl);

  g_mutex_lock (&reg->mutex);
  watch_fd (reg, events);
  g_mutex_unlock (&reg->mutex);
  *for_app = reg;
  return 0;
}

static int
fd_modify_hook (void   *user,
                int     fd,
                void  **for_app,
                short   events)
{
  Registration *reg = *for_app;

  g_mutex_lock (&reg->mutex);
  watch_fd (reg, events);
  g_mutex_unlock (&reg->mutex);
  return 0;
}

static void
fd_deregister_hook (void *user,
                    int   fd,
                    void *for_app)
{
  Registration *reg = for_app;

  g_mutex_lock (&reg->mutex);
  registration_set_source (reg, NULL);
  g_mutex_unlock (&reg->mutex);
  registration_unref (reg);
}

/* timeouts */

static gboolean
timeout_cb (gpointer data)
{
  Registration *reg = data;
  gboolean fired;

  g_mutex_lock (&reg->mutex);
  fired = reg->fired;
  reg->fired = TRUE;
  g_mutex_unlock (&reg->mutex);

  if (!fired)
    {
      DomusXenLoop *loop = reg->loop;

      g_mutex_lock (&loop->mutex);
      g_hash_table_remove (loop->timeouts, reg);
      g_mutex_unlock (&loop->mutex);
      libxl_osevent_occurred_timeout (loop->ctx, reg->for_libxl);
      /* The registration is gone for libxl now: drop its reference. */
      registration_unref (reg);
    }
  return G_SOURCE_REMOVE;
}

static void
watch_timeout (Registration   *reg,
               struct timeval  abs)
{
  gint64 due_us = (gint64) abs.tv_sec * G_USEC_PER_SEC + abs.tv_usec;
  gint64 delay_ms = MAX (due_us - g_get_real_time (), 0) / 1000;
  GSource *source = g_timeout_source_new ((guint) MIN (delay_ms, G_MAXUINT));

  g_source_set_callback (source, timeout_cb, registration_ref (reg), registration_unref);
  g_source_set_static_name (source, "[domus] libxl timeout");
  registration_set_source (reg, source);
}

static int
timeout_register_hook (void           *user,
                       void          **for_app,
                       struct timeval  abs,
                       void           *for_libxl)
{
  DomusXenLoop *loop = user;
  Registration *reg = registration_new (loop, -1, for_libxl);

  g_mutex_lock (&reg->mutex);
  watch_timeout (reg, abs);
  g_mutex_unlock (&reg->mutex);
  g_mutex_lock (&loop->mutex);
  g_hash_table_add (loop->timeouts, reg);
  g_mutex_unlock (&loop->mutex);
  *for_app = reg;
  return 0;
}

static int
timeout_modify_hook (void           *user,
                     void          **for_app,
                     struct timeval  abs)
{
  Registration *reg = *for_app;

  /* Only ever "fire now"; it may race with the timeout firing anyway. */
  g_mutex_lock (&reg->mutex);
  if (!reg->fired)
    watch_timeout (reg, abs);
  g_mutex_unlock (&reg->mutex);
  return 0;
}

/* events */

typedef struct
{
  DomusXenLoop *loop;
  GSource      *source;
  libxl_event  *event;
} PendingEvent;

static void
pending_event_free (gpointer data)
{
  PendingEvent *pending = data;

  /* libxl_event_free() takes no context for this. */
  if (pending->event != NULL)
    libxl_event_free (NULL, pending->event);
  g_free (pending);
}

static gboolean
deliver_event_cb (gpointer data)
{
  PendingEvent *pending = data;
  DomusXenLoop *loop = pending->loop;

  g_mutex_lock (&loop->mutex);
  g_ptr_array_remove_fast (loop->pending, pending->source);
  g_mutex_unlock (&loop->mutex);
  loop->func (g_steal_pointer (&pending->event), loop->user_data);
  return G_SOURCE_REMOVE;
}

/* Always through a source: libxl may call this on a request's worker
 * thread, where g_main_context_invoke() would run the callback at once if
 * the context happened to be free, off the main thread and inside libxl. */
static void
event_occurs_hook (void        *user,
                   libxl_event *event)
{
  DomusXenLoop *loop = user;
  PendingEvent *pending = g_new0 (PendingEvent, 1);

  pending->loop = loop;
  pending->event = event;
  pending->source = g_idle_source_new ();
  g_source_set_priority (pending->source, G_PRIORITY_DEFAULT);
  g_source_set_callback (pending->source, deliver_event_cb, pending, pending_event_free);
  g_source_set_static_name (pending->source, "[domus] libxl event");
  g_mutex_lock (&loop->mutex);
  g_ptr_array_add (loop->pending, pending->source);
  g_source_attach (pending->source, loop->context);
  g_mutex_unlock (&loop->mutex);
}

static void
disaster_hook (void             *user,
               libxl_event_type  type,
               const char       *msg,
               int               errnoval)
{
  /* libxl's event machinery is broken; never call libxl from here. */
  g_critical ("libxl cannot deliver events any more (%s): %s", msg, g_strerror (errnoval));
}

/* libxl's fork, with libxl's lock held: waits until no direct call is under
 * way (they never call libxl, so never wait for its lock). In the child the
 * lock stays taken; it runs libxl's few calls and exits or execs. */
static pid_t
fork_hook (void *user)
{
  DomusXenLoop *loop = user;
  pid_t pid;

  g_rw_lock_writer_lock (&loop->direct_calls);
  pid = fork ();
  if (pid != 0)
    g_rw_lock_writer_unlock (&loop->direct_calls);
  return pid;
}

DomusXenLoop *
domus_xen_loop_new (libxl_ctx         *ctx,
                    GMainContext      *context,
                    DomusXenEventFunc  func,
                    gpointer           user_data)
{
  DomusXenLoop *loop = g_new0 (DomusXenLoop, 1);

  loop->ctx = ctx;
  loop->context = g_main_context_ref (context);
  loop->func = func;
  loop->user_data = user_data;
  g_mutex_init (&loop->mutex);
  g_rw_lock_init (&loop->direct_calls);
  loop->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) g_source_unref);
  loop->timeouts = g_hash_table_new (NULL, NULL);

  loop->os_hooks.fd_register = fd_register_hook;
  loop->os_hooks.fd_modify = fd_modify_hook;
  loop->os_hooks.fd_deregister = fd_deregister_hook;
  loop->os_hooks.timeout_register = timeout_register_hook;
  loop->os_hooks.timeout_modify = timeout_modify_hook;
  libxl_osevent_register_hooks (ctx, &loop->os_hooks, loop);

  /* libxl reaps only its own children; GLib waits on pidfds for ours. */
  loop->child_hooks.chldowner = libxl_sigchld_owner_libxl_always_selective_reap;
  loop->child_hooks.fork_replacement = fork_hook;
  libxl_childproc_setmode (ctx, &loop->child_hooks, loop);

  loop->event_hooks.event_occurs_mask = LIBXL_EVENTMASK_ALL;
  loop->event_hooks.event_occurs = event_occurs_hook;
  loop->event_hooks.disaster = disaster_hook;
  libxl_event_register_callbacks (ctx, &loop->event_hooks, loop);

  return loop;
}

void
domus_xen_loop_free (DomusXenLoop *loop)
{
  GHashTableIter iter;
  gpointer key;

  if (loop == NULL)
    return;
  /* libxl is gone: nothing adds to the lists any more. */
  for (guint i = 0; i < loop->pending->len; i++)
    g_source_destroy (g_ptr_array_index (loop->pending, i));
  g_ptr_array_unref (loop->pending);
  /* A timeout libxl cancelled (by moving it to "now") may not have fired
   * yet: it must never reach the freed context. */
  g_hash_table_iter_init (&iter, loop->timeouts);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      Registration *reg = key;

      g_mutex_lock (&reg->mutex);
      registration_set_source (reg, NULL);
      g_mutex_unlock (&reg->mutex);
      registration_unref (reg);
    }
  g_hash_table_unref (loop->timeouts);
  g_mutex_clear (&loop->mutex);
  g_rw_lock_clear (&loop->direct_calls);
  g_main_context_unref (loop->context);
  g_free (loop);
}

void
domus_xen_loop_begin_direct_calls (DomusXenLoop *loop)
{
  g_rw_lock_reader_lock (&loop->direct_calls);
}

void
domus_xen_loop_end_direct_calls (DomusXenLoop *loop)
{
  g_rw_lock_reader_unlock (&loop->direct_calls);
}
