/* Boot Loader Specification entries: reading and ordering (see bls.h). */
#include "menu/bls.h"
#include "loader/lib/err.h"

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

int bls_parse_file(const char *buf, size_t len, const char *stem, struct bls_file *f)
{
	size_t o = 0;

	memset(f, 0, sizeof(*f));
	if (pb_strlcpy(f->stem, stem, sizeof(f->stem)))
		return pb_error(PB_ERR_LIMIT, "%s.conf: file name too long", stem);
	f->text = malloc(len + 1);
	if (!f->text)
		return pb_error(PB_ERR_NOMEM, "%s.conf: out of memory", stem);
	/* GRUB's getline drops every '\r'. */
	for (size_t i = 0; i < len; i++)
		if (buf[i] != '\r')
			f->text[o++] = buf[i];
	f->text[o] = '\0';
	for (char *p = f->text, *end = f->text + o; p < end;) {
		char *nl = memchr(p, '\n', (size_t)(end - p)), *line = p, *sep;
		if (nl)
			*nl = '\0';
		p = nl ? nl + 1 : end;
		while (is_blank(*line))
			line++;
		if (*line == '#')
			continue;
		sep = strchr(line, ' ');
		if (!sep)
			sep = strchr(line, '\t');
		if (!sep || !sep[1])
			break; /* a line without a value (a blank one too) ends the file for GRUB */
		if (f->nkv == BLS_MAX_KEYS)
			return pb_error(PB_ERR_LIMIT, "%s.conf: more than %d lines", stem, BLS_MAX_KEYS);
		*sep++ = '\0';
		while (is_blank(*sep))
			sep++;
		f->kv[f->nkv].key = line;
		f->kv[f->nkv++].val = sep;
	}
	return PB_OK;
}

void bls_file_free(struct bls_file *f)
{
	free(f->text);
	f->text = NULL;
	f->nkv = 0;
}

const char *bls_get(const struct bls_file *f, const char *key, int *iter)
{
	int start = iter && *iter >= 0 ? *iter + 1 : 0;

	for (int i = start; i < (int)f->nkv; i++)
		if (!strcmp(f->kv[i].key, key)) {
			if (iter)
				*iter = i;
			return f->kv[i].val;
		}
	if (iter)
		*iter = -1;
	return NULL;
}

/* Runs of digits or of letters compared in turn; other characters only
 * separate runs; '~' sorts before anything; a number is newer than
 * letters; numbers compare by value (leading zeros ignored). */
int bls_vercmp(const char *a, const char *b)
{
	if (!strcmp(a, b))
		return 0;
	for (;;) {
		while (*a && !is_alpha(*a) && !is_digit(*a) && *a != '~')
			a++;
		while (*b && !is_alpha(*b) && !is_digit(*b) && *b != '~')
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
		bool num = is_digit(*a);
		const char *ea = a, *eb = b;
		while (*ea && (num ? is_digit(*ea) : is_alpha(*ea)))
			ea++;
		while (*eb && (num ? is_digit(*eb) : is_alpha(*eb)))
			eb++;
		if (eb == b)
			return num ? 1 : -1; /* b's run is the other kind */
		if (num) {
			while (*a == '0' && a < ea)
				a++;
			while (*b == '0' && b < eb)
				b++;
			if (ea - a != eb - b)
				return ea - a > eb - b ? 1 : -1;
		}
		size_t la = (size_t)(ea - a), lb = (size_t)(eb - b);
		int c = memcmp(a, b, PB_MIN(la, lb));
		if (c)
			return c > 0 ? 1 : -1;
		if (la != lb)
			return la > lb ? 1 : -1;
		a = ea;
		b = eb;
	}
	if (!*a && !*b)
		return 0;
	return *a ? 1 : -1;
}

/* "name-version-release" cut at the last two '-' (without a name: at the
 * last one); a missing version takes the release's place. */
struct nvr {
	char buf[512];
	const char *name, *ver, *rel;
};

static void split_nvr(const char *s, bool has_name, struct nvr *o)
{
	char *dash;

	pb_strlcpy(o->buf, s, sizeof(o->buf)); /* longer ones compare on their first 511 bytes */
	o->name = NULL;
	o->rel = NULL;
	if ((dash = strrchr(o->buf, '-'))) {
		*dash = '\0';
		o->rel = dash + 1;
	}
	o->ver = o->buf;
	if (has_name) {
		o->name = o->buf;
		o->ver = NULL;
		if ((dash = strrchr(o->buf, '-'))) {
			*dash = '\0';
			o->ver = dash + 1;
		}
	}
	if (!o->ver) {
		o->ver = o->rel;
		o->rel = NULL;
	}
}

static int nvr_cmp(const char *a, const char *b, bool has_name)
{
	static struct nvr x, y; /* 1 KiB; the evaluator is single-threaded */
	int r;

	split_nvr(a, has_name, &x);
	split_nvr(b, has_name, &y);
	if (has_name && (r = bls_vercmp(x.name ? x.name : "", y.name ? y.name : "")))
		return r;
	if ((r = bls_vercmp(x.ver ? x.ver : "", y.ver ? y.ver : "")))
		return r;
	return bls_vercmp(x.rel ? x.rel : "", y.rel ? y.rel : "");
}

int bls_cmp(const struct bls_file *a, const struct bls_file *b, bool use_version)
{
	int r;

	if (use_version) {
		const char *va = bls_get(a, "version", NULL), *vb = bls_get(b, "version", NULL);
		if ((r = nvr_cmp(va ? va : "", vb ? vb : "", false)))
			return r;
	}
	return nvr_cmp(a->stem, b->stem, true);
}

struct scan {
	uint32_t n, dropped;
	char (*names)[256];
};

static int collect(void *ctx, const char *name, bool is_dir)
{
	struct scan *s = ctx;
	size_t n = strlen(name);

	if (is_dir || name[0] == '.' || n <= 5 || strcmp(name + n - 5, ".conf"))
		return 0;
	if (n >= sizeof(s->names[0]) || s->n >= BLS_MAX_FILES) {
		s->dropped++;
		return 0;
	}
	pb_strlcpy(s->names[s->n++], name, sizeof(s->names[0]));
	return 0;
}

/* Put f into s in GRUB's order.  Current GRUB inserts each file as it is
 * read before the first one it is newer than, and drops it if it meets
 * one that compares equal on the way; RHEL 8 sorts the whole list
 * (equal ones are kept, in the order read). */
static void place(struct bls_set *s, struct bls_file *f, bool drop_equal, bool use_version, struct menu *m)
{
	uint32_t at = s->count;

	for (uint32_t i = 0; i < s->count; i++) {
		int r = bls_cmp(f, s->f[i], use_version);
		if (r == 0 && drop_equal) {
			if (m)
				menu_warn(m, "%s.conf: sorts the same as %s.conf: left out, as GRUB does", f->stem,
					  s->f[i]->stem);
			bls_file_free(f);
			free(f);
			return;
		}
		if (r > 0) {
			at = i;
			break;
		}
	}
	memmove(&s->f[at + 1], &s->f[at], (s->count - at) * sizeof(s->f[0]));
	s->f[at] = f;
	s->count++;
}

int bls_read_dir(const struct menu_io *io, const char *dev, const char *dir, enum bls_flavor flavor,
		 struct bls_set *s, struct menu *m)
{
	struct scan sc = { 0, 0, calloc(BLS_MAX_FILES, sizeof(sc.names[0])) };
	struct bls_file *got[BLS_MAX_FILES];
	uint32_t nread = 0;
	bool use_version = flavor == BLS_FLAVOR_RHEL8;
	int rc;

	memset(s, 0, sizeof(*s));
	if (!sc.names)
		return pb_error(PB_ERR_NOMEM, "out of memory");
	rc = io->list_dir ? io->list_dir(io->ctx, dev, dir, collect, &sc)
			  : pb_error(PB_ERR_NOTFOUND, "(%s)%s: cannot list", dev, dir);
	if (rc) {
		free(sc.names);
		return rc;
	}
	if (sc.dropped && m)
		menu_warn(m, "(%s)%s: %u entry files left out (at most %d, names under 256 bytes)", dev, dir,
			  sc.dropped, BLS_MAX_FILES);
	for (uint32_t i = 0; i < sc.n; i++) {
		char path[MENU_PATH_MAX], *buf;
		size_t len;
		struct bls_file *f;
		pb_snprintf(path, sizeof(path), "%s/%s", dir, sc.names[i]);
		sc.names[i][strlen(sc.names[i]) - 5] = '\0';
		if (io->read_file(io->ctx, dev, path, BLS_FILE_MAX, &buf, &len) != PB_OK) {
			if (m)
				menu_warn(m, "(%s)%s: %s", dev, path, pb_errmsg());
			continue;
		}
		if (!(f = malloc(sizeof(*f)))) {
			free(buf);
			rc = pb_error(PB_ERR_NOMEM, "out of memory");
			break;
		}
		if (bls_parse_file(buf, len, sc.names[i], f) != PB_OK) {
			if (m)
				menu_warn(m, "%s", pb_errmsg());
			bls_file_free(f);
			free(f);
		} else {
			got[nread++] = f;
		}
		free(buf);
	}
	free(sc.names);
	/* RHEL 8 compares versions only when every entry has one. */
	for (uint32_t i = 0; i < nread && use_version; i++)
		use_version = bls_get(got[i], "version", NULL) != NULL;
	for (uint32_t i = 0; i < nread; i++) {
		if (rc)
			bls_file_free(got[i]), free(got[i]);
		else
			place(s, got[i], flavor == BLS_FLAVOR_CURRENT, use_version, m);
	}
	if (rc)
		bls_set_free(s);
	return rc;
}

void bls_set_free(struct bls_set *s)
{
	for (uint32_t i = 0; i < s->count; i++) {
		bls_file_free(s->f[i]);
		free(s->f[i]);
	}
	s->count = 0;
}
