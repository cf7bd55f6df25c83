/* blkfront's many disks against a fake backend on the host (see
 * fake_blkback.h): disks sharing one pool of I/O pages per backend domain
 * (grants and memory counted), 32 disks and one too many, several backend
 * domains, and failed connects that must leave the pool usable. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "tests/unit/fake_blkback.h"

/* ---- tests ---- */

static void test_shared_pool(void **state)
{
	(void)state;
	int counts[] = { 1, 2, 4, 16 };
	for (size_t c = 0; c < 4; c++) {
		int n = counts[c];
		for (int i = 0; i < n; i++)
			fd_add(i, 0)->indirect = "256";
		assert_int_equal(probe(BLKFRONT_MAX_DISKS), n);
		print_message("%2d disks on one backend: %u grants, %ld KiB of I/O and ring pages\n", n, grants_used,
			      pages_live * 4);
		assert_int_equal(grants_used, POOL_PAGES + n);
		assert_int_equal(pages_live, POOL_PAGES + n);
		assert_true(pools[0].granted);
		assert_int_equal(pools[0].disks, n);
		for (int i = 1; i < BLKFRONT_MAX_BACKENDS; i++)
			assert_false(pools[i].granted);
		for (int i = 0; i < n; i++)
			check_read(&devs[i], i, (uint64_t)i * 7, 1500);
		teardown();
	}
}

static void test_many_disks(void **state)
{
	(void)state;
	char name[8];
	for (int i = 0; i < BLKFRONT_MAX_DISKS + 1; i++)
		fd_add(i, 0)->indirect = i % 2 ? "128" : NULL; /* both request forms in one pool */
	assert_int_equal(probe(BLKFRONT_MAX_DISKS + 1), BLKFRONT_MAX_DISKS);
	assert_int_equal(fd[BLKFRONT_MAX_DISKS].fstate, 0); /* the one too many is left alone */
	assert_int_equal(grants_used, POOL_PAGES + BLKFRONT_MAX_DISKS);
	for (int i = 0; i < BLKFRONT_MAX_DISKS; i++) {
		if (i < 26)
			snprintf(name, sizeof(name), "xvd%c", 'a' + i);
		else
			snprintf(name, sizeof(name), "xvda%c", 'a' + i - 26);
		assert_string_equal(devs[i].name, name);
	}
	/* Alternating disks, each read spanning every slot of the pool. */
	for (int round = 0; round < 2; round++)
		for (int k = 0; k < BLKFRONT_MAX_DISKS; k++) {
			int i = k % 2 ? BLKFRONT_MAX_DISKS - 1 - k / 2 : k / 2;
			check_read(&devs[i], i, (uint64_t)(round * 500 + k), 1400 - (uint64_t)k);
		}
	/* A write lands on its own disk only, then the cache is flushed. */
	uint8_t w[3 * 512];
	memset(w, 0x5A, sizeof(w));
	assert_int_equal(blk_write(&devs[20], 1001, 3, w), PB_OK);
	assert_memory_equal(fd[20].store + 1001 * 512, w, sizeof(w));
	assert_int_equal(fd[20].flushes, 1);
	check_read(&devs[20], 20, 990, 40);
	check_read(&devs[19], 19, 990, 40);
	check_read(&devs[21], 21, 990, 40);
	for (int i = 0; i < BLKFRONT_MAX_DISKS; i++)
		if (i != 20)
			for (uint64_t b = 0; b < fd[i].bytes; b++)
				if (fd[i].store[b] != pattern(i, b))
					fail_msg("disk %d changed at byte %llu", i, (unsigned long long)b);
	teardown();
}

/* A pool per backend domain: grants name a domain (the fake backend
 * checks that every reference it is given is granted to its own). */
static void test_backend_domains(void **state)
{
	(void)state;
	for (int i = 0; i < 6; i++)
		fd_add(i, i % 2 ? 7 : 0);
	assert_int_equal(probe(BLKFRONT_MAX_DISKS), 6);
	assert_int_equal(grants_used, 2 * POOL_PAGES + 6);
	for (int round = 0; round < 3; round++)
		for (int i = 0; i < 6; i++)
			check_read(&devs[i], i, (uint64_t)(round * 300 + i), 900);
	teardown();
	/* One domain more than there are pools: that disk is refused, clearly. */
	for (int i = 0; i <= BLKFRONT_MAX_BACKENDS; i++)
		fd_add(i, (domid_t)(i + 1));
	assert_int_equal(probe(BLKFRONT_MAX_DISKS), BLKFRONT_MAX_BACKENDS);
	assert_non_null(strstr(pb_errmsg(), "at most 4 backend domains"));
	for (int i = 0; i < BLKFRONT_MAX_BACKENDS; i++)
		check_read(&devs[i], i, 5, 100);
	teardown();
}

/* Failed connects, first and in the middle, leave the pool to the others. */
static void test_failed_connect_keeps_pool(void **state)
{
	(void)state;
	snprintf(fd_add(0, 0)->ssize, 32, "1000"); /* granted the pool, then failed */
	fd_add(1, 0);
	fd_add(2, 0)->dead = true;
	fd_add(3, 0);
	snprintf(fd_add(4, 0)->sectors, 32, "0");
	assert_int_equal(probe(BLKFRONT_MAX_DISKS), 2);
	assert_int_equal(grants_used, POOL_PAGES + 2);
	assert_int_equal(pools[0].disks, 2);
	assert_int_equal(fd[0].bstate, XenbusStateInitWait); /* taken back from Connected */
	assert_int_equal(fd[4].bstate, XenbusStateInitWait);
	int open = 0;
	for (int p = 0; p < 1024; p++)
		open += ports[p].open;
	assert_int_equal(open, 2); /* the failed disks' channels are closed */
	check_read(&devs[0], 1, 0, 2048);
	check_read(&devs[1], 3, 0, 2048);
	teardown();

	/* The grant table runs out while the pool is granted: nothing stays
	 * granted, and a later probe with room succeeds. */
	fd_add(0, 0);
	fd_add(1, 0);
	grant_limit = 8 + 500;
	assert_int_equal(probe(BLKFRONT_MAX_DISKS), 0);
	assert_non_null(strstr(pb_errmsg(), "grant table full"));
	assert_int_equal(grants_used, 0);
	assert_int_equal(pages_live, 0);
	grant_limit = 8 + POOL_PAGES + 1; /* the pool and one ring */
	assert_int_equal(probe(BLKFRONT_MAX_DISKS), 1);
	assert_int_equal(grants_used, POOL_PAGES + 1);
	check_read(&devs[0], 0, 10, 1000);
	teardown();
}

/* An error on one disk leaves its requests abandoned: they must hold no
 * pool slot for the other disk, and their late answers must go nowhere. */
int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_shared_pool, reset),
		cmocka_unit_test_teardown(test_many_disks, reset),
		cmocka_unit_test_teardown(test_backend_domains, reset),
		cmocka_unit_test_teardown(test_failed_connect_keeps_pool, reset),
	};
	return cmocka_run_group_tests_name("blkfront_pool", tests, NULL, NULL);
}
