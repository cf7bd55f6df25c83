/* pvboot's own parameters: what the admin passes on the loader's command
 * line (xl's extra=, the PV start_info or PVH hvm_start_info cmd_line, an
 * EFI boot entry's LoadOptions).  Parsed once, here, for every front end:
 *
 *   pvboot.entry=SPEC     entry to boot: GRUB item number, id, title or a
 *                         '>'-separated path ("Advanced options>Debian, with Linux 6.1")
 *   pvboot.timeout=N      seconds; 0 = boot at once, -1 = wait forever
 *   pvboot.append=STR     added (after one space) to the chosen entry's command line
 *   pvboot.cmdline=STR    replaces the entry's command line (append still applies)
 *   pvboot.config=PATH    config file to read, optionally "(hd1,gpt2)/boot/grub/grub.cfg"
 *   pvboot.disk=NAME      search only this disk ("xvda", "hd1")
 *   pvboot.noboot         show the menu, boot nothing
 *   pvboot.readtest=PATH  read PATH through the disk stack, print its SHA-256 and timing
 *   pvboot.debug          the front end mirrors its console (Xen: to the hypervisor console)
 *   pvboot.chained=N      set by a pvboot that chains into another: how deep we are
 *   xen_grub_env_NAME=V   GRUB 2.14's form: the GRUB variable xen_grub_env_NAME = V,
 *                         exported to grub.cfg (a bare word sets it to "1")
 *
 * Words are split as GRUB 2.14 splits Xen's command line: at spaces (and
 * tabs) outside quotes; single and double quotes group and are removed
 * (each is literal inside the other); a backslash takes the next byte
 * literally.  So "pvboot.append=\"console=hvc0 quiet\"" and
 * "'pvboot.append=console=hvc0 quiet'" are the same.  Words that are
 * neither pvboot.* nor xen_grub_env_* belong to someone else and are
 * skipped.  The last occurrence of a key wins.
 *
 * The input is trusted only as far as "the admin may mistype": a bad word
 * never fails the parse, it leaves the field as it was and adds a line to
 * warnings (bounded; later lines are dropped with a marker).  A value too
 * long for its field is refused whole, never cut.
 */
#ifndef PVBOOT_LOADER_BOOT_OPTS_H
#define PVBOOT_LOADER_BOOT_OPTS_H

#include "menu/menu.h"

#define OPTS_LINE_MAX 1024     /* append/cmdline/config/readtest, with the NUL */
#define OPTS_GRUB_VARS_MAX 16  /* xen_grub_env_* words kept */
#define OPTS_GRUB_NAME_MAX 64
#define OPTS_GRUB_VALUE_MAX 512

struct pvboot_opts {
	char entry[MENU_TITLE_MAX];     /* spec for menu_find() */
	bool have_entry;
	int timeout;                    /* valid if have_timeout; -1 = forever */
	bool have_timeout;
	char append[OPTS_LINE_MAX];     /* "" = nothing to append */
	char cmdline[OPTS_LINE_MAX];
	bool have_cmdline;              /* cmdline="" legitimately empties it */
	char config_dev[MENU_DEV_MAX];  /* "hd1,gpt2" (no parens) or "" = search */
	char config[OPTS_LINE_MAX];     /* absolute path or "" = the usual list */
	char disk[32];                  /* "" = every disk */
	bool noboot, debug;
	char readtest[OPTS_LINE_MAX];   /* "" = no read test */
	char fault[16];                 /* pvboot.fault=KIND: a test hook, see README */
	int chained;                    /* loaders before us (0: started by Xen/firmware) */
	uint32_t nr_grub_vars;
	char grub_name[OPTS_GRUB_VARS_MAX][OPTS_GRUB_NAME_MAX];
	char grub_value[OPTS_GRUB_VARS_MAX][OPTS_GRUB_VALUE_MAX];
	char warnings[512];             /* "line\n"...; "" when all was well */
};

/* Parse [cmdline, cmdline+len), stopping early at a NUL.  Zeroes *out
 * first.  PB_ERR_INVAL only for NULL arguments; everything else is a
 * warning in out->warnings. */
int opts_parse(const char *cmdline, size_t len, struct pvboot_opts *out);

/* The kernel command line to boot with: p->cmdline if given, else
 * entry_cmdline (NULL = ""), then " " and p->append if non-empty.
 * PB_ERR_LIMIT (message names both lengths) when it does not fit out_size
 * with its NUL; out is then "". */
int opts_cmdline(const struct pvboot_opts *p, const char *entry_cmdline,
		 char *out, size_t out_size);

/* The entry to boot: pvboot.entry when given and found (by menu_find(),
 * GRUB's rules; failing that, by a nested entry's bare id or title, which
 * GRUB would want as a path), else
 * m->default_index (0 if that is out of range).  -1 only for an empty menu
 * (or NULL arguments).  why (may be NULL) says which and why, including
 * "pvboot.entry='X' matches no entry; using the default ...". */
int opts_pick(const struct pvboot_opts *p, const struct menu *m,
	      char *why, size_t why_size);

#endif
