/* GRUB's environment block (/boot/grub/grubenv): exactly 1024 bytes,
 * "# GRUB Environment Block\n" then "key=value\n" lines, padded with '#'.
 * Values escape '\\' and a newline with a backslash before them (GRUB's
 * envblk: a backslash takes the next byte as it is).  Used for load_env,
 * save_env, saved_entry / next_entry, and BLS $kernelopts. */
#ifndef PVBOOT_MENU_GRUBENV_H
#define PVBOOT_MENU_GRUBENV_H

#include "loader/lib/libc.h"

#define GRUBENV_SIZE 1024
#define GRUBENV_MAX_VARS 64
#define GRUBENV_KEY_MAX 64
#define GRUBENV_VAL_MAX 1024

struct grubenv {
	uint32_t count;
	char key[GRUBENV_MAX_VARS][GRUBENV_KEY_MAX];
	char val[GRUBENV_MAX_VARS][GRUBENV_VAL_MAX];
};

/* Parse a block (len need not be 1024 but the header must be there). */
int grubenv_parse(const char *buf, size_t len, struct grubenv *env);
const char *grubenv_get(const struct grubenv *env, const char *key);
int grubenv_set(struct grubenv *env, const char *key, const char *val);
int grubenv_unset(struct grubenv *env, const char *key);
/* Serialise into exactly GRUBENV_SIZE bytes; PB_ERR_LIMIT if it does not fit. */
int grubenv_serialize(const struct grubenv *env, char out[GRUBENV_SIZE]);

/* Edit a block in place as GRUB's save_env does: a variable keeps its
 * line (the rest of the block moves up or down), a new one goes where the
 * '#' padding starts, a deleted one's line goes and the padding grows;
 * other lines, comments included, stay as they are.  PB_ERR_LIMIT when it
 * does not fit, PB_ERR_CORRUPT when the block is not one GRUB would edit. */
int grubenv_block_set(char *blk, size_t size, const char *key, const char *val);
int grubenv_block_unset(char *blk, size_t size, const char *key);

#endif
