/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "corpus_replay.h"

#include "host/config_file.h"
#include "model/cidr.h"

static int parse(const char *text, size_t length, struct config_file *config, struct error_record *error)
{
	return config_file_parse(text, length, "/etc/portguard/portguard.conf", config, error);
}

static void reads_every_key(void **state)
{
	static const char text[] =
		"# portguard\n"
		"\n"
		"mode = restrict   # a comment after the value\n";
	static const char good[] =
		"# portguard\r\n"
		"  mode=restrict\n"
		"trusted = 10.0.0.0/24, 192.168.1.7\n"
		"trusted = 2001:db8::/48 10.0.0.0/25\n"
		"report_dir = /srv/reports\n";
	struct config_file config;
	struct error_record error = { 0 };
	char text_buffer[CIDR_TEXT_MAX];

	(void)state;
	assert_int_equal(parse(text, sizeof(text) - 1, &config, &error), 0);
	assert_int_equal(config.mode, MODE_RESTRICT);
	config_file_free(&config);

	assert_int_equal(parse(good, sizeof(good) - 1, &config, &error), 0);
	assert_true(config.mode_given);
	assert_int_equal(config.mode, MODE_RESTRICT);
	assert_int_equal(config.trusted.count, 4);
	assert_string_equal(cidr_format(&config.trusted.items[2], text_buffer), "2001:db8::/48");
	assert_string_equal(config.report_dir, "/srv/reports");
	config_file_free(&config);
}

struct bad_case {
	const char *text;
	size_t length;
	unsigned int line;
	const char *message;
};

#define BAD(text, line, message) { text, sizeof(text) - 1, line, message }

static void refuses_bad_lines_with_location(void **state)
{
	static const struct bad_case cases[] = {
		BAD("mode = auto\ncolour = blue\n", 2, "unknown key 'colour'"),
		BAD("mode = sideways\n", 1, "mode 'sideways' is not auto, stop or restrict"),
		BAD("\n\ntrusted = 10.0.0.0/33\n", 3, "'10.0.0.0/33' is not a network"),
		BAD("trusted = 10.0.0.0/8,300.1.1.1/8\n", 1, "'300.1.1.1/8' is not a network"),
		BAD("trusted = fe80::/129\n", 1, "'fe80::/129' is not a network"),
		BAD("trusted =\n", 1, "trusted has no value"),
		BAD("mode =   \n", 1, "mode has no value"),
		BAD("report_dir = relative/dir\n", 1, "not an absolute directory"),
		BAD("mode = stop\nmode = restrict\n", 2, "mode is set twice"),
		BAD("just words\n", 1, "expected 'key = value'"),
		BAD("mode = auto\n\x7f" "ELF\x02\x01\x01\x00\x00\n", 2, "binary data"),
		BAD("mode = au\0to\n", 1, "binary data"),
		BAD("= restrict\n", 1, "unknown key ''"),
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct config_file config = { .mode = MODE_STOP };
		struct error_record error = { 0 };

		assert_int_equal(parse(cases[i].text, cases[i].length, &config, &error), -EINVAL);
		assert_int_equal(error.line, cases[i].line);
		if (!strstr(error.message, cases[i].message))
			fail_msg("case %zu: '%s' lacks '%s'", i, error.message, cases[i].message);
		assert_string_equal(error.file, "/etc/portguard/portguard.conf");
		/* untouched on failure */
		assert_int_equal(config.mode, MODE_STOP);
		assert_null(config.trusted.items);
	}
}

static void refuses_overlong_line(void **state)
{
	char text[CONFIG_LINE_MAX + 64];
	struct config_file config;
	struct error_record error = { 0 };

	(void)state;
	memset(text, ' ', sizeof(text));
	memcpy(text, "mode = auto\n# ", 14);
	assert_int_equal(parse(text, sizeof(text), &config, &error), -EINVAL);
	assert_int_equal(error.line, 2);
	assert_non_null(strstr(error.message, "longer than"));
}

static void missing_default_file_is_empty(void **state)
{
	struct config_file config;
	struct error_record error = { 0 };

	(void)state;
	assert_int_equal(config_file_read("/nonexistent/portguard.conf", true, &config, &error), 0);
	assert_false(config.mode_given);
	assert_int_equal(config.trusted.count, 0);
	assert_int_equal(config_file_read("/nonexistent/portguard.conf", false, &config, &error), -ENOENT);
	assert_non_null(strstr(error.message, "cannot be read"));
}

static void replays_fuzz_corpus(void **state)
{
	(void)state;
	assert_true(corpus_replay(FIXTURES "/config/corpus") >= 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(replays_fuzz_corpus),
		cmocka_unit_test(reads_every_key),
		cmocka_unit_test(refuses_bad_lines_with_location),
		cmocka_unit_test(refuses_overlong_line),
		cmocka_unit_test(missing_default_file_is_empty),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
