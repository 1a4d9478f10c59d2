/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Text as the parsers and the plan handle it: formatting that may cut
 * short, and a cursor over lines. */
#ifndef PORTGUARD_TEXT_H
#define PORTGUARD_TEXT_H

#include <stddef.h>

/* snprintf for text that may be cut short on purpose (evidence,
 * reasons): the cut is fine, a warning about it is not. */
__attribute__((format(printf, 3, 4)))
void text_format(char *buffer, size_t size, const char *format, ...);

/* Walks a text line by line, counting lines from 1. */
struct text_cursor {
	const char *text;
	size_t length;
	size_t offset;
	unsigned int line;
};

/* The next line, without its newline or a trailing CR. Returns 1, 0 at
 * the end, -EBADMSG on a NUL or another control character but tab
 * (binary data), -E2BIG when the line is longer than max. cursor->line
 * is the number of the line returned or refused. */
int text_next_line(struct text_cursor *cursor, size_t max, const char **ret_line, size_t *ret_length);

#endif
