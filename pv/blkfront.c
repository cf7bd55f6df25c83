/* Xen PV block frontend (blkif protocol, io/blkif.h).
 *
 * Hardening, after Linux's xen-blkfront: the backend and its ring are
 * untrusted.  rsp_prod is read once per pass; a producer that runs more
 * than a ring ahead is a protocol error; each response is copied out before
 * it is looked at (RING_COPY_RESPONSE: one volatile copy, so the compiler
 * cannot read a field again after the backend changed it); its id indexes
 * our shadow array, must name a request we have queued and must echo that
 * request's operation.  After any such violation the disk is broken: every
 * later call fails at once with the first violation's message (its lost
 * ids would otherwise hold every later read until the I/O timeout).  An
 * I/O error or a silent backend is not a violation: the disk stays usable.
 *
 * Data moves through pages granted once (granting per request would cost
 * hypercalls on every read).  Reads and writes are synchronous, so one
 * pool of INFLIGHT * SEGS pages serves every disk whose backend is the same
 * domain (grants name a domain, so there is one pool per backend domid,
 * usually just dom0's).  Each disk has its own ring, ring grant and event
 * channel.  With 16 disks that is 1032 + 16 grants instead of 1033 * 16,
 * and 4 MiB of memory instead of 64.
 *
 * What "busy" means with a shared pool.  A blk_read/blk_write call returns
 * only when none of its requests is in flight any more, and the loader is
 * single-threaded, so at most one disk has requests queued at any moment:
 * the pool has no state of its own, it only supplies pages.  The state is
 * per disk and per id of that disk's ring (id = pool slot):
 *   FREE       nothing queued under this id on this ring;
 *   BUSY       a request of the running call, using pool slot id's pages;
 *   ABANDONED  the call that queued it gave up (timeout, I/O or protocol
 *              error) and returned.  The id stays taken on this disk's ring
 *              until a response for it arrives, which is then dropped
 *              unread: its data belongs to a call that is over.
 * An abandoned request reserves nothing in the pool: the next call, on any
 * other disk, uses all the slots.  A late answer may then write into pages
 * another disk is using; that is acceptable only because the pool is per
 * backend domain: the one domain that can write there could as well send
 * that other disk wrong data directly. */
#include "pv/blkfront.h"
#include "pv/events.h"
#include "pv/frames.h"
#include "pv/gnttab.h"
#include "pv/xenstore.h"
#include "pv/xtime.h"
#include "pv/console.h"
#include "loader/lib/err.h"

#include <xen/io/blkif.h>
#include <xen/io/protocols.h>
#include <xen/io/xenbus.h>

#define SEGS 128    /* pages per request with indirect descriptors (512 KiB) */
#define INFLIGHT 8  /* requests kept in the ring: 4 MiB in flight */
#define POOL_DATA (INFLIGHT * SEGS)
/* Data pages slot by slot, then one page of segment descriptors per slot
 * for indirect requests (granted read-only; with the pool whatever the
 * backend offers: 8 grants, simpler than granting them later). */
#define POOL_PAGES (POOL_DATA + INFLIGHT)
#define BLKFRONT_MAX_BACKENDS 4 /* distinct backend domains: dom0 and a few driver domains */
#define IO_TIMEOUT_NS 30000000000ull /* without any response */
#define CONNECT_TIMEOUT_NS 10000000000ull
#define DISCONNECT_TIMEOUT_NS 3000000000ull /* per step */

/* Host tests rewrite a response in the ring here, after it was copied. */
#ifndef BLKFRONT_AFTER_COPY
#define BLKFRONT_AFTER_COPY(f) ((void)0)
#endif

enum { SLOT_FREE, SLOT_BUSY, SLOT_ABANDONED };

struct shadow {
	uint8_t state;
	uint8_t op;      /* BLKIF_OP_READ/WRITE/FLUSH_DISKCACHE: what the response must echo */
	uint32_t nsects; /* 512-byte sectors moved, 0 for a flush */
	uint64_t sector; /* in 512-byte units, as blkif counts */
};

struct pool {
	bool granted;    /* every ref below is live, pages is ours */
	domid_t backend_id;
	int disks;       /* connected disks using it */
	uint8_t *pages;  /* POOL_PAGES */
	grant_ref_t ref[POOL_PAGES];
};

struct blkfront {
	char front[64], back[128];
	domid_t backend_id;
	uint32_t vdev;
	struct pool *pool;
	blkif_front_ring_t ring;
	grant_ref_t ring_ref; /* 0: none (refs below GNTTAB_NR_RESERVED_ENTRIES are never ours) */
	evtchn_port_t port;   /* 0: none (Xen never hands out port 0) */
	bool announced;       /* Initialised written: the backend may have mapped the ring */
	uint32_t max_segs;    /* per request: 11 without indirect descriptors */
	struct shadow shadow[INFLIGHT];
	bool connected;
	bool writable; /* the backend's "mode" is "w" */
	bool flush;    /* feature-flush-cache */
	bool broken;   /* the backend broke the protocol: why says how */
	char why[160];
};

static struct blkfront disks[BLKFRONT_MAX_DISKS];
static int ndisks;
static struct pool pools[BLKFRONT_MAX_BACKENDS];

static uint8_t *pool_page(const struct pool *p, uint32_t k)
{
	return p->pages + (size_t)k * PV_PAGE_SIZE;
}

static uint8_t *slot_page(const struct pool *p, int slot, uint32_t seg)
{
	return pool_page(p, (uint32_t)slot * SEGS + seg);
}

/* End the first n grants of p; the pages go back to the heap only if the
 * backend let go of all of them (else they are forgotten, never reused).
 * Returns how many are still mapped. */
static int pool_end(struct pool *p, uint32_t n)
{
	int left = 0;

	for (uint32_t k = 0; k < n; k++)
		left += gnttab_end(p->ref[k]) != PB_OK;
	if (!left)
		xrt_free_pages(p->pages, POOL_PAGES);
	memset(p, 0, sizeof(*p));
	return left;
}

/* The pool for backend domain domid, granted to it on first use.  On
 * failure nothing of a new pool stays granted, and existing pools are
 * untouched. */
static int pool_get(domid_t domid, const char *who, struct pool **out)
{
	struct pool *p = NULL;
	int rc;

	for (int i = 0; i < BLKFRONT_MAX_BACKENDS; i++)
		if (pools[i].granted && pools[i].backend_id == domid) {
			*out = &pools[i];
			return PB_OK;
		}
	for (int i = 0; i < BLKFRONT_MAX_BACKENDS && !p; i++)
		if (!pools[i].granted)
			p = &pools[i];
	if (!p)
		return pb_error(PB_ERR_LIMIT, "%s: backend domain %u: pvboot serves disks of at most %d backend domains",
				who, domid, BLKFRONT_MAX_BACKENDS);
	memset(p, 0, sizeof(*p));
	p->backend_id = domid;
	if (!(p->pages = xrt_alloc_pages(POOL_PAGES)))
		return pb_error(PB_ERR_NOMEM, "%s: out of memory for the I/O pages (%d KiB)", who,
				(int)(POOL_PAGES * PV_PAGE_SIZE >> 10));
	for (uint32_t k = 0; k < POOL_PAGES; k++)
		if ((rc = gnttab_grant(domid, xrt_virt_to_frame(pool_page(p, k)), k >= POOL_DATA, &p->ref[k]))) {
			pool_end(p, k); /* not yet named in any request: nothing is mapped */
			return rc;
		}
	p->granted = true;
	*out = p;
	return PB_OK;
}

static int free_slot(const struct blkfront *f)
{
	for (int i = 0; i < INFLIGHT; i++)
		if (f->shadow[i].state == SLOT_FREE)
			return i;
	return -1;
}

static int busy_slots(const struct blkfront *f)
{
	int n = 0;
	for (int i = 0; i < INFLIGHT; i++)
		n += f->shadow[i].state == SLOT_BUSY;
	return n;
}

/* Push one request into slot: nsects 512-byte sectors from sector on, in
 * pool slot `slot`'s pages (the last page possibly partly). */
static void queue(struct blkfront *f, int slot, uint8_t op, uint64_t sector, uint32_t nsects)
{
	blkif_request_t *req = RING_GET_REQUEST(&f->ring, f->ring.req_prod_pvt);
	struct blkif_request_segment *seg = req->seg;
	uint32_t nsegs = (nsects + 7) / 8;

	if (nsegs && f->max_segs > BLKIF_MAX_SEGMENTS_PER_REQUEST) {
		blkif_request_indirect_t *ind = (blkif_request_indirect_t *)req;
		ind->operation = BLKIF_OP_INDIRECT;
		ind->indirect_op = op;
		ind->nr_segments = (uint16_t)nsegs;
		ind->id = (uint64_t)slot;
		ind->sector_number = sector;
		ind->handle = (blkif_vdev_t)f->vdev;
		ind->indirect_grefs[0] = f->pool->ref[POOL_DATA + slot];
		seg = (struct blkif_request_segment *)pool_page(f->pool, POOL_DATA + (uint32_t)slot);
	} else {
		req->operation = op;
		req->nr_segments = (uint8_t)nsegs;
		req->handle = (blkif_vdev_t)f->vdev;
		req->id = (uint64_t)slot;
		req->sector_number = sector;
	}
	for (uint32_t s = 0; s < nsegs; s++) {
		seg[s].gref = f->pool->ref[(uint32_t)slot * SEGS + s];
		seg[s].first_sect = 0;
		seg[s].last_sect = (uint8_t)(s + 1 == nsegs ? (nsects - 1) % 8 : 7);
	}
	/* The descriptors (in the ring or the indirect page) before the index:
	 * RING_PUSH_REQUESTS_AND_CHECK_NOTIFY's write barrier. */
	f->shadow[slot] = (struct shadow){ SLOT_BUSY, op, nsects, sector };
	f->ring.req_prod_pvt++;
}

static void kick(struct blkfront *f)
{
	int notify;

	RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&f->ring, notify);
	if (notify)
		evtchn_notify(f->port);
}

/* Take every response the backend has produced; a read's data goes to
 * dst, which holds the call's sectors from `first` on.  *got counts the
 * responses taken. */
static int reap(struct blkfront *f, struct blockdev *dev, uint8_t *dst, uint64_t first, int *got)
{
	RING_IDX prod = __atomic_load_n(&f->ring.sring->rsp_prod, __ATOMIC_ACQUIRE);
	int rc = PB_OK;

	if (prod - f->ring.rsp_cons > RING_SIZE(&f->ring))
		return pb_error(PB_ERR_PROTO, "%s: backend response index %u runs %u ahead of a %u-slot ring",
				dev->name, prod, prod - f->ring.rsp_cons, RING_SIZE(&f->ring));
	while (f->ring.rsp_cons != prod) {
		blkif_response_t r;
		RING_COPY_RESPONSE(&f->ring, f->ring.rsp_cons, &r);
		BLKFRONT_AFTER_COPY(f);
		f->ring.rsp_cons++;
		(*got)++;
		if (r.id >= INFLIGHT || f->shadow[r.id].state == SLOT_FREE)
			return pb_error(PB_ERR_PROTO, "%s: response for request %llu that is not in flight",
					dev->name, (unsigned long long)r.id);
		struct shadow *s = &f->shadow[r.id];
		if (r.operation != s->op)
			return pb_error(PB_ERR_PROTO, "%s: response for request %llu has operation %u, not %u",
					dev->name, (unsigned long long)r.id, r.operation, s->op);
		bool abandoned = s->state == SLOT_ABANDONED;
		s->state = SLOT_FREE;
		if (abandoned)
			continue; /* its call has returned: the data is no one's */
		if (r.status != BLKIF_RSP_OKAY && rc == PB_OK)
			rc = pb_error(PB_ERR_IO, "%s: I/O error %d at sector %llu", dev->name, r.status,
				      (unsigned long long)s->sector);
		/* s was queued by this call, so the sectors are inside dst. */
		if (rc == PB_OK && s->op == BLKIF_OP_READ)
			memcpy(dst + (s->sector - first) * 512, slot_page(f->pool, (int)r.id, 0), (size_t)s->nsects * 512);
	}
	return rc;
}

/* Ask the backend to notify us on its next response (rsp_event), then
 * sleep until it does, unless responses arrived meanwhile.  Without
 * re-arming rsp_event the backend stays silent and every wait would run
 * to its timeout. */
static void wait_responses(struct blkfront *f)
{
	int more;

	RING_FINAL_CHECK_FOR_RESPONSES(&f->ring, more);
	if (!more)
		evtchn_wait(f->port, 100000000);
}

/* Move total 512-byte sectors from first on: into dst (op READ) or out of
 * src (op WRITE), INFLIGHT requests of up to max_segs pages at a time,
 * then a cache flush if asked (once the writes have completed: a flush
 * covers completed writes only).  Returns with nothing of its own BUSY. */
static int transfer_run(struct blkfront *f, struct blockdev *dev, uint8_t op, uint64_t first, uint64_t total,
			uint8_t *dst, const uint8_t *src, bool flush)
{
	uint64_t next = first, end = first + total, deadline = xrt_time_ns() + IO_TIMEOUT_NS;
	int rc, slot, got = 0;

	for (;;) {
		while (next < end && (slot = free_slot(f)) >= 0) {
			uint32_t n = (uint32_t)PB_MIN(end - next, (uint64_t)f->max_segs * 8);
			if (op == BLKIF_OP_WRITE)
				memcpy(slot_page(f->pool, slot, 0), src + (next - first) * 512, (size_t)n * 512);
			queue(f, slot, op, next, n);
			next += n;
		}
		if (next == end && flush && !busy_slots(f) && (slot = free_slot(f)) >= 0) {
			queue(f, slot, BLKIF_OP_FLUSH_DISKCACHE, end, 0);
			flush = false;
		}
		kick(f);
		if ((rc = reap(f, dev, dst, first, &got)))
			return rc;
		if (next == end && !flush && !busy_slots(f))
			return PB_OK;
		if (free_slot(f) >= 0 && (next < end || (flush && !busy_slots(f))))
			continue; /* room for more without waiting */
		if (got) { /* the backend is alive: the timeout counts from its last answer */
			deadline = xrt_time_ns() + IO_TIMEOUT_NS;
			got = 0;
		}
		if (xrt_time_ns() > deadline)
			return pb_error(PB_ERR_TIMEOUT, "%s: no response from the backend in 30 s", dev->name);
		wait_responses(f);
	}
}

static int transfer(struct blkfront *f, struct blockdev *dev, uint8_t op, uint64_t first, uint64_t total,
		    uint8_t *dst, const uint8_t *src, bool flush)
{
	int rc;

	if (f->broken)
		return pb_error(PB_ERR_PROTO, "%s: not used any more: %s", dev->name, f->why);
	rc = transfer_run(f, dev, op, first, total, dst, src, flush);
	if (rc) /* what is still queued belongs to no call any more */
		for (int i = 0; i < INFLIGHT; i++)
			if (f->shadow[i].state == SLOT_BUSY)
				f->shadow[i].state = SLOT_ABANDONED;
	if (rc == PB_ERR_PROTO) {
		f->broken = true;
		pb_snprintf(f->why, sizeof(f->why), "%s", pb_errmsg());
	}
	return rc;
}

static int blk_read(struct blockdev *dev, uint64_t lba, uint64_t count, void *buf)
{
	uint32_t per = dev->sector_size / 512;

	return transfer(dev->priv, dev, BLKIF_OP_READ, lba * per, count * per, buf, NULL, false);
}

/* Writes are rare and small (grubenv, 1 KiB); a cache flush follows when
 * the backend offers one, so the data is on the disk before the kernel
 * starts. */
static int blk_write(struct blockdev *dev, uint64_t lba, uint64_t count, const void *buf)
{
	struct blkfront *f = dev->priv;
	uint32_t per = dev->sector_size / 512;

	if (dev->read_only)
		return pb_error(PB_ERR_ROFS, "%s is read-only", dev->name);
	return transfer(f, dev, BLKIF_OP_WRITE, lba * per, count * per, NULL, buf, f->flush);
}

static const struct blockdev_ops blkfront_ops = { .read = blk_read, .write = blk_write };

/* xvda.. from the vbd number (docs/misc/vbd-interface): xvd style is
 * 202 << 8 | disk << 4, the extended form 1 << 28 | disk << 8. */
static void vdev_name(uint32_t vdev, char *out, size_t size)
{
	uint32_t disk = (vdev & (1u << 28)) ? (vdev >> 8) & 0xfffff : (vdev >> 8) == 202 ? (vdev >> 4) & 15 : 0;

	if (disk < 26)
		pb_snprintf(out, size, "xvd%c", 'a' + disk);
	else
		pb_snprintf(out, size, "xvd%c%c", 'a' + disk / 26 - 1, 'a' + disk % 26);
}

/* The XenbusState dance U-Boot and OVMF do, each step bounded: Closing
 * until the backend has let go of the ring (it answers Closing), Closed
 * until it agrees, then Initialising so the next kernel's blkfront finds
 * the backend waiting for it (InitWait).  Then the ring's grant and the
 * event channel go; the pool stays (blkfront_disconnect_all ends it). */
static void disk_close(struct blkfront *f)
{
	static const int let_go[] = { XenbusStateClosing, XenbusStateClosed };
	static const int closed[] = { XenbusStateClosed, XenbusStateInitialising, XenbusStateInitWait };
	static const int waiting[] = { XenbusStateInitWait, XenbusStateInitialising };
	char front[192], back[192];
	int state;

	if (f->announced) {
		pb_snprintf(front, sizeof(front), "%s/state", f->front);
		pb_snprintf(back, sizeof(back), "%s/state", f->back);
		xs_write(front, "5"); /* Closing */
		xs_wait_state(back, let_go, 2, DISCONNECT_TIMEOUT_NS, &state);
		xs_write(front, "6"); /* Closed */
		xs_wait_state(back, closed, 3, DISCONNECT_TIMEOUT_NS, &state);
		xs_write(front, "1"); /* Initialising: ready for the next frontend */
		xs_wait_state(back, waiting, 2, DISCONNECT_TIMEOUT_NS, &state);
		f->announced = false;
	}
	if (f->ring_ref) {
		if (gnttab_end(f->ring_ref) == PB_OK)
			xrt_free_pages(f->ring.sring, 1);
		else /* the page stays the backend's: never reused */
			xrt_printf("pvboot: %s: the backend still maps the ring; its grant stays\n", f->front);
	} else if (f->ring.sring) {
		xrt_free_pages(f->ring.sring, 1);
	}
	f->ring_ref = 0;
	f->ring.sring = NULL;
	if (f->port)
		evtchn_close(f->port);
	f->port = 0;
	if (f->connected)
		f->pool->disks--;
	f->connected = false;
}

/* On failure the caller reports the error, then disk_close() takes back
 * what was set up: the pool stays granted for the other disks. */
static int connect(struct blkfront *f, struct blockdev *dev, const char *id)
{
	char path[192], val[64];
	uint64_t v, sectors, ss;
	int rc, state;
	static const int connected[] = { XenbusStateConnected };

	pb_snprintf(f->front, sizeof(f->front), "device/vbd/%s", id);
	if (pb_parse_u64(id, strlen(id), 10, &v) || v > UINT32_MAX)
		return pb_error(PB_ERR_PROTO, "vbd id '%s' is not a number", id);
	f->vdev = (uint32_t)v;
	pb_snprintf(path, sizeof(path), "%s/backend", f->front);
	if ((rc = xs_read(path, f->back, sizeof(f->back))))
		return rc;
	pb_snprintf(path, sizeof(path), "%s/backend-id", f->front);
	if ((rc = xs_read_u64(path, &v)) || v >= DOMID_FIRST_RESERVED)
		return rc ? rc : pb_error(PB_ERR_PROTO, "%s: backend-id %llu", f->front, (unsigned long long)v);
	f->backend_id = (domid_t)v;
	if ((rc = pool_get(f->backend_id, f->front, &f->pool)))
		return rc;

	blkif_sring_t *sring = xrt_alloc_pages(1);
	if (!sring)
		return pb_error(PB_ERR_NOMEM, "%s: out of memory for the ring", f->front);
	SHARED_RING_INIT(sring);
	FRONT_RING_INIT(&f->ring, sring, PV_PAGE_SIZE);
	if ((rc = gnttab_grant(f->backend_id, xrt_virt_to_frame(sring), false, &f->ring_ref)))
		return rc;
	if ((rc = evtchn_alloc_unbound(f->backend_id, &f->port)))
		return rc;

	pb_snprintf(path, sizeof(path), "%s/ring-ref", f->front);
	pb_snprintf(val, sizeof(val), "%u", f->ring_ref);
	if ((rc = xs_write(path, val)))
		return rc;
	pb_snprintf(path, sizeof(path), "%s/event-channel", f->front);
	pb_snprintf(val, sizeof(val), "%u", f->port);
	if ((rc = xs_write(path, val)))
		return rc;
	pb_snprintf(path, sizeof(path), "%s/protocol", f->front);
	if ((rc = xs_write(path, XEN_IO_PROTO_ABI_X86_64)))
		return rc;
	pb_snprintf(path, sizeof(path), "%s/state", f->front);
	f->announced = true; /* even if the write fails: it may have landed */
	if ((rc = xs_write(path, "3"))) /* XenbusStateInitialised */
		return rc;
	pb_snprintf(path, sizeof(path), "%s/state", f->back);
	if ((rc = xs_wait_state(path, connected, 1, CONNECT_TIMEOUT_NS, &state)))
		return rc;

	pb_snprintf(path, sizeof(path), "%s/sectors", f->back);
	if ((rc = xs_read_u64(path, &sectors)))
		return rc;
	pb_snprintf(path, sizeof(path), "%s/sector-size", f->back);
	if ((rc = xs_read_u64(path, &ss)))
		return rc;
	if ((ss != 512 && ss != 4096) || sectors == 0 || sectors > (UINT64_MAX / 4096))
		return pb_error(PB_ERR_PROTO, "%s: backend reports %llu sectors of %llu bytes", f->front,
				(unsigned long long)sectors, (unsigned long long)ss);
	f->max_segs = BLKIF_MAX_SEGMENTS_PER_REQUEST;
	pb_snprintf(path, sizeof(path), "%s/feature-max-indirect-segments", f->back);
	if (xs_read_u64(path, &v) == PB_OK && v > BLKIF_MAX_SEGMENTS_PER_REQUEST)
		f->max_segs = (uint32_t)PB_MIN(v, (uint64_t)SEGS);
	char mode[8];
	pb_snprintf(path, sizeof(path), "%s/mode", f->back);
	f->writable = xs_read(path, mode, sizeof(mode)) == PB_OK && mode[0] == 'w';
	pb_snprintf(path, sizeof(path), "%s/feature-flush-cache", f->back);
	f->flush = xs_read_u64(path, &v) == PB_OK && v == 1;
	pb_snprintf(path, sizeof(path), "%s/state", f->front);
	if ((rc = xs_write(path, "4"))) /* XenbusStateConnected */
		return rc;

	memset(dev, 0, sizeof(*dev));
	dev->ops = &blkfront_ops;
	vdev_name(f->vdev, dev->name, sizeof(dev->name));
	/* "sectors" counts 512-byte units whatever the logical sector size. */
	dev->sector_size = (uint32_t)ss;
	dev->nr_sectors = sectors * 512 / ss;
	dev->read_only = !f->writable;
	dev->priv = f;
	f->connected = true;
	f->pool->disks++;
	return PB_OK;
}

struct probe_ctx {
	struct blockdev *devs;
	int max, *count;
};

static int probe_one(void *ctx, const char *id)
{
	struct probe_ctx *p = ctx;

	if (*p->count >= p->max || ndisks >= BLKFRONT_MAX_DISKS) {
		xrt_printf("pvboot: disk device/vbd/%s and any after it not used: at most %d disks\n", id,
			   PB_MIN(p->max, BLKFRONT_MAX_DISKS));
		return 1;
	}
	struct blkfront *f = &disks[ndisks];
	memset(f, 0, sizeof(*f));
	int rc = connect(f, &p->devs[*p->count], id);
	if (rc) {
		xrt_printf("pvboot: disk device/vbd/%s: %s\n", id, pb_errmsg());
		disk_close(f);
		return 0;
	}
	ndisks++;
	(*p->count)++;
	return 0;
}

int blkfront_probe_all(struct blockdev *devs, int max, int *count)
{
	struct probe_ctx p = { devs, max, count };

	*count = 0;
	return xs_directory("device/vbd", probe_one, &p);
}

/* Every disk first (the backend lets go of the pool's pages when it
 * closes), then every pool. */
void blkfront_disconnect_all(void)
{
	for (int i = 0; i < ndisks; i++)
		disk_close(&disks[i]);
	ndisks = 0;
	for (int i = 0; i < BLKFRONT_MAX_BACKENDS; i++) {
		struct pool *p = &pools[i];
		domid_t d = p->backend_id;
		int left;
		if (p->granted && (left = pool_end(p, POOL_PAGES)))
			xrt_printf("pvboot: domain %u still maps %d I/O pages; their grants stay\n", d, left);
	}
}

uint32_t blkfront_segments(const struct blockdev *dev)
{
	return ((const struct blkfront *)dev->priv)->max_segs;
}
