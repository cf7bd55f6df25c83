/* Boot Loader Specification entries: the menu entry script blscfg makes
 * of one file, and its $variable expansion (see bls.h).  The script is
 * what GRUB runs when the entry is chosen; pvboot's grub.cfg evaluator
 * runs the same text (menu/grubcfg_bls.c). */
#include "menu/bls.h"
#include "loader/lib/err.h"

#define BLS_VAR_NAME_MAX 64

struct sink {
	char *p;
	size_t n, size;
	bool any;
	bool full;
};

static void put(struct sink *o, const char *s, size_t n)
{
	if (o->full || o->n + n >= o->size) {
		o->full = true;
		return;
	}
	memcpy(o->p + o->n, s, n);
	o->n += n;
	o->p[o->n] = '\0';
}

static void puts_(struct sink *o, const char *s)
{
	put(o, s, strlen(s));
}

static bool is_word(char c)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* One piece, v[s..e] inclusive (empty when e + 1 == s): a variable's value
 * and a space, or the text itself. */
static void piece(struct sink *o, bool var, const char *v, size_t s, size_t e, bls_getvar_fn getvar, void *ctx)
{
	size_t len = e + 1 >= s ? e + 1 - s : 0;
	char name[BLS_VAR_NAME_MAX];

	if (!var) {
		put(o, v + s, len);
		o->any = true;
		return;
	}
	if (len >= sizeof(name))
		return; /* no variable has a name that long */
	memcpy(name, v + s, len);
	name[len] = '\0';
	const char *val = getvar ? getvar(ctx, name) : NULL;
	if (!val)
		return; /* unset: nothing, not "$name" */
	puts_(o, val);
	put(o, " ", 1);
	o->any = true;
}

/* blscfg's own scanner, step for step: a '$' (not after a backslash)
 * starts a name of letters, digits and '_'; the character that ends it
 * starts the next text, less one space.  Its quirks are GRUB's: `${x}`
 * is not a variable, and a last piece of one character is dropped
 * ("$kernelopts q" gives only kernelopts). */
int bls_expand(const char *v, bls_getvar_fn getvar, void *ctx, char *out, size_t size, bool *any)
{
	struct sink o = { out, 0, size, false, false };
	size_t s = 0, e = 0, n = strlen(v);
	bool var = false;

	if (size)
		out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (v[i] == '$' && v[e] != '\\') {
			if (s != e)
				piece(&o, var, v, s, e, getvar, ctx);
			var = true;
			s = i + 1;
		} else if (var && !is_word(v[i])) {
			piece(&o, var, v, s, e, getvar, ctx);
			var = false;
			s = i;
			if (v[s] == ' ')
				s++;
		}
		e = i;
	}
	if (s != e)
		piece(&o, var, v, s, e, getvar, ctx);
	*any = o.any;
	return o.full ? PB_ERR_LIMIT : PB_OK;
}

const char *bls_title(const struct bls_file *f)
{
	const char *t = bls_get(f, "title", NULL);

	if (!t)
		t = bls_get(f, "linux", NULL);
	return t ? t : bls_get(f, "efi", NULL);
}

/* The directory part of path, with its '/', or "" (for early_initrd). */
static void dir_of(const char *path, char *out, size_t size)
{
	const char *slash = strrchr(path, '/');
	size_t n = slash ? (size_t)(slash - path + 1) : 0;

	if (n >= size)
		n = 0;
	memcpy(out, path, n);
	out[n] = '\0';
}

/* An expanded key into a fresh buffer *out; *present as bls_expand's any. */
static int expanded(const char *val, bls_getvar_fn getvar, void *ctx, const struct bls_file *f, const char *key,
		    char **out, bool *present)
{
	char *x = malloc(MENU_CMDLINE_MAX);

	*present = false;
	*out = NULL;
	if (!x)
		return pb_error(PB_ERR_NOMEM, "%s.conf: out of memory", f->stem);
	x[0] = '\0';
	if (val && bls_expand(val, getvar, ctx, x, MENU_CMDLINE_MAX, present)) {
		free(x);
		return pb_error(PB_ERR_LIMIT, "%s.conf: %s longer than %d bytes once expanded", f->stem, key,
				MENU_CMDLINE_MAX - 1);
	}
	*out = x;
	return PB_OK;
}

int bls_entry_script(const struct bls_file *f, enum bls_flavor flavor, bls_getvar_fn getvar, void *ctx,
		     char *out, size_t size)
{
	const char *linux_ = bls_get(f, "linux", NULL), *v;
	struct sink o = { out, 0, size, false, false };
	char *opts = NULL, *dt = NULL, prefix[MENU_PATH_MAX];
	bool have_opts, have_dt = false, dt_prefix = false;
	int it, rc;

	if (size)
		out[0] = '\0';
	if (!linux_ && (v = bls_get(f, "efi", NULL))) {
		/* An EFI program (a UKI, another loader): chain-loaded, its
		 * options as its command line, as systemd-boot does. */
		if ((rc = expanded(bls_get(f, "options", NULL), getvar, ctx, f, "options", &opts, &have_opts)))
			return rc;
		puts_(&o, "chainloader ($root)");
		puts_(&o, v);
		puts_(&o, have_opts ? " " : "");
		puts_(&o, opts);
		puts_(&o, "\n");
		goto done;
	}
	if (!linux_)
		return pb_error(PB_ERR_CORRUPT, "%s.conf: no 'linux' or 'efi' line", f->stem);
	if ((rc = expanded(bls_get(f, "options", NULL), getvar, ctx, f, "options", &opts, &have_opts)))
		return rc;
	if (!have_opts) { /* no options, or they expanded to nothing */
		free(opts);
		v = getvar ? getvar(ctx, "default_kernelopts") : NULL;
		if ((rc = expanded(v, getvar, ctx, f, "$default_kernelopts", &opts, &have_opts)))
			return rc;
	}
	if (flavor == BLS_FLAVOR_RHEL8) {
		/* GRUB 2.02 as RHEL 8 ships it: no savedefault, early_initrd or devicetree. */
		puts_(&o, "load_video\nset gfx_payload=keep\ninsmod gzio\nlinux ($root)");
		puts_(&o, linux_);
		puts_(&o, have_opts ? " " : "");
		puts_(&o, opts);
		puts_(&o, "\ninitrd ");
		it = -1;
		while ((v = bls_get(f, "initrd", &it))) {
			puts_(&o, " ($root)");
			puts_(&o, v);
		}
		puts_(&o, "\n");
		goto done;
	}
	v = getvar ? getvar(ctx, "save_default") : NULL;
	if (v && !strcmp(v, "true"))
		puts_(&o, "savedefault\n");
	puts_(&o, "load_video\nset gfxpayload=keep\ninsmod gzio\nlinux ($root)");
	puts_(&o, linux_);
	puts_(&o, have_opts ? " " : "");
	puts_(&o, opts);
	puts_(&o, "\n");
	const char *early = getvar ? getvar(ctx, "early_initrd") : NULL, *first = bls_get(f, "initrd", NULL);
	if (early || first) {
		puts_(&o, "initrd");
		if (early) {
			/* early_initrd's files, split at each space, live beside the first initrd (or the kernel) */
			dir_of(first ? first : linux_, prefix, sizeof(prefix));
			for (const char *p = early;; p++) {
				const char *sp = strchr(p, ' ');
				size_t n = sp ? (size_t)(sp - p) : strlen(p);
				puts_(&o, " ($root)");
				puts_(&o, prefix);
				put(&o, p, n);
				if (!sp)
					break;
				p = sp;
			}
		}
		it = -1;
		while ((v = bls_get(f, "initrd", &it))) {
			puts_(&o, " ($root)");
			puts_(&o, v);
		}
		puts_(&o, "\n");
	}
	v = bls_get(f, "devicetree", NULL);
	if (!v) {
		v = getvar ? getvar(ctx, "devicetree") : NULL;
		dt_prefix = true;
	}
	if (v && (rc = expanded(v, getvar, ctx, f, "devicetree", &dt, &have_dt))) {
		free(opts);
		return rc;
	}
	if (have_dt) {
		dir_of(linux_, prefix, sizeof(prefix));
		puts_(&o, "devicetree ($root)");
		puts_(&o, dt_prefix ? prefix : "");
		puts_(&o, dt);
		puts_(&o, "\n");
	}
done:
	free(opts);
	free(dt);
	if (o.full)
		return pb_error(PB_ERR_LIMIT, "%s.conf: entry script longer than %zu bytes", f->stem, size - 1);
	return PB_OK;
}
