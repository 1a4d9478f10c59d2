/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The lookup behind every x_from_string(): the index of text in a table
 * of words indexed by an enum, or -EINVAL (the enum's _INVALID). */
#ifndef PORTGUARD_STRING_TABLE_H
#define PORTGUARD_STRING_TABLE_H

#include <errno.h>
#include <string.h>

static inline int string_table_lookup(const char *const *table, int count, const char *text)
{
	for (int i = 0; text && i < count; i++)
		if (table[i] && strcmp(table[i], text) == 0)
			return i;
	return -EINVAL;
}

#define string_table_get(table, count, value) \
	((value) >= 0 && (int)(value) < (count) ? (table)[(value)] : NULL)

#endif
