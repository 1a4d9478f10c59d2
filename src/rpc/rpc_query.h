/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Asks a portmapper over the network the way the scanners do: DUMP
 * versions 2, 3 and 4 over UDP (one retry) and over TCP. */
#ifndef PORTGUARD_RPC_QUERY_H
#define PORTGUARD_RPC_QUERY_H

#include <stdint.h>

#include "model/model.h"
#include "rpc/rpc.h"

/* A TCP reply larger than this is hostile, not a portmapper. */
#define RPC_QUERY_TCP_REPLY_MAX (1024 * 1024)

/* Asks host (IPv4, IPv6 or a name) on port. UDP waits timeout_ms for
 * replies, then asks again once; TCP gets timeout_ms to connect and
 * timeout_ms for all three replies. No answer, a refusal or a malformed
 * reply is a result, in *ret_summary (reachable false, per-version
 * status), not an error. Returns 0; -ENOENT when host has no address,
 * -EAGAIN when the name could not be resolved now, -ENETUNREACH or
 * -EHOSTUNREACH when no address can be reached, -ENOMEM. */
int rpc_query(const char *host, uint16_t port, unsigned int timeout_ms, struct rpc_summary *ret_summary);

/* One address of a name, and what it answered. */
struct rpc_address_probe {
	struct rpc_summary summary;	/* peer is always set */
	int unreachable;		/* 0, or why no exchange was possible (-EHOSTUNREACH, ...) */
};

struct rpc_address_probe_list {
	struct rpc_address_probe *items;
	size_t count;
};

/* Asks every address host resolves to, as scanners do: a name with an
 * IPv6 address that is closed and an IPv4 one that is open is open.
 * Unreachable addresses are results. Returns 0; -ENOENT, -EAGAIN or
 * -EINVAL when host does not resolve; -ENOMEM. */
int rpc_query_each(const char *host, uint16_t port, unsigned int timeout_ms, struct rpc_address_probe_list *ret_list);
void rpc_address_probe_list_free(struct rpc_address_probe_list *list);

/* Asks this host's own portmapper on port 111: at 127.0.0.1, at ::1
 * when there are IPv6 listeners, then at each address a listener is
 * bound to, until one answers. Unreachable is a result here (reachable
 * false: its registrations are unknown); returns 0 or -ENOMEM. */
int rpc_query_local(const struct listener_list *listeners, struct rpc_summary *ret_summary);

#endif
