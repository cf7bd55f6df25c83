/* SHA-256 against the FIPS 180-4 example vectors, and streamed in pieces. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "loader/lib/sha256.h"

static void hex_of(const void *d, size_t len, size_t chunk, char out[65])
{
	struct sha256 s;
	uint8_t dig[32];
	sha256_init(&s);
	for (size_t i = 0; i < len; i += chunk)
		sha256_update(&s, (const uint8_t *)d + i, len - i < chunk ? len - i : chunk);
	sha256_final(&s, dig);
	sha256_hex(dig, out);
}

static void test_vectors(void **state)
{
	(void)state;
	char h[65];
	hex_of("abc", 3, 3, h);
	assert_string_equal(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	hex_of("", 0, 1, h);
	assert_string_equal(h, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	for (size_t chunk = 1; chunk < 70; chunk += 7) {
		hex_of(m, strlen(m), chunk, h);
		assert_string_equal(h, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	}
	static char million[1000000];
	memset(million, 'a', sizeof(million));
	hex_of(million, sizeof(million), 4096, h);
	assert_string_equal(h, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

int main(void)
{
	const struct CMUnitTest tests[] = { cmocka_unit_test(test_vectors) };
	return cmocka_run_group_tests_name("sha256", tests, NULL, NULL);
}
