/* Between our addresses and the frames Xen and backends see (PV: through
 * the p2m list and the M2P; PVH: guest frames, identity-mapped; pv/frames.c).
 * One binary serves both guest types: the mode is chosen at start of day
 * and every branch is compiled. */
#ifndef PVBOOT_PV_FRAMES_H
#define PVBOOT_PV_FRAMES_H

#include "pv/xen_abi.h"

/* Set once by the PVH entry (pv/pvh_setup.c) before anything else runs. */
extern bool xrt_is_pvh;

/* The frame holding one of our pages. */
uint64_t xrt_virt_to_frame(const void *va);
/* The address of one of our pages, by frame; NULL if it is not ours. */
void *xrt_mfn_to_virt(uint64_t mfn);
/* Map frame mfn at the page-aligned address va (one of our own pages,
 * given up for the purpose). */
int xrt_map_frame(void *va, uint64_t mfn);

/* PVH: is [addr, addr + len) inside our identity map (pv/pvh_mm.c)? */
bool xrt_identity_mapped(uint64_t addr, uint64_t len);

/* PVH: let Xen place one of its pages (XENMAPSPACE_shared_info or
 * _grant_table, index idx) at the next free guest frame of a window above
 * all RAM, mapped; consecutive calls get consecutive frames.  The address,
 * or NULL (pv/physmap.c). */
void *xrt_physmap_add(unsigned int space, unsigned long idx);
/* Take every frame xrt_physmap_add placed out of the physmap again: the
 * next kernel finds the holes it was given (the handoff's last step). */
void xrt_physmap_remove_all(void);

/* Zeroed, page-aligned pages from the heap (pv/pages.c); NULL when
 * exhausted.  Host tests of blkfront bring their own. */
void *xrt_alloc_pages(size_t npages);
void xrt_free_pages(void *va, size_t npages);

#endif
