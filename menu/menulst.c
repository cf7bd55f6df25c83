/* GRUB-legacy menu.lst (see menulst.h).
 *
 * Legacy partition numbers are 0-based: root (hd0,0) is GRUB 2's
 * (hd0,msdos1).  `kernel PATH ARGS` gives the kernel and its command line;
 * `kernel /xen.gz` followed by `module`s is a multiboot entry. */
#include "menu/menulst.h"
#include "menu/select.h"
#include "loader/lib/err.h"

#define MENULST_MAX_LINE 4096

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* "(hd0,0)" -> "hd0,msdos1"; "(hd1)" -> "hd1". */
static int legacy_root(const char *v, size_t n, char *out, size_t size)
{
	unsigned disk = 0, part = 0;
	size_t i = 0;
	bool has_part = false;

	if (n < 4 || v[0] != '(' || v[1] != 'h' || v[2] != 'd')
		return PB_ERR_CORRUPT;
	for (i = 3; i < n && v[i] >= '0' && v[i] <= '9' && disk < 1000; i++)
		disk = disk * 10 + (unsigned)(v[i] - '0');
	if (i < n && v[i] == ',') {
		has_part = true;
		for (i++; i < n && v[i] >= '0' && v[i] <= '9' && part < 1000; i++)
			part = part * 10 + (unsigned)(v[i] - '0');
	}
	if (i >= n || v[i] != ')')
		return PB_ERR_CORRUPT;
	if (has_part)
		pb_snprintf(out, size, "hd%u,msdos%u", disk, part + 1);
	else
		pb_snprintf(out, size, "hd%u", disk);
	return PB_OK;
}

/* "(hd0,0)/vmlinuz" -> "(hd0,msdos1)/vmlinuz": legacy device names are
 * rewritten to GRUB 2's, which the rest of the loader understands. */
static void legacy_path(struct menu_entry *e, const char *v, size_t n, char *out, size_t size)
{
	char dev[MENU_DEV_MAX];
	const char *close = n && v[0] == '(' ? memchr(v, ')', n) : NULL;

	(void)e;
	if (close && legacy_root(v, (size_t)(close - v + 1), dev, sizeof(dev)) == PB_OK)
		pb_snprintf(out, size, "(%s)%.*s", dev, (int)(n - (size_t)(close + 1 - v)), close + 1);
	else
		pb_snprintf(out, size, "%.*s", (int)n, v);
}

int menulst_parse(const char *buf, size_t len, const char *name, const char *dev,
		  const struct menu_io *io, struct menu *m)
{
	struct menu_entry *e = NULL;
	char cur_root[MENU_DEV_MAX], def[32] = "0", fallback[64] = "";
	uint32_t line = 0;
	int rc = PB_OK;

	pb_strlcpy(cur_root, dev, sizeof(cur_root));
	m->timeout = -1;
	for (size_t i = 0; i < len && rc == PB_OK;) {
		size_t s = i;
		while (i < len && buf[i] != '\n')
			i++;
		size_t end = i++;
		line++;
		if (end - s > MENULST_MAX_LINE) {
			menu_warn(m, "%s:%u: line longer than %d bytes, skipped", name, line, MENULST_MAX_LINE);
			continue;
		}
		while (s < end && blank(buf[s]))
			s++;
		while (end > s && blank(buf[end - 1]))
			end--;
		if (s == end || buf[s] == '#')
			continue;
		size_t ke = s;
		while (ke < end && !blank(buf[ke]) && buf[ke] != '=')
			ke++;
		size_t vs = ke;
		while (vs < end && (blank(buf[vs]) || buf[vs] == '='))
			vs++;
		const char *k = buf + s, *v = buf + vs;
		size_t kl = ke - s, vl = end - vs;
#define KEY(x) (kl == sizeof(x) - 1 && !memcmp(k, x, kl))
		if (KEY("title")) {
			if ((rc = menu_add(m, &e)))
				break;
			e->kind = MENU_LINUX;
			e->source = MENU_SRC_MENULST;
			e->item[0] = m->count - 1;
			pb_snprintf(e->title, sizeof(e->title), "%.*s", (int)vl, v);
			pb_strlcpy(e->root, cur_root, sizeof(e->root));
			pb_snprintf(e->origin, sizeof(e->origin), "%s:%u", name, line);
		} else if (KEY("default")) {
			pb_snprintf(def, sizeof(def), "%.*s", (int)PB_MIN(vl, 31u), v);
		} else if (KEY("timeout")) {
			uint64_t t;
			if (pb_parse_u64(v, vl, 10, &t) == PB_OK)
				m->timeout = t > 86400 ? 86400 : (int)t;
		} else if (KEY("fallback")) {
			pb_snprintf(fallback, sizeof(fallback), "%.*s", (int)PB_MIN(vl, 63u), v);
		} else if (KEY("hiddenmenu")) {
			m->hidden = true;
		} else if (KEY("password")) {
			m->password = true; /* recorded: the menu must not be bypassed silently */
		} else if (KEY("root") || KEY("rootnoverify")) {
			char r[MENU_DEV_MAX];
			if (legacy_root(v, vl, r, sizeof(r)) != PB_OK)
				menu_warn(m, "%s:%u: root '%.*s' not understood", name, line, (int)PB_MIN(vl, 40u), v);
			else if (e)
				pb_strlcpy(e->root, r, sizeof(e->root));
			else
				pb_strlcpy(cur_root, r, sizeof(cur_root));
		} else if (!e && (KEY("kernel") || KEY("initrd") || KEY("module") || KEY("savedefault"))) {
			menu_warn(m, "%s:%u: '%.*s' before any title, ignored", name, line, (int)kl, k);
		} else if (KEY("kernel") && vl == 0) {
			menu_warn(m, "%s:%u: 'kernel' without a path, ignored", name, line);
		} else if (KEY("kernel")) {
			size_t pe = 0;
			while (pe < vl && !blank(v[pe]))
				pe++;
			legacy_path(e, v, pe, e->kernel, sizeof(e->kernel));
			while (pe < vl && blank(v[pe]))
				pe++;
			if (vl - pe >= sizeof(e->cmdline))
				rc = pb_error(PB_ERR_LIMIT, "%s:%u: command line too long", name, line);
			else
				pb_snprintf(e->cmdline, sizeof(e->cmdline), "%.*s", (int)(vl - pe), v + pe);
			const char *base = strrchr(e->kernel, '/');
			if (base && !strncmp(base + 1, "xen", 3))
				e->kind = MENU_MULTIBOOT; /* kernel /xen.gz: Xen itself */
		} else if (KEY("initrd") || KEY("module")) {
			bool mod = KEY("module");
			uint32_t *n = mod ? &e->nr_modules : &e->nr_initrds;
			size_t pe = 0;
			while (pe < vl && !blank(v[pe]))
				pe++;
			if (*n >= MENU_MAX_INITRDS)
				rc = pb_error(PB_ERR_LIMIT, "%s:%u: too many %ss", name, line, mod ? "module" : "initrd");
			else
				legacy_path(e, v, pe, mod ? e->modules[(*n)++] : e->initrd[(*n)++], MENU_PATH_MAX);
		} else if (KEY("savedefault")) {
			e->savedefault = true;
		} else if (KEY("color") || KEY("splashimage") || KEY("serial") || KEY("terminal") ||
			   KEY("gfxmenu") || KEY("boot") || KEY("lock") || KEY("makeactive") ||
			   KEY("chainloader") || KEY("map")) {
			if (e && KEY("chainloader"))
				e->kind = MENU_CHAINLOADER;
		} else {
			menu_warn(m, "%s:%u: unknown command '%.*s' ignored", name, line, (int)PB_MIN(kl, 40u), k);
		}
#undef KEY
	}
	if (rc)
		return rc;
	if (!strcmp(def, "saved")) {
		/* GRUB legacy keeps the saved number in "default" beside menu.lst. */
		char *saved = NULL, spec[MENU_PATH_MAX];
		size_t slen = 0;
		const char *slash = strrchr(name, '/');
		pb_snprintf(spec, sizeof(spec), "%.*s/default", slash ? (int)(slash - name) : 0, name);
		if (io && io->read_file && io->read_file(io->ctx, dev, spec, 4096, &saved, &slen) == PB_OK) {
			size_t n = 0;
			while (n < slen && saved[n] >= '0' && saved[n] <= '9' && n < 8)
				n++;
			pb_snprintf(def, sizeof(def), "%.*s", (int)n, saved);
			free(saved);
		}
		menu_select_default(m, def, "default=saved");
	} else {
		menu_select_default(m, def, "default");
	}
	menu_select_fallback(m, fallback);
	return PB_OK;
}

#define MENULST_FILE_MAX (1u << 20)

int menulst_load(const struct menu_io *io, const char *dev, const char *path, struct menu *m)
{
	char *buf;
	size_t len;
	int rc = io->read_file(io->ctx, dev, path, MENULST_FILE_MAX, &buf, &len);

	if (rc)
		return rc;
	rc = menulst_parse(buf, len, path, dev, io, m);
	free(buf);
	return rc;
}
