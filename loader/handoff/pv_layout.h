/* Where everything goes when a Xen PV kernel starts: the "bootstrap
 * region" of Xen's start-of-day contract (public/xen.h), planned from the
 * kernel's ELF notes the way Xen's own domain builder plans it, so the
 * kernel finds what it would find had Dom0 built it.
 *
 * The region is virtually contiguous from VIRT_BASE, page by page:
 *   [padding up to the kernel] kernel [initrd] p2m start_info xenstore
 *   console page-tables stack, then >= 512 KiB of slack, rounded up to
 *   4 MiB.  A kernel with an INIT_P2M note gets its p2m list after the
 *   stack instead, mapped at the note's address by page tables of its own
 *   (as Xen's builder does; Linux then cleans the whole region up).
 * Pages are numbered as the new kernel's pseudo-physical frames (pfn 0 is
 * VIRT_BASE).  Pure arithmetic: no platform, unit-tested and fuzzed.
 */
#ifndef PVBOOT_LOADER_PV_LAYOUT_H
#define PVBOOT_LOADER_PV_LAYOUT_H

#include "loader/kernel/elf.h"
#include "loader/kernel/kernel.h"

#define PV_PAGE 4096ull
/* Linux copies the single L2 table covering VIRT_BASE, so everything it
 * is given must be mapped within that first GiB. */
#define PV_REGION_MAX (1ull << 30)
/* Page-table pages kept spare for mapping the jump trampoline. */
#define PV_TRAMPOLINE_TABLES 3

struct pv_range {
	uint64_t pfn, pages;
};

struct pv_layout {
	uint64_t virt_base;   /* VA of pfn 0 */
	uint64_t virt_offset; /* load VA = p_paddr + virt_offset */
	uint64_t entry;       /* VA */
	uint64_t hypercall_page; /* VA, 0 when the kernel has none */
	struct pv_range kernel, initrd, p2m, start_info, xenstore, console, pt, stack;
	uint64_t mapped_pages; /* pages mapped from VIRT_BASE (with slack) */
	uint64_t staged_pages; /* pfns [0, staged_pages) are prepared by the loader:
				* mapped_pages, or more when an INIT_P2M list runs past it */
	uint64_t p2m_base;     /* INIT_P2M: the p2m's own VA (outside the region), or 0 */
	uint64_t nr_pages;     /* the guest's RAM in pages (p2m entries) */
	bool mod_start_pfn;    /* pass the initrd as a PFN (MOD_START_PFN note) */
};

/* Plan for a 64-bit PV kernel with the given initrd size in a guest of
 * nr_pages pages.  Errors say what does not fit or which note is wrong. */
int pv_layout_plan(const struct elf_image *elf, uint64_t initrd_len, uint64_t nr_pages,
		   struct pv_layout *out);

/* Page-table pages needed to map pages 4 KiB pages from va (x86-64, 4 levels). */
uint64_t pv_layout_tables(uint64_t va, uint64_t pages);

/* Copy the kernel's loadable segments into region (region_len bytes that
 * will become pfn 0 onwards), zero-filling each segment's memsz tail. */
int pv_layout_load_kernel(const struct pv_layout *l, const struct kernel_image *k,
			  uint8_t *region, uint64_t region_len);

/* VA of a pfn of the plan. */
static inline uint64_t pv_layout_va(const struct pv_layout *l, uint64_t pfn)
{
	return l->virt_base + pfn * PV_PAGE;
}

#endif
