/* pvboot-inspect IMAGE parts|ls|cat|stat|overwrite: partitions and files
 * exactly as the loader's fs/ code sees them, and the loader's one kind of
 * write (a same-size in-place rewrite, as for grubenv). */
#include <stdio.h>
#include <string.h>

#include "loader/lib/err.h"
#include "tools/common/host_blockdev.h"
#include "tools/common/host_file.h"
#include "tools/inspect/image.h"
#include "tools/inspect/inspect.h"

static const char *scheme_name(enum part_scheme s)
{
	return s == PART_GPT ? "gpt" : s == PART_MSDOS ? "msdos" : "none";
}

static void guid_text(const uint8_t *g, char *out)
{
	/* Mixed-endian, as GPT tools print it. */
	sprintf(out, "%02X%02X%02X%02X-%02X%02X-%02X%02X-%02X%02X-%02X%02X%02X%02X%02X%02X",
		g[3], g[2], g[1], g[0], g[5], g[4], g[7], g[6], g[8], g[9], g[10], g[11],
		g[12], g[13], g[14], g[15]);
}

static int run_parts(const char *image, int argc, char **argv)
{
	struct inspect_disks d;
	int json = inspect_has_flag(argc, argv, "--json");

	if (inspect_open(image, argc, argv, &d))
		return INSPECT_EXIT_BAD_INPUT;
	if (json)
		printf("{\"volumes\":[");
	for (uint32_t i = 0; i < d.vs.count; i++) {
		const struct vol_entry *v = &d.vs.v[i];
		char type[40] = "", guid[40] = "";
		if (v->part.scheme == PART_GPT) {
			guid_text(v->part.type_guid, type);
			guid_text(v->part.part_guid, guid);
		} else if (v->part.scheme == PART_MSDOS) {
			sprintf(type, "0x%02x", v->part.mbr_type);
		}
		if (json) {
			printf("%s{\"name\":\"%s\",\"scheme\":\"%s\",\"number\":%u,\"start\":%llu,\"size\":%llu,"
			       "\"type\":\"%s\",\"guid\":\"%s\",\"label\":", i ? "," : "", v->grub_name,
			       scheme_name(v->part.scheme), v->part.number,
			       (unsigned long long)v->part.start_lba,
			       (unsigned long long)(v->part.scheme ? v->part.nr_sectors
								   : v->vol.size / v->dev->sector_size),
			       type, guid);
			inspect_json_string(v->part.name);
			printf(",\"fs\":\"%s\",\"uuid\":\"%s\",\"fs_label\":", v->fs ? v->fs->ops->name : "",
			       v->fs ? v->fs->uuid : "");
			inspect_json_string(v->fs ? v->fs->label : "");
			printf(",\"fs_note\":");
			inspect_json_string(v->fs ? v->fs->note : "");
			printf(",\"error\":");
			inspect_json_string(v->fs ? "" : v->mount_msg);
			printf("}");
			continue;
		}
		if (v->table_note[0] && (i == 0 || v->disk != d.vs.v[i - 1].disk))
			printf("note: hd%d: %s\n", v->disk, v->table_note);
		printf("(%s) %s start %llu size %llu%s%s%s%s%s", v->grub_name, scheme_name(v->part.scheme),
		       (unsigned long long)v->part.start_lba,
		       (unsigned long long)(v->vol.size / v->dev->sector_size), type[0] ? " type " : "",
		       type, v->part.name[0] ? " name '" : "", v->part.name, v->part.name[0] ? "'" : "");
		if (v->fs)
			printf(" fs %s uuid %s label '%s'%s%s\n", v->fs->ops->name, v->fs->uuid, v->fs->label,
			       v->fs->note[0] ? "; note: " : "", v->fs->note);
		else
			printf(" no filesystem (%s)\n", v->mount_msg);
	}
	if (json)
		printf("]}\n");
	inspect_close(&d);
	return INSPECT_EXIT_OK;
}

static const char *type_name(enum fs_type t)
{
	return t == FS_REG ? "file" : t == FS_DIR ? "dir" : t == FS_SYMLINK ? "symlink" : "other";
}

struct ls_ctx {
	int json, n;
};

static int ls_cb(void *ctx, const char *name, uint64_t ino, enum fs_type type)
{
	struct ls_ctx *l = ctx;

	if (l->json) {
		printf("%s{\"name\":", l->n++ ? "," : "");
		inspect_json_string(name);
		printf(",\"ino\":%llu,\"type\":\"%s\"}", (unsigned long long)ino, type_name(type));
	} else {
		printf("%s\t%llu\t%s\n", type_name(type), (unsigned long long)ino, name);
	}
	return 0;
}

/* The n-th argument that is not an option (a lone "-" counts as one),
 * or NULL.  n < 0 counts from the end. */
static const char *positional(int argc, char **argv, int n)
{
	const char *found[8];
	int count = 0;

	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--sector-size") == 0)
			i++;
		else if ((argv[i][0] != '-' || !argv[i][1]) && count < 8)
			found[count++] = argv[i];
	}
	if (n < 0)
		n += count;
	return n >= 0 && n < count ? found[n] : NULL;
}

/* Shared front part of ls/cat/stat/overwrite: open, find the volume,
 * report errors.  arg is "[PART:]PATH" (NULL: it was not given). */
static struct vol_entry *open_path(const char *image, int argc, char **argv, enum host_open_mode mode,
				   struct inspect_disks *d, const char *arg, const char **path)
{
	if (!arg) {
		fprintf(stderr, "pvboot-inspect: missing [PART:]PATH\n");
		return NULL;
	}
	if (inspect_open_mode(image, argc, argv, mode, d))
		return NULL;
	struct vol_entry *v = inspect_volume(d, arg, path);
	if (!v || !v->fs) {
		if (v)
			fprintf(stderr, "pvboot-inspect: (%s): %s: %s\n", v->grub_name,
				pb_strerror(v->mount_err), v->mount_msg);
		else
			fprintf(stderr, "pvboot-inspect: %s: no such volume\n", arg);
		inspect_close(d);
		return NULL;
	}
	if (v->fs->note[0])
		fprintf(stderr, "pvboot-inspect: (%s): note: %s\n", v->grub_name, v->fs->note);
	return v;
}

static int fail(struct inspect_disks *d, int rc, const char *path)
{
	fprintf(stderr, "pvboot-inspect: %s: %s: %s\n", path, pb_strerror(rc), pb_errmsg());
	inspect_close(d);
	return INSPECT_EXIT_BAD_INPUT;
}

static int run_ls(const char *image, int argc, char **argv)
{
	struct inspect_disks d;
	const char *path;
	struct vol_entry *v = open_path(image, argc, argv, HOST_OPEN_RO, &d, positional(argc, argv, -1), &path);
	struct ls_ctx l = { inspect_has_flag(argc, argv, "--json"), 0 };

	if (!v)
		return INSPECT_EXIT_BAD_INPUT;
	if (l.json)
		printf("[");
	int rc = fs_readdir_path(v->fs, path, ls_cb, &l);
	if (rc)
		return fail(&d, rc, path);
	if (l.json)
		printf("]\n");
	inspect_close(&d);
	return INSPECT_EXIT_OK;
}

static int run_cat(const char *image, int argc, char **argv)
{
	struct inspect_disks d;
	const char *path;
	struct vol_entry *v = open_path(image, argc, argv, HOST_OPEN_RO, &d, positional(argc, argv, -1), &path);
	struct fs_stat st;
	static char buf[1 << 20];

	if (!v)
		return INSPECT_EXIT_BAD_INPUT;
	int rc = fs_stat_path(v->fs, path, false, &st);
	if (rc == PB_OK && st.type != FS_REG)
		rc = pb_error(PB_ERR_ISDIR, "not a regular file");
	for (uint64_t off = 0; rc == PB_OK && off < st.size;) {
		size_t got;
		rc = v->fs->ops->read(v->fs, st.ino, off, buf, sizeof(buf), &got);
		if (rc == PB_OK && got == 0)
			rc = pb_error(PB_ERR_CORRUPT, "short read at %llu", (unsigned long long)off);
		if (rc == PB_OK && fwrite(buf, 1, got, stdout) != got)
			rc = pb_error(PB_ERR_IO, "write to stdout failed");
		off += got;
	}
	if (rc)
		return fail(&d, rc, path);
	fprintf(stderr, "device requests: %llu, bytes read: %llu, file bytes: %llu\n",
		(unsigned long long)v->dev->stats.requests, (unsigned long long)v->dev->stats.bytes,
		(unsigned long long)st.size);
	inspect_close(&d);
	return INSPECT_EXIT_OK;
}

static int run_stat(const char *image, int argc, char **argv)
{
	struct inspect_disks d;
	const char *path;
	struct vol_entry *v = open_path(image, argc, argv, HOST_OPEN_RO, &d, positional(argc, argv, -1), &path);
	struct fs_stat st;

	if (!v)
		return INSPECT_EXIT_BAD_INPUT;
	int rc = fs_stat_path(v->fs, path, true, &st);
	if (rc)
		return fail(&d, rc, path);
	if (inspect_has_flag(argc, argv, "--json"))
		printf("{\"volume\":\"%s\",\"ino\":%llu,\"type\":\"%s\",\"size\":%llu,\"mode\":%u,\"nlink\":%u,\"mtime\":%llu}\n",
		       v->grub_name, (unsigned long long)st.ino, type_name(st.type),
		       (unsigned long long)st.size, st.mode, st.nlink, (unsigned long long)st.mtime);
	else
		printf("volume: (%s)\ninode: %llu\ntype: %s\nsize: %llu\nmode: %o\nlinks: %u\nmtime: %llu\n",
		       v->grub_name, (unsigned long long)st.ino, type_name(st.type),
		       (unsigned long long)st.size, st.mode, st.nlink, (unsigned long long)st.mtime);
	inspect_close(&d);
	return INSPECT_EXIT_OK;
}

/* overwrite [PART:]PATH SRCFILE: fs_overwrite_file with SRCFILE's bytes.
 * The image is opened read-write up front, as the sandbox allows no
 * open() later; nothing is written before fs_overwrite_file. */
static int run_overwrite(const char *image, int argc, char **argv)
{
	struct inspect_disks d;
	const char *path, *src = positional(argc, argv, 1);
	unsigned char *data = NULL;
	size_t len = 0;
	int rc;

	if (!positional(argc, argv, 0) || !src || positional(argc, argv, 2)) {
		fprintf(stderr, "pvboot-inspect: usage: IMAGE overwrite [PART:]PATH SRCFILE\n");
		return INSPECT_EXIT_USAGE;
	}
	rc = host_read_file(src, 64u << 20, &data, &len);
	if (rc) {
		fprintf(stderr, "pvboot-inspect: %s: %s\n", src, pb_errmsg());
		return INSPECT_EXIT_BAD_INPUT;
	}
	struct vol_entry *v = open_path(image, argc, argv, HOST_OPEN_RW, &d, positional(argc, argv, 0), &path);
	if (!v) {
		free(data);
		return INSPECT_EXIT_BAD_INPUT;
	}
	rc = fs_overwrite_file(v->fs, path, data, len);
	free(data);
	if (rc)
		return fail(&d, rc, path);
	fprintf(stderr, "(%s)%s: %zu bytes rewritten in place; device writes: %llu, bytes written: %llu\n",
		v->grub_name, path, len, (unsigned long long)v->dev->stats.write_requests,
		(unsigned long long)v->dev->stats.write_bytes);
	inspect_close(&d);
	return INSPECT_EXIT_OK;
}

static const struct inspect_cmd cmd_parts = { "parts", "partition table and filesystems [--json]", true, run_parts, false };
static const struct inspect_cmd cmd_ls = { "ls", "[PART:]PATH: list a directory [--json]", true, run_ls, false };
static const struct inspect_cmd cmd_cat = { "cat", "[PART:]PATH: file contents to stdout", true, run_cat, false };
static const struct inspect_cmd cmd_stat = { "stat", "[PART:]PATH: inode information [--json]", true, run_stat, false };
INSPECT_COMMAND(cmd_parts);
INSPECT_COMMAND(cmd_ls);
INSPECT_COMMAND(cmd_cat);
static const struct inspect_cmd cmd_overwrite = { "overwrite", "[PART:]PATH SRCFILE: rewrite a file in place, same size only (grubenv)", true, run_overwrite, false };
INSPECT_COMMAND(cmd_stat);
INSPECT_COMMAND(cmd_overwrite);
