/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

#include "base/text.h"

void text_format(char *buffer, size_t size, const char *format, ...)
{
	va_list arguments;

	va_start(arguments, format);
	vsnprintf(buffer, size, format, arguments);
	va_end(arguments);
}

int text_next_line(struct text_cursor *cursor, size_t max, const char **ret_line, size_t *ret_length)
{
	const char *line = cursor->text + cursor->offset;
	size_t length = 0, rest = cursor->length - cursor->offset;

	if (cursor->offset >= cursor->length)
		return 0;
	cursor->line++;
	while (length < rest && line[length] != '\n')
		length++;
	cursor->offset += length < rest ? length + 1 : length;
	if (length > 0 && line[length - 1] == '\r')
		length--;
	if (length > max)
		return -E2BIG;
	for (size_t i = 0; i < length; i++) {
		unsigned char c = (unsigned char)line[i];

		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return -EBADMSG;
	}
	*ret_line = line;
	*ret_length = length;
	return 1;
}
