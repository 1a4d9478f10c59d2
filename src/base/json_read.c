/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "base/json_read.h"

long long integer_in(const json_t *object, const char *key, long long min, long long max)
{
	json_int_t value = json_integer_value(json_object_get(object, key));

	return value < min || value > max ? 0 : value;
}

void text_copy(const json_t *object, const char *key, char *buffer, size_t size)
{
	const char *text = json_string_value(json_object_get(object, key));

	snprintf(buffer, size, "%s", text ? text : "");
}

bool text_copy_whole(const json_t *object, const char *key, char *buffer, size_t size)
{
	const char *text = json_string_value(json_object_get(object, key));

	if (!text || strlen(text) >= size)
		return false;
	strcpy(buffer, text);
	return true;
}
