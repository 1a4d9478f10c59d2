/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A UDP exchange with one deadline: a peer that drips datagrams cannot
 * keep the probe waiting past it. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
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

/* Whether from is peer's address, whatever its port. */
static bool same_host(const struct sockaddr_storage *peer, const struct sockaddr_storage *from)
{
	if (peer->ss_family != from->ss_family)
		return false;
	if (peer->ss_family == AF_INET)
		return memcmp(&((const struct sockaddr_in *)peer)->sin_addr, &((const struct sockaddr_in *)from)->sin_addr,
			      sizeof(struct in_addr)) == 0;
	return memcmp(&((const struct sockaddr_in6 *)peer)->sin6_addr, &((const struct sockaddr_in6 *)from)->sin6_addr,
		      sizeof(struct in6_addr)) == 0;
}

/* The datagrams from peer (NULL: the socket is connected to it, so
 * only its datagrams come), each fed until the answer is whole or the
 * deadline passes, or quiet_ms after the last datagram fed (0: only
 * the deadline). A datagram from another address is not counted. When
 * goodbye is set, it is sent to where the completing datagram came from. */
static int exchange(int fd, const struct sockaddr_storage *peer, uint64_t deadline, unsigned int quiet_ms,
		    udp_feed_fn feed, void *context, const uint8_t *goodbye, size_t goodbye_length,
		    struct udp_result *ret_result)
{
	/* Not static: one buffer for every ask would bind them to one thread. */
	_cleanup_free_ uint8_t *datagram = malloc(UDP_DATAGRAM_MAX);
	struct udp_result result = { 0 };
	uint64_t end = deadline;
	int r = -ETIMEDOUT;

	*ret_result = result;
	if (!datagram)
		return -ENOMEM;
	for (;;) {
		uint64_t now = net_now_ms();
		struct pollfd poll_fd = { .fd = fd, .events = POLLIN };
		struct sockaddr_storage from;
		socklen_t from_length = sizeof(from);
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
		n = recvfrom(fd, datagram, UDP_DATAGRAM_MAX, MSG_TRUNC, (struct sockaddr *)&from, &from_length);
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			r = -errno;
			/* An ICMP error after part of the answer ends the wait. */
			break;
		}
		if (peer && !same_host(peer, &from))
			continue;
		feed_result = feed(context, datagram, (size_t)n > UDP_DATAGRAM_MAX ? 0 : (size_t)n);
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
			if (goodbye)
				(void)sendto(fd, goodbye, goodbye_length, 0, (struct sockaddr *)&from, from_length);
			r = 0;
			break;
		}
	}
	if (r == -ETIMEDOUT && result.datagrams == 0 && result.garbled > 0)
		r = -EBADMSG;
	*ret_result = result;
	return r;
}

/* One request on a socket connected to address: only its datagrams come. */
static int ask_connected(const char *address, uint16_t port, const uint8_t *request, size_t length,
			 unsigned int timeout_ms, unsigned int quiet_ms, udp_feed_fn feed, void *context,
			 struct udp_result *ret_result)
{
	uint64_t deadline = net_now_ms() + timeout_ms;
	_cleanup_close_ int fd = connect_to(address, port);

	*ret_result = (struct udp_result){ 0 };
	if (fd < 0)
		return fd;
	if (send(fd, request, length, 0) != (ssize_t)length)
		return -errno;
	return exchange(fd, NULL, deadline, quiet_ms, feed, context, NULL, 0, ret_result);
}

int udp_ask(const char *address, uint16_t port, const uint8_t *request, size_t length, unsigned int timeout_ms,
	    udp_feed_fn feed, void *context, struct udp_result *ret_result)
{
	return ask_connected(address, port, request, length, timeout_ms, 0, feed, context, ret_result);
}

int udp_ask_until_quiet(const char *address, uint16_t port, const uint8_t *request, size_t length,
			unsigned int timeout_ms, unsigned int quiet_ms, udp_feed_fn feed, void *context,
			struct udp_result *ret_result)
{
	return ask_connected(address, port, request, length, timeout_ms, quiet_ms, feed, context, ret_result);
}

int udp_ask_any_port(const char *address, uint16_t port, const uint8_t *request, size_t length,
		     unsigned int timeout_ms, udp_feed_fn feed, void *context, const uint8_t *goodbye,
		     size_t goodbye_length, struct udp_result *ret_result)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_DGRAM, .ai_flags = AI_NUMERICHOST };
	uint64_t deadline = net_now_ms() + timeout_ms;
	struct addrinfo *found = NULL;
	struct sockaddr_storage peer = { 0 };
	_cleanup_close_ int fd = -EBADF;
	char service[8];
	int on = 1, r;

	*ret_result = (struct udp_result){ 0 };
	snprintf(service, sizeof(service), "%u", port);
	r = getaddrinfo(address, service, &hints, &found);
	if (r != 0)
		return r == EAI_MEMORY ? -ENOMEM : -EINVAL;
	memcpy(&peer, found->ai_addr, found->ai_addrlen < sizeof(peer) ? found->ai_addrlen : sizeof(peer));
	fd = socket(found->ai_family, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	/* An unconnected socket hears ICMP errors (port unreachable) only
	 * with RECVERR, so a closed port is still told from silence. */
	if (fd >= 0 && found->ai_family == AF_INET6)
		r = setsockopt(fd, IPPROTO_IPV6, IPV6_RECVERR, &on, sizeof(on));
	else if (fd >= 0)
		r = setsockopt(fd, IPPROTO_IP, IP_RECVERR, &on, sizeof(on));
	if (fd < 0 || r < 0 || sendto(fd, request, length, 0, found->ai_addr, found->ai_addrlen) != (ssize_t)length) {
		r = -errno;
		freeaddrinfo(found);
		return r;
	}
	freeaddrinfo(found);
	return exchange(fd, &peer, deadline, 0, feed, context, goodbye, goodbye_length, ret_result);
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
