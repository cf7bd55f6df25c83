/* The menu model's few operations (see menu.h). */
#include "menu/menu.h"
#include "loader/lib/err.h"

int menu_init(struct menu *m)
{
	memset(m, 0, sizeof(*m));
	m->entries = calloc(MENU_MAX_ENTRIES, sizeof(*m->entries));
	if (!m->entries)
		return pb_error(PB_ERR_NOMEM, "menu: cannot allocate %d entries",
				MENU_MAX_ENTRIES);
	m->default_index = -1;
	m->timeout = -1;
	for (size_t i = 0; i < PB_ARRAY_SIZE(m->fallback); i++)
		m->fallback[i] = -1;
	return PB_OK;
}

void menu_free(struct menu *m)
{
	free(m->entries);
	m->entries = NULL;
	m->count = 0;
}

int menu_add(struct menu *m, struct menu_entry **out)
{
	if (m->count >= MENU_MAX_ENTRIES)
		return pb_error(PB_ERR_LIMIT, "menu: more than %d entries",
				MENU_MAX_ENTRIES);
	struct menu_entry *e = &m->entries[m->count++];
	memset(e, 0, sizeof(*e));
	*out = e;
	return PB_OK;
}

void menu_warn(struct menu *m, const char *fmt, ...)
{
	char line[256];
	va_list ap;

	va_start(ap, fmt);
	pb_vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	pb_append_line(m->warnings, sizeof(m->warnings), line);
}

static int env_record(struct menu_env_var *v, uint32_t *count, uint32_t max, const char *key, const char *val)
{
	uint32_t i = 0;

	while (i < *count && strcmp(v[i].key, key) != 0)
		i++;
	if (i == max)
		return pb_error(PB_ERR_LIMIT, "more than %u grubenv variables to save", max);
	if (strlen(key) >= sizeof(v[i].key) || (val && strlen(val) >= sizeof(v[i].val)))
		return pb_error(PB_ERR_LIMIT, "grubenv variable %s: too long to save", key);
	pb_strlcpy(v[i].key, key, sizeof(v[i].key));
	pb_strlcpy(v[i].val, val ? val : "", sizeof(v[i].val));
	v[i].unset = !val;
	if (i == *count)
		(*count)++;
	return PB_OK;
}

int menu_env_record(struct menu *m, const char *key, const char *val)
{
	return env_record(m->env, &m->env_count, MENU_ENV_MAX, key, val);
}

int menu_entry_env_record(struct menu_entry *e, const char *key, const char *val)
{
	return env_record(e->env, &e->env_count, MENU_ENTRY_ENV_MAX, key, val);
}
