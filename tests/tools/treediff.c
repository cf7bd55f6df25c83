/* treediff IMAGE SRCDIR [--sector-size N] [--part NAME] [--skip NAME]...
 *          [--nocase] [--nosymlinks]
 * Walk the host directory SRCDIR (what mcopy / xorriso were given) and the
 * filesystem pvboot's fs/ code mounts from IMAGE side by side, and report
 * every difference: names in each directory (both ways), types, sizes,
 * file contents, symlink targets; every path is also resolved through
 * fs_resolve and must give the inode readdir gave.  --nocase also
 * resolves each path upper-cased (FAT); --skip NAME ignores a top-level
 * name in the image (rr_moved); --nosymlinks: SRCDIR's symlinks are not
 * expected in the image.  Prints the volume's fs, uuid and label first.
 * Exit 0 only when there are no differences. */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fs/part.h"
#include "loader/lib/err.h"
#include "tools/common/host_blockdev.h"

static struct fs *pfs;
static unsigned long files, dirs, links, bytes, mismatches;
static const char *skips[16];
static int nskips;
static int nocase, nosymlinks;

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

static int add_cb(void *ctx, const char *name, uint64_t ino, enum fs_type type)
{
	struct list *l = ctx;

	if (!strcmp(name, ".") || !strcmp(name, ".."))
		return 0;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->e = realloc(l->e, l->cap * sizeof(*l->e));
	}
	l->e[l->n].name = strdup(name);
	l->e[l->n].ino = ino;
	l->e[l->n++].type = type;
	return 0;
}

static struct ent *find(struct list *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->e[i].name && !strcmp(l->e[i].name, name))
			return &l->e[i];
	return NULL;
}

static void compare_file(const char *host, const char *path, uint64_t ino, uint64_t size)
{
	static char a[1 << 20], b[1 << 20];
	FILE *f = fopen(host, "rb");
	uint64_t off = 0;

	if (!f) {
		MISMATCH("%s: cannot open the source\n", path);
		return;
	}
	for (;;) {
		size_t want = fread(a, 1, sizeof(a), f), got = 0;
		int rc = pfs->ops->read(pfs, ino, off, b, sizeof(b), &got);
		if (rc) {
			MISMATCH("%s: pvboot read error at %llu: %s\n", path, (unsigned long long)off, pb_errmsg());
			break;
		}
		if (got != want || memcmp(a, b, want)) {
			MISMATCH("%s: content differs in the MiB at %llu (%zu vs %zu bytes)\n", path,
				 (unsigned long long)off, got, want);
			break;
		}
		if (!want)
			break;
		off += want;
		bytes += want;
	}
	if (off != size && !mismatches)
		MISMATCH("%s: read %llu bytes, stat said %llu\n", path, (unsigned long long)off,
			 (unsigned long long)size);
	fclose(f);
}

static void check_resolve(const char *path, uint64_t ino)
{
	uint64_t got;
	char up[4096];

	if (fs_resolve(pfs, path, true, &got) != PB_OK)
		MISMATCH("%s: fs_resolve: %s\n", path, pb_errmsg());
	else if (got != ino)
		MISMATCH("%s: fs_resolve gives inode %llu, readdir %llu\n", path, (unsigned long long)got,
			 (unsigned long long)ino);
	if (!nocase)
		return;
	snprintf(up, sizeof(up), "%s", path);
	for (char *p = up; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	if (fs_resolve(pfs, up, true, &got) != PB_OK || got != ino)
		MISMATCH("%s: upper-cased %s does not resolve to the same entry\n", path, up);
}

static void walk(const char *host, const char *path, uint64_t dir, int depth)
{
	struct list l = { 0 };
	DIR *d = opendir(host);
	struct dirent *de;

	dirs++;
	if (!d || depth > 200) {
		MISMATCH("%s: cannot read the source directory\n", path);
		return;
	}
	if (pfs->ops->readdir(pfs, dir, add_cb, &l) != PB_OK)
		MISMATCH("%s: pvboot readdir: %s\n", path[0] ? path : "/", pb_errmsg());
	while ((de = readdir(d))) {
		char hchild[4096], child[4096];
		struct stat st;
		struct fs_stat ps;
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		snprintf(hchild, sizeof(hchild), "%s/%s", host, de->d_name);
		snprintf(child, sizeof(child), "%s/%s", path, de->d_name);
		if (lstat(hchild, &st))
			continue;
		if (S_ISLNK(st.st_mode) && nosymlinks)
			continue;
		struct ent *e = find(&l, de->d_name);
		if (!e) {
			MISMATCH("%s: missing in the image\n", child);
			continue;
		}
		uint64_t ino = e->ino;
		free(e->name);
		e->name = NULL;
		check_resolve(child, ino);
		if (pfs->ops->stat(pfs, ino, &ps) != PB_OK) {
			MISMATCH("%s: pvboot stat: %s\n", child, pb_errmsg());
			continue;
		}
		enum fs_type want = S_ISDIR(st.st_mode) ? FS_DIR : S_ISLNK(st.st_mode) ? FS_SYMLINK
				  : S_ISREG(st.st_mode) ? FS_REG : FS_OTHER;
		if (ps.type != want || (e->type != want && e->type != FS_OTHER)) {
			MISMATCH("%s: type %d (readdir %d) vs %d\n", child, ps.type, e->type, want);
			continue;
		}
		if (want == FS_DIR) {
			walk(hchild, child, ino, depth + 1);
		} else if (want == FS_REG) {
			files++;
			if (ps.size != (uint64_t)st.st_size)
				MISMATCH("%s: size %llu vs %llu\n", child, (unsigned long long)ps.size,
					 (unsigned long long)st.st_size);
			else
				compare_file(hchild, child, ino, ps.size);
		} else if (want == FS_SYMLINK) {
			char a[4096], b[4096];
			ssize_t n = readlink(hchild, a, sizeof(a) - 1);
			a[n < 0 ? 0 : n] = '\0';
			links++;
			if (pfs->ops->readlink(pfs, ino, b, sizeof(b)) != PB_OK)
				MISMATCH("%s: pvboot readlink: %s\n", child, pb_errmsg());
			else if (strcmp(a, b))
				MISMATCH("%s: symlink '%s' vs '%s'\n", child, b, a);
		}
	}
	closedir(d);
	for (size_t i = 0; i < l.n; i++) {
		int skipped = 0;
		for (int k = 0; k < nskips && depth == 0; k++)
			skipped |= l.e[i].name && !strcmp(l.e[i].name, skips[k]);
		if (l.e[i].name && !skipped)
			MISMATCH("%s/%s: in the image only\n", path, l.e[i].name);
		free(l.e[i].name);
	}
	free(l.e);
}

int main(int argc, char **argv)
{
	uint32_t ss = 512;
	const char *part = NULL;
	struct blockdev dev, *devp = &dev;
	struct volset vs;

	if (argc < 3) {
		fprintf(stderr, "usage: treediff IMAGE SRCDIR [--sector-size N] [--part NAME] [--skip NAME]... [--nocase] [--nosymlinks]\n");
		return 2;
	}
	for (int i = 3; i < argc; i++) {
		if (!strcmp(argv[i], "--sector-size") && i + 1 < argc)
			ss = (uint32_t)atoi(argv[++i]);
		else if (!strcmp(argv[i], "--part") && i + 1 < argc)
			part = argv[++i];
		else if (!strcmp(argv[i], "--skip") && i + 1 < argc && nskips < 16)
			skips[nskips++] = argv[++i];
		else if (!strcmp(argv[i], "--nocase"))
			nocase = 1;
		else if (!strcmp(argv[i], "--nosymlinks"))
			nosymlinks = 1;
	}
	if (host_blockdev_open(argv[1], ss, &dev)) {
		fprintf(stderr, "treediff: %s\n", pb_errmsg());
		return 2;
	}
	volset_scan(&devp, 1, &vs);
	struct vol_entry *v = part ? volset_by_name(&vs, part) : &vs.v[0];
	if (!v || !v->fs) {
		fprintf(stderr, "treediff: pvboot cannot mount: %s\n", v ? v->mount_msg : "no volume");
		return 1;
	}
	pfs = v->fs;
	printf("fs %s uuid %s label '%s'\n", pfs->ops->name, pfs->uuid, pfs->label);
	dev.stats.requests = dev.stats.bytes = 0;
	walk(argv[2], "", pfs->root_ino, 0);
	printf("dirs %lu files %lu symlinks %lu bytes %lu mismatches %lu device-requests %llu device-bytes %llu\n",
	       dirs, files, links, bytes, mismatches, (unsigned long long)dev.stats.requests,
	       (unsigned long long)dev.stats.bytes);
	volset_release(&vs);
	host_blockdev_close(&dev);
	return mismatches ? 1 : 0;
}
