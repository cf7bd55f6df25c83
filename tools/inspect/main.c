/* pvboot-inspect: the loader's own view of a guest image, on the host.
 *
 *   pvboot-inspect kernel FILE [--json] [--extract OUT]
 *   pvboot-inspect IMAGE parts|ls|cat|stat|menu ... [--json]
 *
 * Each subcommand lives in its own cmd_*.c.
 * Exit codes: 0 ok, 1 the input is bad (message says why), 2 usage error.
 */
#include <stdio.h>
#include <string.h>

#include "tools/inspect/inspect.h"

/* Each cmd_*.c registers itself with INSPECT_COMMAND(); the linker gathers
 * the pointers into one section, so adding a command touches no other file. */
extern const struct inspect_cmd *const __start_inspect_cmds[] __attribute__((weak));
extern const struct inspect_cmd *const __stop_inspect_cmds[] __attribute__((weak));
#define commands __start_inspect_cmds
#define NCOMMANDS ((size_t)(__stop_inspect_cmds - __start_inspect_cmds))

static void usage(FILE *f)
{
	fprintf(f, "usage: pvboot-inspect kernel FILE [--json] [--extract OUT]\n"
		   "       pvboot-inspect IMAGE COMMAND [ARGS] [--json]\n"
		   "commands:\n");
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-8s %s\n", commands[i]->name, commands[i]->help);
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		usage(stderr);
		return INSPECT_EXIT_USAGE;
	}
	/* "kernel FILE" takes a file, not a disk image: the command comes first. */
	for (size_t i = 0; i < NCOMMANDS; i++) {
		const struct inspect_cmd *c = commands[i];
		if (c->takes_image && strcmp(argv[2], c->name) == 0)
			return c->run(argv[1], argc - 3, argv + 3);
		if (!c->takes_image && strcmp(argv[1], c->name) == 0)
			return c->run(NULL, argc - 2, argv + 2);
	}
	fprintf(stderr, "pvboot-inspect: unknown command\n");
	usage(stderr);
	return INSPECT_EXIT_USAGE;
}

int inspect_has_flag(int argc, char **argv, const char *flag)
{
	for (int i = 0; i < argc; i++)
		if (strcmp(argv[i], flag) == 0)
			return 1;
	return 0;
}
