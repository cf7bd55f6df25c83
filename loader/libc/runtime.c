/* Freestanding build only: the remaining symbols Debian's static
 * decompression archives reference.
 *
 * - __stack_chk_fail: the archives are built with -fstack-protector-strong
 *   (the canary lives at %fs:0x28; the platform points FS at a TLS block).
 * - libbz2's bzlib.o also holds its FILE* API and an assert handler that
 *   prints to stderr; we never call the FILE* API, so the stdio symbols it
 *   needs only have to exist: they fail, and the assert handler panics. */
#include "loader/heap.h"

__attribute__((noreturn)) void __stack_chk_fail(void);
void __stack_chk_fail(void)
{
	pb_panic("stack smashing detected");
}

void bz_internal_error(int code);
void bz_internal_error(int code)
{
	(void)code;
	pb_panic("libbz2 internal error");
}

__attribute__((noreturn)) void abort(void);
void abort(void)
{
	pb_panic("abort() called");
}

__attribute__((noreturn)) void exit(int status);
void exit(int status)
{
	(void)status;
	pb_panic("exit() called by a library");
}

__attribute__((noreturn)) void __assert_fail(const char *expr, const char *file, unsigned int line,
					     const char *func);
void __assert_fail(const char *expr, const char *file, unsigned int line, const char *func)
{
	(void)file;
	(void)line;
	(void)func;
	pb_panic(expr);
}

/* stdio as libbz2's unused FILE* API and assert printer see it. */
void *stderr, *stdin, *stdout;
int fprintf(void *f, const char *fmt, ...);
int fprintf(void *f, const char *fmt, ...)
{
	(void)f;
	(void)fmt;
	return -1;
}
