/* The freestanding allocator (loader/heap.c) on host memory: alignment,
 * reuse after free, coalescing back to one block, exhaustion. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "loader/lib/heap.h"

static void test_alloc_free_coalesce(void **state)
{
	(void)state;
	static uint8_t region[1 << 20];
	pb_heap_add_region(region + 3, sizeof(region) - 3);
	size_t total = pb_heap_free_bytes();
	void *p[64];
	for (int i = 0; i < 64; i++) {
		size_t align = (size_t)16 << (i % 9);
		p[i] = pb_heap_alloc((size_t)(i * 97 + 1), align);
		assert_non_null(p[i]);
		assert_int_equal((uintptr_t)p[i] % align, 0);
		memset(p[i], i, (size_t)(i * 97 + 1));
		assert_true(pb_heap_block_size(p[i]) >= (size_t)(i * 97 + 1));
	}
	for (int i = 0; i < 64; i++) {
		const uint8_t *b = p[i];
		for (int k = 0; k < i * 97 + 1; k++)
			assert_int_equal(b[k], i);
	}
	for (int i = 0; i < 64; i += 2)
		pb_heap_free(p[i]);
	for (int i = 1; i < 64; i += 2)
		pb_heap_free(p[i]);
	assert_int_equal(pb_heap_free_bytes(), total);
	assert_null(pb_heap_alloc(sizeof(region), 16));
	void *big = pb_heap_alloc(total - 4096, 16);
	assert_non_null(big);
	pb_heap_free(big);
	assert_int_equal(pb_heap_free_bytes(), total);
}

/* Blocks inside [lo, hi) only: below, above and between two ranges, as
 * the PVH handoff asks for what must stay out of the next kernel's way;
 * a range that cannot hold the block fails. (Runs after the test above
 * has left its region entirely free.) */
static void test_alloc_range(void **state)
{
	(void)state;
	size_t total = pb_heap_free_bytes();
	void *any = pb_heap_alloc(16, 16);
	uintptr_t base = (uintptr_t)any & ~(uintptr_t)4095;
	pb_heap_free(any);
	uintptr_t lo = base + 0x20000, hi = base + 0x60000;
	uint8_t *a = pb_heap_alloc_range(0x10000, 4096, lo, hi);
	assert_non_null(a);
	assert_true((uintptr_t)a >= lo && (uintptr_t)a + 0x10000 <= hi);
	assert_int_equal((uintptr_t)a % 4096, 0);
	uint8_t *b = pb_heap_alloc_range(0x2e000, 4096, lo, hi); /* most of the rest (headers take a page each) */
	assert_non_null(b);
	assert_true((uintptr_t)b >= lo && (uintptr_t)b + 0x2e000 <= hi);
	assert_null(pb_heap_alloc_range(0x1000, 4096, lo, hi)); /* full */
	uint8_t *c = pb_heap_alloc_range(0x1000, 16, 0, lo); /* below */
	assert_non_null(c);
	assert_true((uintptr_t)c + 0x1000 <= lo);
	assert_null(pb_heap_alloc_range(0x1000, 16, UINTPTR_MAX - 0x800, UINTPTR_MAX)); /* nothing there */
	pb_heap_free(a);
	pb_heap_free(b);
	pb_heap_free(c);
	assert_int_equal(pb_heap_free_bytes(), total);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alloc_free_coalesce),
		cmocka_unit_test(test_alloc_range),
	};
	return cmocka_run_group_tests_name("heap", tests, NULL, NULL);
}
