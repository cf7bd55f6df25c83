/* fuzz_ext4_diff's libext2fs half: the manifest format shared by the two
 * processes, an io_manager over the image in shared memory, the bounded
 * walk that writes the manifest, and the child that runs it (see
 * fuzz_ext4_diff.c for why it is a child). */
#include <errno.h>
#include <ext2fs/ext2fs.h>
#include <fcntl.h>
#include <poll.h>
#include <sanitizer/common_interface_defs.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fs/fs.h"
#include "loader/lib/err.h"

#define MAX_ENTRIES 3000     /* directory entries visited, in all */
#define MAX_DIRS 256         /* directories listed */
#define MAX_DEPTH 16
#define HEAD_BYTES (256u << 10) /* compared from the start of each file */
#define TAIL_BYTES (16u << 10)  /* and from the end of a larger one */
#define MAX_BYTES (4u << 20)    /* file bytes in the manifest, in all */
#define MANIFEST_SIZE (8u << 20)
#define MAX_IMAGE (4u << 20)
#define CHILD_SECONDS 3 /* for one image; then libext2fs is taken to loop */
#define CHILD_USES 1000 /* images per child, then a fresh one */

enum { REC_DIR = 1, REC_REG, REC_LNK };

/* One manifest record, followed by path_len path bytes and then:
 * REC_DIR: nents x { u32 ino, u32 name_len, name };
 * REC_REG: len1 head bytes (from 0), len2 tail bytes (from off2);
 * REC_LNK: len1 target bytes. */
struct rec {
	uint32_t kind, ino, mode, path_len;
	uint64_t size;
	uint32_t nents, len1, len2, flags;
	uint64_t off2;
};

#define REC_DIR_PAST_SIZE 1 /* libext2fs found blocks at or past i_size */

/* Shared between the two processes: the image (written by the parent,
 * read by both) and the manifest (written by the child). */
struct shared {
	uint32_t image_len;
	volatile uint32_t done; /* set last by the child: the manifest is whole */
	uint32_t used;
	uint8_t image[MAX_IMAGE];
	uint8_t buf[MANIFEST_SIZE];
};

static struct shared *man;

/* An io_manager over the in-memory image, read-only. */
static struct struct_io_manager mem_io;

static errcode_t mem_open(const char *name, int flags, io_channel *out)
{
	io_channel ch = calloc(1, sizeof(*ch));

	(void)name; (void)flags;
	if (!ch)
		return EXT2_ET_NO_MEMORY;
	ch->magic = EXT2_ET_MAGIC_IO_CHANNEL;
	ch->manager = &mem_io;
	ch->name = strdup("mem");
	ch->block_size = 1024;
	ch->refcount = 1;
	*out = ch;
	return 0;
}

static errcode_t mem_close(io_channel ch)
{
	if (--ch->refcount > 0)
		return 0;
	free(ch->name);
	free(ch);
	return 0;
}

static errcode_t mem_set_blksize(io_channel ch, int blksize)
{
	ch->block_size = blksize;
	return 0;
}

static errcode_t mem_read64(io_channel ch, unsigned long long block, int count, void *data)
{
	uint64_t n = count < 0 ? (uint64_t)-(int64_t)count : (uint64_t)count * (uint64_t)ch->block_size;
	uint64_t off = block * (uint64_t)ch->block_size;

	if (block > UINT64_MAX / (uint64_t)ch->block_size || !pb_range_ok(off, n, man->image_len))
		return EXT2_ET_SHORT_READ;
	memcpy(data, man->image + off, (size_t)n);
	return 0;
}

static errcode_t mem_read(io_channel ch, unsigned long block, int count, void *data)
{
	return mem_read64(ch, block, count, data);
}

static errcode_t mem_write(io_channel ch, unsigned long block, int count, const void *data)
{
	(void)ch; (void)block; (void)count; (void)data;
	return EXT2_ET_RO_FILSYS;
}

static errcode_t mem_write64(io_channel ch, unsigned long long block, int count, const void *data)
{
	(void)ch; (void)block; (void)count; (void)data;
	return EXT2_ET_RO_FILSYS;
}

static errcode_t mem_flush(io_channel ch)
{
	(void)ch;
	return 0;
}

static errcode_t mem_set_option(io_channel ch, const char *opt, const char *arg)
{
	(void)ch; (void)opt; (void)arg;
	return EXT2_ET_INVALID_ARGUMENT;
}

static struct struct_io_manager mem_io = {
	.magic = EXT2_ET_MAGIC_IO_MANAGER,
	.name = "pvboot fuzz memory",
	.open = mem_open,
	.close = mem_close,
	.set_blksize = mem_set_blksize,
	.read_blk = mem_read,
	.write_blk = mem_write,
	.flush = mem_flush,
	.set_option = mem_set_option,
	.read_blk64 = mem_read64,
	.write_blk64 = mem_write64,
};

static ext2_filsys efs;
static int e2_entries, e2_dirs;
static uint32_t e2_bytes;
static ext2_ino_t e2_seen[MAX_DIRS];

/* Append to the manifest; false when it is full (the walk then stops). */
static bool put(const void *p, size_t n)
{
	if (n > MANIFEST_SIZE - man->used)
		return false;
	memcpy(man->buf + man->used, p, n);
	man->used += (uint32_t)n;
	return true;
}

static bool put_rec(struct rec *r, const char *path)
{
	r->path_len = (uint32_t)strlen(path);
	return put(r, sizeof(*r)) && put(path, r->path_len);
}

struct e2_list {
	uint32_t n;
	uint32_t ino[MAX_ENTRIES];
	char *name[MAX_ENTRIES];
};

static int e2_dir_cb(struct ext2_dir_entry *d, int off, int bs, char *buf, void *priv)
{
	struct e2_list *l = priv;
	int len = ext2fs_dirent_name_len(d);

	(void)off; (void)bs; (void)buf;
	if (l->n >= MAX_ENTRIES)
		return DIRENT_ABORT;
	l->ino[l->n] = d->inode;
	l->name[l->n] = strndup(d->name, (size_t)len);
	if (!l->name[l->n])
		return DIRENT_ABORT;
	l->n++;
	return 0;
}

static int e2_past_cb(ext2_filsys fs, blk64_t *blk, e2_blkcnt_t cnt, blk64_t ref, int refoff, void *priv)
{
	uint64_t *size = priv;

	(void)ref; (void)refoff;
	if (cnt >= 0 && (uint64_t)cnt >= (*size + fs->blocksize - 1) / fs->blocksize) {
		*size = UINT64_MAX;
		return BLOCK_ABORT;
	}
	(void)blk;
	return 0;
}

/* libext2fs checks extent headers more strictly than the kernel and
 * pvboot (eh_max within two of the node's capacity, not just at most
 * it), and ext2fs_dir_iterate then lists nothing, without an error.  So
 * an inode whose extent tree libext2fs cannot walk to its end is one it
 * does not accept. */
static bool e2_extents_ok(ext2_ino_t ino, const struct ext2_inode *in)
{
	ext2_extent_handle_t h;
	struct ext2fs_extent ex;
	errcode_t err = 0;
	int op = EXT2_EXTENT_ROOT;

	if (!(in->i_flags & EXT4_EXTENTS_FL) || (in->i_flags & EXT4_INLINE_DATA_FL))
		return true;
	if (ext2fs_extent_open2(efs, ino, (struct ext2_inode *)in, &h))
		return false;
	for (int i = 0; i < MAX_ENTRIES && !err; i++, op = EXT2_EXTENT_NEXT)
		err = ext2fs_extent_get(h, op, &ex);
	ext2fs_extent_free(h);
	return err == EXT2_ET_EXTENT_NO_NEXT;
}

static void e2_file(struct rec *r, const char *path, const struct ext2_inode *in)
{
	static uint8_t buf[HEAD_BYTES];
	ext2_file_t f;
	unsigned int got = 0;
	uint64_t want = PB_MIN(r->size, (uint64_t)HEAD_BYTES);

	if (e2_bytes > MAX_BYTES || !e2_extents_ok(r->ino, in) ||
	    ext2fs_file_open2(efs, r->ino, (struct ext2_inode *)in, 0, &f))
		return;
	if (ext2fs_file_read(f, buf, (unsigned int)want, &got)) {
		ext2fs_file_close(f);
		return;
	}
	/* libext2fs returns the whole inline-data area, past i_size. */
	r->len1 = got > want ? (uint32_t)want : got;
	e2_bytes += r->len1;
	if (r->size > HEAD_BYTES) {
		static uint8_t tail[TAIL_BYTES];
		r->off2 = r->size - TAIL_BYTES;
		if (ext2fs_file_llseek(f, r->off2, EXT2_SEEK_SET, NULL) ||
		    ext2fs_file_read(f, tail, TAIL_BYTES, &got) || got != TAIL_BYTES) {
			ext2fs_file_close(f);
			return;
		}
		r->len2 = TAIL_BYTES;
		e2_bytes += TAIL_BYTES;
		ext2fs_file_close(f);
		if (put_rec(r, path) && put(buf, r->len1))
			put(tail, r->len2);
		return;
	}
	ext2fs_file_close(f);
	if (put_rec(r, path))
		put(buf, r->len1);
}

static void e2_symlink(struct rec *r, const char *path, const struct ext2_inode *in)
{
	char buf[4096];
	unsigned int got = 0;
	ext2_file_t f;

	if (r->size >= sizeof(buf))
		return;
	if (ext2fs_is_fast_symlink((struct ext2_inode *)in)) {
		memcpy(buf, in->i_block, (size_t)r->size);
	} else {
		if (!e2_extents_ok(r->ino, in) || ext2fs_file_open2(efs, r->ino, (struct ext2_inode *)in, 0, &f))
			return;
		errcode_t err = ext2fs_file_read(f, buf, (unsigned int)r->size, &got);
		ext2fs_file_close(f);
		if (err || got < r->size)
			return;
	}
	r->len1 = (uint32_t)r->size;
	if (put_rec(r, path))
		put(buf, r->len1);
}

static void e2_walk(ext2_ino_t dir, const struct ext2_inode *din, const char *path, int depth)
{
	struct e2_list *l;
	struct rec r;
	uint64_t past = EXT2_I_SIZE(din);

	for (int i = 0; i < e2_dirs; i++)
		if (e2_seen[i] == dir)
			return; /* a cycle, or a directory linked twice */
	if (depth > MAX_DEPTH || e2_dirs >= MAX_DIRS || e2_entries >= MAX_ENTRIES || !e2_extents_ok(dir, din))
		return;
	e2_seen[e2_dirs++] = dir;
	l = calloc(1, sizeof(*l));
	if (!l)
		return;
	if (ext2fs_dir_iterate(efs, dir, 0, NULL, e2_dir_cb, l) || l->n >= MAX_ENTRIES)
		goto out;
	memset(&r, 0, sizeof(r));
	r.kind = REC_DIR;
	r.ino = dir;
	r.size = EXT2_I_SIZE(din);
	r.nents = l->n;
	/* ext2fs_dir_iterate reads every mapped block; the kernel (and
	 * pvboot) stop at i_size.  (Inline data has no blocks.) */
	if (!(din->i_flags & EXT4_INLINE_DATA_FL) &&
	    ext2fs_block_iterate3(efs, dir, BLOCK_FLAG_READ_ONLY | BLOCK_FLAG_DATA_ONLY, NULL, e2_past_cb, &past))
		goto out;
	if (past == UINT64_MAX)
		r.flags |= REC_DIR_PAST_SIZE;
	if (!put_rec(&r, path))
		goto out;
	for (uint32_t i = 0; i < l->n; i++) {
		uint32_t len = (uint32_t)strlen(l->name[i]);
		if (!put(&l->ino[i], 4) || !put(&len, 4) || !put(l->name[i], len))
			goto out;
	}
	for (uint32_t i = 0; i < l->n && e2_entries < MAX_ENTRIES; i++) {
		char child[FS_PATH_MAX];
		struct ext2_inode in;

		e2_entries++;
		if (!strcmp(l->name[i], ".") || !strcmp(l->name[i], ".."))
			continue;
		if ((size_t)snprintf(child, sizeof(child), "%s/%s", path, l->name[i]) >= sizeof(child))
			continue;
		if (ext2fs_read_inode(efs, l->ino[i], &in))
			continue;
		memset(&r, 0, sizeof(r));
		r.ino = l->ino[i];
		r.mode = in.i_mode;
		r.size = EXT2_I_SIZE(&in);
		if (LINUX_S_ISDIR(in.i_mode)) {
			e2_walk(l->ino[i], &in, child, depth + 1);
		} else if (LINUX_S_ISREG(in.i_mode)) {
			r.kind = REC_REG;
			e2_file(&r, child, &in);
		} else if (LINUX_S_ISLNK(in.i_mode)) {
			r.kind = REC_LNK;
			e2_symlink(&r, child, &in);
		}
	}
out:
	for (uint32_t i = 0; i < l->n; i++)
		free(l->name[i]);
	free(l);
}

static void child_death(void)
{
	_exit(99);
}

/* One image: the manifest, or false if libext2fs does not accept it. */
static bool e2_once(void)
{
	struct ext2_inode root;

	e2_entries = e2_dirs = 0;
	e2_bytes = 0;
	if (ext2fs_open2("mem", NULL, EXT2_FLAG_64BITS | EXT2_FLAG_IGNORE_CSUM_ERRORS | EXT2_FLAG_SKIP_MMP,
			 0, 0, &mem_io, &efs))
		return false;
	if (ext2fs_read_inode(efs, EXT2_ROOT_INO, &root) == 0)
		e2_walk(EXT2_ROOT_INO, &root, "", 0);
	ext2fs_free(efs);
	return true;
}

/* The child: one byte in per image, one byte out when its manifest is
 * ready.  libFuzzer's and the sanitizers' handlers are replaced, or they
 * would report a libext2fs crash as a finding (and write an artifact). */
static void e2_server(int in, int out)
{
	static const int sigs[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGALRM, SIGTRAP };
	const char *verbose = getenv("FUZZ_EXT4_DIFF_VERBOSE");
	char c;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	__sanitizer_set_death_callback(child_death);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		signal(sigs[i], SIG_DFL);
	if (!verbose || strcmp(verbose, "1")) {
		int fd = open("/dev/null", O_WRONLY);
		if (fd >= 0)
			dup2(fd, 2);
	}
	while (read(in, &c, 1) == 1) {
		man->done = 0;
		man->used = 0;
		alarm(CHILD_SECONDS + 1); /* in case the parent is gone */
		c = e2_once();
		alarm(0);
		man->done = c;
		if (write(out, &c, 1) != 1)
			break;
	}
	_exit(0);
}

/* Forking per image costs more than the rest of a run (ASan's address
 * space), so one child serves CHILD_USES images, and is replaced when it
 * dies or takes longer than CHILD_SECONDS. */
static pid_t srv_pid;
static int srv_in = -1, srv_out = -1;
static unsigned srv_uses;

static void srv_stop(void)
{
	int status;

	if (srv_pid <= 0)
		return;
	kill(srv_pid, SIGKILL);
	while (waitpid(srv_pid, &status, 0) < 0 && errno == EINTR)
		;
	close(srv_in);
	close(srv_out);
	srv_pid = 0;
}

static bool srv_start(void)
{
	int a[2], b[2];

	if (pipe(a))
		return false;
	if (pipe(b)) {
		close(a[0]);
		close(a[1]);
		return false;
	}
	signal(SIGPIPE, SIG_IGN); /* a dead child's pipe: write fails instead */
	srv_pid = fork();
	if (srv_pid == 0) {
		close(a[1]);
		close(b[0]);
		e2_server(a[0], b[1]);
	}
	close(a[0]);
	close(b[1]);
	srv_in = a[1];
	srv_out = b[0];
	srv_uses = 0;
	if (srv_pid < 0) {
		close(srv_in);
		close(srv_out);
		srv_pid = 0;
		return false;
	}
	return true;
}

/* Run the libext2fs side on man->image; true if it finished its manifest. */
static bool e2_run(void)
{
	struct pollfd pfd;
	char c = 1;
	int r;

	if (srv_pid && srv_uses >= CHILD_USES)
		srv_stop();
	if (!srv_pid && !srv_start())
		return false;
	srv_uses++;
	if (write(srv_in, &c, 1) != 1) {
		srv_stop();
		return false;
	}
	pfd.fd = srv_out;
	pfd.events = POLLIN;
	do
		r = poll(&pfd, 1, CHILD_SECONDS * 1000);
	while (r < 0 && errno == EINTR); /* libFuzzer's own alarm ticks */
	if (r <= 0 || read(srv_out, &c, 1) != 1) {
		srv_stop(); /* looping, or dead */
		return false;
	}
	return c == 1 && man->done;
}
