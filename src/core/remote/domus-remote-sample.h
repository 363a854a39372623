/* domus-remote-sample.h: a host sample on the wire, as a change from the last
 *
 * What io.domus.Host1's Refresh returns (data/io.domus.Host1.xml): the
 * domains that are new or changed, the ones whose CPU times alone moved
 * (packed: their changes, a few bytes each), and the ids of the ones gone,
 * against the sample sent before on the same connection. Both ends keep
 * that sample.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "domus-host-sample.h"

G_BEGIN_DECLS

#define DOMUS_REMOTE_SAMPLE_TYPE "(xtaya(usssssuuuuttttiia(uuuts))ayau)"

/* @sample as a change from @previous (NULL: all of it); floating. */
GVariant        *domus_remote_sample_encode (const DomusHostSample  *previous,
                                             const DomusHostSample  *sample);
/* The I/O of @sample's domains as a change from @previous's (NULL: all
 * of it): the "ay io" of RefreshIo (ProtocolVersion 4); floating. */
GVariant        *domus_remote_sample_encode_io (const DomusHostSample  *previous,
                                                const DomusHostSample  *sample);
/* The sample @variant describes as a change from @previous (NULL: from
 * nothing), with @n_pcpus pCPUs; NULL and @error (DOMUS_ERROR_PARSE,
 * DOMUS_ERROR_TOO_LARGE) when it is not one. */
DomusHostSample *domus_remote_sample_decode (const DomusHostSample  *previous,
                                             GVariant               *variant,
                                             guint                   n_pcpus,
                                             GError                **error);
/* As domus_remote_sample_decode(), then the I/O changes of @io (an "ay"
 * from domus_remote_sample_encode_io()), or none for NULL: each domain
 * keeps the I/O it had in @previous unless @io says otherwise. */
DomusHostSample *domus_remote_sample_decode_io (const DomusHostSample  *previous,
                                                GVariant               *variant,
                                                GVariant               *io,
                                                guint                  n_pcpus,
                                                GError               **error);
/* As domus_remote_sample_decode_io() from @sample, onto @sample itself,
 * without a copy: the remote host's last sample, which no one else holds.
 * FALSE and @error when it is not a sample; @sample is then half changed,
 * to be thrown away. */
gboolean         domus_remote_sample_decode_onto (DomusHostSample  *sample,
                                                  GVariant         *variant,
                                                  GVariant         *io,
                                                  GError          **error);

G_END_DECLS
