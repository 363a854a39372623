/* domus-remote-request.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "domus-remote-request"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "domus-error.h"
#include "domus-remote-request.h"

GVariant *
domus_remote_request_encode (const DomusRequest *request)
{
  GVariantDict dict;

  g_return_val_if_fail (request != NULL, NULL);

  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert (&dict, "kind", "u", (guint32) request->kind);
  g_variant_dict_insert (&dict, "domid", "u", request->domid);
  if (request->domain_name != NULL)
    g_variant_dict_insert (&dict, "domain-name", "s", request->domain_name);
  g_variant_dict_insert (&dict, "weight", "i", (gint32) request->weight);
  g_variant_dict_insert (&dict, "cap", "i", (gint32) request->cap);
  g_variant_dict_insert (&dict, "vcpus", "u", request->vcpus);
  g_variant_dict_insert (&dict, "vcpu", "u", request->vcpu);
  g_variant_dict_insert (&dict, "affinity", "t", request->affinity);
  g_variant_dict_insert (&dict, "memory-kib", "t", request->memory_kib);
  if (request->path != NULL)
    g_variant_dict_insert (&dict, "path", "s", request->path);
  if (request->target != NULL)
    g_variant_dict_insert (&dict, "target", "s", request->target);
  /* Only when set: an agent of protocol 2 must never see a checkpoint it
   * would ignore (the remote host refuses to send one to it). */
  if (request->checkpoint)
    g_variant_dict_insert (&dict, "checkpoint", "b", request->checkpoint);
  if (request->new_name != NULL)
    g_variant_dict_insert (&dict, "new-name", "s", request->new_name);
  /* ProtocolVersion 5's, only for the cpupool kinds it knows. */
  if (request->pool != NULL)
    {
      g_variant_dict_insert (&dict, "pool", "s", request->pool);
      g_variant_dict_insert (&dict, "scheduler", "u", (guint32) request->scheduler);
      g_variant_dict_insert (&dict, "cpus", "t", request->cpus);
    }
  /* ProtocolVersion 8's, only for the PCI kinds. */
  if (request->pci != NULL)
    {
      g_variant_dict_insert (&dict, "pci", "s", request->pci);
      g_variant_dict_insert (&dict, "keep", "b", request->keep);
    }
  return g_variant_dict_end (&dict);
}

DomusRequest *
domus_remote_request_decode (GVariant  *variant,
                             GError   **error)
{
  g_autoptr(DomusRequest) request = NULL;
  GVariantDict dict;
  guint32 kind;
  gint32 weight, cap;
  guint32 scheduler;

  g_return_val_if_fail (variant != NULL, NULL);

  if (!g_variant_is_of_type (variant, G_VARIANT_TYPE_VARDICT)
      || !g_variant_lookup (variant, "kind", "u", &kind) || kind > DOMUS_REQUEST_KIND_LAST)
    {
      g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_INVALID_ARGUMENT, _("A request of no kind Domus knows"));
      return NULL;
    }

  request = domus_request_new (kind);
  g_variant_dict_init (&dict, variant);
  /* A value of another type than the one asked for is left out: the
   * request's default stays, and the request's checks see it. */
  g_variant_dict_lookup (&dict, "domid", "u", &request->domid);
  g_variant_dict_lookup (&dict, "domain-name", "s", &request->domain_name);
  if (g_variant_dict_lookup (&dict, "weight", "i", &weight))
    request->weight = weight;
  if (g_variant_dict_lookup (&dict, "cap", "i", &cap))
    request->cap = cap;
  g_variant_dict_lookup (&dict, "vcpus", "u", &request->vcpus);
  g_variant_dict_lookup (&dict, "vcpu", "u", &request->vcpu);
  g_variant_dict_lookup (&dict, "affinity", "t", &request->affinity);
  g_variant_dict_lookup (&dict, "memory-kib", "t", &request->memory_kib);
  g_variant_dict_lookup (&dict, "path", "s", &request->path);
  g_variant_dict_lookup (&dict, "target", "s", &request->target);
  g_variant_dict_lookup (&dict, "checkpoint", "b", &request->checkpoint);
  g_variant_dict_lookup (&dict, "new-name", "s", &request->new_name);
  g_variant_dict_lookup (&dict, "pool", "s", &request->pool);
  /* One of no kind Domus knows is left out: DomusHost's checks refuse it. */
  if (g_variant_dict_lookup (&dict, "scheduler", "u", &scheduler))
    request->scheduler = MIN (scheduler, (guint32) G_MAXINT);
  g_variant_dict_lookup (&dict, "cpus", "t", &request->cpus);
  g_variant_dict_lookup (&dict, "pci", "s", &request->pci);
  g_variant_dict_lookup (&dict, "keep", "b", &request->keep);
  g_variant_dict_clear (&dict);
  return g_steal_pointer (&request);
}
