/* The freestanding/host seam: the one place that decides where the C library
 * comes from.  Portable code (loader/, fs/, menu/) includes this instead of
 * <string.h>/<stdlib.h>.
 *
 * Host build: the real libc.  Freestanding build (PVBOOT_FREESTANDING): the
 * subset in loader/libc/, which is also what Debian's static decompression
 * archives link against (memcpy, memmove, memset, memcmp, strlen, malloc,
 * calloc, free, __stack_chk_fail).
 *
 * Formatting always goes through pb_vsnprintf (loader/format.c), in both
 * builds, so the formatter the loader uses is the one the tests exercise.
 */
#ifndef PVBOOT_LOADER_LIBC_H
#define PVBOOT_LOADER_LIBC_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef PVBOOT_FREESTANDING
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strstr(const char *h, const char *n);
size_t strcspn(const char *s, const char *reject);
void *malloc(size_t n);
void *calloc(size_t nmemb, size_t size);
void *realloc(void *p, size_t n);
void free(void *p);
#else
#include <stdlib.h>
#include <string.h>
#endif

int pb_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
int pb_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Format into a 512-byte line buffer (longer output is cut) and hand it
 * to write: the printf of every console sink. */
void pb_vprintf_to(void (*write)(void *ctx, const char *s, size_t len), void *ctx, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

/* Bounded string copy: always NUL-terminates (if size > 0); returns
 * PB_ERR_LIMIT if src did not fit (dst then holds the truncated prefix). */
int pb_strlcpy(char *dst, const char *src, size_t size);
/* Append "line\n" to the NUL-terminated text in buf (size bytes); when it
 * does not fit, append "...more warnings dropped\n" once instead. */
void pb_append_line(char *buf, size_t size, const char *line);

/* Case-insensitive ASCII compare (GRUB/BLS keys, UUID strings). */
int pb_strcasecmp(const char *a, const char *b);

/* Parse an unsigned decimal / 0x-hex number from [s, s+len) with overflow
 * checks.  Whole input must be consumed.  Returns 0 or PB_ERR_INVAL/LIMIT. */
int pb_parse_u64(const char *s, size_t len, int base, uint64_t *out);

#define PB_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define PB_MIN(a, b) ((a) < (b) ? (a) : (b))
#define PB_MAX(a, b) ((a) > (b) ? (a) : (b))

/* Little-endian loads from byte buffers (on-disk formats are LE; never
 * dereference a cast pointer into untrusted data: alignment and aliasing). */
static inline uint16_t pb_le16(const void *p)
{
	const uint8_t *b = p;
	return (uint16_t)(b[0] | b[1] << 8);
}
static inline uint32_t pb_le32(const void *p)
{
	const uint8_t *b = p;
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
	       (uint32_t)b[3] << 24;
}
static inline uint64_t pb_le64(const void *p)
{
	const uint8_t *b = p;
	return (uint64_t)pb_le32(b) | (uint64_t)pb_le32(b + 4) << 32;
}
static inline uint16_t pb_be16(const void *p)
{
	const uint8_t *b = p;
	return (uint16_t)(b[0] << 8 | b[1]);
}
static inline uint32_t pb_be32(const void *p)
{
	const uint8_t *b = p;
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 |
	       (uint32_t)b[3];
}
static inline uint64_t pb_be64(const void *p)
{
	const uint8_t *b = p;
	return (uint64_t)pb_be32(b) << 32 | pb_be32(b + 4);
}

/* Range checks on 64-bit values that cannot overflow: is [off, off+len)
 * inside [0, total)?  With total UINT64_MAX it says off + len does not
 * wrap (the parsers' "a + b < a" checks). */
static inline bool pb_range_ok(uint64_t off, uint64_t len, uint64_t total)
{
	return off <= total && len <= total - off;
}

/* The same for an array: do count elements of size bytes starting at off
 * fit in [0, limit)?  count * size is checked by division first, so a
 * count or size read from disk cannot wrap the product (a wrapped product
 * would pass a plain "off + count * size <= limit"). */
static inline bool pb_array_fits(uint64_t off, uint64_t count, uint64_t size, uint64_t limit)
{
	if (size && count > UINT64_MAX / size)
		return false;
	return pb_range_ok(off, count * size, limit);
}

#endif
