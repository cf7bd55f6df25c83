/* grub.cfg language: quoting, variables, functions, conditions, submenus,
 * default paths, and hostile inputs that must end with an error or a
 * warning — never a hang or a crash.  Files come from an in-memory table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "loader/lib/err.h"
#include "menu/grubcfg.h"
#include "menu/grubenv.h"
#include "menu/menulst.h"

struct memfile {
	const char *dev, *path, *data;
};
static const struct memfile *files;

static int mem_read(void *ctx, const char *dev, const char *path, size_t max, char **buf, size_t *len)
{
	(void)ctx;
	for (const struct memfile *f = files; f && f->path; f++)
		if (!strcmp(f->path, path) && (!dev[0] || !strcmp(f->dev, dev))) {
			*len = strlen(f->data);
			if (*len > max)
				return PB_ERR_LIMIT;
			*buf = strdup(f->data);
			return PB_OK;
		}
	return pb_error(PB_ERR_NOTFOUND, "%s: not found", path);
}

static int mem_stat(void *ctx, const char *dev, const char *path, bool *is_dir, uint64_t *size)
{
	char *b;
	size_t l;
	if (mem_read(ctx, dev, path, 1 << 20, &b, &l))
		return PB_ERR_NOTFOUND;
	free(b);
	*is_dir = false;
	*size = l;
	return PB_OK;
}

static int mem_search(void *ctx, enum menu_search_kind kind, const char *key, char *out, size_t n)
{
	(void)ctx;
	if (kind == SEARCH_FS_UUID && !strcmp(key, "1234-ABCD")) {
		snprintf(out, n, "hd1,gpt3");
		return PB_OK;
	}
	return PB_ERR_NOTFOUND;
}

static const struct menu_io io = { NULL, mem_read, mem_stat, NULL, mem_search, NULL, NULL };

static int eval(const char *cfg, struct menu *m)
{
	menu_init(m);
	pb_errclear();
	return grubcfg_eval_buffer(&io, "hd0,msdos1", "/boot/grub/grub.cfg", NULL, cfg, strlen(cfg), m);
}

static void test_quoting_and_variables(void **state)
{
	(void)state;
	struct menu m;
	const char *cfg =
		"set a=one; set b=\"two words\"\n"
		"c='single $a \\n'\n"
		"set opts=\"x=1   y=2\"\n"
		"menuentry \"T $a\" --id \"i\\\"d\" {\n"
		"  linux /k \"$b\" $c ${a}X \\$a $opts \\\n   cont\n"
		"}\n";
	assert_int_equal(eval(cfg, &m), PB_OK);
	assert_int_equal(m.count, 1);
	assert_string_equal(m.entries[0].title, "T one");
	assert_string_equal(m.entries[0].id, "i\"d");
	assert_string_equal(m.entries[0].cmdline, "two words single $a \\n oneX $a x=1 y=2 cont");
	menu_free(&m);
}

/* chainloader [--force] FILE [ARGS]: the file is the first word that is
 * not an option, the rest is the program's command line. */
static void test_chainloader(void **state)
{
	(void)state;
	struct menu m;
	const char *cfg = "menuentry A { chainloader --force /EFI/x/grubx64.efi a b }\n"
			  "menuentry B { chainloader (hd1,gpt1)/u.efi }\nmenuentry C { chainloader --force }\n";
	assert_int_equal(eval(cfg, &m), PB_OK);
	assert_int_equal(m.count, 3);
	assert_int_equal(m.entries[0].kind, MENU_CHAINLOADER);
	assert_string_equal(m.entries[0].kernel, "/EFI/x/grubx64.efi");
	assert_string_equal(m.entries[0].cmdline, "a b");
	assert_int_equal(m.entries[1].kind, MENU_CHAINLOADER);
	assert_string_equal(m.entries[1].cmdline, "");
	assert_string_equal(m.entries[2].kernel, ""); /* no file: nothing recorded */
	menu_free(&m);
}

static void test_conditions_functions_loops(void **state)
{
	(void)state;
	struct menu m;
	const char *cfg =
		"function mk { menuentry \"$1-$2\" { linux /vmlinuz-$1 } }\n"
		"if [ -s $prefix/grubenv ]; then load_env; fi\n"
		"if [ \"$x\" = 1 -o -z \"$y\" ]; then mk a b; elif true; then mk no no; else mk no2 no; fi\n"
		"if ! [ 3 -lt 2 ]; then mk c d; fi\n"
		"for k in e f; do mk $k loop; done\n"
		"if [ -f /boot/nothere ]; then mk bad bad; fi\n"
		"set default=\"$saved_entry\"\n"
		"set timeout=7\n";
	static const struct memfile f[] = {
		{ "hd0,msdos1", "/boot/grub/grubenv",
		  "# GRUB Environment Block\nsaved_entry=c-d\nx=1\n#####" },
		{ NULL, NULL, NULL },
	};
	files = f;
	assert_int_equal(eval(cfg, &m), PB_OK);
	assert_int_equal(m.count, 4);
	assert_string_equal(m.entries[0].title, "a-b");
	assert_string_equal(m.entries[1].title, "c-d");
	/* The body's $1 is the entry's own first word (its title), not the
	 * function's: GRUB runs it in a new scope with the menuentry's words. */
	assert_string_equal(m.entries[3].kernel, "/vmlinuz-f-loop");
	assert_int_equal(m.default_index, 1);
	assert_int_equal(m.timeout, 7);
	files = NULL;
	menu_free(&m);
}

static void test_submenus_and_default_paths(void **state)
{
	(void)state;
	struct menu m;
	const char *base =
		"menuentry A --id a { linux /a }\n"
		"submenu S --id s { menuentry B --id b { linux /b }\n"
		"  submenu T { menuentry C { linux /c } } menuentry D { linux /d } }\n"
		"menuentry E { search --no-floppy --fs-uuid --set=root 1234-ABCD; linux /e; initrd /i1 (hd0,msdos2)/i2 }\n";
	struct { const char *def; int want; } cases[] = {
		{ "0", 0 }, { "1", 1 }, { "2", 4 }, { "1>0", 1 }, { "1>1>0", 2 }, { "1>2", 3 },
		{ "s>b", 1 }, { "S>T>C", 2 }, { "E", 4 }, { "a", 0 }, { "nonsense", 0 }, { "9", 0 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char cfg[1024];
		snprintf(cfg, sizeof(cfg), "%sset default='%s'\n", base, cases[i].def);
		assert_int_equal(eval(cfg, &m), PB_OK);
		assert_int_equal(m.count, 5);
		print_message("default '%s' -> %d (%s)\n", cases[i].def, m.default_index, m.default_reason);
		assert_int_equal(m.default_index, cases[i].want);
		assert_string_equal(m.entries[4].root, "hd1,gpt3");
		assert_int_equal(m.entries[4].nr_initrds, 2);
		assert_string_equal(m.entries[4].initrd[1], "(hd0,msdos2)/i2");
		assert_string_equal(m.entries[2].submenu, "S>T");
		menu_free(&m);
	}
}

static void test_hostile_inputs_end(void **state)
{
	(void)state;
	struct menu m;
	static const struct memfile loop[] = {
		{ "hd0,msdos1", "/boot/grub/a.cfg", "source /boot/grub/b.cfg\n" },
		{ "hd0,msdos1", "/boot/grub/b.cfg", "source /boot/grub/a.cfg\n" },
		{ NULL, NULL, NULL },
	};
	/* Each must return (error or warnings), quickly. */
	const char *bad[] = {
		"menuentry 'x { linux /k }",                 /* unterminated quote */
		"while true; do true; done",                 /* endless loop */
		"function f { f; }\nf",                      /* endless recursion */
		"if true; then",                             /* missing fi */
		"menuentry x { linux /k",                    /* missing } */
		"}",
		"set x=${",
		"[ a = ]",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc = eval(bad[i], &m);
		print_message("%-40s -> %d %s | %s\n", bad[i], rc, pb_errmsg(), m.warnings);
		assert_true(rc != PB_OK || m.warnings[0] || m.count == 0);
		menu_free(&m);
	}
	/* Deep nesting is refused with a clear limit. */
	char *deep = malloc(200 * 20 + 1);
	deep[0] = '\0';
	for (int i = 0; i < 200; i++)
		strcat(deep, "if true; then ");
	assert_int_equal(eval(deep, &m), PB_ERR_LIMIT);
	menu_free(&m);
	free(deep);
	/* source loops stop at the nesting bound. */
	files = loop;
	assert_int_equal(eval("menuentry ok { linux /k }\nsource /boot/grub/a.cfg\n", &m), PB_OK);
	assert_int_equal(m.count, 1);
	assert_non_null(strstr(m.warnings, "source"));
	files = NULL;
	menu_free(&m);
	/* An unknown command is reported once and skipped. */
	assert_int_equal(eval("frobnicate 1\nfrobnicate 2\nmenuentry x { linux /k }", &m), PB_OK);
	assert_int_equal(m.count, 1);
	assert_non_null(strstr(m.warnings, "grub.cfg:1: unknown command 'frobnicate'"));
	assert_null(strstr(m.warnings, "grub.cfg:2"));
	menu_free(&m);
}

static void test_grubenv_roundtrip(void **state)
{
	(void)state;
	struct grubenv *e = malloc(sizeof(*e)), *f = malloc(sizeof(*f));
	char block[GRUBENV_SIZE];
	/* GRUB's escape: a backslash takes the next byte, a newline included */
	assert_int_equal(grubenv_parse("# GRUB Environment Block\na=1\nb=x\\\\y\\\nz\n####", 40, e), PB_OK);
	assert_string_equal(grubenv_get(e, "b"), "x\\y\nz");
	assert_int_equal(grubenv_set(e, "saved_entry", "Advanced>Entry 2"), PB_OK);
	assert_int_equal(grubenv_serialize(e, block), PB_OK);
	assert_int_equal(block[GRUBENV_SIZE - 1], '#');
	assert_int_equal(grubenv_parse(block, sizeof(block), f), PB_OK);
	assert_int_equal(f->count, 3);
	assert_string_equal(grubenv_get(f, "b"), "x\\y\nz");
	assert_int_equal(grubenv_parse("not an env", 10, f), PB_ERR_FORMAT);
	free(e);
	free(f);
}

static void test_menulst(void **state)
{
	(void)state;
	struct menu m;
	const char *lst = "default 1\ntimeout=3\nfallback 0\npassword --md5 xyz\n"
			  "title Xen\nroot (hd0,1)\nkernel /xen.gz dom0_mem=1G\nmodule /vmlinuz ro\nmodule /initrd\n"
			  "title Linux\nkernel (hd1,0)/vmlinuz root=/dev/xvda1 ro\ninitrd /initrd.img\n"
			  "kernel\nbogus command\n";
	menu_init(&m);
	assert_int_equal(menulst_parse(lst, strlen(lst), "/boot/grub/menu.lst", "hd0", NULL, &m), PB_OK);
	assert_int_equal(m.count, 2);
	assert_int_equal(m.entries[0].kind, MENU_MULTIBOOT);
	assert_string_equal(m.entries[0].root, "hd0,msdos2");
	assert_int_equal(m.entries[0].nr_modules, 2);
	assert_string_equal(m.entries[1].root, "hd0");
	assert_string_equal(m.entries[1].kernel, "(hd1,msdos1)/vmlinuz");
	assert_string_equal(m.entries[1].cmdline, "root=/dev/xvda1 ro");
	assert_int_equal(m.default_index, 1);
	assert_int_equal(m.fallback[0], 0);
	assert_true(m.password);
	assert_int_equal(m.timeout, 3);
	assert_non_null(strstr(m.warnings, "unknown command 'bogus'"));
	menu_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quoting_and_variables),
		cmocka_unit_test(test_chainloader),
		cmocka_unit_test(test_conditions_functions_loops),
		cmocka_unit_test(test_submenus_and_default_paths),
		cmocka_unit_test(test_hostile_inputs_end),
		cmocka_unit_test(test_grubenv_roundtrip),
		cmocka_unit_test(test_menulst),
	};
	return cmocka_run_group_tests_name("grubcfg", tests, NULL, NULL);
}
