/* domus-clone.h: clone a domain, the lab's recipe as one action
 *
 * For each new name: each disk of the domain's xl config is copied, an LV
 * by an LVM snapshot of it (lvcreate -s, named after the clone, in the
 * same VG; its size asked, 20 % of the origin by default), an image file
 * by a copy beside it; then a copy of the config is written beside the
 * original (NEW.cfg) with the new name, the clone's disks, a fresh MAC on
 * every vif and no uuid; then, if asked, the clone is created from it.
 * A clone whose step fails has what was made for it removed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "domus-host.h"

G_BEGIN_DECLS

/* A snapshot's default size: this share of its origin's. */
#define DOMUS_CLONE_DEFAULT_SNAPSHOT_PERCENT 20

typedef struct _DomusCloneSpec
{
  const char         *source;         /* the domain cloned */
  const char         *config_path;    /* its xl config; NULL: the one it was created from */
  const char * const *names;          /* the clones', NULL-terminated */
  guint64             snapshot_size;  /* bytes of each snapshot; 0: the default share */
  gboolean            start;          /* create each clone once written */
} DomusCloneSpec;

/* Called on the main context: what is being done ("Snapshot of vol1/base
 * as clone1"), and the share of the whole done, 0 to 1. */
typedef DomusHostCloneProgress DomusCloneProgress;

/* The names of @count clones of @base: @base itself for one, @base1 to
 * @baseN for more (clone1, clone2, as the lab names them). */
GStrv      domus_clone_names           (const char          *base,
                                        guint                count);
/* A fresh MAC address in Xen's range, 00:16:3e:xx:xx:xx. */
char      *domus_clone_random_mac      (void);
/* The text of the clone's xl config: @text (its file named @display_name)
 * with @name, @disks in place of its disk list, a fresh MAC on every vif
 * and no uuid. */
char      *domus_clone_config_text     (const char          *text,
                                        const char          *display_name,
                                        const char          *name,
                                        const char * const  *disks,
                                        GError             **error);

void       domus_clone_async           (DomusHost            *host,
                                        const DomusCloneSpec *spec,
                                        DomusCloneProgress    progress,
                                        gpointer              progress_data,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
/* The config files written, one per clone (char*). */
GPtrArray *domus_clone_finish          (DomusHost            *host,
                                        GAsyncResult         *result,
                                        GError              **error);

G_END_DECLS
