/* Small string helpers shared by every parser (both builds). */
#include "loader/lib/err.h"
#include "loader/lib/libc.h"

int pb_strlcpy(char *dst, const char *src, size_t size)
{
	size_t n = strlen(src);

	if (!size)
		return PB_ERR_LIMIT;
	if (n >= size) {
		memcpy(dst, src, size - 1);
		dst[size - 1] = '\0';
		return PB_ERR_LIMIT;
	}
	memcpy(dst, src, n + 1);
	return PB_OK;
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

int pb_strcasecmp(const char *a, const char *b)
{
	while (*a && lower((unsigned char)*a) == lower((unsigned char)*b)) {
		a++;
		b++;
	}
	return lower((unsigned char)*a) - lower((unsigned char)*b);
}

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

int pb_parse_u64(const char *s, size_t len, int base, uint64_t *out)
{
	uint64_t v = 0;
	size_t i = 0;

	if (base == 0) {
		base = 10;
		if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
			base = 16;
			i = 2;
		}
	}
	if (i >= len)
		return PB_ERR_INVAL;
	for (; i < len; i++) {
		int d = digit_value(s[i]);
		if (d >= base)
			return PB_ERR_INVAL;
		if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
			return PB_ERR_LIMIT;
		v = v * (uint64_t)base + (uint64_t)d;
	}
	*out = v;
	return PB_OK;
}

void pb_append_line(char *buf, size_t size, const char *line)
{
	static const char more[] = "...more warnings dropped\n";
	size_t used = strlen(buf), room = size - used;

	if (room <= sizeof(more))
		return; /* already full: the marker is there */
	if (strlen(line) + 2 > room - sizeof(more)) {
		memcpy(buf + used, more, sizeof(more));
		return;
	}
	pb_snprintf(buf + used, room, "%s\n", line);
}
