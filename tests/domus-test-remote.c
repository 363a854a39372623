/* domus-test-remote.c: a simulated host read through a DomusAgent
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <sys/socket.h>

#include "domus-host-private.h"
#include "domus-test-remote.h"
#include "domus-test-utils.h"
#include "remote/domus-remote-host.h"

void
domus_test_connection_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      data)
{
  g_autoptr(GError) error = NULL;

  *(GDBusConnection **) data = g_dbus_connection_new_finish (result, &error);
  g_assert_no_error (error);
}

void
domus_test_remote_setup_version (DomusTestRemote *remote,
                                 const char      *scene_json,
                                 guint            protocol_version)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) agent_end = NULL, window_end = NULL;
  g_autoptr(GSocketConnection) agent_stream = NULL, window_stream = NULL;
  g_autoptr(GDBusConnection) connection = NULL;
  g_autoptr(DomusFrames) frames = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *guid = g_dbus_generate_guid ();
  int fds[2];

  remote->sim = domus_test_sim_host_new (scene_json, &remote->clock);
  remote->remote_clock = domus_clock_new_manual ();
  g_assert_cmpint (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), ==, 0);
  agent_end = g_socket_new_from_fd (fds[0], &error);
  g_assert_no_error (error);
  window_end = g_socket_new_from_fd (fds[1], &error);
  g_assert_no_error (error);
  agent_stream = g_socket_connection_factory_create_connection (agent_end);
  window_stream = g_socket_connection_factory_create_connection (window_end);

  /* Framed, as domus-agent --framed serves; as domus_agent_serve_async(),
   * with the version said before the other end may read it. */
  frames = domus_frames_new (G_IO_STREAM (agent_stream), &error);
  g_assert_no_error (error);
  g_dbus_connection_new (domus_frames_get_dbus_stream (frames), guid,
                         G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_SERVER
                         | G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_ALLOW_ANONYMOUS
                         | G_DBUS_CONNECTION_FLAGS_DELAY_MESSAGE_PROCESSING,
                         NULL, NULL, domus_test_connection_cb, &connection);
  domus_remote_host_new_framed_async (G_IO_STREAM (window_stream), remote->remote_clock, NULL,
                                      domus_test_result_cb, &result);
  DOMUS_TEST_WAIT_UNTIL (connection != NULL, 30);
  remote->agent = domus_agent_new (remote->sim, connection, &error);
  g_assert_no_error (error);
  domus_agent_set_frames (remote->agent, frames);
  if (protocol_version != 0)
    domus_agent_set_protocol_version (remote->agent, protocol_version);
  g_dbus_connection_start_message_processing (connection);
  DOMUS_TEST_WAIT_UNTIL (result != NULL, 30);
  remote->remote = domus_remote_host_new_finish (result, &error);
  g_assert_no_error (error);
  DOMUS_TEST_WAIT_UNTIL (domus_host_is_ready (remote->remote), 30);
  DOMUS_TEST_WAIT_UNTIL (!_domus_host_is_refreshing (remote->remote), 30);
  /* The agent sends a sample each second of its host's clock (Watch):
   * stepping it (a request on the simulated host) would send some. The
   * tests say when the remote host sees the host: its host reads itself
   * only when the remote host asks (RefreshNow), as before Watch. */
  _domus_host_set_driven (remote->sim, TRUE);
}

void
domus_test_remote_setup (DomusTestRemote *remote,
                         const char      *scene_json)
{
  domus_test_remote_setup_version (remote, scene_json, 0);
}

void
domus_test_remote_teardown (DomusTestRemote *remote)
{
  g_clear_object (&remote->remote);
  g_clear_object (&remote->agent);
  g_clear_object (&remote->sim);
  g_clear_object (&remote->clock);
  g_clear_object (&remote->remote_clock);
}

void
domus_test_remote_refresh (DomusTestRemote *remote)
{
  guint refreshed = 0;
  gulong handler = g_signal_connect_swapped (remote->remote, "refreshed", G_CALLBACK (domus_test_count_cb), &refreshed);

  /* (A sample within half a refresh interval of the last only updates
   * settings, without "refreshed".) */
  domus_clock_advance (remote->clock, G_USEC_PER_SEC);
  domus_host_refresh (remote->remote);
  DOMUS_TEST_WAIT_UNTIL (refreshed > 0, 30);
  g_signal_handler_disconnect (remote->remote, handler);
  DOMUS_TEST_WAIT_UNTIL (!_domus_host_is_refreshing (remote->remote), 30);
}
