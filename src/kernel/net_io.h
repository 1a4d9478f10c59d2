/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What every probe of a daemon over the network needs, whatever its
 * protocol (the portmapper's DUMP in rpc/, the next services' in
 * services/): one deadline for a whole exchange, connected UDP sockets
 * that hear ICMP refusals, TCP within a timeout, the addresses of a
 * name, and where this host's own daemon can be asked. */
#ifndef PORTGUARD_NET_IO_H
#define PORTGUARD_NET_IO_H

#include <netdb.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "model/model.h"

/* A numeric address with room for an IPv6 scope. */
#define NET_ADDRESS_MAX 64

uint64_t net_now_ms(void);

/* Waits for events on fd until deadline (net_now_ms() based). Returns
 * 0, -ETIMEDOUT or a negative errno. */
int net_wait(int fd, short events, uint64_t deadline);

/* A non-blocking UDP socket connected to address, so that an ICMP port
 * unreachable comes back as -ECONNREFUSED. */
int net_udp_open(const struct sockaddr *address, socklen_t length, int *ret_fd);
/* A non-blocking TCP connection within timeout_ms (or of any stream
 * socket: a unix one connects at once or fails). Returns 0,
 * -ETIMEDOUT, -ECONNREFUSED or another negative errno. */
int net_tcp_connect(const struct sockaddr *address, socklen_t length, unsigned int timeout_ms, int *ret_fd);
int net_tcp_send_all(int fd, const void *bytes, size_t length, uint64_t deadline);

/* No exchange with the address is possible (no route, no such family). */
bool net_unreachable(int error);

/* 32 random bits for request ids. */
uint32_t net_random32(void);

/* host (IPv4, IPv6 or a name) on port, for UDP and TCP alike. Returns
 * 0; -ENOENT when host has no address, -EAGAIN when the name could not
 * be resolved now, -EINVAL, -ENOMEM. */
int net_resolve(const char *host, uint16_t port, struct addrinfo **ret_addresses);
/* address came before in the list from first: asked once is enough. */
bool net_seen_before(const struct addrinfo *first, const struct addrinfo *address);

/* Where this host's own daemon can be asked: loopback first (a wildcard
 * listener answers there), ::1 when there are IPv6 listeners, then each
 * address a listener is bound to, for a daemon that listens on a LAN or
 * public address only. A link-local IPv6 address needs its interface,
 * which the scan does not keep: it is left out. Returns how many, at
 * most NET_LOCAL_CANDIDATES_MAX. */
#define NET_LOCAL_CANDIDATES_MAX 8
size_t net_local_candidates(const struct listener_list *listeners, char candidates[][NET_ADDRESS_MAX]);

#endif
