/* The interactive boot menu: a numbered list on a plain VT100-ish text
 * console (Xen PV console, serial), a countdown, and a one-line editor for
 * the chosen entry's command line.  Portable: the platform supplies the
 * console and the clock through struct menu_ui_ops.
 */
#ifndef PVBOOT_MENU_MENU_UI_H
#define PVBOOT_MENU_MENU_UI_H

#include "menu/menu.h"

struct menu_ui_ops {
	void *ctx;
	/* Non-blocking: the next input byte (0..255), or -1 when none is waiting. */
	int (*getc)(void *ctx);
	void (*write)(void *ctx, const char *s, size_t len);
	/* Monotonic milliseconds. */
	uint64_t (*now_ms)(void *ctx);
	/* Wait up to ms (always > 0) for input; may return early. */
	void (*idle)(void *ctx, uint32_t ms);
};

struct menu_ui_choice {
	int index;                       /* into m->entries */
	bool edited;                     /* cmdline came from the editor (Enter there) */
	char cmdline[MENU_CMDLINE_MAX];  /* the entry's, or the edited one */
};

/* Show m and let the user choose.  timeout_s overrides m->timeout (callers
 * normally pass m->timeout): < 0 waits forever, 0 boots the default at once
 * without drawing anything unless a key is already waiting, N > 0 counts
 * down N seconds (any key stops the countdown).  m->timeout_style HIDDEN
 * (or m->hidden) draws nothing during the countdown and COUNTDOWN only the
 * countdown line; a key shows the menu.  Editing is refused when
 * m->password is set (pvboot cannot check GRUB passwords).
 * Returns PB_OK with *out filled, PB_ERR_NOTFOUND for an empty menu, or
 * PB_ERR_INVAL for missing arguments. */
int menu_ui_run(const struct menu *m, const struct menu_ui_ops *ops, int timeout_s,
		struct menu_ui_choice *out);

#endif
