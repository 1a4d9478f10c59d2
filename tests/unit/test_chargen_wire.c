/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The internal services' wire: the request, xinetd's recorded replies
 * checked per port, what each check refuses, the sample, and the fuzz
 * corpus replayed through the harness. */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fixture_file.h"

#include "corpus_replay.h"

#include "services/chargen/chargen_wire.h"

static const uint8_t newline[] = { '\n' };

static int check(enum chargen_kind kind, const char *text)
{
	return chargen_reply_check(kind, newline, sizeof(newline), (const uint8_t *)text, strlen(text));
}

static void request_is_one_newline(void **state)
{
	uint8_t request[4];

	(void)state;
	assert_int_equal(chargen_request_encode(request, sizeof(request)), CHARGEN_REQUEST_SIZE);
	assert_int_equal(request[0], '\n');
	assert_int_equal(chargen_request_encode(request, 0), -ENOBUFS);
}

static void ports_name_their_kind(void **state)
{
	(void)state;
	assert_int_equal(chargen_kind_of_port(19), CHARGEN_KIND_CHARGEN);
	assert_int_equal(chargen_kind_of_port(17), CHARGEN_KIND_QOTD);
	assert_int_equal(chargen_kind_of_port(7), CHARGEN_KIND_ECHO);
	assert_int_equal(chargen_kind_of_port(13), CHARGEN_KIND_DAYTIME);
	assert_int_equal(chargen_kind_of_port(1919), CHARGEN_KIND_OTHER);
	assert_string_equal(chargen_kind_name(CHARGEN_KIND_QOTD), "qotd");
	assert_string_equal(chargen_kind_name((enum chargen_kind)99), "?");
}

static void recorded_replies_check_out(void **state)
{
	static const struct {
		const char *file;
		enum chargen_kind kind;
		size_t length;
	} recorded[] = {
		{ "chargen-xinetd.bin", CHARGEN_KIND_CHARGEN, 1024 },
		{ "chargen-xinetd-wrap.bin", CHARGEN_KIND_CHARGEN, 1024 },	/* the second: its ring wraps */
		{ "echo-xinetd.bin", CHARGEN_KIND_ECHO, 1 },
		{ "daytime-xinetd.bin", CHARGEN_KIND_DAYTIME, 26 },
		{ "qotd.bin", CHARGEN_KIND_QOTD, 43 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(recorded) / sizeof(recorded[0]); i++) {
		size_t length;
		uint8_t *data = fixture_read("chargen", recorded[i].file, &length);

		assert_int_equal(length, recorded[i].length);
		assert_int_equal(chargen_reply_check(recorded[i].kind, newline, 1, data, length), 0);
		/* every reply is text, so the catch-all takes it too */
		assert_int_equal(chargen_reply_check(CHARGEN_KIND_OTHER, newline, 1, data, length), 0);
		/* and none but echo's is the request */
		if (recorded[i].kind != CHARGEN_KIND_ECHO)
			assert_int_equal(chargen_reply_check(CHARGEN_KIND_ECHO, newline, 1, data, length), -EBADMSG);
		free(data);
	}
}

static void chargen_keeps_the_ring(void **state)
{
	(void)state;
	assert_int_equal(check(CHARGEN_KIND_CHARGEN, "!\"#$%&\r\n\"#$%&'"), 0);
	assert_int_equal(check(CHARGEN_KIND_CHARGEN, "|}~ !\"\r\n"), 0);	/* '~' wraps to ' ' */
	assert_int_equal(check(CHARGEN_KIND_CHARGEN, "{|}!\"#\r\n"), 0);	/* xinetd's ring: '}' wraps to '!' */
	assert_int_equal(check(CHARGEN_KIND_CHARGEN, "{|} !\r\n"), 0);
	assert_int_equal(check(CHARGEN_KIND_CHARGEN, "{|#\r\n"), -EBADMSG);
	assert_int_equal(check(CHARGEN_KIND_CHARGEN, "abd\r\n"), -EBADMSG);	/* a character skipped */
	assert_int_equal(check(CHARGEN_KIND_CHARGEN, "abc\n"), -EBADMSG);	/* LF without CR */
	assert_int_equal(check(CHARGEN_KIND_CHARGEN, "abc\rx"), -EBADMSG);	/* CR without LF */
	assert_int_equal(check(CHARGEN_KIND_CHARGEN, "ab\tc"), -EBADMSG);
	assert_int_equal(check(CHARGEN_KIND_CHARGEN, ""), -EBADMSG);
}

static void each_kind_refuses_what_it_never_sends(void **state)
{
	char long_quote[QOTD_REPLY_MAX + 2];
	uint8_t *big = calloc(1, CHARGEN_DATAGRAM_MAX + 1);

	(void)state;
	assert_non_null(big);
	memset(long_quote, 'q', sizeof(long_quote) - 1);
	long_quote[sizeof(long_quote) - 1] = '\0';
	assert_int_equal(check(CHARGEN_KIND_QOTD, long_quote), -E2BIG);
	assert_int_equal(check(CHARGEN_KIND_QOTD, "\"Quote\"\n\t-- someone\n"), 0);
	assert_int_equal(check(CHARGEN_KIND_QOTD, "caf\xc3\xa9"), -EBADMSG);	/* not ASCII */
	assert_int_equal(check(CHARGEN_KIND_ECHO, "\n\n"), -EBADMSG);
	assert_int_equal(check(CHARGEN_KIND_ECHO, "x"), -EBADMSG);
	assert_int_equal(chargen_reply_check(CHARGEN_KIND_ECHO, NULL, 0, newline, 1), -EBADMSG);
	assert_int_equal(check(CHARGEN_KIND_DAYTIME, "no time here\r\n"), -EBADMSG);
	assert_int_equal(check(CHARGEN_KIND_DAYTIME, "Sun Dec  6 20:20:35 2026\n"), 0);
	assert_int_equal(check(CHARGEN_KIND_DAYTIME, long_quote), -E2BIG);
	memset(big, 'a', CHARGEN_DATAGRAM_MAX + 1);
	assert_int_equal(chargen_reply_check(CHARGEN_KIND_OTHER, newline, 1, big, CHARGEN_DATAGRAM_MAX + 1), -E2BIG);
	assert_int_equal(chargen_reply_check(CHARGEN_KIND_OTHER, newline, 1, big, CHARGEN_DATAGRAM_MAX), 0);
	assert_int_equal(chargen_reply_check(CHARGEN_KIND_OTHER, newline, 1, (const uint8_t *)"a\0b", 3), -EBADMSG);
	assert_int_equal(chargen_reply_check(CHARGEN_KIND_OTHER, newline, 1, NULL, 0), -EBADMSG);
	assert_int_equal(chargen_reply_check((enum chargen_kind)42, newline, 1, newline, 1), -EINVAL);
	free(big);
}

static void sample_is_the_first_line(void **state)
{
	char sample[8];

	(void)state;
	chargen_reply_sample((const uint8_t *)"06 DEC\r\nrest", 12, sample, sizeof(sample));
	assert_string_equal(sample, "06 DEC");
	chargen_reply_sample((const uint8_t *)"\nabcdefghijk", 12, sample, sizeof(sample));
	assert_string_equal(sample, "abcdefg");
	chargen_reply_sample((const uint8_t *)"a\tb\x01", 4, sample, sizeof(sample));
	assert_string_equal(sample, "a?b?");
	chargen_reply_sample((const uint8_t *)"\n", 1, sample, sizeof(sample));
	assert_string_equal(sample, "");
	chargen_reply_sample(NULL, 3, sample, sizeof(sample));
	assert_string_equal(sample, "");
}

/* The recorded replies and the fuzz corpus, through the harness. */
static void replays_fixtures_and_fuzz_corpus(void **state)
{
	char fixtures[4096], corpus[4096];
	size_t count;

	(void)state;
	snprintf(fixtures, sizeof(fixtures), "%s/chargen", FIXTURES);
	snprintf(corpus, sizeof(corpus), "%s/chargen/corpus", FIXTURES);
	count = corpus_replay(fixtures) + corpus_replay(corpus);
	assert_true(count >= 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(request_is_one_newline),
		cmocka_unit_test(ports_name_their_kind),
		cmocka_unit_test(recorded_replies_check_out),
		cmocka_unit_test(chargen_keeps_the_ring),
		cmocka_unit_test(each_kind_refuses_what_it_never_sends),
		cmocka_unit_test(sample_is_the_first_line),
		cmocka_unit_test(replays_fixtures_and_fuzz_corpus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
