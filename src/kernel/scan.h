/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What listens on a port: sockets from NETLINK_SOCK_DIAG. Who holds
 * them is owner's question (listeners.c puts the two together). */
#ifndef PORTGUARD_SCAN_H
#define PORTGUARD_SCAN_H

#include "model/model.h"

/* Every TCP listener and unconnected UDP socket on ports (each on its
 * transport), IPv4 and IPv6, filtered in the kernel, without owners
 * yet: one dump per family and transport for all ports (TCP's two
 * families in one, where the kernel takes the request for both), so
 * that the kernel walks each socket table as few times as it can
 * however many services ask.
 * Returns 0 or a negative errno (-EPROTONOSUPPORT: no inet_diag;
 * -E2BIG: more than SCAN_PORTS_MAX ports on one transport; -EINVAL:
 * the kernel refused the request). */
int scan_listeners(const struct transport_port *ports, size_t port_count, struct listener_list *ret_list);
void listener_list_free(struct listener_list *list);

struct nlmsghdr;
struct inet_diag_bc_op;

/* Distinct ports on one transport that one scan_request carries. */
#define SCAN_PORTS_MAX 256
/* Room for a scan_request of SCAN_PORTS_MAX ports (aligned as for
 * netlink). */
#define SCAN_REQUEST_SIZE 4096
/* Bytes of the filter of count ports: per port a port condition (two
 * ops) and between two ports a jump (one op). */
#define SCAN_BYTECODE_LENGTH(count) ((count) * 12 - 4)

/* The kernel's filter "source port is one of ports" as inet_diag
 * bytecode, laid out as ss compiles `sport = :A or sport = :B ...` so
 * that inet_diag_bc_audit accepts it: every op lies on the chain of
 * "yes" jumps, which the audit walks. Writes SCAN_BYTECODE_LENGTH(count)
 * bytes into ops (capacity ops of room) and returns that length, or 0
 * when count is 0 or the filter does not fit. */
size_t scan_bytecode(const uint16_t *ports, size_t count, struct inet_diag_bc_op *ops, size_t capacity);

/* The one dump scan_listeners asks for per family and transport:
 * family's sockets of transport on any of ports (TCP listening, UDP
 * unconnected), written into buffer (size bytes, aligned). family
 * AF_UNSPEC asks for TCP's of both families in one walk of the
 * kernel's table, with the older TCPDIAG_GETSOCK request (only TCP has
 * one; its replies carry that type). NULL when count is 0, for
 * AF_UNSPEC with UDP, or when the request does not fit. */
const struct nlmsghdr *scan_request(void *buffer, size_t size, int family, enum transport transport,
				    const uint16_t *ports, size_t count, unsigned int sequence);

/* Replies to one scan_request as bytes (netlink messages, 4-byte
 * aligned, as read from the socket or recorded): every socket appended
 * to list. Pure, so that recorded dumps can be parsed without the
 * kernel. Returns 1 when they end the dump (NLMSG_DONE), 0 when more
 * are to come, -EBADMSG when a message or attribute does not fit or is
 * not a socket, or the kernel's negative errno; on failure list is as
 * before. */
int scan_parse_replies(const void *bytes, size_t length, enum transport transport, struct listener_list *list);

/* true when any socket is bound beyond loopback, filtered or not */
bool listener_list_has_exposed_socket(const struct listener_list *list);

/* true when any listener is reachable from beyond loopback: bound
 * beyond it and not limited by portguard's table */
bool listener_list_exposed(const struct listener_list *list);

#endif
