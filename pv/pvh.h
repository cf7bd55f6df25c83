/* What only a PVH guest has: the start info Xen (or the loader that
 * started us) passed at PHYS32_ENTRY, kept as pv/pvh_setup.c validated
 * and copied it, and the identity map (pv/pvh_mm.c). */
#ifndef PVBOOT_PV_PVH_H
#define PVBOOT_PV_PVH_H

#include "pv/xen_abi.h"

#include <xen/arch-x86/hvm/start_info.h>

#define PVH_MEMMAP_MAX 128          /* entries kept; more is refused */
#define PVH_MAX_ADDR (1ull << 40)   /* the most pvboot maps: 1 TiB */
#define PVH_E820_RAM 1              /* hvm_memmap_table_entry.type, as E820 */

struct pvh_boot {
	uint64_t rsdp_paddr;        /* passed through to the next kernel */
	uint32_t nr_memmap;
	struct hvm_memmap_table_entry memmap[PVH_MEMMAP_MAX];
	uint64_t ram_bytes;         /* sum of the RAM entries */
	uint64_t top;               /* end of the highest entry of any type */
};

extern struct pvh_boot pvh_boot;

/* Identity-map [start, end) (2 MiB granules, tables from the heap). */
int pvh_map_identity(uint64_t start, uint64_t end);

/* The physmap window starts above every entry of the memory map. */
void xrt_physmap_init(uint64_t above);

#endif
