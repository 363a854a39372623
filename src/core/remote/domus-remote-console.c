/* domus-remote-console.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE  /* posix_openpt, ptsname_r */
#define G_LOG_DOMAIN "domus-remote-host"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

#include "domus-error.h"
#include "domus-remote-console.h"

/* Shared by the owner and an OpenConsole on its way: whichever ends last
 * frees it. */
struct _DomusRemoteConsole
{
  DomusDBusHost1 *proxy;
  guint           domid;
  int             master;    /* this side: typed keys come out, output goes in */
  char           *path;      /* the slave's */
  guint64         id;        /* the agent's, once open; 0 before */
  gboolean        closed;    /* unused, or freed by its owner: the agent's end is not wanted */
  GByteArray     *pending;   /* typed before the agent opened it */
  guint           watch;
};

/* What may be typed before the agent has opened the console (it is opened
 * on first use, and a user types at once); more is dropped, as keys a
 * console cannot take are. */
#define MAX_PENDING 4096

static void
close_master (DomusRemoteConsole *console)
{
  g_clear_handle_id (&console->watch, g_source_remove);
  if (console->master >= 0)
    close (console->master);
  console->master = -1;
}

static void
console_clear (DomusRemoteConsole *console)
{
  close_master (console);
  g_byte_array_unref (console->pending);
  g_free (console->path);
  g_clear_object (&console->proxy);
}

/* Closes the agent's end, now or once OpenConsole has answered. */
static void
close_agent_end (DomusRemoteConsole *console)
{
  if (console->id != 0)
    domus_dbus_host1_call_close_console (console->proxy, console->id, NULL, NULL, NULL);
  console->id = 0;
  console->closed = TRUE;
}

static void
console_unref (DomusRemoteConsole *console)
{
  g_rc_box_release_full (console, (GDestroyNotify) console_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DomusRemoteConsole, console_unref)

/* Typed on this side: to the guest, once the agent has its console. */
static gboolean
typed_cb (int          fd,
          GIOCondition condition,
          gpointer     data)
{
  DomusRemoteConsole *console = data;
  guint8 buffer[4096];
  gssize n = read (fd, buffer, sizeof buffer);

  if (n < 0 && (errno == EAGAIN || errno == EINTR))
    return G_SOURCE_CONTINUE;
  if (n <= 0)
    {
      /* Every fd of its slave was closed (EIO): no one here uses the
       * console any more, and a console open there costs both ends a
       * watch. The owner makes a new one for the next user. */
      console->watch = 0;
      close_master (console);
      close_agent_end (console);
      return G_SOURCE_REMOVE;
    }
  if (console->id != 0)
    domus_dbus_host1_call_console_write (console->proxy, console->id,
                                         g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, buffer, n, 1),
                                         NULL, NULL, NULL);
  else
    g_byte_array_append (console->pending, buffer, MIN ((gsize) n, MAX_PENDING - console->pending->len));
  return G_SOURCE_CONTINUE;
}

static void
opened_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DomusRemoteConsole) console = user_data;
  g_autoptr(GError) error = NULL;
  guint64 id = 0;

  if (!domus_dbus_host1_call_open_console_finish (DOMUS_DBUS_HOST1 (source), &id, result, &error))
    {
      /* Hung up here: a user sees the console end, and may open it again. */
      g_debug ("console of domain %u: %s", console->domid, error->message);
      close_master (console);
      console->closed = TRUE;
      return;
    }
  /* Unused or let go meanwhile: the agent's end is not wanted either. */
  if (console->closed)
    {
      domus_dbus_host1_call_close_console (DOMUS_DBUS_HOST1 (source), id, NULL, NULL, NULL);
      return;
    }
  console->id = id;
  if (console->pending->len > 0)
    domus_dbus_host1_call_console_write (console->proxy, id,
                                         g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, console->pending->data,
                                                                    console->pending->len, 1),
                                         NULL, NULL, NULL);
  g_byte_array_set_size (console->pending, 0);
}

DomusRemoteConsole *
domus_remote_console_new (DomusDBusHost1  *proxy,
                          guint            domid,
                          GError         **error)
{
  g_autoptr(DomusRemoteConsole) console = g_rc_box_new0 (DomusRemoteConsole);
  char name[64];

  console->proxy = g_object_ref (proxy);
  console->domid = domid;
  console->pending = g_byte_array_new ();
  console->master = posix_openpt (O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (console->master < 0 || grantpt (console->master) != 0 || unlockpt (console->master) != 0
      || ptsname_r (console->master, name, sizeof name) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED, _("Cannot make a pty for the console: %s"),
                   g_strerror (saved_errno));
      return NULL;
    }
  console->path = g_strdup (name);
  g_unix_set_fd_nonblocking (console->master, TRUE, NULL);
  domus_dbus_host1_call_open_console (proxy, domid, NULL, opened_cb, g_rc_box_acquire (console));
  return g_steal_pointer (&console);
}

int
domus_remote_console_open (DomusRemoteConsole  *console,
                           GError             **error)
{
  struct termios termios;
  int fd, saved_errno;

  g_return_val_if_fail (!domus_remote_console_is_unused (console), -1);

  fd = open (console->path, O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
  /* Raw from the start: nothing the guest prints is taken for typed keys
   * and echoed back to it. */
  if (fd >= 0 && tcgetattr (fd, &termios) == 0)
    {
      cfmakeraw (&termios);
      if (tcsetattr (fd, TCSANOW, &termios) == 0)
        {
          /* Watched once a slave is open: before, the master hangs up. */
          if (console->watch == 0)
            console->watch = g_unix_fd_add (console->master, G_IO_IN | G_IO_HUP | G_IO_ERR, typed_cb, console);
          return fd;
        }
    }
  saved_errno = errno;
  if (fd >= 0)
    close (fd);
  g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED, _("Cannot make a pty for the console: %s"),
               g_strerror (saved_errno));
  return -1;
}

gboolean
domus_remote_console_is_unused (DomusRemoteConsole *console)
{
  return console->master < 0;
}

gboolean
domus_remote_console_output (DomusRemoteConsole *console,
                             guint64             id,
                             GVariant           *data)
{
  gsize size = 0;
  const guint8 *bytes;

  if (id != console->id || id == 0)
    return FALSE;
  bytes = g_variant_get_fixed_array (data, &size, 1);
  /* What no one reads here fills the pty and is dropped, as a console no
   * one watches scrolls by. */
  while (size > 0)
    {
      gssize n = write (console->master, bytes, size);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      bytes += n;
      size -= (gsize) n;
    }
  return TRUE;
}

gboolean
domus_remote_console_closed (DomusRemoteConsole *console,
                             guint64             id)
{
  if (id != console->id || id == 0)
    return FALSE;
  console->id = 0;
  return TRUE;
}

void
domus_remote_console_free (DomusRemoteConsole *console)
{
  if (console == NULL)
    return;
  close_master (console);
  close_agent_end (console);
  console_unref (console);
}
