/* pvboot-inspect's sandbox (see sandbox.h).
 *
 * Order matters: the user is dropped before the filter (setuid and
 * friends are not on the allow-list), and NO_NEW_PRIVS first so nothing
 * later can gain privileges back through an exec. */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <seccomp.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "tools/inspect/sandbox.h"

struct inspect_sandbox_opts inspect_sandbox_opts = { .disabled = false, .user = "nobody" };

/* What reading already-open images and writing stdout, stderr and an
 * already-open output file need, found with strace over every command
 * (pread64/pwrite64 on the images, write, newfstatat and ioctl(TCGETS) for
 * stdio, brk/mmap/mremap/munmap for malloc, close, exit_group), plus the
 * few glibc may reach on another path (fstat, lseek, fsync after a write,
 * madvise in free, clock_gettime without the vDSO, signal return). */
static const int allowed[] = {
	SCMP_SYS(read),          SCMP_SYS(pread64),     SCMP_SYS(write),
	SCMP_SYS(pwrite64),      SCMP_SYS(lseek),       SCMP_SYS(fstat),
	SCMP_SYS(newfstatat),    SCMP_SYS(fsync),       SCMP_SYS(close),
	SCMP_SYS(mmap),          SCMP_SYS(munmap),      SCMP_SYS(mremap),
	SCMP_SYS(brk),           SCMP_SYS(madvise),     SCMP_SYS(clock_gettime),
	SCMP_SYS(rt_sigreturn),  SCMP_SYS(exit_group),  SCMP_SYS(exit),
};

static int drop_root(const char *name)
{
	if (geteuid() != 0 && getuid() != 0)
		return 0; /* nothing to give up */
	struct passwd *pw = getpwnam(name);
	if (!pw) {
		fprintf(stderr, "pvboot-inspect: sandbox: no user '%s' to run as (--user NAME)\n", name);
		return -1;
	}
	if (pw->pw_uid == 0) {
		fprintf(stderr, "pvboot-inspect: sandbox: --user %s is root; refused\n", name);
		return -1;
	}
	if (setgroups(0, NULL) || setresgid(pw->pw_gid, pw->pw_gid, pw->pw_gid) ||
	    setresuid(pw->pw_uid, pw->pw_uid, pw->pw_uid)) {
		fprintf(stderr, "pvboot-inspect: sandbox: cannot become %s: %s\n", name, strerror(errno));
		return -1;
	}
	return 0;
}

static int load_filter(void)
{
	/* A forbidden call kills the whole process with SIGSYS: a parser bug
	 * that reaches one must not continue with an error code in hand. */
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_KILL_PROCESS);
	int rc = ctx ? 0 : -ENOMEM;

	for (size_t i = 0; !rc && i < sizeof(allowed) / sizeof(allowed[0]); i++)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, allowed[i], 0);
	/* stdio asks whether stdout is a terminal (TCGETS) for its buffering;
	 * no other ioctl. */
	if (!rc)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(ioctl), 1,
				      SCMP_A1(SCMP_CMP_EQ, TCGETS));
	if (!rc)
		rc = seccomp_load(ctx);
	seccomp_release(ctx);
	if (rc)
		fprintf(stderr, "pvboot-inspect: sandbox: seccomp filter: %s\n", strerror(-rc));
	return rc;
}

int inspect_sandbox(void)
{
	static bool done;

	if (done || inspect_sandbox_opts.disabled)
		return 0;
	/* What is still buffered goes out now, before descriptors matter. */
	fflush(stdout);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)) {
		fprintf(stderr, "pvboot-inspect: sandbox: no_new_privs: %s\n", strerror(errno));
		return -1;
	}
	if (drop_root(inspect_sandbox_opts.user) || load_filter())
		return -1;
	done = true;
	return 0;
}
