/* Between our addresses and the frames Xen and backends see (PV: through
 * the p2m list and the M2P, pv/p2m.c). */
#ifndef PVBOOT_PV_FRAMES_H
#define PVBOOT_PV_FRAMES_H

#include "pv/xen_abi.h"

/* The frame holding one of our pages. */
uint64_t xrt_virt_to_frame(const void *va);
/* The address of one of our pages, by frame; NULL if it is not ours. */
void *xrt_mfn_to_virt(uint64_t mfn);
/* Map frame mfn at the page-aligned address va (one of our own pages,
 * given up for the purpose). */
int xrt_map_frame(void *va, uint64_t mfn);

/* Zeroed, page-aligned pages from the heap (pv/pages.c); NULL when
 * exhausted.  Host tests of blkfront bring their own. */
void *xrt_alloc_pages(size_t npages);
void xrt_free_pages(void *va, size_t npages);

#endif
