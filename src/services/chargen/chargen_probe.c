/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Asks the internal services as the scanners do: one byte to each
 * port over UDP through ../udp_ask.c, the first datagram that checks
 * out as the port's reply taken, its bytes against the request's. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "services/chargen/chargen_probe.h"
#include "services/probe_net.h"
#include "services/udp_ask.h"

/* xinetd answers at once; this only bounds a silent holder. */
#define LOCAL_TIMEOUT_MS 500

/* The ports asked, in the order sentences name them. */
static const uint16_t family_ports[CHARGEN_PORTS_MAX] = { CHARGEN_PORT, QOTD_PORT, ECHO_PORT, DAYTIME_PORT };

static const struct chargen_detail empty_detail = { 0 };

const struct chargen_detail *chargen_detail_of(const struct service_answer *answer)
{
	return answer->detail ? answer->detail : &empty_detail;
}

void chargen_answer_sum(struct service_answer *answer)
{
	const struct chargen_detail *detail = chargen_detail_of(answer);

	answer->reachable = false;
	answer->request_bytes = CHARGEN_REQUEST_SIZE;
	answer->reply_bytes = 0;
	answer->amplification = 0;
	for (size_t i = 0; i < detail->count; i++) {
		const struct chargen_port *port = &detail->ports[i];

		if (port->status != 0)
			continue;
		answer->reachable = true;
		/* The worst port is what an attacker would send to. */
		if (port->reply_bytes > answer->reply_bytes) {
			answer->reply_bytes = port->reply_bytes;
			answer->amplification = port->amplification;
		}
	}
}

void chargen_answered_list(const struct chargen_detail *detail, char *buffer, size_t size)
{
	size_t used = 0;

	*buffer = '\0';
	for (size_t i = 0; i < detail->count && used < size; i++) {
		if (detail->ports[i].status != 0)
			continue;
		text_format(buffer + used, size - used, "%s%s %u/udp", used ? ", " : "",
			    chargen_kind_name(detail->ports[i].kind), detail->ports[i].port);
		used += strlen(buffer + used);
	}
}

struct feed_context {
	enum chargen_kind kind;
	const uint8_t *request;
	size_t request_length;
	char *sample;
};

static int feed(void *context, const uint8_t *datagram, size_t length)
{
	struct feed_context *feed = context;
	int r = chargen_reply_check(feed->kind, feed->request, feed->request_length, datagram, length);

	if (r < 0)
		return r;
	chargen_reply_sample(datagram, length, feed->sample, CHARGEN_SAMPLE_MAX);
	return 1;
}

static void ask_port(const char *address, uint16_t port, unsigned int timeout_ms, struct chargen_port *ret_port)
{
	uint8_t request[CHARGEN_REQUEST_SIZE];
	int length = chargen_request_encode(request, sizeof(request));
	struct chargen_port answer = { .port = port, .kind = chargen_kind_of_port(port) };
	struct feed_context context = {
		.kind = answer.kind, .request = request, .request_length = (size_t)length, .sample = answer.sample,
	};
	struct udp_result result = { 0 };
	int r = udp_ask(address, port, request, (size_t)length, timeout_ms, feed, &context, &result);

	answer.status = r;
	answer.datagrams = result.datagrams;
	answer.reply_bytes = r == 0 ? result.reply_bytes : 0;
	answer.amplification = probe_amplification(answer.reply_bytes, CHARGEN_REQUEST_SIZE);
	if (r != 0)
		answer.sample[0] = '\0';
	*ret_port = answer;
}

static int answer_take(const char *address, const struct chargen_detail *detail, struct service_answer *answer)
{
	struct chargen_detail *owned = malloc(sizeof(*owned));

	if (!owned)
		return -ENOMEM;
	*owned = *detail;
	*answer = (struct service_answer){ .probe = &chargen_probe, .detail = owned };
	text_format(answer->peer, sizeof(answer->peer), "%s", address);
	chargen_answer_sum(answer);
	return 0;
}

/* Where this host's own daemon answers on port: loopback for a
 * wildcard or loopback listener, else the address it is bound to; NULL
 * when nothing listens there over UDP. */
static const char *local_address(const struct listener_list *listeners, uint16_t port, char *buffer, size_t size)
{
	const char *found = NULL;

	for (size_t i = 0; i < listeners->count; i++) {
		const struct listener *listener = &listeners->items[i];

		if (listener->transport != TRANSPORT_UDP || listener->port != port)
			continue;
		if (listener->scope == SCOPE_ANY || listener->scope == SCOPE_LOOPBACK) {
			/* a wildcard :: without v6only answers 127.0.0.1 too */
			if (listener->address.family == AF_INET || !listener->v6only)
				return "127.0.0.1";
			found = "::1";
		} else if (!found && listener->scope != SCOPE_LINK_LOCAL &&
			   inet_ntop(listener->address.family, listener->address.bytes, buffer, (socklen_t)size)) {
			found = buffer;
		}
	}
	return found;
}

static int ask_local(const struct listener_list *listeners, struct service_answer *ret_answer)
{
	struct chargen_detail detail = { .count = CHARGEN_PORTS_MAX };
	char peer[UDP_ADDRESS_MAX] = "127.0.0.1";
	bool peer_set = false, peer_answered = false;

	for (size_t i = 0; i < CHARGEN_PORTS_MAX; i++) {
		char buffer[UDP_ADDRESS_MAX];
		const char *address = local_address(listeners, family_ports[i], buffer, sizeof(buffer));

		if (!address) {
			/* nothing listens there: nothing to ask */
			detail.ports[i] = (struct chargen_port){ .port = family_ports[i],
								 .kind = chargen_kind_of_port(family_ports[i]),
								 .status = -ENOTCONN };
			continue;
		}
		ask_port(address, family_ports[i], LOCAL_TIMEOUT_MS, &detail.ports[i]);
		/* the address named is the first that answered, else the first asked */
		if (!peer_set || (!peer_answered && detail.ports[i].status == 0)) {
			text_format(peer, sizeof(peer), "%s", address);
			peer_set = true;
			peer_answered = detail.ports[i].status == 0;
		}
	}
	return answer_take(peer, &detail, ret_answer);
}

/* port, and the other three of the family when port is one of them. */
static size_t ports_for(uint16_t port, uint16_t *ports)
{
	size_t count = 0;
	bool member = chargen_kind_of_port(port) != CHARGEN_KIND_OTHER;

	ports[count++] = port;
	for (size_t i = 0; member && i < CHARGEN_PORTS_MAX; i++)
		if (family_ports[i] != port)
			ports[count++] = family_ports[i];
	return count;
}

static int ask_each(const char *host, uint16_t port, unsigned int timeout_ms, struct service_address_list *ret_list)
{
	char addresses[UDP_ADDRESSES_MAX][UDP_ADDRESS_MAX];
	struct service_address_list list = { 0 };
	uint16_t ports[CHARGEN_PORTS_MAX];
	size_t port_count = ports_for(port, ports);
	int count = udp_resolve(host, addresses, UDP_ADDRESSES_MAX);

	if (count < 0)
		return count;
	list.items = calloc((size_t)count, sizeof(*list.items));
	if (!list.items)
		return -ENOMEM;
	for (int i = 0; i < count; i++) {
		struct chargen_detail detail = { .count = port_count };
		int r;

		for (size_t p = 0; p < port_count; p++) {
			ask_port(addresses[i], ports[p], timeout_ms, &detail.ports[p]);
			/* no route: the other ports would only say the same */
			if (p == 0 && udp_unreachable(detail.ports[0].status)) {
				detail.count = 1;
				break;
			}
		}
		r = answer_take(addresses[i], &detail, &list.items[i].answer);
		if (r < 0) {
			service_address_list_free(&list);
			return r;
		}
		list.count++;
		if (udp_unreachable(detail.ports[0].status))
			list.items[i].unreachable = detail.ports[0].status;
	}
	*ret_list = list;
	return 0;
}

static bool answer_open(const struct service_answer *answer)
{
	return answer->reachable;
}

static bool answer_garbled(const struct service_answer *answer)
{
	const struct chargen_detail *detail = chargen_detail_of(answer);

	if (answer->reachable)
		return false;
	for (size_t i = 0; i < detail->count; i++)
		if (detail->ports[i].status == -EBADMSG || detail->ports[i].status == -E2BIG)
			return true;
	return false;
}

static const char *closed_because(const struct service_answer *answer)
{
	const struct chargen_detail *detail = chargen_detail_of(answer);
	const char *refusal;

	if (detail->count == 0)
		return "not asked";
	refusal = probe_refusal(detail->ports[0].status);
	return refusal ? refusal : probe_status_text(detail->ports[0].status);
}

const struct service_probe chargen_probe = {
	.json_key = "chargen",
	.request_bytes = CHARGEN_REQUEST_SIZE,
	.not_asked = "the internal services were not asked.",
	.ask_local = ask_local,
	.ask_each = ask_each,
	.detail_size = sizeof(struct chargen_detail),
	.answer_print = chargen_answer_print,
	.answer_json = chargen_answer_json,
	.answer_from_json = chargen_answer_from_json,
	.answer_open = answer_open,
	.closed_because = closed_because,
	.answer_garbled = answer_garbled,
	.garbled = "answered with bytes that are not what chargen, qotd, echo or daytime send",
	.probe_print = chargen_probe_print,
	.probe_json = chargen_probe_json,
	.report_findings = chargen_report_findings,
	.report_appendix = chargen_report_appendix,
};
