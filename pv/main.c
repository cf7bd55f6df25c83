/* What the loader does once the PV runtime is up: say who it is, find the
 * guest's disks, read its boot configuration, show the menu, and boot the
 * chosen entry; when that fails, the fallback entries, then the menu
 * again (without a countdown, so a broken default cannot loop). */
#include "fs/part.h"
#include "menu/menu_load.h"
#include "menu/menu_print.h"
#include "menu/menu_ui.h"
#include "menu/params.h"
#include "pv/boot.h"
#include "pv/blkfront.h"
#include "pv/xen_rt.h"
#include "loader/lib/cmdline.h"
#include "loader/lib/err.h"
#include "loader/lib/heap.h"
#include "loader/lib/sha256.h"
#include "pvboot_version.h" /* generated: build/pv/pvboot_version.h */

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

/* The interactive menu's view of the PV console. */
static int ui_getc(void *ctx)
{
	(void)ctx;
	return console_getc();
}

static void ui_write(void *ctx, const char *str, size_t len)
{
	(void)ctx;
	console_write(str, len);
}

static uint64_t ui_now_ms(void *ctx)
{
	(void)ctx;
	return xrt_time_ns() / 1000000;
}

static void ui_idle(void *ctx, uint32_t ms)
{
	(void)ctx;
	console_wait_input((uint64_t)ms * 1000000);
}

static const struct menu_ui_ops ui_ops = { NULL, ui_getc, ui_write, ui_now_ms, ui_idle };

/* How many loaders chained before us (pvboot.chained=N), so that a guest
 * whose only "config" is /boot/xen/pvboot-x86_64.elf cannot loop. */
static int chain_depth(void)
{
	char v[8];

	if (!cmdline_get((const char *)xrt_start_info->cmd_line, "pvboot.chained", v, sizeof(v)))
		return 0;
	return v[0] >= '0' && v[0] <= '9' ? v[0] - '0' : 1;
}

/* The command line for entry idx: the Dom0 parameters applied; a PV
 * loader we chain into gets our own parameters, marked as chained. */
static int entry_cmdline(const struct boot_params *bp, const struct menu *m, int idx,
			 const char *edited, char *out, size_t size)
{
	const struct menu_entry *e = &m->entries[idx];

	if (e->kind == MENU_PV_LOADER) {
		if (chain_depth() >= 1)
			return pb_error(PB_ERR_LOOP, "'%s': already chained from another loader; not chaining again",
					e->title);
		int n = pb_snprintf(out, size, "%s pvboot.chained=%d", (const char *)xrt_start_info->cmd_line,
				    chain_depth() + 1);
		return n < 0 || (size_t)n >= size ? pb_error(PB_ERR_LIMIT, "command line too long") : PB_OK;
	}
	return boot_params_cmdline(bp, edited ? edited : e->cmdline, out, size);
}

static void boot_menu(struct volset *vs, struct menu *m, const struct boot_params *bp)
{
	static struct menu_ui_choice choice;
	char why[256], cmd[1024];
	bool tried[MENU_MAX_ENTRIES] = { false };
	int idx = boot_params_pick(bp, m, why, sizeof(why));
	int timeout = bp->have_timeout ? bp->timeout : m->timeout;
	const char *edited = NULL;

	if (idx < 0)
		return;
	xrt_printf("pvboot: %s\n", why);
	m->default_index = idx;
	for (;;) {
		if (menu_ui_run(m, &ui_ops, timeout, &choice) == PB_OK) {
			idx = choice.index;
			edited = choice.edited ? choice.cmdline : NULL;
		}
		for (;;) {
			const struct menu_entry *e = &m->entries[idx];
			int rc = entry_cmdline(bp, m, idx, edited, cmd, sizeof(cmd));
			tried[idx] = true;
			xrt_printf("pvboot: booting '%s'\n", e->title);
			if (rc == PB_OK)
				rc = pv_boot_entry(vs, m, idx, cmd);
			xrt_printf("pvboot: cannot boot '%s': %s\n", e->title, pb_errmsg());
			edited = NULL;
			idx = -1;
			for (int i = 0; i < 4 && m->fallback[i] >= 0; i++)
				if (m->fallback[i] < (int)m->count && !tried[m->fallback[i]]) {
					idx = m->fallback[i];
					xrt_printf("pvboot: trying fallback entry %d\n", idx);
					break;
				}
			if (idx < 0)
				break;
		}
		xrt_printf("pvboot: back to the menu: choose an entry (the countdown is off).\n");
		timeout = -1;
	}
}

int pv_run(void)
{
	static struct blockdev devs[BLKFRONT_MAX_DISKS];
	static struct boot_params bp;
	struct blockdev *ptr[BLKFRONT_MAX_DISKS];
	struct volset *vs = malloc(sizeof(*vs));
	const char *args = (const char *)xrt_start_info->cmd_line;
	struct menu m;
	int n = 0, rc;

	xrt_printf("\npvboot %s (Xen PV, %lu MiB, %lu pages, %lu MiB free for loading)\n", PVBOOT_VERSION,
		   xrt_start_info->nr_pages >> 8, xrt_start_info->nr_pages,
		   (unsigned long)(pb_heap_free_bytes() >> 20));
	if (!vs)
		return -1;
	boot_params_parse(args, strnlen(args, MAX_GUEST_CMDLINE), &bp);
	if (bp.warnings[0])
		xrt_printf("%s", bp.warnings);
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
	if (cmdline_get(args, "pvboot.readtest", arg, sizeof(arg)))
		read_test(vs, arg);
	rc = menu_init(&m);
	if (rc == PB_OK)
		rc = menu_load_opts(vs, &(struct menu_load_opts){ bp.disk, bp.config_dev, bp.config }, &m);
	if (rc) {
		xrt_printf("pvboot: %s\npvboot: nothing to boot; shutting the domain down.\n", pb_errmsg());
	} else {
		xrt_printf("PVBOOT-MENU-BEGIN\n");
		menu_print(&m, print_line, NULL);
		xrt_printf("PVBOOT-MENU-END\n");
		if (m.warnings[0])
			xrt_printf("%s", m.warnings);
		if (cmdline_get(args, "pvboot.noboot", arg, sizeof(arg)))
			xrt_printf("pvboot: pvboot.noboot given; shutting the domain down.\n");
		else
			boot_menu(vs, &m, &bp);
	}
	volset_release(vs);
	blkfront_disconnect_all();
	return 0;
}

/* Marker for the end-to-end suite: this build hands off to kernels. */
__attribute__((used)) static const char feature_handoff[] = "PVBOOT-FEATURE-HANDOFF";
