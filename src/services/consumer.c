/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/grow.h"
#include "model/cidr.h"
#include "services/consumer.h"

void consumer_list_note(struct consumer_list *list, const char *format, ...)
{
	va_list arguments;

	if (list->note_count == CONSUMER_NOTES_MAX)
		return;
	va_start(arguments, format);
	vsnprintf(list->notes[list->note_count++], CONSUMER_TEXT_MAX, format, arguments);
	va_end(arguments);
}

int consumer_list_add(struct consumer_list *list, struct consumer *consumer)
{
	struct consumer *items = grow_for_one(list->items, list->count, &list->capacity, sizeof(*items));

	if (!items) {
		cidr_list_free(&consumer->trusted);
		return -ENOMEM;
	}
	list->items = items;
	cidr_list_normalize(&consumer->trusted);
	evidence_format(&consumer->facts, LANGUAGE_ENGLISH, consumer->evidence, sizeof(consumer->evidence));
	list->items[list->count++] = *consumer;
	*consumer = (struct consumer){ 0 };
	return 0;
}

bool consumer_list_has(const struct consumer_list *list, const struct consumer_kind *kind)
{
	for (size_t i = 0; i < list->count; i++)
		if (list->items[i].kind == kind)
			return true;
	return false;
}

void consumer_list_free(struct consumer_list *list)
{
	for (size_t i = 0; i < list->count; i++)
		cidr_list_free(&list->items[i].trusted);
	free(list->items);
	list->items = NULL;
	list->count = list->capacity = 0;
	list->note_count = 0;
}

int consumer_list_copy(const struct consumer_list *from, struct consumer_list *ret_copy)
{
	int r = 0;

	*ret_copy = (struct consumer_list){ .note_count = from->note_count };
	memcpy(ret_copy->notes, from->notes, sizeof(ret_copy->notes));
	ret_copy->items = calloc(from->count + 1, sizeof(*ret_copy->items));
	if (!ret_copy->items)
		return -ENOMEM;
	ret_copy->capacity = from->count + 1;
	for (size_t i = 0; r == 0 && i < from->count; i++) {
		ret_copy->items[i] = from->items[i];
		ret_copy->items[i].trusted = (struct cidr_list){ 0 };
		ret_copy->count++;
		r = cidr_list_add_all(&ret_copy->items[i].trusted, &from->items[i].trusted);
	}
	return r;
}

void consumer_set_ambiguous(struct consumer *consumer, const char *format, ...)
{
	va_list arguments;

	if (consumer->ambiguous)
		return;
	consumer->ambiguous = true;
	va_start(arguments, format);
	vsnprintf(consumer->ambiguity, sizeof(consumer->ambiguity), format, arguments);
	va_end(arguments);
}

void consumer_set_callers_unknown(struct consumer *consumer, const char *format, ...)
{
	va_list arguments;

	consumer->callers_unknown = true;
	va_start(arguments, format);
	vsnprintf(consumer->ambiguity, sizeof(consumer->ambiguity), format, arguments);
	va_end(arguments);
}

const char *consumer_kind_description(const struct consumer_kind *kind, enum language language)
{
	return kind ? IN(language, kind->description_de, kind->description_en) : "?";
}
