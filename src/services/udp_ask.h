/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One UDP request as the scanners send it, and the datagrams that come
 * back from the address asked, each handed to the service's decoder
 * until it has the whole answer or the wait is over; and the addresses
 * of a name, each asked in turn by probe HOST. For the UDP services'
 * probes (NTP, mDNS); the portmapper has rpc/rpc_query.h. */
#ifndef PORTGUARD_UDP_ASK_H
#define PORTGUARD_UDP_ASK_H

#include <stddef.h>
#include <stdint.h>

#define UDP_ADDRESS_MAX 64
#define UDP_ADDRESSES_MAX 16

/* Takes one datagram of the answer: returns 1 when the answer is
 * complete, 0 when more is due, a negative errno for a datagram that is
 * no part of it (dropped, the wait goes on). */
typedef int (*udp_feed_fn)(void *context, const uint8_t *datagram, size_t length);

struct udp_result {
	size_t datagrams;	/* taken by feed */
	size_t reply_bytes;	/* their sum: what an amplifier sends back */
	size_t garbled;		/* refused by feed */
};

/* Asks address (numeric IPv4 or IPv6, "%scope" allowed) on port from an
 * ephemeral port of a socket connected to it, so only that peer's
 * datagrams count, and waits timeout_ms in all. Returns 0 when feed
 * completed the answer; -ETIMEDOUT when it did not (ret_result says
 * whether some of it came); -EBADMSG when only datagrams feed refused
 * came; -ECONNREFUSED, -EHOSTUNREACH, -ENETUNREACH, -EACCES when the
 * network said so; -EINVAL for an address that is none. */
int udp_ask(const char *address, uint16_t port, const uint8_t *request, size_t length, unsigned int timeout_ms,
	    udp_feed_fn feed, void *context, struct udp_result *ret_result);

/* udp_ask that also ends the wait quiet_ms after the last datagram feed
 * took (returning -ETIMEDOUT, as the deadline does), for an answer of
 * several datagrams that no datagram says is whole, from a responder on
 * this host that sends them all at once. Before the first, timeout_ms. */
int udp_ask_until_quiet(const char *address, uint16_t port, const uint8_t *request, size_t length,
			unsigned int timeout_ms, unsigned int quiet_ms, udp_feed_fn feed, void *context,
			struct udp_result *ret_result);

/* udp_ask for a protocol whose server answers from another port than
 * the one asked (TFTP's transfer port): the socket is not connected,
 * datagrams from any port of address count, ICMP errors still end the
 * wait. When goodbye is set and the answer is complete, goodbye is sent
 * to the port the answer came from (TFTP's ERROR that ends a transfer
 * the prober does not want). Returns as udp_ask. */
int udp_ask_any_port(const char *address, uint16_t port, const uint8_t *request, size_t length,
		     unsigned int timeout_ms, udp_feed_fn feed, void *context, const uint8_t *goodbye,
		     size_t goodbye_length, struct udp_result *ret_result);

/* The distinct numeric addresses host resolves to, up to max. Returns
 * how many; -ENOENT, -EAGAIN or -EINVAL when host does not resolve;
 * -ENOMEM. */
int udp_resolve(const char *host, char (*addresses)[UDP_ADDRESS_MAX], size_t max);

/* Whether error says the address cannot be reached at all (no route),
 * as probe HOST tells apart from a closed port. */
int udp_unreachable(int error);

#endif
