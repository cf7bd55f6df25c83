/* sandbox-test (hidden): proves the seccomp filter is live.  It confines
 * itself as every command does, then makes calls the allow-list forbids;
 * under the sandbox the kernel kills it with SIGSYS before it can print
 * "not confined".  tests/check/15-sandbox.sh runs it. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tools/inspect/inspect.h"
#include "tools/inspect/sandbox.h"

static int run(const char *image, int argc, char **argv)
{
	(void)image;
	(void)argc;
	(void)argv;
	if (inspect_sandbox())
		return INSPECT_EXIT_BAD_INPUT;
	int s = socket(AF_INET, SOCK_STREAM, 0);
	int fd = open("/etc/hostname", O_RDONLY);
	printf("not confined: socket %s, open %s\n", s >= 0 ? "allowed" : "failed",
	       fd >= 0 ? "allowed" : "failed");
	return INSPECT_EXIT_OK;
}

static const struct inspect_cmd cmd_sandbox_test = {
	.name = "sandbox-test",
	.help = "try a forbidden system call (killed by SIGSYS when confined)",
	.takes_image = false,
	.run = run,
	.hidden = true,
};
INSPECT_COMMAND(cmd_sandbox_test);
