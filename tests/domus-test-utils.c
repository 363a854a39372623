/* domus-test-utils.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "domus-test-utils.h"

typedef struct
{
  gboolean  done;
  gint64    value;
  GError   *error;
} Answer;

static void
answered_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  Answer *answer = data;

  answer->value = domus_host_request_finish (DOMUS_HOST (source), result, &answer->error);
  answer->done = TRUE;
}

gint64
domus_test_run_request (DomusHost     *host,
                        DomusClock    *clock,
                        DomusRequest  *request,
                        GError       **error)
{
  Answer answer = { FALSE, -1, NULL };

  domus_host_request_async (host, request, NULL, answered_cb, &answer);
  for (guint i = 0; i < 600 && !answer.done; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      if (!answer.done)
        domus_clock_advance (clock, G_USEC_PER_SEC / 10);
    }
  g_assert_true (answer.done);
  if (answer.error != NULL)
    g_propagate_error (error, answer.error);
  return answer.value;
}

gboolean
domus_test_flag_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

void
domus_test_make_sparse_file (const char *path,
                             goffset     size)
{
  int fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, size), ==, 0);
  g_assert_cmpint (close (fd), ==, 0);
}
