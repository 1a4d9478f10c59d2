/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/base64.h"

static void expect_round_trip(const char *data, size_t length, const char *expected)
{
	char *text = base64_encode(data, length), *back = NULL;
	size_t back_length = 0;

	assert_non_null(text);
	assert_string_equal(text, expected);
	assert_int_equal(base64_decode(text, strlen(text), &back, &back_length), 0);
	assert_int_equal(back_length, length);
	assert_memory_equal(back, data, length);
	assert_int_equal(back[length], '\0');
	free(text);
	free(back);
}

/* RFC 4648, section 10, and the bytes JSON cannot carry. */
static void rfc_vectors_and_binary_round_trip(void **state)
{
	(void)state;
	expect_round_trip("", 0, "");
	expect_round_trip("f", 1, "Zg==");
	expect_round_trip("fo", 2, "Zm8=");
	expect_round_trip("foo", 3, "Zm9v");
	expect_round_trip("foob", 4, "Zm9vYg==");
	expect_round_trip("fooba", 5, "Zm9vYmE=");
	expect_round_trip("foobar", 6, "Zm9vYmFy");
	expect_round_trip("a\0b\377\376", 5, "YQBi//4=");
}

static void anything_else_is_refused(void **state)
{
	static const char *const bad[] = { "Zg=", "Zg=a", "Z===", "Zm9v\n", "Zm 9", "=Zm9", "Zm9v====", "Zm\0v" };
	char *data = NULL;
	size_t length = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(base64_decode(bad[i], i == 7 ? 4 : strlen(bad[i]), &data, &length), -EBADMSG);
	assert_null(data);
}

static void expect_mime(const char *text, const char *expected, size_t expected_length)
{
	char out[64];

	assert_true(strlen(text) <= sizeof(out));
	assert_int_equal(base64_decode_mime(text, strlen(text), out), expected_length);
	assert_memory_equal(out, expected, expected_length);
}

/* A mail's body: wrapped lines, CRLF, white space and stray bytes are
 * skipped; '=' ends the data; a group cut short still gives its bytes. */
static void mime_skips_what_is_not_base64(void **state)
{
	(void)state;
	expect_mime("Zm9v\r\nYmFy\r\n", "foobar", 6);
	expect_mime(" Zm9v YmE=\n", "fooba", 5);
	expect_mime("Zm9vYg==\r\nZm9v", "foob", 4);
	expect_mime("Zm*9v!Y\x80mFy", "foobar", 6);
	expect_mime("Zm9vYmE", "fooba", 5);
	expect_mime("Zm9vYg", "foob", 4);
	expect_mime("Zm9vY", "foo", 3);
	expect_mime("", "", 0);
	expect_mime("=Zm9v", "", 0);
	expect_mime("YQBi//4=", "a\0b\377\376", 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rfc_vectors_and_binary_round_trip),
		cmocka_unit_test(anything_else_is_refused),
		cmocka_unit_test(mime_skips_what_is_not_base64),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
