/* grub.cfg evaluator: state shared by its files (internal). */
#ifndef PVBOOT_MENU_GRUBCFG_CTX_H
#define PVBOOT_MENU_GRUBCFG_CTX_H

#include "menu/grubcfg.h"
#include "menu/grubcfg_ast.h"

#define GVARS_MAX 256
#define GVAR_NAME_MAX 64
#define GVAL_MAX 8192       /* one expanded word / variable value */
#define GFUNCS_MAX 128
#define GSOURCES_MAX 16     /* files kept alive (source/configfile) */
#define GCALL_DEPTH_MAX 32  /* function calls + sourced files */
#define GSTEPS_MAX 200000   /* commands executed: bounds every loop */
#define GSUB_DEPTH_MAX 8

struct gvar {
	char name[GVAR_NAME_MAX];
	char *val;
};

struct gargv {
	int n;
	char *v[GRUBCFG_MAX_WORDS];
};

/* One btrfs-mount-subvol: paths under dir are looked up in the subvolume
 * (its path from the top level, as the io's btrfs_subvol gives it). */
#define GMOUNTS_MAX 16
struct gmount {
	char dir[MENU_PATH_MAX];
	char subvol[MENU_PATH_MAX];
};

struct gctx {
	const struct menu_io *io;  /* &shim: base with btrfs paths mapped */
	const struct menu_io *base;
	struct menu_io shim;
	struct gmount mounts[GMOUNTS_MAX];
	int nmounts;
	struct menu *m;
	struct gvar vars[GVARS_MAX];
	int nvars;
	struct { char name[GVAR_NAME_MAX]; const struct gnode *body; } funcs[GFUNCS_MAX];
	int nfuncs;
	struct gargv *pos; /* positional parameters of the running function */
	struct gnode *trees[GSOURCES_MAX];
	char *srcs[GSOURCES_MAX];
	int nsrc;
	int depth;
	uint64_t steps;
	const char *file;  /* current file, for messages */
	uint32_t line;
	/* submenu nesting while defining entries */
	int sub_depth;
	int item[GSUB_DEPTH_MAX + 1]; /* next item number at each level */
	char sub_title[MENU_PATH_MAX], sub_id[MENU_PATH_MAX];
	struct menu_entry *cur; /* entry whose body is being evaluated */
	struct gargv *entry_args; /* menuentry's title and extra words: $1, $2... */
	bool entry_menu;       /* cur's body ran configfile: it became a submenu */
	int status;            /* $? of the last command */
	bool brk, ret;
	bool transient;        /* running a script freed afterwards (BLS entry) */
	char warned[1024];     /* unknown command names already reported */
};

/* grubcfg_vars.c */
const char *gvar_get(struct gctx *c, const char *name);
int gvar_set(struct gctx *c, const char *name, const char *val);
void gvar_unset(struct gctx *c, const char *name);
/* Snapshot/restore all variables (entry bodies must not leak into the
 * script, as GRUB runs them only when the entry is chosen). */
int gvar_save(struct gctx *c, struct gvar **saved, int *n);
void gvar_restore(struct gctx *c, struct gvar *saved, int n);
void gvar_free_all(struct gctx *c);
/* Expand each word ($vars, quotes, escapes; unquoted expansions split). */
int gx_expand(struct gctx *c, const struct gword *w, uint32_t nw, struct gargv *out);
void gargv_free(struct gargv *a);

/* grubcfg_test.c: `[ ... ]` and `test ...`; returns true/false. */
int gtest_eval(struct gctx *c, int argc, char **argv, bool *result);

/* grubcfg_eval.c */
int geval_list(struct gctx *c, const struct gnode *n);
int geval_file(struct gctx *c, const char *spec, bool replace_menu);
int geval_entry_menu(struct gctx *c, const char *spec);
/* Add a menu entry at the current submenu level and run its body (against
 * a copy of the variables); *out (may be NULL) is the entry. */
int geval_entry(struct gctx *c, const char *title, const char *id, const char *origin, const struct gnode *body,
		struct menu_entry **out);
/* Split "(dev)/path" into dev and path (dev "" = current root). */
void gpath_split(struct gctx *c, const char *spec, char *dev, size_t devsz, const char **path);
void gwarn_once(struct gctx *c, const char *what);

/* grubcfg_cmds.c */
int gcmd_run(struct gctx *c, int argc, char **argv);

/* grubcfg_btrfs.c: SUSE's btrfs path rules (btrfs_relative_path,
 * btrfs_subvol, btrfs_subvolid, btrfs-mount-subvol). */
void gbtrfs_init(struct gctx *c, const struct menu_io *base);
/* The path GRUB would open for path on dev, from the top level. */
int gbtrfs_map(struct gctx *c, const char *dev, const char *path, char *out, size_t size);
int gcmd_btrfs_mount_subvol(struct gctx *c, int argc, char **argv);
int gcmd_btrfs_default_subvol(struct gctx *c, int argc, char **argv);

/* grubcfg_bls.c: the blscfg command. */
int gcmd_blscfg(struct gctx *c, int argc, char **argv);

#endif
