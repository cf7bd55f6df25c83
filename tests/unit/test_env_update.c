/* grubenv write-back (menu/env_update.c) after grub.cfg evaluation:
 * Debian's next_entry idiom clears next_entry and leaves saved_entry;
 * savedefault saves ${chosen} (submenu>entry ids); nothing is written when
 * nothing changes; a read-only io or a wrong-size grubenv is refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "loader/lib/err.h"
#include "menu/env_update.h"
#include "menu/grubcfg.h"
#include "menu/grubenv.h"

static char disk_env[GRUBENV_SIZE + 1];
static size_t disk_env_len;
static int writes;
static char written_path[256];

static int mem_read(void *ctx, const char *dev, const char *path, size_t max, char **buf, size_t *len)
{
	(void)ctx;
	(void)dev;
	if (strcmp(path, "/boot/grub/grubenv") || disk_env_len > max)
		return pb_error(PB_ERR_NOTFOUND, "%s: not found", path);
	*buf = malloc(disk_env_len + 1);
	memcpy(*buf, disk_env, disk_env_len);
	(*buf)[disk_env_len] = '\0';
	*len = disk_env_len;
	return PB_OK;
}

static int mem_write(void *ctx, const char *dev, const char *path, const void *buf, size_t len)
{
	(void)ctx;
	assert_int_equal(len, disk_env_len);
	snprintf(written_path, sizeof(written_path), "(%s)%s", dev, path);
	memcpy(disk_env, buf, len);
	writes++;
	return PB_OK;
}

static int mem_stat(void *ctx, const char *dev, const char *path, bool *is_dir, uint64_t *size)
{
	(void)ctx;
	(void)dev;
	if (strcmp(path, "/boot/grub/grubenv"))
		return PB_ERR_NOTFOUND;
	*is_dir = false;
	*size = disk_env_len;
	return PB_OK;
}

static const struct menu_io io = { NULL, mem_read, mem_stat, NULL, NULL, mem_write, NULL };
static const struct menu_io io_ro = { NULL, mem_read, mem_stat, NULL, NULL, NULL, NULL };

static void set_env(const char *lines)
{
	struct grubenv env;
	char text[GRUBENV_SIZE];

	snprintf(text, sizeof(text), "# GRUB Environment Block\n%s", lines);
	assert_int_equal(grubenv_parse(text, strlen(text), &env), PB_OK);
	assert_int_equal(grubenv_serialize(&env, disk_env), PB_OK);
	disk_env_len = GRUBENV_SIZE;
	writes = 0;
}

static const char *env_get(const char *key)
{
	static struct grubenv env;
	assert_int_equal(grubenv_parse(disk_env, disk_env_len, &env), PB_OK);
	return grubenv_get(&env, key);
}

static const char cfg[] =
	"if [ -s $prefix/grubenv ]; then\n  load_env\nfi\n"
	"if [ \"${next_entry}\" ] ; then\n   set default=\"${next_entry}\"\n   set next_entry=\n"
	"   save_env next_entry\n   set boot_once=true\nelse\n   set default=\"${saved_entry}\"\nfi\n"
	"function savedefault {\n  if [ -z \"${boot_once}\" ]; then\n    saved_entry=\"${chosen}\"\n"
	"    save_env saved_entry\n  fi\n}\n"
	"menuentry 'One' --id one {\n\tsavedefault\n\tlinux /vmlinuz\n}\n"
	"submenu 'Advanced' --id adv {\n\tmenuentry 'Two' --id two {\n\t\tsavedefault\n\t\tlinux /vmlinuz\n\t}\n}\n";

static void load(struct menu *m)
{
	assert_int_equal(menu_init(m), PB_OK);
	assert_int_equal(grubcfg_eval_buffer(&io, "hd0", "/boot/grub/grub.cfg", NULL, cfg, strlen(cfg), m), PB_OK);
	assert_int_equal(m->count, 2);
}

static void test_next_entry_is_one_shot(void **state)
{
	(void)state;
	struct menu m;
	bool w;

	set_env("saved_entry=one\nnext_entry=adv>two\n");
	load(&m);
	assert_int_equal(m.default_index, 1);
	assert_true(m.boot_once);
	assert_int_equal(writes, 0); /* reading the menu never writes */
	assert_int_equal(menu_env_update(&m, &m.entries[1], &io, &w), PB_OK);
	assert_true(w);
	assert_int_equal(writes, 1);
	assert_string_equal(written_path, "(hd0)/boot/grub/grubenv");
	assert_string_equal(env_get("next_entry"), "");
	assert_string_equal(env_get("saved_entry"), "one"); /* boot_once: savedefault is off */
	menu_free(&m);
}

static void test_savedefault_saves_chosen(void **state)
{
	(void)state;
	struct menu m;
	bool w;

	set_env("saved_entry=one\n");
	load(&m);
	assert_false(m.boot_once);
	assert_true(m.entries[1].savedefault);
	assert_int_equal(menu_env_update(&m, &m.entries[1], &io, &w), PB_OK);
	assert_true(w);
	assert_string_equal(env_get("saved_entry"), "adv>two");
	/* Booting it again changes nothing: no write. */
	assert_int_equal(menu_env_update(&m, &m.entries[1], &io, &w), PB_OK);
	assert_false(w);
	assert_int_equal(writes, 1);
	menu_free(&m);
}

static void test_refusals(void **state)
{
	(void)state;
	struct menu m;
	bool w;

	set_env("saved_entry=one\n");
	load(&m);
	assert_int_equal(menu_env_update(&m, &m.entries[1], &io_ro, &w), PB_ERR_ROFS);
	disk_env_len = 1000; /* not a grubenv GRUB would write */
	assert_int_equal(menu_env_update(&m, &m.entries[1], &io, &w), PB_ERR_CORRUPT);
	assert_false(w);
	assert_int_equal(writes, 0);
	menu_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_next_entry_is_one_shot),
		cmocka_unit_test(test_savedefault_saves_chosen),
		cmocka_unit_test(test_refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
