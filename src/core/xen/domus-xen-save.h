/* domus-xen-save.h: the header of xl's save files
 *
 * `xl save` writes a header before libxl's stream: a magic string, a byte
 * order mark, flags, and the domain's configuration as JSON. Domus writes
 * the same header, so `xl restore` takes Domus's saves and Domus takes xl's.
 * GLib only: the header is plain bytes, testable without Xen.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Writes the header for a domain whose libxl_domain_config is @config_json
 * to @fd, as xl does; libxl's stream follows it. */
gboolean  domus_xen_save_write_header (int          fd,
                                       const char  *config_json,
                                       GError     **error);

/* Starts the save file for @path: a new temporary next to it (see
 * domus-partial-file.h) with the header written; returns its descriptor and
 * its path in @partial_path, to be renamed to @path once libxl's stream is
 * complete; or -1 with a DOMUS_ERROR. */
int       domus_xen_save_create       (const char  *path,
                                       const char  *config_json,
                                       char       **partial_path,
                                       GError     **error);

/* Reads the header of the save file at @path; returns the domain's name
 * (c_info.name of its configuration), or NULL with a DOMUS_ERROR saying why
 * the file is no xl save file. */
char     *domus_xen_save_read_name    (const char  *path,
                                       GError     **error);

/* A copy of the save file at @path whose domain is named @new_name (and
 * has a new UUID), for restoring a checkpoint beside the domain still
 * running from it: xl restore takes no other name. Written next to @path
 * under a temporary name (see domus-partial-file.h), which is returned;
 * the caller removes it after the restore. NULL with a DOMUS_ERROR. */
char     *domus_xen_save_copy_renamed (const char  *path,
                                       const char  *new_name,
                                       GError     **error);

G_END_DECLS
