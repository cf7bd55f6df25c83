/* Frames in a PV guest: our pseudo-physical page n is at address n * 4 KiB
 * (VIRT_BASE 0), the p2m list (start_info.mfn_list) gives its machine
 * frame, and Xen's read-only M2P table maps back. */
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

uint64_t xrt_virt_to_frame(const void *va)
{
	unsigned long pfn = (unsigned long)va >> 12; /* VIRT_BASE is 0 */

	if (pfn >= xrt_start_info->nr_pages)
		pb_panic("virt_to_frame: address outside the guest");
	return p2m()[pfn];
}

void *xrt_mfn_to_virt(uint64_t mfn)
{
	const unsigned long *m2p = (const unsigned long *)MACH2PHYS_VIRT_START;
	unsigned long pfn = m2p[mfn];

	if (pfn >= xrt_start_info->nr_pages || p2m()[pfn] != mfn)
		return NULL;
	return (void *)(pfn << 12);
}

int xrt_map_frame(void *va, uint64_t mfn)
{
	return hyp_update_va_mapping((unsigned long)va, (mfn << 12) | PTE_PRESENT_RW_USER, UVMF_INVLPG) ? -1 : 0;
}
