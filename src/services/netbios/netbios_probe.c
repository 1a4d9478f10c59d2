/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Asks nmbd as the scanners do: one node status request for "*" over
 * UDP (services/udp_ask.c), its answer read by the strict decoder of
 * netbios_wire.c. */
#include "config.h"

#include <errno.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>

#include "services/netbios/netbios_probe.h"
#include "services/probe_net.h"
#include "services/udp_ask.h"

const struct netbios_detail *netbios_detail_of(const struct service_answer *answer)
{
	static const struct netbios_detail not_asked = { .status = -ENOTCONN };

	return answer->detail ? answer->detail : &not_asked;
}

bool netbios_answered(const struct netbios_detail *detail)
{
	return detail->status == 0;
}

struct exchange {
	uint16_t id;
	struct netbios_detail *detail;
};

/* One datagram is the whole answer. */
static int feed(void *context, const uint8_t *datagram, size_t length)
{
	struct exchange *exchange = context;
	int r = netbios_status_decode(datagram, length, exchange->id, &exchange->detail->node);

	return r < 0 ? r : 1;
}

static int ask_address(const struct sockaddr *address, socklen_t length, unsigned int timeout_ms,
		       struct service_answer *ret_answer)
{
	char peer[UDP_ADDRESS_MAX], service[8];
	uint8_t request[NETBIOS_REQUEST_SIZE];
	struct udp_result result;
	struct exchange exchange = { .id = (uint16_t)(1 + net_random32() % 0xfffe) };
	struct netbios_detail *detail;
	int r;

	if (getnameinfo(address, length, peer, sizeof(peer), service, sizeof(service), NI_NUMERICHOST | NI_NUMERICSERV) != 0)
		return -EINVAL;
	detail = calloc(1, sizeof(*detail));
	if (!detail)
		return -ENOMEM;
	exchange.detail = detail;
	netbios_status_encode(exchange.id, request, sizeof(request));
	r = udp_ask(peer, (uint16_t)atoi(service), request, sizeof(request), timeout_ms, feed, &exchange, &result);
	/* No route is no exchange; an ICMP error after the request went
	 * out (port unreachable, prohibited) is the host's answer. */
	if (r == -ENOMEM || r == -EINVAL || (udp_unreachable(r) && r != -EHOSTUNREACH)) {
		free(detail);
		return r;
	}
	detail->status = r;
	detail->datagrams = result.datagrams;
	*ret_answer = (struct service_answer){
		.reachable = r == 0,
		.request_bytes = NETBIOS_REQUEST_SIZE,
		.reply_bytes = r == 0 ? result.reply_bytes : 0,
		.amplification = r == 0 ? probe_amplification(result.reply_bytes, NETBIOS_REQUEST_SIZE) : 0,
		.probe = &netbios_probe,
		.detail = detail,
	};
	snprintf(ret_answer->peer, sizeof(ret_answer->peer), "%s", peer);
	return 0;
}

static int ask_local(const struct listener_list *listeners, struct service_answer *ret_answer)
{
	return probe_local(listeners, NETBIOS_PORT, ask_address, ret_answer);
}

static int ask_each(const char *host, uint16_t port, unsigned int timeout_ms, struct service_address_list *ret_list)
{
	return probe_each(host, port, timeout_ms, ask_address, ret_list);
}

static bool answer_open(const struct service_answer *answer)
{
	return netbios_answered(netbios_detail_of(answer));
}

static bool answer_garbled(const struct service_answer *answer)
{
	return netbios_detail_of(answer)->status == -EBADMSG;
}

static const char *closed_because(const struct service_answer *answer)
{
	int status = netbios_detail_of(answer)->status;
	const char *refusal = probe_refusal(status);

	if (refusal)
		return refusal;
	return status == -ETIMEDOUT ? "no reply to a node status request" : probe_status_text(status);
}

const struct service_probe netbios_probe = {
	.json_key = "netbios",
	.request_bytes = NETBIOS_REQUEST_SIZE,
	.not_asked = "nmbd was not asked.",
	.ask_local = ask_local,
	.ask_each = ask_each,
	.detail_size = sizeof(struct netbios_detail),
	.answer_print = netbios_answer_print,
	.answer_json = netbios_answer_json,
	.answer_from_json = netbios_answer_from_json,
	.answer_open = answer_open,
	.closed_because = closed_because,
	.answer_garbled = answer_garbled,
	.garbled = "answered on port 137 with bytes that are no NetBIOS node status response to our request",
	.probe_print = netbios_probe_print,
	.probe_json = netbios_probe_json,
	.report_findings = netbios_report_findings,
	.report_appendix = netbios_report_appendix,
};
