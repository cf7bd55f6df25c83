/* GRUB's environment block (see grubenv.h). */
#include "menu/grubenv.h"
#include "loader/lib/err.h"

static const char header[] = "# GRUB Environment Block\n";

int grubenv_parse(const char *buf, size_t len, struct grubenv *env)
{
	size_t hl = sizeof(header) - 1, i;

	memset(env, 0, sizeof(*env));
	if (len < hl || memcmp(buf, header, hl) != 0)
		return pb_error(PB_ERR_FORMAT, "grubenv: missing '# GRUB Environment Block' header");
	for (i = hl; i < len;) {
		size_t start = i, eq = 0;
		char val[GRUBENV_VAL_MAX];
		size_t vl = 0;

		if (buf[i] == '#' || buf[i] == '\n') { /* padding / blank */
			while (i < len && buf[i] != '\n')
				i++;
			i++;
			continue;
		}
		while (i < len && buf[i] != '\n') {
			if (buf[i] == '=' && !eq)
				eq = i;
			else if (eq) {
				char c = buf[i];
				if (c == '\\' && i + 1 < len) /* GRUB's escape: the next byte as it is ('\n' too) */
					c = buf[++i];
				if (vl + 1 >= sizeof(val))
					return pb_error(PB_ERR_LIMIT, "grubenv: value too long at byte %zu", start);
				val[vl++] = c;
			}
			i++;
		}
		i++;
		if (!eq || eq == start)
			continue; /* not key=value: ignored, as GRUB does */
		if (eq - start >= GRUBENV_KEY_MAX)
			return pb_error(PB_ERR_LIMIT, "grubenv: key too long at byte %zu", start);
		char key[GRUBENV_KEY_MAX];
		memcpy(key, buf + start, eq - start);
		key[eq - start] = '\0';
		val[vl] = '\0';
		int rc = grubenv_set(env, key, val);
		if (rc)
			return rc;
	}
	return PB_OK;
}

static int find(const struct grubenv *env, const char *key)
{
	for (uint32_t i = 0; i < env->count; i++)
		if (strcmp(env->key[i], key) == 0)
			return (int)i;
	return -1;
}

const char *grubenv_get(const struct grubenv *env, const char *key)
{
	int i = find(env, key);

	return i < 0 ? NULL : env->val[i];
}

int grubenv_set(struct grubenv *env, const char *key, const char *val)
{
	int i = find(env, key);

	if (i < 0) {
		if (env->count >= GRUBENV_MAX_VARS)
			return pb_error(PB_ERR_LIMIT, "grubenv: more than %d variables", GRUBENV_MAX_VARS);
		i = (int)env->count++;
		if (pb_strlcpy(env->key[i], key, GRUBENV_KEY_MAX))
			return pb_error(PB_ERR_LIMIT, "grubenv: key '%s' too long", key);
	}
	if (pb_strlcpy(env->val[i], val, GRUBENV_VAL_MAX))
		return pb_error(PB_ERR_LIMIT, "grubenv: value of '%s' too long", key);
	return PB_OK;
}

/* The others keep their order, as GRUB's envblk_delete keeps them. */
int grubenv_unset(struct grubenv *env, const char *key)
{
	int i = find(env, key);

	if (i < 0)
		return PB_OK;
	for (uint32_t j = (uint32_t)i; j + 1 < env->count; j++) {
		memcpy(env->key[j], env->key[j + 1], GRUBENV_KEY_MAX);
		memcpy(env->val[j], env->val[j + 1], GRUBENV_VAL_MAX);
	}
	env->count--;
	return PB_OK;
}

int grubenv_serialize(const struct grubenv *env, char out[GRUBENV_SIZE])
{
	size_t o = sizeof(header) - 1;

	memcpy(out, header, o);
	for (uint32_t i = 0; i < env->count; i++) {
		const char *k = env->key[i], *v = env->val[i];
		size_t need = strlen(k) + 2;
		for (const char *p = v; *p; p++)
			need += (*p == '\\' || *p == '\n') ? 2 : 1;
		if (!pb_range_ok(o, need, GRUBENV_SIZE))
			return pb_error(PB_ERR_LIMIT, "grubenv: variables do not fit in %d bytes", GRUBENV_SIZE);
		o += (size_t)pb_snprintf(out + o, GRUBENV_SIZE - o, "%s=", k);
		for (const char *p = v; *p; p++) {
			if (*p == '\\' || *p == '\n')
				out[o++] = '\\';
			out[o++] = *p;
		}
		out[o++] = '\n';
	}
	memset(out + o, '#', GRUBENV_SIZE - o);
	return PB_OK;
}

/* ---- in-place edits of a block, as GRUB's save_env makes them ---- */

static size_t escaped_len(const char *v)
{
	size_t n = 0;

	for (; *v; v++)
		n += (*v == '\\' || *v == '\n') ? 2 : 1;
	return n;
}

/* Index of the '\n' ending the line at p (escaped bytes skipped), or size. */
static size_t line_end(const char *b, size_t p, size_t size)
{
	while (p < size && b[p] != '\n')
		p += b[p] == '\\' ? 2 : 1;
	return p < size ? p : size;
}

/* Where the '#' padding starts; 0 when the block does not end in padding
 * after a newline (GRUB calls that broken). */
static size_t free_start(const char *b, size_t size)
{
	size_t i = size;

	while (i > 0 && b[i - 1] == '#')
		i--;
	return i > 0 && b[i - 1] == '\n' ? i : 0;
}

/* Offset of "key=" at the start of a line before the padding, or size. */
static size_t find_line(const char *b, size_t size, size_t space, const char *key)
{
	size_t kl = strlen(key);

	/* "key=" and at least its line's '\n' before the padding */
	for (size_t p = sizeof(header) - 1; pb_range_ok(p, kl + 2, space); p = line_end(b, p, size) + 1)
		if (!memcmp(b + p, key, kl) && b[p + kl] == '=')
			return p;
	return size;
}

int grubenv_block_set(char *b, size_t size, const char *key, const char *val)
{
	size_t space = free_start(b, size), kl = strlen(key), vl = escaped_len(val), p, old;

	if (size < sizeof(header) - 1 || memcmp(b, header, sizeof(header) - 1) || space < sizeof(header) - 1)
		return pb_error(PB_ERR_CORRUPT, "grubenv: not a well-formed environment block");
	p = find_line(b, size, space, key);
	if (p == size) { /* a new line in the padding */
		if (!pb_range_ok(space, kl + vl + 2, size))
			return pb_error(PB_ERR_LIMIT, "grubenv: no room for %s in %zu bytes", key, size);
		memcpy(b + space, key, kl);
		b[space + kl] = '=';
		p = space + kl + 1;
	} else {
		p += kl + 1;
		old = line_end(b, p, size) - p;
		if (p + old >= size)
			return pb_error(PB_ERR_CORRUPT, "grubenv: line of %s does not end", key);
		if (vl > old && !pb_range_ok(space, vl - old, size))
			return pb_error(PB_ERR_LIMIT, "grubenv: no room for %s in %zu bytes", key, size);
		/* the rest of the block moves; a shorter value leaves more padding */
		memmove(b + p + vl, b + p + old, size - (p + PB_MAX(old, vl)));
		if (vl < old)
			memset(b + space - (old - vl), '#', old - vl);
	}
	for (const char *v = val; *v; v++) {
		if (*v == '\\' || *v == '\n')
			b[p++] = '\\';
		b[p++] = *v;
	}
	b[p] = '\n';
	return PB_OK;
}

int grubenv_block_unset(char *b, size_t size, const char *key)
{
	size_t space = free_start(b, size), p, end;

	if (size < sizeof(header) - 1 || memcmp(b, header, sizeof(header) - 1) || space < sizeof(header) - 1)
		return pb_error(PB_ERR_CORRUPT, "grubenv: not a well-formed environment block");
	if ((p = find_line(b, size, space, key)) == size)
		return PB_OK;
	if ((end = line_end(b, p, size)) >= size)
		return pb_error(PB_ERR_CORRUPT, "grubenv: line of %s does not end", key);
	end++;
	memmove(b + p, b + end, size - end);
	memset(b + size - (end - p), '#', end - p);
	return PB_OK;
}
