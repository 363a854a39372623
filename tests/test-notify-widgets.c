/* test-notify-widgets.c: the widgets notify once per change, and never for nothing
 *
 * Every EXPLICIT_NOTIFY property of the widgets and of DomusQosRow, changed
 * the way it changes in the application, from tables (domus-test-notify.h):
 * notified once to a new value, not at all to the value it has. The bench
 * page's "running" is checked in test-bench-page, which runs benchmarks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "domus-bench-chart.h"
#include "domus-chart.h"
#include "domus-console-view.h"
#include "domus-domain-page.h"
#include "domus-qos-row.h"
#include "domus-screen-view.h"
#include "domus-test-host.h"
#include "domus-test-notify.h"
#include "domus-test-utils.h"
#include "domus-vnc-view.h"

/* A widget of its own, and what its properties take. */
typedef struct
{
  GtkWidget       *widget;
  GObject         *values[2];   /* of its object property */
  DomusTestDomain  domains[2];
  DomusClock      *clocks[2];
  DomusHost       *hosts[2];
} Fixture;

static Fixture *
widget_setup (GtkWidget  *widget,
              GObject   **object)
{
  Fixture *f = g_new0 (Fixture, 1);

  f->widget = g_object_ref_sink (widget);
  *object = G_OBJECT (f->widget);
  return f;
}

static void
fixture_free (gpointer data)
{
  Fixture *f = data;

  g_clear_object (&f->widget);
  for (guint i = 0; i < 2; i++)
    {
      g_clear_object (&f->values[i]);
      domus_test_domain_clear (&f->domains[i]);
      g_clear_object (&f->hosts[i]);
      g_clear_object (&f->clocks[i]);
    }
  g_free (f);
}

/* Domain @i of @f, "dom@i": with a text console at @console_path and a VNC
 * server at @vnc_address (each may be NULL). */
static void
fixture_add_domain (Fixture    *f,
                    guint       i,
                    const char *console_path,
                    const char *vnc_address)
{
  g_autofree char *name = g_strdup_printf ("dom%u", i);
  DomusTestDomain *d = &f->domains[i];

  domus_test_domain_init (d, i + 1, name, 1);
  d->ds->console_path = g_strdup (console_path);
  d->ds->vnc_address = g_strdup (vnc_address);
  domus_test_domain_update (d, FALSE);
}

/* The object property of the row gets value @n of the fixture. */
static void
set_object (gpointer    data,
            GObject    *object,
            const char *property,
            guint       n)
{
  Fixture *f = data;

  g_object_set (object, property, f->values[n], NULL);
}

static gpointer
chart_setup (GObject **object)
{
  g_autoptr(DomusTimeline) timeline = domus_timeline_new (16);
  Fixture *f = widget_setup (GTK_WIDGET (domus_chart_new ()), object);

  for (guint i = 0; i < 2; i++)
    f->values[i] = G_OBJECT (domus_series_new (timeline, 1));
  return f;
}

static const DomusTestNotifyRow chart_rows[] = {
  { "series", set_object },
  { "unit", domus_test_notify_set_value },
  { "y-max", domus_test_notify_set_value },
  { "y-min-max", domus_test_notify_set_value },
  { "window", domus_test_notify_set_value },
  { "show-legend", domus_test_notify_set_value },
  { "show-axes", domus_test_notify_set_value },
  { "limit", domus_test_notify_set_value },
  { "limit-label", domus_test_notify_set_value },
  { "stacked", domus_test_notify_set_value },
};

static gpointer
bench_chart_setup (GObject **object)
{
  return widget_setup (domus_bench_chart_new (), object);
}

static const DomusTestNotifyRow bench_chart_rows[] = {
  { "box-plot", domus_test_notify_set_value },
};

static gpointer
vnc_view_setup (GObject **object)
{
  Fixture *f = widget_setup (domus_vnc_view_new (), object);

  /* Not connected: the view only holds them. */
  for (guint i = 0; i < 2; i++)
    f->values[i] = G_OBJECT (domus_vnc_session_new ("127.0.0.1", 5900 + i));
  return f;
}

static const DomusTestNotifyRow vnc_view_rows[] = {
  { "session", set_object },
  { "scale-to-fit", domus_test_notify_set_value },
};

/* Two domains: one without a console, one whose console cannot be
 * opened, on a host that opens consoles (never started: it only opens
 * them). */
static gpointer
console_view_setup (GObject **object)
{
  Fixture *f = widget_setup (domus_console_view_new (), object);

  f->clocks[0] = domus_clock_new_manual ();
  f->hosts[0] = DOMUS_HOST (domus_test_host_new (f->clocks[0], "4.17", 1, 1048576, DOMUS_SCHEDULER_CREDIT));

  fixture_add_domain (f, 0, NULL, NULL);
  fixture_add_domain (f, 1, "/dev/pts/4000000000", NULL);
  return f;
}

/* Shows domain @n: "domain" follows, and "state" goes from none to error. */
static void
set_console_target (gpointer    data,
                    GObject    *object,
                    const char *property,
                    guint       n)
{
  Fixture *f = data;

  domus_console_view_set_target (DOMUS_CONSOLE_VIEW (object), f->hosts[0], f->domains[n].domain);
}

static const DomusTestNotifyRow console_view_rows[] = {
  { "domain", set_console_target },
  { "state", set_console_target },
};

/* A domain whose VNC address is not one. */
static gpointer
screen_view_setup (GObject **object)
{
  Fixture *f = widget_setup (domus_screen_view_new (), object);

  fixture_add_domain (f, 0, NULL, "[:5900");
  return f;
}

/* The error page for the malformed address, then nothing to show (no
 * domain), twice. */
static void
set_screen_target (gpointer    data,
                   GObject    *object,
                   const char *property,
                   guint       n)
{
  Fixture *f = data;

  domus_screen_view_set_target (DOMUS_SCREEN_VIEW (object), NULL, n == 0 ? f->domains[0].domain : NULL);
}

static const DomusTestNotifyRow screen_view_rows[] = {
  { "state", set_screen_target },
};

static void
test_widgets (void)
{
  const DomusTestNotifyTable tables[] = {
    { domus_chart_get_type, chart_setup, fixture_free, chart_rows, G_N_ELEMENTS (chart_rows), NULL },
    { domus_bench_chart_get_type, bench_chart_setup, fixture_free,
      bench_chart_rows, G_N_ELEMENTS (bench_chart_rows), NULL },
    { domus_vnc_view_get_type, vnc_view_setup, fixture_free, vnc_view_rows, G_N_ELEMENTS (vnc_view_rows), NULL },
    { domus_console_view_get_type, console_view_setup, fixture_free,
      console_view_rows, G_N_ELEMENTS (console_view_rows), NULL },
    { domus_screen_view_get_type, screen_view_setup, fixture_free,
      screen_view_rows, G_N_ELEMENTS (screen_view_rows), NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    domus_test_assert_notify (&tables[i]);
}

/* A page on the lab scene, and another host. */
static gpointer
domain_page_setup (GObject **object)
{
  Fixture *f = widget_setup (g_object_new (DOMUS_TYPE_DOMAIN_PAGE, NULL), object);

  for (guint i = 0; i < 2; i++)
    f->hosts[i] = domus_test_sim_host_new (NULL, &f->clocks[i]);
  f->values[0] = g_object_ref (G_OBJECT (domus_host_lookup_domain_by_name (f->hosts[0], "debian10")));
  f->values[1] = g_object_ref (G_OBJECT (domus_host_lookup_domain_by_name (f->hosts[0], "clone1")));
  domus_domain_page_set_host (DOMUS_DOMAIN_PAGE (f->widget), f->hosts[0]);
  return f;
}

static void
set_page_host (gpointer    data,
               GObject    *object,
               const char *property,
               guint       n)
{
  Fixture *f = data;

  g_object_set (object, property, f->hosts[n], NULL);
}

static const DomusTestNotifyRow domain_page_rows[] = {
  { "domain", set_object },
  { "host", set_page_host },
};

static void
test_domain_page (void)
{
  const DomusTestNotifyTable table = {
    domus_domain_page_get_type, domain_page_setup, fixture_free,
    domain_page_rows, G_N_ELEMENTS (domain_page_rows), NULL
  };

  domus_test_assert_notify (&table);
}

/* A row of the QoS page, for a domain made from a sample the test changes. */
typedef struct
{
  DomusTestDomain  d;
  DomusQosRow     *row;
  guint            n_syncs;
} Qos;

static gpointer
qos_setup (GObject **object)
{
  Qos *f = g_new0 (Qos, 1);

  domus_test_domain_init (&f->d, 3, "web", 2);
  f->row = domus_qos_row_new (f->d.domain);
  *object = G_OBJECT (f->row);
  return f;
}

static void
qos_free (gpointer data)
{
  Qos *f = data;

  g_clear_object (&f->row);
  domus_test_domain_clear (&f->d);
  g_free (f);
}

/* A setting of the domain, as the host reports it, and the row synced. */
static void
set_qos_setting (gpointer    data,
                 GObject    *object,
                 const char *property,
                 guint       n)
{
  Qos *f = data;

  if (g_str_equal (property, "weight"))
    f->d.ds->weight = 256 << n;
  else if (g_str_equal (property, "cap"))
    f->d.ds->cap = 50 * n;
  else if (g_str_equal (property, "vcpus"))
    f->d.ds->vcpus_online = 2 - n;
  else if (g_str_equal (property, "affinity"))
    for (guint v = 0; v < 2; v++)
      g_array_index (f->d.ds->vcpus, DomusVcpuSample, v).affinity = g_intern_static_string (n ? "1" : "all");
  else
    g_assert_not_reached ();
  domus_test_domain_update (&f->d, FALSE);
  domus_qos_row_sync (f->row, 10, 10);
}

/* New shares: the prediction or the measure moves, the other stays. */
static void
set_qos_share (gpointer    data,
               GObject    *object,
               const char *property,
               guint       n)
{
  Qos *f = data;
  double share = 10 + 10 * n;

  if (g_str_equal (property, "predicted"))
    domus_qos_row_sync (f->row, share, 10);
  else
    domus_qos_row_sync (f->row, 10, share);
}

/* The pool the page says the domain runs in. */
static void
set_qos_pool (gpointer    data,
              GObject    *object,
              const char *property,
              guint       n)
{
  Qos *f = data;

  domus_qos_row_set_pool (f->row, n ? "p1" : "Pool-0");
}

/* Both shares move at every sync, the difference only with @n. */
static void
set_qos_difference (gpointer    data,
                    GObject    *object,
                    const char *property,
                    guint       n)
{
  Qos *f = data;
  double predicted = 10 * ++f->n_syncs;

  domus_qos_row_sync (f->row, predicted, predicted + 5 + 5 * n);
}

static const DomusTestNotifyRow qos_rows[] = {
  { "weight", set_qos_setting },
  { "cap", set_qos_setting },
  { "vcpus", set_qos_setting },
  { "pool", set_qos_pool },
  { "affinity", set_qos_setting },
  { "predicted", set_qos_share },
  { "measured", set_qos_share },
  { "difference", set_qos_difference },
};

static const char * const qos_fixed[] = { "domain", NULL };

static void
test_qos_row (void)
{
  const DomusTestNotifyTable table = {
    domus_qos_row_get_type, qos_setup, qos_free, qos_rows, G_N_ELEMENTS (qos_rows), qos_fixed
  };

  domus_test_assert_notify (&table);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/notify-widgets/widgets", test_widgets);
  g_test_add_func ("/notify-widgets/domain-page", test_domain_page);
  g_test_add_func ("/notify-widgets/qos-row", test_qos_row);

  return g_test_run ();
}
