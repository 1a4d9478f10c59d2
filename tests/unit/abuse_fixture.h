/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The abuse mail fixtures (tests/fixtures/abuse) read, and their errors
 * checked as the one line the user sees: test_abuse, test_abuse_services. */
#ifndef PORTGUARD_TEST_ABUSE_FIXTURE_H
#define PORTGUARD_TEST_ABUSE_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mail/abuse.h"

static inline char *fixture(const char *name)
{
	char *path;

	assert_true(asprintf(&path, "%s/abuse/%s", FIXTURES, name) > 0);
	return path;
}

/* The one line the user sees. */
static inline const char *line_of(const struct error_record *error)
{
	static char line[ABUSE_MESSAGE_MAX];

	return error_record_format(error, line, sizeof(line));
}

static inline void read_fixture(const char *name, struct abuse_report *report)
{
	struct error_record error = { 0 };
	char *path = fixture(name);
	int r = abuse_report_read(path, report, &error);

	if (r < 0)
		fail_msg("%s: %d %s", name, r, line_of(&error));
	assert_string_equal(report->file, path);
	free(path);
}

/* The error and its whole message, "<path>..." with the path cut off. */
static inline void expect_fixture_error(const char *name, int expected, const char *message)
{
	struct abuse_report report = { .count = 12345 };
	struct error_record error = { 0 };
	char *path = fixture(name);

	assert_int_equal(abuse_report_read(path, &report, &error), expected);
	assert_int_equal(report.count, 12345);	/* untouched */
	assert_null(report.rows);
	assert_int_equal(strncmp(line_of(&error), path, strlen(path)), 0);
	assert_string_equal(line_of(&error) + strlen(path), message);
	assert_null(strchr(line_of(&error), '\n'));
	free(path);
}

#endif
