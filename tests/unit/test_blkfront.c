/* blkfront against a fake backend on the host (pv/blkfront.c is included
 * here, XTF-style; the Xen runtime it calls is faked below).  Normal reads
 * of every alignment, then hostile backends: a producer index too far
 * ahead, responses for requests not in flight, error status, garbage in
 * xenstore, a backend that never answers.  Each must give an error, and
 * never a hang or a write outside the caller's buffer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "pv/blkfront.c"

/* ---- fake runtime ---- */
static uint64_t fake_now;
static char xs_sectors[32] = "2048", xs_ssize[32] = "512", xs_bstate[8] = "4";
enum mode { NORMAL, OVERFLOW, BAD_ID, DUP_ID, IO_ERROR, SILENT } mode;
static struct { uint64_t frame; bool used; } grants[4096];
static long notifies;

uint64_t xrt_time_ns(void) { return fake_now; }
void xrt_printf(const char *fmt, ...) { (void)fmt; }
uint64_t xrt_virt_to_frame(const void *va) { return (uintptr_t)va >> 12; }
void *xrt_alloc_pages(size_t n)
{
	void *p = aligned_alloc(4096, n * 4096);
	memset(p, 0, n * 4096);
	return p;
}
int gnttab_grant(domid_t d, uint64_t frame, bool ro, grant_ref_t *ref)
{
	(void)d; (void)ro;
	for (grant_ref_t r = 8; r < 4096; r++)
		if (!grants[r].used) {
			grants[r].used = true;
			grants[r].frame = frame;
			*ref = r;
			return 0;
		}
	return PB_ERR_LIMIT;
}
int gnttab_end(grant_ref_t ref) { grants[ref].used = false; return 0; }
int evtchn_alloc_unbound(domid_t remote, evtchn_port_t *port) { (void)remote; *port = 7; return 0; }
void evtchn_close(evtchn_port_t port) { (void)port; }
int evtchn_wait(evtchn_port_t port, uint64_t timeout)
{
	(void)port;
	fake_now += timeout; /* time passes only when someone waits */
	return PB_ERR_TIMEOUT;
}

static blkif_sring_t *backend_sring(void)
{
	return disks[0].ring.sring;
}

static uint8_t pattern(uint64_t byte)
{
	return (uint8_t)(byte * 131 + (byte >> 9));
}

/* The backend: answer every queued request according to `mode`. */
void evtchn_notify(evtchn_port_t port)
{
	(void)port;
	notifies++;
	blkif_sring_t *s = backend_sring();
	if (!s || mode == SILENT)
		return;
	static RING_IDX req_cons;
	static blkif_sring_t *seen;
	if (s != seen) { /* a new connection, a new ring */
		seen = s;
		req_cons = 0;
	}
	while (req_cons != s->req_prod) {
		blkif_request_t *rq = &s->ring[req_cons % 32].req;
		blkif_request_t r = *rq;
		for (int i = 0; i < r.nr_segments; i++) {
			uint8_t *page = (uint8_t *)(uintptr_t)(grants[r.seg[i].gref].frame << 12);
			for (int sct = r.seg[i].first_sect; sct <= r.seg[i].last_sect; sct++)
				for (int b = 0; b < 512; b++)
					page[sct * 512 + b] = pattern((r.sector_number + (uint64_t)i * 8 + (uint64_t)sct) * 512 + (uint64_t)b);
		}
		blkif_response_t *rsp = &s->ring[s->rsp_prod % 32].rsp;
		rsp->id = mode == BAD_ID ? 99 : r.id;
		rsp->operation = r.operation;
		rsp->status = mode == IO_ERROR ? BLKIF_RSP_ERROR : BLKIF_RSP_OKAY;
		s->rsp_prod++;
		if (mode == DUP_ID) {
			s->ring[s->rsp_prod % 32].rsp = *rsp;
			s->rsp_prod++;
		}
		req_cons++;
	}
	s->req_event = req_cons + 1; /* as a real backend: notify me of more */
	if (mode == OVERFLOW)
		s->rsp_prod += 1000;
}

int xs_read(const char *path, char *buf, size_t size)
{
	const char *v = NULL;
	if (strstr(path, "/backend-id")) v = "0";
	else if (strstr(path, "/backend")) v = "backend/vbd/1/51712";
	if (v) { snprintf(buf, size, "%s", v); return 0; }
	return pb_error(PB_ERR_NOTFOUND, "%s", path);
}
int xs_read_u64(const char *path, uint64_t *out)
{
	const char *v = strstr(path, "backend-id") ? "0" : strstr(path, "sector-size") ? xs_ssize
		      : strstr(path, "sectors") ? xs_sectors : NULL;
	if (!v) return PB_ERR_NOTFOUND;
	return pb_parse_u64(v, strlen(v), 10, out) ? pb_error(PB_ERR_PROTO, "%s = '%s' is not a number", path, v) : 0;
}
int xs_write(const char *path, const char *value) { (void)path; (void)value; return 0; }
int xs_directory(const char *path, int (*cb)(void *, const char *), void *ctx)
{
	(void)path;
	return cb(ctx, "51712") > 0 ? 0 : 0;
}
int xs_wait_state(const char *path, const int *states, int n, uint64_t timeout, int *state)
{
	(void)path; (void)states; (void)n;
	if (strcmp(xs_bstate, "4")) {
		fake_now += timeout;
		return pb_error(PB_ERR_TIMEOUT, "backend never connected");
	}
	*state = 4;
	return 0;
}

/* ---- tests ---- */
static struct blockdev dev;

static int connect_one(void)
{
	int n = 0;
	ndisks = 0;
	memset(disks, 0, sizeof(disks));
	memset(grants, 0, sizeof(grants));
	blkfront_probe_all(&dev, 1, &n);
	return n;
}

static void test_reads_match_backend(void **state)
{
	(void)state;
	mode = NORMAL;
	assert_int_equal(connect_one(), 1);
	assert_string_equal(dev.name, "xvda");
	assert_int_equal(dev.nr_sectors, 2048);
	uint8_t *buf = malloc(1 << 20);
	uint64_t starts[] = { 0, 1, 7, 8, 100, 2047 };
	uint64_t counts[] = { 1, 3, 8, 9, 88, 700, 2047 };
	for (size_t i = 0; i < 6; i++)
		for (size_t j = 0; j < 7; j++) {
			if (starts[i] + counts[j] > 2048)
				continue;
			memset(buf, 0xEE, 1 << 20);
			assert_int_equal(blk_read(&dev, starts[i], counts[j], buf), PB_OK);
			for (uint64_t b = 0; b < counts[j] * 512; b++)
				if (buf[b] != pattern(starts[i] * 512 + b))
					fail_msg("byte %llu of read %llu+%llu", (unsigned long long)b,
						 (unsigned long long)starts[i], (unsigned long long)counts[j]);
			assert_int_equal(buf[counts[j] * 512], 0xEE); /* nothing past the end */
		}
	free(buf);
}

static void expect_error(enum mode m, int code, const char *needle)
{
	uint8_t *buf = malloc(1 << 20);
	mode = NORMAL;
	assert_int_equal(connect_one(), 1);
	mode = m;
	pb_errclear();
	int rc = blk_read(&dev, 0, 1000, buf);
	print_message("mode %d -> %d %s\n", m, rc, pb_errmsg());
	assert_int_equal(rc, code);
	assert_non_null(strstr(pb_errmsg(), needle));
	free(buf);
}

static void test_hostile_backends(void **state)
{
	(void)state;
	expect_error(OVERFLOW, PB_ERR_PROTO, "runs");
	expect_error(BAD_ID, PB_ERR_PROTO, "not in flight");
	expect_error(DUP_ID, PB_ERR_PROTO, "not in flight");
	expect_error(IO_ERROR, PB_ERR_IO, "I/O error");
	expect_error(SILENT, PB_ERR_TIMEOUT, "no response");
}

static void test_bad_xenstore(void **state)
{
	(void)state;
	mode = NORMAL;
	const char *bad_sizes[] = { "1000", "0", "abc", "99999999999999999999999" };
	for (size_t i = 0; i < 4; i++) {
		snprintf(xs_ssize, sizeof(xs_ssize), "%s", bad_sizes[i]);
		assert_int_equal(connect_one(), 0);
	}
	snprintf(xs_ssize, sizeof(xs_ssize), "4096");
	snprintf(xs_sectors, sizeof(xs_sectors), "0");
	assert_int_equal(connect_one(), 0);
	snprintf(xs_sectors, sizeof(xs_sectors), "8192");
	assert_int_equal(connect_one(), 1);
	assert_int_equal(dev.sector_size, 4096);
	assert_int_equal(dev.nr_sectors, 1024);
	snprintf(xs_bstate, sizeof(xs_bstate), "2");
	assert_int_equal(connect_one(), 0); /* never connects: skipped after the timeout */
	snprintf(xs_bstate, sizeof(xs_bstate), "4");
	snprintf(xs_ssize, sizeof(xs_ssize), "512");
	snprintf(xs_sectors, sizeof(xs_sectors), "2048");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reads_match_backend),
		cmocka_unit_test(test_hostile_backends),
		cmocka_unit_test(test_bad_xenstore),
	};
	return cmocka_run_group_tests_name("blkfront", tests, NULL, NULL);
}
