/* domus-hvm-create.h: a new HVM domain, from its disk image to its start
 *
 * domus_hvm_create_async() does what the New HVM Domain assistant's
 * "Create" does, in order: makes @image_size bytes of a new sparse image
 * file at @image_path when @image_path is given (never over an existing
 * file), writes @config_text to @config_path (making its folder, replacing
 * an old file atomically), and creates the domain from that file. A step
 * that fails or is cancelled stops there and removes the image this call
 * made; the config file written stays, as xl leaves it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "domus-host.h"

G_BEGIN_DECLS

typedef enum
{
  DOMUS_HVM_CREATE_IMAGE,    /* making the disk image: no fraction known */
  DOMUS_HVM_CREATE_DOMAIN,   /* creating the domain: 0 at its start, then the host's */
} DomusHvmCreateStep;

/* @fraction is 0 .. 1, or negative while unknown. */
typedef void (*DomusHvmCreateProgress) (DomusHvmCreateStep step,
                                        double             fraction,
                                        gpointer           user_data);

void   domus_hvm_create_async  (DomusHost              *host,
                                const char             *config_path,
                                const char             *config_text,
                                const char             *image_path,
                                guint64                 image_size,
                                DomusHvmCreateProgress  progress,
                                gpointer                progress_data,
                                GCancellable           *cancellable,
                                GAsyncReadyCallback     callback,
                                gpointer                user_data);
/* The new domain's id, or -1 with @error. */
gint64 domus_hvm_create_finish (DomusHost              *host,
                                GAsyncResult           *result,
                                GError                **error);

G_END_DECLS
