/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Asks the portmapper as the scanners do (rpc/rpc_query.h) and keeps
 * what it said as the answer's detail. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "rpc/rpc_query.h"
#include "services/portmapper/portmapper_probe.h"
#include "services/probe_net.h"

_Static_assert(ANSWER_PEER_MAX == RPC_ADDRESS_MAX, "an answer's peer is an RPC address");

const struct rpc_summary *portmapper_summary(const struct service_answer *answer)
{
	static const struct rpc_summary empty;

	return answer->detail ? answer->detail : &empty;
}

static int detail_copy(const void *detail, void **ret_copy)
{
	const struct rpc_summary *from = detail;
	struct rpc_summary *copy = malloc(sizeof(*copy));

	if (!copy)
		return -ENOMEM;
	*copy = *from;
	copy->programs = calloc(from->count + 1, sizeof(*copy->programs));
	if (!copy->programs) {
		free(copy);
		return -ENOMEM;
	}
	if (from->count)
		memcpy(copy->programs, from->programs, from->count * sizeof(*copy->programs));
	*ret_copy = copy;
	return 0;
}

static void detail_free(void *detail)
{
	rpc_summary_free(detail);
	free(detail);
}

/* Moves summary into answer as its detail. */
static int answer_take(struct rpc_summary *summary, struct service_answer *answer)
{
	struct rpc_summary *detail = malloc(sizeof(*detail));

	if (!detail) {
		rpc_summary_free(summary);
		return -ENOMEM;
	}
	*detail = *summary;
	*answer = (struct service_answer){
		.reachable = detail->reachable,
		.request_bytes = detail->request_bytes,
		.reply_bytes = detail->reply_bytes,
		.amplification = detail->amplification,
		.probe = &portmapper_probe,
		.detail = detail,
	};
	memcpy(answer->peer, detail->peer, sizeof(answer->peer));
	return 0;
}

static int ask_local(const struct listener_list *listeners, struct service_answer *ret_answer)
{
	struct rpc_summary summary;
	int r = rpc_query_local(listeners, &summary);

	return r < 0 ? r : answer_take(&summary, ret_answer);
}

static int ask_each(const char *host, uint16_t port, unsigned int timeout_ms, struct service_address_list *ret_list)
{
	struct rpc_address_probe_list probes;
	struct service_address_list list = { 0 };
	int r = rpc_query_each(host, port, timeout_ms, &probes);

	if (r < 0)
		return r;
	list.items = calloc(probes.count + 1, sizeof(*list.items));
	if (!list.items) {
		rpc_address_probe_list_free(&probes);
		return -ENOMEM;
	}
	/* Each summary moves into its answer; answer_take frees it on failure. */
	for (size_t i = 0; i < probes.count; i++) {
		if (r == 0) {
			list.items[i].unreachable = probes.items[i].unreachable;
			r = answer_take(&probes.items[i].summary, &list.items[i].answer);
			list.count += r == 0;
		} else {
			rpc_summary_free(&probes.items[i].summary);
		}
	}
	free(probes.items);
	if (r < 0) {
		service_address_list_free(&list);
		return r;
	}
	*ret_list = list;
	return 0;
}

/* With --all-rpc, the ports of every program registered over IP. */
static size_t answer_ports(const struct service_answer *answer, uint16_t *ports, size_t max)
{
	const struct rpc_summary *summary = portmapper_summary(answer);
	size_t count = 0;

	for (size_t i = 0; i < summary->count && count < max; i++)
		ports[count++] = summary->programs[i].port;
	return count;
}

static bool answer_open(const struct service_answer *answer)
{
	const struct rpc_summary *summary = portmapper_summary(answer);

	return summary->udp_answered || summary->tcp_open;
}

/* A reply came over UDP, but not one RPC reply to our calls could be
 * read from it: something answers, and it is no portmapper we can judge. */
static bool answer_garbled(const struct service_answer *answer)
{
	const struct rpc_summary *summary = portmapper_summary(answer);

	if (summary->udp_answered || summary->tcp_open)
		return false;
	for (size_t i = 0; i < RPC_DUMP_VERSIONS; i++)
		if (summary->udp[i].status == -EBADMSG)
			return true;
	return false;
}

/* Scanners count a refusal (ICMP port unreachable over UDP, a reset
 * over TCP) as closed, just as silence. */
static const char *closed_because(const struct service_answer *answer)
{
	const struct rpc_summary *summary = portmapper_summary(answer);
	const char *refusal = probe_refusal(summary->udp[0].status);

	if (refusal)
		return refusal;
	if (summary->udp[0].status == -ETIMEDOUT)
		return summary->tcp[0].status == -ECONNREFUSED ? "UDP no reply, TCP refused" : "no reply";
	return rpc_status_text(summary->udp[0].status);
}

const struct service_probe portmapper_probe = {
	.json_key = "rpc",
	.request_bytes = RPC_DUMP_CALL_SIZE,
	.not_asked = "only systemd holds port 111 (a socket unit) and its service is not running; "
		     "a DUMP call would start it. An outsider's call would too, so the port counts as exposed.",
	.ask_local = ask_local,
	.ask_each = ask_each,
	.detail_copy = detail_copy,
	.detail_free = detail_free,
	.answer_ports = answer_ports,
	.answer_print = portmapper_answer_print,
	.answer_json = portmapper_answer_json,
	.answer_from_json = portmapper_answer_from_json,
	.answer_open = answer_open,
	.closed_because = closed_because,
	.answer_garbled = answer_garbled,
	.garbled = "answered over UDP with bytes that are no RPC reply to our call",
	.probe_print = portmapper_probe_print,
	.probe_json = portmapper_probe_json,
	.report_findings = portmapper_report_findings,
	.report_appendix = portmapper_report_appendix,
};
