/* pvboot's own parameters (see opts.h).
 *
 * Each word is unquoted into one bounded buffer, and its value's full
 * length is counted even where the buffer had to cut it, so a 5000-byte
 * value is refused, not cut and not written past anything. */
#include "loader/boot/opts.h"
#include "loader/lib/err.h"
#include "menu/select.h"

#define PREFIX "pvboot."
#define PREFIX_LEN (sizeof(PREFIX) - 1)
#define GRUB_PREFIX "xen_grub_env_"
#define GRUB_PREFIX_LEN (sizeof(GRUB_PREFIX) - 1)
#define SHOW 48 /* bytes of a bad value quoted back in a warning */

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Add one warning line (bounded, as menu_warn()).  The line
 * quotes admin input, and the console is a terminal: control bytes are
 * shown as '?' rather than sent. */
static void warn(struct pvboot_opts *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void warn(struct pvboot_opts *p, const char *fmt, ...)
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

/* Set a string field to the value (vlen bytes, which may be more than
 * were kept in v when the word was cut), or refuse it whole (the field
 * keeps its previous value) when it does not fit. */
static bool set_field(struct pvboot_opts *p, const char *key, const char *v, size_t vlen,
		      char *field, size_t size)
{
	if (vlen >= size) {
		warn(p, "%s: value of %zu bytes is longer than the limit of %zu; ignored",
		     key, vlen, size - 1);
		return false;
	}
	memcpy(field, v, vlen);
	field[vlen] = '\0';
	return true;
}

/* A word after unquoting: key and value point into one bounded buffer;
 * vlen is the value's full length even when the buffer had to cut it. */
struct word {
	const char *key, *val;
	size_t klen, vlen;
	bool has_eq, printable;
};

static void parse_timeout(struct pvboot_opts *p, const struct word *w)
{
	uint64_t v;

	if (w->vlen == 2 && !memcmp(w->val, "-1", 2)) {
		p->timeout = -1;
	} else if (w->vlen < 24 && pb_parse_u64(w->val, w->vlen, 10, &v) == PB_OK && v <= INT32_MAX) {
		p->timeout = (int)v;
	} else {
		warn(p, "pvboot.timeout='%.*s%s' is not a number of seconds or -1; ignored",
		     (int)PB_MIN(w->vlen, (size_t)23), w->val, w->vlen < 24 ? "" : "...");
		return;
	}
	p->have_timeout = true;
}

/* "/PATH" or "(DEV)/PATH", as GRUB writes a file on a device. */
static void parse_config(struct pvboot_opts *p, const struct word *w)
{
	char tmp[OPTS_LINE_MAX];
	const char *path = tmp;
	size_t devlen = 0;

	if (!set_field(p, "pvboot.config", w->val, w->vlen, tmp, sizeof(tmp)))
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
static void parse_disk(struct pvboot_opts *p, const struct word *w)
{
	char tmp[sizeof(p->disk)];

	if (!set_field(p, "pvboot.disk", w->val, w->vlen, tmp, sizeof(tmp)))
		return;
	for (const char *c = tmp; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9'))) {
			warn(p, "pvboot.disk='%s': expected a disk name such as xvda or hd1; ignored", tmp);
			return;
		}
	memcpy(p->disk, tmp, sizeof(tmp));
}

/* A flag: bare, or =1 / =0. */
static void parse_flag(struct pvboot_opts *p, const struct word *w, const char *key, bool *flag)
{
	if (!w->has_eq || (w->vlen == 1 && w->val[0] == '1'))
		*flag = true;
	else if (w->vlen == 1 && w->val[0] == '0')
		*flag = false;
	else
		warn(p, "%s='%.*s': expected no value, 0 or 1; ignored", key, (int)PB_MIN(w->vlen, (size_t)SHOW),
		     w->val);
}

static void parse_chained(struct pvboot_opts *p, const struct word *w)
{
	if (w->vlen == 1 && w->val[0] >= '0' && w->val[0] <= '9')
		p->chained = w->val[0] - '0';
	else
		warn(p, "pvboot.chained='%.*s': expected a digit; ignored", (int)PB_MIN(w->vlen, (size_t)SHOW), w->val);
}

/* GRUB 2.14 (kern/xen/cmdline.c) exports xen_grub_env_* words to grub.cfg
 * under their full name, when the name is letters and underscores and the
 * text is printable ASCII. */
static void parse_grub_var(struct pvboot_opts *p, const struct word *w)
{
	uint32_t i;

	for (size_t k = 0; k < w->klen; k++)
		if (!((w->key[k] >= 'a' && w->key[k] <= 'z') || (w->key[k] >= 'A' && w->key[k] <= 'Z') ||
		      w->key[k] == '_')) {
			warn(p, "%.*s: a GRUB variable name is letters and '_' only; ignored",
			     (int)PB_MIN(w->klen, (size_t)SHOW), w->key);
			return;
		}
	if (!w->printable) {
		warn(p, "%.*s: value is not printable ASCII; ignored", (int)PB_MIN(w->klen, (size_t)SHOW), w->key);
		return;
	}
	if (w->klen >= OPTS_GRUB_NAME_MAX || w->vlen >= OPTS_GRUB_VALUE_MAX) {
		warn(p, "%.*s: name or value too long (limits %d and %d); ignored", (int)PB_MIN(w->klen, (size_t)SHOW),
		     w->key, OPTS_GRUB_NAME_MAX - 1, OPTS_GRUB_VALUE_MAX - 1);
		return;
	}
	for (i = 0; i < p->nr_grub_vars; i++)
		if (strlen(p->grub_name[i]) == w->klen && !memcmp(p->grub_name[i], w->key, w->klen))
			break;
	if (i == OPTS_GRUB_VARS_MAX) {
		warn(p, "more than %d xen_grub_env_ words; %.*s ignored", OPTS_GRUB_VARS_MAX,
		     (int)PB_MIN(w->klen, (size_t)SHOW), w->key);
		return;
	}
	if (i == p->nr_grub_vars)
		p->nr_grub_vars++;
	memcpy(p->grub_name[i], w->key, w->klen);
	p->grub_name[i][w->klen] = '\0';
	if (w->has_eq) {
		memcpy(p->grub_value[i], w->val, w->vlen);
		p->grub_value[i][w->vlen] = '\0';
	} else {
		pb_strlcpy(p->grub_value[i], "1", sizeof(p->grub_value[i]));
	}
}

static bool key_is(const struct word *w, const char *key)
{
	return w->klen == strlen(key) && !memcmp(w->key, key, w->klen);
}

static void parse_word(struct pvboot_opts *p, const struct word *w)
{
	char key[40];

	if (w->klen > GRUB_PREFIX_LEN && !memcmp(w->key, GRUB_PREFIX, GRUB_PREFIX_LEN)) {
		parse_grub_var(p, w);
		return;
	}
	if (w->klen < PREFIX_LEN || memcmp(w->key, PREFIX, PREFIX_LEN))
		return; /* someone else's word */
	pb_snprintf(key, sizeof(key), "%.*s%s", (int)PB_MIN(w->klen, sizeof(key) - 4), w->key,
		    w->klen > sizeof(key) - 4 ? "..." : "");
	if (key_is(w, "pvboot.noboot")) {
		parse_flag(p, w, key, &p->noboot);
		return;
	}
	if (key_is(w, "pvboot.debug")) {
		parse_flag(p, w, key, &p->debug);
		return;
	}
	bool known = key_is(w, "pvboot.entry") || key_is(w, "pvboot.timeout") || key_is(w, "pvboot.append") ||
		     key_is(w, "pvboot.cmdline") || key_is(w, "pvboot.config") || key_is(w, "pvboot.disk") ||
		     key_is(w, "pvboot.readtest") || key_is(w, "pvboot.chained") || key_is(w, "pvboot.fault");
	if (!known) {
		warn(p, "unknown parameter %s; ignored", key);
		return;
	}
	if (!w->has_eq) {
		warn(p, "%s needs a value (%s=...); ignored", key, key);
		return;
	}
	if (key_is(w, "pvboot.entry")) {
		if (set_field(p, key, w->val, w->vlen, p->entry, sizeof(p->entry)))
			p->have_entry = p->entry[0] != '\0'; /* "" = back to the default */
	} else if (key_is(w, "pvboot.timeout")) {
		parse_timeout(p, w);
	} else if (key_is(w, "pvboot.append")) {
		set_field(p, key, w->val, w->vlen, p->append, sizeof(p->append));
	} else if (key_is(w, "pvboot.cmdline")) {
		if (set_field(p, key, w->val, w->vlen, p->cmdline, sizeof(p->cmdline)))
			p->have_cmdline = true; /* even "": booting with none is a choice */
	} else if (key_is(w, "pvboot.config")) {
		parse_config(p, w);
	} else if (key_is(w, "pvboot.readtest")) {
		set_field(p, key, w->val, w->vlen, p->readtest, sizeof(p->readtest));
	} else if (key_is(w, "pvboot.fault")) {
		set_field(p, key, w->val, w->vlen, p->fault, sizeof(p->fault));
	} else if (key_is(w, "pvboot.chained")) {
		parse_chained(p, w);
	} else {
		parse_disk(p, w);
	}
}

/* Split off the word at p (not blank) into buf (cut to fit, NUL-terminated),
 * GRUB 2.14's rules; returns where it ends.  *len is the full unquoted
 * length, *open whether a quote was left open. */
static const char *split_word(const char *p, const char *end, char *buf, size_t size, size_t *len,
			      bool *open, bool *printable)
{
	bool sq = false, dq = false, esc = false;
	size_t n = 0;

	*printable = true;
	for (; p < end; p++) {
		char c = *p;
		if (esc) {
			esc = false;
		} else if (c == '\\') {
			esc = true;
			continue;
		} else if (c == '\'' && !dq) {
			sq = !sq;
			continue;
		} else if (c == '"' && !sq) {
			dq = !dq;
			continue;
		} else if (is_blank(c) && !sq && !dq) {
			break;
		}
		if ((unsigned char)c < 0x20 || (unsigned char)c >= 0x7f)
			*printable = false;
		if (n + 1 < size)
			buf[n] = c;
		n++;
	}
	buf[PB_MIN(n, size - 1)] = '\0';
	*len = n;
	*open = sq || dq;
	return p;
}

int opts_parse(const char *cmdline, size_t len, struct pvboot_opts *out)
{
	/* Room for any key we know and the longest value a field takes, so a
	 * cut word is always one whose value would be refused anyway. */
	char buf[OPTS_LINE_MAX + 64];

	if (!cmdline || !out)
		return pb_error(PB_ERR_INVAL, "opts_parse: NULL argument");
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
		size_t n;
		bool open, printable;
		p = split_word(p, end, buf, sizeof(buf), &n, &open, &printable);
		/* Still taken: the admin's meaning is clear enough.  The span is
		 * not NUL-terminated, so the precision must not pass its end. */
		if (open)
			warn(out, "unterminated quote in '%.*s'", (int)PB_MIN((size_t)SHOW, (size_t)(p - ws)), ws);
		size_t kept = PB_MIN(n, sizeof(buf) - 1);
		const char *eq = memchr(buf, '=', kept);
		struct word w = { .key = buf, .klen = eq ? (size_t)(eq - buf) : kept, .has_eq = eq != NULL,
				  .printable = printable };
		w.val = eq ? eq + 1 : buf + kept;
		w.vlen = eq ? n - w.klen - 1 : 0;
		parse_word(out, &w);
	}
	return PB_OK;
}

int opts_cmdline(const struct pvboot_opts *p, const char *entry_cmdline,
			char *out, size_t out_size)
{
	if (!p || !out || !out_size)
		return pb_error(PB_ERR_INVAL, "opts_cmdline: NULL argument");
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

int opts_pick(const struct pvboot_opts *p, const struct menu *m,
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
