/* domus-dialog-entry.h: the text a message dialog asks for
 *
 * An entry for an AdwMessageDialog whose @response needs its text (a host
 * to add, a host to migrate to): Enter answers with the dialog's default
 * response, and @response is enabled only while the text is not blank.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

GtkWidget *domus_dialog_entry_new      (AdwMessageDialog *dialog,
                                        const char       *response,
                                        const char       *placeholder);
/* The entry's text without surrounding blanks. */
char      *domus_dialog_entry_dup_text (GtkWidget        *entry);

G_END_DECLS
