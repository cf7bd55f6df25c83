/* ISO 9660 (ECMA-119) with Joliet and Rock Ridge (SUSP 1.12 / RRIP 1.12),
 * read-only: the internal interface between the driver's files.
 *
 * An inode number is the byte offset, in the volume, of a directory
 * record: the record that names the file in its parent, or for the root
 * the record in the volume descriptor.  A relocated directory (Rock Ridge
 * CL) is its own "." record, and a ".." with a PL entry is the "." record
 * of the parent it names.  A multi-extent file is its first record.
 *
 * Which tree is read follows GRUB: the primary descriptor's with Rock
 * Ridge if its root carries the SUSP "SP" entry, else a Joliet
 * supplementary descriptor's, else the primary's plain ISO names (shown
 * in lower case with ";1" cut, as Linux shows them, and matched
 * case-insensitively, as GRUB does). */
#ifndef PVBOOT_FS_ISO9660_H
#define PVBOOT_FS_ISO9660_H

#include "fs/fs.h"

#define ISO_SECTOR 2048            /* volume descriptors and records' unit */
#define ISO_VD_START (16 * ISO_SECTOR)
#define ISO_VD_MAX 64              /* descriptors looked at before giving up */
#define ISO_MAX_EXTENTS 64         /* parts of one multi-extent file */
#define ISO_DIR_MAX (64u << 20)    /* largest directory extent we read */
#define ISO_CE_MAX 16              /* SUSP continuation areas per record */
#define ISO_SU_MAX (64u << 10)     /* SUSP bytes read per record, all areas */

enum iso_mode { ISO_PLAIN, ISO_JOLIET, ISO_ROCK };

struct iso_fs {
	struct fs fs; /* must be first */
	enum iso_mode mode;
	uint32_t block;    /* logical block size (512..2048) */
	uint32_t susp_skip; /* SP's LEN_SKP: bytes to skip in each System Use area */
	uint64_t blocks;   /* volume space size */
	uint8_t *sec;      /* one ISO_SECTOR, the record cache */
	uint64_t sec_off;  /* volume offset cached in sec, UINT64_MAX if none */
};

struct iso_extent {
	uint64_t off; /* volume byte offset of the data */
	uint64_t len;
};

/* A directory record, decoded with its Rock Ridge entries. */
struct iso_node {
	uint64_t ino;
	enum fs_type type;
	uint8_t flags;     /* record flags: 0x02 dir, 0x80 more extents follow */
	uint32_t mode;     /* PX, or made up from the flags */
	uint32_t nlink;
	uint64_t mtime;
	uint64_t size;     /* all extents */
	unsigned nextents;
	struct iso_extent ext[ISO_MAX_EXTENTS];
	bool relocated;    /* RE: shown only through its CL */
	uint64_t link_ino; /* CL or PL: the directory's own "." record; 0 if none */
	bool compressed;   /* zisofs (ZF): refused when read */
};

static inline struct iso_fs *iso_of(struct fs *fs)
{
	return (struct iso_fs *)fs;
}

/* iso9660_super.c */
int iso_mount(const struct volume *vol, struct fs **out);
void iso_unmount(struct fs *fs);
/* len bytes of metadata at volume offset off, inside one ISO_SECTOR; the
 * pointer is valid until the next call. */
int iso_meta(struct iso_fs *f, uint64_t off, size_t len, const uint8_t **p);

/* iso9660_susp.c: the Rock Ridge entries of one record.  name (if not
 * NULL, FS_NAME_MAX + 1 bytes) gets the NM name ("" if none); link (if not
 * NULL, link_size bytes) the SL target ("" if none; PB_ERR_LIMIT if it
 * does not fit). */
struct iso_rr {
	bool has_px, has_tf, relocated, zf;
	uint32_t mode, nlink;
	uint64_t mtime;
	uint64_t cl, pl; /* block numbers, 0 if absent */
};
int iso_susp(struct iso_fs *f, const uint8_t *rec, struct iso_rr *rr, char *name, char *link,
	     size_t link_size);
/* The System Use area of a record: [*off, rec[0]) (offset in rec). */
size_t iso_su_start(const uint8_t *rec);
uint64_t iso_time7(const uint8_t *t);

/* iso9660_dir.c */
int iso_read_node(struct iso_fs *f, uint64_t ino, struct iso_node *n);
int iso_iterate_dir(struct iso_fs *f, const struct iso_node *dir, fs_dirent_cb cb, void *ctx);
int iso_read_data(struct iso_fs *f, const struct iso_node *n, uint64_t off, void *buf,
		  size_t len, size_t *got);

extern const struct fs_ops iso9660_ops;

#endif
