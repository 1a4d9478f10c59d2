/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Asks an IPMI-over-LAN listener as scan_ipmi does (ipmi_wire.c), and
 * words its answer for check, probe, the JSON and the report. One
 * datagram is the whole reply. */
#include "config.h"

#include <errno.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>

#include "base/json_read.h"
#include "services/ipmi/ipmi_probe.h"
#include "services/probe_net.h"
#include "services/udp_ask.h"

const struct ipmi_detail *ipmi_detail_of(const struct service_answer *answer)
{
	static const struct ipmi_detail not_asked = { .status = -ENOTCONN };

	return answer->detail ? answer->detail : &not_asked;
}

static int feed(void *context, const uint8_t *datagram, size_t length)
{
	int r = ipmi_reply_decode(datagram, length, context);

	return r < 0 ? r : 1;
}

static int ask_address(const struct sockaddr *address, socklen_t length, unsigned int timeout_ms,
		       struct service_answer *ret_answer)
{
	char peer[UDP_ADDRESS_MAX], service[8];
	uint8_t request[IPMI_REQUEST_SIZE];
	struct udp_result result = { 0 };
	struct ipmi_detail *detail;
	int r;

	if (getnameinfo(address, length, peer, sizeof(peer), service, sizeof(service), NI_NUMERICHOST | NI_NUMERICSERV) != 0)
		return -EINVAL;
	detail = calloc(1, sizeof(*detail));
	if (!detail)
		return -ENOMEM;
	ipmi_request_encode(request);
	r = udp_ask(peer, (uint16_t)atoi(service), request, sizeof(request), timeout_ms, feed, &detail->reply, &result);
	if (r == -ENOMEM || r == -EINVAL || (udp_unreachable(r) && r != -EHOSTUNREACH)) {
		free(detail);
		return r;
	}
	detail->status = r;
	detail->reply_bytes = r == 0 ? result.reply_bytes : 0;
	*ret_answer = (struct service_answer){
		.reachable = r == 0,
		.request_bytes = sizeof(request),
		.reply_bytes = detail->reply_bytes,
		.amplification = probe_amplification(detail->reply_bytes, sizeof(request)),
		.probe = &ipmi_probe,
		.detail = detail,
	};
	snprintf(ret_answer->peer, sizeof(ret_answer->peer), "%s", peer);
	return 0;
}

static int ask_local(const struct listener_list *listeners, struct service_answer *ret_answer)
{
	return probe_local(listeners, IPMI_PORT, ask_address, ret_answer);
}

static int ask_each(const char *host, uint16_t port, unsigned int timeout_ms, struct service_address_list *ret_list)
{
	return probe_each(host, port, timeout_ms, ask_address, ret_list);
}

static bool answer_open(const struct service_answer *answer)
{
	return answer->reachable;
}

static bool answer_garbled(const struct service_answer *answer)
{
	return ipmi_detail_of(answer)->status == -EBADMSG;
}

static const char *closed_because(const struct service_answer *answer)
{
	int status = ipmi_detail_of(answer)->status;
	const char *refusal = probe_refusal(status);

	if (refusal)
		return refusal;
	return status == -ETIMEDOUT ? "no reply to Get Channel Authentication Capabilities" : probe_status_text(status);
}

/* "IPMI 2.0, auth none MD5, anonymous login on" */
static void reply_format(const struct ipmi_reply *reply, char *buffer, size_t size)
{
	snprintf(buffer, size, "completion 0x%02x, IPMI %s, auth types%s%s%s%s%s%s", reply->completion,
		 reply->ipmi20 ? "2.0" : "1.5", reply->auth_types & 0x01 ? " none" : "",
		 reply->auth_types & 0x02 ? " MD2" : "", reply->auth_types & 0x04 ? " MD5" : "",
		 reply->auth_types & 0x10 ? " password" : "", reply->auth_types ? "" : " -",
		 reply->anonymous ? ", anonymous login on" : "");
}

static void answer_print(const struct service_answer *answer, FILE *out)
{
	const struct ipmi_detail *detail = ipmi_detail_of(answer);
	char reply[160];

	if (detail->status != 0) {
		fprintf(out, "IPMI at %s: %s.\n", answer->peer[0] ? answer->peer : "127.0.0.1",
			probe_status_text(detail->status));
		return;
	}
	reply_format(&detail->reply, reply, sizeof(reply));
	fprintf(out, "IPMI at %s answers Get Channel Authentication Capabilities (%zu bytes for %zu): %s.\n",
		answer->peer, answer->reply_bytes, answer->request_bytes, reply);
}

static void probe_print(const struct service_answer *answer, uint16_t port, bool open, FILE *out)
{
	answer_print(answer, out);
	if (open)
		fprintf(out, "\nVerdict: OPEN - %s answers IPMI over LAN on port %u from here.\n", answer->peer, port);
	else
		fprintf(out, "\nVerdict: closed (%s) - port %u of %s.\n", closed_because(answer), port, answer->peer);
}

static json_t *detail_json(const struct ipmi_detail *detail)
{
	return json_pack("{s:s, s:I, s:b, s:I, s:b}", "status", probe_status_text(detail->status),
			 "completion", (json_int_t)detail->reply.completion, "ipmi20", detail->reply.ipmi20,
			 "auth_types", (json_int_t)detail->reply.auth_types, "anonymous", detail->reply.anonymous);
}

static json_t *answer_json(const struct service_answer *answer, json_t *reachable)
{
	json_t *object = detail_json(ipmi_detail_of(answer));

	if (!reachable) {
		json_decref(object);
		return NULL;
	}
	return service_answer_json_sizes(object, answer, reachable);
}

static json_t *probe_json(const struct service_answer *answer)
{
	return detail_json(ipmi_detail_of(answer));
}

static int answer_from_json(const json_t *object, struct service_answer *ret_answer)
{
	struct ipmi_detail *detail = calloc(1, sizeof(*detail));
	const json_t *status = json_object_get(object, "status");
	struct service_answer answer = { .probe = &ipmi_probe };

	if (!detail)
		return -ENOMEM;
	detail->status = json_is_string(status) ? probe_status_from_text(json_string_value(status)) : -ENOTCONN;
	detail->reply.completion = (uint8_t)integer_in(object, "completion", 0, 255);
	detail->reply.auth_types = (uint8_t)integer_in(object, "auth_types", 0, 255);
	detail->reply.ipmi20 = json_is_true(json_object_get(object, "ipmi20"));
	detail->reply.anonymous = json_is_true(json_object_get(object, "anonymous"));
	answer.reachable = json_is_true(json_object_get(object, "reachable"));
	answer.request_bytes = (size_t)integer_in(object, "request_bytes", 0, 1 << 16);
	answer.reply_bytes = (size_t)integer_in(object, "reply_bytes", 0, 1 << 16);
	detail->reply_bytes = answer.reply_bytes;
	answer.amplification = probe_amplification(answer.reply_bytes, answer.request_bytes);
	text_copy_whole(object, "address", answer.peer, sizeof(answer.peer));
	answer.detail = detail;
	*ret_answer = answer;
	return 0;
}

/* Only a listener of this host is asked: its answer is what the
 * report can speak of; the BMC's is the mail's. */
static void report_findings(const struct service_answer *answer, bool local_only, bool unanswered,
			    enum language language, struct prose *prose)
{
	(void)local_only;
	(void)unanswered;
	if (ipmi_detail_of(answer)->status != 0)
		return;
	fputc('\n', prose->out);
	prose_paragraph(prose, 2, IN(language,
		"Ein Prozess dieses Servers selbst beantwortete auf Port 623/udp eine IPMI-Anfrage (Get Channel Authentication Capabilities, %zu Byte auf %zu Byte).",
		"A process of this server itself answered an IPMI request on port 623/udp (Get Channel Authentication Capabilities, %zu bytes for %zu bytes)."),
		answer->reply_bytes, answer->request_bytes);
}

static bool report_appendix(const struct service_answer *answer, char letter, bool before, struct prose *prose)
{
	const struct ipmi_detail *detail = ipmi_detail_of(answer);
	char reply[160];

	(void)before;
	if (detail->status != 0)
		return false;
	reply_format(&detail->reply, reply, sizeof(reply));
	prose_paragraph(prose, 0, "%c. %s", letter, "IPMI-Antwort dieses Servers / IPMI answer of this server:");
	prose_line(prose, "  Get Channel Authentication Capabilities: %s, %zu bytes", reply, detail->reply_bytes);
	fputc('\n', prose->out);
	return true;
}

const struct service_probe ipmi_probe = {
	.json_key = "ipmi",
	.request_bytes = IPMI_REQUEST_SIZE,
	.not_asked = "Nothing of this host was asked on 623/udp.",
	.ask_local = ask_local,
	.ask_each = ask_each,
	.detail_size = sizeof(struct ipmi_detail),
	.answer_print = answer_print,
	.answer_json = answer_json,
	.answer_from_json = answer_from_json,
	.answer_open = answer_open,
	.closed_because = closed_because,
	.answer_garbled = answer_garbled,
	.garbled = "answered on port 623 with bytes that are no IPMI reply to our request",
	.probe_print = probe_print,
	.probe_json = probe_json,
	.report_findings = report_findings,
	.report_appendix = report_appendix,
};
