/* What only a PV guest has: Xen's start_info (validated by pv/setup.c)
 * and the bootstrap page tables it maps all of RAM through (pv/mm.c). */
#ifndef PVBOOT_PV_PV_START_H
#define PVBOOT_PV_PV_START_H

#include "pv/xen_abi.h"

extern struct start_info *xrt_start_info;

/* Map every page of guest RAM beyond the bootstrap region and return the
 * newly usable range for the heap. */
int xrt_map_all_ram(void **start, size_t *len);

#endif
