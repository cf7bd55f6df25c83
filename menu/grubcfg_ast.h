/* grub.cfg: the syntax tree the parser builds and the evaluator walks.
 * Words keep their raw source text (quotes, escapes and $variables
 * included): GRUB expands them when the command runs, not when it is read. */
#ifndef PVBOOT_MENU_GRUBCFG_AST_H
#define PVBOOT_MENU_GRUBCFG_AST_H

#include "loader/lib/libc.h"

#define GRUBCFG_MAX_DEPTH 32     /* nesting of blocks in one file */
#define GRUBCFG_MAX_NODES 50000  /* commands in one file */
#define GRUBCFG_MAX_WORDS 256    /* words in one command */

struct gword {
	const char *s; /* into the source buffer, which outlives the tree */
	uint32_t len;
};

enum gnode_kind { G_CMD = 1, G_IF, G_FOR, G_WHILE, G_FUNC, G_MENU };

struct gnode {
	enum gnode_kind kind;
	uint32_t line;
	struct gword *w; /* command words; if/while: none; for: var + list;
			  * function: name; menuentry/submenu: all words */
	uint32_t nw, cap;
	struct gnode *cond;  /* if/while condition list */
	struct gnode *body;  /* then / loop / function / entry body */
	struct gnode *els;   /* else list (an elif is an G_IF node here) */
	struct gnode *next;  /* next command in the list */
	bool until;          /* while vs until */
};

/* Parse buf[0, len) (NUL not required).  name is used in messages.
 * Errors carry "name:line: ...". */
int grubcfg_parse(const char *buf, size_t len, const char *name, struct gnode **out);
void grubcfg_free(struct gnode *n);

#endif
