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

/* A message dialog over @parent's window asking @heading (@body below it)
 * with "cancel" and @response (@label, of @appearance, the default), for
 * an extra child and a "response" handler of the caller's. */
GtkWidget *domus_dialog_new_asking     (GtkWidget             *parent,
                                        const char            *heading,
                                        const char            *body,
                                        const char            *response,
                                        const char            *label,
                                        AdwResponseAppearance  appearance);

G_END_DECLS
