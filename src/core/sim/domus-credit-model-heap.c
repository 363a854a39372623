/* domus-credit-model-heap.c: the model's binary heaps of vCPUs
 *
 * Part of DomusCreditModel (domus-credit-model-private.h): the timers of
 * the event loop and credit2's run queues are min-heaps of vCPUs by key,
 * ties broken by a sequence number; a tracking heap keeps each vCPU's
 * position, so that it can be removed from the middle.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "domus-credit-model-private.h"

static inline void
heap_set (VcpuHeap        *heap,
          guint            i,
          const HeapEntry *e)
{
  heap->items[i] = *e;
  if (heap->track)
    e->v->c2_heap_pos = i;
}

static void
heap_sift_up (VcpuHeap *heap,
              guint     i)
{
  HeapEntry e = heap->items[i];

  while (i > 0)
    {
      guint parent = (i - 1) / 2;

      if (!heap_before (&e, &heap->items[parent]))
        break;
      heap_set (heap, i, &heap->items[parent]);
      i = parent;
    }
  heap_set (heap, i, &e);
}

static void
heap_sift_down (VcpuHeap *heap,
                guint     i)
{
  HeapEntry e = heap->items[i];

  for (;;)
    {
      guint child = 2 * i + 1;

      if (child >= heap->len)
        break;
      if (child + 1 < heap->len && heap_before (&heap->items[child + 1], &heap->items[child]))
        child++;
      if (!heap_before (&heap->items[child], &e))
        break;
      heap_set (heap, i, &heap->items[child]);
      i = child;
    }
  heap_set (heap, i, &e);
}

void
heap_push (VcpuHeap *heap,
           Vcpu     *v,
           guint64   key,
           guint64   tie)
{
  HeapEntry e = { key, tie, v };

  if (heap->len == heap->alloc)
    {
      heap->alloc = MAX (16, heap->alloc * 2);
      heap->items = g_renew (HeapEntry, heap->items, heap->alloc);
    }
  heap_set (heap, heap->len++, &e);
  heap_sift_up (heap, heap->len - 1);
}

void
heap_remove_at (VcpuHeap *heap,
                guint     i)
{
  g_assert (i < heap->len);

  if (heap->track)
    heap->items[i].v->c2_heap_pos = NOT_IN_HEAP;
  if (i == --heap->len)
    return;
  heap_set (heap, i, &heap->items[heap->len]);
  if (i > 0 && heap_before (&heap->items[i], &heap->items[(i - 1) / 2]))
    heap_sift_up (heap, i);
  else
    heap_sift_down (heap, i);
}

void
heap_reorder (VcpuHeap *heap)
{
  guint i;

  for (i = heap->len / 2; i-- > 0;)
    heap_sift_down (heap, i);
}
