/* An in-memory menu_io for the BLS tests: a table of files (with their
 * directories), one writable grubenv block, and eval() of a grub.cfg over
 * them.  Included by test_bls_menu.c and test_bls_env.c. */
#ifndef PVBOOT_TESTS_UNIT_BLS_MEMIO_H
#define PVBOOT_TESTS_UNIT_BLS_MEMIO_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "loader/lib/err.h"
#include "menu/bls.h"
#include "menu/bls_menu.h"
#include "menu/env_update.h"
#include "menu/grubcfg.h"
#include "menu/grubenv.h"

struct memfile {
	const char *path, *data;
};
static const struct memfile *files;
static char env_block[GRUBENV_SIZE + 1]; /* /grub2/grubenv (or /boot/grub/grubenv), writable */
static const char *env_at;
static int writes;

static int mem_read(void *ctx, const char *dev, const char *path, size_t max, char **buf, size_t *len)
{
	(void)ctx;
	(void)dev;
	if (env_at && !strcmp(path, env_at)) {
		*buf = malloc(GRUBENV_SIZE + 1);
		memcpy(*buf, env_block, GRUBENV_SIZE + 1);
		*len = GRUBENV_SIZE;
		return PB_OK;
	}
	for (const struct memfile *f = files; f && f->path; f++)
		if (!strcmp(f->path, path)) {
			*len = strlen(f->data);
			if (*len > max)
				return pb_error(PB_ERR_LIMIT, "%s: too big", path);
			*buf = strdup(f->data);
			return PB_OK;
		}
	return pb_error(PB_ERR_NOTFOUND, "%s: not found", path);
}

static int mem_stat(void *ctx, const char *dev, const char *path, bool *is_dir, uint64_t *size)
{
	size_t n = strlen(path);
	char *b;
	size_t l;

	for (const struct memfile *f = files; f && f->path; f++)
		if (!strncmp(f->path, path, n) && f->path[n] == '/') {
			*is_dir = true;
			*size = 0;
			return PB_OK;
		}
	if (mem_read(ctx, dev, path, 1 << 20, &b, &l))
		return PB_ERR_NOTFOUND;
	free(b);
	*is_dir = false;
	*size = l;
	return PB_OK;
}

/* Directory order is the table's order. */
static int mem_list(void *ctx, const char *dev, const char *dir, menu_dir_cb cb, void *cb_ctx)
{
	size_t n = strlen(dir);
	bool any = false;

	(void)ctx;
	(void)dev;
	for (const struct memfile *f = files; f && f->path; f++)
		if (!strncmp(f->path, dir, n) && f->path[n] == '/' && !strchr(f->path + n + 1, '/')) {
			any = true;
			cb(cb_ctx, f->path + n + 1, false);
		}
	return any ? PB_OK : pb_error(PB_ERR_NOTFOUND, "%s: no such directory", dir);
}

static int mem_write(void *ctx, const char *dev, const char *path, const void *buf, size_t len)
{
	(void)ctx;
	(void)dev;
	assert_string_equal(path, env_at);
	assert_int_equal(len, GRUBENV_SIZE);
	memcpy(env_block, buf, len);
	writes++;
	return PB_OK;
}

static const struct menu_io io = { NULL, mem_read, mem_stat, mem_list, NULL, mem_write, NULL };

static void set_env(const char *path, const char *lines)
{
	struct grubenv *env = malloc(sizeof(*env));
	char text[GRUBENV_SIZE];

	snprintf(text, sizeof(text), "# GRUB Environment Block\n%s", lines);
	assert_int_equal(grubenv_parse(text, strlen(text), env), PB_OK);
	assert_int_equal(grubenv_serialize(env, env_block), PB_OK);
	env_block[GRUBENV_SIZE] = '\0';
	env_at = path;
	writes = 0;
	free(env);
}

static const char *env_get(const char *key)
{
	static struct grubenv env;
	assert_int_equal(grubenv_parse(env_block, GRUBENV_SIZE, &env), PB_OK);
	return grubenv_get(&env, key);
}

static int eval(const char *cfg, struct menu *m)
{
	assert_int_equal(menu_init(m), PB_OK);
	pb_errclear();
	int rc = grubcfg_eval_buffer(&io, "hd0,msdos1", "/grub2/grub.cfg", NULL, cfg, strlen(cfg), m);
	if (m->warnings[0])
		print_message("warnings: %s", m->warnings);
	return rc;
}

#endif
