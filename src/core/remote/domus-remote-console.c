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
  int             slave;     /* held, so that the pty stays up and raw */
  char           *path;      /* the slave's */
  guint64         id;        /* the agent's, once open; 0 before */
  gboolean        freed;     /* by its owner: only the reference of a call is left */
  guint           watch;
};

static void
console_clear (DomusRemoteConsole *console)
{
  g_clear_handle_id (&console->watch, g_source_remove);
  if (console->master >= 0)
    close (console->master);
  if (console->slave >= 0)
    close (console->slave);
  g_free (console->path);
  g_clear_object (&console->proxy);
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
      console->watch = 0;
      return G_SOURCE_REMOVE;
    }
  if (console->id != 0)
    domus_dbus_host1_call_console_write (console->proxy, console->id,
                                         g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, buffer, n, 1),
                                         NULL, NULL, NULL);
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
      g_debug ("console of domain %u: %s", console->domid, error->message);
      return;
    }
  /* Its owner let it go meanwhile: the agent's end is not wanted either. */
  if (console->freed)
    {
      domus_dbus_host1_call_close_console (DOMUS_DBUS_HOST1 (source), id, NULL, NULL, NULL);
      return;
    }
  console->id = id;
}

DomusRemoteConsole *
domus_remote_console_new (DomusDBusHost1  *proxy,
                          guint            domid,
                          GError         **error)
{
  g_autoptr(DomusRemoteConsole) console = g_rc_box_new0 (DomusRemoteConsole);
  struct termios termios;
  char name[64];

  console->master = console->slave = -1;
  console->proxy = g_object_ref (proxy);
  console->domid = domid;
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
  console->slave = open (name, O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (console->slave < 0 || tcgetattr (console->slave, &termios) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED, _("Cannot make a pty for the console: %s"),
                   g_strerror (saved_errno));
      return NULL;
    }
  /* Raw from the start: nothing the guest prints is taken for typed keys
   * and echoed back to it. */
  cfmakeraw (&termios);
  tcsetattr (console->slave, TCSANOW, &termios);
  g_unix_set_fd_nonblocking (console->master, TRUE, NULL);
  console->watch = g_unix_fd_add (console->master, G_IO_IN, typed_cb, console);
  domus_dbus_host1_call_open_console (proxy, domid, NULL, opened_cb, g_rc_box_acquire (console));
  return g_steal_pointer (&console);
}

const char *
domus_remote_console_get_path (DomusRemoteConsole *console)
{
  return console->path;
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
  if (console->id != 0)
    domus_dbus_host1_call_close_console (console->proxy, console->id, NULL, NULL, NULL);
  console->id = 0;
  console->freed = TRUE;
  g_clear_handle_id (&console->watch, g_source_remove);
  console_unref (console);
}
