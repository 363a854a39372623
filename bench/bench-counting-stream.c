/* bench-counting-stream.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bench-counting-stream.h"

/* The input side: a filter stream whose reads, blocking or not, count. */
#define COUNTING_TYPE_INPUT (counting_input_get_type ())
G_DECLARE_FINAL_TYPE (CountingInput, counting_input, COUNTING, INPUT, GFilterInputStream)

struct _CountingInput
{
  GFilterInputStream parent_instance;
  gsize              count;  /* atomic: GDBus reads on its worker thread */
};

static void counting_input_pollable_init (GPollableInputStreamInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CountingInput, counting_input, G_TYPE_FILTER_INPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_INPUT_STREAM,
                                                      counting_input_pollable_init))

static GInputStream *
input_base (gpointer stream)
{
  return g_filter_input_stream_get_base_stream (G_FILTER_INPUT_STREAM (stream));
}

static gssize
counting_input_read (GInputStream  *stream,
                     void          *buffer,
                     gsize          count,
                     GCancellable  *cancellable,
                     GError       **error)
{
  gssize n = g_input_stream_read (input_base (stream), buffer, count, cancellable, error);

  if (n > 0)
    g_atomic_pointer_add (&COUNTING_INPUT (stream)->count, n);
  return n;
}

static gboolean
counting_input_can_poll (GPollableInputStream *stream)
{
  GInputStream *base = input_base (stream);

  return G_IS_POLLABLE_INPUT_STREAM (base) && g_pollable_input_stream_can_poll (G_POLLABLE_INPUT_STREAM (base));
}

static gboolean
counting_input_is_readable (GPollableInputStream *stream)
{
  return g_pollable_input_stream_is_readable (G_POLLABLE_INPUT_STREAM (input_base (stream)));
}

static GSource *
counting_input_create_source (GPollableInputStream *stream,
                              GCancellable         *cancellable)
{
  g_autoptr(GSource) base = g_pollable_input_stream_create_source (G_POLLABLE_INPUT_STREAM (input_base (stream)),
                                                                   NULL);

  return g_pollable_source_new_full (stream, base, cancellable);
}

static gssize
counting_input_read_nonblocking (GPollableInputStream  *stream,
                                 void                  *buffer,
                                 gsize                  count,
                                 GError               **error)
{
  gssize n = g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (input_base (stream)),
                                                       buffer, count, NULL, error);

  if (n > 0)
    g_atomic_pointer_add (&COUNTING_INPUT (stream)->count, n);
  return n;
}

static void
counting_input_pollable_init (GPollableInputStreamInterface *iface)
{
  iface->can_poll = counting_input_can_poll;
  iface->is_readable = counting_input_is_readable;
  iface->create_source = counting_input_create_source;
  iface->read_nonblocking = counting_input_read_nonblocking;
}

static void
counting_input_class_init (CountingInputClass *klass)
{
  G_INPUT_STREAM_CLASS (klass)->read_fn = counting_input_read;
}

static void
counting_input_init (CountingInput *self)
{
}

/* The output side, the same way. */
#define COUNTING_TYPE_OUTPUT (counting_output_get_type ())
G_DECLARE_FINAL_TYPE (CountingOutput, counting_output, COUNTING, OUTPUT, GFilterOutputStream)

struct _CountingOutput
{
  GFilterOutputStream parent_instance;
  gsize               count;  /* atomic */
};

static void counting_output_pollable_init (GPollableOutputStreamInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CountingOutput, counting_output, G_TYPE_FILTER_OUTPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_OUTPUT_STREAM,
                                                      counting_output_pollable_init))

static GOutputStream *
output_base (gpointer stream)
{
  return g_filter_output_stream_get_base_stream (G_FILTER_OUTPUT_STREAM (stream));
}

static gssize
counting_output_write (GOutputStream  *stream,
                       const void     *buffer,
                       gsize           count,
                       GCancellable   *cancellable,
                       GError        **error)
{
  gssize n = g_output_stream_write (output_base (stream), buffer, count, cancellable, error);

  if (n > 0)
    g_atomic_pointer_add (&COUNTING_OUTPUT (stream)->count, n);
  return n;
}

static gboolean
counting_output_can_poll (GPollableOutputStream *stream)
{
  GOutputStream *base = output_base (stream);

  return G_IS_POLLABLE_OUTPUT_STREAM (base) && g_pollable_output_stream_can_poll (G_POLLABLE_OUTPUT_STREAM (base));
}

static gboolean
counting_output_is_writable (GPollableOutputStream *stream)
{
  return g_pollable_output_stream_is_writable (G_POLLABLE_OUTPUT_STREAM (output_base (stream)));
}

static GSource *
counting_output_create_source (GPollableOutputStream *stream,
                               GCancellable          *cancellable)
{
  g_autoptr(GSource) base = g_pollable_output_stream_create_source (G_POLLABLE_OUTPUT_STREAM (output_base (stream)),
                                                                    NULL);

  return g_pollable_source_new_full (stream, base, cancellable);
}

static gssize
counting_output_write_nonblocking (GPollableOutputStream  *stream,
                                   const void             *buffer,
                                   gsize                   count,
                                   GError                **error)
{
  gssize n = g_pollable_output_stream_write_nonblocking (G_POLLABLE_OUTPUT_STREAM (output_base (stream)),
                                                         buffer, count, NULL, error);

  if (n > 0)
    g_atomic_pointer_add (&COUNTING_OUTPUT (stream)->count, n);
  return n;
}

static void
counting_output_pollable_init (GPollableOutputStreamInterface *iface)
{
  iface->can_poll = counting_output_can_poll;
  iface->is_writable = counting_output_is_writable;
  iface->create_source = counting_output_create_source;
  iface->write_nonblocking = counting_output_write_nonblocking;
}

static void
counting_output_class_init (CountingOutputClass *klass)
{
  G_OUTPUT_STREAM_CLASS (klass)->write_fn = counting_output_write;
}

static void
counting_output_init (CountingOutput *self)
{
}

/* The pair, as one GIOStream: GIOStream's own close closes both sides,
 * and each closes the stream it wraps. */
struct _BenchCountingStream
{
  GIOStream       parent_instance;
  CountingInput  *input;
  CountingOutput *output;
};

G_DEFINE_FINAL_TYPE (BenchCountingStream, bench_counting_stream, G_TYPE_IO_STREAM)

static GInputStream *
bench_counting_stream_get_input_stream (GIOStream *stream)
{
  return G_INPUT_STREAM (BENCH_COUNTING_STREAM (stream)->input);
}

static GOutputStream *
bench_counting_stream_get_output_stream (GIOStream *stream)
{
  return G_OUTPUT_STREAM (BENCH_COUNTING_STREAM (stream)->output);
}

static void
bench_counting_stream_finalize (GObject *object)
{
  BenchCountingStream *self = BENCH_COUNTING_STREAM (object);

  g_clear_object (&self->input);
  g_clear_object (&self->output);

  G_OBJECT_CLASS (bench_counting_stream_parent_class)->finalize (object);
}

static void
bench_counting_stream_class_init (BenchCountingStreamClass *klass)
{
  GIOStreamClass *stream_class = G_IO_STREAM_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = bench_counting_stream_finalize;
  stream_class->get_input_stream = bench_counting_stream_get_input_stream;
  stream_class->get_output_stream = bench_counting_stream_get_output_stream;
}

static void
bench_counting_stream_init (BenchCountingStream *self)
{
}

BenchCountingStream *
bench_counting_stream_new (GInputStream  *input,
                           GOutputStream *output)
{
  BenchCountingStream *self = g_object_new (BENCH_TYPE_COUNTING_STREAM, NULL);

  self->input = g_object_new (COUNTING_TYPE_INPUT, "base-stream", input, NULL);
  self->output = g_object_new (COUNTING_TYPE_OUTPUT, "base-stream", output, NULL);
  return self;
}

gsize
bench_counting_stream_get_read (BenchCountingStream *self)
{
  return (gsize) g_atomic_pointer_get (&self->input->count);
}

gsize
bench_counting_stream_get_written (BenchCountingStream *self)
{
  return (gsize) g_atomic_pointer_get (&self->output->count);
}
