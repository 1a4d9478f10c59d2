/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The NetBIOS name service as the scanners ask it (RFC 1002 4.2.17 and
 * 4.2.18): a NODE STATUS REQUEST (NBSTAT) for the name "*" and the node
 * status response, the names the node has registered with their suffix
 * and flags, and its statistics (the unit ID, a MAC address). By hand
 * so every length is checked: pure, no sockets. The decoder is safe
 * against any bytes. */
#ifndef PORTGUARD_NETBIOS_WIRE_H
#define PORTGUARD_NETBIOS_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NETBIOS_PORT 137
/* 12 bytes of header, the encoded "*" (a length byte, 32 letters, the
 * root label) and QUESTION_TYPE NBSTAT, QUESTION_CLASS IN. */
#define NETBIOS_REQUEST_SIZE 50
/* A NetBIOS name is 15 characters and a suffix byte. */
#define NETBIOS_NAME_CHARS 15
/* NUM_NAMES is one byte. */
#define NETBIOS_NAMES_MAX 255
#define NETBIOS_MAC_SIZE 6

#define NETBIOS_TYPE_NBSTAT 0x0021
#define NETBIOS_CLASS_IN 0x0001

/* NAME_FLAGS of a node status entry (RFC 1002 4.2.18). */
#define NETBIOS_NAME_GROUP 0x8000
#define NETBIOS_NAME_ONT_MASK 0x6000
#define NETBIOS_NAME_DEREGISTER 0x1000
#define NETBIOS_NAME_CONFLICT 0x0800
#define NETBIOS_NAME_ACTIVE 0x0400
#define NETBIOS_NAME_PERMANENT 0x0200

/* The suffixes that tell what a name is (Microsoft's convention, which
 * nmbd follows): 0x00 the workstation or the group, 0x03 the messenger
 * service (a logged-on user's or the machine's own name), 0x20 the file
 * server. */
#define NETBIOS_SUFFIX_WORKSTATION 0x00
#define NETBIOS_SUFFIX_MESSENGER 0x03
#define NETBIOS_SUFFIX_SERVER 0x20

struct netbios_name {
	/* printable ASCII only, trailing blanks cut: every other byte is
	 * shown as '?', so the text is safe for a terminal and for JSON */
	char name[NETBIOS_NAME_CHARS + 1];
	uint8_t suffix;
	uint16_t flags;
};

struct netbios_status {
	uint8_t rcode;			/* 0: a node status; else the node said no */
	size_t name_count;
	struct netbios_name names[NETBIOS_NAMES_MAX];
	bool has_unit_id;		/* the statistics held at least the unit ID */
	uint8_t unit_id[NETBIOS_MAC_SIZE];	/* the MAC address, or zeros (nmbd) */
	size_t statistics_bytes;
};

/* Encodes the NBSTAT request for "*" with transaction id. Returns
 * NETBIOS_REQUEST_SIZE or -ENOBUFS. */
int netbios_status_encode(uint16_t transaction_id, uint8_t *buffer, size_t size);

/* Decodes the node status response to that request: a response to a
 * query (R set, opcode 0), no question, one answer of type NBSTAT and
 * class IN for the name "*" (with or without a scope), RDATA holding
 * NUM_NAMES entries of 18 bytes and then the statistics, and nothing
 * after it. A response with an RCODE and no answer is a result too (the
 * node answered). Returns 0; -ESRCH when the transaction id is not
 * ours; -EBADMSG when the bytes are malformed or truncated or answer
 * another question. On error *ret_status is unchanged. */
int netbios_status_decode(const uint8_t *reply, size_t length, uint16_t transaction_id,
			  struct netbios_status *ret_status);

/* What the status leaks, as Shadowserver's columns name it: the
 * machine name (the first unique name with suffix 0x00), the workgroup
 * (the first group name with suffix 0x00), and users (the unique names
 * with suffix 0x03 other than the machine's). NULL or 0 when none. */
const struct netbios_name *netbios_status_machine(const struct netbios_status *status);
const struct netbios_name *netbios_status_workgroup(const struct netbios_status *status);
/* The index-th user name, from 0; NULL past the last. */
const struct netbios_name *netbios_status_user(const struct netbios_status *status, size_t index);
/* Whether the unit ID is a MAC address (nmbd sends zeros). */
bool netbios_status_has_mac(const struct netbios_status *status);

#endif
