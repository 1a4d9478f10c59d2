/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Who is connected to a TCP port of this host now: the peers of its
 * established connections, from NETLINK_SOCK_DIAG (memcached's clients). */
#ifndef PORTGUARD_PEERS_H
#define PORTGUARD_PEERS_H

#include <stdint.h>

#include "model/model.h"

/* Appends the remote address of every established TCP connection
 * whose local port is port, IPv4 and IPv6, as host prefixes (an IPv4
 * peer of an IPv6 socket as IPv4). Returns 0 or a negative errno
 * (-EPROTONOSUPPORT: no inet_diag); list keeps what came before. */
int peers_established(uint16_t port, struct cidr_list *list);

#endif
