/* FAT: file contents.  Contiguous clusters are read with one volume_read
 * straight into the caller's buffer; the chain position of the last file
 * read is kept, so reading a file front to back walks its chain once. */
#include "fs/fat.h"
#include "loader/lib/err.h"

/* ch at the cluster holding file byte off of n. */
static int position(struct fat_fs *f, const struct fat_node *n, uint64_t off, struct fat_chain *ch)
{
	int rc;

	if (f->pos_valid && f->pos.first == n->cluster) {
		*ch = f->pos;
	} else {
		rc = fat_chain_start(f, n->cluster, ch);
		if (rc)
			return rc;
	}
	return fat_chain_seek(f, ch, off / f->cluster_size);
}

/* From ch's cluster, how many contiguous clusters (at most max) the chain
 * has; ch ends on the last of them.  The next cluster after a break is
 * left for the next call. */
static int contiguous(struct fat_fs *f, struct fat_chain *ch, uint64_t max, uint64_t *count)
{
	uint32_t start = ch->cur;

	*count = 1;
	while (*count < max) {
		struct fat_chain save = *ch;
		int rc = fat_chain_next(f, ch);
		if (rc == 1)
			return pb_error(PB_ERR_CORRUPT, "fat: the chain from cluster %u ends before the file does",
					ch->first);
		if (rc)
			return rc;
		if (ch->cur != start + *count) {
			*ch = save;
			break;
		}
		(*count)++;
	}
	return PB_OK;
}

int fat_read_data(struct fat_fs *f, const struct fat_node *n, uint64_t off, void *buf,
		  size_t len, size_t *got)
{
	uint8_t *out = buf;
	size_t done = 0;
	struct fat_chain ch;
	int rc = PB_OK;

	*got = 0;
	if (off >= n->size)
		return PB_OK;
	if (len > n->size - off)
		len = (size_t)(n->size - off);
	rc = position(f, n, off, &ch);
	while (rc == PB_OK && done < len) {
		uint64_t pos = off + done, skip = pos % f->cluster_size, count;
		uint64_t need = (skip + (len - done) + f->cluster_size - 1) / f->cluster_size;
		rc = fat_chain_seek(f, &ch, pos / f->cluster_size);
		if (rc == PB_OK)
			rc = contiguous(f, &ch, need, &count);
		if (rc)
			break;
		uint32_t first = ch.cur - (uint32_t)(count - 1);
		size_t chunk = (size_t)PB_MIN(count * f->cluster_size - skip, (uint64_t)(len - done));
		rc = volume_read(&f->fs.vol, fat_cluster_off(f, first) + skip, out + done, chunk);
		if (rc == PB_OK) {
			done += chunk;
			*got = done;
		}
	}
	f->pos_valid = rc == PB_OK;
	if (rc == PB_OK)
		f->pos = ch;
	return rc;
}

int fat_map(struct fat_fs *f, const struct fat_node *n, uint64_t off, uint64_t *vol_off,
	    uint64_t *run_len)
{
	struct fat_chain ch;
	uint64_t count, skip = off % f->cluster_size;
	uint64_t need = (n->size - off + skip + f->cluster_size - 1) / f->cluster_size;
	int rc;

	if (off >= n->size)
		return pb_error(PB_ERR_INVAL, "fat: offset %llu is past the end of the file",
				(unsigned long long)off);
	rc = position(f, n, off, &ch);
	if (rc == PB_OK)
		rc = contiguous(f, &ch, need, &count);
	if (rc)
		return rc;
	uint32_t first = ch.cur - (uint32_t)(count - 1);
	*vol_off = fat_cluster_off(f, first) + skip;
	*run_len = count * f->cluster_size - skip;
	return PB_OK;
}
