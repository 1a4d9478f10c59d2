/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The portmapper's answer in JSON, the one place that spells its keys:
 * check's and the record's "rpc" object, and probe --json's transports. */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/json_read.h"
#include "services/portmapper/portmapper_probe.h"

static json_t *programs_json(const struct rpc_summary *summary)
{
	json_t *array = json_array();

	for (size_t i = 0; array && i < summary->count; i++) {
		const struct rpc_program *program = &summary->programs[i];
		json_t *item = json_pack("{s:I, s:I, s:s, s:i, s:s, s:s}",
					 "program", (json_int_t)program->program,
					 "version", (json_int_t)program->version,
					 "protocol", program->protocol,
					 "port", (int)program->port,
					 "name", program->name,
					 "address", program->address);

		if (!item || json_array_append_new(array, item) < 0) {
			json_decref(array);
			return NULL;
		}
	}
	return array;
}

static json_t *versions_json(const struct rpc_dump_result *results)
{
	json_t *array = json_array();

	for (size_t i = 0; array && i < RPC_DUMP_VERSIONS; i++) {
		json_t *item = json_pack("{s:i, s:s, s:I, s:I}",
					 "version", (int)(i + RPC_DUMP_VERSION_FIRST),
					 "status", rpc_status_text(results[i].status),
					 "reply_bytes", (json_int_t)results[i].reply_bytes,
					 "entries", (json_int_t)results[i].count);

		if (!item || json_array_append_new(array, item) < 0) {
			json_decref(array);
			return NULL;
		}
	}
	return array;
}

json_t *portmapper_answer_json(const struct service_answer *answer, json_t *reachable)
{
	const struct rpc_summary *summary = portmapper_summary(answer);
	json_t *programs = programs_json(summary);
	json_t *udp_versions = versions_json(summary->udp);
	json_t *tcp_versions = versions_json(summary->tcp);

	if (!reachable || !programs || !udp_versions || !tcp_versions) {
		json_decref(reachable);
		json_decref(programs);
		json_decref(udp_versions);
		json_decref(tcp_versions);
		return NULL;
	}
	return json_pack("{s:o, s:o, s:I, s:I, s:f, s:s, s:{s:b, s:o}, s:{s:b, s:b, s:o}}",
			 "reachable", reachable,
			 "programs", programs,
			 "request_bytes", (json_int_t)answer->request_bytes,
			 "reply_bytes", (json_int_t)answer->reply_bytes,
			 "amplification", answer->amplification,
			 "address", answer->peer,
			 "udp", "answered", summary->udp_answered, "versions", udp_versions,
			 "tcp", "open", summary->tcp_open, "answered", summary->tcp_answered,
			 "versions", tcp_versions);
}

json_t *portmapper_probe_json(const struct service_answer *answer)
{
	const struct rpc_summary *summary = portmapper_summary(answer);
	/* programs that UDP alone would leak; TCP may have listed them instead */
	json_t *programs = summary->udp_answered ? programs_json(summary) : json_array();
	json_t *udp_versions = versions_json(summary->udp);
	json_t *tcp_versions = versions_json(summary->tcp);

	if (!programs || !udp_versions || !tcp_versions) {
		json_decref(programs);
		json_decref(udp_versions);
		json_decref(tcp_versions);
		return NULL;
	}
	return json_pack("{s:{s:b, s:o, s:I, s:I, s:f, s:o}, s:{s:b, s:b, s:o}}",
			 "udp", "open", summary->udp_answered,
			 "programs", programs,
			 "request_bytes", (json_int_t)answer->request_bytes,
			 "reply_bytes", (json_int_t)answer->reply_bytes,
			 "amplification", answer->amplification,
			 "versions", udp_versions,
			 "tcp", "open", summary->tcp_open, "answered", summary->tcp_answered,
			 "versions", tcp_versions);
}

static void read_versions(const json_t *array, struct rpc_dump_result *results)
{
	const json_t *item;
	size_t index;

	json_array_foreach(array, index, item) {
		long long version = integer_in(item, "version", 0, 99);

		if (version < RPC_DUMP_VERSION_FIRST || version >= RPC_DUMP_VERSION_FIRST + RPC_DUMP_VERSIONS)
			continue;
		results[version - RPC_DUMP_VERSION_FIRST] = (struct rpc_dump_result){
			.status = rpc_status_from_text(json_string_value(json_object_get(item, "status"))),
			.reply_bytes = (size_t)integer_in(item, "reply_bytes", 0, 1 << 20),
			.count = (size_t)integer_in(item, "entries", 0, INT32_MAX),
		};
	}
}

static void read_program(const json_t *item, struct rpc_program *program)
{
	const char *protocol = json_string_value(json_object_get(item, "protocol"));
	const char *name = json_string_value(json_object_get(item, "name"));

	program->program = (uint32_t)integer_in(item, "program", 0, UINT32_MAX);
	program->version = (uint32_t)integer_in(item, "version", 0, UINT32_MAX);
	program->port = (uint16_t)integer_in(item, "port", 0, UINT16_MAX);
	snprintf(program->protocol, sizeof(program->protocol), "%.15s", protocol ? protocol : "?");
	snprintf(program->name, sizeof(program->name), "%.31s", name ? name : "");
	text_copy_whole(item, "address", program->address, sizeof(program->address));
}

int portmapper_answer_from_json(const json_t *object, struct service_answer *ret_answer)
{
	const json_t *programs = json_object_get(object, "programs"), *item;
	const json_t *amplification = json_object_get(object, "amplification");
	const json_t *udp = json_object_get(object, "udp"), *tcp = json_object_get(object, "tcp");
	struct service_answer answer = { .probe = &portmapper_probe };
	struct rpc_summary *summary = calloc(1, sizeof(*summary));
	size_t index;

	if (summary)
		summary->programs = calloc(json_array_size(programs) + 1, sizeof(*summary->programs));
	if (!summary || !summary->programs) {
		free(summary);
		return -ENOMEM;
	}
	answer.detail = summary;
	json_array_foreach(programs, index, item)
		if (json_is_object(item))
			read_program(item, &summary->programs[summary->count++]);
	answer.reachable = json_is_true(json_object_get(object, "reachable"));
	/* Sizes beyond a megabyte are no DUMP reply: left out. */
	answer.request_bytes = (size_t)integer_in(object, "request_bytes", 0, 1 << 20);
	answer.reply_bytes = (size_t)integer_in(object, "reply_bytes", 0, 1 << 20);
	answer.amplification = json_is_number(amplification) ? json_number_value(amplification)
			       : answer.request_bytes ? (double)answer.reply_bytes / (double)answer.request_bytes : 0;
	text_copy_whole(object, "address", answer.peer, sizeof(answer.peer));
	summary->reachable = answer.reachable;
	summary->request_bytes = answer.request_bytes;
	summary->reply_bytes = answer.reply_bytes;
	summary->amplification = answer.amplification;
	memcpy(summary->peer, answer.peer, sizeof(summary->peer));
	summary->udp_answered = json_is_true(json_object_get(udp, "answered"));
	summary->tcp_open = json_is_true(json_object_get(tcp, "open"));
	summary->tcp_answered = json_is_true(json_object_get(tcp, "answered"));
	read_versions(json_object_get(udp, "versions"), summary->udp);
	read_versions(json_object_get(tcp, "versions"), summary->tcp);
	*ret_answer = answer;
	return 0;
}
