/* domus-host-info.c: the host's facts, and the forms they travel and print in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-host-info"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "domus-error.h"
#include "domus-host-info.h"
#include "domus-limits.h"

G_DEFINE_BOXED_TYPE (DomusHostInfo, domus_host_info, domus_host_info_copy, domus_host_info_free)

/* Every scalar field, by the key it travels under (xl info's where it has one). */
typedef enum { FIELD_STRING, FIELD_UINT, FIELD_UINT64, FIELD_BOOL } FieldKind;

typedef struct
{
  const char *key;
  FieldKind   kind;
  gsize       offset;
} Field;

#define STRING(key, member) { key, FIELD_STRING, G_STRUCT_OFFSET (DomusHostInfo, member) }
#define UINT(key, member) { key, FIELD_UINT, G_STRUCT_OFFSET (DomusHostInfo, member) }
#define UINT64(key, member) { key, FIELD_UINT64, G_STRUCT_OFFSET (DomusHostInfo, member) }
#define BOOL(key, member) { key, FIELD_BOOL, G_STRUCT_OFFSET (DomusHostInfo, member) }

static const Field fields[] = {
  STRING ("host", host),
  STRING ("release", release),
  STRING ("version", version),
  STRING ("machine", machine),
  UINT ("nr_cpus", nr_cpus),
  UINT ("max_cpu_id", max_cpu_id),
  UINT ("nr_nodes", nr_nodes),
  UINT ("cores_per_socket", cores_per_socket),
  UINT ("threads_per_core", threads_per_core),
  UINT ("cpu_khz", cpu_khz),
  STRING ("hw_caps", hw_caps),
  BOOL ("cap_pv", cap_pv),
  BOOL ("cap_hvm", cap_hvm),
  BOOL ("cap_hvm_directio", cap_hvm_directio),
  BOOL ("cap_hap", cap_hap),
  BOOL ("cap_shadow", cap_shadow),
  BOOL ("cap_iommu_hap_pt_share", cap_iommu_hap_pt_share),
  BOOL ("cap_vmtrace", cap_vmtrace),
  BOOL ("cap_vpmu", cap_vpmu),
  BOOL ("cap_gnttab_v1", cap_gnttab_v1),
  BOOL ("cap_gnttab_v2", cap_gnttab_v2),
  STRING ("cpu_virt", cpu_virt),
  UINT64 ("total_memory_kib", total_memory_kib),
  UINT64 ("free_memory_kib", free_memory_kib),
  UINT64 ("sharing_freed_kib", sharing_freed_kib),
  UINT64 ("sharing_used_kib", sharing_used_kib),
  UINT64 ("outstanding_kib", outstanding_kib),
  UINT ("free_cpus", free_cpus),
  UINT ("xen_major", xen_major),
  UINT ("xen_minor", xen_minor),
  STRING ("xen_extra", xen_extra),
  STRING ("xen_caps", xen_caps),
  STRING ("xen_scheduler", xen_scheduler),
  UINT ("xen_pagesize", xen_pagesize),
  UINT64 ("virt_start", virt_start),
  STRING ("xen_changeset", xen_changeset),
  STRING ("xen_commandline", xen_commandline),
  STRING ("cc_compiler", cc_compiler),
  STRING ("cc_compile_by", cc_compile_by),
  STRING ("cc_compile_domain", cc_compile_domain),
  STRING ("cc_compile_date", cc_compile_date),
  STRING ("build_id", build_id),
  UINT64 ("dom0_memory_kib", dom0_memory_kib),
};

#define FIELD_P(info, field, type) ((type *) G_STRUCT_MEMBER_P ((info), (field)->offset))

static void
cpupool_free (gpointer data)
{
  DomusHostInfoCpupool *pool = data;

  g_free (pool->name);
  g_free (pool->scheduler);
  g_free (pool);
}

DomusHostInfo *
domus_host_info_new (void)
{
  DomusHostInfo *info = g_new0 (DomusHostInfo, 1);

  /* Every string is set, "" when there is nothing to say. */
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (fields[i].kind == FIELD_STRING)
      *FIELD_P (info, &fields[i], char *) = g_strdup ("");
  info->cpupools = g_ptr_array_new_with_free_func (cpupool_free);
  return info;
}

void
domus_host_info_free (DomusHostInfo *info)
{
  if (info == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (fields[i].kind == FIELD_STRING)
      g_free (*FIELD_P (info, &fields[i], char *));
  g_ptr_array_unref (info->cpupools);
  g_free (info);
}

DomusHostInfo *
domus_host_info_copy (const DomusHostInfo *info)
{
  DomusHostInfo *copy;

  g_return_val_if_fail (info != NULL, NULL);

  copy = g_new0 (DomusHostInfo, 1);
  *copy = *info;
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (fields[i].kind == FIELD_STRING)
      *FIELD_P (copy, &fields[i], char *) = g_strdup (*FIELD_P (info, &fields[i], char *));
  copy->cpupools = g_ptr_array_new_with_free_func (cpupool_free);
  for (guint i = 0; i < info->cpupools->len; i++)
    {
      const DomusHostInfoCpupool *pool = g_ptr_array_index (info->cpupools, i);

      domus_host_info_add_cpupool (copy, pool->name, pool->id, pool->scheduler, pool->n_cpus, pool->n_domains);
    }
  return copy;
}

void
domus_host_info_add_cpupool (DomusHostInfo *info,
                             const char    *name,
                             guint          id,
                             const char    *scheduler,
                             guint          n_cpus,
                             guint          n_domains)
{
  DomusHostInfoCpupool *pool = g_new0 (DomusHostInfoCpupool, 1);

  pool->name = g_strdup (name != NULL ? name : "");
  pool->id = id;
  pool->scheduler = g_strdup (scheduler != NULL ? scheduler : "");
  pool->n_cpus = n_cpus;
  pool->n_domains = n_domains;
  g_ptr_array_add (info->cpupools, pool);
}

char *
domus_host_info_dup_xen_version (const DomusHostInfo *info)
{
  return g_strdup_printf ("%u.%u%s", info->xen_major, info->xen_minor, info->xen_extra);
}

char *
domus_host_info_dup_virt_caps (const DomusHostInfo *info)
{
  g_autoptr(GString) caps = g_string_new (NULL);

  /* xl's order and words (tools/xl/xl_info.c). */
  if (info->cap_pv)
    g_string_append (caps, " pv");
  if (info->cap_hvm)
    g_string_append (caps, " hvm");
  if (info->cap_hvm && info->cap_hvm_directio)
    g_string_append (caps, " hvm_directio");
  if (info->cap_pv && info->cap_hvm_directio)
    g_string_append (caps, " pv_directio");
  if (info->cap_hap)
    g_string_append (caps, " hap");
  if (info->cap_shadow)
    g_string_append (caps, " shadow");
  if (info->cap_iommu_hap_pt_share)
    g_string_append (caps, " iommu_hap_pt_share");
  if (info->cap_vmtrace)
    g_string_append (caps, " vmtrace");
  if (info->cap_vpmu)
    g_string_append (caps, " vpmu");
  if (info->cap_gnttab_v1)
    g_string_append (caps, " gnttab-v1");
  if (info->cap_gnttab_v2)
    g_string_append (caps, " gnttab-v2");
  return g_strdup (caps->len > 0 ? caps->str + 1 : "");
}

char *
domus_host_info_dup_dom0_mem (const DomusHostInfo *info)
{
  g_auto(GStrv) words = g_strsplit_set (info->xen_commandline, " \t", -1);
  const char *value = NULL;

  /* Xen takes the last one it is given. */
  for (guint i = 0; words[i] != NULL; i++)
    if (g_str_has_prefix (words[i], "dom0_mem="))
      value = words[i] + strlen ("dom0_mem=");
  return g_strdup (value);
}

const char *
domus_host_info_get_cpu_virt_name (const DomusHostInfo *info)
{
  if (g_strcmp0 (info->cpu_virt, "vmx") == 0)
    return "VT-x";
  if (g_strcmp0 (info->cpu_virt, "svm") == 0)
    return "AMD-V";
  return NULL;
}

static guint64
kib_to_mib (guint64 kib)
{
  return kib / 1024;
}

static void
append_line (GString    *out,
             const char *key,
             const char *value)
{
  g_string_append_printf (out, "%-23s: %s\n", key, value);
}

G_GNUC_PRINTF (3, 4)
static void
append_printf (GString    *out,
               const char *key,
               const char *format,
               ...)
{
  g_autofree char *value = NULL;
  va_list args;

  va_start (args, format);
  value = g_strdup_vprintf (format, args);
  va_end (args);
  append_line (out, key, value);
}

char *
domus_host_info_to_xl_text (const DomusHostInfo *info)
{
  GString *out = g_string_new (NULL);
  g_autofree char *virt_caps = domus_host_info_dup_virt_caps (info);
  g_autofree char *dom0_mem = domus_host_info_dup_dom0_mem (info);
  guint64 free_kib = info->free_memory_kib - MIN (info->outstanding_kib, info->free_memory_kib);

  /* xl info's lines, as tools/xl/xl_info.c prints them. */
  append_line (out, "host", info->host);
  append_line (out, "release", info->release);
  append_line (out, "version", info->version);
  append_line (out, "machine", info->machine);
  append_printf (out, "nr_cpus", "%u", info->nr_cpus);
  append_printf (out, "max_cpu_id", "%u", info->max_cpu_id);
  append_printf (out, "nr_nodes", "%u", info->nr_nodes);
  append_printf (out, "cores_per_socket", "%u", info->cores_per_socket);
  append_printf (out, "threads_per_core", "%u", info->threads_per_core);
  append_printf (out, "cpu_mhz", "%u.%03u", info->cpu_khz / 1000, info->cpu_khz % 1000);
  append_line (out, "hw_caps", info->hw_caps);
  /* xl prints the words each with a space before, none after the colon. */
  g_string_append_printf (out, "%-23s:%s%s\n", "virt_caps", *virt_caps != '\0' ? " " : "", virt_caps);
  append_printf (out, "total_memory", "%" G_GUINT64_FORMAT, kib_to_mib (info->total_memory_kib));
  append_printf (out, "free_memory", "%" G_GUINT64_FORMAT, kib_to_mib (free_kib));
  append_printf (out, "sharing_freed_memory", "%" G_GUINT64_FORMAT, kib_to_mib (info->sharing_freed_kib));
  append_printf (out, "sharing_used_memory", "%" G_GUINT64_FORMAT, kib_to_mib (info->sharing_used_kib));
  append_printf (out, "outstanding_claims", "%" G_GUINT64_FORMAT, kib_to_mib (info->outstanding_kib));
  append_printf (out, "free_cpus", "%u", info->free_cpus);
  append_printf (out, "xen_major", "%u", info->xen_major);
  append_printf (out, "xen_minor", "%u", info->xen_minor);
  append_line (out, "xen_extra", info->xen_extra);
  append_printf (out, "xen_version", "%u.%u%s", info->xen_major, info->xen_minor, info->xen_extra);
  append_line (out, "xen_caps", info->xen_caps);
  append_line (out, "xen_scheduler", info->xen_scheduler);
  append_printf (out, "xen_pagesize", "%u", info->xen_pagesize);
  append_printf (out, "platform_params", "virt_start=0x%" G_GINT64_MODIFIER "x", info->virt_start);
  append_line (out, "xen_changeset", info->xen_changeset);
  append_line (out, "xen_commandline", info->xen_commandline);
  append_line (out, "cc_compiler", info->cc_compiler);
  append_line (out, "cc_compile_by", info->cc_compile_by);
  append_line (out, "cc_compile_domain", info->cc_compile_domain);
  append_line (out, "cc_compile_date", info->cc_compile_date);
  append_line (out, "build_id", info->build_id);
  append_line (out, "xend_config_format", "4");

  /* Domus's own, after xl's. */
  if (info->dom0_memory_kib > 0)
    append_printf (out, "dom0_memory", "%" G_GUINT64_FORMAT, kib_to_mib (info->dom0_memory_kib));
  append_line (out, "dom0_mem", dom0_mem != NULL ? dom0_mem : "");
  append_line (out, "cpu_virt", info->cpu_virt);
  for (guint i = 0; i < info->cpupools->len; i++)
    {
      const DomusHostInfoCpupool *pool = g_ptr_array_index (info->cpupools, i);

      append_printf (out, "cpupool", "%s %s %u %u", pool->name, pool->scheduler, pool->n_cpus, pool->n_domains);
    }
  return g_string_free (out, FALSE);
}

char *
domus_host_info_to_json (const DomusHostInfo *info)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *virt_caps = domus_host_info_dup_virt_caps (info);
  g_autofree char *dom0_mem = domus_host_info_dup_dom0_mem (info);
  g_autofree char *xen_version = domus_host_info_dup_xen_version (info);
  g_autofree char *cpu_mhz = g_strdup_printf ("%u.%03u", info->cpu_khz / 1000, info->cpu_khz % 1000);
  g_autofree char *platform = g_strdup_printf ("virt_start=0x%" G_GINT64_MODIFIER "x", info->virt_start);
  guint64 free_kib = info->free_memory_kib - MIN (info->outstanding_kib, info->free_memory_kib);

  json_builder_begin_object (builder);
#define JSTR(key, value) (json_builder_set_member_name (builder, key), json_builder_add_string_value (builder, value))
#define JINT(key, value) (json_builder_set_member_name (builder, key), json_builder_add_int_value (builder, (gint64) (value)))
#define JBOOL(key, value) (json_builder_set_member_name (builder, key), json_builder_add_boolean_value (builder, value))
  JSTR ("host", info->host);
  JSTR ("release", info->release);
  JSTR ("version", info->version);
  JSTR ("machine", info->machine);
  JINT ("nr_cpus", info->nr_cpus);
  JINT ("max_cpu_id", info->max_cpu_id);
  JINT ("nr_nodes", info->nr_nodes);
  JINT ("cores_per_socket", info->cores_per_socket);
  JINT ("threads_per_core", info->threads_per_core);
  JSTR ("cpu_mhz", cpu_mhz);
  JSTR ("hw_caps", info->hw_caps);
  JSTR ("virt_caps", virt_caps);
  JINT ("total_memory", kib_to_mib (info->total_memory_kib));
  JINT ("free_memory", kib_to_mib (free_kib));
  JINT ("sharing_freed_memory", kib_to_mib (info->sharing_freed_kib));
  JINT ("sharing_used_memory", kib_to_mib (info->sharing_used_kib));
  JINT ("outstanding_claims", kib_to_mib (info->outstanding_kib));
  JINT ("free_cpus", info->free_cpus);
  JINT ("xen_major", info->xen_major);
  JINT ("xen_minor", info->xen_minor);
  JSTR ("xen_extra", info->xen_extra);
  JSTR ("xen_version", xen_version);
  JSTR ("xen_caps", info->xen_caps);
  JSTR ("xen_scheduler", info->xen_scheduler);
  JINT ("xen_pagesize", info->xen_pagesize);
  JSTR ("platform_params", platform);
  JSTR ("xen_changeset", info->xen_changeset);
  JSTR ("xen_commandline", info->xen_commandline);
  JSTR ("cc_compiler", info->cc_compiler);
  JSTR ("cc_compile_by", info->cc_compile_by);
  JSTR ("cc_compile_domain", info->cc_compile_domain);
  JSTR ("cc_compile_date", info->cc_compile_date);
  JSTR ("build_id", info->build_id);
  JINT ("xend_config_format", 4);
  if (info->dom0_memory_kib > 0)
    JINT ("dom0_memory", kib_to_mib (info->dom0_memory_kib));
  json_builder_set_member_name (builder, "dom0_mem");
  if (dom0_mem != NULL)
    json_builder_add_string_value (builder, dom0_mem);
  else
    json_builder_add_null_value (builder);
  JSTR ("cpu_virt", info->cpu_virt);
  JBOOL ("hvm", info->cap_hvm);
  JBOOL ("hap", info->cap_hap);
  JBOOL ("pv", info->cap_pv);
  JBOOL ("iommu", info->cap_hvm_directio);
  json_builder_set_member_name (builder, "cpupools");
  json_builder_begin_array (builder);
  for (guint i = 0; i < info->cpupools->len; i++)
    {
      const DomusHostInfoCpupool *pool = g_ptr_array_index (info->cpupools, i);

      json_builder_begin_object (builder);
      JSTR ("name", pool->name);
      JINT ("id", pool->id);
      JSTR ("scheduler", pool->scheduler);
      JINT ("cpus", pool->n_cpus);
      JINT ("domains", pool->n_domains);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
#undef JSTR
#undef JINT
#undef JBOOL
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

GVariant *
domus_host_info_to_variant (const DomusHostInfo *info)
{
  GVariantBuilder builder, pools;

  g_return_val_if_fail (info != NULL, NULL);

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const Field *field = &fields[i];
      GVariant *value = NULL;

      switch (field->kind)
        {
        case FIELD_STRING:
          {
            /* Xen's strings are bytes; D-Bus's are UTF-8. */
            g_autofree char *text = g_utf8_make_valid (*FIELD_P (info, field, char *), -1);

            value = g_variant_new_string (text);
            break;
          }
        case FIELD_UINT: value = g_variant_new_uint32 (*FIELD_P (info, field, guint)); break;
        case FIELD_UINT64: value = g_variant_new_uint64 (*FIELD_P (info, field, guint64)); break;
        case FIELD_BOOL: value = g_variant_new_boolean (*FIELD_P (info, field, gboolean)); break;
        default: g_assert_not_reached ();
        }
      g_variant_builder_add (&builder, "{sv}", field->key, value);
    }

  g_variant_builder_init (&pools, G_VARIANT_TYPE ("a(susuu)"));
  for (guint i = 0; i < info->cpupools->len; i++)
    {
      const DomusHostInfoCpupool *pool = g_ptr_array_index (info->cpupools, i);
      g_autofree char *name = g_utf8_make_valid (pool->name, -1);

      g_variant_builder_add (&pools, "(susuu)", name, pool->id, pool->scheduler, pool->n_cpus, pool->n_domains);
    }
  g_variant_builder_add (&builder, "{sv}", "cpupools", g_variant_builder_end (&pools));
  return g_variant_builder_end (&builder);
}

DomusHostInfo *
domus_host_info_new_from_variant (GVariant  *variant,
                                  GError   **error)
{
  g_autoptr(DomusHostInfo) info = NULL;
  g_autoptr(GVariant) pools = NULL;

  g_return_val_if_fail (variant != NULL, NULL);

  if (!g_variant_is_of_type (variant, G_VARIANT_TYPE_VARDICT))
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_PARSE, _("The host’s facts came in a form of type “%s”"),
                   g_variant_get_type_string (variant));
      return NULL;
    }

  info = domus_host_info_new ();
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const Field *field = &fields[i];
      const GVariantType *type = NULL;
      g_autoptr(GVariant) value = NULL;

      switch (field->kind)
        {
        case FIELD_STRING: type = G_VARIANT_TYPE_STRING; break;
        case FIELD_UINT: type = G_VARIANT_TYPE_UINT32; break;
        case FIELD_UINT64: type = G_VARIANT_TYPE_UINT64; break;
        case FIELD_BOOL: type = G_VARIANT_TYPE_BOOLEAN; break;
        default: g_assert_not_reached ();
        }
      /* A key missing, or of another type: from another Domus, left at its default. */
      if (!(value = g_variant_lookup_value (variant, field->key, type)))
        continue;
      switch (field->kind)
        {
        case FIELD_STRING:
          g_free (*FIELD_P (info, field, char *));
          *FIELD_P (info, field, char *) = g_variant_dup_string (value, NULL);
          break;
        case FIELD_UINT: *FIELD_P (info, field, guint) = g_variant_get_uint32 (value); break;
        case FIELD_UINT64: *FIELD_P (info, field, guint64) = g_variant_get_uint64 (value); break;
        case FIELD_BOOL: *FIELD_P (info, field, gboolean) = g_variant_get_boolean (value); break;
        default: g_assert_not_reached ();
        }
    }

  if ((pools = g_variant_lookup_value (variant, "cpupools", G_VARIANT_TYPE ("a(susuu)"))))
    {
      GVariantIter iter;
      const char *name, *scheduler;
      guint id, n_cpus, n_domains;

      if (g_variant_n_children (pools) > DOMUS_MAX_CPUPOOLS)
        {
          g_autofree char *count = g_strdup_printf ("%" G_GSIZE_FORMAT, g_variant_n_children (pools));

          g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_TOO_LARGE,
                       _("The host’s facts list %s cpupools, over the limit of %d"), count, DOMUS_MAX_CPUPOOLS);
          return NULL;
        }
      g_variant_iter_init (&iter, pools);
      while (g_variant_iter_next (&iter, "(&su&suu)", &name, &id, &scheduler, &n_cpus, &n_domains))
        domus_host_info_add_cpupool (info, name, id, scheduler, n_cpus, n_domains);
    }
  return g_steal_pointer (&info);
}
