/* domus-xl-hvm.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-xl-hvm"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "domus-error.h"
#include "domus-xl-hvm.h"

#define MEMORY_MIN_MIB 32
#define MEMORY_MAX_MIB (1024 * 1024)
#define VCPUS_MAX      128
#define BRIDGE_MAX     15   /* IFNAMSIZ - 1 */

static gboolean
only_chars (const char *text,
            const char *extra)
{
  for (const char *c = text; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c) && strchr (extra, *c) == NULL)
      return FALSE;
  return TRUE;
}

/* A path xl's disk syntax and a quoted string can hold as it is. */
static gboolean
check_path (const char  *path,
            const char  *what,
            GError     **error)
{
  if (path == NULL || path[0] == '\0')
    {
      /* TRANSLATORS: %s is what is missing: "the disk", "the installer ISO" */
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT, _("No path was given for %s"), what);
      return FALSE;
    }
  if (!g_path_is_absolute (path))
    {
      /* TRANSLATORS: %s is "the disk" or "the installer ISO", then a path */
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                   _("The path of %s must start with “/”: %s"), what, path);
      return FALSE;
    }
  if (strpbrk (path, ",'\"\\\n") != NULL)
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                   _("The path of %s cannot hold commas, quotes or backslashes, which xl’s disk "
                     "syntax reads otherwise: %s"), what, path);
      return FALSE;
    }
  return TRUE;
}

gboolean
domus_hvm_spec_check (const DomusHvmSpec  *spec,
                      GError             **error)
{
  g_return_val_if_fail (spec != NULL, FALSE);

  if (spec->name == NULL || spec->name[0] == '\0')
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT, _("The domain needs a name"));
      return FALSE;
    }
  if (!only_chars (spec->name, "-_.") || strlen (spec->name) > 64 || spec->name[0] == '-')
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                   _("“%s” cannot be a domain name: use up to 64 letters, digits, “-”, “_” and “.”"),
                   spec->name);
      return FALSE;
    }
  if (spec->memory_mib < MEMORY_MIN_MIB || spec->memory_mib > MEMORY_MAX_MIB)
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                   _("Memory must be between %u MiB and %u MiB"), MEMORY_MIN_MIB, MEMORY_MAX_MIB);
      return FALSE;
    }
  if (spec->vcpus < 1 || spec->vcpus > VCPUS_MAX)
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                   _("A domain has between 1 and %u vCPUs"), VCPUS_MAX);
      return FALSE;
    }
  if (!check_path (spec->disk, _("the disk"), error))
    return FALSE;
  if (spec->iso != NULL && !check_path (spec->iso, _("the installer ISO"), error))
    return FALSE;
  if (spec->bridge != NULL
      && (spec->bridge[0] == '\0' || strlen (spec->bridge) > BRIDGE_MAX || !only_chars (spec->bridge, "-_.")))
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT,
                   _("“%s” cannot be a bridge name: use up to %u letters, digits, “-”, “_” and “.”"),
                   spec->bridge, BRIDGE_MAX);
      return FALSE;
    }
  return TRUE;
}

char *
domus_hvm_spec_to_config (const DomusHvmSpec  *spec,
                          GError             **error)
{
  GString *text;

  if (!domus_hvm_spec_check (spec, error))
    return NULL;

  text = g_string_new (NULL);
  g_string_append_printf (text,
                          "# %s: an HVM guest, written by Domus.\n"
                          "# It boots the installer from its CD-ROM first; \"Eject Installer\" takes\n"
                          "# the CD-ROM out and makes it boot from its disk.\n"
                          "type = \"hvm\"\n"
                          "name = \"%s\"\n"
                          "memory = %" G_GUINT64_FORMAT "\n"
                          "vcpus = %u\n",
                          spec->name, spec->name, spec->memory_mib, spec->vcpus);
  g_string_append_printf (text, "disk = [ '%s:%s,hda,w'", spec->disk_is_file ? "file" : "phy", spec->disk);
  if (spec->iso != NULL)
    g_string_append_printf (text, ", 'file:%s," DOMUS_HVM_CDROM_VDEV ":cdrom,r'", spec->iso);
  g_string_append (text, " ]\n");
  /* d: the CD-ROM, c: the disk */
  g_string_append_printf (text, "boot = \"%s\"\n", spec->iso != NULL ? "dc" : "c");
  if (spec->bridge != NULL)
    g_string_append_printf (text, "vif = [ 'bridge=%s' ]\n", spec->bridge);
  if (spec->vnc)
    g_string_append (text,
                     "vnc = 1\n"
                     "vnclisten = \"127.0.0.1\"\n"
                     "# an absolute pointer, so that the VNC pointer and the guest's agree\n"
                     "usbdevice = [ 'tablet' ]\n");
  else
    g_string_append (text, "vnc = 0\n");
  g_string_append (text, "serial = 'pty'\n");
  return g_string_free (text, FALSE);
}

/* Whether an xl disk spec (xl-disk-configuration(5)) is a CD-ROM, and its
 * virtual device: "file:/x.iso,hdc:cdrom,r", "vdev=hdc, devtype=cdrom, …". */
static gboolean
disk_is_cdrom (const char  *spec,
               char       **vdev_out)
{
  g_auto(GStrv) tokens = g_strsplit (spec, ",", -1);
  g_autofree char *vdev = NULL;
  gboolean cdrom = FALSE;

  for (guint i = 0; tokens[i] != NULL; i++)
    {
      char *token = g_strstrip (tokens[i]);
      const char *equals = strchr (token, '=');

      if (equals != NULL)
        {
          g_autofree char *key = g_strndup (token, equals - token);

          if (g_str_equal (key, "target"))
            break;   /* the rest is the target, commas and all */
          if (g_str_equal (key, "vdev"))
            {
              g_free (vdev);
              vdev = g_strdup (equals + 1);
            }
          else if (g_str_equal (key, "devtype") && g_str_equal (equals + 1, "cdrom"))
            cdrom = TRUE;
        }
      else if (g_str_equal (token, "cdrom"))
        cdrom = TRUE;
      else if (g_str_has_suffix (token, ":cdrom"))
        {
          cdrom = TRUE;
          g_free (vdev);
          vdev = g_strndup (token, strlen (token) - strlen (":cdrom"));
        }
      else if (vdev == NULL && i > 0
               && (g_str_has_prefix (token, "hd") || g_str_has_prefix (token, "xvd")
                   || g_str_has_prefix (token, "sd")) && only_chars (token, ""))
        vdev = g_strdup (token);
    }

  if (cdrom && vdev_out != NULL)
    *vdev_out = g_steal_pointer (&vdev);
  return cdrom;
}

char *
domus_xl_config_find_cdrom (DomusXlConfig *config)
{
  g_auto(GStrv) disks = NULL;

  g_return_val_if_fail (DOMUS_IS_XL_CONFIG (config), NULL);

  disks = domus_xl_config_get_list (config, "disk");
  for (guint i = 0; disks != NULL && disks[i] != NULL; i++)
    {
      char *vdev = NULL;

      if (disk_is_cdrom (disks[i], &vdev) && vdev != NULL)
        return vdev;
      g_free (vdev);
    }
  return NULL;
}

gboolean
domus_xl_config_eject_cdrom (DomusXlConfig  *config,
                             const char     *vdev,
                             GError        **error)
{
  g_auto(GStrv) disks = NULL;
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();
  gboolean found = FALSE;

  g_return_val_if_fail (DOMUS_IS_XL_CONFIG (config), FALSE);
  g_return_val_if_fail (vdev != NULL, FALSE);

  disks = domus_xl_config_get_list (config, "disk");
  for (guint i = 0; disks != NULL && disks[i] != NULL; i++)
    {
      g_autofree char *drive = NULL;

      if (disk_is_cdrom (disks[i], &drive) && g_strcmp0 (drive, vdev) == 0)
        found = TRUE;
      else
        g_ptr_array_add (kept, disks[i]);
    }
  if (!found)
    {
      const char *path = domus_xl_config_get_path (config);
      g_autofree char *basename = path != NULL ? g_path_get_basename (path) : g_strdup ("config");

      /* TRANSLATORS: a file name, then a virtual device such as "hdc" */
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND, _("%s has no CD-ROM drive “%s”"),
                   basename, vdev);
      return FALSE;
    }

  g_ptr_array_add (kept, NULL);
  domus_xl_config_set_list (config, "disk", (const char * const *) kept->pdata);
  domus_xl_config_set_string (config, "boot", "c");
  return TRUE;
}

char *
domus_xl_config_read_vnc_password (const char *path)
{
  g_autoptr(DomusXlConfig) config = NULL;
  char *password = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if ((config = domus_xl_config_new_from_file (path, NULL)) != NULL)
    domus_xl_config_get_string (config, "vncpasswd", &password);
  return password;
}
