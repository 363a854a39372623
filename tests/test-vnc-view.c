/* test-vnc-view.c: what a VNC update redraws in DomusVncView
 *
 * A libvncserver server of the test's own, run on the test's main context
 * (its pixels change only between two turns of it), serves a patterned
 * 800 × 600 frame to a DomusVncSession shown by a DomusVncView in a window.
 * The view draws the frame as one render node per DOMUS_VNC_VIEW_TILE
 * square tile and keeps a tile's node, the same object, until an update
 * touches the tile: GSK compares two frames' nodes by identity, so the
 * region it repaints (and GDK uploads to the display server) is the union
 * of the nodes that are new. The test takes the view's nodes before and
 * after each change and checks that:
 *
 *  - an 8 × 16 cell changed inside one tile makes that tile's node alone
 *    new, a cell across two tiles those two;
 *  - a cursor blinking on a still screen makes only its tile's node new,
 *    blink after blink;
 *  - what the view draws stays the server's frame pixel for pixel (no
 *    stale tile), also after the frame changes size;
 *  - scaled to fit, a change away from a tile's edge still remakes one
 *    tile (near an edge, the neighbour too: it is filtered with it).
 *
 * Run once per GSK renderer (meson: vnc-view under cairo, vnc-view-gl
 * under GL); the GL one is skipped where GTK could not start GL and fell
 * back to cairo. Saves test-vnc-view-RENDERER.png (1:1) and
 * test-vnc-view-RENDERER-scaled.png into the working directory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "domus-test-gtk-utils.h"
#include "domus-test-utils.h"

#include <arpa/inet.h>
#include <rfb/rfb.h>
#include <rfb/rfbregion.h>
#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

#include "domus-vnc-view.h"
#include "vnc/domus-vnc-session.h"

#define DEADLINE_S 10
#define TILE       DOMUS_VNC_VIEW_TILE

typedef struct
{
  rfbScreenInfoPtr rfb;
  guint32         *pixels;      /* 0x00RRGGBB */
  guint            width;
  guint            height;
  guint            process_id;
  DomusVncSession *session;
  GtkWindow       *window;
  DomusVncView    *view;
  const char      *renderer;    /* "cairo" or "gl" */
  guint            n_updated;   /* "updated" signals, after the view's */
  guint            n_emitted;   /* every "updated" signal since the session began */
} Fixture;

/* A pattern where every pixel differs from its neighbours: a stale tile,
 * or one drawn a pixel off, shows. */
static guint32
pattern (guint x,
         guint y)
{
  return ((x * 7 + y) & 0xff) << 16 | ((y * 5 + x / 3) & 0xff) << 8 | ((x + y * 3) & 0xff);
}

static void
fill_pattern (Fixture *f)
{
  for (guint y = 0; y < f->height; y++)
    for (guint x = 0; x < f->width; x++)
      f->pixels[y * f->width + x] = pattern (x, y);
}

/* The server's work, between two turns of the main context. */
static gboolean
process_cb (gpointer data)
{
  Fixture *f = data;

  rfbProcessEvents (f->rfb, 0);
  return G_SOURCE_CONTINUE;
}

static void
server_log (const char *format,
            ...)
{
}

static void
set_format (Fixture *f)
{
  /* 0x00RRGGBB words. */
  f->rfb->serverFormat.redShift = 16;
  f->rfb->serverFormat.greenShift = 8;
  f->rfb->serverFormat.blueShift = 0;
}

/* An @w × @h cell at @x, @y painted @colour (G_MAXUINT32: back to the
 * pattern), sent as an update. */
static void
paint_cell (Fixture *f,
            guint    x,
            guint    y,
            guint    w,
            guint    h,
            guint32  colour)
{
  for (guint row = y; row < y + h; row++)
    for (guint column = x; column < x + w; column++)
      f->pixels[row * f->width + column] = colour == G_MAXUINT32 ? pattern (column, row) : colour;
  rfbMarkRectAsModified (f->rfb, (int) x, (int) y, (int) (x + w), (int) (y + h));
}

/* The session's frame at @x, @y, as 0x00RRGGBB. */
static guint32
session_pixel (Fixture *f,
               guint    x,
               guint    y)
{
  guint8 bgra[4];

  if (!domus_vnc_session_read_pixels (f->session, x, y, 1, 1, bgra, 4))
    return 0xffffffff;
  return (guint32) bgra[2] << 16 | (guint32) bgra[1] << 8 | bgra[0];
}

static gboolean
session_has_size (Fixture *f,
                  guint    width,
                  guint    height)
{
  guint w, h;

  domus_vnc_session_get_size (f->session, &w, &h);
  return w == width && h == height;
}

/* The session has every pixel of the server's frame. */
static gboolean
session_has_frame (Fixture *f)
{
  g_autoptr(GBytes) frame = NULL;
  const guint32 *words;
  guint w, h;

  frame = domus_vnc_session_dup_frame (f->session, &w, &h);
  if (frame == NULL || w != f->width || h != f->height)
    return FALSE;
  words = g_bytes_get_data (frame, NULL);
  for (gsize i = 0; i < (gsize) w * h; i++)
    if ((words[i] & 0xffffff) != f->pixels[i])
      return FALSE;
  return TRUE;
}

static void updated_cb (Fixture *f);

static void
emitted_cb (Fixture *f)
{
  f->n_emitted++;
}

/* Nothing on its way to the view: the server waits for a change with the
 * client's next request in hand, and every update it sent has been
 * signalled here (the view takes each as it is signalled). An update
 * still on the wire, or read and not yet signalled, would reach the view
 * after the test's first look, drawn as patches. */
static gboolean
nothing_under_way (Fixture *f)
{
  rfbClientIteratorPtr clients = rfbGetClientIterator (f->rfb);
  rfbClientPtr client = rfbClientIteratorNext (clients);
  gboolean quiet = client != NULL && !sraRgnEmpty (client->requestedRegion)
                   && sraRgnEmpty (client->modifiedRegion)
                   && (guint) rfbStatGetMessageCountSent (client, rfbFramebufferUpdate) == f->n_emitted;

  rfbReleaseClientIterator (clients);
  return quiet;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  DomusTestConnected connected = { 0 };
  int argc = 0;

  f->renderer = g_getenv ("GSK_RENDERER");
  rfbLog = server_log;
  rfbErr = server_log;
  f->width = 800;
  f->height = 600;
  f->pixels = g_new (guint32, f->width * f->height);
  fill_pattern (f);
  f->rfb = rfbGetScreen (&argc, NULL, (int) f->width, (int) f->height, 8, 3, 4);
  f->rfb->frameBuffer = (char *) f->pixels;
  f->rfb->alwaysShared = TRUE;
  f->rfb->autoPort = TRUE;
  f->rfb->listenInterface = htonl (INADDR_LOOPBACK);
  f->rfb->listen6Interface = (char *) "::1";
  f->rfb->cursor = NULL;
  set_format (f);
  rfbInitServer (f->rfb);
  g_assert_cmpint (f->rfb->listenSock, !=, RFB_INVALID_SOCKET);
  f->process_id = g_timeout_add (5, process_cb, f);

  f->session = domus_vnc_session_new ("127.0.0.1", (guint) f->rfb->port);
  g_signal_connect_swapped (f->session, "updated", G_CALLBACK (emitted_cb), f);
  domus_vnc_session_connect_async (f->session, NULL, domus_test_connected_cb, &connected);
  DOMUS_TEST_WAIT_UNTIL (connected.done, DEADLINE_S);
  g_assert_no_error (connected.error);

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_decorated (f->window, FALSE);
  f->view = DOMUS_VNC_VIEW (domus_vnc_view_new ());
  domus_vnc_view_set_scale_to_fit (f->view, FALSE);
  domus_vnc_view_set_session (f->view, f->session);
  g_signal_connect_swapped (f->session, "updated", G_CALLBACK (updated_cb), f);
  gtk_window_set_child (f->window, GTK_WIDGET (f->view));
  gtk_window_present (f->window);
  DOMUS_TEST_WAIT_UNTIL (session_has_frame (f) && nothing_under_way (f), DEADLINE_S);
  /* The first pixels may come in more than one update, the later ones
   * drawn as patches (see assert_damage()) by the next frame; the frame
   * after it has the tiles' nodes alone, and no update comes between. */
  for (guint i = 0; i < 2; i++)
    {
      gtk_widget_queue_draw (GTK_WIDGET (f->view));
      domus_test_flush (GTK_WIDGET (f->window));
    }
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (f->window);
  domus_vnc_session_close (f->session);
  g_clear_object (&f->session);
  g_source_remove (f->process_id);
  rfbShutdownServer (f->rfb, TRUE);
  rfbScreenCleanup (f->rfb);
  g_free (f->pixels);
}

/* Connected after the view's handler: the view has taken the update. */
static void
updated_cb (Fixture *f)
{
  f->n_updated++;
}

/* The view's tile nodes: a cairo node each under the cairo renderer, a
 * clip node around a texture node under GL. */
static void
collect_tiles (GskRenderNode *node,
               GPtrArray     *tiles)
{
  switch (gsk_render_node_get_node_type (node))
    {
    case GSK_CONTAINER_NODE:
      for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
        collect_tiles (gsk_container_node_get_child (node, i), tiles);
      break;
    case GSK_CLIP_NODE:
      if (gsk_render_node_get_node_type (gsk_clip_node_get_child (node)) == GSK_TEXTURE_NODE)
        g_ptr_array_add (tiles, gsk_render_node_ref (node));
      else
        collect_tiles (gsk_clip_node_get_child (node), tiles);
      break;
    case GSK_TRANSFORM_NODE:
      collect_tiles (gsk_transform_node_get_child (node), tiles);
      break;
    case GSK_DEBUG_NODE:
      collect_tiles (gsk_debug_node_get_child (node), tiles);
      break;
    case GSK_CAIRO_NODE:
      g_ptr_array_add (tiles, gsk_render_node_ref (node));
      break;
    default:
      break;
    }
}

/* The view's tile nodes as it last drew them. */
static GPtrArray *
take_tiles (Fixture *f)
{
  g_autoptr(GskRenderNode) node = domus_test_render_widget (GTK_WIDGET (f->view), -1, -1);
  GPtrArray *tiles = g_ptr_array_new_with_free_func ((GDestroyNotify) gsk_render_node_unref);

  collect_tiles (node, tiles);
  return tiles;
}

/* The container the view holds its tiles' nodes in (a container node
 * whose children are all tiles, 35 of them at 800 × 600), or NULL. */
static GskRenderNode *
find_tiles_container (GskRenderNode *node)
{
  switch (gsk_render_node_get_node_type (node))
    {
    case GSK_CONTAINER_NODE:
      {
        g_autoptr(GPtrArray) tiles = g_ptr_array_new_with_free_func ((GDestroyNotify) gsk_render_node_unref);

        collect_tiles (node, tiles);
        if (tiles->len == gsk_container_node_get_n_children (node) && tiles->len >= 35)
          return node;
        for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
          {
            GskRenderNode *found = find_tiles_container (gsk_container_node_get_child (node, i));

            if (found != NULL)
              return found;
          }
        return NULL;
      }
    case GSK_CLIP_NODE:
      return find_tiles_container (gsk_clip_node_get_child (node));
    case GSK_TRANSFORM_NODE:
      return find_tiles_container (gsk_transform_node_get_child (node));
    case GSK_DEBUG_NODE:
      return find_tiles_container (gsk_debug_node_get_child (node));
    default:
      return NULL;
    }
}

/* The view's tiles' container as it last drew it, a reference. */
static GskRenderNode *
take_tiles_container (Fixture *f)
{
  g_autoptr(GskRenderNode) node = domus_test_render_widget (GTK_WIDGET (f->view), -1, -1);
  GskRenderNode *container = find_tiles_container (node);

  g_assert_nonnull (container);
  return gsk_render_node_ref (container);
}

/* The union of the bounds of the nodes of @a that @b does not have; their
 * number in @n. */
static graphene_rect_t
region_not_in (GPtrArray *a,
               GPtrArray *b,
               guint     *n)
{
  graphene_rect_t region = GRAPHENE_RECT_INIT (0, 0, 0, 0);

  *n = 0;
  for (guint i = 0; i < a->len; i++)
    {
      GskRenderNode *node = g_ptr_array_index (a, i);
      graphene_rect_t bounds;

      if (g_ptr_array_find (b, node, NULL))
        continue;
      gsk_render_node_get_bounds (node, &bounds);
      if (*n == 0)
        region = bounds;
      else
        graphene_rect_union (&region, &bounds, &region);
      (*n)++;
    }
  return region;
}

#define assert_rect(r, X, Y, W, H)                  \
  G_STMT_START {                                    \
    g_assert_cmpfloat ((r).origin.x, ==, (X));      \
    g_assert_cmpfloat ((r).origin.y, ==, (Y));      \
    g_assert_cmpfloat ((r).size.width, ==, (W));    \
    g_assert_cmpfloat ((r).size.height, ==, (H));   \
  } G_STMT_END

/* What GSK repaints from the view's tiles as drawn @before to @after, when
 * @cell changed (in view coordinates) and @tiles is the squares of the
 * tiles it makes again (@n_tiles of them): the nodes of @after that
 * @before did not have, and those it had that @after has not.
 *
 * Under GL, or scaled: new nodes for those tiles, exactly, in place of
 * theirs. Under cairo at 1:1 the tiles' nodes stay and a patch node of the
 * cell, one per tile it crosses, is new: the region is the cell; the last
 * change's patches, if any (@last_cell, else NULL), go. */
static void
assert_damage (Fixture               *f,
               GPtrArray             *before,
               GPtrArray             *after,
               const graphene_rect_t *cell,
               const graphene_rect_t *tiles,
               guint                  n_tiles,
               const graphene_rect_t *last_cell)
{
  gboolean patches = GSK_IS_CAIRO_RENDERER (gtk_native_get_renderer (GTK_NATIVE (f->window)))
                     && !domus_vnc_view_get_scale_to_fit (f->view);
  graphene_rect_t added, gone;
  guint n_added, n_gone;

  added = region_not_in (after, before, &n_added);
  gone = region_not_in (before, after, &n_gone);
  g_assert_cmpuint (n_added, ==, n_tiles);
  if (patches)
    {
      assert_rect (added, cell->origin.x, cell->origin.y, cell->size.width, cell->size.height);
      if (last_cell == NULL)
        g_assert_cmpuint (n_gone, ==, 0);
      else
        assert_rect (gone, last_cell->origin.x, last_cell->origin.y, last_cell->size.width,
                     last_cell->size.height);
    }
  else
    {
      assert_rect (added, tiles->origin.x, tiles->origin.y, tiles->size.width, tiles->size.height);
      g_assert_cmpuint (n_gone, ==, n_tiles);
      assert_rect (gone, tiles->origin.x, tiles->origin.y, tiles->size.width, tiles->size.height);
    }
}

/* How many pixels of the view, rendered by the window's renderer, differ
 * from the server's frame; at 1:1, the frame centred in the view. */
static guint
count_differing_pixels (Fixture *f)
{
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (f->window));
  g_autoptr(GskRenderNode) node = domus_test_render_widget (GTK_WIDGET (f->view), -1, -1);
  int width = gtk_widget_get_width (GTK_WIDGET (f->view));
  int height = gtk_widget_get_height (GTK_WIDGET (f->view));
  g_autoptr(GdkTexture) drawn = NULL;
  g_autofree guint32 *words = NULL;
  guint left = (guint) MAX (0, (width - (int) f->width) / 2);
  guint top = (guint) MAX (0, (height - (int) f->height) / 2);
  guint differing = 0;

  g_assert_cmpint (width, >=, (int) f->width);
  g_assert_cmpint (height, >=, (int) f->height);
  drawn = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  words = g_new (guint32, (gsize) width * height);
  gdk_texture_download (drawn, (guchar *) words, (gsize) width * 4);
  for (guint y = 0; y < f->height; y++)
    for (guint x = 0; x < f->width; x++)
      differing += (words[(top + y) * (guint) width + left + x] & 0xffffff) != f->pixels[y * f->width + x];
  return differing;
}

/* How many pixels of what the X server shows in the window differ from
 * the server's frame, at 1:1: what GSK's diff had repainted and GDK
 * uploaded, the kept tiles and patches together, is the frame. 0 where the
 * display is not X11's. */
static guint
count_differing_on_screen (Fixture *f)
{
  guint differing = 0;
#ifdef GDK_WINDOWING_X11
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (f->window));
  GdkDisplay *display = gdk_surface_get_display (surface);
  graphene_point_t at;
  Display *xdisplay;
  XImage *image;
  int width, height, scale;
  guint left, top;

  if (!GDK_IS_X11_DISPLAY (display))
    return 0;
  scale = gdk_surface_get_scale_factor (surface);
  width = gdk_surface_get_width (surface) * scale;
  height = gdk_surface_get_height (surface) * scale;
  g_assert_cmpint (scale, ==, 1);
  g_assert_true (gtk_widget_compute_point (GTK_WIDGET (f->view), GTK_WIDGET (f->window),
                                           &GRAPHENE_POINT_INIT (0, 0), &at));
  left = (guint) at.x + (guint) MAX (0, (gtk_widget_get_width (GTK_WIDGET (f->view)) - (int) f->width) / 2);
  top = (guint) at.y + (guint) MAX (0, (gtk_widget_get_height (GTK_WIDGET (f->view)) - (int) f->height) / 2);
  g_assert_cmpint (width, >=, (int) (left + f->width));
  g_assert_cmpint (height, >=, (int) (top + f->height));
  xdisplay = gdk_x11_display_get_xdisplay (display);
  XSync (xdisplay, False);
  image = XGetImage (xdisplay, gdk_x11_surface_get_xid (surface), 0, 0, (unsigned) width, (unsigned) height,
                     AllPlanes, ZPixmap);
  g_assert_nonnull (image);
  for (guint y = 0; y < f->height; y++)
    for (guint x = 0; x < f->width; x++)
      differing += (XGetPixel (image, (int) (left + x), (int) (top + y)) & 0xffffff) != f->pixels[y * f->width + x];
  XDestroyImage (image);
#endif
  return differing;
}

/* @colour painted at @x, @y, then waits until the view has drawn it. */
static void
change_and_draw (Fixture *f,
                 guint    x,
                 guint    y,
                 guint    w,
                 guint    h,
                 guint32  colour)
{
  guint n_updated = f->n_updated;

  paint_cell (f, x, y, w, h, colour);
  DOMUS_TEST_WAIT_UNTIL (f->n_updated > n_updated && session_pixel (f, x, y) == f->pixels[y * f->width + x],
                         DEADLINE_S);
  domus_test_flush (GTK_WIDGET (f->window));
}

static gboolean
renderer_is_asked (Fixture *f)
{
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (f->window));
  gboolean cairo = GSK_IS_CAIRO_RENDERER (renderer);

  if (g_strcmp0 (f->renderer, "gl") == 0 && cairo)
    {
      g_test_skip ("GTK could not start GL here: its cairo renderer drew instead");
      return FALSE;
    }
  g_test_message ("drawn by %s", G_OBJECT_TYPE_NAME (renderer));
  return TRUE;
}

static void
test_damage (Fixture       *f,
             gconstpointer  data)
{
  gboolean cairo;
  g_autoptr(GPtrArray) first = NULL;
  g_autofree char *shot = NULL;

  if (!renderer_is_asked (f))
    return;
  cairo = GSK_IS_CAIRO_RENDERER (gtk_native_get_renderer (GTK_NATIVE (f->window)));

  /* 800 × 600 in 128-pixel tiles: 7 × 5, drawn as the server has it. */
  first = take_tiles (f);
  g_assert_cmpuint (first->len, ==, 35);
  g_assert_cmpuint (count_differing_pixels (f), ==, 0);
  g_assert_cmpuint (count_differing_on_screen (f), ==, 0);
  shot = g_strdup_printf ("test-vnc-view-%s.png", f->renderer);
  domus_test_screenshot (GTK_WIDGET (f->window), shot);

  /* A cell inside tile (1, 1): GSK repaints that tile's square at most
   * (under cairo at 1:1, the cell alone) and nothing else. */
  {
    g_autoptr(GPtrArray) before = take_tiles (f);
    g_autoptr(GPtrArray) after = NULL;

    change_and_draw (f, 140, 150, 8, 16, 0xffffff);
    after = take_tiles (f);
    assert_damage (f, before, after, &GRAPHENE_RECT_INIT (140, 150, 8, 16),
                   &GRAPHENE_RECT_INIT (TILE, TILE, TILE, TILE), 1, NULL);
    g_assert_cmpuint (count_differing_pixels (f), ==, 0);
    g_assert_cmpuint (count_differing_on_screen (f), ==, 0);
  }

  /* A cell across the edge of tiles (0, 1) and (1, 1): those two. */
  {
    g_autoptr(GPtrArray) before = take_tiles (f);
    g_autoptr(GPtrArray) after = NULL;

    change_and_draw (f, TILE - 4, 150, 8, 16, 0x00ff00);
    after = take_tiles (f);
    assert_damage (f, before, after, &GRAPHENE_RECT_INIT (TILE - 4, 150, 8, 16),
                   &GRAPHENE_RECT_INIT (0, TILE, 2 * TILE, TILE), 2, &GRAPHENE_RECT_INIT (140, 150, 8, 16));
    g_assert_cmpuint (count_differing_pixels (f), ==, 0);
    g_assert_cmpuint (count_differing_on_screen (f), ==, 0);
  }

  /* A cell inside tile (2, 1) but at its left edge: at 1:1 the cairo
   * renderer paints the tile's own pixels only; GL's textures carry a
   * border of their neighbours' pixels, so (1, 1)'s is made again too. */
  {
    g_autoptr(GPtrArray) before = take_tiles (f);
    g_autoptr(GPtrArray) after = NULL;

    change_and_draw (f, 2 * TILE, 150, 8, 16, 0x0000ff);
    after = take_tiles (f);
    if (cairo)
      assert_damage (f, before, after, &GRAPHENE_RECT_INIT (2 * TILE, 150, 8, 16),
                     &GRAPHENE_RECT_INIT (2 * TILE, TILE, TILE, TILE), 1, &GRAPHENE_RECT_INIT (TILE - 4, 150, 8, 16));
    else
      assert_damage (f, before, after, &GRAPHENE_RECT_INIT (2 * TILE, 150, 8, 16),
                     &GRAPHENE_RECT_INIT (TILE, TILE, 2 * TILE, TILE), 2, NULL);
    g_assert_cmpuint (count_differing_pixels (f), ==, 0);
    g_assert_cmpuint (count_differing_on_screen (f), ==, 0);
  }

  /* A quarter of a tile and more changed at once: under cairo too, the
   * tile's node is made again rather than patched. */
  {
    g_autoptr(GPtrArray) before = take_tiles (f);
    g_autoptr(GPtrArray) after = NULL;

    change_and_draw (f, 4 * TILE, 3 * TILE, TILE, TILE / 2, 0x123456);
    after = take_tiles (f);
    g_assert_cmpuint (after->len, ==, 35);
    if (cairo)
      {
        guint n;
        graphene_rect_t added = region_not_in (after, before, &n);

        g_assert_cmpuint (n, ==, 1);
        assert_rect (added, 4 * TILE, 3 * TILE, TILE, TILE);
      }
    g_assert_cmpuint (count_differing_pixels (f), ==, 0);
    g_assert_cmpuint (count_differing_on_screen (f), ==, 0);
  }
}

/* A still screen with a blinking cursor: each blink remakes the cursor's
 * tile and no other. */
static void
test_blinking_cursor (Fixture       *f,
                      gconstpointer  data)
{
  const guint x = 3 * TILE + 40, y = 2 * TILE + 60;   /* inside tile (3, 2) */

  if (!renderer_is_asked (f))
    return;

  for (guint blink = 0; blink < 6; blink++)
    {
      g_autoptr(GPtrArray) before = take_tiles (f);
      g_autoptr(GPtrArray) after = NULL;
      g_autoptr(GskRenderNode) container_before = take_tiles_container (f);
      g_autoptr(GskRenderNode) container_after = NULL;

      change_and_draw (f, x, y, 8, 16, blink % 2 == 0 ? 0xaaaaaa : G_MAXUINT32);
      after = take_tiles (f);
      /* Under cairo at 1:1 no tile's node changes: the view appends the
       * same container of them, which GSK's diff passes over at once;
       * where the cursor's tile is made again, a new one. */
      container_after = take_tiles_container (f);
      if (GSK_IS_CAIRO_RENDERER (gtk_native_get_renderer (GTK_NATIVE (f->window))))
        g_assert_true (container_after == container_before);
      else
        g_assert_true (container_after != container_before);
      /* 35 tiles, and the cursor's patch under cairo. */
      g_assert_cmpuint (after->len, >=, 35);
      assert_damage (f, before, after, &GRAPHENE_RECT_INIT (x, y, 8, 16),
                     &GRAPHENE_RECT_INIT (3 * TILE, 2 * TILE, TILE, TILE), 1,
                     blink > 0 ? &GRAPHENE_RECT_INIT (x, y, 8, 16) : NULL);
      g_assert_cmpuint (count_differing_pixels (f), ==, 0);
      g_assert_cmpuint (count_differing_on_screen (f), ==, 0);
    g_assert_cmpuint (count_differing_on_screen (f), ==, 0);
    }
}

/* The frame changes size: every tile is made again, none stale; then
 * scaled to fit, a change away from a tile's edge remakes one tile. */
static void
test_resize_and_scale (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) tiles = NULL;
  g_autofree guint32 *old_pixels = NULL;
  g_autofree char *shot = NULL;

  if (!renderer_is_asked (f))
    return;

  old_pixels = g_steal_pointer (&f->pixels);
  f->width = 640;
  f->height = 480;
  f->pixels = g_new (guint32, f->width * f->height);
  /* Smooth gradients, unlike the pattern before: a stale tile shows in
   * the comparison, a seam between scaled tiles in the screenshot. */
  for (guint y = 0; y < f->height; y++)
    for (guint x = 0; x < f->width; x++)
      f->pixels[y * f->width + x] = (x * 255 / 639) << 16 | (y * 255 / 479) << 8 | 0x60;
  rfbNewFramebuffer (f->rfb, (char *) f->pixels, (int) f->width, (int) f->height, 8, 3, 4);
  set_format (f);
  DOMUS_TEST_WAIT_UNTIL (session_has_size (f, 640, 480) && session_has_frame (f), DEADLINE_S);
  domus_test_flush (GTK_WIDGET (f->window));
  tiles = take_tiles (f);
  g_assert_cmpuint (tiles->len, ==, 5 * 4);
  g_assert_cmpuint (count_differing_pixels (f), ==, 0);

  /* Scaled to fit a larger window: 640 × 480 shown at 1.25. */
  domus_vnc_view_set_scale_to_fit (f->view, TRUE);
  gtk_window_set_default_size (f->window, 800, 600);
  gtk_widget_set_size_request (GTK_WIDGET (f->view), 800, 600);
  DOMUS_TEST_WAIT_UNTIL (gtk_widget_get_width (GTK_WIDGET (f->view)) == 800
                         && gtk_widget_get_height (GTK_WIDGET (f->view)) == 600, DEADLINE_S);
  domus_test_flush (GTK_WIDGET (f->window));
  {
    g_autoptr(GPtrArray) before = take_tiles (f);
    g_autoptr(GPtrArray) after = NULL;

    g_assert_cmpuint (before->len, ==, 5 * 4);
    change_and_draw (f, TILE + 40, TILE + 40, 8, 16, 0xffffff);
    after = take_tiles (f);
    /* Tile (1, 1) at 1.25: 160 pixels a side. */
    assert_damage (f, before, after, NULL, &GRAPHENE_RECT_INIT (160, 160, 160, 160), 1, NULL);
  }
  shot = g_strdup_printf ("test-vnc-view-%s-scaled.png", f->renderer);
  domus_test_screenshot (GTK_WIDGET (f->window), shot);

  /* Back to 1:1: the frame in the middle, as the server has it. */
  domus_vnc_view_set_scale_to_fit (f->view, FALSE);
  domus_test_flush (GTK_WIDGET (f->window));
  g_assert_cmpuint (count_differing_pixels (f), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  domus_test_gtk_init (&argc, &argv);

  g_test_add ("/vnc-view/damage", Fixture, NULL, fixture_setup, test_damage, fixture_teardown);
  g_test_add ("/vnc-view/blinking-cursor", Fixture, NULL, fixture_setup, test_blinking_cursor,
              fixture_teardown);
  g_test_add ("/vnc-view/resize-and-scale", Fixture, NULL, fixture_setup, test_resize_and_scale,
              fixture_teardown);
  return g_test_run ();
}
