/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "base/grow.h"
#include "model/cidr.h"
#include "record/show.h"

const char *transport_name(enum transport transport)
{
	return transport == TRANSPORT_TCP ? "tcp" : "udp";
}

const char *family_name(int family)
{
	return family == AF_INET ? "ipv4" : "ipv6";
}

/* The owner a person asks about: the daemon rather than PID 1, but the
 * socket unit, which is what re-opens the port, rather than the service. */
static const struct owner *main_process(const struct listener *listener)
{
	for (size_t i = 0; i < listener->owner_count; i++)
		if (listener->owners[i].pid != 1)
			return &listener->owners[i];
	return listener->owner_count ? &listener->owners[0] : NULL;
}

static const char *main_unit(const struct listener *listener)
{
	for (size_t i = 0; i < listener->owner_count; i++)
		if (listener->owners[i].pid == 1 && listener->owners[i].unit[0])
			return listener->owners[i].unit;
	const struct owner *owner = main_process(listener);
	return owner && owner->unit[0] ? owner->unit : NULL;
}

void show_listeners_text(FILE *out, const struct listener_list *list)
{
	if (list->count == 0) {
		fprintf(out, "Nothing listens on port %u.\n", PORTMAPPER_PORT);
		return;
	}
	fprintf(out, "%-5s %-5s %-40s %-5s %-10s %-7s %s\n", "Proto", "Family", "Address", "Port",
		"Scope", "Exposed", "Owner");
	for (size_t i = 0; i < list->count; i++) {
		const struct listener *listener = &list->items[i];
		char address[CIDR_TEXT_MAX];

		fprintf(out, "%-5s %-6s %-40s %-5u %-10s %-7s", transport_name(listener->transport),
			family_name(listener->address.family), ip_address_format(&listener->address, address),
			listener->port, scope_name(listener->scope),
			!listener->exposed ? "no" : listener->filtered ? "limited" : "yes");
		if (listener->owner_count == 0)
			fprintf(out, " (unknown)");
		for (size_t o = 0; o < listener->owner_count; o++) {
			const struct owner *owner = &listener->owners[o];

			fprintf(out, "%s %s[%d]", o ? "," : "", owner->process, (int)owner->pid);
			if (owner->unit[0])
				fprintf(out, " %s", owner->unit);
		}
		fprintf(out, "%s\n", listener->v6only ? " v6only" : "");
	}
	if (list->owners_incomplete)
		fprintf(out, "Note: the open files of some processes could not be read (not root, or a protected process); owners may be missing.\n");
	if (list->owners_partial)
		fprintf(out, "Note: many processes share the sockets' cgroup, or that cgroup names no process (its holder was moved out, or no cgroup2); the search for owners stopped at the first holder of each socket, so another process holding one too would be missing.\n");
}

static json_t *owner_json(const struct owner *owner)
{
	return json_pack("{s:i, s:s, s:s?}", "pid", (int)owner->pid, "process", owner->process,
			 "unit", owner->unit[0] ? owner->unit : NULL);
}

json_t *show_listeners_json(const struct listener_list *list)
{
	json_t *array = json_array();

	for (size_t i = 0; array && i < list->count; i++) {
		const struct listener *listener = &list->items[i];
		const struct owner *owner = main_process(listener);
		const char *unit = main_unit(listener);
		char address[CIDR_TEXT_MAX];
		json_t *owners = json_array(), *item;

		for (size_t o = 0; owners && o < listener->owner_count; o++)
			json_array_append_new(owners, owner_json(&listener->owners[o]));
		item = json_pack("{s:s, s:s, s:s, s:i, s:b, s:s, s:b, s:b, s:o, s:o, s:o, s:I, s:I, s:o}",
				 "proto", transport_name(listener->transport),
				 "family", family_name(listener->address.family),
				 "address", ip_address_format(&listener->address, address),
				 "port", (int)listener->port,
				 "v6only", listener->v6only,
				 "scope", scope_name(listener->scope),
				 "exposed", listener->exposed,
				 "filtered", listener->filtered,
				 "pid", owner ? json_integer(owner->pid) : json_null(),
				 "process", owner ? json_string(owner->process) : json_null(),
				 "unit", unit ? json_string(unit) : json_null(),
				 "inode", (json_int_t)listener->inode,
				 "cgroup_id", (json_int_t)listener->cgroup_id,
				 "owners", owners ? owners : json_array());
		if (!item || json_array_append_new(array, item) < 0) {
			json_decref(array);
			return NULL;
		}
	}
	return array;
}

/* The text at key when it is a string of fewer than size bytes. */
static bool copy_string(const json_t *object, const char *key, char *buffer, size_t size)
{
	const char *text = json_string_value(json_object_get(object, key));

	if (!text || strlen(text) >= size)
		return false;
	strcpy(buffer, text);
	return true;
}

int show_listeners_from_json(const json_t *array, struct listener_list *ret_list)
{
	struct listener_list list = { 0 };
	const json_t *item;
	size_t index;

	json_array_foreach(array, index, item) {
		const char *proto = json_string_value(json_object_get(item, "proto"));
		const char *address = json_string_value(json_object_get(item, "address"));
		json_int_t port = json_integer_value(json_object_get(item, "port"));
		json_int_t pid = json_integer_value(json_object_get(item, "pid"));
		struct listener listener = { .transport = proto && strcmp(proto, "udp") == 0 ? TRANSPORT_UDP : TRANSPORT_TCP };
		struct owner *owner = &listener.owners[0];
		struct listener *items;

		if (!proto || (strcmp(proto, "tcp") != 0 && strcmp(proto, "udp") != 0) || !address ||
		    ip_address_parse(address, &listener.address) < 0 || port < 0 || port > UINT16_MAX)
			continue;	/* not one check wrote */
		listener.port = (uint16_t)port;
		listener.exposed = json_is_true(json_object_get(item, "exposed"));
		listener.filtered = json_is_true(json_object_get(item, "filtered"));
		owner->pid = pid > 0 && pid <= INT32_MAX ? (pid_t)pid : 0;
		bool process = copy_string(item, "process", owner->process, sizeof(owner->process));
		bool unit = copy_string(item, "unit", owner->unit, sizeof(owner->unit));

		listener.owner_count = process || unit;
		items = grow_for_one(list.items, list.count, &list.capacity, sizeof(*items));
		if (!items) {
			free(list.items);
			return -ENOMEM;
		}
		list.items = items;
		list.items[list.count++] = listener;
	}
	*ret_list = list;
	return 0;
}
