/* SPDX-License-Identifier: GPL-2.0-or-later */
/* DNS as the scanners ask a resolver (RFC 1035): one recursive query
 * (RD set) for a name outside any local zone, and the reply's header,
 * question and records. By hand so that every length is checked and
 * every compression pointer bounded: pure, no sockets. The decoder is
 * safe against any bytes. */
#ifndef PORTGUARD_DNS_WIRE_H
#define PORTGUARD_DNS_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DNS_PORT 53
#define DNS_HEADER_SIZE 12
/* RFC 1035 2.3.4: a name is at most 255 bytes on the wire, a label 63. */
#define DNS_NAME_MAX 255
#define DNS_LABEL_MAX 63
/* Text of a name: the labels joined with dots, at most 253 characters
 * and the final dot. */
#define DNS_NAME_TEXT_MAX 256
/* How many compression pointers one name may follow: each must point
 * before the one that led to it, so a name of 255 bytes needs at most
 * 127; more is a loop in disguise. */
#define DNS_POINTERS_MAX 127
/* The largest request: header, a name, type and class. */
#define DNS_QUERY_MAX (DNS_HEADER_SIZE + DNS_NAME_MAX + 4)
/* Records kept of the answer section (the rest are decoded and counted). */
#define DNS_RECORDS_MAX 8
#define DNS_RDATA_TEXT_MAX 64

#define DNS_TYPE_A 1
#define DNS_TYPE_NS 2
#define DNS_TYPE_CNAME 5
#define DNS_TYPE_SOA 6
#define DNS_TYPE_AAAA 28
#define DNS_TYPE_OPT 41
#define DNS_TYPE_ANY 255
#define DNS_CLASS_IN 1

#define DNS_RCODE_NOERROR 0
#define DNS_RCODE_FORMERR 1
#define DNS_RCODE_SERVFAIL 2
#define DNS_RCODE_NXDOMAIN 3
#define DNS_RCODE_NOTIMP 4
#define DNS_RCODE_REFUSED 5

/* The name the probe asks for, as Shadowserver asks for a name of its
 * own: one no local zone of the asked server holds, under a domain that
 * exists (IANA's example.com), so only a server that recurses for the
 * asker answers it (NOERROR or NXDOMAIN), or fails trying (SERVFAIL). */
#define DNS_PROBE_NAME "portguard-probe.example.com"

struct dns_record {
	uint16_t type;
	uint16_t rclass;
	uint32_t ttl;
	uint16_t rdata_bytes;
	/* A and AAAA: the address; CNAME and NS: the name; else "" */
	char text[DNS_RDATA_TEXT_MAX];
};

struct dns_reply {
	uint16_t id;
	bool authoritative;		/* AA */
	bool truncated;			/* TC */
	bool recursion_desired;		/* RD, echoed */
	bool recursion_available;	/* RA */
	uint8_t opcode;
	uint8_t rcode;
	uint16_t question_count;	/* 0 or 1: the question echoed */
	uint16_t answer_count;		/* ANCOUNT, every record decoded */
	uint16_t authority_count;
	uint16_t additional_count;
	size_t records_kept;		/* of the answer section, up to DNS_RECORDS_MAX */
	struct dns_record records[DNS_RECORDS_MAX];
};

/* Encodes a standard query with RD set for name (dotted, an optional
 * final dot) of qtype, class IN, no EDNS. Returns the query's length,
 * -EINVAL for a name that is none (an empty label, a label over 63
 * bytes, over 255 in all), -ENOBUFS when buffer is too small. */
int dns_query_encode(uint16_t id, const char *name, uint16_t qtype, uint8_t *buffer, size_t size);

/* Decodes a reply to the query of id for name and qtype: QR set, the
 * same opcode (0), the question echoed (or none, as a FORMERR or
 * REFUSED may give), every record of every section within the datagram
 * with its RDLENGTH, every name within 255 bytes and its pointers each
 * pointing before the last (a loop is refused), nothing after the last
 * record. Returns 0 or -EBADMSG; on error *ret_reply is unchanged. */
int dns_reply_decode(const uint8_t *reply, size_t length, uint16_t id, const char *name, uint16_t qtype,
		     struct dns_reply *ret_reply);

/* The name at offset of message into text (DNS_NAME_TEXT_MAX bytes,
 * "." for the root), with *ret_end the offset after its bytes where it
 * stands (not where pointers led). Returns 0 or -EBADMSG. */
int dns_name_decode(const uint8_t *message, size_t length, size_t offset, char *text, size_t *ret_end);

/* Whether the reply shows that the server recursed for the asker:
 * recursion available and NOERROR, NXDOMAIN or SERVFAIL (it tried and
 * found no upstream: still a resolver for strangers). REFUSED, or no
 * RA, is a server that does not resolve for us. */
bool dns_reply_recurses(const struct dns_reply *reply);

/* "NOERROR", "SERVFAIL", ...; "?" for another. */
const char *dns_rcode_name(uint8_t rcode);
/* "A", "AAAA", "ANY", ...; NULL for another. */
const char *dns_type_name(uint16_t type);

#endif
