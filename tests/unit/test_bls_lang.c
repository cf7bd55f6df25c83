/* A BLS entry file and its language as Red Hat's blscfg reads them
 * (menu/bls*.c): GRUB's line quirks, rpm version order, its $variable
 * expansion (and its quirks), the entry scripts it writes, and
 * loader.conf's default globs. */
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
int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_file_quirks),
		cmocka_unit_test(test_vercmp),
		cmocka_unit_test(test_expand),
		cmocka_unit_test(test_entry_script),
		cmocka_unit_test(test_glob),
	};
	return cmocka_run_group_tests_name("bls-lang", tests, NULL, NULL);
}
