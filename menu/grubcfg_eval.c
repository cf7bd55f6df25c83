/* grub.cfg evaluator: walking the tree, menu entries, functions, sourced
 * files, and the final menu settings (timeout, default).  Every command
 * costs one step and calls/sources nest at most GCALL_DEPTH_MAX deep, so
 * loops and recursion in a hostile file end with an error, not a hang. */
#include "menu/grubcfg_ctx.h"
#include "menu/select.h"
#include "loader/lib/err.h"



void gwarn_once(struct gctx *c, const char *what)
{
	size_t n = strlen(what), used = strlen(c->warned);
	char key[72];

	pb_snprintf(key, sizeof(key), "|%s|", what);
	if (strstr(c->warned, key))
		return;
	if (used + n + 2 < sizeof(c->warned))
		pb_snprintf(c->warned + used, sizeof(c->warned) - used, "|%s|", what);
	menu_warn(c->m, "%s:%u: unknown command '%s', skipped", c->file, c->line, what);
}

void gpath_split(struct gctx *c, const char *spec, char *dev, size_t devsz, const char **path)
{
	const char *root = gvar_get(c, "root");

	*path = spec;
	if (spec[0] == '(') {
		const char *close = strchr(spec, ')');
		if (close) {
			size_t n = (size_t)(close - spec - 1);
			if (n >= devsz)
				n = devsz - 1;
			memcpy(dev, spec + 1, n);
			dev[n] = '\0';
			*path = close + 1;
			if (!**path)
				*path = "/";
			return;
		}
	}
	pb_strlcpy(dev, root ? root : "", devsz);
}

static const struct gnode *find_func(struct gctx *c, const char *name)
{
	for (int i = 0; i < c->nfuncs; i++)
		if (!strcmp(c->funcs[i].name, name))
			return c->funcs[i].body;
	return NULL;
}

/* function NAME { ... }: a later definition replaces an earlier one. */
static int define_func(struct gctx *c, const struct gnode *n)
{
	char name[GVAR_NAME_MAX];
	size_t len = PB_MIN((size_t)n->w[0].len, sizeof(name) - 1);
	int i;

	/* A script freed once run (a BLS entry's) may not leave a body behind. */
	if (c->transient) {
		menu_warn(c->m, "%s:%u: function defined inside a BLS entry, ignored", c->file, n->line);
		return PB_OK;
	}
	memcpy(name, n->w[0].s, len);
	name[len] = '\0';
	for (i = 0; i < c->nfuncs && strcmp(c->funcs[i].name, name); i++)
		;
	if (i == GFUNCS_MAX)
		return pb_error(PB_ERR_LIMIT, "%s:%u: more than %d functions", c->file, n->line, GFUNCS_MAX);
	if (i == c->nfuncs)
		c->nfuncs++;
	pb_strlcpy(c->funcs[i].name, name, GVAR_NAME_MAX);
	c->funcs[i].body = n->body;
	return PB_OK;
}

static int call_func(struct gctx *c, const struct gnode *body, int argc, char **argv)
{
	struct gargv *args, *saved = c->pos;
	int rc;

	if (++c->depth > GCALL_DEPTH_MAX) {
		c->depth--;
		return pb_error(PB_ERR_LOOP, "%s:%u: function calls nested deeper than %d", c->file,
				c->line, GCALL_DEPTH_MAX);
	}
	args = calloc(1, sizeof(*args)); /* on the heap: the body's frames nest under this one */
	if (!args) {
		c->depth--;
		return pb_error(PB_ERR_NOMEM, "out of memory");
	}
	args->n = argc - 1;
	for (int i = 1; i < argc; i++)
		args->v[i - 1] = argv[i]; /* borrowed, not freed here */
	c->pos = args;
	rc = geval_list(c, body);
	c->pos = saved;
	c->ret = false;
	c->depth--;
	free(args);
	return rc;
}

/* menuentry / submenu: options, title, then the body. */
static int eval_menu(struct gctx *c, const struct gnode *n)
{
	/* The words on the heap: a menuentry's frame stays live while its body
	 * runs, and SUSE's snapshot menus nest a dozen levels deep. */
	struct { struct gargv a, args; } *w = calloc(1, sizeof(*w));
	const char *title = NULL, *id = "";
	bool sub;
	int rc = w ? gx_expand(c, n->w, n->nw, &w->a) : pb_error(PB_ERR_NOMEM, "out of memory");

	if (rc) {
		free(w);
		return rc;
	}
	sub = !strcmp(w->a.v[0], "submenu");
	for (int i = 1; i < w->a.n; i++) {
		if (!strcmp(w->a.v[i], "--id") && i + 1 < w->a.n)
			id = w->a.v[++i];
		else if ((!strcmp(w->a.v[i], "--class") || !strcmp(w->a.v[i], "--users") ||
			  !strcmp(w->a.v[i], "--hotkey") || !strcmp(w->a.v[i], "--source")) && i + 1 < w->a.n)
			i++;
		else if (!strncmp(w->a.v[i], "--", 2))
			continue; /* --unrestricted and friends */
		else {
			if (!title)
				title = w->a.v[i];
			w->args.v[w->args.n++] = w->a.v[i];
		}
	}
	if (!title) {
		gargv_free(&w->a);
		free(w);
		menu_warn(c->m, "%s:%u: %s without a title, skipped", c->file, n->line, sub ? "submenu" : "menuentry");
		return PB_OK;
	}
	if (c->cur) {
		gargv_free(&w->a);
		free(w);
		menu_warn(c->m, "%s:%u: menu entry inside a menu entry, skipped", c->file, n->line);
		return PB_OK;
	}
	if (sub) {
		uint32_t level = (uint32_t)c->sub_depth;
		size_t tl = strlen(c->sub_title), il = strlen(c->sub_id);
		if (c->sub_depth >= GSUB_DEPTH_MAX || c->sub_depth >= MENU_MAX_DEPTH) {
			gargv_free(&w->a);
			free(w);
			return pb_error(PB_ERR_LIMIT, "%s:%u: submenus nested deeper than %d", c->file, n->line,
					MENU_MAX_DEPTH);
		}
		pb_snprintf(c->sub_title + tl, sizeof(c->sub_title) - tl, "%s%s", tl ? ">" : "", title);
		pb_snprintf(c->sub_id + il, sizeof(c->sub_id) - il, "%s%s", il ? ">" : "", id);
		c->item[c->sub_depth + 1] = 0;
		c->sub_depth++;
		/* The submenu's entries are defined now (GRUB runs its body when
		 * opened, but grub-mkconfig's bodies only define entries). */
		rc = geval_list(c, n->body);
		c->sub_depth--;
		c->sub_title[tl] = '\0';
		c->sub_id[il] = '\0';
		c->item[level]++;
		gargv_free(&w->a);
		free(w);
		return rc;
	}
	char origin[MENU_PATH_MAX];
	pb_snprintf(origin, sizeof(origin), "%s:%u", c->file, n->line);
	c->entry_args = &w->args;
	rc = geval_entry(c, title, id, origin, n->body, NULL);
	c->entry_args = NULL;
	gargv_free(&w->a);
	free(w);
	return rc;
}

int geval_entry(struct gctx *c, const char *title, const char *id, const char *origin, const struct gnode *body,
		struct menu_entry **out)
{
	uint32_t level = (uint32_t)c->sub_depth;
	struct menu_entry *e;
	int rc;

	if ((rc = menu_add(c->m, &e)))
		return rc;
	e->kind = MENU_LINUX;
	e->source = MENU_SRC_GRUBCFG;
	pb_strlcpy(e->title, title, sizeof(e->title));
	pb_strlcpy(e->id, id, sizeof(e->id));
	pb_strlcpy(e->submenu, c->sub_title, sizeof(e->submenu));
	pb_strlcpy(e->submenu_id, c->sub_id, sizeof(e->submenu_id));
	pb_strlcpy(e->origin, origin, sizeof(e->origin));
	e->depth = level;
	for (uint32_t l = 0; l <= level; l++)
		e->item[l] = (uint32_t)c->item[l];
	c->item[level]++;
	if (out)
		*out = e;

	/* The body runs against a copy of the variables, as at boot time. */
	struct gvar *saved;
	int nsaved;
	if ((rc = gvar_save(c, &saved, &nsaved)))
		return rc;
	const char *root = gvar_get(c, "root");
	pb_strlcpy(e->root, root ? root : "", sizeof(e->root));
	int nmounts = c->nmounts; /* btrfs-mount-subvol in the body stays in it */
	struct gargv *pos = c->pos;
	if (c->entry_args)
		c->pos = c->entry_args;
	c->entry_args = NULL;
	c->cur = e;
	c->entry_menu = false;
	rc = geval_list(c, body);
	c->cur = NULL;
	c->pos = pos;
	c->ret = c->brk = false;
	gvar_restore(c, saved, nsaved);
	c->nmounts = nmounts;
	if (c->entry_menu) {
		c->entry_menu = false; /* e became a submenu: its slot holds others now */
		if (out)
			*out = NULL;
		return rc;
	}
	if (rc == PB_OK && !e->kernel[0] && e->kind == MENU_LINUX)
		menu_warn(c->m, "%s: entry '%s' loads no kernel", origin, e->title);
	return rc;
}

static int eval_cmd(struct gctx *c, const struct gnode *n)
{
	struct gargv *a = calloc(1, sizeof(*a)); /* on the heap: source/configfile recurse under it */
	int rc = a ? gx_expand(c, n->w, n->nw, a) : pb_error(PB_ERR_NOMEM, "out of memory");

	if (rc || a->n == 0) {
		free(a);
		return rc;
	}
	/* NAME=VALUE as a command of its own is an assignment. */
	char *eq = strchr(a->v[0], '=');
	if (eq && eq != a->v[0] && a->n == 1 && n->w[0].s[0] != '"' && n->w[0].s[0] != '\'') {
		*eq = '\0';
		rc = gvar_set(c, a->v[0], eq + 1);
		gargv_free(a);
		free(a);
		c->status = rc ? 1 : 0;
		return rc;
	}
	/* "! cmd": run cmd, invert its status. */
	int skip = !strcmp(a->v[0], "!") && a->n > 1 ? 1 : 0;
	const struct gnode *f = find_func(c, a->v[skip]);
	/* grub-mkconfig's own `function savedefault` saves ${chosen}, which
	 * only exists once an entry is chosen: inside an entry, the builtin
	 * marks the entry instead, and the loader saves it if it boots. */
	if (f && c->cur && !strcmp(a->v[skip], "savedefault"))
		f = NULL;
	if (f)
		rc = call_func(c, f, a->n - skip, a->v + skip);
	else
		rc = gcmd_run(c, a->n - skip, a->v + skip);
	if (skip)
		c->status = !c->status;
	gargv_free(a);
	free(a);
	return rc;
}

int geval_list(struct gctx *c, const struct gnode *n)
{
	int rc = PB_OK;

	for (; n && rc == PB_OK && !c->brk && !c->ret; n = n->next) {
		if (++c->steps > GSTEPS_MAX)
			return pb_error(PB_ERR_LIMIT, "%s:%u: more than %d commands executed (endless loop?)",
					c->file, n->line, GSTEPS_MAX);
		c->line = n->line;
		switch (n->kind) {
		case G_CMD:
			rc = eval_cmd(c, n);
			break;
		case G_MENU:
			rc = eval_menu(c, n);
			break;
		case G_FUNC:
			rc = define_func(c, n);
			break;
		case G_IF:
			rc = geval_list(c, n->cond);
			if (rc == PB_OK && !c->ret)
				rc = geval_list(c, c->status == 0 ? n->body : n->els);
			break;
		case G_WHILE:
			for (;;) {
				rc = geval_list(c, n->cond);
				if (rc || c->ret || (c->status == 0) == n->until)
					break;
				rc = geval_list(c, n->body);
				if (rc || c->ret || c->brk)
					break;
			}
			c->brk = false;
			break;
		case G_FOR: {
			struct gargv *items = calloc(1, sizeof(*items)); /* off this recursive frame */
			char var[GVAR_NAME_MAX];
			size_t len = PB_MIN((size_t)n->w[0].len, sizeof(var) - 1);
			memcpy(var, n->w[0].s, len);
			var[len] = '\0';
			rc = items ? gx_expand(c, n->w + 1, n->nw - 1, items) : pb_error(PB_ERR_NOMEM, "out of memory");
			for (int i = 0; rc == PB_OK && i < items->n && !c->brk && !c->ret; i++) {
				rc = gvar_set(c, var, items->v[i]);
				if (rc == PB_OK)
					rc = geval_list(c, n->body);
			}
			c->brk = false;
			if (items)
				gargv_free(items);
			free(items);
			break;
		}
		}
	}
	return rc;
}

/* Keep a parsed file alive: function bodies point into it. */
static int eval_source(struct gctx *c, const char *name, char *buf, size_t len)
{
	struct gnode *tree;
	const char *saved_file = c->file;
	int rc;

	if (c->nsrc >= GSOURCES_MAX) {
		free(buf);
		return pb_error(PB_ERR_LIMIT, "%s: more than %d configuration files (a source loop?)", name,
				GSOURCES_MAX);
	}
	rc = grubcfg_parse(buf, len, name, &tree);
	if (rc) {
		free(buf);
		return rc;
	}
	c->srcs[c->nsrc] = buf;
	c->trees[c->nsrc++] = tree;
	c->file = name;
	rc = geval_list(c, tree);
	c->ret = false;
	c->file = saved_file;
	return rc;
}

/* configfile in an entry's body: GRUB shows that file's menu when the
 * entry is chosen (the snapper plugin's snapshot entries load the
 * snapshot's own grub.cfg so).  Here the entry becomes a submenu, titled
 * as the entry, of that file's entries, evaluated now with the entry's
 * variables; the rest of the body is not run (GRUB runs it only after
 * that menu is left). */
int geval_entry_menu(struct gctx *c, const char *spec)
{
	struct menu_entry *e = c->cur;
	uint32_t level = (uint32_t)c->sub_depth;
	size_t tl = strlen(c->sub_title), il = strlen(c->sub_id);
	char title[MENU_TITLE_MAX], id[MENU_ID_MAX];
	int rc;

	if (c->sub_depth >= GSUB_DEPTH_MAX || c->sub_depth >= MENU_MAX_DEPTH)
		return pb_error(PB_ERR_LIMIT, "%s:%u: submenus nested deeper than %d", c->file, c->line,
				MENU_MAX_DEPTH);
	if (!c->m->count || e != &c->m->entries[c->m->count - 1])
		return geval_file(c, spec, false); /* the body added entries (blscfg): keep them all */
	pb_strlcpy(title, e->title, sizeof(title));
	pb_strlcpy(id, e->id, sizeof(id));
	c->m->count--; /* e is the last entry: nothing is added while its body runs */
	pb_snprintf(c->sub_title + tl, sizeof(c->sub_title) - tl, "%s%s", tl ? ">" : "", title);
	pb_snprintf(c->sub_id + il, sizeof(c->sub_id) - il, "%s%s", il ? ">" : "", id);
	c->item[level]--; /* the submenu keeps the entry's number */
	c->item[level + 1] = 0;
	c->sub_depth++;
	c->cur = NULL;
	rc = geval_file(c, spec, false);
	c->sub_depth--;
	c->sub_title[tl] = '\0';
	c->sub_id[il] = '\0';
	c->item[level]++;
	c->entry_menu = true;
	c->ret = true;
	return rc;
}

int geval_file(struct gctx *c, const char *spec, bool replace_menu)
{
	char dev[MENU_DEV_MAX];
	const char *path;
	char *buf;
	size_t len;
	int rc;

	if (++c->depth > GCALL_DEPTH_MAX) {
		c->depth--;
		return pb_error(PB_ERR_LOOP, "%s:%u: source/configfile nested deeper than %d", c->file,
				c->line, GCALL_DEPTH_MAX);
	}
	gpath_split(c, spec, dev, sizeof(dev), &path);
	rc = c->io->read_file ? c->io->read_file(c->io->ctx, dev, path, GRUBCFG_FILE_MAX, &buf, &len)
			      : pb_error(PB_ERR_NOTFOUND, "%s: no file access", spec);
	if (rc == PB_OK) {
		if (replace_menu)
			c->m->count = 0; /* configfile: a new menu replaces this one */
		rc = eval_source(c, path, buf, len);
	}
	c->depth--;
	return rc;
}

static void set_defaults(struct gctx *c, const char *dev, const char *path)
{
	char prefix[MENU_PATH_MAX];
	const char *slash = strrchr(path, '/');
	int dir = slash ? (int)(slash - path) : 0;

	pb_snprintf(prefix, sizeof(prefix), "(%s)%.*s", dev, dir, path);
	gvar_set(c, "root", dev);
	gvar_set(c, "prefix", prefix);
	gvar_set(c, "cmdpath", prefix);
	/* Where save_env and savedefault write unless told otherwise. */
	pb_strlcpy(c->m->env_dev, dev, sizeof(c->m->env_dev));
	pb_snprintf(c->m->env_path, sizeof(c->m->env_path), "%.*s/grubenv", dir, path);
	gvar_set(c, "grub_platform", "xen");
	gvar_set(c, "grub_cpu", "x86_64");
	static const char *const features[] = {
		"feature_menuentry_id", "feature_menuentry_options", "feature_all_video_module",
		"feature_platform_search_hint", "feature_default_font_path", "feature_timeout_style",
		"feature_200_final", "feature_nativedisk_cmd",
	};
	for (size_t i = 0; i < PB_ARRAY_SIZE(features); i++)
		gvar_set(c, features[i], "y");
}

static void finish_menu(struct gctx *c)
{
	const char *t = gvar_get(c, "timeout"), *style = gvar_get(c, "timeout_style");
	uint64_t v;

	c->m->timeout = -1;
	if (t && *t && pb_parse_u64(t, strlen(t), 10, &v) == PB_OK)
		c->m->timeout = v > 86400 ? 86400 : (int)v;
	else if (t && *t)
		menu_warn(c->m, "timeout '%s' is not a number: waiting for a key", t);
	if (style && !strcmp(style, "hidden"))
		c->m->timeout_style = TIMEOUT_HIDDEN;
	else if (style && !strcmp(style, "countdown"))
		c->m->timeout_style = TIMEOUT_COUNTDOWN;
	menu_select_default(c->m, gvar_get(c, "default"), "default");
	menu_select_fallback(c->m, gvar_get(c, "fallback"));
	const char *once = gvar_get(c, "boot_once");
	c->m->boot_once = once && *once;
}

int grubcfg_eval_buffer(const struct menu_io *io, const char *dev, const char *path, const struct grubcfg_vars *vars,
			const char *buf, size_t len, struct menu *m)
{
	struct gctx *c = calloc(1, sizeof(*c));
	char *copy;
	int rc;

	if (!c || !(copy = malloc(len + 1))) {
		free(c);
		return pb_error(PB_ERR_NOMEM, "grub.cfg: out of memory");
	}
	memcpy(copy, buf, len);
	copy[len] = '\0';
	gbtrfs_init(c, io);
	c->m = m;
	c->file = path;
	pb_strlcpy(m->config_dev, dev, sizeof(m->config_dev));
	pb_strlcpy(m->config_path, path, sizeof(m->config_path));
	set_defaults(c, dev, path);
	for (uint32_t i = 0; vars && i < vars->count; i++)
		gvar_set(c, vars->name[i], vars->value[i]);
	rc = eval_source(c, path, copy, len);
	if (rc == PB_OK || m->count)
		finish_menu(c);
	if (rc && m->count) {
		/* Keep what was defined before the error, and say where it stopped. */
		menu_warn(m, "%s", pb_errmsg());
		rc = PB_OK;
	}
	for (int i = 0; i < c->nsrc; i++) {
		grubcfg_free(c->trees[i]);
		free(c->srcs[i]);
	}
	gvar_free_all(c);
	free(c);
	return rc;
}

int grubcfg_load(const struct menu_io *io, const char *dev, const char *path, const struct grubcfg_vars *vars,
		 struct menu *m)
{
	char *buf;
	size_t len;
	int rc = io->read_file(io->ctx, dev, path, GRUBCFG_FILE_MAX, &buf, &len);

	if (rc)
		return rc;
	rc = grubcfg_eval_buffer(io, dev, path, vars, buf, len, m);
	free(buf);
	return rc;
}
