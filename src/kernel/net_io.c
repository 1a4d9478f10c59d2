/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "kernel/net_io.h"

uint64_t net_now_ms(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (uint64_t)now.tv_sec * 1000 + (uint64_t)now.tv_nsec / 1000000;
}

/* One deadline for a whole exchange: a server that drips bytes or
 * datagrams cannot keep us waiting past it. */
int net_wait(int fd, short events, uint64_t deadline)
{
	for (;;) {
		uint64_t now = net_now_ms();
		struct pollfd poll_fd = { .fd = fd, .events = events };
		int r;

		if (now >= deadline)
			return -ETIMEDOUT;
		r = poll(&poll_fd, 1, deadline - now > INT_MAX ? INT_MAX : (int)(deadline - now));
		if (r > 0)
			return 0;
		if (r == 0)
			return -ETIMEDOUT;
		if (errno != EINTR)
			return -errno;
	}
}

int net_udp_open(const struct sockaddr *address, socklen_t length, int *ret_fd)
{
	_cleanup_close_ int fd = socket(address->sa_family, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);

	if (fd < 0 || connect(fd, address, length) < 0)
		return -errno;
	*ret_fd = TAKE_FD(fd);
	return 0;
}

int net_tcp_connect(const struct sockaddr *address, socklen_t length, unsigned int timeout_ms, int *ret_fd)
{
	_cleanup_close_ int fd = socket(address->sa_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	int error = 0, r = 0;
	socklen_t error_length = sizeof(error);

	if (fd < 0)
		return -errno;
	if (connect(fd, address, length) < 0) {
		if (errno != EINPROGRESS)
			r = -errno;
		else
			r = net_wait(fd, POLLOUT, net_now_ms() + timeout_ms);
		if (r == 0 && getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &error_length) < 0)
			r = -errno;
		if (r == 0 && error != 0)
			r = -error;
	}
	if (r < 0)
		return r;
	*ret_fd = TAKE_FD(fd);
	return 0;
}

int net_tcp_send_all(int fd, const void *bytes, size_t length, uint64_t deadline)
{
	const uint8_t *next = bytes;

	while (length > 0) {
		ssize_t sent = send(fd, next, length, MSG_NOSIGNAL);

		if (sent < 0) {
			int r = errno == EAGAIN || errno == EINTR ? net_wait(fd, POLLOUT, deadline) : -errno;

			if (r < 0)
				return r;
			continue;
		}
		next += sent;
		length -= (size_t)sent;
	}
	return 0;
}

bool net_unreachable(int error)
{
	return error == -ENETUNREACH || error == -EHOSTUNREACH || error == -EADDRNOTAVAIL ||
	       error == -EAFNOSUPPORT;
}

uint32_t net_random32(void)
{
	uint32_t value;

	if (getrandom(&value, sizeof(value), GRND_NONBLOCK) != (ssize_t)sizeof(value))
		value = (uint32_t)time(NULL) ^ (uint32_t)getpid() << 16;
	return value;
}

static int resolve_error(int error)
{
	switch (error) {
	case EAI_NONAME:
	case EAI_NODATA:
	case EAI_FAIL:
		return -ENOENT;
	case EAI_AGAIN:
		return -EAGAIN;
	case EAI_MEMORY:
		return -ENOMEM;
	case EAI_SYSTEM:
		return errno ? -errno : -EIO;
	default:
		return -EINVAL;
	}
}

int net_resolve(const char *host, uint16_t port, struct addrinfo **ret_addresses)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_DGRAM };
	char service[8];
	int r;

	snprintf(service, sizeof(service), "%u", port);
	r = getaddrinfo(host, service, &hints, ret_addresses);
	return r == 0 ? 0 : resolve_error(r);
}

bool net_seen_before(const struct addrinfo *first, const struct addrinfo *address)
{
	for (const struct addrinfo *earlier = first; earlier != address; earlier = earlier->ai_next)
		if (earlier->ai_addrlen == address->ai_addrlen &&
		    memcmp(earlier->ai_addr, address->ai_addr, address->ai_addrlen) == 0)
			return true;
	return false;
}

size_t net_local_candidates(const struct listener_list *listeners, char candidates[][NET_ADDRESS_MAX])
{
	size_t count = 0;

	snprintf(candidates[count++], NET_ADDRESS_MAX, "127.0.0.1");
	for (size_t i = 0; i < listeners->count; i++)
		if (listeners->items[i].address.family == AF_INET6) {
			snprintf(candidates[count++], NET_ADDRESS_MAX, "::1");
			break;
		}
	for (size_t i = 0; i < listeners->count && count < NET_LOCAL_CANDIDATES_MAX; i++) {
		const struct listener *listener = &listeners->items[i];
		char text[NET_ADDRESS_MAX];
		bool known = false;

		if (listener->scope == SCOPE_ANY || listener->scope == SCOPE_LOOPBACK ||
		    (listener->scope == SCOPE_LINK_LOCAL && listener->address.family == AF_INET6) ||
		    !inet_ntop(listener->address.family, listener->address.bytes, text, sizeof(text)))
			continue;
		for (size_t c = 0; c < count && !known; c++)
			known = strcmp(candidates[c], text) == 0;
		if (!known)
			snprintf(candidates[count++], NET_ADDRESS_MAX, "%s", text);
	}
	return count;
}
