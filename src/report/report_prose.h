/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Helpers of the report, not an interface of their own: text wrapped for
 * a mail, and the record's times and numbers in words. */
#ifndef PORTGUARD_REPORT_PROSE_H
#define PORTGUARD_REPORT_PROSE_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "base/language.h"

#define PROSE_WIDTH 72


struct prose {
	FILE *out;
	bool failed;	/* out of memory while formatting */
};

/* Writes the formatted text wrapped at PROSE_WIDTH, each line indented
 * by indent; "\n" in the text breaks the line. Control characters from
 * the record become '?'. */
void prose_paragraph(struct prose *prose, unsigned int indent, const char *format, ...)
	__attribute__((format(printf, 3, 4)));
/* The same as a list item: "- " first, continuation lines aligned. */
void prose_item(struct prose *prose, unsigned int indent, const char *format, ...)
	__attribute__((format(printf, 3, 4)));
/* Text kept as it is (rules, CSV rows), indented; tabs become 4 spaces. */
void prose_block(struct prose *prose, unsigned int indent, const char *text);
/* One line as it is, not wrapped: subjects, table rows. */
void prose_line(struct prose *prose, const char *format, ...) __attribute__((format(printf, 2, 3)));

/* Items joined with ", " into one allocated text. */
struct joined {
	char *text;
	size_t size;
	FILE *out;
	size_t count;
};

void joined_open(struct joined *joined);
void joined_add(struct joined *joined, const char *item);
/* The text, "" when nothing was added; NULL (and prose->failed) when out
 * of memory. Valid until joined_free. */
const char *joined_close(struct joined *joined, struct prose *prose);
void joined_free(struct joined *joined);

/* "2026-11-26T20:00:00Z" (seconds and 'Z' required). Returns 0 or -EINVAL. */
int record_time_parse(const char *text, struct tm *ret_time);
/* "26.11.2026 um 20:00:00 UTC" or "2026-11-26 20:00:00 UTC"; the text
 * itself when it does not parse; "unbekannt"/"unknown" when NULL. */
const char *record_time_format(const char *text, enum language language, char *buffer, size_t size);
/* One decimal, with a comma in German. */
const char *decimal_format(double value, enum language language, char *buffer, size_t size);

#endif
