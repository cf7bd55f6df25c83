/* libFuzzer: the whole boot core (loader/boot/) over one fuzzed disk, as a
 * front end drives it: the volume scan, finding and loading the boot
 * configuration from the disk (menu_load, menu_fsio), the interactive
 * menu fed by fuzzed keys (menu_ui), the entry's kernel and initrds read
 * from the disk, fallback entries, and the grubenv write-back
 * (env_update, fs_overwrite_file) into a writable copy of the disk.
 *
 * Input: DISK KEYS N, where the last byte's low five bits give N, the
 * number of key bytes before it; its top bit makes the first started
 * kernel "return" (an EFI application coming back to the menu).  After
 * the keys the console types Enter for ever, so every menu ends; a menu
 * that still idles past a bound is a hang and aborts.  The handoff is a
 * recording fake: kernels whose file starts with "BAD" are refused (so
 * the fallback path runs), the rest "start" and return (a dry run). */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fs/blockdev.h"
#include "loader/boot/platform.h"
#include "loader/lib/err.h"
#include "menu/menu_load.h"

struct wdisk {
	uint8_t *data;
	size_t len;
};

static int wdisk_read(struct blockdev *dev, uint64_t lba, uint64_t count, void *buf)
{
	const struct wdisk *d = dev->priv;
	if (!pb_range_ok(lba * dev->sector_size, count * dev->sector_size, d->len))
		return pb_error(PB_ERR_IO, "fuzz disk: read past the end");
	memcpy(buf, d->data + lba * dev->sector_size, count * dev->sector_size);
	return PB_OK;
}

static int wdisk_write(struct blockdev *dev, uint64_t lba, uint64_t count, const void *buf)
{
	struct wdisk *d = dev->priv;
	if (!pb_range_ok(lba * dev->sector_size, count * dev->sector_size, d->len))
		return pb_error(PB_ERR_IO, "fuzz disk: write past the end");
	memcpy(d->data + lba * dev->sector_size, buf, count * dev->sector_size);
	return PB_OK;
}

static const struct blockdev_ops wdisk_ops = { .read = wdisk_read, .write = wdisk_write };

static struct {
	const uint8_t *keys;
	size_t nkeys, ki;
	uint64_t clock;
	unsigned long idles;
	struct blockdev dev;
	struct wdisk disk;
} S;

/* Far more than any countdown or menu of a finite key script needs. */
#define MAX_IDLES 2000000ul

static int con_getc(void *ctx)
{
	(void)ctx;
	return S.ki < S.nkeys ? S.keys[S.ki++] : '\r';
}

static void con_write(void *ctx, const char *s, size_t len)
{
	(void)ctx;
	(void)s;
	(void)len;
}

static uint64_t con_now(void *ctx)
{
	(void)ctx;
	return S.clock;
}

static void con_idle(void *ctx, uint32_t ms)
{
	(void)ctx;
	if (++S.idles > MAX_IDLES) {
		fprintf(stderr, "fuzz_boot: the menu idles with Enter typed for ever: a hang\n");
		abort();
	}
	S.clock += ms;
}

static int disks_probe(void *ctx, struct blockdev **devs, int max, int *count)
{
	(void)ctx;
	*count = 0;
	if (max > 0) {
		devs[0] = &S.dev;
		*count = 1;
	}
	return PB_OK;
}

static void disks_release(void *ctx)
{
	(void)ctx;
}

static int fake_prepare(const uint8_t *kernel, size_t len, uint64_t initrd_len, const char *cmdline,
			struct handoff_plan *out)
{
	(void)cmdline;
	if (len >= 3 && !memcmp(kernel, "BAD", 3))
		return pb_error(PB_ERR_CORRUPT, "fake: corrupt kernel");
	out->initrd = calloc(1, initrd_len + 1);
	if (!out->initrd)
		return pb_error(PB_ERR_NOMEM, "fake: no memory for the initrd");
	out->initrd_len = initrd_len;
	out->mem_bytes = len + initrd_len;
	snprintf(out->summary, sizeof(out->summary), "fake kernel of %zu bytes", len);
	return PB_OK;
}

static void fake_abort(struct handoff_plan *p)
{
	free(p->initrd);
	p->initrd = NULL;
}

static struct handoff_ops fake;

static void fake_start(struct handoff_plan *p)
{
	free(p->initrd);
	p->initrd = NULL;
	if (fake.start_returns) { /* once: then the next start is the dry run's */
		fake.start_returns = false;
		pb_error(PB_ERR_IO, "fake: the program returned");
	}
}

static const char *fake_refuses(const struct menu_entry *e)
{
	return e->kind == MENU_MULTIBOOT ? "the fake boots no multiboot kernel" : NULL;
}

static struct handoff_ops fake = { .name = "fake", .cmdline_max = 1023, .initrd_max = 8u << 20,
				   .refuses = fake_refuses, .prepare = fake_prepare, .abort = fake_abort,
				   .start = fake_start, .start_returns = false };
static const struct handoff_ops *const handoffs[] = { &fake, NULL };
static const struct menu_ui_ops console = { NULL, con_getc, con_write, con_now, con_idle };
static const struct plat_disks disks = { NULL, disks_probe, NULL, disks_release };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct pvboot_opts opts;
	static const char args[] = "";

	if (size < 1)
		return 0;
	uint8_t tail = data[size - 1];
	size_t nkeys = tail & 31;
	if (size - 1 < nkeys)
		return 0;
	size_t disk_len = (size - 1 - nkeys) & ~(size_t)511;
	if (disk_len == 0)
		return 0;

	memset(&S, 0, sizeof(S));
	S.keys = data + disk_len;
	S.nkeys = nkeys;
	fake.start_returns = tail & 0x80;
	/* Writable: savedefault and next_entry write grubenv back. */
	S.disk.data = malloc(disk_len);
	if (!S.disk.data)
		return 0;
	memcpy(S.disk.data, data, disk_len);
	S.disk.len = disk_len;
	S.dev.ops = &wdisk_ops;
	S.dev.sector_size = 512;
	S.dev.nr_sectors = disk_len / 512;
	S.dev.priv = &S.disk;
	memcpy(S.dev.name, "xvda", 5);

	opts_parse(args, 0, &opts);
	struct platform p = { .name = "fuzz", .args = args, .opts = &opts, .ram_bytes = 64u << 20,
			      .con = &console, .disks = &disks, .handoffs = handoffs,
			      .loader_paths = menu_xen_loader_paths, .batch = true };
	core_run(&p);
	free(S.disk.data);
	return 0;
}
