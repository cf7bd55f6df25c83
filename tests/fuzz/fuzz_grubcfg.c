/* libFuzzer: the grub.cfg lexer, parser and evaluator on arbitrary text,
 * with a tiny in-memory filesystem so source/load_env/[ -f ]/blscfg paths
 * run, on a btrfs device so btrfs_relative_path / btrfs-mount-subvol do. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader/lib/err.h"
#include "menu/grubcfg.h"

static const uint8_t *cur;
static size_t cur_len;

/* Every file is the input itself: source loops and env parsing included. */
static int rd(void *ctx, const char *dev, const char *path, size_t max, char **buf, size_t *len)
{
	(void)ctx; (void)dev; (void)path;
	if (cur_len > max)
		return PB_ERR_LIMIT;
	*buf = malloc(cur_len + 1);
	memcpy(*buf, cur, cur_len);
	(*buf)[cur_len] = 0;
	*len = cur_len;
	return PB_OK;
}

static int st(void *ctx, const char *dev, const char *path, bool *d, uint64_t *s)
{
	(void)ctx; (void)dev;
	*d = false;
	*s = strlen(path);
	return path[0] == '/' && path[1] == 'b' ? PB_OK : PB_ERR_NOTFOUND;
}

/* Every directory holds two BLS entries (the input again), so blscfg's
 * entry scripts run through the evaluator too. */
static int ls(void *ctx, const char *dev, const char *path, menu_dir_cb cb, void *cb_ctx)
{
	(void)ctx; (void)dev; (void)path;
	cb(cb_ctx, "m-1.0-1.conf", false);
	cb(cb_ctx, "m-2.0-1.conf", false);
	return PB_OK;
}

/* Device hd0 is btrfs (SUSE's path rules run): the default subvolume is
 * 258, and any short path from the top level names a subvolume. */
static int sv(void *ctx, const char *dev, const char *path, uint64_t *id, char *out, size_t n)
{
	(void)ctx;
	if (strcmp(dev, "hd0"))
		return PB_ERR_INVAL;
	if (path && strlen(path) >= 64)
		return PB_ERR_NOTFOUND;
	if (!path)
		*id = *id ? *id : 258;
	snprintf(out, n, "%s", path ? path : "/@/.snapshots/1/snapshot");
	return PB_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct menu_io io = { NULL, rd, st, ls, NULL, NULL, sv };
	struct menu m;

	cur = data;
	cur_len = size;
	if (menu_init(&m))
		return 0;
	grubcfg_eval_buffer(&io, "hd0", "/boot/grub/grub.cfg", NULL, (const char *)data, size, &m);
	menu_free(&m);
	return 0;
}
