/* pvboot-inspect IMAGE[,IMAGE2...] boot [--entry SPEC] [--type pv|pvh]
 *     [--memory MIB] [--extra "DOM0 ARGS"] [--sector-size N] [--write]
 *
 * A dry run of the loader: the portable boot core runs exactly as in the
 * guest — banner, disks, volumes, the configuration, the menu, the entry
 * chosen and why, every file it reads, the command line after Dom0's
 * parameters, fallback entries — over a platform made of the host's
 * images, stdout, and a handoff that plans what the guest's would (the
 * same kernel parsing, decompression and region plan) and then reports
 * instead of jumping.  Nobody is at the console: the countdown is 0 and a
 * failed entry does not wait in the menu.  Exit status 1 when the loader
 * would not boot anything.  The images are read-only, so grubenv is not
 * written ("not saving to grubenv"), unless --write makes them writable
 * as an `rw` disk is to the guest: then what the configuration saves
 * (savedefault, next_entry, recordfail ...) is written as the guest would. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "loader/boot/platform.h"
#include "loader/handoff/pv_plan.h"
#include "loader/handoff/pvh_plan.h"
#include "loader/lib/err.h"
#include "menu/menu_load.h"
#include "tools/common/host_blockdev.h"
#include "tools/inspect/image.h"
#include "tools/inspect/inspect.h"

static struct inspect_disks disks_open;
static uint64_t guest_pages;

static int con_getc(void *ctx)
{
	(void)ctx;
	return -1;
}

static void con_write(void *ctx, const char *s, size_t len)
{
	(void)ctx;
	fwrite(s, 1, len, stdout);
}

static uint64_t con_now_ms(void *ctx)
{
	struct timespec ts;

	(void)ctx;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void con_idle(void *ctx, uint32_t ms)
{
	(void)ctx;
	(void)ms;
}

/* The images as the guest's disks, named as blkfront names them. */
static int disks_probe(void *ctx, struct blockdev **devs, int max, int *count)
{
	(void)ctx;
	*count = 0;
	for (int i = 0; i < disks_open.count && i < max && i < 26; i++) {
		snprintf(disks_open.dev[i].name, sizeof(disks_open.dev[i].name), "xvd%c", 'a' + i);
		devs[(*count)++] = &disks_open.dev[i];
	}
	return PB_OK;
}

static void disks_release(void *ctx)
{
	(void)ctx;
}

/* ---- the PV handoff, planned but not taken ---- */

struct dry_plan {
	struct pv_layout l;
	struct kernel_image k;
};

static int pv_prepare(const uint8_t *file, size_t len, uint64_t initrd_len, const char *cmdline,
		      struct handoff_plan *out)
{
	static struct dry_plan d;
	int rc;

	(void)cmdline; /* its limit is the core's check, as in the guest */
	if ((rc = pv_plan_kernel(file, len, ELF_MAX_IMAGE, initrd_len, guest_pages, &d.k, &d.l, out->summary,
				 sizeof(out->summary))))
		return rc;
	kernel_close(&d.k);
	/* The core reads every initrd here, so unreadable ones show. */
	out->initrd = malloc(initrd_len ? initrd_len : 1);
	if (!out->initrd)
		return pb_error(PB_ERR_NOMEM, "no memory for %llu bytes of initrd", (unsigned long long)initrd_len);
	out->initrd_len = initrd_len;
	out->mem_bytes = pv_plan_bytes(&d.l);
	out->priv = &d;
	return PB_OK;
}

static void pv_abort(struct handoff_plan *p)
{
	free(p->initrd);
	p->initrd = NULL;
}

static void pv_start(struct handoff_plan *p)
{
	const struct dry_plan *d = p->priv;

	printf("pvboot: dry run: the guest would start the kernel at 0x%llx\n", (unsigned long long)d->l.entry);
	pv_abort(p);
}

static const struct handoff_ops dry_pv = {
	.name = "Xen PV",
	.cmdline_max = PV_CMDLINE_MAX,
	.initrd_max = PV_REGION_MAX,
	.refuses = pv_plan_refuses,
	.prepare = pv_prepare,
	.abort = pv_abort,
	.start = pv_start,
};

/* ---- the PVH handoff, planned but not taken ---- */

/* The RAM of a PVH guest of guest_pages pages as Xen's toolstack lays it
 * out: low memory up to 0xF0000000 (the MMIO hole), the rest from 4 GiB. */
static size_t pvh_guest_ram(struct pvh_ram *r)
{
	uint64_t bytes = guest_pages << 12, hole = 0xF0000000ull;

	r[0] = (struct pvh_ram){ 0, bytes < hole ? bytes : hole };
	if (bytes <= hole)
		return 1;
	r[1] = (struct pvh_ram){ 1ull << 32, (1ull << 32) + bytes - hole };
	return 2;
}

static int pvh_prepare(const uint8_t *file, size_t len, uint64_t initrd_len, const char *cmdline,
		       struct handoff_plan *out)
{
	static struct pvh_plan p;
	struct pvh_ram ram[2];
	struct kernel_image k;
	int rc;

	(void)cmdline;
	if ((rc = pvh_plan_kernel(file, len, ELF_MAX_IMAGE, ram, pvh_guest_ram(ram), &k, &p, out->summary,
				  sizeof(out->summary))))
		return rc;
	kernel_close(&k);
	out->initrd = malloc(initrd_len ? initrd_len : 1);
	if (!out->initrd)
		return pb_error(PB_ERR_NOMEM, "no memory for %llu bytes of initrd", (unsigned long long)initrd_len);
	out->initrd_len = initrd_len;
	out->mem_bytes = p.hi - p.lo;
	out->priv = &p;
	return PB_OK;
}

static void pvh_start(struct handoff_plan *plan)
{
	const struct pvh_plan *p = plan->priv;

	printf("pvboot: dry run: the guest would start the PVH kernel at 0x%llx\n", (unsigned long long)p->entry);
	pv_abort(plan);
}

static const struct handoff_ops dry_pvh = {
	.name = "Xen PVH",
	.cmdline_max = PVH_CMDLINE_MAX,
	.initrd_max = PVH_INITRD_MAX,
	.refuses = pvh_plan_refuses,
	.prepare = pvh_prepare,
	.abort = pv_abort,
	.start = pvh_start,
};

static const char *arg_value(int argc, char **argv, const char *flag)
{
	for (int i = 0; i + 1 < argc; i++)
		if (!strcmp(argv[i], flag))
			return argv[i + 1];
	return NULL;
}

static int run(const char *image, int argc, char **argv)
{
	static const struct menu_ui_ops con = { NULL, con_getc, con_write, con_now_ms, con_idle };
	static const struct plat_disks disks = { NULL, disks_probe, NULL, disks_release };
	static const struct handoff_ops *const pv_handoffs[] = { &dry_pv, NULL };
	static const struct handoff_ops *const pvh_handoffs[] = { &dry_pvh, NULL };
	static struct pvboot_opts opts;
	const char *type = arg_value(argc, argv, "--type"), *entry = arg_value(argc, argv, "--entry");
	const char *extra = arg_value(argc, argv, "--extra"), *mem = arg_value(argc, argv, "--memory");
	unsigned long mib = mem ? strtoul(mem, NULL, 10) : 1024;

	bool pvh = type && !strcmp(type, "pvh");

	if (type && !pvh && strcmp(type, "pv")) {
		fprintf(stderr, "pvboot-inspect: --type %s: expected pv or pvh (the guest type of xl's type=)\n", type);
		return INSPECT_EXIT_USAGE;
	}
	if (!mib || mib > (1ul << 22)) {
		fprintf(stderr, "pvboot-inspect: --memory %s: expected the guest's memory in MiB\n", mem);
		return INSPECT_EXIT_USAGE;
	}
	guest_pages = (uint64_t)mib << 8;
	/* --write: every image is an rw disk, opened so before the sandbox. */
	if (inspect_open_mode(image, argc, argv, inspect_has_flag(argc, argv, "--write") ? HOST_OPEN_RW : HOST_OPEN_RO,
			      &disks_open))
		return INSPECT_EXIT_BAD_INPUT;
	extra = extra ? extra : "";
	opts_parse(extra, strlen(extra), &opts);
	if (entry) {
		pb_strlcpy(opts.entry, entry, sizeof(opts.entry));
		opts.have_entry = true;
	}
	opts.have_timeout = true;
	opts.timeout = 0; /* nobody to press a key */
	const struct platform p = {
		.name = pvh ? "Xen PVH, dry run" : "Xen PV, dry run",
		.args = extra,
		.opts = &opts,
		.ram_bytes = (uint64_t)mib << 20,
		.con = &con,
		.disks = &disks,
		.handoffs = pvh ? pvh_handoffs : pv_handoffs,
		.loader_paths = menu_xen_loader_paths,
		.batch = true,
	};
	int rc = core_run(&p);
	fflush(stdout);
	if (rc)
		fprintf(stderr, "pvboot-inspect: the loader would boot nothing: %s\n", pb_errmsg());
	inspect_close(&disks_open);
	return rc ? INSPECT_EXIT_BAD_INPUT : INSPECT_EXIT_OK;
}

static const struct inspect_cmd cmd_boot = {
	"boot", "dry run of the loader: entry, files, command line, handoff [--entry SPEC] [--memory MIB] "
		"[--extra ARGS] [--type pv|pvh] [--write: the images are rw disks, grubenv is written]", true, run, false };
INSPECT_COMMAND(cmd_boot);
