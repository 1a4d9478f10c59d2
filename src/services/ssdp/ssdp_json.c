/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SSDP's answer in JSON, the one place that spells its keys: check's
 * and the record's "ssdp" object, and probe --json's. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/json_read.h"
#include "services/probe_net.h"
#include "services/ssdp/ssdp_probe.h"

static json_t *services_json(const struct ssdp_detail *detail)
{
	json_t *array = json_array();

	for (size_t i = 0; array && i < detail->service_count; i++) {
		const struct ssdp_service *service = &detail->services[i];

		if (json_array_append_new(array, json_pack("{s:s, s:s, s:s}", "st", service->st, "usn", service->usn,
							   "location", service->location)) < 0) {
			json_decref(array);
			return NULL;
		}
	}
	return array;
}

json_t *ssdp_answer_json(const struct service_answer *answer, json_t *reachable)
{
	const struct ssdp_detail *detail = ssdp_detail_of(answer);
	json_t *services = services_json(detail);

	if (!reachable || !services) {
		json_decref(reachable);
		json_decref(services);
		return NULL;
	}
	return json_pack("{s:o, s:s, s:s, s:o, s:I, s:I, s:I, s:f, s:s?, s:o}",
			 "reachable", reachable,
			 "address", answer->peer,
			 "status", probe_status_text(detail->status),
			 "registered", detail->registered >= 0 ? json_integer(detail->registered) : json_null(),
			 "datagrams", (json_int_t)detail->datagrams,
			 "request_bytes", (json_int_t)answer->request_bytes,
			 "reply_bytes", (json_int_t)answer->reply_bytes,
			 "amplification", answer->amplification,
			 "server", detail->server[0] ? detail->server : NULL,
			 "services", services);
}

json_t *ssdp_probe_json(const struct service_answer *answer)
{
	const struct ssdp_detail *detail = ssdp_detail_of(answer);
	json_t *services = services_json(detail);

	if (!services)
		return NULL;
	return json_pack("{s:{s:b, s:s, s:I, s:I, s:I, s:f}, s:s?, s:o}",
			 "udp", "open", ssdp_answered(detail), "status", probe_status_text(detail->status),
			 "datagrams", (json_int_t)detail->datagrams,
			 "request_bytes", (json_int_t)answer->request_bytes,
			 "reply_bytes", (json_int_t)detail->reply_bytes,
			 "amplification", answer->amplification,
			 "server", detail->server[0] ? detail->server : NULL,
			 "services", services);
}

/* A record's text shown as the decoder would have kept it: printable. */
static void text_in(const json_t *object, const char *key, char *buffer, size_t size)
{
	const char *text = json_string_value(json_object_get(object, key));
	size_t i = 0;

	for (; text && text[i] && i + 1 < size; i++)
		buffer[i] = text[i] >= 0x20 && text[i] < 0x7f ? text[i] : '?';
	buffer[i] = '\0';
}

int ssdp_answer_from_json(const json_t *object, struct service_answer *ret_answer)
{
	const json_t *amplification = json_object_get(object, "amplification");
	const json_t *services = json_object_get(object, "services");
	struct service_answer answer = { .probe = &ssdp_probe };
	struct ssdp_detail *detail = calloc(1, sizeof(*detail));
	const json_t *item;
	size_t index;

	if (!detail)
		return -ENOMEM;
	detail->status = json_object_get(object, "status")
		? probe_status_from_text(json_string_value(json_object_get(object, "status"))) : -ENOTCONN;
	detail->datagrams = (size_t)integer_in(object, "datagrams", 0, 1 << 20);
	detail->registered = json_is_integer(json_object_get(object, "registered"))
		? (int)integer_in(object, "registered", -1, 255) : -1;
	text_in(object, "server", detail->server, sizeof(detail->server));
	json_array_foreach(services, index, item) {
		struct ssdp_service *service;

		if (detail->service_count >= SSDP_SERVICES_MAX || !json_is_object(item))
			break;
		service = &detail->services[detail->service_count++];
		text_in(item, "st", service->st, sizeof(service->st));
		text_in(item, "usn", service->usn, sizeof(service->usn));
		text_in(item, "location", service->location, sizeof(service->location));
	}
	answer.detail = detail;
	answer.reachable = json_is_true(json_object_get(object, "reachable"));
	answer.request_bytes = (size_t)integer_in(object, "request_bytes", 0, 1 << 16);
	answer.reply_bytes = (size_t)integer_in(object, "reply_bytes", 0, 1 << 30);
	detail->reply_bytes = answer.reply_bytes;
	answer.amplification = json_is_number(amplification) ? json_number_value(amplification)
			       : probe_amplification(answer.reply_bytes, answer.request_bytes);
	text_copy_whole(object, "address", answer.peer, sizeof(answer.peer));
	*ret_answer = answer;
	return 0;
}
