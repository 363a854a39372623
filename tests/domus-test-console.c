/* domus-test-console.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib-unix.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "domus-test-console.h"

#define DEADLINE_MS 5000

static gboolean
viewer_readable_cb (int          fd,
                    GIOCondition condition,
                    gpointer     data)
{
  DomusTestViewer *v = data;
  char buffer[512];
  gssize n = read (fd, buffer, sizeof buffer);

  if (n > 0)
    {
      g_string_append_len (v->text, buffer, n);
      return G_SOURCE_CONTINUE;
    }
  if (n < 0 && errno == EAGAIN)
    return G_SOURCE_CONTINUE;
  v->hung_up = TRUE;
  v->watch = 0;
  return G_SOURCE_REMOVE;
}

DomusTestViewer *
domus_test_viewer_open (const char *path)
{
  DomusTestViewer *v = g_new0 (DomusTestViewer, 1);
  struct termios termios;

  v->fd = open (path, O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
  g_assert_cmpint (v->fd, >=, 0);
  g_assert_cmpint (tcgetattr (v->fd, &termios), ==, 0);
  cfmakeraw (&termios);
  g_assert_cmpint (tcsetattr (v->fd, TCSANOW, &termios), ==, 0);
  v->text = g_string_new (NULL);
  v->watch = g_unix_fd_add (v->fd, G_IO_IN | G_IO_HUP | G_IO_ERR, viewer_readable_cb, v);
  return v;
}

DomusTestViewer *
domus_test_viewer_new_for_fd (int fd)
{
  DomusTestViewer *v = g_new0 (DomusTestViewer, 1);

  g_assert_cmpint (fd, >=, 0);
  v->fd = fd;
  v->text = g_string_new (NULL);
  v->watch = g_unix_fd_add (v->fd, G_IO_IN | G_IO_HUP | G_IO_ERR, viewer_readable_cb, v);
  return v;
}

void
domus_test_viewer_close (DomusTestViewer *v)
{
  g_clear_handle_id (&v->watch, g_source_remove);
  close (v->fd);
  g_string_free (v->text, TRUE);
  g_free (v);
}

static gboolean
deadline_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

char *
domus_test_viewer_expect (DomusTestViewer *v,
                          const char      *expected)
{
  gboolean late = FALSE;
  guint deadline = g_timeout_add (DEADLINE_MS, deadline_cb, &late);
  const char *found = NULL;
  char *text;

  while (!late && !(expected != NULL ? (found = strstr (v->text->str, expected)) != NULL : v->hung_up))
    g_main_context_iteration (NULL, TRUE);
  if (late)
    g_error ("waited %d ms for “%s”; read: “%s”", DEADLINE_MS, expected ? expected : "(hang-up)",
             v->text->str);
  g_source_remove (deadline);

  if (found == NULL)
    found = v->text->str + v->text->len;
  else
    found += strlen (expected);
  text = g_strndup (v->text->str, found - v->text->str);
  g_string_erase (v->text, 0, found - v->text->str);
  return text;
}

void
domus_test_viewer_type (DomusTestViewer *v,
                        const char      *keys)
{
  g_assert_cmpint (write (v->fd, keys, strlen (keys)), ==, (gssize) strlen (keys));
}

void
domus_test_viewer_watch (DomusTestViewer *v,
                         gboolean         watch)
{
  g_clear_handle_id (&v->watch, g_source_remove);
  if (watch)
    v->watch = g_unix_fd_add (v->fd, G_IO_IN | G_IO_HUP | G_IO_ERR, viewer_readable_cb, v);
}
