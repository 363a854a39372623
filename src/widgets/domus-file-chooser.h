/* domus-file-chooser.h: asking for a file, then acting on its path
 *
 * Each action that asks for a file has a twin taking the path (a string
 * action): the chooser activates the twin, so that tests and keyboard
 * users reach the same code. GtkFileChooserNative, as GtkFileDialog is
 * GTK 4.10.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Shows a modal chooser on @widget's window; on accept activates @action
 * ("s", the path) on @widget. @suggested_name and @filter may be NULL. */
void domus_choose_file (GtkWidget            *widget,
                        const char           *title,
                        GtkFileChooserAction  mode,
                        const char           *accept,
                        const char           *action,
                        const char           *suggested_name,
                        GtkFileFilter        *filter);

/* As domus_choose_file(), starting in @folder (may be NULL). */
void domus_choose_file_in (GtkWidget            *widget,
                           const char           *title,
                           GtkFileChooserAction  mode,
                           const char           *accept,
                           const char           *action,
                           const char           *folder,
                           const char           *suggested_name,
                           GtkFileFilter        *filter);

G_END_DECLS
