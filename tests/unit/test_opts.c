/* pvboot's extra= parameters: quoting, last-one-wins, values too long for
 * their field (refused whole, never cut or overflowed), timeout garbage,
 * append vs cmdline and the PV length limit, entry choice by item number,
 * id, title and submenu path, and bounded warnings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "loader/lib/err.h"
#include "loader/boot/opts.h"

static struct pvboot_opts bp;

static int parse(const char *s)
{
	return opts_parse(s, strlen(s), &bp);
}

/* "pvboot.KEY=" followed by n copies of c, in a malloc'd string. */
static char *long_word(const char *key, size_t n, char c)
{
	size_t kl = strlen(key);
	char *s = malloc(kl + n + 1);
	memcpy(s, key, kl);
	memset(s + kl, c, n);
	s[kl + n] = '\0';
	return s;
}

static void test_null_and_empty(void **state)
{
	(void)state;
	assert_int_equal(opts_parse(NULL, 3, &bp), PB_ERR_INVAL);
	assert_int_equal(opts_parse("x", 1, NULL), PB_ERR_INVAL);
	assert_int_equal(parse(""), PB_OK);
	assert_false(bp.have_entry);
	assert_false(bp.have_timeout);
	assert_false(bp.have_cmdline);
	assert_string_equal(bp.warnings, "");
	assert_int_equal(parse("   \t  "), PB_OK);
	assert_string_equal(bp.warnings, "");
}

static void test_quoting(void **state)
{
	(void)state;
	assert_int_equal(parse("root=/dev/xvda1 pvboot.append=\"console=hvc0 quiet\"\tpvboot.entry=\"Debian GNU/Linux\" x"),
			 PB_OK);
	assert_string_equal(bp.append, "console=hvc0 quiet");
	assert_true(bp.have_entry);
	assert_string_equal(bp.entry, "Debian GNU/Linux");
	assert_string_equal(bp.warnings, "");

	/* the whole word quoted, as the Linux kernel also accepts */
	parse("\"pvboot.cmdline=root=/dev/xvda2 ro\"");
	assert_true(bp.have_cmdline);
	assert_string_equal(bp.cmdline, "root=/dev/xvda2 ro");

	/* quotes in the middle of a word join it, and are removed */
	parse("pvboot.append=a\" b \"c");
	assert_string_equal(bp.append, "a b c");

	/* an unterminated quote takes the rest, with a warning */
	parse("pvboot.append=\"quiet splash pvboot.noboot");
	assert_string_equal(bp.append, "quiet splash pvboot.noboot");
	assert_false(bp.noboot);
	assert_non_null(strstr(bp.warnings, "unterminated quote"));

	/* the warning quotes the word only up to len (found by fuzz_params) */
	const char unterminated[] = { 'p', 'v', '"', '\t', 'X', 'Y', 'Z' };
	opts_parse(unterminated, 4, &bp);
	assert_string_equal(bp.warnings, "unterminated quote in 'pv\"?'\n");
}

/* GRUB 2.14 splits Xen's command line with single quotes, double quotes
 * (each literal inside the other) and backslash escapes; so does pvboot. */
static void test_grub_quoting(void **state)
{
	(void)state;
	parse("'pvboot.append=console=hvc0 quiet' pvboot.entry=\"it's\" pvboot.cmdline='say \"hi\"'");
	assert_string_equal(bp.append, "console=hvc0 quiet");
	assert_string_equal(bp.entry, "it's");
	assert_string_equal(bp.cmdline, "say \"hi\"");
	parse("pvboot.append=a\\ b\\\"c pvboot.disk=xvd\\b");
	assert_string_equal(bp.append, "a b\"c");
	assert_string_equal(bp.disk, "xvdb");
	assert_string_equal(bp.warnings, "");
	parse("pvboot.append='open");
	assert_string_equal(bp.append, "open");
	assert_non_null(strstr(bp.warnings, "unterminated quote"));
}

/* xen_grub_env_NAME=value words become GRUB variables under their full
 * name (GRUB 2.14); bare words are "1"; last one wins; bad names and
 * non-printable values are refused with a warning. */
static void test_grub_vars(void **state)
{
	(void)state;
	parse("root=/dev/xvda xen_grub_env_mode=\"debug single\" xen_grub_env_flag xen_grub_env_mode=rescue "
	      "xen_grub_env_bad-name=1 xen_grub_env_=x xen_grub_env_ctl=a\x01b");
	assert_int_equal(bp.nr_grub_vars, 2);
	assert_string_equal(bp.grub_name[0], "xen_grub_env_mode");
	assert_string_equal(bp.grub_value[0], "rescue");
	assert_string_equal(bp.grub_name[1], "xen_grub_env_flag");
	assert_string_equal(bp.grub_value[1], "1");
	assert_non_null(strstr(bp.warnings, "xen_grub_env_bad-name: a GRUB variable name"));
	assert_non_null(strstr(bp.warnings, "xen_grub_env_ctl: value is not printable"));

	char line[2000] = "";
	for (int i = 0; i < OPTS_GRUB_VARS_MAX + 2; i++)
		sprintf(line + strlen(line), "xen_grub_env_v%c=%d ", 'a' + i, i);
	parse(line);
	assert_int_equal(bp.nr_grub_vars, OPTS_GRUB_VARS_MAX);
	assert_non_null(strstr(bp.warnings, "more than 16 xen_grub_env_ words"));
}

static void test_bounds_of_input(void **state)
{
	(void)state;
	/* len ends the string even without a NUL... */
	const char buf[] = { 'p', 'v', 'b', 'o', 'o', 't', '.', 'd', 'i', 's', 'k', '=', 'x', 'v', 'd', 'b', 'X' };
	opts_parse(buf, sizeof(buf) - 1, &bp);
	assert_string_equal(bp.disk, "xvdb");
	/* ...and a NUL ends it before len (start_info's fixed array) */
	const char withnul[] = "pvboot.disk=xvdc\0pvboot.disk=xvdd";
	opts_parse(withnul, sizeof(withnul), &bp);
	assert_string_equal(bp.disk, "xvdc");
}

static void test_last_one_wins(void **state)
{
	(void)state;
	parse("pvboot.entry=1 pvboot.timeout=5 pvboot.append=a pvboot.entry=2 pvboot.timeout=0 "
	      "pvboot.append=b pvboot.disk=xvda pvboot.disk=hd1 pvboot.noboot pvboot.noboot=0");
	assert_string_equal(bp.entry, "2");
	assert_int_equal(bp.timeout, 0);
	assert_true(bp.have_timeout);
	assert_string_equal(bp.append, "b");
	assert_string_equal(bp.disk, "hd1");
	assert_false(bp.noboot);
	assert_string_equal(bp.warnings, "");
	/* an explicit empty value goes back to the default */
	parse("pvboot.entry=2 pvboot.entry= pvboot.append=x pvboot.append=\"\"");
	assert_false(bp.have_entry);
	assert_string_equal(bp.append, "");
}

static void test_overflowing_values(void **state)
{
	(void)state;
	static const char *const keys[] = { "pvboot.append=", "pvboot.cmdline=", "pvboot.entry=",
					    "pvboot.config=/", "pvboot.disk=", "pvboot.timeout=",
					    "pvboot.readtest=", "pvboot.", "\"pvboot.append=",
					    "xen_grub_env_x=" };
	for (size_t k = 0; k < PB_ARRAY_SIZE(keys); k++) {
		char *w = long_word(keys[k], 5000, 'A');
		char *line = malloc(strlen(w) + 64);
		sprintf(line, "pvboot.append=ok pvboot.entry=ok %s", w);
		assert_int_equal(parse(line), PB_OK);
		/* refused whole: earlier values stay, nothing cut in */
		assert_string_equal(bp.append, "ok");
		assert_string_equal(bp.entry, "ok");
		assert_false(bp.have_cmdline);
		assert_string_equal(bp.config, "");
		assert_string_equal(bp.disk, "");
		assert_false(bp.have_timeout);
		assert_string_equal(bp.readtest, "");
		assert_int_equal(bp.nr_grub_vars, 0);
		assert_true(bp.warnings[0] != '\0');
		assert_true(strlen(bp.warnings) < sizeof(bp.warnings));
		free(line);
		free(w);
	}
	char *w = long_word("pvboot.append=", 5000, 'A');
	parse(w);
	assert_non_null(strstr(bp.warnings, "pvboot.append: value of 5000 bytes is longer than the limit of 1023"));
	free(w);

	/* exactly the largest value that fits */
	w = long_word("pvboot.cmdline=", OPTS_LINE_MAX - 1, 'c');
	parse(w);
	assert_true(bp.have_cmdline);
	assert_int_equal(strlen(bp.cmdline), OPTS_LINE_MAX - 1);
	assert_string_equal(bp.warnings, "");
	free(w);
	w = long_word("pvboot.entry=", MENU_TITLE_MAX, 'e');
	parse(w);
	assert_false(bp.have_entry);
	assert_non_null(strstr(bp.warnings, "pvboot.entry: value of 256 bytes"));
	free(w);
}

static void test_timeout(void **state)
{
	(void)state;
	static const struct {
		const char *word;
		bool ok;
		int value;
	} cases[] = {
		{ "pvboot.timeout=5", true, 5 },
		{ "pvboot.timeout=0", true, 0 },
		{ "pvboot.timeout=-1", true, -1 },
		{ "pvboot.timeout=\"10\"", true, 10 },
		{ "pvboot.timeout=2147483647", true, 2147483647 },
		{ "pvboot.timeout=2147483648", false, 0 },
		{ "pvboot.timeout=4294967301", false, 0 },
		{ "pvboot.timeout=99999999999999999999999", false, 0 },
		{ "pvboot.timeout=-2", false, 0 },
		{ "pvboot.timeout=-0", false, 0 },
		{ "pvboot.timeout=5s", false, 0 },
		{ "pvboot.timeout=0x10", false, 0 },
		{ "pvboot.timeout= 5", false, 0 },
		{ "pvboot.timeout=", false, 0 },
		{ "pvboot.timeout", false, 0 },
		{ "pvboot.timeout=abc", false, 0 },
	};
	for (size_t i = 0; i < PB_ARRAY_SIZE(cases); i++) {
		parse(cases[i].word);
		assert_int_equal(bp.have_timeout, cases[i].ok);
		if (cases[i].ok) {
			assert_int_equal(bp.timeout, cases[i].value);
			assert_string_equal(bp.warnings, "");
		} else {
			assert_non_null(strstr(bp.warnings, "pvboot.timeout"));
		}
	}
	/* garbage after a good value keeps the good one */
	parse("pvboot.timeout=3 pvboot.timeout=never");
	assert_true(bp.have_timeout);
	assert_int_equal(bp.timeout, 3);
	assert_non_null(strstr(bp.warnings, "pvboot.timeout='never' is not a number"));
}

static void test_append_and_cmdline(void **state)
{
	(void)state;
	char out[1024];
	const char *entry = "root=/dev/xvda1 ro";

	parse("");
	assert_int_equal(opts_cmdline(&bp, entry, out, sizeof(out)), PB_OK);
	assert_string_equal(out, entry);

	parse("pvboot.append=\"console=hvc0 quiet\"");
	assert_int_equal(opts_cmdline(&bp, entry, out, sizeof(out)), PB_OK);
	assert_string_equal(out, "root=/dev/xvda1 ro console=hvc0 quiet");
	/* one space, whatever the entry ends with; none after an empty line */
	assert_int_equal(opts_cmdline(&bp, "ro  ", out, sizeof(out)), PB_OK);
	assert_string_equal(out, "ro console=hvc0 quiet");
	assert_int_equal(opts_cmdline(&bp, "", out, sizeof(out)), PB_OK);
	assert_string_equal(out, "console=hvc0 quiet");
	assert_int_equal(opts_cmdline(&bp, NULL, out, sizeof(out)), PB_OK);
	assert_string_equal(out, "console=hvc0 quiet");

	parse("pvboot.cmdline=\"root=/dev/xvdb1 single\"");
	assert_int_equal(opts_cmdline(&bp, entry, out, sizeof(out)), PB_OK);
	assert_string_equal(out, "root=/dev/xvdb1 single");
	/* both: the replacement, then the addition */
	parse("pvboot.append=debug pvboot.cmdline=root=/dev/xvdb1");
	assert_int_equal(opts_cmdline(&bp, entry, out, sizeof(out)), PB_OK);
	assert_string_equal(out, "root=/dev/xvdb1 debug");
	/* an empty replacement is a choice, not "absent" */
	parse("pvboot.cmdline=");
	assert_true(bp.have_cmdline);
	assert_int_equal(opts_cmdline(&bp, entry, out, sizeof(out)), PB_OK);
	assert_string_equal(out, "");

	assert_int_equal(opts_cmdline(NULL, entry, out, sizeof(out)), PB_ERR_INVAL);
	assert_int_equal(opts_cmdline(&bp, entry, out, 0), PB_ERR_INVAL);
}

static void test_cmdline_too_long(void **state)
{
	(void)state;
	char out[1024];
	char entry[1200];

	/* entry's 1000 + 1 + append's 100 = 1101 > 1023 */
	memset(entry, 'k', 1000);
	entry[1000] = '\0';
	char *w = long_word("pvboot.append=", 100, 'a');
	parse(w);
	free(w);
	assert_int_equal(opts_cmdline(&bp, entry, out, sizeof(out)), PB_ERR_LIMIT);
	assert_string_equal(out, "");
	assert_non_null(strstr(pb_errmsg(), "1101 bytes"));
	assert_non_null(strstr(pb_errmsg(), "limit of 1023"));

	/* just fits: 1000 + 1 + 22 = 1023 */
	w = long_word("pvboot.append=", 22, 'a');
	parse(w);
	free(w);
	assert_int_equal(opts_cmdline(&bp, entry, out, sizeof(out)), PB_OK);
	assert_int_equal(strlen(out), 1023);
	assert_int_equal(out[1000], ' ');

	/* an entry's line alone can be longer than PV allows (menus keep 4096) */
	memset(entry, 'k', 1100);
	entry[1100] = '\0';
	parse("");
	assert_int_equal(opts_cmdline(&bp, entry, out, sizeof(out)), PB_ERR_LIMIT);
	assert_non_null(strstr(pb_errmsg(), "1100 bytes"));
}

/* A menu shaped like grub-mkconfig's on Debian: item 0 an entry, item 1 a
 * submenu of two, item 2 an entry. */
static void make_menu(struct menu *m)
{
	static const struct {
		const char *title, *id, *submenu, *submenu_id;
		uint32_t depth, item0, item1;
	} rows[] = {
		{ "Debian GNU/Linux", "gnulinux-simple-1234", "", "", 0, 0, 0 },
		{ "Debian GNU/Linux, with Linux 6.1.0-18-amd64", "gnulinux-6.1.0-18-amd64-advanced-1234",
		  "Advanced options for Debian GNU/Linux", "gnulinux-advanced-1234", 1, 1, 0 },
		{ "Debian GNU/Linux, with Linux 6.1.0-18-amd64 (recovery mode)",
		  "gnulinux-6.1.0-18-amd64-recovery-1234", "Advanced options for Debian GNU/Linux",
		  "gnulinux-advanced-1234", 1, 1, 1 },
		{ "Memory test", "", "", "", 0, 2, 0 },
	};
	struct menu_entry *e;

	assert_int_equal(menu_init(m), PB_OK);
	for (size_t i = 0; i < PB_ARRAY_SIZE(rows); i++) {
		assert_int_equal(menu_add(m, &e), PB_OK);
		e->kind = MENU_LINUX;
		strcpy(e->title, rows[i].title);
		strcpy(e->id, rows[i].id);
		strcpy(e->submenu, rows[i].submenu);
		strcpy(e->submenu_id, rows[i].submenu_id);
		e->depth = rows[i].depth;
		e->item[0] = rows[i].item0;
		e->item[1] = rows[i].item1;
	}
	m->default_index = 0;
	strcpy(m->default_reason, "default='0'");
}

static void test_pick_entry(void **state)
{
	(void)state;
	static const struct {
		const char *word;
		int index;
	} cases[] = {
		{ "pvboot.entry=2", 3 },  /* GRUB item numbers: the submenu is item 1 */
		{ "pvboot.entry=1", 1 },  /* a submenu picks its first entry */
		{ "pvboot.entry=1>1", 2 },
		/* GRUB's default= would need the path for these two; we do not */
		{ "pvboot.entry=gnulinux-6.1.0-18-amd64-recovery-1234", 2 },
		{ "pvboot.entry=\"Debian GNU/Linux, with Linux 6.1.0-18-amd64\"", 1 },
		{ "pvboot.entry=gnulinux-simple-1234", 0 },
		{ "pvboot.entry=\"Memory test\"", 3 },
		{ "pvboot.entry=\"Advanced options for Debian GNU/Linux>Debian GNU/Linux, with Linux 6.1.0-18-amd64 (recovery mode)\"", 2 },
		{ "pvboot.entry=gnulinux-advanced-1234>1", 2 },
	};
	struct menu m;
	char why[256];

	make_menu(&m);
	for (size_t i = 0; i < PB_ARRAY_SIZE(cases); i++) {
		parse(cases[i].word);
		assert_string_equal(bp.warnings, "");
		assert_int_equal(opts_pick(&bp, &m, why, sizeof(why)), cases[i].index);
		assert_non_null(strstr(why, "pvboot.entry='"));
	}

	/* no match: the menu's default, and a message saying so */
	m.default_index = 1;
	parse("pvboot.entry=\"No such title\"");
	assert_int_equal(opts_pick(&bp, &m, why, sizeof(why)), 1);
	assert_non_null(strstr(why, "pvboot.entry='No such title' matches no entry; using the default"));
	parse("pvboot.entry=7");
	assert_int_equal(opts_pick(&bp, &m, why, sizeof(why)), 1);

	/* not given: the default, and a NULL why is fine */
	parse("");
	assert_int_equal(opts_pick(&bp, &m, why, sizeof(why)), 1);
	assert_string_equal(why, "default='0'");
	assert_int_equal(opts_pick(&bp, &m, NULL, 0), 1);
	m.default_index = 99; /* out of range: the first */
	assert_int_equal(opts_pick(&bp, &m, why, sizeof(why)), 0);

	/* an empty menu */
	menu_free(&m);
	assert_int_equal(menu_init(&m), PB_OK);
	parse("pvboot.entry=0");
	assert_int_equal(opts_pick(&bp, &m, why, sizeof(why)), -1);
	assert_string_equal(why, "no entries");
	assert_int_equal(opts_pick(NULL, &m, why, sizeof(why)), -1);
	menu_free(&m);
}

static void test_keys_and_warnings(void **state)
{
	(void)state;
	parse("quiet pvboot=1 pvbootx.entry=3 pvboot.debug pvboot.readtest=/boot/x pvboot.noboot "
	      "PVBOOT.entry=4 pvboot.colour=red pvboot.entry pvboot.chained=2");
	assert_false(bp.have_entry);
	assert_true(bp.noboot);
	assert_true(bp.debug);
	assert_int_equal(bp.chained, 2);
	assert_string_equal(bp.readtest, "/boot/x");
	assert_string_equal(bp.warnings,
			    "unknown parameter pvboot.colour; ignored\n"
			    "pvboot.entry needs a value (pvboot.entry=...); ignored\n");

	parse("pvboot.debug=1 pvboot.debug=yes pvboot.chained=x pvboot.verbose");
	assert_true(bp.debug);
	assert_int_equal(bp.chained, 0);
	assert_non_null(strstr(bp.warnings, "pvboot.debug='yes'"));
	assert_non_null(strstr(bp.warnings, "pvboot.chained='x'"));
	assert_non_null(strstr(bp.warnings, "unknown parameter pvboot.verbose"));

	/* control bytes in a warning are not sent to the console */
	parse("pvboot.\x1b[2J=1");
	assert_null(strchr(bp.warnings, '\x1b'));
	assert_non_null(strstr(bp.warnings, "unknown parameter pvboot.?[2J"));

	/* many warnings: bounded, with a marker */
	char line[4000] = "";
	for (int i = 0; i < 200; i++)
		sprintf(line + strlen(line), "pvboot.k%d ", i);
	parse(line);
	assert_true(strlen(bp.warnings) < sizeof(bp.warnings));
	assert_non_null(strstr(bp.warnings, "...more warnings dropped\n"));
	assert_non_null(strstr(bp.warnings, "pvboot.k0;"));
}

static void test_config_and_disk(void **state)
{
	(void)state;
	parse("pvboot.config=/boot/grub/grub.cfg");
	assert_string_equal(bp.config, "/boot/grub/grub.cfg");
	assert_string_equal(bp.config_dev, "");
	parse("pvboot.config=(hd1,gpt2)/boot/grub/grub.cfg");
	assert_string_equal(bp.config, "/boot/grub/grub.cfg");
	assert_string_equal(bp.config_dev, "hd1,gpt2");
	parse("pvboot.config=\"(hd0)/boot/my grub.cfg\"");
	assert_string_equal(bp.config, "/boot/my grub.cfg");
	assert_string_equal(bp.config_dev, "hd0");

	static const char *const bad[] = {
		"pvboot.config=boot/grub/grub.cfg", "pvboot.config=(hd1,gpt2", "pvboot.config=()/x",
		"pvboot.config=(hd1)grub.cfg",
		"pvboot.config=(aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa)/x",
	};
	for (size_t i = 0; i < PB_ARRAY_SIZE(bad); i++) {
		char line[256];
		snprintf(line, sizeof(line), "pvboot.config=(hd2)/ok %s", bad[i]);
		parse(line);
		assert_string_equal(bp.config, "/ok");
		assert_string_equal(bp.config_dev, "hd2");
		assert_non_null(strstr(bp.warnings, "expected /PATH or (DEVICE)/PATH"));
	}
	parse("pvboot.config=(hd2)/ok pvboot.config=");
	assert_string_equal(bp.config, "");
	assert_string_equal(bp.config_dev, "");

	parse("pvboot.disk=xvdb");
	assert_string_equal(bp.disk, "xvdb");
	parse("pvboot.disk=hd1 pvboot.disk=hd1,gpt2 pvboot.disk=/dev/xvda");
	assert_string_equal(bp.disk, "hd1");
	assert_non_null(strstr(bp.warnings, "pvboot.disk='hd1,gpt2'"));
	assert_non_null(strstr(bp.warnings, "pvboot.disk='/dev/xvda'"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_null_and_empty),
		cmocka_unit_test(test_quoting),
		cmocka_unit_test(test_grub_quoting),
		cmocka_unit_test(test_grub_vars),
		cmocka_unit_test(test_bounds_of_input),
		cmocka_unit_test(test_last_one_wins),
		cmocka_unit_test(test_overflowing_values),
		cmocka_unit_test(test_timeout),
		cmocka_unit_test(test_append_and_cmdline),
		cmocka_unit_test(test_cmdline_too_long),
		cmocka_unit_test(test_pick_entry),
		cmocka_unit_test(test_keys_and_warnings),
		cmocka_unit_test(test_config_and_disk),
	};
	return cmocka_run_group_tests_name("params", tests, NULL, NULL);
}
