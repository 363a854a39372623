/* test-domain-controls.c: changing a domain live from its page
 *
 * A DomusDomainPage in a window of its own, inside an AdwToastOverlay, on a
 * simulated host with a manual clock. The controls are driven as a user or
 * a keyboard shortcut would (values set on the sliders and spin buttons,
 * Enter, check buttons, widget actions); the test then checks that the
 * request reached the host, that the CPU shares and the charts follow as
 * the scheduler model says, and that refusals come back as a toast with the
 * control put back. Debouncing runs on real time (the main loop), the
 * host's refreshes on the manual clock, so each request the page sends shows
 * as exactly one "refreshed" of the host.
 *
 * Saves screenshots (light and dark) into the working directory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "domus-test-gtk-utils.h"
#include "domus-test-host.h"
#include "domus-test-utils.h"

#include <adwaita.h>
#include <math.h>

#include "domus-chart.h"
#include "domus-cpulist.h"
#include "domus-domain-page.h"
#include "domus-error.h"
#include "domus-live-setting.h"
#include "domus-pin-grid.h"
#include "domus-sched-editor.h"

/* One pCPU, two CPU-bound domains of one vCPU each. */
static const char *two_on_one =
  "{\"host\": {\"pcpus\": 1, \"memory_mib\": 4096},"
  " \"domains\": [{\"name\": \"a\", \"memory_mib\": 1024, \"workload\": {\"kind\": \"cpu\"}},"
  "              {\"name\": \"b\", \"memory_mib\": 1024, \"maxmem_mib\": 2048, \"workload\": {\"kind\": \"cpu\"}}]}";

/* Four pCPUs; "w" has 2 of 4 vCPUs online. */
static const char *wide =
  "{\"host\": {\"pcpus\": 4, \"memory_mib\": 8192},"
  " \"domains\": [{\"name\": \"w\", \"vcpus\": 2, \"maxvcpus\": 4, \"memory_mib\": 1024, \"maxmem_mib\": 2048,"
  "                \"workload\": {\"kind\": \"cpu\", \"busy_vcpus\": 4}},"
  "              {\"name\": \"v\", \"vcpus\": 1, \"workload\": {\"kind\": \"cpu\"}}]}";

/* Many pCPUs, on credit2. */
static const char *many =
  "{\"host\": {\"pcpus\": 24, \"memory_mib\": 8192, \"scheduler\": \"credit2\"},"
  " \"domains\": [{\"name\": \"m\", \"vcpus\": 2, \"workload\": {\"kind\": \"cpu\"}}]}";

typedef struct
{
  DomusClock       *clock;
  DomusHost        *host;
  GtkWindow        *window;
  AdwToastOverlay  *overlay;
  DomusDomainPage  *page;
  DomusSchedEditor *editor;
  guint             n_requests;
} Fixture;

/* Enter in a spin button: its text's "activate", as the key binding emits. */
static void
press_enter (GtkSpinButton *spin)
{
  g_signal_emit_by_name (gtk_editable_get_delegate (GTK_EDITABLE (spin)), "activate");
}

/* The whole page, scrolled or not, on the window's background. */
static void
screenshot_page (Fixture    *f,
                 const char *name)
{
  GtkWidget *content = gtk_widget_get_ancestor (GTK_WIDGET (f->editor), ADW_TYPE_CLAMP);
  g_autoptr(GskRenderNode) drawn = NULL;
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (content));
  int width = gtk_widget_get_width (content);
  int height = gtk_widget_get_height (content);
  GdkRGBA background;

  /* No text cursor in the title, which has the focus in this bare window. */
  gtk_window_set_focus (f->window, NULL);
  domus_test_flush (GTK_WIDGET (f->window));
  width = gtk_widget_get_width (content);
  height = gtk_widget_get_height (content);

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  g_assert_true (gtk_style_context_lookup_color (gtk_widget_get_style_context (GTK_WIDGET (f->window)),
                                                 "window_bg_color", &background));
G_GNUC_END_IGNORE_DEPRECATIONS
  gtk_snapshot_append_color (snapshot, &background, &GRAPHENE_RECT_INIT (0, 0, width, height));
  drawn = domus_test_render_widget (content, width, height);
  gtk_snapshot_append_node (snapshot, drawn);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, name));
  g_test_message ("saved %s (%d×%d)", name, width, height);
}

/* Counts the requests the host answered. */
static void
request_completed_cb (Fixture *f)
{
  f->n_requests++;
}

static DomusDomain *
domain (Fixture    *f,
        const char *name)
{
  DomusDomain *d = domus_host_lookup_domain_by_name (f->host, name);

  g_assert_nonnull (d);
  return d;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  scene_json)
{
  f->host = domus_test_sim_host_new (scene_json, &f->clock);
  g_signal_connect_swapped (f->host, "request-completed", G_CALLBACK (request_completed_cb), f);

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 960, 800);
  f->overlay = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  f->page = g_object_new (DOMUS_TYPE_DOMAIN_PAGE, NULL);
  adw_toast_overlay_set_child (f->overlay, GTK_WIDGET (f->page));
  gtk_window_set_child (f->window, GTK_WIDGET (f->overlay));
  domus_domain_page_set_host (f->page, f->host);
  f->editor = DOMUS_SCHED_EDITOR (gtk_widget_get_template_child (GTK_WIDGET (f->page),
                                                                 DOMUS_TYPE_DOMAIN_PAGE,
                                                                 "sched_editor"));
  gtk_window_present (f->window);

  domus_clock_advance (f->clock, 2 * G_USEC_PER_SEC);
  domus_test_flush (GTK_WIDGET (f->window));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (f->window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&f->host);
  g_clear_object (&f->clock);
}

static void
show (Fixture    *f,
      const char *name)
{
  domus_domain_page_set_domain (f->page, domain (f, name));
  domus_test_flush (GTK_WIDGET (f->window));
  f->n_requests = 0;
}

static gpointer
page_child (Fixture    *f,
            const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (f->page), DOMUS_TYPE_DOMAIN_PAGE, name);
}

static gpointer
editor_child (Fixture    *f,
              const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (f->editor), DOMUS_TYPE_SCHED_EDITOR, name);
}

/* The CPU% of @name averaged over the next @seconds of simulated time. */
static double
share (Fixture    *f,
       const char *name,
       guint       seconds)
{
  DomusDomain *d = domain (f, name);
  guint64 before = domus_domain_get_cpu_time (d);

  domus_clock_advance (f->clock, seconds * G_USEC_PER_SEC);
  return (domus_domain_get_cpu_time (d) - before) / (seconds * 1e7);
}

/* The CPU% of @name1 and @name2 averaged over the same @seconds. */
static void
shares (Fixture    *f,
        const char *name1,
        const char *name2,
        guint       seconds,
        double     *share1,
        double     *share2)
{
  DomusDomain *d1 = domain (f, name1);
  DomusDomain *d2 = domain (f, name2);
  guint64 before1 = domus_domain_get_cpu_time (d1);
  guint64 before2 = domus_domain_get_cpu_time (d2);

  domus_clock_advance (f->clock, seconds * G_USEC_PER_SEC);
  *share1 = (domus_domain_get_cpu_time (d1) - before1) / (seconds * 1e7);
  *share2 = (domus_domain_get_cpu_time (d2) - before2) / (seconds * 1e7);
}

static double
chart_limit (DomusChart *chart)
{
  double limit;

  g_object_get (chart, "limit", &limit, NULL);
  return limit;
}

/* The titles of the toasts on screen in @f's overlay. */
static void
collect_toasts (GtkWidget *widget,
                gboolean   in_toast,
                GString   *out)
{
  in_toast = in_toast || g_strcmp0 (gtk_widget_get_css_name (widget), "toast") == 0;
  if (in_toast && GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget)
      && gtk_label_get_label (GTK_LABEL (widget))[0] != '\0')
    g_string_append_printf (out, "%s\n", gtk_label_get_label (GTK_LABEL (widget)));

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_toasts (child, in_toast, out);
}

static char *
toasts (Fixture *f)
{
  GString *out = g_string_new (NULL);

  domus_test_flush (GTK_WIDGET (f->window));
  collect_toasts (GTK_WIDGET (f->overlay), FALSE, out);
  return g_string_free (out, FALSE);
}

static gboolean
has_toast (Fixture    *f,
           const char *message)
{
  g_autofree char *shown = toasts (f);
  g_autofree char *line = g_strdup_printf ("%s\n", message);

  return strstr (shown, line) != NULL;
}

static void
assert_toast (Fixture    *f,
              const char *message)
{
  g_autofree char *shown = toasts (f);

  g_test_message ("toasts: %s", shown);
  g_assert_true (has_toast (f, message));
}

static void
test_weight (Fixture       *f,
             gconstpointer  data)
{
  GtkSpinButton *spin = editor_child (f, "weight_spin");
  GtkRange *scale = editor_child (f, "weight_scale");
  DomusChart *cpu_chart = page_child (f, "cpu_chart");
  DomusDomain *b = domain (f, "b");
  double a_share, b_share, last = NAN;
  guint n_points = 0;

  show (f, "b");
  g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==, 256);
  g_assert_cmpfloat_with_epsilon (gtk_range_get_value (scale), 8.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (share (f, "a", 10), 50.0, 3.0);
  f->n_requests = 0;

  /* Typed and Enter: sent at once, not after the debounce. */
  gtk_spin_button_set_value (spin, 512);
  press_enter (spin);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpint (domus_domain_get_weight (b), ==, 512);
  g_assert_cmpuint (f->n_requests, ==, 1);
  /* The slider followed the spin button, on its log scale. */
  g_assert_cmpfloat_with_epsilon (gtk_range_get_value (scale), 9.0, 1e-9);

  /* Nothing twice: the debounce that Enter overtook sends nothing more. */
  domus_test_run_for (DOMUS_LIVE_SETTING_DELAY_MS + 100);
  press_enter (spin);
  domus_test_run_for (50);
  g_assert_cmpuint (f->n_requests, ==, 1);

  /* Visible in the chart within two refreshes. */
  domus_clock_advance (f->clock, 2 * G_USEC_PER_SEC);
  g_assert_true (domus_chart_get_line_stats (cpu_chart, 0, &n_points, &last));
  g_test_message ("b in the chart two refreshes after weight 512: %.1f %%", last);
  g_assert_cmpfloat (last, >, 60.0);

  /* And the shares settle where the credit model puts them. */
  shares (f, "a", "b", 20, &a_share, &b_share);
  g_test_message ("weights 256/512 over 20 s: a %.1f %%, b %.1f %%", a_share, b_share);
  g_assert_cmpfloat_with_epsilon (a_share, 100.0 / 3, 3.0);
  g_assert_cmpfloat_with_epsilon (b_share, 200.0 / 3, 3.0);
  g_assert_true (domus_chart_get_line_stats (cpu_chart, 0, &n_points, &last));
  g_assert_cmpfloat_with_epsilon (last, domus_domain_get_cpu_percent (b), 0.05);
  g_assert_cmpfloat_with_epsilon (last, 200.0 / 3, 6.0);
  /* The window of 60 s holds every sample since the start, but the first. */
  g_assert_cmpuint (n_points, >=, 30);

  /* The slider, dragged: debounced; the spin button follows. */
  f->n_requests = 0;
  gtk_range_set_value (scale, log2 (1024));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==, 1024);
  g_assert_cmpint (domus_domain_get_weight (b), ==, 512);
  DOMUS_TEST_WAIT_UNTIL (domus_domain_get_weight (b) == 1024, 3);
  g_assert_cmpuint (f->n_requests, ==, 1);

  /* The action, as a keyboard shortcut would use it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->editor), "sched.set-weight", "i", 256));
  DOMUS_TEST_WAIT_UNTIL (domus_domain_get_weight (b) == 256, 3);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==, 256);
  g_assert_cmpfloat_with_epsilon (gtk_range_get_value (scale), 8.0, 1e-9);
}

static void
test_debounce (Fixture       *f,
               gconstpointer  data)
{
  static const int weights[] = { 300, 400, 600, 700, 1000 };
  GtkSpinButton *spin = editor_child (f, "weight_spin");
  GtkRange *scale = editor_child (f, "weight_scale");
  DomusDomain *b = domain (f, "b");
  guint notified = 0;

  show (f, "b");
  g_signal_connect_swapped (b, "notify::weight", G_CALLBACK (domus_test_count_cb), &notified);

  /* Five quick moves of the slider, well within the debounce. */
  for (guint i = 0; i < G_N_ELEMENTS (weights); i++)
    {
      gtk_range_set_value (scale, log2 (weights[i]));
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==, weights[i]);
    }
  g_assert_cmpint (domus_domain_get_weight (b), ==, 256);
  g_assert_cmpuint (f->n_requests, ==, 0);

  /* One request, with the last value, once the debounce ran out: waited
   * for, since on a loaded machine it runs out late. */
  DOMUS_TEST_WAIT_UNTIL (f->n_requests > 0 && domus_domain_get_weight (b) == 1000, 3);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpuint (f->n_requests, ==, 1);

  /* The host changes the weight while the user is still moving the slider:
   * the slider is not yanked back, and the user's value wins. */
  f->n_requests = 0;
  gtk_range_set_value (scale, log2 (2000));
  {
    DomusRequest *other = domus_request_new_for_domain (DOMUS_REQUEST_SCHEDULER, b);

    other->weight = 300;
    other->cap = -1;
    domus_host_request_async (f->host, other, NULL, NULL, NULL);
  }
  DOMUS_TEST_WAIT_UNTIL (domus_domain_get_weight (b) == 300, 3);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==, 2000);
  DOMUS_TEST_WAIT_UNTIL (domus_domain_get_weight (b) == 2000, 3);
  g_assert_cmpuint (f->n_requests, ==, 2);

  /* Idle, the control shows what the host reports, whoever changed it. */
  {
    DomusRequest *other = domus_request_new_for_domain (DOMUS_REQUEST_SCHEDULER, b);

    other->weight = 128;
    other->cap = -1;
    domus_host_request_async (f->host, other, NULL, NULL, NULL);
  }
  DOMUS_TEST_WAIT_UNTIL (domus_domain_get_weight (b) == 128, 3);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==, 128);
  g_assert_cmpfloat_with_epsilon (gtk_range_get_value (scale), 7.0, 1e-9);
  domus_test_run_for (DOMUS_LIVE_SETTING_DELAY_MS + 100);
  g_assert_cmpint (domus_domain_get_weight (b), ==, 128);

  g_signal_handlers_disconnect_by_func (b, domus_test_count_cb, &notified);
}

static void
test_cap (Fixture       *f,
          gconstpointer  data)
{
  GtkSpinButton *spin = editor_child (f, "cap_spin");
  GtkRange *scale = editor_child (f, "cap_scale");
  DomusChart *cpu_chart = page_child (f, "cpu_chart");
  DomusDomain *b = domain (f, "b");
  double b_share;

  show (f, "b");
  g_assert_cmpfloat (gtk_adjustment_get_upper (gtk_range_get_adjustment (scale)), ==, 100.0);
  g_assert_true (isnan (chart_limit (cpu_chart)));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->editor), "sched.set-cap", "i", 20));
  DOMUS_TEST_WAIT_UNTIL (domus_domain_get_cap (b) == 20, 3);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==, 20);
  g_assert_cmpfloat (gtk_range_get_value (scale), ==, 20.0);
  /* The cap is a line across the CPU chart. */
  g_assert_cmpfloat (chart_limit (cpu_chart), ==, 20.0);

  domus_clock_advance (f->clock, 2 * G_USEC_PER_SEC);
  b_share = share (f, "b", 20);
  g_test_message ("cap 20 over 20 s: b %.1f %%", b_share);
  g_assert_cmpfloat_with_epsilon (b_share, 20.0, 3.0);

  domus_test_flush (GTK_WIDGET (f->window));
  domus_test_screenshot (GTK_WIDGET (f->window), "domus-controls-cap.png");

  /* The spin button, Enter: back to no cap, and no line. */
  gtk_spin_button_set_value (spin, 0);
  press_enter (spin);
  DOMUS_TEST_WAIT_UNTIL (domus_domain_get_cap (b) == 0, 3);
  g_assert_cmpfloat (gtk_range_get_value (scale), ==, 0.0);
  g_assert_true (isnan (chart_limit (cpu_chart)));
}

static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  GtkSpinButton *spin = editor_child (f, "cap_spin");
  GtkRange *scale = editor_child (f, "cap_scale");
  DomusDomain *b = domain (f, "b");

  show (f, "b");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->editor), "sched.set-cap", "i", 30));
  DOMUS_TEST_WAIT_UNTIL (domus_domain_get_cap (b) == 30, 3);

  /* Beyond what one vCPU can use: the host refuses, the control goes back
   * to the host's value, and the backend's message is shown. */
  f->n_requests = 0;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->editor), "sched.set-cap", "i", 150));
  DOMUS_TEST_WAIT_UNTIL (gtk_spin_button_get_value_as_int (spin) == 30, 3);
  g_assert_cmpfloat (gtk_range_get_value (scale), ==, 30.0);
  g_assert_cmpint (domus_domain_get_cap (b), ==, 30);
  g_assert_cmpuint (f->n_requests, ==, 0);
  assert_toast (f, "The cap of “b” must be between 0 (no cap) and 100 (its 1 vCPUs), not 150");

  /* The control is live again afterwards. */
  gtk_spin_button_set_value (spin, 40);
  press_enter (spin);
  DOMUS_TEST_WAIT_UNTIL (domus_domain_get_cap (b) == 40, 3);
}

static void
test_memory (Fixture       *f,
             gconstpointer  data)
{
  GtkRange *scale = page_child (f, "memory_scale");
  GtkLabel *label = page_child (f, "memory_label");
  DomusChart *memory_chart = page_child (f, "memory_chart");
  DomusDomain *b = domain (f, "b");
  double last = NAN;

  show (f, "b");
  g_assert_cmpfloat (gtk_adjustment_get_lower (gtk_range_get_adjustment (scale)), ==, 16.0);
  g_assert_cmpfloat (gtk_adjustment_get_upper (gtk_range_get_adjustment (scale)), ==, 2048.0);
  g_assert_cmpfloat (gtk_range_get_value (scale), ==, 1024.0);
  g_assert_cmpstr (gtk_label_get_label (label), ==, "Target 1024 MiB · now 1024 MiB");

  gtk_range_set_value (scale, 512);
  /* What is being set shows at once; the host gets it after the debounce. */
  g_assert_cmpstr (gtk_label_get_label (label), ==, "Target 512 MiB · now 1024 MiB");
  DOMUS_TEST_WAIT_UNTIL (domus_domain_get_memory_target_kib (b) == 512 * 1024, 3);
  g_assert_cmpuint (f->n_requests, ==, 1);
  g_assert_cmpuint (domus_domain_get_memory_kib (b), >, 512 * 1024);
  g_assert_cmpfloat (chart_limit (memory_chart), ==, 512.0);

  /* The balloon deflates over simulated time; the label and chart follow. */
  domus_clock_advance (f->clock, 2 * G_USEC_PER_SEC);
  g_assert_cmpuint (domus_domain_get_memory_kib (b), ==, 512 * 1024);
  g_assert_cmpstr (gtk_label_get_label (label), ==, "Target 512 MiB · now 512 MiB");
  g_assert_true (domus_chart_get_line_stats (memory_chart, 0, NULL, &last));
  g_assert_cmpfloat_with_epsilon (last, 512.0, 0.5);
  g_assert_cmpfloat (gtk_range_get_value (scale), ==, 512.0);

  /* The action: up to the maximum. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "controls.set-memory", "i", 2048));
  DOMUS_TEST_WAIT_UNTIL (domus_domain_get_memory_target_kib (b) == 2048 * 1024, 3);
  g_assert_cmpfloat (gtk_range_get_value (scale), ==, 2048.0);
  domus_clock_advance (f->clock, 10 * G_USEC_PER_SEC);
  g_assert_cmpuint (domus_domain_get_memory_kib (b), ==, 2048 * 1024);
  g_assert_cmpstr (gtk_label_get_label (label), ==, "Target 2048 MiB · now 2048 MiB");
}

static guint64
affinity_of (DomusDomain *d,
             guint        vcpu,
             guint        n_pcpus)
{
  g_autoptr(DomusVcpu) v = g_list_model_get_item (domus_domain_get_vcpus (d), vcpu);
  guint64 mask = 0;

  g_assert_true (domus_cpulist_parse (domus_vcpu_get_affinity (v), n_pcpus, &mask, NULL));
  return mask;
}

static void
test_vcpus_and_pinning (Fixture       *f,
                        gconstpointer  data)
{
  GtkSpinButton *vcpus_spin = page_child (f, "vcpus_spin");
  DomusPinGrid *grid = page_child (f, "pin_grid");
  DomusDomain *w = domain (f, "w");

  show (f, "w");
  domus_clock_advance (f->clock, 20 * G_USEC_PER_SEC);
  f->n_requests = 0;

  /* vCPUs online: 1 .. 4. */
  g_assert_cmpint (gtk_spin_button_get_value_as_int (vcpus_spin), ==, 2);
  gtk_spin_button_set_value (vcpus_spin, 3);
  press_enter (vcpus_spin);
  DOMUS_TEST_WAIT_UNTIL (domus_domain_get_vcpus_online (w) == 3, 3);
  g_assert_cmpuint (f->n_requests, ==, 1);
  domus_clock_advance (f->clock, 2 * G_USEC_PER_SEC);
  g_assert_cmpfloat_with_epsilon (share (f, "w", 10), 300.0, 3.0);

  /* The grid: 4 vCPUs × 4 pCPUs, all allowed. */
  g_assert_nonnull (domus_pin_grid_get_check (grid, 3, 3));
  g_assert_null (domus_pin_grid_get_check (grid, 4, 0));
  g_assert_null (domus_pin_grid_get_check (grid, 0, 4));
  for (guint v = 0; v < 4; v++)
    for (guint p = 0; p < 4; p++)
      g_assert_true (gtk_check_button_get_active (domus_pin_grid_get_check (grid, v, p)));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (domus_pin_grid_get_check (grid, 1, 3))),
                   ==, "vCPU 1 on pCPU 3");

  /* vCPU 0 off pCPUs 1, 2 and 3: one pin each, and the vCPU's affinity follows. */
  for (guint p = 1; p < 4; p++)
    {
      f->n_requests = 0;
      gtk_check_button_set_active (domus_pin_grid_get_check (grid, 0, p), FALSE);
      DOMUS_TEST_WAIT_UNTIL (!(affinity_of (w, 0, 4) & (1 << p)), 3);
      g_assert_cmpuint (f->n_requests, ==, 1);
    }
  g_assert_cmphex (affinity_of (w, 0, 4), ==, 0x1);
  g_assert_cmphex (affinity_of (w, 1, 4), ==, 0xf);

  /* The last pCPU of a vCPU cannot be unchecked: it stays, and a toast says why. */
  f->n_requests = 0;
  gtk_check_button_set_active (domus_pin_grid_get_check (grid, 0, 0), FALSE);
  g_assert_true (gtk_check_button_get_active (domus_pin_grid_get_check (grid, 0, 0)));
  domus_test_run_for (50);
  g_assert_cmpuint (f->n_requests, ==, 0);
  g_assert_cmphex (affinity_of (w, 0, 4), ==, 0x1);
  assert_toast (f, "vCPU 0 must be allowed to run on at least one pCPU");

  /* Pin vCPUs 1 and 2 to pCPU 0 too: three busy vCPUs share one pCPU and
   * one runs alone, so w gets two pCPUs' worth. */
  for (guint v = 1; v < 3; v++)
    for (guint p = 1; p < 4; p++)
      {
        gtk_check_button_set_active (domus_pin_grid_get_check (grid, v, p), FALSE);
        DOMUS_TEST_WAIT_UNTIL (!(affinity_of (w, v, 4) & (1 << p)), 3);
      }
  domus_clock_advance (f->clock, 2 * G_USEC_PER_SEC);
  g_assert_cmpfloat_with_epsilon (share (f, "w", 10), 100.0, 3.0);

  /* The host's report is what the grid shows. */
  {
    DomusRequest *request = domus_request_new_for_domain (DOMUS_REQUEST_PIN, w);

    request->vcpu = 3;
    request->affinity = 0x6;
    domus_host_request_async (f->host, request, NULL, NULL, NULL);
  }
  DOMUS_TEST_WAIT_UNTIL (affinity_of (w, 3, 4) == 0x6, 3);
  g_assert_false (gtk_check_button_get_active (domus_pin_grid_get_check (grid, 3, 0)));
  g_assert_true (gtk_check_button_get_active (domus_pin_grid_get_check (grid, 3, 1)));
  g_assert_true (gtk_check_button_get_active (domus_pin_grid_get_check (grid, 3, 2)));
  g_assert_false (gtk_check_button_get_active (domus_pin_grid_get_check (grid, 3, 3)));

  domus_clock_advance (f->clock, 10 * G_USEC_PER_SEC);
  domus_test_flush (GTK_WIDGET (f->window));
  domus_test_screenshot (GTK_WIDGET (f->window), "domus-controls.png");
  screenshot_page (f, "domus-controls-page.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  domus_test_flush (GTK_WIDGET (f->window));
  domus_test_screenshot (GTK_WIDGET (f->window), "domus-controls-dark.png");
  screenshot_page (f, "domus-controls-page-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

static void
destroy_domain (Fixture    *f,
                const char *name)
{
  g_autoptr(GError) error = NULL;

  domus_test_run_request (f->host, f->clock,
                          domus_request_new_for_domain (DOMUS_REQUEST_DESTROY, domain (f, name)),
                          &error);
  g_assert_no_error (error);
  g_assert_null (domus_host_lookup_domain_by_name (f->host, name));
}

static void
test_domain_gone (Fixture       *f,
                  gconstpointer  data)
{
  GtkRange *scale = editor_child (f, "weight_scale");
  GtkSpinButton *spin = editor_child (f, "weight_spin");
  GtkRange *memory_scale = page_child (f, "memory_scale");
  /* Held for the test: the domain outlives its removal from the host. */
  G_GNUC_UNUSED g_autoptr(DomusDomain) b = g_object_ref (domain (f, "b"));
  GtkWidget *weight_row = editor_child (f, "weight_row");

  show (f, "b");
  g_assert_true (gtk_widget_get_sensitive (weight_row));

  /* A change under way when the domain goes: it reaches the host, which
   * says clearly that the domain is gone. */
  gtk_range_set_value (scale, log2 (512));
  destroy_domain (f, "b");
  /* Gone by the time the debounce fired; on a slow machine it may have
   * fired while the domain was being destroyed, which is as clear. */
  DOMUS_TEST_WAIT_UNTIL (has_toast (f, "Domain “b” no longer exists") || has_toast (f, "“b” is being destroyed"),
                         3);
  /* The control shows the last value the host reported. */
  g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==, 256);

  /* The page says why nothing can be changed any more. */
  g_assert_false (gtk_widget_get_sensitive (weight_row));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (weight_row), ==, "“b” no longer exists");
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (page_child (f, "memory_row"))));

  /* Even so, a late change fails with the message, not a crash. */
  gtk_range_set_value (memory_scale, 256);
  DOMUS_TEST_WAIT_UNTIL (has_toast (f, "Domain “b” no longer exists"), 3);

  /* The window selects another domain: the page follows. */
  show (f, "a");
  g_assert_true (gtk_widget_get_sensitive (weight_row));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==, 256);
}

static void
test_switch_domain (Fixture       *f,
                    gconstpointer  data)
{
  GtkRange *scale = editor_child (f, "weight_scale");

  /* A change waiting when the page moves to another domain goes to the
   * domain it was made for, not the next one, and is not lost. */
  show (f, "b");
  gtk_range_set_value (scale, log2 (4096));
  show (f, "a");
  DOMUS_TEST_WAIT_UNTIL (domus_domain_get_weight (domain (f, "b")) == 4096, 3);
  domus_test_run_for (DOMUS_LIVE_SETTING_DELAY_MS + 100);
  g_assert_cmpint (domus_domain_get_weight (domain (f, "a")), ==, 256);
  g_assert_cmpfloat_with_epsilon (gtk_range_get_value (scale), 8.0, 1e-9);

  /* Dom0 is a domain like the others. */
  show (f, "Domain-0");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->editor), "sched.set-weight", "i", 1024));
  DOMUS_TEST_WAIT_UNTIL (domus_domain_get_weight (domain (f, "Domain-0")) == 1024, 3);
}

static void
test_many_pcpus (Fixture       *f,
                 gconstpointer  data)
{
  DomusPinGrid *grid = page_child (f, "pin_grid");
  GtkWidget *scroller;
  GtkAdjustment *hadjustment;
  GtkLabel *subtitle = editor_child (f, "weight_subtitle");

  show (f, "m");

  /* Labels follow the scheduler. */
  g_assert_nonnull (strstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (f->editor)),
                            "Credit2"));
  g_assert_nonnull (strstr (gtk_label_get_label (subtitle), "256"));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (editor_child (f, "cap_row"))));

  /* 24 pCPUs: the grid scrolls sideways within the page. */
  g_assert_nonnull (domus_pin_grid_get_check (grid, 1, 23));
  scroller = gtk_widget_get_ancestor (GTK_WIDGET (domus_pin_grid_get_check (grid, 0, 0)),
                                      GTK_TYPE_SCROLLED_WINDOW);
  g_assert_true (gtk_widget_is_ancestor (scroller, GTK_WIDGET (grid)));
  gtk_window_set_default_size (f->window, 700, 1200);
  domus_test_flush (GTK_WIDGET (f->window));
  hadjustment = gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (scroller));
  g_test_message ("pin grid: %.0f px in %.0f px", gtk_adjustment_get_upper (hadjustment),
                  gtk_adjustment_get_page_size (hadjustment));
  g_assert_cmpfloat (gtk_adjustment_get_upper (hadjustment), >, gtk_adjustment_get_page_size (hadjustment));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (grid)), <=, 700);
  screenshot_page (f, "domus-controls-many.png");
}

/* Domain-0 alone, as a host shows it at the start. */
static DomusHostSample *
dom0_sample (void)
{
  DomusHostSample *sample = domus_host_sample_new (2);

  sample->free_memory_kib = 512 * 1024;
  domus_test_sample_add_domain (sample, 0, "Domain-0", 1);
  return sample;
}

static void
test_old_xen (void)
{
  Fixture fixture = { 0 }, *f = &fixture;
  GtkWidget *cap_row;
  GtkSpinButton *spin;

  /* A credit2 host on Xen 4.9, which cannot cap, and a backend that cannot
   * change anything; the clock stands still, so it refreshes once. */
  f->clock = domus_clock_new_manual ();
  f->host = DOMUS_HOST (domus_test_host_new (f->clock, "4.9.2", 2, 1024 * 1024, DOMUS_SCHEDULER_CREDIT2));
  domus_test_host_answer_sample (DOMUS_TEST_HOST (f->host), dom0_sample ());
  _domus_host_start (f->host);

  f->window = GTK_WINDOW (gtk_window_new ());
  f->overlay = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  f->page = g_object_new (DOMUS_TYPE_DOMAIN_PAGE, "host", f->host, NULL);
  adw_toast_overlay_set_child (f->overlay, GTK_WIDGET (f->page));
  gtk_window_set_child (f->window, GTK_WIDGET (f->overlay));
  f->editor = DOMUS_SCHED_EDITOR (gtk_widget_get_template_child (GTK_WIDGET (f->page),
                                                                 DOMUS_TYPE_DOMAIN_PAGE,
                                                                 "sched_editor"));
  gtk_window_present (f->window);
  show (f, "Domain-0");

  /* What credit2 cannot do on this Xen is insensitive, and says why. */
  cap_row = editor_child (f, "cap_row");
  g_assert_false (gtk_widget_get_sensitive (cap_row));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (cap_row), ==,
                   "The credit2 scheduler enforces caps from Xen 4.10 on; this host runs Xen 4.9.2");
  /* Its action is disabled: nothing is asked of the host, nothing is told. */
  gtk_widget_activate_action (GTK_WIDGET (f->editor), "sched.set-cap", "i", 50);
  domus_test_run_for (DOMUS_LIVE_SETTING_DELAY_MS + 100);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (editor_child (f, "cap_spin")), ==, 0);
  {
    g_autofree char *shown = toasts (f);
    g_assert_cmpstr (shown, ==, "");
  }
  g_assert_true (gtk_widget_get_sensitive (editor_child (f, "weight_row")));

  /* A backend that cannot change domains: the weight goes back, and says so. */
  spin = editor_child (f, "weight_spin");
  gtk_spin_button_set_value (spin, 1000);
  press_enter (spin);
  DOMUS_TEST_WAIT_UNTIL (gtk_spin_button_get_value_as_int (spin) == 256, 3);
  assert_toast (f, "test cannot change domains");

  fixture_teardown (f, NULL);
}

static void
test_finalize (void)
{
  g_autoptr(DomusClock) clock = NULL;
  DomusHost *host = domus_test_sim_host_new (two_on_one, &clock);
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *page = g_object_new (DOMUS_TYPE_DOMAIN_PAGE, NULL);
  GtkWidget *editor = GTK_WIDGET (gtk_widget_get_template_child (page, DOMUS_TYPE_DOMAIN_PAGE,
                                                                 "sched_editor"));

  gtk_window_set_child (window, page);
  domus_domain_page_set_host (DOMUS_DOMAIN_PAGE (page), host);
  domus_clock_advance (clock, 2 * G_USEC_PER_SEC);
  domus_domain_page_set_domain (DOMUS_DOMAIN_PAGE (page), domus_host_lookup_domain_by_name (host, "b"));
  gtk_window_present (window);
  domus_test_flush (GTK_WIDGET (window));

  /* Closed while a change waits for its debounce: sent all the same, and
   * nothing is left behind. */
  gtk_range_set_value (GTK_RANGE (gtk_widget_get_template_child (editor, DOMUS_TYPE_SCHED_EDITOR,
                                                                 "weight_scale")),
                       log2 (700));
  g_assert_cmpint (domus_domain_get_weight (domus_host_lookup_domain_by_name (host, "b")), ==, 256);
  g_object_ref (window);
  gtk_window_destroy (window);
  g_assert_finalize_object (window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpint (domus_domain_get_weight (domus_host_lookup_domain_by_name (host, "b")), ==, 700);
  g_assert_finalize_object (host);
}

int
main (int   argc,
      char *argv[])
{
  domus_test_gtk_init (&argc, &argv);

#define ADD(path, scene, func) \
  g_test_add ("/domain-controls/" path, Fixture, scene, fixture_setup, func, fixture_teardown)
  ADD ("weight", two_on_one, test_weight);
  ADD ("debounce", two_on_one, test_debounce);
  ADD ("cap", two_on_one, test_cap);
  ADD ("refused", two_on_one, test_refused);
  ADD ("memory", two_on_one, test_memory);
  ADD ("vcpus-and-pinning", wide, test_vcpus_and_pinning);
  ADD ("domain-gone", two_on_one, test_domain_gone);
  ADD ("switch-domain", two_on_one, test_switch_domain);
  ADD ("many-pcpus", many, test_many_pcpus);
#undef ADD
  g_test_add_func ("/domain-controls/old-xen", test_old_xen);
  g_test_add_func ("/domain-controls/finalize", test_finalize);

  return g_test_run ();
}
