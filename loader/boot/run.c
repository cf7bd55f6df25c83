/* The boot core's main line: say who we are, find the disks and what is
 * on them, read the boot configuration, print the menu, then choose and
 * boot (choose.c).  Everything here is the same on every front end. */
#include "loader/boot/core.h"
#include "loader/lib/err.h"
#include "loader/lib/heap.h"
#include "menu/menu_load.h"
#include "menu/menu_print.h"
#include "pvboot_version.h" /* generated: $(BUILD)/gen/pvboot_version.h */

void core_printf(const struct platform *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	pb_vprintf_to(p->con->write, p->con->ctx, fmt, ap);
	va_end(ap);
}

static void print_line(void *ctx, const char *line)
{
	core_printf(ctx, "%s\n", line);
}

static void list_disks(const struct platform *p, struct blockdev **devs, int n)
{
	char extra[128];

	for (int i = 0; i < n; i++) {
		const struct blockdev *d = devs[i];
		extra[0] = '\0';
		if (p->disks->describe)
			p->disks->describe(p->disks->ctx, d, extra, sizeof(extra));
		core_printf(p, "pvboot: disk %s: %llu sectors of %u bytes (%llu MiB)%s\n", d->name,
			    (unsigned long long)d->nr_sectors, d->sector_size,
			    (unsigned long long)(d->nr_sectors * d->sector_size >> 20), extra);
	}
}

static void list_volumes(const struct platform *p, const struct volset *vs)
{
	for (uint32_t i = 0; i < vs->count; i++) {
		const struct vol_entry *v = &vs->v[i];
		if (!v->fs) {
			core_printf(p, "pvboot: (%s) %s\n", v->grub_name, v->mount_msg);
			continue;
		}
		core_printf(p, "pvboot: (%s) %s uuid %s\n", v->grub_name, v->fs->ops->name, v->fs->uuid);
		if (v->fs->note[0]) /* e.g. a log that needs recovery, read as it is */
			core_printf(p, "pvboot: (%s) note: %s\n", v->grub_name, v->fs->note);
	}
}

static int load_menu(struct core *c)
{
	const struct pvboot_opts *o = c->opts;
	const char *names[OPTS_GRUB_VARS_MAX], *values[OPTS_GRUB_VARS_MAX];
	struct menu_load_opts lo = { .disk = o->disk, .dev = o->config_dev, .path = o->config,
				     .loader_paths = c->p->loader_paths };
	int rc = menu_init(&c->m);

	for (uint32_t i = 0; i < o->nr_grub_vars; i++) {
		names[i] = o->grub_name[i];
		values[i] = o->grub_value[i];
	}
	lo.vars = (struct grubcfg_vars){ o->nr_grub_vars, names, values };
	return rc ? rc : menu_load_opts(c->vs, &lo, &c->m);
}

int core_run(const struct platform *p)
{
	static struct blockdev *devs[CORE_MAX_DISKS];
	struct core c = { .p = p, .opts = p->opts };
	int n = 0, rc;

	uint64_t free_mib = pb_heap_free_bytes() >> 20;
	core_printf(p, "\npvboot %s (%s, %llu MiB%s", PVBOOT_VERSION, p->name, (unsigned long long)(p->ram_bytes >> 20),
		    free_mib ? ", " : ")\n");
	if (free_mib)
		core_printf(p, "%llu MiB free for loading)\n", (unsigned long long)free_mib);
	if (c.opts->warnings[0])
		core_printf(p, "%s", c.opts->warnings);
	c.vs = malloc(sizeof(*c.vs));
	if (!c.vs)
		return pb_error(PB_ERR_NOMEM, "out of memory for the volume list");
	if ((rc = p->disks->probe(p->disks->ctx, devs, CORE_MAX_DISKS, &n)))
		core_printf(p, "pvboot: listing disks: %s\n", pb_errmsg());
	list_disks(p, devs, n);
	volset_scan(devs, n, c.vs);
	list_volumes(p, c.vs);
	if (c.opts->readtest[0])
		core_read_test(&c, c.opts->readtest);
	if ((rc = load_menu(&c))) {
		core_printf(p, "pvboot: %s\npvboot: nothing to boot; shutting down.\n", pb_errmsg());
	} else {
		core_printf(p, "PVBOOT-MENU-BEGIN\n");
		menu_print(&c.m, print_line, (void *)p);
		core_printf(p, "PVBOOT-MENU-END\n");
		if (c.m.warnings[0])
			core_printf(p, "%s", c.m.warnings);
		if (c.opts->noboot)
			core_printf(p, "pvboot: pvboot.noboot given; shutting down.\n");
		else
			rc = core_choose_and_boot(&c);
	}
	menu_free(&c.m);
	if (!c.released) {
		volset_release(c.vs);
		p->disks->release_all(p->disks->ctx);
	}
	free(c.vs);
	return rc;
}
