/* SPDX-License-Identifier: GPL-2.0-or-later */
/* An IPv4 or IPv6 address and port from the command line of a helper,
 * as a socket address. A header of its own, without config.h, so that
 * the release test can build rpc_prober.c outside a build tree. */
#ifndef PORTGUARD_TESTS_SOCKET_ADDRESS_H
#define PORTGUARD_TESTS_SOCKET_ADDRESS_H

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

static inline int socket_address_parse(const char *text, unsigned long port, struct sockaddr_storage *ret_address,
				       socklen_t *ret_length)
{
	struct sockaddr_storage address = { 0 };

	if (strchr(text, ':')) {
		struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&address;

		v6->sin6_family = AF_INET6;
		v6->sin6_port = htons((uint16_t)port);
		if (inet_pton(AF_INET6, text, &v6->sin6_addr) != 1)
			return -EINVAL;
		*ret_length = sizeof(*v6);
	} else {
		struct sockaddr_in *v4 = (struct sockaddr_in *)&address;

		v4->sin_family = AF_INET;
		v4->sin_port = htons((uint16_t)port);
		if (inet_pton(AF_INET, text, &v4->sin_addr) != 1)
			return -EINVAL;
		*ret_length = sizeof(*v4);
	}
	*ret_address = address;
	return 0;
}

#endif
