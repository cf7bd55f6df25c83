/* PVH: pvboot's own image write-protected and non-executable where it can
 * be (pv/pvh_traps.h).
 *
 * pv/head.S maps the first 4 GiB with 2 MiB pages, all writable and
 * executable: a wild write could patch pvboot's code, and a runaway stack
 * would run into the page tables below it.  Here the 2 MiB pages holding
 * the image are split into 4 KiB pages: code and constants read-only,
 * data and stacks non-executable (when the CPU has NX), the page below the
 * stack and page 0 not mapped (a NULL dereference faults).  CR0.WP makes
 * the read-only pages binding for pvboot itself.  The rest of memory (the
 * heap, where the trampolines are copied and run) stays as it was.  The
 * handoff's trampoline turns paging off before it copies the next kernel
 * over the image, so none of this is in its way. */
#include "pv/pvh_traps.h"
#include "pv/image_layout.h"
#include "loader/lib/heap.h"
#include "loader/lib/err.h"

extern uint64_t pvh_pd[2048];

#define PTE_P 0x1ull
#define PTE_RW 0x2ull
#define PTE_NX (1ull << 63)
#define MIB2 (1ull << 21)
#define MSR_EFER 0xc0000080u
#define EFER_NXE (1u << 11)
#define CR0_WP (1ull << 16)

/* The 4 KiB entry for the page at a (identity-mapped). */
static uint64_t pte_for(uint64_t a, uint64_t nx)
{
	if (a == 0) /* a NULL dereference faults */
		return 0;
	switch (image_page_kind(a)) {
	case PAGE_GUARD:
		return 0;
	case PAGE_CODE:
		return a | PTE_P;
	case PAGE_DATA:
		return a | PTE_P | PTE_RW | nx;
	default:
		return a | PTE_P | PTE_RW; /* as before: not pvboot's image */
	}
}

int pvh_protect_image(void)
{
	uint64_t nx = 0, cr0;
	uint64_t last = ((uintptr_t)_end - 1) & ~(MIB2 - 1);

	if (cpu_has_nx()) {
		uint32_t lo, hi;
		asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(MSR_EFER));
		asm volatile("wrmsr" ::"c"(MSR_EFER), "a"(lo | EFER_NXE), "d"(hi));
		nx = PTE_NX;
	}
	for (uint64_t r = 0; r <= last; r += MIB2) {
		uint64_t *pt = pb_heap_alloc(4096, 4096);
		if (!pt)
			return pb_error(PB_ERR_NOMEM, "no memory to protect pvboot's image");
		for (uint64_t i = 0; i < 512; i++)
			pt[i] = pte_for(r + i * 4096, nx);
		pvh_pd[r / MIB2] = (uint64_t)(uintptr_t)pt | PTE_P | PTE_RW;
	}
	asm volatile("mov %%cr3, %0; mov %0, %%cr3" : "=r"(cr0)::"memory"); /* flush the old 2 MiB entries */
	asm volatile("mov %%cr0, %0" : "=r"(cr0));
	asm volatile("mov %0, %%cr0" ::"r"(cr0 | CR0_WP) : "memory");
	return PB_OK;
}
