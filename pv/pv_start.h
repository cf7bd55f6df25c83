/* What only a PV guest has: Xen's start_info (validated by pv/setup.c)
 * and the bootstrap page tables it maps all of RAM through (pv/mm.c). */
#ifndef PVBOOT_PV_PV_START_H
#define PVBOOT_PV_PV_START_H

#include "pv/xen_abi.h"

extern struct start_info *xrt_start_info;

/* Map every page of guest RAM at VA = pfn * 4 KiB (and repair the
 * bootstrap region's mappings); *end is where the usable RAM ends (the
 * page tables made for this sit above it). */
int xrt_map_all_ram(uintptr_t *end);

/* The first address after everything Xen (or the loader that started us)
 * put in the bootstrap region: our image, the p2m list, start_info, the
 * rings, an initrd, the page tables and the boot stack. */
uintptr_t xrt_bootstrap_end(void);

/* pvboot's image mapped W^X, the page below the stack unmapped
 * (pv/pv_protect.c); after xrt_map_all_ram, which rewrites the region's
 * mappings. */
int pv_protect_image(void);

#endif
