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
				if (c == '\\' && i + 1 < len) { /* \\ and \n escapes */
					c = buf[++i] == 'n' ? '\n' : buf[i];
				}
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
		if (o + need > GRUBENV_SIZE)
			return pb_error(PB_ERR_LIMIT, "grubenv: variables do not fit in %d bytes", GRUBENV_SIZE);
		o += (size_t)pb_snprintf(out + o, GRUBENV_SIZE - o, "%s=", k);
		for (const char *p = v; *p; p++) {
			if (*p == '\\' || *p == '\n') {
				out[o++] = '\\';
				out[o++] = *p == '\n' ? 'n' : '\\';
			} else {
				out[o++] = *p;
			}
		}
		out[o++] = '\n';
	}
	memset(out + o, '#', GRUBENV_SIZE - o);
	return PB_OK;
}
