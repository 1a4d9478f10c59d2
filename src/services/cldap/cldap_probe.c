/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Asks the AD DC as the scanners do: one root DSE search over UDP
 * (services/udp_ask.c), its answer read by the strict decoder of
 * cldap_wire.c until the searchResDone. */
#include "config.h"

#include <errno.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>

#include "services/cldap/cldap_probe.h"
#include "services/probe_net.h"
#include "services/udp_ask.h"

const struct cldap_detail *cldap_detail_of(const struct service_answer *answer)
{
	static const struct cldap_detail not_asked = { .status = -ENOTCONN, .dse.result_code = -1 };

	return answer->detail ? answer->detail : &not_asked;
}

bool cldap_answered(const struct cldap_detail *detail)
{
	return detail->status == 0 && detail->dse.entry;
}

struct exchange {
	uint32_t id;
	struct cldap_detail *detail;
};

static int feed(void *context, const uint8_t *datagram, size_t length)
{
	struct exchange *exchange = context;

	return cldap_reply_decode(datagram, length, exchange->id, &exchange->detail->dse);
}

static int ask_address(const struct sockaddr *address, socklen_t length, unsigned int timeout_ms,
		       struct service_answer *ret_answer)
{
	char peer[UDP_ADDRESS_MAX], service[8];
	uint8_t request[CLDAP_REQUEST_MAX];
	struct udp_result result;
	/* one byte, so the request is CLDAP_REQUEST_SIZE long */
	struct exchange exchange = { .id = 1 + net_random32() % 0x7f };
	struct cldap_detail *detail;
	int request_length, r;

	if (getnameinfo(address, length, peer, sizeof(peer), service, sizeof(service), NI_NUMERICHOST | NI_NUMERICSERV) != 0)
		return -EINVAL;
	request_length = cldap_request_encode(exchange.id, request, sizeof(request));
	if (request_length < 0)
		return request_length;
	detail = calloc(1, sizeof(*detail));
	if (!detail)
		return -ENOMEM;
	detail->dse.result_code = -1;
	exchange.detail = detail;
	r = udp_ask(peer, (uint16_t)atoi(service), request, (size_t)request_length, timeout_ms, feed, &exchange, &result);
	/* No route is no exchange; an ICMP error after the request went
	 * out (port unreachable, prohibited) is the host's answer. */
	if (r == -ENOMEM || r == -EINVAL || (udp_unreachable(r) && r != -EHOSTUNREACH)) {
		free(detail);
		return r;
	}
	/* a searchResDone without the entry is a refusal, not a leak */
	if (r == 0 && !detail->dse.entry)
		r = -EPROTO;
	detail->status = r;
	detail->datagrams = result.datagrams;
	*ret_answer = (struct service_answer){
		.reachable = r == 0 || r == -EPROTO,
		.request_bytes = (size_t)request_length,
		.reply_bytes = r == 0 || r == -EPROTO ? result.reply_bytes : 0,
		.amplification = r == 0 || r == -EPROTO ? probe_amplification(result.reply_bytes, (size_t)request_length) : 0,
		.probe = &cldap_probe,
		.detail = detail,
	};
	snprintf(ret_answer->peer, sizeof(ret_answer->peer), "%s", peer);
	return 0;
}

static int ask_local(const struct listener_list *listeners, struct service_answer *ret_answer)
{
	return probe_local(listeners, CLDAP_PORT, ask_address, ret_answer);
}

static int ask_each(const char *host, uint16_t port, unsigned int timeout_ms, struct service_address_list *ret_list)
{
	return probe_each(host, port, timeout_ms, ask_address, ret_list);
}

static bool answer_open(const struct service_answer *answer)
{
	return cldap_answered(cldap_detail_of(answer));
}

static bool answer_garbled(const struct service_answer *answer)
{
	return cldap_detail_of(answer)->status == -EBADMSG;
}

static const char *closed_because(const struct service_answer *answer)
{
	int status = cldap_detail_of(answer)->status;
	const char *refusal = probe_refusal(status);

	if (refusal)
		return refusal;
	if (status == -EPROTO)
		return "the server ends the search without the root DSE";
	return status == -ETIMEDOUT ? "no reply to a root DSE search" : probe_status_text(status);
}

const struct service_probe cldap_probe = {
	.json_key = "cldap",
	.request_bytes = CLDAP_REQUEST_SIZE,
	.not_asked = "The AD DC's CLDAP service was not asked.",
	.ask_local = ask_local,
	.ask_each = ask_each,
	.detail_size = sizeof(struct cldap_detail),
	.answer_print = cldap_answer_print,
	.answer_json = cldap_answer_json,
	.answer_from_json = cldap_answer_from_json,
	.answer_open = answer_open,
	.closed_because = closed_because,
	.answer_garbled = answer_garbled,
	.garbled = "answered on port 389/udp with bytes that are no LDAP search result to our request",
	.probe_print = cldap_probe_print,
	.probe_json = cldap_probe_json,
	.report_findings = cldap_report_findings,
	.report_appendix = cldap_report_appendix,
};
