/* domus-remote-sample.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-remote-sample"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "domus-cpulist.h"
#include "domus-error.h"
#include "domus-limits.h"
#include "domus-remote-fields.h"
#include "domus-remote-sample.h"

#define DOMAIN_TYPE  "(usssssuuuuttttiia(uuuts))"

/* A vCPU's state and pCPU, packed: (pcpu << VCPU_STATE_BITS) | state. */
#define VCPU_STATE_BITS 3
G_STATIC_ASSERT (DOMUS_VCPU_STATE_OFFLINE < (1 << VCPU_STATE_BITS));

/* The longest vCPU affinity text taken from an agent. */
#define MAX_AFFINITY_TEXT 1024

static const char *
or_empty (const char *text)
{
  return text != NULL ? text : "";
}

static char *
or_null (const char *text)
{
  return text[0] != '\0' ? g_strdup (text) : NULL;
}

/* Equal but for what a record of CPU times carries (put_times()). */
static gboolean
same_but_times (const DomusDomainSample *a,
                const DomusDomainSample *b)
{
  if (a->id != b->id || g_strcmp0 (a->uuid, b->uuid) != 0 || g_strcmp0 (a->name, b->name) != 0
      || g_strcmp0 (a->config_path, b->config_path) != 0 || g_strcmp0 (a->vnc_address, b->vnc_address) != 0
      || g_strcmp0 (a->console_path, b->console_path) != 0 || a->type != b->type
      || a->vcpus_online != b->vcpus_online || a->vcpus_max != b->vcpus_max
      || a->memory_kib != b->memory_kib || a->memory_max_kib != b->memory_max_kib
      || a->memory_target_kib != b->memory_target_kib || a->weight != b->weight || a->cap != b->cap
      || a->vcpus->len != b->vcpus->len)
    return FALSE;
  for (guint i = 0; i < a->vcpus->len; i++)
    {
      const DomusVcpuSample *va = &g_array_index (a->vcpus, DomusVcpuSample, i);
      const DomusVcpuSample *vb = &g_array_index (b->vcpus, DomusVcpuSample, i);

      if (va->id != vb->id || g_strcmp0 (va->affinity, vb->affinity) != 0)
        return FALSE;
    }
  return TRUE;
}

static gboolean
same_times (const DomusDomainSample *a,
            const DomusDomainSample *b)
{
  if (a->state != b->state || a->cpu_time_ns != b->cpu_time_ns)
    return FALSE;
  for (guint i = 0; i < a->vcpus->len; i++)
    {
      const DomusVcpuSample *va = &g_array_index (a->vcpus, DomusVcpuSample, i);
      const DomusVcpuSample *vb = &g_array_index (b->vcpus, DomusVcpuSample, i);

      if (va->state != vb->state || va->pcpu != vb->pcpu || va->time_ns != vb->time_ns)
        return FALSE;
    }
  return TRUE;
}

static GVariant *
domain_to_variant (const DomusDomainSample *domain)
{
  GVariantBuilder vcpus;

  g_variant_builder_init (&vcpus, G_VARIANT_TYPE ("a(uuuts)"));
  for (guint i = 0; i < domain->vcpus->len; i++)
    {
      const DomusVcpuSample *vcpu = &g_array_index (domain->vcpus, DomusVcpuSample, i);

      g_variant_builder_add (&vcpus, "(uuuts)", vcpu->id, (guint32) vcpu->state, vcpu->pcpu, vcpu->time_ns,
                             or_empty (vcpu->affinity));
    }
  return g_variant_new (DOMAIN_TYPE, domain->id, or_empty (domain->uuid), or_empty (domain->name),
                        or_empty (domain->config_path), or_empty (domain->vnc_address),
                        or_empty (domain->console_path), (guint32) domain->type, (guint32) domain->state,
                        domain->vcpus_online, domain->vcpus_max, domain->memory_kib, domain->memory_max_kib,
                        domain->memory_target_kib, domain->cpu_time_ns, (gint32) domain->weight,
                        (gint32) domain->cap, &vcpus);
}

/* Packed numbers: LEB128 (seven bits a byte, the lowest first, the high
 * bit set on all but the last), and changes zigzagged first (0, -1, 1,
 * -2, ... as 0, 1, 2, 3, ...) so that a small change is a byte or a few.
 * A change is taken modulo 2^64: any counter, even one that went back,
 * is carried exactly. */
/* Room for @n more bytes at the end of @out, whose length stays: the
 * numbers are written in place (an append each was most of the encoding
 * at 1000 domains), and the length set after them. */
static guint8 *
reserve (GByteArray *out,
         gsize       n)
{
  guint len = out->len;

  g_byte_array_set_size (out, len + n);
  out->len = len;
  return out->data + len;
}

/* The longest packed number. */
#define VARINT_MAX 10

static guint8 *
write_varint (guint8  *at,
              guint64  value)
{
  while (value >= 0x80)
    {
      *at++ = (guint8) (value | 0x80);
      value >>= 7;
    }
  *at++ = (guint8) value;
  return at;
}

static guint8 *
write_change (guint8  *at,
              guint64  before,
              guint64  now)
{
  guint64 change = now - before;

  return write_varint (at, (change << 1) ^ (guint64) ((gint64) change >> 63));
}

static void
put_varint (GByteArray *out,
            guint64     value)
{
  guint8 *at = reserve (out, VARINT_MAX);

  out->len = (guint) (write_varint (at, value) - out->data);
}

static void
put_change (GByteArray *out,
            guint64     before,
            guint64     now)
{
  guint8 *at = reserve (out, VARINT_MAX);

  out->len = (guint) (write_change (at, before, now) - out->data);
}

static void
put_times (GByteArray              *out,
           guint32                  last_id,
           const DomusDomainSample *before,
           const DomusDomainSample *domain)
{
  guint8 *at = reserve (out, VARINT_MAX * (3 + 2 * (gsize) domain->vcpus->len));

  at = write_varint (at, domain->id - last_id);
  /* A busy domain goes from running to blocked and back all the time. */
  at = write_varint (at, domain->state);
  at = write_change (at, before->cpu_time_ns, domain->cpu_time_ns);
  for (guint i = 0; i < domain->vcpus->len; i++)
    {
      const DomusVcpuSample *vcpu = &g_array_index (domain->vcpus, DomusVcpuSample, i);

      at = write_varint (at, ((guint64) vcpu->pcpu << VCPU_STATE_BITS) | vcpu->state);
      at = write_change (at, g_array_index (before->vcpus, DomusVcpuSample, i).time_ns, vcpu->time_ns);
    }
  out->len = (guint) (at - out->data);
}

/* Takes @array, without a copy. */
static GVariant *
bytes_to_variant (GByteArray *array)
{
  g_autoptr(GBytes) bytes = g_byte_array_free_to_bytes (array);

  return g_variant_new_from_bytes (G_VARIANT_TYPE_BYTESTRING, bytes, TRUE);
}

static GVariant *
pcpus_to_variant (const DomusHostSample *previous,
                  const DomusHostSample *sample)
{
  GByteArray *out = g_byte_array_sized_new (sample->n_pcpus * 5);

  for (guint i = 0; i < sample->n_pcpus; i++)
    put_change (out, previous != NULL ? previous->pcpu_busy_ns[i] : 0, sample->pcpu_busy_ns[i]);
  return bytes_to_variant (out);
}

GVariant *
domus_remote_sample_encode (const DomusHostSample *previous,
                            const DomusHostSample *sample)
{
  GVariantBuilder domains, gone;
  GByteArray *times = g_byte_array_new ();
  guint32 last_id = 0;
  guint j = 0;

  g_return_val_if_fail (sample != NULL, NULL);
  g_return_val_if_fail (previous == NULL || previous->n_pcpus == sample->n_pcpus, NULL);

  g_variant_builder_init (&domains, G_VARIANT_TYPE ("a" DOMAIN_TYPE));
  g_variant_builder_init (&gone, G_VARIANT_TYPE ("au"));

  /* Both lists are sorted by id: walk them together. */
  for (guint i = 0; i < sample->domains->len; i++)
    {
      const DomusDomainSample *domain = g_ptr_array_index (sample->domains, i);
      const DomusDomainSample *before = NULL;

      for (; previous != NULL && j < previous->domains->len; j++)
        {
          const DomusDomainSample *old = g_ptr_array_index (previous->domains, j);

          if (old->id >= domain->id)
            break;
          g_variant_builder_add_value (&gone, g_variant_new_uint32 (old->id));
        }
      if (previous != NULL && j < previous->domains->len
          && ((const DomusDomainSample *) g_ptr_array_index (previous->domains, j))->id == domain->id)
        before = g_ptr_array_index (previous->domains, j++);

      if (before == NULL || !same_but_times (before, domain))
        g_variant_builder_add_value (&domains, domain_to_variant (domain));
      else if (!same_times (before, domain))
        {
          put_times (times, last_id, before, domain);
          last_id = domain->id;
        }
    }
  for (; previous != NULL && j < previous->domains->len; j++)
    g_variant_builder_add_value (&gone, g_variant_new_uint32 (
                                   ((const DomusDomainSample *) g_ptr_array_index (previous->domains, j))->id));

  return g_variant_new_tuple ((GVariant *[]) { g_variant_new_int64 (sample->time_us),
                                               g_variant_new_uint64 (sample->free_memory_kib),
                                               pcpus_to_variant (previous, sample),
                                               g_variant_builder_end (&domains),
                                               bytes_to_variant (times),
                                               g_variant_builder_end (&gone) }, 6);
}

static void
set_parse_error (GError     **error,
                 const char  *reason)
{
  /* TRANSLATORS: %s says what is wrong with it, in English */
  g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE, _("The agent sent a sample Domus cannot read: %s"), reason);
}

static gboolean
parse_error (GError     **error,
             const char  *reason)
{
  set_parse_error (error, reason);
  return FALSE;
}

/* An affinity as the local backends give it: a canonical, interned xl
 * cpulist. Interned strings live for ever, so only the canonical spelling
 * of a mask is kept. */
static const char *
intern_affinity (const char  *text,
                 guint        n_pcpus,
                 GError     **error)
{
  g_autofree char *canonical = NULL;
  guint64 mask;

  /* Domus reads pCPU lists of up to DOMUS_CPULIST_MAX_PCPUS pCPUs: past
   * that, the text as it came, if not too long. */
  if (n_pcpus > DOMUS_CPULIST_MAX_PCPUS && strlen (text) <= MAX_AFFINITY_TEXT)
    return g_intern_string (text);
  if (n_pcpus > DOMUS_CPULIST_MAX_PCPUS || !domus_cpulist_parse (text, n_pcpus, &mask, NULL))
    {
      set_parse_error (error, "a vCPU affinity is not a list of pCPUs");
      return NULL;
    }
  canonical = domus_cpulist_format (mask, n_pcpus);
  return g_intern_string (canonical);
}

static DomusDomainSample *
domain_from_variant (GVariant  *variant,
                     guint      n_pcpus,
                     GError   **error)
{
  g_autoptr(GVariantIter) vcpus = NULL;
  g_autoptr(DomusDomainSample) domain = g_new0 (DomusDomainSample, 1);
  const char *uuid, *name, *config_path, *vnc_address, *console_path, *affinity;
  guint32 type, state, vcpu_state, vcpu_id, pcpu;
  gint32 weight, cap;
  guint64 time_ns;
  guint n = 0;

  g_variant_get (variant, "(u&s&s&s&s&suuuuttttiia(uuuts))", &domain->id, &uuid, &name, &config_path,
                 &vnc_address, &console_path, &type, &state, &domain->vcpus_online, &domain->vcpus_max,
                 &domain->memory_kib, &domain->memory_max_kib, &domain->memory_target_kib,
                 &domain->cpu_time_ns, &weight, &cap, &vcpus);
  domain->uuid = g_strdup (uuid);
  domain->name = g_strdup (name);
  domain->config_path = or_null (config_path);
  domain->vnc_address = or_null (vnc_address);
  domain->console_path = or_null (console_path);
  domain->type = type;
  domain->state = state;
  domain->weight = weight;
  domain->cap = cap;
  domain->vcpus = g_array_new (FALSE, TRUE, sizeof (DomusVcpuSample));
  if (type > DOMUS_DOMAIN_TYPE_HVM || state > DOMUS_DOMAIN_STATE_DYING || name[0] == '\0')
    {
      set_parse_error (error, "a domain's type, state or name is not one");
      return NULL;
    }
  if (domain->vcpus_max > DOMUS_MAX_DOMAIN_VCPUS || g_variant_iter_n_children (vcpus) != domain->vcpus_max
      || domain->vcpus_online > domain->vcpus_max)
    {
      set_parse_error (error, "a domain's vCPUs do not add up");
      return NULL;
    }
  while (g_variant_iter_next (vcpus, "(uuut&s)", &vcpu_id, &vcpu_state, &pcpu, &time_ns, &affinity))
    {
      DomusVcpuSample vcpu = { vcpu_id, vcpu_state, pcpu, time_ns, NULL };

      if (vcpu_id != n++ || vcpu_state > DOMUS_VCPU_STATE_OFFLINE || pcpu >= n_pcpus)
        {
          set_parse_error (error, "a vCPU's number, state or pCPU is not one");
          return NULL;
        }
      if ((vcpu.affinity = intern_affinity (affinity, n_pcpus, error)) == NULL)
        return NULL;
      g_array_append_val (domain->vcpus, vcpu);
    }
  return g_steal_pointer (&domain);
}

/* Reads packed numbers (see put_varint()) from a byte string, refusing
 * one that runs past its end or past 64 bits. */
typedef struct
{
  const guint8 *data;
  gsize         size;
  gsize         at;
} Reader;

static gboolean
get_varint (Reader   *reader,
            guint64  *value)
{
  *value = 0;
  for (guint shift = 0; reader->at < reader->size; shift += 7)
    {
      guint8 byte = reader->data[reader->at++];

      /* The tenth byte holds the 64th bit alone. */
      if (shift == 63 && byte > 1)
        return FALSE;
      *value |= (guint64) (byte & 0x7f) << shift;
      if (!(byte & 0x80))
        return TRUE;
      if (shift == 63)
        return FALSE;
    }
  return FALSE;
}

static gboolean
get_change (Reader  *reader,
            guint64 *counter)
{
  guint64 zigzag;

  if (!get_varint (reader, &zigzag))
    return FALSE;
  *counter += (zigzag >> 1) ^ -(zigzag & 1);
  return TRUE;
}

static gboolean
update_times (DomusDomainSample  *domain,
              Reader             *reader,
              guint               n_pcpus,
              GError            **error)
{
  guint64 state;

  if (!get_varint (reader, &state) || !get_change (reader, &domain->cpu_time_ns))
    return parse_error (error, "CPU times cut short");
  if (state > DOMUS_DOMAIN_STATE_DYING)
    return parse_error (error, "a domain's state is not one");
  domain->state = state;
  for (guint i = 0; i < domain->vcpus->len; i++)
    {
      DomusVcpuSample *vcpu = &g_array_index (domain->vcpus, DomusVcpuSample, i);
      guint64 where;

      if (!get_varint (reader, &where) || !get_change (reader, &vcpu->time_ns))
        return parse_error (error, "CPU times cut short");
      if ((where & ((1 << VCPU_STATE_BITS) - 1)) > DOMUS_VCPU_STATE_OFFLINE
          || (where >> VCPU_STATE_BITS) >= n_pcpus)
        return parse_error (error, "a vCPU's state or pCPU is not one");
      vcpu->state = where & ((1 << VCPU_STATE_BITS) - 1);
      vcpu->pcpu = where >> VCPU_STATE_BITS;
    }
  return TRUE;
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  const DomusDomainSample *da = *(const DomusDomainSample * const *) a;
  const DomusDomainSample *db = *(const DomusDomainSample * const *) b;

  return da->id < db->id ? -1 : da->id > db->id;
}

/* The index of domain @id in @domains, sorted by id, or -1. */
static gssize
find_domain (GPtrArray *domains,
             guint32    id)
{
  gsize low = 0, high = domains->len;

  while (low < high)
    {
      gsize middle = low + (high - low) / 2;
      guint32 here = ((DomusDomainSample *) g_ptr_array_index (domains, middle))->id;

      if (here == id)
        return (gssize) middle;
      if (here < id)
        low = middle + 1;
      else
        high = middle;
    }
  return -1;
}

/* Applies the new and changed domains of @domains to @sample, whose
 * domains stay sorted by id. */
static gboolean
apply_full (DomusHostSample  *sample,
            GVariant         *domains,
            GError          **error)
{
  gsize n = g_variant_n_children (domains);
  gsize sorted = sample->domains->len;

  for (gsize i = 0; i < n; i++)
    {
      g_autoptr(GVariant) child = g_variant_get_child_value (domains, i);
      DomusDomainSample *domain = domain_from_variant (child, sample->n_pcpus, error);
      gssize old;

      if (domain == NULL)
        return FALSE;
      /* A changed domain in its place; new ones after, sorted at the end. */
      if ((old = find_domain (sample->domains, domain->id)) >= 0 && (gsize) old < sorted)
        {
          /* Its I/O and pool are not in the record: they stay, unless the
           * I/O or pool changes say otherwise. */
          domain->io = g_steal_pointer (&((DomusDomainSample *) g_ptr_array_index (sample->domains, old))->io);
          domain->cpupool = ((DomusDomainSample *) g_ptr_array_index (sample->domains, old))->cpupool;
          domus_domain_sample_free (g_ptr_array_index (sample->domains, old));
          g_ptr_array_index (sample->domains, old) = domain;
          continue;
        }
      g_ptr_array_add (sample->domains, domain);
      if (sample->domains->len > DOMUS_MAX_HOST_DOMAINS)
        {
          g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_TOO_LARGE,
                       _("The agent sent more than %u domains"), DOMUS_MAX_HOST_DOMAINS);
          return FALSE;
        }
    }
  if (sample->domains->len > sorted)
    g_ptr_array_sort (sample->domains, compare_ids);
  for (guint i = 1; i < sample->domains->len; i++)
    if (compare_ids (&g_ptr_array_index (sample->domains, i - 1), &g_ptr_array_index (sample->domains, i)) == 0)
      return parse_error (error, "two domains with one id");
  return TRUE;
}

/* A walk through records of @sample's domains (packed CPU times, packed
 * I/O), in rising order of id, each id the step from the one before (the
 * first from 0). The domains are sorted too: one walk finds them all. */
typedef struct
{
  gboolean first;
  guint64  id;
  guint    at;
} RecordWalk;

/* The domain of the next record, or NULL with @error set, in words about
 * @what the records carry, when the ids do not rise or it is not there. */
static DomusDomainSample *
next_record_domain (RecordWalk       *walk,
                    Reader           *reader,
                    DomusHostSample  *sample,
                    const char       *what,
                    GError          **error)
{
  g_autofree char *reason = NULL;
  guint64 step;

  if (!get_varint (reader, &step) || (!walk->first && step == 0) || step > G_MAXUINT32 - walk->id)
    {
      reason = g_strdup_printf ("%s not in rising order of domain", what);
      parse_error (error, reason);
      return NULL;
    }
  walk->first = FALSE;
  walk->id += step;
  while (walk->at < sample->domains->len
         && ((DomusDomainSample *) g_ptr_array_index (sample->domains, walk->at))->id < walk->id)
    walk->at++;
  if (walk->at < sample->domains->len
      && ((DomusDomainSample *) g_ptr_array_index (sample->domains, walk->at))->id == walk->id)
    return g_ptr_array_index (sample->domains, walk->at++);
  reason = g_strdup_printf ("%s for a domain that is not there", what);
  parse_error (error, reason);
  return NULL;
}

/* Applies the packed CPU times of @times (see put_times()): records in
 * rising order of id, of domains that are there. */
static gboolean
apply_times (DomusHostSample  *sample,
             GVariant         *times,
             GError          **error)
{
  Reader reader = { NULL, 0, 0 };
  RecordWalk walk = { TRUE, 0, 0 };

  reader.data = g_variant_get_fixed_array (times, &reader.size, 1);
  while (reader.at < reader.size)
    {
      DomusDomainSample *domain = next_record_domain (&walk, &reader, sample, "CPU times", error);

      if (domain == NULL || !update_times (domain, &reader, sample->n_pcpus, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
apply_pcpus (DomusHostSample  *sample,
             GVariant         *pcpus,
             GError          **error)
{
  Reader reader = { NULL, 0, 0 };

  reader.data = g_variant_get_fixed_array (pcpus, &reader.size, 1);
  for (guint i = 0; i < sample->n_pcpus; i++)
    if (!get_change (&reader, &sample->pcpu_busy_ns[i]))
      return parse_error (error, "the pCPUs' times do not add up");
  if (reader.at != reader.size)
    return parse_error (error, "the pCPUs' times do not add up");
  return TRUE;
}

/* Applies the gone, new and changed domains of @variant to @sample. */
static gboolean
apply_domains (DomusHostSample  *sample,
               GVariant         *gone,
               GVariant         *domains,
               GVariant         *times,
               GError          **error)
{
  const guint32 *ids;
  gsize n_gone;

  ids = g_variant_get_fixed_array (gone, &n_gone, sizeof (guint32));
  for (gsize i = 0; i < n_gone; i++)
    {
      gssize at = find_domain (sample->domains, ids[i]);

      if (at < 0)
        return parse_error (error, "a domain that was not there is gone");
      g_ptr_array_remove_index (sample->domains, at);
    }
  return apply_full (sample, domains, error) && apply_times (sample, times, error);
}

static gboolean
same_io (const DomusDomainSample *a,
         const DomusDomainSample *b)
{
  guint n = a->io != NULL ? a->io->len : 0;

  if (n != (b->io != NULL ? b->io->len : 0))
    return FALSE;
  return n == 0 || memcmp (a->io->data, b->io->data, n * sizeof (DomusIoSample)) == 0;
}

/* The device of @kind and @id in @domain, or NULL. */
static const DomusIoSample *
find_io (const DomusDomainSample *domain,
         DomusIoKind              kind,
         guint32                  id)
{
  for (guint i = 0; domain != NULL && domain->io != NULL && i < domain->io->len; i++)
    {
      const DomusIoSample *io = &g_array_index (domain->io, DomusIoSample, i);

      if (io->kind == kind && io->id == id)
        return io;
    }
  return NULL;
}

GVariant *
domus_remote_sample_encode_io (const DomusHostSample *previous,
                               const DomusHostSample *sample)
{
  GByteArray *out = g_byte_array_new ();
  guint32 last_id = 0;
  guint j = 0;

  g_return_val_if_fail (sample != NULL, NULL);

  for (guint i = 0; i < sample->domains->len; i++)
    {
      const DomusDomainSample *domain = g_ptr_array_index (sample->domains, i);
      const DomusDomainSample *before = NULL;
      static const DomusDomainSample none = { 0 };
      guint n = domain->io != NULL ? domain->io->len : 0;

      for (; previous != NULL && j < previous->domains->len
             && ((const DomusDomainSample *) g_ptr_array_index (previous->domains, j))->id < domain->id; j++)
        ;
      if (previous != NULL && j < previous->domains->len
          && ((const DomusDomainSample *) g_ptr_array_index (previous->domains, j))->id == domain->id)
        before = g_ptr_array_index (previous->domains, j);
      if (same_io (before != NULL ? before : &none, domain))
        continue;

      put_varint (out, domain->id - last_id);
      last_id = domain->id;
      put_varint (out, n);
      for (guint d = 0; d < n; d++)
        {
          const DomusIoSample *io = &g_array_index (domain->io, DomusIoSample, d);
          const DomusIoSample *old = find_io (before, io->kind, io->id);

          put_varint (out, ((guint64) io->id << 1) | io->kind);
          for (guint c = 0; c < domus_io_kind_n_counters (io->kind); c++)
            put_change (out, old != NULL ? old->counters[c] : 0, io->counters[c]);
        }
    }
  return bytes_to_variant (out);
}

/* Applies the packed I/O changes of @io (see domus_remote_sample_encode_io()). */
static gboolean
apply_io (DomusHostSample  *sample,
          GVariant         *io,
          GError          **error)
{
  Reader reader = { NULL, 0, 0 };
  RecordWalk walk = { TRUE, 0, 0 };

  reader.data = g_variant_get_fixed_array (io, &reader.size, 1);
  while (reader.at < reader.size)
    {
      DomusDomainSample *domain = next_record_domain (&walk, &reader, sample, "I/O", error);
      g_autoptr(GArray) devices = NULL;
      guint64 n;

      if (domain == NULL)
        return FALSE;
      if (!get_varint (&reader, &n))
        return parse_error (error, "I/O cut short");
      if (n > DOMUS_MAX_DOMAIN_IO_DEVICES)
        return parse_error (error, "too many I/O devices");

      devices = g_array_sized_new (FALSE, TRUE, sizeof (DomusIoSample), (guint) n);
      for (guint d = 0; d < n; d++)
        {
          DomusIoSample device = { 0 };
          const DomusIoSample *old;
          guint64 key;

          if (!get_varint (&reader, &key))
            return parse_error (error, "I/O cut short");
          if ((key >> 1) > G_MAXUINT32)
            return parse_error (error, "an I/O device's number is not one");
          device.kind = key & 1;
          device.id = (guint32) (key >> 1);
          if (d > 0)
            {
              const DomusIoSample *last = &g_array_index (devices, DomusIoSample, d - 1);

              if (last->kind > device.kind || (last->kind == device.kind && last->id >= device.id))
                return parse_error (error, "I/O devices not in order");
            }
          if ((old = find_io (domain, device.kind, device.id)) != NULL)
            memcpy (device.counters, old->counters, sizeof device.counters);
          for (guint c = 0; c < domus_io_kind_n_counters (device.kind); c++)
            if (!get_change (&reader, &device.counters[c]))
              return parse_error (error, "I/O cut short");
          g_array_append_val (devices, device);
        }
      g_clear_pointer (&domain->io, g_array_unref);
      if (n > 0)
        domain->io = g_steal_pointer (&devices);
    }
  return TRUE;
}

DomusHostSample *
domus_remote_sample_decode (const DomusHostSample  *previous,
                            GVariant               *variant,
                            guint                   n_pcpus,
                            GError                **error)
{
  return domus_remote_sample_decode_io (previous, variant, NULL, n_pcpus, error);
}

DomusHostSample *
domus_remote_sample_decode_io (const DomusHostSample  *previous,
                               GVariant               *variant,
                               GVariant               *io,
                               guint                   n_pcpus,
                               GError                **error)
{
  g_autoptr(DomusHostSample) sample = NULL;

  g_return_val_if_fail (variant != NULL, NULL);

  if (n_pcpus == 0 || n_pcpus > DOMUS_MAX_HOST_PCPUS || (previous != NULL && previous->n_pcpus != n_pcpus))
    {
      set_parse_error (error, "the number of pCPUs is not one");
      return NULL;
    }
  sample = previous != NULL ? domus_host_sample_copy (previous) : domus_host_sample_new (n_pcpus);
  if (!domus_remote_sample_decode_onto (sample, variant, io, error))
    return NULL;
  return g_steal_pointer (&sample);
}

gboolean
domus_remote_sample_decode_onto (DomusHostSample  *sample,
                                 GVariant         *variant,
                                 GVariant         *io,
                                 GError          **error)
{
  g_autoptr(GVariant) pcpus = NULL, domains = NULL, times = NULL, gone = NULL;

  g_return_val_if_fail (sample != NULL, FALSE);
  g_return_val_if_fail (variant != NULL, FALSE);

  if (!g_variant_is_of_type (variant, G_VARIANT_TYPE (DOMUS_REMOTE_SAMPLE_TYPE)))
    {
      set_parse_error (error, "not of the type io.domus.Host1 says");
      return FALSE;
    }
  if (sample->n_pcpus == 0 || sample->n_pcpus > DOMUS_MAX_HOST_PCPUS)
    {
      set_parse_error (error, "the number of pCPUs is not one");
      return FALSE;
    }
  if (io != NULL && !g_variant_is_of_type (io, G_VARIANT_TYPE_BYTESTRING))
    {
      set_parse_error (error, "I/O not of the type io.domus.Host1 says");
      return FALSE;
    }

  sample->time_us = domus_remote_field_int64 (variant, 0);
  sample->free_memory_kib = domus_remote_field_uint64 (variant, 1);
  pcpus = g_variant_get_child_value (variant, 2);
  domains = g_variant_get_child_value (variant, 3);
  times = g_variant_get_child_value (variant, 4);
  gone = g_variant_get_child_value (variant, 5);
  return apply_pcpus (sample, pcpus, error) && apply_domains (sample, gone, domains, times, error)
         && (io == NULL || apply_io (sample, io, error));
}
