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

int menu_env_record(struct menu *m, const char *key, const char *val)
{
	uint32_t i = 0;

	while (i < m->env_count && strcmp(m->env_key[i], key) != 0)
		i++;
	if (i == MENU_ENV_MAX)
		return pb_error(PB_ERR_LIMIT, "more than %d grubenv variables to save", MENU_ENV_MAX);
	if (strlen(key) >= sizeof(m->env_key[i]) || strlen(val) >= sizeof(m->env_val[i]))
		return pb_error(PB_ERR_LIMIT, "grubenv variable %s: too long to save", key);
	pb_strlcpy(m->env_key[i], key, sizeof(m->env_key[i]));
	pb_strlcpy(m->env_val[i], val, sizeof(m->env_val[i]));
	if (i == m->env_count)
		m->env_count++;
	return PB_OK;
}
