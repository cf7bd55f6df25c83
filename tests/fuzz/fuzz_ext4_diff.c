/* libFuzzer: differential ext4.  The same mutated image is read by pvboot's
 * ext4 driver and by e2fsprogs' libext2fs; every directory both can list
 * must list the same names and inode numbers, every regular file both can
 * read must have the same size and bytes, every symlink both can read the
 * same target.  A difference aborts, naming the path and the first
 * differing offset.
 *
 * Input: as fuzz_fs, the whole disk, here an ext2/3/4 filesystem at byte 0
 * (no partition table; a trailing partial 512-byte sector is dropped for
 * both readers).  Seeds: tests/fuzz/seeds.d/ext4-diff.sh.
 *
 * Checksums: before either reads it, the harness recomputes the superblock
 * checksum (when metadata_csum is set), the only one pvboot verifies, so
 * mutations of the superblock reach both parsers.  Every other metadata
 * checksum pvboot ignores, as GRUB does, so libext2fs is opened with
 * EXT2_FLAG_IGNORE_CSUM_ERRORS instead of fixing each one up.
 *
 * Isolation: libext2fs is not hardened against hostile images (it may
 * crash, loop or allocate without bound), and its crash is no pvboot
 * finding.  So the libext2fs side (fuzz_ext4_diff_e2.h) runs in a forked
 * child, with the sanitizers' and libFuzzer's handlers replaced by the
 * default ones and its stderr on /dev/null (FUZZ_EXT4_DIFF_VERBOSE=1
 * keeps it, and prints what each input compared); it walks the image in
 * shared memory and writes what it saw there as a manifest.  A child that
 * dies, takes over CHILD_SECONDS or fails to open the image means
 * "libext2fs does not accept it": nothing is compared, and a fresh child
 * serves the next input.  pvboot runs in the parent, under the
 * sanitizers, and is compared against the manifest.  The walk is bounded
 * (entries, depth, directories, bytes per file and in all). */
#include "tests/fuzz/fuzz_ext4_diff_e2.h"
#include "tests/fuzz/fuzz_mem_disk.h"
#include "fs/ext4.h"
#include "loader/lib/crc32.h"

static struct fs *pfs;
static unsigned long n_dirs, n_files, n_links; /* compared, for FUZZ_EXT4_DIFF_VERBOSE */

#define DIFF(...) do { fprintf(stderr, "ext4 diff: " __VA_ARGS__); fputc('\n', stderr); abort(); } while (0)

struct ent {
	uint32_t ino, len;
	const char *name;
};

struct ent_list {
	size_t n;
	bool over; /* pvboot listed more than MAX_ENTRIES */
	struct ent e[MAX_ENTRIES];
};

static int ent_cmp(const void *a, const void *b)
{
	const struct ent *x = a, *y = b;
	int c = memcmp(x->name, y->name, PB_MIN(x->len, y->len));

	if (c)
		return c;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return x->ino < y->ino ? -1 : x->ino > y->ino;
}

static int pvb_dir_cb(void *ctx, const char *name, uint64_t ino, enum fs_type type)
{
	struct ent_list *l = ctx;

	(void)type;
	if (!*name)
		return 0; /* a name starting with NUL: see cmp_dir */
	if (l->n >= MAX_ENTRIES) {
		l->over = true; /* more than libext2fs lists (see e2_walk) */
		return 1;
	}
	l->e[l->n].ino = (uint32_t)ino;
	l->e[l->n].len = (uint32_t)strlen(name);
	l->e[l->n].name = strdup(name);
	if (!l->e[l->n].name)
		return 1;
	l->n++;
	return 0;
}

static const char *show(const char *path)
{
	return *path ? path : "/";
}

static void cmp_dir(const struct rec *r, const char *path, const uint8_t *p)
{
	static struct ent_list pl, el;
	int rc;

	el.n = 0;
	for (uint32_t i = 0; i < r->nents; i++) {
		struct ent *x = &el.e[el.n];
		memcpy(&x->ino, p, 4);
		memcpy(&x->len, p + 4, 4);
		x->name = (const char *)p + 8;
		p += 8 + x->len;
		/* An entry with an inode but no name: pvboot skips it, as
		 * GRUB's grub_ext2_iterate_dir does (and the kernel's readdir
		 * fails on it); libext2fs lists it.  Both sides' names are C
		 * strings, cut at a NUL byte: one that starts with NUL is
		 * empty too, and left out on both sides. */
		if (x->len)
			el.n++;
	}
	pl.n = 0;
	pl.over = false;
	rc = pfs->ops->readdir(pfs, r->ino, pvb_dir_cb, &pl);
	if (pl.over && !(r->flags & REC_DIR_PAST_SIZE))
		DIFF("directory %s (inode %u): more than %d entries by pvboot, %zu by libext2fs",
		     show(path), r->ino, MAX_ENTRIES, el.n);
	/* libext2fs lists blocks past i_size too, the kernel and pvboot do
	 * not: that listing is not comparable. */
	if (rc == PB_OK && !(r->flags & REC_DIR_PAST_SIZE)) {
		n_dirs++;
		qsort(pl.e, pl.n, sizeof(pl.e[0]), ent_cmp);
		qsort(el.e, el.n, sizeof(el.e[0]), ent_cmp);
		for (size_t i = 0; i < pl.n || i < el.n; i++) {
			if (i == pl.n || i == el.n || ent_cmp(&pl.e[i], &el.e[i]))
				DIFF("directory %s (inode %u): %zu entries by pvboot, %zu by libext2fs; first difference at sorted entry %zu: pvboot '%s' (%u), libext2fs '%.*s' (%u)",
				     show(path), r->ino, pl.n, el.n, i, i < pl.n ? pl.e[i].name : "(none)",
				     i < pl.n ? pl.e[i].ino : 0, i < el.n ? (int)el.e[i].len : 6,
				     i < el.n ? el.e[i].name : "(none)", i < el.n ? el.e[i].ino : 0);
		}
	}
	for (size_t i = 0; i < pl.n; i++)
		free((void *)pl.e[i].name);
}

static bool cmp_range(const struct rec *r, const char *path, uint64_t at, const uint8_t *want, uint32_t wlen,
		      uint32_t ask)
{
	static uint8_t got[HEAD_BYTES];
	size_t n = 0;

	if (pfs->ops->read(pfs, r->ino, at, got, ask, &n) != PB_OK)
		return false; /* pvboot does not accept this file */
	for (size_t i = 0; i < PB_MIN(n, (size_t)wlen); i++)
		if (got[i] != want[i])
			DIFF("file %s (inode %u, %llu bytes): content differs at offset %llu: pvboot 0x%02x, libext2fs 0x%02x",
			     show(path), r->ino, (unsigned long long)r->size, (unsigned long long)(at + i), got[i], want[i]);
	if (n != wlen)
		DIFF("file %s (inode %u, %llu bytes): pvboot read %zu bytes from offset %llu, libext2fs %u: they differ from offset %llu",
		     path, r->ino, (unsigned long long)r->size, n, (unsigned long long)at, wlen,
		     (unsigned long long)(at + PB_MIN(n, (size_t)wlen)));
	return true;
}

static void cmp_reg(const struct rec *r, const char *path, const uint8_t *p)
{
	struct fs_stat st;

	if (pfs->ops->stat(pfs, r->ino, &st) != PB_OK)
		return;
	if (st.size != r->size || st.mode != r->mode)
		DIFF("file %s (inode %u): size/mode %llu/0%o by pvboot, %llu/0%o by libext2fs", path, r->ino,
		     (unsigned long long)st.size, st.mode, (unsigned long long)r->size, r->mode);
	if (!cmp_range(r, path, 0, p, r->len1, (uint32_t)PB_MIN(r->size, (uint64_t)HEAD_BYTES)))
		return;
	n_files++;
	if (r->len2)
		cmp_range(r, path, r->off2, p + r->len1, r->len2, r->len2);
}

/* pvboot takes a symlink as fast (target in i_block) as the kernel's
 * ext4_inode_is_fast_symlink does, by i_blocks; libext2fs 1.47's
 * ext2fs_is_fast_symlink by size alone.  Where the two tests disagree
 * (only on a corrupt inode) the targets are not comparable. */
static bool same_fast_test(const struct rec *r)
{
	struct ext4_inode *in = malloc(sizeof(*in));
	bool e2_fast = r->size && r->size < EXT4_N_BLOCKS * 4, same = false;

	if (in && ext4_read_inode(ext4_of(pfs), r->ino, in) == PB_OK)
		same = ext4_is_fast_symlink(ext4_of(pfs), in) == e2_fast;
	free(in);
	return same;
}

static void cmp_lnk(const struct rec *r, const char *path, const uint8_t *p)
{
	char buf[4096];

	if (pfs->ops->readlink(pfs, r->ino, buf, sizeof(buf)) != PB_OK || !same_fast_test(r))
		return;
	n_links++;
	for (uint32_t i = 0; i <= r->len1; i++) {
		int want = i < r->len1 ? p[i] : 0;
		if ((uint8_t)buf[i] != want)
			DIFF("symlink %s (inode %u): target differs at offset %u: pvboot '%s', libext2fs '%.*s'",
			     path, r->ino, i, buf, (int)r->len1, (const char *)p);
		if (!buf[i])
			break;
	}
}

static void compare(void)
{
	size_t off = 0, used = man->used;

	while (off + sizeof(struct rec) <= used) {
		struct rec r;
		char path[FS_PATH_MAX];
		size_t need = 0;

		memcpy(&r, man->buf + off, sizeof(r));
		off += sizeof(r);
		if (r.path_len >= sizeof(path) || r.path_len > used - off)
			return;
		memcpy(path, man->buf + off, r.path_len);
		path[r.path_len] = '\0';
		off += r.path_len;
		const uint8_t *p = man->buf + off;
		if (r.kind == REC_DIR) {
			for (uint32_t i = 0; i < r.nents; i++) {
				uint32_t len;
				if (need + 8 > used - off)
					return; /* the manifest filled up in this record */
				memcpy(&len, p + need + 4, 4);
				need += 8 + len;
			}
		} else {
			need = (size_t)r.len1 + r.len2;
		}
		if (need > used - off)
			return;
		off += need;
		if (r.kind == REC_DIR)
			cmp_dir(&r, path, p);
		else if (r.kind == REC_REG)
			cmp_reg(&r, path, p);
		else if (r.kind == REC_LNK)
			cmp_lnk(&r, path, p);
	}
}

/* pvboot verifies the superblock checksum (and no other): make it right
 * again after the mutations, as libext2fs computes it. */
static void fix_super_csum(uint8_t *img)
{
	uint8_t *sb = img + EXT4_SB_OFFSET;

	if (pb_le32(sb + 100) & EXT4_FEATURE_RO_COMPAT_METADATA_CSUM) {
		uint32_t c = crc32c_raw(~0u, sb, 1020);
		for (int i = 0; i < 4; i++)
			sb[1020 + i] = (uint8_t)(c >> (8 * i));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t len = size & ~(size_t)511;
	struct blockdev dev;
	struct fuzz_disk d;
	struct volume vol;

	if (len < EXT4_SB_OFFSET + 1024 || len > MAX_IMAGE)
		return 0;
	if (!man) {
		man = mmap(NULL, sizeof(*man), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (man == MAP_FAILED)
			abort();
	}
	memcpy(man->image, data, len);
	man->image_len = (uint32_t)len;
	fix_super_csum(man->image);
	fuzz_disk_init(&dev, &d, man->image, len, 512);
	vol.dev = &dev;
	vol.start = 0;
	vol.size = dev.nr_sectors * 512;
	if (ext4_ops.mount(&vol, &pfs) == PB_OK) {
		const char *verbose = getenv("FUZZ_EXT4_DIFF_VERBOSE");
		bool e2_ok = e2_run();
		n_dirs = n_files = n_links = 0;
		if (e2_ok)
			compare();
		if (verbose && !strcmp(verbose, "1"))
			fprintf(stderr, "ext4 diff: libext2fs %s; compared %lu directories, %lu files, %lu symlinks\n",
				e2_ok ? "read it" : "did not accept it", n_dirs, n_files, n_links);
		ext4_ops.unmount(pfs);
	}
	return 0;
}
