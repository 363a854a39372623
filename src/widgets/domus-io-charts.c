/* domus-io-charts.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-io-charts"

#include "config.h"

#include <glib/gi18n.h>

#include "domus-chart.h"
#include "domus-io-charts.h"
#include "domus-io-device.h"

struct _DomusIoCharts
{
  AdwPreferencesGroup  parent_instance;

  DomusDomain         *domain;
  GPtrArray           *cards;    /* Card*, one per device, in the domain's order */
};

typedef struct
{
  DomusIoCharts *self;
  DomusIoDevice *device;
  GtkWidget     *box;       /* heading, caption and chart; a child of the group */
  GtkLabel      *caption;
  DomusChart    *chart;
  gulong         sample_id;
} Card;

G_DEFINE_FINAL_TYPE (DomusIoCharts, domus_io_charts, ADW_TYPE_PREFERENCES_GROUP)

static void
card_free (gpointer data)
{
  Card *card = data;

  g_clear_signal_handler (&card->sample_id, domus_io_device_get_series (card->device));
  domus_chart_set_series (card->chart, NULL);
  adw_preferences_group_remove (ADW_PREFERENCES_GROUP (card->self), card->box);
  g_object_unref (card->device);
  g_free (card);
}

/* The figures the chart does not draw, as rates a second. */
static void
card_update_caption (Card *card)
{
  DomusIoDevice *d = card->device;
  g_autofree char *text = NULL;

  if (!domus_io_device_has_rates (d))
    text = g_strdup ("");
  else if (domus_io_device_get_kind (d) == DOMUS_IO_KIND_NET)
    /* TRANSLATORS: a network interface's packets a second received and sent, then
     * packets dropped and in error a second, both ways together */
    text = g_strdup_printf (_("Packets: %.0f in, %.0f out a second · drops %.1f/s · errors %.1f/s"),
                            domus_io_device_get_rate (d, DOMUS_IO_NET_RX_PACKETS),
                            domus_io_device_get_rate (d, DOMUS_IO_NET_TX_PACKETS),
                            domus_io_device_get_rate (d, DOMUS_IO_NET_RX_DROPS)
                            + domus_io_device_get_rate (d, DOMUS_IO_NET_TX_DROPS),
                            domus_io_device_get_rate (d, DOMUS_IO_NET_RX_ERRORS)
                            + domus_io_device_get_rate (d, DOMUS_IO_NET_TX_ERRORS));
  else
    /* TRANSLATORS: a disk's read and write requests a second, then how often a
     * second it ran out of requests (xentop's VBD_OO) */
    text = g_strdup_printf (_("Requests: %.1f reads, %.1f writes a second · out of requests %.1f/s"),
                            domus_io_device_get_rate (d, DOMUS_IO_DISK_READ_REQS),
                            domus_io_device_get_rate (d, DOMUS_IO_DISK_WRITE_REQS),
                            domus_io_device_get_rate (d, DOMUS_IO_DISK_OO_REQS));
  gtk_label_set_label (card->caption, text);
}

static Card *
card_new (DomusIoCharts *self,
          DomusIoDevice *device)
{
  Card *card = g_new0 (Card, 1);
  gboolean net = domus_io_device_get_kind (device) == DOMUS_IO_KIND_NET;
  g_autofree char *heading = NULL;
  GtkWidget *label;

  card->self = self;
  card->device = g_object_ref (device);
  card->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_set_margin_bottom (card->box, 12);

  heading = net
            /* TRANSLATORS: a chart's title, %s is a network interface: "vif0 — Network" */
            ? g_strdup_printf (_("%s — Network"), domus_io_device_get_name (device))
            /* TRANSLATORS: a chart's title, %s is a disk: "xvda — Disk" */
            : g_strdup_printf (_("%s — Disk"), domus_io_device_get_name (device));
  label = gtk_label_new (heading);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (card->box), label);

  card->caption = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (card->caption, 0.0);
  gtk_label_set_wrap (card->caption, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (card->caption), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (card->caption), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (card->caption), "numeric");
  gtk_box_append (GTK_BOX (card->box), GTK_WIDGET (card->caption));

  card->chart = domus_chart_new ();
  g_object_set (card->chart, "unit", C_("unit", "KiB/s"), "height-request", 140, NULL);
  gtk_widget_add_css_class (GTK_WIDGET (card->chart), "card");
  gtk_widget_set_margin_top (GTK_WIDGET (card->chart), 4);
  domus_chart_add_line (card->chart, DOMUS_IO_DEVICE_SERIES_IN,
                        /* TRANSLATORS: chart lines of a network interface */
                        net ? C_("network", "Received") : C_("disk", "Read"), NULL);
  domus_chart_add_line (card->chart, DOMUS_IO_DEVICE_SERIES_OUT,
                        net ? C_("network", "Sent") : C_("disk", "Written"), NULL);
  domus_chart_set_line_fill (card->chart, 0, TRUE);
  domus_chart_set_series (card->chart, domus_io_device_get_series (device));
  gtk_box_append (GTK_BOX (card->box), GTK_WIDGET (card->chart));

  card->sample_id = g_signal_connect_swapped (domus_io_device_get_series (device), "sample-added",
                                              G_CALLBACK (card_update_caption), card);
  card_update_caption (card);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), card->box);
  return card;
}

/* Devices come and go rarely (a hotplug): rebuilds the cards, keeping
 * those of devices still there. */
static void
rebuild (DomusIoCharts *self)
{
  GListModel *devices = self->domain != NULL ? domus_domain_get_io_devices (self->domain) : NULL;
  guint n = devices != NULL ? g_list_model_get_n_items (devices) : 0;
  g_autoptr(GPtrArray) old = g_steal_pointer (&self->cards);

  self->cards = g_ptr_array_new_with_free_func (card_free);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DomusIoDevice) device = g_list_model_get_item (devices, i);
      Card *card = NULL;

      for (guint j = 0; j < old->len && card == NULL; j++)
        if (((Card *) g_ptr_array_index (old, j))->device == device)
          card = g_ptr_array_steal_index (old, j);
      if (card == NULL)
        card = card_new (self, device);
      else
        {
          /* Moved to the end, so that the group shows the domain's order. */
          g_object_ref (card->box);
          adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), card->box);
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), card->box);
          g_object_unref (card->box);
        }
      g_ptr_array_add (self->cards, card);
    }
  gtk_widget_set_visible (GTK_WIDGET (self), n > 0);
}

static void
devices_changed_cb (DomusIoCharts *self)
{
  rebuild (self);
}

void
domus_io_charts_set_domain (DomusIoCharts *self,
                            DomusDomain   *domain)
{
  g_return_if_fail (DOMUS_IS_IO_CHARTS (self));
  g_return_if_fail (domain == NULL || DOMUS_IS_DOMAIN (domain));

  if (self->domain == domain)
    return;
  if (self->domain != NULL)
    g_signal_handlers_disconnect_by_func (domus_domain_get_io_devices (self->domain), devices_changed_cb, self);
  g_set_object (&self->domain, domain);
  /* Another domain's devices: none kept. */
  g_ptr_array_set_size (self->cards, 0);
  if (domain != NULL)
    g_signal_connect_object (domus_domain_get_io_devices (domain), "items-changed",
                             G_CALLBACK (devices_changed_cb), self, G_CONNECT_SWAPPED);
  rebuild (self);
}

GtkWidget *
domus_io_charts_get_chart (DomusIoCharts *self,
                           guint          position)
{
  g_return_val_if_fail (DOMUS_IS_IO_CHARTS (self), NULL);

  if (position >= self->cards->len)
    return NULL;
  return GTK_WIDGET (((Card *) g_ptr_array_index (self->cards, position))->chart);
}

static void
domus_io_charts_dispose (GObject *object)
{
  DomusIoCharts *self = DOMUS_IO_CHARTS (object);

  if (self->domain != NULL)
    g_signal_handlers_disconnect_by_func (domus_domain_get_io_devices (self->domain), devices_changed_cb, self);
  g_clear_pointer (&self->cards, g_ptr_array_unref);
  g_clear_object (&self->domain);

  G_OBJECT_CLASS (domus_io_charts_parent_class)->dispose (object);
}

static void
domus_io_charts_class_init (DomusIoChartsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = domus_io_charts_dispose;
}

static void
domus_io_charts_init (DomusIoCharts *self)
{
  self->cards = g_ptr_array_new_with_free_func (card_free);
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), _("Network and Disks"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self),
                                         _("Throughput of each virtual network interface and disk, as xentop shows them"));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}
