/* test-screen-view.c: an HVM domain's screen on its domain page
 *
 * A DomusDomainPage in a window on a simulated host (manual clock): an HVM
 * domain created from an xl config with an installer CD-ROM serves the
 * simulated installer over VNC (libvncserver); the page's Screen view
 * connects to it through DomusVncSession and shows it. Keys given to the
 * view reach the installer and come back as pixels; keys held are released
 * when the view loses the focus; Ctrl+Alt+Del goes as six key events; a
 * screenshot is saved; the view follows a reboot to the new domain's screen
 * (the installer again, or the login prompt once the disc is ejected) and
 * says when the domain is gone; the config's vncpasswd is used, and a
 * refused one brings the password page; Paste as Keystrokes types the
 * clipboard's text at a login prompt, a long text with a progress bar, and
 * refuses what cannot be typed. Waits run the main context until what is
 * expected happens, with a deadline that fails.
 *
 * Saves test-screen-view.png, test-screen-view-window.png and
 * test-screen-view-paste.png into the working directory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "domus-test-gtk-utils.h"
#include "domus-test-utils.h"

#include <glib/gstdio.h>
#include <string.h>

#include "domus-domain-page.h"
#include "domus-domain-private.h"
#include "domus-error.h"
#include "domus-screen-view.h"
#include "sim/domus-sim-font.h"
#include "sim/domus-sim-host.h"
#include "sim/domus-sim-screen.h"
#include "vnc/domus-vnc-keys.h"
#include "domus-test-rfb-server.h"
#include "domus-window.h"

#define DEADLINE_S 10

static const char *scene_json =
  "{\"host\": {\"pcpus\": 2, \"memory_mib\": 8192},"
  " \"domains\": [{\"name\": \"Domain-0\", \"memory_mib\": 1024},"
  "              {\"name\": \"web\", \"memory_mib\": 1024}]}";

typedef struct
{
  char            *dir;
  DomusClock      *clock;
  DomusHost       *host;
  GtkWindow       *window;
  DomusDomainPage *page;
  DomusScreenView *view;
} Fixture;

/* Runs the main context (and the host's clock) until @cond holds. */
#define WAIT_UNTIL(f, cond) DOMUS_TEST_WAIT_STEPPING ((f)->clock, cond, DEADLINE_S)

static DomusVncView *
vnc_view (Fixture *f)
{
  return domus_screen_view_get_vnc_view (f->view);
}

/* The colour (0xRRGGBB) the view's frame has at a character cell of the
 * simulated screen. */
static guint32
cell_colour (Fixture *f,
             guint    column,
             guint    row)
{
  g_autoptr(GdkTexture) texture = domus_vnc_view_dup_texture (vnc_view (f));
  guint8 bgra[4];

  if (texture == NULL)
    return G_MAXUINT32;
  /* One pixel: a 1×1 download would need a sub-texture (GTK 4.10). */
  {
    gsize stride = (gsize) gdk_texture_get_width (texture) * 4;
    g_autofree guint8 *all = g_malloc (stride * gdk_texture_get_height (texture));

    gdk_texture_download (texture, all, stride);
    memcpy (bgra, all + (gsize) row * DOMUS_SIM_FONT_HEIGHT * stride + (gsize) column * DOMUS_SIM_FONT_WIDTH * 4, 4);
  }
  return (guint32) bgra[2] << 16 | (guint32) bgra[1] << 8 | bgra[0];
}

/* Renders the window as it is on screen and counts the pixels of the frame
 * (drawn at 1:1, centred in the view) that differ from the session's. */
static guint
count_differing_pixels (Fixture *f)
{
  GtkWidget *view = GTK_WIDGET (vnc_view (f));
  GtkWidget *window = GTK_WIDGET (f->window);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) drawn = NULL;
  g_autoptr(GdkTexture) frame = NULL;
  g_autofree guint8 *a = NULL;
  g_autofree guint8 *b = NULL;
  graphene_point_t at;
  guint differing = 0;
  int width, height;

  node = domus_test_render_widget (window, -1, -1);
  frame = domus_vnc_view_dup_texture (vnc_view (f));
  width = gdk_texture_get_width (frame);
  height = gdk_texture_get_height (frame);
  a = g_malloc ((gsize) width * height * 4);
  b = g_malloc ((gsize) width * height * 4);
  g_assert_true (gtk_widget_compute_point (view, window,
                                           &GRAPHENE_POINT_INIT (MAX (0, (gtk_widget_get_width (view) - width) / 2),
                                                                 MAX (0, (gtk_widget_get_height (view) - height) / 2)),
                                           &at));
  drawn = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                       &GRAPHENE_RECT_INIT (at.x, at.y, width, height));
  gdk_texture_download (drawn, a, (gsize) width * 4);
  gdk_texture_download (frame, b, (gsize) width * 4);
  for (gsize i = 0; i < (gsize) width * height; i++)
    differing += memcmp (a + i * 4, b + i * 4, 3) != 0;
  return differing;
}

static gboolean
send_key_event (Fixture *f,
                guint    keyval,
                guint    evdev,
                gboolean down)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (vnc_view (f)));
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_EVENT_CONTROLLER_KEY (controller))
        continue;
      /* As GDK gives them: X keysym and hardware keycode (evdev + 8). */
      if (down)
        g_signal_emit_by_name (controller, "key-pressed", keyval, evdev + 8, 0, &handled);
      else
        g_signal_emit_by_name (controller, "key-released", keyval, evdev + 8, 0);
      return handled || !down;
    }
  g_assert_not_reached ();
}

static guint64
n_sent (Fixture *f)
{
  return domus_vnc_session_get_n_sent (domus_vnc_view_get_session (vnc_view (f)));
}

static gboolean
input_pending (Fixture *f)
{
  return domus_vnc_session_has_pending_input (domus_vnc_view_get_session (vnc_view (f)));
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("domus-screen-XXXXXX", NULL);
  f->host = domus_test_sim_host_new (scene_json, &f->clock);
  domus_host_refresh (f->host);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1000, 760);
  f->page = g_object_new (DOMUS_TYPE_DOMAIN_PAGE, NULL);
  gtk_window_set_child (f->window, GTK_WIDGET (f->page));
  domus_domain_page_set_host (f->page, f->host);
  f->view = DOMUS_SCREEN_VIEW (gtk_widget_get_template_child (GTK_WIDGET (f->page), DOMUS_TYPE_DOMAIN_PAGE,
                                                              "screen_view"));
  gtk_window_present (f->window);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  gtk_window_destroy (f->window);
  g_clear_object (&f->host);
  g_clear_object (&f->clock);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

/* Creates "inst", an HVM domain booting the installer from its CD-ROM;
 * @extra is more of its config. */
static DomusDomain *
create_domain_with (Fixture    *f,
                    const char *extra)
{
  g_autofree char *iso = g_build_filename (f->dir, "debian-12.iso", NULL);
  g_autofree char *path = g_build_filename (f->dir, "inst.cfg", NULL);
  g_autofree char *config = g_strdup_printf ("name = \"inst\"\ntype = \"hvm\"\nmemory = 1024\nvcpus = 1\n"
                                             "disk = [ 'format=raw, vdev=hdc, access=ro, devtype=cdrom, target=%s' ]\n"
                                             "boot = \"dc\"\nvnc = 1\nvnclisten = \"127.0.0.1\"\n%s", iso, extra);
  DomusRequest *create = domus_request_new (DOMUS_REQUEST_CREATE);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (iso, "", 0, NULL));
  g_assert_true (g_file_set_contents (path, config, -1, NULL));
  create->path = g_strdup (path);
  domus_test_run_request (f->host, f->clock, create, &error);
  g_assert_no_error (error);
  return domus_host_lookup_domain_by_name (f->host, "inst");
}

static DomusDomain *
create_installer_domain (Fixture *f)
{
  return create_domain_with (f, "");
}

static void
test_installer (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *png = g_build_filename (f->dir, "shot.png", NULL);
  g_autoptr(GdkTexture) shot = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *other;
  DomusDomain *inst;
  guint64 sent, nodes;
  int minimum;

  /* A PV domain has no screen: no Screen view. */
  domus_domain_page_set_domain (f->page, domus_host_lookup_domain_by_name (f->host, "web"));
  g_assert_cmpint (domus_screen_view_get_state (f->view), ==, DOMUS_SCREEN_VIEW_NONE);
  g_assert_false (domus_domain_page_show_view (f->page, "screen"));

  inst = create_installer_domain (f);
  g_assert_nonnull (inst);
  domus_domain_page_set_domain (f->page, inst);
  WAIT_UNTIL (f, domus_screen_view_get_state (f->view) == DOMUS_SCREEN_VIEW_CONNECTED);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "domain.show-view", "s", "screen"));

  /* The installer's first page, drawn in tiles: the first language is
   * highlighted in red. */
  WAIT_UNTIL (f, cell_colour (f, 30, 12) == 0xaa0000);
  domus_test_flush (GTK_WIDGET (f->window));
  g_assert_cmpuint (domus_vnc_view_get_n_tile_uploads (vnc_view (f)), >=, 35);   /* 800×600: 7×5 tiles */

  /* Down, as GTK hands it to the view: the guest moves the highlight.
   * Only the tiles it crosses get new render nodes: the others keep
   * theirs, and GSK repaints none of them. */
  nodes = domus_vnc_view_get_n_tile_nodes (vnc_view (f));
  g_assert_true (send_key_event (f, 0xff54 /* Down */, 108 /* KEY_DOWN */, TRUE));
  g_assert_true (send_key_event (f, 0xff54, 108, FALSE));
  WAIT_UNTIL (f, cell_colour (f, 30, 13) == 0xaa0000);
  g_assert_cmphex (cell_colour (f, 30, 12), ==, 0xaaaaaa);
  domus_test_flush (GTK_WIDGET (f->window));
  g_assert_cmpuint (domus_vnc_view_get_n_tile_nodes (vnc_view (f)), >, nodes);
  g_assert_cmpuint (domus_vnc_view_get_n_tile_nodes (vnc_view (f)) - nodes, <, 35);

  /* A key held when the focus goes is released in the guest. */
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (vnc_view (f))));
  WAIT_UNTIL (f, !input_pending (f));
  sent = n_sent (f);
  g_assert_true (send_key_event (f, 0xffe1 /* Shift_L */, 42 /* KEY_LEFTSHIFT */, TRUE));
  WAIT_UNTIL (f, n_sent (f) == sent + 1);
  other = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (f->page), DOMUS_TYPE_DOMAIN_PAGE, "view_switcher"));
  g_assert_true (gtk_widget_child_focus (other, GTK_DIR_TAB_FORWARD));
  WAIT_UNTIL (f, n_sent (f) == sent + 2);

  /* Ctrl+Alt+Del: three presses, three releases. */
  WAIT_UNTIL (f, !input_pending (f));
  sent = n_sent (f);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "screen.send-keys", "s", "ctrl-alt-del"));
  WAIT_UNTIL (f, n_sent (f) == sent + 6);

  /* 1:1 asks for the whole frame; fitted, much less. */
  gtk_widget_measure (GTK_WIDGET (vnc_view (f)), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, <, 800);
  domus_vnc_view_set_scale_to_fit (vnc_view (f), FALSE);
  gtk_widget_measure (GTK_WIDGET (vnc_view (f)), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, ==, 800);
  domus_vnc_view_set_scale_to_fit (vnc_view (f), TRUE);

  /* What the view draws at 1:1 is the frame, pixel for pixel. */
  domus_vnc_view_set_scale_to_fit (vnc_view (f), FALSE);
  domus_test_flush (GTK_WIDGET (f->window));
  g_assert_cmpuint (count_differing_pixels (f), ==, 0);
  domus_vnc_view_set_scale_to_fit (vnc_view (f), TRUE);

  /* Screenshot: the frame as a PNG. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "screen.save-screenshot", "s", png));
  shot = gdk_texture_new_from_filename (png, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (shot), ==, 800);
  g_assert_cmpint (gdk_texture_get_height (shot), ==, 600);

  domus_test_flush (GTK_WIDGET (f->window));
  domus_test_screenshot (GTK_WIDGET (f->window), "test-screen-view.png");
}

static void
test_reboot_and_gone (Fixture       *f,
                      gconstpointer  data)
{
  /* Held, so that the rebooted domain cannot be made at its address. */
  g_autoptr(DomusDomain) inst = g_object_ref (create_installer_domain (f));
  g_autoptr(GError) error = NULL;

  domus_domain_page_set_domain (f->page, inst);
  WAIT_UNTIL (f, domus_screen_view_get_state (f->view) == DOMUS_SCREEN_VIEW_CONNECTED);
  g_assert_true (domus_domain_page_show_view (f->page, "screen"));
  WAIT_UNTIL (f, cell_colour (f, 30, 12) == 0xaa0000);

  /* A reboot is a new domain with a new server: the view follows. */
  domus_test_run_request (f->host, f->clock, domus_request_new_for_domain (DOMUS_REQUEST_REBOOT, inst), &error);
  g_assert_no_error (error);
  WAIT_UNTIL (f, domus_host_lookup_domain_by_name (f->host, "inst") != inst);
  WAIT_UNTIL (f, domus_screen_view_get_state (f->view) == DOMUS_SCREEN_VIEW_CONNECTED
                 && domus_vnc_view_get_session (vnc_view (f)) != NULL
                 && cell_colour (f, 30, 12) == 0xaa0000);

  /* The installer disc taken out, the next boot is from disk: a login
   * prompt, grey on black. */
  {
    DomusRequest *eject = domus_request_new_for_domain (DOMUS_REQUEST_EJECT, domus_host_lookup_domain_by_name (f->host, "inst"));

    eject->target = g_strdup ("hdc");
    domus_test_run_request (f->host, f->clock, eject, &error);
    g_assert_no_error (error);
  }
  g_set_object (&inst, domus_host_lookup_domain_by_name (f->host, "inst"));
  domus_test_run_request (f->host, f->clock, domus_request_new_for_domain (DOMUS_REQUEST_REBOOT, inst), &error);
  g_assert_no_error (error);
  WAIT_UNTIL (f, domus_host_lookup_domain_by_name (f->host, "inst") != inst);
  WAIT_UNTIL (f, domus_screen_view_get_state (f->view) == DOMUS_SCREEN_VIEW_CONNECTED
                 && domus_vnc_view_get_session (vnc_view (f)) != NULL
                 && cell_colour (f, 30, 12) == 0x000000 && cell_colour (f, 0, 0) == 0x000000);

  /* Destroyed: closed, and the view says why. */
  domus_test_run_request (f->host, f->clock,
                          domus_request_new_for_domain (DOMUS_REQUEST_DESTROY, domus_host_lookup_domain_by_name (f->host, "inst")),
                          &error);
  g_assert_no_error (error);
  WAIT_UNTIL (f, domus_screen_view_get_state (f->view) == DOMUS_SCREEN_VIEW_CLOSED
                 && domus_host_lookup_domain_by_name (f->host, "inst") == NULL);
  g_assert_cmpstr (domus_screen_view_get_message (f->view), ==,
                   "“inst” is no longer running. The screen comes back when a domain of that name starts again.");
}

/* The config's vncpasswd is used as xl gives it to QEMU; one the server
 * refuses brings the password page, and the one typed there is used. */
static void
test_password (Fixture       *f,
               gconstpointer  data)
{
  DomusDomain *inst = create_domain_with (f, "vncpasswd = \"lab1\"\n");
  g_autofree char *path = g_build_filename (f->dir, "inst.cfg", NULL);
  g_autofree char *config = NULL;
  g_autofree char *before = NULL;
  g_autofree char *edited = NULL;
  GtkEditable *row;

  domus_domain_page_set_domain (f->page, inst);
  WAIT_UNTIL (f, domus_screen_view_get_state (f->view) == DOMUS_SCREEN_VIEW_CONNECTED);
  WAIT_UNTIL (f, cell_colour (f, 30, 12) == 0xaa0000);

  /* The config now says another password: refused, asked for. */
  g_assert_true (g_file_get_contents (path, &config, NULL, NULL));
  before = g_strndup (config, strstr (config, "\"lab1\"") - config);
  edited = g_strjoinv ("\"nope\"", (char *[]) { before, strstr (config, "\"lab1\"") + strlen ("\"lab1\""),
                                                  NULL });
  g_assert_true (g_file_set_contents (path, edited, -1, NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "screen.reconnect", NULL));
  WAIT_UNTIL (f, domus_screen_view_get_state (f->view) == DOMUS_SCREEN_VIEW_PASSWORD);
  g_assert_true (g_str_has_suffix (domus_screen_view_get_message (f->view), "refused the password"));

  row = GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (f->view), DOMUS_TYPE_SCREEN_VIEW, "password_row"));
  gtk_editable_set_text (row, "lab1");
  g_signal_emit_by_name (row, "entry-activated");
  WAIT_UNTIL (f, domus_screen_view_get_state (f->view) == DOMUS_SCREEN_VIEW_CONNECTED);
  WAIT_UNTIL (f, cell_colour (f, 30, 12) == 0xaa0000);
}

/* In the main window: the installer's screen on the domain's page, with the
 * window's title bar and list beside it. */
static void
test_window (Fixture       *f,
             gconstpointer  data)
{
  DomusWindow *window = domus_window_new (NULL, f->host);
  GtkWidget *page = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), DOMUS_TYPE_WINDOW,
                                                               "domain_page"));
  DomusDomain *inst = create_installer_domain (f);

  f->view = DOMUS_SCREEN_VIEW (gtk_widget_get_template_child (page, DOMUS_TYPE_DOMAIN_PAGE, "screen_view"));
  gtk_window_set_default_size (GTK_WINDOW (window), 1180, 780);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (domus_window_select_domain (window, inst));
  WAIT_UNTIL (f, domus_screen_view_get_state (f->view) == DOMUS_SCREEN_VIEW_CONNECTED);
  g_assert_true (domus_domain_page_show_view (DOMUS_DOMAIN_PAGE (page), "screen"));
  WAIT_UNTIL (f, cell_colour (f, 30, 12) == 0xaa0000);

  domus_test_flush (GTK_WIDGET (window));
  domus_test_screenshot (GTK_WIDGET (window), "test-screen-view-window.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A domain whose host reports @vnc_address, as xenstore may hold it. */
static DomusDomain *
domain_at (DomusTimeline *timeline,
           const char    *name,
           const char    *vnc_address)
{
  g_autoptr(DomusHostSample) sample = domus_host_sample_new (1);
  DomusDomainSample *ds = domus_host_sample_add_domain (sample, 1);
  DomusDomain *domain;

  ds->id = 7;
  ds->name = g_strdup (name);
  ds->type = DOMUS_DOMAIN_TYPE_HVM;
  ds->state = DOMUS_DOMAIN_STATE_RUNNING;
  ds->vnc_address = g_strdup (vnc_address);
  domain = _domus_domain_new (ds, timeline, 1024);
  _domus_domain_update (domain, ds, -1);
  return domain;
}

static gboolean
in_state (DomusScreenView      *view,
          DomusScreenViewState  state)
{
  return domus_screen_view_get_state (view) == state;
}

/* What a hostile host or VNC server can give the view: a malformed
 * address, a screen too large, a server that stops in the middle of an
 * update. Each brings the error page with the session's words, and
 * leaving a stalled server does not freeze the window. */
static void
test_hostile (void)
{
  g_autoptr(DomusTimeline) timeline = domus_timeline_new (16);
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  DomusScreenView *view = DOMUS_SCREEN_VIEW (domus_screen_view_new ());

  gtk_window_set_child (window, GTK_WIDGET (view));
  gtk_window_present (window);

  /* Malformed addresses: refused as such, no host cut out of them. */
  for (guint i = 0; i < 2; i++)
    {
      const char *address = (const char *[]) { "[:5900", "[abc:5900" }[i];
      g_autoptr(DomusDomain) domain = domain_at (timeline, address, address);

      domus_screen_view_set_target (view, NULL, domain);
      g_assert_cmpint (domus_screen_view_get_state (view), ==, DOMUS_SCREEN_VIEW_ERROR);
      g_assert_nonnull (strstr (domus_screen_view_get_message (view), "is not a VNC address"));
    }

  /* A screen over the limit. */
  {
    DomusTestRfbScript script = { .width = 65535, .height = 65535, .name = "huge", .linger_ms = 10000 };
    g_autoptr(DomusTestRfbServer) server = domus_test_rfb_server_new (&script);
    g_autofree char *address = g_strdup_printf ("127.0.0.1:%u", domus_test_rfb_server_get_port (server));
    g_autoptr(DomusDomain) domain = domain_at (timeline, "huge", address);

    domus_screen_view_set_target (view, NULL, domain);
    DOMUS_TEST_WAIT_UNTIL (in_state (view, DOMUS_SCREEN_VIEW_ERROR), 10);
    g_test_message ("%s", domus_screen_view_get_message (view));
    g_assert_nonnull (strstr (domus_screen_view_get_message (view), "announced a 65535×65535 screen"));
    g_assert_nonnull (strstr (domus_screen_view_get_message (view), "8192×8192"));
  }

  /* A server that stops in the middle of an update, then is left: the
   * view lets go at once, not when the server does. */
  {
    gsize length;
    g_autofree guint8 *cut = domus_test_rfb_update (0, 0, 10, 10, 0, 100, &length);
    DomusTestRfbScript script = { .width = 64, .height = 48, .name = "stall", .after = cut,
                                  .after_length = length, .linger_ms = 5000 };
    g_autoptr(DomusTestRfbServer) server = domus_test_rfb_server_new (&script);
    g_autofree char *address = g_strdup_printf ("127.0.0.1:%u", domus_test_rfb_server_get_port (server));
    g_autoptr(DomusDomain) domain = domain_at (timeline, "stall", address);
    gint64 before;

    domus_screen_view_set_target (view, NULL, domain);
    DOMUS_TEST_WAIT_UNTIL (in_state (view, DOMUS_SCREEN_VIEW_CONNECTED), 10);
    before = g_get_monotonic_time ();
    domus_screen_view_set_target (view, NULL, NULL);
    g_assert_cmpint (g_get_monotonic_time () - before, <, G_USEC_PER_SEC / 2);
    g_assert_cmpint (domus_screen_view_get_state (view), ==, DOMUS_SCREEN_VIEW_NONE);
  }
  gtk_window_destroy (window);
}

/* What Paste as Keystrokes types of a clipboard's text, and what it refuses. */
static void
test_paste_rules (void)
{
  g_autofree char *big = g_strnfill (DOMUS_MAX_PASTE_SIZE + 1, 'a');
  g_autofree char *at_limit = g_strnfill (DOMUS_MAX_PASTE_SIZE, 'a');
  g_autoptr(GError) error = NULL;
  g_autofree char *typed = NULL;

  typed = domus_vnc_keys_prepare_text ("ls -l\r\nécho\tok\rend", strlen ("ls -l\r\nécho\tok\rend"), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (typed, ==, "ls -l\nécho\tok\nend");
  g_clear_pointer (&typed, g_free);

  typed = domus_vnc_keys_prepare_text (at_limit, DOMUS_MAX_PASTE_SIZE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (typed), ==, DOMUS_MAX_PASTE_SIZE);

  g_assert_null (domus_vnc_keys_prepare_text (big, DOMUS_MAX_PASTE_SIZE + 1, &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_TOO_LARGE);
  g_clear_error (&error);
  g_assert_null (domus_vnc_keys_prepare_text ("ab\033[2J", 6, &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==, "The text has a control character (U+001B) at character 3, which cannot be typed");
  g_clear_error (&error);
  g_assert_null (domus_vnc_keys_prepare_text ("a\0b", 3, &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (domus_vnc_keys_prepare_text ("caf\xe9", 4, &error));
  g_assert_cmpstr (error->message, ==, "The text is not valid UTF-8, so it cannot be typed");
}

static gboolean
typed_is (DomusSimScreen *screen,
          const char     *expected)
{
  g_autofree char *typed = domus_sim_screen_dup_typed (screen);

  return g_strcmp0 (typed, expected) == 0;
}

/* The last toast shown in @overlay (domus_show_toast() keeps it), or "". */
static const char *
last_toast (GtkWidget *overlay)
{
  AdwToast *toast = g_object_get_data (G_OBJECT (overlay), "domus-error-toast");

  return toast != NULL ? adw_toast_get_title (toast) : "";
}

static double
paste_fraction (DomusScreenView *view)
{
  GtkWidget *bar = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (view), DOMUS_TYPE_SCREEN_VIEW,
                                                              "paste_progress"));

  return gtk_widget_get_mapped (bar) ? gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (bar)) : -1;
}

/* Paste as Keystrokes at a guest's login prompt: the clipboard's text
 * typed, with the shortcut's Ctrl let go first; a long text typed a piece
 * at a time with a progress bar, and stopped; text that cannot be typed
 * refused with a toast that says why. */
static void
test_paste (void)
{
  g_autoptr(DomusTimeline) timeline = domus_timeline_new (16);
  g_autoptr(GError) error = NULL;
  g_autoptr(DomusSimScreen) screen = domus_sim_screen_new ("paste", FALSE, NULL, &error);
  g_autofree char *address = g_strdup_printf ("127.0.0.1:%u", domus_sim_screen_get_port (screen));
  g_autoptr(DomusDomain) domain = domain_at (timeline, "paste", address);
  g_autofree char *long_text = g_strnfill (20000, 'x');
  g_autofree char *too_long = g_strnfill (DOMUS_MAX_PASTE_SIZE + 10, 'x');
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *overlay = adw_toast_overlay_new ();
  DomusScreenView *view = DOMUS_SCREEN_VIEW (domus_screen_view_new ());
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (view));
  Fixture f = { .view = view };
  guint64 sent;

  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (view));
  gtk_window_set_child (window, overlay);
  gtk_window_set_default_size (window, 900, 700);
  gtk_window_present (window);
  domus_screen_view_set_target (view, NULL, domain);
  DOMUS_TEST_WAIT_UNTIL (in_state (view, DOMUS_SCREEN_VIEW_CONNECTED) && cell_colour (&f, 0, 0) == 0x000000, 10);
  DOMUS_TEST_WAIT_UNTIL (!input_pending (&f), 10);

  /* Ctrl is down in the guest, as when Ctrl+Shift+V was pressed. The text:
   * 3 shifted characters (4 events each), 9 plain, tab, x and one Return
   * for CR LF (2 each); plus Ctrl's release, sent once. */
  sent = n_sent (&f);
  g_assert_true (send_key_event (&f, 0xffe3 /* Control_L */, 29 /* KEY_LEFTCTRL */, TRUE));
  gdk_clipboard_set_text (clipboard, "Root_pass-1!\tx\r\n");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "screen.paste-keys", NULL));
  DOMUS_TEST_WAIT_UNTIL (!domus_screen_view_is_pasting (view) && !input_pending (&f), 10);
  g_assert_true (send_key_event (&f, 0xffe3, 29, FALSE));
  /* The prompt keeps printable characters: tab and Return are not. */
  DOMUS_TEST_WAIT_UNTIL (typed_is (screen, "Root_pass-1!x"), 10);
  g_assert_cmpuint (n_sent (&f), ==, sent + 1 + 1 + 3 * 4 + 12 * 2);

  /* A long text: the progress bar moves while it is typed, and goes. */
  sent = n_sent (&f);
  gdk_clipboard_set_text (clipboard, long_text);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "screen.paste-keys", NULL));
  DOMUS_TEST_WAIT_UNTIL (paste_fraction (view) > 0.2 && paste_fraction (view) < 0.8, 10);
  domus_test_flush (GTK_WIDGET (window));
  domus_test_screenshot (GTK_WIDGET (window), "test-screen-view-paste.png");
  DOMUS_TEST_WAIT_UNTIL (!domus_screen_view_is_pasting (view) && !input_pending (&f), 20);
  g_assert_cmpuint (n_sent (&f), ==, sent + 2 * 20000);
  g_assert_cmpfloat (paste_fraction (view), ==, -1);

  /* Stopped half way: what was queued goes, the rest never. */
  sent = n_sent (&f);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "screen.paste-keys", NULL));
  DOMUS_TEST_WAIT_UNTIL (paste_fraction (view) > 0, 10);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "screen.cancel-paste", NULL));
  g_assert_false (domus_screen_view_is_pasting (view));
  DOMUS_TEST_WAIT_UNTIL (!input_pending (&f), 10);
  g_assert_cmpuint (n_sent (&f), >, sent);
  g_assert_cmpuint (n_sent (&f), <, sent + 2 * 20000);

  /* Refused: nothing typed, and a toast says why. */
  sent = n_sent (&f);
  gdk_clipboard_set_text (clipboard, "clear\033[2J");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "screen.paste-keys", NULL));
  DOMUS_TEST_WAIT_UNTIL (strstr (last_toast (overlay), "U+001B") != NULL, 10);
  g_assert_cmpstr (last_toast (overlay), ==, "The text has a control character (U+001B) at character 6, which cannot be typed");
  gdk_clipboard_set_text (clipboard, too_long);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "screen.paste-keys", NULL));
  DOMUS_TEST_WAIT_UNTIL (strstr (last_toast (overlay), "can be typed at once") != NULL, 10);
  g_assert_cmpstr (last_toast (overlay), ==, "The text is longer than 64.0\u00a0KiB, the most that can be typed at once");
  gdk_clipboard_set_text (clipboard, "");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "screen.paste-keys", NULL));
  DOMUS_TEST_WAIT_UNTIL (g_str_equal (last_toast (overlay), "The clipboard has no text to paste"), 10);
  g_assert_false (domus_screen_view_is_pasting (view));
  g_assert_cmpuint (n_sent (&f), ==, sent);

  /* Not connected: nothing to type on, the shortcut does nothing. */
  domus_screen_view_set_target (view, NULL, NULL);
  gdk_clipboard_set_text (clipboard, "root");
  gtk_widget_activate_action (GTK_WIDGET (view), "screen.paste-keys", NULL);
  g_assert_false (domus_screen_view_is_pasting (view));
  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/screen-view/installer", Fixture, NULL, fixture_setup, test_installer, fixture_teardown);
  g_test_add ("/screen-view/reboot-and-gone", Fixture, NULL, fixture_setup, test_reboot_and_gone,
              fixture_teardown);
  g_test_add ("/screen-view/password", Fixture, NULL, fixture_setup, test_password, fixture_teardown);
  g_test_add ("/screen-view/window", Fixture, NULL, fixture_setup, test_window, fixture_teardown);
  g_test_add_func ("/screen-view/hostile", test_hostile);
  g_test_add_func ("/screen-view/paste-rules", test_paste_rules);
  g_test_add_func ("/screen-view/paste", test_paste);

  return g_test_run ();
}
