/* fsdiff IMAGE [--sector-size N] [--part NAME]: walk every directory and
 * file of an ext2/3/4 filesystem through pvboot's fs/ code and through
 * e2fsprogs' libext2fs, and report every difference: directory listings
 * (names and inode numbers), file contents, symlink targets, sizes and
 * types.  Exit 0 only when there are none.  Also prints the device
 * requests and bytes pvboot used, for read-amplification numbers. */
#include <ext2fs/ext2fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fs/part.h"
#include "loader/lib/err.h"
#include "tools/common/host_blockdev.h"

static ext2_filsys efs;
static struct fs *pfs;
static unsigned long files, dirs, links, bytes, mismatches;

#define MISMATCH(...) do { mismatches++; fprintf(stderr, "MISMATCH: " __VA_ARGS__); } while (0)

struct names {
	size_t n, cap;
	char **name;
	uint64_t *ino;
};

static void names_add(struct names *l, const char *name, uint64_t ino)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->name = realloc(l->name, l->cap * sizeof(char *));
		l->ino = realloc(l->ino, l->cap * sizeof(uint64_t));
	}
	l->name[l->n] = strdup(name);
	l->ino[l->n++] = ino;
}

static int pvb_cb(void *ctx, const char *name, uint64_t ino, enum fs_type type)
{
	(void)type;
	names_add(ctx, name, ino);
	return 0;
}

static int e2_cb(struct ext2_dir_entry *d, int offset, int blocksize, char *buf, void *priv)
{
	char name[256];
	int len = ext2fs_dirent_name_len(d);
	(void)offset; (void)blocksize; (void)buf;
	memcpy(name, d->name, len);
	name[len] = '\0';
	names_add(priv, name, d->inode);
	return 0;
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void sort_names(struct names *l)
{
	/* sort name and ino together: pack into pairs */
	struct { char *n; uint64_t i; } *p = malloc(l->n * sizeof(*p));
	for (size_t k = 0; k < l->n; k++) { p[k].n = l->name[k]; p[k].i = l->ino[k]; }
	qsort(p, l->n, sizeof(*p), cmp_entry);
	for (size_t k = 0; k < l->n; k++) { l->name[k] = p[k].n; l->ino[k] = p[k].i; }
	free(p);
}

static void free_names(struct names *l)
{
	for (size_t k = 0; k < l->n; k++)
		free(l->name[k]);
	free(l->name);
	free(l->ino);
}

static void compare_file(const char *path, ext2_ino_t ino, uint64_t size)
{
	static char a[1 << 20], b[1 << 20];
	ext2_file_t f;
	uint64_t off = 0;

	if (ext2fs_file_open(efs, ino, 0, &f)) {
		MISMATCH("%s: libext2fs cannot open\n", path);
		return;
	}
	while (off < size) {
		unsigned int eg = 0;
		size_t pg = 0;
		size_t want = sizeof(a);
		if (ext2fs_file_read(f, a, (unsigned int)want, &eg)) {
			MISMATCH("%s: libext2fs read error at %llu\n", path, (unsigned long long)off);
			break;
		}
		/* libext2fs returns the whole inline-data area, past i_size. */
		if (eg > size - off)
			eg = (unsigned int)(size - off);
		int rc = pfs->ops->read(pfs, ino, off, b, want, &pg);
		if (rc) {
			MISMATCH("%s: pvboot read error at %llu: %s\n", path, (unsigned long long)off, pb_errmsg());
			break;
		}
		if (pg != eg || memcmp(a, b, eg) != 0) {
			MISMATCH("%s: content differs in the MiB at %llu (%zu vs %u bytes)\n", path,
				 (unsigned long long)off, pg, eg);
			break;
		}
		if (!eg)
			break;
		off += eg;
		bytes += eg;
	}
	ext2fs_file_close(f);
}

static void compare_symlink(const char *path, ext2_ino_t ino, struct ext2_inode *inode)
{
	char want[4096], got[4096];
	size_t len = EXT2_I_SIZE(inode);

	if (len >= sizeof(want))
		return;
	if (ext2fs_is_fast_symlink(inode)) {
		memcpy(want, inode->i_block, len);
	} else {
		ext2_file_t f;
		unsigned int n = 0;
		if (ext2fs_file_open(efs, ino, 0, &f) == 0) {
			ext2fs_file_read(f, want, (unsigned int)len, &n);
			ext2fs_file_close(f);
		}
	}
	want[len] = '\0';
	if (pfs->ops->readlink(pfs, ino, got, sizeof(got)) != PB_OK)
		MISMATCH("%s: pvboot readlink: %s\n", path, pb_errmsg());
	else if (strcmp(want, got) != 0)
		MISMATCH("%s: symlink '%s' vs '%s'\n", path, want, got);
	links++;
}

static void walk(const char *path, ext2_ino_t dir, int depth)
{
	struct names pl = { 0 }, el = { 0 };

	dirs++;
	if (depth > 200)
		return;
	if (pfs->ops->readdir(pfs, dir, pvb_cb, &pl) != PB_OK)
		MISMATCH("%s: pvboot readdir: %s\n", path, pb_errmsg());
	if (ext2fs_dir_iterate(efs, dir, 0, NULL, e2_cb, &el))
		MISMATCH("%s: libext2fs dir_iterate failed\n", path);
	sort_names(&pl);
	sort_names(&el);
	if (pl.n != el.n)
		MISMATCH("%s: %zu entries vs %zu\n", path, pl.n, el.n);
	for (size_t k = 0; k < pl.n && k < el.n; k++) {
		if (strcmp(pl.name[k], el.name[k]) || pl.ino[k] != el.ino[k]) {
			MISMATCH("%s: entry '%s'(%llu) vs '%s'(%llu)\n", path, pl.name[k],
				 (unsigned long long)pl.ino[k], el.name[k], (unsigned long long)el.ino[k]);
			break;
		}
		if (!strcmp(el.name[k], ".") || !strcmp(el.name[k], ".."))
			continue;
		char child[4096];
		snprintf(child, sizeof(child), "%s/%s", path, el.name[k]);
		struct ext2_inode inode;
		struct fs_stat st;
		ext2fs_read_inode(efs, (ext2_ino_t)el.ino[k], &inode);
		if (pfs->ops->stat(pfs, el.ino[k], &st) != PB_OK) {
			MISMATCH("%s: pvboot stat: %s\n", child, pb_errmsg());
			continue;
		}
		if (st.size != EXT2_I_SIZE(&inode) || st.mode != inode.i_mode)
			MISMATCH("%s: size/mode %llu/%o vs %llu/%o\n", child, (unsigned long long)st.size,
				 st.mode, (unsigned long long)EXT2_I_SIZE(&inode), inode.i_mode);
		if (LINUX_S_ISDIR(inode.i_mode)) {
			walk(child, (ext2_ino_t)el.ino[k], depth + 1);
		} else if (LINUX_S_ISREG(inode.i_mode)) {
			files++;
			compare_file(child, (ext2_ino_t)el.ino[k], EXT2_I_SIZE(&inode));
		} else if (LINUX_S_ISLNK(inode.i_mode)) {
			compare_symlink(child, (ext2_ino_t)el.ino[k], &inode);
		}
	}
	free_names(&pl);
	free_names(&el);
}

int main(int argc, char **argv)
{
	uint32_t ss = 512;
	const char *part = NULL;
	struct blockdev dev, *devp = &dev;
	struct volset vs;

	if (argc < 2) {
		fprintf(stderr, "usage: fsdiff IMAGE [--sector-size N] [--part NAME]\n");
		return 2;
	}
	for (int i = 2; i + 1 < argc; i++) {
		if (!strcmp(argv[i], "--sector-size"))
			ss = (uint32_t)atoi(argv[i + 1]);
		if (!strcmp(argv[i], "--part"))
			part = argv[i + 1];
	}
	if (host_blockdev_open(argv[1], ss, &dev)) {
		fprintf(stderr, "fsdiff: %s\n", pb_errmsg());
		return 2;
	}
	volset_scan(&devp, 1, &vs);
	struct vol_entry *v = part ? volset_by_name(&vs, part) : &vs.v[0];
	if (!v || !v->fs) {
		fprintf(stderr, "fsdiff: pvboot cannot mount: %s\n", v ? v->mount_msg : "no volume");
		return 1;
	}
	char spec[4096];
	snprintf(spec, sizeof(spec), "%s?offset=%llu", argv[1], (unsigned long long)v->vol.start);
	if (ext2fs_open2(spec, NULL, EXT2_FLAG_64BITS, 0, 0, unix_io_manager, &efs)) {
		fprintf(stderr, "fsdiff: libext2fs cannot open %s\n", spec);
		return 2;
	}
	pfs = v->fs;
	if (strcmp(pfs->uuid, "") == 0)
		MISMATCH("no uuid\n");
	dev.stats.requests = dev.stats.bytes = 0;
	walk("", EXT2_ROOT_INO, 0);
	printf("dirs %lu files %lu symlinks %lu bytes %lu mismatches %lu device-requests %llu device-bytes %llu\n",
	       dirs, files, links, bytes, mismatches, (unsigned long long)dev.stats.requests,
	       (unsigned long long)dev.stats.bytes);
	ext2fs_close_free(&efs);
	volset_release(&vs);
	host_blockdev_close(&dev);
	return mismatches ? 1 : 0;
}
