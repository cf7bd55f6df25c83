/* The interactive boot menu (see menu_ui.h).
 *
 * Written for a slow serial or PV console: output is plain text with CRLF
 * line ends and a few VT100 sequences (clear screen, erase line, reverse
 * video).  Input is drained before anything is redrawn, so a burst of keys
 * (a held arrow key, a paste) costs one redraw, and the countdown rewrites
 * only its own line.  Titles and command lines come from the guest's disk,
 * so control bytes in them are shown as '?' and never reach the terminal.
 */
#include "menu/menu_ui.h"
#include "loader/lib/err.h"

/* Keys above the byte range, decoded from escape sequences. */
enum {
	KEY_NONE = -1,
	KEY_ESC = 0x1b,
	KEY_UP = 0x100,
	KEY_DOWN,
	KEY_HOME,
	KEY_END,
	KEY_OTHER, /* an unknown sequence: stops the countdown, nothing else */
};

#define UI_ROWS 16        /* entries on screen at once: fits a 24-line console */
#define UI_COLS 76        /* text columns for a line: no wrap on an 80-column console */
#define UI_ESC_WAIT_MS 50 /* after ESC, how long to wait for the rest of a sequence */
#define UI_FOREVER_MS 1000

struct ui {
	const struct menu *m;
	const struct menu_ui_ops *ops;
	uint32_t sel, top;  /* selected entry; first entry on screen */
	bool shown;         /* the menu is on screen (not hidden by timeout_style) */
	bool drawn;         /* anything was written (end with a newline) */
	bool counting;
	uint64_t deadline;  /* now_ms() at which the countdown boots */
	int secs;           /* the number the countdown line shows */
	int pending;        /* a key read ahead by the timeout-0 check, or KEY_NONE */
};

static void ui_write(struct ui *u, const char *s, size_t len)
{
	u->drawn = true;
	u->ops->write(u->ops->ctx, s, len);
}

static void ui_puts(struct ui *u, const char *s)
{
	ui_write(u, s, strlen(s));
}

static void ui_printf(struct ui *u, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void ui_printf(struct ui *u, const char *fmt, ...)
{
	char buf[128];
	va_list ap;

	va_start(ap, fmt);
	int n = pb_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	ui_write(u, buf, PB_MIN((size_t)n, sizeof(buf) - 1));
}

/* Write guest-supplied text with control bytes (ESC above all) made harmless. */
static void ui_put_clean(struct ui *u, const char *s, size_t len)
{
	char buf[64];

	while (len) {
		size_t n = PB_MIN(len, sizeof(buf));
		for (size_t i = 0; i < n; i++) {
			unsigned char c = (unsigned char)s[i];
			buf[i] = c < 0x20 || c == 0x7f ? '?' : (char)c;
		}
		ui_write(u, buf, n);
		s += n;
		len -= n;
	}
}

/* Write at most *budget columns of s, then "..." if it was cut. */
static void ui_put_field(struct ui *u, const char *s, size_t *budget)
{
	size_t len = strlen(s);

	if (len <= *budget) {
		ui_put_clean(u, s, len);
		*budget -= len;
		return;
	}
	ui_put_clean(u, s, *budget > 3 ? *budget - 3 : 0);
	ui_puts(u, "...");
	*budget = 0;
}

/* ---- input ---- */

/* The next byte, waiting up to ms for it (an escape sequence arrives in
 * pieces on a serial line); -1 when none came. */
static int ui_getc_wait(struct ui *u, uint32_t ms)
{
	uint64_t end = u->ops->now_ms(u->ops->ctx) + ms;

	for (;;) {
		int c = u->ops->getc(u->ops->ctx);
		if (c >= 0)
			return c & 0xff;
		uint64_t now = u->ops->now_ms(u->ops->ctx);
		if (now >= end)
			return -1;
		u->ops->idle(u->ops->ctx, (uint32_t)(end - now));
	}
}

/* Decode one key without waiting, except to finish an escape sequence:
 * ESC [ A/B/H/F, ESC O A/B/H/F, ESC [ 1~/4~/7~/8~.  A lone ESC is KEY_ESC. */
static int ui_read_key(struct ui *u)
{
	int c = u->pending;

	if (c != KEY_NONE) {
		u->pending = KEY_NONE;
		return c; /* already decoded */
	}
	c = u->ops->getc(u->ops->ctx);
	if (c < 0)
		return KEY_NONE;
	c &= 0xff;
	if (c != KEY_ESC)
		return c;
	c = ui_getc_wait(u, UI_ESC_WAIT_MS);
	if (c != '[' && c != 'O') {
		u->pending = c; /* a lone ESC; the byte after it (if any) is the next key */
		return KEY_ESC;
	}
	int num = 0;
	for (int i = 0; i < 4; i++) {
		c = ui_getc_wait(u, UI_ESC_WAIT_MS);
		if (c >= '0' && c <= '9') {
			num = num * 10 + (c - '0');
			continue;
		}
		switch (c) {
		case 'A': return KEY_UP;
		case 'B': return KEY_DOWN;
		case 'H': return KEY_HOME;
		case 'F': return KEY_END;
		case '~':
			if (num == 1 || num == 7)
				return KEY_HOME;
			if (num == 4 || num == 8)
				return KEY_END;
			return KEY_OTHER;
		default:
			return KEY_OTHER;
		}
	}
	return KEY_OTHER;
}

/* ---- drawing ---- */

static const char *ui_title(const struct ui *u)
{
	return u->m->entries[u->sel].title;
}

/* The countdown line, rewritten in place (hence no newline after it). */
static void ui_draw_countdown(struct ui *u)
{
	size_t budget = UI_COLS - 24;

	if (!u->shown && u->m->timeout_style != TIMEOUT_COUNTDOWN)
		return; /* hidden: nothing on screen until a key */
	ui_puts(u, "\r\x1b[KBooting '");
	ui_put_field(u, ui_title(u), &budget);
	ui_printf(u, "' in %d s.", u->secs);
}

static void ui_draw_entry(struct ui *u, uint32_t i)
{
	const struct menu_entry *e = &u->m->entries[i];
	bool sel = i == u->sel;
	size_t budget = UI_COLS - 6;

	ui_printf(u, "%s%c%3u ", sel ? "\x1b[7m" : "", sel ? '*' : ' ', i);
	if (e->submenu[0]) {
		/* The title tells entries apart, the submenu path does not (all
		 * "Advanced options for ..."): shorten the path first. */
		size_t tlen = strlen(e->title);
		size_t sub = PB_MAX(budget > tlen + 1 ? budget - tlen - 1 : 0, (size_t)16);
		budget -= sub + 1;
		ui_put_field(u, e->submenu, &sub);
		ui_puts(u, ">");
		budget += sub; /* what the path left unused */
	}
	ui_put_field(u, e->title, &budget);
	ui_puts(u, sel ? "\x1b[0m\r\n" : "\r\n");
}

/* The whole screen: used when the selection moves (or after the editor). */
static void ui_draw_menu(struct ui *u)
{
	const struct menu *m = u->m;

	/* Scroll just enough to keep the selection on screen. */
	if (u->sel < u->top)
		u->top = u->sel;
	if (u->sel >= u->top + UI_ROWS)
		u->top = u->sel - UI_ROWS + 1;
	uint32_t end = PB_MIN(m->count, u->top + UI_ROWS);

	ui_puts(u, "\x1b[H\x1b[2Jpvboot\r\n\r\n");
	ui_puts(u, u->top ? "     ...\r\n" : "\r\n");
	for (uint32_t i = u->top; i < end; i++)
		ui_draw_entry(u, i);
	ui_puts(u, end < m->count ? "     ...\r\n\r\n" : "\r\n\r\n");
	ui_puts(u, m->password ? "Use arrows or j/k, Enter to boot (editing locked: a password is set).\r\n"
			       : "Use arrows or j/k, Enter to boot, 'e' to edit the command line.\r\n");
	if (u->counting)
		ui_draw_countdown(u);
}

/* ---- the countdown ---- */

/* Update the countdown line when its number changes.  Returns the
 * milliseconds until the number next changes, in [1, 1000], or 0 once the
 * deadline has passed. */
static uint32_t ui_countdown_step(struct ui *u)
{
	uint64_t now = u->ops->now_ms(u->ops->ctx);

	if (now >= u->deadline)
		return 0;
	uint64_t left = u->deadline - now;
	int secs = (int)((left + 999) / 1000);
	if (secs != u->secs) {
		u->secs = secs;
		ui_draw_countdown(u);
	}
	return (uint32_t)(left - (uint64_t)(secs - 1) * 1000);
}

/* ---- the line editor ---- */

static void ui_draw_edit_line(struct ui *u, const char *line, size_t len)
{
	/* Only the tail fits on one line; editing happens at the end anyway.
	 * One line rewritten in place never wraps, so it cannot go stale. */
	const size_t width = UI_COLS - 2; /* after "> " */

	ui_puts(u, "\r\x1b[K> ");
	if (len > width) {
		ui_puts(u, "<");
		line += len - (width - 1);
		len = width - 1;
	}
	ui_put_clean(u, line, len);
}

/* Edit the selected entry's command line in out->cmdline.  true: Enter
 * (boot it); false: ESC (back to the menu). */
static bool ui_edit(struct ui *u, struct menu_ui_choice *out)
{
	const struct menu_entry *e = &u->m->entries[u->sel];
	size_t budget = UI_COLS - 10;
	bool dirty = true;

	pb_strlcpy(out->cmdline, e->cmdline, sizeof(out->cmdline));
	size_t len = strlen(out->cmdline);

	ui_puts(u, "\x1b[H\x1b[2JEditing '");
	ui_put_field(u, e->title, &budget);
	ui_puts(u, "'\r\nEnter boots, Esc cancels, Ctrl-U clears, Backspace deletes.\r\n\r\n");
	ui_put_clean(u, out->cmdline, len); /* in full, once, for reference */
	ui_puts(u, "\r\n\r\n");
	for (;;) {
		int k = ui_read_key(u);
		if (k == KEY_NONE) {
			if (dirty)
				ui_draw_edit_line(u, out->cmdline, len);
			dirty = false;
			u->ops->idle(u->ops->ctx, UI_FOREVER_MS);
			continue;
		}
		if (k == '\r' || k == '\n')
			return true;
		if (k == KEY_ESC)
			return false;
		if ((k == 0x7f || k == 0x08) && len > 0)
			len--;
		else if (k == 0x15) /* Ctrl-U */
			len = 0;
		else if (k >= 0x20 && k < 0x7f && len < sizeof(out->cmdline) - 1)
			out->cmdline[len++] = (char)k;
		else
			continue; /* arrows, other controls, a full line: ignored */
		out->cmdline[len] = '\0';
		dirty = true;
	}
}

/* ---- the menu ---- */

static int ui_finish(struct ui *u, struct menu_ui_choice *out, bool edited)
{
	out->index = (int)u->sel;
	out->edited = edited;
	if (!edited)
		pb_strlcpy(out->cmdline, u->m->entries[u->sel].cmdline, sizeof(out->cmdline));
	if (u->drawn)
		ui_puts(u, "\r\n"); /* whatever the loader prints next starts a fresh line */
	return PB_OK;
}

int menu_ui_run(const struct menu *m, const struct menu_ui_ops *ops, int timeout_s,
		struct menu_ui_choice *out)
{
	if (!m || !ops || !out || !ops->getc || !ops->write || !ops->now_ms || !ops->idle)
		return pb_error(PB_ERR_INVAL, "menu: missing console operations");
	if (m->count == 0 || !m->entries)
		return pb_error(PB_ERR_NOTFOUND, "menu: no entries to choose from");

	struct ui ui = { .m = m, .ops = ops, .pending = KEY_NONE };
	struct ui *u = &ui;
	if (m->default_index > 0)
		u->sel = PB_MIN((uint32_t)m->default_index, m->count - 1);

	if (timeout_s == 0) {
		/* Boot at once, unless a key is already waiting: then show the
		 * menu and let that key act in it. */
		u->pending = ui_read_key(u);
		if (u->pending == KEY_NONE)
			return ui_finish(u, out, false);
	}
	u->counting = timeout_s > 0;
	u->shown = !u->counting ||
		   (m->timeout_style == TIMEOUT_MENU && !m->hidden);
	if (u->counting) {
		u->deadline = ops->now_ms(ops->ctx) + (uint64_t)timeout_s * 1000;
		u->secs = timeout_s;
		if (!u->shown)
			ui_draw_countdown(u); /* only the COUNTDOWN style draws */
	}

	bool dirty = u->shown; /* drawn once the input queue is empty */
	for (;;) {
		int k = ui_read_key(u);
		if (k == KEY_NONE) {
			if (dirty)
				ui_draw_menu(u);
			dirty = false;
			uint32_t wait = UI_FOREVER_MS;
			if (u->counting) {
				wait = ui_countdown_step(u);
				if (wait == 0)
					return ui_finish(u, out, false);
			}
			u->ops->idle(u->ops->ctx, wait);
			continue;
		}

		/* Any key: stop the countdown, show the menu. */
		if (u->counting) {
			u->counting = false;
			if (u->shown || m->timeout_style == TIMEOUT_COUNTDOWN)
				ui_puts(u, "\r\x1b[K");
		}
		if (!u->shown)
			u->shown = dirty = true;

		uint32_t old = u->sel;
		switch (k) {
		case KEY_UP:
		case 'k':
			if (u->sel > 0)
				u->sel--;
			break;
		case KEY_DOWN:
		case 'j':
			if (u->sel + 1 < m->count)
				u->sel++;
			break;
		case KEY_HOME:
			u->sel = 0;
			break;
		case KEY_END:
			u->sel = m->count - 1;
			break;
		case '\r':
		case '\n':
			return ui_finish(u, out, false);
		case 'e':
			if (m->password)
				break;
			if (ui_edit(u, out))
				return ui_finish(u, out, true);
			dirty = true; /* cancelled: the editor covered the menu */
			break;
		default:
			if (k >= '0' && k <= '9' && (uint32_t)(k - '0') < m->count)
				u->sel = (uint32_t)(k - '0');
			break;
		}
		if (u->sel != old)
			dirty = true;
	}
}
