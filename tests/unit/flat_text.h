/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A report's text flattened, so that sentences match however they were
 * wrapped: test_report, test_report_run. */
#ifndef PORTGUARD_TEST_FLAT_TEXT_H
#define PORTGUARD_TEST_FLAT_TEXT_H

#include <stdlib.h>
#include <string.h>

/* The text with every run of spaces and line breaks made one space. */
static inline char *flatten(const char *text)
{
	char *flat = malloc(strlen(text) + 1), *out = flat;

	assert_non_null(flat);
	for (; *text; text++) {
		if (*text == ' ' || *text == '\n') {
			if (out > flat && out[-1] != ' ')
				*out++ = ' ';
			continue;
		}
		*out++ = *text;
	}
	*out = '\0';
	return flat;
}

#endif
