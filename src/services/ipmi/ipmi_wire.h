/* SPDX-License-Identifier: GPL-2.0-or-later */
/* IPMI over LAN's first exchange, as scan_ipmi sends it: an RMCP
 * datagram (class IPMI) with an IPMI 1.5 session header without
 * authentication and the App command Get Channel Authentication
 * Capabilities (0x38) for the current channel, asking for IPMI 2.0's
 * extended data; and its reply, read strictly. Pure: no I/O. */
#ifndef PORTGUARD_IPMI_WIRE_H
#define PORTGUARD_IPMI_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IPMI_PORT 623
#define IPMI_REQUEST_SIZE 23

/* What a reply says. */
struct ipmi_reply {
	uint8_t completion;		/* 0: the command was carried out */
	uint8_t auth_types;		/* IPMI 1.5's: bit 0 none, 1 MD2, 2 MD5, 4 password, 5 OEM */
	bool ipmi20;			/* the channel speaks IPMI 2.0 (RMCP+) */
	bool anonymous;			/* anonymous login is on (login status bit 0) */
};

/* The request, IPMI_REQUEST_SIZE bytes, into buffer. */
void ipmi_request_encode(uint8_t buffer[IPMI_REQUEST_SIZE]);

/* Reads one datagram as the reply to that request: RMCP version 6,
 * class IPMI, a session header of its auth type, a message from the
 * BMC for netFn App response, command 0x38, both checksums right and
 * the data within the message length. 0, or -EBADMSG. */
int ipmi_reply_decode(const uint8_t *datagram, size_t length, struct ipmi_reply *ret_reply);

#endif
