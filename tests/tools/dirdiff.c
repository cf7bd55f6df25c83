/* dirdiff IMAGE DIR [--ino] [--sector-size N] [--part NAME]: walk a
 * filesystem image through pvboot's fs/ code and a directory tree through
 * the host's own system calls, and report every difference: names, types,
 * sizes, permission bits, file contents, symlink targets.  DIR is either
 * the tree an image was made from (mkfs.xfs -p, mkfs.btrfs --rootdir) or
 * the image itself mounted by Linux; with --ino the inode numbers must
 * match too (true only for a mount of the same image).  Every directory's
 * "." and ".." and a sample of lookups by name are checked as well.
 * Exit 0 only when there are no differences. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fs/part.h"
#include "loader/lib/err.h"
#include "tools/common/host_blockdev.h"

#define LOOKUP_SAMPLE 64 /* lookups per directory: a scan each on some drivers */

static struct fs *pfs;
static bool check_ino;
static unsigned long files, dirs, links, bytes, mismatches;

#define MISMATCH(...) do { mismatches++; fprintf(stderr, "MISMATCH: " __VA_ARGS__); } while (0)

struct ent {
	char *name;
	uint64_t ino;
	enum fs_type type;
};
struct list {
	size_t n, cap;
	struct ent *e;
};

static void add(struct list *l, const char *name, uint64_t ino, enum fs_type type)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->e = realloc(l->e, l->cap * sizeof(*l->e));
	}
	l->e[l->n].name = strdup(name);
	l->e[l->n].ino = ino;
	l->e[l->n++].type = type;
}

static int pvb_cb(void *ctx, const char *name, uint64_t ino, enum fs_type type)
{
	add(ctx, name, ino, type);
	return 0;
}

static int cmp_ent(const void *a, const void *b)
{
	return strcmp(((const struct ent *)a)->name, ((const struct ent *)b)->name);
}

static void free_list(struct list *l)
{
	for (size_t k = 0; k < l->n; k++)
		free(l->e[k].name);
	free(l->e);
}

static enum fs_type host_type(mode_t m)
{
	return S_ISREG(m) ? FS_REG : S_ISDIR(m) ? FS_DIR : S_ISLNK(m) ? FS_SYMLINK : FS_OTHER;
}

static void compare_file(const char *hpath, const char *path, uint64_t ino, uint64_t size)
{
	static char a[1 << 20], b[1 << 20];
	FILE *f = fopen(hpath, "rb");
	uint64_t off = 0;

	if (!f) {
		MISMATCH("%s: host cannot open: %s\n", path, strerror(errno));
		return;
	}
	while (off < size) {
		size_t want = fread(a, 1, sizeof(a), f), got = 0;
		if (want == 0) {
			MISMATCH("%s: host read stopped at %llu\n", path, (unsigned long long)off);
			break;
		}
		if (pfs->ops->read(pfs, ino, off, b, want, &got) != PB_OK) {
			MISMATCH("%s: pvboot read at %llu: %s\n", path, (unsigned long long)off, pb_errmsg());
			break;
		}
		if (got != want || memcmp(a, b, want)) {
			MISMATCH("%s: contents differ in the %zu bytes at %llu\n", path, want, (unsigned long long)off);
			break;
		}
		off += want;
		bytes += want;
	}
	fclose(f);
	files++;
}

static void compare_symlink(const char *hpath, const char *path, uint64_t ino)
{
	char want[4096], got[4096];
	ssize_t n = readlink(hpath, want, sizeof(want) - 1);

	if (n < 0) {
		MISMATCH("%s: host readlink: %s\n", path, strerror(errno));
		return;
	}
	want[n] = '\0';
	if (pfs->ops->readlink(pfs, ino, got, sizeof(got)) != PB_OK)
		MISMATCH("%s: pvboot readlink: %s\n", path, pb_errmsg());
	else if (strcmp(want, got))
		MISMATCH("%s: symlink '%s' vs '%s'\n", path, got, want);
	links++;
}

static void walk(const char *hdir, const char *path, uint64_t dir, uint64_t parent, int depth);

static void compare_entry(const char *hdir, const char *path, const struct ent *pe, uint64_t dir, int depth)
{
	char hpath[8192], child[8192];
	struct stat hs;
	struct fs_stat st;

	snprintf(hpath, sizeof(hpath), "%s/%s", hdir, pe->name);
	snprintf(child, sizeof(child), "%s/%s", path, pe->name);
	if (lstat(hpath, &hs)) {
		MISMATCH("%s: host lstat: %s\n", child, strerror(errno));
		return;
	}
	if (pfs->ops->stat(pfs, pe->ino, &st) != PB_OK) {
		MISMATCH("%s: pvboot stat: %s\n", child, pb_errmsg());
		return;
	}
	if (check_ino && pe->ino != (uint64_t)hs.st_ino)
		MISMATCH("%s: inode %llu vs %llu\n", child, (unsigned long long)pe->ino,
			 (unsigned long long)hs.st_ino);
	if (st.type != host_type(hs.st_mode) || (pe->type != FS_OTHER && pe->type != st.type))
		MISMATCH("%s: type %d (entry %d) vs %d\n", child, st.type, pe->type, host_type(hs.st_mode));
	if ((st.mode & 07777) != (hs.st_mode & 07777) ||
	    (!S_ISDIR(hs.st_mode) && st.size != (uint64_t)hs.st_size))
		MISMATCH("%s: size/mode %llu/%o vs %llu/%o\n", child, (unsigned long long)st.size,
			 st.mode & 07777, (unsigned long long)hs.st_size, hs.st_mode & 07777);
	if (S_ISDIR(hs.st_mode))
		walk(hpath, child, pe->ino, dir, depth + 1);
	else if (S_ISREG(hs.st_mode))
		compare_file(hpath, child, pe->ino, st.size);
	else if (S_ISLNK(hs.st_mode))
		compare_symlink(hpath, child, pe->ino);
}

static void walk(const char *hdir, const char *path, uint64_t dir, uint64_t parent, int depth)
{
	struct list pl = { 0 }, hl = { 0 };
	bool dot = false, dotdot = false;
	DIR *d;
	struct dirent *de;
	size_t k = 0, j;

	dirs++;
	if (depth > 200)
		return;
	if (pfs->ops->readdir(pfs, dir, pvb_cb, &pl) != PB_OK)
		MISMATCH("%s/: pvboot readdir: %s\n", path, pb_errmsg());
	d = opendir(hdir);
	if (!d) {
		MISMATCH("%s/: host opendir: %s\n", path, strerror(errno));
		free_list(&pl);
		return;
	}
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			add(&hl, de->d_name, de->d_ino, FS_OTHER);
	closedir(d);
	/* "." and ".." are the driver's to report; they must be right. */
	for (j = 0; j < pl.n; j++) {
		if (!strcmp(pl.e[j].name, ".")) {
			dot = pl.e[j].ino == dir;
		} else if (!strcmp(pl.e[j].name, "..")) {
			dotdot = pl.e[j].ino == parent;
		} else {
			pl.e[k++] = pl.e[j];
			continue;
		}
		free(pl.e[j].name);
	}
	pl.n = k;
	if (!dot || !dotdot)
		MISMATCH("%s/: '.' or '..' missing or pointing elsewhere\n", path);
	qsort(pl.e, pl.n, sizeof(*pl.e), cmp_ent);
	qsort(hl.e, hl.n, sizeof(*hl.e), cmp_ent);
	if (pl.n != hl.n)
		MISMATCH("%s/: %zu entries vs %zu\n", path, pl.n, hl.n);
	for (k = 0; k < pl.n && k < hl.n; k++) {
		if (strcmp(pl.e[k].name, hl.e[k].name)) {
			MISMATCH("%s/: entry '%s' vs '%s'\n", path, pl.e[k].name, hl.e[k].name);
			break;
		}
		/* Lookups by name: the first and last few (a scan each). */
		if (k < LOOKUP_SAMPLE / 2 || k + LOOKUP_SAMPLE / 2 >= pl.n) {
			uint64_t ino = 0;
			if (pfs->ops->lookup(pfs, dir, pl.e[k].name, &ino) != PB_OK || ino != pl.e[k].ino)
				MISMATCH("%s/%s: lookup gives %llu (%s)\n", path, pl.e[k].name,
					 (unsigned long long)ino, pb_errmsg());
		}
		compare_entry(hdir, path, &pl.e[k], dir, depth);
	}
	free_list(&pl);
	free_list(&hl);
}

int main(int argc, char **argv)
{
	uint32_t ss = 512;
	const char *part = NULL;
	struct blockdev dev, *devp = &dev;
	struct volset vs;
	struct stat hs;

	if (argc < 3) {
		fprintf(stderr, "usage: dirdiff IMAGE DIR [--ino] [--sector-size N] [--part NAME]\n");
		return 2;
	}
	for (int i = 3; i < argc; i++) {
		if (!strcmp(argv[i], "--ino"))
			check_ino = true;
		if (!strcmp(argv[i], "--sector-size") && i + 1 < argc)
			ss = (uint32_t)atoi(argv[i + 1]);
		if (!strcmp(argv[i], "--part") && i + 1 < argc)
			part = argv[i + 1];
	}
	if (host_blockdev_open(argv[1], ss, &dev)) {
		fprintf(stderr, "dirdiff: %s\n", pb_errmsg());
		return 2;
	}
	volset_scan(&devp, 1, &vs);
	struct vol_entry *v = part ? volset_by_name(&vs, part) : &vs.v[0];
	if (!v || !v->fs) {
		fprintf(stderr, "dirdiff: pvboot cannot mount: %s\n", v ? v->mount_msg : "no volume");
		return 1;
	}
	pfs = v->fs;
	if (pfs->uuid[0] == '\0')
		MISMATCH("no uuid\n");
	if (stat(argv[2], &hs) || !S_ISDIR(hs.st_mode)) {
		fprintf(stderr, "dirdiff: %s is not a directory\n", argv[2]);
		return 2;
	}
	if (check_ino && pfs->root_ino != (uint64_t)hs.st_ino)
		MISMATCH("root inode %llu vs %llu\n", (unsigned long long)pfs->root_ino,
			 (unsigned long long)hs.st_ino);
	dev.stats.requests = dev.stats.bytes = 0;
	walk(argv[2], "", pfs->root_ino, pfs->root_ino, 0);
	printf("%s: dirs %lu files %lu symlinks %lu bytes %lu mismatches %lu device-requests %llu device-bytes %llu\n",
	       pfs->ops->name, dirs, files, links, bytes, mismatches, (unsigned long long)dev.stats.requests,
	       (unsigned long long)dev.stats.bytes);
	volset_release(&vs);
	host_blockdev_close(&dev);
	return mismatches ? 1 : 0;
}
