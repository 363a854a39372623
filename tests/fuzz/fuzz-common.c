/* fuzz-common.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE   /* memfd_create() */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz-common.h"

static GLogWriterOutput
quiet_writer (GLogLevelFlags   level,
              const GLogField *fields,
              gsize            n_fields,
              gpointer         data)
{
  /* Bad input makes warnings (a result cut short, say): those are the
   * parsers' business. A critical is a precondition that failed. */
  if (level & (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR))
    {
      g_log_writer_standard_streams (level, fields, n_fields, data);
      abort ();
    }
  return G_LOG_WRITER_HANDLED;
}

void
fuzz_init (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      g_log_set_writer_func (quiet_writer, NULL, NULL);
      g_once_init_leave (&done, 1);
    }
}

void
fuzz_fail (const char *file,
           int         line,
           const char *what)
{
  fprintf (stderr, "%s:%d: check failed: %s\n", file, line, what);
  abort ();
}

const char *
fuzz_write_file (const uint8_t *data,
                 size_t         size)
{
  static int fd = -1;
  static char *path = NULL;

  if (fd < 0)
    {
      /* In memory: no disk writes at thousands of inputs a second. */
      fd = memfd_create ("fuzz-input", MFD_CLOEXEC);
      if (fd < 0)
        g_error ("memfd_create: %s", g_strerror (errno));
      path = g_strdup_printf ("/proc/self/fd/%d", fd);
    }
  if (ftruncate (fd, 0) != 0)
    g_error ("ftruncate: %s", g_strerror (errno));
  for (size_t done = 0; done < size;)
    {
      ssize_t n = pwrite (fd, data + done, size - done, (off_t) done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        g_error ("pwrite: %s", g_strerror (errno));
      done += (size_t) n;
    }
  return path;
}
