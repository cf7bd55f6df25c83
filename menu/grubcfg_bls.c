/* grub.cfg evaluator: Red Hat's `blscfg` command.  Each BLS file becomes
 * a menu entry whose body is the script blscfg writes for it (bls.h),
 * run here by the same evaluator as any menuentry, so $variables, quoting
 * and ($root) resolve as in GRUB.
 *
 *   blscfg                  every entry of $blsdir, /loader/entries or /boot/loader/entries on $root
 *   blscfg (DEV)/DIR        every entry of that directory
 *   blscfg default          only the one $default names (by id, title or number)
 *   blscfg non-default      all the others
 *   blscfg ID               only that one
 * An entry already in the menu (from an earlier blscfg) is not added twice. */
#include "menu/bls.h"
#include "menu/grubcfg_ctx.h"
#include "loader/lib/err.h"

static const char *var(void *ctx, const char *name)
{
	return gvar_get(ctx, name);
}

/* Which GRUB wrote this grub.cfg?  Its text tells: 14_menu_show_once
 * (menu_show_once_timeout) exists from Fedora 33 and RHEL 9 on;
 * 10_reset_boot_success (boot_success) from Fedora 29 and RHEL 8 on.
 * The second without the first is RHEL 8 (or an end-of-life Fedora 29-32,
 * which this takes for RHEL 8).  Anything else: current GRUB. */
static enum bls_flavor flavor_of(const struct gctx *c)
{
	bool modern = false, counted = false;

	for (int i = 0; i < c->nsrc; i++) {
		modern = modern || strstr(c->srcs[i], "menu_show_once_timeout");
		counted = counted || strstr(c->srcs[i], "boot_success");
	}
	return counted && !modern ? BLS_FLAVOR_RHEL8 : BLS_FLAVOR_CURRENT;
}

/* blscfg's is_default_entry: $default is the file's id, its title, or
 * its position among the BLS entries. */
static bool is_default(const char *def, const struct bls_file *f, uint32_t idx)
{
	const char *title = bls_get(f, "title", NULL);
	uint64_t n;

	if (!def || !*def)
		return false;
	if (!strcmp(def, f->stem) || (title && !strcmp(def, title)))
		return true;
	return pb_parse_u64(def, strlen(def), 10, &n) == PB_OK && n == idx;
}

static bool in_menu(const struct menu *m, const char *id)
{
	for (uint32_t i = 0; i < m->count; i++)
		if (m->entries[i].source == MENU_SRC_BLS && !strcmp(m->entries[i].id, id))
			return true;
	return false;
}

/* One file: its script, parsed and run as the body of a new entry. */
static int add_entry(struct gctx *c, const struct bls_file *f, enum bls_flavor flavor, const char *dev,
		     const char *dir, char *script)
{
	struct gnode *tree;
	struct menu_entry *e;
	char origin[MENU_PATH_MAX];
	int rc;

	pb_snprintf(origin, sizeof(origin), "(%s)%s/%s.conf", dev, dir, f->stem);
	if (bls_entry_script(f, flavor, var, c, script, BLS_SCRIPT_MAX) != PB_OK) {
		menu_warn(c->m, "%s", pb_errmsg()); /* GRUB skips it too */
		return PB_OK;
	}
	if (grubcfg_parse(script, strlen(script), origin, &tree) != PB_OK) {
		menu_warn(c->m, "%s: %s", origin, pb_errmsg());
		return PB_OK;
	}
	const char *file = c->file;
	uint32_t line = c->line;
	c->file = origin;
	c->transient = true;
	rc = geval_entry(c, bls_title(f), f->stem, origin, tree, &e);
	c->transient = false;
	c->file = file;
	c->line = line;
	if (rc == PB_OK && e)
		e->source = MENU_SRC_BLS;
	grubcfg_free(tree);
	return rc;
}

int gcmd_blscfg(struct gctx *c, int argc, char **argv)
{
	static const char *const dirs[] = { "/loader/entries", "/boot/loader/entries" };
	const char *root = gvar_get(c, "root"), *blsdir = gvar_get(c, "blsdir"), *only = NULL;
	bool want_default = true, want_other = true;
	char dev[MENU_DEV_MAX], dir[MENU_PATH_MAX];
	enum bls_flavor flavor = flavor_of(c);
	struct bls_set *s;
	int rc = PB_ERR_NOTFOUND;

	if (c->cur) {
		menu_warn(c->m, "%s:%u: blscfg inside a menu entry, ignored", c->file, c->line);
		return PB_OK;
	}
	pb_strlcpy(dev, root ? root : "", sizeof(dev));
	dir[0] = '\0';
	if (argc > 1 && !strcmp(argv[1], "default"))
		want_other = false;
	else if (argc > 1 && !strcmp(argv[1], "non-default"))
		want_default = false;
	else if (argc > 1 && argv[1][0] == '(') {
		const char *path;
		gpath_split(c, argv[1], dev, sizeof(dev), &path);
		pb_strlcpy(dir, path, sizeof(dir));
	} else if (argc > 1) {
		only = argv[1];
		want_default = want_other = false;
	}
	if (!(s = malloc(sizeof(*s))))
		return pb_error(PB_ERR_NOMEM, "out of memory");
	if (dir[0]) {
		rc = bls_read_dir(c->io, dev, dir, flavor, s, c->m);
	} else {
		/* $blsdir (grubenv sets it when /boot is a btrfs subvolume), then
		 * /boot/loader/entries when the first cannot be read. */
		pb_strlcpy(dir, blsdir && *blsdir ? blsdir : dirs[0], sizeof(dir));
		rc = bls_read_dir(c->io, dev, dir, flavor, s, c->m);
		if (rc == PB_OK && !s->count && flavor == BLS_FLAVOR_RHEL8)
			rc = PB_ERR_NOTFOUND; /* RHEL 8 also tries the second when the first is empty */
		if (rc == PB_ERR_NOTFOUND) {
			bls_set_free(s);
			pb_strlcpy(dir, dirs[1], sizeof(dir));
			rc = bls_read_dir(c->io, dev, dir, flavor, s, c->m);
		}
	}
	if (rc) {
		free(s);
		if (rc != PB_ERR_NOTFOUND && rc != PB_ERR_NOTDIR)
			return rc;
		menu_warn(c->m, "%s:%u: blscfg: no loader/entries on (%s)", c->file, c->line, dev);
		c->status = 1;
		return PB_OK;
	}
	/* $default copied: running an entry's body replaces the variables' storage */
	const char *dv = gvar_get(c, "default");
	char *script = malloc(BLS_SCRIPT_MAX), *def = dv ? malloc(strlen(dv) + 1) : NULL;
	if (!script || (dv && !def))
		rc = pb_error(PB_ERR_NOMEM, "out of memory");
	else if (def)
		memcpy(def, dv, strlen(dv) + 1);
	for (uint32_t i = 0; i < s->count && rc == PB_OK; i++) {
		const struct bls_file *f = s->f[i];
		bool d = is_default(def, f, i);
		if (!((want_default && d) || (want_other && !d) || (only && !strcmp(only, f->stem))))
			continue;
		if (!in_menu(c->m, f->stem))
			rc = add_entry(c, f, flavor, dev, dir, script);
	}
	free(script);
	free(def);
	bls_set_free(s);
	free(s);
	return rc;
}
