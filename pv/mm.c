/* Mapping all of the guest's RAM.  Xen maps only the bootstrap region
 * (our image, the p2m list, start_info, rings, page tables) and a little
 * slack; the rest of the guest's pages are ours but unmapped.  We map them
 * 1:1 (VIRT_BASE is 0, so VA = PFN * 4 KiB) with new L1 tables (and L2 for
 * each further GiB), written through mmu_update since page-table pages may
 * never be writable in a PV guest.  The tables come from the top of RAM,
 * which stays unmapped.  pvgrub2 uses only the first 2 GiB; this maps all. */
#include "pv/frames.h"
#include "pv/hypercall.h"
#include "pv/pt.h"
#include "pv/pv_start.h"
#include "loader/lib/err.h"

#define PTE_FLAGS PTE_PRESENT_RW_USER
#define BATCH MMU_BATCH

static long mmuext(struct mmuext_op *op, unsigned int n)
{
	unsigned int done;
	return hyp_mmuext_op(op, n, &done, DOMID_SELF);
}

static int update(struct mmu_update *u, unsigned int n)
{
	unsigned int done;
	long rc = hyp_mmu_update(u, n, &done, DOMID_SELF);

	return rc ? pb_error(PB_ERR_IO, "mmu_update failed (%ld) after %u of %u entries", rc, done, n) : PB_OK;
}

static unsigned long *p2m;
static unsigned long top; /* page-table pages are taken from here down */

static int new_table(uint64_t *mfn)
{
	struct mmuext_op op = { .cmd = MMUEXT_CLEAR_PAGE };

	*mfn = p2m[--top];
	op.arg1.mfn = *mfn;
	return mmuext(&op, 1) ? pb_error(PB_ERR_IO, "cannot clear page-table page %lu", top) : PB_OK;
}

/* Fill a new L1 for the 2 MiB at pfn (up to limit) and hook it into the
 * L2 entry at machine address l2e_ma. */
static int map_chunk(unsigned long pfn, unsigned long limit, uint64_t l2e_ma)
{
	static struct mmu_update u[BATCH];
	uint64_t l1;
	unsigned int n = 0;
	int rc = new_table(&l1);

	if (rc)
		return rc;
	for (unsigned int i = 0; i < 512 && pfn + i < limit; i++, n++) {
		u[n].ptr = ((l1 << 12) + i * 8) | MMU_NORMAL_PT_UPDATE;
		u[n].val = ((uint64_t)p2m[pfn + i] << 12) | PTE_FLAGS;
	}
	if ((rc = update(u, n)))
		return rc;
	u[0].ptr = l2e_ma | MMU_NORMAL_PT_UPDATE;
	u[0].val = (l1 << 12) | PTE_FLAGS;
	return update(u, 1);
}

/* A 2 MiB chunk that already has an L1: make every entry map its own pfn,
 * writable, except the bootstrap page tables (which must stay read-only).
 * Whoever started us may have left other mappings there: a loader that
 * chained into us maps its trampoline page at an address of ours. */
static int fix_chunk(unsigned long pfn, unsigned long limit, uint64_t l1_mfn)
{
	static struct mmu_update u[BATCH];
	const uint64_t *l1 = xrt_mfn_to_virt(l1_mfn);
	const struct start_info *si = xrt_start_info;
	unsigned long pt_first = si->pt_base >> 12, pt_end = pt_first + si->nr_pt_frames;
	unsigned int n = 0;

	if (!l1)
		return pb_error(PB_ERR_CORRUPT, "bootstrap L1 table for pfn %lu is not in the guest's memory", pfn);
	for (unsigned int i = 0; i < 512 && pfn + i < limit; i++) {
		uint64_t want = ((uint64_t)p2m[pfn + i] << 12) | PTE_FLAGS;
		if (pfn + i >= pt_first && pfn + i < pt_end)
			continue;
		if ((l1[i] & (PTE_ADDR | PTE_FLAGS)) == want)
			continue;
		u[n].ptr = ((l1_mfn << 12) + i * 8) | MMU_NORMAL_PT_UPDATE;
		u[n].val = want;
		n++;
	}
	return n ? update(u, n) : PB_OK;
}

int xrt_map_all_ram(uintptr_t *end)
{
	struct start_info *si = xrt_start_info;
	const uint64_t *l4 = (const uint64_t *)si->pt_base;
	unsigned long nr = si->nr_pages, first_new = 0, limit;
	uint64_t l3_mfn, l2_mfn = 0;
	const uint64_t *l3, *l2 = NULL;
	bool l2_new = false;
	int rc;

	p2m = (unsigned long *)si->mfn_list;
	/* Tables needed: one L1 per 2 MiB, one L2 per GiB, from the top. */
	top = nr;
	limit = nr - (nr / 512 + 2) - (nr / (512 * 512) + 2);
	if (!(l4[0] & 1))
		return pb_error(PB_ERR_CORRUPT, "bootstrap page tables do not map address 0");
	l3_mfn = (l4[0] & PTE_ADDR) >> 12;
	l3 = xrt_mfn_to_virt(l3_mfn);
	if (!l3)
		return pb_error(PB_ERR_CORRUPT, "bootstrap L3 table is not in the guest's memory");
	/* The page-table pages come from [limit, nr): they must lie beyond the
	 * bootstrap region (a small guest may be mapped up to its end already,
	 * and then there is nothing to do). */
	{
		unsigned long i3 = limit >> 18, i2 = (limit >> 9) & 511;
		const uint64_t *l2b = (l3[i3] & 1) ? xrt_mfn_to_virt((l3[i3] & PTE_ADDR) >> 12) : NULL;
		if (l2b && (l2b[i2] & 1)) {
			*end = nr << 12;
			return PB_OK;
		}
	}
	for (unsigned long pfn = 0; pfn < limit; pfn += 512) {
		unsigned long i3 = pfn >> 18, i2 = (pfn >> 9) & 511;
		if (i2 == 0 || !l2_mfn) {
			l2_new = false;
			if (l3[i3] & 1) {
				l2_mfn = (l3[i3] & PTE_ADDR) >> 12;
				l2 = xrt_mfn_to_virt(l2_mfn);
			} else {
				struct mmu_update u;
				if ((rc = new_table(&l2_mfn)))
					return rc;
				u.ptr = ((l3_mfn << 12) + i3 * 8) | MMU_NORMAL_PT_UPDATE;
				u.val = (l2_mfn << 12) | PTE_FLAGS;
				if ((rc = update(&u, 1)))
					return rc;
				l2_new = true;
				l2 = NULL;
			}
		}
		if (!l2_new && l2 && (l2[i2] & 1)) {
			/* Mapped already (the bootstrap region): check it. */
			if ((rc = fix_chunk(pfn, limit, (l2[i2] & PTE_ADDR) >> 12)))
				return rc;
			continue;
		}
		first_new = first_new ? first_new : pfn;
		if ((rc = map_chunk(pfn, limit, (l2_mfn << 12) + i2 * 8)))
			return rc;
		if (top <= limit)
			return pb_error(PB_ERR_LIMIT, "ran out of pages for page tables");
	}
	*end = limit << 12;
	if (first_new) {
		/* Prove the top of the new mapping is real RAM before trusting it. */
		volatile uint64_t *last = (volatile uint64_t *)((limit - 1) << 12);
		*last = 0x7076626f6f74ull ^ limit;
		if (*last != (0x7076626f6f74ull ^ limit))
			return pb_error(PB_ERR_IO, "page %lu does not hold what was written", limit - 1);
	}
	return PB_OK;
}
