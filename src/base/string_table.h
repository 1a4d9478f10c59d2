/* SPDX-License-Identifier: GPL-2.0-or-later */
/* An enum's words, written once: DEFINE_STRING_TABLE_LOOKUP(x, enum x)
 * defines x_to_string() (NULL out of range) and x_from_string() (the
 * enum's _INVALID, -EINVAL, for an unknown word) from the table
 * `static const char *const x_table[_X_MAX]`, as systemd's
 * string-table.h does. */
#ifndef PORTGUARD_STRING_TABLE_H
#define PORTGUARD_STRING_TABLE_H

#include <errno.h>
#include <string.h>

#define ELEMENTSOF(array) (sizeof(array) / sizeof((array)[0]))

static inline int string_table_lookup(const char *const *table, int count, const char *text)
{
	for (int i = 0; text && i < count; i++)
		if (table[i] && strcmp(table[i], text) == 0)
			return i;
	return -EINVAL;
}

#define string_table_get(table, count, value) \
	((value) >= 0 && (int)(value) < (count) ? (table)[(value)] : NULL)

#define DEFINE_STRING_TABLE_LOOKUP_TO_STRING(name, type)				\
	const char *name##_to_string(type value)					\
	{										\
		return string_table_get(name##_table, (int)ELEMENTSOF(name##_table), value); \
	}

#define DEFINE_STRING_TABLE_LOOKUP_FROM_STRING(name, type)				\
	type name##_from_string(const char *text)					\
	{										\
		return (type)string_table_lookup(name##_table, (int)ELEMENTSOF(name##_table), text); \
	}

#define DEFINE_STRING_TABLE_LOOKUP(name, type)						\
	DEFINE_STRING_TABLE_LOOKUP_TO_STRING(name, type)				\
	DEFINE_STRING_TABLE_LOOKUP_FROM_STRING(name, type)

#endif
