/* pvboot-inspect: the loader's own view of a guest image, on the host.
 *
 *   pvboot-inspect [OPTIONS] kernel FILE [--json] [--extract OUT]
 *   pvboot-inspect [OPTIONS] IMAGE parts|ls|cat|stat|menu ... [--json]
 *   OPTIONS: --no-sandbox, --user NAME; also --version, --help
 *
 * Each subcommand lives in its own cmd_*.c.
 * Exit codes: 0 ok, 1 the input is bad (message says why), 2 usage error.
 */
#include <stdio.h>
#include <string.h>

#include "pvboot_version.h"
#include "tools/inspect/inspect.h"
#include "tools/inspect/sandbox.h"

/* Each cmd_*.c registers itself with INSPECT_COMMAND(); the linker gathers
 * the pointers into one section, so adding a command touches no other file. */
extern const struct inspect_cmd *const __start_inspect_cmds[] __attribute__((weak));
extern const struct inspect_cmd *const __stop_inspect_cmds[] __attribute__((weak));
#define commands __start_inspect_cmds
#define NCOMMANDS ((size_t)(__stop_inspect_cmds - __start_inspect_cmds))

static void usage(FILE *f)
{
	fprintf(f, "usage: pvboot-inspect [OPTIONS] kernel FILE [--json] [--extract OUT]\n"
		   "       pvboot-inspect [OPTIONS] IMAGE COMMAND [ARGS] [--json]\n"
		   "       pvboot-inspect --version | --help\n"
		   "options:\n"
		   "  --no-sandbox  do not confine the process (debugging only)\n"
		   "  --user NAME   the user root drops to once the files are open (default nobody)\n"
		   "commands:\n");
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (!commands[i]->hidden)
			fprintf(f, "  %-8s %s\n", commands[i]->name, commands[i]->help);
}

/* Leading options, before the image or the command; returns how many
 * argv words they took, or -1 on a usage error. */
static int global_options(int argc, char **argv)
{
	int i = 1;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--no-sandbox") == 0) {
			inspect_sandbox_opts.disabled = true;
		} else if (strcmp(argv[i], "--user") == 0 && i + 1 < argc) {
			inspect_sandbox_opts.user = argv[++i];
		} else if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		} else {
			break; /* a command's own option, or an image named -x */
		}
	}
	return i - 1;
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "--version") == 0) {
		printf("pvboot-inspect %s\n", PVBOOT_VERSION);
		return INSPECT_EXIT_OK;
	}
	if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		usage(stdout);
		return INSPECT_EXIT_OK;
	}
	int skip = global_options(argc, argv);
	argc -= skip;
	argv += skip;
	if (argc < 3 && !(argc == 2 && strcmp(argv[1], "sandbox-test") == 0)) {
		usage(stderr);
		return INSPECT_EXIT_USAGE;
	}
	/* "kernel FILE" takes a file, not a disk image: the command comes first. */
	for (size_t i = 0; i < NCOMMANDS; i++) {
		const struct inspect_cmd *c = commands[i];
		if (c->takes_image && argc > 2 && strcmp(argv[2], c->name) == 0)
			return c->run(argv[1], argc - 3, argv + 3);
		if (!c->takes_image && argc > 1 && strcmp(argv[1], c->name) == 0)
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
