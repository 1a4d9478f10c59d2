/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The DNS server's answer in JSON, the one place that spells its keys:
 * check's and the record's "dns" object, and probe --json's "udp". The
 * recursive query's reply is at the top, the ANY query's under "any". */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/json_read.h"
#include "services/dns/dns_probe.h"
#include "services/probe_net.h"

static json_t *exchange_json(const struct dns_exchange *exchange, const char *name, const char *type)
{
	const struct dns_reply *reply = &exchange->reply;
	json_t *object = json_pack("{s:s, s:s, s:s, s:I, s:I}", "status", probe_status_text(exchange->status),
				   "name", name, "type", type,
				   "request_bytes", (json_int_t)exchange->request_bytes,
				   "reply_bytes", (json_int_t)exchange->reply_bytes);

	if (!object || exchange->status != 0)
		return object;
	if (json_object_set_new(object, "rcode", json_string(dns_rcode_name(reply->rcode))) < 0 ||
	    json_object_set_new(object, "recursion_available", json_boolean(reply->recursion_available)) < 0 ||
	    json_object_set_new(object, "authoritative", json_boolean(reply->authoritative)) < 0 ||
	    json_object_set_new(object, "truncated", json_boolean(reply->truncated)) < 0 ||
	    json_object_set_new(object, "answers", json_integer(reply->answer_count)) < 0) {
		json_decref(object);
		return NULL;
	}
	return object;
}

/* The recursive exchange at the top, whose request_bytes and reply_bytes
 * service_answer_json_sizes replaces with the largest reply's: its own
 * reply's size stays as query_reply_bytes. */
static json_t *detail_json(const struct dns_detail *detail)
{
	json_t *object = exchange_json(&detail->recursive, DNS_PROBE_NAME, "A");
	json_t *any = exchange_json(&detail->any, DNS_ANY_NAME, "ANY");

	if (!object || !any ||
	    json_object_set_new(object, "query_reply_bytes", json_integer((json_int_t)detail->recursive.reply_bytes)) < 0 ||
	    json_object_set_new(object, "recursion", json_boolean(dns_recurses(detail))) < 0 ||
	    json_object_set_new(object, "any", any) < 0) {
		json_decref(object);
		json_decref(any);
		return NULL;
	}
	return object;
}

json_t *dns_answer_json(const struct service_answer *answer, json_t *reachable)
{
	if (!reachable)
		return NULL;
	return service_answer_json_sizes(detail_json(dns_detail_of(answer)), answer, reachable);
}

json_t *dns_probe_json(const struct service_answer *answer)
{
	const struct dns_detail *detail = dns_detail_of(answer);

	return service_probe_json_udp(detail_json(detail), answer, dns_recurses(detail));
}

static uint8_t rcode_from_text(const char *text)
{
	for (uint8_t rcode = 0; text && rcode < 16; rcode++)
		if (strcmp(text, dns_rcode_name(rcode)) == 0)
			return rcode;
	return DNS_RCODE_SERVFAIL;
}

/* An exchange back from a record, leniently: what does not read is left
 * as not asked. */
static void exchange_from_json(const json_t *object, struct dns_exchange *exchange)
{
	const char *status = json_string_value(json_object_get(object, "status"));
	struct dns_reply *reply = &exchange->reply;

	exchange->status = status ? probe_status_from_text(status) : -ENOTCONN;
	exchange->request_bytes = (size_t)integer_in(object, "request_bytes", 0, DNS_QUERY_MAX);
	exchange->reply_bytes = (size_t)integer_in(object, "reply_bytes", 0, 1 << 16);
	reply->rcode = rcode_from_text(json_string_value(json_object_get(object, "rcode")));
	reply->recursion_available = json_is_true(json_object_get(object, "recursion_available"));
	reply->authoritative = json_is_true(json_object_get(object, "authoritative"));
	reply->truncated = json_is_true(json_object_get(object, "truncated"));
	reply->answer_count = (uint16_t)integer_in(object, "answers", 0, 0xffff);
}

int dns_answer_from_json(const json_t *object, struct service_answer *ret_answer)
{
	const json_t *amplification = json_object_get(object, "amplification");
	struct service_answer answer = { .probe = &dns_probe };
	struct dns_detail *detail = calloc(1, sizeof(*detail));

	if (!detail)
		return -ENOMEM;
	exchange_from_json(object, &detail->recursive);
	detail->recursive.request_bytes = dns_probe.request_bytes;
	detail->recursive.reply_bytes = (size_t)integer_in(object, "query_reply_bytes", 0, 1 << 16);
	exchange_from_json(json_object_get(object, "any"), &detail->any);
	answer.detail = detail;
	answer.reachable = json_is_true(json_object_get(object, "reachable"));
	/* the object's sizes are the largest reply's, not the first exchange's */
	answer.request_bytes = (size_t)integer_in(object, "request_bytes", 0, 1 << 16);
	answer.reply_bytes = (size_t)integer_in(object, "reply_bytes", 0, 1 << 16);
	answer.amplification = json_is_number(amplification) ? json_number_value(amplification)
			       : probe_amplification(answer.reply_bytes, answer.request_bytes);
	text_copy_whole(object, "address", answer.peer, sizeof(answer.peer));
	*ret_answer = answer;
	return 0;
}
