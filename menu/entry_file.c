#include "menu/entry_file.h"
#include "loader/lib/err.h"

int menu_entry_file(const struct menu *m, const struct menu_entry *e, const char *spec,
		    char *dev, size_t dev_size, const char **path)
{
	const char *from = e->root[0] ? e->root : m->config_dev;

	if (spec[0] == '(') {
		const char *close = strchr(spec, ')');
		size_t n = close ? (size_t)(close - spec - 1) : 0;
		if (!close || n >= dev_size)
			return pb_error(PB_ERR_INVAL, "bad device in path '%s'", spec);
		memcpy(dev, spec + 1, n);
		dev[n] = '\0';
		*path = close[1] ? close + 1 : "/";
		return PB_OK;
	}
	if (strlen(from) >= dev_size)
		return pb_error(PB_ERR_INVAL, "device name '%s' too long", from);
	memcpy(dev, from, strlen(from) + 1);
	*path = spec;
	return PB_OK;
}
