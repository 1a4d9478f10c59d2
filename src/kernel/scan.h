/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What listens on a port: sockets from NETLINK_SOCK_DIAG. Who holds
 * them is owner's question (listeners.c puts the two together). */
#ifndef PORTGUARD_SCAN_H
#define PORTGUARD_SCAN_H

#include "model/model.h"

/* Every TCP listener and unconnected UDP socket on ports (each on its
 * transport), IPv4 and IPv6, filtered in the kernel, without owners
 * yet. Returns 0 or a negative errno (-EPROTONOSUPPORT: no inet_diag). */
int scan_listeners(const struct transport_port *ports, size_t port_count, struct listener_list *ret_list);
void listener_list_free(struct listener_list *list);

struct nlmsghdr;

/* The dump scan_listeners asks for: family's sockets of transport on
 * port, written into buffer (NETLINK_REQUEST_SIZE bytes, aligned). */
const struct nlmsghdr *scan_request(void *buffer, int family, enum transport transport, uint16_t port,
				    unsigned int sequence);

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
