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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alloc_free_coalesce),
	};
	return cmocka_run_group_tests_name("heap", tests, NULL, NULL);
}
