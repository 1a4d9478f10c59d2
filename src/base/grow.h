/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Growing an array of items by doubling, for every list type that keeps
 * items, count and capacity. */
#ifndef PORTGUARD_GROW_H
#define PORTGUARD_GROW_H

#include <stdint.h>
#include <stdlib.h>

/* Returns items with room for one more (moved, perhaps), or NULL when
 * out of memory, leaving items and *capacity as they were. */
static inline void *grow_for_one(void *items, size_t count, size_t *capacity, size_t item_size)
{
	size_t bigger = *capacity ? *capacity * 2 : 8;
	void *moved;

	if (count < *capacity)
		return items;
	if (bigger > SIZE_MAX / item_size)
		return NULL;
	moved = realloc(items, bigger * item_size);
	if (moved)
		*capacity = bigger;
	return moved;
}

#endif
