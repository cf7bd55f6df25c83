/* Xen PV block frontend (blkif protocol, io/blkif.h).
 *
 * Hardening, after Linux's xen-blkfront: the backend and its ring are
 * untrusted.  rsp_prod is read once per pass; a producer that runs more
 * than a ring ahead is a protocol error; each response is copied out before
 * it is looked at; its id indexes our shadow array and must name a request
 * we have in flight.  Data moves through a pool of pages granted once at
 * connect time (granting per request would cost hypercalls on every read). */
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
#define IO_TIMEOUT_NS 30000000000ull
#define CONNECT_TIMEOUT_NS 10000000000ull
#define DISCONNECT_TIMEOUT_NS 3000000000ull /* per step */

struct shadow {
	bool busy;
	uint64_t sector; /* in 512-byte units, as blkif counts */
	uint32_t nsegs;
};

struct blkfront {
	char front[64], back[128];
	domid_t backend_id;
	uint32_t vdev;
	blkif_front_ring_t ring;
	grant_ref_t ring_ref;
	evtchn_port_t port;
	uint8_t *pool;                 /* INFLIGHT * SEGS pages */
	grant_ref_t pool_ref[INFLIGHT][SEGS];
	/* Indirect descriptors (feature-max-indirect-segments): one page of
	 * segment descriptors per slot, granted read-only to the backend. */
	struct blkif_request_segment *indirect[INFLIGHT];
	grant_ref_t indirect_ref[INFLIGHT];
	uint32_t max_segs; /* per request: 11 without indirect descriptors */
	struct shadow shadow[INFLIGHT];
	bool connected;
	bool writable; /* the backend's "mode" is "w" */
	bool flush;    /* feature-flush-cache */
};

static struct blkfront disks[BLKFRONT_MAX_DISKS];
static int ndisks;

static uint8_t *slot_page(struct blkfront *f, int slot, int seg)
{
	return f->pool + ((size_t)slot * SEGS + (size_t)seg) * PV_PAGE_SIZE;
}

/* Push one request into slot: nsegs pages from sector on, the last page
 * holding last_secs 512-byte sectors (8 for a whole page). */
static void queue(struct blkfront *f, int slot, uint64_t sector, uint32_t nsegs, uint32_t last_secs,
		  uint8_t op)
{
	blkif_request_t *req = RING_GET_REQUEST(&f->ring, f->ring.req_prod_pvt);
	struct blkif_request_segment *seg = req->seg;

	if (f->max_segs > BLKIF_MAX_SEGMENTS_PER_REQUEST) {
		blkif_request_indirect_t *ind = (blkif_request_indirect_t *)req;
		ind->operation = BLKIF_OP_INDIRECT;
		ind->indirect_op = op;
		ind->nr_segments = (uint16_t)nsegs;
		ind->id = (uint64_t)slot;
		ind->sector_number = sector;
		ind->handle = (blkif_vdev_t)f->vdev;
		ind->indirect_grefs[0] = f->indirect_ref[slot];
		seg = f->indirect[slot];
	} else {
		req->operation = op;
		req->nr_segments = (uint8_t)nsegs;
		req->handle = (blkif_vdev_t)f->vdev;
		req->id = (uint64_t)slot;
		req->sector_number = sector;
	}
	for (uint32_t s = 0; s < nsegs; s++) {
		seg[s].gref = f->pool_ref[slot][s];
		seg[s].first_sect = 0;
		seg[s].last_sect = (uint8_t)(s + 1 == nsegs ? last_secs - 1 : 7);
	}
	/* The descriptors (in the ring or the indirect page) before the index. */
	f->shadow[slot] = (struct shadow){ true, sector, nsegs };
	f->ring.req_prod_pvt++;
}

static void kick(struct blkfront *f)
{
	int notify;

	RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&f->ring, notify);
	if (notify)
		evtchn_notify(f->port);
}

/* Collect responses; *done_slot gets each finished slot via cb. */
static int reap(struct blkfront *f, struct blockdev *dev, int (*cb)(void *, int), void *ctx)
{
	RING_IDX prod = __atomic_load_n(&f->ring.sring->rsp_prod, __ATOMIC_ACQUIRE);
	int rc = PB_OK;

	if (prod - f->ring.rsp_cons > RING_SIZE(&f->ring))
		return pb_error(PB_ERR_PROTO, "%s: backend response index %u runs %u ahead of a %u-slot ring",
				dev->name, prod, prod - f->ring.rsp_cons, RING_SIZE(&f->ring));
	while (f->ring.rsp_cons != prod) {
		blkif_response_t r = *RING_GET_RESPONSE(&f->ring, f->ring.rsp_cons); /* copy first */
		f->ring.rsp_cons++;
		if (r.id >= INFLIGHT || !f->shadow[r.id].busy)
			return pb_error(PB_ERR_PROTO, "%s: response for request %llu that is not in flight",
					dev->name, (unsigned long long)r.id);
		f->shadow[r.id].busy = false;
		if (r.status != BLKIF_RSP_OKAY && rc == PB_OK)
			rc = pb_error(PB_ERR_IO, "%s: I/O error %d at sector %llu", dev->name, r.status,
				      (unsigned long long)f->shadow[r.id].sector);
		if (rc == PB_OK && cb)
			rc = cb(ctx, (int)r.id);
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

struct read_ctx {
	struct blkfront *f;
	uint8_t *buf;      /* caller's buffer */
	uint64_t first;    /* first 512-byte sector of the whole read */
};

static int copy_out(void *ctx, int slot)
{
	struct read_ctx *rc = ctx;
	struct shadow *s = &rc->f->shadow[slot];
	uint8_t *dst = rc->buf + (s->sector - rc->first) * 512;

	for (uint32_t i = 0; i < s->nsegs; i++)
		memcpy(dst + i * PV_PAGE_SIZE, slot_page(rc->f, slot, (int)i), PV_PAGE_SIZE);
	return PB_OK;
}

static int busy_slots(const struct blkfront *f)
{
	int n = 0;
	for (int i = 0; i < INFLIGHT; i++)
		n += f->shadow[i].busy;
	return n;
}

/* Whole 4 KiB pages only: blockdev_read_bytes gives us sector runs; a run
 * that is not page-multiple goes through a bounce page at the tail. */
static int blk_read(struct blockdev *dev, uint64_t lba, uint64_t count, void *buf)
{
	struct blkfront *f = dev->priv;
	uint64_t first = lba * (dev->sector_size / 512), total = count * (dev->sector_size / 512);
	uint64_t whole = total / 8 * 8, next = first;
	struct read_ctx ctx = { f, buf, first };
	uint64_t deadline = xrt_time_ns() + IO_TIMEOUT_NS;
	int rc;

	while (next < first + whole || busy_slots(f)) {
		/* Fill free slots. */
		for (int slot = 0; slot < INFLIGHT && next < first + whole; slot++) {
			if (f->shadow[slot].busy)
				continue;
			uint32_t n = (uint32_t)PB_MIN((first + whole - next) / 8, (uint64_t)f->max_segs);
			queue(f, slot, next, n, 8, BLKIF_OP_READ);
			next += (uint64_t)n * 8;
		}
		kick(f);
		if ((rc = reap(f, dev, copy_out, &ctx)))
			return rc;
		if (!busy_slots(f))
			continue;
		if (xrt_time_ns() > deadline)
			return pb_error(PB_ERR_TIMEOUT, "%s: no response from the backend in 30 s", dev->name);
		wait_responses(f);
	}
	if (whole < total) { /* a tail of fewer than 8 sectors: one page, copy part */
		queue(f, 0, first + whole, 1, (uint32_t)(total - whole), BLKIF_OP_READ);
		kick(f);
		while (f->shadow[0].busy) {
			if ((rc = reap(f, dev, NULL, NULL)))
				return rc;
			if (f->shadow[0].busy && xrt_time_ns() > deadline)
				return pb_error(PB_ERR_TIMEOUT, "%s: no response from the backend", dev->name);
			if (f->shadow[0].busy)
				wait_responses(f);
		}
		memcpy((uint8_t *)buf + whole * 512, slot_page(f, 0, 0), (size_t)(total - whole) * 512);
	}
	return PB_OK;
}

/* Wait (bounded) for slot 0, the only slot writes use. */
static int wait_slot0(struct blkfront *f, struct blockdev *dev)
{
	uint64_t deadline = xrt_time_ns() + IO_TIMEOUT_NS;
	int rc;

	kick(f);
	while (f->shadow[0].busy) {
		if ((rc = reap(f, dev, NULL, NULL)))
			return rc;
		if (!f->shadow[0].busy)
			break;
		if (xrt_time_ns() > deadline)
			return pb_error(PB_ERR_TIMEOUT, "%s: no response from the backend", dev->name);
		wait_responses(f);
	}
	return PB_OK;
}

/* Writes are rare and small (grubenv, 1 KiB): one request at a time, then
 * a cache flush when the backend offers one, so the data is on the disk
 * before the kernel starts. */
static int blk_write(struct blockdev *dev, uint64_t lba, uint64_t count, const void *buf)
{
	struct blkfront *f = dev->priv;
	uint64_t sector = lba * (dev->sector_size / 512), left = count * (dev->sector_size / 512);
	const uint8_t *src = buf;
	int rc;

	if (dev->read_only)
		return pb_error(PB_ERR_ROFS, "%s is read-only", dev->name);
	if (busy_slots(f))
		return pb_error(PB_ERR_PROTO, "%s: requests still in flight", dev->name);
	while (left) {
		uint64_t n = PB_MIN(left, (uint64_t)f->max_segs * 8), pages = (n + 7) / 8;
		for (uint64_t p = 0; p < pages; p++)
			memcpy(slot_page(f, 0, (int)p), src + p * PV_PAGE_SIZE,
			       (size_t)PB_MIN(n - p * 8, (uint64_t)8) * 512);
		queue(f, 0, sector, (uint32_t)pages, (uint32_t)(n - (pages - 1) * 8), BLKIF_OP_WRITE);
		if ((rc = wait_slot0(f, dev)))
			return rc;
		sector += n;
		src += n * 512;
		left -= n;
	}
	if (f->flush) {
		blkif_request_t *req = RING_GET_REQUEST(&f->ring, f->ring.req_prod_pvt);
		*req = (blkif_request_t){ .operation = BLKIF_OP_FLUSH_DISKCACHE, .handle = (blkif_vdev_t)f->vdev,
					  .id = 0, .sector_number = sector };
		f->shadow[0] = (struct shadow){ true, sector, 0 };
		f->ring.req_prod_pvt++;
		if ((rc = wait_slot0(f, dev)))
			return rc;
	}
	return PB_OK;
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

	blkif_sring_t *sring = xrt_alloc_pages(1);
	f->pool = xrt_alloc_pages(INFLIGHT * SEGS);
	if (!sring || !f->pool)
		return pb_error(PB_ERR_NOMEM, "%s: out of memory for the ring", f->front);
	SHARED_RING_INIT(sring);
	FRONT_RING_INIT(&f->ring, sring, PV_PAGE_SIZE);
	if ((rc = gnttab_grant(f->backend_id, xrt_virt_to_frame(sring), false, &f->ring_ref)))
		return rc;
	for (int s = 0; s < INFLIGHT; s++)
		for (int g = 0; g < SEGS; g++)
			if ((rc = gnttab_grant(f->backend_id, xrt_virt_to_frame(slot_page(f, s, g)), false,
					       &f->pool_ref[s][g])))
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
	if (xs_read_u64(path, &v) == PB_OK && v > BLKIF_MAX_SEGMENTS_PER_REQUEST) {
		f->max_segs = (uint32_t)PB_MIN(v, (uint64_t)SEGS);
		for (int s = 0; s < INFLIGHT && rc == PB_OK; s++) {
			f->indirect[s] = xrt_alloc_pages(1);
			rc = f->indirect[s] ? gnttab_grant(f->backend_id, xrt_virt_to_frame(f->indirect[s]), true,
							   &f->indirect_ref[s])
					    : pb_error(PB_ERR_NOMEM, "%s: out of memory", f->front);
		}
		if (rc)
			return rc;
	}
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
	return PB_OK;
}

struct probe_ctx {
	struct blockdev *devs;
	int max, *count;
};

static int probe_one(void *ctx, const char *id)
{
	struct probe_ctx *p = ctx;

	if (*p->count >= p->max || ndisks >= BLKFRONT_MAX_DISKS)
		return 1;
	struct blkfront *f = &disks[ndisks];
	memset(f, 0, sizeof(*f));
	int rc = connect(f, &p->devs[*p->count], id);
	if (rc) {
		xrt_printf("pvboot: disk device/vbd/%s: %s\n", id, pb_errmsg());
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

/* The XenbusState dance U-Boot and OVMF do, each step bounded: Closing
 * until the backend has let go of the ring (it answers Closing), Closed
 * until it agrees, then Initialising so the next kernel's blkfront finds
 * the backend waiting for it (InitWait). */
void blkfront_disconnect_all(void)
{
	static const int let_go[] = { XenbusStateClosing, XenbusStateClosed };
	static const int closed[] = { XenbusStateClosed, XenbusStateInitialising, XenbusStateInitWait };
	static const int waiting[] = { XenbusStateInitWait, XenbusStateInitialising };
	char front[192], back[192];
	int state;

	for (int i = 0; i < ndisks; i++) {
		struct blkfront *f = &disks[i];
		if (!f->connected)
			continue;
		pb_snprintf(front, sizeof(front), "%s/state", f->front);
		pb_snprintf(back, sizeof(back), "%s/state", f->back);
		xs_write(front, "5"); /* Closing */
		xs_wait_state(back, let_go, 2, DISCONNECT_TIMEOUT_NS, &state);
		xs_write(front, "6"); /* Closed */
		xs_wait_state(back, closed, 3, DISCONNECT_TIMEOUT_NS, &state);
		xs_write(front, "1"); /* Initialising: ready for the next frontend */
		xs_wait_state(back, waiting, 2, DISCONNECT_TIMEOUT_NS, &state);
		for (int s = 0; s < INFLIGHT; s++) {
			for (int g = 0; g < SEGS; g++)
				gnttab_end(f->pool_ref[s][g]);
			if (f->indirect[s])
				gnttab_end(f->indirect_ref[s]);
		}
		gnttab_end(f->ring_ref);
		evtchn_close(f->port);
		f->connected = false;
	}
}

uint32_t blkfront_segments(const struct blockdev *dev)
{
	return ((const struct blkfront *)dev->priv)->max_segs;
}
