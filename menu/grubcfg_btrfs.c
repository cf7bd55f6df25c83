/* grub.cfg evaluator: the btrfs path rules of SUSE's GRUB (also carried by
 * Fedora's and RHEL's): grub2-btrfs-01 (btrfs_subvol, btrfs_subvolid),
 * -03-follow_default (btrfs_relative_path), -06-subvol-mount
 * (btrfs-mount-subvol) in openSUSE's grub2 package; what grub.cfg files
 * written by its grub2-mkconfig (00_header, 80_suse_btrfs_snapshot) and the
 * snapper plugin (grub2-snapper-plugin.sh) rely on.
 *
 * In that GRUB a path on a btrfs device is looked up:
 *  - with btrfs_relative_path starting with '1' or 'y': under the longest
 *    btrfs-mount-subvol directory it starts with (the rest inside that
 *    subvolume), else inside $btrfs_subvol (a path from the top level),
 *    else $btrfs_subvolid, else the default subvolume (set-default);
 *  - otherwise from the top level (id 5), as upstream GRUB does, except
 *    that a mounted directory's prefix is still cut off (its lookup starts
 *    at the top level with the rest of the path).
 * pvboot's fs/ btrfs "/" is the top level, so each rule becomes a prefix:
 * the subvolume's own path from the top level. */
#include "menu/grubcfg_ctx.h"
#include "loader/lib/err.h"

static bool relative(struct gctx *c)
{
	const char *v = gvar_get(c, "btrfs_relative_path");
	return v && (v[0] == '1' || v[0] == 'y');
}

/* GRUB's choice among mounts whose dir is a prefix of path (plain string
 * prefix, "/boot" also matches "/bootx"): the greatest by strcmp, which
 * for nested mount points is the longest. */
static const struct gmount *mount_of(struct gctx *c, const char *path)
{
	const struct gmount *best = NULL;

	for (int i = 0; i < c->nmounts; i++) {
		const struct gmount *m = &c->mounts[i];
		if (!strncmp(path, m->dir, strlen(m->dir)) && (!best || strcmp(m->dir, best->dir) > 0))
			best = m;
	}
	return best;
}

/* The subvolume relative paths start in: $btrfs_subvol, $btrfs_subvolid
 * or the default one.  GRUB looks $btrfs_subvol up from the top level and,
 * when that fails, from the default subvolume (its old naming scheme). */
static int base_subvol(struct gctx *c, const char *dev, char *out, size_t size)
{
	const char *sv = gvar_get(c, "btrfs_subvol"), *sid = gvar_get(c, "btrfs_subvolid");
	uint64_t id = 0;
	char spec[MENU_PATH_MAX], def[MENU_PATH_MAX];
	int rc;

	if (sv && sv[0]) {
		pb_snprintf(spec, sizeof(spec), "%s%s", sv[0] == '/' ? "" : "/", sv);
		if (c->base->btrfs_subvol(c->base->ctx, dev, spec, &id, out, size) == PB_OK)
			return PB_OK;
		rc = c->base->btrfs_subvol(c->base->ctx, dev, NULL, &id, def, sizeof(def));
		if (rc == PB_OK) {
			pb_snprintf(spec, sizeof(spec), "%s%s%s", def, sv[0] == '/' ? "" : "/", sv);
			rc = c->base->btrfs_subvol(c->base->ctx, dev, spec, &id, out, size);
		}
		return rc ? pb_error(PB_ERR_NOTFOUND, "btrfs_subvol=%s: no such subvolume", sv) : PB_OK;
	}
	if (sid && sid[0])
		pb_parse_u64(sid, strlen(sid), 10, &id);
	rc = c->base->btrfs_subvol(c->base->ctx, dev, NULL, &id, out, size);
	return rc && id ? pb_error(PB_ERR_NOTFOUND, "btrfs_subvolid=%s: no such subvolume", sid) : rc;
}

int gbtrfs_map(struct gctx *c, const char *dev, const char *path, char *out, size_t size)
{
	bool rel = relative(c);
	char prefix[MENU_PATH_MAX];
	uint64_t id = 0;
	int rc = PB_OK;

	if ((!rel && !c->nmounts) || !c->base->btrfs_subvol ||
	    c->base->btrfs_subvol(c->base->ctx, dev, NULL, &id, prefix, sizeof(prefix)) != PB_OK) {
		pb_errclear();
		pb_strlcpy(out, path, size); /* not btrfs, or nothing to change */
		return PB_OK;
	}
	const struct gmount *m = mount_of(c, path);
	if (m) {
		const char *rest = path + strlen(m->dir);
		if (!rest[0])
			rest = "/";
		pb_snprintf(out, size, "%s%s%s", rel ? m->subvol : "", rest[0] == '/' ? "" : "/", rest);
		return PB_OK;
	}
	if (!rel) {
		pb_strlcpy(out, path, size);
		return PB_OK;
	}
	rc = base_subvol(c, dev, prefix, sizeof(prefix));
	if (rc)
		return rc;
	if ((size_t)pb_snprintf(out, size, "%s%s%s", prefix, path[0] == '/' ? "" : "/", path) >= size)
		return pb_error(PB_ERR_LIMIT, "path %s%s too long", prefix, path);
	return PB_OK;
}

/* The evaluator reaches files only through c->io: these map each path
 * first, so every command (source, [ -f ], load_env, blscfg...) follows the
 * same rules as the kernel and initrd paths of entries. */
#define MAPPED(call)                                                                                          \
	struct gctx *c = ctx;                                                                                 \
	char mapped[MENU_PATH_MAX];                                                                           \
	int rc = gbtrfs_map(c, dev, path, mapped, sizeof(mapped));                                            \
	return rc ? rc : (call)

static int sh_read(void *ctx, const char *dev, const char *path, size_t max, char **buf, size_t *len)
{
	MAPPED(c->base->read_file(c->base->ctx, dev, mapped, max, buf, len));
}

static int sh_stat(void *ctx, const char *dev, const char *path, bool *is_dir, uint64_t *size)
{
	MAPPED(c->base->stat(c->base->ctx, dev, mapped, is_dir, size));
}

static int sh_list(void *ctx, const char *dev, const char *path, menu_dir_cb cb, void *cb_ctx)
{
	MAPPED(c->base->list_dir(c->base->ctx, dev, mapped, cb, cb_ctx));
}

static int sh_write(void *ctx, const char *dev, const char *path, const void *buf, size_t len)
{
	MAPPED(c->base->write_file(c->base->ctx, dev, mapped, buf, len));
}

static int sh_search(void *ctx, enum menu_search_kind kind, const char *key, char *out, size_t size)
{
	struct gctx *c = ctx;
	return c->base->search(c->base->ctx, kind, key, out, size);
}

static int sh_subvol(void *ctx, const char *dev, const char *path, uint64_t *id, char *out, size_t size)
{
	struct gctx *c = ctx;
	return c->base->btrfs_subvol(c->base->ctx, dev, path, id, out, size);
}

void gbtrfs_init(struct gctx *c, const struct menu_io *base)
{
	memset(&c->shim, 0, sizeof(c->shim));
	c->base = base;
	c->shim.ctx = c;
	c->shim.read_file = base->read_file ? sh_read : NULL;
	c->shim.stat = base->stat ? sh_stat : NULL;
	c->shim.list_dir = base->list_dir ? sh_list : NULL;
	c->shim.write_file = base->write_file ? sh_write : NULL;
	c->shim.search = base->search ? sh_search : NULL;
	c->shim.btrfs_subvol = base->btrfs_subvol ? sh_subvol : NULL;
	c->io = &c->shim;
}

/* "(hd0,gpt2)" or "hd0,gpt2" -> "hd0,gpt2". */
static void dev_name(const char *arg, char *dev, size_t size)
{
	size_t n = strlen(arg);

	if (arg[0] == '(' && n >= 2 && arg[n - 1] == ')')
		arg++, n -= 2;
	if (n >= size)
		n = size - 1;
	memcpy(dev, arg, n);
	dev[n] = '\0';
}

static int failed(struct gctx *c, const char *what)
{
	menu_warn(c->m, "%s:%u: %s: %s", c->file, c->line, what, pb_errmsg());
	pb_errclear();
	c->status = 1;
	return PB_OK;
}

/* btrfs-mount-subvol DEV DIR SUBVOL: DIR must be a directory (looked up by
 * the rules in force), SUBVOL a subvolume's top directory from the top
 * level; paths under DIR then resolve inside SUBVOL.  As in GRUB the table
 * is not per device and is never emptied; an entry's body gets its own
 * copy (geval_entry), since GRUB runs it only when the entry is chosen. */
int gcmd_btrfs_mount_subvol(struct gctx *c, int argc, char **argv)
{
	char dev[MENU_DEV_MAX], spec[MENU_PATH_MAX];
	struct gmount *m;
	bool is_dir = false;
	uint64_t size, id = 0;

	if (argc < 4) {
		pb_error(PB_ERR_INVAL, "required <dev> <dir> and <subvol>");
		return failed(c, argv[0]);
	}
	dev_name(argv[1], dev, sizeof(dev));
	if (!c->io->btrfs_subvol || !c->io->stat) {
		pb_error(PB_ERR_INVAL, "no btrfs access");
		return failed(c, argv[0]);
	}
	if (c->io->stat(c->io->ctx, dev, argv[2], &is_dir, &size) != PB_OK)
		return failed(c, argv[0]);
	if (!is_dir) {
		pb_error(PB_ERR_NOTDIR, "%s is not a directory", argv[2]);
		return failed(c, argv[0]);
	}
	if (c->nmounts >= GMOUNTS_MAX) {
		pb_error(PB_ERR_LIMIT, "more than %d mounted subvolumes", GMOUNTS_MAX);
		return failed(c, argv[0]);
	}
	m = &c->mounts[c->nmounts];
	pb_snprintf(spec, sizeof(spec), "%s%s", argv[3][0] == '/' ? "" : "/", argv[3]);
	if (c->io->btrfs_subvol(c->io->ctx, dev, spec, &id, m->subvol, sizeof(m->subvol)) != PB_OK) {
		char why[128];
		pb_strlcpy(why, pb_errmsg(), sizeof(why)); /* pb_error writes the buffer it reads */
		pb_error(PB_ERR_NOTFOUND, "%s is not a subvolume (%s)", argv[3], why);
		return failed(c, argv[0]);
	}
	pb_strlcpy(m->dir, argv[2], sizeof(m->dir));
	c->nmounts++;
	return PB_OK;
}

/* btrfs-get-default-subvol [-p] [-i] [-o VAR] DEV (SUSE's Xen PV firmware
 * configuration uses -p -o): "/path", "ID" or "ID /path". */
int gcmd_btrfs_default_subvol(struct gctx *c, int argc, char **argv)
{
	const char *var = NULL, *devarg = NULL;
	bool ids = false, paths = false;
	char dev[MENU_DEV_MAX], path[MENU_PATH_MAX], out[MENU_PATH_MAX + 24];
	uint64_t id = 0;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-o") && i + 1 < argc)
			var = argv[++i];
		else if (!strncmp(argv[i], "--output=", 9))
			var = argv[i] + 9;
		else if (!strcmp(argv[i], "-p") || !strcmp(argv[i], "--path-only"))
			paths = true;
		else if (!strcmp(argv[i], "-i") || !strcmp(argv[i], "--id-only"))
			ids = true;
		else
			devarg = argv[i];
	}
	if (!devarg || !c->io->btrfs_subvol) {
		pb_error(PB_ERR_INVAL, "device name required");
		return failed(c, argv[0]);
	}
	dev_name(devarg, dev, sizeof(dev));
	if (c->io->btrfs_subvol(c->io->ctx, dev, NULL, &id, path, sizeof(path)) != PB_OK)
		return failed(c, argv[0]);
	if (ids && paths)
		pb_snprintf(out, sizeof(out), "%llu %s", (unsigned long long)id, path[0] ? path : "/");
	else if (ids)
		pb_snprintf(out, sizeof(out), "%llu", (unsigned long long)id);
	else
		pb_strlcpy(out, path[0] ? path : "/", sizeof(out));
	return var ? gvar_set(c, var, out) : PB_OK;
}
