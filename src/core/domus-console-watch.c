/* domus-console-watch.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-console-watch"

#include "config.h"

#include <errno.h>
#include <glib-unix.h>
#include <unistd.h>

#include "domus-console-watch.h"

#define KEEP_BYTES 4096   /* of the console's last output, to match across reads */

struct _DomusConsoleWatch
{
  GObject    parent_instance;

  DomusHost *host;
  char      *domain_name;
  GRegex    *pattern;
  gulong     refreshed_id;
  int        fd;
  guint      source;
  GString   *text;
  gint64     matched_at;
};

enum {
  MATCHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DomusConsoleWatch, domus_console_watch, G_TYPE_OBJECT)

static void
close_console (DomusConsoleWatch *self)
{
  g_clear_handle_id (&self->source, g_source_remove);
  if (self->fd >= 0)
    {
      close (self->fd);
      self->fd = -1;
    }
}

static gboolean
readable_cb (int           fd,
             GIOCondition  condition,
             gpointer      data)
{
  DomusConsoleWatch *self = data;
  char buffer[1024];
  gssize n = read (fd, buffer, sizeof buffer);

  if (n < 0 && (errno == EAGAIN || errno == EINTR))
    return G_SOURCE_CONTINUE;
  if (n <= 0)
    {
      /* Hung up (a reboot, a restore): open it again when there is one. */
      self->source = 0;
      close_console (self);
      return G_SOURCE_REMOVE;
    }

  g_string_append_len (self->text, buffer, n);
  if (self->text->len > KEEP_BYTES)
    g_string_erase (self->text, 0, self->text->len - KEEP_BYTES);
  if (!g_regex_match_full (self->pattern, self->text->str, self->text->len, 0, 0, NULL, NULL))
    return G_SOURCE_CONTINUE;

  self->matched_at = domus_clock_get_now (domus_host_get_clock (self->host));
  self->source = 0;
  close_console (self);
  g_clear_signal_handler (&self->refreshed_id, self->host);
  g_signal_emit (self, signals[MATCHED], 0);
  return G_SOURCE_REMOVE;
}

/* Opens the console once the host reports it (raw, as xl console: a
 * prompt has no newline to end a cooked line). */
static void
try_open (DomusConsoleWatch *self)
{
  DomusDomain *domain = domus_host_lookup_domain_by_name (self->host, self->domain_name);
  g_autoptr(GError) error = NULL;

  if (self->fd >= 0 || domain == NULL || domus_domain_get_console_path (domain) == NULL)
    return;
  self->fd = domus_host_open_console (self->host, domain, NULL, &error);
  if (self->fd < 0)
    {
      g_debug ("%s", error->message);
      return;
    }
  self->source = g_unix_fd_add (self->fd, G_IO_IN | G_IO_HUP | G_IO_ERR, readable_cb, self);
}

DomusConsoleWatch *
domus_console_watch_new (DomusHost  *host,
                         const char *domain_name,
                         GRegex     *pattern)
{
  DomusConsoleWatch *self;

  g_return_val_if_fail (DOMUS_IS_HOST (host), NULL);
  g_return_val_if_fail (domain_name != NULL, NULL);
  g_return_val_if_fail (pattern != NULL, NULL);

  self = g_object_new (DOMUS_TYPE_CONSOLE_WATCH, NULL);
  self->host = g_object_ref (host);
  self->domain_name = g_strdup (domain_name);
  self->pattern = g_regex_ref (pattern);
  self->refreshed_id = g_signal_connect_swapped (host, "refreshed", G_CALLBACK (try_open), self);
  try_open (self);
  return self;
}

gint64
domus_console_watch_get_matched_at (DomusConsoleWatch *self)
{
  g_return_val_if_fail (DOMUS_IS_CONSOLE_WATCH (self), -1);

  return self->matched_at;
}

static void
domus_console_watch_finalize (GObject *object)
{
  DomusConsoleWatch *self = DOMUS_CONSOLE_WATCH (object);

  close_console (self);
  g_clear_signal_handler (&self->refreshed_id, self->host);
  g_clear_object (&self->host);
  g_free (self->domain_name);
  g_regex_unref (self->pattern);
  g_string_free (self->text, TRUE);

  G_OBJECT_CLASS (domus_console_watch_parent_class)->finalize (object);
}

static void
domus_console_watch_class_init (DomusConsoleWatchClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = domus_console_watch_finalize;

  signals[MATCHED] = g_signal_new ("matched", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
domus_console_watch_init (DomusConsoleWatch *self)
{
  self->fd = -1;
  self->text = g_string_new (NULL);
  self->matched_at = -1;
}
