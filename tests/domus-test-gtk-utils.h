/* domus-test-gtk-utils.h: what the window tests do the same way
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "domus-window.h"

G_BEGIN_DECLS

/* gtk_test_init() and adw_init(), and the stylesheet AdwApplication loads
 * for the app, so that screenshots show the real thing. */
void domus_test_gtk_init (int    *argc,
                          char ***argv);
/* The main window on @host, of @width × @height, presented and drawn. */
DomusWindow *domus_test_window_new (DomusHost *host,
                                    int        width,
                                    int        height);

/* The window tests' fixture: the main window, 1280 × 800, on the lab
 * scene's simulated host on a manual clock, and a temporary folder for the
 * test's files, removed with what is in it. */
typedef struct
{
  DomusClock  *clock;
  DomusHost   *host;
  DomusWindow *window;
  char        *dir;
} DomusTestWindow;

void domus_test_window_setup    (DomusTestWindow *f,
                                 gconstpointer    data);
void domus_test_window_teardown (DomusTestWindow *f,
                                 gconstpointer    data);
/* Adds @test (void (DomusTestWindow *, gconstpointer)) at @path, on a
 * window made before it and closed after. */
#define domus_test_add_window(path, test) \
  g_test_add ((path), DomusTestWindow, NULL, domus_test_window_setup, (test), domus_test_window_teardown)

/* The window's page @page_name, as the window's struct names it
 * ("domain_page", "qos_page", "host_page", "bench_page", "fleet_page"):
 * built now if the window had not built it yet. */
GtkWidget *domus_test_window_page (DomusWindow *window,
                                   const char  *page_name);
/* The template child @name of the window's page @page_name, of @page_type. */
GtkWidget *domus_test_page_child (DomusWindow *window,
                                  GType        page_type,
                                  const char  *page_name,
                                  const char  *name);

/* Waits until @widget has been drawn, then for whatever is pending. */
void domus_test_flush      (GtkWidget  *widget);
/* @widget as last drawn, at @width × @height (its own size when negative):
 * waits for a frame when it has a redraw queued. */
GskRenderNode *domus_test_render_widget (GtkWidget *widget,
                                         double     width,
                                         double     height);
/* Renders @widget as it is on screen into the PNG file @name. */
void domus_test_screenshot (GtkWidget  *widget,
                            const char *name);
/* Activates @action ("s") on @widget with @path, and returns once the
 * widget's ::file-written (path, GError) says it wrote it, without error. */
void domus_test_write_file (GtkWidget  *widget,
                            const char *action,
                            const char *path);

G_END_DECLS
