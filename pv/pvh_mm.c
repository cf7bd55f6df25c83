/* PVH memory: the identity map and the guest's memory map.
 *
 * pv/head.S maps 0 .. 4 GiB with 2 MiB pages before C runs; RAM above
 * that, and the physmap window pv/physmap.c places Xen's pages in, are
 * mapped here on demand, with 1 GiB pages where the CPU has them and
 * 2 MiB pages (a new page directory from the heap per GiB) where not.
 * Guest frame = address / 4 KiB (pv/frames.c). */
#include "pv/pvh.h"
#include "pv/frames.h"
#include "pv/cpuid.h"
#include "loader/lib/err.h"
#include "loader/lib/heap.h"

#define PTE_P 0x1ull
#define PTE_TABLE 0x3ull /* present, writable */
#define PTE_LARGE 0x83ull /* present, writable, page size */
#define PTE_ADDR 0x000ffffffffff000ull
#define GIB (1ull << 30)
#define MIB2 (1ull << 21)

extern uint64_t pvh_pml4[512];

static bool has_1g_pages(void)
{
	return cpuid_ext_features_edx() & (1u << 26);
}

static uint64_t *table_at(uint64_t e)
{
	return (uint64_t *)(uintptr_t)(e & PTE_ADDR);
}

/* The table entry e points to, made (zeroed, from the heap) if absent. */
static uint64_t *child(uint64_t *e)
{
	if (!(*e & PTE_P)) {
		uint64_t *t = pb_heap_alloc(4096, 4096);
		if (!t)
			return NULL;
		memset(t, 0, 4096);
		*e = (uint64_t)(uintptr_t)t | PTE_TABLE;
	}
	return table_at(*e);
}

bool xrt_identity_mapped(uint64_t addr, uint64_t len)
{
	if (len == 0 || addr + len < addr || addr + len > PVH_MAX_ADDR)
		return false;
	for (uint64_t a = addr & ~(MIB2 - 1); a < addr + len; a += MIB2) {
		uint64_t e = pvh_pml4[(a >> 39) & 511];
		if (!(e & PTE_P))
			return false;
		e = table_at(e)[(a >> 30) & 511];
		if (!(e & PTE_P))
			return false;
		if (e & 0x80)
			continue; /* a 1 GiB page */
		if (!(table_at(e)[(a >> 21) & 511] & PTE_P))
			return false;
	}
	return true;
}

int pvh_map_identity(uint64_t start, uint64_t end)
{
	bool big = has_1g_pages();

	if (end > PVH_MAX_ADDR || start > end)
		return pb_error(PB_ERR_LIMIT, "memory at 0x%llx is beyond what pvboot maps (%llu GiB)",
				(unsigned long long)end, (unsigned long long)(PVH_MAX_ADDR / GIB));
	for (uint64_t a = start & ~(MIB2 - 1); a < end;) {
		uint64_t *l3 = child(&pvh_pml4[(a >> 39) & 511]);
		if (!l3)
			return pb_error(PB_ERR_NOMEM, "no memory for page tables");
		uint64_t *e3 = &l3[(a >> 30) & 511];
		if (big && !(*e3 & PTE_P) && !(a & (GIB - 1))) {
			*e3 = a | PTE_LARGE;
			a += GIB;
			continue;
		}
		if (*e3 & 0x80) { /* inside a 1 GiB page already */
			a = (a & ~(GIB - 1)) + GIB;
			continue;
		}
		uint64_t *l2 = child(e3);
		if (!l2)
			return pb_error(PB_ERR_NOMEM, "no memory for page tables");
		l2[(a >> 21) & 511] = a | PTE_LARGE;
		a += MIB2;
	}
	/* Only new entries were written: nothing stale to flush, but a
	 * reload is cheap and makes that not matter. */
	uint64_t cr3;
	asm volatile("mov %%cr3, %0; mov %0, %%cr3" : "=r"(cr3)::"memory");
	return PB_OK;
}
