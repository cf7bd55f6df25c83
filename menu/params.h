/* pvboot's own parameters, as the Dom0 admin passes them through xl's
 * extra="..." (the PV start_info cmd_line, at most 1024 bytes):
 *
 *   pvboot.entry=SPEC     entry to boot: GRUB item number, id, title or a
 *                         '>'-separated path ("Advanced options>Debian, with Linux 6.1")
 *   pvboot.timeout=N      seconds; 0 = boot at once, -1 = wait forever
 *   pvboot.append=STR     added (after one space) to the chosen entry's command line
 *   pvboot.cmdline=STR    replaces the entry's command line (append still applies)
 *   pvboot.config=PATH    config file to read, optionally "(hd1,gpt2)/boot/grub/grub.cfg"
 *   pvboot.disk=NAME      search only this disk ("xvda", "hd1")
 *   pvboot.verbose[=0|1]
 *   pvboot.debug, pvboot.readtest   read elsewhere (pv/); accepted here
 *
 * Words are separated by spaces or tabs; double quotes group spaces into a
 * word and are removed ("pvboot.append=\"console=hvc0 quiet\"" and
 * "\"pvboot.append=console=hvc0 quiet\"" are the same), so a value cannot
 * itself contain a double quote.  Words not starting with "pvboot." belong
 * to nobody and are skipped.  The last occurrence of a key wins.
 *
 * The input is trusted only as far as "the admin may mistype": a bad word
 * never fails the parse, it leaves the field as it was and adds a line to
 * warnings (bounded; later lines are dropped with a marker).  A value too
 * long for its field is refused whole, never cut.
 */
#ifndef PVBOOT_MENU_PARAMS_H
#define PVBOOT_MENU_PARAMS_H

#include "menu/menu.h"

#define BOOT_PARAMS_LINE_MAX 1024 /* append/cmdline/config, with the NUL */

struct boot_params {
	char entry[MENU_TITLE_MAX];     /* spec for menu_find() */
	bool have_entry;
	int timeout;                    /* valid if have_timeout; -1 = forever */
	bool have_timeout;
	char append[BOOT_PARAMS_LINE_MAX];  /* "" = nothing to append */
	char cmdline[BOOT_PARAMS_LINE_MAX];
	bool have_cmdline;              /* cmdline="" legitimately empties it */
	char config_dev[MENU_DEV_MAX];  /* "hd1,gpt2" (no parens) or "" = search */
	char config[BOOT_PARAMS_LINE_MAX];  /* absolute path or "" = the usual list */
	char disk[32];                  /* "" = every disk */
	bool verbose;
	char warnings[512];             /* "line\n"...; "" when all was well */
};

/* Parse [cmdline, cmdline+len), stopping early at a NUL.  Zeroes *out
 * first.  PB_ERR_INVAL only for NULL arguments; everything else is a
 * warning in out->warnings. */
int boot_params_parse(const char *cmdline, size_t len, struct boot_params *out);

/* The kernel command line to boot with: p->cmdline if given, else
 * entry_cmdline (NULL = ""), then " " and p->append if non-empty.
 * PB_ERR_LIMIT (message names both lengths) when it does not fit out_size
 * with its NUL (the PV handoff passes 1024); out is then "". */
int boot_params_cmdline(const struct boot_params *p, const char *entry_cmdline,
			char *out, size_t out_size);

/* The entry to boot: pvboot.entry when given and found (by menu_find(),
 * GRUB's rules; failing that, by a nested entry's bare id or title, which
 * GRUB would want as a path), else
 * m->default_index (0 if that is out of range).  -1 only for an empty menu
 * (or NULL arguments).  why (may be NULL) says which and why, including
 * "pvboot.entry='X' matches no entry; using the default ...". */
int boot_params_pick(const struct boot_params *p, const struct menu *m,
		     char *why, size_t why_size);

#endif
