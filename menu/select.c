/* Default and fallback entry selection (see select.h).
 *
 * GRUB numbers the items of each menu level from 0, a submenu counting as
 * one item; "2>1" is the second entry of the submenu that is item 2.  Each
 * '>'-separated element may instead be an id or a title.  A spec naming a
 * submenu itself selects its first entry. */
#include "menu/select.h"
#include "loader/lib/err.h"

/* Element k of a '>'-joined path string, into out. */
static bool path_elem(const char *path, uint32_t k, char *out, size_t size)
{
	for (uint32_t i = 0; i < k; i++) {
		path = strchr(path, '>');
		if (!path)
			return false;
		path++;
	}
	const char *end = strchr(path, '>');
	size_t n = end ? (size_t)(end - path) : strlen(path);
	if (n >= size)
		n = size - 1;
	memcpy(out, path, n);
	out[n] = '\0';
	return true;
}

static bool is_number(const char *s, uint64_t *v)
{
	return *s && pb_parse_u64(s, strlen(s), 10, v) == PB_OK;
}

/* Does path element `want` at level k name entry e's item at that level? */
static bool elem_matches(const struct menu_entry *e, uint32_t k, const char *want)
{
	char title[MENU_TITLE_MAX], id[MENU_ID_MAX];
	uint64_t num;

	if (k > e->depth)
		return false;
	if (is_number(want, &num))
		return e->item[k] == num;
	if (k == e->depth)
		return !strcmp(e->title, want) || (e->id[0] && !strcmp(e->id, want));
	return (path_elem(e->submenu, k, title, sizeof(title)) && !strcmp(title, want)) ||
	       (path_elem(e->submenu_id, k, id, sizeof(id)) && id[0] && !strcmp(id, want));
}

int menu_find(const struct menu *m, const char *spec)
{
	char elem[MENU_TITLE_MAX];
	uint32_t levels = 1;

	if (!spec || !*spec)
		return -1;
	for (const char *p = spec; (p = strchr(p, '>')); p++)
		levels++;
	for (uint32_t i = 0; i < m->count; i++) {
		const struct menu_entry *e = &m->entries[i];
		bool ok = e->depth + 1 >= levels;
		for (uint32_t k = 0; ok && k < levels; k++)
			ok = path_elem(spec, k, elem, sizeof(elem)) && elem_matches(e, k, elem);
		if (ok)
			return (int)i; /* first match: a submenu spec picks its first entry */
	}
	return -1;
}

void menu_select_default(struct menu *m, const char *spec, const char *what)
{
	int i = menu_find(m, spec);

	if (i >= 0) {
		m->default_index = i;
		pb_snprintf(m->default_reason, sizeof(m->default_reason), "%s='%s'", what, spec);
	} else if (m->count) {
		m->default_index = 0;
		if (spec && *spec)
			pb_snprintf(m->default_reason, sizeof(m->default_reason),
				    "%s='%s' matches no entry; using the first", what, spec);
		else
			pb_snprintf(m->default_reason, sizeof(m->default_reason), "no default set; the first entry");
	} else {
		m->default_index = -1;
		pb_snprintf(m->default_reason, sizeof(m->default_reason), "no entries");
	}
}

void menu_select_fallback(struct menu *m, const char *spec)
{
	char one[MENU_TITLE_MAX];
	size_t n = 0;

	for (size_t i = 0; i < PB_ARRAY_SIZE(m->fallback); i++)
		m->fallback[i] = -1;
	while (spec && *spec && n < PB_ARRAY_SIZE(m->fallback)) {
		while (*spec == ' ')
			spec++;
		size_t len = strcspn(spec, " ");
		if (!len)
			break;
		if (len >= sizeof(one))
			len = sizeof(one) - 1;
		memcpy(one, spec, len);
		one[len] = '\0';
		spec += len;
		int i = menu_find(m, one);
		if (i >= 0)
			m->fallback[n++] = i;
	}
}
