/* grub.cfg evaluator: the `[ ... ]` / `test` expression language.
 *   expr := and ( -o and )* ; and := not ( -a not )* ;
 *   not  := '!' not | '(' expr ')' | UNARY arg | arg BINARY arg | arg
 * File tests go through menu_io; the recursion is bounded by argc. */
#include "menu/grubcfg_ctx.h"
#include "loader/lib/err.h"

struct tparse {
	struct gctx *c;
	int argc, i, depth;
	char **argv;
};

static int t_expr(struct tparse *t, bool *r);

static bool is_unary(const char *s)
{
	static const char *const ops[] = { "-n", "-z", "-f", "-e", "-d", "-s", NULL };
	for (int i = 0; ops[i]; i++)
		if (!strcmp(s, ops[i]))
			return true;
	return false;
}

static bool is_binary(const char *s)
{
	static const char *const ops[] = { "=", "==", "!=", "<", ">", "<=", ">=", "-eq", "-ne",
					   "-lt", "-le", "-gt", "-ge", "-pgt", "-plt", "-nt", "-ot", NULL };
	for (int i = 0; ops[i]; i++)
		if (!strcmp(s, ops[i]))
			return true;
	return false;
}

static int64_t num(const char *s)
{
	bool neg = *s == '-';
	uint64_t v = 0;
	if (neg)
		s++;
	for (; *s >= '0' && *s <= '9' && v < (1ull << 60); s++)
		v = v * 10 + (uint64_t)(*s - '0');
	return neg ? -(int64_t)v : (int64_t)v;
}

/* GRUB's -pgt/-plt compare the numbers that follow a common prefix. */
static int64_t tail_num(const char *s)
{
	const char *p = s + strlen(s);
	while (p > s && p[-1] >= '0' && p[-1] <= '9')
		p--;
	return num(p);
}

static int file_test(struct gctx *c, const char *op, const char *spec, bool *r)
{
	char dev[MENU_DEV_MAX];
	const char *path;
	bool is_dir = false;
	uint64_t size = 0;

	*r = false;
	if (!c->io->stat)
		return PB_OK;
	gpath_split(c, spec, dev, sizeof(dev), &path);
	if (c->io->stat(c->io->ctx, dev, path, &is_dir, &size) != PB_OK)
		return PB_OK; /* missing: false, not an error */
	if (!strcmp(op, "-e"))
		*r = true;
	else if (!strcmp(op, "-f"))
		*r = !is_dir;
	else if (!strcmp(op, "-d"))
		*r = is_dir;
	else
		*r = !is_dir && size > 0;
	return PB_OK;
}

static int t_primary(struct tparse *t, bool *r)
{
	if (t->i >= t->argc)
		return pb_error(PB_ERR_CORRUPT, "%s:%u: [ ]: missing argument", t->c->file, t->c->line);
	const char *a = t->argv[t->i];
	if (!strcmp(a, "!")) {
		if (++t->depth > 64)
			return pb_error(PB_ERR_LIMIT, "%s:%u: [ ]: too deep", t->c->file, t->c->line);
		t->i++;
		int rc = t_primary(t, r);
		*r = !*r;
		return rc;
	}
	if (!strcmp(a, "(")) {
		if (++t->depth > 64)
			return pb_error(PB_ERR_LIMIT, "%s:%u: [ ]: too deep", t->c->file, t->c->line);
		t->i++;
		int rc = t_expr(t, r);
		if (rc)
			return rc;
		if (t->i >= t->argc || strcmp(t->argv[t->i], ")"))
			return pb_error(PB_ERR_CORRUPT, "%s:%u: [ ]: missing ')'", t->c->file, t->c->line);
		t->i++;
		return PB_OK;
	}
	if (is_unary(a) && t->i + 1 < t->argc) {
		const char *v = t->argv[t->i + 1];
		t->i += 2;
		if (!strcmp(a, "-n"))
			*r = *v != '\0';
		else if (!strcmp(a, "-z"))
			*r = *v == '\0';
		else
			return file_test(t->c, a, v, r);
		return PB_OK;
	}
	if (t->i + 2 < t->argc && is_binary(t->argv[t->i + 1])) {
		const char *x = a, *op = t->argv[t->i + 1], *y = t->argv[t->i + 2];
		int cmp = strcmp(x, y);
		t->i += 3;
		if (!strcmp(op, "=") || !strcmp(op, "=="))
			*r = cmp == 0;
		else if (!strcmp(op, "!="))
			*r = cmp != 0;
		else if (!strcmp(op, "<"))
			*r = cmp < 0;
		else if (!strcmp(op, ">"))
			*r = cmp > 0;
		else if (!strcmp(op, "<="))
			*r = cmp <= 0;
		else if (!strcmp(op, ">="))
			*r = cmp >= 0;
		else if (!strcmp(op, "-eq"))
			*r = num(x) == num(y);
		else if (!strcmp(op, "-ne"))
			*r = num(x) != num(y);
		else if (!strcmp(op, "-lt"))
			*r = num(x) < num(y);
		else if (!strcmp(op, "-le"))
			*r = num(x) <= num(y);
		else if (!strcmp(op, "-gt"))
			*r = num(x) > num(y);
		else if (!strcmp(op, "-ge"))
			*r = num(x) >= num(y);
		else if (!strcmp(op, "-pgt"))
			*r = tail_num(x) > tail_num(y);
		else if (!strcmp(op, "-plt"))
			*r = tail_num(x) < tail_num(y);
		else
			*r = false; /* -nt/-ot: no timestamps here */
		return PB_OK;
	}
	*r = *a != '\0'; /* a single string: true when non-empty */
	t->i++;
	return PB_OK;
}

static int t_and(struct tparse *t, bool *r)
{
	int rc = t_primary(t, r);
	while (rc == PB_OK && t->i < t->argc && !strcmp(t->argv[t->i], "-a")) {
		bool r2;
		t->i++;
		rc = t_primary(t, &r2);
		*r = *r && r2;
	}
	return rc;
}

static int t_expr(struct tparse *t, bool *r)
{
	int rc = t_and(t, r);
	while (rc == PB_OK && t->i < t->argc && !strcmp(t->argv[t->i], "-o")) {
		bool r2;
		t->i++;
		rc = t_and(t, &r2);
		*r = *r || r2;
	}
	return rc;
}

int gtest_eval(struct gctx *c, int argc, char **argv, bool *result)
{
	struct tparse t = { c, argc, 0, 0, argv };

	*result = false;
	if (argc == 0)
		return PB_OK;
	int rc = t_expr(&t, result);
	if (rc == PB_OK && t.i != argc)
		return pb_error(PB_ERR_CORRUPT, "%s:%u: [ ]: unexpected '%s'", c->file, c->line, argv[t.i]);
	return rc;
}
