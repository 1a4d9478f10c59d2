/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Asks a DNS server as the scanners do: one recursive query over UDP
 * (services/udp_ask.c), its reply read by the strict decoder of
 * dns_wire.c, then the ANY query whose reply measures the amplification. */
#include "config.h"

#include <errno.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>

#include "services/dns/dns_probe.h"
#include "services/probe_net.h"
#include "services/udp_ask.h"

const struct dns_detail *dns_detail_of(const struct service_answer *answer)
{
	static const struct dns_detail not_asked = { .recursive.status = -ENOTCONN, .any.status = -ENOTCONN };

	return answer->detail ? answer->detail : &not_asked;
}

bool dns_answered(const struct dns_detail *detail)
{
	return detail->recursive.status == 0;
}

bool dns_recurses(const struct dns_detail *detail)
{
	return dns_answered(detail) && dns_reply_recurses(&detail->recursive.reply);
}

struct exchange {
	uint16_t id;
	const char *name;
	uint16_t qtype;
	struct dns_reply *reply;
};

/* One datagram is the whole reply. */
static int feed(void *context, const uint8_t *datagram, size_t length)
{
	struct exchange *exchange = context;
	int r = dns_reply_decode(datagram, length, exchange->id, exchange->name, exchange->qtype, exchange->reply);

	return r < 0 ? r : 1;
}

static int ask_one(const char *peer, uint16_t port, const char *name, uint16_t qtype, unsigned int timeout_ms,
		   struct dns_exchange *ret_exchange)
{
	uint8_t request[DNS_QUERY_MAX];
	struct udp_result result;
	struct exchange exchange = {
		.id = (uint16_t)(1 + net_random32() % 0xfffe), .name = name, .qtype = qtype,
		.reply = &ret_exchange->reply,
	};
	int length = dns_query_encode(exchange.id, name, qtype, request, sizeof(request));
	int r;

	if (length < 0)
		return length;
	r = udp_ask(peer, port, request, (size_t)length, timeout_ms, feed, &exchange, &result);
	if (r == -ENOMEM || r == -EINVAL)
		return r;
	ret_exchange->status = r;
	ret_exchange->request_bytes = (size_t)length;
	ret_exchange->reply_bytes = r == 0 ? result.reply_bytes : 0;
	return r;
}

static int ask_address(const struct sockaddr *address, socklen_t length, unsigned int timeout_ms,
		       struct service_answer *ret_answer)
{
	char peer[UDP_ADDRESS_MAX], service[8];
	const struct dns_exchange *largest;
	struct dns_detail *detail;
	uint16_t port;
	int r;

	if (getnameinfo(address, length, peer, sizeof(peer), service, sizeof(service), NI_NUMERICHOST | NI_NUMERICSERV) != 0)
		return -EINVAL;
	port = (uint16_t)atoi(service);
	detail = calloc(1, sizeof(*detail));
	if (!detail)
		return -ENOMEM;
	detail->any.status = -ENOTCONN;
	r = ask_one(peer, port, DNS_PROBE_NAME, DNS_TYPE_A, timeout_ms, &detail->recursive);
	/* No route is no exchange; an ICMP error after the request went
	 * out (port unreachable, prohibited) is the host's answer. */
	if (r == -ENOMEM || r == -EINVAL || (udp_unreachable(r) && r != -EHOSTUNREACH)) {
		free(detail);
		return r;
	}
	/* the amplification case, only of a server that answers at all */
	if (r == 0 && ask_one(peer, port, DNS_ANY_NAME, DNS_TYPE_ANY, timeout_ms, &detail->any) == -ENOMEM) {
		free(detail);
		return -ENOMEM;
	}
	largest = &detail->recursive;
	if (detail->any.status == 0 && detail->any.reply_bytes * largest->request_bytes >
					       largest->reply_bytes * detail->any.request_bytes)
		largest = &detail->any;
	*ret_answer = (struct service_answer){
		.reachable = dns_answered(detail),
		.request_bytes = largest->request_bytes,
		.reply_bytes = largest->reply_bytes,
		.amplification = probe_amplification(largest->reply_bytes, largest->request_bytes),
		.probe = &dns_probe,
		.detail = detail,
	};
	snprintf(ret_answer->peer, sizeof(ret_answer->peer), "%s", peer);
	return 0;
}

static int ask_local(const struct listener_list *listeners, struct service_answer *ret_answer)
{
	return probe_local(listeners, DNS_PORT, ask_address, ret_answer);
}

static int ask_each(const char *host, uint16_t port, unsigned int timeout_ms, struct service_address_list *ret_list)
{
	return probe_each(host, port, timeout_ms, ask_address, ret_list);
}

/* Open is an open resolver: a server that answers but refuses to
 * recurse for us (an authoritative server, a resolver limited by its
 * own configuration) is not what scan_dns reports. */
static bool answer_open(const struct service_answer *answer)
{
	return dns_recurses(dns_detail_of(answer));
}

static bool answer_garbled(const struct service_answer *answer)
{
	return dns_detail_of(answer)->recursive.status == -EBADMSG;
}

static const char *closed_because(const struct service_answer *answer)
{
	const struct dns_detail *detail = dns_detail_of(answer);
	int status = detail->recursive.status;
	const char *refusal = probe_refusal(status);

	if (refusal)
		return refusal;
	if (status == 0 && detail->recursive.reply.rcode == DNS_RCODE_REFUSED)
		return "the server refuses to recurse for this address (REFUSED)";
	if (status == 0)
		return "the server answers but does not recurse (no RA)";
	return status == -ETIMEDOUT ? "no reply to a recursive query" : probe_status_text(status);
}

const struct service_probe dns_probe = {
	.json_key = "dns",
	/* header, the name's labels and root, type and class */
	.request_bytes = DNS_HEADER_SIZE + 1 + sizeof(DNS_PROBE_NAME) + 4,
	.not_asked = "The DNS server was not asked.",
	.ask_local = ask_local,
	.ask_each = ask_each,
	.detail_size = sizeof(struct dns_detail),
	.answer_print = dns_answer_print,
	.answer_json = dns_answer_json,
	.answer_from_json = dns_answer_from_json,
	.answer_open = answer_open,
	.closed_because = closed_because,
	.answer_garbled = answer_garbled,
	.garbled = "answered on port 53 with bytes that are no DNS reply to our query",
	.probe_print = dns_probe_print,
	.probe_json = dns_probe_json,
	.report_findings = dns_report_findings,
	.report_appendix = dns_report_appendix,
};
