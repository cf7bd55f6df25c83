/* blkfront's protocol against a fake backend on the host (see
 * fake_blkback.h): reads of every alignment, direct and indirect; hostile
 * backends (producer too far ahead, responses for requests not in flight,
 * wrong operation, error status, silence, garbage in xenstore); an error on
 * one disk that must not hold up another; writes and flushes; and a
 * disconnect that ends every grant.  Each must give an error, and never a
 * hang or a write outside the caller's buffer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "tests/unit/fake_blkback.h"

/* ---- tests ---- */

static void reads_of_every_alignment(const char *indirect)
{
	uint64_t starts[] = { 0, 1, 7, 8, 100, 2047 };
	uint64_t counts[] = { 1, 3, 8, 9, 88, 700, 1025, 2047 };

	fd_add(0, 0)->indirect = indirect;
	assert_int_equal(probe(1), 1);
	assert_string_equal(devs[0].name, "xvda");
	assert_int_equal(devs[0].nr_sectors, 2048);
	assert_int_equal(blkfront_segments(&devs[0]), indirect ? PB_MIN(atoi(indirect), 128) : 11);
	for (size_t i = 0; i < 6; i++)
		for (size_t j = 0; j < 8; j++)
			if (starts[i] + counts[j] <= 2048)
				check_read(&devs[0], 0, starts[i], counts[j]);
	teardown();
}

static void test_reads_match_backend(void **state)
{
	(void)state;
	reads_of_every_alignment(NULL);
	reads_of_every_alignment("128");
	reads_of_every_alignment("256"); /* clamped to what the pool has */
	reads_of_every_alignment("32");
	struct fdisk *d = fd_add(0, 0);
	snprintf(d->ssize, sizeof(d->ssize), "4096");
	d->indirect = "128";
	assert_int_equal(probe(1), 1);
	assert_int_equal(devs[0].nr_sectors, 256);
	check_read(&devs[0], 0, 0, 256);
	check_read(&devs[0], 0, 3, 17);
	teardown();
}

static void expect_error(enum mode m, int code, const char *needle)
{
	uint8_t *buf = malloc(1000 * 512 + 1);
	fd_add(0, 0);
	assert_int_equal(probe(1), 1);
	fd[0].io = m;
	pb_errclear();
	buf[1000 * 512] = 0xEE;
	int rc = blk_read(&devs[0], 0, 1000, buf);
	print_message("mode %d -> %d %s\n", m, rc, pb_errmsg());
	assert_int_equal(rc, code);
	assert_non_null(strstr(pb_errmsg(), needle));
	assert_int_equal(buf[1000 * 512], 0xEE);
	free(buf);
	teardown();
}

static void test_hostile_backends(void **state)
{
	(void)state;
	expect_error(OVERFLOW, PB_ERR_PROTO, "runs");
	expect_error(BAD_ID, PB_ERR_PROTO, "not in flight");
	expect_error(DUP_ID, PB_ERR_PROTO, "not in flight");
	expect_error(WRONG_OP, PB_ERR_PROTO, "operation");
	expect_error(IO_ERROR, PB_ERR_IO, "I/O error");
	expect_error(SILENT, PB_ERR_TIMEOUT, "no response");
}

/* A disk that fails to connect is skipped, and what it set up (ring grant,
 * event channel, ring page) is taken back; the backend waits again. */
static void expect_no_connect(struct fdisk *d)
{
	(void)d;
	assert_int_equal(probe(1), 0);
	assert_int_equal(grants_used, POOL_PAGES); /* only the pool, kept for other disks */
	assert_int_equal(pages_live, POOL_PAGES);
	teardown();
}

static void test_bad_xenstore(void **state)
{
	(void)state;
	const char *bad_sizes[] = { "1000", "0", "abc", "99999999999999999999999" };
	for (size_t i = 0; i < 4; i++) {
		struct fdisk *d = fd_add(0, 0);
		snprintf(d->ssize, sizeof(d->ssize), "%s", bad_sizes[i]);
		expect_no_connect(d);
	}
	struct fdisk *d = fd_add(0, 0);
	snprintf(d->ssize, sizeof(d->ssize), "4096");
	snprintf(d->sectors, sizeof(d->sectors), "0");
	expect_no_connect(d);
	d = fd_add(0, 0);
	snprintf(d->ssize, sizeof(d->ssize), "4096");
	assert_int_equal(probe(1), 1);
	assert_int_equal(devs[0].sector_size, 4096);
	assert_int_equal(devs[0].nr_sectors, 256);
	teardown();
	d = fd_add(0, 0);
	d->dead = true;
	expect_no_connect(d); /* never connects: skipped after the timeout */
}

/* n disks on one backend: one pool of 1032 grants plus a ring each. */
static void test_error_on_one_disk(void **state)
{
	(void)state;
	uint8_t *buf = malloc(1000 * 512);
	uint8_t small[8 * 512 + 1];

	fd_add(0, 0); /* 11 segments per request: 1000 sectors need 12, 8 at a time */
	fd_add(1, 0);
	assert_int_equal(probe(BLKFRONT_MAX_DISKS), 2);
	fd[0].io = SILENT;
	assert_int_equal(blk_read(&devs[0], 0, 1000, buf), PB_ERR_TIMEOUT);
	for (int s = 0; s < INFLIGHT; s++)
		assert_int_equal(disks[0].shadow[s].state, SLOT_ABANDONED);
	long before = fd[1].requests;
	check_read(&devs[1], 1, 0, 1000); /* every slot, at once */
	assert_int_equal(fd[1].requests - before, 12);
	/* Still silent: a second read on the first disk times out too, safely. */
	small[8 * 512] = 0xEE;
	assert_int_equal(blk_read(&devs[0], 1500, 8, small), PB_ERR_TIMEOUT);
	/* The backend wakes up and answers the old requests: they are dropped,
	 * nothing lands in the small buffer of the next read. */
	fd[0].io = NORMAL;
	backend_process(0);
	check_read(&devs[0], 0, 1500, 8);
	check_read(&devs[0], 0, 0, 2048);
	check_read(&devs[1], 1, 3, 2000);
	/* Protocol errors on one disk; the other one is unaffected. */
	enum mode bad[] = { BAD_ID, DUP_ID, WRONG_OP, IO_ERROR, OVERFLOW };
	for (size_t m = 0; m < 5; m++) {
		fd[0].io = bad[m];
		assert_int_not_equal(blk_read(&devs[0], 0, 1000, buf), PB_OK);
		check_read(&devs[1], 1, 0, 2048);
		uint8_t w[512] = { 1, 2, 3 };
		assert_int_equal(blk_write(&devs[1], 7, 1, w), PB_OK);
		assert_memory_equal(fd[1].store + 7 * 512, w, 512);
	}
	assert_int_equal(small[8 * 512], 0xEE);
	free(buf);
	teardown();
}

static void test_writes(void **state)
{
	(void)state;
	struct fdisk *d;
	uint8_t *w = malloc(2000 * 512);

	for (int i = 0; i < 2000 * 512; i++)
		w[i] = (uint8_t)(i * 7 + 3);
	d = fd_add(0, 0);
	d->indirect = "128";
	d = fd_add(1, 0);
	d->flush = false;
	fd_add(2, 0)->mode = "r";
	assert_int_equal(probe(BLKFRONT_MAX_DISKS), 3);
	assert_int_equal(blk_write(&devs[0], 5, 2000, w), PB_OK); /* several requests, then one flush */
	assert_memory_equal(fd[0].store + 5 * 512, w, 2000 * 512);
	assert_int_equal(fd[0].flushes, 1);
	assert_int_equal(blk_write(&devs[1], 0, 9, w), PB_OK);
	assert_memory_equal(fd[1].store, w, 9 * 512);
	assert_int_equal(fd[1].flushes, 0);
	assert_true(devs[2].read_only);
	assert_int_equal(blk_write(&devs[2], 0, 1, w), PB_ERR_ROFS);
	check_read(&devs[0], 0, 0, 2048);
	free(w);
	teardown();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_reads_match_backend, reset),
		cmocka_unit_test_teardown(test_hostile_backends, reset),
		cmocka_unit_test_teardown(test_bad_xenstore, reset),
		cmocka_unit_test_teardown(test_error_on_one_disk, reset),
		cmocka_unit_test_teardown(test_writes, reset),
	};
	return cmocka_run_group_tests_name("blkfront", tests, NULL, NULL);
}
