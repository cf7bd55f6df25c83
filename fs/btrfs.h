/* btrfs, read-only: internal interface between the driver's files.
 *
 * Layout facts are from the kernel's on-disk format documentation
 * (Documentation/filesystems/btrfs, btrfs-progs' kernel-shared/ctree.h
 * and the btrfs wiki's "On-disk Format"); every field is read by offset
 * through pb_le*, never through a cast struct.
 *
 * Inode numbers handed to fs/ are (subvolume slot << 48) | objectid: a
 * slot is this mount's index into its table of opened trees (subvolumes
 * and snapshots), so one fs can walk from one subvolume into another.
 * With bit 47 set, the low bits are instead a directory's objectid and
 * the inode is the empty directory Linux shows for an entry of that
 * directory naming a subvolume that is not its child (a nested
 * subvolume seen from a snapshot of its parent).
 */
#ifndef PVBOOT_FS_BTRFS_H
#define PVBOOT_FS_BTRFS_H

#include "fs/fs.h"

#define BTRFS_SUPER_OFFSET 0x10000ull
#define BTRFS_SUPER_SIZE 4096
#define BTRFS_MAGIC "_BHRfS_M"
#define BTRFS_CSUM_SIZE 32
#define BTRFS_FSID_SIZE 16
#define BTRFS_HEADER_SIZE 101
#define BTRFS_ITEM_SIZE 25   /* key + offset + size */
#define BTRFS_KEYPTR_SIZE 33 /* key + blockptr + generation */
#define BTRFS_MAX_LEVEL 8
#define BTRFS_SYS_CHUNK_ARRAY_MAX 2048
#define BTRFS_CACHE_BLOCKS 48

/* Well-known tree and object ids. */
#define BTRFS_ROOT_TREE_OBJECTID 1ull
#define BTRFS_CHUNK_TREE_OBJECTID 3ull
#define BTRFS_FS_TREE_OBJECTID 5ull
#define BTRFS_ROOT_TREE_DIR_OBJECTID 6ull
#define BTRFS_FIRST_FREE_OBJECTID 256ull
#define BTRFS_LAST_FREE_OBJECTID (-256ull)
#define BTRFS_FIRST_CHUNK_TREE_OBJECTID 256ull
#define BTRFS_DEV_ITEMS_OBJECTID 1ull

/* Key types. */
#define BTRFS_INODE_ITEM_KEY 1
#define BTRFS_INODE_REF_KEY 12
#define BTRFS_INODE_EXTREF_KEY 13
#define BTRFS_DIR_ITEM_KEY 84
#define BTRFS_DIR_INDEX_KEY 96
#define BTRFS_EXTENT_DATA_KEY 108
#define BTRFS_ROOT_ITEM_KEY 132
#define BTRFS_ROOT_BACKREF_KEY 144
#define BTRFS_ROOT_REF_KEY 156
#define BTRFS_DEV_ITEM_KEY 216
#define BTRFS_CHUNK_ITEM_KEY 228

/* Block group / chunk profile bits. */
#define BTRFS_BLOCK_GROUP_DATA (1ull << 0)
#define BTRFS_BLOCK_GROUP_SYSTEM (1ull << 1)
#define BTRFS_BLOCK_GROUP_METADATA (1ull << 2)
#define BTRFS_BLOCK_GROUP_RAID0 (1ull << 3)
#define BTRFS_BLOCK_GROUP_RAID1 (1ull << 4)
#define BTRFS_BLOCK_GROUP_DUP (1ull << 5)
#define BTRFS_BLOCK_GROUP_RAID10 (1ull << 6)
#define BTRFS_BLOCK_GROUP_RAID5 (1ull << 7)
#define BTRFS_BLOCK_GROUP_RAID6 (1ull << 8)
#define BTRFS_BLOCK_GROUP_RAID1C3 (1ull << 9)
#define BTRFS_BLOCK_GROUP_RAID1C4 (1ull << 10)

/* Incompatible features. */
#define BTRFS_INCOMPAT_MIXED_BACKREF (1ull << 0)
#define BTRFS_INCOMPAT_DEFAULT_SUBVOL (1ull << 1)
#define BTRFS_INCOMPAT_MIXED_GROUPS (1ull << 2)
#define BTRFS_INCOMPAT_COMPRESS_LZO (1ull << 3)
#define BTRFS_INCOMPAT_COMPRESS_ZSTD (1ull << 4)
#define BTRFS_INCOMPAT_BIG_METADATA (1ull << 5)
#define BTRFS_INCOMPAT_EXTENDED_IREF (1ull << 6)
#define BTRFS_INCOMPAT_RAID56 (1ull << 7)
#define BTRFS_INCOMPAT_SKINNY_METADATA (1ull << 8)
#define BTRFS_INCOMPAT_NO_HOLES (1ull << 9)
#define BTRFS_INCOMPAT_METADATA_UUID (1ull << 10)
#define BTRFS_INCOMPAT_RAID1C34 (1ull << 11)
#define BTRFS_INCOMPAT_ZONED (1ull << 12)
#define BTRFS_INCOMPAT_EXTENT_TREE_V2 (1ull << 13)
#define BTRFS_INCOMPAT_RAID_STRIPE_TREE (1ull << 14)
#define BTRFS_INCOMPAT_SIMPLE_QUOTA (1ull << 16)

enum btrfs_csum_type { BTRFS_CSUM_CRC32C = 0, BTRFS_CSUM_XXHASH, BTRFS_CSUM_SHA256, BTRFS_CSUM_BLAKE2 };

struct btrfs_key {
	uint64_t objectid;
	uint8_t type;
	uint64_t offset;
};

/* One member device of the filesystem; vol.dev == NULL when it is not
 * among the volumes the loader can see. */
struct btrfs_device {
	uint64_t devid;
	uint8_t uuid[16];
	struct volume vol;
};

struct btrfs_stripe {
	uint64_t devid;
	uint64_t offset; /* physical byte offset on that device */
	uint8_t dev_uuid[16];
};

struct btrfs_chunk {
	uint64_t logical, length, stripe_len, type;
	uint16_t num_stripes, sub_stripes;
	struct btrfs_stripe stripe[]; /* num_stripes */
};

/* An opened tree: a subvolume / snapshot (fs tree) or an internal one. */
struct btrfs_root {
	uint64_t id;
	uint64_t bytenr;
	uint64_t generation;
	uint8_t level;
	uint64_t dirid; /* the tree's top directory (256) */
};

struct btrfs_cache_slot {
	uint64_t bytenr; /* UINT64_MAX when empty */
	uint64_t stamp;
	uint8_t *data;
};

#define BTRFS_INO_EMPTY_SUBVOL (1ull << 47)
#define BTRFS_MAX_DEVICES 64
#define BTRFS_MAX_CHUNKS 65536
#define BTRFS_MAX_ROOTS 4096
#define BTRFS_MAX_STRIPES 256

struct btrfs_fs {
	struct fs fs; /* must be first */
	uint8_t fsid[16], metadata_fsid[16];
	uint64_t generation, incompat, compat_ro;
	uint32_t sectorsize, nodesize, stripesize;
	uint16_t csum_type;
	uint64_t num_devices;
	uint64_t total_bytes;
	bool log_present; /* an fsync log not replayed: read as committed */
	struct btrfs_root root_tree, chunk_tree;
	uint32_t ndev;
	struct btrfs_device dev[BTRFS_MAX_DEVICES];
	uint32_t nchunks, chunk_cap;
	struct btrfs_chunk **chunks; /* sorted by logical */
	uint32_t nroots, root_cap;
	struct btrfs_root *roots; /* slot table, see the top comment */
	uint64_t stamp;
	struct btrfs_cache_slot cache[BTRFS_CACHE_BLOCKS];
	/* The last decompressed extent, for sequential reads of small pieces. */
	uint64_t zcache_bytenr, zcache_ram;
	uint8_t *zcache;
	size_t zcache_len;
};

/* A position in a tree: one block per level, copied, and the slot in it. */
struct btrfs_path {
	int levels; /* 1 + level of the root */
	struct {
		uint8_t *buf;
		uint32_t nritems, slot;
	} lv[BTRFS_MAX_LEVEL];
};

static inline struct btrfs_fs *btrfs_of(struct fs *fs)
{
	return (struct btrfs_fs *)fs;
}

static inline void btrfs_key_read(const uint8_t *p, struct btrfs_key *k)
{
	k->objectid = pb_le64(p);
	k->type = p[8];
	k->offset = pb_le64(p + 9);
}

int btrfs_key_cmp(const struct btrfs_key *a, const struct btrfs_key *b);

/* btrfs_csum.c: verify the checksum at the start of buf (over buf[32..len)). */
int btrfs_csum_ok(uint16_t type, const uint8_t *buf, size_t len, bool *ok);
const char *btrfs_csum_name(uint16_t type);

/* btrfs_super.c */
int btrfs_mount(const struct volume *vol, struct fs **out);
int btrfs_mount_peers(const struct volume *vol, const struct fs_peers *peers, struct fs **out);
void btrfs_unmount(struct fs *fs);
/* Read and check a superblock copy at off: PB_ERR_FORMAT without the magic. */
int btrfs_read_super(const struct volume *vol, uint64_t off, uint8_t *sb);

/* btrfs_chunk.c: logical address space. */
int btrfs_chunk_add(struct btrfs_fs *b, uint64_t logical, const uint8_t *item, size_t len,
		    size_t *used);
int btrfs_load_sys_chunks(struct btrfs_fs *b, const uint8_t *sb);
int btrfs_load_chunk_tree(struct btrfs_fs *b);
/* How many copies logical has (1 for single / RAID0). */
int btrfs_mirrors(struct btrfs_fs *b, uint64_t logical, int *n);
/* Read len bytes of the logical address space from copy mirror (0-based);
 * a missing device or an I/O error fails with that mirror's reason. */
int btrfs_read_mirror(struct btrfs_fs *b, uint64_t logical, void *buf, size_t len, int mirror);
/* Any copy that reads: mirror 0 first, then the others. */
int btrfs_read_logical(struct btrfs_fs *b, uint64_t logical, void *buf, size_t len);
void btrfs_free_chunks(struct btrfs_fs *b);

/* btrfs_tree.c */
int btrfs_tree_block(struct btrfs_fs *b, uint64_t bytenr, int level, uint64_t gen,
		     const uint8_t **data);
/* Position p at the last item <= key: PB_OK, or 1 if every item is greater
 * (p is then at the first item, or at the end of an empty tree). */
int btrfs_search(struct btrfs_fs *b, const struct btrfs_root *r, const struct btrfs_key *key,
		 struct btrfs_path *p);
/* Position p at the first item >= key: PB_OK, or 1 if there is none. */
int btrfs_search_ge(struct btrfs_fs *b, const struct btrfs_root *r, const struct btrfs_key *key,
		    struct btrfs_path *p);
/* Exact key: PB_OK with the item, 1 if absent. */
int btrfs_find(struct btrfs_fs *b, const struct btrfs_root *r, const struct btrfs_key *key,
	       struct btrfs_path *p, const uint8_t **data, uint32_t *len);
/* Step to the next item: PB_OK, 1 at the end of the tree. */
int btrfs_next(struct btrfs_fs *b, struct btrfs_path *p);
void btrfs_item(const struct btrfs_path *p, struct btrfs_key *k, const uint8_t **data,
		uint32_t *len);
void btrfs_path_release(struct btrfs_path *p);

/* btrfs_root.c: the root tree and the slot table. */
int btrfs_read_root(struct btrfs_fs *b, uint64_t id, struct btrfs_root *r);
int btrfs_root_slot(struct btrfs_fs *b, uint64_t id, uint32_t *slot);
int btrfs_default_subvol(struct btrfs_fs *b, uint64_t *id);
int btrfs_make_ino(struct btrfs_fs *b, uint32_t slot, uint64_t objectid, uint64_t *ino);
int btrfs_split_ino(struct btrfs_fs *b, uint64_t ino, const struct btrfs_root **r,
		    uint64_t *objectid);
/* The parent of subvolume id: its id and the directory in it. */
int btrfs_subvol_parent(struct btrfs_fs *b, uint64_t id, uint64_t *parent, uint64_t *dirid);

/* btrfs_inode.c */
struct btrfs_inode {
	uint64_t size, nbytes, flags, mtime;
	uint32_t nlink, mode;
};
int btrfs_read_inode(struct btrfs_fs *b, uint64_t ino, struct btrfs_inode *in);
enum fs_type btrfs_type(uint32_t mode);

/* btrfs_dir.c */
uint64_t btrfs_name_hash(const char *name, size_t len);
/* Find name among the entries packed in one DIR_ITEM's data: 1 if absent. */
int btrfs_dir_item_find(const uint8_t *data, uint32_t len, const char *name, size_t name_len,
			struct btrfs_key *location, uint8_t *ftype);
int btrfs_lookup(struct btrfs_fs *b, uint64_t dir, const char *name, uint64_t *ino);
int btrfs_readdir(struct btrfs_fs *b, uint64_t dir, fs_dirent_cb cb, void *ctx);

/* btrfs_file.c */
int btrfs_read_data(struct btrfs_fs *b, uint64_t ino, uint64_t size, uint64_t off, void *buf,
		    size_t len, size_t *got);

/* btrfs_compress.c: one extent's compressed bytes into at most out_max. */
int btrfs_decompress(struct btrfs_fs *b, uint8_t type, const uint8_t *in, size_t in_len,
		     uint8_t *out, size_t out_max, size_t *out_len);

/* Public: subvolumes for grub.cfg's btrfs commands (fs/btrfs_subvol.c). */
#include "fs/btrfs_api.h"

extern const struct fs_ops btrfs_ops;

#endif
