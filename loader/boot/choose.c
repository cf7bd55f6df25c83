/* Choosing what to boot: the entry Dom0 or the configuration names, the
 * interactive menu, the configuration's fallback entries when an entry
 * cannot boot, and then the menu again without a countdown, so that a
 * broken default cannot loop. */
#include "loader/boot/core.h"
#include "loader/lib/err.h"
#include "menu/menu_ui.h"

/* The command line entry idx boots with: Dom0's parameters applied; a
 * guest-installed loader (pvboot, pvgrub2) gets our own parameters and
 * how deep the chain is, so that a guest whose only "configuration" is
 * /boot/xen/pvboot-x86_64.elf cannot loop. */
static int entry_cmdline(const struct core *c, int idx, const char *edited, char *out, size_t size)
{
	const struct menu_entry *e = &c->m.entries[idx];

	if (e->kind == MENU_PV_LOADER) {
		if (c->opts->chained >= 1)
			return pb_error(PB_ERR_LOOP, "'%s': already chained from another loader; not chaining again",
					e->title);
		int n = pb_snprintf(out, size, "%s%spvboot.chained=%d", c->p->args, c->p->args[0] ? " " : "",
				    c->opts->chained + 1);
		return n < 0 || (size_t)n >= size ? pb_error(PB_ERR_LIMIT, "command line too long") : PB_OK;
	}
	return opts_cmdline(c->opts, edited ? edited : e->cmdline, out, size);
}

/* The configuration's next fallback entry not tried yet, or -1. */
static int next_fallback(struct core *c, const bool *tried)
{
	for (size_t i = 0; i < PB_ARRAY_SIZE(c->m.fallback) && c->m.fallback[i] >= 0; i++) {
		int f = c->m.fallback[i];
		if (f < (int)c->m.count && !tried[f]) {
			core_printf(c->p, "pvboot: trying fallback entry %d\n", f);
			return f;
		}
	}
	return -1;
}

int core_choose_and_boot(struct core *c)
{
	static struct menu_ui_choice choice;
	static char cmd[MENU_CMDLINE_MAX];
	static bool tried[MENU_MAX_ENTRIES];
	char why[256];
	int idx = opts_pick(c->opts, &c->m, why, sizeof(why));
	int timeout = c->opts->have_timeout ? c->opts->timeout : c->m.timeout;
	const char *edited = NULL;

	if (idx < 0)
		return pb_error(PB_ERR_NOTFOUND, "the menu has no entries");
	memset(tried, 0, sizeof(tried));
	core_printf(c->p, "pvboot: choosing entry %d: %s\n", idx, why);
	c->m.default_index = idx;
	for (;;) {
		if (menu_ui_run(&c->m, c->p->con, timeout, &choice) == PB_OK) {
			idx = choice.index;
			edited = choice.edited ? choice.cmdline : NULL;
		}
		while (idx >= 0) {
			const struct menu_entry *e = &c->m.entries[idx];
			int rc = entry_cmdline(c, idx, edited, cmd, sizeof(cmd));
			tried[idx] = true;
			core_printf(c->p, "pvboot: booting '%s'\n", e->title);
			if (rc == PB_OK && (rc = core_boot_entry(c, idx, cmd)) == PB_OK)
				return PB_OK; /* a dry run's handoff returned */
			core_printf(c->p, "pvboot: cannot boot '%s': %s\n", e->title, pb_errmsg());
			edited = NULL;
			if (c->returned) { /* it ran and came back: the user chooses, not the fallback list */
				c->returned = false;
				break;
			}
			idx = next_fallback(c, tried);
		}
		if (c->p->batch)
			return pb_error(PB_ERR_NOTFOUND, "no entry could boot");
		core_printf(c->p, "pvboot: back to the menu: choose an entry (the countdown is off).\n");
		timeout = -1;
	}
}
