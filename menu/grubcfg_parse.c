/* grub.cfg lexer and parser: GRUB 2's script syntax into a tree.
 *
 * Lexing follows GRUB rather than POSIX sh where they differ: '#' starts a
 * comment only at the start of a word; '{' and '}' are tokens only as
 * words of their own; single quotes take everything literally; double
 * quotes and bare words keep '\' escapes and $variables for the evaluator.
 * Keywords (if, then, elif, else, fi, for, in, do, done, while, until,
 * function, menuentry, submenu) count only unquoted, as a command's
 * first word. */
#include "menu/grubcfg_ast.h"
#include "loader/lib/err.h"

enum tok { T_EOF, T_WORD, T_SEP, T_LBRACE, T_RBRACE };

struct parser {
	const char *s;
	size_t len, pos;
	uint32_t line;
	const char *name;
	/* one token of lookahead */
	enum tok t;
	struct gword w;
	uint32_t tline;
	uint32_t nodes;
	int depth;
};

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static bool ends_word(char c)
{
	return is_blank(c) || c == '\n' || c == ';';
}

static int lex(struct parser *p)
{
	for (;;) {
		while (p->pos < p->len && is_blank(p->s[p->pos]))
			p->pos++;
		if (p->pos + 1 < p->len && p->s[p->pos] == '\\' && p->s[p->pos + 1] == '\n') {
			p->pos += 2; /* line continuation */
			p->line++;
			continue;
		}
		if (p->pos < p->len && p->s[p->pos] == '#') {
			while (p->pos < p->len && p->s[p->pos] != '\n')
				p->pos++;
			continue;
		}
		break;
	}
	p->tline = p->line;
	if (p->pos >= p->len) {
		p->t = T_EOF;
		return PB_OK;
	}
	char c = p->s[p->pos];
	if (c == '\n' || c == ';') {
		if (c == '\n')
			p->line++;
		p->pos++;
		p->t = T_SEP;
		return PB_OK;
	}
	if ((c == '{' || c == '}') && (p->pos + 1 >= p->len || ends_word(p->s[p->pos + 1]))) {
		p->pos++;
		p->t = c == '{' ? T_LBRACE : T_RBRACE;
		return PB_OK;
	}
	size_t start = p->pos;
	uint32_t start_line = p->line;
	while (p->pos < p->len && !ends_word(p->s[p->pos])) {
		c = p->s[p->pos];
		if (c == '\\') {
			if (p->pos + 1 < p->len && p->s[p->pos + 1] == '\n')
				p->line++;
			p->pos += 2;
		} else if (c == '\'' || c == '"') {
			char q = c;
			p->pos++;
			while (p->pos < p->len && p->s[p->pos] != q) {
				if (q == '"' && p->s[p->pos] == '\\')
					p->pos++;
				if (p->pos < p->len && p->s[p->pos] == '\n')
					p->line++;
				p->pos++;
			}
			if (p->pos >= p->len)
				return pb_error(PB_ERR_CORRUPT, "%s:%u: unterminated %s quote", p->name,
						start_line, q == '"' ? "double" : "single");
			p->pos++;
		} else if (c == '$' && p->pos + 1 < p->len && p->s[p->pos + 1] == '{') {
			/* ${name}: its '}' belongs to the word, not to a block. */
			while (p->pos < p->len && p->s[p->pos] != '}' && p->s[p->pos] != '\n')
				p->pos++;
			if (p->pos < p->len && p->s[p->pos] == '}')
				p->pos++;
		} else if (c == '}' && p->pos > start) {
			/* "word}" at the end of a block, as in: { echo hi;} */
			break;
		} else {
			p->pos++;
		}
	}
	if (p->pos > p->len)
		p->pos = p->len;
	if (p->pos - start > 65535)
		return pb_error(PB_ERR_LIMIT, "%s:%u: word longer than 64 KiB", p->name, start_line);
	p->t = T_WORD;
	p->w.s = p->s + start;
	p->w.len = (uint32_t)(p->pos - start);
	return PB_OK;
}

static bool word_is(const struct gword *w, const char *kw)
{
	size_t n = strlen(kw);
	return w->len == n && memcmp(w->s, kw, n) == 0;
}

static bool at_keyword(const struct parser *p, const char *kw)
{
	return p->t == T_WORD && word_is(&p->w, kw);
}

static int skip_seps(struct parser *p)
{
	int rc = PB_OK;
	while (rc == PB_OK && p->t == T_SEP)
		rc = lex(p);
	return rc;
}

static int new_node(struct parser *p, enum gnode_kind k, struct gnode **out)
{
	if (++p->nodes > GRUBCFG_MAX_NODES)
		return pb_error(PB_ERR_LIMIT, "%s:%u: more than %d commands", p->name, p->tline, GRUBCFG_MAX_NODES);
	struct gnode *n = calloc(1, sizeof(*n));
	if (!n)
		return pb_error(PB_ERR_NOMEM, "%s: out of memory", p->name);
	n->kind = k;
	n->line = p->tline;
	*out = n;
	return PB_OK;
}

static int push_word(struct parser *p, struct gnode *n)
{
	if (n->nw >= GRUBCFG_MAX_WORDS)
		return pb_error(PB_ERR_LIMIT, "%s:%u: more than %d words in a command", p->name, p->tline,
				GRUBCFG_MAX_WORDS);
	if (n->nw == n->cap) {
		uint32_t cap = n->cap ? n->cap * 2 : 8;
		struct gword *w = realloc(n->w, cap * sizeof(*w));
		if (!w)
			return pb_error(PB_ERR_NOMEM, "%s: out of memory", p->name);
		n->w = w;
		n->cap = cap;
	}
	n->w[n->nw++] = p->w;
	return lex(p);
}

static int parse_list(struct parser *p, const char *const *stop, struct gnode **out);

static int expect_kw(struct parser *p, const char *kw)
{
	int rc = skip_seps(p);
	if (rc)
		return rc;
	if (!at_keyword(p, kw))
		return pb_error(PB_ERR_CORRUPT, "%s:%u: expected '%s'", p->name, p->tline, kw);
	return lex(p);
}

static int parse_block(struct parser *p, struct gnode **body)
{
	static const char *const none[] = { NULL };
	int rc = skip_seps(p);
	if (rc)
		return rc;
	if (p->t != T_LBRACE)
		return pb_error(PB_ERR_CORRUPT, "%s:%u: expected '{'", p->name, p->tline);
	if ((rc = lex(p)) || (rc = parse_list(p, none, body)))
		return rc;
	if (p->t != T_RBRACE)
		return pb_error(PB_ERR_CORRUPT, "%s:%u: missing '}'", p->name, p->tline);
	return lex(p);
}

static int parse_if(struct parser *p, struct gnode *n)
{
	static const char *const to_then[] = { "then", NULL };
	static const char *const to_else[] = { "elif", "else", "fi", NULL };
	static const char *const to_fi[] = { "fi", NULL };
	int rc;

	if ((rc = lex(p)) || (rc = parse_list(p, to_then, &n->cond)) || (rc = expect_kw(p, "then")) ||
	    (rc = parse_list(p, to_else, &n->body)))
		return rc;
	if (at_keyword(p, "elif")) {
		if ((rc = new_node(p, G_IF, &n->els)))
			return rc;
		/* elif recurses: count it against the nesting bound too. */
		if (++p->depth > GRUBCFG_MAX_DEPTH)
			return pb_error(PB_ERR_LIMIT, "%s:%u: more than %d elif branches", p->name,
					p->tline, GRUBCFG_MAX_DEPTH);
		rc = parse_if(p, n->els); /* consumes through the shared "fi" */
		p->depth--;
		return rc;
	}
	if (at_keyword(p, "else") && ((rc = lex(p)) || (rc = parse_list(p, to_fi, &n->els))))
		return rc;
	return expect_kw(p, "fi");
}

static int parse_command(struct parser *p, struct gnode **out)
{
	static const char *const to_do[] = { "do", NULL };
	static const char *const to_done[] = { "done", NULL };
	struct gnode *n;
	int rc;

	if (p->t == T_WORD && at_keyword(p, "if")) {
		if ((rc = new_node(p, G_IF, &n)))
			return rc;
		*out = n;
		return parse_if(p, n);
	}
	if (at_keyword(p, "while") || at_keyword(p, "until")) {
		if ((rc = new_node(p, G_WHILE, &n)))
			return rc;
		*out = n;
		n->until = at_keyword(p, "until");
		if ((rc = lex(p)) || (rc = parse_list(p, to_do, &n->cond)) || (rc = expect_kw(p, "do")) ||
		    (rc = parse_list(p, to_done, &n->body)))
			return rc;
		return expect_kw(p, "done");
	}
	if (at_keyword(p, "for")) {
		if ((rc = new_node(p, G_FOR, &n)))
			return rc;
		*out = n;
		if ((rc = lex(p)))
			return rc;
		if (p->t != T_WORD)
			return pb_error(PB_ERR_CORRUPT, "%s:%u: 'for' without a variable", p->name, p->tline);
		if ((rc = push_word(p, n)))
			return rc;
		if (!at_keyword(p, "in"))
			return pb_error(PB_ERR_CORRUPT, "%s:%u: expected 'in'", p->name, p->tline);
		if ((rc = lex(p)))
			return rc;
		while (p->t == T_WORD)
			if ((rc = push_word(p, n)))
				return rc;
		if ((rc = expect_kw(p, "do")) || (rc = parse_list(p, to_done, &n->body)))
			return rc;
		return expect_kw(p, "done");
	}
	if (at_keyword(p, "function")) {
		if ((rc = new_node(p, G_FUNC, &n)))
			return rc;
		*out = n;
		if ((rc = lex(p)))
			return rc;
		if (p->t != T_WORD)
			return pb_error(PB_ERR_CORRUPT, "%s:%u: 'function' without a name", p->name, p->tline);
		if ((rc = push_word(p, n)))
			return rc;
		return parse_block(p, &n->body);
	}
	bool menu = at_keyword(p, "menuentry") || at_keyword(p, "submenu");
	if ((rc = new_node(p, menu ? G_MENU : G_CMD, &n)))
		return rc;
	*out = n;
	while (p->t == T_WORD)
		if ((rc = push_word(p, n)))
			return rc;
	if (menu)
		return parse_block(p, &n->body);
	if (p->t == T_LBRACE)
		return pb_error(PB_ERR_CORRUPT, "%s:%u: unexpected '{'", p->name, p->tline);
	return PB_OK;
}

static bool at_stop(const struct parser *p, const char *const *stop)
{
	for (; *stop; stop++)
		if (at_keyword(p, *stop))
			return true;
	return false;
}

static int parse_list(struct parser *p, const char *const *stop, struct gnode **out)
{
	struct gnode **tail = out;
	int rc;

	*out = NULL;
	if (++p->depth > GRUBCFG_MAX_DEPTH)
		return pb_error(PB_ERR_LIMIT, "%s:%u: blocks nested deeper than %d", p->name, p->tline,
				GRUBCFG_MAX_DEPTH);
	for (;;) {
		if ((rc = skip_seps(p)))
			return rc;
		if (p->t == T_EOF || p->t == T_RBRACE || at_stop(p, stop))
			break;
		if (p->t == T_LBRACE)
			return pb_error(PB_ERR_CORRUPT, "%s:%u: unexpected '{'", p->name, p->tline);
		if ((rc = parse_command(p, tail)))
			return rc;
		tail = &(*tail)->next;
	}
	p->depth--;
	return PB_OK;
}

int grubcfg_parse(const char *buf, size_t len, const char *name, struct gnode **out)
{
	static const char *const none[] = { NULL };
	struct parser p = { .s = buf, .len = len, .line = 1, .name = name };
	int rc;

	*out = NULL;
	rc = lex(&p);
	if (rc == PB_OK)
		rc = parse_list(&p, none, out);
	if (rc == PB_OK && p.t != T_EOF)
		rc = pb_error(PB_ERR_CORRUPT, "%s:%u: unexpected %s", name, p.tline,
			      p.t == T_RBRACE ? "'}'" : "keyword");
	if (rc) {
		grubcfg_free(*out);
		*out = NULL;
	}
	return rc;
}

void grubcfg_free(struct gnode *n)
{
	while (n) {
		struct gnode *next = n->next;
		grubcfg_free(n->cond);
		grubcfg_free(n->body);
		grubcfg_free(n->els);
		free(n->w);
		free(n);
		n = next;
	}
}
