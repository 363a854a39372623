/* domus-input.h: reading files from outside, within a stated limit
 *
 * Scenes, xl configs, benchmark specs, save files and command files are read
 * whole, but never more than their limit (domus-limits.h); results files are
 * read a line at a time, each line within its limit. Only regular files are
 * read: a device such as /dev/zero, a FIFO or a directory is refused without
 * waiting on it.
 *
 * The errors give only the reason ("it is over the size limit of 1.0 MiB"),
 * for the caller to name the file: DOMUS_ERROR_NOT_FOUND when there is no
 * such file, DOMUS_ERROR_TOO_LARGE past the limit, DOMUS_ERROR_FAILED
 * otherwise.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sys/stat.h>

#include <glib.h>

G_BEGIN_DECLS

/* Reads the regular file at @path, at most @limit bytes, into @contents
 * (NUL-terminated). @length and @info (the file's fstat) may be NULL. */
gboolean domus_input_read_file (const char   *path,
                                gsize         limit,
                                char        **contents,
                                gsize        *length,
                                struct stat  *info,
                                GError      **error);

typedef struct _DomusInputLines DomusInputLines;

/* Opens the regular file at @path to be read a line at a time, each line at
 * most @max_line bytes. */
DomusInputLines *domus_input_lines_open       (const char       *path,
                                               gsize             max_line,
                                               GError          **error);
/* The next line, without its "\n", or NULL at the end of the file or on an
 * error (then @error is set). The line is the reader's, and may be changed
 * in place until the next call. */
char            *domus_input_lines_next       (DomusInputLines  *lines,
                                               GError          **error);
/* The number of the line domus_input_lines_next() returned last, from 1. */
guint            domus_input_lines_get_number (DomusInputLines  *lines);
void             domus_input_lines_free       (DomusInputLines  *lines);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DomusInputLines, domus_input_lines_free)

G_END_DECLS
