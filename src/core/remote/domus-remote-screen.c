/* domus-remote-screen.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-remote-host"

#include "config.h"

#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>

#include "domus-remote-pipe.h"
#include "domus-remote-screen.h"

struct _DomusRemoteScreen
{
  DomusDBusHost1 *proxy;
  guint           domid;
  char           *path;
  GSocketService *service;
  GHashTable     *links;    /* Link, owned: the connections to it */
};

/* One connection to the socket, and the agent's to the server. Shared by
 * the screen and an OpenScreen on its way: whichever ends last frees it. */
typedef struct
{
  DomusRemoteScreen *screen;   /* NULL once the screen let it go */
  DomusDBusHost1    *proxy;
  GSocketConnection *local;
  guint64            id;       /* the agent's, once open; 0 before and after */
  DomusRemotePipe   *pipe;     /* once open */
} Link;

static void
link_clear (Link *link)
{
  g_clear_object (&link->local);
  g_clear_object (&link->proxy);
}

static void
link_unref (Link *link)
{
  g_rc_box_release_full (link, (GDestroyNotify) link_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Link, link_unref)

/* The screen lets go of @link: both ends close. */
static void
link_drop (Link *link)
{
  link->screen = NULL;
  if (link->id != 0)
    domus_dbus_host1_call_close_screen (link->proxy, link->id, NULL, NULL, NULL);
  link->id = 0;
  if (link->pipe != NULL)
    g_clear_pointer (&link->pipe, domus_remote_pipe_free);
  else
    g_io_stream_close (G_IO_STREAM (link->local), NULL, NULL);
  link_unref (link);
}

/* From the VNC session here: to the server there; at its end, the agent's
 * connection closes too. */
static void
local_read_cb (GBytes   *chunk,
               gpointer  user_data)
{
  Link *link = user_data;

  if (chunk != NULL)
    domus_dbus_host1_call_screen_write (link->proxy, link->id,
                                        g_variant_new_from_bytes (G_VARIANT_TYPE_BYTESTRING, chunk, TRUE),
                                        NULL, NULL, NULL);
  else
    g_hash_table_remove (link->screen->links, link);
}

static void
opened_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Link) link = user_data;
  g_autoptr(GError) error = NULL;
  guint64 id = 0;

  if (!domus_dbus_host1_call_open_screen_finish (DOMUS_DBUS_HOST1 (source), &id, result, &error))
    {
      /* The session here sees the connection close before the handshake,
       * and says it cannot connect. */
      g_debug ("screen of domain %u: %s", link->screen != NULL ? link->screen->domid : 0, error->message);
      if (link->screen != NULL)
        g_hash_table_remove (link->screen->links, link);
      return;
    }
  /* Let go of meanwhile: the agent's end is not wanted either. */
  if (link->screen == NULL)
    {
      domus_dbus_host1_call_close_screen (DOMUS_DBUS_HOST1 (source), id, NULL, NULL, NULL);
      return;
    }
  link->id = id;
  link->pipe = domus_remote_pipe_new (G_IO_STREAM (link->local), local_read_cb, link);
}

static gboolean
incoming_cb (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source_object,
             gpointer           user_data)
{
  DomusRemoteScreen *screen = user_data;
  Link *link = g_rc_box_new0 (Link);

  link->screen = screen;
  link->proxy = g_object_ref (screen->proxy);
  link->local = g_object_ref (connection);
  g_hash_table_add (screen->links, link);
  domus_dbus_host1_call_open_screen (screen->proxy, screen->domid, NULL, opened_cb, g_rc_box_acquire (link));
  return TRUE;
}

DomusRemoteScreen *
domus_remote_screen_new (DomusDBusHost1  *proxy,
                         guint            domid,
                         const char      *path,
                         GError         **error)
{
  DomusRemoteScreen *screen;
  g_autoptr(GSocketAddress) address = g_unix_socket_address_new (path);
  g_autoptr(GSocketService) service = g_socket_service_new ();

  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (service), address, G_SOCKET_TYPE_STREAM,
                                      G_SOCKET_PROTOCOL_DEFAULT, NULL, NULL, error))
    return NULL;

  screen = g_new0 (DomusRemoteScreen, 1);
  screen->proxy = g_object_ref (proxy);
  screen->domid = domid;
  screen->path = g_strdup (path);
  screen->service = g_steal_pointer (&service);
  screen->links = g_hash_table_new_full (NULL, NULL, (GDestroyNotify) link_drop, NULL);
  g_signal_connect (screen->service, "incoming", G_CALLBACK (incoming_cb), screen);
  g_socket_service_start (screen->service);
  return screen;
}

GSocketConnectable *
domus_remote_screen_dup_address (DomusRemoteScreen *screen)
{
  return G_SOCKET_CONNECTABLE (g_unix_socket_address_new (screen->path));
}

static Link *
find_link (DomusRemoteScreen *screen,
           guint64            id)
{
  GHashTableIter iter;
  Link *link;

  if (id == 0)
    return NULL;
  g_hash_table_iter_init (&iter, screen->links);
  while (g_hash_table_iter_next (&iter, (gpointer *) &link, NULL))
    if (link->id == id)
      return link;
  return NULL;
}

gboolean
domus_remote_screen_output (DomusRemoteScreen *screen,
                            guint64            id,
                            GVariant          *data)
{
  Link *link = find_link (screen, id);
  g_autoptr(GBytes) chunk = NULL;

  if (link == NULL)
    return FALSE;
  chunk = g_variant_get_data_as_bytes (data);
  domus_remote_pipe_write (link->pipe, chunk);
  return TRUE;
}

gboolean
domus_remote_screen_closed (DomusRemoteScreen *screen,
                            guint64            id)
{
  Link *link = find_link (screen, id);

  if (link == NULL)
    return FALSE;
  /* Closed there already. */
  link->id = 0;
  g_hash_table_remove (screen->links, link);
  return TRUE;
}

void
domus_remote_screen_free (DomusRemoteScreen *screen)
{
  if (screen == NULL)
    return;
  g_signal_handlers_disconnect_by_data (screen->service, screen);
  g_socket_service_stop (screen->service);
  g_socket_listener_close (G_SOCKET_LISTENER (screen->service));
  g_unlink (screen->path);
  g_hash_table_unref (screen->links);
  g_object_unref (screen->service);
  g_object_unref (screen->proxy);
  g_free (screen->path);
  g_free (screen);
}
