/* What the loader does once the PV runtime is up: say who it is, find the
 * guest's disks, read its boot configuration and show the menu.  (Booting
 * the chosen entry is the next step; for now it stops cleanly.) */
#include "fs/part.h"
#include "menu/menu_load.h"
#include "menu/menu_print.h"
#include "pv/blkfront.h"
#include "pv/xen_rt.h"
#include "loader/cmdline.h"
#include "loader/err.h"
#include "loader/heap.h"
#include "loader/sha256.h"

int pv_run(void);

static void print_line(void *ctx, const char *line)
{
	(void)ctx;
	xrt_printf("%s\n", line);
}

/* pvboot.readtest=PATH: read PATH (from the first volume holding it)
 * through blkfront and the filesystem, and report time and SHA-256. */
static void read_test(struct volset *vs, const char *path)
{
	const size_t chunk = 4u << 20;
	uint8_t *buf = malloc(chunk), dig[32];
	struct sha256 h;
	char hex[65];

	for (uint32_t i = 0; buf && i < vs->count; i++) {
		struct fs *fs = vs->v[i].fs;
		struct fs_stat st;
		if (!fs || fs_stat_path(fs, path, false, &st) != PB_OK || st.type != FS_REG)
			continue;
		uint64_t t0 = xrt_time_ns(), off = 0, io_ns = 0;
		sha256_init(&h);
		while (off < st.size) {
			size_t got;
			uint64_t r0 = xrt_time_ns();
			int rc = fs->ops->read(fs, st.ino, off, buf, chunk, &got);
			io_ns += xrt_time_ns() - r0;
			if (rc != PB_OK || !got) {
				xrt_printf("pvboot: readtest %s: %s\n", path, pb_errmsg());
				free(buf);
				return;
			}
			sha256_update(&h, buf, got);
			off += got;
		}
		uint64_t ms = (xrt_time_ns() - t0) / 1000000;
		sha256_final(&h, dig);
		sha256_hex(dig, hex);
		xrt_printf("PVBOOT-READ path=%s bytes=%llu ms=%llu sha256=%s\n", path,
			   (unsigned long long)off, (unsigned long long)ms, hex);
		uint64_t io_ms = io_ns / 1000000;
		xrt_printf("pvboot: read %llu MiB in %llu ms (%llu ms of it disk I/O: %llu MB/s), %llu device requests\n",
			   (unsigned long long)(off >> 20), (unsigned long long)ms, (unsigned long long)io_ms,
			   (unsigned long long)(io_ms ? off / 1000 / io_ms : 0),
			   (unsigned long long)vs->v[i].dev->stats.requests);
		free(buf);
		return;
	}
	xrt_printf("pvboot: readtest: %s not found on any volume\n", path);
	free(buf);
}

int pv_run(void)
{
	static struct blockdev devs[BLKFRONT_MAX_DISKS];
	struct blockdev *ptr[BLKFRONT_MAX_DISKS];
	struct volset *vs = malloc(sizeof(*vs));
	struct menu m;
	int n = 0, rc;

	xrt_printf("\npvboot %s (Xen PV, %lu MiB, %lu pages, %lu MiB free for loading)\n", PVBOOT_VERSION,
		   xrt_start_info->nr_pages >> 8, xrt_start_info->nr_pages,
		   (unsigned long)(pb_heap_free_bytes() >> 20));
	if (!vs)
		return -1;
	rc = blkfront_probe_all(devs, BLKFRONT_MAX_DISKS, &n);
	if (rc)
		xrt_printf("pvboot: listing disks: %s\n", pb_errmsg());
	for (int i = 0; i < n; i++) {
		ptr[i] = &devs[i];
		xrt_printf("pvboot: disk %s: %llu sectors of %u bytes (%llu MiB), %u KiB per request%s\n",
			   devs[i].name, (unsigned long long)devs[i].nr_sectors, devs[i].sector_size,
			   (unsigned long long)(devs[i].nr_sectors * devs[i].sector_size >> 20),
			   blkfront_segments(&devs[i]) * 4,
			   blkfront_segments(&devs[i]) > 11 ? " (indirect descriptors)" : "");
	}
	volset_scan(ptr, n, vs);
	for (uint32_t i = 0; i < vs->count; i++) {
		struct vol_entry *v = &vs->v[i];
		if (v->fs)
			xrt_printf("pvboot: (%s) %s uuid %s\n", v->grub_name, v->fs->ops->name, v->fs->uuid);
		else
			xrt_printf("pvboot: (%s) %s\n", v->grub_name, v->mount_msg);
	}
	char arg[256];
	if (cmdline_get((const char *)xrt_start_info->cmd_line, "pvboot.readtest", arg, sizeof(arg)))
		read_test(vs, arg);
	rc = menu_init(&m);
	if (rc == PB_OK)
		rc = menu_load(vs, &m);
	if (rc) {
		xrt_printf("pvboot: %s\npvboot: nothing to boot; shutting the domain down.\n", pb_errmsg());
	} else {
		xrt_printf("PVBOOT-MENU-BEGIN\n");
		menu_print(&m, print_line, NULL);
		xrt_printf("PVBOOT-MENU-END\n");
		if (m.warnings[0])
			xrt_printf("%s", m.warnings);
		xrt_printf("pvboot: booting an entry is not implemented yet; shutting the domain down.\n");
	}
	volset_release(vs);
	blkfront_disconnect_all();
	return 0;
}
