/* fuzz-xen-save.c: the header of xl save files
 *
 * Reads the input as a save file, as "restore" does before libxl sees it.
 * Then writes a header around a configuration that names a domain after
 * the input (made valid UTF-8) and reads that back: the name must come
 * back as written.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE   /* memfd_create() */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "xen/domus-xen-save.h"
#include "fuzz-common.h"

static void
check_round_trip (const uint8_t *data,
                  size_t         size)
{
  g_autofree char *name = g_utf8_make_valid ((const char *) data, (gssize) MIN (size, 256));
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *read = NULL;
  g_autofree char *path = NULL;
  int fd;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "c_info");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);

  fd = memfd_create ("fuzz-save", MFD_CLOEXEC);
  fuzz_check (fd >= 0);
  fuzz_check (domus_xen_save_write_header (fd, json, &error));
  path = g_strdup_printf ("/proc/self/fd/%d", fd);
  read = domus_xen_save_read_name (path, &error);
  close (fd);
  if (name[0] == '\0')
    {
      fuzz_check (read == NULL && error != NULL);
      return;
    }
  fuzz_check (read != NULL);
  fuzz_check (strcmp (read, name) == 0);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  fuzz_init ();

  name = domus_xen_save_read_name (fuzz_write_file (data, size), &error);
  fuzz_check ((name == NULL) == (error != NULL));
  if (name != NULL)
    fuzz_check (name[0] != '\0');

  check_round_trip (data, size);
  return 0;
}
