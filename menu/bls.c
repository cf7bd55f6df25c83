/* Boot Loader Specification entries (see bls.h).
 *
 * Ordering follows GRUB's blscfg as Fedora/RHEL ship it, since that is the
 * menu those guests' grub.cfg shows: entries sorted by file name in
 * descending rpm version order (newest kernel first), with the BLS
 * sort-key honoured first when an entry has one. */
#include "menu/bls.h"
#include "loader/lib/err.h"

#define BLS_FILE_MAX 65536
#define BLS_MAX_FILES 128

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Expand $name / ${name} through getvar; other text is copied. */
static int expand(const char *in, size_t len, bls_getvar_fn getvar, void *ctx, char *out, size_t size)
{
	size_t o = 0;

	for (size_t i = 0; i < len;) {
		if (in[i] == '$' && getvar) {
			char name[64];
			size_t n = 0;
			bool brace = i + 1 < len && in[i + 1] == '{';
			i += brace ? 2 : 1;
			while (i < len && n + 1 < sizeof(name) &&
			       (in[i] == '_' || (in[i] >= 'a' && in[i] <= 'z') || (in[i] >= 'A' && in[i] <= 'Z') ||
				(in[i] >= '0' && in[i] <= '9')))
				name[n++] = in[i++];
			if (brace && i < len && in[i] == '}')
				i++;
			name[n] = '\0';
			const char *v = getvar(ctx, name);
			for (; v && *v; v++) {
				if (o + 1 >= size)
					return PB_ERR_LIMIT;
				out[o++] = *v;
			}
			continue;
		}
		if (o + 1 >= size)
			return PB_ERR_LIMIT;
		out[o++] = in[i++];
	}
	out[o] = '\0';
	return PB_OK;
}

static int set_field(char *dst, size_t size, const char *v, size_t n, const char *stem,
		     uint32_t line, const char *key)
{
	if (n >= size)
		return pb_error(PB_ERR_LIMIT, "%s.conf:%u: %s longer than %zu bytes", stem, line, key, size - 1);
	memcpy(dst, v, n);
	dst[n] = '\0';
	return PB_OK;
}

int bls_parse_entry(const char *buf, size_t len, const char *stem, bls_getvar_fn getvar,
		    void *var_ctx, struct menu_entry *e, struct menu *m)
{
	char version[128] = "", *opts = malloc(MENU_CMDLINE_MAX);
	size_t i = 0, olen = 0;
	uint32_t line = 0;
	int rc = PB_OK;

	if (!opts)
		return pb_error(PB_ERR_NOMEM, "out of memory");
	memset(e, 0, sizeof(*e));
	e->kind = MENU_LINUX;
	e->source = MENU_SRC_BLS;
	pb_strlcpy(e->id, stem, sizeof(e->id));
	pb_snprintf(e->origin, sizeof(e->origin), "%s.conf", stem);
	opts[0] = '\0';
	while (i < len && rc == PB_OK) {
		size_t start = i, end, ks, ke, vs;
		while (i < len && buf[i] != '\n')
			i++;
		end = i++;
		line++;
		ks = start;
		while (ks < end && is_space(buf[ks]))
			ks++;
		if (ks == end || buf[ks] == '#')
			continue;
		ke = ks;
		while (ke < end && !is_space(buf[ke]))
			ke++;
		vs = ke;
		while (vs < end && is_space(buf[vs]))
			vs++;
		while (end > vs && is_space(buf[end - 1]))
			end--;
		const char *k = buf + ks, *v = buf + vs;
		size_t kl = ke - ks, vl = end - vs;
#define KEY(s) (kl == sizeof(s) - 1 && !memcmp(k, s, kl))
		if (KEY("title"))
			rc = set_field(e->title, sizeof(e->title), v, vl, stem, line, "title");
		else if (KEY("version"))
			rc = set_field(version, sizeof(version), v, vl, stem, line, "version");
		else if (KEY("linux"))
			rc = set_field(e->kernel, sizeof(e->kernel), v, vl, stem, line, "linux");
		else if (KEY("initrd")) {
			/* one per line, or several on one line */
			for (size_t p = 0; p < vl && rc == PB_OK;) {
				size_t q = p;
				while (q < vl && !is_space(v[q]))
					q++;
				if (e->nr_initrds >= MENU_MAX_INITRDS)
					rc = pb_error(PB_ERR_LIMIT, "%s.conf:%u: more than %d initrds", stem, line, MENU_MAX_INITRDS);
				else
					rc = set_field(e->initrd[e->nr_initrds++], MENU_PATH_MAX, v + p, q - p, stem, line, "initrd");
				while (q < vl && is_space(v[q]))
					q++;
				p = q;
			}
		} else if (KEY("options")) {
			char *x = malloc(MENU_CMDLINE_MAX);
			if (!x) {
				rc = pb_error(PB_ERR_NOMEM, "out of memory");
				break;
			}
			if (expand(v, vl, getvar, var_ctx, x, MENU_CMDLINE_MAX) ||
			    olen + strlen(x) + 2 > MENU_CMDLINE_MAX)
				rc = pb_error(PB_ERR_LIMIT, "%s.conf:%u: options longer than %d bytes", stem, line, MENU_CMDLINE_MAX);
			else if (x[0])
				olen += (size_t)pb_snprintf(opts + olen, MENU_CMDLINE_MAX - olen, "%s%s", olen ? " " : "", x);
			free(x);
		} else if (KEY("machine-id") || KEY("sort-key") || KEY("devicetree") || KEY("architecture") ||
			   KEY("grub_users") || KEY("grub_arg") || KEY("grub_class") || KEY("efi") ||
			   KEY("devicetree-overlay")) {
			/* ordering keys are read by the sorter; the rest do not apply */
		} else if (m) {
			menu_warn(m, "%s.conf:%u: unknown key '%.*s' ignored", stem, line, (int)PB_MIN(kl, 40), k);
		}
#undef KEY
	}
	if (rc == PB_OK) {
		pb_strlcpy(e->cmdline, opts, sizeof(e->cmdline));
		if (!e->title[0]) /* BLS: fall back to the version, then the file name */
			pb_strlcpy(e->title, version[0] ? version : stem, sizeof(e->title));
		if (!e->kernel[0])
			rc = pb_error(PB_ERR_CORRUPT, "%s.conf: no 'linux' line", stem);
	}
	free(opts);
	return rc;
}

/* rpm's version comparison (rpmvercmp): alternating runs of digits and
 * letters, digits newer than letters, '~' older than anything. */
static int vercmp(const char *a, const char *b)
{
	while (*a || *b) {
		while (*a && !(*a >= '0' && *a <= '9') && !((*a | 32) >= 'a' && (*a | 32) <= 'z') && *a != '~')
			a++;
		while (*b && !(*b >= '0' && *b <= '9') && !((*b | 32) >= 'a' && (*b | 32) <= 'z') && *b != '~')
			b++;
		if (*a == '~' || *b == '~') {
			if (*a != '~')
				return 1;
			if (*b != '~')
				return -1;
			a++, b++;
			continue;
		}
		if (!*a || !*b)
			break;
		bool num = *a >= '0' && *a <= '9';
		const char *sa = a, *sb = b;
		if (num) {
			while (*a >= '0' && *a <= '9') a++;
			while (*b >= '0' && *b <= '9') b++;
		} else {
			while (((*a | 32) >= 'a' && (*a | 32) <= 'z')) a++;
			while (((*b | 32) >= 'a' && (*b | 32) <= 'z')) b++;
		}
		if (sb == b)
			return num ? 1 : -1; /* different kinds: numbers are newer */
		if (num) {
			while (*sa == '0' && sa < a - 1) sa++;
			while (*sb == '0' && sb < b - 1) sb++;
			if (a - sa != b - sb)
				return a - sa > b - sb ? 1 : -1;
		}
		size_t la = (size_t)(a - sa), lb = (size_t)(b - sb);
		int c = memcmp(sa, sb, PB_MIN(la, lb));
		if (c)
			return c > 0 ? 1 : -1;
		if (la != lb)
			return la > lb ? 1 : -1;
	}
	if (!*a && !*b)
		return 0;
	return *a ? 1 : -1;
}

/* The value of the first "key value" line, or "" (for the sorter). */
static void key_value(const char *buf, size_t len, const char *key, char *out, size_t size)
{
	size_t kl = strlen(key);

	out[0] = '\0';
	for (size_t i = 0; i < len;) {
		size_t s = i;
		while (i < len && buf[i] != '\n')
			i++;
		size_t e = i++;
		while (s < e && is_space(buf[s]))
			s++;
		if (e - s > kl && !memcmp(buf + s, key, kl) && is_space(buf[s + kl])) {
			s += kl;
			while (s < e && is_space(buf[s]))
				s++;
			while (e > s && is_space(buf[e - 1]))
				e--;
			size_t n = PB_MIN(e - s, size - 1);
			memcpy(out, buf + s, n);
			out[n] = '\0';
			return;
		}
	}
}

struct bls_key {
	char name[256];      /* file name */
	char sort_key[64];
	char version[128];
};

struct bls_scan {
	uint32_t n;
	struct bls_key *keys;
};

static int collect(void *ctx, const char *name, bool is_dir)
{
	struct bls_scan *s = ctx;
	size_t n = strlen(name);

	if (is_dir || n < 6 || n >= sizeof(s->keys[0].name) || strcmp(name + n - 5, ".conf") || name[0] == '.')
		return 0;
	if (s->n >= BLS_MAX_FILES)
		return 0; /* the rest are dropped: reported by the caller */
	pb_strlcpy(s->keys[s->n++].name, name, sizeof(s->keys[0].name));
	return 0;
}

/* a before b?  sort-key ascending when both have one (BLS), then newest
 * version first (GRUB/Fedora), then file name. */
static bool before(const struct bls_key *a, const struct bls_key *b)
{
	int c;

	if (a->sort_key[0] && b->sort_key[0] && (c = strcmp(a->sort_key, b->sort_key)))
		return c < 0;
	if (a->sort_key[0] != b->sort_key[0])
		return a->sort_key[0] != 0;
	c = vercmp(a->version[0] ? a->version : a->name, b->version[0] ? b->version : b->name);
	if (c)
		return c > 0;
	return strcmp(a->name, b->name) > 0;
}

int bls_load(const struct menu_io *io, const char *dev, const char *dir, bls_getvar_fn getvar,
	     void *var_ctx, struct menu *m)
{
	struct bls_scan s = { 0, calloc(BLS_MAX_FILES, sizeof(struct bls_key)) };
	int rc;

	if (!s.keys)
		return pb_error(PB_ERR_NOMEM, "out of memory");
	rc = io->list_dir ? io->list_dir(io->ctx, dev, dir, collect, &s) : PB_ERR_NOTFOUND;
	if (rc == PB_OK && s.n == 0)
		rc = pb_error(PB_ERR_NOTFOUND, "%s: no *.conf entries", dir);
	if (rc) {
		free(s.keys);
		return rc;
	}
	/* Read the ordering keys, sort (insertion sort: n <= 128). */
	for (uint32_t i = 0; i < s.n; i++) {
		char path[MENU_PATH_MAX], *buf;
		size_t len;
		pb_snprintf(path, sizeof(path), "%s/%s", dir, s.keys[i].name);
		if (io->read_file(io->ctx, dev, path, BLS_FILE_MAX, &buf, &len) == PB_OK) {
			key_value(buf, len, "sort-key", s.keys[i].sort_key, sizeof(s.keys[i].sort_key));
			key_value(buf, len, "version", s.keys[i].version, sizeof(s.keys[i].version));
			free(buf);
		}
	}
	for (uint32_t i = 1; i < s.n; i++)
		for (uint32_t j = i; j > 0 && before(&s.keys[j], &s.keys[j - 1]); j--) {
			struct bls_key t = s.keys[j];
			s.keys[j] = s.keys[j - 1];
			s.keys[j - 1] = t;
		}
	for (uint32_t i = 0; i < s.n && rc == PB_OK; i++) {
		char path[MENU_PATH_MAX], stem[256], *buf;
		size_t len;
		struct menu_entry *e;
		pb_snprintf(path, sizeof(path), "%s/%s", dir, s.keys[i].name);
		pb_strlcpy(stem, s.keys[i].name, sizeof(stem));
		stem[strlen(stem) - 5] = '\0';
		if (io->read_file(io->ctx, dev, path, BLS_FILE_MAX, &buf, &len) != PB_OK) {
			menu_warn(m, "%s: %s", path, pb_errmsg());
			continue;
		}
		rc = menu_add(m, &e);
		if (rc == PB_OK && bls_parse_entry(buf, len, stem, getvar, var_ctx, e, m) != PB_OK) {
			menu_warn(m, "%s", pb_errmsg()); /* skip the bad entry, keep the rest */
			m->count--;
		} else if (rc == PB_OK) {
			pb_strlcpy(e->root, dev, sizeof(e->root));
			e->item[0] = m->count - 1;
		}
		free(buf);
	}
	free(s.keys);
	return rc;
}
