/* BLS entries without a grub.cfg (see bls_menu.h).
 *
 * The entries are read as if the guest's grub.cfg were
 *
 *     load_env -f (DEV)GRUBENV        the first grubenv found beside them
 *     blscfg (DEV)DIR
 *
 * so their $variables expand exactly as under grub.cfg (menu/grubcfg_bls.c),
 * and the default is then chosen as GRUB_DEFAULT=saved would (grubenv's
 * saved_entry), else as systemd-boot would (loader.conf `default`, a glob
 * on the entry id "STEM.conf"; `timeout`), else the newest entry. */
#include "menu/bls_menu.h"
#include "menu/grubenv.h"
#include "menu/select.h"
#include "loader/lib/err.h"

#define LOADER_CONF_MAX 16384

static const char *const env_paths[] = {
	"/grub2/grubenv", "/boot/grub2/grubenv", "/grub/grubenv", "/boot/grub/grubenv",
};

static bool class_match(const char **pp, char c)
{
	const char *p = *pp + 1;
	bool neg = *p == '!' || *p == '^', hit = false;

	if (neg)
		p++;
	for (bool first = true; *p && (first || *p != ']'); first = false) {
		char lo = *p++, hi = lo;
		if (*p == '-' && p[1] && p[1] != ']') {
			hi = p[1];
			p += 2;
		}
		hit = hit || (c >= lo && c <= hi);
	}
	if (*p != ']')
		return false; /* unterminated: matches nothing */
	*pp = p + 1;
	return hit != neg;
}

/* Iterative, with one backtrack point for the last '*': at most
 * strlen(pattern) * strlen(s) steps. */
bool bls_glob_match(const char *p, const char *s)
{
	const char *star = NULL, *resume = NULL;

	while (*s) {
		if (*p == '*') {
			star = ++p;
			resume = s;
			continue;
		}
		const char *q = p;
		bool ok;
		if (*q == '[')
			ok = class_match(&q, *s);
		else if (*q == '?')
			ok = true, q++;
		else if (*q == '\\' && q[1])
			ok = q[1] == *s, q += 2;
		else
			ok = *q && *q == *s, q++;
		if (ok) {
			p = q;
			s++;
		} else if (star) {
			p = star;
			s = ++resume;
		} else {
			return false;
		}
	}
	while (*p == '*')
		p++;
	return !*p;
}

static int find_entry_glob(const struct menu *m, const char *pattern)
{
	char name[MENU_ID_MAX + 8];

	for (uint32_t i = 0; i < m->count; i++) {
		pb_snprintf(name, sizeof(name), "%s.conf", m->entries[i].id);
		if (bls_glob_match(pattern, name) || bls_glob_match(pattern, m->entries[i].id))
			return (int)i;
	}
	return -1;
}

/* loader.conf's `default` and `timeout` (systemd-boot's loader.conf(5)). */
static void loader_conf(const struct menu_io *io, const char *dev, const char *dir, struct menu *m, bool have_default)
{
	char path[MENU_PATH_MAX], *buf;
	const char *slash = strrchr(dir, '/');
	size_t len;

	pb_snprintf(path, sizeof(path), "%.*s/loader.conf", slash ? (int)(slash - dir) : 0, dir);
	if (io->read_file(io->ctx, dev, path, LOADER_CONF_MAX, &buf, &len) != PB_OK)
		return;
	for (char *p = buf, *end = buf + len; p < end;) {
		char *nl = memchr(p, '\n', (size_t)(end - p)), *k = p, *v;
		if (nl)
			*nl = '\0';
		p = nl ? nl + 1 : end;
		while (*k == ' ' || *k == '\t')
			k++;
		if (*k == '#' || !*k)
			continue;
		for (v = k; *v && *v != ' ' && *v != '\t'; v++)
			;
		if (*v)
			*v++ = '\0';
		while (*v == ' ' || *v == '\t')
			v++;
		for (char *t = v + strlen(v); t > v && (t[-1] == ' ' || t[-1] == '\t' || t[-1] == '\r');)
			*--t = '\0';
		uint64_t n;
		if (!strcmp(k, "timeout")) {
			if (!strcmp(v, "menu-force"))
				m->timeout = -1;
			else if (!strcmp(v, "menu-hidden") || !strcmp(v, "menu-disabled"))
				m->timeout = 0;
			else if (pb_parse_u64(v, strlen(v), 10, &n) == PB_OK)
				m->timeout = n > 86400 ? 86400 : (int)n;
		} else if (!strcmp(k, "default") && !have_default) {
			int i = find_entry_glob(m, v);
			if (i >= 0) {
				m->default_index = i;
				pb_snprintf(m->default_reason, sizeof(m->default_reason), "(%s)%s default '%.80s'", dev,
					    path, v);
			} else {
				menu_warn(m, "(%s)%s: default '%.80s' matches no entry%s", dev, path, v,
					  !strcmp(v, "@saved") ? " (@saved is an EFI variable)" : "");
			}
		}
	}
	free(buf);
}

/* grubenv's saved_entry, if it names an entry. */
static bool saved_default(const struct menu_io *io, const char *dev, const char *env_path, struct menu *m)
{
	struct grubenv *env = malloc(sizeof(*env));
	const char *saved;
	char *buf = NULL;
	size_t len;
	bool hit = false;

	if (env && io->read_file(io->ctx, dev, env_path, GRUBENV_SIZE * 64, &buf, &len) == PB_OK &&
	    grubenv_parse(buf, len, env) == PB_OK && (saved = grubenv_get(env, "saved_entry")) && *saved) {
		int i = menu_find(m, saved);
		if (i >= 0) {
			m->default_index = i;
			pb_snprintf(m->default_reason, sizeof(m->default_reason), "saved_entry '%.120s' in (%s)%s",
				    saved, dev, env_path);
			hit = true;
		}
	}
	free(buf);
	free(env);
	return hit;
}

int bls_menu_load(const struct menu_io *io, const char *dev, const char *dir, const struct grubcfg_vars *vars,
		  struct menu *m)
{
	const char *env_path = NULL;
	char script[3 * MENU_PATH_MAX];
	size_t o = 0;
	int rc;

	for (size_t i = 0; i < PB_ARRAY_SIZE(env_paths) && !env_path && io->stat; i++) {
		bool is_dir;
		uint64_t size;
		if (io->stat(io->ctx, dev, env_paths[i], &is_dir, &size) == PB_OK && !is_dir)
			env_path = env_paths[i];
	}
	if (env_path)
		o += (size_t)pb_snprintf(script + o, sizeof(script) - o, "load_env -f '(%s)%s'\n", dev, env_path);
	pb_snprintf(script + o, sizeof(script) - o, "blscfg '(%s)%s'\n", dev, dir);
	if ((rc = grubcfg_eval_buffer(io, dev, dir, vars, script, strlen(script), m)))
		return rc;
	if (!m->count)
		return pb_error(PB_ERR_NOTFOUND, "(%s)%s: no usable *.conf entries", dev, dir);
	/* The grubenv beside the entries is the one a savedefault would write. */
	pb_strlcpy(m->env_dev, dev, sizeof(m->env_dev));
	pb_strlcpy(m->env_path, env_path ? env_path : "", sizeof(m->env_path));
	m->default_index = 0;
	pb_strlcpy(m->default_reason, "BLS without grub.cfg: the newest entry", sizeof(m->default_reason));
	bool have = env_path && saved_default(io, dev, env_path, m);
	loader_conf(io, dev, dir, m, have);
	return PB_OK;
}
