/* Canonical text form of a menu (see menu_print.h).  Stable, line-oriented
 * and free of anything platform-specific (no addresses, no timings). */
#include "menu/menu_print.h"

static const char *kind_name(enum menu_kind k)
{
	switch (k) {
	case MENU_LINUX: return "linux";
	case MENU_MULTIBOOT: return "multiboot";
	case MENU_CHAINLOADER: return "chainloader";
	case MENU_PV_LOADER: return "pv-loader";
	}
	return "?";
}

static const char *style_name(enum timeout_style s)
{
	switch (s) {
	case TIMEOUT_MENU: return "menu";
	case TIMEOUT_COUNTDOWN: return "countdown";
	case TIMEOUT_HIDDEN: return "hidden";
	}
	return "?";
}

#define LINE_MAX (MENU_CMDLINE_MAX + 32)

static void linef(menu_line_fn out, void *ctx, char *buf, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void linef(menu_line_fn out, void *ctx, char *buf, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	pb_vsnprintf(buf, LINE_MAX, fmt, ap);
	va_end(ap);
	out(ctx, buf);
}

void menu_print(const struct menu *m, menu_line_fn out, void *ctx)
{
	char *buf = malloc(LINE_MAX);

	if (!buf)
		return;
	linef(out, ctx, buf, "config: (%s)%s", m->config_dev, m->config_path);
	linef(out, ctx, buf, "timeout: %d (%s)%s", m->timeout,
	      style_name(m->timeout_style), m->hidden ? " hidden" : "");
	if (m->default_index >= 0)
		linef(out, ctx, buf, "default: %d (%s)", m->default_index, m->default_reason);
	else
		linef(out, ctx, buf, "default: none (%s)", m->default_reason);
	for (size_t i = 0; i < PB_ARRAY_SIZE(m->fallback) && m->fallback[i] >= 0; i++)
		linef(out, ctx, buf, "fallback: %d", m->fallback[i]);
	if (m->password)
		linef(out, ctx, buf, "password: set");
	for (uint32_t i = 0; i < m->count; i++) {
		const struct menu_entry *e = &m->entries[i];

		linef(out, ctx, buf, "entry %u: %s%s%s", i, e->submenu,
		      e->submenu[0] ? ">" : "", e->title);
		linef(out, ctx, buf, "  kind: %s", kind_name(e->kind));
		if (e->id[0])
			linef(out, ctx, buf, "  id: %s", e->id);
		if (e->root[0])
			linef(out, ctx, buf, "  root: %s", e->root);
		if (e->kernel[0])
			linef(out, ctx, buf, "  kernel: %s", e->kernel);
		for (uint32_t j = 0; j < e->nr_initrds && j < MENU_MAX_INITRDS; j++)
			linef(out, ctx, buf, "  initrd: %s", e->initrd[j]);
		for (uint32_t j = 0; j < e->nr_modules && j < MENU_MAX_INITRDS; j++)
			linef(out, ctx, buf, "  module: %s", e->modules[j]);
		if (e->kernel[0] || e->cmdline[0])
			linef(out, ctx, buf, "  cmdline: %s", e->cmdline);
	}
	free(buf);
}
