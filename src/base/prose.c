/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/prose.h"

static void put_sanitized(FILE *out, const char *text, size_t length)
{
	for (size_t i = 0; i < length; i++) {
		unsigned char c = (unsigned char)text[i];

		fputc(c < 0x20 || c == 0x7f ? '?' : c, out);
	}
}

/* Columns as a mail reader counts them: UTF-8 continuation bytes take none. */
static size_t columns(const char *text, size_t length)
{
	size_t count = 0;

	for (size_t i = 0; i < length; i++)
		count += ((unsigned char)text[i] & 0xc0) != 0x80;
	return count;
}

static void indent_by(FILE *out, unsigned int indent)
{
	for (unsigned int i = 0; i < indent; i++)
		fputc(' ', out);
}

static void wrap(struct prose *prose, unsigned int indent, const char *first, const char *text)
{
	size_t first_length = strlen(first), column = 0;
	unsigned int continuation = indent + (unsigned int)first_length;
	bool line_empty = true, first_line = true;

	while (*text) {
		size_t length;

		if (*text == '\n' || *text == ' ') {
			if (*text == '\n' && !line_empty) {
				fputc('\n', prose->out);
				line_empty = true;
			}
			text++;
			continue;
		}
		length = strcspn(text, " \n");
		if (!line_empty && column + 1 + columns(text, length) > PROSE_WIDTH) {
			fputc('\n', prose->out);
			line_empty = true;
		}
		if (line_empty) {
			indent_by(prose->out, first_line ? indent : continuation);
			if (first_line)
				fputs(first, prose->out);
			column = continuation;
			first_line = false;
		} else {
			fputc(' ', prose->out);
			column++;
		}
		put_sanitized(prose->out, text, length);
		column += columns(text, length);
		line_empty = false;
		text += length;
	}
	if (!line_empty)
		fputc('\n', prose->out);
}

static void wrap_formatted(struct prose *prose, unsigned int indent, const char *first,
			   const char *format, va_list arguments)
{
	char *text;

	if (vasprintf(&text, format, arguments) < 0) {
		prose->failed = true;
		return;
	}
	wrap(prose, indent, first, text);
	free(text);
}

void prose_paragraph(struct prose *prose, unsigned int indent, const char *format, ...)
{
	va_list arguments;

	va_start(arguments, format);
	wrap_formatted(prose, indent, "", format, arguments);
	va_end(arguments);
}

void prose_item(struct prose *prose, unsigned int indent, const char *format, ...)
{
	va_list arguments;

	va_start(arguments, format);
	wrap_formatted(prose, indent, "- ", format, arguments);
	va_end(arguments);
}

void prose_block(struct prose *prose, unsigned int indent, const char *text)
{
	bool line_start = true;

	for (; text && *text; text++) {
		if (line_start && *text != '\n')
			indent_by(prose->out, indent);
		line_start = *text == '\n';
		if (*text == '\t')
			fputs("    ", prose->out);
		else if (*text == '\n')
			fputc('\n', prose->out);
		else
			put_sanitized(prose->out, text, 1);
	}
	if (!line_start)
		fputc('\n', prose->out);
}

void prose_line(struct prose *prose, const char *format, ...)
{
	va_list arguments;
	char *text;

	va_start(arguments, format);
	if (vasprintf(&text, format, arguments) < 0) {
		prose->failed = true;
	} else {
		put_sanitized(prose->out, text, strlen(text));
		fputc('\n', prose->out);
		free(text);
	}
	va_end(arguments);
}

void joined_open(struct joined *joined)
{
	*joined = (struct joined){ 0 };
	joined->out = open_memstream(&joined->text, &joined->size);
}

void joined_add(struct joined *joined, const char *item)
{
	if (joined->out)
		fprintf(joined->out, "%s%s", joined->count ? ", " : "", item);
	joined->count++;
}

const char *joined_close(struct joined *joined, struct prose *prose)
{
	if (!joined->out || fclose(joined->out) != 0) {
		prose->failed = true;
		joined->out = NULL;
		return NULL;
	}
	joined->out = NULL;
	return joined->text ? joined->text : "";
}

void joined_free(struct joined *joined)
{
	if (joined->out)
		fclose(joined->out);
	free(joined->text);
	*joined = (struct joined){ 0 };
}

const char *decimal_format(double value, enum language language, char *buffer, size_t size)
{
	char *point;

	snprintf(buffer, size, "%.1f", value);
	point = strchr(buffer, '.');
	if (point && language == LANGUAGE_GERMAN)
		*point = ',';
	return buffer;
}
