/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Asks a TFTP server as the scanners do: a read request over UDP
 * (services/udp_ask.c), the reply taken from whatever port the server
 * answers from (its transfer port, RFC 1350 4) and read by the strict
 * decoder of tftp_wire.c. */
#include "config.h"

#include <errno.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>

#include "services/probe_net.h"
#include "services/tftp/tftp_probe.h"
#include "services/udp_ask.h"

const struct tftp_detail *tftp_detail_of(const struct service_answer *answer)
{
	static const struct tftp_detail not_asked = { .missing.status = -ENOTCONN, .boot.status = -ENOTCONN };

	return answer->detail ? answer->detail : &not_asked;
}

bool tftp_answered(const struct tftp_detail *detail)
{
	return detail->missing.status == 0 || detail->boot.status == 0;
}

bool tftp_serves_boot_file(const struct tftp_detail *detail)
{
	return detail->boot.status == 0 && detail->boot.reply.opcode != TFTP_OPCODE_ERROR;
}

const struct tftp_exchange *tftp_largest(const struct tftp_detail *detail)
{
	const struct tftp_exchange *largest = NULL;

	if (detail->missing.status == 0)
		largest = &detail->missing;
	/* the larger ratio of reply to request: a * d > c * b for a/b > c/d */
	if (detail->boot.status == 0 && detail->boot.request_bytes &&
	    (!largest || detail->boot.reply_bytes * largest->request_bytes > largest->reply_bytes * detail->boot.request_bytes))
		largest = &detail->boot;
	return largest;
}

/* One datagram is the whole reply. */
static int feed(void *context, const uint8_t *datagram, size_t length)
{
	int r = tftp_reply_decode(datagram, length, context);

	return r < 0 ? r : 1;
}

/* One read request for file; the transfer a DATA or OACK starts is
 * ended at once. Returns what udp_ask_any_port returns. */
static int ask_file(const char *peer, uint16_t port, const char *file, unsigned int timeout_ms,
		    struct tftp_exchange *exchange)
{
	uint8_t request[TFTP_REQUEST_MAX], goodbye[32];
	struct udp_result result;
	int length = tftp_request_encode(file, request, sizeof(request));
	int goodbye_length = tftp_abort_encode(goodbye, sizeof(goodbye));
	int r;

	if (length < 0 || goodbye_length < 0)
		return -EINVAL;
	exchange->request_bytes = (size_t)length;
	r = udp_ask_any_port(peer, port, request, (size_t)length, timeout_ms, feed, &exchange->reply, goodbye,
			     (size_t)goodbye_length, &result);
	/* an ERROR needs no goodbye, but one more is harmless: the server
	 * answers a datagram for a transfer it ended with nothing */
	exchange->status = r;
	exchange->reply_bytes = r == 0 ? result.reply_bytes : 0;
	return r;
}

static int ask_address(const struct sockaddr *address, socklen_t length, unsigned int timeout_ms,
		       struct service_answer *ret_answer)
{
	char peer[UDP_ADDRESS_MAX], service[8];
	const struct tftp_exchange *largest;
	struct tftp_detail *detail;
	uint16_t port;
	int r;

	if (getnameinfo(address, length, peer, sizeof(peer), service, sizeof(service), NI_NUMERICHOST | NI_NUMERICSERV) != 0)
		return -EINVAL;
	port = (uint16_t)atoi(service);
	detail = calloc(1, sizeof(*detail));
	if (!detail)
		return -ENOMEM;
	detail->boot.status = -ENOTCONN;
	r = ask_file(peer, port, TFTP_MISSING_FILE, timeout_ms, &detail->missing);
	/* No route is no exchange; an ICMP error after the request went
	 * out (port unreachable, prohibited) is the host's answer. */
	if (r == -ENOMEM || r == -EINVAL || (udp_unreachable(r) && r != -EHOSTUNREACH)) {
		free(detail);
		return r;
	}
	/* the amplification case, only of a server that answers at all */
	if (r == 0 && ask_file(peer, port, TFTP_BOOT_FILE, timeout_ms, &detail->boot) == -ENOMEM) {
		free(detail);
		return -ENOMEM;
	}
	largest = tftp_largest(detail);
	*ret_answer = (struct service_answer){
		.reachable = tftp_answered(detail),
		.request_bytes = largest ? largest->request_bytes : detail->missing.request_bytes,
		.reply_bytes = largest ? largest->reply_bytes : 0,
		.amplification = largest ? probe_amplification(largest->reply_bytes, largest->request_bytes) : 0,
		.probe = &tftp_probe,
		.detail = detail,
	};
	snprintf(ret_answer->peer, sizeof(ret_answer->peer), "%s", peer);
	return 0;
}

static int ask_local(const struct listener_list *listeners, struct service_answer *ret_answer)
{
	return probe_local(listeners, TFTP_PORT, ask_address, ret_answer);
}

static int ask_each(const char *host, uint16_t port, unsigned int timeout_ms, struct service_address_list *ret_list)
{
	return probe_each(host, port, timeout_ms, ask_address, ret_list);
}

static bool answer_open(const struct service_answer *answer)
{
	return tftp_answered(tftp_detail_of(answer));
}

static bool answer_garbled(const struct service_answer *answer)
{
	return tftp_detail_of(answer)->missing.status == -EBADMSG;
}

static const char *closed_because(const struct service_answer *answer)
{
	int status = tftp_detail_of(answer)->missing.status;
	const char *refusal = probe_refusal(status);

	if (refusal)
		return refusal;
	return status == -ETIMEDOUT ? "no reply to a read request" : probe_status_text(status);
}

const struct service_probe tftp_probe = {
	.json_key = "tftp",
	.request_bytes = 2 + sizeof(TFTP_MISSING_FILE) + sizeof("octet"),
	.not_asked = "in.tftpd was not asked.",
	.ask_local = ask_local,
	.ask_each = ask_each,
	.detail_size = sizeof(struct tftp_detail),
	.answer_print = tftp_answer_print,
	.answer_json = tftp_answer_json,
	.answer_from_json = tftp_answer_from_json,
	.answer_open = answer_open,
	.closed_because = closed_because,
	.answer_garbled = answer_garbled,
	.garbled = "answered on port 69 with bytes that are no TFTP reply to a read request",
	.probe_print = tftp_probe_print,
	.probe_json = tftp_probe_json,
	.report_findings = tftp_report_findings,
	.report_appendix = tftp_report_appendix,
};
