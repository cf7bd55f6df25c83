/* grub.cfg on btrfs as SUSE's GRUB resolves it (menu/grubcfg_btrfs.c):
 * btrfs_relative_path, $btrfs_subvol, $btrfs_subvolid, btrfs-mount-subvol,
 * btrfs-get-default-subvol, and snapper's snapshot entries (menuentry
 * words as $2 $3, configfile in the body).  Device hd0,gpt2 is a memory
 * btrfs laid out as openSUSE's: default subvolume @/.snapshots/1/snapshot;
 * hd0,msdos1 is not btrfs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "loader/lib/err.h"
#include "menu/grubcfg.h"

#define BTRFS "hd0,gpt2"

/* Paths from the top level; a NULL data is a directory. */
struct memfile {
	const char *dev, *path, *data;
};
static const struct memfile fs[] = {
	{ BTRFS, "/@/.snapshots/1/snapshot/.snapshots", NULL },
	{ BTRFS, "/@/.snapshots/1/snapshot/boot", NULL },
	{ BTRFS, "/@/.snapshots", NULL },
	{ BTRFS, "/@/.snapshots/grub-snapshot.cfg",
	  "submenu 'Start bootloader from a read-only snapshot' {\n"
	  "  if [ -f /.snapshots/2/snapshot/boot/grub2/grub.cfg ]; then\n"
	  "    saved_subvol=$btrfs_subvol\n"
	  "    menuentry 'snap 2' /.snapshots/2/snapshot /@/.snapshots/2/snapshot {\n"
	  "      btrfs_subvol=\"$3\"\n"
	  "      extra_cmdline=\"rootflags=subvol=$3\"\n"
	  "      configfile \"$2/boot/grub2/grub.cfg\"\n"
	  "      btrfs_subvol=$saved_subvol\n"
	  "    }\n"
	  "  fi\n"
	  "}\n" },
	{ BTRFS, "/@/.snapshots/2/snapshot/boot/grub2/grub.cfg",
	  "set btrfs_relative_path=y\n"
	  "menuentry 'old' { linux /boot/vmlinuz-old root=x $extra_cmdline\n initrd /boot/initrd-old }\n" },
	{ BTRFS, "/@/.snapshots/1/snapshot/boot/grub2/grubenv", "# GRUB Environment Block\nsaved_entry=x\n" },
	{ "hd0,msdos1", "/vmlinuz", "k" },
	/* grub-btrfs (41_snapshots-btrfs): paths from the top level. */
	{ BTRFS, "/@/.snapshots/1/snapshot/boot/grub/grub-btrfs.cfg",
	  "submenu '*  Arch Linux (2024-01-01 10:00:00)' {\n"
	  "  menuentry '  Arch Linux and linux' --class arch {\n"
	  "    search --no-floppy --fs-uuid --set=root 1234\n"
	  "    linux \"/@/.snapshots/2/snapshot/boot/vmlinuz-linux\" root=UUID=1234 rw rootflags=subvol=\"@/.snapshots/2/snapshot\"\n"
	  "    initrd \"/@/.snapshots/2/snapshot/boot/initramfs-linux.img\"\n"
	  "  }\n"
	  "}\n" },
	{ NULL, NULL, NULL },
};

static const struct { uint64_t id; const char *path; } subvols[] = {
	{ 5, "" }, { 256, "/@" }, { 257, "/@/.snapshots" }, { 258, "/@/.snapshots/1/snapshot" },
	{ 259, "/@/.snapshots/2/snapshot" },
};

static const struct memfile *find(const char *dev, const char *path)
{
	for (const struct memfile *f = fs; f->path; f++)
		if (!strcmp(f->path, path) && !strcmp(f->dev, dev[0] ? dev : BTRFS))
			return f;
	return NULL;
}

static int mem_read(void *ctx, const char *dev, const char *path, size_t max, char **buf, size_t *len)
{
	const struct memfile *f = find(dev, path);
	(void)ctx;
	if (!f || !f->data)
		return pb_error(PB_ERR_NOTFOUND, "%s: not found", path);
	*len = strlen(f->data);
	*buf = strdup(f->data);
	return PB_OK;
}

static int mem_stat(void *ctx, const char *dev, const char *path, bool *is_dir, uint64_t *size)
{
	const struct memfile *f = find(dev, path);
	(void)ctx;
	if (!f)
		return pb_error(PB_ERR_NOTFOUND, "%s: not found", path);
	*is_dir = !f->data;
	*size = f->data ? strlen(f->data) : 0;
	return PB_OK;
}

static int mem_subvol(void *ctx, const char *dev, const char *path, uint64_t *id, char *out, size_t n)
{
	(void)ctx;
	if (strcmp(dev, BTRFS))
		return pb_error(PB_ERR_INVAL, "not btrfs");
	for (size_t i = 0; i < sizeof(subvols) / sizeof(subvols[0]); i++) {
		bool hit = path ? !strcmp(path, subvols[i].path[0] ? subvols[i].path : "/")
				: subvols[i].id == (*id ? *id : 258);
		if (hit) {
			*id = subvols[i].id;
			snprintf(out, n, "%s", subvols[i].path);
			return PB_OK;
		}
	}
	return pb_error(PB_ERR_NOTFOUND, "no such subvolume");
}

static const struct menu_io io = { NULL, mem_read, mem_stat, NULL, NULL, NULL, mem_subvol };

static struct menu m;

static void eval(const char *cfg)
{
	menu_init(&m);
	pb_errclear();
	assert_int_equal(grubcfg_eval_buffer(&io, BTRFS, "/@/.snapshots/1/snapshot/boot/grub2/grub.cfg", NULL, cfg,
					     strlen(cfg), &m),
			 PB_OK);
}

static void test_relative_path(void **state)
{
	(void)state;
	eval("menuentry a { linux /boot/vmlinuz }\n"
	     "set btrfs_relative_path=y\n"
	     "menuentry b { linux /boot/vmlinuz\n initrd ($root)/boot/initrd }\n"
	     "menuentry c { set btrfs_relative_path=n; linux /boot/vmlinuz }\n"
	     "menuentry d { btrfs_relative_path=1; linux /vmlinuz }\n"
	     "menuentry e { linux (hd0,msdos1)/vmlinuz }\n" /* not btrfs: as given */
	     "menuentry f { btrfs_subvol=/@/.snapshots/2/snapshot; linux /boot/vmlinuz }\n"
	     "menuentry g { btrfs_subvolid=259; linux /boot/vmlinuz }\n"
	     "menuentry h { btrfs_subvol=; linux /boot/vmlinuz }\n"
	     "menuentry i { btrfs_subvol=/nothere; linux /boot/vmlinuz }\n");
	assert_int_equal(m.count, 9);
	assert_string_equal(m.entries[0].kernel, "/boot/vmlinuz"); /* upstream's rule: the top level */
	assert_string_equal(m.entries[1].kernel, "/@/.snapshots/1/snapshot/boot/vmlinuz");
	assert_string_equal(m.entries[1].initrd[0], "(hd0,gpt2)/@/.snapshots/1/snapshot/boot/initrd");
	assert_string_equal(m.entries[2].kernel, "/boot/vmlinuz");
	assert_string_equal(m.entries[3].kernel, "/@/.snapshots/1/snapshot/vmlinuz");
	assert_string_equal(m.entries[4].kernel, "(hd0,msdos1)/vmlinuz");
	assert_string_equal(m.entries[5].kernel, "/@/.snapshots/2/snapshot/boot/vmlinuz");
	assert_string_equal(m.entries[6].kernel, "/@/.snapshots/2/snapshot/boot/vmlinuz");
	assert_string_equal(m.entries[7].kernel, "/@/.snapshots/1/snapshot/boot/vmlinuz");
	assert_string_equal(m.entries[8].kernel, ""); /* no such subvolume: GRUB opens nothing */
	assert_non_null(strstr(m.warnings, "btrfs_subvol=/nothere"));
	menu_free(&m);
}

static void test_mount_subvol(void **state)
{
	(void)state;
	eval("btrfs-mount-subvol ($root) /.snapshots /@/.snapshots\n" /* no /.snapshots at the top */
	     "set btrfs_relative_path=y\n"
	     "btrfs-mount-subvol ($root) /.snapshots /@/.snapshots\n"
	     "menuentry a { btrfs_relative_path=n; linux /.snapshots/k }\n" /* mounts apply then too: */
	     "menuentry b { linux /.snapshots/k }\n"
	     "menuentry c { linux /.snapshotsX/k }\n" /* GRUB's plain string prefix */
	     "menuentry d { linux /.snapshots }\n"
	     "menuentry e { btrfs-mount-subvol ($root) /boot @; linux /boot/k }\n"
	     "menuentry f { linux /boot/k }\n" /* e's mount stayed in e */
	     "btrfs-mount-subvol ($root) /nothere @\n"
	     "btrfs-mount-subvol ($root) /boot /nosubvol\n"
	     "btrfs-get-default-subvol -p -o dflt ($root)\n"
	     "menuentry \"$dflt\" { true; }\n");
	assert_int_equal(m.count, 7);
	assert_string_equal(m.entries[0].kernel, "/k"); /* the prefix is cut, the rest from the top */
	assert_string_equal(m.entries[1].kernel, "/@/.snapshots/k");
	assert_string_equal(m.entries[2].kernel, "/@/.snapshots/X/k"); /* "X/k" inside it */
	assert_string_equal(m.entries[3].kernel, "/@/.snapshots/");
	assert_string_equal(m.entries[4].kernel, "/@/k");
	assert_string_equal(m.entries[5].kernel, "/@/.snapshots/1/snapshot/boot/k");
	assert_string_equal(m.entries[6].title, "/@/.snapshots/1/snapshot");
	assert_non_null(strstr(m.warnings, "/nothere"));
	assert_non_null(strstr(m.warnings, "/nosubvol"));
	menu_free(&m);
}

static void test_snapper_entry(void **state)
{
	(void)state;
	eval("set btrfs_relative_path=y\n"
	     "menuentry top { linux /boot/vmlinuz }\n"
	     "btrfs-mount-subvol ($root) /.snapshots @/.snapshots\n"
	     "if [ -f /.snapshots/grub-snapshot.cfg ]; then source /.snapshots/grub-snapshot.cfg; fi\n"
	     "menuentry last { linux /boot/vmlinuz }\n");
	assert_int_equal(m.count, 3);
	assert_string_equal(m.entries[0].kernel, "/@/.snapshots/1/snapshot/boot/vmlinuz");
	/* The snapshot's entry became a submenu of its grub.cfg's entries. */
	assert_string_equal(m.entries[1].submenu, "Start bootloader from a read-only snapshot>snap 2");
	assert_string_equal(m.entries[1].title, "old");
	assert_string_equal(m.entries[1].kernel, "/@/.snapshots/2/snapshot/boot/vmlinuz-old");
	assert_string_equal(m.entries[1].initrd[0], "/@/.snapshots/2/snapshot/boot/initrd-old");
	assert_string_equal(m.entries[1].cmdline, "root=x rootflags=subvol=/@/.snapshots/2/snapshot");
	assert_int_equal(m.entries[1].depth, 2);
	assert_int_equal(m.entries[1].item[0], 1);
	assert_int_equal(m.entries[1].item[1], 0);
	assert_int_equal(m.entries[1].item[2], 0);
	/* The variables of the snapshot's entry stayed in it. */
	assert_string_equal(m.entries[2].title, "last");
	assert_string_equal(m.entries[2].kernel, "/@/.snapshots/1/snapshot/boot/vmlinuz");
	assert_int_equal(m.entries[2].item[0], 2);
	menu_free(&m);
}

static void test_grub_btrfs(void **state)
{
	(void)state;
	eval("menuentry 'Arch Linux' { linux /@/boot/vmlinuz-linux }\n"
	     "set prefix=($root)/@/.snapshots/1/snapshot/boot/grub\n"
	     "if [ ! -e \"${prefix}/grub-btrfs.cfg\" ]; then\necho \"\"\nelse\n"
	     "submenu 'Arch Linux snapshots' {\n    configfile \"${prefix}/grub-btrfs.cfg\"\n}\nfi\n");
	/* configfile in a submenu fills that submenu; the menu stays. */
	assert_int_equal(m.count, 2);
	assert_string_equal(m.entries[0].title, "Arch Linux");
	assert_string_equal(m.entries[1].submenu, "Arch Linux snapshots>*  Arch Linux (2024-01-01 10:00:00)");
	assert_string_equal(m.entries[1].kernel, "/@/.snapshots/2/snapshot/boot/vmlinuz-linux");
	assert_string_equal(m.entries[1].cmdline, "root=UUID=1234 rw rootflags=subvol=@/.snapshots/2/snapshot");
	menu_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_relative_path),
		cmocka_unit_test(test_mount_subvol),
		cmocka_unit_test(test_snapper_entry),
		cmocka_unit_test(test_grub_btrfs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
