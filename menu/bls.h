/* Boot Loader Specification entries (the *.conf files in /loader/entries)
 * read, sorted and turned into menu-entry scripts exactly as Red Hat's
 * GRUB `blscfg` command does (Fedora, RHEL, CentOS, Rocky, Alma):
 *
 *  - a file is "key value" lines: leading blanks and '#' lines skipped,
 *    the key ends at the first space (a tab only when the line has no
 *    space), and the first line with no value ends the file (GRUB stops
 *    there, a blank line included);
 *  - the entry's id is the file name without ".conf"; the `id` key and
 *    `architecture` are not looked at; the title is `title` or else the
 *    `linux` value; single keys take their first line, `initrd`
 *    lines all count;
 *  - `options`, `grub_users` and `devicetree` expand $variables when the
 *    menu is built (bls_expand: an unset variable vanishes, each value is
 *    followed by a space); `linux` and `initrd` are copied into the entry's
 *    script as they are, so their $variables ($tuned_initrd) expand when
 *    the script runs, like any grub.cfg word;
 *  - order: GRUB 2.04 and later (Fedora 30+, RHEL 9+) compare file names
 *    as name-version-release, newest first, and drop a file that compares
 *    equal to one already read; RHEL 8's GRUB 2.02 compares the `version`
 *    values first when every entry has one (BLS_FLAVOR_RHEL8).
 */
#ifndef PVBOOT_MENU_BLS_H
#define PVBOOT_MENU_BLS_H

#include "menu/menu.h"
#include "menu/menu_io.h"

#define BLS_FILE_MAX 65536
#define BLS_MAX_FILES 256
#define BLS_MAX_KEYS 64
#define BLS_SCRIPT_MAX 16384

enum bls_flavor {
	BLS_FLAVOR_CURRENT = 0, /* GRUB 2.04+ as Fedora 30+ / RHEL 9+ build it */
	BLS_FLAVOR_RHEL8,       /* RHEL 8's GRUB 2.02: version-aware order, older script */
};

struct bls_kv {
	const char *key, *val;
};

struct bls_file {
	char stem[MENU_ID_MAX]; /* file name without ".conf": the entry id */
	char *text;             /* the file, cut in place into keys and values */
	uint32_t nkv;
	struct bls_kv kv[BLS_MAX_KEYS];
};

struct bls_set {
	uint32_t count;
	struct bls_file *f[BLS_MAX_FILES]; /* newest first once read */
};

/* Variable lookup ($kernelopts, $tuned_params ...); NULL when unset. */
typedef const char *(*bls_getvar_fn)(void *ctx, const char *name);

/* One file's text as GRUB reads it; f->text is malloc'd (bls_file_free). */
int bls_parse_file(const char *buf, size_t len, const char *stem, struct bls_file *f);
void bls_file_free(struct bls_file *f);
/* The value of key: *iter < 0 (or iter NULL) starts from the first line;
 * with iter, each call returns the next line of that key.  NULL at the end. */
const char *bls_get(const struct bls_file *f, const char *key, int *iter);

/* Read every *.conf in (dev)dir in directory order and sort them as
 * flavor's GRUB does.  PB_ERR_NOTFOUND when dir cannot be listed; files
 * that cannot be read or are dropped are reported through m. */
int bls_read_dir(const struct menu_io *io, const char *dev, const char *dir, enum bls_flavor flavor,
		 struct bls_set *s, struct menu *m);
void bls_set_free(struct bls_set *s);

/* rpm's version comparison as blscfg carries it: 1 a newer, -1 b newer, 0 same. */
int bls_vercmp(const char *a, const char *b);
/* blscfg's entry comparison (name-version-release of the file names;
 * RHEL 8 with use_version: the version values first). */
int bls_cmp(const struct bls_file *a, const struct bls_file *b, bool use_version);

/* blscfg's expansion of options / grub_users / devicetree into out.
 * *any is false when nothing at all came out (GRUB then treats the key as
 * absent: options fall back to $default_kernelopts).  PB_ERR_LIMIT when
 * the result does not fit. */
int bls_expand(const char *val, bls_getvar_fn getvar, void *ctx, char *out, size_t size, bool *any);

/* The menu entry's script blscfg generates for f (load_video, linux
 * ($root)..., initrd ($root)...), NUL-terminated in out.  PB_ERR_CORRUPT
 * (no 'linux' key) and PB_ERR_LIMIT carry a message naming the file. */
int bls_entry_script(const struct bls_file *f, enum bls_flavor flavor, bls_getvar_fn getvar, void *ctx,
		     char *out, size_t size);
/* The menu title: `title`, else the `linux` value. */
const char *bls_title(const struct bls_file *f);

#endif
