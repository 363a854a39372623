/* domus-test-gtk-utils.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "domus-test-gtk-utils.h"
#include "domus-test-utils.h"

#include <adwaita.h>

void
domus_test_gtk_init (int    *argc,
                     char ***argv)
{
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  gtk_test_init (argc, argv, NULL);
  adw_init ();
  gtk_css_provider_load_from_resource (css, "/io/domus/Domus/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

DomusWindow *
domus_test_window_new (DomusHost *host,
                       int        width,
                       int        height)
{
  DomusWindow *window = domus_window_new (NULL, host);

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  domus_test_flush (GTK_WIDGET (window));
  return window;
}

void
domus_test_window_setup (DomusTestWindow *f,
                         gconstpointer    data)
{
  f->host = domus_test_sim_host_new (NULL, &f->clock);
  f->window = domus_test_window_new (f->host, 1280, 800);
  f->dir = g_dir_make_tmp ("domus-window-XXXXXX", NULL);
}

void
domus_test_window_teardown (DomusTestWindow *f,
                            gconstpointer    data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->host);
  g_clear_object (&f->clock);
  domus_test_remove_dir (f->dir);
  g_free (f->dir);
}

GtkWidget *
domus_test_window_page (DomusWindow *window,
                        const char  *page_name)
{
  /* The pages other than the Domains page are built on demand. */
  static const struct { const char *field, *name; } built_later[] = {
    { "qos_page", "qos" },
    { "host_page", "host" },
    { "bench_page", "benchmarks" },
    { "fleet_page", "hosts" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (built_later); i++)
    if (g_str_equal (page_name, built_later[i].field))
      return domus_window_get_page (window, built_later[i].name);
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), DOMUS_TYPE_WINDOW, page_name));
}

GtkWidget *
domus_test_page_child (DomusWindow *window,
                       GType        page_type,
                       const char  *page_name,
                       const char  *name)
{
  GtkWidget *page = domus_test_window_page (window, page_name);

  return GTK_WIDGET (gtk_widget_get_template_child (page, page_type, name));
}

void
domus_test_flush (GtkWidget *widget)
{
  gtk_test_widget_wait_for_draw (widget);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

GskRenderNode *
domus_test_render_widget (GtkWidget *widget,
                          double     width,
                          double     height)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GskRenderNode *node = NULL;

  /* A widget paintable holds the widget's last drawing, and none while a
   * redraw is queued: a timer or an update may queue one at any moment, and
   * on a loaded machine the frame that draws it comes late. Then wait for
   * that frame and take its drawing. */
  for (guint i = 0; node == NULL && i < 100; i++)
    {
      g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();

      domus_test_flush (widget);
      if (width < 0)
        {
          width = gdk_paintable_get_intrinsic_width (paintable);
          height = gdk_paintable_get_intrinsic_height (paintable);
        }
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  g_assert_nonnull (node);
  return node;
}

void
domus_test_screenshot (GtkWidget  *widget,
                       const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  int width, height;

  /* The paintable's own size, which for a window includes its shadow:
   * drawn at another size it would be scaled, and blurred. */
  node = domus_test_render_widget (widget, -1, -1);
  width = gdk_paintable_get_intrinsic_width (paintable);
  height = gdk_paintable_get_intrinsic_height (paintable);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, name));
  g_test_message ("saved %s (%d×%d)", name, width, height);
}

static void
written_cb (GtkWidget     *widget,
            const char    *path,
            const GError  *error,
            char         **written)
{
  g_assert_no_error (error);
  *written = g_strdup (path);
}

void
domus_test_write_file (GtkWidget  *widget,
                       const char *action,
                       const char *path)
{
  g_autofree char *written = NULL;
  gulong id = g_signal_connect (widget, "file-written", G_CALLBACK (written_cb), &written);

  g_assert_true (gtk_widget_activate_action (widget, action, "s", path));
  while (written == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (widget, id);
  g_assert_cmpstr (written, ==, path);
}
