/* test-io.c: network and disk counters of a domain, their rates and history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "domus-domain-private.h"
#include "domus-io-device.h"

typedef struct
{
  DomusTimeline *timeline;
  DomusDomain   *domain;
  gint64         now_us;
} Fixture;

static DomusDomainSample *
sample_new (void)
{
  DomusDomainSample *ds = g_new0 (DomusDomainSample, 1);

  ds->id = 3;
  ds->name = g_strdup ("web");
  ds->vcpus = g_array_new (FALSE, TRUE, sizeof (DomusVcpuSample));
  return ds;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(DomusDomainSample) ds = sample_new ();

  fixture->timeline = domus_timeline_new (16);
  fixture->domain = _domus_domain_new (ds, fixture->timeline, 1024);
  fixture->now_us = 1000000;
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_assert_finalize_object (fixture->domain);
  g_assert_finalize_object (fixture->timeline);
}

/* Feeds @ds @elapsed_us after the previous sample (0: the first). */
static void
feed (Fixture           *fixture,
      DomusDomainSample *ds,
      gint64             elapsed_us)
{
  fixture->now_us += elapsed_us;
  domus_timeline_push (fixture->timeline, fixture->now_us);
  _domus_domain_update (fixture->domain, ds, elapsed_us);
}

static DomusIoDevice *
device (Fixture *fixture,
        guint    position)
{
  GListModel *devices = domus_domain_get_io_devices (fixture->domain);
  g_autoptr(DomusIoDevice) device = g_list_model_get_item (devices, position);

  g_assert_nonnull (device);
  return device;   /* the list keeps it */
}

static void
test_rates (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(DomusDomainSample) ds = sample_new ();
  DomusIoSample *vif, *vbd;
  DomusSeries *series;

  domus_domain_sample_add_io (ds, DOMUS_IO_KIND_NET, 0);
  domus_domain_sample_add_io (ds, DOMUS_IO_KIND_DISK, 51712);
  /* Adding may move the array: point into it once it is complete. */
  vif = &g_array_index (ds->io, DomusIoSample, 0);
  vbd = &g_array_index (ds->io, DomusIoSample, 1);
  vif->counters[DOMUS_IO_NET_RX_BYTES] = 1000000;
  vif->counters[DOMUS_IO_NET_TX_PACKETS] = 10;
  vbd->counters[DOMUS_IO_DISK_READ_SECTORS] = 2048;
  feed (fixture, ds, 0);

  g_assert_cmpuint (g_list_model_get_n_items (domus_domain_get_io_devices (fixture->domain)), ==, 2);
  g_assert_cmpstr (domus_io_device_get_name (device (fixture, 0)), ==, "vif0");
  g_assert_cmpstr (domus_io_device_get_name (device (fixture, 1)), ==, "xvda");
  /* The first sample has totals, no rates yet, and a gap in the history. */
  g_assert_false (domus_io_device_has_rates (device (fixture, 0)));
  g_assert_cmpuint (domus_domain_get_io_total (fixture->domain, DOMUS_IO_KIND_NET, DOMUS_IO_NET_RX_BYTES), ==,
                    1000000);
  g_assert_cmpfloat (domus_domain_get_net_rx_rate (fixture->domain), ==, 0);
  series = domus_io_device_get_series (device (fixture, 0));
  g_assert_true (isnan (domus_series_get_last (series, DOMUS_IO_DEVICE_SERIES_IN)));

  /* Two seconds later. */
  vif->counters[DOMUS_IO_NET_RX_BYTES] += 2 * 512 * 1024;
  vif->counters[DOMUS_IO_NET_TX_PACKETS] += 30;
  vbd->counters[DOMUS_IO_DISK_READ_SECTORS] += 400;
  vbd->counters[DOMUS_IO_DISK_WRITE_REQS] += 5;
  feed (fixture, ds, 2 * G_USEC_PER_SEC);

  g_assert_true (domus_io_device_has_rates (device (fixture, 0)));
  g_assert_cmpfloat_with_epsilon (domus_io_device_get_rate (device (fixture, 0), DOMUS_IO_NET_RX_BYTES),
                                  512 * 1024, 1e-6);
  g_assert_cmpfloat_with_epsilon (domus_io_device_get_rate (device (fixture, 0), DOMUS_IO_NET_TX_PACKETS),
                                  15, 1e-9);
  g_assert_cmpfloat_with_epsilon (domus_io_device_get_rate (device (fixture, 1), DOMUS_IO_DISK_READ_SECTORS),
                                  200, 1e-9);
  g_assert_cmpfloat_with_epsilon (domus_io_device_get_rate (device (fixture, 1), DOMUS_IO_DISK_WRITE_REQS),
                                  2.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (domus_domain_get_net_rx_rate (fixture->domain), 512 * 1024, 1e-6);
  g_assert_cmpfloat_with_epsilon (domus_domain_get_disk_read_rate (fixture->domain), 200 * 512, 1e-6);
  g_assert_cmpfloat_with_epsilon (domus_domain_get_io_rate (fixture->domain, DOMUS_IO_KIND_DISK,
                                                            DOMUS_IO_DISK_WRITE_REQS), 2.5, 1e-9);
  /* The history holds KiB/s, on a log scale good to 0.05 %. */
  g_assert_cmpfloat_with_epsilon (domus_series_get_last (series, DOMUS_IO_DEVICE_SERIES_IN), 512, 512 * 5e-4);
  g_assert_cmpfloat (domus_series_get_last (series, DOMUS_IO_DEVICE_SERIES_OUT), ==, 0);
  series = domus_io_device_get_series (device (fixture, 1));
  g_assert_cmpfloat_with_epsilon (domus_series_get_last (series, DOMUS_IO_DEVICE_SERIES_IN), 100, 100 * 5e-4);
}

static void
test_wrap_and_reset (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(DomusDomainSample) ds = sample_new ();
  DomusIoSample *vif = domus_domain_sample_add_io (ds, DOMUS_IO_KIND_NET, 0);

  /* A 32-bit counter about to wrap. */
  vif->counters[DOMUS_IO_NET_TX_BYTES] = G_MAXUINT32 - 99;
  feed (fixture, ds, 0);
  vif->counters[DOMUS_IO_NET_TX_BYTES] = 900;
  feed (fixture, ds, G_USEC_PER_SEC);
  g_assert_cmpfloat_with_epsilon (domus_domain_get_net_tx_rate (fixture->domain), 1000, 1e-9);

  /* A counter that went back from low: the device was re-created and
   * counts from 0 since. */
  vif->counters[DOMUS_IO_NET_TX_BYTES] = 300;
  feed (fixture, ds, G_USEC_PER_SEC);
  g_assert_cmpfloat_with_epsilon (domus_domain_get_net_tx_rate (fixture->domain), 300, 1e-9);

  /* A 64-bit counter far past 32 bits going back: also a reset. */
  vif->counters[DOMUS_IO_NET_TX_BYTES] = G_GUINT64_CONSTANT (1) << 40;
  feed (fixture, ds, G_USEC_PER_SEC);
  vif->counters[DOMUS_IO_NET_TX_BYTES] = 50;
  feed (fixture, ds, G_USEC_PER_SEC);
  g_assert_cmpfloat_with_epsilon (domus_domain_get_net_tx_rate (fixture->domain), 50, 1e-9);

  g_assert_cmpuint (domus_io_counter_delta (10, 10), ==, 0);
  g_assert_cmpuint (domus_io_counter_delta (5, G_MAXUINT32), ==, 6);
  g_assert_cmpuint (domus_io_counter_delta (5, 1000), ==, 5);
}

static void
record_changes_cb (GListModel *model,
                   guint       position,
                   guint       removed,
                   guint       added,
                   GString    *changes)
{
  g_string_append_printf (changes, "%s%u-%u+%u", changes->len > 0 ? " " : "", position, removed, added);
}

static void
test_devices_come_and_go (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(DomusDomainSample) ds = sample_new ();
  g_autoptr(DomusDomainSample) later = sample_new ();
  g_autoptr(GString) changes = g_string_new (NULL);
  GListModel *devices = domus_domain_get_io_devices (fixture->domain);
  DomusIoDevice *kept;

  domus_domain_sample_add_io (ds, DOMUS_IO_KIND_NET, 0);
  domus_domain_sample_add_io (ds, DOMUS_IO_KIND_NET, 1);
  domus_domain_sample_add_io (ds, DOMUS_IO_KIND_DISK, 51712)->counters[DOMUS_IO_DISK_WRITE_SECTORS] = 10;
  feed (fixture, ds, 0);
  kept = device (fixture, 2);

  g_signal_connect (devices, "items-changed", G_CALLBACK (record_changes_cb), changes);
  /* vif1 unplugged, xvdb plugged. */
  domus_domain_sample_add_io (later, DOMUS_IO_KIND_NET, 0);
  domus_domain_sample_add_io (later, DOMUS_IO_KIND_DISK, 51712)->counters[DOMUS_IO_DISK_WRITE_SECTORS] = 110;
  domus_domain_sample_add_io (later, DOMUS_IO_KIND_DISK, 51728)->counters[DOMUS_IO_DISK_WRITE_SECTORS] = 7;
  feed (fixture, later, G_USEC_PER_SEC);

  g_assert_cmpstr (changes->str, ==, "1-1+0 2-0+1");
  g_assert_cmpuint (g_list_model_get_n_items (devices), ==, 3);
  g_assert_true (device (fixture, 1) == kept);
  g_assert_cmpstr (domus_io_device_get_name (device (fixture, 2)), ==, "xvdb");
  g_assert_cmpuint (domus_domain_get_n_io_devices (fixture->domain, DOMUS_IO_KIND_NET), ==, 1);
  g_assert_cmpuint (domus_domain_get_n_io_devices (fixture->domain, DOMUS_IO_KIND_DISK), ==, 2);
  /* The kept disk has a rate; the new one's first sample does not count. */
  g_assert_cmpfloat_with_epsilon (domus_domain_get_disk_write_rate (fixture->domain), 100 * 512, 1e-6);
  g_assert_false (domus_io_device_has_rates (device (fixture, 2)));

  /* A sample without devices: all gone. */
  g_clear_pointer (&later->io, g_array_unref);
  feed (fixture, later, G_USEC_PER_SEC);
  g_assert_cmpstr (changes->str, ==, "1-1+0 2-0+1 0-3+0");
  g_assert_cmpfloat (domus_domain_get_disk_write_rate (fixture->domain), ==, 0);
  g_signal_handlers_disconnect_by_func (devices, record_changes_cb, changes);
}

static void
test_disk_names (void)
{
  static const struct { const char *name; guint32 id; } disks[] = {
    { "xvda", 51712 }, { "xvdb", 51728 }, { "xvdp", 51952 }, { "xvdq", (1u << 28) | (16 << 8) },
    { "xvdaa", (1u << 28) | (26 << 8) }, { "hda", 768 }, { "hdc", 5632 }, { "sda", 2048 }, { "sdb", 2064 },
  };
  guint32 id;

  for (guint i = 0; i < G_N_ELEMENTS (disks); i++)
    {
      g_autofree char *name = domus_io_device_name (DOMUS_IO_KIND_DISK, disks[i].id);

      g_assert_true (domus_io_disk_number (disks[i].name, &id));
      g_assert_cmpuint (id, ==, disks[i].id);
      g_assert_cmpstr (name, ==, disks[i].name);
    }
  for (const char * const *bad = (const char * const []) { "", "xvd", "eth0", "xvdA", "hde", "sdq", "xvda1",
                                                           "xvdaaaa", NULL };
       *bad != NULL; bad++)
    g_assert_false (domus_io_disk_number (*bad, &id));
  {
    g_autofree char *part = domus_io_device_name (DOMUS_IO_KIND_DISK, 51713);
    g_autofree char *odd = domus_io_device_name (DOMUS_IO_KIND_DISK, 12345);
    g_autofree char *vif = domus_io_device_name (DOMUS_IO_KIND_NET, 2);

    g_assert_cmpstr (part, ==, "xvda1");
    g_assert_cmpstr (odd, ==, "12345");
    g_assert_cmpstr (vif, ==, "vif2");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/io/rates", Fixture, NULL, fixture_setup, test_rates, fixture_teardown);
  g_test_add ("/io/wrap-and-reset", Fixture, NULL, fixture_setup, test_wrap_and_reset, fixture_teardown);
  g_test_add ("/io/devices-come-and-go", Fixture, NULL, fixture_setup, test_devices_come_and_go,
              fixture_teardown);
  g_test_add_func ("/io/disk-names", test_disk_names);

  return g_test_run ();
}
