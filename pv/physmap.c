/* PVH: Xen's own pages (shared_info, grant-table frames) placed in our
 * physical address space (XENMEM_add_to_physmap) at guest frames of a
 * window above everything in the memory map, where no RAM is, so that
 * no RAM page is given up and the handoff can take them out again and
 * leave the next kernel the holes its memory map describes.  Linux does
 * the same with unpopulated address space. */
#include "pv/frames.h"
#include "pv/hypercall.h"
#include "pv/pvh.h"
#include "loader/lib/err.h"

#include <xen/memory.h>

#define PHYSMAP_MAX 80 /* shared_info + 64 grant frames, with room */

static uint64_t next_gfn;
static uint64_t added[PHYSMAP_MAX];
static unsigned int nr_added;

void xrt_physmap_init(uint64_t above)
{
	/* A fresh 2 MiB granule, at least 4 GiB up: clear of the LAPIC and
	 * the special pages Xen keeps below 4 GiB. */
	uint64_t base = above < (4ull << 30) ? (4ull << 30) : above;

	next_gfn = ((base + (2ull << 20) - 1) & ~((2ull << 20) - 1)) >> 12;
}

void *xrt_physmap_add(unsigned int space, unsigned long idx)
{
	uint64_t gfn = next_gfn;

	if (!gfn || nr_added == PHYSMAP_MAX)
		return NULL;
	if (!xrt_identity_mapped(gfn << 12, 4096) && pvh_map_identity(gfn << 12, (gfn + 1) << 12))
		return NULL;
	struct xen_add_to_physmap a = { .domid = DOMID_SELF, .space = space, .idx = idx, .gpfn = gfn };
	if (hyp_memory_op(XENMEM_add_to_physmap, &a))
		return NULL;
	added[nr_added++] = gfn;
	next_gfn++;
	return (void *)(uintptr_t)(gfn << 12);
}

void xrt_physmap_remove_all(void)
{
	while (nr_added) {
		struct xen_remove_from_physmap r = { .domid = DOMID_SELF, .gpfn = added[--nr_added] };
		hyp_memory_op(XENMEM_remove_from_physmap, &r);
	}
}
