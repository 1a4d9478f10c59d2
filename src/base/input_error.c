/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>

#include "base/input_error.h"

void input_error_set(struct input_error *error, const char *file, unsigned int line, const char *format, ...)
{
	va_list arguments;

	snprintf(error->file, sizeof(error->file), "%s", file);
	error->line = line;
	va_start(arguments, format);
	vsnprintf(error->message, sizeof(error->message), format, arguments);
	va_end(arguments);
}

char *input_error_format(const struct input_error *error, char *buffer, size_t size)
{
	if (error->line)
		snprintf(buffer, size, "%s:%u: %s", error->file, error->line, error->message);
	else
		snprintf(buffer, size, "%s: %s", error->file, error->message);
	return buffer;
}
