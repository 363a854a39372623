/* bench-vnc-client.c: Domus's side of the VNC client benchmark
 *
 *   build/bench/bench-vnc-client [--mode view|cairo|picture|none] HOST PORT
 *
 * Connects a DomusVncSession and shows the frame in a window at 1:1, as the
 * Screen view does, until the server goes or SIGTERM comes; then prints one
 * line of JSON with what it saw. bench/vnc/run.py runs it against QEMU next
 * to gvncviewer and TigerVNC's viewer (see bench/vnc/README.md).
 *
 * --mode view (the default) shows it in Domus's own DomusVncView (a render
 * node per tile, kept until an update touches the tile; under the cairo
 * renderer one copy of the frame, under GL a texture per tile).
 *
 * --mode picture keeps a copy of the frame (the damaged rectangles read
 * into it per update) and shows it as one texture in a GtkPicture, made
 * again at most once a frame-clock tick. --mode none opens no window:
 * damage and read_pixels() only, the cost of the session itself.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bench-vnc-client"

#include "config.h"

#include <glib-unix.h>
#include <gtk/gtk.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "vnc/domus-vnc-session.h"

#include "domus-gdk-env.h"
#include "domus-vnc-view.h"

typedef enum
{
  MODE_VIEW,
  MODE_PICTURE,
  MODE_NONE,
} Mode;

typedef struct
{
  DomusVncSession *session;
  Mode             mode;
  GMainLoop       *loop;
  GtkWidget       *window;
  GtkWidget       *view;         /* MODE_VIEW */
  GtkWidget       *picture;      /* MODE_PICTURE */
  guint8          *frame;        /* MODE_PICTURE, MODE_NONE: the copy */
  guint            width;
  guint            height;
  gboolean         frame_dirty;
  guint            tick_id;
  guint64          n_updates;    /* "updated" signals */
  guint64          n_frames;     /* frames painted */
  guint64          n_textures;   /* tiles (view) or textures (picture) made */
  guint64          n_pixels_read;
  int              status;
} Bench;

/* --- picture and none: a copy of the frame, kept up to date -------------- */

static void
copy_damage (Bench *b)
{
  g_autoptr(GArray) damage = domus_vnc_session_take_damage (b->session);
  guint width, height;

  domus_vnc_session_get_size (b->session, &width, &height);
  if (width != b->width || height != b->height || b->frame == NULL)
    {
      g_free (b->frame);
      b->width = width;
      b->height = height;
      b->frame = g_malloc0 ((gsize) width * height * 4);
      g_clear_pointer (&damage, g_array_unref);
    }
  if (damage == NULL)
    {
      if (domus_vnc_session_read_pixels (b->session, 0, 0, width, height, b->frame, (gsize) width * 4))
        b->n_pixels_read += (guint64) width * height;
    }
  else
    for (guint i = 0; i < damage->len; i++)
      {
        const DomusVncRect *rect = &g_array_index (damage, DomusVncRect, i);
        guint8 *dest = b->frame + ((gsize) rect->y * width + rect->x) * 4;

        if (domus_vnc_session_read_pixels (b->session, rect->x, rect->y, rect->width, rect->height,
                                           dest, (gsize) width * 4))
          b->n_pixels_read += (guint64) rect->width * rect->height;
      }
  b->frame_dirty = TRUE;
}

static gboolean
picture_tick_cb (GtkWidget     *widget,
                 GdkFrameClock *frame_clock,
                 gpointer       data)
{
  Bench *b = data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  b->tick_id = 0;
  if (!b->frame_dirty || b->width == 0 || b->height == 0)
    return G_SOURCE_REMOVE;
  b->frame_dirty = FALSE;
  /* Textures are immutable: the frame goes on changing in b->frame. */
  bytes = g_bytes_new (b->frame, (gsize) b->width * b->height * 4);
  texture = gdk_memory_texture_new ((int) b->width, (int) b->height,
                                    GDK_MEMORY_B8G8R8A8_PREMULTIPLIED, bytes, (gsize) b->width * 4);
  gtk_picture_set_paintable (GTK_PICTURE (b->picture), GDK_PAINTABLE (texture));
  b->n_textures++;
  return G_SOURCE_REMOVE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                Bench         *b)
{
  b->n_frames++;
}

/* --- the session ---------------------------------------------------------- */

static void
updated_cb (DomusVncSession *session,
            Bench           *b)
{
  b->n_updates++;
  switch (b->mode)
    {
    case MODE_VIEW:
      /* The view hears the session itself. */
      break;
    case MODE_PICTURE:
      copy_damage (b);
      if (b->tick_id == 0)
        b->tick_id = gtk_widget_add_tick_callback (b->picture, picture_tick_cb, b, NULL);
      break;
    case MODE_NONE:
      copy_damage (b);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
closed_cb (DomusVncSession *session,
           Bench           *b)
{
  g_printerr ("bench-vnc-client: %s\n", domus_vnc_session_get_error (session)->message);
  b->status = EXIT_FAILURE;
  g_main_loop_quit (b->loop);
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Bench *b = data;
  g_autoptr(GError) error = NULL;

  if (!domus_vnc_session_connect_finish (b->session, result, &error))
    {
      g_printerr ("bench-vnc-client: %s\n", error->message);
      b->status = EXIT_FAILURE;
      g_main_loop_quit (b->loop);
      return;
    }
  g_signal_connect (b->session, "updated", G_CALLBACK (updated_cb), b);
  g_signal_connect (b->session, "closed", G_CALLBACK (closed_cb), b);
  if (b->view != NULL)
    domus_vnc_view_set_session (DOMUS_VNC_VIEW (b->view), b->session);
}

static gboolean
quit_cb (gpointer data)
{
  Bench *b = data;

  g_main_loop_quit (b->loop);
  return G_SOURCE_CONTINUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("HOST PORT");
  g_autoptr(GError) error = NULL;
  g_autofree char *mode = NULL;
  Bench b = { .status = EXIT_SUCCESS };
  const GOptionEntry entries[] = {
    { "mode", 0, 0, G_OPTION_ARG_STRING, &mode, "view (default), picture or none", "MODE" },
    { NULL }
  };
  const char *renderer = "none";
  guint64 port;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 3
      || !g_ascii_string_to_unsigned (argv[2], 10, 1, 65535, &port, NULL))
    {
      g_printerr ("%s\n", error != NULL ? error->message : "usage: bench-vnc-client [--mode MODE] HOST PORT");
      return EXIT_FAILURE;
    }
  if (mode == NULL || g_str_equal (mode, "view"))
    b.mode = MODE_VIEW;
  else if (g_str_equal (mode, "picture"))
    b.mode = MODE_PICTURE;
  else if (g_str_equal (mode, "none"))
    b.mode = MODE_NONE;
  else
    {
      g_printerr ("unknown mode %s\n", mode);
      return EXIT_FAILURE;
    }

  if (b.mode != MODE_NONE)
    {
      /* As Domus does (src/main.c). */
      domus_gdk_env_prepare ();
      gtk_init ();
      b.window = gtk_window_new ();
      gtk_window_set_title (GTK_WINDOW (b.window), "Domus VNC bench");
      gtk_window_set_decorated (GTK_WINDOW (b.window), FALSE);
      if (b.mode == MODE_VIEW)
        {
          b.view = domus_vnc_view_new ();
          domus_vnc_view_set_scale_to_fit (DOMUS_VNC_VIEW (b.view), FALSE);
          gtk_window_set_child (GTK_WINDOW (b.window), b.view);
        }
      else
        {
          b.picture = gtk_picture_new ();
          gtk_picture_set_can_shrink (GTK_PICTURE (b.picture), FALSE);
          gtk_window_set_child (GTK_WINDOW (b.window), b.picture);
        }
      gtk_window_present (GTK_WINDOW (b.window));
      g_signal_connect (gtk_widget_get_frame_clock (b.window), "after-paint", G_CALLBACK (after_paint_cb), &b);
    }

  b.loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, quit_cb, &b);
  g_unix_signal_add (SIGINT, quit_cb, &b);
  b.session = domus_vnc_session_new (argv[1], (guint) port);
  domus_vnc_session_connect_async (b.session, NULL, connected_cb, &b);
  g_main_loop_run (b.loop);

  if (b.view != NULL)
    b.n_textures = domus_vnc_view_get_n_tile_uploads (DOMUS_VNC_VIEW (b.view));
  /* Which renderer drew: GTK falls back to cairo when GL cannot start. */
  if (b.window != NULL && gtk_widget_get_realized (b.window))
    renderer = G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (b.window)));
  g_print ("{\"mode\": \"%s\", \"renderer\": \"%s\", \"session_updates\": %" G_GUINT64_FORMAT
           ", \"updated_signals\": %" G_GUINT64_FORMAT
           ", \"frames\": %" G_GUINT64_FORMAT ", \"textures\": %" G_GUINT64_FORMAT
           ", \"pixels_read\": %" G_GUINT64_FORMAT "}\n",
           mode != NULL ? mode : "view", renderer, domus_vnc_session_get_n_updates (b.session), b.n_updates,
           b.n_frames, b.n_textures, b.n_pixels_read);

  if (b.view != NULL)
    domus_vnc_view_set_session (DOMUS_VNC_VIEW (b.view), NULL);
  domus_vnc_session_close (b.session);
  g_clear_object (&b.session);
  if (b.window != NULL)
    gtk_window_destroy (GTK_WINDOW (b.window));
  g_main_loop_unref (b.loop);
  g_free (b.frame);
  return b.status;
}
