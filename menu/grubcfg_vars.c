/* grub.cfg evaluator: variables and word expansion. */
#include "menu/grubcfg_ctx.h"
#include "loader/lib/err.h"

static int find_var(struct gctx *c, const char *name)
{
	for (int i = 0; i < c->nvars; i++)
		if (strcmp(c->vars[i].name, name) == 0)
			return i;
	return -1;
}

const char *gvar_get(struct gctx *c, const char *name)
{
	int i = find_var(c, name);
	return i < 0 ? NULL : c->vars[i].val;
}

static char *dup_str(const char *s)
{
	size_t n = strlen(s);
	char *d = malloc(n + 1);
	if (d)
		memcpy(d, s, n + 1);
	return d;
}

int gvar_set(struct gctx *c, const char *name, const char *val)
{
	int i = find_var(c, name);
	char *v;

	if (strlen(name) >= GVAR_NAME_MAX)
		return pb_error(PB_ERR_LIMIT, "%s:%u: variable name too long", c->file, c->line);
	if (strlen(val) >= GVAL_MAX)
		return pb_error(PB_ERR_LIMIT, "%s:%u: value of '%s' too long", c->file, c->line, name);
	v = dup_str(val);
	if (!v)
		return pb_error(PB_ERR_NOMEM, "out of memory");
	if (i < 0) {
		if (c->nvars >= GVARS_MAX) {
			free(v);
			return pb_error(PB_ERR_LIMIT, "%s:%u: more than %d variables", c->file, c->line, GVARS_MAX);
		}
		i = c->nvars++;
		pb_strlcpy(c->vars[i].name, name, GVAR_NAME_MAX);
	} else {
		free(c->vars[i].val);
	}
	c->vars[i].val = v;
	return PB_OK;
}

void gvar_unset(struct gctx *c, const char *name)
{
	int i = find_var(c, name);

	if (i < 0)
		return;
	free(c->vars[i].val);
	c->vars[i] = c->vars[--c->nvars];
}

int gvar_save(struct gctx *c, struct gvar **saved, int *n)
{
	struct gvar *s = malloc(sizeof(*s) * (size_t)(c->nvars ? c->nvars : 1));

	if (!s)
		return pb_error(PB_ERR_NOMEM, "out of memory");
	for (int i = 0; i < c->nvars; i++) {
		s[i] = c->vars[i];
		s[i].val = dup_str(c->vars[i].val);
		if (!s[i].val) {
			while (i--)
				free(s[i].val);
			free(s);
			return pb_error(PB_ERR_NOMEM, "out of memory");
		}
	}
	*saved = s;
	*n = c->nvars;
	return PB_OK;
}

void gvar_restore(struct gctx *c, struct gvar *saved, int n)
{
	gvar_free_all(c);
	memcpy(c->vars, saved, sizeof(*saved) * (size_t)n);
	c->nvars = n;
	free(saved);
}

void gvar_free_all(struct gctx *c)
{
	for (int i = 0; i < c->nvars; i++)
		free(c->vars[i].val);
	c->nvars = 0;
}

void gargv_free(struct gargv *a)
{
	for (int i = 0; i < a->n; i++)
		free(a->v[i]);
	a->n = 0;
}

/* The word being built, and whether anything (even "") makes it a word. */
struct wbuf {
	char s[GVAL_MAX];
	size_t n;
	bool have;
};

static int put(struct gctx *c, struct wbuf *b, char ch)
{
	if (b->n + 1 >= sizeof(b->s))
		return pb_error(PB_ERR_LIMIT, "%s:%u: word longer than %d bytes", c->file, c->line, GVAL_MAX);
	b->s[b->n++] = ch;
	b->have = true;
	return PB_OK;
}

static int emit(struct gctx *c, struct wbuf *b, struct gargv *out)
{
	if (!b->have)
		return PB_OK;
	if (out->n >= GRUBCFG_MAX_WORDS)
		return pb_error(PB_ERR_LIMIT, "%s:%u: more than %d words", c->file, c->line, GRUBCFG_MAX_WORDS);
	b->s[b->n] = '\0';
	out->v[out->n] = dup_str(b->s);
	if (!out->v[out->n])
		return pb_error(PB_ERR_NOMEM, "out of memory");
	out->n++;
	b->n = 0;
	b->have = false;
	return PB_OK;
}

static bool name_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_';
}

/* Value of $name / ${name}, positional $1..$9, $#, $?, $@/$*. */
static const char *lookup(struct gctx *c, const char *name, char *tmp, size_t tmpsz)
{
	if (name[0] >= '0' && name[0] <= '9' && !name[1]) {
		int i = name[0] - '0';
		if (i == 0)
			return "";
		return c->pos && i <= c->pos->n ? c->pos->v[i - 1] : "";
	}
	if (!strcmp(name, "#")) {
		pb_snprintf(tmp, tmpsz, "%d", c->pos ? c->pos->n : 0);
		return tmp;
	}
	if (!strcmp(name, "?")) {
		pb_snprintf(tmp, tmpsz, "%d", c->status);
		return tmp;
	}
	if (!strcmp(name, "@") || !strcmp(name, "*")) {
		size_t o = 0;
		tmp[0] = '\0';
		for (int i = 0; c->pos && i < c->pos->n && o < tmpsz; i++)
			o += (size_t)pb_snprintf(tmp + o, tmpsz - o, "%s%s", i ? " " : "", c->pos->v[i]);
		return tmp;
	}
	const char *v = gvar_get(c, name);
	return v ? v : "";
}

/* Parse a variable reference at s[*i] (just after '$'); returns its value. */
static int var_ref(struct gctx *c, const char *s, size_t len, size_t *i, const char **val,
		   char *tmp, size_t tmpsz)
{
	char name[GVAR_NAME_MAX];
	size_t n = 0;

	if (*i < len && s[*i] == '{') {
		(*i)++;
		while (*i < len && s[*i] != '}' && n + 1 < sizeof(name))
			name[n++] = s[(*i)++];
		if (*i >= len || s[*i] != '}')
			return pb_error(PB_ERR_CORRUPT, "%s:%u: unterminated ${", c->file, c->line);
		(*i)++;
	} else if (*i < len && (s[*i] == '?' || s[*i] == '#' || s[*i] == '@' || s[*i] == '*' ||
				(s[*i] >= '0' && s[*i] <= '9'))) {
		name[n++] = s[(*i)++];
	} else {
		while (*i < len && name_char(s[*i]) && n + 1 < sizeof(name))
			name[n++] = s[(*i)++];
	}
	name[n] = '\0';
	if (!n) {
		*val = "$"; /* a lone '$' stays literal */
		return PB_OK;
	}
	*val = lookup(c, name, tmp, tmpsz);
	return PB_OK;
}

static int expand_word(struct gctx *c, const struct gword *w, struct gargv *out, struct wbuf *b)
{
	const char *s = w->s;
	size_t len = w->len, i = 0;
	char tmp[GVAL_MAX];
	int rc;

	while (i < len) {
		char ch = s[i];
		if (ch == '\\') {
			if (i + 1 < len && s[i + 1] == '\n') {
				i += 2;
				continue;
			}
			if (i + 1 < len && (rc = put(c, b, s[i + 1])))
				return rc;
			i += 2;
		} else if (ch == '\'') {
			b->have = true;
			for (i++; i < len && s[i] != '\''; i++)
				if ((rc = put(c, b, s[i])))
					return rc;
			i++;
		} else if (ch == '"') {
			b->have = true;
			for (i++; i < len && s[i] != '"';) {
				if (s[i] == '\\' && i + 1 < len &&
				    (s[i + 1] == '"' || s[i + 1] == '\\' || s[i + 1] == '$' || s[i + 1] == '\n')) {
					if (s[i + 1] != '\n' && (rc = put(c, b, s[i + 1])))
						return rc;
					i += 2;
				} else if (s[i] == '$') {
					const char *v;
					i++;
					if ((rc = var_ref(c, s, len, &i, &v, tmp, sizeof(tmp))))
						return rc;
					for (; *v; v++)
						if ((rc = put(c, b, *v)))
							return rc;
				} else if ((rc = put(c, b, s[i++]))) {
					return rc;
				}
			}
			i++;
		} else if (ch == '$') {
			const char *v;
			i++;
			if ((rc = var_ref(c, s, len, &i, &v, tmp, sizeof(tmp))))
				return rc;
			/* Unquoted: split on blanks into separate words. */
			for (; *v; v++) {
				if (*v == ' ' || *v == '\t' || *v == '\n') {
					if ((rc = emit(c, b, out)))
						return rc;
				} else if ((rc = put(c, b, *v))) {
					return rc;
				}
			}
		} else {
			if ((rc = put(c, b, ch)))
				return rc;
			i++;
		}
	}
	return PB_OK;
}

int gx_expand(struct gctx *c, const struct gword *w, uint32_t nw, struct gargv *out)
{
	struct wbuf *b = malloc(sizeof(*b));
	int rc = PB_OK;

	if (!b)
		return pb_error(PB_ERR_NOMEM, "out of memory");
	out->n = 0;
	for (uint32_t k = 0; k < nw && rc == PB_OK; k++) {
		b->n = 0;
		b->have = false;
		rc = expand_word(c, &w[k], out, b);
		if (rc == PB_OK)
			rc = emit(c, b, out);
	}
	free(b);
	if (rc)
		gargv_free(out);
	return rc;
}
