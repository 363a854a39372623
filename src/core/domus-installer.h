/* domus-installer.h: the end of an HVM guest's installation
 *
 * domus_installer_eject_async() takes the installer disc out of an HVM
 * domain: it ejects the CD-ROM drive @vdev (NULL: the drive its xl config
 * file names, or DOMUS_HVM_CDROM_VDEV when it has no file), then takes the
 * disc out of that file, whose boot order goes back to the disk. The file is
 * read before anything is ejected, so that a broken one is said first; the
 * drive is emptied before the file is written, so that a refused eject
 * leaves the file as it was. The window's "Eject Installer" and
 * `domusctl cd-eject` both do this.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "domus-host.h"

G_BEGIN_DECLS

void  domus_installer_eject_async  (DomusHost            *host,
                                    DomusDomain          *domain,
                                    const char           *vdev,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data);
/* What was done, in words for the user ("Installer ejected from “web”; it
 * boots from its disk from now on"), or NULL with @error when nothing was
 * ejected (a broken file, no drive, the host's refusal). A file that could
 * not be rewritten once the drive was empty is no error: the words say so. */
char *domus_installer_eject_finish (DomusHost            *host,
                                    GAsyncResult         *result,
                                    GError              **error);

G_END_DECLS
