/* A fake Xen for blkfront host tests (included by test_blkfront*.c, each
 * of which includes pv/blkfront.c through this header, XTF-style).
 *
 * The fake plays xenstore, the grant table, event channels and one blkback
 * per disk: it finds each ring through the ring-ref the frontend wrote,
 * follows every request's grant references (checking that they are live
 * and granted to that disk's backend domain), and serves reads and writes
 * from a per-disk image.  Not every test file uses every helper. */
#ifndef PVBOOT_TESTS_UNIT_FAKE_BLKBACK_H
#define PVBOOT_TESTS_UNIT_FAKE_BLKBACK_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "pv/blkfront.c"

/* Each test file uses only some of the helpers below. */
#pragma GCC diagnostic ignored "-Wunused-function"

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


#endif
