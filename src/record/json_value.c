/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "assess/assess.h"
#include "base/json_read.h"
#include "model/cidr.h"
#include "record/json_value.h"

json_t *networks_to_json(const struct cidr_list *list)
{
	json_t *array = json_array();

	for (size_t i = 0; array && i < list->count; i++) {
		char text[CIDR_TEXT_MAX];

		if (json_array_append_new(array, json_string(cidr_format(&list->items[i], text))) < 0) {
			json_decref(array);
			return NULL;
		}
	}
	return array;
}

int networks_from_json(const json_t *array, struct cidr_list *list)
{
	const json_t *item;
	size_t index;

	json_array_foreach(array, index, item) {
		struct cidr cidr;

		if (json_is_string(item) && cidr_parse(json_string_value(item), &cidr) == 0 &&
		    cidr_list_add(list, &cidr) < 0)
			return -ENOMEM;
	}
	return 0;
}

int consumers_from_json(const json_t *array, const struct service *service, struct consumer_list *list,
			void (*facts)(const json_t *item, const struct service *service, struct consumer *consumer))
{
	const json_t *item;
	size_t index;

	list->items = calloc(json_array_size(array) + 1, sizeof(*list->items));
	if (!list->items)
		return -ENOMEM;
	list->capacity = json_array_size(array) + 1;
	json_array_foreach(array, index, item) {
		struct consumer *consumer = &list->items[list->count];
		const struct consumer_kind *kind = assess_consumer_kind(service, json_string_value(json_object_get(item, "kind")));

		if (!kind)
			continue;
		consumer->kind = kind;
		if (facts)
			facts(item, service, consumer);
		text_copy(item, "evidence", consumer->evidence, sizeof(consumer->evidence));
		consumer->ambiguous = json_is_true(json_object_get(item, "ambiguous"));
		consumer->callers_unknown = json_is_true(json_object_get(item, "callers_unknown"));
		text_copy(item, "ambiguity", consumer->ambiguity, sizeof(consumer->ambiguity));
		list->count++;
		if (networks_from_json(json_object_get(item, "trusted"), &consumer->trusted) < 0)
			return -ENOMEM;
	}
	return 0;
}
