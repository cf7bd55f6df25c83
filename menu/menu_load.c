/* Finding and reading the boot configuration (see menu_load.h). */
#include "menu/menu_load.h"
#include "menu/bls_menu.h"
#include "menu/grubcfg.h"
#include "menu/menu_fsio.h"
#include "menu/menulst.h"
#include "fs/btrfs_api.h"
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

/* openSUSE's root is a snapshot set as the default subvolume (/boot
 * inside it, nothing at the top level); SUSE's Xen PV firmware
 * configuration finds grub.cfg there (search with btrfs_relative_path=1,
 * then configfile "$(btrfs-get-default-subvol -p)/boot/grub2/grub.cfg"):
 * the same paths tried again inside the default subvolume. */
static const char *first_in_default_subvol(struct vol_entry *v, char *buf, size_t size, size_t *sub_len)
{
	uint64_t ino, id;
	char sub[512];

	if (!btrfs_is(v->fs) || btrfs_subvol_default(v->fs, &ino, &id) != PB_OK || id == BTRFS_TOP_LEVEL_ID ||
	    btrfs_subvol_path(v->fs, id, sub, sizeof(sub)) != PB_OK) {
		pb_errclear();
		return NULL;
	}
	for (size_t g = 0; g < 3; g++) {
		const char *const *paths = g == 0 ? menu_config_paths : g == 1 ? NULL : menu_bls_paths;
		for (int p = 0; paths && paths[p]; p++) {
			struct fs_stat st;
			pb_snprintf(buf, size, "%s%s", sub, paths[p]);
			*sub_len = strlen(sub);
			if (fs_stat_path(v->fs, buf, false, &st) == PB_OK &&
			    (st.type == FS_DIR) == ends_with(paths[p], "entries"))
				return buf;
		}
	}
	pb_errclear();
	return NULL;
}

/* A grub.cfg found in the default subvolume is read as SUSE's own core
 * image reads it: grub2-install (grub2-btrfs-04) puts
 * btrfs_relative_path='y' in its load.cfg and a prefix relative to the
 * default subvolume, so the script's paths ($prefix/grubenv, /boot/...)
 * are relative to it too. */
static int load_relative(const struct menu_io *io, struct vol_entry *v, const char *full, size_t sub_len,
			 const struct grubcfg_vars *vars, struct menu *m)
{
	uint32_t n = vars ? vars->count : 0;
	const char **names = malloc((n + 1) * sizeof(*names)), **values = malloc((n + 1) * sizeof(*values));
	struct grubcfg_vars all = { n + 1, names, values };
	char *buf = NULL;
	size_t len;
	int rc = names && values ? PB_OK : pb_error(PB_ERR_NOMEM, "out of memory");

	if (rc == PB_OK && ends_with(full, "grub.cfg")) {
		names[0] = "btrfs_relative_path";
		values[0] = "y";
		for (uint32_t i = 0; i < n; i++) /* dom0's words come last, as they would */
			names[i + 1] = vars->name[i], values[i + 1] = vars->value[i];
		rc = io->read_file(io->ctx, v->grub_name, full, GRUBCFG_FILE_MAX, &buf, &len);
		if (rc == PB_OK)
			rc = grubcfg_eval_buffer(io, v->grub_name, full + sub_len, &all, buf, len, m);
		pb_strlcpy(m->config_path, full, sizeof(m->config_path));
	} else if (rc == PB_OK) {
		rc = load_one(io, v, full, vars, m);
	}
	free(buf);
	free(names);
	free(values);
	return rc;
}

/* GRUB's ESP stub (Fedora, RHEL, Debian's removable path): a grub.cfg in
 * /EFI/<distro>/ that searches for the real configuration (search
 * --fs-uuid, set prefix, configfile).  The first one in directory order
 * is taken, /EFI/BOOT last; on FAT the names match in any case. */
struct stub_ctx {
	struct fs *fs;
	char *path;
	size_t size;
	bool found, boot;
};

static int stub_cb(void *ctx, const char *name, uint64_t ino, enum fs_type type)
{
	struct stub_ctx *s = ctx;
	struct fs_stat st;
	bool boot = !pb_strcasecmp(name, "boot");

	(void)ino;
	if (type == FS_REG || !strcmp(name, ".") || !strcmp(name, "..") || (s->found && !s->boot) ||
	    (s->found && boot))
		return 0;
	char path[FS_NAME_MAX + 24];
	pb_snprintf(path, sizeof(path), "/EFI/%s/grub.cfg", name);
	if (fs_stat_path(s->fs, path, false, &st) != PB_OK || st.type != FS_REG)
		return 0;
	pb_strlcpy(s->path, path, s->size);
	s->found = true;
	s->boot = boot;
	return 0;
}

static bool esp_stub(struct vol_entry *v, char *path, size_t size)
{
	struct stub_ctx s = { v->fs, path, size, false, false };

	fs_readdir_path(v->fs, "/EFI", stub_cb, &s);
	pb_errclear();
	return s.found;
}

/* ISOLINUX/SYSLINUX are not read; when one is all there is, say so. */
static const char *const menu_syslinux_paths[] = {
	"/isolinux/isolinux.cfg", "/boot/isolinux/isolinux.cfg", "/syslinux/syslinux.cfg",
	"/boot/syslinux/syslinux.cfg", "/syslinux.cfg", "/isolinux.cfg", NULL,
};

static bool wanted(const struct vol_entry *v, const struct menu_load_opts *o)
{
	return v->fs && (!o->disk || on_disk(v, o->disk)) && (!o->dev || !o->dev[0] || !strcmp(v->grub_name, o->dev));
}

int menu_load_opts(struct volset *vs, const struct menu_load_opts *o, struct menu *m)
{
	const char *one[] = { o->path, NULL };
	const char *const *const search[] = { menu_config_paths, o->loader_paths, menu_bls_paths };
	bool named = o->path && o->path[0];
	char stub[FS_NAME_MAX + 24], subcfg[600];
	size_t sub_len = 0;
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
		if (!named && !hit && (hit = first_in_default_subvol(v, subcfg, sizeof(subcfg), &sub_len)))
			return load_relative(&io, v, hit, sub_len, &o->vars, m);
		if (hit)
			return load_one(&io, v, hit, &o->vars, m);
	}
	for (uint32_t i = 0; !named && i < vs->count; i++)
		if (wanted(&vs->v[i], o) && esp_stub(&vs->v[i], stub, sizeof(stub)))
			return load_one(&io, &vs->v[i], stub, &o->vars, m);
	for (uint32_t i = 0; !named && i < vs->count; i++) {
		const char *hit = wanted(&vs->v[i], o) ? first_on(&vs->v[i], menu_syslinux_paths) : NULL;
		if (hit)
			return pb_error(PB_ERR_UNSUPPORTED,
					"no grub.cfg, menu.lst or BLS entries; (%s)%s is an ISOLINUX/SYSLINUX configuration, which pvboot does not read",
					vs->v[i].grub_name, hit);
	}
	if (named)
		return pb_error(PB_ERR_NOTFOUND, "pvboot.config: %s%s%s%s not found", o->dev && o->dev[0] ? "(" : "",
				o->dev ? o->dev : "", o->dev && o->dev[0] ? ")" : "", o->path);
	return pb_error(PB_ERR_NOTFOUND,
			"no boot configuration found on %u volumes%s%s (looked for /boot/grub/grub.cfg, /grub/grub.cfg, "
			"grub2/grub.cfg, grub/menu.lst%s and loader/entries, with and without /boot, and /EFI/*/grub.cfg)",
			vs->count, o->disk && o->disk[0] ? " of disk " : "", o->disk ? o->disk : "",
			o->loader_paths && o->loader_paths[0] ? ", xen/pvboot-x86_64.elf" : "");
}

int menu_load(struct volset *vs, struct menu *m)
{
	const struct menu_load_opts o = { .loader_paths = menu_xen_loader_paths };

	return menu_load_opts(vs, &o, m);
}
