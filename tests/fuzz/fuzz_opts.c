/* libFuzzer: pvboot's extra= parameters, then what the loader does with
 * them: build the kernel command line (at the PV limit) and pick an entry
 * from a small fixed menu.  The input is used as given, without a NUL, so
 * ASan sees any read past len. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "loader/lib/err.h"
#include "loader/boot/opts.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* Built once: menu_init() allocates room for every entry (megabytes),
 * which would otherwise dominate each run; opts_pick() only reads it. */
static struct menu *fixed_menu(void)
{
	static struct menu m;
	static bool ready;
	struct menu_entry *e;

	if (ready)
		return &m;
	if (menu_init(&m) || menu_add(&m, &e))
		__builtin_trap();
	strcpy(e->title, "Debian GNU/Linux");
	strcpy(e->id, "gnulinux-simple");
	if (menu_add(&m, &e))
		__builtin_trap();
	strcpy(e->title, "recovery");
	strcpy(e->submenu, "Advanced options");
	e->depth = 1;
	e->item[0] = 1;
	m.default_index = 0;
	ready = true;
	return &m;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct pvboot_opts p;
	struct menu *m = fixed_menu();
	char out[1024], why[128];

	if (opts_parse((const char *)data, size, &p) != PB_OK)
		__builtin_trap();
	if (strnlen(p.warnings, sizeof(p.warnings)) >= sizeof(p.warnings) ||
	    strnlen(p.append, sizeof(p.append)) >= sizeof(p.append) ||
	    strnlen(p.cmdline, sizeof(p.cmdline)) >= sizeof(p.cmdline))
		__builtin_trap();
	if (opts_cmdline(&p, "root=/dev/xvda1 ro", out, sizeof(out)) == PB_OK &&
	    strlen(out) >= sizeof(out))
		__builtin_trap();
	int i = opts_pick(&p, m, why, sizeof(why));
	if (i < 0 || (uint32_t)i >= m->count)
		__builtin_trap();
	return 0;
}
