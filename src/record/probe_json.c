/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <string.h>

#include "record/probe_json.h"

static const char *verdict_name(const struct service_probe *probe, const struct service_address_answer *item)
{
	return item->unreachable ? "unreachable" : service_address_open(probe, item) ? "open" : "closed";
}

/* {address, verdict, reason}, then what the service's probe adds. */
static json_t *address_json(const struct service_probe *probe, const struct service_address_answer *item)
{
	const char *reason = item->unreachable ? strerror(-item->unreachable)
			     : service_address_open(probe, item) ? NULL : probe->closed_because(&item->answer);
	json_t *object = json_pack("{s:s, s:s, s:s?}", "address", item->answer.peer,
				   "verdict", verdict_name(probe, item), "reason", reason);
	json_t *detail = probe->probe_json(&item->answer);

	if (!object || !detail || json_object_update(object, detail) < 0) {
		json_decref(object);
		object = NULL;
	}
	json_decref(detail);
	return object;
}

/* The contract keys (doc/json.md) describe the address that matters most:
 * the first open one, else the first reached; "addresses" has every one. */
static size_t headline_index(const struct service_probe *probe, const struct service_address_list *list)
{
	for (size_t i = 0; i < list->count; i++)
		if (service_address_open(probe, &list->items[i]))
			return i;
	for (size_t i = 0; i < list->count; i++)
		if (!list->items[i].unreachable)
			return i;
	return 0;
}

/* The headline address's keys, then host, port and every address.
 * Takes over addresses. */
static json_t *probe_json(json_t *addresses, size_t headline, const char *host, unsigned int port)
{
	json_t *root = addresses ? json_deep_copy(json_array_get(addresses, headline)) : NULL;

	if (!root || json_object_set_new(root, "host", json_string(host)) < 0 ||
	    json_object_set_new(root, "port", json_integer(port)) < 0 ||
	    json_object_set_new(root, "addresses", addresses) < 0) {
		if (!root)
			json_decref(addresses);
		json_decref(root);
		return NULL;
	}
	return root;
}

json_t *probe_result_json(const struct service_probe *probe, const struct service_address_list *list,
			  const char *host, unsigned int port)
{
	json_t *addresses = json_array();

	for (size_t i = 0; addresses && i < list->count; i++)
		if (json_array_append_new(addresses, address_json(probe, &list->items[i])) < 0) {
			json_decref(addresses);
			addresses = NULL;
		}
	return probe_json(addresses, headline_index(probe, list), host, port);
}
