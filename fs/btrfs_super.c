/* btrfs: superblock (primary, or a mirror when the primary is damaged),
 * features, member devices, and the mount sequence. */
#include "fs/btrfs.h"
#include "loader/lib/err.h"

static const uint64_t super_offsets[] = { BTRFS_SUPER_OFFSET, 64ull << 20, 256ull << 30 };

static const struct { uint64_t bit; const char *name; } incompat_names[] = {
	{ BTRFS_INCOMPAT_RAID56, "raid56" },
	{ BTRFS_INCOMPAT_ZONED, "zoned" },
	{ BTRFS_INCOMPAT_EXTENT_TREE_V2, "extent_tree_v2" },
	{ BTRFS_INCOMPAT_RAID_STRIPE_TREE, "raid_stripe_tree" },
};

/* What we read correctly.  The rest of the list changes only how the
 * filesystem is written (backrefs, extent tree layout, quotas) or is
 * handled where it matters (compression, no-holes, metadata_uuid). */
#define BTRFS_INCOMPAT_SUPPORTED                                                          \
	(BTRFS_INCOMPAT_MIXED_BACKREF | BTRFS_INCOMPAT_DEFAULT_SUBVOL |                   \
	 BTRFS_INCOMPAT_MIXED_GROUPS | BTRFS_INCOMPAT_COMPRESS_LZO |                      \
	 BTRFS_INCOMPAT_COMPRESS_ZSTD | BTRFS_INCOMPAT_BIG_METADATA |                     \
	 BTRFS_INCOMPAT_EXTENDED_IREF | BTRFS_INCOMPAT_SKINNY_METADATA |                  \
	 BTRFS_INCOMPAT_NO_HOLES | BTRFS_INCOMPAT_METADATA_UUID | BTRFS_INCOMPAT_RAID1C34 | \
	 BTRFS_INCOMPAT_SIMPLE_QUOTA)

static int refuse_features(uint64_t incompat)
{
	uint64_t unknown = incompat & ~BTRFS_INCOMPAT_SUPPORTED;
	char names[160], hex[24];
	size_t used = 0;

	names[0] = '\0';
	for (uint64_t bit = 1; bit; bit <<= 1) {
		const char *name = NULL;

		if (!(unknown & bit))
			continue;
		for (size_t i = 0; i < PB_ARRAY_SIZE(incompat_names); i++)
			if (incompat_names[i].bit == bit)
				name = incompat_names[i].name;
		if (!name) {
			pb_snprintf(hex, sizeof(hex), "0x%llx", (unsigned long long)bit);
			name = hex;
		}
		if (used < sizeof(names))
			used += (size_t)pb_snprintf(names + used, sizeof(names) - used, "%s%s",
						    used ? ", " : "", name);
	}
	return pb_error(PB_ERR_UNSUPPORTED, "btrfs: unsupported incompatible features: %s", names);
}

int btrfs_key_cmp(const struct btrfs_key *a, const struct btrfs_key *b)
{
	if (a->objectid != b->objectid)
		return a->objectid < b->objectid ? -1 : 1;
	if (a->type != b->type)
		return a->type < b->type ? -1 : 1;
	if (a->offset != b->offset)
		return a->offset < b->offset ? -1 : 1;
	return 0;
}

int btrfs_read_super(const struct volume *vol, uint64_t off, uint8_t *sb)
{
	uint16_t csum_type;
	bool ok;
	int rc;

	if (!pb_range_ok(off, BTRFS_SUPER_SIZE, vol->size))
		return pb_error(PB_ERR_FORMAT, "volume too small for btrfs");
	rc = volume_read(vol, off, sb, BTRFS_SUPER_SIZE);
	if (rc)
		return rc;
	if (memcmp(sb + 0x40, BTRFS_MAGIC, 8) != 0)
		return pb_error(PB_ERR_FORMAT, "not btrfs");
	csum_type = pb_le16(sb + 0xc4);
	rc = btrfs_csum_ok(csum_type, sb, BTRFS_SUPER_SIZE, &ok);
	if (rc)
		return rc;
	if (!ok)
		return pb_error(PB_ERR_CORRUPT, "btrfs: superblock at %llu: %s checksum mismatch",
				(unsigned long long)off, btrfs_csum_name(csum_type));
	if (pb_le64(sb + 0x30) != off)
		return pb_error(PB_ERR_CORRUPT, "btrfs: superblock at %llu says it is at %llu",
				(unsigned long long)off, (unsigned long long)pb_le64(sb + 0x30));
	return PB_OK;
}

/* The primary if it is good; otherwise the valid mirror with the newest
 * generation (what `btrfs rescue super-recover` would pick).  No magic
 * in the primary means this is not btrfs (wipefs clears the primary). */
static int find_super(const struct volume *vol, uint8_t *sb, char *note, size_t note_size)
{
	uint8_t *tmp;
	int rc = btrfs_read_super(vol, BTRFS_SUPER_OFFSET, sb), best_rc = rc;
	char why[128];
	uint64_t best_gen = 0;
	bool found = false;

	if (rc != PB_ERR_CORRUPT && rc != PB_ERR_UNSUPPORTED)
		return rc;
	pb_strlcpy(why, pb_errmsg(), sizeof(why));
	tmp = malloc(BTRFS_SUPER_SIZE);
	if (!tmp)
		return pb_error(PB_ERR_NOMEM, "btrfs: out of memory");
	for (size_t i = 1; i < PB_ARRAY_SIZE(super_offsets); i++) {
		if (btrfs_read_super(vol, super_offsets[i], tmp) != PB_OK)
			continue;
		if (!found || pb_le64(tmp + 0x48) > best_gen) {
			memcpy(sb, tmp, BTRFS_SUPER_SIZE);
			best_gen = pb_le64(tmp + 0x48);
			found = true;
			pb_snprintf(note, note_size, "primary superblock bad, used the copy at %llu",
				    (unsigned long long)super_offsets[i]);
		}
	}
	free(tmp);
	if (found)
		return PB_OK;
	return pb_error(best_rc, "%s (and no valid superblock mirror)", why);
}

static bool pow2_in(uint32_t v, uint32_t lo, uint32_t hi)
{
	return v >= lo && v <= hi && (v & (v - 1)) == 0;
}

static int parse_super(struct btrfs_fs *b, const uint8_t *sb)
{
	const uint8_t *dev_item = sb + 0xc9;

	memcpy(b->fsid, sb + 0x20, 16);
	b->generation = pb_le64(sb + 0x48);
	b->incompat = pb_le64(sb + 0xbc);
	b->compat_ro = pb_le64(sb + 0xb4);
	if (b->incompat & ~BTRFS_INCOMPAT_SUPPORTED)
		return refuse_features(b->incompat);
	memcpy(b->metadata_fsid, (b->incompat & BTRFS_INCOMPAT_METADATA_UUID) ? sb + 0x23b : sb + 0x20, 16);
	b->sectorsize = pb_le32(sb + 0x90);
	b->nodesize = pb_le32(sb + 0x94);
	b->stripesize = pb_le32(sb + 0x9c);
	b->csum_type = pb_le16(sb + 0xc4);
	b->num_devices = pb_le64(sb + 0x88);
	b->total_bytes = pb_le64(sb + 0x70);
	if (!pow2_in(b->sectorsize, 4096, 65536) || !pow2_in(b->nodesize, b->sectorsize, 65536))
		return pb_error(PB_ERR_CORRUPT, "btrfs: sector size %u, node size %u", b->sectorsize,
				b->nodesize);
	if (b->num_devices == 0 || b->num_devices > BTRFS_MAX_DEVICES)
		return pb_error(b->num_devices ? PB_ERR_UNSUPPORTED : PB_ERR_CORRUPT,
				"btrfs: %llu devices (at most %d supported)",
				(unsigned long long)b->num_devices, BTRFS_MAX_DEVICES);
	if (sb[0xc6] >= BTRFS_MAX_LEVEL || sb[0xc7] >= BTRFS_MAX_LEVEL)
		return pb_error(PB_ERR_CORRUPT, "btrfs: root level %u, chunk root level %u", sb[0xc6],
				sb[0xc7]);
	b->root_tree.id = BTRFS_ROOT_TREE_OBJECTID;
	b->root_tree.bytenr = pb_le64(sb + 0x50);
	b->root_tree.level = sb[0xc6];
	b->root_tree.generation = b->generation;
	b->chunk_tree.id = BTRFS_CHUNK_TREE_OBJECTID;
	b->chunk_tree.bytenr = pb_le64(sb + 0x58);
	b->chunk_tree.level = sb[0xc7];
	b->chunk_tree.generation = pb_le64(sb + 0xa4);
	b->log_present = pb_le64(sb + 0x60) != 0;
	b->dev[0].devid = pb_le64(dev_item);
	memcpy(b->dev[0].uuid, dev_item + 66, 16);
	b->ndev = 1;
	return PB_OK;
}

static bool same_volume(const struct volume *a, const struct volume *b)
{
	return a->dev == b->dev && a->start == b->start;
}

/* Other members: volumes whose primary superblock is good, carries our
 * fsid and a device id we do not have yet, from the same transaction. */
static void find_members(struct btrfs_fs *b, const struct fs_peers *peers, uint8_t *sb)
{
	uint32_t stale = 0;

	for (size_t i = 0; peers && i < peers->count && b->ndev < b->num_devices; i++) {
		const struct volume *v = &peers->vol[i];
		uint64_t devid;
		bool known = false;

		if (same_volume(v, &b->fs.vol) || btrfs_read_super(v, BTRFS_SUPER_OFFSET, sb) != PB_OK)
			continue;
		if (memcmp(sb + 0x20, b->fsid, 16) != 0)
			continue;
		devid = pb_le64(sb + 0xc9);
		for (uint32_t d = 0; d < b->ndev; d++)
			known |= b->dev[d].devid == devid;
		if (known)
			continue;
		if (pb_le64(sb + 0x48) != b->generation) {
			stale++;
			continue;
		}
		b->dev[b->ndev].devid = devid;
		memcpy(b->dev[b->ndev].uuid, sb + 0xc9 + 66, 16);
		b->dev[b->ndev].vol = *v;
		b->ndev++;
	}
	if (b->ndev < b->num_devices)
		pb_snprintf(b->fs.note, sizeof(b->fs.note), "%u of %llu devices present%s",
			    b->ndev, (unsigned long long)b->num_devices,
			    stale ? " (others are from an older transaction)" : "");
	pb_errclear();
}

static void format_uuid(const uint8_t *u, char *out, size_t size)
{
	pb_snprintf(out, size,
		    "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		    u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10],
		    u[11], u[12], u[13], u[14], u[15]);
}

static void free_fs(struct btrfs_fs *b)
{
	for (int i = 0; i < BTRFS_CACHE_BLOCKS; i++)
		free(b->cache[i].data);
	btrfs_free_chunks(b);
	free(b->roots);
	free(b->zcache);
	free(b);
}

static int mount_fs(struct btrfs_fs *b, const struct fs_peers *peers, uint8_t *sb)
{
	uint32_t slot;
	int rc;

	rc = find_super(&b->fs.vol, sb, b->fs.note, sizeof(b->fs.note));
	if (rc)
		return rc;
	rc = parse_super(b, sb);
	if (rc)
		return rc;
	format_uuid(b->fsid, b->fs.uuid, sizeof(b->fs.uuid));
	memcpy(b->fs.label, sb + 0x12b, sizeof(b->fs.label) - 1);
	b->fs.label[sizeof(b->fs.label) - 1] = '\0';
	rc = btrfs_load_sys_chunks(b, sb);
	if (rc)
		return rc;
	b->dev[0].vol = b->fs.vol;
	if (b->num_devices > 1)
		find_members(b, peers, sb);
	for (int i = 0; i < BTRFS_CACHE_BLOCKS; i++) {
		b->cache[i].bytenr = UINT64_MAX;
		b->cache[i].data = malloc(b->nodesize);
		if (!b->cache[i].data)
			return pb_error(PB_ERR_NOMEM, "btrfs: out of memory");
	}
	rc = btrfs_load_chunk_tree(b);
	if (rc)
		return rc;
	if (b->log_present && !b->fs.note[0])
		pb_strlcpy(b->fs.note, "fsync log not replayed: read as of the last commit",
			   sizeof(b->fs.note));
	/* "/" is the top-level subvolume, as in GRUB since 2.02 (grub-mkconfig
	 * writes paths such as /@/boot/vmlinuz accordingly); the default
	 * subvolume is reached through fs/btrfs_api.h. */
	rc = btrfs_root_slot(b, BTRFS_FS_TREE_OBJECTID, &slot);
	if (rc)
		return rc;
	return btrfs_make_ino(b, slot, b->roots[slot].dirid, &b->fs.root_ino);
}

int btrfs_mount_peers(const struct volume *vol, const struct fs_peers *peers, struct fs **out)
{
	struct btrfs_fs *b;
	uint8_t *sb;
	int rc;

	if (!pb_range_ok(BTRFS_SUPER_OFFSET, BTRFS_SUPER_SIZE, vol->size))
		return pb_error(PB_ERR_FORMAT, "volume too small for btrfs");
	b = calloc(1, sizeof(*b));
	sb = malloc(BTRFS_SUPER_SIZE);
	if (!b || !sb) {
		free(b);
		free(sb);
		return pb_error(PB_ERR_NOMEM, "btrfs: out of memory");
	}
	b->fs.ops = &btrfs_ops;
	b->fs.vol = *vol;
	b->fs.priv = b;
	b->zcache_bytenr = UINT64_MAX;
	rc = mount_fs(b, peers, sb);
	free(sb);
	if (rc) {
		free_fs(b);
		return rc;
	}
	*out = &b->fs;
	return PB_OK;
}

int btrfs_mount(const struct volume *vol, struct fs **out)
{
	return btrfs_mount_peers(vol, NULL, out);
}

void btrfs_unmount(struct fs *fs)
{
	free_fs(btrfs_of(fs));
}
