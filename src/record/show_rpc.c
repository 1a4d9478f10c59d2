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
