/* domus-scene-private.h: what the parts of the scene reader share
 *
 * The scene is read in three files: domus-scene.c (host, domains, cpupools),
 * domus-scene-storage.c (LVM volume groups, domains' disks) and
 * domus-scene-pci.c (the host's PCI devices and IOMMU).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "domus-scene.h"

G_BEGIN_DECLS

/* domus-scene.c: members of @object within @where ("domains[1]"), each
 * refused with a message naming its key. */
gboolean scene_get_number    (JsonObject        *object,
                              const char        *where,
                              const char        *member,
                              gboolean           whole,
                              double             min,
                              double             max,
                              double            *value,
                              GError           **error);
gboolean scene_get_uint      (JsonObject        *object,
                              const char        *where,
                              const char        *member,
                              guint64            min,
                              guint64            max,
                              guint64           *value,
                              GError           **error);
gboolean scene_get_string    (JsonObject        *object,
                              const char        *where,
                              const char        *member,
                              char             **value,
                              GError           **error);

/* domus-scene-pci.c: host.iommu and host.pci (@host may be NULL), and a
 * boolean member. */
gboolean scene_get_boolean   (JsonObject        *object,
                              const char        *where,
                              const char        *member,
                              gboolean          *value,
                              GError           **error);
GArray  *scene_pci_new       (void);
gboolean scene_parse_pci     (JsonObject        *host,
                              DomusScene        *scene,
                              GError           **error);

/* domus-scene-storage.c */
void     scene_vg_free       (gpointer           data);
GArray  *scene_images_new    (void);
gboolean scene_parse_storage (JsonNode          *node,
                              DomusScene        *scene,
                              GError           **error);
gboolean scene_parse_disks   (JsonNode          *node,
                              const char        *where,
                              DomusSceneDomain  *domain,
                              GError           **error);
void     scene_add_disks     (JsonBuilder       *builder,
                              const DomusSceneDomain *domain);

G_END_DECLS
