/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/error_record.h"

void error_record_setv(struct error_record *record, const char *file, unsigned int line, const char *format,
		       va_list arguments)
{
	if (!record)
		return;
	record->location = file ? ERROR_LOCATION_FILE : ERROR_LOCATION_NONE;
	snprintf(record->file, sizeof(record->file), "%s", file ? file : "");
	record->line = line;
	record->attachment[0] = '\0';
	record->part = 0;
	vsnprintf(record->message, sizeof(record->message), format, arguments);
}

void error_record_set(struct error_record *record, const char *file, unsigned int line, const char *format, ...)
{
	va_list arguments;

	va_start(arguments, format);
	error_record_setv(record, file, line, format, arguments);
	va_end(arguments);
}

void error_record_append(struct error_record *record, const char *format, ...)
{
	size_t length;
	va_list arguments;

	if (!record)
		return;
	length = strnlen(record->message, sizeof(record->message) - 1);
	va_start(arguments, format);
	vsnprintf(record->message + length, sizeof(record->message) - length, format, arguments);
	va_end(arguments);
}

void error_record_clear(struct error_record *record)
{
	if (record)
		error_record_set(record, NULL, 0, "%s", "");
}

void error_record_in_mail(struct error_record *record, const char *name, unsigned int part)
{
	record->location = ERROR_LOCATION_MAIL;
	snprintf(record->attachment, sizeof(record->attachment), "%s", name ? name : "");
	record->part = record->attachment[0] ? 0 : part;
}

/* A mail's location was always cut at 255 bytes, whatever the file's
 * name: the message after it must still be read. */
static int mail_location(const struct error_record *record, char *where, size_t size)
{
	if (record->attachment[0])
		return snprintf(where, size, "%s, attachment %s, line %u", record->file, record->attachment, record->line);
	if (record->part)
		return snprintf(where, size, "%s, part %u, line %u", record->file, record->part, record->line);
	return snprintf(where, size, "%s line %u", record->file, record->line);
}

char *error_record_format(const struct error_record *record, char *buffer, size_t size)
{
	char where[256];

	switch (record->location) {
	case ERROR_LOCATION_NONE:
		snprintf(buffer, size, "%s", record->message);
		break;
	case ERROR_LOCATION_FILE:
		if (record->line)
			snprintf(buffer, size, "%s:%u: %s", record->file, record->line, record->message);
		else
			snprintf(buffer, size, "%s: %s", record->file, record->message);
		break;
	case ERROR_LOCATION_MAIL:
		if (mail_location(record, where, sizeof(where)) < 0)
			where[0] = '\0';
		snprintf(buffer, size, "%s: %s", where, record->message);
		break;
	}
	return buffer;
}
