/* Unit tests for the bounded formatter and string helpers (loader/). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "loader/lib/err.h"
#include "loader/lib/libc.h"

/* Compare against the host's snprintf for the conversions both support. */
#define SAME(...)                                                        \
	do {                                                             \
		char a[128], b[128];                                     \
		int na = pb_snprintf(a, sizeof(a), __VA_ARGS__);         \
		int nb = snprintf(b, sizeof(b), __VA_ARGS__);            \
		assert_string_equal(a, b);                               \
		assert_int_equal(na, nb);                                \
	} while (0)

static void test_matches_libc(void **state)
{
	(void)state;
	SAME("plain");
	SAME("%d %i %u", -42, 7, 3000000000u);
	SAME("%x %X %08x %-6x|", 0xbeefu, 0xbeefu, 0x12u, 0xau);
	SAME("%lld %llu %zu", -9223372036854775807LL - 1, 18446744073709551615ULL, (size_t)12);
	SAME("%5s|%-5s|%.2s|%.*s", "ab", "ab", "abcdef", 3, "xyzw");
	SAME("%c%c %%", 'o', 'k');
	SAME("%05d %-5d| %.3d", -42, 42, 7);
	SAME("%*d|%-*d|", 6, 1, 4, 2);
}

static void test_truncates_and_terminates(void **state)
{
	(void)state;
	char buf[8];
	int n = pb_snprintf(buf, sizeof(buf), "%s", "0123456789");
	assert_int_equal(n, 10);
	assert_string_equal(buf, "0123456");
	assert_int_equal(pb_snprintf(NULL, 0, "%d", 12345), 5);
	memset(buf, 'x', sizeof(buf));
	pb_snprintf(buf, 1, "abc");
	assert_int_equal(buf[0], '\0');
}

static void test_parse_u64(void **state)
{
	(void)state;
	uint64_t v;
	assert_int_equal(pb_parse_u64("18446744073709551615", 20, 10, &v), PB_OK);
	assert_true(v == UINT64_MAX);
	assert_int_equal(pb_parse_u64("18446744073709551616", 20, 10, &v), PB_ERR_LIMIT);
	assert_int_equal(pb_parse_u64("0x1F", 4, 0, &v), PB_OK);
	assert_int_equal(v, 31);
	assert_int_equal(pb_parse_u64("12a", 3, 10, &v), PB_ERR_INVAL);
	assert_int_equal(pb_parse_u64("", 0, 10, &v), PB_ERR_INVAL);
	assert_int_equal(pb_parse_u64("0x", 2, 0, &v), PB_ERR_INVAL);
}

static void test_error_convention(void **state)
{
	(void)state;
	assert_int_equal(pb_error(PB_ERR_CORRUPT, "inode %u: bad", 12u), PB_ERR_CORRUPT);
	assert_string_equal(pb_errmsg(), "inode 12: bad");
	assert_string_equal(pb_strerror(PB_ERR_CORRUPT), "corrupt data");
	/* Adding context to the message already there (its own buffer). */
	pb_error(PB_ERR_NOTFOUND, "%s: %s", "/boot/vmlinuz", pb_errmsg());
	assert_string_equal(pb_errmsg(), "/boot/vmlinuz: inode 12: bad");
	pb_error(PB_ERR_NOTFOUND, "(%s)%s", "hd0", pb_errmsg());
	assert_string_equal(pb_errmsg(), "(hd0)/boot/vmlinuz: inode 12: bad");
	pb_errclear();
	assert_string_equal(pb_errmsg(), "");
}

static void test_strlcpy(void **state)
{
	(void)state;
	char b[4];
	assert_int_equal(pb_strlcpy(b, "abc", sizeof(b)), PB_OK);
	assert_int_equal(pb_strlcpy(b, "abcd", sizeof(b)), PB_ERR_LIMIT);
	assert_string_equal(b, "abc");
	assert_int_equal(pb_strcasecmp("AbC-9", "abc-9"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matches_libc),
		cmocka_unit_test(test_truncates_and_terminates),
		cmocka_unit_test(test_parse_u64),
		cmocka_unit_test(test_error_convention),
		cmocka_unit_test(test_strlcpy),
	};
	return cmocka_run_group_tests_name("format", tests, NULL, NULL);
}
