/* domus-vnc-view.c
 *
 * The frame is cut into DOMUS_VNC_VIEW_TILE square tiles, each drawn by a
 * render node of its own that stays the same object from one frame to the
 * next until an update touches the tile (or the view moves or scales).
 * GSK diffs the new frame's node tree against the last one by node, so
 * only the changed tiles are repainted, by the cairo renderer into GDK's
 * frame and by GDK into the X server; an update that touches no tile does
 * not redraw at all (bench/vnc: the X server's share). Under the cairo
 * renderer at 1:1 a small change (a blinking cursor) keeps even its tile's
 * node and is drawn by a patch node of its own rectangle for one frame
 * (add_patch()): GSK repaints that rectangle alone. The tiles' nodes go
 * to GSK in one container node, itself kept while no tile's node changes,
 * so a frame of patches costs GSK's diff one comparison of the tiles.
 *
 * Under the cairo renderer the view keeps its own copy of the frame, one
 * RGB24 image surface (B, G, R, X in memory, as the session's frame), into
 * which each update copies only its rectangles; a tile's node paints that
 * surface clipped to the tile's square, so scaled edges are filtered with
 * their true neighbours. Textures would be converted pixel by pixel through
 * floats on every frame by GTK 4.8's cairo renderer.
 *
 * GTK 4.8 textures are immutable and uploaded whole (no partial updates, no
 * X8 formats): under the GL renderer a tile is a texture, made again at the
 * next snapshot when an update touched it. Each holds a few pixels of its
 * neighbours around it and is drawn clipped to its own square: scaled, its
 * edges are filtered with the pixels beside them rather than with nothing,
 * which would show seams. Tile buffers are reused: freed and allocated a
 * dozen times a frame, glibc gives them back to the kernel and takes them
 * again, fault by fault.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-vnc-view"

#include "config.h"

#include "vnc/domus-vnc-keys.h"
#include "domus-gdk-env.h"
#include "domus-vnc-view.h"

#ifdef GDK_WINDOWING_X11
#include <cairo-xlib.h>
#include <gdk/x11/gdkx.h>
#endif

#define BORDER 4   /* pixels of the neighbours in a tile's texture: cairo
                      * filters a 1:4 reduction from that far around */
#define TILE_BYTES ((gsize) (DOMUS_VNC_VIEW_TILE + 2 * BORDER) * (DOMUS_VNC_VIEW_TILE + 2 * BORDER) * 4)
#define POOL_MAX   32

typedef struct
{
  GdkTexture    *texture;  /* under the GL renderer; NULL where dirty */
  GskRenderNode *node;     /* how the last snapshot drew it: the same node
                            * while the tile and the placement stay, so that
                            * GSK's diff of two frames skips it */
  guint          patched;  /* pixels of it in patches for the next snapshot */
  gboolean       fresh;    /* its node made by the last snapshot */
} Tile;

/* Where the tiles' nodes put the frame. */
typedef struct
{
  double           x;
  double           y;
  double           scale;
  graphene_point_t origin;
  int              scale_factor;
} Placement;

struct _DomusVncView
{
  GtkWidget        parent_instance;

  DomusVncSession *session;
  gulong           updated_id;
  gboolean         scale_to_fit;

  guint            width;        /* of the frame */
  guint            height;
  guint            columns;      /* of tiles */
  guint            rows;
  GArray          *tiles;        /* Tile, row by row */
  gboolean         cairo_tiles;
  cairo_surface_t *frame;        /* under the cairo renderer, the view's copy */
  cairo_surface_t *shm_keeper;   /* see keep_shm_pool() */
  gsize            shm_kept;     /* the largest upload its pool takes */
  Placement        placement;    /* of the tiles' nodes */
  GskRenderNode   *tiles_node;   /* a container of every tile's node, kept
                                  * while none of them changes: a frame of
                                  * patches alone appends one node, which
                                  * GSK's diff skips at once */
  GArray          *patches;      /* cairo_rectangle_int_t: see add_patch() */
  guint64          n_tile_uploads;
  guint64          n_tile_nodes;

  GHashTable      *pressed;      /* keysym → scancode, keys down in the guest */
  GtkWindow       *window;       /* watched for its focus and activity */
  guint            buttons;      /* DomusVncButtons held */
  guint            pointer_x;
  guint            pointer_y;
};

enum {
  PROP_0,
  PROP_SESSION,
  PROP_SCALE_TO_FIT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (DomusVncView, domus_vnc_view, GTK_TYPE_WIDGET)

/* Tile buffers, reused; tiles are made and freed on the main thread. */
static GPtrArray *tile_pool;

static guint8 *
tile_buffer_new (void)
{
  if (tile_pool != NULL && tile_pool->len > 0)
    return g_ptr_array_steal_index_fast (tile_pool, tile_pool->len - 1);
  return g_malloc (TILE_BYTES);
}

static void
tile_buffer_free (gpointer buffer)
{
  if (tile_pool == NULL)
    tile_pool = g_ptr_array_new_with_free_func (g_free);
  if (tile_pool->len < POOL_MAX)
    g_ptr_array_add (tile_pool, buffer);
  else
    g_free (buffer);
}

/* Makes @tile again at the next snapshot. */
static void
drop_tile (DomusVncView *self,
           Tile         *tile)
{
  g_clear_pointer (&tile->node, gsk_render_node_unref);
  g_clear_object (&tile->texture);
}

static Tile *
tile_at (DomusVncView *self,
         guint         column,
         guint         row)
{
  return &g_array_index (self->tiles, Tile, row * self->columns + column);
}

static void
reset_tiles (DomusVncView *self)
{
  guint width = 0, height = 0;

  if (self->session != NULL)
    domus_vnc_session_get_size (self->session, &width, &height);
  self->columns = (width + DOMUS_VNC_VIEW_TILE - 1) / DOMUS_VNC_VIEW_TILE;
  self->rows = (height + DOMUS_VNC_VIEW_TILE - 1) / DOMUS_VNC_VIEW_TILE;
  for (guint i = 0; i < self->tiles->len; i++)
    drop_tile (self, &g_array_index (self->tiles, Tile, i));
  g_clear_pointer (&self->tiles_node, gsk_render_node_unref);
  g_array_set_size (self->tiles, 0);
  g_array_set_size (self->tiles, self->columns * self->rows);
  g_array_set_size (self->patches, 0);
  if (width != self->width || height != self->height)
    {
      self->width = width;
      self->height = height;
      gtk_widget_queue_resize (GTK_WIDGET (self));
    }
  if (!self->cairo_tiles || width == 0 || height == 0)
    g_clear_pointer (&self->frame, cairo_surface_destroy);
  else
    {
      if (self->frame == NULL || cairo_image_surface_get_width (self->frame) != (int) width
          || cairo_image_surface_get_height (self->frame) != (int) height)
        {
          g_clear_pointer (&self->frame, cairo_surface_destroy);
          self->frame = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) width, (int) height);
        }
      /* Failing, the frame changed size under us; the update that says so follows. */
      domus_vnc_session_copy_pixels (self->session, 0, 0, width, height,
                                     cairo_image_surface_get_data (self->frame),
                                     cairo_image_surface_get_stride (self->frame));
    }
}

/* Under the cairo renderer, @rect copied to the view's frame. The frame's
 * pixels change behind cairo's back, on purpose: the tiles' nodes hold
 * cairo snapshots of the surface, which cairo_surface_mark_dirty() would
 * copy whole. The nodes of the tiles @rect touches are made again; the
 * others, unchanged, may read the surface as they like. */
static gboolean
copy_rect (DomusVncView       *self,
           const DomusVncRect *rect)
{
  guint8 *data = cairo_image_surface_get_data (self->frame);
  gsize stride = cairo_image_surface_get_stride (self->frame);

  return domus_vnc_session_copy_pixels (self->session, rect->x, rect->y, rect->width, rect->height,
                                        data + rect->y * stride + (gsize) rect->x * 4, stride);
}

/* Under the cairo renderer at 1:1, a rectangle that changed a small part
 * of a tile is drawn at the next snapshot by a node of its own, a patch,
 * on top of the tile's node, which stays: GSK's diff then repaints the
 * rectangle alone (a blinking cursor, 8 × 16 pixels, rather than its
 * 128 × 128 tile). The patch is in that snapshot only; at the next, its
 * square is repainted from the tile's node, which paints the view's frame
 * as it is then. A tile changed more than a quarter in one frame, or a
 * frame of many patches, takes a new tile node instead. FALSE when @rect
 * (inside the tile at @column, @row) is to remake the tile. */
#define MAX_PATCHES 16

static gboolean
add_patch (DomusVncView *self,
           Tile         *tile,
           guint         column,
           guint         row,
           guint         x0,
           guint         y0,
           guint         x1,
           guint         y1)
{
  cairo_rectangle_int_t patch;
  guint left = column * DOMUS_VNC_VIEW_TILE, top = row * DOMUS_VNC_VIEW_TILE;

  if (self->frame == NULL || self->placement.scale != 1.0 || tile->node == NULL
      || self->patches->len >= MAX_PATCHES)
    return FALSE;
  patch.x = (int) MAX (x0, left);
  patch.y = (int) MAX (y0, top);
  patch.width = (int) MIN (x1, MIN (left + DOMUS_VNC_VIEW_TILE, self->width)) - patch.x;
  patch.height = (int) MIN (y1, MIN (top + DOMUS_VNC_VIEW_TILE, self->height)) - patch.y;
  if (patch.width <= 0 || patch.height <= 0)
    return TRUE;
  tile->patched += (guint) (patch.width * patch.height);
  if (tile->patched > DOMUS_VNC_VIEW_TILE * DOMUS_VNC_VIEW_TILE / 4)
    return FALSE;
  g_array_append_val (self->patches, patch);
  return TRUE;
}

static void
updated_cb (DomusVncView *self)
{
  g_autoptr(GArray) damage = domus_vnc_session_take_damage (self->session);
  gboolean changed = FALSE;
  guint width, height;

  domus_vnc_session_get_size (self->session, &width, &height);
  if (damage == NULL || width != self->width || height != self->height)
    {
      reset_tiles (self);
      changed = TRUE;
    }
  else
    for (guint i = 0; i < damage->len; i++)
      {
        const DomusVncRect *rect = &g_array_index (damage, DomusVncRect, i);
        /* Grown by the border: the neighbours' textures hold these pixels
         * too, and scaled, the neighbours' squares are filtered with them.
         * At 1:1 a tile of the cairo renderer shows its own pixels only. */
        guint border = self->frame != NULL && self->placement.scale == 1.0 ? 0 : BORDER;
        guint x0 = rect->x >= border ? rect->x - border : 0;
        guint y0 = rect->y >= border ? rect->y - border : 0;
        guint x1 = rect->x + rect->width + border;
        guint y1 = rect->y + rect->height + border;

        if (rect->width == 0 || rect->height == 0)
          continue;
        if (self->frame != NULL && !copy_rect (self, rect))
          {
            reset_tiles (self);
            changed = TRUE;
            break;
          }
        for (guint row = y0 / DOMUS_VNC_VIEW_TILE; row <= (y1 - 1) / DOMUS_VNC_VIEW_TILE && row < self->rows; row++)
          for (guint column = x0 / DOMUS_VNC_VIEW_TILE;
               column <= (x1 - 1) / DOMUS_VNC_VIEW_TILE && column < self->columns; column++)
            {
              Tile *tile = tile_at (self, column, row);

              if (add_patch (self, tile, column, row, x0, y0, x1, y1))
                {
                  changed = TRUE;
                  continue;
                }
              changed |= tile->node != NULL || tile->texture != NULL;
              drop_tile (self, tile);
            }
      }
  /* Only a tile made again redraws: the rest of the window stays as it
   * was, in GTK's frame and in the display server. */
  if (changed)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Under the GL renderer, a tile and its border as a texture. */
static GdkTexture *
make_tile (DomusVncView *self,
           guint         column,
           guint         row)
{
  guint x = column * DOMUS_VNC_VIEW_TILE, y = row * DOMUS_VNC_VIEW_TILE;
  guint w, h;
  gsize stride;
  guint8 *pixels;

  /* The tile and its border, inside the frame. */
  w = MIN (x + DOMUS_VNC_VIEW_TILE + BORDER, self->width) - (x >= BORDER ? x - BORDER : 0);
  h = MIN (y + DOMUS_VNC_VIEW_TILE + BORDER, self->height) - (y >= BORDER ? y - BORDER : 0);
  x = x >= BORDER ? x - BORDER : 0;
  y = y >= BORDER ? y - BORDER : 0;
  stride = (gsize) w * 4;
  pixels = tile_buffer_new ();

  if (!domus_vnc_session_read_pixels (self->session, x, y, w, h, pixels, stride))
    {
      /* The frame changed size under us; the update that says so follows. */
      tile_buffer_free (pixels);
      return NULL;
    }
  self->n_tile_uploads++;
  {
    g_autoptr(GBytes) bytes = g_bytes_new_with_free_func (pixels, stride * h, tile_buffer_free, pixels);

    /* The X byte is 0xFF: premultiplied or not, the same. */
    return gdk_memory_texture_new ((int) w, (int) h, GDK_MEMORY_B8G8R8A8_PREMULTIPLIED, bytes, stride);
  }
}

/* Where the frame is drawn, and how big a frame pixel is. */
static void
get_placement (DomusVncView *self,
               double       *x,
               double       *y,
               double       *scale)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));

  *scale = 1.0;
  if (self->scale_to_fit && self->width > 0 && self->height > 0)
    *scale = MIN (width / self->width, height / self->height);
  *x = MAX (0, floor ((width - self->width * *scale) / 2));
  *y = MAX (0, floor ((height - self->height * *scale) / 2));
}

/* @value, a widget coordinate, moved to the nearest device pixel edge: the
 * widget itself may sit at a fraction of a pixel in its window. */
static double
snap (double value,
      double origin,
      int    scale_factor)
{
  return round ((origin + value) * scale_factor) / scale_factor - origin;
}

/* Where the frame's pixels from @left, @top to @right, @bottom are drawn,
 * on whole device pixels so that neighbouring squares meet. */
static graphene_rect_t
frame_square (DomusVncView *self,
              guint         left,
              guint         top,
              guint         right,
              guint         bottom)
{
  const Placement *p = &self->placement;
  graphene_rect_t square;

  square.origin.x = snap (p->x + left * p->scale, p->origin.x, p->scale_factor);
  square.origin.y = snap (p->y + top * p->scale, p->origin.y, p->scale_factor);
  square.size.width = snap (p->x + right * p->scale, p->origin.x, p->scale_factor) - square.origin.x;
  square.size.height = snap (p->y + bottom * p->scale, p->origin.y, p->scale_factor) - square.origin.y;
  return square;
}

/* Under the cairo renderer, a node that paints the view's whole frame
 * clipped to the square of its pixels from @left, @top to @right, @bottom:
 * scaled, the edges are filtered with the pixels beside them. */
static GskRenderNode *
frame_node (DomusVncView *self,
            guint         left,
            guint         top,
            guint         right,
            guint         bottom)
{
  const Placement *p = &self->placement;
  graphene_rect_t square = frame_square (self, left, top, right, bottom);
  GskRenderNode *node;
  cairo_t *cr;

  node = gsk_cairo_node_new (&square);
  cr = gsk_cairo_node_get_draw_context (node);
  cairo_translate (cr, p->x, p->y);
  cairo_scale (cr, p->scale, p->scale);
  cairo_set_source_surface (cr, self->frame, 0, 0);
  cairo_paint (cr);
  cairo_destroy (cr);
  return node;
}

/* The node that draws @tile (made if need be) in its square. */
static GskRenderNode *
make_tile_node (DomusVncView *self,
                Tile         *tile,
                guint         column,
                guint         row)
{
  const Placement *p = &self->placement;
  guint left = column * DOMUS_VNC_VIEW_TILE, top = row * DOMUS_VNC_VIEW_TILE;
  guint right = MIN (left + DOMUS_VNC_VIEW_TILE, self->width);
  guint bottom = MIN (top + DOMUS_VNC_VIEW_TILE, self->height);
  double texture_x = p->x + (left >= BORDER ? left - BORDER : 0) * p->scale;
  double texture_y = p->y + (top >= BORDER ? top - BORDER : 0) * p->scale;

  if (self->cairo_tiles)
    {
      if (self->frame == NULL)
        return NULL;
      self->n_tile_uploads++;
      return frame_node (self, left, top, right, bottom);
    }
  else
    {
      g_autoptr(GskRenderNode) texture_node = NULL;
      graphene_rect_t square = frame_square (self, left, top, right, bottom);
      GdkTexture *texture;

      if (tile->texture == NULL)
        tile->texture = make_tile (self, column, row);
      if (tile->texture == NULL)
        return NULL;
      texture = tile->texture;
      texture_node = gsk_texture_node_new (texture, &GRAPHENE_RECT_INIT (texture_x, texture_y,
                                                                         gdk_texture_get_width (texture) * p->scale,
                                                                         gdk_texture_get_height (texture) * p->scale));
      return gsk_clip_node_new (texture_node, &square);
    }
}

/* The node of a patch (see add_patch()): the frame clipped to @patch. */
static GskRenderNode *
make_patch_node (DomusVncView                *self,
                 const cairo_rectangle_int_t *patch)
{
  self->n_tile_nodes++;
  return frame_node (self, (guint) patch->x, (guint) patch->y,
                     (guint) (patch->x + patch->width), (guint) (patch->y + patch->height));
}

/* GDK's X11 cairo context paints each frame into an image surface and
 * hands it to cairo's Xlib backend, which copies what changed into a piece
 * of a shared memory segment and has the X server copy it from there.
 * Cairo 1.16 makes a segment eight times the largest piece it needs and
 * removes it as soon as no piece is in use, which is after every frame: the
 * next frame makes a new one, and both the client and the X server fault
 * its pages in afresh (bench/vnc: a quarter of either's time). A piece kept
 * in use, half the window's size or more (cairo's pieces of a segment go
 * up to the power of two above what it was made for), keeps the segment,
 * and the window's frames reuse it. Made again when the window outgrows it. */
static void
keep_shm_pool (DomusVncView *self)
{
#ifdef GDK_WINDOWING_X11
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
  GdkSurface *surface = native != NULL ? gtk_native_get_surface (native) : NULL;
  GdkDisplay *display = surface != NULL ? gdk_surface_get_display (surface) : NULL;
  cairo_surface_t *window;
  Display *xdisplay;
  gsize bytes, power = 1;
  int scale;

  if (display == NULL || !GDK_IS_X11_DISPLAY (display))
    return;
  scale = gdk_surface_get_scale_factor (surface);
  bytes = (gsize) gdk_surface_get_width (surface) * scale * gdk_surface_get_height (surface) * scale * 4;
  if (bytes == 0 || bytes <= self->shm_kept)
    return;
  while (power <= bytes)
    power <<= 1;
  xdisplay = gdk_x11_display_get_xdisplay (display);
  window = cairo_xlib_surface_create (xdisplay, gdk_x11_surface_get_xid (surface),
                                      DefaultVisual (xdisplay, DefaultScreen (xdisplay)), 1, 1);
  g_clear_pointer (&self->shm_keeper, cairo_surface_destroy);
  /* Rows of 4 KiB, just over half the segment's largest piece. */
  self->shm_keeper = cairo_surface_create_similar_image (window, CAIRO_FORMAT_RGB24, 1024,
                                                         (int) (power / 2 / 4096 + 1));
  cairo_surface_destroy (window);
  self->shm_kept = bytes;
#endif
}

static void
domus_vnc_view_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  DomusVncView *self = DOMUS_VNC_VIEW (widget);
  gboolean use_cairo = GSK_IS_CAIRO_RENDERER (gtk_native_get_renderer (gtk_widget_get_native (widget)));
  Placement placement = { .origin = GRAPHENE_POINT_INIT (0, 0) };

  if (self->width == 0 || self->height == 0)
    return;

  if (!gtk_widget_compute_point (widget, GTK_WIDGET (gtk_widget_get_native (widget)),
                                 &GRAPHENE_POINT_INIT (0, 0), &placement.origin))
    placement.origin = GRAPHENE_POINT_INIT (0, 0);
  placement.scale_factor = gtk_widget_get_scale_factor (widget);
  get_placement (self, &placement.x, &placement.y, &placement.scale);
  if (use_cairo != self->cairo_tiles)
    {
      self->cairo_tiles = use_cairo;
      reset_tiles (self);
    }
  if (use_cairo)
    keep_shm_pool (self);
  /* Moved or scaled, every tile is drawn elsewhere: new nodes, same pixels. */
  if (placement.x != self->placement.x || placement.y != self->placement.y
      || placement.scale != self->placement.scale || placement.scale_factor != self->placement.scale_factor
      || !graphene_point_equal (&placement.origin, &self->placement.origin))
    {
      for (guint i = 0; i < self->tiles->len; i++)
        g_clear_pointer (&g_array_index (self->tiles, Tile, i).node, gsk_render_node_unref);
      g_array_set_size (self->patches, 0);
      self->placement = placement;
    }
  {
    gboolean remade = self->tiles_node == NULL;

    for (guint row = 0; row < self->rows; row++)
      for (guint column = 0; column < self->columns; column++)
        {
          Tile *tile = tile_at (self, column, row);

          tile->fresh = tile->node == NULL;
          if (tile->node == NULL)
            {
              remade = TRUE;
              tile->node = make_tile_node (self, tile, column, row);
              if (tile->node != NULL)
                self->n_tile_nodes++;
            }
          tile->patched = 0;
        }
    if (remade)
      {
        g_autofree GskRenderNode **nodes = g_new (GskRenderNode *, self->tiles->len);
        guint n = 0;

        for (guint i = 0; i < self->tiles->len; i++)
          if (g_array_index (self->tiles, Tile, i).node != NULL)
            nodes[n++] = g_array_index (self->tiles, Tile, i).node;
        g_clear_pointer (&self->tiles_node, gsk_render_node_unref);
        if (n > 0)
          self->tiles_node = gsk_container_node_new (nodes, n);
      }
    if (self->tiles_node != NULL)
      gtk_snapshot_append_node (snapshot, self->tiles_node);
  }
  /* The patches, on top of their tiles' nodes; in this snapshot only. A
   * tile whose node is new draws its patches' pixels already. */
  for (guint i = 0; i < self->patches->len; i++)
    {
      const cairo_rectangle_int_t *patch = &g_array_index (self->patches, cairo_rectangle_int_t, i);
      g_autoptr(GskRenderNode) node = NULL;

      if (tile_at (self, (guint) patch->x / DOMUS_VNC_VIEW_TILE, (guint) patch->y / DOMUS_VNC_VIEW_TILE)->fresh)
        continue;
      node = make_patch_node (self, patch);
      gtk_snapshot_append_node (snapshot, node);
    }
  g_array_set_size (self->patches, 0);
}

static void
domus_vnc_view_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  DomusVncView *self = DOMUS_VNC_VIEW (widget);
  int size = orientation == GTK_ORIENTATION_HORIZONTAL ? self->width : self->height;

  /* At 1:1 the whole frame; fitted, anything down to a thumbnail. */
  *minimum = self->scale_to_fit ? MIN (size, 64) : size;
  *natural = size;
}

/* Input */

static gboolean
to_frame (DomusVncView *self,
          double        wx,
          double        wy,
          guint        *fx,
          guint        *fy)
{
  double x, y, scale;

  if (self->width == 0 || self->height == 0)
    return FALSE;
  get_placement (self, &x, &y, &scale);
  *fx = (guint) CLAMP ((wx - x) / scale, 0, self->width - 1);
  *fy = (guint) CLAMP ((wy - y) / scale, 0, self->height - 1);
  return TRUE;
}

static void
send_pointer (DomusVncView *self)
{
  if (self->session != NULL)
    domus_vnc_session_send_pointer (self->session, self->pointer_x, self->pointer_y, self->buttons);
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           DomusVncView             *self)
{
  if (to_frame (self, x, y, &self->pointer_x, &self->pointer_y))
    send_pointer (self);
}

static guint
button_mask (guint button)
{
  switch (button)
    {
    case GDK_BUTTON_PRIMARY: return DOMUS_VNC_BUTTON_LEFT;
    case GDK_BUTTON_MIDDLE: return DOMUS_VNC_BUTTON_MIDDLE;
    case GDK_BUTTON_SECONDARY: return DOMUS_VNC_BUTTON_RIGHT;
    default: return 0;
    }
}

static void
pressed_cb (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            DomusVncView    *self)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));

  gtk_widget_grab_focus (GTK_WIDGET (self));
  to_frame (self, x, y, &self->pointer_x, &self->pointer_y);
  self->buttons |= button_mask (button);
  send_pointer (self);
}

static void
released_cb (GtkGestureClick *gesture,
             int              n_press,
             double           x,
             double           y,
             DomusVncView    *self)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));

  to_frame (self, x, y, &self->pointer_x, &self->pointer_y);
  self->buttons &= ~button_mask (button);
  send_pointer (self);
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           DomusVncView             *self)
{
  guint wheel = dy < 0 ? DOMUS_VNC_BUTTON_WHEEL_UP : DOMUS_VNC_BUTTON_WHEEL_DOWN;

  if (dy == 0 || self->session == NULL)
    return FALSE;
  /* A wheel step is a press and a release of its button. */
  domus_vnc_session_send_pointer (self->session, self->pointer_x, self->pointer_y, self->buttons | wheel);
  send_pointer (self);
  return TRUE;
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                DomusVncView          *self)
{
  guint scancode = keycode >= 8 ? domus_vnc_keys_qnum_from_evdev (keycode - 8) : 0;

  if (self->session == NULL)
    return FALSE;
  g_hash_table_insert (self->pressed, GUINT_TO_POINTER (keyval), GUINT_TO_POINTER (scancode));
  domus_vnc_session_send_key (self->session, keyval, scancode, TRUE);
  return TRUE;
}

static void
key_released_cb (GtkEventControllerKey *controller,
                 guint                  keyval,
                 guint                  keycode,
                 GdkModifierType        state,
                 DomusVncView          *self)
{
  guint scancode = keycode >= 8 ? domus_vnc_keys_qnum_from_evdev (keycode - 8) : 0;

  if (self->session == NULL || !g_hash_table_remove (self->pressed, GUINT_TO_POINTER (keyval)))
    return;
  domus_vnc_session_send_key (self->session, keyval, scancode, FALSE);
}

/* Keys held when the focus goes would stay down in the guest. */
static void
release_all (DomusVncView *self)
{
  GHashTableIter iter;
  gpointer keysym, scancode;

  if (self->session != NULL)
    {
      g_hash_table_iter_init (&iter, self->pressed);
      while (g_hash_table_iter_next (&iter, &keysym, &scancode))
        domus_vnc_session_send_key (self->session, GPOINTER_TO_UINT (keysym),
                                    GPOINTER_TO_UINT (scancode), FALSE);
      if (self->buttons != 0)
        {
          self->buttons = 0;
          send_pointer (self);
        }
    }
  g_hash_table_remove_all (self->pressed);
}

void
domus_vnc_view_release_keys (DomusVncView *self)
{
  g_return_if_fail (DOMUS_IS_VNC_VIEW (self));

  release_all (self);
}

void
domus_vnc_view_send_keys (DomusVncView *self,
                          const guint  *keysyms,
                          const guint  *scancodes,
                          guint         n)
{
  g_return_if_fail (DOMUS_IS_VNC_VIEW (self));

  if (self->session == NULL)
    return;
  for (guint i = 0; i < n; i++)
    domus_vnc_session_send_key (self->session, keysyms[i], scancodes[i], TRUE);
  for (guint i = n; i > 0; i--)
    domus_vnc_session_send_key (self->session, keysyms[i - 1], scancodes[i - 1], FALSE);
}

/* Keys held when the focus moves, or the window loses it (Alt+Tab), would
 * stay down in the guest. The window's own focus widget is watched: focus
 * events come only while the window is active. */
static void
window_focus_cb (DomusVncView *self)
{
  if (gtk_window_get_focus (self->window) != GTK_WIDGET (self) || !gtk_window_is_active (self->window))
    release_all (self);
}

static void
domus_vnc_view_root (GtkWidget *widget)
{
  DomusVncView *self = DOMUS_VNC_VIEW (widget);

  GTK_WIDGET_CLASS (domus_vnc_view_parent_class)->root (widget);

  if (GTK_IS_WINDOW (gtk_widget_get_root (widget)))
    {
      self->window = GTK_WINDOW (gtk_widget_get_root (widget));
      g_signal_connect_object (self->window, "notify::focus-widget", G_CALLBACK (window_focus_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->window, "notify::is-active", G_CALLBACK (window_focus_cb), self,
                               G_CONNECT_SWAPPED);
    }
}

static void
domus_vnc_view_unroot (GtkWidget *widget)
{
  DomusVncView *self = DOMUS_VNC_VIEW (widget);

  release_all (self);
  g_clear_pointer (&self->shm_keeper, cairo_surface_destroy);
  self->shm_kept = 0;
  if (self->window != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->window, self);
      self->window = NULL;
    }

  GTK_WIDGET_CLASS (domus_vnc_view_parent_class)->unroot (widget);
}

/* Public */

GtkWidget *
domus_vnc_view_new (void)
{
  return g_object_new (DOMUS_TYPE_VNC_VIEW, NULL);
}

void
domus_vnc_view_set_session (DomusVncView    *self,
                            DomusVncSession *session)
{
  g_return_if_fail (DOMUS_IS_VNC_VIEW (self));
  g_return_if_fail (session == NULL || DOMUS_IS_VNC_SESSION (session));

  if (self->session == session)
    return;
  release_all (self);
  if (self->session != NULL)
    g_clear_signal_handler (&self->updated_id, self->session);
  g_set_object (&self->session, session);
  self->n_tile_uploads = 0;
  self->n_tile_nodes = 0;
  if (session != NULL)
    {
      GArray *old = domus_vnc_session_take_damage (session);

      if (old != NULL)
        g_array_unref (old);
      self->updated_id = g_signal_connect_object (session, "updated", G_CALLBACK (updated_cb),
                                                  self, G_CONNECT_SWAPPED);
    }
  reset_tiles (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

DomusVncSession *
domus_vnc_view_get_session (DomusVncView *self)
{
  g_return_val_if_fail (DOMUS_IS_VNC_VIEW (self), NULL);
  return self->session;
}

void
domus_vnc_view_set_scale_to_fit (DomusVncView *self,
                                 gboolean      scale_to_fit)
{
  g_return_if_fail (DOMUS_IS_VNC_VIEW (self));

  scale_to_fit = !!scale_to_fit;
  if (self->scale_to_fit == scale_to_fit)
    return;
  self->scale_to_fit = scale_to_fit;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCALE_TO_FIT]);
}

gboolean
domus_vnc_view_get_scale_to_fit (DomusVncView *self)
{
  g_return_val_if_fail (DOMUS_IS_VNC_VIEW (self), FALSE);
  return self->scale_to_fit;
}

GdkTexture *
domus_vnc_view_dup_texture (DomusVncView *self)
{
  g_autoptr(GBytes) frame = NULL;
  guint width, height;
  guint8 *pixels;
  gsize size;

  g_return_val_if_fail (DOMUS_IS_VNC_VIEW (self), NULL);

  if (self->session == NULL)
    return NULL;
  frame = domus_vnc_session_dup_frame (self->session, &width, &height);
  if (frame == NULL)
    return NULL;
  pixels = g_bytes_unref_to_data (g_steal_pointer (&frame), &size);
  for (gsize i = 3; i < size; i += 4)
    pixels[i] = 0xff;
  frame = g_bytes_new_take (pixels, size);
  return gdk_memory_texture_new ((int) width, (int) height, GDK_MEMORY_B8G8R8A8_PREMULTIPLIED,
                                 frame, (gsize) width * 4);
}

guint64
domus_vnc_view_get_n_tile_uploads (DomusVncView *self)
{
  g_return_val_if_fail (DOMUS_IS_VNC_VIEW (self), 0);
  return self->n_tile_uploads;
}

guint64
domus_vnc_view_get_n_tile_nodes (DomusVncView *self)
{
  g_return_val_if_fail (DOMUS_IS_VNC_VIEW (self), 0);
  return self->n_tile_nodes;
}

/* GObject */

static void
domus_vnc_view_dispose (GObject *object)
{
  DomusVncView *self = DOMUS_VNC_VIEW (object);

  domus_vnc_view_set_session (self, NULL);

  G_OBJECT_CLASS (domus_vnc_view_parent_class)->dispose (object);
}

static void
domus_vnc_view_finalize (GObject *object)
{
  DomusVncView *self = DOMUS_VNC_VIEW (object);

  for (guint i = 0; i < self->tiles->len; i++)
    drop_tile (self, &g_array_index (self->tiles, Tile, i));
  g_array_unref (self->tiles);
  g_clear_pointer (&self->tiles_node, gsk_render_node_unref);
  g_array_unref (self->patches);
  g_clear_pointer (&self->frame, cairo_surface_destroy);
  g_clear_pointer (&self->shm_keeper, cairo_surface_destroy);
  g_hash_table_unref (self->pressed);

  G_OBJECT_CLASS (domus_vnc_view_parent_class)->finalize (object);
}

static void
domus_vnc_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  DomusVncView *self = DOMUS_VNC_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_SCALE_TO_FIT:
      g_value_set_boolean (value, self->scale_to_fit);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
domus_vnc_view_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  DomusVncView *self = DOMUS_VNC_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      domus_vnc_view_set_session (self, g_value_get_object (value));
      break;
    case PROP_SCALE_TO_FIT:
      domus_vnc_view_set_scale_to_fit (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
domus_vnc_view_class_init (DomusVncViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = domus_vnc_view_dispose;
  object_class->finalize = domus_vnc_view_finalize;
  object_class->get_property = domus_vnc_view_get_property;
  object_class->set_property = domus_vnc_view_set_property;
  widget_class->snapshot = domus_vnc_view_snapshot;
  widget_class->measure = domus_vnc_view_measure;
  widget_class->root = domus_vnc_view_root;
  widget_class->unroot = domus_vnc_view_unroot;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, DOMUS_TYPE_VNC_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SCALE_TO_FIT] =
    g_param_spec_boolean ("scale-to-fit", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "domus-vnc-view");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
domus_vnc_view_init (DomusVncView *self)
{
  GtkEventController *controller;
  GtkGesture *click;

  self->scale_to_fit = TRUE;
  self->tiles = g_array_new (FALSE, TRUE, sizeof (Tile));
  self->patches = g_array_new (FALSE, FALSE, sizeof (cairo_rectangle_int_t));
  self->pressed = g_hash_table_new (NULL, NULL);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  /* A blink's frame without the X round trips GDK adds when no window
   * manager runs (bench/vnc). */
  domus_gdk_env_watch_frame_sync (GTK_WIDGET (self));
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  g_signal_connect (controller, "key-released", G_CALLBACK (key_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (motion_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), 0);
  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  g_signal_connect (click, "released", G_CALLBACK (released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL
                                                | GTK_EVENT_CONTROLLER_SCROLL_DISCRETE);
  g_signal_connect (controller, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}
