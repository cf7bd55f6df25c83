/* Path resolution for every filesystem driver (see fs/fs.h): components
 * are looked up one by one; '.' is skipped, '..' is looked up like any name
 * (drivers return the parent) except at the root, where it stays put;
 * symlinks are expanded in place, relative to their directory or to the
 * filesystem root, at most FS_SYMLINK_MAX times per resolution. */
#include "fs/fs.h"
#include "loader/lib/err.h"

struct walk {
	struct fs *fs;
	char *path;    /* the remaining path, rewritten when a symlink expands */
	char *scratch; /* FS_PATH_MAX bytes for symlink targets */
	int links;
};

/* Replace the consumed prefix of w->path by target + rest. */
static int splice_symlink(struct walk *w, const char *rest)
{
	size_t tlen = strlen(w->scratch), rlen = strlen(rest);

	if (tlen + 1 + rlen + 1 > FS_PATH_MAX)
		return pb_error(PB_ERR_LIMIT, "path too long after expanding a symlink");
	memmove(w->path + tlen + 1, rest, rlen + 1);
	memcpy(w->path, w->scratch, tlen);
	w->path[tlen] = '/';
	return PB_OK;
}

static int resolve(struct walk *w, bool nofollow, uint64_t *out)
{
	uint64_t cur = w->fs->root_ino, next;
	char name[FS_NAME_MAX + 1];
	char *p = w->path;
	int rc;

	for (;;) {
		while (*p == '/')
			p++;
		if (!*p)
			break;
		char *end = p;
		while (*end && *end != '/')
			end++;
		size_t len = (size_t)(end - p);
		if (len > FS_NAME_MAX)
			return pb_error(PB_ERR_LIMIT, "path component of %zu bytes", len);
		memcpy(name, p, len);
		name[len] = '\0';
		while (*end == '/')
			end++;
		p = end;
		if (strcmp(name, ".") == 0)
			continue;
		if (strcmp(name, "..") == 0 && cur == w->fs->root_ino)
			continue;
		struct fs_stat st;
		rc = w->fs->ops->stat(w->fs, cur, &st);
		if (rc)
			return rc;
		if (st.type != FS_DIR)
			return pb_error(PB_ERR_NOTDIR, "%s: a path component is not a directory", name);
		rc = w->fs->ops->lookup(w->fs, cur, name, &next);
		if (rc)
			return rc;
		rc = w->fs->ops->stat(w->fs, next, &st);
		if (rc)
			return rc;
		if (st.type == FS_SYMLINK && (*p || !nofollow)) {
			if (++w->links > FS_SYMLINK_MAX)
				return pb_error(PB_ERR_LOOP, "too many levels of symbolic links at '%s'", name);
			rc = w->fs->ops->readlink(w->fs, next, w->scratch, FS_PATH_MAX);
			if (rc)
				return rc;
			rc = splice_symlink(w, p);
			if (rc)
				return rc;
			p = w->path;
			if (w->scratch[0] == '/')
				cur = w->fs->root_ino; /* absolute: from this filesystem's root */
			continue; /* relative: from the symlink's directory, cur */
		}
		cur = next;
	}
	*out = cur;
	return PB_OK;
}

int fs_resolve(struct fs *fs, const char *path, bool nofollow, uint64_t *ino)
{
	struct walk w = { fs, NULL, NULL, 0 };
	int rc;

	if (strnlen(path, FS_PATH_MAX) >= FS_PATH_MAX)
		return pb_error(PB_ERR_LIMIT, "path too long");
	w.path = malloc(FS_PATH_MAX);
	w.scratch = malloc(FS_PATH_MAX);
	if (!w.path || !w.scratch) {
		rc = pb_error(PB_ERR_NOMEM, "out of memory");
	} else {
		pb_strlcpy(w.path, path, FS_PATH_MAX);
		rc = resolve(&w, nofollow, ino);
	}
	free(w.path);
	free(w.scratch);
	return rc;
}

int fs_stat_path(struct fs *fs, const char *path, bool nofollow, struct fs_stat *st)
{
	uint64_t ino;
	int rc = fs_resolve(fs, path, nofollow, &ino);

	return rc ? rc : fs->ops->stat(fs, ino, st);
}

int fs_stat_regular(struct fs *fs, const char *path, struct fs_stat *st)
{
	int rc = fs_stat_path(fs, path, false, st);

	if (rc)
		return rc;
	if (st->type == FS_DIR)
		return pb_error(PB_ERR_ISDIR, "%s: is a directory", path);
	if (st->type != FS_REG)
		return pb_error(PB_ERR_INVAL, "%s: not a regular file", path);
	return PB_OK;
}

int fs_read_file(struct fs *fs, const char *path, size_t max, char **buf, size_t *len)
{
	struct fs_stat st;
	size_t got;
	char *b;
	int rc = fs_stat_regular(fs, path, &st);

	if (rc)
		return rc;
	if (st.size > max)
		return pb_error(PB_ERR_LIMIT, "%s: %llu bytes, more than the %zu allowed",
				path, (unsigned long long)st.size, max);
	b = malloc((size_t)st.size + 1);
	if (!b)
		return pb_error(PB_ERR_NOMEM, "%s: cannot allocate %llu bytes", path,
				(unsigned long long)st.size);
	rc = fs->ops->read(fs, st.ino, 0, b, (size_t)st.size, &got);
	if (rc == PB_OK && got != st.size)
		rc = pb_error(PB_ERR_CORRUPT, "%s: read %zu of %llu bytes", path, got,
			      (unsigned long long)st.size);
	if (rc) {
		free(b);
		return rc;
	}
	b[got] = '\0';
	*buf = b;
	*len = got;
	return PB_OK;
}

int fs_readdir_path(struct fs *fs, const char *path, fs_dirent_cb cb, void *ctx)
{
	uint64_t ino;
	int rc = fs_resolve(fs, path, false, &ino);

	return rc ? rc : fs->ops->readdir(fs, ino, cb, ctx);
}
