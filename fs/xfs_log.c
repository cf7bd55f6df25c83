/* XFS: is the internal log clean?  We never replay it (GRUB does not
 * either): a dirty log is read past, and only in-place writes are refused,
 * since a later replay by the kernel would write its newer copies of
 * metadata over whatever we changed.
 *
 * The log is a ring of 512-byte basic blocks (BBs), each stamped with the
 * cycle number of the pass that wrote it (a record header keeps it in its
 * second word, every other BB in its first).  As the kernel does, the head
 * is where the cycle number drops; the log is clean when the record just
 * before the head is an unmount record (one operation, flagged
 * XLOG_UNMOUNT_TRANS) that ends exactly at the head, and nothing in the
 * window after the head carries the current cycle (a torn write). */
#include "fs/xfs.h"
#include "loader/lib/err.h"

#define BB 512
#define LOG_HEADER_MAGIC 0xfeedbabeu
#define LOG_UNMOUNT_TRANS 0x20
#define LOG_HEADER_CYCLE_SIZE 32768
/* BBs searched back from the head for the last record's header: an
 * unmount record is one operation, so it spans at most 8 header BBs (256
 * KiB log buffers) and one of data, padded to the log stripe unit (at
 * most 256 KiB); a longer record is not an unmount record anyway. */
#define LOG_SCAN_BACK_MIN 16
#define LOG_SCAN_BACK_MAX 1024
/* BBs after the head that must be older: a crash can leave a later log
 * buffer written past an earlier unwritten one; 8 in flight of the
 * default 32 KiB (mounted with logbsize=256k, up to 2 MiB is possible). */
#define LOG_VERIFY_AHEAD 1024

struct log {
	struct xfs_fs *x;
	uint64_t start, nbb;
	uint8_t *buf; /* one BB */
};

static int read_bb(struct log *l, uint64_t bb, uint8_t *out, size_t n)
{
	return volume_read(&l->x->fs.vol, l->start + bb * BB, out, n * BB);
}

static uint32_t bb_cycle(const uint8_t *b)
{
	return pb_be32(b) == LOG_HEADER_MAGIC ? pb_be32(b + 4) : pb_be32(b);
}

static int cycle_at(struct log *l, uint64_t bb, uint32_t *cycle)
{
	int rc = read_bb(l, bb, l->buf, 1);
	if (rc == PB_OK)
		*cycle = bb_cycle(l->buf);
	return rc;
}

/* The first BB of the newest pass's end: where the cycle drops. */
static int find_head(struct log *l, uint64_t *head)
{
	uint32_t first, last, mid_cycle;
	uint64_t lo = 0, hi = l->nbb - 1;
	int rc = cycle_at(l, 0, &first);

	if (rc == PB_OK)
		rc = cycle_at(l, hi, &last);
	if (rc)
		return rc;
	if (first == last) {
		*head = l->nbb; /* this pass filled the ring to its end */
		return PB_OK;
	}
	if (last + 1 != first)
		return PB_ERR_CORRUPT;
	/* Bounded: the interval halves each round. */
	while (hi - lo > 1) {
		uint64_t mid = lo + (hi - lo) / 2;
		rc = cycle_at(l, mid, &mid_cycle);
		if (rc)
			return rc;
		if (mid_cycle == last)
			hi = mid;
		else
			lo = mid;
	}
	*head = hi;
	return PB_OK;
}

static int check_clean(struct log *l, bool *clean)
{
	uint64_t head, rec = UINT64_MAX, hblks, end;
	uint32_t cycle;
	int rc = find_head(l, &head);

	*clean = false;
	if (rc)
		return rc;
	/* One read of the window before the head; the newest header in it. */
	uint64_t back_max = LOG_SCAN_BACK_MIN + PB_MIN(l->x->log_sunit / BB, (uint32_t)LOG_SCAN_BACK_MAX);
	uint64_t n = PB_MIN(back_max, head);
	uint8_t *back = n ? malloc(n * BB) : NULL;
	if (n && !back)
		return pb_error(PB_ERR_NOMEM, "xfs: out of memory");
	rc = n ? read_bb(l, head - n, back, n) : PB_OK;
	for (uint64_t i = n; rc == PB_OK && i-- > 0;) {
		if (pb_be32(back + i * BB) == LOG_HEADER_MAGIC) {
			rec = head - n + i;
			memcpy(l->buf, back + i * BB, BB);
			break;
		}
	}
	free(back);
	if (rc)
		return rc;
	if (rec == UINT64_MAX)
		return PB_OK; /* a record wrapping the ring's end: say dirty */
	uint32_t version = pb_be32(l->buf + 8), len = pb_be32(l->buf + 12);
	uint32_t logops = pb_be32(l->buf + 40), hsize = pb_be32(l->buf + 320);
	cycle = pb_be32(l->buf + 4);
	hblks = (version & 2) && hsize > LOG_HEADER_CYCLE_SIZE
			? (hsize + LOG_HEADER_CYCLE_SIZE - 1) / LOG_HEADER_CYCLE_SIZE : 1;
	end = rec + hblks + (len + BB - 1) / BB;
	if (logops != 1 || end != head || rec + hblks >= head)
		return PB_OK;
	rc = read_bb(l, rec + hblks, l->buf, 1);
	if (rc)
		return rc;
	if (!(l->buf[9] & LOG_UNMOUNT_TRANS)) /* oh_flags of the one op header */
		return PB_OK;
	if (head < l->nbb) {
		uint64_t na = PB_MIN((uint64_t)LOG_VERIFY_AHEAD, l->nbb - head);
		uint8_t *ahead = malloc(na * BB);
		if (!ahead)
			return pb_error(PB_ERR_NOMEM, "xfs: out of memory");
		rc = read_bb(l, head, ahead, na);
		for (uint64_t i = 0; rc == PB_OK && i < na; i++)
			if (bb_cycle(ahead + i * BB) == cycle)
				rc = PB_ERR_CORRUPT;
		free(ahead);
		if (rc)
			return rc;
	}
	*clean = true;
	return PB_OK;
}

void xfs_log_check(struct xfs_fs *x)
{
	struct log l = { x, 0, 0, NULL };
	bool clean = false;

	x->log_dirty = true;
	if (x->log_start == 0 || !xfs_fsb_ok(x, x->log_start, x->log_blocks) ||
	    ((uint64_t)x->log_blocks << x->block_log) < 64 * BB)
		return; /* external or nonsense: not known to be clean */
	l.start = xfs_fsb_to_off(x, x->log_start);
	l.nbb = ((uint64_t)x->log_blocks << x->block_log) / BB;
	l.buf = malloc(BB);
	if (!l.buf)
		return;
	if (check_clean(&l, &clean) == PB_OK && clean)
		x->log_dirty = false;
	free(l.buf);
}
