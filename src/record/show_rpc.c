/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "record/show.h"
#include "rpc/rpc.h"

const char *rpc_status_text(int status)
{
	switch (status) {
	case 0: return "answered";
	case -ETIMEDOUT: return "no reply";
	case -ECONNREFUSED: return "refused";
	case -EBADMSG: return "malformed reply";
	case -EPROTO: return "call rejected";
	case -EMSGSIZE: return "reply too large";
	case -E2BIG: return "too many entries";
	case -ECONNRESET: return "connection closed";
	case -ENETUNREACH: return "network unreachable";
	case -EHOSTUNREACH: return "host unreachable";
	case -EACCES: return "prohibited";
	default: return "failed";
	}
}

void show_rpc_programs_text(FILE *out, const struct rpc_summary *summary)
{
	fprintf(out, "%10s %4s %6s %6s  %-12s %s\n", "program", "vers", "proto", "port", "service", "address");
	for (size_t i = 0; i < summary->count; i++) {
		const struct rpc_program *program = &summary->programs[i];

		fprintf(out, "%10u %4u %6s %6u  %-12s %s\n", program->program, program->version,
			program->protocol, program->port, program->name, program->address);
	}
}

void show_rpc_sizes_text(FILE *out, const struct rpc_summary *summary)
{
	fprintf(out, "UDP DUMP replies to a %zu-byte call:", summary->request_bytes);
	for (size_t i = 0; i < RPC_DUMP_VERSIONS; i++) {
		const struct rpc_dump_result *result = &summary->udp[i];

		fprintf(out, "%s v%zu ", i ? "," : "", i + RPC_DUMP_VERSION_FIRST);
		if (result->reply_bytes)
			fprintf(out, "%zu bytes", result->reply_bytes);
		else
			fprintf(out, "%s", rpc_status_text(result->status));
	}
	if (summary->reply_bytes)
		fprintf(out, "; amplification %.1fx\n", summary->amplification);
	else
		fprintf(out, "; no amplification\n");
}

void show_rpc_text(FILE *out, const struct rpc_summary *summary)
{
	if (!summary->reachable) {
		fprintf(out, "The portmapper at %s did not answer a DUMP call (UDP: %s, TCP: %s).\n",
			summary->peer[0] ? summary->peer : "127.0.0.1",
			rpc_status_text(summary->udp[0].status), rpc_status_text(summary->tcp[0].status));
		return;
	}
	fprintf(out, "RPC programs registered with the portmapper at %s:\n", summary->peer);
	show_rpc_programs_text(out, summary);
	show_rpc_sizes_text(out, summary);
}

json_t *show_rpc_programs_json(const struct rpc_summary *summary)
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

json_t *show_rpc_versions_json(const struct rpc_dump_result *results)
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

json_t *show_rpc_json(const struct rpc_summary *summary)
{
	json_t *programs = show_rpc_programs_json(summary);
	json_t *udp_versions = show_rpc_versions_json(summary->udp);
	json_t *tcp_versions = show_rpc_versions_json(summary->tcp);

	if (!programs || !udp_versions || !tcp_versions) {
		json_decref(programs);
		json_decref(udp_versions);
		json_decref(tcp_versions);
		return NULL;
	}
	return json_pack("{s:b, s:o, s:I, s:I, s:f, s:s, s:{s:b, s:o}, s:{s:b, s:b, s:o}}",
			 "reachable", summary->reachable,
			 "programs", programs,
			 "request_bytes", (json_int_t)summary->request_bytes,
			 "reply_bytes", (json_int_t)summary->reply_bytes,
			 "amplification", summary->amplification,
			 "address", summary->peer,
			 "udp", "answered", summary->udp_answered, "versions", udp_versions,
			 "tcp", "open", summary->tcp_open, "answered", summary->tcp_answered,
			 "versions", tcp_versions);
}

int show_rpc_from_json(const json_t *object, struct rpc_summary *ret_summary, bool *ret_reachable_known)
{
	struct rpc_summary summary = { .reachable = json_is_true(json_object_get(object, "reachable")) };
	const json_t *programs = json_object_get(object, "programs"), *item;
	json_int_t request = json_integer_value(json_object_get(object, "request_bytes"));
	json_int_t reply = json_integer_value(json_object_get(object, "reply_bytes"));
	const json_t *amplification = json_object_get(object, "amplification");
	size_t index;

	summary.programs = calloc(json_array_size(programs) + 1, sizeof(*summary.programs));
	if (!summary.programs)
		return -ENOMEM;
	json_array_foreach(programs, index, item) {
		struct rpc_program *program = &summary.programs[summary.count];
		json_int_t number = json_integer_value(json_object_get(item, "program"));
		json_int_t version = json_integer_value(json_object_get(item, "version"));
		json_int_t port = json_integer_value(json_object_get(item, "port"));
		const char *protocol = json_string_value(json_object_get(item, "protocol"));
		const char *name = json_string_value(json_object_get(item, "name"));

		if (!json_is_object(item))
			continue;
		program->program = number >= 0 && number <= UINT32_MAX ? (uint32_t)number : 0;
		program->version = version >= 0 && version <= UINT32_MAX ? (uint32_t)version : 0;
		program->port = port >= 0 && port <= UINT16_MAX ? (uint16_t)port : 0;
		snprintf(program->protocol, sizeof(program->protocol), "%.15s", protocol ? protocol : "?");
		snprintf(program->name, sizeof(program->name), "%.31s", name ? name : "");
		summary.count++;
	}
	/* Sizes beyond a megabyte are no DUMP reply: left out. */
	summary.request_bytes = request > 0 && request <= (1 << 20) ? (size_t)request : 0;
	summary.reply_bytes = reply > 0 && reply <= (1 << 20) ? (size_t)reply : 0;
	summary.amplification = json_is_number(amplification) ? json_number_value(amplification)
				: summary.request_bytes ? (double)summary.reply_bytes / (double)summary.request_bytes : 0;
	*ret_reachable_known = json_is_boolean(json_object_get(object, "reachable"));
	*ret_summary = summary;
	return 0;
}
