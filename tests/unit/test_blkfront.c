/* blkfront against a fake backend on the host (pv/blkfront.c is included
 * here, XTF-style; the Xen runtime it calls is faked below).
 *
 * The fake plays xenstore, the grant table, event channels and one blkback
 * per disk: it finds each ring through the ring-ref the frontend wrote,
 * follows every request's grant references (checking that they are live
 * and granted to that disk's backend domain), and serves reads and writes
 * from a per-disk image.  Tests: reads of every alignment, direct and
 * indirect; hostile backends (producer too far ahead, responses for
 * requests not in flight, wrong operation, error status, silence, garbage
 * in xenstore); many disks sharing one pool of I/O pages per backend
 * domain; failed connects that must leave that pool usable; an error on
 * one disk that must not hold up another; writes and flushes; and a
 * disconnect that ends every grant.  Each must give an error, and never a
 * hang or a write outside the caller's buffer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "pv/blkfront.c"

/* ---- fake runtime ---- */
enum mode { NORMAL, OVERFLOW, BAD_ID, DUP_ID, WRONG_OP, IO_ERROR, SILENT };

#define FD_MAX 40
#define NGRANTS 65536

/* One disk as xenstore and its backend see it. */
struct fdisk {
	uint32_t vbd;
	domid_t dom;
	char ssize[32], sectors[32];
	const char *indirect; /* feature-max-indirect-segments, or NULL */
	const char *mode;     /* "w" or "r" */
	bool flush;           /* feature-flush-cache */
	bool dead;            /* never answers a state change */
	enum mode io;
	/* backend side */
	int bstate, fstate;
	uint32_t ring_ref, port;
	blkif_back_ring_t br;
	uint8_t *store;
	uint64_t bytes;
	long flushes, requests;
};
static struct fdisk fd[FD_MAX];
static int nfd;
static uint64_t fake_now;
static struct { uint64_t frame; domid_t dom; bool used, ro, mapped; } grants[NGRANTS];
static uint32_t grant_limit = NGRANTS, grants_used, bad_ends;
static struct { bool open; domid_t remote; } ports[1024];
static uint32_t next_port = 10, bad_closes;
static long pages_live; /* pages from xrt_alloc_pages not freed */

uint64_t xrt_time_ns(void) { return fake_now; }
void xrt_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vprintf(fmt, ap); /* the driver's own reports, in the test output */
	va_end(ap);
}
uint64_t xrt_virt_to_frame(const void *va) { return (uintptr_t)va >> 12; }
void *xrt_alloc_pages(size_t n)
{
	void *p = aligned_alloc(4096, n * 4096);
	memset(p, 0, n * 4096);
	pages_live += (long)n;
	return p;
}
void xrt_free_pages(void *va, size_t n)
{
	free(va);
	pages_live -= (long)n;
}

int gnttab_grant(domid_t d, uint64_t frame, bool ro, grant_ref_t *ref)
{
	for (grant_ref_t r = 8; r < grant_limit; r++)
		if (!grants[r].used) {
			grants[r].used = true;
			grants[r].frame = frame;
			grants[r].dom = d;
			grants[r].ro = ro;
			grants_used++;
			*ref = r;
			return 0;
		}
	return pb_error(PB_ERR_LIMIT, "grant table full (fake, %u)", grants_used);
}
int gnttab_end(grant_ref_t ref)
{
	if (ref >= NGRANTS || !grants[ref].used) {
		bad_ends++;
		return pb_error(PB_ERR_INVAL, "grant %u not in use", ref);
	}
	if (grants[ref].mapped)
		return pb_error(PB_ERR_PROTO, "grant %u still mapped by the backend", ref);
	grants[ref].used = false;
	grants_used--;
	return 0;
}
/* What the backend maps: a live grant to its own domain, else the test fails. */
static uint8_t *backend_map(const struct fdisk *d, grant_ref_t ref, bool want_write)
{
	if (ref >= NGRANTS || !grants[ref].used)
		fail_msg("backend of vbd %u given grant %u that is not live", d->vbd, ref);
	if (grants[ref].dom != d->dom)
		fail_msg("backend domain %u given grant %u for domain %u", d->dom, ref, grants[ref].dom);
	if (want_write && grants[ref].ro)
		fail_msg("backend of vbd %u must write into read-only grant %u", d->vbd, ref);
	return (uint8_t *)(uintptr_t)(grants[ref].frame << 12);
}

int evtchn_alloc_unbound(domid_t remote, evtchn_port_t *port)
{
	*port = next_port++ % 1024;
	ports[*port].open = true;
	ports[*port].remote = remote;
	return 0;
}
void evtchn_close(evtchn_port_t port)
{
	if (!ports[port].open)
		bad_closes++;
	ports[port].open = false;
}
int evtchn_wait(evtchn_port_t port, uint64_t timeout)
{
	(void)port;
	fake_now += timeout; /* time passes only when someone waits */
	return PB_ERR_TIMEOUT;
}

static uint8_t pattern(int disk, uint64_t byte)
{
	return (uint8_t)(byte * 131 + (byte >> 9) + (uint64_t)disk * 71);
}

/* The backend of fd[i]: answer every queued request according to its mode. */
static void backend_process(int i)
{
	struct fdisk *d = &fd[i];
	blkif_back_ring_t *br = &d->br;

	while (br->req_cons != br->sring->req_prod) {
		blkif_request_t r = *RING_GET_REQUEST(br, br->req_cons);
		blkif_request_indirect_t *ind = (blkif_request_indirect_t *)&r;
		struct blkif_request_segment *seg = r.seg;
		uint8_t op = r.operation;
		uint32_t nseg = r.nr_segments;
		uint64_t id = r.id, sector = r.sector_number;
		int16_t status = BLKIF_RSP_OKAY;

		br->req_cons++;
		d->requests++;
		if (op == BLKIF_OP_INDIRECT) {
			if (!d->indirect)
				fail_msg("indirect request to a backend that does not offer them");
			op = ind->indirect_op;
			nseg = ind->nr_segments;
			id = ind->id;
			sector = ind->sector_number;
			if (nseg > (uint32_t)atoi(d->indirect))
				fail_msg("%u segments, the backend offers %s", nseg, d->indirect);
			seg = (struct blkif_request_segment *)backend_map(d, ind->indirect_grefs[0], false);
		} else if (nseg > BLKIF_MAX_SEGMENTS_PER_REQUEST) {
			fail_msg("%u segments in a direct request", nseg);
		}
		if (op == BLKIF_OP_FLUSH_DISKCACHE) {
			if (!d->flush || nseg)
				fail_msg("flush request not offered or with data");
			d->flushes++;
		}
		if (op != BLKIF_OP_READ && op != BLKIF_OP_WRITE && op != BLKIF_OP_FLUSH_DISKCACHE)
			fail_msg("operation %u", op);
		uint64_t pos = sector * 512;
		for (uint32_t s = 0; s < nseg; s++) {
			uint8_t *page = backend_map(d, seg[s].gref, op == BLKIF_OP_READ);
			if (seg[s].first_sect > seg[s].last_sect || seg[s].last_sect > 7)
				fail_msg("segment sectors %u..%u", seg[s].first_sect, seg[s].last_sect);
			for (int sct = seg[s].first_sect; sct <= seg[s].last_sect; sct++, pos += 512) {
				if (pos + 512 > d->bytes)
					fail_msg("request past the end of the disk");
				if (op == BLKIF_OP_READ)
					memcpy(page + sct * 512, d->store + pos, 512);
				else
					memcpy(d->store + pos, page + sct * 512, 512);
			}
		}
		if (d->io == IO_ERROR)
			status = BLKIF_RSP_ERROR;
		blkif_response_t *rsp = RING_GET_RESPONSE(br, br->rsp_prod_pvt++);
		rsp->id = d->io == BAD_ID ? 99 : id;
		rsp->operation = d->io == WRONG_OP ? (uint8_t)(op ^ 1) : op; /* the inner op, as blkback */
		rsp->status = status;
		if (d->io == DUP_ID)
			*RING_GET_RESPONSE(br, br->rsp_prod_pvt++) = *rsp;
	}
	RING_PUSH_RESPONSES(br);
	br->sring->req_event = br->req_cons + 1; /* as a real backend: notify me of more */
	if (d->io == OVERFLOW)
		br->sring->rsp_prod += 1000;
}

void evtchn_notify(evtchn_port_t port)
{
	if (!ports[port].open)
		fail_msg("notify on closed port %u", port);
	for (int i = 0; i < nfd; i++)
		if (fd[i].bstate == XenbusStateConnected && fd[i].port == port) {
			if (fd[i].io != SILENT)
				backend_process(i);
			return;
		}
	fail_msg("notify on port %u that no connected backend listens to", port);
}

/* "device/vbd/<vbd>/key" or "backend/vbd/<dom>/<vbd>/key": which disk, which side. */
static struct fdisk *fd_of(const char *path, bool *back, const char **key)
{
	unsigned dom, vbd;
	*back = strncmp(path, "backend/", 8) == 0;
	if (*back ? sscanf(path, "backend/vbd/%u/%u/", &dom, &vbd) != 2 : sscanf(path, "device/vbd/%u/", &vbd) != 1)
		return NULL;
	*key = strrchr(path, '/') + 1;
	for (int i = 0; i < nfd; i++)
		if (fd[i].vbd == vbd && (!*back || fd[i].dom == dom))
			return &fd[i];
	return NULL;
}

int xs_read(const char *path, char *buf, size_t size)
{
	bool back;
	const char *key;
	struct fdisk *d = fd_of(path, &back, &key);

	if (d && !back && !strcmp(key, "backend")) {
		snprintf(buf, size, "backend/vbd/%u/%u", d->dom, d->vbd);
		return 0;
	}
	if (d && back && !strcmp(key, "mode")) {
		snprintf(buf, size, "%s", d->mode);
		return 0;
	}
	return pb_error(PB_ERR_NOTFOUND, "%s", path);
}
int xs_read_u64(const char *path, uint64_t *out)
{
	bool back;
	const char *key, *v = NULL;
	char num[32];
	struct fdisk *d = fd_of(path, &back, &key);

	if (!d)
		return pb_error(PB_ERR_NOTFOUND, "%s", path);
	if (!back && !strcmp(key, "backend-id"))
		snprintf(num, sizeof(num), "%u", d->dom), v = num;
	else if (back && !strcmp(key, "sectors"))
		v = d->sectors;
	else if (back && !strcmp(key, "sector-size"))
		v = d->ssize;
	else if (back && !strcmp(key, "feature-max-indirect-segments"))
		v = d->indirect;
	else if (back && !strcmp(key, "feature-flush-cache"))
		v = d->flush ? "1" : NULL;
	if (!v)
		return pb_error(PB_ERR_NOTFOUND, "%s", path);
	return pb_parse_u64(v, strlen(v), 10, out) ? pb_error(PB_ERR_PROTO, "%s = '%s' is not a number", path, v) : 0;
}
/* The backend follows the frontend's state as blkback does: it maps the
 * ring when the frontend is Initialised and unmaps it when Closed. */
int xs_write(const char *path, const char *value)
{
	bool back;
	const char *key;
	struct fdisk *d = fd_of(path, &back, &key);

	if (!d || back)
		fail_msg("write to %s", path);
	if (!strcmp(key, "ring-ref"))
		d->ring_ref = (uint32_t)atoi(value);
	else if (!strcmp(key, "event-channel"))
		d->port = (uint32_t)atoi(value);
	if (strcmp(key, "state"))
		return 0;
	d->fstate = atoi(value);
	if (d->dead)
		return 0;
	switch (d->fstate) {
	case XenbusStateInitialised:
		if (!ports[d->port].open || ports[d->port].remote != d->dom)
			fail_msg("event channel %u is not open to domain %u", d->port, d->dom);
		BACK_RING_INIT(&d->br, (blkif_sring_t *)backend_map(d, d->ring_ref, true), PV_PAGE_SIZE);
		grants[d->ring_ref].mapped = true;
		d->bstate = XenbusStateConnected;
		break;
	case XenbusStateClosing:
		d->bstate = XenbusStateClosing;
		break;
	case XenbusStateClosed:
		if (d->bstate != XenbusStateInitWait)
			grants[d->ring_ref].mapped = false;
		d->bstate = XenbusStateClosed;
		break;
	case XenbusStateInitialising:
		d->bstate = XenbusStateInitWait;
		break;
	}
	return 0;
}
int xs_directory(const char *path, int (*cb)(void *, const char *), void *ctx)
{
	char id[16];
	int rc = 0;

	assert_string_equal(path, "device/vbd");
	for (int i = 0; i < nfd && rc == 0; i++) {
		snprintf(id, sizeof(id), "%u", fd[i].vbd);
		rc = cb(ctx, id);
	}
	return rc > 0 ? 0 : rc;
}
int xs_wait_state(const char *path, const int *states, int n, uint64_t timeout, int *state)
{
	bool back;
	const char *key;
	struct fdisk *d = fd_of(path, &back, &key);

	if (!d || !back)
		fail_msg("wait on %s", path);
	for (int i = 0; i < n; i++)
		if (states[i] == d->bstate) {
			*state = d->bstate;
			return 0;
		}
	fake_now += timeout;
	return pb_error(PB_ERR_TIMEOUT, "%s stayed at %d", path, d->bstate);
}

/* ---- helpers ---- */

/* vbd numbers as xl writes them: xvd style below 16 disks, extended above. */
static uint32_t vbd_of(int disk)
{
	return disk < 16 ? (202u << 8) | (uint32_t)disk << 4 : (1u << 28) | (uint32_t)disk << 8;
}

static struct fdisk *fd_add(int disk, domid_t dom)
{
	struct fdisk *d = &fd[nfd++];
	memset(d, 0, sizeof(*d));
	d->vbd = vbd_of(disk);
	d->dom = dom;
	snprintf(d->ssize, sizeof(d->ssize), "512");
	snprintf(d->sectors, sizeof(d->sectors), "2048");
	d->mode = "w";
	d->flush = true;
	d->bstate = XenbusStateInitWait;
	d->bytes = 2048 * 512;
	d->store = malloc(d->bytes);
	for (uint64_t b = 0; b < d->bytes; b++)
		d->store[b] = pattern(nfd - 1, b);
	return d;
}

static struct blockdev devs[BLKFRONT_MAX_DISKS + 1];

static int probe(int max)
{
	int n = -1;
	assert_int_equal(blkfront_probe_all(devs, max, &n), PB_OK);
	return n;
}

/* Disconnect, then nothing of ours may be left: grants, ports, pages; and
 * every backend waits for the next frontend. */
static void teardown(void)
{
	blkfront_disconnect_all();
	assert_int_equal(grants_used, 0);
	assert_int_equal(bad_ends, 0);
	assert_int_equal(bad_closes, 0);
	assert_int_equal(pages_live, 0);
	for (int p = 0; p < 1024; p++)
		assert_false(ports[p].open);
	for (int i = 0; i < nfd; i++) {
		if (!fd[i].dead)
			assert_int_equal(fd[i].bstate, XenbusStateInitWait);
		free(fd[i].store);
	}
	for (int i = 0; i < BLKFRONT_MAX_BACKENDS; i++)
		assert_false(pools[i].granted);
	nfd = 0;
	grant_limit = NGRANTS;
}

/* After each test, pass or fail: a clean slate for the next one. */
static int reset(void **state)
{
	(void)state;
	blkfront_disconnect_all();
	for (int i = 0; i < nfd; i++)
		free(fd[i].store);
	nfd = 0;
	memset(grants, 0, sizeof(grants));
	memset(ports, 0, sizeof(ports));
	grants_used = bad_ends = bad_closes = 0;
	grant_limit = NGRANTS;
	pages_live = 0;
	return 0;
}

/* dev (disk `disk` of fd[]) reads back what its backend holds. */
static void check_read(struct blockdev *dev, int disk, uint64_t start, uint64_t count)
{
	uint32_t ss = dev->sector_size;
	uint8_t *buf = malloc(count * ss + 1);

	buf[count * ss] = 0xEE;
	assert_int_equal(blk_read(dev, start, count, buf), PB_OK);
	if (memcmp(buf, fd[disk].store + start * ss, count * ss))
		fail_msg("%s: read %llu+%llu differs from the disk", dev->name, (unsigned long long)start,
			 (unsigned long long)count);
	assert_int_equal(buf[count * ss], 0xEE); /* nothing past the end */
	free(buf);
}

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
		cmocka_unit_test_teardown(test_shared_pool, reset),
		cmocka_unit_test_teardown(test_many_disks, reset),
		cmocka_unit_test_teardown(test_backend_domains, reset),
		cmocka_unit_test_teardown(test_failed_connect_keeps_pool, reset),
		cmocka_unit_test_teardown(test_error_on_one_disk, reset),
		cmocka_unit_test_teardown(test_writes, reset),
	};
	return cmocka_run_group_tests_name("blkfront", tests, NULL, NULL);
}
