/* SPDX-License-Identifier: GPL-2.0-or-later */
/* WS-Discovery's answer in JSON, the one place that spells its keys:
 * check's and the record's "wsd" object, and probe --json's "udp". Each
 * Probe's outcome under "unicast" (to the address, as a scanner) and
 * "multicast" (to the group, as a host of the link); at the top whether
 * either was answered, and the first match's endpoint, types, xaddrs
 * and host. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/json_read.h"
#include "services/probe_net.h"
#include "services/wsd/wsd_probe.h"

static json_t *exchange_json(const struct wsd_exchange *exchange)
{
	return json_pack("{s:s, s:I, s:I}", "status", probe_status_text(exchange->status),
			 "datagrams", (json_int_t)exchange->datagrams, "reply_bytes", (json_int_t)exchange->reply_bytes);
}

static int text_set(json_t *object, const char *key, const struct wsd_text *text)
{
	return text->present ? json_object_set_new(object, key, json_string(text->text)) : 0;
}

static json_t *detail_json(const struct wsd_detail *detail)
{
	const struct wsd_exchange *answering = wsd_answering(detail);
	json_t *unicast = exchange_json(&detail->unicast), *multicast = exchange_json(&detail->multicast);
	json_t *object = json_pack("{s:s, s:I}", "status", answering ? "answered" : probe_status_text(detail->unicast.status),
				   "datagrams", (json_int_t)(answering ? answering->datagrams : 0));
	char host[WSD_TEXT_MAX + 1];

	if (!object || !unicast || !multicast || json_object_set_new(object, "unicast", unicast) < 0) {
		json_decref(object);
		json_decref(unicast);
		json_decref(multicast);
		return NULL;
	}
	if (json_object_set_new(object, "multicast", multicast) < 0) {
		json_decref(object);
		return NULL;
	}
	if (json_object_set_new(object, "unicast_answered", json_boolean(detail->unicast.status == 0)) < 0 ||
	    json_object_set_new(object, "public_link", json_boolean(detail->public_link)) < 0 ||
	    (detail->public_link &&
	     json_object_set_new(object, "public_address", json_string(detail->public_address)) < 0))
		goto fail;
	if (answering) {
		const struct wsd_reply *reply = &answering->reply;

		if (json_object_set_new(object, "matches", json_integer((json_int_t)reply->matches)) < 0 ||
		    text_set(object, "endpoint", &reply->endpoint) < 0 || text_set(object, "types", &reply->types) < 0 ||
		    text_set(object, "xaddrs", &reply->xaddrs) < 0 ||
		    (wsd_xaddrs_host(reply->xaddrs.text, host, sizeof(host)) &&
		     json_object_set_new(object, "host", json_string(host)) < 0) ||
		    (reply->metadata_version_present &&
		     json_object_set_new(object, "metadata_version", json_integer(reply->metadata_version)) < 0))
			goto fail;
	}
	return object;
fail:
	json_decref(object);
	return NULL;
}

json_t *wsd_answer_json(const struct service_answer *answer, json_t *reachable)
{
	return service_answer_json_sizes(detail_json(wsd_detail_of(answer)), answer, reachable);
}

json_t *wsd_probe_json(const struct service_answer *answer)
{
	const struct wsd_detail *detail = wsd_detail_of(answer);

	return service_probe_json_udp(detail_json(detail), answer, wsd_answered(detail));
}

/* A record's text as the decoder would have kept it. */
static void text_from_json(const json_t *object, const char *key, struct wsd_text *text)
{
	const char *value = json_string_value(json_object_get(object, key));

	if (!value)
		return;
	text->present = true;
	for (size_t i = 0; value[i] && i < WSD_TEXT_MAX; i++) {
		text->text[i] = value[i] >= 0x20 && value[i] < 0x7f ? value[i] : '?';
		text->bytes = i + 1;
	}
}

static void exchange_from_json(const json_t *object, struct wsd_exchange *exchange)
{
	const char *status = json_string_value(json_object_get(object, "status"));

	exchange->status = status ? probe_status_from_text(status) : -ENOTCONN;
	exchange->datagrams = (size_t)integer_in(object, "datagrams", 0, 1 << 16);
	exchange->reply_bytes = (size_t)integer_in(object, "reply_bytes", 0, 1 << 20);
}

int wsd_answer_from_json(const json_t *object, struct service_answer *ret_answer)
{
	const json_t *amplification = json_object_get(object, "amplification");
	struct service_answer answer = { .probe = &wsd_probe };
	struct wsd_detail *detail = calloc(1, sizeof(*detail));
	struct wsd_exchange *answering;

	if (!detail)
		return -ENOMEM;
	exchange_from_json(json_object_get(object, "unicast"), &detail->unicast);
	exchange_from_json(json_object_get(object, "multicast"), &detail->multicast);
	detail->request_bytes = wsd_probe.request_bytes;
	detail->public_link = json_is_true(json_object_get(object, "public_link"));
	text_copy_whole(object, "public_address", detail->public_address, sizeof(detail->public_address));
	answering = (struct wsd_exchange *)wsd_answering(detail);
	if (answering) {
		answering->reply.kind = WSD_KIND_PROBE_MATCHES;
		answering->reply.matches = (size_t)integer_in(object, "matches", 0, 1 << 16);
		text_from_json(object, "endpoint", &answering->reply.endpoint);
		text_from_json(object, "types", &answering->reply.types);
		text_from_json(object, "xaddrs", &answering->reply.xaddrs);
		answering->reply.metadata_version = (uint32_t)integer_in(object, "metadata_version", 0, UINT32_MAX);
		answering->reply.metadata_version_present = json_object_get(object, "metadata_version") != NULL;
	}
	answer.detail = detail;
	answer.reachable = json_is_true(json_object_get(object, "reachable"));
	answer.request_bytes = (size_t)integer_in(object, "request_bytes", 0, 1 << 16);
	answer.reply_bytes = (size_t)integer_in(object, "reply_bytes", 0, 1 << 20);
	answer.amplification = json_is_number(amplification) ? json_number_value(amplification)
			       : probe_amplification(answer.reply_bytes, answer.request_bytes);
	text_copy_whole(object, "address", answer.peer, sizeof(answer.peer));
	*ret_answer = answer;
	return 0;
}
