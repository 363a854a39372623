/* domus-new-domain-dialog.h: the assistant for a new HVM domain
 *
 * Name, memory, vCPUs, a disk (a new sparse image file or an existing
 * block device or LV), the installer ISO, the bridge and VNC; every
 * change is checked and the first problem is said under the form. Review
 * shows the xl config it will write (domus_hvm_spec_to_config()); Create
 * makes the image, writes the config into the folder chosen (asking
 * before replacing a file) and creates the domain on the host, with
 * progress and a cancel. On success it emits "created" and closes.
 *
 * Widget actions ("new-domain."): review, back, create, cancel,
 * choose-iso and its twin set-iso (s, a path), choose-folder and its twin
 * set-folder (s).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "domus-host.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_NEW_DOMAIN_DIALOG (domus_new_domain_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DomusNewDomainDialog, domus_new_domain_dialog, DOMUS, NEW_DOMAIN_DIALOG, AdwWindow)

DomusNewDomainDialog *domus_new_domain_dialog_new        (GtkWindow            *parent,
                                                          DomusHost            *host);
/* The first problem with what was filled in, or NULL when it can be created. */
const char           *domus_new_domain_dialog_get_problem (DomusNewDomainDialog *self);
/* The xl config text shown for review, or NULL before Review. */
char                 *domus_new_domain_dialog_get_config_text (DomusNewDomainDialog *self);

G_END_DECLS
