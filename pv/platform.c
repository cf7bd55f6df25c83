/* The boot core's view of a Xen guest, PV or PVH: the PV console and
 * Xen's clock as the console table, blkfront as the disks (the same
 * Xen runtime serves both), the Xen loader paths to chain into, and the
 * handoffs the guest type has: the PV start-of-day protocol, or PVH. */
#include "pv/platform.h"
#include "pv/blkfront.h"
#include "pv/handoff.h"
#include "pv/pvh_handoff.h"
#include "pv/console.h"
#include "pv/pv_start.h"
#include "pv/xtime.h"
#include "loader/boot/platform.h"
#include "menu/menu_load.h"

static int con_getc(void *ctx)
{
	(void)ctx;
	return console_getc();
}

static void con_write(void *ctx, const char *s, size_t len)
{
	(void)ctx;
	console_write(s, len);
}

static uint64_t con_now_ms(void *ctx)
{
	(void)ctx;
	return xrt_time_ns() / 1000000;
}

static void con_idle(void *ctx, uint32_t ms)
{
	(void)ctx;
	console_wait_input((uint64_t)ms * 1000000);
}

static int disks_probe(void *ctx, struct blockdev **out, int max, int *count)
{
	static struct blockdev devs[BLKFRONT_MAX_DISKS];
	int rc = blkfront_probe_all(devs, (int)PB_MIN(max, BLKFRONT_MAX_DISKS), count);

	(void)ctx;
	for (int i = 0; i < *count; i++)
		out[i] = &devs[i];
	return rc;
}

static void disks_describe(void *ctx, const struct blockdev *d, char *buf, size_t size)
{
	uint32_t segs = blkfront_segments(d);

	(void)ctx;
	pb_snprintf(buf, size, ", %u KiB per request%s", segs * 4, segs > 11 ? " (indirect descriptors)" : "");
}

static void disks_release(void *ctx)
{
	(void)ctx;
	blkfront_disconnect_all();
}

static const struct menu_ui_ops console = { NULL, con_getc, con_write, con_now_ms, con_idle };
static const struct plat_disks disks = { NULL, disks_probe, disks_describe, disks_release };
static const struct handoff_ops *const pv_handoffs[] = { &pv_handoff_ops, NULL };
static const struct handoff_ops *const pvh_handoffs[] = { &pvh_handoff_ops, NULL };

static int run(const char *name, const char *args, const struct pvboot_opts *opts, uint64_t ram_bytes,
	       const struct handoff_ops *const *handoffs)
{
	const struct platform p = {
		.name = name,
		.args = args,
		.opts = opts,
		.ram_bytes = ram_bytes,
		.con = &console,
		.disks = &disks,
		.handoffs = handoffs,
		.loader_paths = menu_xen_loader_paths,
	};

	return core_run(&p);
}

int pv_platform_run(const char *args, const struct pvboot_opts *opts)
{
	return run("Xen PV", args, opts, (uint64_t)xrt_start_info->nr_pages << 12, pv_handoffs);
}

int pvh_platform_run(const char *args, const struct pvboot_opts *opts, uint64_t ram_bytes)
{
	return run("Xen PVH", args, opts, ram_bytes, pvh_handoffs);
}
