/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The portmapper's columns of an abuse row as the record keeps them, the
 * one place that spells their keys: written from the columns the mail
 * gave, read back leniently from records of every version (0.1 and 0.2
 * wrote the same keys; a damaged record lacks some). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "services/portmapper/portmapper_mail.h"

#define PORT_MAX 65535
#define RPC_PROGRAM_NUMBER_MAX 0xffffffffll
/* One item of a rebuilt rpc_response: "4294967295 4294967295 65535/udp6; " */
#define ITEM_TEXT_MAX 48

static json_t *programs_json(const struct portmapper_mail_item *items, size_t count)
{
	json_t *array = json_array();

	for (size_t i = 0; array && i < count; i++) {
		const struct portmapper_mail_item *item = &items[i];
		json_t *value = json_pack("{s:I, s:I, s:i, s:s}", "program", (json_int_t)item->program,
					  "version", (json_int_t)item->version, "port", (int)item->port,
					  "protocol", item->protocol);

		if (json_array_append_new(array, value) < 0) {
			json_decref(array);
			return NULL;
		}
	}
	return array;
}

int portmapper_mail_columns_json(const struct service_column *columns, size_t count, json_t *row)
{
	struct portmapper_mail_row read;
	int r = 0;

	portmapper_mail_row_read(columns, count, &read);
	r |= json_object_set_new(row, "rpc_response", json_string(read.response));
	r |= json_object_set_new(row, "programs", programs_json(read.items, read.item_count));
	r |= json_object_set_new(row, "rpc_services", json_boolean(read.more));
	if (read.mountd_port)
		r |= json_object_set_new(row, "mountd_port", json_integer(read.mountd_port));
	if (read.exports)
		r |= json_object_set_new(row, "exports", json_string(read.exports));
	return r < 0 ? -ENOMEM : 0;
}

/* A count in 0..max, as the report's accessors accepted it. */
static bool read_count(const json_t *object, const char *key, long long max, long long *ret_value)
{
	const json_t *value = json_object_get(object, key);

	if (!json_is_integer(value) || json_integer_value(value) < 0 || json_integer_value(value) > max)
		return false;
	*ret_value = json_integer_value(value);
	return true;
}

static bool protocol_text(const char *protocol)
{
	size_t length = protocol ? strlen(protocol) : 0;

	return length > 0 && length < PORTMAPPER_MAIL_PROTOCOL_MAX &&
	       strspn(protocol, "abcdefghijklmnopqrstuvwxyz0123456789") == length;
}

/* A record that lost "rpc_response" but kept "programs": the text
 * rebuilt from what reads ("100000 4 111/udp; 100005 3 20048/tcp"),
 * NULL when nothing does. */
static char *programs_text(const json_t *row, bool *failed)
{
	const json_t *array = json_object_get(row, "programs");
	size_t size = PORTMAPPER_MAIL_ITEMS_MAX * ITEM_TEXT_MAX, used = 0, count = 0;
	char *text;

	if (!json_array_size(array))
		return NULL;
	text = malloc(size);
	if (!text) {
		*failed = true;
		return NULL;
	}
	text[0] = '\0';
	for (size_t i = 0; i < json_array_size(array) && count < PORTMAPPER_MAIL_ITEMS_MAX; i++) {
		const json_t *item = json_array_get(array, i);
		const char *protocol = json_string_value(json_object_get(item, "protocol"));
		long long program, version = 0, port = 0;

		if (!read_count(item, "program", RPC_PROGRAM_NUMBER_MAX, &program) || !protocol_text(protocol))
			continue;
		read_count(item, "version", RPC_PROGRAM_NUMBER_MAX, &version);
		read_count(item, "port", PORT_MAX, &port);
		used += (size_t)snprintf(text + used, size - used, "%s%lld %lld %lld/%s", count ? "; " : "", program,
					 version, port, protocol);
		count++;
	}
	if (count == 0) {
		free(text);
		return NULL;
	}
	return text;
}

static bool add(struct service_column *columns, size_t max, int *count, const char *name, char *value)
{
	if (!value)
		return true;
	if ((size_t)*count >= max) {
		free(value);
		return true;
	}
	columns[*count].name = strdup(name);
	columns[*count].value = value;
	(*count)++;
	return columns[*count - 1].name != NULL;
}

static char *copy(const char *text, bool *failed)
{
	char *result = text ? strdup(text) : NULL;

	if (text && !result)
		*failed = true;
	return result;
}

int portmapper_mail_columns_from_json(const json_t *row, struct service_column *columns, size_t max)
{
	const char *response = json_string_value(json_object_get(row, "rpc_response"));
	bool failed = false;
	char *programs = response && *response ? NULL : programs_text(row, &failed);
	long long mountd_port;
	int count = 0;

	/* "programs" holds what rpc_response said, parsed; only a record
	 * that lost the text (or a hand-made one) has them apart. */
	if (programs)
		failed |= !add(columns, max, &count, "programs", programs);
	else if (response)
		failed |= !add(columns, max, &count, "rpc_response", copy(response, &failed));
	if (read_count(row, "mountd_port", PORT_MAX, &mountd_port) && mountd_port > 0) {
		char text[24];

		snprintf(text, sizeof(text), "%lld", mountd_port);
		failed |= !add(columns, max, &count, "mountd_port", copy(text, &failed));
	}
	failed |= !add(columns, max, &count, "exports", copy(json_string_value(json_object_get(row, "exports")), &failed));
	return failed ? -ENOMEM : count;
}
