/* Finding and reading the boot configuration (see menu_load.h). */
#include "menu/menu_load.h"
#include "menu/bls_menu.h"
#include "menu/grubcfg.h"
#include "menu/menu_fsio.h"
#include "menu/menulst.h"
#include "loader/lib/err.h"

const char *const menu_config_paths[] = {
	"/boot/grub/grub.cfg",
	"/grub/grub.cfg",
	"/boot/grub2/grub.cfg",
	"/grub2/grub.cfg",
	"/boot/grub/menu.lst",
	"/grub/menu.lst",
	NULL,
};

const char *const menu_xen_loader_paths[] = {
	"/boot/xen/pvboot-x86_64.elf",
	"/xen/pvboot-x86_64.elf",
	NULL,
};

const char *const menu_bls_paths[] = {
	"/loader/entries",
	"/boot/loader/entries",
	NULL,
};

static bool ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && !strcmp(s + a - b, suffix);
}

static int load_one(const struct menu_io *io, struct vol_entry *v, const char *path,
		    const struct grubcfg_vars *vars, struct menu *m)
{
	const char *dev = v->grub_name;

	pb_strlcpy(m->config_dev, dev, sizeof(m->config_dev));
	pb_strlcpy(m->config_path, path, sizeof(m->config_path));
	if (ends_with(path, "menu.lst"))
		return menulst_load(io, dev, path, m);
	if (ends_with(path, ".elf")) {
		/* A loader installed in the guest (docs/misc/x86-xenpv-bootloader):
		 * one entry that chains into it. */
		struct menu_entry *e;
		int rc = menu_add(m, &e);
		if (rc)
			return rc;
		e->kind = MENU_PV_LOADER;
		pb_snprintf(e->title, sizeof(e->title), "Guest's own loader %s", path);
		pb_strlcpy(e->kernel, path, sizeof(e->kernel));
		pb_strlcpy(e->root, dev, sizeof(e->root));
		m->default_index = 0;
		pb_strlcpy(m->default_reason, "the only entry", sizeof(m->default_reason));
		return PB_OK;
	}
	if (!ends_with(path, "entries")) /* grub.cfg, or any script named by pvboot.config */
		return grubcfg_load(io, dev, path, vars, m);
	return bls_menu_load(io, dev, path, vars, m);
}

/* pvboot.disk=: "xvdb" (the frontend's name) or "hd1" (GRUB's). */
static bool on_disk(const struct vol_entry *v, const char *disk)
{
	size_t n = strlen(disk);

	if (!disk[0] || !strcmp(v->dev->name, disk))
		return true;
	return !strncmp(v->grub_name, disk, n) && (v->grub_name[n] == '\0' || v->grub_name[n] == ',');
}

/* The first of paths on v, of the right type (BLS wants a directory). */
static const char *first_on(struct vol_entry *v, const char *const *paths)
{
	for (int p = 0; paths && paths[p]; p++) {
		struct fs_stat st;
		if (fs_stat_path(v->fs, paths[p], false, &st) != PB_OK)
			continue;
		if ((st.type == FS_DIR) == ends_with(paths[p], "entries"))
			return paths[p];
	}
	return NULL;
}

int menu_load_opts(struct volset *vs, const struct menu_load_opts *o, struct menu *m)
{
	const char *one[] = { o->path, NULL };
	const char *const *const search[] = { menu_config_paths, o->loader_paths, menu_bls_paths };
	bool named = o->path && o->path[0];
	struct menu_io io;

	menu_fsio_init(&io, vs);
	for (uint32_t i = 0; i < vs->count; i++) {
		struct vol_entry *v = &vs->v[i];
		const char *hit = NULL;
		if (!v->fs || (o->disk && !on_disk(v, o->disk)))
			continue;
		if (o->dev && o->dev[0] && strcmp(v->grub_name, o->dev) != 0)
			continue;
		if (named)
			hit = first_on(v, one);
		for (size_t g = 0; !named && !hit && g < PB_ARRAY_SIZE(search); g++)
			hit = first_on(v, search[g]);
		if (hit)
			return load_one(&io, v, hit, &o->vars, m);
	}
	if (named)
		return pb_error(PB_ERR_NOTFOUND, "pvboot.config: %s%s%s%s not found", o->dev && o->dev[0] ? "(" : "",
				o->dev ? o->dev : "", o->dev && o->dev[0] ? ")" : "", o->path);
	return pb_error(PB_ERR_NOTFOUND,
			"no boot configuration found on %u volumes%s%s (looked for /boot/grub/grub.cfg, /grub/grub.cfg, "
			"grub2/grub.cfg, grub/menu.lst%s and loader/entries, with and without /boot)",
			vs->count, o->disk && o->disk[0] ? " of disk " : "", o->disk ? o->disk : "",
			o->loader_paths && o->loader_paths[0] ? ", xen/pvboot-x86_64.elf" : "");
}

int menu_load(struct volset *vs, struct menu *m)
{
	const struct menu_load_opts o = { .loader_paths = menu_xen_loader_paths };

	return menu_load_opts(vs, &o, m);
}
