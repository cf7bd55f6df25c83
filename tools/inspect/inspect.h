#ifndef PVBOOT_TOOLS_INSPECT_H
#define PVBOOT_TOOLS_INSPECT_H

#include <stdbool.h>

enum { INSPECT_EXIT_OK = 0, INSPECT_EXIT_BAD_INPUT = 1, INSPECT_EXIT_USAGE = 2 };

struct inspect_cmd {
	const char *name;
	const char *help;
	bool takes_image; /* IMAGE COMMAND ... (else COMMAND FILE ...) */
	/* image is NULL unless takes_image; argv holds the remaining args. */
	int (*run)(const char *image, int argc, char **argv);
	bool hidden; /* not listed in the usage (debugging aids) */
};

/* Register a command: INSPECT_COMMAND(cmd_parts) after defining
 * `static const struct inspect_cmd cmd_parts = {...}`. */
#define INSPECT_COMMAND(var)                                              \
	static const struct inspect_cmd *const var##_reg                  \
		__attribute__((used, section("inspect_cmds"))) = &var

/* Shared helpers for commands. */
int inspect_has_flag(int argc, char **argv, const char *flag);

#endif
