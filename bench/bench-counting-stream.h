/* bench-counting-stream.h: a stream that counts the bytes through it
 *
 * Wraps a GIOStream (an agent's standard streams) and counts what is read
 * from it and written to it: all a D-Bus connection over it puts on the
 * wire, its framing included. Its streams are pollable when the wrapped
 * ones are, so GDBus reads and writes them as it would the pipes, without
 * a thread a call that would add to the CPU time measured beside. The
 * counts may be read on any thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define BENCH_TYPE_COUNTING_STREAM (bench_counting_stream_get_type ())

G_DECLARE_FINAL_TYPE (BenchCountingStream, bench_counting_stream, BENCH, COUNTING_STREAM, GIOStream)

BenchCountingStream *bench_counting_stream_new         (GInputStream        *input,
                                                        GOutputStream       *output);
/* Bytes read from the input and written to the output so far. */
gsize                bench_counting_stream_get_read    (BenchCountingStream *self);
gsize                bench_counting_stream_get_written (BenchCountingStream *self);

G_END_DECLS
