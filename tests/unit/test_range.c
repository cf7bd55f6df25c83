/* pb_range_ok and pb_array_fits: the edges (exactly full, one past),
 * empty ranges, and values chosen so that a naive 64-bit sum or product
 * would wrap and pass. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "loader/lib/libc.h"

static void test_range_ok(void **state)
{
	(void)state;
	assert_true(pb_range_ok(0, 0, 0));
	assert_true(pb_range_ok(0, 10, 10));
	assert_true(pb_range_ok(10, 0, 10));
	assert_false(pb_range_ok(11, 0, 10));
	assert_false(pb_range_ok(1, 10, 10));
	/* off + len wraps to 4: must not pass. */
	assert_false(pb_range_ok(8, UINT64_MAX - 3, 100));
	assert_true(pb_range_ok(0, UINT64_MAX, UINT64_MAX));
}

static void test_array_fits(void **state)
{
	(void)state;
	/* 32 group descriptors of 64 bytes fill a 2048-byte block exactly. */
	assert_true(pb_array_fits(0, 32, 64, 2048));
	assert_false(pb_array_fits(0, 33, 64, 2048));
	assert_true(pb_array_fits(12, 4, 12, 60)); /* an in-inode extent node */
	assert_false(pb_array_fits(12, 5, 12, 60));
	assert_true(pb_array_fits(60, 0, 12, 60));
	assert_false(pb_array_fits(61, 0, 12, 60));
	assert_true(pb_array_fits(5, 1000, 0, 5));
	/* Products that wrap 64 bits: 2^32 * 2^32 = 0, and 2^63 * 2 = 0. */
	assert_false(pb_array_fits(0, 1ull << 32, 1ull << 32, 4096));
	assert_false(pb_array_fits(0, 1ull << 63, 2, 4096));
	assert_false(pb_array_fits(0, UINT64_MAX, UINT64_MAX, UINT64_MAX));
	/* The largest product that does not wrap, then one element more. */
	assert_true(pb_array_fits(0, UINT64_MAX / 3, 3, UINT64_MAX));
	assert_false(pb_array_fits(1, UINT64_MAX / 3, 3, UINT64_MAX - 1));
	/* No wrap in the product, but offset + product wraps. */
	assert_false(pb_array_fits(UINT64_MAX - 2, 2, 2, UINT64_MAX));
}

/* The parsers' wrap checks: up to UINT64_MAX, the helpers say whether
 * off + len (off + count * size) fits 64 bits at all. */
static void test_no_wrap(void **state)
{
	(void)state;
	assert_true(pb_range_ok(UINT64_MAX - 5, 5, UINT64_MAX));
	assert_false(pb_range_ok(UINT64_MAX - 5, 6, UINT64_MAX));
	assert_false(pb_range_ok(1ull << 63, 1ull << 63, UINT64_MAX)); /* wraps to 0 */
	/* virt_base + pfn * 4096, as __xen_guest's HYPERCALL_PAGE is placed */
	assert_true(pb_array_fits(0, UINT64_MAX / 4096, 4096, UINT64_MAX));
	assert_false(pb_array_fits(4096, UINT64_MAX / 4096, 4096, UINT64_MAX));
	assert_false(pb_array_fits(0, (UINT64_MAX / 4096) + 1, 4096, UINT64_MAX));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_range_ok),
		cmocka_unit_test(test_array_fits),
		cmocka_unit_test(test_no_wrap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
