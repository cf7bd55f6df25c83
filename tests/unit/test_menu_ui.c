/* The interactive menu against a fake console: keys arrive on a script
 * (each burst becomes readable at a given fake time), idle() advances the
 * fake clock (to the next burst at the latest, as a real console wakes on
 * input), and everything written is captured.  Every run is bounded: a
 * menu that spins or idles for 0 ms fails the test instead of hanging it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "loader/lib/err.h"
#include "menu/menu_ui.h"

struct burst {
	uint64_t at;       /* fake ms at which these bytes become readable */
	const char *bytes;
};

struct fake {
	const struct burst *script;
	size_t si, bi;
	uint64_t clock;
	unsigned idles, zero_idles;
	char out[1 << 16];
	size_t outlen;
};

#define MAX_IDLES 10000

static int fake_getc(void *ctx)
{
	struct fake *f = ctx;
	const struct burst *b;

	while ((b = &f->script[f->si])->bytes && !b->bytes[f->bi]) {
		f->si++;
		f->bi = 0;
	}
	if (!b->bytes || f->clock < b->at)
		return -1;
	return (unsigned char)b->bytes[f->bi++];
}

static void fake_write(void *ctx, const char *s, size_t len)
{
	struct fake *f = ctx;
	size_t room = sizeof(f->out) - 1 - f->outlen;

	len = len < room ? len : room;
	memcpy(f->out + f->outlen, s, len);
	f->outlen += len;
	f->out[f->outlen] = '\0';
}

static uint64_t fake_now(void *ctx)
{
	return ((struct fake *)ctx)->clock;
}

static void fake_idle(void *ctx, uint32_t ms)
{
	struct fake *f = ctx;
	const struct burst *b = &f->script[f->si];

	if (ms == 0)
		f->zero_idles++;
	if (++f->idles > MAX_IDLES)
		fail_msg("menu idled %u times: it never finishes", f->idles);
	/* Input wakes the console early, as the real one does. */
	if (b->bytes && b->at > f->clock && b->at < f->clock + ms)
		f->clock = b->at;
	else
		f->clock += ms;
}

static const struct burst no_keys[] = { { 0, NULL } };

static struct fake *fake_new(const struct burst *script)
{
	struct fake *f = calloc(1, sizeof(*f));
	f->script = script ? script : no_keys;
	return f;
}

static struct menu_ui_ops fake_ops(struct fake *f)
{
	struct menu_ui_ops ops = { f, fake_getc, fake_write, fake_now, fake_idle };
	return ops;
}

/* Entries "A".."E" with cmdline "root=/dev/xvda1 ro"; C lives in a submenu. */
static void make_menu(struct menu *m, uint32_t n, int def)
{
	assert_int_equal(menu_init(m), PB_OK);
	for (uint32_t i = 0; i < n; i++) {
		struct menu_entry *e;
		assert_int_equal(menu_add(m, &e), PB_OK);
		e->kind = MENU_LINUX;
		snprintf(e->title, sizeof(e->title), "%c", 'A' + i);
		snprintf(e->cmdline, sizeof(e->cmdline), "root=/dev/xvda1 ro");
		if (i == 2)
			snprintf(e->submenu, sizeof(e->submenu), "Advanced");
	}
	m->default_index = def;
}

/* Run the menu with a key script; returns the choice's index. */
static int run(struct menu *m, int timeout_s, const struct burst *script, struct fake **fp,
	       struct menu_ui_choice *c)
{
	struct fake *f = fake_new(script);
	struct menu_ui_ops ops = fake_ops(f);

	memset(c, 0x55, sizeof(*c));
	assert_int_equal(menu_ui_run(m, &ops, timeout_s, c), PB_OK);
	assert_int_equal(f->zero_idles, 0);
	*fp = f;
	return c->index;
}

static void test_timeout_zero_boots_default(void **state)
{
	(void)state;
	struct menu m;
	struct menu_ui_choice c;
	struct fake *f;

	make_menu(&m, 5, 2);
	assert_int_equal(run(&m, 0, NULL, &f, &c), 2);
	assert_false(c.edited);
	assert_string_equal(c.cmdline, "root=/dev/xvda1 ro");
	assert_int_equal(f->outlen, 0); /* nothing drawn */
	assert_int_equal(f->idles, 0);
	free(f);

	/* A key already waiting shows the menu and acts in it; then it waits. */
	static const struct burst s[] = { { 0, "j" }, { 30000, "\r" }, { 0, NULL } };
	assert_int_equal(run(&m, 0, s, &f, &c), 3);
	assert_non_null(strstr(f->out, "Use arrows or j/k"));
	assert_null(strstr(f->out, "Booting"));
	assert_true(f->clock >= 30000);
	free(f);
	menu_free(&m);
}

static void test_countdown_expires(void **state)
{
	(void)state;
	struct menu m;
	struct menu_ui_choice c;
	struct fake *f;

	make_menu(&m, 5, 1);
	assert_int_equal(run(&m, 3, NULL, &f, &c), 1);
	assert_false(c.edited);
	assert_int_equal(f->clock, 3000);
	assert_true(f->idles <= 6); /* about one per second, not a spin */
	assert_non_null(strstr(f->out, "Booting 'B' in 3 s."));
	assert_non_null(strstr(f->out, "Booting 'B' in 2 s."));
	assert_non_null(strstr(f->out, "Booting 'B' in 1 s."));
	assert_non_null(strstr(f->out, "*  1 B"));  /* the default is marked */
	assert_non_null(strstr(f->out, "   2 Advanced>C"));
	/* The list is drawn once: the countdown rewrites only its line. */
	assert_null(strstr(strstr(f->out, "pvboot") + 1, "pvboot"));
	free(f);
	menu_free(&m);
}

static void test_arrows_and_jk(void **state)
{
	(void)state;
	struct menu m;
	struct menu_ui_choice c;
	struct fake *f;
	static const struct burst down[] = { { 0, "\x1b[B\r" }, { 0, NULL } };
	static const struct burst down_ss3[] = { { 0, "\x1b" "OB" }, { 100, "\x1b[A\x1b[B\x1b[B\r" }, { 0, NULL } };
	static const struct burst k_top[] = { { 0, "kkk\x1b[A" }, { 0, "\r" }, { 0, NULL } };
	static const struct burst j_end[] = { { 0, "jjjjjjjjjj\r" }, { 0, NULL } };
	static const struct burst home_end[] = { { 0, "\x1b[F\x1b[H\x1b[4~j\r" }, { 0, NULL } };

	make_menu(&m, 5, -1);
	assert_int_equal(run(&m, -1, down, &f, &c), 1);
	free(f);
	assert_int_equal(run(&m, -1, down_ss3, &f, &c), 2);
	free(f);
	assert_int_equal(run(&m, -1, k_top, &f, &c), 0);
	free(f);
	assert_int_equal(run(&m, -1, j_end, &f, &c), 4);
	free(f);
	assert_int_equal(run(&m, -1, home_end, &f, &c), 4);
	free(f);
	menu_free(&m);
}

static void test_digit_jump_and_default_clamp(void **state)
{
	(void)state;
	struct menu m;
	struct menu_ui_choice c;
	struct fake *f;
	static const struct burst three[] = { { 0, "3\r" }, { 0, NULL } };
	static const struct burst nine[] = { { 0, "19\r" }, { 0, NULL } };

	make_menu(&m, 5, 0);
	assert_int_equal(run(&m, -1, three, &f, &c), 3);
	free(f);
	assert_int_equal(run(&m, -1, nine, &f, &c), 1); /* no entry 9: stays */
	free(f);
	m.default_index = 99;
	assert_int_equal(run(&m, 0, NULL, &f, &c), 4);
	free(f);
	m.default_index = -1;
	assert_int_equal(run(&m, 0, NULL, &f, &c), 0);
	free(f);
	menu_free(&m);
}

static void test_key_stops_countdown(void **state)
{
	(void)state;
	struct menu m;
	struct menu_ui_choice c;
	struct fake *f;
	static const struct burst s[] = { { 1500, "j" }, { 60000, "\r" }, { 0, NULL } };

	make_menu(&m, 5, 0);
	assert_int_equal(run(&m, 5, s, &f, &c), 1);
	assert_true(f->clock >= 60000);
	assert_true(f->idles < 100); /* waiting forever idles ~1 s at a time */
	assert_null(strstr(f->out, "in 3 s")); /* stopped at 4 */
	free(f);
	menu_free(&m);
}

static void test_editor(void **state)
{
	(void)state;
	struct menu m;
	struct menu_ui_choice c;
	struct fake *f;
	static const struct burst append[] = { { 0, "je" }, { 10, " single" }, { 20, "\r" }, { 0, NULL } };
	static const struct burst erase[] = { { 0, "e\x15" "abc\x7f" "d\x08" "\x08" "x\r" }, { 0, NULL } };
	static const struct burst cancel[] = { { 0, "e x" }, { 1000, "\x1b" }, { 2000, "\r" }, { 0, NULL } };
	static const struct burst esc_then_key[] = { { 0, "e x\x1bj\r" }, { 0, NULL } };

	make_menu(&m, 5, 0);
	assert_int_equal(run(&m, 10, append, &f, &c), 1);
	assert_true(c.edited);
	assert_string_equal(c.cmdline, "root=/dev/xvda1 ro single");
	assert_non_null(strstr(f->out, "> root=/dev/xvda1 ro single"));
	free(f);

	assert_int_equal(run(&m, -1, erase, &f, &c), 0);
	assert_true(c.edited);
	assert_string_equal(c.cmdline, "ax");
	free(f);

	assert_int_equal(run(&m, -1, cancel, &f, &c), 0);
	assert_false(c.edited);
	assert_string_equal(c.cmdline, "root=/dev/xvda1 ro");
	free(f);

	/* ESC followed at once by a key: the key is not lost. */
	assert_int_equal(run(&m, -1, esc_then_key, &f, &c), 1);
	assert_false(c.edited);
	free(f);

	/* With a password, 'e' does nothing. */
	m.password = true;
	assert_int_equal(run(&m, -1, append, &f, &c), 1);
	assert_false(c.edited);
	assert_non_null(strstr(f->out, "editing locked"));
	free(f);
	menu_free(&m);
}

static void test_editor_bound(void **state)
{
	(void)state;
	struct menu m;
	struct menu_ui_choice c;
	struct fake *f;
	static char keys[64];
	static const struct burst s[] = { { 0, keys }, { 10, "\r" }, { 0, NULL } };

	make_menu(&m, 1, 0);
	memset(m.entries[0].cmdline, 'x', MENU_CMDLINE_MAX - 10);
	m.entries[0].cmdline[MENU_CMDLINE_MAX - 10] = '\0';
	snprintf(keys, sizeof(keys), "e%s", "0123456789abcdefghij");
	assert_int_equal(run(&m, -1, s, &f, &c), 0);
	assert_true(c.edited);
	assert_int_equal(strlen(c.cmdline), MENU_CMDLINE_MAX - 1);
	assert_string_equal(c.cmdline + MENU_CMDLINE_MAX - 10, "012345678");
	/* Only the tail of a long line is shown: one line, no wrapping. */
	assert_non_null(strstr(f->out, "\r\x1b[K> <xxx"));
	assert_non_null(strstr(f->out, "xx012345678"));
	free(f);
	menu_free(&m);
}

static void test_hidden_and_hostile_titles(void **state)
{
	(void)state;
	struct menu m;
	struct menu_ui_choice c;
	struct fake *f;
	static const struct burst key[] = { { 500, "\x1b" }, { 5000, "\r" }, { 0, NULL } };

	make_menu(&m, 3, 1);
	m.timeout_style = TIMEOUT_HIDDEN;
	assert_int_equal(run(&m, 2, NULL, &f, &c), 1);
	assert_int_equal(f->outlen, 0);
	assert_int_equal(f->clock, 2000);
	free(f);
	/* A key during a hidden countdown shows the menu. */
	assert_int_equal(run(&m, 2, key, &f, &c), 1);
	assert_non_null(strstr(f->out, "Use arrows"));
	free(f);

	m.timeout_style = TIMEOUT_COUNTDOWN;
	assert_int_equal(run(&m, 2, NULL, &f, &c), 1);
	assert_non_null(strstr(f->out, "Booting 'B' in 1 s."));
	assert_null(strstr(f->out, "Use arrows"));
	free(f);

	/* Control bytes from the guest's config never reach the terminal. */
	m.timeout_style = TIMEOUT_MENU;
	snprintf(m.entries[0].title, sizeof(m.entries[0].title), "evil\x1b[2J\x1b]0;x\x07");
	memset(m.entries[1].title, 'T', 200);
	m.entries[1].title[200] = '\0';
	assert_int_equal(run(&m, 1, NULL, &f, &c), 1);
	assert_non_null(strstr(f->out, "evil?[2J?]0;x?"));
	assert_non_null(strstr(f->out, "TTT...\x1b[0m\r\n"));
	free(f);
	menu_free(&m);
}

static void test_scrolling(void **state)
{
	(void)state;
	struct menu m;
	struct menu_ui_choice c;
	struct fake *f;
	/* Separate bursts: the menu redraws only once input is drained. */
	static const struct burst s[] = { { 0, "\x1b[F" }, { 10, "k" }, { 20, "\r" }, { 0, NULL } };

	make_menu(&m, 40, 0);
	assert_int_equal(run(&m, -1, s, &f, &c), 38);
	/* The last screen: the selection visible, earlier entries elided. */
	const char *last = f->out, *p;
	while ((p = strstr(last + 1, "pvboot")))
		last = p;
	assert_non_null(strstr(last, "pvboot\r\n\r\n     ...\r\n"));
	assert_non_null(strstr(last, "\x1b[7m* 38 "));
	assert_non_null(strstr(last, "  39 "));
	assert_null(strstr(last, "  23 "));
	free(f);
	menu_free(&m);
}

static void test_empty_menu(void **state)
{
	(void)state;
	struct menu m;
	struct menu_ui_choice c;
	struct fake *f = fake_new(NULL);
	struct menu_ui_ops ops = fake_ops(f);

	make_menu(&m, 0, -1);
	pb_errclear();
	assert_int_equal(menu_ui_run(&m, &ops, 5, &c), PB_ERR_NOTFOUND);
	assert_non_null(strstr(pb_errmsg(), "no entries"));
	assert_int_equal(f->outlen, 0);
	assert_int_equal(menu_ui_run(&m, NULL, 5, &c), PB_ERR_INVAL);
	free(f);
	menu_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_timeout_zero_boots_default),
		cmocka_unit_test(test_countdown_expires),
		cmocka_unit_test(test_arrows_and_jk),
		cmocka_unit_test(test_digit_jump_and_default_clamp),
		cmocka_unit_test(test_key_stops_countdown),
		cmocka_unit_test(test_editor),
		cmocka_unit_test(test_editor_bound),
		cmocka_unit_test(test_hidden_and_hostile_titles),
		cmocka_unit_test(test_scrolling),
		cmocka_unit_test(test_empty_menu),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
