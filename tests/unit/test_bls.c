/* BLS entries as Red Hat's blscfg reads them (menu/bls*.c, grubcfg_bls.c):
 * GRUB's line quirks, rpm version order, its $variable expansion (and
 * its quirks), the entry scripts it writes, both sort orders, the
 * blscfg arguments, save_env inside entry bodies written back on boot,
 * and BLS entries without a grub.cfg.  Files come from an in-memory
 * table with directories. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "loader/lib/err.h"
#include "menu/bls.h"
#include "menu/bls_menu.h"
#include "menu/env_update.h"
#include "menu/grubcfg.h"
#include "menu/grubenv.h"

struct memfile {
	const char *path, *data;
};
static const struct memfile *files;
static char env_block[GRUBENV_SIZE + 1]; /* /grub2/grubenv (or /boot/grub/grubenv), writable */
static const char *env_at;
static int writes;

static int mem_read(void *ctx, const char *dev, const char *path, size_t max, char **buf, size_t *len)
{
	(void)ctx;
	(void)dev;
	if (env_at && !strcmp(path, env_at)) {
		*buf = malloc(GRUBENV_SIZE + 1);
		memcpy(*buf, env_block, GRUBENV_SIZE + 1);
		*len = GRUBENV_SIZE;
		return PB_OK;
	}
	for (const struct memfile *f = files; f && f->path; f++)
		if (!strcmp(f->path, path)) {
			*len = strlen(f->data);
			if (*len > max)
				return pb_error(PB_ERR_LIMIT, "%s: too big", path);
			*buf = strdup(f->data);
			return PB_OK;
		}
	return pb_error(PB_ERR_NOTFOUND, "%s: not found", path);
}

static int mem_stat(void *ctx, const char *dev, const char *path, bool *is_dir, uint64_t *size)
{
	size_t n = strlen(path);
	char *b;
	size_t l;

	for (const struct memfile *f = files; f && f->path; f++)
		if (!strncmp(f->path, path, n) && f->path[n] == '/') {
			*is_dir = true;
			*size = 0;
			return PB_OK;
		}
	if (mem_read(ctx, dev, path, 1 << 20, &b, &l))
		return PB_ERR_NOTFOUND;
	free(b);
	*is_dir = false;
	*size = l;
	return PB_OK;
}

/* Directory order is the table's order. */
static int mem_list(void *ctx, const char *dev, const char *dir, menu_dir_cb cb, void *cb_ctx)
{
	size_t n = strlen(dir);
	bool any = false;

	(void)ctx;
	(void)dev;
	for (const struct memfile *f = files; f && f->path; f++)
		if (!strncmp(f->path, dir, n) && f->path[n] == '/' && !strchr(f->path + n + 1, '/')) {
			any = true;
			cb(cb_ctx, f->path + n + 1, false);
		}
	return any ? PB_OK : pb_error(PB_ERR_NOTFOUND, "%s: no such directory", dir);
}

static int mem_write(void *ctx, const char *dev, const char *path, const void *buf, size_t len)
{
	(void)ctx;
	(void)dev;
	assert_string_equal(path, env_at);
	assert_int_equal(len, GRUBENV_SIZE);
	memcpy(env_block, buf, len);
	writes++;
	return PB_OK;
}

static const struct menu_io io = { NULL, mem_read, mem_stat, mem_list, NULL, mem_write, NULL };

static void set_env(const char *path, const char *lines)
{
	struct grubenv *env = malloc(sizeof(*env));
	char text[GRUBENV_SIZE];

	snprintf(text, sizeof(text), "# GRUB Environment Block\n%s", lines);
	assert_int_equal(grubenv_parse(text, strlen(text), env), PB_OK);
	assert_int_equal(grubenv_serialize(env, env_block), PB_OK);
	env_block[GRUBENV_SIZE] = '\0';
	env_at = path;
	writes = 0;
	free(env);
}

static const char *env_get(const char *key)
{
	static struct grubenv env;
	assert_int_equal(grubenv_parse(env_block, GRUBENV_SIZE, &env), PB_OK);
	return grubenv_get(&env, key);
}

static int eval(const char *cfg, struct menu *m)
{
	assert_int_equal(menu_init(m), PB_OK);
	pb_errclear();
	int rc = grubcfg_eval_buffer(&io, "hd0,msdos1", "/grub2/grub.cfg", NULL, cfg, strlen(cfg), m);
	if (m->warnings[0])
		print_message("warnings: %s", m->warnings);
	return rc;
}

static void test_file_quirks(void **state)
{
	(void)state;
	struct bls_file f;
	const char *t = "  title  Fedora Linux  \r\n#options no\n\tlinux\t/vmlinuz\r\ninitrd /a\ninitrd /b /c\n"
			"key\tvalue with spaces\n\nversion after-a-blank-line\n";
	int it = -1;

	assert_int_equal(bls_parse_file(t, strlen(t), "x-1", &f), PB_OK);
	assert_string_equal(bls_get(&f, "title", NULL), "Fedora Linux  ");
	assert_string_equal(bls_get(&f, "linux", NULL), "/vmlinuz");
	assert_null(bls_get(&f, "options", NULL));
	assert_string_equal(bls_get(&f, "initrd", &it), "/a");
	assert_string_equal(bls_get(&f, "initrd", &it), "/b /c");
	assert_null(bls_get(&f, "initrd", &it));
	/* the key ends at the first space when there is one: GRUB's strchr(' ') */
	assert_string_equal(bls_get(&f, "key\tvalue", NULL), "with spaces");
	/* GRUB stops reading at the blank line */
	assert_null(bls_get(&f, "version", NULL));
	assert_string_equal(bls_title(&f), "Fedora Linux  ");
	bls_file_free(&f);
	assert_int_equal(bls_parse_file("linux /k\ntitle\nversion 1\n", 25, "y", &f), PB_OK);
	assert_string_equal(bls_title(&f), "/k"); /* no title: the kernel's path */
	assert_null(bls_get(&f, "version", NULL));
	bls_file_free(&f);
}

static void test_vercmp(void **state)
{
	(void)state;
	static const struct { const char *a, *b; int want; } v[] = {
		{ "6.5.6-300.fc39", "6.11.4-101.fc39", -1 }, { "5.14.0-362.el9", "5.14.0-70.el9", 1 },
		{ "1.0", "1.0", 0 }, { "001", "1", 0 }, { "1.0~rc1", "1.0", -1 }, { "1.0a", "1.0", 1 },
		{ "2.0", "2.0.1", -1 }, { "a", "1", -1 }, { "1", "a", 1 }, { "1_0", "1.0", 0 },
		{ "abc", "abd", -1 }, { "10", "9", 1 },
	};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		print_message("%s vs %s\n", v[i].a, v[i].b);
		assert_int_equal(bls_vercmp(v[i].a, v[i].b), v[i].want);
		assert_int_equal(bls_vercmp(v[i].b, v[i].a), -v[i].want);
	}
}

static const char *tv(void *ctx, const char *name)
{
	(void)ctx;
	if (!strcmp(name, "kernelopts"))
		return "root=/dev/mapper/rhel-root ro crashkernel=auto";
	if (!strcmp(name, "tuned_params"))
		return ctx ? "skew_tick=1 nohz=on" : NULL;
	if (!strcmp(name, "xy"))
		return "XY";
	return NULL;
}

static void test_expand(void **state)
{
	(void)state;
	static const struct { const char *in; bool tuned; const char *out; bool any; } x[] = {
		{ "$kernelopts $tuned_params", false, "root=/dev/mapper/rhel-root ro crashkernel=auto ", true },
		{ "$kernelopts $tuned_params", true, "root=/dev/mapper/rhel-root ro crashkernel=auto skew_tick=1 nohz=on ",
		  true },
		{ "$tuned_params", false, "", false },     /* nothing at all: default_kernelopts applies */
		{ "ro quiet", false, "ro quiet", true },
		{ "\\$kernelopts", false, "\\$kernelopts", true }, /* the script's parser unescapes it */
		{ "${kernelopts}", false, "{kernelopts}", true }, /* braces are not blscfg syntax */
		{ "quiet$xy", false, "quietXY ", true },
		{ "root=$xy=1", false, "root=XY =1", true },
		/* GRUB drops a last piece of one character */
		{ "$kernelopts q", false, "root=/dev/mapper/rhel-root ro crashkernel=auto ", true },
		{ "quiet$x", false, "quiet", true },
		{ "a", false, "", false },
	};
	char out[256];
	bool any;
	for (size_t i = 0; i < sizeof(x) / sizeof(x[0]); i++) {
		assert_int_equal(bls_expand(x[i].in, tv, x[i].tuned ? (void *)1 : NULL, out, sizeof(out), &any), PB_OK);
		print_message("'%s' -> '%s'\n", x[i].in, out);
		assert_string_equal(out, x[i].out);
		assert_int_equal(any, x[i].any);
	}
	assert_int_equal(bls_expand("$kernelopts $kernelopts", tv, NULL, out, 40, &any), PB_ERR_LIMIT);
}

static void test_entry_script(void **state)
{
	(void)state;
	struct bls_file f;
	char s[BLS_SCRIPT_MAX];
	const char *t = "title RHEL\nlinux /vmlinuz-4.18\ninitrd /initramfs-4.18.img $tuned_initrd\n"
			"options $kernelopts $tuned_params\ngrub_class kernel\n";

	assert_int_equal(bls_parse_file(t, strlen(t), "m-4.18", &f), PB_OK);
	assert_int_equal(bls_entry_script(&f, BLS_FLAVOR_CURRENT, tv, NULL, s, sizeof(s)), PB_OK);
	assert_string_equal(s, "load_video\nset gfxpayload=keep\ninsmod gzio\n"
			       "linux ($root)/vmlinuz-4.18 root=/dev/mapper/rhel-root ro crashkernel=auto \n"
			       "initrd ($root)/initramfs-4.18.img $tuned_initrd\n");
	assert_int_equal(bls_entry_script(&f, BLS_FLAVOR_RHEL8, tv, NULL, s, sizeof(s)), PB_OK);
	assert_string_equal(s, "load_video\nset gfx_payload=keep\ninsmod gzio\n"
			       "linux ($root)/vmlinuz-4.18 root=/dev/mapper/rhel-root ro crashkernel=auto \n"
			       "initrd  ($root)/initramfs-4.18.img $tuned_initrd\n");
	assert_int_equal(bls_entry_script(&f, BLS_FLAVOR_CURRENT, tv, NULL, s, 64), PB_ERR_LIMIT);
	bls_file_free(&f);
	assert_int_equal(bls_parse_file("title x\n", 8, "x", &f), PB_OK);
	assert_int_equal(bls_entry_script(&f, BLS_FLAVOR_CURRENT, tv, NULL, s, sizeof(s)), PB_ERR_CORRUPT);
	assert_non_null(strstr(pb_errmsg(), "x.conf: no 'linux' or 'efi' line"));
	bls_file_free(&f);
	/* An EFI program (a UKI): chain-loaded with its options. */
	assert_int_equal(bls_parse_file("efi /EFI/Linux/uki.efi\noptions quiet\n", 37, "u", &f), PB_OK);
	assert_string_equal(bls_title(&f), "/EFI/Linux/uki.efi");
	assert_int_equal(bls_entry_script(&f, BLS_FLAVOR_CURRENT, tv, NULL, s, sizeof(s)), PB_OK);
	assert_string_equal(s, "chainloader ($root)/EFI/Linux/uki.efi quiet\n");
	bls_file_free(&f);
}

/* RHEL 8 (grub2 2.02): kernelopts and tuned in grubenv, the kernelopts
 * fallback block, 10_reset_boot_success; entries of two machine ids (an
 * image built elsewhere, kernels installed later). */
static const char rhel8_cfg[] =
	"set pager=1\n"
	"if [ -f ${config_directory}/grubenv ]; then\n  load_env -f ${config_directory}/grubenv\n"
	"elif [ -s $prefix/grubenv ]; then\n  load_env\nfi\n"
	"if [ \"${next_entry}\" ] ; then\n   set default=\"${next_entry}\"\n   set next_entry=\n"
	"   save_env next_entry\n   set boot_once=true\nelse\n   set default=\"${saved_entry}\"\nfi\n"
	"function load_video {\n  insmod all_video\n}\n"
	"set timeout=5\n"
	"insmod part_msdos\ninsmod xfs\nset root='hd0,msdos1'\n"
	"if [ -z \"${kernelopts}\" ]; then\n"
	"  set kernelopts=\"root=/dev/mapper/rhel-root ro crashkernel=auto resume=/dev/mapper/rhel-swap rhgb quiet \"\n"
	"fi\n"
	"insmod blscfg\nblscfg\n"
	"if [ \"${boot_success}\" = \"1\" -o \"${boot_indeterminate}\" = \"1\" ]; then\n  set menu_hide_ok=1\n"
	"else\n  set menu_hide_ok=0 \nfi\n"
	"if [ \"${boot_success}\" = \"1\" ] ; then\n  set boot_indeterminate=0\n"
	"elif [ \"${boot_indeterminate}\" = \"1\" ]; then\n  set boot_indeterminate=2\nfi\n"
	"set boot_success=0\nsave_env boot_success boot_indeterminate\n";

static const struct memfile rhel8_files[] = {
	{ "/loader/entries/aaaa-4.18.0-80.el8.x86_64.conf",
	  "title Red Hat Enterprise Linux (4.18.0-80.el8.x86_64) 8.0 (Ootpa)\nversion 4.18.0-80.el8.x86_64\n"
	  "linux /vmlinuz-4.18.0-80.el8.x86_64\ninitrd /initramfs-4.18.0-80.el8.x86_64.img $tuned_initrd\n"
	  "options $kernelopts $tuned_params\nid rhel-20190313123447-4.18.0-80.el8.x86_64\n"
	  "grub_users $grub_users\ngrub_arg --unrestricted\ngrub_class kernel\n" },
	{ "/loader/entries/ffff-0-rescue.conf",
	  "title Red Hat Enterprise Linux (0-rescue-ffff) 8.9 (Ootpa)\nversion 0-rescue-ffff\n"
	  "linux /vmlinuz-0-rescue-ffff\ninitrd /initramfs-0-rescue-ffff.img\noptions $kernelopts\n" },
	{ "/loader/entries/ffff-4.18.0-513.5.1.el8_9.x86_64.conf",
	  "title Red Hat Enterprise Linux (4.18.0-513.5.1.el8_9.x86_64) 8.9 (Ootpa)\nversion 4.18.0-513.5.1.el8_9.x86_64\n"
	  "linux /vmlinuz-4.18.0-513.5.1.el8_9.x86_64\ninitrd /initramfs-4.18.0-513.5.1.el8_9.x86_64.img $tuned_initrd\n"
	  "options $kernelopts $tuned_params\ngrub_users $grub_users\ngrub_arg --unrestricted\ngrub_class kernel\n" },
	{ "/tuned-initrd.img", "x" },
	{ NULL, NULL },
};

static void test_rhel8(void **state)
{
	(void)state;
	struct menu m;
	bool w;

	files = rhel8_files;
	set_env("/grub2/grubenv", "saved_entry=ffff-4.18.0-513.5.1.el8_9.x86_64\n"
				  "kernelopts=root=/dev/mapper/rhel-root ro crashkernel=auto console=hvc0 \n"
				  "tuned_params=skew_tick=1\ntuned_initrd=/tuned-initrd.img\nboot_success=1\n");
	assert_int_equal(eval(rhel8_cfg, &m), PB_OK);
	assert_int_equal(m.count, 3);
	/* version order: 513 first, then the other machine id's 80, rescue last */
	assert_string_equal(m.entries[0].id, "ffff-4.18.0-513.5.1.el8_9.x86_64");
	assert_string_equal(m.entries[1].id, "aaaa-4.18.0-80.el8.x86_64");
	assert_string_equal(m.entries[2].id, "ffff-0-rescue");
	assert_int_equal(m.default_index, 0);
	const struct menu_entry *e = &m.entries[0];
	assert_int_equal(e->source, MENU_SRC_BLS);
	assert_string_equal(e->kernel, "(hd0,msdos1)/vmlinuz-4.18.0-513.5.1.el8_9.x86_64");
	assert_string_equal(e->cmdline, "root=/dev/mapper/rhel-root ro crashkernel=auto console=hvc0 skew_tick=1");
	assert_int_equal(e->nr_initrds, 2);
	assert_string_equal(e->initrd[0], "(hd0,msdos1)/initramfs-4.18.0-513.5.1.el8_9.x86_64.img");
	assert_string_equal(e->initrd[1], "/tuned-initrd.img");
	assert_string_equal(m.entries[2].cmdline, "root=/dev/mapper/rhel-root ro crashkernel=auto console=hvc0");
	assert_int_equal(m.entries[1].item[0], 1);
	/* boot_success counting (in the header, after blscfg) is written when an entry boots */
	assert_int_equal(writes, 0);
	assert_int_equal(menu_env_update(&m, e, &io, &w), PB_OK);
	assert_true(w);
	assert_string_equal(env_get("boot_success"), "0");
	assert_string_equal(env_get("boot_indeterminate"), "0");
	assert_string_equal(env_get("next_entry") ? env_get("next_entry") : "(unset)", "(unset)");
	menu_free(&m);

	/* No grubenv: the script's own kernelopts; an unset $tuned_* vanishes. */
	env_at = NULL;
	assert_int_equal(eval(rhel8_cfg, &m), PB_OK);
	assert_string_equal(m.entries[0].cmdline,
			    "root=/dev/mapper/rhel-root ro crashkernel=auto resume=/dev/mapper/rhel-swap rhgb quiet");
	assert_int_equal(m.entries[0].nr_initrds, 1);
	menu_free(&m);

	/* The same files under a current GRUB (14_menu_show_once in grub.cfg):
	 * file names decide, so the other machine id sorts below the rescue. */
	char *cfg = malloc(sizeof(rhel8_cfg) + 200);
	snprintf(cfg, sizeof(rhel8_cfg) + 200, "%sif [ \"${menu_show_once_timeout}\" ]; then\n  true\nfi\n", rhel8_cfg);
	assert_int_equal(eval(cfg, &m), PB_OK);
	assert_int_equal(m.count, 3);
	assert_string_equal(m.entries[0].id, "ffff-4.18.0-513.5.1.el8_9.x86_64");
	assert_string_equal(m.entries[1].id, "ffff-0-rescue");
	assert_string_equal(m.entries[2].id, "aaaa-4.18.0-80.el8.x86_64");
	free(cfg);
	menu_free(&m);
	files = NULL;
}

/* RHEL 9 / Fedora: literal options, default_kernelopts, early_initrd,
 * save_default, blsdir, duplicates, the blscfg arguments. */
static const struct memfile rhel9_files[] = {
	{ "/boot/loader/entries/m-5.14.0-70.13.1.el9_0.x86_64.conf",
	  "title Red Hat Enterprise Linux (5.14.0-70.13.1.el9_0.x86_64) 9.0 (Plow)\nversion 5.14.0-70.13.1.el9_0.x86_64\n"
	  "linux /vmlinuz-5.14.0-70.13.1.el9_0.x86_64\ninitrd /initramfs-5.14.0-70.13.1.el9_0.x86_64.img $tuned_initrd\n"
	  "options root=/dev/mapper/rhel-root ro console=hvc0 $tuned_params\n" },
	{ "/boot/loader/entries/m-5.14.0-362.8.1.el9_3.x86_64.conf",
	  "title Red Hat Enterprise Linux (5.14.0-362.8.1.el9_3.x86_64) 9.3 (Plow)\nversion 5.14.0-362.8.1.el9_3.x86_64\n"
	  "linux /vmlinuz-5.14.0-362.8.1.el9_3.x86_64\ninitrd /initramfs-5.14.0-362.8.1.el9_3.x86_64.img\n" },
	{ "/boot/loader/entries/m-5.14.0-362.08.1.el9_3.x86_64.conf", /* compares equal: GRUB drops it */
	  "title duplicate\nlinux /dup\n" },
	{ "/boot/loader/entries/m-5.14.0-1.el9.x86_64.conf", "title no kernel\nversion 1\n" },
	{ "/boot/loader/entries/notes.txt", "title not an entry\nlinux /x\n" },
	{ NULL, NULL },
};

static void test_rhel9_and_arguments(void **state)
{
	(void)state;
	struct menu m;

	files = rhel9_files;
	set_env("/grub2/grubenv", "default_kernelopts=root=/dev/vda2 ro\nearly_initrd=microcode.img\nsave_default=true\n");
	assert_int_equal(eval("load_env\nset root=hd0,msdos1\nblscfg\n", &m), PB_OK);
	assert_int_equal(m.count, 2);
	assert_non_null(strstr(m.warnings, "m-5.14.0-362.08.1.el9_3.x86_64.conf: sorts the same as"));
	assert_non_null(strstr(m.warnings, "m-5.14.0-1.el9.x86_64.conf: no 'linux' or 'efi' line"));
	const struct menu_entry *e = &m.entries[0];
	assert_string_equal(e->id, "m-5.14.0-362.8.1.el9_3.x86_64");
	assert_string_equal(e->cmdline, "root=/dev/vda2 ro"); /* no options: $default_kernelopts */
	assert_int_equal(e->nr_initrds, 2);
	assert_string_equal(e->initrd[0], "(hd0,msdos1)/microcode.img");
	assert_true(e->savedefault);
	assert_string_equal(m.entries[1].cmdline, "root=/dev/mapper/rhel-root ro console=hvc0");
	menu_free(&m);

	assert_int_equal(eval("set default=m-5.14.0-70.13.1.el9_0.x86_64\nblscfg default\n", &m), PB_OK);
	assert_int_equal(m.count, 1);
	assert_string_equal(m.entries[0].id, "m-5.14.0-70.13.1.el9_0.x86_64");
	menu_free(&m);
	assert_int_equal(eval("set default=1\nblscfg non-default\nmenuentry Other { linux /o }\nblscfg\n", &m), PB_OK);
	assert_int_equal(m.count, 3); /* the second blscfg adds only what is missing */
	assert_string_equal(m.entries[0].id, "m-5.14.0-362.8.1.el9_3.x86_64");
	assert_string_equal(m.entries[1].title, "Other");
	assert_string_equal(m.entries[2].id, "m-5.14.0-70.13.1.el9_0.x86_64");
	menu_free(&m);
	assert_int_equal(eval("blscfg m-5.14.0-70.13.1.el9_0.x86_64\n", &m), PB_OK);
	assert_int_equal(m.count, 1);
	menu_free(&m);
	assert_int_equal(eval("set blsdir=/nowhere\nblscfg\n", &m), PB_OK); /* falls back to /boot/loader/entries */
	assert_int_equal(m.count, 2);
	menu_free(&m);
	assert_int_equal(eval("blscfg (hd1)/nowhere\nmenuentry x { linux /x }\n", &m), PB_OK);
	assert_int_equal(m.count, 1);
	assert_non_null(strstr(m.warnings, "blscfg: no loader/entries on (hd1)"));
	menu_free(&m);
	files = NULL;
}

/* Ubuntu's recordfail / initrdfail in entry bodies: saved only for the
 * entry that boots; unset variables are deleted (Fedora's menu_show_once). */
static const char ubuntu_cfg[] =
	"if [ -s $prefix/grubenv ]; then\n  set have_grubenv=true\n  load_env\nfi\n"
	"if [ \"${menu_show_once}\" ]; then\n  unset menu_show_once\n  save_env menu_show_once\nfi\n"
	"function recordfail {\n  set recordfail=1\n"
	"  if [ -n \"${have_grubenv}\" ]; then if [ -z \"${boot_once}\" ]; then save_env recordfail; fi; fi\n}\n"
	"function initrdfail {\n    if [ -n \"${have_grubenv}\" ]; then if [ -n \"${partuuid}\" ]; then\n"
	"      if [ -z \"${initrdfail}\" ]; then\n        set initrdfail=1\n      fi\n      save_env initrdfail\n"
	"    fi; fi\n}\n"
	"menuentry 'Ubuntu' --id u1 {\n\trecordfail\n\tlinux /vmlinuz root=/dev/xvda1\n}\n"
	"menuentry 'Ubuntu cloud' --id u2 {\n\tset partuuid=abcd\n\tlinux /vmlinuz panic=-1\n\tinitrdfail\n}\n"
	"menuentry 'Plain' --id u3 {\n\tlinux /vmlinuz\n}\n";

static void test_save_env_in_entries(void **state)
{
	(void)state;
	struct menu m;
	bool w;
	char before[GRUBENV_SIZE];

	files = NULL;
	set_env("/grub2/grubenv", "saved_entry=u1\nmenu_show_once=1\nkeep=me\n");
	assert_int_equal(eval(ubuntu_cfg, &m), PB_OK);
	assert_int_equal(m.count, 3);
	assert_int_equal(m.env_count, 1);
	assert_true(m.env[0].unset);
	assert_int_equal(m.entries[0].env_count, 1);
	assert_string_equal(m.entries[0].env[0].key, "recordfail");
	assert_string_equal(m.entries[0].env[0].val, "1");
	assert_int_equal(m.entries[1].env_count, 1);
	assert_string_equal(m.entries[1].env[0].key, "initrdfail");
	assert_int_equal(m.entries[2].env_count, 0);
	assert_int_equal(writes, 0);
	assert_int_equal(menu_env_update(&m, &m.entries[0], &io, &w), PB_OK);
	assert_true(w);
	assert_string_equal(env_get("recordfail"), "1");
	assert_null(env_get("menu_show_once"));
	assert_null(env_get("initrdfail"));
	assert_string_equal(env_get("keep"), "me");
	/* the others keep their order: saved_entry, keep, then the new one */
	static const char want[] = "# GRUB Environment Block\nsaved_entry=u1\nkeep=me\nrecordfail=1\n###";
	assert_memory_equal(env_block, want, sizeof(want) - 1);
	assert_int_equal(env_block[GRUBENV_SIZE - 1], '#');
	memcpy(before, env_block, sizeof(before));
	/* booting the plain entry changes nothing more */
	assert_int_equal(menu_env_update(&m, &m.entries[2], &io, &w), PB_OK);
	assert_false(w);
	assert_memory_equal(before, env_block, GRUBENV_SIZE);
	assert_int_equal(menu_env_update(&m, &m.entries[1], &io, &w), PB_OK);
	assert_string_equal(env_get("initrdfail"), "1");
	menu_free(&m);
	/* a 1024-byte file that is not an environment block is left alone */
	memset(env_block, 'x', GRUBENV_SIZE);
	writes = 0;
	assert_int_equal(eval(ubuntu_cfg, &m), PB_OK);
	assert_int_equal(menu_env_update(&m, &m.entries[0], &io, &w), PB_ERR_CORRUPT);
	assert_int_equal(writes, 0);
	menu_free(&m);

	/* boot_once (a next_entry boot): recordfail saves nothing */
	set_env("/grub2/grubenv", "next_entry=u1\n");
	assert_int_equal(eval("load_env\nset have_grubenv=true\nset boot_once=true\n"
			      "function recordfail {\n  set recordfail=1\n"
			      "  if [ -n \"${have_grubenv}\" ]; then if [ -z \"${boot_once}\" ]; then save_env recordfail; fi; fi\n}\n"
			      "menuentry U { recordfail; linux /k }\n", &m), PB_OK);
	assert_int_equal(m.entries[0].env_count, 0);
	menu_free(&m);

	/* an entry saving to another file is refused by name; the grubenv must fit */
	assert_int_equal(eval("menuentry U { set a=1; save_env -f (hd0)/other a; linux /k }\n", &m), PB_OK);
	assert_int_equal(m.entries[0].env_count, 0);
	assert_non_null(strstr(m.warnings, "save_env -f (hd0)/other in an entry"));
	menu_free(&m);
	set_env("/grub2/grubenv", "");
	char big[300], cfg[1400];
	memset(big, 'x', 250);
	big[250] = '\0';
	snprintf(cfg, sizeof(cfg), "menuentry U { set a=%s; set b=%s; set c=%s; set d=%s; save_env a b c d; linux /k }\n",
		 big, big, big, big);
	assert_int_equal(eval(cfg, &m), PB_OK);
	assert_int_equal(m.entries[0].env_count, 4);
	assert_int_equal(menu_env_update(&m, &m.entries[0], &io, &w), PB_ERR_LIMIT);
	assert_false(w);
	assert_int_equal(writes, 0);
	menu_free(&m);
}

/* GRUB's envblk edits, byte for byte: lines keep their place, comments stay. */
static void test_grubenv_in_place(void **state)
{
	(void)state;
	static const char start[] = "# GRUB Environment Block\n# WARNING: Do not edit this file!!!\n"
				    "saved_entry=abc\nboot_success=1\nmenu_show_once_timeout=30\n";
	char b[GRUBENV_SIZE], want[GRUBENV_SIZE];
	struct grubenv *env = malloc(sizeof(*env));

	memset(b, '#', sizeof(b));
	memcpy(b, start, sizeof(start) - 1);
	assert_int_equal(grubenv_block_set(b, sizeof(b), "boot_success", "0"), PB_OK);
	assert_int_equal(grubenv_block_set(b, sizeof(b), "saved_entry", "a-much-longer-id"), PB_OK);
	assert_int_equal(grubenv_block_unset(b, sizeof(b), "menu_show_once_timeout"), PB_OK);
	assert_int_equal(grubenv_block_unset(b, sizeof(b), "not_there"), PB_OK);
	assert_int_equal(grubenv_block_set(b, sizeof(b), "k", "back\\slash\nnewline"), PB_OK);
	memset(want, '#', sizeof(want));
	static const char w[] = "# GRUB Environment Block\n# WARNING: Do not edit this file!!!\n"
				"saved_entry=a-much-longer-id\nboot_success=0\nk=back\\\\slash\\\nnewline\n";
	memcpy(want, w, sizeof(w) - 1);
	assert_memory_equal(b, want, sizeof(b));
	assert_int_equal(grubenv_parse(b, sizeof(b), env), PB_OK);
	assert_string_equal(grubenv_get(env, "k"), "back\\slash\nnewline");
	assert_int_equal(env->count, 3);
	/* no room, and blocks GRUB would call broken */
	char big[1100];
	memset(big, 'v', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(grubenv_block_set(b, sizeof(b), "big", big), PB_ERR_LIMIT);
	assert_memory_equal(b, want, sizeof(b));
	b[sizeof(b) - 1] = 'x';
	assert_int_equal(grubenv_block_set(b, sizeof(b), "k", "1"), PB_ERR_CORRUPT);
	assert_int_equal(grubenv_block_unset(b, 10, "k"), PB_ERR_CORRUPT);
	free(env);
}

/* Fedora's 08_fallback_counting (greenboot, OSTree): boot_counter counted
 * down with `decrement` and saved; at 0 the rollback entry boots.  Fedora
 * CoreOS's $ignition_firstboot in the options, set only on a first boot. */
static const char fcos_cfg[] =
	"load_env\n"
	"insmod increment\n"
	"if [ -n \"${boot_counter}\" -a \"${boot_success}\" = \"0\" ]; then\n"
	"  if  [ \"${boot_counter}\" = \"0\" -o \"${boot_counter}\" = \"-1\" ]; then\n"
	"    set default=1\n    set boot_counter=-1\n  else\n    decrement boot_counter\n  fi\n"
	"  save_env boot_counter\nfi\n"
	"set ignition_firstboot=\"\"\n"
	"if [ -f \"/ignition.firstboot\" ]; then\n  set ignition_network_kcmdline=''\n"
	"  source \"/ignition.firstboot\"\n"
	"  set ignition_firstboot=\"ignition.firstboot ${ignition_network_kcmdline}\"\nfi\n"
	"blscfg\n";

static void test_counting_and_firstboot(void **state)
{
	(void)state;
	static const struct memfile fcos[] = {
		{ "/loader/entries/ostree-1-fedora-coreos.conf",
		  "title Fedora CoreOS 39.20231101.3.0 (ostree:1)\nversion 1\n"
		  "options mitigations=auto,nosmt ignition.platform.id=xen $ignition_firstboot ostree=/ostree/boot.1/x/0\n"
		  "linux /ostree/fedora-coreos-x/vmlinuz-6.5.9\ninitrd /ostree/fedora-coreos-x/initramfs-6.5.9.img\n" },
		{ "/loader/entries/ostree-2-fedora-coreos.conf",
		  "title Fedora CoreOS 39.20231119.3.0 (ostree:0)\nversion 2\n"
		  "options mitigations=auto,nosmt ignition.platform.id=xen $ignition_firstboot ostree=/ostree/boot.1/y/0\n"
		  "linux /ostree/fedora-coreos-y/vmlinuz-6.5.12\ninitrd /ostree/fedora-coreos-y/initramfs-6.5.12.img\n" },
		{ "/ignition.firstboot", "set ignition_network_kcmdline='ip=dhcp'\n" },
		{ NULL, NULL },
	};
	struct menu m;
	bool w;

	files = fcos;
	set_env("/grub2/grubenv", "boot_counter=2\nboot_success=0\n");
	assert_int_equal(eval(fcos_cfg, &m), PB_OK);
	assert_int_equal(m.count, 2);
	assert_string_equal(m.entries[0].id, "ostree-2-fedora-coreos");
	assert_string_equal(m.entries[0].cmdline,
			    "mitigations=auto,nosmt ignition.platform.id=xen ignition.firstboot ip=dhcp ostree=/ostree/boot.1/y/0");
	assert_int_equal(m.default_index, 0);
	assert_int_equal(menu_env_update(&m, &m.entries[0], &io, &w), PB_OK);
	assert_string_equal(env_get("boot_counter"), "1");
	menu_free(&m);
	/* counted down to 0: the rollback (item 1), and -1 saved */
	set_env("/grub2/grubenv", "boot_counter=0\nboot_success=0\n");
	assert_int_equal(eval(fcos_cfg, &m), PB_OK);
	assert_int_equal(m.default_index, 1);
	assert_int_equal(menu_env_update(&m, &m.entries[1], &io, &w), PB_OK);
	assert_string_equal(env_get("boot_counter"), "-1");
	menu_free(&m);
	/* not a first boot: $ignition_firstboot is empty and leaves nothing */
	const struct memfile later[] = { fcos[0], fcos[1], { NULL, NULL } };
	files = later;
	set_env("/grub2/grubenv", "boot_success=1\n");
	assert_int_equal(eval(fcos_cfg, &m), PB_OK);
	assert_string_equal(m.entries[0].cmdline, "mitigations=auto,nosmt ignition.platform.id=xen ostree=/ostree/boot.1/y/0");
	assert_int_equal(m.env_count, 0);
	menu_free(&m);
	/* increment/decrement on what GRUB's strtol reads */
	static const struct { const char *in, *op, *out; int status; } x[] = {
		{ "0x10", "decrement", "15", 0 }, { "010", "increment", "9", 0 }, { "-1", "increment", "0", 0 },
		{ "7abc", "increment", "8", 0 }, { "abc", "increment", "abc", 1 },
	};
	for (size_t i = 0; i < sizeof(x) / sizeof(x[0]); i++) {
		char cfg[200];
		snprintf(cfg, sizeof(cfg), "set v=%s\nif %s v; then set ok=0; else set ok=1; fi\n"
			 "menuentry \"$v $ok\" { linux /k }\n", x[i].in, x[i].op);
		assert_int_equal(eval(cfg, &m), PB_OK);
		char want[64];
		snprintf(want, sizeof(want), "%s %d", x[i].out, x[i].status);
		assert_string_equal(m.entries[0].title, want);
		menu_free(&m);
	}
	files = NULL;
}

static const struct memfile bare_files[] = {
	{ "/boot/loader/loader.conf", "# systemd-boot\ntimeout 3\ndefault ffff-5.*\n" },
	{ "/boot/loader/entries/ffff-6.1.0.conf",
	  "title new\nversion 6.1.0\nlinux /boot/vmlinuz-6.1.0\noptions $kernelopts $tuned_params\n" },
	{ "/boot/loader/entries/ffff-5.10.0.conf",
	  "title old\nversion 5.10.0\nlinux /boot/vmlinuz-5.10.0\noptions $kernelopts\n" },
	{ NULL, NULL },
};

static void test_without_grubcfg(void **state)
{
	(void)state;
	struct menu m;

	files = bare_files;
	set_env("/boot/grub2/grubenv", "kernelopts=root=UUID=1234 ro\ntuned_params=isolcpus=1\n");
	assert_int_equal(menu_init(&m), PB_OK);
	assert_int_equal(bls_menu_load(&io, "hd0", "/boot/loader/entries", NULL, &m), PB_OK);
	print_message("%s | %s\n", m.default_reason, m.warnings);
	assert_int_equal(m.count, 2);
	assert_string_equal(m.entries[0].title, "new");
	assert_string_equal(m.entries[0].cmdline, "root=UUID=1234 ro isolcpus=1");
	assert_string_equal(m.entries[0].kernel, "(hd0)/boot/vmlinuz-6.1.0");
	assert_int_equal(m.default_index, 1); /* loader.conf's glob */
	assert_non_null(strstr(m.default_reason, "loader.conf default 'ffff-5.*'"));
	assert_int_equal(m.timeout, 3);
	assert_string_equal(m.env_path, "/boot/grub2/grubenv");
	menu_free(&m);
	/* grubenv's saved_entry comes first */
	set_env("/boot/grub2/grubenv", "kernelopts=root=UUID=1234 ro\nsaved_entry=ffff-6.1.0\n");
	assert_int_equal(menu_init(&m), PB_OK);
	assert_int_equal(bls_menu_load(&io, "hd0", "/boot/loader/entries", NULL, &m), PB_OK);
	assert_int_equal(m.default_index, 0);
	assert_non_null(strstr(m.default_reason, "saved_entry 'ffff-6.1.0'"));
	menu_free(&m);
	/* no grubenv: the variables vanish */
	env_at = NULL;
	assert_int_equal(menu_init(&m), PB_OK);
	assert_int_equal(bls_menu_load(&io, "hd0", "/boot/loader/entries", NULL, &m), PB_OK);
	assert_string_equal(m.entries[0].cmdline, "");
	assert_string_equal(m.env_path, "");
	menu_free(&m);
	assert_int_equal(menu_init(&m), PB_OK);
	assert_int_equal(bls_menu_load(&io, "hd0", "/loader/entries", NULL, &m), PB_ERR_NOTFOUND);
	menu_free(&m);
	files = NULL;
}

static void test_glob(void **state)
{
	(void)state;
	assert_true(bls_glob_match("fedora-*", "fedora-6.5.conf"));
	assert_true(bls_glob_match("*.conf", "a.conf"));
	assert_true(bls_glob_match("a?c", "abc"));
	assert_true(bls_glob_match("[a-c]x[!y]", "bxz"));
	assert_true(bls_glob_match("*a*b*", "xxaxxbxx"));
	assert_true(bls_glob_match("\\*", "*"));
	assert_false(bls_glob_match("\\*", "a"));
	assert_false(bls_glob_match("[a-c]", "d"));
	assert_false(bls_glob_match("[abc", "a"));
	assert_false(bls_glob_match("a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaac"));
	assert_false(bls_glob_match("", "a"));
	assert_true(bls_glob_match("", ""));
}

/* Hostile entries: script injection, huge values, too many files. */
static void test_hostile(void **state)
{
	(void)state;
	static char huge[9000];
	static struct memfile many[300];
	static char names[300][64];
	struct menu m;

	static const struct memfile inj[] = {
		{ "/loader/entries/a-1.conf",
		  "title inj\nlinux /k\noptions x; function f { linux /evil }; menuentry y { linux /y }\n" },
		{ "/loader/entries/b-1.conf", "title huge\nlinux /k\noptions " },
		{ NULL, NULL },
	};
	files = inj;
	env_at = NULL;
	assert_int_equal(eval("set root=hd0\nblscfg\nf\n", &m), PB_OK);
	assert_int_equal(m.count, 2);
	assert_non_null(strstr(m.warnings, "function defined inside a BLS entry"));
	assert_non_null(strstr(m.warnings, "menu entry inside a menu entry"));
	assert_string_equal(m.entries[1].kernel, "(hd0)/k");
	menu_free(&m);

	memset(huge, 'a', sizeof(huge) - 1);
	memcpy(huge, "title h\nlinux /k\noptions ", 25);
	struct memfile big[] = { { "/loader/entries/h-1.conf", huge }, { NULL, NULL } };
	files = big;
	assert_int_equal(eval("blscfg\n", &m), PB_OK);
	assert_int_equal(m.count, 0);
	assert_non_null(strstr(m.warnings, "h-1.conf: options longer than"));
	menu_free(&m);

	for (int i = 0; i < 299; i++) {
		snprintf(names[i], sizeof(names[i]), "/loader/entries/e-%d.conf", i);
		many[i].path = names[i];
		many[i].data = "linux /k\n";
	}
	files = many;
	assert_int_equal(eval("blscfg\n", &m), PB_OK);
	assert_int_equal(m.count, 256);
	assert_non_null(strstr(m.warnings, "43 entry files left out"));
	assert_string_equal(m.entries[0].id, "e-255"); /* newest of those read */
	menu_free(&m);
	files = NULL;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_file_quirks),
		cmocka_unit_test(test_vercmp),
		cmocka_unit_test(test_expand),
		cmocka_unit_test(test_entry_script),
		cmocka_unit_test(test_rhel8),
		cmocka_unit_test(test_rhel9_and_arguments),
		cmocka_unit_test(test_save_env_in_entries),
		cmocka_unit_test(test_grubenv_in_place),
		cmocka_unit_test(test_counting_and_firstboot),
		cmocka_unit_test(test_without_grubcfg),
		cmocka_unit_test(test_glob),
		cmocka_unit_test(test_hostile),
	};
	return cmocka_run_group_tests_name("bls", tests, NULL, NULL);
}
