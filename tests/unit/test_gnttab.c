/* The grant table on the host (pv/gnttab.c is included here; Xen's two
 * grant-table operations and the page mapping are faked): it starts at
 * one frame, grows on demand by GNTTABOP_setup_table, maps each new frame
 * once, stops at what Xen allows (and at 64 frames), says how full it is
 * when full, and only ends grants the backend no longer maps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "pv/gnttab.c"

/* ---- fake Xen ---- */
static uint32_t xen_frames, xen_max = 32; /* the domain's table and its limit */
static bool query_fails;
static int setups, maps;
static uint64_t mapped[GNT_MAX_FRAMES]; /* mfn mapped at window page i, 0 if none */
static uint8_t heap_pages[GNT_MAX_FRAMES][PV_PAGE_SIZE] __attribute__((aligned(4096)));
static int allocs;

/* PV mode: the window is heap pages, asked for once. */
bool xrt_is_pvh;
void *xrt_alloc_pages(size_t npages)
{
	assert_int_equal(npages, GNT_MAX_FRAMES);
	allocs++;
	return heap_pages;
}
void *xrt_physmap_add(unsigned int space, unsigned long idx)
{
	(void)space, (void)idx;
	fail_msg("PV mode must not use the physmap");
	return NULL;
}

static uint64_t mfn_of(uint32_t frame) { return 0x7000 + frame * 3; }

long hyp_grant_table_op(unsigned int cmd, void *arg, unsigned int count)
{
	assert_int_equal(count, 1);
	if (cmd == GNTTABOP_query_size) {
		struct gnttab_query_size *q = arg;
		assert_int_equal(q->dom, DOMID_SELF);
		q->nr_frames = xen_frames;
		q->max_nr_frames = xen_max;
		q->status = query_fails ? GNTST_general_error : GNTST_okay;
		return 0;
	}
	assert_int_equal(cmd, GNTTABOP_setup_table);
	struct gnttab_setup_table *s = arg;
	setups++;
	if (s->nr_frames > xen_max) {
		s->status = GNTST_general_error;
		return 0;
	}
	if (s->nr_frames > xen_frames)
		xen_frames = s->nr_frames;
	for (uint32_t i = 0; i < s->nr_frames; i++) /* the whole list, every time */
		s->frame_list.p[i] = mfn_of(i);
	s->status = GNTST_okay;
	return 0;
}

int xrt_map_frame(void *va, uint64_t mfn)
{
	uintptr_t off = (uintptr_t)va - (uintptr_t)heap_pages;
	assert_ptr_equal(window, heap_pages);
	assert_true(off % PV_PAGE_SIZE == 0 && off < sizeof(heap_pages));
	assert_int_equal(mapped[off / PV_PAGE_SIZE], 0); /* each frame once */
	mapped[off / PV_PAGE_SIZE] = mfn;
	maps++;
	return 0;
}

static int reset(void **state)
{
	(void)state;
	memset(heap_pages, 0, sizeof(heap_pages));
	window = NULL;
	table = NULL;
	allocs = 0;
	memset(used, 0, sizeof(used));
	memset(mapped, 0, sizeof(mapped));
	nr_frames = max_frames = xen_limit = in_use = 0;
	hint = GNTTAB_NR_RESERVED_ENTRIES;
	xen_frames = 0;
	xen_max = 32;
	query_fails = false;
	setups = maps = 0;
	return 0;
}

/* ---- tests ---- */

static void test_grows_on_demand(void **state)
{
	(void)state;
	grant_ref_t ref;

	for (uint32_t i = 0; i < 1048; i++) { /* one disk pool and 16 rings */
		assert_int_equal(gnttab_grant(3, 0x100000 + i, i % 2, &ref), PB_OK);
		assert_int_equal(ref, GNTTAB_NR_RESERVED_ENTRIES + i);
		assert_int_equal(table[ref].frame, 0x100000 + i);
		assert_int_equal(table[ref].domid, 3);
		assert_int_equal(table[ref].flags, GTF_permit_access | (i % 2 ? GTF_readonly : 0));
	}
	print_message("1048 grants: %u frames, %d setup calls\n", nr_frames, setups);
	assert_int_equal(nr_frames, 4); /* 1, 2, 4 */
	assert_int_equal(setups, 3);
	assert_int_equal(maps, 4);
	assert_int_equal(allocs, 1); /* one window, kept as the table grows */
	for (uint32_t i = 0; i < 4; i++)
		assert_int_equal(mapped[i], mfn_of(i));
	assert_int_equal(mapped[4], 0);
	assert_int_equal(in_use, 1048);
}

static void test_full(void **state)
{
	(void)state;
	grant_ref_t ref;
	uint32_t limit = 2 * GNT_PER_FRAME - GNTTAB_NR_RESERVED_ENTRIES;

	xen_max = 2;
	for (uint32_t i = 0; i < limit; i++)
		assert_int_equal(gnttab_grant(0, i, false, &ref), PB_OK);
	assert_int_equal(gnttab_grant(0, 1, false, &ref), PB_ERR_LIMIT);
	print_message("%s\n", pb_errmsg());
	assert_string_equal(pb_errmsg(), "grant table full: 1016 grants in use, the limit is 1016 (2 frames: the domain's max_grant_frames)");
	/* An ended grant is handed out again, the lowest first. */
	assert_int_equal(gnttab_end(100), PB_OK);
	assert_int_equal(gnttab_end(20), PB_OK);
	assert_int_equal(gnttab_grant(0, 1, false, &ref), PB_OK);
	assert_int_equal(ref, 20);
	assert_int_equal(gnttab_grant(0, 1, false, &ref), PB_OK);
	assert_int_equal(ref, 100);
	assert_int_equal(gnttab_grant(0, 1, false, &ref), PB_ERR_LIMIT);
}

/* Xen may allow more than the window holds: pvboot stops at 64 frames. */
static void test_capped(void **state)
{
	(void)state;
	grant_ref_t ref;
	uint32_t limit = GNT_MAX_FRAMES * GNT_PER_FRAME - GNTTAB_NR_RESERVED_ENTRIES;

	xen_max = 1000;
	for (uint32_t i = 0; i < limit; i++)
		assert_int_equal(gnttab_grant(0, i, false, &ref), PB_OK);
	assert_int_equal(gnttab_grant(0, 1, false, &ref), PB_ERR_LIMIT);
	assert_non_null(strstr(pb_errmsg(), "32760 grants in use, the limit is 32760 (64 frames: pvboot's bound)"));
	assert_int_equal(nr_frames, 64);
	assert_int_equal(xen_frames, 64);
	assert_int_equal(maps, 64);
}

static void test_end(void **state)
{
	(void)state;
	grant_ref_t ref;

	assert_int_equal(gnttab_end(9), PB_ERR_INVAL); /* before any table */
	assert_int_equal(gnttab_grant(0, 5, false, &ref), PB_OK);
	assert_int_equal(gnttab_end(ref + 1), PB_ERR_INVAL);
	assert_int_equal(gnttab_end(100000), PB_ERR_INVAL);
	table[ref].flags |= GTF_reading; /* the backend maps it */
	assert_int_equal(gnttab_end(ref), PB_ERR_PROTO);
	assert_non_null(strstr(pb_errmsg(), "still mapped"));
	assert_int_equal(in_use, 1);
	table[ref].flags &= (uint16_t)~GTF_reading;
	assert_int_equal(gnttab_end(ref), PB_OK);
	assert_int_equal(table[ref].flags, 0);
	assert_int_equal(in_use, 0);
	assert_int_equal(gnttab_end(ref), PB_ERR_INVAL); /* twice */
}

static void test_xen_refuses(void **state)
{
	(void)state;
	grant_ref_t ref;

	query_fails = true;
	assert_int_equal(gnttab_grant(0, 5, false, &ref), PB_ERR_IO);
	assert_non_null(strstr(pb_errmsg(), "size query failed"));
	query_fails = false;
	xen_max = 0; /* a domain without grant frames */
	assert_int_equal(gnttab_grant(0, 5, false, &ref), PB_ERR_IO);
	xen_max = 4;
	assert_int_equal(gnttab_grant(0, 5, false, &ref), PB_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_grows_on_demand, reset),
		cmocka_unit_test_setup(test_full, reset),
		cmocka_unit_test_setup(test_capped, reset),
		cmocka_unit_test_setup(test_end, reset),
		cmocka_unit_test_setup(test_xen_refuses, reset),
	};
	return cmocka_run_group_tests_name("gnttab", tests, NULL, NULL);
}
