/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A cidr_list as one line of text, for comparing in assertions. */
#ifndef PORTGUARD_TEST_CIDR_TEXT_H
#define PORTGUARD_TEST_CIDR_TEXT_H

#include <stdio.h>

#include "model/cidr.h"

static inline void cidr_list_text(const struct cidr_list *list, char *buffer, size_t size)
{
	size_t used = 0;

	buffer[0] = '\0';
	for (size_t i = 0; i < list->count && used < size; i++) {
		char text[CIDR_TEXT_MAX];

		used += (size_t)snprintf(buffer + used, size - used, "%s%s", i ? " " : "",
					 cidr_format(&list->items[i], text));
	}
}

#endif
