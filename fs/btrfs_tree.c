/* btrfs: tree blocks (read through a small cache, checksum and header
 * verified once when read, every mirror tried) and B-tree search.
 * Walks are bounded: levels strictly decrease on the way down, and every
 * step of btrfs_next() must find a strictly greater key, so a damaged
 * tree can neither loop nor revisit a block. */
#include "fs/btrfs.h"
#include "loader/lib/err.h"

static void item_key(const uint8_t *blk, uint32_t slot, struct btrfs_key *k)
{
	/* Items and key pointers both start with the key. */
	uint32_t size = blk[0x64] ? BTRFS_KEYPTR_SIZE : BTRFS_ITEM_SIZE;
	btrfs_key_read(blk + BTRFS_HEADER_SIZE + slot * size, k);
}

static int check_block(struct btrfs_fs *b, const uint8_t *d, uint64_t bytenr, int level, uint64_t gen)
{
	uint32_t nritems = pb_le32(d + 0x60), space = b->nodesize - BTRFS_HEADER_SIZE;
	bool ok;
	int rc = btrfs_csum_ok(b->csum_type, d, b->nodesize, &ok);

	if (rc)
		return rc;
	if (!ok)
		return pb_error(PB_ERR_CORRUPT, "btrfs: tree block %llu: %s checksum mismatch",
				(unsigned long long)bytenr, btrfs_csum_name(b->csum_type));
	if (pb_le64(d + 0x30) != bytenr || memcmp(d + 0x20, b->metadata_fsid, 16) != 0)
		return pb_error(PB_ERR_CORRUPT, "btrfs: tree block %llu: header names block %llu or another filesystem",
				(unsigned long long)bytenr, (unsigned long long)pb_le64(d + 0x30));
	if (level >= 0 && d[0x64] != level)
		return pb_error(PB_ERR_CORRUPT, "btrfs: tree block %llu: level %u, expected %d",
				(unsigned long long)bytenr, d[0x64], level);
	if (d[0x64] >= BTRFS_MAX_LEVEL)
		return pb_error(PB_ERR_CORRUPT, "btrfs: tree block %llu: level %u",
				(unsigned long long)bytenr, d[0x64]);
	if (gen && pb_le64(d + 0x50) != gen)
		return pb_error(PB_ERR_CORRUPT, "btrfs: tree block %llu: generation %llu, expected %llu",
				(unsigned long long)bytenr, (unsigned long long)pb_le64(d + 0x50),
				(unsigned long long)gen);
	if (d[0x64] == 0) {
		if (!pb_array_fits(0, nritems, BTRFS_ITEM_SIZE, space))
			return pb_error(PB_ERR_CORRUPT, "btrfs: leaf %llu: %u items", (unsigned long long)bytenr, nritems);
		for (uint32_t i = 0; i < nritems; i++) {
			const uint8_t *it = d + BTRFS_HEADER_SIZE + i * BTRFS_ITEM_SIZE;
			uint32_t off = pb_le32(it + 17), size = pb_le32(it + 21);
			if (off < nritems * BTRFS_ITEM_SIZE || !pb_range_ok(off, size, space))
				return pb_error(PB_ERR_CORRUPT, "btrfs: leaf %llu: item %u data at %u, %u bytes",
						(unsigned long long)bytenr, i, off, size);
		}
	} else if (nritems == 0 || !pb_array_fits(0, nritems, BTRFS_KEYPTR_SIZE, space)) {
		return pb_error(PB_ERR_CORRUPT, "btrfs: node %llu: %u pointers", (unsigned long long)bytenr, nritems);
	}
	for (uint32_t i = 1; i < nritems; i++) {
		struct btrfs_key a, c;
		item_key(d, i - 1, &a);
		item_key(d, i, &c);
		if (btrfs_key_cmp(&a, &c) >= 0)
			return pb_error(PB_ERR_CORRUPT, "btrfs: tree block %llu: keys out of order at slot %u",
					(unsigned long long)bytenr, i);
	}
	return PB_OK;
}

int btrfs_tree_block(struct btrfs_fs *b, uint64_t bytenr, int level, uint64_t gen, const uint8_t **data)
{
	struct btrfs_cache_slot *victim = &b->cache[0];
	int mirrors, rc;

	if (bytenr % b->sectorsize)
		return pb_error(PB_ERR_CORRUPT, "btrfs: tree block at %llu is not sector-aligned",
				(unsigned long long)bytenr);
	for (int i = 0; i < BTRFS_CACHE_BLOCKS; i++) {
		struct btrfs_cache_slot *s = &b->cache[i];
		if (s->bytenr == bytenr) {
			if ((level >= 0 && s->data[0x64] != level) || (gen && pb_le64(s->data + 0x50) != gen))
				return pb_error(PB_ERR_CORRUPT, "btrfs: tree block %llu: level %u / generation %llu, expected %d / %llu",
						(unsigned long long)bytenr, s->data[0x64],
						(unsigned long long)pb_le64(s->data + 0x50), level,
						(unsigned long long)gen);
			s->stamp = ++b->stamp;
			*data = s->data;
			return PB_OK;
		}
		if (s->stamp < victim->stamp)
			victim = s;
	}
	victim->bytenr = UINT64_MAX;
	rc = btrfs_mirrors(b, bytenr, &mirrors);
	if (rc)
		return rc;
	for (int m = 0; m < mirrors; m++) {
		rc = btrfs_read_mirror(b, bytenr, victim->data, b->nodesize, m);
		if (rc == PB_OK)
			rc = check_block(b, victim->data, bytenr, level, gen);
		if (rc == PB_OK)
			break; /* else: the next copy, keeping the last reason */
	}
	if (rc)
		return rc;
	victim->bytenr = bytenr;
	victim->stamp = ++b->stamp;
	*data = victim->data;
	return PB_OK;
}

/* Load the block into level l of the path; its first key must be the one
 * its parent's pointer carries (when there is a parent). */
static int load_level(struct btrfs_fs *b, struct btrfs_path *p, int l, uint64_t bytenr, uint64_t gen,
		      const struct btrfs_key *first)
{
	const uint8_t *d;
	int rc = btrfs_tree_block(b, bytenr, l, gen, &d);

	if (rc)
		return rc;
	if (!p->lv[l].buf && !(p->lv[l].buf = malloc(b->nodesize)))
		return pb_error(PB_ERR_NOMEM, "btrfs: out of memory");
	memcpy(p->lv[l].buf, d, b->nodesize);
	p->lv[l].nritems = pb_le32(d + 0x60);
	p->lv[l].slot = 0;
	if (first) {
		struct btrfs_key k;
		if (p->lv[l].nritems == 0)
			return pb_error(PB_ERR_CORRUPT, "btrfs: tree block %llu: empty below the root",
					(unsigned long long)bytenr);
		item_key(d, 0, &k);
		if (btrfs_key_cmp(&k, first) != 0)
			return pb_error(PB_ERR_CORRUPT, "btrfs: tree block %llu: first key differs from its parent's pointer",
					(unsigned long long)bytenr);
	}
	return PB_OK;
}

static void child_ptr(const struct btrfs_path *p, int l, struct btrfs_key *k, uint64_t *bytenr, uint64_t *gen)
{
	const uint8_t *kp = p->lv[l].buf + BTRFS_HEADER_SIZE + p->lv[l].slot * BTRFS_KEYPTR_SIZE;

	btrfs_key_read(kp, k);
	*bytenr = pb_le64(kp + 17);
	*gen = pb_le64(kp + 25);
}

/* Last slot whose key is <= key, or -1. */
static int64_t last_le(const uint8_t *d, uint32_t n, const struct btrfs_key *key)
{
	int64_t lo = 0, hi = (int64_t)n - 1, found = -1;

	while (lo <= hi) {
		int64_t mid = lo + (hi - lo) / 2;
		struct btrfs_key k;
		item_key(d, (uint32_t)mid, &k);
		if (btrfs_key_cmp(&k, key) <= 0) {
			found = mid;
			lo = mid + 1;
		} else {
			hi = mid - 1;
		}
	}
	return found;
}

int btrfs_search(struct btrfs_fs *b, const struct btrfs_root *r, const struct btrfs_key *key,
		 struct btrfs_path *p)
{
	uint64_t bytenr = r->bytenr, gen = r->generation;
	struct btrfs_key first, *firstp = NULL;
	int rc;

	memset(p, 0, sizeof(*p));
	if (r->level >= BTRFS_MAX_LEVEL)
		return pb_error(PB_ERR_CORRUPT, "btrfs: tree %llu: level %u", (unsigned long long)r->id, r->level);
	p->levels = r->level + 1;
	for (int l = r->level; l >= 0; l--) {
		rc = load_level(b, p, l, bytenr, gen, firstp);
		if (rc)
			return rc;
		int64_t s = last_le(p->lv[l].buf, p->lv[l].nritems, key);
		if (l == 0) {
			if (s < 0)
				return 1;
			p->lv[0].slot = (uint32_t)s;
			return PB_OK;
		}
		p->lv[l].slot = s < 0 ? 0 : (uint32_t)s;
		child_ptr(p, l, &first, &bytenr, &gen);
		firstp = &first;
	}
	return PB_OK;
}

int btrfs_next(struct btrfs_fs *b, struct btrfs_path *p)
{
	struct btrfs_key prev, first;
	uint64_t bytenr, gen;
	int l, rc;

	if (p->lv[0].slot < p->lv[0].nritems) {
		item_key(p->lv[0].buf, p->lv[0].slot, &prev);
		if (++p->lv[0].slot < p->lv[0].nritems)
			return PB_OK;
	} else if (p->lv[0].nritems == 0) {
		return 1; /* an empty tree */
	} else {
		return 1; /* already at the end */
	}
	for (l = 1; l < p->levels; l++)
		if (p->lv[l].slot + 1 < p->lv[l].nritems)
			break;
	if (l >= p->levels)
		return 1;
	p->lv[l].slot++;
	for (l = l - 1; l >= 0; l--) {
		child_ptr(p, l + 1, &first, &bytenr, &gen);
		rc = load_level(b, p, l, bytenr, gen, &first);
		if (rc)
			return rc;
	}
	item_key(p->lv[0].buf, 0, &first);
	if (btrfs_key_cmp(&prev, &first) >= 0)
		return pb_error(PB_ERR_CORRUPT, "btrfs: tree: keys out of order across leaves");
	return PB_OK;
}

int btrfs_search_ge(struct btrfs_fs *b, const struct btrfs_root *r, const struct btrfs_key *key,
		    struct btrfs_path *p)
{
	struct btrfs_key k;
	int rc = btrfs_search(b, r, key, p);

	if (rc < 0)
		return rc;
	if (rc == 1) /* every item is greater: the first one, if any */
		return p->lv[0].nritems ? PB_OK : 1;
	item_key(p->lv[0].buf, p->lv[0].slot, &k);
	return btrfs_key_cmp(&k, key) == 0 ? PB_OK : btrfs_next(b, p);
}

int btrfs_find(struct btrfs_fs *b, const struct btrfs_root *r, const struct btrfs_key *key,
	       struct btrfs_path *p, const uint8_t **data, uint32_t *len)
{
	struct btrfs_key k;
	int rc = btrfs_search(b, r, key, p);

	if (rc)
		return rc;
	btrfs_item(p, &k, data, len);
	return btrfs_key_cmp(&k, key) == 0 ? PB_OK : 1;
}

void btrfs_item(const struct btrfs_path *p, struct btrfs_key *k, const uint8_t **data, uint32_t *len)
{
	const uint8_t *d = p->lv[0].buf;
	const uint8_t *it = d + BTRFS_HEADER_SIZE + p->lv[0].slot * BTRFS_ITEM_SIZE;

	btrfs_key_read(it, k);
	*data = d + BTRFS_HEADER_SIZE + pb_le32(it + 17);
	*len = pb_le32(it + 21);
}

void btrfs_path_release(struct btrfs_path *p)
{
	for (int l = 0; l < BTRFS_MAX_LEVEL; l++) {
		free(p->lv[l].buf);
		p->lv[l].buf = NULL;
	}
}
