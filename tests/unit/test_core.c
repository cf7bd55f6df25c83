/* The boot core (loader/boot/) against a fake platform: disks in memory
 * holding ext4 images that mke2fs writes from a directory tree, a console
 * fed by a key script on a fake clock, and a recording handoff that
 * refuses kernels starting with "BAD" and keeps what it was given.
 * Covers fallback order, the command-line limit, chain depth, initrd
 * concatenation and the menu after a failed entry. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "loader/boot/platform.h"
#include "loader/lib/err.h"
#include "menu/menu_load.h"

/* ---- memory disks from directory trees ---- */

struct memdisk {
	uint8_t *data;
	size_t len;
};

static int mem_read(struct blockdev *dev, uint64_t lba, uint64_t count, void *buf)
{
	struct memdisk *m = dev->priv;
	if (!pb_range_ok(lba * dev->sector_size, count * dev->sector_size, m->len))
		return pb_error(PB_ERR_IO, "memdisk: read past the end");
	memcpy(buf, m->data + lba * dev->sector_size, count * dev->sector_size);
	return PB_OK;
}

static int mem_write(struct blockdev *dev, uint64_t lba, uint64_t count, const void *buf)
{
	struct memdisk *m = dev->priv;
	if (!pb_range_ok(lba * dev->sector_size, count * dev->sector_size, m->len))
		return pb_error(PB_ERR_IO, "memdisk: write past the end");
	memcpy(m->data + lba * dev->sector_size, buf, count * dev->sector_size);
	return PB_OK;
}

static const struct blockdev_ops mem_ops = { .read = mem_read, .write = mem_write };

static char tree[64];

static void put_file(const char *path, const void *data, size_t len)
{
	char full[256], cmd[300];
	snprintf(full, sizeof(full), "%s%s", tree, path);
	snprintf(cmd, sizeof(cmd), "mkdir -p \"$(dirname '%s')\"", full);
	assert_int_equal(system(cmd), 0);
	FILE *f = fopen(full, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
}

static void put_text(const char *path, const char *text)
{
	put_file(path, text, strlen(text));
}

static void new_tree(void)
{
	strcpy(tree, "/tmp/pvboot-core-XXXXXX");
	assert_non_null(mkdtemp(tree));
}

/* The tree as an 8 MiB ext4 disk without a partition table (hd0). */
static void tree_to_disk(struct blockdev *dev, struct memdisk *m, const char *name)
{
	char img[96], cmd[300];
	snprintf(img, sizeof(img), "%s.img", tree);
	snprintf(cmd, sizeof(cmd), "mke2fs -q -F -t ext4 -d %s %s 8M >/dev/null 2>&1 && rm -rf %s", tree, img, tree);
	assert_int_equal(system(cmd), 0);
	FILE *f = fopen(img, "rb");
	assert_non_null(f);
	m->len = 8u << 20;
	m->data = malloc(m->len);
	assert_int_equal(fread(m->data, 1, m->len, f), m->len);
	fclose(f);
	remove(img);
	memset(dev, 0, sizeof(*dev));
	dev->ops = &mem_ops;
	dev->sector_size = 512;
	dev->nr_sectors = m->len / 512;
	dev->priv = m;
	snprintf(dev->name, sizeof(dev->name), "%s", name);
}

/* ---- the fake platform ---- */

#define MAX_CALLS 16

struct fake {
	const char *keys;       /* typed once the first menu has been left */
	size_t ki;
	uint64_t clock;
	unsigned idles, menus;
	char out[1 << 16];
	size_t outlen;
	struct blockdev dev[2];
	struct memdisk mem[2];
	int ndisks;
	bool released;
	/* the recording handoff */
	int prepared;
	char prepared_cmdline[MAX_CALLS][MENU_CMDLINE_MAX];
	uint8_t *initrd;
	uint64_t initrd_len;
	bool started;
	int returned;
	char started_cmdline[MENU_CMDLINE_MAX];
};

static struct fake F;

static int con_getc(void *ctx)
{
	(void)ctx;
	/* Keys are only "typed" once the menu is back after failures. */
	if (!F.keys || !strstr(F.out, "back to the menu") || !F.keys[F.ki])
		return -1;
	return (unsigned char)F.keys[F.ki++];
}

static void con_write(void *ctx, const char *s, size_t len)
{
	(void)ctx;
	len = PB_MIN(len, sizeof(F.out) - 1 - F.outlen);
	memcpy(F.out + F.outlen, s, len);
	F.outlen += len;
	F.out[F.outlen] = '\0';
}

static uint64_t con_now(void *ctx)
{
	(void)ctx;
	return F.clock;
}

static void con_idle(void *ctx, uint32_t ms)
{
	(void)ctx;
	if (++F.idles > 100000)
		fail_msg("the core idles forever; console so far:\n%s", F.out);
	F.clock += ms;
}

static int disks_probe(void *ctx, struct blockdev **devs, int max, int *count)
{
	(void)ctx;
	for (int i = 0; i < F.ndisks && i < max; i++)
		devs[i] = &F.dev[i];
	*count = F.ndisks;
	return PB_OK;
}

static void disks_release(void *ctx)
{
	(void)ctx;
	F.released = true;
}

static int rec_prepare(const uint8_t *kernel, size_t len, uint64_t initrd_len, const char *cmdline,
		       struct handoff_plan *out)
{
	assert_true(F.prepared < MAX_CALLS);
	snprintf(F.prepared_cmdline[F.prepared++], MENU_CMDLINE_MAX, "%s", cmdline);
	if (len >= 3 && !memcmp(kernel, "BAD", 3))
		return pb_error(PB_ERR_CORRUPT, "fake: corrupt kernel");
	out->initrd = F.initrd = calloc(1, initrd_len + 1);
	out->initrd_len = F.initrd_len = initrd_len;
	out->mem_bytes = len + initrd_len;
	snprintf(out->summary, sizeof(out->summary), "fake kernel of %zu bytes", len);
	return PB_OK;
}

static void rec_abort(struct handoff_plan *p)
{
	free(p->initrd);
	F.initrd = NULL;
}

static void rec_start(struct handoff_plan *p);
static const char *rec_refuses(const struct menu_entry *e);
static struct handoff_ops rec = { .name = "fake", .cmdline_max = 1023, .initrd_max = 1u << 20, .refuses = rec_refuses,
				  .prepare = rec_prepare, .abort = rec_abort, .start = rec_start };

static void rec_start(struct handoff_plan *p)
{
	(void)p;
	assert_true(F.released); /* disks are let go before the start */
	if (rec.start_returns) { /* the first program started comes back (EFI StartImage) */
		rec.start_returns = false;
		F.returned++;
		pb_error(PB_ERR_IO, "fake: the program returned");
		return;
	}
	F.started = true;
	snprintf(F.started_cmdline, sizeof(F.started_cmdline), "%s", F.prepared_cmdline[F.prepared - 1]);
}

static const char *rec_refuses(const struct menu_entry *e)
{
	return e->kind == MENU_MULTIBOOT ? "fake boots no multiboot" : NULL;
}

static const struct handoff_ops *const handoffs[] = { &rec, NULL };
static const struct menu_ui_ops console = { NULL, con_getc, con_write, con_now, con_idle };
static const struct plat_disks disks = { NULL, disks_probe, NULL, disks_release };

static struct pvboot_opts opts;

static int run_core(const char *args, bool batch)
{
	opts_parse(args, strlen(args), &opts);
	struct platform p = { .name = "fake", .args = args, .opts = &opts, .ram_bytes = 64u << 20,
			      .con = &console, .disks = &disks, .handoffs = handoffs,
			      .loader_paths = menu_xen_loader_paths, .batch = batch };
	return core_run(&p);
}

static int setup(void **state)
{
	(void)state;
	free(F.initrd);
	memset(&F, 0, sizeof(F));
	rec.cmdline_max = 1023;
	rec.initrd_max = 1u << 20;
	rec.start_returns = false;
	new_tree();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	for (int i = 0; i < F.ndisks; i++)
		free(F.mem[i].data);
	free(F.initrd);
	F.initrd = NULL;
	return 0;
}

static void one_disk(void)
{
	tree_to_disk(&F.dev[0], &F.mem[0], "xvda");
	F.ndisks = 1;
}

/* ---- tests ---- */

/* default fails, then the fallbacks in the configuration's order, each
 * skipping what was tried; the last one boots. */
static void test_fallback_order(void **state)
{
	(void)state;
	put_text("/k-bad", "BAD kernel");
	put_text("/k-good", "a kernel");
	put_text("/boot/grub/grub.cfg", "set default=1\nset timeout=0\nset fallback=\"3 1 0\"\n"
					"menuentry A { linux /k-good a }\nmenuentry B { linux /k-bad b }\n"
					"menuentry C { linux /k-gone c }\nmenuentry D { linux /k-bad d }\n");
	one_disk();
	assert_int_equal(run_core("", true), PB_OK);
	assert_int_equal(F.prepared, 3); /* B, D, A: C's kernel is missing, never prepared */
	assert_string_equal(F.prepared_cmdline[0], "b");
	assert_string_equal(F.prepared_cmdline[1], "d");
	assert_string_equal(F.prepared_cmdline[2], "a");
	assert_true(F.started);
	assert_non_null(strstr(F.out, "pvboot: cannot boot 'B': /k-bad: fake: corrupt kernel\n"
				      "pvboot: trying fallback entry 3\n"));
	assert_non_null(strstr(F.out, "pvboot: trying fallback entry 0\n"));
	assert_non_null(strstr(F.out, "pvboot: kernel (hd0)/k-good: 8 bytes\n"));
	assert_non_null(strstr(F.out, "pvboot: handoff fake: fake kernel of 8 bytes; needs 1 MiB\n"));
}

/* Nothing boots: batch mode returns an error, the disks are released. */
static void test_nothing_boots(void **state)
{
	(void)state;
	put_text("/k-bad", "BAD");
	put_text("/boot/grub/grub.cfg", "set timeout=0\nset fallback=0\nmenuentry A { linux /k-bad }\n"
					"menuentry M { multiboot /xen }\n");
	one_disk();
	assert_int_equal(run_core("pvboot.entry=M", true), PB_ERR_NOTFOUND);
	assert_true(F.released);
	assert_false(F.started);
	assert_non_null(strstr(F.out, "cannot boot 'M': fake boots no multiboot\npvboot: trying fallback entry 0\n"));
	assert_int_equal(F.prepared, 1);
}

/* An interactive platform goes back to the menu, without a countdown,
 * and boots what is chosen there. */
static void test_back_to_menu(void **state)
{
	(void)state;
	put_text("/k-bad", "BAD");
	put_text("/k-good", "good");
	put_text("/boot/grub/grub.cfg", "set timeout=1\nmenuentry A { linux /k-bad a }\nmenuentry B { linux /k-good b }\n");
	one_disk();
	F.keys = "j\r"; /* down to B, Enter */
	assert_int_equal(run_core("", false), PB_OK);
	assert_true(F.started);
	assert_string_equal(F.started_cmdline, "b");
	assert_non_null(strstr(F.out, "back to the menu: choose an entry (the countdown is off)"));
}

/* A handoff whose program returns (EFI StartImage): the menu again,
 * not the fallback entry, with the volumes still mounted, so the entry
 * chosen there loads. */
static void test_start_returns(void **state)
{
	(void)state;
	put_text("/k-a", "app");
	put_text("/k-b", "kernel");
	put_text("/boot/grub/grub.cfg", "set timeout=0\nset fallback=1\nmenuentry A { linux /k-a a }\n"
					"menuentry B { linux /k-b b }\n");
	one_disk();
	rec.start_returns = true;
	F.keys = "j\r";
	assert_int_equal(run_core("", false), PB_OK);
	assert_int_equal(F.returned, 1);
	assert_int_equal(F.prepared, 2);
	assert_true(F.started);
	assert_string_equal(F.started_cmdline, "b");
	assert_non_null(strstr(F.out, "pvboot: cannot boot 'A': fake: the program returned\n"
				      "pvboot: back to the menu"));
	assert_null(strstr(F.out, "trying fallback entry"));
}

/* The handoff's command-line limit: refused with both numbers, never cut;
 * Dom0's append counts. */
static void test_cmdline_limit(void **state)
{
	(void)state;
	put_text("/k", "kernel");
	put_text("/boot/grub/grub.cfg", "set timeout=0\nmenuentry A { linux /k 0123456789 }\n");
	one_disk();
	rec.cmdline_max = 14;
	assert_int_equal(run_core("pvboot.append=abcd", true), PB_ERR_NOTFOUND);
	assert_int_equal(F.prepared, 0);
	assert_non_null(strstr(F.out, "cannot boot 'A': kernel command line of 15 bytes: fake takes at most 14\n"));
	teardown(NULL);
	setup(NULL);
	put_text("/k", "kernel");
	put_text("/boot/grub/grub.cfg", "set timeout=0\nmenuentry A { linux /k 0123456789 }\n");
	one_disk();
	rec.cmdline_max = 15; /* exactly the limit boots */
	assert_int_equal(run_core("pvboot.append=abcd", true), PB_OK);
	assert_string_equal(F.started_cmdline, "0123456789 abcd");
}

/* Chaining into a guest-installed loader passes our own command line
 * with the depth; a chained pvboot does not chain again. */
static void test_chain_depth(void **state)
{
	(void)state;
	put_text("/boot/xen/pvboot-x86_64.elf", "an ELF");
	one_disk();
	assert_int_equal(run_core("pvboot.timeout=0 console=hvc0", true), PB_OK);
	assert_string_equal(F.started_cmdline, "pvboot.timeout=0 console=hvc0 pvboot.chained=1");
	teardown(NULL);
	setup(NULL);
	put_text("/boot/xen/pvboot-x86_64.elf", "an ELF");
	one_disk();
	assert_int_equal(run_core("pvboot.chained=1 pvboot.timeout=0", true), PB_ERR_NOTFOUND);
	assert_int_equal(F.prepared, 0);
	assert_non_null(strstr(F.out, "already chained from another loader; not chaining again"));
}

/* Several initrds, from two disks, land back to back in the handoff's
 * buffer; together they must fit its limit. */
static void test_initrd_concatenation(void **state)
{
	(void)state;
	uint8_t a[5000], b[3000];
	for (size_t i = 0; i < sizeof(a); i++)
		a[i] = (uint8_t)(i * 7);
	for (size_t i = 0; i < sizeof(b); i++)
		b[i] = (uint8_t)(i * 13 + 1);
	put_file("/boot/a.img", a, sizeof(a));
	put_text("/k", "kernel");
	put_text("/boot/grub/grub.cfg", "set timeout=0\nmenuentry A { linux /k\n initrd /boot/a.img (hd1)/b.img }\n");
	tree_to_disk(&F.dev[0], &F.mem[0], "xvda");
	new_tree();
	put_file("/b.img", b, sizeof(b));
	tree_to_disk(&F.dev[1], &F.mem[1], "xvdb");
	F.ndisks = 2;
	assert_int_equal(run_core("", true), PB_OK);
	assert_true(F.started);
	assert_int_equal(F.initrd_len, sizeof(a) + sizeof(b));
	assert_memory_equal(F.initrd, a, sizeof(a));
	assert_memory_equal(F.initrd + sizeof(a), b, sizeof(b));
	assert_non_null(strstr(F.out, "pvboot: initrd (hd1)/b.img: 3000 bytes\n"));
}

static void test_initrd_limit(void **state)
{
	(void)state;
	uint8_t big[6000] = { 0 };
	put_file("/i", big, sizeof(big));
	put_text("/k", "kernel");
	put_text("/boot/grub/grub.cfg", "set timeout=0\nmenuentry A { linux /k\n initrd /i /i }\n");
	one_disk();
	rec.initrd_max = 10000;
	assert_int_equal(run_core("", true), PB_ERR_NOTFOUND);
	assert_int_equal(F.prepared, 0);
	assert_non_null(strstr(F.out, "initrds of 11 KiB: fake takes at most 9 KiB"));
}

/* Dom0's GRUB 2.14 words reach grub.cfg; pvboot.noboot prints the menu
 * and boots nothing. */
static void test_grub_env_and_noboot(void **state)
{
	(void)state;
	put_text("/k", "kernel");
	put_text("/boot/grub/grub.cfg",
		 "set timeout=0\nmenuentry A { linux /k root=/dev/xvda1 $xen_grub_env_extra }\n");
	one_disk();
	assert_int_equal(run_core("xen_grub_env_extra='quiet splash'", true), PB_OK);
	assert_string_equal(F.started_cmdline, "root=/dev/xvda1 quiet splash");
	teardown(NULL);
	setup(NULL);
	put_text("/k", "kernel");
	put_text("/boot/grub/grub.cfg", "set timeout=0\nmenuentry A { linux /k }\n");
	one_disk();
	assert_int_equal(run_core("pvboot.noboot", true), PB_OK);
	assert_int_equal(F.prepared, 0);
	assert_true(F.released);
	assert_non_null(strstr(F.out, "PVBOOT-MENU-BEGIN\n"));
	assert_non_null(strstr(F.out, "pvboot.noboot given; shutting down."));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fallback_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nothing_boots, setup, teardown),
		cmocka_unit_test_setup_teardown(test_back_to_menu, setup, teardown),
		cmocka_unit_test_setup_teardown(test_start_returns, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cmdline_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_chain_depth, setup, teardown),
		cmocka_unit_test_setup_teardown(test_initrd_concatenation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_initrd_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_grub_env_and_noboot, setup, teardown),
	};
	return cmocka_run_group_tests_name("core", tests, NULL, NULL);
}
