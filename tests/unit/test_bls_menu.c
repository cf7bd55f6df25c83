/* Menus from BLS entries (menu/bls_menu.c, grubcfg_bls.c): RHEL 8's and
 * RHEL 9's grub.cfg with their entries, both sort orders, the blscfg
 * arguments, BLS entries without a grub.cfg, and hostile entry files.
 * Files come from an in-memory table with directories (bls_memio.h). */
#include "tests/unit/bls_memio.h"

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
		cmocka_unit_test(test_rhel8),
		cmocka_unit_test(test_rhel9_and_arguments),
		cmocka_unit_test(test_without_grubcfg),
		cmocka_unit_test(test_hostile),
	};
	return cmocka_run_group_tests_name("bls-menu", tests, NULL, NULL);
}
