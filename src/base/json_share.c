/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/grow.h"
#include "base/json_share.h"

/* A token of a pointer longer than this names no key portguard writes. */
#define TOKEN_MAX 256

/* ---- the place being walked, as a JSON pointer ---- */

struct pointer {
	char *text;
	size_t length;
	size_t allocated;
};

static int pointer_push(struct pointer *pointer, const char *token, size_t length)
{
	/* "/" and each byte of the token at most twice ("~" is "~0"). */
	size_t needed = pointer->length + 1 + 2 * length + 1;

	if (needed > pointer->allocated) {
		size_t allocated = needed < 256 ? 256 : 2 * needed;
		char *text = realloc(pointer->text, allocated);

		if (!text)
			return -ENOMEM;
		pointer->text = text;
		pointer->allocated = allocated;
	}
	pointer->text[pointer->length++] = '/';
	for (size_t i = 0; i < length; i++) {
		if (token[i] == '~' || token[i] == '/') {
			pointer->text[pointer->length++] = '~';
			pointer->text[pointer->length++] = token[i] == '~' ? '0' : '1';
		} else
			pointer->text[pointer->length++] = token[i];
	}
	pointer->text[pointer->length] = '\0';
	return 0;
}

static int pointer_push_index(struct pointer *pointer, size_t index)
{
	char token[24];

	return pointer_push(pointer, token, (size_t)snprintf(token, sizeof(token), "%zu", index));
}

static void pointer_pop(struct pointer *pointer, size_t length)
{
	pointer->length = length;
	if (pointer->text)
		pointer->text[length] = '\0';
}

/* ---- what may be shared ---- */

static bool is_scalar(const json_t *value)
{
	return !json_is_object(value) && !json_is_array(value);
}

static bool shareable(const json_t *value)
{
	size_t index;
	json_t *item;

	if (json_is_string(value))
		return json_string_length(value) >= JSON_SHARE_MIN_STRING;
	if (!json_is_array(value) || json_array_size(value) < JSON_SHARE_MIN_ITEMS)
		return false;
	json_array_foreach(value, index, item)
		if (!is_scalar(item))
			return false;
	return true;
}

static bool is_reference(const json_t *value)
{
	return json_is_object(value) && json_object_size(value) == 1 && json_object_get(value, JSON_SHARE_KEY);
}

/* ---- writing ---- */

static uint64_t hash_bytes(uint64_t hash, const void *bytes, size_t length)
{
	const unsigned char *byte = bytes;

	for (size_t i = 0; i < length; i++)
		hash = (hash ^ byte[i]) * UINT64_C(0x100000001b3);	/* FNV-1a */
	return hash;
}

static uint64_t hash_scalar(uint64_t hash, const json_t *value)
{
	unsigned char type = (unsigned char)json_typeof(value);

	hash = hash_bytes(hash, &type, 1);
	if (json_is_string(value))
		return hash_bytes(hash, json_string_value(value), json_string_length(value));
	if (json_is_integer(value)) {
		json_int_t integer = json_integer_value(value);

		return hash_bytes(hash, &integer, sizeof(integer));
	}
	if (json_is_real(value)) {
		double real = json_real_value(value);

		return hash_bytes(hash, &real, sizeof(real));
	}
	return hash;
}

static uint64_t hash_value(const json_t *value)
{
	uint64_t hash = UINT64_C(0xcbf29ce484222325);
	size_t index;
	json_t *item;

	if (!json_is_array(value))
		return hash_scalar(hash, value);
	json_array_foreach(value, index, item)
		hash = hash_scalar(hash, item);
	return hash_bytes(hash, "[", 1);
}

struct first_place {
	uint64_t hash;
	const json_t *value;
	char *pointer;
};

/* Open addressing; slots is a power of two, at most half full. */
struct first_places {
	struct first_place *slots;
	size_t slot_count;
	size_t used;
};

static void first_places_free(struct first_places *places)
{
	for (size_t i = 0; i < places->slot_count; i++)
		free(places->slots[i].pointer);
	free(places->slots);
}

static struct first_place *slot_of(struct first_places *places, uint64_t hash, const json_t *value)
{
	for (size_t i = hash & (places->slot_count - 1);; i = (i + 1) & (places->slot_count - 1)) {
		struct first_place *slot = &places->slots[i];

		if (!slot->value || (slot->hash == hash && json_equal(slot->value, value)))
			return slot;
	}
}

static int first_places_grow(struct first_places *places)
{
	struct first_places bigger = { .slot_count = places->slot_count ? 2 * places->slot_count : 64 };

	bigger.slots = calloc(bigger.slot_count, sizeof(*bigger.slots));
	if (!bigger.slots)
		return -ENOMEM;
	for (size_t i = 0; i < places->slot_count; i++)
		if (places->slots[i].value)
			*slot_of(&bigger, places->slots[i].hash, places->slots[i].value) = places->slots[i];
	free(places->slots);
	*places = bigger;
	return 0;
}

/* The reference to value's first place, or NULL when this is its first
 * place (now remembered as pointer). -ENOMEM in *ret. */
static json_t *repeat_of(struct first_places *places, const json_t *value, const char *pointer, int *ret)
{
	uint64_t hash = hash_value(value);
	struct first_place *slot;

	*ret = 0;
	if (2 * (places->used + 1) > places->slot_count && (*ret = first_places_grow(places)) < 0)
		return NULL;
	slot = slot_of(places, hash, value);
	if (slot->value) {
		json_t *reference = json_pack("{s:s}", JSON_SHARE_KEY, slot->pointer);

		if (!reference)
			*ret = -ENOMEM;
		return reference;
	}
	slot->pointer = strdup(pointer);
	if (!slot->pointer) {
		*ret = -ENOMEM;
		return NULL;
	}
	slot->hash = hash;
	slot->value = value;
	places->used++;
	return NULL;
}

static int share_in(json_t *node, struct pointer *pointer, struct first_places *places);

/* The value at pointer: kept as the first of its kind, replaced by a
 * reference (through replace), or walked into. */
static int share_one(json_t *value, struct pointer *pointer, struct first_places *places, json_t **ret_reference)
{
	int r;

	*ret_reference = NULL;
	if (!shareable(value))
		return share_in(value, pointer, places);
	*ret_reference = repeat_of(places, value, pointer->text, &r);
	return r;
}

static int share_in(json_t *node, struct pointer *pointer, struct first_places *places)
{
	size_t at = pointer->length;
	int r = 0;

	if (json_is_object(node)) {
		for (void *iter = json_object_iter(node); iter && r == 0; iter = json_object_iter_next(node, iter)) {
			const char *key = json_object_iter_key(iter);
			json_t *reference;

			r = pointer_push(pointer, key, strlen(key));
			if (r == 0)
				r = share_one(json_object_iter_value(iter), pointer, places, &reference);
			if (r == 0 && reference)
				r = json_object_iter_set_new(node, iter, reference) < 0 ? -ENOMEM : 0;
			pointer_pop(pointer, at);
		}
	} else if (json_is_array(node)) {
		for (size_t i = 0; i < json_array_size(node) && r == 0; i++) {
			json_t *reference;

			r = pointer_push_index(pointer, i);
			if (r == 0)
				r = share_one(json_array_get(node, i), pointer, places, &reference);
			if (r == 0 && reference)
				r = json_array_set_new(node, i, reference) < 0 ? -ENOMEM : 0;
			pointer_pop(pointer, at);
		}
	}
	return r;
}

int json_share_repeats(json_t *root)
{
	struct first_places places = { 0 };
	struct pointer pointer = { 0 };
	int r = pointer_push(&pointer, "", 0);

	if (r == 0) {
		pointer_pop(&pointer, 0);
		r = share_in(root, &pointer, &places);
	}
	first_places_free(&places);
	free(pointer.text);
	return r;
}

/* ---- reading ---- */

/* One token of text (up to '/' or its end) unescaped into token. */
static int token_next(const char **text, char *token, size_t *ret_length)
{
	size_t length = 0;

	for (; **text && **text != '/'; (*text)++) {
		char byte = **text;

		if (byte == '~') {
			(*text)++;
			if (**text != '0' && **text != '1')
				return -EBADMSG;
			byte = **text == '0' ? '~' : '/';
		}
		if (length == TOKEN_MAX)
			return -EBADMSG;
		token[length++] = byte;
	}
	token[length] = '\0';
	*ret_length = length;
	return 0;
}

static bool index_parse(const char *token, size_t length, size_t *ret_index)
{
	size_t index = 0;

	if (length == 0 || length > 9 || (length > 1 && token[0] == '0'))
		return false;
	for (size_t i = 0; i < length; i++) {
		if (token[i] < '0' || token[i] > '9')
			return false;
		index = index * 10 + (size_t)(token[i] - '0');
	}
	*ret_index = index;
	return true;
}

/* The value text points to in root, never through a reference; NULL
 * with the cause. */
static const json_t *pointer_find(const json_t *root, const char *text, const char **ret_cause)
{
	const json_t *node = root;
	char token[TOKEN_MAX + 1];

	if (*text != '/') {
		*ret_cause = "is no JSON pointer";
		return NULL;
	}
	while (*text == '/') {
		size_t length, index;

		text++;
		if (token_next(&text, token, &length) < 0) {
			*ret_cause = "is no JSON pointer portguard writes";
			return NULL;
		}
		if (json_is_object(node))
			node = json_object_getn(node, token, length);
		else if (json_is_array(node) && index_parse(token, length, &index))
			node = json_array_get(node, index);
		else
			node = NULL;
		if (!node) {
			*ret_cause = "points to nothing";
			return NULL;
		}
		if (is_reference(node)) {
			*ret_cause = "points to another reference";
			return NULL;
		}
	}
	if (!shareable(node)) {
		*ret_cause = "points to a value that is not shared";
		return NULL;
	}
	return node;
}

/* A reference's place: its parent and key or index, and its value. */
struct reference {
	json_t *parent;
	void *iter;		/* in an object; NULL: */
	size_t index;		/* in an array */
	const json_t *value;
};

struct references {
	struct reference *items;
	size_t count;
	size_t allocated;
};

/* The reference at place (in parent, by iter or index) to the list,
 * once its target is found in root as it was read. */
static int found(const json_t *root, struct references *list, json_t *parent, void *iter, size_t index,
		 const json_t *reference, const char *place, char *error, size_t size)
{
	const char *target = json_string_value(json_object_get(reference, JSON_SHARE_KEY));
	const char *cause = "is not a string";
	const json_t *value = target ? pointer_find(root, target, &cause) : NULL;
	struct reference *items;

	if (!value) {
		snprintf(error, size, "%s: %s %s", place, JSON_SHARE_KEY, cause);
		return -EBADMSG;
	}
	items = grow_for_one(list->items, list->count, &list->allocated, sizeof(*items));
	if (!items)
		return -ENOMEM;
	list->items = items;
	list->items[list->count++] = (struct reference){ .parent = parent, .iter = iter, .index = index, .value = value };
	return 0;
}

/* Every reference below node, with its target checked against root as
 * it was read. */
static int references_find(const json_t *root, json_t *node, struct pointer *pointer, struct references *list,
			   char *error, size_t size)
{
	size_t at = pointer->length;
	int r = 0;

	if (json_is_object(node)) {
		for (void *iter = json_object_iter(node); iter && r == 0; iter = json_object_iter_next(node, iter)) {
			const char *key = json_object_iter_key(iter);
			json_t *value = json_object_iter_value(iter);

			r = pointer_push(pointer, key, strlen(key));
			if (r < 0)
				break;
			r = is_reference(value) ? found(root, list, node, iter, 0, value, pointer->text, error, size)
						: references_find(root, value, pointer, list, error, size);
			pointer_pop(pointer, at);
		}
	} else if (json_is_array(node)) {
		for (size_t i = 0; i < json_array_size(node) && r == 0; i++) {
			json_t *value = json_array_get(node, i);

			r = pointer_push_index(pointer, i);
			if (r < 0)
				break;
			r = is_reference(value) ? found(root, list, node, NULL, i, value, pointer->text, error, size)
						: references_find(root, value, pointer, list, error, size);
			pointer_pop(pointer, at);
		}
	}
	return r;
}

int json_share_resolve(json_t *root, char *error, size_t size)
{
	struct references list = { 0 };
	struct pointer pointer = { 0 };
	int r = pointer_push(&pointer, "", 0);

	if (r == 0) {
		pointer_pop(&pointer, 0);
		r = references_find(root, root, &pointer, &list, error, size);
	}
	/* Only now, so that every target was looked up in the file as read. */
	for (size_t i = 0; r == 0 && i < list.count; i++) {
		const struct reference *reference = &list.items[i];

		json_t *value = (json_t *)reference->value;

		if ((reference->iter ? json_object_iter_set(reference->parent, reference->iter, value)
				     : json_array_set(reference->parent, reference->index, value)) < 0)
			r = -ENOMEM;
	}
	free(list.items);
	free(pointer.text);
	return r;
}
