/* pvboot's own parameters from xl's extra= (see params.h).
 *
 * Nothing here copies a word whole: words are spans of the caller's
 * buffer, and each value is measured before it is copied into its
 * fixed-size field, so a 5000-byte value is refused, not cut and not
 * written past anything. */
#include "menu/params.h"
#include "loader/lib/err.h"
#include "menu/select.h"

#define PREFIX "pvboot."
#define PREFIX_LEN (sizeof(PREFIX) - 1)
#define SHOW 48 /* bytes of a bad value quoted back in a warning */

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Add one warning line (bounded, as menu_warn()).  The line
 * quotes admin input, and the console is a terminal: control bytes are
 * shown as '?' rather than sent. */
static void warn(struct boot_params *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void warn(struct boot_params *p, const char *fmt, ...)
{
	char line[160];
	va_list ap;

	va_start(ap, fmt);
	pb_vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	for (char *c = line; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = '?';
	pb_append_line(p->warnings, sizeof(p->warnings), line);
}

/* Copy [s, e) without its double quotes into out (size > 0), cut to fit.
 * Returns the full unquoted length so callers can refuse what was cut.
 * Quotes only matter for splitting words, so dropping every one of them
 * is the same whatever the quote state at s. */
static size_t unquote(const char *s, const char *e, char *out, size_t size)
{
	size_t n = 0;

	for (; s < e; s++) {
		if (*s == '"')
			continue;
		if (out && n + 1 < size)
			out[n] = *s;
		n++;
	}
	if (out)
		out[PB_MIN(n, size - 1)] = '\0';
	return n;
}

/* Set a string field to the unquoted value, or refuse it whole (the field
 * keeps its previous value) when it does not fit. */
static bool set_field(struct boot_params *p, const char *key, const char *vs, const char *ve,
		      char *field, size_t size)
{
	size_t n = unquote(vs, ve, NULL, 0);

	if (n >= size) {
		warn(p, "%s: value of %zu bytes is longer than the limit of %zu; ignored",
		     key, n, size - 1);
		return false;
	}
	unquote(vs, ve, field, size);
	return true;
}

static void parse_timeout(struct boot_params *p, const char *vs, const char *ve)
{
	char num[24]; /* any longer is not a sane number anyway */
	uint64_t v;
	size_t n = unquote(vs, ve, num, sizeof(num));
	bool ok = n < sizeof(num);

	if (ok && !strcmp(num, "-1")) {
		p->timeout = -1;
	} else if (ok && pb_parse_u64(num, n, 10, &v) == PB_OK && v <= INT32_MAX) {
		p->timeout = (int)v;
	} else {
		warn(p, "pvboot.timeout='%s%s' is not a number of seconds or -1; ignored",
		     num, ok ? "" : "...");
		return;
	}
	p->have_timeout = true;
}

/* "/PATH" or "(DEV)/PATH", as GRUB writes a file on a device. */
static void parse_config(struct boot_params *p, const char *vs, const char *ve)
{
	char tmp[BOOT_PARAMS_LINE_MAX];
	const char *path = tmp;
	size_t devlen = 0;

	if (!set_field(p, "pvboot.config", vs, ve, tmp, sizeof(tmp)))
		return;
	if (!tmp[0]) { /* an explicit empty value restores the search */
		p->config[0] = p->config_dev[0] = '\0';
		return;
	}
	if (tmp[0] == '(') {
		const char *close = strchr(tmp, ')');
		devlen = close ? (size_t)(close - tmp - 1) : 0;
		if (!devlen || devlen >= sizeof(p->config_dev))
			goto bad;
		path = close + 1;
	}
	if (path[0] != '/')
		goto bad;
	memcpy(p->config_dev, tmp + 1, devlen);
	p->config_dev[devlen] = '\0';
	pb_strlcpy(p->config, path, sizeof(p->config)); /* fits: a suffix of tmp */
	return;
bad:
	warn(p, "pvboot.config='%.*s': expected /PATH or (DEVICE)/PATH; ignored", SHOW, tmp);
}

/* A disk name as Xen ("xvda") or GRUB ("hd1") says it; a partition or a
 * path here is a mistake worth telling. */
static void parse_disk(struct boot_params *p, const char *vs, const char *ve)
{
	char tmp[sizeof(p->disk)];

	if (!set_field(p, "pvboot.disk", vs, ve, tmp, sizeof(tmp)))
		return;
	for (const char *c = tmp; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9'))) {
			warn(p, "pvboot.disk='%s': expected a disk name such as xvda or hd1; ignored", tmp);
			return;
		}
	memcpy(p->disk, tmp, sizeof(tmp));
}

static void parse_word(struct boot_params *p, const char *ws, const char *we)
{
	char key[32];
	const char *eq = memchr(ws, '=', (size_t)(we - ws));
	const char *vs = eq ? eq + 1 : we;
	size_t klen = unquote(ws, eq ? eq : we, key, sizeof(key));

	if (klen < PREFIX_LEN || memcmp(key, PREFIX, PREFIX_LEN))
		return; /* someone else's word */
	if (!strcmp(key, "pvboot.verbose")) {
		char v[4];
		if (!eq)
			p->verbose = true;
		else if (unquote(vs, we, v, sizeof(v)) == 1 && (v[0] == '0' || v[0] == '1'))
			p->verbose = v[0] == '1';
		else
			warn(p, "pvboot.verbose='%s%s': expected 0 or 1; ignored", v,
			     unquote(vs, we, NULL, 0) >= sizeof(v) ? "..." : "");
		return;
	}
	if (!strcmp(key, "pvboot.debug") || !strcmp(key, "pvboot.readtest") || !strcmp(key, "pvboot.noboot") ||
	    !strcmp(key, "pvboot.chained"))
		return; /* read by pv/ with cmdline_get() */
	bool known = !strcmp(key, "pvboot.entry") || !strcmp(key, "pvboot.timeout") ||
		     !strcmp(key, "pvboot.append") || !strcmp(key, "pvboot.cmdline") ||
		     !strcmp(key, "pvboot.config") || !strcmp(key, "pvboot.disk");
	if (!known) {
		warn(p, "unknown parameter %s%s; ignored", key, klen >= sizeof(key) ? "..." : "");
		return;
	}
	if (!eq) {
		warn(p, "%s needs a value (%s=...); ignored", key, key);
		return;
	}
	if (!strcmp(key, "pvboot.entry")) {
		if (set_field(p, key, vs, we, p->entry, sizeof(p->entry)))
			p->have_entry = p->entry[0] != '\0'; /* "" = back to the default */
	} else if (!strcmp(key, "pvboot.timeout")) {
		parse_timeout(p, vs, we);
	} else if (!strcmp(key, "pvboot.append")) {
		set_field(p, key, vs, we, p->append, sizeof(p->append));
	} else if (!strcmp(key, "pvboot.cmdline")) {
		if (set_field(p, key, vs, we, p->cmdline, sizeof(p->cmdline)))
			p->have_cmdline = true; /* even "": booting with none is a choice */
	} else if (!strcmp(key, "pvboot.config")) {
		parse_config(p, vs, we);
	} else {
		parse_disk(p, vs, we);
	}
}

int boot_params_parse(const char *cmdline, size_t len, struct boot_params *out)
{
	if (!cmdline || !out)
		return pb_error(PB_ERR_INVAL, "boot_params_parse: NULL argument");
	memset(out, 0, sizeof(*out));
	/* start_info's cmd_line is a fixed array: a NUL ends it early. */
	const char *nul = memchr(cmdline, '\0', len);
	const char *end = nul ? nul : cmdline + len;
	const char *p = cmdline;

	for (;;) {
		while (p < end && is_blank(*p))
			p++;
		if (p == end)
			break;
		const char *ws = p;
		bool quoted = false;
		for (; p < end && (quoted || !is_blank(*p)); p++)
			if (*p == '"')
				quoted = !quoted;
		/* Still taken: the admin's meaning is clear enough.  The span is
		 * not NUL-terminated, so the precision must not pass its end. */
		if (quoted)
			warn(out, "unterminated quote in '%.*s'", (int)PB_MIN((size_t)SHOW, (size_t)(p - ws)), ws);
		parse_word(out, ws, p);
	}
	return PB_OK;
}

int boot_params_cmdline(const struct boot_params *p, const char *entry_cmdline,
			char *out, size_t out_size)
{
	if (!p || !out || !out_size)
		return pb_error(PB_ERR_INVAL, "boot_params_cmdline: NULL argument");
	const char *base = p->have_cmdline ? p->cmdline : entry_cmdline ? entry_cmdline : "";
	const char *what = p->have_cmdline ? "pvboot.cmdline" : "the entry's";
	size_t blen = p->have_cmdline ? strnlen(base, sizeof(p->cmdline)) : strlen(base);
	size_t alen = strnlen(p->append, sizeof(p->append) - 1);
	size_t sep = 0;

	if (alen) {
		while (blen && is_blank(base[blen - 1]))
			blen--; /* exactly one space between the two */
		sep = blen ? 1 : 0;
	}
	size_t total = blen + sep + alen;
	out[0] = '\0';
	if (total >= out_size) {
		if (alen)
			return pb_error(PB_ERR_LIMIT,
					"kernel command line of %zu bytes (%s %zu + pvboot.append %zu) exceeds the limit of %zu",
					total, what, blen, alen, out_size - 1);
		return pb_error(PB_ERR_LIMIT, "kernel command line of %zu bytes (%s) exceeds the limit of %zu",
				total, what, out_size - 1);
	}
	memcpy(out, base, blen);
	if (sep)
		out[blen] = ' ';
	memcpy(out + blen + sep, p->append, alen);
	out[total] = '\0';
	return PB_OK;
}

/* GRUB's `default` needs a path to reach an entry inside a submenu, and
 * grub-mkconfig's submenu ids change with the kernel; an admin naming the
 * recovery entry by its bare id or title means that entry, so after
 * menu_find() fails take the first entry at any depth with that id, then
 * with that title. */
static int find_nested(const struct menu *m, const char *spec)
{
	for (uint32_t i = 0; i < m->count; i++)
		if (m->entries[i].id[0] && !strcmp(m->entries[i].id, spec))
			return (int)i;
	for (uint32_t i = 0; i < m->count; i++)
		if (!strcmp(m->entries[i].title, spec))
			return (int)i;
	return -1;
}

int boot_params_pick(const struct boot_params *p, const struct menu *m,
		     char *why, size_t why_size)
{
	char scratch[1];
	int i;

	if (!why || !why_size) {
		why = scratch;
		why_size = sizeof(scratch);
	}
	if (!p || !m || !m->count) {
		pb_snprintf(why, why_size, "no entries");
		return -1;
	}
	if (p->have_entry) {
		i = menu_find(m, p->entry);
		if (i < 0)
			i = find_nested(m, p->entry);
		if (i >= 0) {
			pb_snprintf(why, why_size, "pvboot.entry='%s'", p->entry);
			return i;
		}
	}
	i = m->default_index;
	if (i < 0 || (uint32_t)i >= m->count)
		i = 0; /* nothing resolvable: GRUB boots the first */
	if (p->have_entry)
		pb_snprintf(why, why_size, "pvboot.entry='%s' matches no entry; using the default (%s)",
			    p->entry, m->default_reason[0] ? m->default_reason : "the first entry");
	else
		pb_snprintf(why, why_size, "%s", m->default_reason[0] ? m->default_reason : "the first entry");
	return i;
}
