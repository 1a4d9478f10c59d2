/* SPDX-License-Identifier: GPL-2.0-or-later */
/* memcached's answer in JSON, the one place that spells its keys:
 * check's and the record's "memcached" object, and probe --json's
 * "udp", "tcp" and "stats". */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/json_read.h"
#include "services/memcached/memcached_probe.h"
#include "services/probe_net.h"

/* Shadowserver's columns; null where the server did not say. */
static json_t *number_or_null(int64_t value)
{
	return value < 0 ? json_null() : json_integer((json_int_t)value);
}

static json_t *stats_json(const struct memcached_leak *leak)
{
	if (!leak->known)
		return json_null();
	return json_pack("{s:s?, s:o, s:o, s:o, s:o, s:o, s:o, s:I}",
			 "version", leak->version[0] ? leak->version : NULL,
			 "pid", number_or_null(leak->pid),
			 "pointer_size", number_or_null(leak->pointer_size),
			 "uptime", number_or_null(leak->uptime),
			 "time", number_or_null(leak->time),
			 "curr_connections", number_or_null(leak->curr_connections),
			 "total_connections", number_or_null(leak->total_connections),
			 "count", (json_int_t)leak->stat_count);
}

json_t *memcached_answer_json(const struct service_answer *answer, json_t *reachable)
{
	const struct memcached_detail *detail = memcached_detail_of(answer);
	json_t *stats = stats_json(&detail->leak);

	if (!reachable || !stats) {
		json_decref(reachable);
		json_decref(stats);
		return NULL;
	}
	return json_pack("{s:o, s:s, s:o, s:I, s:I, s:f, s:{s:s, s:I, s:I}, s:{s:b, s:s, s:I}}",
			 "reachable", reachable,
			 "address", answer->peer,
			 "stats", stats,
			 "request_bytes", (json_int_t)answer->request_bytes,
			 "reply_bytes", (json_int_t)answer->reply_bytes,
			 "amplification", answer->amplification,
			 "udp", "status", probe_status_text(detail->udp_status),
			 "datagrams", (json_int_t)detail->udp_datagrams,
			 "reply_bytes", (json_int_t)detail->udp_reply_bytes,
			 "tcp", "open", detail->tcp_open, "status", probe_status_text(detail->tcp_status),
			 "reply_bytes", (json_int_t)detail->tcp_reply_bytes);
}

json_t *memcached_probe_json(const struct service_answer *answer)
{
	const struct memcached_detail *detail = memcached_detail_of(answer);
	json_t *stats = stats_json(&detail->leak);

	if (!stats)
		return NULL;
	return json_pack("{s:{s:b, s:s, s:I, s:I, s:I, s:f}, s:{s:b, s:b, s:s, s:I}, s:o}",
			 "udp", "open", memcached_udp_answered(detail), "status", probe_status_text(detail->udp_status),
			 "datagrams", (json_int_t)detail->udp_datagrams,
			 "request_bytes", (json_int_t)answer->request_bytes,
			 "reply_bytes", (json_int_t)detail->udp_reply_bytes,
			 "amplification", answer->amplification,
			 "tcp", "open", detail->tcp_open, "answered", memcached_tcp_answered(detail),
			 "status", probe_status_text(detail->tcp_status),
			 "reply_bytes", (json_int_t)detail->tcp_reply_bytes,
			 "stats", stats);
}

static int64_t number_in(const json_t *object, const char *key)
{
	const json_t *value = json_object_get(object, key);

	return json_is_integer(value) && json_integer_value(value) >= 0 ? (int64_t)json_integer_value(value) : -1;
}

static void read_leak(const json_t *stats, struct memcached_leak *leak)
{
	const char *version = json_string_value(json_object_get(stats, "version"));

	*leak = (struct memcached_leak){
		.known = json_is_object(stats),
		.pid = number_in(stats, "pid"), .uptime = number_in(stats, "uptime"), .time = number_in(stats, "time"),
		.pointer_size = number_in(stats, "pointer_size"),
		.curr_connections = number_in(stats, "curr_connections"),
		.total_connections = number_in(stats, "total_connections"),
		.stat_count = (size_t)integer_in(stats, "count", 0, MEMCACHED_STATS_MAX),
	};
	/* a record's text is shown as the parser would have kept it */
	for (size_t i = 0; version && version[i] && i + 1 < sizeof(leak->version); i++)
		leak->version[i] = version[i] > 0x20 && version[i] < 0x7f ? version[i] : '?';
}

int memcached_answer_from_json(const json_t *object, struct service_answer *ret_answer)
{
	const json_t *amplification = json_object_get(object, "amplification");
	const json_t *udp = json_object_get(object, "udp"), *tcp = json_object_get(object, "tcp");
	struct service_answer answer = { .probe = &memcached_probe };
	struct memcached_detail *detail = calloc(1, sizeof(*detail));

	if (!detail)
		return -ENOMEM;
	detail->udp_status = udp ? probe_status_from_text(json_string_value(json_object_get(udp, "status"))) : -ENOTCONN;
	detail->udp_datagrams = (size_t)integer_in(udp, "datagrams", 0, MEMCACHED_UDP_DATAGRAMS_MAX);
	detail->udp_reply_bytes = (size_t)integer_in(udp, "reply_bytes", 0, MEMCACHED_TEXT_MAX);
	detail->tcp_open = json_is_true(json_object_get(tcp, "open"));
	detail->tcp_status = tcp ? probe_status_from_text(json_string_value(json_object_get(tcp, "status"))) : -ENOTCONN;
	detail->tcp_reply_bytes = (size_t)integer_in(tcp, "reply_bytes", 0, MEMCACHED_TEXT_MAX);
	read_leak(json_object_get(object, "stats"), &detail->leak);
	answer.detail = detail;
	answer.reachable = json_is_true(json_object_get(object, "reachable"));
	answer.request_bytes = (size_t)integer_in(object, "request_bytes", 0, 1 << 16);
	answer.reply_bytes = (size_t)integer_in(object, "reply_bytes", 0, MEMCACHED_TEXT_MAX);
	answer.amplification = json_is_number(amplification) ? json_number_value(amplification)
			       : probe_amplification(answer.reply_bytes, answer.request_bytes);
	text_copy_whole(object, "address", answer.peer, sizeof(answer.peer));
	*ret_answer = answer;
	return 0;
}
