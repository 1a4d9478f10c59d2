/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Who is connected to a TCP port of this host now: the peers of its
 * established connections, from NETLINK_SOCK_DIAG (memcached's clients). */
#ifndef PORTGUARD_PEERS_H
#define PORTGUARD_PEERS_H

#include <stdint.h>

#include "model/model.h"

/* The families of connections to dump; combined with |. Each is one
 * walk of the kernel's TCP table: a caller asks only for those its
 * listeners can have. */
enum {
	PEERS_IPV4 = 1u << 0,
	/* IPv6 sockets: an IPv6 listener's IPv4 clients (mapped) too. */
	PEERS_IPV6 = 1u << 1,
};

/* Appends the remote address of every established TCP connection
 * whose local port is port, of the families asked for, as host prefixes
 * (an IPv4 peer of an IPv6 socket as IPv4). No family: nothing asked,
 * no dump. Returns 0 or a negative errno (-EPROTONOSUPPORT: no
 * inet_diag); list keeps what came before. */
int peers_established(uint16_t port, unsigned int families, struct cidr_list *list);

#endif
