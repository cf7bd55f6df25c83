/* Whole-file reads and writes for host tools. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader/lib/err.h"
#include "tools/common/host_file.h"

int host_read_file(const char *path, size_t max, unsigned char **buf, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *b = NULL;
	size_t n = 0, cap = 0;

	if (!f)
		return pb_error(PB_ERR_NOTFOUND, "%s: %s", path, strerror(errno));
	for (;;) {
		if (n == cap) {
			if (cap >= max) {
				fclose(f);
				free(b);
				return pb_error(PB_ERR_LIMIT, "%s: larger than %zu bytes", path, max);
			}
			cap = cap ? cap * 2 : 1 << 20;
			if (cap > max)
				cap = max;
			unsigned char *nb = realloc(b, cap);
			if (!nb) {
				fclose(f);
				free(b);
				return pb_error(PB_ERR_NOMEM, "%s: out of memory", path);
			}
			b = nb;
		}
		size_t r = fread(b + n, 1, cap - n, f);
		n += r;
		if (r == 0)
			break;
	}
	int err = ferror(f);
	fclose(f);
	if (err) {
		free(b);
		return pb_error(PB_ERR_IO, "%s: read error", path);
	}
	*buf = b;
	*len = n;
	return PB_OK;
}

int host_write_file(const char *path, const void *buf, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (!f)
		return pb_error(PB_ERR_IO, "%s: %s", path, strerror(errno));
	size_t w = fwrite(buf, 1, len, f);
	if (fclose(f) != 0 || w != len)
		return pb_error(PB_ERR_IO, "%s: write failed", path);
	return PB_OK;
}
