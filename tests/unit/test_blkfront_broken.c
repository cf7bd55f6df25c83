/* blkfront after a protocol violation, against the fake backend of
 * fake_blkback.h: the disk is broken from then on (every later call fails
 * at once with the first violation's reason, no request reaches the ring,
 * no time passes waiting), other disks are untouched, an I/O error or a
 * silent backend is no violation, and a response the backend rewrites in
 * the ring after blkfront copied it changes nothing. */
struct blkfront;
static void after_copy(struct blkfront *f);
#define BLKFRONT_AFTER_COPY(f) after_copy(f)

#include "tests/unit/fake_blkback.h"

/* When set, the response blkfront has just copied is overwritten in the
 * shared ring with one that would be a violation three ways over. */
static bool rewrite_after_copy;
static long rewrites;

static void after_copy(struct blkfront *f)
{
	if (!rewrite_after_copy)
		return;
	blkif_response_t *r = RING_GET_RESPONSE(&f->ring, f->ring.rsp_cons);
	r->id = 77;
	r->operation ^= 1;
	r->status = BLKIF_RSP_ERROR;
	rewrites++;
}

static const enum mode violations[] = { BAD_ID, DUP_ID, WRONG_OP, OVERFLOW };
static const char *const reasons[] = { "not in flight", "not in flight", "operation", "runs" };

static void test_violation_breaks_the_disk(void **state)
{
	(void)state;
	uint8_t *buf = malloc(1000 * 512);

	for (size_t m = 0; m < 4; m++) {
		fd_add(0, 0);
		fd_add(1, 0);
		assert_int_equal(probe(BLKFRONT_MAX_DISKS), 2);
		fd[0].io = violations[m];
		assert_int_equal(blk_read(&devs[0], 0, 1000, buf), PB_ERR_PROTO);
		assert_non_null(strstr(pb_errmsg(), reasons[m]));
		/* The backend behaves again; the disk stays broken, at once. */
		fd[0].io = NORMAL;
		long requests = fd[0].requests;
		uint64_t t = fake_now;
		pb_errclear();
		assert_int_equal(blk_read(&devs[0], 0, 8, buf), PB_ERR_PROTO);
		print_message("after mode %d: %s\n", violations[m], pb_errmsg());
		assert_non_null(strstr(pb_errmsg(), "xvda: not used any more"));
		assert_non_null(strstr(pb_errmsg(), reasons[m]));
		uint8_t w[512] = { 9 };
		assert_int_equal(blk_write(&devs[0], 0, 1, w), PB_ERR_PROTO);
		assert_int_equal(fd[0].requests, requests);
		assert_int_equal(fake_now, t);
		check_read(&devs[1], 1, 0, 2048);
		teardown(); /* a broken disk still disconnects and gives back every grant */
	}
	free(buf);
}

static void test_io_error_and_silence_are_no_violation(void **state)
{
	(void)state;
	uint8_t *buf = malloc(1000 * 512);

	fd_add(0, 0);
	assert_int_equal(probe(1), 1);
	fd[0].io = IO_ERROR;
	assert_int_equal(blk_read(&devs[0], 0, 1000, buf), PB_ERR_IO);
	fd[0].io = NORMAL;
	check_read(&devs[0], 0, 0, 2048);
	fd[0].io = SILENT;
	assert_int_equal(blk_read(&devs[0], 0, 8, buf), PB_ERR_TIMEOUT);
	fd[0].io = NORMAL;
	backend_process(0); /* the late answers are dropped */
	check_read(&devs[0], 0, 0, 2048);
	free(buf);
	teardown();
}

static void test_rewritten_response_is_ignored(void **state)
{
	(void)state;
	fd_add(0, 0)->indirect = "128";
	fd_add(1, 0);
	assert_int_equal(probe(BLKFRONT_MAX_DISKS), 2);
	rewrite_after_copy = true;
	check_read(&devs[0], 0, 0, 2048); /* 2 requests of 512 KiB */
	check_read(&devs[1], 1, 5, 1000); /* 12 direct requests */
	uint8_t w[1024];
	for (int i = 0; i < 1024; i++)
		w[i] = (uint8_t)(i ^ 0x5a);
	assert_int_equal(blk_write(&devs[1], 3, 2, w), PB_OK); /* a write and its flush */
	rewrite_after_copy = false;
	assert_memory_equal(fd[1].store + 3 * 512, w, 1024);
	print_message("%ld responses rewritten after their copy\n", rewrites);
	assert_true(rewrites >= 2 + 12 + 2);
	teardown();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_violation_breaks_the_disk, reset),
		cmocka_unit_test_teardown(test_io_error_and_silence_are_no_violation, reset),
		cmocka_unit_test_teardown(test_rewritten_response_is_ignored, reset),
	};
	return cmocka_run_group_tests_name("blkfront-broken", tests, NULL, NULL);
}
