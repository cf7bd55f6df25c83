/* btrfs: the logical address space.  Chunks (from the superblock's
 * sys_chunk_array, then the chunk tree) map logical ranges onto stripes
 * of member devices: single, DUP, RAID1/1C3/1C4 (every stripe a full
 * copy), RAID0 (striped) and RAID10 (striped pairs of copies).  A copy
 * on a device we cannot see is skipped when another copy exists. */
#include "fs/btrfs.h"
#include "loader/lib/err.h"

#define CHUNK_ITEM_SIZE 48
#define STRIPE_SIZE 32

#define PROFILE_MASK                                                              \
	(BTRFS_BLOCK_GROUP_RAID0 | BTRFS_BLOCK_GROUP_RAID1 | BTRFS_BLOCK_GROUP_DUP |  \
	 BTRFS_BLOCK_GROUP_RAID10 | BTRFS_BLOCK_GROUP_RAID5 | BTRFS_BLOCK_GROUP_RAID6 | \
	 BTRFS_BLOCK_GROUP_RAID1C3 | BTRFS_BLOCK_GROUP_RAID1C4)

static int check_chunk(const struct btrfs_chunk *c)
{
	uint64_t profile = c->type & PROFILE_MASK;
	uint16_t n = c->num_stripes;
	bool ok;

	if (c->length == 0 || !pb_range_ok(c->logical, c->length, UINT64_MAX))
		return pb_error(PB_ERR_CORRUPT, "btrfs: chunk at %llu: length %llu",
				(unsigned long long)c->logical, (unsigned long long)c->length);
	if (profile & (profile - 1))
		return pb_error(PB_ERR_CORRUPT, "btrfs: chunk at %llu: several profiles (0x%llx)",
				(unsigned long long)c->logical, (unsigned long long)profile);
	if (profile & (BTRFS_BLOCK_GROUP_RAID5 | BTRFS_BLOCK_GROUP_RAID6))
		return pb_error(PB_ERR_UNSUPPORTED, "btrfs: chunk at %llu is RAID5/6 (not supported)",
				(unsigned long long)c->logical);
	switch (profile) {
	case 0:
		ok = n == 1;
		break;
	case BTRFS_BLOCK_GROUP_DUP:
	case BTRFS_BLOCK_GROUP_RAID1:
		ok = n == 2;
		break;
	case BTRFS_BLOCK_GROUP_RAID1C3:
		ok = n == 3;
		break;
	case BTRFS_BLOCK_GROUP_RAID1C4:
		ok = n == 4;
		break;
	case BTRFS_BLOCK_GROUP_RAID10:
		ok = c->sub_stripes >= 2 && n >= c->sub_stripes && n % c->sub_stripes == 0;
		break;
	default: /* RAID0 */
		ok = n >= 1;
		break;
	}
	if (!ok)
		return pb_error(PB_ERR_CORRUPT, "btrfs: chunk at %llu: %u stripes (%u sub-stripes) for profile 0x%llx",
				(unsigned long long)c->logical, n, c->sub_stripes,
				(unsigned long long)profile);
	if ((profile & (BTRFS_BLOCK_GROUP_RAID0 | BTRFS_BLOCK_GROUP_RAID10)) &&
	    (c->stripe_len < 4096 || c->stripe_len > (1u << 30) || (c->stripe_len & (c->stripe_len - 1))))
		return pb_error(PB_ERR_CORRUPT, "btrfs: chunk at %llu: stripe length %llu",
				(unsigned long long)c->logical, (unsigned long long)c->stripe_len);
	return PB_OK;
}

/* Index of the first chunk whose logical start is > logical. */
static uint32_t upper_bound(const struct btrfs_fs *b, uint64_t logical)
{
	uint32_t lo = 0, hi = b->nchunks;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (b->chunks[mid]->logical <= logical)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int insert_chunk(struct btrfs_fs *b, struct btrfs_chunk *c)
{
	uint32_t at = upper_bound(b, c->logical);

	if (at > 0 && b->chunks[at - 1]->logical == c->logical &&
	    b->chunks[at - 1]->length == c->length) {
		free(c); /* the chunk tree repeats the system chunks */
		return PB_OK;
	}
	if ((at > 0 && b->chunks[at - 1]->logical + b->chunks[at - 1]->length > c->logical) ||
	    (at < b->nchunks && c->logical + c->length > b->chunks[at]->logical)) {
		uint64_t logical = c->logical;
		free(c);
		return pb_error(PB_ERR_CORRUPT, "btrfs: chunk at %llu overlaps another",
				(unsigned long long)logical);
	}
	if (b->nchunks == b->chunk_cap) {
		uint32_t cap = b->chunk_cap ? b->chunk_cap * 2 : 16;
		struct btrfs_chunk **n;
		if (b->nchunks >= BTRFS_MAX_CHUNKS) {
			free(c);
			return pb_error(PB_ERR_LIMIT, "btrfs: more than %d chunks", BTRFS_MAX_CHUNKS);
		}
		n = realloc(b->chunks, cap * sizeof(*n));
		if (!n) {
			free(c);
			return pb_error(PB_ERR_NOMEM, "btrfs: out of memory");
		}
		b->chunks = n;
		b->chunk_cap = cap;
	}
	memmove(b->chunks + at + 1, b->chunks + at, (b->nchunks - at) * sizeof(*b->chunks));
	b->chunks[at] = c;
	b->nchunks++;
	return PB_OK;
}

int btrfs_chunk_add(struct btrfs_fs *b, uint64_t logical, const uint8_t *item, size_t len,
		    size_t *used)
{
	struct btrfs_chunk *c;
	uint16_t n;
	int rc;

	if (len < CHUNK_ITEM_SIZE)
		return pb_error(PB_ERR_CORRUPT, "btrfs: chunk item at %llu: %zu bytes",
				(unsigned long long)logical, len);
	n = pb_le16(item + 44);
	if (n == 0 || n > BTRFS_MAX_STRIPES || !pb_array_fits(CHUNK_ITEM_SIZE, n, STRIPE_SIZE, len))
		return pb_error(PB_ERR_CORRUPT, "btrfs: chunk item at %llu: %u stripes in %zu bytes",
				(unsigned long long)logical, n, len);
	c = malloc(sizeof(*c) + n * sizeof(c->stripe[0]));
	if (!c)
		return pb_error(PB_ERR_NOMEM, "btrfs: out of memory");
	c->logical = logical;
	c->length = pb_le64(item);
	c->stripe_len = pb_le64(item + 16);
	c->type = pb_le64(item + 24);
	c->num_stripes = n;
	c->sub_stripes = pb_le16(item + 46);
	for (uint16_t i = 0; i < n; i++) {
		const uint8_t *s = item + CHUNK_ITEM_SIZE + i * STRIPE_SIZE;
		c->stripe[i].devid = pb_le64(s);
		c->stripe[i].offset = pb_le64(s + 8);
		memcpy(c->stripe[i].dev_uuid, s + 16, 16);
	}
	*used = CHUNK_ITEM_SIZE + (size_t)n * STRIPE_SIZE;
	rc = check_chunk(c);
	if (rc) {
		free(c);
		return rc;
	}
	return insert_chunk(b, c);
}

int btrfs_load_sys_chunks(struct btrfs_fs *b, const uint8_t *sb)
{
	uint32_t size = pb_le32(sb + 0xa0);
	const uint8_t *p = sb + 0x32b;
	uint32_t pos = 0;

	if (size > BTRFS_SYS_CHUNK_ARRAY_MAX)
		return pb_error(PB_ERR_CORRUPT, "btrfs: sys_chunk_array of %u bytes", size);
	while (pos < size) {
		struct btrfs_key k;
		size_t used;
		int rc;

		if (!pb_range_ok(pos, 17, size))
			return pb_error(PB_ERR_CORRUPT, "btrfs: sys_chunk_array: key cut at byte %u", pos);
		btrfs_key_read(p + pos, &k);
		pos += 17;
		if (k.type != BTRFS_CHUNK_ITEM_KEY)
			return pb_error(PB_ERR_CORRUPT, "btrfs: sys_chunk_array: item type %u at byte %u",
					k.type, pos - 17);
		rc = btrfs_chunk_add(b, k.offset, p + pos, size - pos, &used);
		if (rc)
			return rc;
		pos += (uint32_t)used;
	}
	if (b->nchunks == 0)
		return pb_error(PB_ERR_CORRUPT, "btrfs: sys_chunk_array is empty");
	return PB_OK;
}

int btrfs_load_chunk_tree(struct btrfs_fs *b)
{
	struct btrfs_key k = { BTRFS_FIRST_CHUNK_TREE_OBJECTID, BTRFS_CHUNK_ITEM_KEY, 0 };
	struct btrfs_path p;
	int rc = btrfs_search_ge(b, &b->chunk_tree, &k, &p);

	while (rc == PB_OK) {
		const uint8_t *data;
		uint32_t len;
		size_t used;

		btrfs_item(&p, &k, &data, &len);
		if (k.objectid != BTRFS_FIRST_CHUNK_TREE_OBJECTID || k.type != BTRFS_CHUNK_ITEM_KEY)
			break;
		rc = btrfs_chunk_add(b, k.offset, data, len, &used);
		if (rc == PB_OK)
			rc = btrfs_next(b, &p);
	}
	btrfs_path_release(&p);
	return rc < 0 ? rc : PB_OK;
}

void btrfs_free_chunks(struct btrfs_fs *b)
{
	for (uint32_t i = 0; i < b->nchunks; i++)
		free(b->chunks[i]);
	free(b->chunks);
	b->chunks = NULL;
	b->nchunks = b->chunk_cap = 0;
}

static int find_chunk(struct btrfs_fs *b, uint64_t logical, const struct btrfs_chunk **out)
{
	uint32_t at = upper_bound(b, logical);

	if (at == 0 || logical - b->chunks[at - 1]->logical >= b->chunks[at - 1]->length)
		return pb_error(PB_ERR_CORRUPT, "btrfs: logical address %llu is in no chunk",
				(unsigned long long)logical);
	*out = b->chunks[at - 1];
	return PB_OK;
}

static int chunk_mirrors(const struct btrfs_chunk *c)
{
	if (c->type & BTRFS_BLOCK_GROUP_RAID0)
		return 1;
	if (c->type & BTRFS_BLOCK_GROUP_RAID10)
		return c->sub_stripes;
	return c->num_stripes;
}

int btrfs_mirrors(struct btrfs_fs *b, uint64_t logical, int *n)
{
	const struct btrfs_chunk *c;
	int rc = find_chunk(b, logical, &c);

	if (rc == PB_OK)
		*n = chunk_mirrors(c);
	return rc;
}

/* Copy `mirror` of logical: the device, the physical offset there and how
 * many bytes from there on are contiguous. */
static int map(struct btrfs_fs *b, uint64_t logical, int mirror, const struct volume **vol,
	       uint64_t *phys, uint64_t *run)
{
	const struct btrfs_chunk *c;
	uint64_t off, idx;
	int rc = find_chunk(b, logical, &c);

	if (rc)
		return rc;
	off = logical - c->logical;
	*run = c->length - off;
	if (mirror < 0 || mirror >= chunk_mirrors(c))
		return pb_error(PB_ERR_INVAL, "btrfs: chunk at %llu has no copy %d",
				(unsigned long long)c->logical, mirror);
	if (c->type & (BTRFS_BLOCK_GROUP_RAID0 | BTRFS_BLOCK_GROUP_RAID10)) {
		uint64_t nr = off / c->stripe_len, in = off % c->stripe_len;
		uint64_t factor = c->type & BTRFS_BLOCK_GROUP_RAID10 ? c->num_stripes / c->sub_stripes
								    : c->num_stripes;
		uint64_t sub = c->type & BTRFS_BLOCK_GROUP_RAID10 ? c->sub_stripes : 1;
		idx = (nr % factor) * sub + (uint64_t)mirror;
		nr /= factor;
		off = nr * c->stripe_len + in;
		*run = PB_MIN(*run, c->stripe_len - in);
	} else {
		idx = (uint64_t)mirror;
	}
	const struct btrfs_stripe *s = &c->stripe[idx];
	for (uint32_t d = 0; d < b->ndev; d++) {
		if (b->dev[d].devid != s->devid)
			continue;
		if (!b->dev[d].vol.dev)
			break;
		if (memcmp(b->dev[d].uuid, s->dev_uuid, 16) != 0)
			return pb_error(PB_ERR_NOTFOUND, "btrfs: device %llu is not the one chunk %llu was written to (uuid differs)",
					(unsigned long long)s->devid, (unsigned long long)c->logical);
		if (!pb_range_ok(s->offset, off, UINT64_MAX))
			break;
		*vol = &b->dev[d].vol;
		*phys = s->offset + off;
		return PB_OK;
	}
	return pb_error(PB_ERR_NOTFOUND, "btrfs: device %llu (of %llu) is missing; chunk %llu needs it",
			(unsigned long long)s->devid, (unsigned long long)b->num_devices,
			(unsigned long long)c->logical);
}

int btrfs_read_mirror(struct btrfs_fs *b, uint64_t logical, void *buf, size_t len, int mirror)
{
	uint8_t *out = buf;

	while (len) {
		const struct volume *vol;
		uint64_t phys, run;
		int rc = map(b, logical, mirror, &vol, &phys, &run);
		if (rc)
			return rc;
		size_t n = (size_t)PB_MIN((uint64_t)len, run);
		rc = volume_read(vol, phys, out, n);
		if (rc)
			return rc;
		out += n;
		logical += n;
		len -= n;
	}
	return PB_OK;
}

int btrfs_read_logical(struct btrfs_fs *b, uint64_t logical, void *buf, size_t len)
{
	uint8_t *out = buf;

	while (len) {
		const struct volume *vol;
		uint64_t phys, run = 0;
		int mirrors, rc = btrfs_mirrors(b, logical, &mirrors);

		if (rc)
			return rc;
		/* Each piece from the first copy that reads. */
		for (int m = 0; m < mirrors; m++) {
			rc = map(b, logical, m, &vol, &phys, &run);
			if (rc == PB_OK) {
				run = PB_MIN((uint64_t)len, run);
				rc = volume_read(vol, phys, out, (size_t)run);
			}
			if (rc == PB_OK)
				break;
		}
		if (rc)
			return rc;
		out += run;
		logical += run;
		len -= (size_t)run;
	}
	return PB_OK;
}
