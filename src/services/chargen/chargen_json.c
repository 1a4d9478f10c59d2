/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The internal services' answer in JSON, the one place that spells its
 * keys: check's and the record's "chargen" object and probe --json's
 * "ports", each port's protocol, status, bytes and amplification. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/json_read.h"
#include "services/chargen/chargen_probe.h"
#include "services/probe_net.h"

static json_t *ports_json(const struct chargen_detail *detail)
{
	json_t *array = json_array();

	for (size_t i = 0; array && i < detail->count; i++) {
		const struct chargen_port *port = &detail->ports[i];
		json_t *item = json_pack("{s:I, s:s, s:s, s:I, s:I, s:f, s:s?}",
					 "port", (json_int_t)port->port,
					 "protocol", chargen_kind_name(port->kind),
					 "status", probe_status_text(port->status),
					 "datagrams", (json_int_t)port->datagrams,
					 "reply_bytes", (json_int_t)port->reply_bytes,
					 "amplification", port->amplification,
					 "sample", port->status == 0 ? port->sample : NULL);

		if (!item || json_array_append_new(array, item) < 0) {
			json_decref(array);
			return NULL;
		}
	}
	return array;
}

json_t *chargen_answer_json(const struct service_answer *answer, json_t *reachable)
{
	json_t *ports = ports_json(chargen_detail_of(answer));

	if (!reachable || !ports) {
		json_decref(reachable);
		json_decref(ports);
		return NULL;
	}
	return json_pack("{s:o, s:s, s:I, s:I, s:f, s:o}",
			 "reachable", reachable,
			 "address", answer->peer,
			 "request_bytes", (json_int_t)answer->request_bytes,
			 "reply_bytes", (json_int_t)answer->reply_bytes,
			 "amplification", answer->amplification,
			 "ports", ports);
}

json_t *chargen_probe_json(const struct service_answer *answer)
{
	json_t *ports = ports_json(chargen_detail_of(answer));

	if (!ports)
		return NULL;
	return json_pack("{s:I, s:I, s:f, s:o}",
			 "request_bytes", (json_int_t)answer->request_bytes,
			 "reply_bytes", (json_int_t)answer->reply_bytes,
			 "amplification", answer->amplification,
			 "ports", ports);
}

/* A record's port, leniently: what does not read is left as not asked. */
static void read_port(const json_t *item, struct chargen_port *port)
{
	const char *sample = json_string_value(json_object_get(item, "sample"));
	const char *status = json_string_value(json_object_get(item, "status"));

	port->port = (uint16_t)integer_in(item, "port", 0, 65535);
	port->kind = chargen_kind_of_port(port->port);
	port->status = status ? probe_status_from_text(status) : -ENOTCONN;
	port->datagrams = (size_t)integer_in(item, "datagrams", 0, 1 << 16);
	port->reply_bytes = (size_t)integer_in(item, "reply_bytes", 0, 1 << 24);
	port->amplification = probe_amplification(port->reply_bytes, CHARGEN_REQUEST_SIZE);
	/* shown as the probe would have kept it */
	for (size_t i = 0; sample && sample[i] && i + 1 < sizeof(port->sample); i++)
		port->sample[i] = sample[i] >= 0x20 && sample[i] < 0x7f ? sample[i] : '?';
}

int chargen_answer_from_json(const json_t *object, struct service_answer *ret_answer)
{
	const json_t *ports = json_object_get(object, "ports");
	struct service_answer answer = { .probe = &chargen_probe };
	struct chargen_detail *detail = calloc(1, sizeof(*detail));
	const json_t *amplification = json_object_get(object, "amplification");

	if (!detail)
		return -ENOMEM;
	for (size_t i = 0; json_is_array(ports) && i < json_array_size(ports) && detail->count < CHARGEN_PORTS_MAX; i++)
		if (json_is_object(json_array_get(ports, i)))
			read_port(json_array_get(ports, i), &detail->ports[detail->count++]);
	answer.detail = detail;
	answer.reachable = json_is_true(json_object_get(object, "reachable"));
	answer.request_bytes = (size_t)integer_in(object, "request_bytes", 0, 1 << 16);
	answer.reply_bytes = (size_t)integer_in(object, "reply_bytes", 0, 1 << 24);
	answer.amplification = json_is_number(amplification) ? json_number_value(amplification)
			       : probe_amplification(answer.reply_bytes, answer.request_bytes);
	text_copy_whole(object, "address", answer.peer, sizeof(answer.peer));
	*ret_answer = answer;
	return 0;
}
