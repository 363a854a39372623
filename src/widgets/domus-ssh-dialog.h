/* domus-ssh-dialog.h: one of ssh's questions, asked in a dialog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "domus-ssh-prompter.h"

G_BEGIN_DECLS

/* A dialog over @parent (may be NULL) asking question @id of @prompter
 * (as ::question gave it): a passphrase or password in a hidden entry, or
 * whether to trust a host key, with ssh's own words. It answers @prompter
 * when the user responds, and refuses the question if it is destroyed
 * first (with its parent, when the connection is given up). Not shown yet. */
AdwMessageDialog *domus_ssh_dialog_new (GtkWindow            *parent,
                                        DomusSshPrompter     *prompter,
                                        guint                 id,
                                        DomusSshQuestionKind  kind,
                                        const char           *host,
                                        const char           *prompt);

G_END_DECLS
