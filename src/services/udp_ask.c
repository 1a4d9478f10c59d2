/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A UDP exchange with one deadline: a peer that drips datagrams cannot
 * keep the probe waiting past it. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "kernel/net_io.h"
#include "services/udp_ask.h"

/* Larger than any datagram an NTP or mDNS responder sends; a longer one
 * is cut and then refused by the decoder. */
#define UDP_DATAGRAM_MAX 65536

static int connect_to(const char *address, uint16_t port)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_DGRAM, .ai_flags = AI_NUMERICHOST };
	struct addrinfo *found = NULL;
	char service[8];
	int fd, r;

	snprintf(service, sizeof(service), "%u", port);
	r = getaddrinfo(address, service, &hints, &found);
	if (r != 0)
		return r == EAI_MEMORY ? -ENOMEM : -EINVAL;
	fd = socket(found->ai_family, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0) {
		r = -errno;
	} else if (connect(fd, found->ai_addr, found->ai_addrlen) < 0) {
		r = -errno;
		close(fd);
	} else {
		r = fd;
	}
	freeaddrinfo(found);
	return r;
}

/* quiet_ms 0: only the deadline ends the wait. */
static int exchange(const char *address, uint16_t port, const uint8_t *request, size_t length, unsigned int timeout_ms,
		    unsigned int quiet_ms, udp_feed_fn feed, void *context, struct udp_result *ret_result)
{
	static uint8_t datagram[UDP_DATAGRAM_MAX];
	uint64_t deadline = net_now_ms() + timeout_ms, end = deadline;
	struct udp_result result = { 0 };
	_cleanup_close_ int fd = connect_to(address, port);
	int r = -ETIMEDOUT;

	if (fd < 0)
		return fd;
	if (send(fd, request, length, 0) != (ssize_t)length) {
		*ret_result = result;
		return -errno;
	}
	for (;;) {
		uint64_t now = net_now_ms();
		struct pollfd poll_fd = { .fd = fd, .events = POLLIN };
		ssize_t n;
		int feed_result;

		if (now >= end) {
			r = -ETIMEDOUT;
			break;
		}
		r = poll(&poll_fd, 1, end - now > INT_MAX ? INT_MAX : (int)(end - now));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			r = r < 0 ? -errno : -ETIMEDOUT;
			break;
		}
		n = recv(fd, datagram, sizeof(datagram), MSG_TRUNC);
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			r = -errno;
			/* An ICMP error after part of the answer ends the wait. */
			break;
		}
		feed_result = feed(context, datagram, (size_t)n > sizeof(datagram) ? 0 : (size_t)n);
		if (feed_result < 0) {
			result.garbled++;
			continue;
		}
		result.datagrams++;
		result.reply_bytes += (size_t)n;
		now = net_now_ms();
		if (quiet_ms && now + quiet_ms < deadline)
			end = now + quiet_ms;
		if (feed_result > 0) {
			r = 0;
			break;
		}
	}
	if (r == -ETIMEDOUT && result.datagrams == 0 && result.garbled > 0)
		r = -EBADMSG;
	*ret_result = result;
	return r;
}

int udp_ask(const char *address, uint16_t port, const uint8_t *request, size_t length, unsigned int timeout_ms,
	    udp_feed_fn feed, void *context, struct udp_result *ret_result)
{
	return exchange(address, port, request, length, timeout_ms, 0, feed, context, ret_result);
}

int udp_ask_until_quiet(const char *address, uint16_t port, const uint8_t *request, size_t length,
			unsigned int timeout_ms, unsigned int quiet_ms, udp_feed_fn feed, void *context,
			struct udp_result *ret_result)
{
	return exchange(address, port, request, length, timeout_ms, quiet_ms, feed, context, ret_result);
}

int udp_resolve(const char *host, char (*addresses)[UDP_ADDRESS_MAX], size_t max)
{
	struct addrinfo *found = NULL;
	size_t count = 0;
	int r = net_resolve(host, 0, &found);

	if (r < 0)
		return r;
	for (const struct addrinfo *a = found; a && count < max; a = a->ai_next) {
		char text[UDP_ADDRESS_MAX];
		bool seen = false;

		if (getnameinfo(a->ai_addr, a->ai_addrlen, text, sizeof(text), NULL, 0, NI_NUMERICHOST) != 0)
			continue;
		for (size_t i = 0; i < count && !seen; i++)
			seen = strcmp(addresses[i], text) == 0;
		if (!seen)
			snprintf(addresses[count++], UDP_ADDRESS_MAX, "%s", text);
	}
	freeaddrinfo(found);
	return count ? (int)count : -ENOENT;
}

int udp_unreachable(int error)
{
	return net_unreachable(error);
}
