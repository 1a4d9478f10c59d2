/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The portmapper's answer for people: rpcinfo -p's table, the reply
 * sizes and the factor, in check's section and in probe HOST. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "services/portmapper/portmapper_probe.h"

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

static const int rpc_statuses[] = {
	0, -ETIMEDOUT, -ECONNREFUSED, -EBADMSG, -EPROTO, -EMSGSIZE, -E2BIG, -ECONNRESET,
	-ENETUNREACH, -EHOSTUNREACH, -EACCES,
};

int rpc_status_from_text(const char *text)
{
	for (size_t i = 0; text && i < sizeof(rpc_statuses) / sizeof(rpc_statuses[0]); i++)
		if (strcmp(rpc_status_text(rpc_statuses[i]), text) == 0)
			return rpc_statuses[i];
	return -EIO;
}

static void programs_print(const struct rpc_summary *summary, FILE *out)
{
	fprintf(out, "%10s %4s %6s %6s  %-12s %s\n", "program", "vers", "proto", "port", "service", "address");
	for (size_t i = 0; i < summary->count; i++) {
		const struct rpc_program *program = &summary->programs[i];

		fprintf(out, "%10u %4u %6s %6u  %-12s %s\n", program->program, program->version,
			program->protocol, program->port, program->name, program->address);
	}
}

static void sizes_print(const struct service_answer *answer, FILE *out)
{
	const struct rpc_summary *summary = portmapper_summary(answer);

	fprintf(out, "UDP DUMP replies to a %zu-byte call:", answer->request_bytes);
	for (size_t i = 0; i < RPC_DUMP_VERSIONS; i++) {
		const struct rpc_dump_result *result = &summary->udp[i];

		fprintf(out, "%s v%zu ", i ? "," : "", i + RPC_DUMP_VERSION_FIRST);
		if (result->reply_bytes)
			fprintf(out, "%zu bytes", result->reply_bytes);
		else
			fprintf(out, "%s", rpc_status_text(result->status));
	}
	if (answer->reply_bytes)
		fprintf(out, "; amplification %.1fx\n", answer->amplification);
	else
		fprintf(out, "; no amplification\n");
}

void portmapper_answer_print(const struct service_answer *answer, FILE *out)
{
	const struct rpc_summary *summary = portmapper_summary(answer);

	if (!answer->reachable) {
		fprintf(out, "The portmapper at %s did not answer a DUMP call (UDP: %s, TCP: %s).\n",
			answer->peer[0] ? answer->peer : "127.0.0.1",
			rpc_status_text(summary->udp[0].status), rpc_status_text(summary->tcp[0].status));
		return;
	}
	fprintf(out, "RPC programs registered with the portmapper at %s:\n", answer->peer);
	programs_print(summary, out);
	sizes_print(answer, out);
}

void portmapper_probe_print(const struct service_answer *answer, uint16_t port, bool open, FILE *out)
{
	const struct rpc_summary *summary = portmapper_summary(answer);

	fprintf(out, "UDP: %s\n", summary->udp_answered ? "open" : "closed");
	sizes_print(answer, out);
	fprintf(out, "TCP: %s", summary->tcp_open ? "open" : "closed");
	fprintf(out, " (DUMP: %s)\n", rpc_status_text(summary->tcp[0].status));
	if (summary->count > 0)
		programs_print(summary, out);
	if (open)
		fprintf(out, "\nVerdict: OPEN - %s answers on port %u from here: %zu RPC registrations visible, UDP amplification %.1fx.\n",
			answer->peer, port, summary->count, answer->amplification);
	else
		fprintf(out, "\nVerdict: closed (%s) - no portmapper answers on port %u of %s from here.\n",
			portmapper_probe.closed_because(answer), port, answer->peer);
}
