/* pvboot-inspect confines itself once its files are open: it parses
 * untrusted guest images on the host, as pygrub did.  Commands call
 * inspect_sandbox() after the last open() and before the first byte of an
 * image is interpreted. */
#ifndef PVBOOT_TOOLS_INSPECT_SANDBOX_H
#define PVBOOT_TOOLS_INSPECT_SANDBOX_H

#include <stdbool.h>

struct inspect_sandbox_opts {
	bool disabled;    /* --no-sandbox (debugging) */
	const char *user; /* --user NAME: whom root becomes; default "nobody" */
};

extern struct inspect_sandbox_opts inspect_sandbox_opts;

/* No new privileges, root dropped to the unprivileged user, then the
 * seccomp allow-list.  Idempotent.  Prints why and returns nonzero when
 * it cannot confine the process: the caller must then stop. */
int inspect_sandbox(void);

#endif
