/* Frames, the names Xen and the backends give our pages.  PV: our
 * pseudo-physical page n is at address n * 4 KiB (VIRT_BASE 0), the p2m
 * list (start_info.mfn_list) gives its machine frame, and Xen's read-only
 * M2P table maps back.  PVH: the frame is the guest frame number, and we
 * identity-map guest memory, so it is the address / 4 KiB. */
#include "pv/frames.h"
#include "pv/hypercall.h"
#include "pv/pt.h"
#include "pv/pv_start.h"
#include "loader/lib/err.h"
#include "loader/lib/heap.h"

static unsigned long *p2m(void)
{
	return (unsigned long *)xrt_start_info->mfn_list;
}

bool xrt_is_pvh;

uint64_t xrt_virt_to_frame(const void *va)
{
	unsigned long pfn = (unsigned long)va >> 12; /* VIRT_BASE is 0 */

	if (xrt_is_pvh)
		return pfn;
	if (pfn >= xrt_start_info->nr_pages)
		pb_panic("virt_to_frame: address outside the guest");
	return p2m()[pfn];
}

void *xrt_mfn_to_virt(uint64_t mfn)
{
	const unsigned long *m2p = (const unsigned long *)MACH2PHYS_VIRT_START;

	if (xrt_is_pvh)
		return xrt_identity_mapped(mfn << 12, 4096) ? (void *)(uintptr_t)(mfn << 12) : NULL;
	unsigned long pfn = m2p[mfn];

	if (pfn >= xrt_start_info->nr_pages || p2m()[pfn] != mfn)
		return NULL;
	return (void *)(pfn << 12);
}

int xrt_map_frame(void *va, uint64_t mfn)
{
	if (xrt_is_pvh)
		return -1; /* PVH maps frames through the physmap (xrt_physmap_add) */
	return hyp_update_va_mapping((unsigned long)va, (mfn << 12) | PTE_PRESENT_RW_USER, UVMF_INVLPG) ? -1 : 0;
}
