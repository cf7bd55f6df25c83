/* A small allocator over memory regions the platform hands it (the PV
 * runtime: all of the guest's RAM it has mapped).  First fit over an
 * address-ordered free list, coalescing on free; every block carries a
 * header with a magic word so a corrupted heap is detected (panic: that
 * is an internal invariant, not bad input). */
#ifndef PVBOOT_LOADER_HEAP_H
#define PVBOOT_LOADER_HEAP_H

#include "loader/lib/libc.h"

void pb_heap_add_region(void *base, size_t len);
void *pb_heap_alloc(size_t size, size_t align);
/* The same, with the block inside [lo, hi): the PVH handoff keeps what
 * must survive below 4 GiB and out of the next kernel's place. */
void *pb_heap_alloc_range(size_t size, size_t align, uintptr_t lo, uintptr_t hi);
void pb_heap_free(void *p);
/* Usable size of an allocated block. */
size_t pb_heap_block_size(const void *p);
/* Bytes currently free (sum of free blocks). */
size_t pb_heap_free_bytes(void);
/* Called on heap corruption; the platform provides it. */
__attribute__((noreturn)) void pb_panic(const char *msg);

#endif
