/* Xenstore client over the shared ring: one request at a time, replies
 * clamped to XENSTORE_PAYLOAD_MAX and NUL-terminated, every wait bounded.
 * The ring is written by xenstored: indexes are read once and checked. */
#include "pv/xenstore.h"
#include "pv/events.h"
#include "pv/xtime.h"
#include "loader/lib/err.h"

#include <xen/io/xs_wire.h>

#define XS_TIMEOUT_NS 5000000000ull

static struct xenstore_domain_interface *xs;
static evtchn_port_t xs_port;
static uint32_t next_req_id = 1;

void xs_init(void *ring, evtchn_port_t port)
{
	xs = ring;
	xs_port = port;
}

static int setup(void)
{
	return xs ? PB_OK : pb_error(PB_ERR_PROTO, "xenstore: ring page is not in the guest's memory");
}

static int ring_write(const void *data, size_t len)
{
	const char *p = data;
	uint64_t deadline = xrt_time_ns() + XS_TIMEOUT_NS;

	while (len) {
		XENSTORE_RING_IDX cons = __atomic_load_n(&xs->req_cons, __ATOMIC_ACQUIRE);
		XENSTORE_RING_IDX prod = xs->req_prod;
		if (prod - cons > XENSTORE_RING_SIZE)
			return pb_error(PB_ERR_PROTO, "xenstore: request ring indexes corrupt");
		size_t room = XENSTORE_RING_SIZE - (prod - cons);
		if (!room) {
			evtchn_notify(xs_port);
			if (xrt_time_ns() > deadline)
				return pb_error(PB_ERR_TIMEOUT, "xenstore: request ring full");
			evtchn_wait(xs_port, 1000000);
			continue;
		}
		size_t n = PB_MIN(room, len);
		for (size_t i = 0; i < n; i++)
			xs->req[MASK_XENSTORE_IDX(prod + i)] = p[i];
		__atomic_store_n(&xs->req_prod, prod + (XENSTORE_RING_IDX)n, __ATOMIC_RELEASE);
		p += n;
		len -= n;
	}
	evtchn_notify(xs_port);
	return PB_OK;
}

static int ring_read(void *data, size_t len)
{
	char *p = data;
	uint64_t deadline = xrt_time_ns() + XS_TIMEOUT_NS;

	while (len) {
		XENSTORE_RING_IDX prod = __atomic_load_n(&xs->rsp_prod, __ATOMIC_ACQUIRE);
		XENSTORE_RING_IDX cons = xs->rsp_cons;
		if (prod - cons > XENSTORE_RING_SIZE)
			return pb_error(PB_ERR_PROTO, "xenstore: response ring indexes corrupt");
		size_t avail = prod - cons;
		if (!avail) {
			if (xrt_time_ns() > deadline)
				return pb_error(PB_ERR_TIMEOUT, "xenstore: no reply within 5 s");
			evtchn_wait(xs_port, 10000000);
			continue;
		}
		size_t n = PB_MIN(avail, len);
		for (size_t i = 0; i < n; i++)
			p[i] = xs->rsp[MASK_XENSTORE_IDX(cons + i)];
		__atomic_store_n(&xs->rsp_cons, cons + (XENSTORE_RING_IDX)n, __ATOMIC_RELEASE);
		evtchn_notify(xs_port);
		p += n;
		len -= n;
	}
	return PB_OK;
}

/* One request/reply.  reply gets at most size - 1 bytes, NUL-terminated;
 * *len is the payload length kept. */
static int xs_talk(uint32_t type, const void *payload, size_t plen, char *reply,
		   size_t size, size_t *len)
{
	struct xsd_sockmsg m = { .type = type, .req_id = next_req_id++, .tx_id = 0, .len = (uint32_t)plen };
	char discard[64];
	int rc;

	if ((rc = setup()))
		return rc;
	if (plen > XENSTORE_PAYLOAD_MAX)
		return pb_error(PB_ERR_LIMIT, "xenstore: request too long");
	if ((rc = ring_write(&m, sizeof(m))) || (rc = ring_write(payload, plen)))
		return rc;
	for (;;) {
		struct xsd_sockmsg r;
		if ((rc = ring_read(&r, sizeof(r))))
			return rc;
		if (r.len > XENSTORE_PAYLOAD_MAX)
			return pb_error(PB_ERR_PROTO, "xenstore: reply of %u bytes", r.len);
		size_t keep = PB_MIN((size_t)r.len, size - 1);
		if ((rc = ring_read(reply, keep)))
			return rc;
		for (size_t left = r.len - keep; left;) { /* drop what does not fit */
			size_t n = PB_MIN(left, sizeof(discard));
			if ((rc = ring_read(discard, n)))
				return rc;
			left -= n;
		}
		reply[keep] = '\0';
		if (r.type == XS_WATCH_EVENT || r.req_id != m.req_id)
			continue; /* not our answer */
		if (r.type == XS_ERROR)
			return pb_error(PB_ERR_NOTFOUND, "xenstore: %s", reply);
		if (r.type != type)
			return pb_error(PB_ERR_PROTO, "xenstore: reply type %u to request %u", r.type, type);
		*len = keep;
		return PB_OK;
	}
}

int xs_read(const char *path, char *buf, size_t size)
{
	size_t len;

	return xs_talk(XS_READ, path, strlen(path) + 1, buf, size, &len);
}

int xs_read_u64(const char *path, uint64_t *out)
{
	char buf[32];
	int rc = xs_read(path, buf, sizeof(buf));

	if (rc)
		return rc;
	if (pb_parse_u64(buf, strlen(buf), 10, out))
		return pb_error(PB_ERR_PROTO, "xenstore: %s = '%s' is not a number", path, buf);
	return PB_OK;
}

int xs_write(const char *path, const char *value)
{
	char req[512], reply[16];
	size_t pl = strlen(path), vl = strlen(value), len;

	if (pl + 1 + vl > sizeof(req))
		return pb_error(PB_ERR_LIMIT, "xenstore: write too long");
	memcpy(req, path, pl + 1);
	memcpy(req + pl + 1, value, vl);
	return xs_talk(XS_WRITE, req, pl + 1 + vl, reply, sizeof(reply), &len);
}

int xs_directory(const char *path, int (*cb)(void *ctx, const char *name), void *ctx)
{
	char *buf = malloc(XENSTORE_PAYLOAD_MAX + 1);
	size_t len;
	int rc;

	if (!buf)
		return pb_error(PB_ERR_NOMEM, "out of memory");
	rc = xs_talk(XS_DIRECTORY, path, strlen(path) + 1, buf, XENSTORE_PAYLOAD_MAX + 1, &len);
	for (size_t i = 0; rc == PB_OK && i < len;) {
		size_t n = strnlen(buf + i, len - i);
		if (n) {
			buf[i + n] = '\0'; /* within the NUL-terminated buffer */
			rc = cb(ctx, buf + i);
		}
		i += n + 1;
	}
	free(buf);
	return rc > 0 ? PB_OK : rc;
}

int xs_wait_state(const char *path, const int *states, int nstates, uint64_t timeout_ns, int *state)
{
	uint64_t deadline = xrt_time_ns() + timeout_ns, v = 0;

	for (;;) {
		int rc = xs_read_u64(path, &v);
		if (rc == PB_OK)
			for (int i = 0; i < nstates; i++)
				if ((int)v == states[i]) {
					*state = (int)v;
					return PB_OK;
				}
		if (xrt_time_ns() > deadline)
			return pb_error(PB_ERR_TIMEOUT, "%s stayed at %llu", path, (unsigned long long)v);
		evtchn_wait(xs_port, 5000000); /* a short sleep between polls */
	}
}
