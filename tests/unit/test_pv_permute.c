/* The handoff's frame permutation (loader/pv_permute.c) on synthetic p2m
 * lists: the result is a permutation of the old frames, region pfns get
 * the staged frames (specials their own), pfns not involved keep theirs,
 * and the number of changed entries stays within 2 * region + 2, for
 * stages before, overlapping and after the region. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "loader/lib/err.h"
#include "loader/handoff/pv_permute.h"

#define NR 6000

static unsigned long op2m[NR], np2m[NR];

static int cmp_ul(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;
	return x < y ? -1 : x > y;
}

static void fill_old(void)
{
	/* Distinct, scrambled frame numbers, as a real p2m has. */
	for (unsigned long i = 0; i < NR; i++)
		op2m[i] = 0x100000 + (i * 7919) % NR;
}

static void check(const struct pv_perm *p)
{
	static unsigned long a[NR], b[NR];
	uint64_t changed = 0;

	fill_old();
	assert_int_equal(pv_permute(p, op2m, np2m), PB_OK);
	memcpy(a, op2m, sizeof(a));
	memcpy(b, np2m, sizeof(b));
	qsort(a, NR, sizeof(*a), cmp_ul);
	qsort(b, NR, sizeof(*b), cmp_ul);
	assert_memory_equal(a, b, sizeof(a)); /* nothing lost, nothing doubled */
	for (uint64_t q = 0; q < p->pages; q++) {
		uint64_t from = p->stage + q;
		for (int i = 0; i < 2; i++)
			if (q == p->special_new[i] && p->special_old[i] != PV_PERM_NONE)
				from = p->special_old[i];
		assert_int_equal(np2m[q], op2m[from]);
	}
	for (uint64_t q = 0; q < NR; q++)
		changed += np2m[q] != op2m[q];
	assert_true(changed <= 2 * p->pages + 2);
	/* Pfns far from both the region and the stage keep their frames. */
	for (uint64_t q = p->pages; q < NR; q++) {
		bool near = q >= p->stage && q < p->stage + p->pages;
		for (int i = 0; i < 2; i++)
			near |= q == p->special_old[i];
		if (!near)
			assert_int_equal(np2m[q], op2m[q]);
	}
}

static void test_stage_positions(void **state)
{
	(void)state;
	const uint64_t pages = 1000;
	const uint64_t stages[] = { 0, 1, 200, 999, 1000, 1001, 3000, NR - pages };

	for (size_t i = 0; i < sizeof(stages) / sizeof(stages[0]); i++) {
		struct pv_perm p = { .nr = NR, .stage = stages[i], .pages = pages,
				     .special_new = { 900, 901 }, .special_old = { PV_PERM_NONE, PV_PERM_NONE } };
		check(&p);
		/* xenstore and console pages kept where Xen put them: below the
		 * region, inside it, above it. */
		uint64_t olds[][2] = { { 5, 6 }, { 950, 10 }, { NR - 1, NR - 2 } };
		for (size_t j = 0; j < 3; j++) {
			p.special_old[0] = olds[j][0];
			p.special_old[1] = olds[j][1];
			if ((olds[j][0] >= p.stage && olds[j][0] < p.stage + pages) ||
			    (olds[j][1] >= p.stage && olds[j][1] < p.stage + pages))
				continue; /* refused: covered below */
			check(&p);
		}
	}
}

static void test_refusals(void **state)
{
	(void)state;
	struct pv_perm p = { .nr = NR, .stage = NR - 10, .pages = 1000,
			     .special_new = { 900, 901 }, .special_old = { PV_PERM_NONE, PV_PERM_NONE } };

	fill_old();
	assert_int_equal(pv_permute(&p, op2m, np2m), PB_ERR_INVAL); /* stage past the end */
	p.stage = 2000;
	p.special_old[0] = 2500; /* inside the stage */
	assert_int_equal(pv_permute(&p, op2m, np2m), PB_ERR_INVAL);
	p.special_old[0] = 10;
	p.special_new[0] = 1000; /* not a region pfn */
	assert_int_equal(pv_permute(&p, op2m, np2m), PB_ERR_INVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stage_positions),
		cmocka_unit_test(test_refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
