/* test-remote-sample.c: a host's sample on the wire between domus-agent
 * and DomusRemoteHost
 *
 * The wire form of a sample on its own: a change from the last one sent
 * (CPU times packed, records only for what changed, the domains' devices),
 * decoded back to the same sample, and what is not a sample, or is one
 * that lies (times going back, counts too large, bytes cut short), refused
 * with a message.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "domus-error.h"
#include "domus-host-sample.h"
#include "domus-io-device.h"
#include "remote/domus-remote-sample.h"

/* @change with its child @index replaced by the byte string @bytes of
 * @size: a change an agent might send. */
static GVariant *
with_bytes (GVariant     *change,
            gsize         index,
            const guint8 *bytes,
            gsize         size)
{
  GVariant *children[6];
  GVariant *result;

  for (gsize i = 0; i < G_N_ELEMENTS (children); i++)
    children[i] = i == index ? g_variant_ref_sink (g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, bytes, size, 1))
                             : g_variant_get_child_value (change, i);
  result = g_variant_ref_sink (g_variant_new_tuple (children, G_N_ELEMENTS (children)));
  for (gsize i = 0; i < G_N_ELEMENTS (children); i++)
    g_variant_unref (children[i]);
  return result;
}

/* @change, whose child @index is a byte string, refused as a sample. */
static void
assert_refused (const DomusHostSample *previous,
                GVariant              *change)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (domus_remote_sample_decode (previous, change, 2, &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE);
}

/* What is not a change of CPU times refused: cut short, a byte too many,
 * ids not rising, a vCPU's state or pCPU not one, a number past 64 bits. */
static void
check_hostile_times (const DomusHostSample *previous,
                     GVariant              *change)
{
  g_autoptr(GVariant) times = g_variant_get_child_value (change, 4);
  g_autoptr(GVariant) pcpus = g_variant_get_child_value (change, 2);
  gsize size, n_pcpus;
  const guint8 *bytes = g_variant_get_fixed_array (times, &size, 1);
  const guint8 *busy = g_variant_get_fixed_array (pcpus, &n_pcpus, 1);
  g_autofree guint8 *more = g_malloc0 (MAX (size, n_pcpus) + 1);
  /* Domain 0 running, no change, vCPUs on pCPU 0: blocked, then state 7. */
  const guint8 bad_state[] = { 0, 0, 0, 2, 0, 7, 0 };
  /* Domain 0 in state 9, no change, vCPUs blocked on pCPU 0. */
  const guint8 bad_domain_state[] = { 0, 9, 0, 2, 0, 2, 0 };
  /* Domain 0 running, no change, vCPU 0 on pCPU 2 of 2. */
  const guint8 bad_pcpu[] = { 0, 0, 0, (2 << 3) | 2, 0, 2, 0 };
  /* Domain 1, then domain 1 again (a step of 0). */
  const guint8 not_rising[] = { 1, 0, 0, 2, 0, 2, 0, 0, 0, 0, 2, 0, 2, 0 };
  /* Domain 0 running, a change of eleven bytes. */
  const guint8 too_long[] = { 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01 };
  const struct { gsize index; const guint8 *bytes; gsize size; } cases[] = {
    { 4, bytes, size - 1 },
    { 4, more, size + 1 },
    { 2, busy, n_pcpus - 1 },
    { 2, more, n_pcpus + 1 },
    { 4, bad_state, sizeof bad_state },
    { 4, bad_domain_state, sizeof bad_domain_state },
    { 4, bad_pcpu, sizeof bad_pcpu },
    { 4, not_rising, sizeof not_rising },
    { 4, too_long, sizeof too_long },
  };

  memcpy (more, bytes, size);
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GVariant) hostile = NULL;

      if (cases[i].bytes == more)
        memcpy (more, cases[i].index == 4 ? bytes : busy, cases[i].size - 1);
      hostile = with_bytes (change, cases[i].index, cases[i].bytes, cases[i].size);
      assert_refused (previous, hostile);
    }
}

/* The wire form on its own: a change from the last sample, read back as
 * the whole sample, and what is not a sample refused. */
static void
test_wire (void)
{
  g_autoptr(DomusHostSample) first = domus_host_sample_new (2);
  g_autoptr(DomusHostSample) second = NULL;
  g_autoptr(DomusHostSample) decoded_first = NULL;
  g_autoptr(DomusHostSample) decoded_second = NULL;
  g_autoptr(GVariant) whole = NULL, change = NULL, hostile = NULL;
  g_autoptr(GVariant) full_list = NULL, times_list = NULL, gone_list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *whole_text = NULL, *again_text = NULL;

  for (guint d = 0; d < 100; d++)
    {
      DomusDomainSample *domain = domus_host_sample_add_domain (first, 2);

      domain->id = d;
      domain->uuid = g_strdup_printf ("00000000-0000-0000-0000-%012u", d);
      domain->name = g_strdup_printf ("guest%u", d);
      domain->vcpus_online = 2;
      domain->memory_kib = domain->memory_max_kib = domain->memory_target_kib = 262144;
      domain->weight = 256;
      domain->cap = 0;
      for (guint v = 0; v < 2; v++)
        g_array_index (domain->vcpus, DomusVcpuSample, v).affinity = g_intern_static_string ("all");
    }
  first->time_us = 1000000;

  whole = g_variant_ref_sink (domus_remote_sample_encode (NULL, first));
  decoded_first = domus_remote_sample_decode (NULL, whole, 2, &error);
  g_assert_no_error (error);
  /* Read back, it is the same sample: encoded again, the same bytes. */
  whole_text = g_variant_print (whole, FALSE);
  g_clear_pointer (&whole, g_variant_unref);
  whole = g_variant_ref_sink (domus_remote_sample_encode (NULL, decoded_first));
  again_text = g_variant_print (whole, FALSE);
  g_assert_cmpstr (again_text, ==, whole_text);

  /* A second later only CPU times moved, and one domain went: that is all
   * the change says, in a few kilobytes. */
  second = domus_host_sample_copy (first);
  second->time_us += 1000000;
  for (guint d = 0; d < second->domains->len; d++)
    {
      DomusDomainSample *domain = g_ptr_array_index (second->domains, d);

      domain->cpu_time_ns += 500000000;
      g_array_index (domain->vcpus, DomusVcpuSample, 0).time_ns += 500000000;
    }
  g_ptr_array_remove_index (second->domains, 50);
  change = g_variant_ref_sink (domus_remote_sample_encode (first, second));
  full_list = g_variant_get_child_value (change, 3);
  times_list = g_variant_get_child_value (change, 4);
  gone_list = g_variant_get_child_value (change, 5);
  g_assert_cmpuint (g_variant_n_children (full_list), ==, 0);
  g_assert_cmpuint (g_variant_n_children (gone_list), ==, 1);
  g_test_message ("a change of 99 domains' CPU times: %" G_GSIZE_FORMAT " bytes; the whole sample: %" G_GSIZE_FORMAT,
                  g_variant_get_size (change), g_variant_get_size (whole));
  /* Packed: a byte for the id, a few for each change and vCPU. */
  g_assert_cmpuint (g_variant_get_size (times_list), <=, 99 * 16);
  g_assert_cmpuint (g_variant_get_size (change), <, g_variant_get_size (whole) / 10);
  decoded_second = domus_remote_sample_decode (decoded_first, change, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (decoded_second->domains->len, ==, 99);
  g_assert_cmpuint (((DomusDomainSample *) g_ptr_array_index (decoded_second->domains, 50))->id, ==, 51);
  /* Read back, the change is the whole second sample, every domain's. */
  for (guint d = 0; d < 99; d++)
    {
      DomusDomainSample *domain = g_ptr_array_index (decoded_second->domains, d);

      g_assert_cmpuint (domain->cpu_time_ns, ==, 500000000);
      g_assert_cmpuint (g_array_index (domain->vcpus, DomusVcpuSample, 0).time_ns, ==, 500000000);
      g_assert_cmpuint (g_array_index (domain->vcpus, DomusVcpuSample, 1).time_ns, ==, 0);
    }
  g_clear_pointer (&whole, g_variant_unref);
  whole = g_variant_ref_sink (domus_remote_sample_encode (NULL, decoded_second));
  g_clear_pointer (&again_text, g_free);
  again_text = g_variant_print (whole, FALSE);
  g_clear_pointer (&whole, g_variant_unref);
  whole = g_variant_ref_sink (domus_remote_sample_encode (NULL, second));
  g_clear_pointer (&whole_text, g_free);
  whole_text = g_variant_print (whole, FALSE);
  g_assert_cmpstr (again_text, ==, whole_text);
  /* Onto the first in place (the remote host's way): the same sample. */
  {
    g_autoptr(DomusHostSample) onto = domus_host_sample_copy (decoded_first);
    g_autofree char *onto_text = NULL;

    g_assert_true (domus_remote_sample_decode_onto (onto, change, NULL, &error));
    g_assert_no_error (error);
    g_clear_pointer (&whole, g_variant_unref);
    whole = g_variant_ref_sink (domus_remote_sample_encode (NULL, onto));
    onto_text = g_variant_print (whole, FALSE);
    g_assert_cmpstr (onto_text, ==, whole_text);
  }
  check_hostile_times (decoded_first, change);

  /* Not a sample: the wrong type, a pCPU past the host's, a change to a
   * domain that is not there. */
  hostile = g_variant_ref_sink (g_variant_new ("(s)", "hello"));
  g_assert_null (domus_remote_sample_decode (NULL, hostile, 2, &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE);
  g_clear_error (&error);
  g_assert_null (domus_remote_sample_decode (NULL, whole, 1, &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE);
  g_clear_error (&error);
  g_assert_null (domus_remote_sample_decode (NULL, change, 2, &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE);
  g_test_message ("%s", error->message);
}

static void
assert_same_sample_io (const DomusHostSample *a,
                       const DomusHostSample *b)
{
  g_assert_cmpuint (a->domains->len, ==, b->domains->len);
  for (guint d = 0; d < a->domains->len; d++)
    {
      const DomusDomainSample *da = g_ptr_array_index (a->domains, d);
      const DomusDomainSample *db = g_ptr_array_index (b->domains, d);
      guint n = da->io != NULL ? da->io->len : 0;

      g_assert_cmpuint (db->io != NULL ? db->io->len : 0, ==, n);
      if (n > 0)
        g_assert_cmpmem (da->io->data, n * sizeof (DomusIoSample), db->io->data, n * sizeof (DomusIoSample));
    }
}

/* @bytes as the I/O of a change from @previous: refused. */
static void
assert_io_refused (const DomusHostSample *previous,
                   GVariant              *change,
                   const guint8          *bytes,
                   gsize                  size)
{
  g_autoptr(GVariant) io = g_variant_ref_sink (g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, bytes, size, 1));
  g_autoptr(GError) error = NULL;

  g_assert_null (domus_remote_sample_decode_io (previous, change, io, 2, &error));
  g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE);
  g_test_message ("%s", error->message);
}

/* The I/O of RefreshIo: devices and counters read back whole, then as
 * changes (a device gone, one new, counters moved and reset), and what is
 * not I/O refused. */
static void
test_wire_io (void)
{
  g_autoptr(DomusHostSample) first = domus_host_sample_new (2);
  g_autoptr(DomusHostSample) second = NULL, decoded_first = NULL, decoded_second = NULL;
  g_autoptr(GVariant) whole = NULL, io = NULL, change = NULL, io_change = NULL;
  g_autoptr(GError) error = NULL;
  DomusDomainSample *domain;
  DomusIoSample *device;

  for (guint d = 0; d < 3; d++)
    {
      domain = domus_host_sample_add_domain (first, 1);
      domain->id = d * 5;
      domain->uuid = g_strdup_printf ("00000000-0000-0000-0000-%012u", d);
      domain->name = g_strdup_printf ("guest%u", d);
      g_array_index (domain->vcpus, DomusVcpuSample, 0).affinity = g_intern_static_string ("all");
      if (d == 0)
        continue;
      device = domus_domain_sample_add_io (domain, DOMUS_IO_KIND_NET, 0);
      for (guint c = 0; c < DOMUS_IO_N_NET_COUNTERS; c++)
        device->counters[c] = (c + 1) * 1000 * d;
      device = domus_domain_sample_add_io (domain, DOMUS_IO_KIND_DISK, 51712);
      device->counters[DOMUS_IO_DISK_WRITE_SECTORS] = G_MAXUINT64 - d;
    }
  whole = g_variant_ref_sink (domus_remote_sample_encode (NULL, first));
  io = g_variant_ref_sink (domus_remote_sample_encode_io (NULL, first));
  decoded_first = domus_remote_sample_decode_io (NULL, whole, io, 2, &error);
  g_assert_no_error (error);
  assert_same_sample_io (first, decoded_first);

  /* Domain 5's disk gone and counters moved; domain 10's vif reset to low
   * counters and a new vbd; domain 0 unchanged, and not sent. */
  second = domus_host_sample_copy (first);
  domain = g_ptr_array_index (second->domains, 1);
  g_array_remove_index (domain->io, 1);
  g_array_index (domain->io, DomusIoSample, 0).counters[DOMUS_IO_NET_RX_BYTES] += 12345;
  domain = g_ptr_array_index (second->domains, 2);
  g_array_index (domain->io, DomusIoSample, 0).counters[DOMUS_IO_NET_TX_BYTES] = 7;
  domus_domain_sample_add_io (domain, DOMUS_IO_KIND_DISK, 51728)->counters[DOMUS_IO_DISK_OO_REQS] = 3;
  change = g_variant_ref_sink (domus_remote_sample_encode (first, second));
  io_change = g_variant_ref_sink (domus_remote_sample_encode_io (first, second));
  g_test_message ("an I/O change of two domains: %" G_GSIZE_FORMAT " bytes", g_variant_get_size (io_change));
  g_assert_cmpuint (g_variant_get_size (io_change), <, 64);
  decoded_second = domus_remote_sample_decode_io (decoded_first, change, io_change, 2, &error);
  g_assert_no_error (error);
  assert_same_sample_io (second, decoded_second);
  /* Without I/O (an agent of ProtocolVersion 3), the domains keep theirs. */
  {
    g_autoptr(DomusHostSample) kept = domus_remote_sample_decode (decoded_first, change, 2, &error);

    g_assert_no_error (error);
    assert_same_sample_io (first, kept);
  }

  {
    /* Domain 3 is not there. */
    const guint8 absent[] = { 3, 0 };
    /* Domain 5, then domain 5 again. */
    const guint8 not_rising[] = { 5, 0, 0, 0 };
    /* Domain 5 with a vif of 8 counters cut short. */
    const guint8 cut[] = { 5, 1, 0, 0, 0 };
    /* Domain 5 with vif 1 before vif 0. */
    const guint8 disorder[] = { 5, 2, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
    /* Domain 5 with more devices than a domain may have. */
    const guint8 too_many[] = { 5, 0xff, 0xff, 0x03 };
    /* A device number past 32 bits. */
    const guint8 huge[] = { 5, 1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01, 0, 0, 0, 0, 0, 0, 0, 0 };

    assert_io_refused (decoded_first, change, absent, sizeof absent);
    assert_io_refused (decoded_first, change, not_rising, sizeof not_rising);
    assert_io_refused (decoded_first, change, cut, sizeof cut);
    assert_io_refused (decoded_first, change, disorder, sizeof disorder);
    assert_io_refused (decoded_first, change, too_many, sizeof too_many);
    assert_io_refused (decoded_first, change, huge, sizeof huge);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/remote-sample/wire", test_wire);
  g_test_add_func ("/remote-sample/wire-io", test_wire_io);

  return g_test_run ();
}
