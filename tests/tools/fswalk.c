/* fswalk IMG[,IMG2...] [--sector-size N] [--part NAME] [--subvol PATH |
 * --subvol-id N | --default-subvol]: walk a whole filesystem through
 * pvboot's fs/ code (every volume of the images scanned together, as the
 * loader sees its disks, so multi-device filesystems find their members)
 * and print a manifest, one line per entry, sorted by path:
 *     PATH TYPE MODE SIZE MTIME DIGEST
 * DIGEST is a file's content digest (see digest_file), the SHA-256 of a
 * symlink's target, or "-"
 * for a directory (whose SIZE is printed as 0: it is filesystem-specific).
 * tests/lib/tree-manifest.py prints the same for a directory tree, so the
 * two can be compared with cmp.  The last line on stderr gives the device
 * requests and bytes.  Exit 1 on any error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fs/btrfs_api.h"
#include "fs/part.h"
#include "loader/lib/err.h"
#include "loader/lib/sha256.h"
#include "tools/common/host_blockdev.h"

#define MAX_DISKS 8

static struct fs *pfs;
static unsigned long errors, entries;
static char **lines;
static size_t nlines, caplines;

static void emit(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void emit(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		exit(2);
	va_end(ap);
	if (nlines == caplines) {
		caplines = caplines ? caplines * 2 : 1024;
		lines = realloc(lines, caplines * sizeof(*lines));
	}
	lines[nlines++] = s;
}

struct names {
	size_t n, cap;
	char **name;
	uint64_t *ino;
};

static int collect(void *ctx, const char *name, uint64_t ino, enum fs_type type)
{
	struct names *l = ctx;

	(void)type;
	if (!strcmp(name, ".") || !strcmp(name, ".."))
		return 0;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->name = realloc(l->name, l->cap * sizeof(char *));
		l->ino = realloc(l->ino, l->cap * sizeof(uint64_t));
	}
	l->name[l->n] = strdup(name);
	l->ino[l->n++] = ino;
	return 0;
}

static bool all_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

/* The content digest both tools print: SHA-256 over, for every 1 MiB
 * chunk that is not all zeros, its offset (8 bytes LE) and the chunk's
 * SHA-256, then the size (8 bytes LE).  Equal digests mean equal
 * contents; zeros cost no hashing, so multi-GiB sparse files are cheap. */
static void le64_update(struct sha256 *s, uint64_t v)
{
	uint8_t b[8];
	for (int i = 0; i < 8; i++)
		b[i] = (uint8_t)(v >> (8 * i));
	sha256_update(s, b, 8);
}

static void digest_file(const char *path, const struct fs_stat *st, char hex[65])
{
	static uint8_t buf[1 << 20];
	struct sha256 s, c;
	uint8_t d[32];
	uint64_t off = 0;

	sha256_init(&s);
	while (off < st->size) {
		size_t got = 0;
		if (pfs->ops->read(pfs, st->ino, off, buf, sizeof(buf), &got) != PB_OK) {
			fprintf(stderr, "ERROR %s: read at %llu: %s\n", path, (unsigned long long)off, pb_errmsg());
			errors++;
			break;
		}
		if (got == 0) {
			fprintf(stderr, "ERROR %s: short read at %llu\n", path, (unsigned long long)off);
			errors++;
			break;
		}
		if (!all_zero(buf, got)) {
			sha256_init(&c);
			sha256_update(&c, buf, got);
			sha256_final(&c, d);
			le64_update(&s, off);
			sha256_update(&s, d, 32);
		}
		off += got;
	}
	le64_update(&s, st->size);
	sha256_final(&s, d);
	sha256_hex(d, hex);
}

static void walk(const char *path, uint64_t dir, int depth)
{
	struct names l = { 0 };

	if (depth > 300 || pfs->ops->readdir(pfs, dir, collect, &l) != PB_OK) {
		fprintf(stderr, "ERROR %s: readdir: %s\n", path, pb_errmsg());
		errors++;
	}
	for (size_t k = 0; k < l.n; k++) {
		char child[8192], hex[65], target[4096];
		struct fs_stat st;
		struct sha256 s;
		uint8_t d[32];

		snprintf(child, sizeof(child), "%s/%s", path, l.name[k]);
		entries++;
		if (pfs->ops->stat(pfs, l.ino[k], &st) != PB_OK) {
			fprintf(stderr, "ERROR %s: stat: %s\n", child, pb_errmsg());
			errors++;
			continue;
		}
		if (st.type == FS_DIR) {
			emit("%s dir %o 0 %llu -", child, st.mode & 07777, (unsigned long long)st.mtime);
			walk(child, l.ino[k], depth + 1);
		} else if (st.type == FS_REG) {
			digest_file(child, &st, hex);
			emit("%s file %o %llu %llu %s", child, st.mode & 07777, (unsigned long long)st.size,
			     (unsigned long long)st.mtime, hex);
		} else if (st.type == FS_SYMLINK) {
			if (pfs->ops->readlink(pfs, l.ino[k], target, sizeof(target)) != PB_OK) {
				fprintf(stderr, "ERROR %s: readlink: %s\n", child, pb_errmsg());
				errors++;
				continue;
			}
			sha256_init(&s);
			sha256_update(&s, target, strlen(target));
			sha256_final(&s, d);
			sha256_hex(d, hex);
			emit("%s symlink %o %llu %llu %s", child, st.mode & 07777, (unsigned long long)st.size,
			     (unsigned long long)st.mtime, hex);
		} else {
			emit("%s other %o 0 %llu -", child, st.mode & 07777, (unsigned long long)st.mtime);
		}
		free(l.name[k]);
	}
	free(l.name);
	free(l.ino);
}

static int cmp_line(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	uint32_t ss = 512;
	const char *part = NULL, *subvol = NULL;
	long long subvol_id = -1;
	int use_default = 0, ndev = 0;
	struct blockdev dev[MAX_DISKS], *devp[MAX_DISKS];
	struct volset vs;
	uint64_t start;

	if (argc < 2) {
		fprintf(stderr, "usage: fswalk IMG[,IMG...] [--sector-size N] [--part NAME] [--subvol PATH | --subvol-id N | --default-subvol]\n");
		return 2;
	}
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--sector-size") && i + 1 < argc)
			ss = (uint32_t)atoi(argv[++i]);
		else if (!strcmp(argv[i], "--part") && i + 1 < argc)
			part = argv[++i];
		else if (!strcmp(argv[i], "--subvol") && i + 1 < argc)
			subvol = argv[++i];
		else if (!strcmp(argv[i], "--subvol-id") && i + 1 < argc)
			subvol_id = atoll(argv[++i]);
		else if (!strcmp(argv[i], "--default-subvol"))
			use_default = 1;
	}
	char *spec = strdup(argv[1]), *save = NULL;
	for (char *img = strtok_r(spec, ",", &save); img && ndev < MAX_DISKS; img = strtok_r(NULL, ",", &save)) {
		if (host_blockdev_open(img, ss, &dev[ndev])) {
			fprintf(stderr, "fswalk: %s\n", pb_errmsg());
			return 2;
		}
		devp[ndev] = &dev[ndev];
		ndev++;
	}
	volset_scan(devp, ndev, &vs);
	struct vol_entry *v = part ? volset_by_name(&vs, part) : &vs.v[0];
	if (!v || !v->fs) {
		fprintf(stderr, "fswalk: pvboot cannot mount: %s\n", v ? v->mount_msg : "no volume");
		return 1;
	}
	pfs = v->fs;
	for (int i = 0; i < ndev; i++)
		dev[i].stats.requests = dev[i].stats.bytes = 0;
	start = pfs->root_ino;
	int rc = PB_OK;
	uint64_t id;
	if (subvol)
		rc = btrfs_subvol_by_path(pfs, subvol, &start, &id);
	else if (subvol_id >= 0)
		rc = btrfs_subvol_by_id(pfs, (uint64_t)subvol_id, &start);
	else if (use_default)
		rc = btrfs_subvol_default(pfs, &start, &id);
	if (rc) {
		fprintf(stderr, "fswalk: subvolume: %s\n", pb_errmsg());
		return 1;
	}
	walk("", start, 0);
	qsort(lines, nlines, sizeof(*lines), cmp_line);
	for (size_t i = 0; i < nlines; i++)
		puts(lines[i]);
	unsigned long long req = 0, bytes = 0;
	for (int i = 0; i < ndev; i++) {
		req += dev[i].stats.requests;
		bytes += dev[i].stats.bytes;
	}
	fprintf(stderr, "entries %lu errors %lu device-requests %llu device-bytes %llu\n", entries, errors, req, bytes);
	volset_release(&vs);
	for (int i = 0; i < ndev; i++)
		host_blockdev_close(&dev[i]);
	return errors ? 1 : 0;
}
