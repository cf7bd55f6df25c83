/* ISO 9660: System Use Sharing Protocol entries and the Rock Ridge ones
 * among them (NM names, SL symlinks, PX modes, TF times, CL/PL/RE for
 * relocated directories, ZF compression).  Continuation areas (CE) are
 * followed at most ISO_CE_MAX times and ISO_SU_MAX bytes per record, each
 * checked to lie inside the volume: a CE that points at itself or loops
 * ends in an error, never a hang (PyGrub's XSA-497 was this parser). */
#include "fs/fs_time.h"
#include "fs/iso9660.h"
#include "loader/lib/err.h"

size_t iso_su_start(const uint8_t *rec)
{
	size_t fi = rec[32];

	return 33 + fi + (fi % 2 == 0 ? 1 : 0);
}

/* The 7-byte form (ECMA-119 9.1.5): years since 1900 ... GMT offset in
 * 15-minute units. */
uint64_t iso_time7(const uint8_t *t)
{
	return fs_unix_time(1900u + t[0], t[1], t[2], t[3], t[4], t[5], (int8_t)t[6] * 15);
}

/* The 17-byte form (8.4.26.1): "YYYYMMDDHHMMSScc" and the offset. */
static uint64_t time17(const uint8_t *t)
{
	unsigned v[6] = { 0 };
	static const uint8_t width[6] = { 4, 2, 2, 2, 2, 2 };
	const uint8_t *p = t;

	for (int i = 0; i < 6; i++)
		for (int k = 0; k < width[i]; k++, p++) {
			if (*p < '0' || *p > '9')
				return 0;
			v[i] = v[i] * 10 + (unsigned)(*p - '0');
		}
	return fs_unix_time(v[0], v[1], v[2], v[3], v[4], v[5], (int8_t)t[16] * 15);
}

struct sl_state {
	char *buf;
	size_t size, len;
	bool any, cont, after_root;
};

static int sl_put(struct sl_state *s, const void *p, size_t n)
{
	if (s->len + n >= s->size)
		return pb_error(PB_ERR_LIMIT, "iso9660: Rock Ridge symlink target longer than %zu bytes", s->size - 1);
	memcpy(s->buf + s->len, p, n);
	s->len += n;
	s->buf[s->len] = '\0';
	return PB_OK;
}

/* SL components (RRIP 4.1.3.1): flags, length, content. */
static int sl_entry(struct sl_state *s, const uint8_t *e, size_t len)
{
	size_t q = 5;

	while (pb_range_ok(q, 2, len)) {
		uint8_t flags = e[q], clen = e[q + 1];
		int rc = PB_OK;
		if (!pb_range_ok(q + 2, clen, len))
			return pb_error(PB_ERR_CORRUPT, "iso9660: Rock Ridge SL component runs past its entry");
		if (s->any && !s->cont && !s->after_root)
			rc = sl_put(s, "/", 1);
		if (rc == PB_OK) {
			if (flags & 0x08)
				rc = sl_put(s, "/", 1);
			else if (flags & 0x04)
				rc = sl_put(s, "..", 2);
			else if (flags & 0x02)
				rc = sl_put(s, ".", 1);
			else
				rc = sl_put(s, e + q + 2, clen);
		}
		if (rc)
			return rc;
		s->after_root = flags & 0x08;
		s->cont = flags & 0x01;
		s->any = true;
		q += 2 + (size_t)clen;
	}
	return PB_OK;
}

struct walk {
	struct iso_rr *rr;
	char *name;
	size_t name_len;
	bool name_bad;
	struct sl_state sl;
	bool want_link;
	uint64_t ce_off, ce_len; /* pending continuation area, ce_len 0 if none */
};

static int entry(struct iso_fs *f, struct walk *w, const uint8_t *e, size_t len)
{
	uint16_t sig = (uint16_t)(e[0] << 8 | e[1]);

	switch (sig) {
	case 'C' << 8 | 'E':
		if (len >= 28) {
			w->ce_off = (uint64_t)pb_le32(e + 4) * f->block + pb_le32(e + 12);
			w->ce_len = pb_le32(e + 20);
		}
		break;
	case 'N' << 8 | 'M':
		if (!w->name || len < 5 || (e[4] & 0x06))
			break;
		if (!pb_range_ok(w->name_len, len - 5, FS_NAME_MAX)) {
			w->name_bad = true;
			break;
		}
		memcpy(w->name + w->name_len, e + 5, len - 5);
		w->name_len += len - 5;
		w->name[w->name_len] = '\0';
		break;
	case 'S' << 8 | 'L':
		if (w->want_link && len >= 5)
			return sl_entry(&w->sl, e, len);
		break;
	case 'P' << 8 | 'X':
		if (len >= 36) {
			w->rr->has_px = true;
			w->rr->mode = pb_le32(e + 4);
			w->rr->nlink = pb_le32(e + 12);
		}
		break;
	case 'T' << 8 | 'F':
		if (len >= 5) {
			size_t sz = e[4] & 0x80 ? 17 : 7, q = 5;
			for (int bit = 0; bit < 2; bit++) {
				if (!(e[4] & (1 << bit)))
					continue;
				if (!pb_range_ok(q, sz, len))
					break;
				if (bit == 1) {
					w->rr->mtime = sz == 17 ? time17(e + q) : iso_time7(e + q);
					w->rr->has_tf = true;
				}
				q += sz;
			}
		}
		break;
	case 'C' << 8 | 'L':
		if (len >= 12)
			w->rr->cl = pb_le32(e + 4);
		break;
	case 'P' << 8 | 'L':
		if (len >= 12)
			w->rr->pl = pb_le32(e + 4);
		break;
	case 'R' << 8 | 'E':
		w->rr->relocated = true;
		break;
	case 'Z' << 8 | 'F':
		w->rr->zf = true;
		break;
	}
	return PB_OK;
}

/* Entries of one area; 1 when an ST entry ends the walk. */
static int area(struct iso_fs *f, struct walk *w, const uint8_t *p, size_t n)
{
	size_t pos = 0;

	while (pb_range_ok(pos, 4, n)) {
		size_t len = p[pos + 2];
		if (len < 4 || !pb_range_ok(pos, len, n))
			break; /* padding, or a broken entry: the rest of the area is ignored */
		if (p[pos] == 'S' && p[pos + 1] == 'T')
			return 1;
		int rc = entry(f, w, p + pos, len);
		if (rc)
			return rc;
		pos += len;
	}
	return PB_OK;
}

int iso_susp(struct iso_fs *f, const uint8_t *rec, struct iso_rr *rr, char *name, char *link,
	     size_t link_size)
{
	struct walk w = { rr, name, 0, false, { link, link_size, 0, false, false, false }, link != NULL, 0, 0 };
	size_t su = iso_su_start(rec) + f->susp_skip;
	uint64_t total = 0;
	uint8_t *buf = NULL;
	int rc = PB_OK;

	memset(rr, 0, sizeof(*rr));
	if (name)
		name[0] = '\0';
	if (link)
		link[0] = '\0';
	if (f->mode != ISO_ROCK)
		return PB_OK;
	if (su < rec[0])
		rc = area(f, &w, rec + su, rec[0] - su);
	for (int hops = 0; rc == PB_OK && w.ce_len; hops++) {
		uint64_t off = w.ce_off, len = w.ce_len;
		w.ce_len = 0;
		total += len;
		if (hops >= ISO_CE_MAX || total > ISO_SU_MAX) {
			rc = pb_error(PB_ERR_LIMIT, "iso9660: a record with more than %u SUSP continuation areas or %u bytes",
				      ISO_CE_MAX, ISO_SU_MAX);
			break;
		}
		if (len > ISO_SECTOR || !pb_range_ok(off, len, f->fs.vol.size)) {
			rc = pb_error(PB_ERR_CORRUPT, "iso9660: SUSP continuation area of %llu bytes at %llu",
				      (unsigned long long)len, (unsigned long long)off);
			break;
		}
		if (!buf && !(buf = malloc(ISO_SECTOR))) {
			rc = pb_error(PB_ERR_NOMEM, "iso9660: out of memory");
			break;
		}
		rc = volume_read(&f->fs.vol, off, buf, (size_t)len);
		if (rc == PB_OK)
			rc = area(f, &w, buf, (size_t)len);
	}
	free(buf);
	if (rc == 1)
		rc = PB_OK;
	if (name && w.name_bad)
		name[0] = '\0'; /* longer than we keep: the ISO name stands in */
	return rc;
}
