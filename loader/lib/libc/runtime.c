/* Freestanding build only: the remaining symbols Debian's static
 * decompression archives reference.
 *
 * - __stack_chk_fail: the archives are built with -fstack-protector-strong
 *   (the canary lives at %fs:0x28; the platform points FS at a TLS block).
 * - libbz2's bzlib.o also holds its FILE* API and an assert handler that
 *   prints to stderr; we never call the FILE* API, so the stdio symbols it
 *   needs only have to exist: they fail, and the assert handler panics. */
#include "loader/lib/heap.h"

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

/* stdio as libbz2's FILE* API and assert printer see it: present so the
 * archive links, failing if anything ever calls them (nothing does: the
 * loader uses BZ2_bzDecompress on buffers only). */
void *stderr, *stdin, *stdout;
#define STDIO_FAIL(ret, name, ...)           \
	ret name(__VA_ARGS__);               \
	ret name(__VA_ARGS__)                \
	{                                    \
		return (ret)-1;              \
	}
STDIO_FAIL(int, __fprintf_chk, void *f, int flag, const char *fmt, ...)
STDIO_FAIL(long, fwrite, const void *p, size_t size, size_t n, void *f)
STDIO_FAIL(long, fread, void *p, size_t size, size_t n, void *f)
STDIO_FAIL(int, ferror, void *f)
STDIO_FAIL(int, fflush, void *f)
STDIO_FAIL(int, fclose, void *f)
STDIO_FAIL(int, fputc, int c, void *f)
STDIO_FAIL(int, fgetc, void *f)
STDIO_FAIL(int, ungetc, int c, void *f)
STDIO_FAIL(intptr_t, fopen64, const char *path, const char *mode)
STDIO_FAIL(intptr_t, fdopen, int fd, const char *mode)

/* bzopen's mode parsing uses isdigit(); a table of no classes suffices. */
const unsigned short **__ctype_b_loc(void);
const unsigned short **__ctype_b_loc(void)
{
	static const unsigned short none[384];
	static const unsigned short *table = none + 128;
	return &table;
}
