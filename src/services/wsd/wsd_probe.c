/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Asks a WS-Discovery responder as the scanners do: one Probe with a
 * fresh MessageID to the address, and one to the group on the link
 * towards it, each reply from that address that relates to the Probe
 * read by wsd_wire.c and counted until the responder's copies are in. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "model/cidr.h"
#include "services/probe_net.h"
#include "services/wsd/wsd_probe.h"

const struct wsd_detail *wsd_detail_of(const struct service_answer *answer)
{
	static const struct wsd_detail not_asked = { .unicast.status = -ENOTCONN, .multicast.status = -ENOTCONN };

	return answer->detail ? answer->detail : &not_asked;
}

bool wsd_answered(const struct wsd_detail *detail)
{
	return detail->unicast.status == 0 || detail->multicast.status == 0;
}

const struct wsd_exchange *wsd_answering(const struct wsd_detail *detail)
{
	if (detail->unicast.status == 0)
		return &detail->unicast;
	return detail->multicast.status == 0 ? &detail->multicast : NULL;
}

static bool same_host(const struct sockaddr_storage *a, const struct sockaddr *b)
{
	if (a->ss_family != b->sa_family)
		return false;
	if (b->sa_family == AF_INET)
		return ((const struct sockaddr_in *)a)->sin_addr.s_addr == ((const struct sockaddr_in *)b)->sin_addr.s_addr;
	return memcmp(&((const struct sockaddr_in6 *)a)->sin6_addr, &((const struct sockaddr_in6 *)b)->sin6_addr,
		      sizeof(struct in6_addr)) == 0;
}

/* One Probe's replies on fd from the target's address that relate to
 * message_id: counted until WSD_COPIES_MAX came, WSD_QUIET_MS after
 * the last datagram, or the deadline. */
struct wsd_reading {
	int fd;			/* -1: this Probe was not sent */
	const char *message_id;
	struct wsd_exchange *exchange;
	uint64_t until;		/* the deadline, or the quiet's end once a reply came */
	size_t garbled;
	int error;		/* a failed receive before any reply */
	bool done;
};

/* Reads one datagram of reading (poll said it is there). Once a reply
 * has come, the quiet's end moves after each datagram read. */
static void reading_receive(struct wsd_reading *reading, const struct sockaddr *target, uint64_t deadline)
{
	static uint8_t datagram[PROBE_DATAGRAM_MAX];
	struct wsd_exchange *exchange = reading->exchange;
	struct sockaddr_storage from;
	socklen_t from_length = sizeof(from);
	struct wsd_reply reply;
	ssize_t n = recvfrom(reading->fd, datagram, sizeof(datagram), 0, (struct sockaddr *)&from, &from_length);

	if (n < 0 && errno != EAGAIN && errno != EINTR) {
		reading->done = true;
		if (!exchange->datagrams)
			reading->error = -errno;
		return;
	}
	if (n < 0 || !same_host(&from, target)) {
		/* nothing, or not from the target */
	} else if (wsd_reply_decode(datagram, (size_t)n, &reply) < 0 ||
		   (reply.relates_to.present && strcmp(reply.relates_to.text, reading->message_id) != 0)) {
		reading->garbled++;
	} else {
		if (exchange->datagrams++ == 0)
			exchange->reply = reply;
		exchange->reply_bytes += (size_t)n;
		if (exchange->datagrams >= WSD_COPIES_MAX) {
			reading->done = true;
			return;
		}
	}
	if (exchange->datagrams && net_now_ms() + WSD_QUIET_MS < deadline)
		reading->until = net_now_ms() + WSD_QUIET_MS;
}

/* The replies to both Probes (unicast and group), sent before: one wait
 * for the two instead of one after the other. Each reading's status:
 * 0 when a reply came, -EBADMSG when only garbled ones, -ETIMEDOUT, or
 * the error of its receive. */
static void replies_read(struct wsd_reading readings[2], const struct sockaddr *target, uint64_t deadline,
			 int ret_status[2])
{
	for (size_t i = 0; i < 2; i++) {
		readings[i].until = deadline;
		readings[i].done = readings[i].fd < 0;
	}
	for (;;) {
		struct pollfd fds[2];
		size_t which[2], count = 0;
		uint64_t now = net_now_ms(), until = UINT64_MAX;
		int r;

		for (size_t i = 0; i < 2; i++) {
			if (!readings[i].done && now >= readings[i].until)
				readings[i].done = true;
			if (readings[i].done)
				continue;
			if (readings[i].until < until)
				until = readings[i].until;
			fds[count] = (struct pollfd){ .fd = readings[i].fd, .events = POLLIN };
			which[count++] = i;
		}
		if (count == 0)
			break;
		r = poll(fds, count, until - now > INT_MAX ? INT_MAX : (int)(until - now));
		if (r < 0 && errno != EINTR) {
			for (size_t c = 0; c < count; c++) {
				readings[which[c]].done = true;
				if (!readings[which[c]].exchange->datagrams)
					readings[which[c]].error = -errno;
			}
			break;
		}
		for (size_t c = 0; r > 0 && c < count; c++)
			if (fds[c].revents)
				reading_receive(&readings[which[c]], target, deadline);
	}
	for (size_t i = 0; i < 2; i++) {
		if (readings[i].fd < 0)
			continue;
		ret_status[i] = readings[i].exchange->datagrams ? 0
			      : readings[i].error ? readings[i].error
			      : readings[i].garbled ? -EBADMSG : -ETIMEDOUT;
	}
}

/* The local address the route to target leaves from. */
static int source_towards(const struct sockaddr *target, socklen_t length, struct sockaddr_in *ret_source)
{
	_cleanup_close_ int fd = -1;
	socklen_t source_length = sizeof(*ret_source);
	int r = net_udp_open(target, length, &fd);

	if (r < 0)
		return r;
	if (getsockname(fd, (struct sockaddr *)ret_source, &source_length) < 0)
		return -errno;
	ret_source->sin_port = 0;
	return 0;
}

/* The Probe to the group 239.255.255.250 on the link towards target
 * (IPv4), as a host of that link sends it; the socket for the replies
 * from target into *ret_fd. */
static int send_group(const struct sockaddr *target, socklen_t length, const uint8_t *request, size_t request_length,
		      int *ret_fd)
{
	struct sockaddr_in source, group = { .sin_family = AF_INET, .sin_port = htons(WSD_PORT) };
	_cleanup_close_ int fd = -1;
	int ttl = 1, r;

	if (target->sa_family != AF_INET)
		return -ENOTCONN;
	r = source_towards(target, length, &source);
	if (r < 0)
		return r;
	if (inet_pton(AF_INET, WSD_GROUP4, &group.sin_addr) != 1)
		return -EINVAL;
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&source, sizeof(source)) < 0 ||
	    setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &source.sin_addr, sizeof(source.sin_addr)) < 0 ||
	    setsockopt(fd, IPPROTO_IP, IP_MULTICAST_TTL, &ttl, sizeof(ttl)) < 0)
		return -errno;
	if (sendto(fd, request, request_length, 0, (struct sockaddr *)&group, sizeof(group)) < 0)
		return -errno;
	*ret_fd = TAKE_FD(fd);
	return 0;
}

/* The Probe to the address, as an internet scanner sends it; the
 * socket for the replies into *ret_fd. */
static int send_unicast(const struct sockaddr *target, socklen_t length, const uint8_t *request, size_t request_length,
			int *ret_fd)
{
	_cleanup_close_ int fd = -1;
	int r = net_udp_open(target, length, &fd);

	if (r < 0)
		return r;
	if (send(fd, request, request_length, 0) < 0)
		return -errno;
	*ret_fd = TAKE_FD(fd);
	return 0;
}

static void message_id_new(char message_id[9 + WSD_UUID_TEXT + 1], char uuid[WSD_UUID_TEXT + 1])
{
	uint8_t random[16];

	for (size_t i = 0; i < sizeof(random); i += 4) {
		uint32_t value = net_random32();

		memcpy(random + i, &value, 4);
	}
	wsd_uuid_format(random, uuid);
	snprintf(message_id, 9 + WSD_UUID_TEXT + 1, "urn:uuid:%s", uuid);
}

static bool loopback(const struct sockaddr *address)
{
	if (address->sa_family == AF_INET)
		return (ntohl(((const struct sockaddr_in *)address)->sin_addr.s_addr) >> 24) == 127;
	return address->sa_family == AF_INET6 && IN6_IS_ADDR_LOOPBACK(&((const struct sockaddr_in6 *)address)->sin6_addr);
}

static int ask_address(const struct sockaddr *address, socklen_t length, unsigned int timeout_ms,
		       struct service_answer *ret_answer)
{
	char peer[NET_ADDRESS_MAX], service[8], uuid[WSD_UUID_TEXT + 1], message_id[9 + WSD_UUID_TEXT + 1],
		group_message_id[9 + WSD_UUID_TEXT + 1];
	uint8_t request[WSD_REQUEST_MAX];
	_cleanup_close_ int unicast_fd = -1, group_fd = -1;
	const struct wsd_exchange *answering;
	struct wsd_detail *detail;
	int request_length, r, status[2];

	if (getnameinfo(address, length, peer, sizeof(peer), service, sizeof(service), NI_NUMERICHOST | NI_NUMERICSERV) != 0)
		return -EINVAL;
	message_id_new(message_id, uuid);
	request_length = wsd_probe_encode(uuid, request, sizeof(request));
	if (request_length < 0)
		return -EINVAL;
	detail = calloc(1, sizeof(*detail));
	if (!detail)
		return -ENOMEM;
	detail->request_bytes = (size_t)request_length;
	detail->multicast.status = -ENOTCONN;
	r = send_unicast(address, length, request, (size_t)request_length, &unicast_fd);
	detail->unicast.status = r;
	/* No route is no exchange: nothing was sent. */
	if (r == -ENOMEM || r == -EINVAL || (net_unreachable(r) && r != -EHOSTUNREACH)) {
		free(detail);
		return r;
	}
	/* The link's hosts: wsdd serves no loopback interface. A fresh
	 * MessageID, as a second client's: wsdd drops one it has seen.
	 * Sent before either reply is awaited: the two wait together. */
	if (!loopback(address)) {
		message_id_new(group_message_id, uuid);
		request_length = wsd_probe_encode(uuid, request, sizeof(request));
		detail->multicast.status = send_group(address, length, request, (size_t)request_length, &group_fd);
	}
	replies_read((struct wsd_reading[2]){ { .fd = unicast_fd, .message_id = message_id, .exchange = &detail->unicast },
					      { .fd = group_fd, .message_id = group_message_id,
						.exchange = &detail->multicast } },
		     address, net_now_ms() + timeout_ms, status);
	if (unicast_fd >= 0)
		detail->unicast.status = status[0];
	if (group_fd >= 0)
		detail->multicast.status = status[1];
	/* A unicast Probe the network refused (no route after all): as
	 * before, no exchange, whatever the group said. */
	r = detail->unicast.status;
	if (unicast_fd >= 0 && net_unreachable(r) && r != -EHOSTUNREACH) {
		free(detail);
		return r;
	}
	answering = wsd_answering(detail);
	*ret_answer = (struct service_answer){
		.reachable = answering != NULL,
		.request_bytes = detail->request_bytes,
		.reply_bytes = answering ? answering->reply_bytes : 0,
		.amplification = answering ? probe_amplification(answering->reply_bytes, detail->request_bytes) : 0,
		.probe = &wsd_probe,
		.detail = detail,
	};
	snprintf(ret_answer->peer, sizeof(ret_answer->peer), "%s", peer);
	return 0;
}

/* Each address a listener on 3702/udp is bound to (wsdd binds one an
 * interface it serves), asked in turn; the first that answers is the
 * answer, and any public one that does makes the link's hosts outsiders.
 * A wildcard listener is asked as every service's is (probe_local). */
static int ask_local(const struct listener_list *listeners, struct service_answer *ret_answer)
{
	struct service_answer answer = { 0 };
	bool public_link = false, asked = false;
	char public_address[ANSWER_PEER_MAX] = "";
	int r;

	for (size_t i = 0; i < listeners->count; i++) {
		const struct listener *listener = &listeners->items[i];
		struct sockaddr_storage address = { 0 };
		struct service_answer one = { 0 };
		char text[NET_ADDRESS_MAX];
		socklen_t length;

		if (listener->transport != TRANSPORT_UDP || listener->port != WSD_PORT ||
		    (listener->scope != SCOPE_PUBLIC && listener->scope != SCOPE_PRIVATE))
			continue;
		if (listener->address.family == AF_INET) {
			struct sockaddr_in *in = (struct sockaddr_in *)&address;

			in->sin_family = AF_INET;
			in->sin_port = htons(WSD_PORT);
			memcpy(&in->sin_addr, listener->address.bytes, 4);
			length = sizeof(*in);
		} else {
			struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&address;

			in6->sin6_family = AF_INET6;
			in6->sin6_port = htons(WSD_PORT);
			memcpy(&in6->sin6_addr, listener->address.bytes, 16);
			length = sizeof(*in6);
		}
		ip_address_format(&listener->address, text);
		if (answer.peer[0] && strcmp(text, answer.peer) == 0)
			continue;
		r = ask_address((struct sockaddr *)&address, length, PROBE_LOCAL_TIMEOUT_MS, &one);
		if (r == -ENOMEM) {
			service_answer_free(&answer);
			return r;
		}
		if (r < 0)
			continue;
		asked = true;
		if (one.reachable && listener->scope == SCOPE_PUBLIC && !public_link) {
			public_link = true;
			snprintf(public_address, sizeof(public_address), "%s", one.peer);
		}
		if (!answer.reachable) {
			service_answer_free(&answer);
			answer = one;
		} else
			service_answer_free(&one);
	}
	if (!asked)
		return probe_local(listeners, WSD_PORT, ask_address, ret_answer);
	if (answer.detail) {
		struct wsd_detail *detail = answer.detail;

		detail->public_link = public_link;
		memcpy(detail->public_address, public_address, sizeof(detail->public_address));
	}
	*ret_answer = answer;
	return 0;
}

static int ask_each(const char *host, uint16_t port, unsigned int timeout_ms, struct service_address_list *ret_list)
{
	return probe_each(host, port, timeout_ms, ask_address, ret_list);
}

static bool answer_open(const struct service_answer *answer)
{
	return wsd_answered(wsd_detail_of(answer));
}

static bool answer_garbled(const struct service_answer *answer)
{
	const struct wsd_detail *detail = wsd_detail_of(answer);

	return !wsd_answered(detail) && (detail->unicast.status == -EBADMSG || detail->multicast.status == -EBADMSG);
}

static const char *closed_because(const struct service_answer *answer)
{
	int status = wsd_detail_of(answer)->unicast.status;
	const char *refusal = probe_refusal(status);

	if (refusal)
		return refusal;
	return status == -ETIMEDOUT ? "no ProbeMatches to a Probe" : probe_status_text(status);
}

bool wsd_answers_outsiders(const struct host *host, const struct service_answer *answer)
{
	const struct wsd_detail *detail = wsd_detail_of(answer);

	(void)host;
	/* Not asked, or silent: the listeners decide, as for any service. */
	if (!answer->detail || !wsd_answered(detail))
		return true;
	return detail->unicast.status == 0 || detail->public_link;
}

const struct service_probe wsd_probe = {
	.json_key = "wsd",
	.request_bytes = WSD_PROBE_BYTES,
	.not_asked = "wsdd was not asked.",
	.ask_local = ask_local,
	.ask_each = ask_each,
	.answer_lasts_per_process = true,
	.detail_size = sizeof(struct wsd_detail),
	.answer_print = wsd_answer_print,
	.answer_json = wsd_answer_json,
	.answer_from_json = wsd_answer_from_json,
	.answer_open = answer_open,
	.closed_because = closed_because,
	.answer_garbled = answer_garbled,
	.garbled = "answered on port 3702 with bytes that are no WS-Discovery ProbeMatches",
	.probe_print = wsd_probe_print,
	.probe_json = wsd_probe_json,
	.report_findings = wsd_report_findings,
	.report_appendix = wsd_report_appendix,
};
