/* ext4: what pvboot does with each feature flag of the superblock.
 *
 * One row per flag the kernel's fs/ext4/ext4.h or e2fsprogs' lib/e2p know
 * (names as mke2fs -O and tune2fs -O spell them).  The README's feature
 * table is this table in prose; tests/check/31-ext4-features.sh makes an
 * image per row with the real tools.
 *
 * The rules behind the three answers:
 *  - incompat bits change the on-disk format: one we cannot read, or do not
 *    know, refuses the mount by name, since guessing would mean reading
 *    garbage as files;
 *  - ro_compat bits are, by their definition, safe for a reader that never
 *    writes; those that change where or how things are found (bigalloc,
 *    sparse_super, huge_file, ...) are read, the rest ignored, unknown ones
 *    ignored as the kernel's read-only mount ignores them;
 *  - compat bits never change what a reader sees unless it wants to
 *    (sparse_super2 moves backup superblocks, which matters to meta_bg). */
#include "fs/ext4.h"
#include "loader/lib/err.h"

enum { W_COMPAT, W_INCOMPAT, W_RO_COMPAT };
enum { READ, IGNORED, REFUSED };

static const struct ext4_feature {
	uint8_t word, how;
	uint32_t bit;
	const char *name;
	const char *why; /* for REFUSED rows: the reason in the error */
} features[] = {
	{ W_COMPAT, IGNORED, 0x0001, "dir_prealloc", NULL },
	{ W_COMPAT, IGNORED, 0x0002, "imagic_inodes", NULL },
	{ W_COMPAT, IGNORED, 0x0004, "has_journal", NULL },
	{ W_COMPAT, IGNORED, 0x0008, "ext_attr", NULL },
	{ W_COMPAT, IGNORED, 0x0010, "resize_inode", NULL },
	{ W_COMPAT, READ, 0x0020, "dir_index", NULL },
	{ W_COMPAT, IGNORED, 0x0040, "lazy_bg", NULL },
	{ W_COMPAT, IGNORED, 0x0080, "snapshot_inode", NULL },
	{ W_COMPAT, IGNORED, 0x0100, "snapshot_bitmap", NULL },
	{ W_COMPAT, READ, EXT4_FEATURE_COMPAT_SPARSE_SUPER2, "sparse_super2", NULL },
	{ W_COMPAT, IGNORED, 0x0400, "fast_commit", NULL },
	{ W_COMPAT, IGNORED, 0x0800, "stable_inodes", NULL },
	{ W_COMPAT, IGNORED, 0x1000, "orphan_file", NULL },

	{ W_INCOMPAT, REFUSED, EXT4_FEATURE_INCOMPAT_COMPRESSION, "compression",
	  "per-file compression that never reached the kernel" },
	{ W_INCOMPAT, READ, EXT4_FEATURE_INCOMPAT_FILETYPE, "filetype", NULL },
	{ W_INCOMPAT, READ, EXT4_FEATURE_INCOMPAT_RECOVER, "needs_recovery", NULL },
	{ W_INCOMPAT, REFUSED, EXT4_FEATURE_INCOMPAT_JOURNAL_DEV, "journal_dev",
	  "an external journal device, not a filesystem" },
	{ W_INCOMPAT, READ, EXT4_FEATURE_INCOMPAT_META_BG, "meta_bg", NULL },
	{ W_INCOMPAT, READ, EXT4_FEATURE_INCOMPAT_EXTENTS, "extent", NULL },
	{ W_INCOMPAT, READ, EXT4_FEATURE_INCOMPAT_64BIT, "64bit", NULL },
	{ W_INCOMPAT, READ, EXT4_FEATURE_INCOMPAT_MMP, "mmp", NULL },
	{ W_INCOMPAT, READ, EXT4_FEATURE_INCOMPAT_FLEX_BG, "flex_bg", NULL },
	{ W_INCOMPAT, READ, EXT4_FEATURE_INCOMPAT_EA_INODE, "ea_inode", NULL },
	{ W_INCOMPAT, REFUSED, EXT4_FEATURE_INCOMPAT_DIRDATA, "dirdata",
	  "Lustre's extra data in directory entries" },
	{ W_INCOMPAT, READ, EXT4_FEATURE_INCOMPAT_CSUM_SEED, "metadata_csum_seed", NULL },
	{ W_INCOMPAT, READ, EXT4_FEATURE_INCOMPAT_LARGEDIR, "large_dir", NULL },
	{ W_INCOMPAT, READ, EXT4_FEATURE_INCOMPAT_INLINE_DATA, "inline_data", NULL },
	{ W_INCOMPAT, READ, EXT4_FEATURE_INCOMPAT_ENCRYPT, "encrypt", NULL },
	{ W_INCOMPAT, READ, EXT4_FEATURE_INCOMPAT_CASEFOLD, "casefold", NULL },

	{ W_RO_COMPAT, READ, EXT4_FEATURE_RO_COMPAT_SPARSE_SUPER, "sparse_super", NULL },
	{ W_RO_COMPAT, READ, 0x0002, "large_file", NULL },
	{ W_RO_COMPAT, IGNORED, 0x0004, "btree_dir", NULL },
	{ W_RO_COMPAT, READ, EXT4_FEATURE_RO_COMPAT_HUGE_FILE, "huge_file", NULL },
	{ W_RO_COMPAT, IGNORED, 0x0010, "uninit_bg", NULL },
	{ W_RO_COMPAT, IGNORED, 0x0020, "dir_nlink", NULL },
	{ W_RO_COMPAT, READ, 0x0040, "extra_isize", NULL },
	{ W_RO_COMPAT, IGNORED, 0x0080, "snapshot", NULL },
	{ W_RO_COMPAT, IGNORED, 0x0100, "quota", NULL },
	{ W_RO_COMPAT, READ, EXT4_FEATURE_RO_COMPAT_BIGALLOC, "bigalloc", NULL },
	{ W_RO_COMPAT, READ, EXT4_FEATURE_RO_COMPAT_METADATA_CSUM, "metadata_csum", NULL },
	{ W_RO_COMPAT, IGNORED, 0x0800, "replica", NULL },
	{ W_RO_COMPAT, IGNORED, 0x1000, "read-only", NULL },
	{ W_RO_COMPAT, IGNORED, 0x2000, "project", NULL },
	{ W_RO_COMPAT, IGNORED, EXT4_FEATURE_RO_COMPAT_SHARED_BLOCKS, "shared_blocks", NULL },
	{ W_RO_COMPAT, IGNORED, 0x8000, "verity", NULL },
	{ W_RO_COMPAT, IGNORED, 0x10000, "orphan_present", NULL },
};

static const struct ext4_feature *find(uint8_t word, uint32_t bit)
{
	for (size_t i = 0; i < PB_ARRAY_SIZE(features); i++)
		if (features[i].word == word && features[i].bit == bit)
			return &features[i];
	return NULL;
}

/* Incompat bits that are neither read nor known to be harmless: refused
 * rows and every bit the table does not have. */
static bool refused(uint32_t bit)
{
	const struct ext4_feature *f = find(W_INCOMPAT, bit);

	return !f || f->how == REFUSED;
}

/* ro_compat bits under which writing a file's blocks in place (grubenv)
 * is not safe although reading is: shared_blocks (the block may belong to
 * other files too) and any bit we do not know, which by definition is a
 * promise to writers we cannot check. */
uint32_t ext4_ro_compat_unwritable(uint32_t ro_compat)
{
	uint32_t out = 0;

	for (uint32_t bit = 1; bit; bit <<= 1)
		if ((ro_compat & bit) && (bit == EXT4_FEATURE_RO_COMPAT_SHARED_BLOCKS || !find(W_RO_COMPAT, bit)))
			out |= bit;
	return out;
}

int ext4_check_features(uint32_t incompat)
{
	char names[256];
	size_t used = 0;
	bool any = false;

	names[0] = '\0';
	for (uint32_t bit = 1; bit; bit <<= 1) {
		const struct ext4_feature *f;

		if (!(incompat & bit) || !refused(bit))
			continue;
		any = true;
		f = find(W_INCOMPAT, bit);
		if (used < sizeof(names)) {
			if (f)
				used += (size_t)pb_snprintf(names + used, sizeof(names) - used, "%s%s (%s)",
							    used ? ", " : "", f->name, f->why);
			else
				used += (size_t)pb_snprintf(names + used, sizeof(names) - used, "%s0x%x (unknown)",
							    used ? ", " : "", bit);
		}
	}
	if (!any)
		return PB_OK;
	return pb_error(PB_ERR_UNSUPPORTED, "ext4: unsupported incompatible features: %s", names);
}
