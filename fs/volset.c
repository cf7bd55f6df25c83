/* The set of volumes the loader can see: every partition of every disk
 * (or the whole disk when it has no table, or when a filesystem covers
 * the whole of a partitioned disk, as a hybrid ISO does), each with the filesystem
 * mounted on it if a driver recognised it.  A bad disk or volume never
 * hides the others: it keeps its own error for reporting. */
#include "fs/part.h"
#include "loader/lib/err.h"

static void note_error(struct vol_entry *v, int rc)
{
	v->mount_err = rc;
	pb_strlcpy(v->mount_msg, pb_errmsg(), sizeof(v->mount_msg));
}

static struct vol_entry *add_volume(struct volset *vs, int disk, struct blockdev *dev,
				    const struct partition *p)
{
	struct vol_entry *v;

	if (vs->count >= VOLSET_MAX)
		return NULL;
	v = &vs->v[vs->count++];
	memset(v, 0, sizeof(*v));
	v->disk = disk;
	v->dev = dev;
	v->vol.dev = dev;
	if (p) {
		v->part = *p;
		v->vol.start = p->start_lba * dev->sector_size;
		v->vol.size = p->nr_sectors * dev->sector_size;
		pb_snprintf(v->grub_name, sizeof(v->grub_name), "hd%d,%s%u", disk,
			    p->scheme == PART_GPT ? "gpt" : "msdos", p->number);
	} else {
		v->vol.size = dev->nr_sectors * dev->sector_size;
		pb_snprintf(v->grub_name, sizeof(v->grub_name), "hd%d", disk);
	}
	return v;
}

static void mount_volume(struct vol_entry *v, const struct fs_peers *peers)
{
	int rc;

	pb_errclear();
	rc = fs_mount_peers(&v->vol, peers, &v->fs);
	if (rc) {
		v->fs = NULL;
		note_error(v, rc);
	}
}

/* First every volume of every disk, then the mounts, so a filesystem
 * spanning several disks (btrfs RAID) sees all the volumes it may span. */
int volset_scan(struct blockdev **disks, int ndisks, struct volset *vs)
{
	struct part_table *t = malloc(sizeof(*t));
	struct volume *all;
	bool *skip;
	struct fs_peers peers;

	memset(vs, 0, sizeof(*vs));
	all = malloc(VOLSET_MAX * sizeof(*all));
	skip = calloc(VOLSET_MAX, sizeof(*skip));
	if (!t || !all || !skip) {
		free(t);
		free(all);
		free(skip);
		return pb_error(PB_ERR_NOMEM, "volumes: out of memory");
	}
	for (int d = 0; d < ndisks; d++) {
		int rc = part_scan(disks[d], t);

		if (rc || t->count == 0) {
			/* No table (or an unreadable one): try the whole disk. */
			struct vol_entry *v = add_volume(vs, d, disks[d], NULL);
			if (!v)
				break;
			if (rc) {
				note_error(v, rc);
				skip[vs->count - 1] = true;
			}
			continue;
		}
		/* A filesystem on the whole of a partitioned disk: a hybrid ISO
		 * (its MBR or GPT describes parts of the ISO 9660 image at sector
		 * 16).  GRUB sees it as (hd0), before the disk's partitions; a
		 * disk without one gets no (hd0) entry. */
		struct vol_entry *whole = add_volume(vs, d, disks[d], NULL);
		if (whole) {
			mount_volume(whole, NULL); /* mounted here, once: not a peer */
			if (!whole->fs) {
				vs->count--;
			} else {
				pb_strlcpy(whole->table_note, t->note, sizeof(whole->table_note));
				skip[vs->count - 1] = true;
			}
		}
		for (uint32_t i = 0; i < t->count; i++) {
			struct vol_entry *v = add_volume(vs, d, disks[d], &t->parts[i]);
			if (!v)
				break;
			pb_strlcpy(v->table_note, t->note, sizeof(v->table_note));
		}
	}
	peers.vol = all;
	peers.count = 0;
	for (uint32_t i = 0; i < vs->count; i++)
		if (!skip[i])
			all[peers.count++] = vs->v[i].vol;
	for (uint32_t i = 0; i < vs->count; i++)
		if (!skip[i])
			mount_volume(&vs->v[i], &peers);
	free(t);
	free(all);
	free(skip);
	return PB_OK;
}

void volset_release(struct volset *vs)
{
	for (uint32_t i = 0; i < vs->count; i++) {
		fs_unmount(vs->v[i].fs);
		vs->v[i].fs = NULL;
	}
	vs->count = 0;
}

struct vol_entry *volset_by_name(struct volset *vs, const char *name)
{
	size_t len = strlen(name);

	/* Accept "(hd0,msdos1)" as well as "hd0,msdos1". */
	if (len >= 2 && name[0] == '(' && name[len - 1] == ')') {
		name++;
		len -= 2;
	}
	for (uint32_t i = 0; i < vs->count; i++)
		if (strlen(vs->v[i].grub_name) == len &&
		    memcmp(vs->v[i].grub_name, name, len) == 0)
			return &vs->v[i];
	return NULL;
}

struct vol_entry *volset_by_uuid(struct volset *vs, const char *uuid)
{
	for (uint32_t i = 0; i < vs->count; i++)
		if (vs->v[i].fs && vs->v[i].fs->uuid[0] &&
		    pb_strcasecmp(vs->v[i].fs->uuid, uuid) == 0)
			return &vs->v[i];
	return NULL;
}

struct vol_entry *volset_by_label(struct volset *vs, const char *label)
{
	for (uint32_t i = 0; i < vs->count; i++)
		if (vs->v[i].fs && label[0] && strcmp(vs->v[i].fs->label, label) == 0)
			return &vs->v[i];
	return NULL;
}
