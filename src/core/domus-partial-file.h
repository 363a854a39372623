/* domus-partial-file.h: files that appear whole or not at all
 *
 * A file that takes a while to write (a domain's save) is written to a
 * temporary next to it, ".NAME.XXXXXX.partial": a new file with a random
 * name, created exclusively with mode 0600, so that a link another user
 * planted in a shared folder is never followed. Only when the file is
 * complete is it renamed over NAME. A process killed half-way leaves the
 * temporary, never a NAME that looks complete; restoring refuses such
 * temporaries.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Creates the temporary for @path; returns its descriptor (opened for
 * writing, close-on-exec) and its path in @partial_path, or -1 with a
 * DOMUS_ERROR that names @path. */
int       domus_partial_file_create (const char  *path,
                                     char       **partial_path,
                                     GError     **error);
/* Writes all of @data to @fd, a temporary for @path; on failure a
 * DOMUS_ERROR that names @path. */
gboolean  domus_partial_file_write  (int          fd,
                                     const void  *data,
                                     gsize        len,
                                     const char  *path,
                                     GError     **error);
/* Flushes the closed temporary @partial_path to disk and renames it to
 * @path; on failure removes it and names @path in the error. */
gboolean  domus_partial_file_commit (const char  *partial_path,
                                     const char  *path,
                                     GError     **error);
/* TRUE if @path is named as such a temporary (".NAME….partial"). */
gboolean  domus_partial_file_is_partial (const char *path);

G_END_DECLS
