/* bench-vnc-client.c: Domus's side of the VNC client benchmark
 *
 *   build/bench/bench-vnc-client [--mode view|cairo|picture|none] HOST PORT
 *
 * Connects a DomusVncSession and shows the frame in a window at 1:1, as the
 * console will, until the server goes or SIGTERM comes; then prints one
 * line of JSON with what it saw. bench/vnc/run.py runs it against QEMU next
 * to gvncviewer and TigerVNC's viewer (see bench/vnc/README.md).
 *
 * --mode view (the default) does per update what DomusVncView does: the
 * frame is cut into 256×256 GdkMemoryTextures, an update drops the tiles
 * its rectangles touch, and the next snapshot makes those again with
 * domus_vnc_session_read_pixels().
 *
 * --mode cairo has the same tiles as cairo image surfaces (RGB24) drawn
 * through gtk_snapshot_append_cairo(). GTK 4.8's cairo renderer converts
 * every GdkMemoryTexture it draws, every frame, pixel by pixel through
 * floats (gdk_memory_convert() has no shortcut for equal formats), where an
 * opaque RGB24 surface is painted as a plain copy. Replaced surfaces are
 * kept for two frames: the render nodes still shown hold cairo snapshots
 * of them, which copy the pixels when the surface is freed first.
 *
 * In both, tile buffers are kept for reuse (--no-pool: not): freed and
 * allocated a dozen times a frame, glibc gives them back to the kernel and
 * takes them again, page fault by page fault.
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

#include "domus-vnc-session.h"

#define TILE 256
#define RETIRE_FRAMES 8

static int retire_frames = 2;   /* 1 to RETIRE_FRAMES */

typedef enum
{
  MODE_VIEW,
  MODE_CAIRO,
  MODE_PICTURE,
  MODE_NONE,
} Mode;

typedef struct
{
  DomusVncSession *session;
  Mode             mode;
  GMainLoop       *loop;
  GtkWidget       *window;
  GtkWidget       *picture;      /* MODE_PICTURE */
  guint8          *frame;        /* MODE_PICTURE, MODE_NONE: the copy */
  guint            width;
  guint            height;
  gboolean         frame_dirty;
  guint            tick_id;
  guint64          n_updates;    /* "updated" signals */
  guint64          n_frames;     /* snapshots (view), textures (picture) */
  guint64          n_textures;   /* textures made */
  guint64          n_pixels_read;
  gboolean         retire;       /* MODE_CAIRO: keep replaced tiles a while */
  int              status;
} Bench;

/* --- tile buffers (see the top of the file); freed on the main thread --- */

#define TILE_BYTES ((gsize) TILE * TILE * 4)
#define POOL_MAX   32

static GPtrArray *tile_pool;
static gboolean   use_pool = TRUE;

static guint8 *
tile_buffer_new (void)
{
  if (use_pool && tile_pool != NULL && tile_pool->len > 0)
    return g_ptr_array_steal_index_fast (tile_pool, tile_pool->len - 1);
  return g_malloc (TILE_BYTES);
}

static void
tile_buffer_free (gpointer buffer)
{
  if (tile_pool == NULL)
    tile_pool = g_ptr_array_new_with_free_func (g_free);
  if (use_pool && tile_pool->len < POOL_MAX)
    g_ptr_array_add (tile_pool, buffer);
  else
    g_free (buffer);
}

/* --- view: DomusVncView's tiles, without the input ----------------------- */

#define BENCH_TYPE_VIEW (bench_view_get_type ())
G_DECLARE_FINAL_TYPE (BenchView, bench_view, BENCH, VIEW, GtkWidget)

struct _BenchView
{
  GtkWidget        parent_instance;

  Bench           *bench;
  guint            width;
  guint            height;
  guint            columns;
  guint            rows;
  GDestroyNotify   tiles_free;
  /* MODE_CAIRO: tiles replaced since each of the last retire_frames
   * snapshots. The render nodes of the frames still shown hold cairo
   * snapshots of them, which copy the pixels if the surface goes first;
   * after two frames they are gone. */
  GPtrArray       *retired[RETIRE_FRAMES];   /* [0]: since the last snapshot */
  GPtrArray       *tiles;        /* GdkTexture* (MODE_VIEW) or cairo_surface_t*
                                  * (MODE_CAIRO), NULL where dirty */
};

G_DEFINE_FINAL_TYPE (BenchView, bench_view, GTK_TYPE_WIDGET)

static void
bench_view_retire (BenchView *self,
                   gpointer  *tile)
{
  if (*tile == NULL)
    return;
  if (self->bench->mode == MODE_CAIRO && self->bench->retire)
    g_ptr_array_add (self->retired[0], g_steal_pointer (tile));
  else
    g_clear_pointer (tile, self->tiles_free);
}

static void
bench_view_reset_tiles (BenchView *self)
{
  guint width, height;

  domus_vnc_session_get_size (self->bench->session, &width, &height);
  self->columns = (width + TILE - 1) / TILE;
  self->rows = (height + TILE - 1) / TILE;
  for (guint i = 0; i < self->tiles->len; i++)
    bench_view_retire (self, &self->tiles->pdata[i]);
  g_ptr_array_set_size (self->tiles, 0);
  g_ptr_array_set_size (self->tiles, self->columns * self->rows);
  if (width != self->width || height != self->height)
    {
      self->width = width;
      self->height = height;
      gtk_widget_queue_resize (GTK_WIDGET (self));
    }
}

static void
bench_view_update (BenchView *self)
{
  g_autoptr(GArray) damage = domus_vnc_session_take_damage (self->bench->session);
  guint width, height;

  domus_vnc_session_get_size (self->bench->session, &width, &height);
  if (damage == NULL || width != self->width || height != self->height)
    bench_view_reset_tiles (self);
  else
    for (guint i = 0; i < damage->len; i++)
      {
        const DomusVncRect *rect = &g_array_index (damage, DomusVncRect, i);

        if (rect->width == 0 || rect->height == 0)
          continue;
        for (guint row = rect->y / TILE; row <= (rect->y + rect->height - 1) / TILE && row < self->rows; row++)
          for (guint column = rect->x / TILE;
               column <= (rect->x + rect->width - 1) / TILE && column < self->columns; column++)
            {
              gpointer *tile = &self->tiles->pdata[row * self->columns + column];

              bench_view_retire (self, tile);
            }
      }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static GdkTexture *
bench_view_make_tile (BenchView *self,
                      guint      column,
                      guint      row)
{
  guint x = column * TILE, y = row * TILE;
  guint w = MIN (TILE, self->width - x), h = MIN (TILE, self->height - y);
  gsize stride = (gsize) w * 4;
  guint8 *pixels = tile_buffer_new ();
  g_autoptr(GBytes) bytes = NULL;

  if (!domus_vnc_session_read_pixels (self->bench->session, x, y, w, h, pixels, stride))
    {
      tile_buffer_free (pixels);
      return NULL;
    }
  self->bench->n_textures++;
  self->bench->n_pixels_read += (guint64) w * h;
  bytes = g_bytes_new_with_free_func (pixels, stride * h, tile_buffer_free, pixels);
  return gdk_memory_texture_new ((int) w, (int) h, GDK_MEMORY_B8G8R8A8_PREMULTIPLIED, bytes, stride);
}

/* A tile as a cairo image surface, RGB24: B, G, R, X in memory as in the
 * session's frame, and opaque, so that cairo paints it as a plain copy. */
static cairo_surface_t *
bench_view_make_cairo_tile (BenchView *self,
                            guint      column,
                            guint      row)
{
  guint x = column * TILE, y = row * TILE;
  guint w = MIN (TILE, self->width - x), h = MIN (TILE, self->height - y);
  int stride = cairo_format_stride_for_width (CAIRO_FORMAT_RGB24, (int) w);
  /* Not cairo_image_surface_create(), which clears what is overwritten at
   * once, and would not take the buffer from the pool. */
  guint8 *pixels = tile_buffer_new ();
  cairo_surface_t *surface;
  static const cairo_user_data_key_t pixels_key;

  if (!domus_vnc_session_read_pixels (self->bench->session, x, y, w, h, pixels, (gsize) stride))
    {
      tile_buffer_free (pixels);
      return NULL;
    }
  surface = cairo_image_surface_create_for_data (pixels, CAIRO_FORMAT_RGB24, (int) w, (int) h, stride);
  cairo_surface_set_user_data (surface, &pixels_key, pixels, tile_buffer_free);
  self->bench->n_textures++;
  self->bench->n_pixels_read += (guint64) w * h;
  return surface;
}

static void
bench_view_snapshot_cairo (BenchView   *self,
                           GtkSnapshot *snapshot)
{
  GPtrArray *oldest = self->retired[retire_frames - 1];

  g_ptr_array_set_size (oldest, 0);
  memmove (&self->retired[1], &self->retired[0], (gsize) (retire_frames - 1) * sizeof (GPtrArray *));
  self->retired[0] = oldest;
  for (guint row = 0; row < self->rows; row++)
    for (guint column = 0; column < self->columns; column++)
      {
        cairo_surface_t **tile = (cairo_surface_t **) &self->tiles->pdata[row * self->columns + column];
        graphene_rect_t bounds;
        cairo_t *cr;

        if (*tile == NULL)
          *tile = bench_view_make_cairo_tile (self, column, row);
        if (*tile == NULL)
          continue;
        bounds = GRAPHENE_RECT_INIT (column * TILE, row * TILE,
                                     cairo_image_surface_get_width (*tile),
                                     cairo_image_surface_get_height (*tile));
        cr = gtk_snapshot_append_cairo (snapshot, &bounds);
        cairo_set_source_surface (cr, *tile, bounds.origin.x, bounds.origin.y);
        cairo_paint (cr);
        cairo_destroy (cr);
      }
}

static void
bench_view_snapshot (GtkWidget   *widget,
                     GtkSnapshot *snapshot)
{
  BenchView *self = BENCH_VIEW (widget);

  self->bench->n_frames++;
  if (self->bench->mode == MODE_CAIRO)
    {
      bench_view_snapshot_cairo (self, snapshot);
      return;
    }
  for (guint row = 0; row < self->rows; row++)
    for (guint column = 0; column < self->columns; column++)
      {
        GdkTexture **tile = (GdkTexture **) &self->tiles->pdata[row * self->columns + column];

        if (*tile == NULL)
          *tile = bench_view_make_tile (self, column, row);
        if (*tile == NULL)
          continue;
        gtk_snapshot_append_texture (snapshot, *tile,
                                     &GRAPHENE_RECT_INIT (column * TILE, row * TILE,
                                                          gdk_texture_get_width (*tile),
                                                          gdk_texture_get_height (*tile)));
      }
}

static void
bench_view_measure (GtkWidget      *widget,
                    GtkOrientation  orientation,
                    int             for_size,
                    int            *minimum,
                    int            *natural,
                    int            *minimum_baseline,
                    int            *natural_baseline)
{
  BenchView *self = BENCH_VIEW (widget);

  *minimum = *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? self->width : self->height;
}

static void
bench_view_finalize (GObject *object)
{
  BenchView *self = BENCH_VIEW (object);

  g_ptr_array_unref (self->tiles);
  for (guint i = 0; i < RETIRE_FRAMES; i++)
    g_ptr_array_unref (self->retired[i]);
  G_OBJECT_CLASS (bench_view_parent_class)->finalize (object);
}

static void
bench_view_class_init (BenchViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = bench_view_finalize;
  widget_class->snapshot = bench_view_snapshot;
  widget_class->measure = bench_view_measure;
}

static void
bench_view_init (BenchView *self)
{
}

/* Dirty tiles are NULL, which neither g_object_unref() nor
 * cairo_surface_destroy() takes. */
static void
free_texture_tile (gpointer tile)
{
  if (tile != NULL)
    g_object_unref (tile);
}

static void
free_cairo_tile (gpointer tile)
{
  if (tile != NULL)
    cairo_surface_destroy (tile);
}

static GtkWidget *
bench_view_new (Bench *bench)
{
  BenchView *self = g_object_new (BENCH_TYPE_VIEW, NULL);

  self->bench = bench;
  self->tiles_free = bench->mode == MODE_CAIRO ? free_cairo_tile : free_texture_tile;
  self->tiles = g_ptr_array_new_with_free_func (self->tiles_free);
  for (guint i = 0; i < RETIRE_FRAMES; i++)
    self->retired[i] = g_ptr_array_new_with_free_func (self->tiles_free);
  return GTK_WIDGET (self);
}

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
  b->n_frames++;
  return G_SOURCE_REMOVE;
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
    case MODE_CAIRO:
      bench_view_update (BENCH_VIEW (gtk_window_get_child (GTK_WINDOW (b->window))));
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
  Bench b = { .status = EXIT_SUCCESS, .retire = TRUE };
  const GOptionEntry entries[] = {
    { "mode", 0, 0, G_OPTION_ARG_STRING, &mode, "view (default), cairo, picture or none", "MODE" },
    { "no-pool", 0, G_OPTION_FLAG_REVERSE, G_OPTION_ARG_NONE, &use_pool, "Allocate every tile afresh", NULL },
    { "no-retire", 0, G_OPTION_FLAG_REVERSE, G_OPTION_ARG_NONE, &b.retire,
      "Free replaced cairo tiles at once", NULL },
    { "retire-frames", 0, 0, G_OPTION_ARG_INT, &retire_frames, "Snapshots a replaced cairo tile is kept", "N" },
    { NULL }
  };
  guint64 port;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 3
      || !g_ascii_string_to_unsigned (argv[2], 10, 1, 65535, &port, NULL))
    {
      g_printerr ("%s\n", error != NULL ? error->message : "usage: bench-vnc-client [--mode MODE] HOST PORT");
      return EXIT_FAILURE;
    }
  if (retire_frames < 1 || retire_frames > RETIRE_FRAMES)
    {
      g_printerr ("--retire-frames: 1 to %d\n", RETIRE_FRAMES);
      return EXIT_FAILURE;
    }
  if (mode == NULL || g_str_equal (mode, "view"))
    b.mode = MODE_VIEW;
  else if (g_str_equal (mode, "cairo"))
    b.mode = MODE_CAIRO;
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
      gtk_init ();
      b.window = gtk_window_new ();
      gtk_window_set_title (GTK_WINDOW (b.window), "Domus VNC bench");
      gtk_window_set_decorated (GTK_WINDOW (b.window), FALSE);
      if (b.mode == MODE_VIEW || b.mode == MODE_CAIRO)
        gtk_window_set_child (GTK_WINDOW (b.window), bench_view_new (&b));
      else
        {
          b.picture = gtk_picture_new ();
          gtk_picture_set_can_shrink (GTK_PICTURE (b.picture), FALSE);
          gtk_window_set_child (GTK_WINDOW (b.window), b.picture);
        }
      gtk_window_present (GTK_WINDOW (b.window));
    }

  b.loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, quit_cb, &b);
  g_unix_signal_add (SIGINT, quit_cb, &b);
  b.session = domus_vnc_session_new (argv[1], (guint) port);
  domus_vnc_session_connect_async (b.session, NULL, connected_cb, &b);
  g_main_loop_run (b.loop);

  g_print ("{\"mode\": \"%s\", \"session_updates\": %" G_GUINT64_FORMAT ", \"updated_signals\": %" G_GUINT64_FORMAT
           ", \"frames\": %" G_GUINT64_FORMAT ", \"textures\": %" G_GUINT64_FORMAT
           ", \"pixels_read\": %" G_GUINT64_FORMAT "}\n",
           mode != NULL ? mode : "view", domus_vnc_session_get_n_updates (b.session), b.n_updates,
           b.n_frames, b.n_textures, b.n_pixels_read);

  domus_vnc_session_close (b.session);
  g_clear_object (&b.session);
  if (b.window != NULL)
    gtk_window_destroy (GTK_WINDOW (b.window));
  g_main_loop_unref (b.loop);
  g_free (b.frame);
  g_clear_pointer (&tile_pool, g_ptr_array_unref);
  return b.status;
}
