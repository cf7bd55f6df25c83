/* FAT12/16/32 with VFAT long names, read-only except for same-size in-place
 * rewrites (grubenv on an EFI system partition): the internal interface
 * between the driver's files.  Layout facts are from Microsoft's "FAT32 File
 * System Specification" (1.03) and Linux's fs/fat; every field is read by
 * offset through pb_le*.
 *
 * FAT has no inodes: a file is its 32-byte short directory entry, so an
 * inode number here is that entry's byte offset in the volume (always a
 * multiple of 32, never 0).  FAT_ROOT_INO stands for the root directory,
 * which has no entry of its own.  A ".." entry is a directory entry like
 * any other (its cluster, 0 meaning the root, names the parent). */
#ifndef PVBOOT_FS_FAT_H
#define PVBOOT_FS_FAT_H

#include "fs/fs.h"

#define FAT_ROOT_INO 1
#define FAT_DIRENT 32
#define FAT_ATTR_RO 0x01
#define FAT_ATTR_VOLUME 0x08
#define FAT_ATTR_DIR 0x10
#define FAT_ATTR_LFN 0x0F           /* RO | HIDDEN | SYSTEM | VOLUME */
#define FAT_DIR_MAX_ENTRIES 65536   /* the specification's directory limit */
#define FAT_CLUSTER_MAX (1u << 20)  /* largest cluster we accept, bytes */
#define FAT_WINDOW 16384            /* bytes of the FAT cached at a time */

/* Where we are in a cluster chain.  Brent's cycle finder rides along, so
 * a chain that loops is found within twice its length (never a hang). */
struct fat_chain {
	uint32_t first, cur; /* first cluster, current cluster */
	uint64_t index;      /* cur is the index-th cluster of the chain */
	uint32_t tortoise;
	uint64_t power, lam;
};

struct fat_fs {
	struct fs fs; /* must be first */
	unsigned bits; /* 12, 16 or 32 */
	uint32_t sector_size, cluster_size;
	uint64_t fat_off;      /* byte offset of the first FAT */
	uint64_t fat_bytes;    /* one FAT's size */
	uint64_t root_off;     /* FAT12/16: the fixed root directory */
	uint32_t root_entries; /* FAT12/16 */
	uint32_t root_cluster; /* FAT32 */
	uint64_t data_off;     /* byte offset of cluster 2 */
	uint32_t clusters;     /* data clusters: valid numbers are 2..clusters+1 */
	bool used_backup;      /* the primary boot sector was bad */
	/* FAT cache: a window of the first FAT. */
	uint64_t win_off; /* UINT64_MAX when empty */
	size_t win_len;
	uint8_t *win;     /* FAT_WINDOW bytes */
	/* The chain position of the file read last, so sequential reads do
	 * not walk the chain from the start every time. */
	struct fat_chain pos;
	bool pos_valid;
	/* The directory entry read last (nothing rewrites entries). */
	uint8_t ent[FAT_DIRENT];
	uint64_t ent_ino; /* 0 when empty */
};

/* A directory entry, decoded. */
struct fat_node {
	uint64_t ino;
	uint8_t attr;
	uint32_t cluster; /* first cluster (0: empty file, or the root for "..") */
	uint32_t size;
	uint64_t mtime;
};

static inline struct fat_fs *fat_of(struct fs *fs)
{
	return (struct fat_fs *)fs;
}

/* fat_super.c */
int fat_mount(const struct volume *vol, struct fs **out);
void fat_unmount(struct fs *fs);

/* fat_chain.c: cluster chains.  fat_chain_start sets up a walk of the
 * chain starting at first (checked); fat_chain_next moves to the next
 * cluster: PB_OK, 1 at the end of the chain, or an error (bad or free
 * cluster in the chain, out-of-range number, loop). */
int fat_chain_start(struct fat_fs *f, uint32_t first, struct fat_chain *ch);
int fat_chain_next(struct fat_fs *f, struct fat_chain *ch);
/* Move ch to the chain's index-th cluster (restarting if it is behind). */
int fat_chain_seek(struct fat_fs *f, struct fat_chain *ch, uint64_t index);
static inline uint64_t fat_cluster_off(const struct fat_fs *f, uint32_t c)
{
	return f->data_off + (uint64_t)(c - 2) * f->cluster_size;
}

/* fat_dir.c */
int fat_read_node(struct fat_fs *f, uint64_t ino, struct fat_node *n);
/* Every entry of directory dir: cb gets its name (long name, or the short
 * name with Windows NT's lower-case flags), its ino and type. */
int fat_iterate_dir(struct fat_fs *f, const struct fat_node *dir, fs_dirent_cb cb, void *ctx);
/* The FAT12/16 root directory or a directory's clusters, raw, for the
 * volume label (fat_super.c) and fat_iterate_dir. */
typedef int (*fat_raw_cb)(void *ctx, const uint8_t *ent, uint64_t ino);
int fat_walk_raw(struct fat_fs *f, const struct fat_node *dir, fat_raw_cb cb, void *ctx);

/* The same walk for lookups: each entry's name and its 8.3 alias
 * ("GRUBEN~1"), both of which a lookup matches. */
typedef int (*fat_names_cb)(void *ctx, const char *name, const char *short_name, uint64_t ino);
int fat_iterate_names(struct fat_fs *f, const struct fat_node *dir, fat_names_cb cb, void *ctx);

/* fat_file.c */
int fat_read_data(struct fat_fs *f, const struct fat_node *n, uint64_t off, void *buf,
		  size_t len, size_t *got);
int fat_map(struct fat_fs *f, const struct fat_node *n, uint64_t off, uint64_t *vol_off,
	    uint64_t *run_len);

extern const struct fs_ops fat_ops;

#endif
