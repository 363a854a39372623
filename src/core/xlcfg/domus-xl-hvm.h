/* domus-xl-hvm.h: xl configs for installing an HVM guest, and ejecting its installer
 *
 * The lab flow (of the virtualization lab guides Domus is built for): an
 * HVM domain that boots a Debian installer ISO from its CD-ROM first, shows its screen
 * over VNC on 127.0.0.1, and, once installed, has the CD-ROM taken out
 * and boots from its disk.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "domus-xl-config.h"

G_BEGIN_DECLS

typedef struct
{
  const char *name;
  guint64     memory_mib;
  guint       vcpus;
  const char *disk;          /* a block device, an LV or an image file */
  gboolean    disk_is_file;  /* an image file ("file:"), not a device ("phy:") */
  const char *iso;           /* the installer ISO, or NULL for no CD-ROM */
  const char *bridge;        /* the network bridge, or NULL for no network */
  gboolean    vnc;
} DomusHvmSpec;

/* The CD-ROM drive the installer ISO goes in. */
#define DOMUS_HVM_CDROM_VDEV "hdc"

/* Checks what xl would refuse or misread: the name, sizes, paths that
 * xl's disk syntax cannot hold (commas, quotes), the bridge's name. */
gboolean  domus_hvm_spec_check              (const DomusHvmSpec  *spec,
                                             GError             **error);
/* The xl config text for @spec (checked first): type="hvm", boot="dc",
 * the disk as hda and the ISO as the CD-ROM hdc, a vif on the bridge,
 * vnc=1 on 127.0.0.1 with a USB tablet for the pointer, serial='pty'. */
char     *domus_hvm_spec_to_config          (const DomusHvmSpec  *spec,
                                             GError             **error);

/* The VNC password xl gives QEMU for the domain of the config file @path:
 * its vncpasswd, or NULL (no such key, no file, or one that does not read).
 * The simulator's screens take it as QEMU does, and the Screen view offers
 * it until the user types another. */
char     *domus_xl_config_read_vnc_password (const char          *path);
/* The virtual device of the first CD-ROM drive in disk=[...] ("hdc",
 * "xvdb"), or NULL. */
char     *domus_xl_config_find_cdrom        (DomusXlConfig       *config);
/* Takes the CD-ROM drive @vdev out of disk=[...] and sets boot="c", so
 * that the next boot is from the disk. Nothing is saved. */
gboolean  domus_xl_config_eject_cdrom       (DomusXlConfig       *config,
                                             const char          *vdev,
                                             GError             **error);

G_END_DECLS
