/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The mDNS query the scanners send (a unicast DNS-SD PTR question from
 * a port other than 5353: RFC 6762 6.7 "legacy unicast") and the DNS
 * reply (RFC 1035 4.1), by hand so every length and every compression
 * pointer is checked: pure, no sockets, safe against any bytes. */
#ifndef PORTGUARD_MDNS_WIRE_H
#define PORTGUARD_MDNS_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MDNS_PORT 5353
/* RFC 6763 9: the types of the services a responder advertises. */
#define MDNS_SERVICES_NAME "_services._dns-sd._udp.local"
/* Whose instance name is the host name and, from avahi, the MAC. */
#define MDNS_WORKSTATION_NAME "_workstation._tcp.local"

#define DNS_HEADER_SIZE 12
#define DNS_LABEL_MAX 63
/* A name on the wire: its length bytes, labels and the root byte. */
#define DNS_NAME_MAX 255
/* As text every byte may become \DDD. */
#define MDNS_NAME_TEXT_MAX (4 * DNS_NAME_MAX + 1)
#define MDNS_QUERY_MAX (DNS_HEADER_SIZE + DNS_NAME_MAX + 4)
/* Compression pointers followed in one name; real names need one or two. */
#define MDNS_POINTER_HOPS_MAX 16
#define MDNS_NAMES_MAX 64
#define MDNS_PORTS_MAX 64

/* Encodes a question for the PTR records of name ("_ssh._tcp.local":
 * labels of 1 to 63 bytes, no escapes) with the unicast-response (QU)
 * bit clear, as the scanners ask. Returns the length written, -EINVAL
 * for a name that is none, -ENOBUFS when buffer is too small. */
int mdns_ptr_query_encode(uint16_t id, const char *name, uint8_t *buffer, size_t size);
/* The 46-byte query for MDNS_SERVICES_NAME. */
int mdns_services_query_encode(uint16_t id, uint8_t *buffer, size_t size);

/* What a responder told: the targets of the PTR records of the name
 * asked (service types for MDNS_SERVICES_NAME, instance names for a
 * type), the ports of its SRV records, how many records it sent. Names
 * are text as dig prints them: labels joined by '.', a '.' or '\' in a
 * label escaped by '\', other bytes outside printable ASCII as \DDD. */
struct mdns_reply {
	char **names;
	size_t name_count;
	uint16_t ports[MDNS_PORTS_MAX];
	size_t port_count;
	size_t records;			/* answer, authority and additional */
	size_t addresses;		/* A and AAAA records among them */
	bool truncated;			/* the TC bit: the responder left some out */
};

/* Decodes the reply to the PTR query id for name. Returns 0; -ESRCH when
 * the id does not match or the question echoed is another; -EPROTO for
 * an RCODE other than 0; -EBADMSG when malformed, truncated, a pointer
 * points forward or loops, a label or name is too long or bytes follow
 * the records; -E2BIG beyond MDNS_NAMES_MAX names or MDNS_PORTS_MAX
 * ports; -ENOMEM. On error *ret_reply is untouched. */
int mdns_reply_decode(const uint8_t *reply, size_t length, uint16_t id, const char *name,
		      struct mdns_reply *ret_reply);
void mdns_reply_free(struct mdns_reply *reply);

#endif
