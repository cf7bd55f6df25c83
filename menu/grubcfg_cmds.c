/* grub.cfg evaluator: the commands.  One table; each handler gets the
 * expanded words and sets c->status (0 = true/success) as GRUB would. */
#include "menu/grubcfg_ctx.h"
#include "menu/grubenv.h"
#include "loader/lib/err.h"

#define GRUBENV_FILE_MAX 65536

/* Commands that matter only for graphics, sound, terminals or other
 * platforms: accepted and ignored. */
static const char *const ignored[] = {
	"insmod", "rmmod", "load_video", "gfxmode", "terminal_output", "terminal_input", "terminal",
	"font", "loadfont", "play", "echo", "clear", "sleep", "background_image", "serial",
	"lsfonts", "videoinfo", "all_video", "set_background_color", "export", "recordfail",
	"gettext", "hiddenmenu", "fwsetup", "acpi", "outb", "boot", "cutmem", "badram",
	"background_color", "keymap", "usb", "nativedisk", "probe", "smbios", "tpm",
	"sbat", "verify_detached", "trust", "distrust", "halt", "reboot",
	"devicetree", /* in blscfg's entry scripts; x86 Xen guests have no device tree */
	"btrfs-info", "btrfs-list-subvols", /* print only */
};

static int cmd_set(struct gctx *c, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		int rc;
		if (!eq)
			continue; /* "set" alone lists variables in GRUB: nothing to do */
		*eq = '\0';
		rc = gvar_set(c, argv[i], eq + 1);
		if (rc)
			return rc;
		if (c->cur && !strcmp(argv[i], "root"))
			pb_strlcpy(c->cur->root, eq + 1, sizeof(c->cur->root));
	}
	return PB_OK;
}

static int cmd_unset(struct gctx *c, int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		gvar_unset(c, argv[i]);
	return PB_OK;
}

static int cmd_test(struct gctx *c, int argc, char **argv)
{
	bool r;
	int rc;

	if (!strcmp(argv[0], "[")) {
		if (strcmp(argv[argc - 1], "]"))
			return pb_error(PB_ERR_CORRUPT, "%s:%u: '[' without ']'", c->file, c->line);
		argc--;
	}
	rc = gtest_eval(c, argc - 1, argv + 1, &r);
	if (rc) {
		/* A malformed test is false with a warning, not the end of the file. */
		menu_warn(c->m, "%s", pb_errmsg());
		r = false;
	}
	c->status = r ? 0 : 1;
	return PB_OK;
}

static int cmd_true(struct gctx *c, int argc, char **argv)
{
	c->status = strcmp(argv[0], "false") == 0 || strcmp(argv[0], "keystatus") == 0;
	return PB_OK;
}

static int cmd_return(struct gctx *c, int argc, char **argv)
{
	uint64_t v = 0;
	if (argc > 1)
		pb_parse_u64(argv[1], strlen(argv[1]), 10, &v);
	c->status = (int)(v & 0xff);
	c->ret = true;
	return PB_OK;
}

static int cmd_break(struct gctx *c, int argc, char **argv)
{
	c->brk = true;
	return PB_OK;
}

static int cmd_source(struct gctx *c, int argc, char **argv)
{
	if (argc < 2)
		return PB_OK;
	bool config = !strcmp(argv[0], "configfile");
	/* configfile replaces the menu being defined: in an entry's body the
	 * entry becomes that file's submenu; in a submenu's body (grub-btrfs's
	 * "snapshots" submenu loads grub-btrfs.cfg so) the submenu's own menu,
	 * which then holds the file's entries; at the top level the menu. */
	int rc = c->cur && config ? geval_entry_menu(c, argv[1])
				  : geval_file(c, argv[1], config && c->sub_depth == 0);
	if (rc == PB_ERR_NOTFOUND || rc == PB_ERR_CORRUPT) {
		menu_warn(c->m, "%s:%u: %s %s: %s", c->file, c->line, argv[0], argv[1], pb_errmsg());
		c->status = 1;
		return PB_OK;
	}
	return rc;
}

/* search [--no-floppy] [--fs-uuid|-u|--label|-l|--file|-f] [--set[=VAR]] [--hint*] KEY
 * and the search.fs_uuid / search.fs_label / search.file KEY [VAR] forms. */
static int cmd_search(struct gctx *c, int argc, char **argv)
{
	enum menu_search_kind kind = SEARCH_FILE;
	const char *var = NULL, *key = NULL;
	char found[MENU_DEV_MAX];
	int i = 1;

	if (!strcmp(argv[0], "search.fs_uuid"))
		kind = SEARCH_FS_UUID;
	else if (!strcmp(argv[0], "search.fs_label"))
		kind = SEARCH_LABEL;
	if (strcmp(argv[0], "search")) {
		key = argc > 1 ? argv[1] : NULL;
		var = argc > 2 ? argv[2] : "root";
	} else {
		for (; i < argc; i++) {
			const char *a = argv[i];
			if (!strcmp(a, "--fs-uuid") || !strcmp(a, "-u"))
				kind = SEARCH_FS_UUID;
			else if (!strcmp(a, "--label") || !strcmp(a, "-l"))
				kind = SEARCH_LABEL;
			else if (!strcmp(a, "--file") || !strcmp(a, "-f"))
				kind = SEARCH_FILE;
			else if (!strcmp(a, "--set") || !strcmp(a, "-s"))
				var = (i + 1 < argc && argv[i + 1][0] != '-' && i + 2 < argc) ? argv[++i] : "root";
			else if (!strncmp(a, "--set=", 6))
				var = a + 6;
			else if (!strncmp(a, "--hint", 6)) {
				if (!strchr(a, '=') && i + 1 < argc)
					i++; /* --hint DEV */
			} else if (a[0] == '-')
				continue; /* --no-floppy, --efidisk-only ... */
			else
				key = a;
		}
	}
	if (!key)
		return PB_OK;
	if (!c->io->search || c->io->search(c->io->ctx, kind, key, found, sizeof(found)) != PB_OK) {
		menu_warn(c->m, "%s:%u: search: no device has %s '%s'", c->file, c->line,
			  kind == SEARCH_FS_UUID ? "filesystem UUID" : kind == SEARCH_LABEL ? "label" : "file", key);
		c->status = 1;
		return PB_OK;
	}
	c->status = 0;
	if (!var)
		return PB_OK;
	if (c->cur && !strcmp(var, "root"))
		pb_strlcpy(c->cur->root, found, sizeof(c->cur->root));
	return gvar_set(c, var, found);
}

static int read_env(struct gctx *c, const char *file, struct grubenv *env)
{
	char spec[MENU_PATH_MAX], dev[MENU_DEV_MAX];
	const char *path;
	char *buf;
	size_t len;
	int rc;

	if (file)
		pb_strlcpy(spec, file, sizeof(spec));
	else
		pb_snprintf(spec, sizeof(spec), "%s/grubenv", gvar_get(c, "prefix") ? gvar_get(c, "prefix") : "");
	gpath_split(c, spec, dev, sizeof(dev), &path);
	if (!c->io->read_file)
		return PB_ERR_NOTFOUND;
	rc = c->io->read_file(c->io->ctx, dev, path, GRUBENV_FILE_MAX, &buf, &len);
	if (rc)
		return rc;
	rc = grubenv_parse(buf, len, env);
	free(buf);
	return rc;
}

static int cmd_load_env(struct gctx *c, int argc, char **argv)
{
	struct grubenv *env = malloc(sizeof(*env));
	const char *file = NULL;
	int first_var = argc, rc;

	if (!env)
		return pb_error(PB_ERR_NOMEM, "out of memory");
	for (int i = 1; i < argc; i++) {
		if ((!strcmp(argv[i], "-f") || !strcmp(argv[i], "--file")) && i + 1 < argc)
			file = argv[++i];
		else if (!strncmp(argv[i], "--file=", 7))
			file = argv[i] + 7;
		else if (argv[i][0] != '-' && first_var == argc)
			first_var = i;
	}
	rc = read_env(c, file, env);
	if (rc) {
		menu_warn(c->m, "%s:%u: load_env: %s", c->file, c->line, pb_errmsg());
		c->status = 1;
		free(env);
		return PB_OK;
	}
	for (uint32_t k = 0; k < env->count && rc == PB_OK; k++) {
		bool wanted = first_var == argc;
		for (int i = first_var; i < argc && !wanted; i++)
			wanted = !strcmp(argv[i], env->key[k]);
		if (wanted)
			rc = gvar_set(c, env->key[k], env->val[k]);
	}
	free(env);
	return rc;
}

/* save_env [-f FILE] VAR...: recorded with the values the variables have
 * now (an unset one is deleted from the file, as GRUB does), and written
 * to grubenv only if an entry boots (loader/boot/load.c): reading a menu
 * must not change the disk.  In an entry's body (Ubuntu's recordfail,
 * initrdfail) the values are the entry's own: written only if that entry
 * boots. */
static int cmd_save_env(struct gctx *c, int argc, char **argv)
{
	char dev[MENU_DEV_MAX];
	const char *path = NULL;
	int first = 1;

	if (argc >= 3 && (!strcmp(argv[1], "-f") || !strcmp(argv[1], "--file"))) {
		gpath_split(c, argv[2], dev, sizeof(dev), &path);
		first = 3;
	}
	if (c->cur && path && (strcmp(dev, c->m->env_dev) || strcmp(path, c->m->env_path))) {
		menu_warn(c->m, "%s:%u: save_env -f %s in an entry: only the menu's grubenv (%s)%s is written",
			  c->file, c->line, argv[2], c->m->env_dev, c->m->env_path);
		return PB_OK;
	}
	if (!c->cur && path) {
		pb_strlcpy(c->m->env_dev, dev, sizeof(c->m->env_dev));
		pb_strlcpy(c->m->env_path, path, sizeof(c->m->env_path));
	}
	for (int i = first; i < argc; i++) {
		const char *v = gvar_get(c, argv[i]);
		int rc = c->cur ? menu_entry_env_record(c->cur, argv[i], v) : menu_env_record(c->m, argv[i], v);
		if (rc != PB_OK)
			menu_warn(c->m, "%s:%u: save_env: %s", c->file, c->line, pb_errmsg());
	}
	return PB_OK;
}

/* Paths keep an explicit "(dev)" prefix: the loader resolves it against
 * that device, and the entry's root for paths without one. */
static int entry_path(struct gctx *c, const char *spec, char *out, size_t size)
{
	char dev[MENU_DEV_MAX], mapped[MENU_PATH_MAX];
	const char *path;
	int rc;

	/* On btrfs, the file SUSE's GRUB would open (grubcfg_btrfs.c), as a
	 * path from the top level: resolved now, with the entry's variables,
	 * as GRUB resolves it when the entry runs. */
	gpath_split(c, spec, dev, sizeof(dev), &path);
	rc = gbtrfs_map(c, dev, path, mapped, sizeof(mapped));
	if (rc)
		return rc;
	if (path == spec)
		pb_strlcpy(out, mapped, size);
	else
		pb_snprintf(out, size, "(%s)%s", dev, mapped);
	return PB_OK;
}

static int cmd_linux(struct gctx *c, int argc, char **argv)
{
	struct menu_entry *e = c->cur;
	size_t o = 0;

	if (!e) {
		menu_warn(c->m, "%s:%u: %s outside a menu entry, ignored", c->file, c->line, argv[0]);
		return PB_OK;
	}
	if (argc < 2)
		return PB_OK;
	bool mb = !strncmp(argv[0], "multiboot", 9);
	e->kind = mb ? MENU_MULTIBOOT : MENU_LINUX;
	if (entry_path(c, argv[1], e->kernel, sizeof(e->kernel)) != PB_OK) {
		menu_warn(c->m, "%s:%u: %s %s: %s", c->file, c->line, argv[0], argv[1], pb_errmsg());
		c->status = 1;
	}
	e->cmdline[0] = '\0';
	for (int i = 2; i < argc; i++) {
		size_t n = strlen(argv[i]);
		if (o + n + 2 > sizeof(e->cmdline))
			return pb_error(PB_ERR_LIMIT, "%s:%u: command line longer than %d bytes", c->file, c->line,
					MENU_CMDLINE_MAX);
		o += (size_t)pb_snprintf(e->cmdline + o, sizeof(e->cmdline) - o, "%s%s", o ? " " : "", argv[i]);
	}
	return PB_OK;
}

static int cmd_initrd(struct gctx *c, int argc, char **argv)
{
	struct menu_entry *e = c->cur;
	bool module = !strncmp(argv[0], "module", 6);

	if (!e) {
		menu_warn(c->m, "%s:%u: %s outside a menu entry, ignored", c->file, c->line, argv[0]);
		return PB_OK;
	}
	for (int i = 1; i < argc; i++) {
		if (argv[i][0] == '-')
			continue; /* --nounzip and similar */
		uint32_t *n = module ? &e->nr_modules : &e->nr_initrds;
		if (*n >= MENU_MAX_INITRDS)
			return pb_error(PB_ERR_LIMIT, "%s:%u: more than %d %ss", c->file, c->line, MENU_MAX_INITRDS,
					module ? "module" : "initrd");
		if (entry_path(c, argv[i], module ? e->modules[*n] : e->initrd[*n], MENU_PATH_MAX) != PB_OK) {
			menu_warn(c->m, "%s:%u: %s %s: %s", c->file, c->line, argv[0], argv[i], pb_errmsg());
			c->status = 1;
			continue;
		}
		(*n)++;
		if (module)
			break; /* module's other words are its command line */
	}
	return PB_OK;
}

static int cmd_chainloader(struct gctx *c, int argc, char **argv)
{
	struct menu_entry *e = c->cur;
	int f = 1;
	size_t o = 0;

	/* chainloader [--force] [--bpb] FILE [ARGS]: ARGS are the program's
	 * command line (EFI: its LoadOptions). */
	while (f < argc && !strncmp(argv[f], "--", 2))
		f++;
	if (!e || f >= argc)
		return PB_OK;
	e->kind = MENU_CHAINLOADER;
	if (entry_path(c, argv[f], e->kernel, sizeof(e->kernel)) != PB_OK)
		menu_warn(c->m, "%s:%u: %s: %s", c->file, c->line, argv[0], pb_errmsg());
	e->cmdline[0] = '\0';
	for (int i = f + 1; i < argc; i++) {
		if (o + strlen(argv[i]) + 2 > sizeof(e->cmdline))
			return pb_error(PB_ERR_LIMIT, "%s:%u: command line longer than %d bytes", c->file, c->line,
					MENU_CMDLINE_MAX);
		o += (size_t)pb_snprintf(e->cmdline + o, sizeof(e->cmdline) - o, "%s%s", o ? " " : "", argv[i]);
	}
	return PB_OK;
}

/* increment / decrement VAR (Fedora's 08_fallback_counting counts
 * boot_counter down with it): the value read as strtol(v, 0, 0) reads it
 * (sign, 0x, leading-0 octal, digits up to the first other byte), +/- 1,
 * written back in decimal.  No variable, no digits or a value out of
 * range: the command fails ($? 1) and nothing changes, as in GRUB. */
static int cmd_incr(struct gctx *c, int argc, char **argv)
{
	const char *v = argc == 2 ? gvar_get(c, argv[1]) : NULL, *p = v;
	bool neg = false;
	unsigned base = 10, digits = 0;
	uint64_t n = 0;
	char out[24];

	c->status = 1;
	if (!v) {
		menu_warn(c->m, "%s:%u: %s: %s", c->file, c->line, argv[0], argc == 2 ? "no such variable" : "one variable");
		return PB_OK;
	}
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		base = 16, p += 2;
	else if (p[0] == '0')
		base = 8;
	for (;; p++, digits++) {
		unsigned d = *p >= '0' && *p <= '9' ? (unsigned)(*p - '0')
			   : (*p | 32) >= 'a' && (*p | 32) <= 'f' ? (unsigned)((*p | 32) - 'a' + 10) : 99;
		if (d >= base)
			break;
		if (n > ((uint64_t)INT64_MAX - d) / base) {
			menu_warn(c->m, "%s:%u: %s: '%.40s' out of range", c->file, c->line, argv[0], v);
			return PB_OK;
		}
		n = n * base + d;
	}
	if (!digits && base != 8) {
		menu_warn(c->m, "%s:%u: %s: '%.40s' is not a number", c->file, c->line, argv[0], v);
		return PB_OK;
	}
	int64_t x = neg ? -(int64_t)n : (int64_t)n;
	bool up = !strcmp(argv[0], "increment");
	if ((up && x == INT64_MAX) || (!up && x == INT64_MIN))
		return PB_OK;
	pb_snprintf(out, sizeof(out), "%lld", (long long)(up ? x + 1 : x - 1));
	c->status = 0;
	return gvar_set(c, argv[1], out);
}

static int cmd_savedefault(struct gctx *c, int argc, char **argv)
{
	if (c->cur)
		c->cur->savedefault = true;
	return PB_OK;
}

static const struct {
	const char *name;
	int (*fn)(struct gctx *c, int argc, char **argv);
} commands[] = {
	{ "set", cmd_set }, { "unset", cmd_unset }, { "[", cmd_test }, { "test", cmd_test },
	{ "true", cmd_true }, { "false", cmd_true }, { "keystatus", cmd_true }, { "cpuid", cmd_true },
	{ "return", cmd_return }, { "break", cmd_break }, { "source", cmd_source }, { ".", cmd_source },
	{ "configfile", cmd_source }, { "search", cmd_search }, { "search.fs_uuid", cmd_search },
	{ "search.fs_label", cmd_search }, { "search.file", cmd_search }, { "load_env", cmd_load_env },
	{ "save_env", cmd_save_env }, { "blscfg", gcmd_blscfg }, { "bls_import", gcmd_blscfg },
	{ "linux", cmd_linux }, { "linux16", cmd_linux }, { "linuxefi", cmd_linux }, { "multiboot", cmd_linux },
	{ "multiboot2", cmd_linux }, { "initrd", cmd_initrd }, { "initrd16", cmd_initrd },
	{ "initrdefi", cmd_initrd }, { "module", cmd_initrd }, { "module2", cmd_initrd },
	{ "chainloader", cmd_chainloader }, { "savedefault", cmd_savedefault },
	{ "increment", cmd_incr }, { "decrement", cmd_incr },
	{ "btrfs-mount-subvol", gcmd_btrfs_mount_subvol }, { "btrfs-get-default-subvol", gcmd_btrfs_default_subvol },
};

int gcmd_run(struct gctx *c, int argc, char **argv)
{
	c->status = 0;
	for (size_t i = 0; i < PB_ARRAY_SIZE(commands); i++)
		if (!strcmp(commands[i].name, argv[0]))
			return commands[i].fn(c, argc, argv);
	for (size_t i = 0; i < PB_ARRAY_SIZE(ignored); i++)
		if (!strcmp(ignored[i], argv[0]))
			return PB_OK;
	gwarn_once(c, argv[0]);
	c->status = 1;
	return PB_OK;
}
