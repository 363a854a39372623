/* domus-test-console.h: a text console opened as xl console opens it
 *
 * The pty's slave, raw, read on the main context: a test types keys and
 * waits for the text it expects.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  int       fd;
  GString  *text;     /* everything read since the last expect */
  gboolean  hung_up;
  guint     watch;
} DomusTestViewer;

DomusTestViewer *domus_test_viewer_open   (const char      *path);
/* The same on @fd, a console already open (takes it). */
DomusTestViewer *domus_test_viewer_new_for_fd (int          fd);
void             domus_test_viewer_close  (DomusTestViewer *v);
/* Runs the main context until @expected has been read (or the console
 * hung up, for NULL), failing after 5 s; returns the text read up to and
 * including it. */
char            *domus_test_viewer_expect (DomusTestViewer *v,
                                           const char      *expected);
void             domus_test_viewer_type   (DomusTestViewer *v,
                                           const char      *keys);
/* Stops reading (what comes stays in the pty), or reads again. */
void             domus_test_viewer_watch  (DomusTestViewer *v,
                                           gboolean         watch);

G_END_DECLS
