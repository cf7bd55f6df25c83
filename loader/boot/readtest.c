/* pvboot.readtest=PATH: read PATH (from the first volume holding it)
 * through the platform's disks and the filesystem, and report the time,
 * the disk's share of it and the SHA-256, so that a benchmark can check
 * both speed and data against the host's copy. */
#include "loader/boot/core.h"
#include "loader/lib/err.h"
#include "loader/lib/sha256.h"

#define CHUNK (4u << 20)

static int hash_file(const struct core *c, struct fs *fs, const struct fs_stat *st, uint8_t *buf,
		     uint8_t dig[32], uint64_t *io_ms)
{
	const struct menu_ui_ops *con = c->p->con;
	struct sha256 h;
	uint64_t off = 0;

	*io_ms = 0;
	sha256_init(&h);
	while (off < st->size) {
		size_t got;
		uint64_t r0 = con->now_ms(con->ctx);
		int rc = fs->ops->read(fs, st->ino, off, buf, CHUNK, &got);
		*io_ms += con->now_ms(con->ctx) - r0;
		if (rc)
			return rc;
		if (!got)
			return pb_error(PB_ERR_TRUNCATED, "file ended at %llu of %llu bytes", (unsigned long long)off,
					(unsigned long long)st->size);
		sha256_update(&h, buf, got);
		off += got;
	}
	sha256_final(&h, dig);
	return PB_OK;
}

void core_read_test(const struct core *c, const char *path)
{
	const struct menu_ui_ops *con = c->p->con;
	uint8_t *buf = malloc(CHUNK), dig[32];
	char hex[65];

	for (uint32_t i = 0; buf && i < c->vs->count; i++) {
		const struct vol_entry *v = &c->vs->v[i];
		struct fs_stat st;
		uint64_t t0 = con->now_ms(con->ctx), io_ms;
		if (!v->fs || fs_stat_path(v->fs, path, false, &st) != PB_OK || st.type != FS_REG)
			continue;
		if (hash_file(c, v->fs, &st, buf, dig, &io_ms)) {
			core_printf(c->p, "pvboot: readtest %s: %s\n", path, pb_errmsg());
			free(buf);
			return;
		}
		uint64_t ms = con->now_ms(con->ctx) - t0;
		sha256_hex(dig, hex);
		core_printf(c->p, "PVBOOT-READ path=%s bytes=%llu ms=%llu sha256=%s\n", path,
			    (unsigned long long)st.size, (unsigned long long)ms, hex);
		core_printf(c->p,
			    "pvboot: read %llu MiB in %llu ms (%llu ms of it disk I/O: %llu MB/s), %llu device requests\n",
			    (unsigned long long)(st.size >> 20), (unsigned long long)ms, (unsigned long long)io_ms,
			    (unsigned long long)(io_ms ? st.size / 1000 / io_ms : 0),
			    (unsigned long long)v->dev->stats.requests);
		free(buf);
		return;
	}
	core_printf(c->p, buf ? "pvboot: readtest: %s not found on any volume\n" : "pvboot: readtest %s: out of memory\n",
		    path);
	free(buf);
}
