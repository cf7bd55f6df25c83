/* Partition tables (MBR with extended/logical partitions, GPT) and the set
 * of volumes the loader can see on its disks, named the way GRUB names them:
 * (hd0) for a whole disk, (hd0,msdos1), (hd0,msdos5) for logicals,
 * (hd0,gpt2).  Partition numbers are 1-based, as in GRUB 2.
 */
#ifndef PVBOOT_FS_PART_H
#define PVBOOT_FS_PART_H

#include "fs/fs.h"

#define PART_MAX 128 /* partitions we keep per disk */

enum part_scheme { PART_NONE = 0, PART_MSDOS, PART_GPT };

struct partition {
	enum part_scheme scheme;
	uint32_t number;      /* 1-based; logicals start at 5 */
	uint64_t start_lba;   /* in the disk's logical sectors */
	uint64_t nr_sectors;
	uint8_t mbr_type;     /* MBR system id */
	uint8_t type_guid[16]; /* GPT type GUID (on-disk byte order) */
	uint8_t part_guid[16]; /* GPT unique partition GUID */
	char name[72];        /* GPT name as UTF-8 */
	bool bootable;        /* MBR active flag / GPT legacy BIOS bootable */
};

struct part_table {
	enum part_scheme scheme;
	uint32_t count;
	struct partition parts[PART_MAX];
	char note[128]; /* e.g. "primary GPT header bad, used backup" */
};

/* Read the partition table of dev. A disk with no table is scheme
 * PART_NONE, count 0 (it may hold a whole-disk filesystem). */
int part_scan(struct blockdev *dev, struct part_table *out);

/* One place a filesystem may be: a whole disk or a partition, with the
 * filesystem mounted on it if any driver recognised it. */
struct vol_entry {
	int disk;           /* index of the disk in the set */
	struct blockdev *dev;
	struct partition part; /* scheme PART_NONE for the whole disk */
	struct volume vol;
	struct fs *fs;      /* NULL if no driver recognised it */
	char grub_name[32]; /* "hd0,gpt2" / "hd0" (without parentheses) */
	int mount_err;      /* why fs is NULL (PB_ERR_FORMAT if just unknown) */
	char table_note[128]; /* the disk's partition-table note (backup GPT used...) */
	char mount_msg[128];
};

#define VOLSET_MAX 64

struct volset {
	uint32_t count;
	struct vol_entry v[VOLSET_MAX];
};

/* Scan every disk (partition tables, then mount each volume). Never fails
 * because one disk or volume is bad; that volume keeps its error. */
int volset_scan(struct blockdev **disks, int ndisks, struct volset *out);
void volset_release(struct volset *vs);

/* Look up a volume by GRUB device name ("hd0,msdos1", "(hd0,gpt2)", "hd0"),
 * by filesystem UUID (case-insensitive) or by label. NULL if none. */
struct vol_entry *volset_by_name(struct volset *vs, const char *name);
struct vol_entry *volset_by_uuid(struct volset *vs, const char *uuid);
struct vol_entry *volset_by_label(struct volset *vs, const char *label);

#endif
