/* The menu model: what every configuration parser (grub.cfg, menu.lst, BLS)
 * produces and what the interactive menu, `pvboot-inspect menu` and the
 * handoff consume.  Strings are bounded copies; a value that does not fit
 * is an error reported with file and line, never silently cut.
 */
#ifndef PVBOOT_MENU_MENU_H
#define PVBOOT_MENU_MENU_H

#include "loader/lib/libc.h"

#define MENU_MAX_ENTRIES 256
#define MENU_MAX_INITRDS 8
#define MENU_TITLE_MAX 256
#define MENU_ID_MAX 256
#define MENU_PATH_MAX 1024  /* kernel/initrd paths, submenu paths */
#define MENU_CMDLINE_MAX 4096 /* what we parse; PV handoff allows 1024 */
#define MENU_DEV_MAX 64
#define MENU_MAX_DEPTH 8 /* submenu nesting */
#define MENU_ENV_MAX 8   /* pending grubenv variables */
#define MENU_ENTRY_ENV_MAX 4 /* ... saved by one entry's body */

enum menu_kind {
	MENU_LINUX = 1,   /* linux/kernel + initrd */
	MENU_MULTIBOOT,   /* multiboot/module: recorded, not bootable by PV */
	MENU_CHAINLOADER, /* chainloader: recorded */
	MENU_PV_LOADER,   /* a Xen PV ELF loader to chain into (pvboot, pvgrub2) */
};

enum menu_source { MENU_SRC_GRUBCFG = 1, MENU_SRC_MENULST, MENU_SRC_BLS };

/* One grubenv change save_env asked for: key=val, or key deleted. */
struct menu_env_var {
	char key[64];
	char val[256];
	bool unset;
};

struct menu_entry {
	enum menu_kind kind;
	enum menu_source source;
	char title[MENU_TITLE_MAX];
	char id[MENU_ID_MAX];        /* --id / BLS file stem, or "" */
	char submenu[MENU_PATH_MAX]; /* "Advanced options for Debian GNU/Linux" or "" (nested: joined by '>') */
	char submenu_id[MENU_PATH_MAX];
	char root[MENU_DEV_MAX];     /* GRUB device without parens: "hd0,msdos1" */
	char kernel[MENU_PATH_MAX];
	uint32_t nr_initrds;
	char initrd[MENU_MAX_INITRDS][MENU_PATH_MAX];
	char cmdline[MENU_CMDLINE_MAX];
	char modules[MENU_MAX_INITRDS][MENU_PATH_MAX]; /* multiboot modules */
	uint32_t nr_modules;
	bool savedefault;            /* entry asks to be saved as default */
	uint32_t env_count;          /* save_env in its body (recordfail): written if it boots */
	struct menu_env_var env[MENU_ENTRY_ENV_MAX];
	/* Position as GRUB numbers it: item[0] at the top level (a submenu
	 * counts as one item), item[1] inside the first submenu level... */
	uint32_t depth;              /* submenu levels above the entry */
	uint32_t item[MENU_MAX_DEPTH + 1];
	/* where it came from, for messages: "/boot/grub/grub.cfg:123" */
	char origin[MENU_PATH_MAX];
};

enum timeout_style { TIMEOUT_MENU = 0, TIMEOUT_COUNTDOWN, TIMEOUT_HIDDEN };

struct menu {
	uint32_t count;
	struct menu_entry *entries; /* MENU_MAX_ENTRIES, malloc'd by menu_init */
	int default_index;          /* -1: none resolvable */
	char default_reason[256];   /* "default=saved -> saved_entry 'gnulinux-...' in /boot/grub/grubenv" */
	int timeout;                /* seconds; -1 = wait forever */
	enum timeout_style timeout_style;
	int fallback[4];            /* entry indexes, -1 terminated */
	bool hidden;                /* hiddenmenu */
	bool password;              /* a password is set: never bypass silently */
	char config_path[MENU_PATH_MAX]; /* which file produced it */
	char config_dev[MENU_DEV_MAX];
	/* grubenv updates the configuration asked for (save_env: next_entry,
	 * and savedefault's saved_entry), written only when an entry boots. */
	char env_dev[MENU_DEV_MAX];
	char env_path[MENU_PATH_MAX];  /* "" = no grubenv known */
	uint32_t env_count;
	struct menu_env_var env[MENU_ENV_MAX];
	bool boot_once;                /* $boot_once set: savedefault does nothing */
	/* non-fatal problems met while reading: "grub.cfg:40: unknown command 'foo', skipped" */
	char warnings[2048];
};

int menu_init(struct menu *m);
void menu_free(struct menu *m);
/* Append a new zeroed entry; PB_ERR_LIMIT when MENU_MAX_ENTRIES is reached. */
int menu_add(struct menu *m, struct menu_entry **out);
/* Record key=value for grubenv (the last value of a key wins); val NULL
 * deletes key.  The menu's own list (save_env outside entries) and one
 * entry's (inside its body). */
int menu_env_record(struct menu *m, const char *key, const char *val);
int menu_entry_env_record(struct menu_entry *e, const char *key, const char *val);
/* Add a warning line (bounded; later ones are dropped with a marker). */
void menu_warn(struct menu *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
