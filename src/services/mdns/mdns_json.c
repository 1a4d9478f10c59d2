/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mDNS's answer in JSON, the one place that spells its keys: check's and
 * the record's "mdns" object, and probe --json's. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>

#include "base/json_read.h"
#include "services/mdns/mdns_probe.h"
#include "services/probe_net.h"

static json_t *names_json(char **names, size_t count)
{
	json_t *array = json_array();

	for (size_t i = 0; array && i < count; i++)
		if (json_array_append_new(array, json_string(names[i])) < 0) {
			json_decref(array);
			return NULL;
		}
	return array;
}

static json_t *ports_json(const struct mdns_detail *detail)
{
	json_t *array = json_array();

	for (size_t i = 0; array && i < detail->port_count; i++)
		if (json_array_append_new(array, json_integer(detail->ports[i])) < 0) {
			json_decref(array);
			return NULL;
		}
	return array;
}

json_t *mdns_answer_json(const struct service_answer *answer, json_t *reachable)
{
	const struct mdns_detail *detail = mdns_detail_of(answer);
	json_t *types = names_json(detail->types, detail->type_count);
	json_t *instances = names_json(detail->instances, detail->instance_count);
	json_t *ports = ports_json(detail);
	json_t *object = NULL;

	if (reachable && types && instances && ports)
		object = json_pack("{s:o, s:s, s:I, s:I, s:f, s:s, s:I, s:I, s:o, s:o, s:o}",
				   "reachable", reachable, "address", answer->peer,
				   "request_bytes", (json_int_t)answer->request_bytes,
				   "reply_bytes", (json_int_t)answer->reply_bytes,
				   "amplification", answer->amplification,
				   "status", probe_status_text(detail->services),
				   "questions", (json_int_t)detail->queries,
				   "datagrams", (json_int_t)detail->datagrams,
				   "service_types", types, "instances", instances, "ports", ports);
	if (!object) {
		/* json_pack takes the "o" values even when it fails. */
		if (!(reachable && types && instances && ports)) {
			json_decref(reachable);
			json_decref(types);
			json_decref(instances);
			json_decref(ports);
		}
		return NULL;
	}
	return object;
}

json_t *mdns_probe_json(const struct service_answer *answer)
{
	json_t *object = mdns_answer_json(answer, json_boolean(answer->reachable));

	return object ? json_pack("{s:o}", "mdns", object) : NULL;
}

static int names_read(const json_t *array, char ***names, size_t *count)
{
	size_t index;
	const json_t *value;

	json_array_foreach((json_t *)array, index, value)
		if (json_is_string(value) && json_string_length(value) < MDNS_NAME_TEXT_MAX &&
		    mdns_names_add(names, count, json_string_value(value)) < 0)
			return -ENOMEM;
	return 0;
}

int mdns_answer_from_json(const json_t *object, struct service_answer *ret_answer)
{
	struct mdns_detail *detail = calloc(1, sizeof(*detail));
	struct service_answer answer = { .probe = &mdns_probe, .detail = detail };
	size_t index;
	const json_t *value;

	if (!detail)
		return -ENOMEM;
	detail->services = probe_status_from_text(json_string_value(json_object_get(object, "status")));
	detail->queries = (size_t)integer_in(object, "questions", 0, 1 << 10);
	detail->request_bytes = (size_t)integer_in(object, "request_bytes", 0, 1 << 20);
	detail->reply_bytes = (size_t)integer_in(object, "reply_bytes", 0, 1 << 24);
	detail->datagrams = (size_t)integer_in(object, "datagrams", 0, 1 << 20);
	if (names_read(json_object_get(object, "service_types"), &detail->types, &detail->type_count) < 0 ||
	    names_read(json_object_get(object, "instances"), &detail->instances, &detail->instance_count) < 0) {
		service_answer_free(&answer);
		return -ENOMEM;
	}
	json_array_foreach(json_object_get(object, "ports"), index, value)
		if (json_is_integer(value) && json_integer_value(value) > 0 && json_integer_value(value) <= 65535 &&
		    detail->port_count < MDNS_PORTS_MAX)
			detail->ports[detail->port_count++] = (uint16_t)json_integer_value(value);
	text_copy_whole(object, "address", answer.peer, sizeof(answer.peer));
	mdns_answer_sum(&answer);
	answer.reachable = json_is_true(json_object_get(object, "reachable"));
	*ret_answer = answer;
	return 0;
}
