/* See pv_permute.h. */
#include "loader/handoff/pv_permute.h"
#include "loader/lib/err.h"

/* Our pfn whose frame region pfn q takes. */
static uint64_t want(const struct pv_perm *p, uint64_t q)
{
	for (int i = 0; i < 2; i++)
		if (q == p->special_new[i] && p->special_old[i] != PV_PERM_NONE)
			return p->special_old[i];
	return p->stage + q;
}

/* Does some region pfn take our pfn x's frame? */
static bool taken(const struct pv_perm *p, uint64_t x)
{
	for (int i = 0; i < 2; i++) {
		if (p->special_old[i] == PV_PERM_NONE)
			continue;
		if (x == p->special_old[i])
			return true;
		if (x == p->stage + p->special_new[i])
			return false; /* staged, but the real page is used instead */
	}
	return x >= p->stage && x < p->stage + p->pages;
}

int pv_permute(const struct pv_perm *p, const unsigned long *op2m, unsigned long *np2m)
{
	uint64_t a = 0;

	if (p->pages > p->nr || p->stage > p->nr - p->pages)
		return pb_error(PB_ERR_INVAL, "staging area %llu+%llu outside a guest of %llu pages",
				(unsigned long long)p->stage, (unsigned long long)p->pages,
				(unsigned long long)p->nr);
	for (int i = 0; i < 2; i++) {
		uint64_t o = p->special_old[i];
		if (o == PV_PERM_NONE)
			continue;
		if (o >= p->nr || (o >= p->stage && o < p->stage + p->pages) || p->special_new[i] >= p->pages)
			return pb_error(PB_ERR_INVAL, "special page %d (pfn %llu) cannot be placed", i,
					(unsigned long long)o);
	}
	memcpy(np2m, op2m, p->nr * sizeof(*np2m));
	for (uint64_t q = 0; q < p->pages; q++)
		np2m[q] = op2m[want(p, q)];
	/* Pfns above the region whose frames went into it take the frames of
	 * region pfns that nothing was staged from: the two sets have the
	 * same size, since the region takes exactly `pages` frames. */
	for (uint64_t b = p->pages; b < p->nr; b++) {
		if (!taken(p, b))
			continue;
		while (a < p->pages && taken(p, a))
			a++;
		if (a >= p->pages)
			return pb_error(PB_ERR_INVAL, "frame permutation does not balance at pfn %llu",
					(unsigned long long)b);
		np2m[b] = op2m[a++];
	}
	while (a < p->pages && taken(p, a))
		a++;
	if (a != p->pages)
		return pb_error(PB_ERR_INVAL, "frame permutation left pfn %llu's frame unassigned",
				(unsigned long long)a);
	return PB_OK;
}
