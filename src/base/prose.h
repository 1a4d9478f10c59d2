/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Text for a mail: paragraphs wrapped at PROSE_WIDTH, list items, kept
 * blocks, items joined with ", ", numbers as either language writes
 * them. The report writes its frame with it, a service its paragraphs. */
#ifndef PORTGUARD_PROSE_H
#define PORTGUARD_PROSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

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

/* One decimal, with a comma in German. */
const char *decimal_format(double value, enum language language, char *buffer, size_t size);

#endif
