/* PV: pvboot's own image write-protected and non-executable where it can
 * be, in the start-of-day mapping Xen made of it (one writable, executable
 * mapping of the whole bootstrap region).  Code and constants become
 * read-only, data and stacks non-executable (when the CPU has NX), the
 * page below the stack unmapped: a wild write or a runaway stack then
 * faults, and Xen, with no trap table from pvboot, crashes the domain and
 * logs where (xl dmesg), instead of pvboot running on corrupted. */
#include "pv/pv_start.h"
#include "pv/image_layout.h"
#include "pv/hypercall.h"
#include "pv/frames.h"
#include "pv/pt.h"
#include "loader/lib/err.h"

#include <xen/xen.h>
#include <stdint.h>

#define PTE_NX (1ull << 63)

int pv_protect_image(void)
{
	const unsigned long *p2m = (const unsigned long *)xrt_start_info->mfn_list;
	uint64_t nx = cpu_has_nx() ? PTE_NX : 0;

	for (uint64_t a = (uintptr_t)_image_start; a < (uintptr_t)_end; a += 4096) {
		uint64_t pte = (uint64_t)p2m[a >> 12] << 12;
		switch (image_page_kind(a)) {
		case PAGE_GUARD:
			pte = 0;
			break;
		case PAGE_CODE:
			pte |= PTE_RO;
			break;
		default:
			pte |= PTE_RW | nx;
			break;
		}
		long rc = hyp_update_va_mapping((unsigned long)a, pte, UVMF_INVLPG);
		if (rc)
			return pb_error(PB_ERR_IO, "remapping pvboot's page at 0x%llx failed (%ld)",
					(unsigned long long)a, rc);
	}
	return PB_OK;
}
